"""Standard input for an attached container or exec: the cell body, written on the hijacked
attach socket by a thread, then half-closed so the process reads end of input.

Output is read while the input is written (a thread each way), so a container that writes
more than the socket buffers while it reads cannot deadlock us; when the container exits the
engine closes the socket, which ends the writer too.
"""

from __future__ import annotations

import socket
import threading
from typing import Any, Iterator

from ..engine import Engine
from ..errors import UsageError

CHUNK = 64 * 1024


def check_stdin(interactive: Any, tty: Any, detach: Any, command: str) -> None:
    """A cell body is standard input only for an attached `-i` without `-t` (as the CLI's
    `docker run -i IMAGE CMD < file`); said before anything is created."""
    if not interactive:
        raise UsageError(f"the cell body is standard input only with -i: %%docker {command} -i "
                         "...", command=command)
    if tty:
        raise UsageError("the input device is not a TTY: a cell body is standard input "
                         "with -i, without -t", command=command)
    if detach:
        raise UsageError("a cell body is standard input only for an attached container "
                         "(without -d)", command=command)


def as_bytes(data: str | bytes) -> bytes:
    """A cell body (text) or bytes from the Python API, as the bytes the container reads."""
    return data.encode() if isinstance(data, str) else bytes(data)


class Hijacked:
    """A hijacked attach/exec connection: iterate for demultiplexed (stdout, stderr) chunks;
    `feed(data)` writes the input in the background and half-closes; `close()` ends it all."""

    def __init__(self, sock: Any) -> None:
        self.sock = sock
        self.raw: socket.socket = getattr(sock, "_sock", sock)  # SocketIO on a unix socket
        self._response = getattr(sock, "_response", None)  # for streams.attached.close_stream
        self.writer: threading.Thread | None = None

    def feed(self, data: bytes) -> None:
        self.writer = threading.Thread(target=self._write, args=(data,), daemon=True,
                                       name="jupyter-docker-stdin")
        self.writer.start()

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            for start in range(0, len(view), CHUNK):
                self.raw.sendall(view[start:start + CHUNK])
            self.raw.shutdown(socket.SHUT_WR)
        except OSError:  # the container exited (or we closed) before reading it all
            pass

    def __iter__(self) -> Iterator[tuple[bytes | None, bytes | None]]:
        from docker.utils.socket import demux_adaptor, frames_iter

        for stream_id, data in frames_iter(self.sock, tty=False):
            yield demux_adaptor(stream_id, data)

    def close(self) -> None:
        try:
            self.raw.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.raw.close()  # the socket, not its SocketIO: the response closes that (flushing)
        if self.writer is not None:
            self.writer.join(timeout=5)


def attach_with_stdin(engine: Engine, cid: str, wanted: set[str]) -> Hijacked:
    """Attach stdin and the wanted outputs before `start` (nothing missed); `feed` after."""
    params = {"stdin": 1, "stdout": int("stdout" in wanted), "stderr": int("stderr" in wanted),
              "stream": 1}
    return Hijacked(engine.api.attach_socket(cid, params=params))


def exec_with_stdin(engine: Engine, exec_id: str, data: bytes) -> Hijacked:
    """Start an exec created with stdin=True and feed it `data`."""
    stream = Hijacked(engine.api.exec_start(exec_id, socket=True))
    stream.feed(data)
    return stream
