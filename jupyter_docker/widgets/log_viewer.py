"""A live log viewer: follows a container's logs in a thread, never blocking the kernel.

The reader thread fills a bounded `LineBuffer`; a painter thread redraws at most ten times a
second, so a container printing very fast freezes neither the kernel nor the browser. It ends on
its own when the container stops, on Stop, when the widget is closed, when the same cell runs a
new viewer, or when the engine goes away; its status line says which.
"""

from __future__ import annotations

import html
import socket
import threading
import time
from typing import Any, ClassVar

import ipywidgets as w

from ..engine import Engine
from ..logstream import log_params, open_logs, split_frames
from .ansi import ansi_to_html
from .line_buffer import STDERR, STDOUT, LineBuffer

PAINT_INTERVAL = 0.1  # seconds: at most 10 updates per second reach the browser
SHOWN_LINES = 500  # lines drawn in the page (the buffer keeps more, for search and analysis)


def _shut(response: Any) -> None:
    """Unblock a reader thread stuck in recv on this response's socket, then close it."""
    sock = getattr(getattr(getattr(getattr(response.raw, "_fp", None), "fp", None), "raw", None),
                   "_sock", None)
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    response.close()


def _cell_key(container: str) -> str:
    """The running cell's id when the frontend sends one (JupyterLab does), else the container."""
    try:
        from IPython import get_ipython

        parent = get_ipython().kernel.get_parent()  # type: ignore[union-attr]
        return str(parent["metadata"].get("cellId") or container)
    except Exception:
        return container


class LogViewer(w.VBox):
    """`%docker logs -f NAME` in a notebook: live lines, follow/pause, search, Stop."""

    live: ClassVar[dict[str, "LogViewer"]] = {}
    max_lines: ClassVar[int] = 10_000  # lines kept; `LogViewer.max_lines = N` to change

    def __init__(self, engine: Engine, container: str, *, max_lines: int | None = None,
                 **flags: Any) -> None:
        self.container = container
        self.buffer = LineBuffer(max_lines or LogViewer.max_lines)
        self.reason = ""
        self._stop = threading.Event()
        self._params = log_params(follow=True, **flags)
        self._response, tty = open_logs(engine, container, self._params)
        self._tty = tty
        self.lines_view = w.HTML(layout=w.Layout(border="1px solid #ddd"))
        self.lines_view.add_class("jd-log-lines")
        self.status = w.HTML()
        self.status.add_class("jd-log-status")
        self.pause_button = w.ToggleButton(description="Pause", icon="pause", tooltip="Pause")
        self.stop_button = w.Button(description="Stop", icon="stop", button_style="warning")
        self.stop_button.add_class("jd-log-stop")
        self.search = w.Text(placeholder="search", layout=w.Layout(width="14em"))
        self.stop_button.on_click(lambda _: self.stop("stopped"))
        self.pause_button.observe(self._on_pause, "value")
        self.search.observe(lambda _: self._paint(force=True), "value")
        super().__init__([w.HBox([self.stop_button, self.pause_button, self.search, self.status]),
                          self.lines_view])
        key = _cell_key(container)
        previous = LogViewer.live.get(key)
        if previous is not None:
            previous.stop("the cell ran again")
        LogViewer.live[key] = self
        self._key = key
        self.reader = threading.Thread(target=self._read, name=f"jd-logs-{container}", daemon=True)
        self.painter = threading.Thread(target=self._paint_loop, name=f"jd-logs-paint-{container}",
                                        daemon=True)
        self.reader.start()
        self.painter.start()

    # ----------------------------------------------------------------- threads
    def _read(self) -> None:
        chunks = self._response.iter_content(chunk_size=None)
        frames = ((STDOUT, c) for c in chunks) if self._tty else split_frames(chunks)
        try:
            for stream, payload in frames:
                self.buffer.feed(stream, payload)
                if self._stop.is_set():
                    break
            else:
                self.buffer.flush()
                self._end("the container stopped")
        except Exception as exc:
            self._end(f"the engine went away ({type(exc).__name__})")
        finally:
            self._response.close()

    def _paint_loop(self) -> None:
        while not self._stop.wait(PAINT_INTERVAL):
            if self.comm is None:  # the widget was closed
                self.stop("the viewer was closed")
                break
            self._paint()
        self._paint(force=True)

    # ----------------------------------------------------------------- drawing
    _painted = -1

    def _paint(self, force: bool = False) -> None:
        if self.pause_button.value and not force:
            return
        version = self.buffer.version
        if version == self._painted and not force:
            return
        self._painted = version
        lines = self.buffer.snapshot()
        needle = self.search.value
        if needle:
            lines = [line for line in lines if needle in line[1]]
        shown = lines[-SHOWN_LINES:]
        body = "\n".join(
            f'<span class="jd-stderr" style="color:#c23">{ansi_to_html(t)}</span>'
            if s == STDERR else ansi_to_html(t) for s, t in shown)
        # column-reverse keeps the view scrolled to the newest line, like a terminal
        self.lines_view.value = ('<div style="height:320px;overflow:auto;display:flex;'
                                 'flex-direction:column-reverse">'
                                 f'<pre style="margin:0;font-size:12px">{body}</pre></div>')
        state = self.reason or ("paused" if self.pause_button.value else "following")
        dropped = f", {self.buffer.dropped} older dropped" if self.buffer.dropped else ""
        self.status.value = html.escape(f"{self.container}: {state} · {self.buffer.received} "
                                        f"lines{dropped}")

    def _on_pause(self, change: dict) -> None:
        self.pause_button.description = "Follow" if change["new"] else "Pause"
        self.pause_button.icon = "play" if change["new"] else "pause"
        self._paint(force=True)

    # ----------------------------------------------------------------- ending
    def _end(self, reason: str) -> None:
        if not self.reason:
            self.reason = reason
        self._stop.set()
        if LogViewer.live.get(self._key) is self:
            del LogViewer.live[self._key]

    def stop(self, reason: str = "stopped") -> None:
        """End the stream: the connection is closed and both threads end."""
        self._end(reason)
        _shut(self._response)
        self.stop_button.disabled = True

    def join(self, timeout: float = 5.0) -> bool:
        """Wait for both threads; True when they are gone."""
        deadline = time.monotonic() + timeout
        for thread in (self.reader, self.painter):
            thread.join(max(0.0, deadline - time.monotonic()))
        return not (self.reader.is_alive() or self.painter.is_alive())
