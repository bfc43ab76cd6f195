"""`--progress=plain`: the build's text as the docker CLI (buildx) prints it.

    #0 building with "default" instance using docker driver

    #5 [b 2/2] RUN echo hi-b >&2 && sleep 1
    #5 1.581 hi-b
    #5 DONE 3.1s

First, as buildx says, which builder builds (the engine's own BuildKit is buildx's "default"
instance of the docker driver). Then a block per step: its name when it starts (again after another step's lines came between),
its statuses (`#1 transferring dockerfile: 205B 0.1s done`), its log lines with the seconds
since it started, its lint warnings (`#1 WARN: Empty continuation line found in: ...`), then
`DONE 1.2s`, `CACHED`, `ERROR: ...` or `CANCELED`. Like the CLI's
printer, a step that ended is printed at once, and other steps' lines wait while the current
step runs (leaving an unfinished step says `#5 ...`), so parallel steps come out as blocks
rather than interleaved line by line. A step's end line waits for the next update that does not
touch it (or the end): what the engine says of a step just after it ended (the frontend's
warnings for the Dockerfile's step) is in its block before `DONE`, as in buildx's ticks. After the build, the warnings again, as buildx 0.13
prints them (in yellow, with its ANSI codes, even when not a terminal):

     1 warning found (use --debug to expand):
     - Empty continuation line found in: RUN echo hi &&   false
"""

from __future__ import annotations

import time
from typing import Callable

from .status import VertexStatus, VertexWarning
from .trace import LogLine, Step, Trace

SWITCH_AFTER = 5.0  # seconds a running step keeps the text before another's lines are printed
BUILDER = 'building with "default" instance using docker driver'
TICK = 0.15  # an unfinished status is printed if it is still unfinished this much later


def plain_size(n: int) -> str:
    """Sizes as BuildKit prints them: `2B`, `205B`, `23.27kB`, `1.50MB` (decimal units)."""
    if n < 1000:
        return f"{n}B"
    for unit in ("kB", "MB", "GB", "TB"):
        n /= 1000  # type: ignore[assignment]
        if n < 1000 or unit == "TB":
            return f"{n:.2f}{unit}"
    return f"{n}B"  # pragma: no cover


def status_line(step: Step, status: VertexStatus) -> str:
    """`#1 transferring dockerfile: 205B 0.1s done`."""
    progress = ""
    if status.total:
        progress = f" {plain_size(status.current)} / {plain_size(status.total)}"
    elif status.current:
        progress = f" {plain_size(status.current)}"
    took = ""
    if status.started is not None:
        end = status.completed or status.timestamp
        seconds = (end - status.started).total_seconds() if end is not None else 0
        if seconds > 0.01:  # the CLI leaves out a duration too short to say
            took = f" {seconds:.1f}s"
    done = " done" if status.completed is not None else ""
    return f"#{step.number} {status.id}{progress}{took}{done}"


def warnings_text(warnings: list[VertexWarning]) -> str:
    """buildx's summary after the build ('' without warnings)."""
    if not warnings:
        return ""
    count = "1 warning found" if len(warnings) == 1 else f"{len(warnings)} warnings found"
    lines = "".join(f" - {w.short}\n" for w in warnings)
    return f"\n \x1b[33m{count} (use --debug to expand):\n\x1b[0m{lines}"


def end_line(step: Step) -> str | None:
    state = step.state
    if state == "error":
        return f"#{step.number} ERROR: {step.error}"
    if state == "canceled":
        return f"#{step.number} CANCELED"
    if state == "cached":
        return f"#{step.number} CACHED"
    if state == "done":
        return f"#{step.number} DONE {step.duration or 0:.1f}s"
    return None


