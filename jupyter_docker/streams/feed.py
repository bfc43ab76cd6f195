"""A following stream from the engine (logs -f, stats, events) that any thread can end at once.

    feed = open_feed(engine, "/events", params={"filters": ...})
    for message in feed.messages():     # or feed.chunks() for raw bytes (logs)
        ...
    feed.close()                        # from another thread too: the reader's recv returns

Closing a requests response alone does not wake a thread blocked reading it; shutting the
socket down does. Knows nothing of widgets.
"""

from __future__ import annotations

import http.client as http_client
import json
import socket
from typing import Any, Iterator

from .chunked import Truncated, dechunk
from ..engine import Engine
from ..errors import DockerError

ENGINE_GONE = "the engine went away"  # how every follower says its engine stopped answering


class EngineGone(DockerError):
    """The engine stopped answering in the middle of a stream (dockerd killed, ...)."""


def cut_off(exc: BaseException) -> bool:
    """Whether `exc` is a stream cut in the middle by its engine going away: requests'
    ChunkedEncodingError/ConnectionError, urllib3's ProtocolError (IncompleteRead), ..."""
    import requests
    import urllib3

    return isinstance(exc, (requests.exceptions.ChunkedEncodingError,
                            requests.exceptions.ConnectionError, urllib3.exceptions.HTTPError,
                            http_client.HTTPException, ConnectionError))


def gone_line(exc: BaseException, what: str) -> str:
    """`the engine went away (ChunkedEncodingError): stopped following events`."""
    return f"{ENGINE_GONE} ({type(exc).__name__}): {what}"


class Feed:
    """An open streaming response: read its bytes or its JSON messages; close from anywhere."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.closed = False

    def chunks(self) -> Iterator[bytes]:
        """The body's bytes as they arrive, in pieces of any size: everything that has arrived
        since the last one (a chunked body is decoded here, in large reads; see `chunked`)."""
        http = _http_response(self.response)
        if http is not None and http.chunked and http.chunk_left is None and http.fp:
            return _as_requests_would(dechunk(http.fp.read1))
        return self.response.iter_content(chunk_size=None)

    def messages(self) -> Iterator[dict[str, Any]]:
        """One decoded JSON object per message (the engine sends one per line)."""
        pending = b""
        for chunk in self.chunks():
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if line.strip():
                    yield json.loads(line)
        if pending.strip():
            yield json.loads(pending)

    def close(self) -> None:
        """Unblock a reader stuck in recv on this socket, then release the response."""
        self.closed = True
        http = _http_response(self.response)
        sock = getattr(getattr(getattr(http, "fp", None), "raw", None), "_sock", None)
        if isinstance(sock, socket.socket):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.response.close()


def _as_requests_would(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A cut stream fails as it did through requests, so every follower reads it alike."""
    try:
        yield from chunks
    except Truncated as exc:
        from requests.exceptions import ChunkedEncodingError

        raise ChunkedEncodingError(str(exc)) from exc


def _http_response(response: Any) -> http_client.HTTPResponse | None:
    """The http.client response under a requests/urllib3 one, or None."""
    http = getattr(getattr(response, "raw", None), "_fp", None)
    return http if isinstance(http, http_client.HTTPResponse) else None


def open_feed(engine: Engine, path: str, *path_args: str,
              params: dict[str, Any] | None = None, follow: bool = True) -> Feed:
    """GET a streaming endpoint; following, no read timeout (a quiet stream is not a dead one)."""
    api = engine.api
    response = api._get(api._url(path, *path_args), params=params or {}, stream=True,
                        timeout=None if follow else api.timeout)
    api._raise_for_status(response)
    return Feed(response)
