"""A live `docker stats` table: containers' CPU, memory, network and block I/O, never blocking.

A `StatsSampler` (engine side) reads one stats stream per container in its own threads and
keeps each container's last samples; this widget repaints the table from it about once a
second, with a sparkline of CPU % and of memory per container. How it ends, and the status
line saying why, comes from `LiveWidget` (the sampler's own end, such as every container
stopped or the engine gone, ends the widget too).
"""

from __future__ import annotations

import html
import time
from typing import Any


from ..engine import Engine
from ..streams.stats_stream import HEADERS, HISTORY, Line, StatsSampler, cells
from ..units import human_binary_size
from .live import LiveWidget
from .sparkline import sparkline

_STYLE = ("<style>.jd-stats-table{font-size:12px;border-collapse:collapse}"
          ".jd-stats-table th{text-align:left;white-space:nowrap}"
          ".jd-stats-table td,.jd-stats-table th{padding:1px 6px;white-space:nowrap;"
          "vertical-align:middle}.jd-stats-table tr.jd-stats-gone{color:#999}"
          ".jd-stats-table th{position:sticky;top:0;background:var(--jp-layout-color1,#f5f5f5)}"
          ".jd-stats-table svg{vertical-align:middle}"
          ".jd-spark-range{font-size:10px;color:#888;margin-left:3px;vertical-align:middle}"
          "</style>")
_NUMERIC = {2, 4, 7}  # CPU %, MEM %, PIDS: right-aligned
SPARK_WIDTH = 72  # px: the table fits a 1400 px window with the file browser open


def stats_table(lines: list[Line]) -> str:
    """The table's HTML: the CLI's columns, plus sparklines after CPU % and MEM %."""
    head = [*HEADERS[:3], "CPU (recent)", *HEADERS[3:5], "MEM (recent)", *HEADERS[5:]]
    body = []
    for line in lines:
        shown = [html.escape(c) for c in cells(line.row)]
        if line.state != "running":
            shown[1] += f" <i>({line.state})</i>"
        tds = [f'<td style="text-align:right">{c}</td>' if i in _NUMERIC else f"<td>{c}</td>"
               for i, c in enumerate(shown)]
        cpu = sparkline(line.cpu, width=SPARK_WIDTH, floor=1.0, colour="#1f77b4",
                        css="jd-spark jd-spark-cpu",
                        title=f"CPU % over the last {len(line.cpu)} samples")
        peak = human_binary_size(max(line.mem, default=0))
        mem = sparkline(line.mem, width=SPARK_WIDTH, floor=1.0, colour="#d62728",
                        css="jd-spark jd-spark-mem",
                        title=f"memory over the last {len(line.mem)} samples, from 0 (bottom) "
                              f"to {peak} (top)")
        tds[3:3] = [f"<td>{cpu}</td>"]
        tds[6:6] = [f'<td>{mem}<span class="jd-spark-range">0–{peak}</span></td>'
                    if line.mem else f"<td>{mem}</td>"]
        gone = "" if line.state == "running" else " jd-stats-gone"
        body.append(f'<tr class="jd-stats-row{gone}" data-name="{html.escape(line.row["name"])}">'
                    + "".join(tds) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(head)}"><i>waiting for samples…</i></td></tr>')
    header = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    return (_STYLE + '<table class="jd-stats-table">'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>")


class StatsViewer(LiveWidget):
    """`%docker stats` in a notebook: a live table with sparklines, Stop; `.frame()` (the
    latest snapshot) and `.history()` (the samples kept) as DataFrames."""

    kind = "stats"
    css = "jd-stats"
    paint_interval = 1.0  # the engine samples once a second

    def __init__(self, engine: Engine, containers: list[str] | None = None, *,
                 all: bool = False, keep: int = HISTORY) -> None:
        self.sampler = StatsSampler(engine, containers, all=all, keep=keep,
                                    thread_prefix=f"jd-{self.kind}", on_end=self.end)
        from .follow import FollowView

        # a view that keeps its scroll position across repaints and scrolls sideways inside
        # the output area when the table is wider than it
        self.table = FollowView(follow=False, max_height=420, noun="sample")
        self.table.add_class("jd-stats-view")
        subject = "stats " + (" ".join(containers) if containers
                              else "(all containers)" if all else "(running containers)")
        super().__init__(subject, [], [self.table])
        self.start()  # first: an end coming from the sampler at once finds the widget live
        try:
            self.sampler.start()
        except BaseException:
            self.end("could not start")
            raise

    def frame(self) -> Any:
        """The latest row per container shown: the `%docker stats --no-stream` DataFrame."""
        return self.sampler.snapshot()

    def history(self) -> Any:
        """The samples kept (the last `keep` per container) with their `time`, oldest first."""
        return self.sampler.history()

    # ----------------------------------------------------------------- drawing
    _painted = -1
    _sampled = ""

    def paint(self, force: bool = False) -> None:
        version = self.sampler.version
        if version == self._painted and not force:
            return
        if version != self._painted:
            self._sampled = time.strftime("%H:%M:%S")
        self._painted = version
        lines = self.sampler.lines()
        self.table.value = stats_table(lines)
        running = sum(1 for line in lines if line.state == "running")
        if self.following:
            self.show_status(f"{running} running of {len(lines)} shown, "
                             f"{self.sampler.samples} samples kept, {self._sampled}")
        else:  # what the numbers were when it ended: not "stopped · 20 running"
            self.show_status(f"at the last sample ({self._sampled}) {running} of "
                             f"{len(lines)} containers shown were running")

    # ----------------------------------------------------------------- ending
    def end(self, reason: str) -> None:
        super().end(reason)
        self.sampler.stop(reason)

    def join(self, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        painted = super().join(timeout)
        return self.sampler.join(max(0.0, deadline - time.monotonic())) and painted
