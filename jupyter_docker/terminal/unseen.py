"""A terminal no page draws (nbclient, nbconvert: a kernel without a widget frontend).

The kernel cannot ask a frontend whether it draws widgets, so a terminal waits for its first
view: once the main shell has been idle for UNSEEN_AFTER seconds (a page's queued messages
arrive when it is idle) with none, or when the kernel exits, the terminal gives up. Giving up
removes what its cell made and never started (`run -it`'s container) and says so in one line,
so an unattended run leaves nothing half-made and never waits.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from typing import Any, Callable

UNSEEN_AFTER = 10.0  # seconds of an idle main shell without a first view
TICK = 0.5

_idle_since = time.monotonic()
_running = False
_watched = False
_waiting: "weakref.WeakSet[Any]" = weakref.WeakSet()  # terminals still without a view


def _cell_started(*_: Any) -> None:
    global _running
    if threading.current_thread() is threading.main_thread():  # the main shell, not a subshell
        _running = True


def _cell_ended(*_: Any) -> None:
    global _running, _idle_since
    if threading.current_thread() is threading.main_thread():
        _running, _idle_since = False, time.monotonic()


def _watch_cells() -> None:
    """Follow the main shell's cells (IPython's run_cell events), and the kernel's exit; once."""
    global _watched
    if _watched:
        return
    _watched = True
    _cell_started()  # called from a cell: it runs until its post_run_cell
    atexit.register(_at_exit)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.events.register("pre_run_cell", _cell_started)
        shell.events.register("post_run_cell", _cell_ended)


def idle_for() -> float:
    """Seconds the main shell has been idle (0 while a cell runs)."""
    return 0.0 if _running else time.monotonic() - _idle_since


def _at_exit() -> None:
    for terminal in list(_waiting):
        terminal.give_up()


def wait_for_view(terminal: Any, seen: Callable[[], bool], name: str) -> None:
    """Call `terminal.give_up()` unless `seen()` turns true before the main shell has been
    idle UNSEEN_AFTER s and the terminal shown as long (or before the kernel exits). One
    daemon thread, ended by `seen()`."""
    _watch_cells()
    _waiting.add(terminal)
    shown = time.monotonic()  # a silent execution (the panel's tab) fires no cell events

    def watch() -> None:
        while not seen():
            if min(idle_for(), time.monotonic() - shown) >= UNSEEN_AFTER:
                terminal.give_up()
                break
            time.sleep(TICK)
        _waiting.discard(terminal)

    threading.Thread(target=watch, daemon=True, name=name).start()
