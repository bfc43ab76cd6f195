"""The live build view in a notebook: a row per step like buildx's tty view (view.js draws it).

Each row: the step's number and name, its state (waiting, running with a timer, CACHED, DONE
with its duration, ERROR, CANCELED), a bar on a shared time axis (parallel steps run side by
side), its transfers (bytes sent, layers exported) and its log lines, folded under the row
(open while the step runs or when it failed; the reader's own open/close is kept), and its
lint warnings (`WARN: ...`, listed again under the steps like buildx's summary). The build
reads its stream on the kernel's main thread; a painter thread sends the rows at most every
PAINT_SECONDS, and once more at the end. The view's Stop button interrupts the kernel through
the frontend (view.js), like Ctrl-C or the notebook's stop button: the interrupt cancels the
build on the engine (run.py), and the view says so in its `note`.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from .plain import plain_size
from .status import StatusResponse, VertexWarning
from .trace import Step, Trace

HERE = Path(__file__).parent
PAINT_SECONDS = 0.2
ROW_LINES = 200  # a step's last log lines sent to the page


class BuildWidget(anywidget.AnyWidget):
    """`rows`: the steps; `now`: the kernel's clock at the last paint (epoch seconds);
    `outcome`: running, done, error or canceled; `warnings`: the build's lint warnings;
    `note`: how it ended when that needs saying (a cancel on the engine)."""

    _esm = HERE / "view.js"
    _css = HERE / "view.css"
    rows = t.List([]).tag(sync=True)
    now = t.Float(0.0).tag(sync=True)
    t0 = t.Float(0.0).tag(sync=True)
    outcome = t.Unicode("running").tag(sync=True)
    warnings = t.List([]).tag(sync=True)
    note = t.Unicode("").tag(sync=True)


def _epoch(when: Any) -> float | None:
    return when.timestamp() if when is not None else None


def warning(w: VertexWarning) -> dict[str, Any]:
    """What the page needs of a warning: buildx's short text, its Dockerfile line, the rest."""
    line = w.ranges[0].start_line if w.ranges else 0
    return {"short": w.short, "line": line, "url": w.url, "detail": "\n".join(w.detail)}


def row(step: Step) -> dict[str, Any]:
    """What the page needs of a step."""
    transfers = []
    for status in step.statuses.values():
        amount = ""
        if status.total:
            amount = f"{plain_size(status.current)} / {plain_size(status.total)}"
        elif status.current:
            amount = plain_size(status.current)
        transfers.append({"id": status.id, "amount": amount,
                          "fraction": min(status.current / status.total, 1.0)
                          if status.total else None,
                          "done": status.completed is not None})
    lines = [f"{line.at:.3f} {line.text}" for line in step.lines[-ROW_LINES:]]
    lines.extend(text for _when, text in step.partial.values())
    return {"digest": step.digest, "n": step.number, "name": step.name, "state": step.state,
            "started": _epoch(step.started), "completed": _epoch(step.completed),
            "error": step.error, "lines": lines, "nlines": len(step.lines),
            "transfers": transfers, "warnings": [w.short for w in step.warnings]}


class BuildView:
    """The notebook's view of one build (see the module docstring)."""

    def __init__(self) -> None:
        self.widget: BuildWidget | None = None
        self._trace: Trace | None = None
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._painter: threading.Thread | None = None

    def update(self, trace: Trace, response: StatusResponse) -> None:
        trace.changed()
        self._trace = trace
        if self.widget is None:
            if not trace.shown():
                return
            from IPython.display import display

            self.widget = BuildWidget()
            display(self.widget)
            self._paint()
            self._painter = threading.Thread(target=self._paint_loop, daemon=True,
                                             name="jd-build-paint")
            self._painter.start()
            return
        self._dirty.set()

    def _paint_loop(self) -> None:
        while not self._stop.is_set():
            if self._dirty.wait(0.5):
                self._dirty.clear()
                self._paint()
            self._stop.wait(PAINT_SECONDS)

    def _paint(self, outcome: str = "running", note: str = "") -> None:
        trace, widget = self._trace, self.widget
        if trace is None or widget is None:
            return
        with self._lock:
            steps = trace.shown()
            rows = [row(s) for s in steps]
            starts = [r["started"] or r["completed"] for r in rows  # a cached step may
                      if (r["started"] or r["completed"]) and r["state"] != "cached"]  # be old
            with widget.hold_sync():
                widget.t0 = min(starts) if starts else time.time()
                widget.now = time.time()
                widget.rows = rows
                widget.warnings = [warning(w) for w in trace.warnings]
                widget.note = note
                widget.outcome = outcome

    def finish(self, trace: Trace, outcome: str, note: str = "") -> None:
        self._trace = trace
        self._stop.set()
        if self._painter is not None:
            self._painter.join()
        if self.widget is None and trace.shown():
            self.update(trace, StatusResponse())
            self._stop.set()
            if self._painter is not None:
                self._painter.join()
        self._paint(outcome, note)
