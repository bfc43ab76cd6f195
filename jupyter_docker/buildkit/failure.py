"""A failed BuildKit build as one block: the step, its Dockerfile lines, its last output, the
engine's message.

    docker: build failed at [2/2] RUN make (Dockerfile:2)
         1 |     FROM busybox
         2 | >>> RUN make
      | 0.657 make: *** No rule to make target 'all'.
      executor failed running [/bin/sh -c make]: exit code: 2
"""

from __future__ import annotations

from ..buildlog import BuildFailed
from .dockerfile import excerpt, locate
from .trace import Trace

LAST_LINES = 10  # the failing step's output kept in the block (buildx shows about as many)


def failure(trace: Trace, message: str, dockerfile: str | None, name: str = "Dockerfile"
            ) -> BuildFailed:
    """The block for a build whose stream ended with `message`."""
    step = trace.failed()
    if step is None:
        return BuildFailed(f"build failed: {message.strip()}")
    where = ""
    lines: list[str] = []
    position = step.instruction
    span = locate(dockerfile, *position) if dockerfile and position else None
    if span:
        where = f" ({name}:{span[0]})"
        lines.extend(f"  {line}" for line in excerpt(dockerfile or "", span))
    lines.extend(f"  | {line.at:.3f} {line.text}" for line in step.lines[-LAST_LINES:])
    engine_says = message.strip()
    if step.error and step.error not in engine_says:
        engine_says = step.error
    lines.append(f"  {engine_says}")
    return BuildFailed("\n".join([f"build failed at {step.name}{where}", *lines]))
