"""The gRPC server side of a session: HTTP/2 (the `h2` library) on the hijacked socket.

The engine is the HTTP/2 client: it opens a stream per call (`:path` names the method), we
answer. One reader thread feeds the socket's bytes to `h2` and routes each stream's messages
to its `Call`; every call runs its handler in a thread of its own (a health check must be
answered while a file transfer streams). Everything written to the socket goes through one
lock; `close()` is the one place that closes it.
"""

from __future__ import annotations

import queue
import socket
import threading
from typing import Callable

from . import grpcwire as gw
from .hijack import H2Link

THREAD_PREFIX = "jupyter-docker-session"
CHUNK = 65536
WINDOW = 4 * 1024 * 1024  # what the engine may send ahead of our reading, per stream
END = object()  # the engine ended its side of a call

Handler = Callable[["Call"], None]


class Call:
    """One RPC: the messages the engine sends (`recv`), ours back (`send`), the status
    (`finish`). A handler that raises RpcError ends the call with that status."""

    def __init__(self, server: "Server", stream_id: int, path: str,
                 metadata: dict[str, list[str]]) -> None:
        self.server, self.stream_id, self.path, self.metadata = server, stream_id, path, metadata
        self.inbox: queue.Queue[object] = queue.Queue()
        self.deframer = gw.Deframer()
        self.unacked = 0  # flow-controlled bytes received but not yet given to the handler
        self.headers_sent = False
        self.finished = False
        self.cancelled = threading.Event()

    def recv(self) -> bytes | None:
        """The next message; None when the engine has ended its side (or the call is over)."""
        item = self.inbox.get()
        if self.inbox.empty():
            self.server.ack(self)
        return None if item is END else item  # type: ignore[return-value]

    def waiting(self) -> bool:
        """Whether a message from the engine is already here (`recv` will not block)."""
        return not self.inbox.empty()

    def send(self, message: bytes) -> None:
        self.server.send_message(self, gw.frame(message))

    def send_all(self, messages: list[bytes]) -> None:
        """Several messages in one go (fewer frames and writes than one `send` each)."""
        if messages:
            self.server.send_message(self, b"".join(gw.frame(m) for m in messages))

    def finish(self, code: int = gw.OK, message: str = "") -> None:
        self.server.finish(self, code, message)

    def meta(self, key: str) -> str:
        values = self.metadata.get(key.lower()) or [""]
        return values[0]


