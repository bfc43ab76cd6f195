"""A gRPC client over the engine's `POST /grpc`: HTTP/2 (h2c) on a hijacked connection.

After `101 Switching Protocols` the engine serves BuildKit's gRPC API (moby.buildkit.v1.Control
and the rest) on that connection as an HTTP/2 server; we are the client. Each call is a
stream: our request (one gRPC message, then the end of our side), the engine's messages, its
trailers (`grpc-status`). One reader thread feeds the socket to `h2` and puts what arrives on
one queue, so the caller waits on all its calls at once (a Solve that fails ends the wait
for its Status too). `close()` is the one place that closes the socket.
"""

from __future__ import annotations

import queue
import socket
import threading
from typing import NamedTuple
from urllib.parse import unquote

from ...engine import Engine
from ..session import grpcwire as gw
from ..session.hijack import H2Link, upgrade

THREAD_PREFIX = "jupyter-docker-grpc"
CHUNK = 65536
WINDOW = 16 * 1024 * 1024  # what the engine may send ahead of our reading (status batches)
CANCEL = 0x8  # HTTP/2 error code CANCEL: grpc-go cancels the call's context


class Event(NamedTuple):
    """What the reader saw: a `message` (bytes) or the `end` of a call ((code, text)) on
    stream `stream`, or the connection `closed` (stream 0, the reason)."""

    kind: str
    stream: int
    value: object


class Channel(H2Link):
    """One `/grpc` connection; `call` opens a call, `events` is where its answers arrive."""

    def __init__(self, sock: socket.socket, first: bytes = b"") -> None:
        import h2.config
        import h2.connection
        import h2.settings

        self.sock = sock
        self.events: queue.Queue[Event] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._deframers: dict[int, gw.Deframer] = {}
        self._status: dict[int, tuple[int, str]] = {}
        self.conn = h2.connection.H2Connection(
            h2.config.H2Configuration(client_side=True, header_encoding=None))
        self.conn.local_settings = h2.settings.Settings(
            client=True, initial_values={h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: WINDOW,
                                         h2.settings.SettingCodes.ENABLE_PUSH: 0})
        self.conn.initiate_connection()
        self.conn.increment_flow_control_window(WINDOW)
        self._flush()
        self.thread = threading.Thread(target=self._read, args=(first,), daemon=True,
                                       name=THREAD_PREFIX)
        self.thread.start()

    @classmethod
    def open(cls, engine: Engine) -> "Channel":
        """`POST /grpc` with `Upgrade: h2c` (moby's router answers 101 and serves HTTP/2)."""
        sock, first = upgrade(engine, [], endpoint="grpc", what="a BuildKit connection")
        return cls(sock, first)

    # ------------------------------------------------------------------ calls
    def call(self, method: str, request: bytes) -> int:
        """Start `method` (`/package.Service/Method`) with one request message; its stream id.
        A unary or server-streaming call: our side ends with the request."""
        with self._lock:
            if self._closed:
                raise gw.RpcError(gw.UNAVAILABLE, "the BuildKit connection is closed")
            stream = self.conn.get_next_available_stream_id()
            self._deframers[stream] = gw.Deframer()
            self.conn.send_headers(stream, [
                (b":method", b"POST"), (b":scheme", b"http"), (b":path", method.encode()),
                (b":authority", b"docker"), (b"content-type", b"application/grpc"),
                (b"te", b"trailers"), (b"user-agent", b"jupyter-docker")])
            self._send(stream, gw.frame(request))
            self.conn.end_stream(stream)
            self._flush()
        return stream

    def cancel(self, stream: int) -> None:
        """End a call from our side (RST_STREAM CANCEL): the engine cancels its context."""
        import h2.exceptions

        with self._lock:
            if self._closed:
                return
            try:
                self.conn.reset_stream(stream, CANCEL)
            except (h2.exceptions.StreamClosedError, h2.exceptions.ProtocolError, KeyError):
                return
            self._flush()

    def _send(self, stream: int, data: bytes) -> None:
        """Our request; small (a SolveRequest), so the initial window always has room."""
        while data:
            room = min(self.conn.local_flow_control_window(stream),
                       self.conn.max_outbound_frame_size)
            if room <= 0:
                raise gw.RpcError(gw.RESOURCE_EXHAUSTED, "request larger than the window")
            self.conn.send_data(stream, data[:room])
            data = data[room:]

    # ------------------------------------------------------------------ reading
    def _read(self, data: bytes) -> None:
        reason = "the engine closed the BuildKit connection"
        try:
            while True:
                if data:
                    self._receive(data)
                try:
                    data = self.sock.recv(CHUNK)
                except OSError as exc:
                    reason = f"the BuildKit connection broke: {exc}"
                    break
                if not data:
                    break
        except Exception as exc:  # noqa: BLE001 - a protocol error ends the calls, said once
            reason = f"BuildKit connection: {type(exc).__name__}: {exc}"
        finally:
            self.events.put(Event("closed", 0, reason))
            self.close()

    def _receive(self, data: bytes) -> None:
        import h2.events as ev

        with self._lock:
            if self._closed:
                return
            events = self.conn.receive_data(data)
            for event in events:
                if isinstance(event, ev.DataReceived):
                    self.conn.acknowledge_received_data(event.flow_controlled_length,
                                                        event.stream_id)
            self._flush()
        for event in events:
            if isinstance(event, (ev.ResponseReceived, ev.TrailersReceived)):
                self._headers(event.stream_id, event.headers)
            elif isinstance(event, ev.DataReceived):
                deframer = self._deframers.get(event.stream_id)
                for message in deframer.feed(event.data) if deframer else ():
                    self.events.put(Event("message", event.stream_id, message))
            elif isinstance(event, ev.StreamEnded):
                self._end(event.stream_id, self._status.pop(
                    event.stream_id, (gw.UNKNOWN, "the call ended without a status")))
            elif isinstance(event, ev.StreamReset):
                self._end(event.stream_id, (gw.CANCELLED, "the engine reset the call"))
            elif isinstance(event, ev.ConnectionTerminated):
                raise ConnectionError(f"the engine ended the connection (GOAWAY "
                                      f"{event.error_code})")

    def _headers(self, stream: int, headers: list[tuple[bytes, bytes]]) -> None:
        found = {name.lower(): value for name, value in headers}
        if b"grpc-status" in found:  # trailers, or a trailers-only answer (an early error)
            text = unquote(found.get(b"grpc-message", b"").decode("utf-8", "replace"))
            self._status[stream] = (int(found[b"grpc-status"]), text)
        elif found.get(b":status", b"200") != b"200":
            self._status[stream] = (gw.UNKNOWN, f"HTTP {found[b':status'].decode()}")

    def _end(self, stream: int, status: tuple[int, str]) -> None:
        if self._deframers.pop(stream, None) is not None:
            self.events.put(Event("end", stream, status))

    # ------------------------------------------------------------------ the end
    def close(self) -> None:
        """GOAWAY if the socket still works, then close it (once); the reader ends."""
        with self._lock:
            if self.sock.fileno() == -1:
                return
            self._hang_up()
        if threading.current_thread() is not self.thread:
            self.thread.join(5)
