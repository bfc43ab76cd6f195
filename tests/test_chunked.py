"""HTTP chunked decoding (`jupyter_docker.streams.chunked`): pure, then on a real engine's log stream."""

from __future__ import annotations

import io
import random

import pytest
from docker import APIClient

from conftest import BASE_IMAGE
from jupyter_docker.streams.chunked import Truncated, dechunk
from jupyter_docker.engine import connect
from jupyter_docker.streams.feed import open_feed
from jupyter_docker.streams.logstream import split_frames


def encoded(pieces: list[bytes], tail: bytes = b"0\r\n\r\n") -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + tail


class Trickle(io.RawIOBase):
    """A socket file that returns at most the next of `sizes` bytes per read."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self.data, self.sizes = data, sizes

    def read1(self, n: int) -> bytes:
        take = min(n, self.sizes.pop(0) if self.sizes else n)
        out, self.data = self.data[:take], self.data[take:]
        return out


def test_dechunk_one_read_joins_every_chunk_that_arrived() -> None:
    body = encoded([b"a\n", b"bc\n", b"\x00\r\n"])
    assert list(dechunk(io.BytesIO(body).read1)) == [b"a\nbc\n\x00\r\n"]


def test_dechunk_any_cut_gives_the_same_body() -> None:
    rng = random.Random(7)
    pieces = [bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 300)))
              for _ in range(200)]
    body = encoded([p for p in pieces if p]) + b"after the end: not body"
    for _ in range(50):
        sizes = [rng.randrange(1, 40) for _ in range(len(body))]
        got = list(dechunk(Trickle(body, sizes).read1, size=64))
        assert b"".join(got) == b"".join(pieces)
        assert all(got)  # never an empty piece


def test_dechunk_extensions_and_a_stream_that_is_cut() -> None:
    body = b"3;name=x\r\nabc\r\n4\r\nde"  # cut inside the second chunk, no last chunk
    got = dechunk(io.BytesIO(body).read1)
    assert next(got) == b"abcde"
    with pytest.raises(Truncated):
        next(got)


def test_split_frames_joins_a_stream_s_consecutive_frames() -> None:
    def frame(kind: int, payload: bytes) -> bytes:
        return bytes([kind, 0, 0, 0]) + len(payload).to_bytes(4, "big") + payload

    raw = frame(1, b"a\n") + frame(1, b"b\n") + frame(2, b"e\n") + frame(1, b"c\n")
    assert list(split_frames([raw])) == [(1, b"a\nb\n"), (2, b"e\n"), (1, b"c\n")]
    cut = [raw[:13], raw[13:]]  # the second frame waits for its payload
    assert list(split_frames(cut)) == [(1, b"a\n"), (1, b"b\n"), (2, b"e\n"), (1, b"c\n")]


def test_a_log_feed_reads_many_engine_chunks_at_once(label_dict, unique) -> None:
    """The engine sends one HTTP chunk per line; the feed hands over what arrived together."""
    api = APIClient("unix:///var/run/docker.sock", version="1.41")
    name = f"{unique}-chunks"
    api.create_container(BASE_IMAGE, ["sh", "-c", "seq 1 3000; seq 1 5 >&2"], name=name,
                         labels=label_dict)
    api.start(name)
    assert api.wait(name, timeout=30)["StatusCode"] == 0
    feed = open_feed(connect(), "/containers/{0}/logs", name,
                     params={"stdout": 1, "stderr": 1, "follow": 1})
    try:
        pieces = list(feed.chunks())
    finally:
        feed.close()
    assert len(pieces) < 1000  # one per HTTP chunk would be 3005 (a loaded reader: ~300)
    frames = list(split_frames(pieces))
    out = b"".join(p for kind, p in frames if kind == 1)
    err = b"".join(p for kind, p in frames if kind == 2)
    assert out.decode().split() == [str(i) for i in range(1, 3001)]
    assert err.decode().split() == ["1", "2", "3", "4", "5"]
