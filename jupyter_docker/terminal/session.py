"""TerminalSession: one TTY stream of the engine (an `exec -it`), bytes both ways.

The engine hijacks the HTTP connection of `exec start` into a raw two-way stream (with a TTY
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
DETACH = b"\x10\x11"  # the engine's default detach keys, Ctrl-P Ctrl-Q


class TerminalSession:
    """An exec with a TTY in container `container`, started by `start()`."""

    def __init__(self, engine: Engine, container: str, command: list[str],
                 on_output: Callable[[bytes], None], on_end: Callable[[str], None],
                 **exec_options: Any) -> None:
        self.engine = engine
        self.container = container
        self.on_output = on_output
        self.on_end = on_end
        # Created now, so a wrong container or command is an error of the cell itself.
        self.exec_id = engine.api.exec_create(container, command, stdin=True, stdout=True,
                                              stderr=True, tty=True, **exec_options)["Id"]
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._stream: Any = None
        self._sock: socket.socket | None = None
        self.thread: threading.Thread | None = None
        self.ended = ""
        self._typed = b""  # the last keys sent: were they the detach keys?

    def start(self, rows: int = 24, cols: int = 80) -> None:
        """Start the exec on a hijacked socket and its reader thread (once)."""
        with self._lock:
            if self._stream is not None or self.stop.is_set():
                return
            self._stream = self.engine.api.exec_start(self.exec_id, tty=True, socket=True)
            self._sock = getattr(self._stream, "_sock", self._stream)
        self.resize(rows, cols)
        self.thread = threading.Thread(target=self._read, daemon=True,
                                       name=f"{THREAD_PREFIX}-{self.exec_id[:12]}")
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
                self.on_output(data)
        finally:
            stopped = self.stop.is_set()
            try:
                self.close()
            finally:
                if not stopped:
                    self._finish(self._end_line())

    def _end_line(self) -> str:
        """Why the stream ended: the shell exited (its code) or the user detached."""
        from ..commands.container_exec import exit_code

        try:
            info = self.engine.api.exec_inspect(self.exec_id)
            if info.get("Running"):
                return (f"detached from exec in {self.container} (Ctrl-P Ctrl-Q): "
                        "it keeps running")
            code = exit_code(self.engine, self.exec_id)
            if self._typed.endswith(DETACH):  # engine 20.10 ends an exec's shell on detach
                return (f"detached from exec in {self.container} (Ctrl-P Ctrl-Q): the engine "
                        f"ended the exec (exit code {code})")
            return f"exit code {code}"
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
            self.engine.api.exec_resize(self.exec_id, height=rows, width=cols)
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
