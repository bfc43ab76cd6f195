"""The container's TTY on the user's own terminal (terminal IPython), as the docker CLI does it.

`exec -it`, `attach` and `run -it` in `ipython` on a real terminal: the terminal goes raw, keys
go to the container byte for byte (Ctrl-C included) and its output straight back, the TTY's size
follows the window (SIGWINCH -> the resize endpoint). The detach keys (Ctrl-P Ctrl-Q, or
`--detach-keys`) are caught here, as the CLI's escape proxy does: the connection is closed, the
container keeps running, and `attach`/`exec` say the CLI's `read escape sequence`. The shell's
exit ends it with the exit code. The terminal is restored whatever happens (errors, the engine
gone, an interrupt from outside).
"""

from __future__ import annotations

import os
import select
import signal
import sys
import termios
import threading
import tty
from typing import Any

from .session import AttachTarget, ExecTarget, StartTarget, TerminalSession

ESCAPED = "read escape sequence"  # the CLI's words on a detach from attach / exec


def key_bytes(keys: str | None) -> bytes:
    """The detach keys in effect (`--detach-keys`, config.json's `detachKeys`, Ctrl-P Ctrl-Q) as
    the bytes a terminal types."""
    from .keys import as_bytes, chosen

    return as_bytes(chosen(keys))


class EscapeProxy:
    """Finds the detach keys in what is typed: a prefix of them is held back until the next
    key shows whether it is the sequence (then nothing of it is sent) or not (then it is)."""

    def __init__(self, keys: bytes) -> None:
        self.keys = keys
        self.held = 0  # how many bytes of `keys` were typed last

    def feed(self, data: bytes) -> tuple[bytes, bool]:
        """What to send on, and whether the sequence is complete (the rest is dropped)."""
        out = bytearray()
        for byte in data:
            if byte == self.keys[self.held]:
                self.held += 1
                if self.held == len(self.keys):
                    self.held = 0
                    return bytes(out), True
                continue
            out += self.keys[:self.held]
            self.held = 0
            if byte == self.keys[0]:
                self.held = 1
            else:
                out.append(byte)
        return bytes(out), False


class _Wake:
    """A pipe the main loop selects on: SIGWINCH and the session's end write a byte to it."""

    def __init__(self) -> None:
        self.read_fd, self.write_fd = os.pipe()
        os.set_blocking(self.write_fd, False)

    def __call__(self, *_: Any) -> None:
        try:
            os.write(self.write_fd, b"x")
        except OSError:  # full (already woken) or closed
            pass

    def drain(self) -> None:
        try:
            os.read(self.read_fd, 512)
        except OSError:
            pass

    def close(self) -> None:
        os.close(self.read_fd)
        os.close(self.write_fd)


class _Out:
    """Writes the container's bytes to the user's terminal; knows if a line is left open."""

    def __init__(self, fd: int) -> None:
        self.fd, self.mid_line = fd, False

    def __call__(self, data: bytes) -> None:
        _write_all(self.fd, data)
        self.mid_line = not data.endswith(b"\n")

    def new_line(self) -> None:
        """Before a line of ours after an error: not after the shell's prompt."""
        if self.mid_line:
            _write_all(self.fd, b"\r\n")
            self.mid_line = False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            select.select([], [fd], [])


def attach_terminal(target: ExecTarget | AttachTarget, detach_keys: str | None = None,
                    out: _Out | None = None) -> bool:
    """Connect the user's terminal to `target`'s TTY until the shell exits (True) or the detach
    keys are typed (False). Raw mode and the SIGWINCH handler are undone before it returns."""
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    sys.stdout.flush()
    sys.stderr.flush()
    wake = _Wake()
    session = TerminalSession(target, out or _Out(fd_out), lambda _: wake())
    proxy = EscapeProxy(key_bytes(detach_keys))
    saved = termios.tcgetattr(fd_in)
    resized = threading.Event()
    previous = signal.signal(signal.SIGWINCH, lambda *_: (resized.set(), wake()))
    try:
        tty.setraw(fd_in, termios.TCSANOW)
        size = os.get_terminal_size(fd_out)
        session.start(size.lines, size.columns)
        while not session.stop.is_set():  # set by the reader's close before it wakes us
            ready, _, _ = select.select([fd_in, wake.read_fd], [], [])
            if wake.read_fd in ready:
                wake.drain()
                if resized.is_set():
                    resized.clear()
                    size = os.get_terminal_size(fd_out)
                    session.resize(size.lines, size.columns)
            if fd_in in ready:
                data = os.read(fd_in, 4096)
                send, escaped = proxy.feed(data)
                if send:
                    session.write(send)
                if escaped or not data:
                    session.close()
                    return False
        return True
    finally:
        session.close()
        if session.thread is not None:
            session.thread.join(5)
        termios.tcsetattr(fd_in, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGWINCH, previous)
        wake.close()


def exec_on_tty(target: ExecTarget, detach_keys: str | None) -> Any:
    """`exec -it`: the exec's exit code, or None after the CLI's line on a detach."""
    from ..commands.container_exec import exit_code
    from ..streams.attached import ExitCode, gone_after

    out = _Out(sys.stdout.fileno())
    if not attach_terminal(target, detach_keys, out):
        print(ESCAPED, file=sys.stderr)
        return None
    try:
        with gone_after(f"stopped following exec in {target.container}"):
            return ExitCode(exit_code(target.engine, target.exec_id))
    except Exception:
        out.new_line()
        raise


def attach_on_tty(target: AttachTarget, detach_keys: str | None, quiet_detach: bool = False,
                  remove: bool = False) -> Any:
    """`attach` (and `run -it`: `quiet_detach`, as the CLI's run says nothing on a detach;
    `remove` for --rm once it exited): the container's exit code, or None on a detach."""
    from ..streams.attached import ExitCode, gone_after

    out = _Out(sys.stdout.fileno())
    if not attach_terminal(target, detach_keys, out):
        if not quiet_detach:
            print(ESCAPED, file=sys.stderr)
        return None
    api = target.engine.api
    try:
        with gone_after(f"stopped following {target.container}"):
            return ExitCode(api.wait(target.container)["StatusCode"])
    except Exception:
        out.new_line()
        raise
    finally:
        if remove:
            from ..commands.container_run import _remove_quietly

            _remove_quietly(target.engine, target.container)


def run_on_tty(engine: Any, image: str, command: list[str], values: dict[str, Any]) -> Any:
    """`run -it`: created as the CLI's (Tty, OpenStdin, StdinOnce), attached, then started."""
    from ..commands.container_run import _remove_quietly, create_container

    values["stdin_open"] = True  # runconfig: stdin attached, so a TTY too
    cid = create_container(engine, values, image, command, detach=False)
    target = StartTarget(engine, cid, values.get("detach_keys"))  # attach, then start
    try:
        return attach_on_tty(target, values.get("detach_keys"), quiet_detach=True,
                             remove=bool(values.get("rm")))
    except BaseException:
        if values.get("rm"):
            _remove_quietly(engine, cid)
        raise
