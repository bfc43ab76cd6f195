"""BuildKit's `StatusResponse` (api/services/control/control.proto of moby/buildkit), decoded.

The engine streams it base64-encoded in `{"id": "moby.buildkit.trace", "aux": ...}` messages.
Each response is a batch of updates: a vertex (a build step) appears, starts, completes (or
fails); statuses are named counters inside a vertex (bytes transferred, layers exported); logs
are byte chunks of a step's output (not line-aligned); warnings are lint results.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .protowire import Fields, decode, integer, messages, string


def timestamp(fields: Fields, number: int) -> datetime | None:
    """A google.protobuf.Timestamp field {seconds=1, nanos=2} as an aware UTC datetime."""
    sub = messages(fields, number)
    if not sub:
        return None
    seconds, nanos = integer(sub[-1], 1), integer(sub[-1], 2)
    return datetime.fromtimestamp(seconds + nanos / 1e9, tz=timezone.utc)


def _bytes(fields: Fields, number: int) -> bytes:
    values = fields.get(number)
    return values[-1] if values and isinstance(values[-1], bytes) else b""


@dataclass
class ProgressGroup:
    """pb.ProgressGroup {id=1, name=2, weak=3}: vertexes shown as one row."""

    id: str
    name: str
    weak: bool = False


@dataclass
class Vertex:
    """A step of the build graph {digest=1, inputs=2, name=3, cached=4, started=5,
    completed=6, error=7, progressGroup=8}."""

    digest: str
    inputs: list[str] = field(default_factory=list)
    name: str = ""
    cached: bool = False
    started: datetime | None = None
    completed: datetime | None = None
    error: str = ""
    progress_group: ProgressGroup | None = None

    @classmethod
    def parse(cls, f: Fields) -> "Vertex":
        group = messages(f, 8)
        return cls(digest=string(f, 1),
                   inputs=[v.decode() for v in f.get(2, []) if isinstance(v, bytes)],
                   name=string(f, 3), cached=bool(integer(f, 4)),
                   started=timestamp(f, 5), completed=timestamp(f, 6), error=string(f, 7),
                   progress_group=ProgressGroup(string(group[-1], 1), string(group[-1], 2),
                                                bool(integer(group[-1], 3))) if group else None)


@dataclass
class VertexStatus:
    """A named counter inside a vertex {ID=1, vertex=2, name=3, current=4, total=5,
    timestamp=6, started=7, completed=8}."""

    id: str
    vertex: str
    name: str = ""
    current: int = 0
    total: int = 0
    timestamp: datetime | None = None
    started: datetime | None = None
    completed: datetime | None = None

    @classmethod
    def parse(cls, f: Fields) -> "VertexStatus":
        return cls(id=string(f, 1), vertex=string(f, 2), name=string(f, 3),
                   current=integer(f, 4), total=integer(f, 5), timestamp=timestamp(f, 6),
                   started=timestamp(f, 7), completed=timestamp(f, 8))


@dataclass
class VertexLog:
    """A chunk of a step's output {vertex=1, timestamp=2, stream=3 (1 stdout, 2 stderr),
    msg=4}."""

    vertex: str
    timestamp: datetime | None = None
    stream: int = 1
    msg: bytes = b""

    @classmethod
    def parse(cls, f: Fields) -> "VertexLog":
        return cls(vertex=string(f, 1), timestamp=timestamp(f, 2), stream=integer(f, 3),
                   msg=_bytes(f, 4))


@dataclass
class Range:
    """pb.Range {start=1, end=2} of pb.Position {line=1, character=2}: lines are 1-based."""

    start_line: int
    end_line: int

    @classmethod
    def parse(cls, f: Fields) -> "Range":
        start, end = messages(f, 1), messages(f, 2)
        return cls(integer(start[-1], 1) if start else 0, integer(end[-1], 1) if end else 0)


@dataclass
class VertexWarning:
    """A lint result {vertex=1, level=2, short=3, detail=4, url=5, info=6 (pb.SourceInfo
    {filename=1, data=2, ...}), ranges=7}."""

    vertex: str
    level: int = 0
    short: str = ""
    detail: list[str] = field(default_factory=list)
    url: str = ""
    filename: str = ""
    ranges: list[Range] = field(default_factory=list)

    @classmethod
    def parse(cls, f: Fields) -> "VertexWarning":
        info = messages(f, 6)
        return cls(vertex=string(f, 1), level=integer(f, 2), short=string(f, 3),
                   detail=[v.decode("utf-8", "replace") for v in f.get(4, [])
                           if isinstance(v, bytes)],
                   url=string(f, 5), filename=string(info[-1], 1) if info else "",
                   ranges=[Range.parse(r) for r in messages(f, 7)])


@dataclass
class StatusResponse:
    """One batch of updates {vertexes=1, statuses=2, logs=3, warnings=4}."""

    vertexes: list[Vertex] = field(default_factory=list)
    statuses: list[VertexStatus] = field(default_factory=list)
    logs: list[VertexLog] = field(default_factory=list)
    warnings: list[VertexWarning] = field(default_factory=list)

    @classmethod
    def parse(cls, data: bytes) -> "StatusResponse":
        f = decode(data)
        return cls(vertexes=[Vertex.parse(v) for v in messages(f, 1)],
                   statuses=[VertexStatus.parse(s) for s in messages(f, 2)],
                   logs=[VertexLog.parse(log) for log in messages(f, 3)],
                   warnings=[VertexWarning.parse(w) for w in messages(f, 4)])

    @classmethod
    def from_aux(cls, aux: str) -> "StatusResponse":
        """The `aux` of a `moby.buildkit.trace` message (base64 of the protobuf)."""
        return cls.parse(base64.b64decode(aux))
