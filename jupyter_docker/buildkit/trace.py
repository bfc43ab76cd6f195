"""The build as BuildKit reports it, put together from its StatusResponse batches.

One `Step` per vertex (first seen first), each with its statuses (named counters: bytes sent,
layers exported) and its log split into lines. A step is numbered (`#1`, `#2`, ... as
`--progress=plain` prints them) when it first starts, is cached or completes; vertexes that
never start (a cache probe) get no number and are not shown. Vertexes of one progress group
(`COPY --link` is a copy and a merge) are one step, as buildx shows them: named after the
group, running from its first member's start, done when every started member is, its time
the union of theirs; a group whose members are all weak stays hidden. The renderings (plain text, the
notebook widget, the record's DataFrame) read this model; none of them decodes anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .status import StatusResponse, Vertex, VertexStatus, VertexWarning

CANCELED = "context canceled"
STAGE = re.compile(r"^\[(?:(?P<stage>[^\]\s]+) )?(?P<index>\d+)/(?P<count>\d+)\] ")


@dataclass
class LogLine:
    """One line of a step's output; `at`: seconds since the step started."""

    at: float
    text: str
    stream: int = 1


@dataclass
class Step:
    """A vertex of the build graph and what it printed."""

    digest: str
    name: str = ""
    number: int = 0  # 0 until shown
    inputs: list[str] = field(default_factory=list)
    cached: bool = False
    started: datetime | None = None
    completed: datetime | None = None
    error: str = ""
    statuses: dict[str, VertexStatus] = field(default_factory=dict)
    lines: list[LogLine] = field(default_factory=list)
    partial: dict[int, tuple[datetime | None, str]] = field(default_factory=dict)
    busy: float | None = None  # a progress group's seconds (its members' union of times)
    warnings: list[VertexWarning] = field(default_factory=list)

    @property
    def state(self) -> str:
        """waiting, running, cached, done, canceled or error."""
        if self.completed is None:
            return "running" if self.started else "waiting"
        if self.error:
            return "canceled" if self.error.endswith(CANCELED) else "error"
        return "cached" if self.cached else "done"

    @property
    def duration(self) -> float | None:
        if self.busy is not None:
            return self.busy
        if self.started and self.completed:
            return max((self.completed - self.started).total_seconds(), 0.0)
        return None

    @property
    def stage(self) -> str:
        """The Dockerfile stage of `[stage 2/3] RUN ...` ('' for `[internal]` and others)."""
        match = STAGE.match(self.name)
        if not match:
            return ""
        return match.group("stage") or "0"

    @property
    def instruction(self) -> tuple[str, int] | None:
        """(stage, index) of a Dockerfile step: `[a 2/3] RUN x` is ("a", 2); unnamed
        single-stage builds say `[2/3]`, which is stage ""."""
        match = STAGE.match(self.name)
        if not match:
            return None
        return match.group("stage") or "", int(match.group("index"))

    def since_start(self, when: datetime | None) -> float:
        if when is None or self.started is None:
            return 0.0
        return (when - self.started).total_seconds()


