"""Views: which pages still draw a terminal, so a reload keeps it and a gone page frees it.

Each view has an id and pings the kernel every few seconds (terminal.js, PING); a page that goes
says so (`pagehide`: a reload, a closed tab), a crashed one just falls silent. A live session
outlives its views for GRACE seconds (a reload: the new page's view comes back to the same
shell), then it is released. Silence counts only while the main shell is idle: without kernel
subshells a page's messages wait behind a running cell, so a long cell never looks like a page
gone. A view silent for GRACE is dropped (a crashed page). A view's id is its page's id, a dot
and a number; when a view opens or closes, its page lists its views still shown, and its other
views are forgotten: a notebook tab closed in JupyterLab cannot say goodbye (its kernel
connection closes before its outputs are removed), and its view must not hold a later cleared
output open. One daemon thread per live session, ended with it.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from . import unseen

GRACE = 30.0  # seconds of an idle kernel without any view before a live session is released
TICK = 0.5


class Views:
    """The views of one terminal, by id, each with the idle seconds since it was last heard."""

    def __init__(self) -> None:
        self.silent: dict[str, float] = {}
        self.quiet = 0.0  # idle seconds since any view was heard
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def heard(self, view: str, here: list[str] | None = None) -> None:
        """View `view` opened or pinged; `here`: the views its page still shows."""
        with self._lock:
            self._forget(view, here)
            self.silent[view] = 0.0
            self.quiet = 0.0

    def gone(self, view: str, here: list[str] | None = None) -> bool:
        """View `view` closed (`here`: the views its page still shows); whether none is left."""
        with self._lock:
            self._forget(view, here)
            self.silent.pop(view, None)
            self.quiet = 0.0
            return not self.silent

    def _forget(self, view: str, here: list[str] | None) -> None:
        """Drop the views of `view`'s page that it no longer shows."""
        page, dot, _ = view.rpartition(".")
        if here is None or not dot:
            return
        for other in list(self.silent):
            if other.rpartition(".")[0] == page and other not in here:
                del self.silent[other]

    def count(self) -> int:
        return len(self.silent)

    def watch(self, live: Callable[[], bool], release: Callable[[], None], name: str) -> None:
        """Call `release()` once no view was heard for GRACE idle seconds, while `live()`;
        the thread ends when `live()` turns false (the session ended or closed). Once."""
        if self._thread is not None:
            return

        def run() -> None:
            last = time.monotonic()
            while live():
                time.sleep(TICK)
                now = time.monotonic()
                idle = min(now - last, unseen.idle_for())  # only time the pings could come
                last = now
                if self._tick(idle):
                    release()
                    break

        self._thread = threading.Thread(target=run, daemon=True, name=name)
        self._thread.start()

    def _tick(self, idle: float) -> bool:
        """Age every view by `idle` seconds, drop the silent ones (a crashed page never says
        goodbye); whether no view was heard for GRACE."""
        with self._lock:
            self.quiet += idle
            for view in list(self.silent):
                self.silent[view] += idle
                if self.silent[view] >= GRACE:
                    del self.silent[view]
            return self.quiet >= GRACE
