"""TerminalSession: one TTY stream of the engine (`exec -it`, `attach`), bytes both ways.

The engine hijacks the HTTP connection of `exec start` (or `attach`) into a raw two-way stream (with a TTY
there is no multiplexing header). A reader thread forwards what the container writes to
`on_output`; `write` sends keys on the same socket; `resize` uses the engine's resize
endpoint. The stream ends when the shell exits or the engine's detach keys (Ctrl-P Ctrl-Q by
default) are typed; `on_end` then gets one line saying which. `close()` is the one place that
closes the socket; it is safe to call from any thread, any number of times.
"""

from __future__ import annotations

import socket
import threading
from typing import Any, Callable

from ..engine import Engine

THREAD_PREFIX = "jupyter-docker-terminal"
CHUNK = 65536
BATCH = 1 << 20  # at most this much of what has already arrived goes out as one message
DETACH = b"\x10\x11"  # the engine's default detach keys, Ctrl-P Ctrl-Q


class ExecTarget:
    """`exec -it`: an exec made now (a wrong container or command fails the cell itself)."""

    def __init__(self, engine: Engine, container: str, command: list[str],
                 **exec_options: Any) -> None:
        self.engine, self.container = engine, container
        self.exec_id = engine.api.exec_create(container, command, stdin=True, stdout=True,
                                              stderr=True, tty=True, **exec_options)["Id"]
        self.name = self.exec_id

    def open(self) -> Any:
        return self.engine.api.exec_start(self.exec_id, tty=True, socket=True)

    def resize(self, rows: int, cols: int) -> None:
        self.engine.api.exec_resize(self.exec_id, height=rows, width=cols)

    def end_line(self, detach_typed: bool) -> str:
        from ..commands.container_exec import exit_code

        if self.engine.api.exec_inspect(self.exec_id).get("Running"):
            return (f"detached from exec in {self.container} (Ctrl-P Ctrl-Q): "
                    "it keeps running")
        code = exit_code(self.engine, self.exec_id)
        if detach_typed:  # engine 20.10 ends an exec's shell on detach
            return (f"detached from exec in {self.container} (Ctrl-P Ctrl-Q): the engine "
                    f"ended the exec (exit code {code})")
        return f"exit code {code}"


class AttachTarget:
    """`attach`: the TTY of a running container made with -it (the engine's detach keys)."""

    def __init__(self, engine: Engine, container: str, detach_keys: str | None = None) -> None:
        self.engine, self.container, self.detach_keys = engine, container, detach_keys
        self.name = container

    def open(self) -> Any:
        params = {"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
        if self.detach_keys:
            params["detachKeys"] = self.detach_keys
        return self.engine.api.attach_socket(self.container, params=params)

    def resize(self, rows: int, cols: int) -> None:
        self.engine.api.resize(self.container, height=rows, width=cols)

    def end_line(self, detach_typed: bool) -> str:
        state = self.engine.api.inspect_container(self.container)["State"]
        if state.get("Running"):
            keys = self.detach_keys or "Ctrl-P Ctrl-Q"
            return f"detached from {self.container} ({keys}): it keeps running"
        return f"exit code {state.get('ExitCode') or 0}"


class TerminalSession:
    """A TTY stream of `target` (ExecTarget, AttachTarget), opened by `start()`."""

    def __init__(self, target: ExecTarget | AttachTarget,
                 on_output: Callable[[bytes], None], on_end: Callable[[str], None]) -> None:
        self.target = target
        self.on_output = on_output
        self.on_end = on_end
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._stream: Any = None
        self._sock: socket.socket | None = None
        self.thread: threading.Thread | None = None
        self.ended = ""
        self._typed = b""  # the last keys sent: were they the detach keys?

    @classmethod
    def exec(cls, engine: Engine, container: str, command: list[str],
             on_output: Callable[[bytes], None], on_end: Callable[[str], None],
             **exec_options: Any) -> "TerminalSession":
        return cls(ExecTarget(engine, container, command, **exec_options), on_output, on_end)

    def start(self, rows: int = 24, cols: int = 80) -> None:
        """Start the exec on a hijacked socket and its reader thread (once)."""
        with self._lock:
            if self._stream is not None or self.stop.is_set():
                return
            self._stream = self.target.open()
            self._sock = getattr(self._stream, "_sock", self._stream)
        self.resize(rows, cols)
        self.thread = threading.Thread(target=self._read, daemon=True,
                                       name=f"{THREAD_PREFIX}-{self.target.name[:12]}")
        self.thread.start()

    def _read(self) -> None:
        try:
            while not self.stop.is_set():
                try:
                    data = self._sock.recv(CHUNK)  # type: ignore[union-attr]
                except OSError:
                    break
                if not data:
                    break
                more, ended = self._already_there(len(data))
                self.on_output(data + more if more else data)
                if ended:
                    break
        finally:
            stopped = self.stop.is_set()
            try:
                self.close()
            finally:
                if not stopped:
                    self._finish(self._end_line())

    def _already_there(self, have: int) -> tuple[bytes, bool]:
        """What else has arrived, without waiting (a burst such as `cat` of a big file goes
        out in a few large messages, not one per TTY read); and whether the stream ended."""
        import select

        parts: list[bytes] = []
        sock = self._sock
        while sock is not None and have < BATCH and select.select([sock], [], [], 0)[0]:
            try:
                data = sock.recv(CHUNK)
            except OSError:
                return b"".join(parts), True
            if not data:
                return b"".join(parts), True
            parts.append(data)
            have += len(data)
        return b"".join(parts), False

    def _end_line(self) -> str:
        """Why the stream ended: the shell exited (its code) or the user detached."""
        try:
            return self.target.end_line(self._typed.endswith(DETACH))
        except Exception as exc:  # noqa: BLE001 - the engine gone is one line, not a traceback
            return f"docker: the stream ended and the engine did not answer ({type(exc).__name__})"

    def _finish(self, line: str) -> None:
        self.ended = line
        self.on_end(line)

    def write(self, data: bytes) -> None:
        """Send keys to the TTY (dropped once the session ended)."""
        sock = self._sock
        if sock is None or self.stop.is_set():
            return
        self._typed = (self._typed + data)[-len(DETACH):]
        try:
            sock.sendall(data)
        except OSError:
            pass  # the reader sees the end and says why

    def resize(self, rows: int, cols: int) -> None:
        """The TTY's size follows the terminal on the page (`stty size` agrees)."""
        if self._stream is None or self.stop.is_set() or rows < 1 or cols < 1:
            return
        try:
            self.target.resize(rows, cols)
        except Exception:  # noqa: BLE001 - the exec may have just ended; nothing to resize
            pass

    def close(self) -> None:
        """Stop reading and close the socket and its HTTP response (the one place that does)."""
        with self._lock:
            self.stop.set()
            stream, self._stream, self._sock = self._stream, None, None
        if stream is None:
            return
        raw = getattr(stream, "_sock", stream)
        try:
            raw.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        from ..streams.attached import close_stream

        try:
            close_stream(stream)
        except (OSError, ValueError):  # already shut down: its buffered writer cannot flush
            pass
        try:
            raw.close()
        except OSError:
            pass
