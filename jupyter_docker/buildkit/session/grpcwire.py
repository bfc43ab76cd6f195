"""gRPC's own framing over HTTP/2, by hand: length-prefixed messages, trailers, status codes.

Each gRPC message on an HTTP/2 stream is one byte (1 = compressed; we never ask for
compression, so the engine never sends it) and a 4-byte big-endian length, then the
protobuf bytes. A call ends with trailers `grpc-status` (0 = OK) and `grpc-message`.
"""

from __future__ import annotations

import struct
from urllib.parse import quote

OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14


class RpcError(Exception):
    """A call ends with this gRPC status and message (what the engine reports)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def frame(message: bytes) -> bytes:
    """One uncompressed gRPC message as it travels in DATA frames."""
    return b"\x00" + struct.pack(">I", len(message)) + message


class Deframer:
    """Splits a stream's DATA bytes back into messages, however the frames cut them."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        out: list[bytes] = []
        while len(self._buffer) >= 5:
            compressed = self._buffer[0]
            (size,) = struct.unpack_from(">I", self._buffer, 1)
            if len(self._buffer) < 5 + size:
                break
            if compressed:
                raise RpcError(UNIMPLEMENTED, "compressed gRPC messages are not accepted")
            out.append(bytes(self._buffer[5:5 + size]))
            del self._buffer[:5 + size]
        return out


def trailers(code: int, message: str = "") -> list[tuple[bytes, bytes]]:
    """The trailing headers that end a call (grpc-message percent-encoded, as the spec says)."""
    out = [(b"grpc-status", str(code).encode())]
    if message:
        out.append((b"grpc-message", quote(message, safe=" !#$&'()*+,/:;=?@[]~").encode()))
    return out
