"""TerminalWidget: the session's terminal in the cell's output (xterm.js, terminal.js).

Bytes travel as widget custom messages with binary buffers, handled on the kernel subshell the
page sends them on (JupyterLab 4.4+ and Notebook 7 send widget messages on one, so keys reach the
shell while another cell runs; elsewhere they wait for the main shell). Each output message
carries the stream's offset after it (`at`); the page acknowledges what xterm.js has written
(`{type: "ack", at}`, at least every `ack_every` bytes) and the session's Window (flow.py) holds
the reader while the page is behind. Each view says its rows and scrollback in its resize
messages: the reader's fast-forward (fastforward.py) never drops what the largest could show.
The first `resize` from the page starts the session (so the prompt is not sent before a view
can draw it). The magic returns the widget at once: the
kernel never waits on it. It is shown with a display id, so that when the session ends its
text/plain (what a saved notebook shows where widgets cannot draw) becomes the terminal's final
screen, sent by the page.

Each view has an id, says when it opens and closes and pings (liveness.py). A view that opens
gets the stream's last bytes first (`{type: "replay", view, at}`, replay.py), so a reloaded page
draws the same screen and goes on with the same shell. A view removed from its page (a cleared
output, a re-run or deleted cell) with none left closes the session and the widget. A page
that goes (a reload, a closed tab: `pagehide`), a notebook tab closed in JupyterLab (its kernel
running on) or a page that crashes keeps it for GRACE s; then the
session is released as a closed terminal is (an `exec -it` shell hung up) and the widget stays,
as every widget does, with the replay and one line, so a page that comes back shows how it
ended rather than "model not found". A terminal no page draws gives up (unseen.py).
"""

from __future__ import annotations

import atexit
import os
import threading
import uuid
import weakref
from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from . import liveness, unseen, untracked
from .fastforward import SCROLLBACK, FastForward
from .flow import ACK_EVERY, Window
from .liveness import Views
from .replay import Replay
from .session import THREAD_PREFIX, Target, TerminalSession

HERE = Path(__file__).parent
EXIT_PATIENCE = 3.0  # seconds the kernel's exit waits for its terminals' shells to hang up
_open: "weakref.WeakSet[TerminalWidget]" = weakref.WeakSet()  # the kernel's terminals


