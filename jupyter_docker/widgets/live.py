"""What every live widget shares: reader threads, a throttled painter, Stop, one status line.

A subclass builds its body, calls `follow(...)` once per stream it reads, then `start()`; it
draws in `paint()`. The widget ends, its feeds closed and its threads gone, on Stop, when it
is closed, when its cell runs again, when what it follows ends, or when the engine goes away;
`reason` (and the status line) says which. Widgets know nothing of HTTP: a `Feed` is closed,
never looked into.
"""

from __future__ import annotations

import html
import threading
import time
from typing import Any, Callable, ClassVar, Iterable

import ipywidgets as w

from ..streams.feed import ENGINE_GONE, Feed


# A reader offers the interpreter lock to the kernel's threads this often (seconds of its
# own work): without it a busy reader makes every hand-over wait for Python's 5 ms switch
# interval, and a `1+1` cell needs many. By time, not by item: an item may be one line or a
# thousand, and each offer (`time.sleep(0)`) costs a real ~0.08 ms sleep.
YIELD_SECONDS = 0.0005


def current_run() -> tuple[str, str] | None:
    """(cell id, execution request id) of the running cell, when the frontend sends a cell id
    (JupyterLab does); None elsewhere (terminal, button callbacks, scripts)."""
    try:
        from IPython import get_ipython

        parent = get_ipython().kernel.get_parent()  # type: ignore[union-attr]
        cell = parent["metadata"].get("cellId")
        return (str(cell), str(parent["header"]["msg_id"])) if cell else None
    except Exception:
        return None


def match_count(n: int) -> str:
    """What a search box says next to it: "no match", "1 match", "12 matches"."""
    return "no match" if n == 0 else f"{n:,} match{'es' if n != 1 else ''}"


class LiveWidget(w.VBox):
    """A widget fed by background threads; see the module docstring for how it ends."""

    live: ClassVar[list["LiveWidget"]] = []  # every widget still following, in start order
    paint_interval: ClassVar[float] = 0.1  # seconds: at most 10 updates a second reach the page
    kind: ClassVar[str] = "live"  # names the threads: jd-<kind>-<stream>, jd-<kind>-paint-...
    css: ClassVar[str] = "jd-live"  # CSS classes for tests and styling: <css>-status, <css>-stop

    def __init__(self, subject: str, toolbar: list[w.Widget], body: list[w.Widget]) -> None:
        self.subject = subject
        self.reason = ""
        self._stopping = threading.Event()
        self._feeds: list[Feed] = []
        self._readers: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.status = w.HTML()
        self.status.add_class(f"{self.css}-status")
        self.stop_button = w.Button(description="Stop", icon="stop", button_style="warning",
                                    tooltip="Stop following (closes the stream)")
        self.stop_button.add_class(f"{self.css}-stop")
        self.stop_button.on_click(lambda _: self.stop("stopped"))
        super().__init__([w.HBox([self.stop_button, *toolbar, self.status]), *body])
        self.add_class(self.css)
        self._run = current_run()
        self.painter = threading.Thread(target=self._paint_loop, daemon=True,
                                        name=f"jd-{self.kind}-paint-{subject}")

    # ----------------------------------------------------------------- for subclasses
    def follow(self, feed: Feed, items: Iterable[Any], take: Callable[[Any], None],
               ended: Callable[[], str | None], name: str) -> None:
        """Read `items` (from `feed`) in a thread, passing each to `take`. When they run out,
        `ended()` gives the reason to end the widget (or None to keep it alive)."""
        def read() -> None:
            try:
                offered = time.monotonic()
                for item in items:
                    if self._stopping.is_set():
                        return
                    take(item)
                    if time.monotonic() - offered > YIELD_SECONDS:
                        time.sleep(0)  # let the kernel's main thread in: cells stay snappy
                        offered = time.monotonic()
                reason = None if self._stopping.is_set() else ended()
                if reason:
                    self.end(reason)
            except Exception as exc:
                if not self._stopping.is_set() and not feed.closed:
                    self.end(f"{ENGINE_GONE} ({type(exc).__name__})")
            finally:
                feed.close()
                with self._lock:
                    if feed in self._feeds:
                        self._feeds.remove(feed)

        with self._lock:
            self._feeds.append(feed)
        thread = threading.Thread(target=read, daemon=True, name=f"jd-{self.kind}-{name}")
        self._readers.append(thread)
        thread.start()

    def start(self) -> None:
        """Begin painting; a run of the same cell before this one stops its widgets."""
        if self._run is not None:
            for other in list(LiveWidget.live):
                if other._run and other._run[0] == self._run[0] and other._run != self._run:
                    other.stop("the cell ran again")
        if self.following:  # it may have ended already (a stream that ran out at once)
            LiveWidget.live.append(self)
        self.paint(force=True)
        self.painter.start()

    def paint(self, force: bool = False) -> None:
        """Redraw from the current data; called at most every `paint_interval` seconds."""
        raise NotImplementedError

    def show_status(self, detail: str, state: str = "following") -> None:
        """`subject: state · detail`; once ended, the reason replaces the state."""
        reason = "stopped following" if self.reason == "stopped" else self.reason
        self.status.value = html.escape(f"{self.subject}: {reason or state} · {detail}")

    # ----------------------------------------------------------------- ending
    def _paint_loop(self) -> None:
        while not self._stopping.wait(self.paint_interval):
            if self.comm is None:  # the widget was closed
                self.stop("the viewer was closed")
                break
            self.paint()
        self.paint(force=True)

    def end(self, reason: str) -> None:
        """Stop following with this reason (the first reason given wins)."""
        with self._lock:
            if not self.reason:
                self.reason = reason
            feeds = list(self._feeds)
        self._stopping.set()
        for feed in feeds:
            feed.close()
        if self in LiveWidget.live:
            LiveWidget.live.remove(self)
        self.stop_button.disabled = True

    def stop(self, reason: str = "stopped") -> None:
        """End the streams now: connections closed, every thread ends."""
        self.end(reason)

    @property
    def following(self) -> bool:
        return not self._stopping.is_set()

    def join(self, timeout: float = 5.0) -> bool:
        """Wait for the threads; True when they are all gone."""
        deadline = time.monotonic() + timeout
        threads = [*self._readers, self.painter]
        for thread in threads:
            if thread.is_alive() or thread.ident is not None:
                thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in threads)
