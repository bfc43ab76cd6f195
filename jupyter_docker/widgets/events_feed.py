"""A live `docker events` feed: the engine's events in a table, newest at the bottom (followed
like the CLI's lines), never blocking.

A reader thread keeps the last `max_events` events in a ring (older ones counted as dropped);
the painter redraws at most ten times a second. `--filter` flags go to the engine; the type
menu and the search box only narrow what the table shows. How it ends, and the status line
saying why, comes from `LiveWidget`.
"""

from __future__ import annotations

import html
import threading
import time
from collections import deque
from datetime import datetime, timezone
from typing import Any

import ipywidgets as w

from ..commands.common import filters
from ..engine import Engine
from ..streams.eventstream import event_nanos, event_params
from ..streams.feed import ENGINE_GONE, open_feed
from .live import LiveWidget, match_count

MAX_EVENTS = 1000  # events kept (the ring); .frame() gives them all
SHOWN_ROWS = 200  # rows drawn in the page
TYPES = ("all", "container", "image", "network", "volume", "daemon", "plugin", "builder",
         "service", "node", "secret", "config")
_SUMMARY_CHARS = 120

Row = dict[str, str]
_STYLE = ("<style>.jd-events-table{font-size:12px;line-height:1.4;border-collapse:collapse}"
          ".jd-events-table th{text-align:left;position:sticky;top:0;"
          "background:var(--jp-layout-color1,#f5f5f5)}"
          ".jd-events-table td,.jd-events-table th{padding:1px 8px;vertical-align:top}"
          ".jd-events-table td{white-space:nowrap}"
          ".jd-events-table td:last-child{max-width:22em;overflow:hidden;text-overflow:ellipsis}"
          "</style>")


COLUMNS = ("time", "type", "action", "actor_id", "scope", "name", "image", "attributes")


def event_row(event: dict[str, Any]) -> Row:
    """What the table shows of one event, in the columns of `.frame()` (`COLUMNS`): local
    time to the millisecond, the actor's id (12 characters, like the CLI's short ids; its
    whole id in `actor_id_full`) and the attributes not shown in a column of their own."""
    actor = event.get("Actor") or {}
    attrs = actor.get("Attributes") or {}
    nanos = event_nanos(event)
    when = "" if nanos is None else (
        datetime.fromtimestamp(nanos / 1e9, timezone.utc).astimezone().strftime("%H:%M:%S.%f")[:-3])
    ident = actor.get("ID") or event.get("id") or ""
    return {
        "time": when,
        "type": event.get("Type") or "",
        "action": event.get("Action") or event.get("status") or "",
        "actor_id": ident.split(":", 1)[-1][:12],
        "scope": event.get("scope") or "",
        "name": attrs.get("name") or "",
        "image": attrs.get("image") or event.get("from") or "",
        "attributes": ", ".join(f"{k}={attrs[k]}" for k in sorted(attrs)
                                if k not in ("name", "image")),
        "actor_id_full": ident,
    }


def matches(row: Row, kind: str = "all", text: str = "") -> bool:
    """Whether the table shows this row: its type is `kind` (or "all") and `text` appears in
    one of its cells (any case)."""
    if kind not in ("", "all") and row["type"] != kind:
        return False
    needle = text.strip().lower()
    return not needle or any(needle in cell.lower() for cell in row.values())


def _cell(row: Row, key: str) -> str:
    if key == "attributes":
        summary = row[key]
        short = summary if len(summary) <= _SUMMARY_CHARS else summary[:_SUMMARY_CHARS] + "…"
        return f'<td title="{html.escape(summary)}">{html.escape(short)}</td>'
    if key == "actor_id":
        return f'<td title="{html.escape(row["actor_id_full"])}">{html.escape(row[key])}</td>'
    return f"<td>{html.escape(row[key])}</td>"