class Trace:
    """Feed it `StatusResponse`s in order; `changed()` gives the steps updated since the last
    call (in the order they were first seen)."""

    def __init__(self) -> None:
        self.steps: dict[str, Step] = {}
        self.warnings: list[VertexWarning] = []
        self.first: datetime | None = None
        self.last: datetime | None = None
        self._numbered = 0
        self._changed: dict[str, None] = {}
        self._new_lines: dict[str, int] = {}  # digest -> lines already handed out
        self._new_statuses: dict[str, dict[str, None]] = {}
        self._group_of: dict[str, str] = {}  # member vertex digest -> progress group id
        self._members: dict[str, dict[str, Vertex]] = {}  # group id -> its vertexes
        self._revealed: set[str] = set()  # groups with a non-weak member started

    def feed(self, response: StatusResponse) -> None:
        groups: dict[str, None] = {}
        for vertex in response.vertexes:
            group = vertex.progress_group
            if group is None:
                self._vertex(vertex)
                continue
            self._group_of[vertex.digest] = group.id
            self._members.setdefault(group.id, {})[vertex.digest] = vertex
            groups[group.id] = None
            self._step(group.id).name = group.name
        for group_id in groups:
            self._group(group_id)
        for status in response.statuses:
            step = self._step(self._group_of.get(status.vertex, status.vertex))
            step.statuses[status.id] = status
            self._new_statuses.setdefault(step.digest, {})[status.id] = None
            self._touch(step, status.timestamp, status.started, status.completed)
        for log in response.logs:
            self._log(self._step(self._group_of.get(log.vertex, log.vertex)), log.timestamp,
                      log.stream, log.msg)
        for warning in response.warnings:
            self.warnings.append(warning)
            step = self.steps.get(self._group_of.get(warning.vertex, warning.vertex))
            if step is not None:
                step.warnings.append(warning)
                self._changed[step.digest] = None

    def _step(self, digest: str) -> Step:
        step = self.steps.get(digest)
        if step is None:
            step = self.steps[digest] = Step(digest)
        self._changed[digest] = None
        return step

    def _vertex(self, vertex: Vertex) -> None:
        step = self._step(vertex.digest)
        step.name = vertex.name or step.name
        step.inputs = vertex.inputs or step.inputs
        step.cached = vertex.cached
        step.started = vertex.started or step.started
        step.completed = vertex.completed
        step.error = vertex.error
        if step.completed is not None:
            self._flush(step)
        if not step.number and (step.started or step.cached or step.completed):
            self._numbered += 1
            step.number = self._numbered
        self._touch(step, vertex.started, vertex.completed)

    def _group(self, group_id: str) -> None:
        """A progress group's step from its members (buildx's vertexGroup.refresh)."""
        members = list(self._members[group_id].values())
        step = self._step(group_id)
        started = [m for m in members if m.started is not None]
        if any(not m.progress_group.weak for m in started  # type: ignore[union-attr]
               ) or any(m.error for m in members):
            self._revealed.add(group_id)
        step.cached = all(m.cached for m in members)
        step.error = next((m.error for m in members if m.error), "")
        step.started = min((m.started for m in started), default=None)  # type: ignore
        ends = [m.completed for m in started]
        step.completed = max(ends) if ends and None not in ends else None  # type: ignore
        spans = sorted((m.started, m.completed) for m in started if m.completed)  # type: ignore
        busy, reach = 0.0, None
        for start, stop in spans:  # the union of the members' times
            if reach is None or start > reach:
                busy += (stop - start).total_seconds()
                reach = stop
            elif stop > reach:
                busy += (stop - reach).total_seconds()
                reach = stop
        step.busy = busy if step.completed else None
        if step.completed is not None:
            self._flush(step)
        if group_id in self._revealed and not step.number and (
                step.started or step.cached or step.completed):
            self._numbered += 1
            step.number = self._numbered
        self._touch(step, step.started, step.completed)

    def _touch(self, step: Step, *times: datetime | None) -> None:
        for when in times:
            if when is None:
                continue
            self.first = when if self.first is None or when < self.first else self.first
            self.last = when if self.last is None or when > self.last else self.last

    def _log(self, step: Step, when: datetime | None, stream: int, msg: bytes) -> None:
        start, pending = step.partial.get(stream, (when, ""))
        text = pending + msg.decode("utf-8", "replace")
        *complete, rest = text.split("\n")
        for i, line in enumerate(complete):
            step.lines.append(LogLine(step.since_start(start if i == 0 else when),
                                      line.rstrip("\r"), stream))
        if rest:
            step.partial[stream] = (start if not complete else when, rest)
        else:
            step.partial.pop(stream, None)
        self._touch(step, when)

    def _flush(self, step: Step) -> None:
        """The step ended: a last line without its newline still counts."""
        for stream, (when, rest) in sorted(step.partial.items()):
            step.lines.append(LogLine(step.since_start(when), rest, stream))
        step.partial.clear()

    def cancel_running(self) -> None:
        """We cancelled the build: the steps still running end as CANCELED (the engine's word
        for them never comes: the stream is closed)."""
        from datetime import timezone

        now = datetime.now(timezone.utc)
        for step in self.steps.values():
            if step.number and step.completed is None:
                self._flush(step)
                step.completed, step.error = now, CANCELED
                self._changed[step.digest] = None

    def changed(self) -> list[tuple[Step, list[LogLine], list[VertexStatus]]]:
        """Each step updated since the last call, with its new log lines and statuses."""
        out = []
        for digest in self._changed:
            step = self.steps[digest]
            seen = self._new_lines.get(digest, 0)
            self._new_lines[digest] = len(step.lines)
            ids = self._new_statuses.pop(digest, {})
            out.append((step, step.lines[seen:], [step.statuses[i] for i in ids]))
        self._changed = {}
        return out

    def shown(self) -> list[Step]:
        """The numbered steps, in number order."""
        return sorted((s for s in self.steps.values() if s.number),
                      key=lambda s: s.number)

    def failed(self) -> Step | None:
        """The step whose error ended the build (the first that failed, not a canceled one)."""
        errors = [s for s in self.shown() if s.state == "error"]
        return min(errors, key=lambda s: s.completed or s.started) if errors else None
