"""FastForward: the lines of a flood that could only fall off the page's scrollback are not sent.

xterm.js on the page keeps `scrollback` lines above its `rows`. A container can print far
faster than the page draws (`cat` of a big file), so the reader holds what it has read and not
yet sent (up to LOOKAHEAD bytes, the flow-control window decides what is sent) and drops a
region of it only where the page would end up the same, byte for byte, had it drawn it: its
screen, scrollback, cursor and modes. Mosh-style, but exact. The rule:

- the region is plain text: printable ASCII, tab, `\\r\\n` line ends and valid UTF-8 text,
  never a C1 control (U+0080-U+009F, bytes C2 80-C2 9F); any other control, a bare `\\r` or
  `\\n`, an escape: not plain;
- it starts right after a `\\r\\n` (the cursor in column 0) with the page's VT parser in its
  ground state (not inside an escape sequence or an OSC/DCS/APC/PM/SOS string: tracked across
  reads from the last ESC, cheaply; after a CAN, SUB or C1 control, in doubt until the next
  escape) and no scroll region set (DECSTBM other than the whole screen);
- it ends right after a `\\r\\n`, and the same plain text goes on after it for at least
  `keep` = scrollback + 2 x rows + MARGIN more line ends (the largest view's numbers).

Why that is exact: plain text writes cells in the current attributes and moves the cursor; each
line end on the bottom row scrolls a line into the scrollback (the oldest falls off). After
`keep` line ends the buffer (scrollback + rows lines) holds only lines the kept text wrote from
column 0, whether or not the region was drawn before it. The second `rows` is for a cursor that
starts on the top row: the rows below it, written over but not cleared, must scroll out too. A
wrapped line is more rows, which only pushes more out. Line ends are counted in plain text only:
an escape among them could move the cursor up, switch screens or set a scroll region. Not
covered: a page resized in the middle of the kept lines (its scrollback's oldest lines may then
differ).
"""

from __future__ import annotations

import re

LOOKAHEAD = 4 << 20  # bytes read ahead of the page at most (what is held to be dropped)
SCROLLBACK = 5000  # the page's scrollback unless it says otherwise (terminal.js)
MARGIN = 64  # line ends kept beyond scrollback + 2 x rows
CHUNK = 1 << 16  # bytes counted at a time when looking for the cut

GROUND, ESCAPE, CSI, OSC, STRING, DOUBT = "ground", "escape", "csi", "osc", "string", "doubt"
PRINTABLE = bytes(range(0x20, 0x7F)) + b"\t"
HIGH = bytes(range(0x80, 0x100))
NOT_PLAIN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n")
HIGH_RUN = re.compile(rb"[\x80-\xff]+")
C1 = re.compile(rb"\xc2[\x80-\x9f]")
CSI_BODY = re.compile(rb"[\x00-\x17\x19\x1c-\x3f\x7f]*")  # C0, parameters, intermediates
ESC_BODY = re.compile(rb"[\x00-\x17\x19\x1c-\x2f\x7f]*")  # C0, intermediates
MARGINS = re.compile(rb"\x1b(?:\[([0-9;]*)r|c|\[!p)")  # DECSTBM, RIS, DECSTR
CARRY = 256  # an unfinished sequence longer than this: in doubt


