"""Window: flow control between a terminal's reader thread and the page that draws its bytes.

The page draws slower than a container can print (`cat` of a big file): without a bound, its
main thread falls behind, the bytes queue in the browser and everything else on the page (a
cell's reply) waits behind them. So the reader counts what it sent, the page acknowledges what
xterm.js has written (its offset in the stream, at least every `ACK_EVERY` bytes), and once
`HIGH` bytes are unacknowledged the reader stops reading the container's socket until the page
is back under `LOW`: the container's writes then block on its TTY, as on a slow terminal.
"""

from __future__ import annotations

import threading

HIGH = 256 * 1024  # unacknowledged bytes at which the reader stops reading
LOW = 64 * 1024  # ... and where it starts again
ACK_EVERY = LOW  # the page acknowledges at least this often (<= LOW, or it would stall)
WAKE = 0.5  # seconds between looks at the stop event while paused


class Window:
    """How many more bytes the reader may send: `wait()` blocks while the page is behind."""

    def __init__(self, high: int = HIGH, low: int = LOW) -> None:
        self.high, self.low = high, low
        self.sent = 0  # bytes handed to the page so far (the stream offset)
        self.acked = 0  # the highest offset the page has written
        self.paused = False
        self.pauses = 0  # times the reader stopped for the page
        self.open = False  # no more waiting (the stream is ending)
        self._changed = threading.Condition()

    def room(self, stop: threading.Event) -> int:
        """Bytes the reader may send now (> 0); waits while paused, until `stop` is set (0)."""
        with self._changed:
            while not (self.open or stop.is_set()):
                behind = self.sent - self.acked
                if self.paused and behind <= self.low:
                    self.paused = False
                if not self.paused and behind < self.high:
                    return self.high - behind
                if not self.paused:
                    self.paused = True
                    self.pauses += 1
                self._changed.wait(WAKE)
            return 0 if stop.is_set() else self.high

    def sending(self, size: int) -> int:
        """Count `size` more bytes sent; the stream's offset after them."""
        with self._changed:
            self.sent += size
            return self.sent

    def ack(self, offset: int) -> None:
        """The page has written the stream up to `offset` (any view: the furthest counts)."""
        with self._changed:
            if self.acked < offset <= self.sent:
                self.acked = offset
                self._changed.notify_all()

    def release(self) -> None:
        """Stop waiting for the page (a detach or close: the reader must see the end)."""
        with self._changed:
            self.open = True
            self._changed.notify_all()