class PlainPrinter:
    """Writes the text of each update through `write` (a line at a time, newline included)."""

    def __init__(self, write: Callable[[str], None], desc: str = BUILDER) -> None:
        self.write = write
        self.desc = desc
        self.current: str | None = None  # the digest whose block is open
        self.printed_any = False
        self.heard: dict[str, float] = {}  # digest -> when its last line was printed
        self.held: dict[str, list[str]] = {}  # lines of other steps, waiting their turn
        self.ended: set[str] = set()
        self.announced: set[str] = set()  # steps whose header was queued
        self.pending: dict[tuple[str, str], float] = {}  # unfinished statuses, since when
        self.warned: dict[str, int] = {}  # digest -> its warnings printed
        self.ends: dict[str, str] = {}  # end lines not printed yet

    def update(self, trace: Trace) -> None:
        """Print what changed in `trace` since the last call."""
        self._print(trace, final=False, touched=self._take(trace))

    def _take(self, trace: Trace) -> set[str]:
        touched = set()
        for step, lines, statuses in trace.changed():
            if not step.number:
                continue
            touched.add(step.digest)
            out = self._lines(step, lines, statuses)
            if out or step.digest not in self.announced or step.digest in self.ends:
                self.held.setdefault(step.digest, []).extend(out)  # a step that starts: its name
                self.announced.add(step.digest)
        return touched

    def finish(self, trace: Trace) -> None:
        """The stream ended: everything still held, in order."""
        self._print(trace, final=True, touched=self._take(trace))
        self.write(warnings_text(trace.warnings))

    def _lines(self, step: Step, lines: list[LogLine], statuses: list[VertexStatus]
               ) -> list[str]:
        now = time.monotonic()
        out = []
        for status in statuses:  # like the CLI's ticks: a status's last state per tick
            key = (step.digest, status.id)
            if status.completed is not None:
                self.pending.pop(key, None)
                out.append(status_line(step, status))
            else:
                self.pending.setdefault(key, now)
        for (digest, ident), since in list(self.pending.items()):
            if digest == step.digest and (now - since >= TICK or step.completed is not None):
                del self.pending[(digest, ident)]
                out.append(status_line(step, step.statuses[ident]))
        for warning in step.warnings[self.warned.get(step.digest, 0):]:
            out.append(f"#{step.number} WARN: {warning.short}")
        self.warned[step.digest] = len(step.warnings)
        out.extend(f"#{step.number} {line.at:.3f} {line.text}" for line in lines)
        if step.digest not in self.ended:
            end = end_line(step)
            if end:
                self.ends[step.digest] = end
                self.ended.add(step.digest)
        return out

    def _print(self, trace: Trace, final: bool, touched: set[str]) -> None:
        """As the CLI's printer: steps that ended are printed at once (their whole block,
        once no update touches them); of the others, the current step goes on, and another
        one's lines wait while the current step runs and printed less than SWITCH_AFTER ago
        (or until the end)."""
        number = lambda d: trace.steps[d].number  # noqa: E731
        ended = sorted((d for d in {**self.held, **self.ends}
                        if d in self.ended and (final or d not in touched)),
                       key=lambda d: (d != self.current, number(d)))
        for digest in ended:
            self._block(trace, digest, ripe=True)
        rest = sorted((d for d in self.held if d not in self.ends or d == self.current),
                      key=number)
        if not rest:
            return
        if final:
            for digest in rest:
                self._block(trace, digest, ripe=True)
            return
        if self.current in self.held:
            self._block(trace, self.current)  # type: ignore[arg-type]
            return
        if self.ends:
            return  # an end line comes with the next update: then the others
        running = self.current is not None and self.current not in self.ended
        if running and time.monotonic() - self.heard.get(self.current or "", 0) < SWITCH_AFTER:
            return
        self._block(trace, rest[0])

    def _block(self, trace: Trace, digest: str, ripe: bool = False) -> None:
        """`digest`'s held lines (under its name if another block was open), and its end
        line when `ripe`."""
        step = trace.steps[digest]
        if self.current != digest:
            if self.current is not None and self.current not in self.ended:
                self.write(f"#{trace.steps[self.current].number} ...\n")  # left unfinished
            if self.printed_any:
                self.write("\n")
            elif self.desc:
                self.write(f"#0 {self.desc}\n\n")
            self.write(f"#{step.number} {step.name}\n")
            self.current = digest
        self.printed_any = True
        for line in self.held.pop(digest, []):
            self.write(line + "\n")
        self.heard[digest] = time.monotonic()
        if ripe and digest in self.ends:
            self.write(self.ends.pop(digest) + "\n")