def _utf8(data: bytes) -> bool:
    """Valid UTF-8 without C1 controls."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return C1.search(data) is None


def not_plain(seg: bytes) -> tuple[list[int], int]:
    """Where the bytes of `seg` that are not plain text are, in order (none: it is all plain),
    and (when it is all plain) its line ends."""
    high = seg.isascii() or _utf8(seg)
    rest = seg.translate(None, PRINTABLE + HIGH if high else PRINTABLE)
    pairs = len(rest) // 2
    if rest == b"\r\n" * pairs and seg.count(b"\r\n") == pairs:
        return [], pairs  # only \r and \n left, each \r followed by its \n
    found = [match.start() for match in NOT_PLAIN.finditer(seg)]
    if not high:
        bad = [run for run in HIGH_RUN.finditer(seg) if not _utf8(run.group())]
        found = sorted(found + [run.start() for run in bad] + [run.end() - 1 for run in bad])
    return found, 0


def complete(buf: bytes | bytearray, start: int, end: int) -> int:
    """`end`, or before a trailing `\\r` or UTF-8 character whose rest has not arrived."""
    if end > start and buf[end - 1] == 0x0D:
        return end - 1
    for back in range(1, min(4, end - start + 1)):
        byte = buf[end - back]
        if byte < 0x80:
            break
        if byte >= 0xC0:
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return end - back if back < need else end
    return end


def _after(buf: bytes, p: int) -> tuple[str, bytes]:
    """The parser's state at the end of `buf` whose last ESC is at `p` (and the unfinished
    sequence's bytes, for the next read)."""
    nxt = p + 1
    if nxt == len(buf):
        return ESCAPE, buf[p:]
    kind = buf[nxt]
    if kind == 0x5B:  # [
        end = CSI_BODY.match(buf, nxt + 1).end()
        if end == len(buf):
            return (CSI, buf[p:]) if len(buf) - p <= CARRY else (DOUBT, b"")
        return (GROUND if 0x40 <= buf[end] <= 0x7E else DOUBT), b""
    if kind == 0x5D:  # ] OSC, until BEL (ST would be a later ESC)
        return (GROUND if buf.find(b"\x07", nxt) >= 0 else OSC), b""
    if kind in b"P_^X":  # DCS, APC, PM, SOS: until ST
        return STRING, b""
    end = ESC_BODY.match(buf, nxt).end()
    if end == len(buf):
        return (ESCAPE, buf[p:]) if len(buf) - p <= CARRY else (DOUBT, b"")
    return (GROUND if 0x30 <= buf[end] <= 0x7E else DOUBT), b""


class Parser:
    """Where the page's VT parser is after the bytes fed so far: its state, whether they ended
    on a line end (in ground) and whether a scroll region is set. Cheap: only the bytes after
    the last ESC are looked at one by one."""

    def __init__(self) -> None:
        self.state = GROUND
        self.carry = b""  # an unfinished sequence (or a lone C2 that may start a C1)
        self.line_start = True
        self.margins = False  # a scroll region other than the whole screen is set
        self.rows = 24  # the largest view's rows (a region to its last row is the whole screen)
        self._tail = b"\r\n"

    def feed(self, data: bytes) -> None:
        if not data:
            return
        buf = self.carry + data if self.carry else data
        self.carry = b""
        esc = buf.rfind(b"\x1b")
        if esc >= 0:
            self._margins(buf)
            self.state, self.carry = _after(buf, esc)
        elif self.state in (ESCAPE, CSI):  # cannot be: its carry has the ESC
            self.state = DOUBT
        elif self.state == OSC and b"\x07" in data:
            self.state = GROUND
        if (buf.rfind(b"\x18") > esc or buf.rfind(b"\x1a") > esc
                or (b"\xc2" in buf and C1.search(buf, esc + 1) is not None)):
            self.state, self.carry = DOUBT, b""  # CAN, SUB or a C1 control after it
        if not self.carry and buf.endswith(b"\xc2"):
            self.carry = b"\xc2"  # a C1 control may be cut in two
        self._tail = (self._tail + data)[-2:]
        self.line_start = self.state == GROUND and self._tail == b"\r\n"

    def _margins(self, buf: bytes) -> None:
        last = None
        for last in MARGINS.finditer(buf):
            pass
        if last is None:
            return
        if last.group(1) is None:  # RIS or DECSTR: no region
            self.margins = False
            return
        params = [int(p or b"0") for p in last.group(1).split(b";")]
        top, bottom = params[0], params[1] if len(params) > 1 else 0
        self.margins = not (top <= 1 and (bottom == 0 or bottom >= self.rows))

    @property
    def ground(self) -> bool:
        return self.state == GROUND and not self.margins


