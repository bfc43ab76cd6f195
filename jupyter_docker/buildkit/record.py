"""What a BuildKit build leaves: the image id (a `str`, as before) and the build's record.

    image = %docker build -t app .
    image.steps          # DataFrame: step, name, stage, cached, started, completed, duration, error
    image.timeline()     # the steps over time, an SVG Gantt chart (Docker Desktop's Builds view)
"""

from __future__ import annotations

import html
from typing import Any

from ..display import Text
from .trace import Step, Trace

STATE_COLOURS = {"done": "#2e7d32", "cached": "#1565c0", "error": "#c62828",
                 "canceled": "#8d6e63", "running": "#f9a825", "waiting": "#9e9e9e"}


def steps_frame(steps: list[Step]) -> Any:
    """One row per shown step, in `#N` order; times are UTC, duration in seconds."""
    import pandas as pd

    rows = [{"step": s.number, "name": s.name, "stage": s.stage, "cached": s.cached,
             "started": s.started, "completed": s.completed, "duration": s.duration,
             "error": s.error} for s in steps]
    frame = pd.DataFrame(rows, columns=["step", "name", "stage", "cached", "started",
                                        "completed", "duration", "error"])
    for column in ("started", "completed"):
        frame[column] = pd.to_datetime(frame[column], utc=True).astype("datetime64[ns, UTC]")
    frame["duration"] = frame["duration"].astype("float64")
    return frame


class Timeline:
    """An SVG Gantt chart of the steps: a row per step, a bar from its start to its end."""

    def __init__(self, steps: list[Step], title: str = "") -> None:
        self.steps = [s for s in steps if s.started or s.completed]
        self.title = title

    def _repr_svg_(self) -> str:
        return self.svg()

    def svg(self, width: int = 760, row: int = 18, label: int = 300) -> str:
        steps = self.steps
        if not steps:
            return '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20">' \
                   '<text x="4" y="14" font-size="12">no steps</text></svg>'
        fresh = [s for s in steps if s.state != "cached"] or steps  # a cached step's times
        t0 = min(s.started or s.completed for s in fresh)  # type: ignore[type-var]  # may be old
        t1 = max(s.completed or s.started for s in steps)  # type: ignore[type-var]
        span = max((t1 - t0).total_seconds(), 0.001)
        plot = width - label - 60
        height = row * len(steps) + 34
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="jd-build-timeline" '
               f'width="{width}" height="{height}" font-family="monospace" font-size="11">']
        for tick in _ticks(span):
            x = label + plot * tick / span
            out.append(f'<line x1="{x:.1f}" y1="14" x2="{x:.1f}" y2="{height - 16}" '
                       'stroke="#ddd"/>')
            out.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" '
                       f'fill="#666">{tick:g}s</text>')
        for i, s in enumerate(steps):
            y = 16 + i * row
            start = max(((s.started or s.completed) - t0).total_seconds(), 0)  # type: ignore
            end = max(((s.completed or t1) - t0).total_seconds(), start)
            x, w = label + plot * start / span, max(plot * (end - start) / span, 2)
            name = s.name if len(s.name) <= 42 else s.name[:41] + "…"
            took = "CACHED" if s.state == "cached" else f"{s.duration or 0:.1f}s"
            out.append(f'<text x="4" y="{y + 12}"><title>{html.escape(s.name)}</title>'
                       f'#{s.number} {html.escape(name)}</text>')
            out.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" '
                       f'rx="2" fill="{STATE_COLOURS[s.state]}" class="jd-build-bar '
                       f'jd-build-{s.state}"><title>#{s.number} {took}</title></rect>')
            out.append(f'<text x="{min(x + w + 4, width - 56):.1f}" y="{y + 12}" '
                       f'fill="#444">{took}</text>')
        out.append(f'<text x="{label}" y="10" fill="#666">{html.escape(self.title)} '
                   f'{span:.1f}s</text></svg>')
        return "".join(out)


def _ticks(span: float) -> list[float]:
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600):
        if span / step <= 8:
            return [i * step for i in range(int(span / step) + 1)]
    return [0.0, span]


class BuildResult(Text):
    """The new image's id (a `str`), with the record of the build that made it."""

    trace: Trace
    sent: list[Any]  # the context through the session: a filesync.Transfer per directory

    def __new__(cls, image_id: str, trace: Trace, sent: list[Any] | None = None
                ) -> "BuildResult":
        self = super().__new__(cls, image_id)
        self.trace = trace
        self.sent = sent or []
        return self

    @property
    def steps(self) -> Any:
        """The build's steps as a DataFrame (see `steps_frame`)."""
        return steps_frame(self.trace.shown())

    def timeline(self) -> Timeline:
        """The steps over time, shown as an SVG chart (`.svg()` for the text)."""
        return Timeline(self.trace.shown(), title=self[:19])