def _table(numbered: list[tuple[int, Row]]) -> str:
    """The rows drawn, oldest first (the newest at the bottom, as the CLI prints them), each
    with its number (`data-seq`, what the view anchors on)."""
    cells = [f'<tr data-seq="{n}">' + "".join(_cell(row, k) for k in COLUMNS) + "</tr>"
             for n, row in numbered]
    if not cells:
        cells.append(f'<tr><td colspan="{len(COLUMNS)}" class="jd-follow-empty">'
                     "no events yet</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in COLUMNS)
    return (_STYLE + '<table class="jd-events-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>")


class EventsFeed(LiveWidget):
    """`%docker events` in a notebook: live events, filter controls, Stop; `.frame()`."""

    kind = "events"
    css = "jd-events"
    _count = 0

    def __init__(self, engine: Engine, *, since: str | None = None, until: str | None = None,
                 filter: list[str] | None = None, max_events: int = MAX_EVENTS) -> None:
        self.engine = engine
        self.flags = filters(filter, "events")
        params = event_params(since, until, self.flags)
        self.until = float(params["until"]) if "until" in params else None
        feed = open_feed(engine, "/events", params=params)
        self.ring: deque[tuple[dict[str, Any], Row]] = deque(maxlen=max_events)
        self.received = 0
        self._ring_lock = threading.Lock()
        self.type_menu = w.Dropdown(options=TYPES, value="all", description="type",
                                    layout=w.Layout(width="13em"))
        self.search = w.Text(placeholder="search shown events", layout=w.Layout(width="14em"))
        self.search.add_class("jd-events-search")
        # apart from the status, on one line (it would wrap in a narrow toolbar)
        self.matches = w.HTML(layout=w.Layout(margin="0 1.5em 0 0", flex="0 0 auto"))
        self.matches.add_class("jd-events-matches")
        for control in (self.type_menu, self.search):
            control.observe(lambda _: self.paint(force=True), "value")
        from .follow import FollowView

        self.table = FollowView(noun="event")
        self.table.add_class("jd-events-rows")
        self.table.observe(lambda _: self.paint(force=True), "hold")
        EventsFeed._count += 1
        shown_flags = " ".join(f"{k}={v}" for k, vs in self.flags.items() for v in vs)
        super().__init__(f"events {shown_flags}".strip(), [self.type_menu, self.search, self.matches],
                         [self.table])
        self.follow(feed, feed.messages(), self._take, self._ended, str(EventsFeed._count))
        self.start()

    def _take(self, event: dict[str, Any]) -> None:
        row = event_row(event)
        with self._ring_lock:
            self.ring.append((event, row))
            self.received += 1

    def _ended(self) -> str:
        """The engine ended the stream: `--until` came, or the engine is going away."""
        if self.until is not None and time.time() >= self.until - 1:
            return "reached --until"
        if not self.engine.answers():
            return ENGINE_GONE
        return "the engine ended the stream"

    @property
    def dropped(self) -> int:
        return self.received - len(self.ring)

    def events(self) -> list[dict[str, Any]]:
        """The events kept, oldest first, as the engine sent them."""
        with self._ring_lock:
            return [event for event, _ in self.ring]

    def frame(self) -> Any:
        """The events kept as a DataFrame (like `%docker events --until ...`)."""
        from .. import frames

        return frames.events(self.events())

    # ----------------------------------------------------------------- drawing
    _painted = -1

    def paint(self, force: bool = False) -> None:
        if self.received == self._painted and not force:
            return
        self._painted = self.received
        with self._ring_lock:
            first = self.received - len(self.ring)
            rows = [row for _, row in self.ring]
        shown = [(n, r) for n, r in enumerate(rows, first)
                 if matches(r, self.type_menu.value, self.search.value)]
        self.matches.value = match_count(len(shown)) if self.search.value.strip() else ""
        self.table.value = _table(self.table.window(shown, SHOWN_ROWS))
        self.table.received = self.received
        dropped = f", {self.dropped} older dropped" if self.dropped else ""
        narrowed = f", {len(shown)} shown" if len(shown) != len(rows) else ""
        self.show_status(f"{self.received} events{dropped}{narrowed}")