class FastForward:
    """The bytes read and not yet sent (`add`, `take`), dropping what the rule allows (its
    count in `dropped`). Switched off (`enabled`), it only holds them."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.keep = SCROLLBACK + 2 * 24 + MARGIN
        self.buffer = bytearray()
        self.parser = Parser()  # the page's parser at `scanned`
        self.scanned = 0  # bytes of the buffer looked at
        self.start: int | None = None  # a line start in ground: plain from there to scanned
        self.ends = 0  # line ends between start and scanned
        self.dropped = 0  # bytes never sent

    def fit(self, rows: int, scrollback: int) -> None:
        """The largest view's rows and scrollback."""
        self.keep = scrollback + 2 * rows + MARGIN
        self.parser.rows = rows

    def __len__(self) -> int:
        return len(self.buffer)

    def room(self) -> int:
        """Bytes that may still be read ahead of the page."""
        return max(0, LOOKAHEAD - len(self.buffer)) if self.enabled else 0

    def add(self, data: bytes) -> None:
        self.buffer += data
        if self.enabled:
            self._scan(complete(self.buffer, self.scanned, len(self.buffer)))
            self._drop()

    def take(self, size: int) -> bytes:
        """The next `size` bytes at most, for the page (what can be dropped first is)."""
        size = min(size, len(self.buffer))
        if self.enabled:
            self._drop()
            self._scan(size)  # sent: looked at, whatever follows
        if self.enabled and self.start is not None and self.start < size:
            self._start_after(size)
        out = bytes(self.buffer[:size])
        del self.buffer[:size]
        if self.enabled:
            self.scanned -= len(out)
            if self.start is not None:
                self.start -= len(out)
        return out

    def _start_after(self, cut: int) -> None:
        """The plain run goes on from its first line start at or after `cut` (sent before)."""
        found = self.buffer.find(b"\r\n", max(cut - 2, self.start), self.scanned)
        if found < 0:
            self.start, self.ends = None, 0
            return
        self.ends -= self.buffer.count(b"\r\n", self.start, found + 2)
        self.start = found + 2

    def _scan(self, end: int) -> None:
        """Look at the buffer up to `end`: the plain run going on, up to the first byte that is
        not plain, then each run between such bytes, then a new one from the first line start
        after the last; each dropped from as far as it allows."""
        if end <= self.scanned:
            return
        seg = bytes(self.buffer[self.scanned:end])
        marks, ends = not_plain(seg)
        fed = 0

        def ground_at(at: int) -> bool:  # the page's parser there (fed up to it)
            nonlocal fed
            self.parser.feed(seg[fed:at])
            fed = at
            return self.parser.ground

        def begin(after: int, upto: int) -> int:  # the first line start in ground (or -1)
            if after < 0 and self.parser.line_start:
                at = 0
            else:
                at = seg.find(b"\r\n", after + 1, upto) + 2
                if at < 2:
                    return -1
            return at if ground_at(at) else -1

        if self.start is None:
            at = begin(-1, marks[0] if marks else len(seg))
            if at >= 0:
                since = at  # counted here while it goes on to the end, else by _close
                self.start = self.scanned + at
                self.ends = 0 if marks else ends if at == 0 else seg.count(b"\r\n", at)
        else:
            since = 0
            self.ends += ends if not marks else 0
        if marks and self.start is not None:  # the run ends at its last line end
            self._close(seg, since, marks[0])
        for left, right in zip(marks, marks[1:]):  # runs long enough between two marks
            if right - left > 2 * self.keep and seg.count(b"\r\n", left, right) > self.keep:
                at = begin(left, right)
                if at >= 0:
                    self.start, self.ends = self.scanned + at, 0
                    self._close(seg, at, right)
        if marks:
            at = begin(marks[-1], len(seg))
            if at >= 0:
                self.start, self.ends = self.scanned + at, seg.count(b"\r\n", at)
        ground_at(len(seg))
        self.scanned += len(seg)

    def _close(self, seg: bytes, since: int, mark: int) -> None:
        """The run (counted up to `since` in `seg`) ends at its last line end before `mark`:
        drop what it allows, and it is over."""
        stop = seg.rfind(b"\r\n", since, mark) + 2
        if stop >= since + 2:
            self.ends += seg.count(b"\r\n", since, stop)
            self._drop(self.scanned + stop)  # what it drops is before seg or in it, not after
        self.start, self.ends = None, 0

    def _drop(self, end: int | None = None) -> None:
        """Drop the plain lines before the last `keep` line ends of the plain run (up to
        `end`, by default all that was looked at), if there are more."""
        if self.start is None or self.ends <= self.keep:
            return
        need, low, buf, size = self.ends - self.keep, self.start, self.buffer, CHUNK
        end = self.scanned if end is None else end
        while True:
            high = min(end, low + size)
            count = buf.count(b"\r\n", low, high)
            if count >= need and size > 1024:
                size //= 16  # it is in there: closer
                continue
            if count >= need:
                at = low
                for _ in range(need):
                    at = buf.find(b"\r\n", at, high) + 2
                break
            if high >= end:  # (cannot be: `ends` counts them)
                return
            need -= count
            low = high - 1  # a line end across the two chunks is counted in the next
        del buf[self.start:at]
        self.dropped += at - self.start
        self.scanned -= at - self.start
        self.ends = self.keep
