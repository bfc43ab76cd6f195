"""Replay: the last bytes a terminal's container wrote, for a view that opens late.

A reloaded page (or a second view of the same output) draws a terminal whose stream started
long before. The kernel keeps the last REPLAY bytes of the stream (bounded memory, whatever the
container prints) and sends them to the new view first, so xterm.js redraws the same screen and
scrollback; the live bytes follow. A cut tail starts after a newline, so the view does not begin
inside a line (an escape sequence or a UTF-8 character cut in two).
"""

from __future__ import annotations

from collections import deque

REPLAY = 256 * 1024  # bytes of a terminal's latest output kept for a new view


class Replay:
    """The stream's last `limit` bytes (as whole chunks while kept, cut when read) and the
    stream's offset after them (`at`, the flow-control offset: the page's acknowledgements)."""

    def __init__(self, limit: int = REPLAY) -> None:
        self.limit = limit
        self.at = 0  # bytes of the stream so far
        self._chunks: deque[bytes] = deque()
        self._size = 0

    def add(self, data: bytes) -> int:
        """Keep `data`, forget what falls out of the limit; the stream's offset after it."""
        self._chunks.append(data)
        self._size += len(data)
        self.at += len(data)
        while self._chunks and self._size - len(self._chunks[0]) >= self.limit:
            self._size -= len(self._chunks.popleft())
        return self.at

    def tail(self) -> bytes:
        """The last `limit` bytes at most, from the start of the stream or of a line."""
        data = b"".join(self._chunks)
        if self.at <= self.limit:
            return data
        data = data[-self.limit:]
        newline = data.find(b"\n")
        return data[newline + 1:] if newline >= 0 else data
