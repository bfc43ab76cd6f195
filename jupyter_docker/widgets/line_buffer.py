"""A bounded buffer of log lines: the last N lines, a count of the dropped ones."""

from __future__ import annotations

import codecs
import threading
from collections import deque
from itertools import repeat

STDOUT, STDERR = 1, 2
DEFAULT_MAX_LINES = 10_000  # `%config DockerMagics.log_lines = N` sets it


class LineBuffer:
    """Thread-safe ring buffer fed with raw (stream, bytes) frames, split into lines."""

    def __init__(self, max_lines: int | None = None) -> None:
        max_lines = max_lines or DEFAULT_MAX_LINES
        self.lines: deque[tuple[int, str]] = deque(maxlen=max_lines)
        self.received = 0
        self.version = 0
        self._partial = {STDOUT: "", STDERR: ""}
        self._decoders = {k: codecs.getincrementaldecoder("utf-8")("replace") for k in self._partial}
        self._open = {STDOUT: False, STDERR: False}  # a line (or a UTF-8 character) is pending
        self._lock = threading.Lock()

    @property
    def dropped(self) -> int:
        return self.received - len(self.lines)

    def feed(self, stream: int, payload: bytes) -> None:
        """Add a frame; complete lines enter the buffer, a trailing partial line waits."""
        stream = STDERR if stream == STDERR else STDOUT
        if payload[-1:] == b"\n" and not self._open[stream]:
            # the usual frame (the engine sends one per line): whole lines, nothing pending,
            # so a plain decode gives what the incremental decoder would, for less
            complete = payload.decode("utf-8", "replace").split("\n")
            complete.pop()
        else:
            decoder = self._decoders[stream]
            text = self._partial[stream] + decoder.decode(payload)
            *complete, self._partial[stream] = text.split("\n")
            self._open[stream] = bool(self._partial[stream] or decoder.getstate()[0])
        if complete:
            with self._lock:
                if len(complete) == 1:
                    self.lines.append((stream, complete[0]))
                else:
                    self.lines.extend(zip(repeat(stream), complete))
                self.received += len(complete)
                self.version += 1

    def flush(self) -> None:
        """End of stream: partial lines become lines."""
        for stream, rest in self._partial.items():
            if rest:
                self.feed(stream, b"\n")

    def snapshot(self) -> list[tuple[int, str]]:
        with self._lock:
            return list(self.lines)

    def numbered(self) -> tuple[int, list[tuple[int, str]]]:
        """(number of the oldest line kept, counting from 0 since the start; the lines kept)."""
        with self._lock:
            return self.received - len(self.lines), list(self.lines)