class Server(H2Link):
    """Serve `handlers` (method path -> function of a Call) on `sock` until it closes."""

    def __init__(self, sock: socket.socket, handlers: dict[str, Handler],
                 first_bytes: bytes = b"", name: str = "") -> None:
        import h2.config
        import h2.connection

        self.sock = sock
        self.handlers = handlers
        self.stop = threading.Event()
        self.calls: dict[int, Call] = {}
        self.errors: list[str] = []  # handler failures, for the build's error message
        self.workers: list[threading.Thread] = []  # one per call
        self._lock = threading.RLock()  # the h2 state machine and the socket's write side
        self._window = threading.Condition(self._lock)
        self._closed = False
        self.conn = h2.connection.H2Connection(
            h2.config.H2Configuration(client_side=False, header_encoding=None))
        self.conn.local_settings = h2.settings.Settings(  # type: ignore[attr-defined]
            client=False, initial_values={h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: WINDOW})
        self.conn.initiate_connection()
        self.conn.increment_flow_control_window(WINDOW)
        self._flush()
        self._first = first_bytes
        self.thread = threading.Thread(target=self._read, daemon=True,
                                       name=f"{THREAD_PREFIX}-{name[:12]}")
        self.thread.start()

    # ------------------------------------------------------------------ reading
    def _read(self) -> None:
        try:
            data = self._first
            while not self.stop.is_set():
                if data:
                    self._receive(data)
                try:
                    data = self.sock.recv(CHUNK)
                except OSError:
                    break
                if not data:
                    break
        except Exception as exc:  # noqa: BLE001 - a protocol error ends the session, said once
            self.errors.append(f"session: {type(exc).__name__}: {exc}")
        finally:
            self.close()

    def _receive(self, data: bytes) -> None:
        import h2.events as ev

        with self._lock:
            events = self.conn.receive_data(data)
            self._flush()
        for event in events:
            if isinstance(event, ev.RequestReceived):
                self._start(event.stream_id, event.headers)
            elif isinstance(event, ev.DataReceived):
                call = self.calls.get(event.stream_id)
                if call is None:
                    self._ack_bytes(event.stream_id, event.flow_controlled_length)
                    continue
                call.unacked += event.flow_controlled_length
                for message in call.deframer.feed(event.data):
                    call.inbox.put(message)
                if call.inbox.empty():  # a partial message: let the rest come
                    self.ack(call)
            elif isinstance(event, ev.StreamEnded):
                call = self.calls.get(event.stream_id)
                if call is not None:
                    call.inbox.put(END)
            elif isinstance(event, ev.StreamReset):
                call = self.calls.pop(event.stream_id, None)
                if call is not None:
                    call.cancelled.set()
                    call.finished = True
                    call.inbox.put(END)
            elif isinstance(event, (ev.WindowUpdated, ev.RemoteSettingsChanged)):
                with self._window:
                    self._window.notify_all()
            elif isinstance(event, ev.ConnectionTerminated):
                self.stop.set()

    def _start(self, stream_id: int, headers: list[tuple[bytes, bytes]]) -> None:
        metadata: dict[str, list[str]] = {}
        for name, value in headers:
            metadata.setdefault(name.decode("latin-1").lower(), []).append(
                value.decode("utf-8", "replace"))
        path = (metadata.get(":path") or [""])[0]
        call = Call(self, stream_id, path, metadata)
        self.calls[stream_id] = call
        handler = self.handlers.get(path.lower())
        worker = threading.Thread(target=self._run, args=(call, handler), daemon=True,
                                  name=f"{THREAD_PREFIX}-call-{stream_id}")
        self.workers = [w for w in self.workers if w.is_alive()] + [worker]
        worker.start()

    def _run(self, call: Call, handler: Handler | None) -> None:
        try:
            if handler is None:
                raise gw.RpcError(gw.UNIMPLEMENTED, f"unknown method {call.path}")
            handler(call)
            if not call.finished:
                call.finish()
        except gw.RpcError as exc:
            call.finish(exc.code, exc.message)
        except Exception as exc:  # noqa: BLE001 - the engine gets the reason, the build fails
            self.errors.append(f"{call.path}: {exc}")
            call.finish(gw.UNKNOWN, str(exc))

    # ------------------------------------------------------------------ writing
    def ack(self, call: Call) -> None:
        """Give back the flow-control credit of what the handler has taken."""
        if call.unacked:
            amount, call.unacked = call.unacked, 0
            self._ack_bytes(call.stream_id, amount)

    def _ack_bytes(self, stream_id: int, amount: int) -> None:
        import h2.exceptions

        with self._lock:
            if self._closed:
                return
            try:
                self.conn.acknowledge_received_data(amount, stream_id)
            except (h2.exceptions.StreamClosedError, KeyError):
                self.conn.increment_flow_control_window(amount)
            self._flush()

    def _headers(self, call: Call) -> None:
        if not call.headers_sent:
            call.headers_sent = True
            self.conn.send_headers(call.stream_id, [(b":status", b"200"),
                                                    (b"content-type", b"application/grpc")])

    def send_message(self, call: Call, data: bytes) -> None:
        """Write one framed message, waiting for the engine's flow-control window."""
        with self._window:
            if call.finished or self._closed:
                raise gw.RpcError(gw.CANCELLED, "the call is over")
            self._headers(call)
            while data:
                if self._closed or call.cancelled.is_set():
                    raise gw.RpcError(gw.CANCELLED, "the call is over")
                room = min(self.conn.local_flow_control_window(call.stream_id),
                           self.conn.max_outbound_frame_size)
                if room <= 0:
                    self._flush()
                    self._window.wait(1.0)
                    continue
                self.conn.send_data(call.stream_id, data[:room])
                data = data[room:]
            self._flush()  # the message's frames in one write

    def finish(self, call: Call, code: int, message: str) -> None:
        """Trailers (or a trailers-only response) with the call's status."""
        import h2.exceptions

        with self._lock:
            if call.finished or self._closed:
                call.finished = True
                return
            call.finished = True
            try:
                if call.headers_sent:
                    self.conn.send_headers(call.stream_id, gw.trailers(code, message),
                                           end_stream=True)
                else:
                    self.conn.send_headers(
                        call.stream_id, [(b":status", b"200"),
                                         (b"content-type", b"application/grpc"),
                                         *gw.trailers(code, message)], end_stream=True)
            except h2.exceptions.StreamClosedError:
                pass
            self.calls.pop(call.stream_id, None)
            self._flush()

    # ------------------------------------------------------------------ the end
    def close(self) -> None:
        """End the session: GOAWAY if the socket still works, then close it (once)."""
        with self._lock:
            if self._closed and self.sock.fileno() == -1:
                return
            self.stop.set()
            self._hang_up()
            calls, self.calls = list(self.calls.values()), {}
            self._window.notify_all()
        for call in calls:
            call.cancelled.set()
            call.inbox.put(END)