@atexit.register
def _hang_up_at_exit() -> None:
    """The kernel shuts down (Shut Down Kernel, Close and Shut Down Notebook, a restart): its
    terminals' `exec -it` shells are hung up as a closed terminal's are (the engine would keep
    them running with nobody to type into them), all at once, within EXIT_PATIENCE s."""
    threads = [threading.Thread(target=widget._end_session, daemon=True)
               for widget in list(_open)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(EXIT_PATIENCE)
RELEASE_AFTER = 1.5  # seconds without a view before the session closes (a re-render's gap)


def handled_where_sent(comm: Any) -> None:
    """Handle the page's messages on the subshell the page sent them on. ipykernel 7 routes a
    comm's incoming messages to the subshell where the comm last published (for a reply to
    reach the code waiting on it): for a terminal, whose output is published from its reader
    thread in the main shell's context, that sent every key to the main shell, behind a running
    cell. A terminal's messages are events, not replies, so the page's subshell keeps them."""
    if comm is not None and hasattr(comm, "_reply_subshell_for"):
        comm._reply_subshell_for = lambda _data, sent_to: sent_to


class TerminalWidget(anywidget.AnyWidget):
    """`status`: "" while the session is live, then one line (exit code, detached, error);
    `screen`: the final screen as text, once the page sent it."""

    _esm = HERE / "terminal.js"
    _css = HERE / "terminal.css"
    status = t.Unicode("").tag(sync=True)
    screen = t.Unicode("").tag(sync=True)
    rows = t.Int(24).tag(sync=True)
    scrollback = t.Int(SCROLLBACK).tag(sync=True)  # the page's xterm.js keeps this many lines
    ack_every = t.Int(ACK_EVERY).tag(sync=True)

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target
        # JUPYTER_DOCKER_FAST_FORWARD=0 sends every byte (for tests and bench/terminal.py)
        ahead = FastForward(enabled=os.environ.get("JUPYTER_DOCKER_FAST_FORWARD") != "0")
        self.session = TerminalSession(target, self._output, self._end_with, Window(), ahead)
        self.sizes: dict[str, tuple[int, int]] = {}  # view id: its rows and scrollback
        self.display_id = uuid.uuid4().hex
        self.views = Views()
        self.replay = Replay()
        self._sending = threading.Lock()  # the replay and the live bytes in one order
        self._ending = threading.Lock()  # one end line: the reader's or the liveness watch's
        self.seen = False  # a view opened once
        self._release: threading.Timer | None = None
        _open.add(self)
        self.on_msg(self._received)
        handled_where_sent(self.comm)
        if self.comm is not None:
            untracked.register(self.comm.comm_id)  # its busy / idle: not the page's concern

    def _ipython_display_(self) -> None:
        """Shown with a display id (not as Out[n]), so the end can update its text/plain."""
        from IPython.display import display

        display(self._bundle(), raw=True, display_id=self.display_id)
        if not self.seen:
            unseen.wait_for_view(self, lambda: self.seen or bool(self.status) or self.comm is None,
                                 f"{THREAD_PREFIX}-unseen")

    def give_up(self) -> None:
        """No page drew it: undo what its cell made and never started, say so in one line."""
        if self.seen or self.status or self.comm is None:
            return
        self._end_with(f"docker: note: no page drew this terminal (a frontend without widgets, "
                       f"such as nbclient): {self.target.abandon()}")
        self._show_end()

    def _bundle(self) -> dict:
        bundle = super()._repr_mimebundle_() or {}  # anywidget's is (data, metadata)
        data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        if self.screen or self.status:
            data["text/plain"] = "\n".join(filter(None, (self.screen.rstrip("\n"), self.status)))
        else:
            data["text/plain"] = (f"docker {self.target.title}: a live terminal where widgets "
                                  "draw; where none draws it (nbclient, nbconvert) nothing runs "
                                  "and nothing is left behind")
        return data

    def _output(self, data: bytes) -> None:
        with self._sending:
            self.send({"type": "out", "at": self.replay.add(data)}, buffers=[data])

    def _replay(self, view: str) -> None:
        """What the stream said so far (its last REPLAY bytes), for view `view` only: the
        live bytes it may have received before are in it, the next ones follow it."""
        with self._sending:
            self.send({"type": "replay", "view": view, "at": self.replay.at},
                      buffers=[self.replay.tail()])

    def _end_with(self, line: str) -> bool:
        """Set the end line unless one is set (the reader thread and the liveness watch may
        both end it); whether this one was."""
        with self._ending:
            if self.status:
                return False
            self.status = line
            return True

    def _received(self, _widget: Any, content: dict, buffers: list) -> None:
        kind = content.get("type")
        self.seen = True  # a page draws it
        if kind == "in":
            for buffer in buffers:
                self.session.write(bytes(buffer))
        elif kind == "ack":
            self.session.ack(int(content.get("at", 0)))
        elif kind == "resize":
            rows, cols = int(content.get("rows", 24)), int(content.get("cols", 80))
            self._sized(str(content.get("id", "")), rows,
                        int(content.get("scrollback", self.scrollback)))
            if self.session.thread is None and not self.status:
                self._start(rows, cols)
            else:
                self.session.resize(rows, cols)
        elif kind == "detach":
            self.session.detach()
        elif kind == "screen" and self.status and not self.screen:
            self.screen = str(content.get("text", ""))
            self._show_end()
        elif kind == "ping":
            self.views.heard(str(content.get("id", "")))
        elif kind == "view":
            here = content.get("here")
            self._viewed(str(content.get("id", "")), bool(content.get("open")),
                         bool(content.get("page")),
                         [str(v) for v in here] if isinstance(here, list) else None)

    def _sized(self, view: str, rows: int, scrollback: int) -> None:
        """A view's size: the fast-forward keeps enough lines for the largest one."""
        self.sizes[view] = (rows, scrollback)
        sizes = [(self.rows, self.scrollback), *self.sizes.values()]
        self.session.ahead.fit(max(r for r, _ in sizes), max(s for _, s in sizes))

    def _show_end(self) -> None:
        from IPython.display import update_display

        if self.comm is not None:
            update_display(self._bundle(), raw=True, display_id=self.display_id)

    def _viewed(self, view: str, opened: bool, page_gone: bool,
                here: list[str] | None = None) -> None:
        """A view opened (it gets the replay) or closed (`here`: the views its page still
        shows). Removed from its page with none left for RELEASE_AFTER s: close. Gone with its
        page or its notebook panel: the liveness watch decides."""
        if self._release is not None:
            self._release.cancel()
            self._release = None
        if opened:
            self.views.heard(view, here)
            self._replay(view)
            return
        self.sizes.pop(view, None)
        if self.views.gone(view, here) and not page_gone:
            self._release = threading.Timer(RELEASE_AFTER, self._release_if_unseen)
            self._release.name = f"{THREAD_PREFIX}-release"
            self._release.daemon = True
            self._release.start()

    def _release_if_unseen(self) -> None:
        self._release = None
        if not self.views.count():
            self.close()

    def _live(self) -> bool:
        return not self.status and self.comm is not None and not self.session.stop.is_set()

    def _gone(self) -> None:
        """No view was heard for GRACE s (the page went or crashed): release the session as a
        closed terminal does; the widget stays, its last screen in the replay, with one line."""
        if not self._live():
            return
        left = self._end_session()
        self._end_with(f"closed: no page showed this terminal for {liveness.GRACE:g} s; {left}")
        self._show_end()

    def _start(self, rows: int, cols: int) -> None:
        try:
            self.session.start(rows, cols)
            self.views.watch(self._live, self._gone, f"{THREAD_PREFIX}-views")
        except Exception as exc:  # noqa: BLE001 - said in one line on the terminal
            from ..errors import DockerError

            text = str(exc) if isinstance(exc, DockerError) else f"{type(exc).__name__}: {exc}"
            self._end_with(f"docker: {text.removeprefix('docker: ')}")

    def close(self) -> None:
        """Close the session, its socket and thread, and the widget; a shell still running
        (not exited, not detached) is hung up, as closing a terminal window does."""
        if self._release is not None:
            self._release.cancel()
            self._release = None
        self._end_session()
        if self.comm is not None:
            untracked.forget(self.comm.comm_id)
        super().close()

    def _end_session(self) -> str:
        """Close the session's socket and thread; a shell still running is hung up. What
        happened to it, in words ("" when it had already ended)."""
        live = self.session.thread is not None and not self.session.stop.is_set()
        self.session.close()
        return self.target.hang_up() if live else ""
