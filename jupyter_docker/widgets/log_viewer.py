"""A live log viewer: follows a container's logs in a thread, never blocking the kernel.

The reader thread fills a bounded `LineBuffer`; the painter redraws at most ten times a second,
so a container printing very fast freezes neither the kernel nor the browser. How it ends, and
the status line saying why, comes from `LiveWidget`.
"""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as w

from ..engine import Engine
from ..streams.feed import ENGINE_GONE, open_feed
from ..streams.logstream import frames_of, log_params, open_logs, settle
from .ansi import ansi_to_html
from .line_buffer import STDERR, LineBuffer
from .live import LiveWidget, match_count

SHOWN_LINES = 500  # lines drawn in the page (the buffer keeps more, for search and analysis)


def line_html(n: int, stream: int, text: str) -> str:
    """One line drawn: a `div` with its number (`data-seq`, what the view anchors on), stderr
    in red, ANSI colours kept, everything escaped."""
    if stream == STDERR:
        return f'<div class="jd-stderr" data-seq="{n}" style="color:#c23">{ansi_to_html(text)}</div>'
    return f'<div data-seq="{n}">{ansi_to_html(text) or " "}</div>'


def lines_html(numbered: list[tuple[int, tuple[int, str]]], searching: bool = False,
               cache: dict[int, str] | None = None) -> str:
    """The lines drawn; `cache` (number -> HTML, of the last paint) spares converting again the
    lines drawn last time, and is left holding exactly these."""
    if not numbered:
        return ('<div class="jd-follow-empty">'
                f'{"no line matches" if searching else "no lines yet"}</div>')
    done = {} if cache is None else cache
    rows = {n: done.get(n) or line_html(n, stream, text) for n, (stream, text) in numbered}
    if cache is not None:
        cache.clear()
        cache.update(rows)
    return f'<div class="jd-follow-lines">{"".join(rows.values())}</div>'


class LogViewer(LiveWidget):
    """`%docker logs -f NAME` in a notebook: live lines, follow/pause, search, Stop."""

    kind = "logs"
    css = "jd-log"

    def __init__(self, engine: Engine, container: str, *, max_lines: int | None = None,
                 **flags: Any) -> None:
        self.container = container
        feed, tty, name = open_logs(engine, container, log_params(follow=True, **flags))
        self._build(engine, name, max_lines)
        self.follow(feed, frames_of(feed, tty), lambda frame: self.buffer.feed(*frame),
                    self._ended, container)
        self.start()

    def _build(self, engine: Engine, subject: str, max_lines: int | None) -> None:
        self.engine = engine
        self.buffer = LineBuffer(max_lines)  # default: %config DockerMagics.log_lines
        self._drawn: dict[int, str] = {}  # the lines of the last paint, as HTML
        from .follow import FollowView

        self.lines_view = FollowView(noun="line")
        self.lines_view.add_class("jd-log-lines")
        self.lines_view.observe(lambda _: self.paint(force=True), "hold")
        self.pause_button = w.ToggleButton(description="Pause", icon="pause",
                                           tooltip="Pause repainting (lines are still kept)")
        self.search = w.Text(placeholder="search", layout=w.Layout(width="14em"))
        self.search.add_class("jd-log-search")
        # apart from the status, on one line (it would wrap in a narrow toolbar)
        self.matches = w.HTML(layout=w.Layout(margin="0 1.5em 0 0", flex="0 0 auto"))
        self.matches.add_class("jd-log-matches")
        self.pause_button.observe(self._on_pause, "value")
        self.search.observe(lambda _: self.paint(force=True), "value")
        super().__init__(subject, [self.pause_button, self.search, self.matches],
                         [self.lines_view])

    def _ended(self) -> str:
        """The stream ran out: the container stopped, unless the engine itself is leaving
        (a graceful shutdown stops the containers first, then ends the streams)."""
        self.buffer.flush()
        if not self.engine.answers():
            return f"{ENGINE_GONE} (it stopped the container on its way out)"
        settle(self.engine, self.container)  # so it is "stopped" for the engine too
        return "the container stopped"

    # ----------------------------------------------------------------- drawing
    _painted = -1

    def paint(self, force: bool = False) -> None:
        if self.pause_button.value and not force:
            return
        version = self.buffer.version
        if version == self._painted and not force:
            return
        self._painted = version
        first, lines = self.buffer.numbered()
        numbered = list(enumerate(lines, first))
        needle = self.search.value
        if needle:
            numbered = [(n, line) for n, line in numbered if needle in line[1]]
        self.matches.value = match_count(len(numbered)) if needle else ""
        self.lines_view.value = lines_html(self.lines_view.window(numbered, SHOWN_LINES),
                                           bool(needle), self._drawn)
        self.lines_view.received = self.buffer.received
        dropped = f", {self.buffer.dropped} older dropped" if self.buffer.dropped else ""
        self.show_status(f"{self.buffer.received} lines{dropped}",
                         "paused" if self.pause_button.value else "following")

    def _on_pause(self, change: dict) -> None:
        self.pause_button.description = "Follow" if change["new"] else "Pause"
        self.pause_button.icon = "play" if change["new"] else "pause"
        self.paint(force=True)

    def end(self, reason: str) -> None:
        super().end(reason)
        self.pause_button.disabled = True


class ServiceLogViewer(LogViewer):
    """`%docker service logs -f NAME` in a notebook: every task's lines, after their task
    (`web.1.<task id>@node    | ...`), live. The engine keeps a service's log stream open
    after the service is gone, so a second stream, of the service's events, ends the viewer
    when it is removed."""

    kind = "service-logs"

    def __init__(self, engine: Engine, service: str, *, max_lines: int | None = None,
                 **how: Any) -> None:
        from ..streams.service_logs import open_service_logs

        self.service = service
        feed, frames, name = open_service_logs(engine, service, follow=True, **how)
        self._build(engine, f"service {name}", max_lines)
        self.follow(feed, frames, lambda frame: self.buffer.feed(*frame), self._ended, name)
        events = open_feed(engine, "/events", params={"filters": json.dumps(
            {"type": ["service"], "service": [name]})})
        self.follow(events, events.messages(), self._on_event, lambda: None, f"{name}-events")
        self.start()

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("Action") == "remove":
            self.end("the service was removed")

    def _ended(self) -> str:
        self.buffer.flush()
        if not self.engine.answers():
            return ENGINE_GONE
        return "the service was removed"
