"""HTTP/1.1 chunked transfer decoding over large reads: the body's bytes, not one chunk a call.

The engine writes one HTTP chunk per log frame (one per line), so a reader that takes a chunk
at a time (urllib3's `read_chunked`) pays its per-call overhead for every line. `dechunk`
reads up to `READ_SIZE` bytes at once and yields everything that arrived, chunk framing
removed: whatever is there now, so a live stream still shows each line as it comes.
"""

from __future__ import annotations

from typing import Callable, Iterator

READ_SIZE = 1 << 20


class Truncated(ConnectionError):
    """The connection ended before the body's last (zero-size) chunk: the peer went away."""


def dechunk(read: Callable[[int], bytes], size: int = READ_SIZE) -> Iterator[bytes]:
    """The decoded body of a chunked response, read with `read(size)` (returns b"" at the end).

    Linear in the bytes: a chunk's data is yielded as it arrives (even before the chunk is
    complete), so only an unfinished size line is ever carried over to the next read. Ends at
    the last (zero-size) chunk; `read` returning nothing before it raises `Truncated`."""
    left = skip = 0  # data bytes of the current chunk still to come; CRLF bytes to skip after it
    carry = b""  # an unfinished size line
    while True:
        data = read(size)
        if not data:
            raise Truncated("the connection closed before the end of the chunked body")
        if carry:
            data, carry = carry + data, b""
        out: list[bytes] = []
        pos, end = 0, len(data)
        while pos < end:
            if left:
                take = min(left, end - pos)
                out.append(data[pos:pos + take])
                pos += take
                left -= take
                skip = 0 if left else 2
            elif skip:
                moved = min(skip, end - pos)
                pos += moved
                skip -= moved
            else:
                eol = data.find(b"\r\n", pos)
                if eol < 0:
                    carry = data[pos:]
                    break
                length = int(data[pos:eol].partition(b";")[0], 16)
                if not length:  # the last chunk: trailers (if any) are not body
                    if out:
                        yield b"".join(out)
                    return
                start = eol + 2
                stop = start + length
                if stop + 2 <= end:  # the usual case: the whole chunk is here
                    out.append(data[start:stop])
                    pos = stop + 2
                else:
                    left, pos = length, start
        if out:
            yield out[0] if len(out) == 1 else b"".join(out)
