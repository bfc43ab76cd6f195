"""`POST /session` (or `/grpc`): the engine upgrades the connection to HTTP/2 (h2c).

We speak HTTP/1.1 on a socket of our own rather than through the SDK's connection pool: the
engine starts HTTP/2 the moment it has written `101`, and bytes read past the response head
must not be lost in a library's buffer. Whatever arrived after the head is returned with the
socket.
"""

from __future__ import annotations

import socket
import ssl
from typing import Any
from urllib.parse import urlparse

from ...engine import CONNECT_TIMEOUT, Engine
from ...errors import DockerError

HEAD_LIMIT = 65536


def connect(engine: Engine) -> socket.socket:
    """A fresh socket to the engine (unix, tcp, or tcp with the engine's TLS settings)."""
    host = engine.target.host
    url = urlparse(host)
    try:
        if url.scheme in ("unix", "npipe") or host.startswith("/"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(url.path or host)
        elif url.scheme in ("tcp", "http", "https"):
            sock = socket.create_connection((url.hostname, url.port or 2375), CONNECT_TIMEOUT)
            if _tls(engine.api) is not None or url.scheme == "https":
                sock = _tls(engine.api).wrap_socket(sock, server_hostname=url.hostname)
        else:
            raise DockerError(f"a BuildKit session needs a unix or tcp engine address, not "
                              f"{url.scheme}://")
    except OSError as exc:
        raise DockerError(f"cannot open a build session on {host}: {exc}") from None
    sock.settimeout(None)
    return sock


def _tls(api: Any) -> ssl.SSLContext | None:
    """The SDK client's TLS material as an SSL context (None when the engine speaks plain)."""
    if not str(getattr(api, "base_url", "")).startswith("https"):
        return None
    verify = getattr(api, "verify", True)
    context = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
    if verify is False:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    cert = getattr(api, "cert", None)
    if cert:
        context.load_cert_chain(*cert) if isinstance(cert, tuple) else context.load_cert_chain(cert)
    return context


def upgrade(engine: Engine, headers: list[tuple[str, str]], endpoint: str = "session",
            what: str = "a build session") -> tuple[socket.socket, bytes]:
    """Send `POST /ENDPOINT` with `headers`, expect `101`; the socket and the bytes after it
    (`/session`: the engine is the HTTP/2 client; `/grpc`: we are)."""
    sock = connect(engine)
    lines = [f"POST /v{engine.version}/{endpoint} HTTP/1.1", "Host: docker",
             "Upgrade: h2c", "Connection: Upgrade", "Content-Length: 0",
             *(f"{name}: {value}" for name, value in headers)]
    try:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
            if len(head) > HEAD_LIMIT:
                break
    except OSError as exc:
        sock.close()
        raise DockerError(f"the engine refused {what}: {exc}") from None
    status_line, _, rest = head.partition(b"\r\n")
    parts = status_line.split(b" ", 2)
    if len(parts) < 2 or parts[1] != b"101":
        sock.close()
        body = rest.partition(b"\r\n\r\n")[2].decode("utf-8", "replace").strip()
        raise DockerError(f"the engine refused {what}: {_message(body, status_line)}")
    return sock, rest.partition(b"\r\n\r\n")[2]


class H2Link:
    """What both ends of an HTTP/2 connection of ours share (the session's server, the
    /grpc client): h2's bytes written to the socket, and the connection ended once."""

    sock: socket.socket
    conn: Any
    _closed: bool

    def _flush(self) -> None:
        data = self.conn.data_to_send()
        if data and not self._closed:
            try:
                self.sock.sendall(data)
            except OSError:
                self._closed = True

    def _hang_up(self) -> None:
        """GOAWAY if the socket still works, then close the socket."""
        if not self._closed:
            try:
                self.conn.close_connection()
                self._flush()
            except Exception:  # noqa: BLE001 - closing anyway
                pass
        self._closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def _message(body: str, status_line: bytes) -> str:
    """The engine's `{"message": ...}`, else the last line said, else the status line."""
    import json

    for line in reversed(body.splitlines()):
        try:
            return str(json.loads(line)["message"])
        except (ValueError, KeyError, TypeError):
            continue
    lines = body.splitlines()
    return lines[-1] if lines else status_line.decode("latin-1")
