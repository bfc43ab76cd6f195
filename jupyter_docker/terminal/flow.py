"""Window: flow control between a terminal's reader thread and the page that draws its bytes.

The page draws slower than a container can print (`cat` of a big file): without a bound, its
main thread falls behind, the bytes queue in the browser and everything else on the page (a
cell's reply) waits behind them. So the reader counts what it sent, the page acknowledges what
xterm.js has written (its offset in the stream, at least every `ACK_EVERY` bytes), and once
`HIGH` bytes are unacknowledged the reader stops reading the container's socket until the page
is back under `LOW`: the container's writes then block on its TTY, as on a slow terminal.
Only the bytes sent count: what the reader read ahead and dropped (fastforward.py) does not.
"""

from __future__ import annotations

import os
import threading

HIGH = 256 * 1024  # unacknowledged bytes at which the reader stops reading
LOW = 64 * 1024  # ... and where it starts again
ACK_EVERY = LOW  # the page acknowledges at least this often (<= LOW, or it would stall)


class Window:
    """How many more bytes the reader may send: `free()` is 0 while the page is behind."""

    def __init__(self, high: int = HIGH, low: int = LOW) -> None:
        self.high, self.low = high, low
        self.sent = 0  # bytes handed to the page so far (the stream offset)
        self.acked = 0  # the highest offset the page has written
        self.paused = False
        self.pauses = 0  # times the reader stopped for the page
        self.open = False  # no more waiting (the stream is ending)
        self._lock = threading.Lock()
        self._wake: tuple[int, int] | None = None  # a pipe the reader can select() on

    def waker(self) -> int:
        """A file descriptor that is readable once the page acknowledged or the window was
        released (the reader selects on it beside the container's socket); `woken()` clears it."""
        with self._lock:
            if self._wake is None:
                self._wake = os.pipe()
                os.set_blocking(self._wake[0], False)
                os.set_blocking(self._wake[1], False)
            return self._wake[0]

    def woken(self) -> None:
        wake = self._wake
        if wake is not None:
            try:
                while os.read(wake[0], 4096):
                    pass
            except OSError:  # nothing left to read (or closed)
                pass

    def _wake_up(self) -> None:
        if self._wake is not None:
            try:
                os.write(self._wake[1], b"x")
            except OSError:  # full (the reader will look anyway) or closed
                pass

    def close(self) -> None:
        """Close the waker's pipe (the reader has ended)."""
        with self._lock:
            wake, self._wake = self._wake, None
        for fd in wake or ():
            os.close(fd)

    def free(self) -> int:
        """Bytes the reader may send now without waiting (0 while paused)."""
        with self._lock:
            if self.open:
                return self.high
            behind = self.sent - self.acked
            if self.paused and behind <= self.low:
                self.paused = False
            if not self.paused and behind < self.high:
                return self.high - behind
            if not self.paused:
                self.paused = True
                self.pauses += 1
            return 0

    def sending(self, size: int) -> int:
        """Count `size` more bytes sent; the stream's offset after them."""
        with self._lock:
            self.sent += size
            return self.sent

    def ack(self, offset: int) -> None:
        """The page has written the stream up to `offset` (any view: the furthest counts)."""
        with self._lock:
            if self.acked < offset <= self.sent:
                self.acked = offset
                self._wake_up()

    def release(self) -> None:
        """Stop waiting for the page (a detach or close: the reader must see the end)."""
        with self._lock:
            self.open = True
            self._wake_up()
