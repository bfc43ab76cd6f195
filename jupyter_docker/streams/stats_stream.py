"""`docker stats` as it streams: one following stats reader per container, like the CLI.

    sampler = StatsSampler(engine, ["web", "db"]).start()   # or StatsSampler(engine, all=True)
    sampler.wait(1.0)          # True once it has ended; `sampler.reason` says why
    sampler.snapshot()         # the latest row per container: the `stats --no-stream` DataFrame
    sampler.history()          # the last `keep` samples per container, with a `time` column
    sampler.stop(); sampler.join()

Which containers: the named ones (it ends once they have all stopped), else the running ones
(`all=True`: every container), picked up as they start (or are created) by following the
engine's container events, as the CLI does: a new container shows within the second, nothing
is asked while nothing changes, and the events stream is a `Feed` any thread can close. The
events feed is opened before the containers are listed, so one started in between is not
missed. The engine samples every second; a stopped container's stream goes on with empty
samples (Go's zero `read` time), which mark it stopped; a removed one's stream ends.
Rows come from `frames.stats_row` (the CLI's formulas). Knows nothing of widgets.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import pandas as pd

from .. import frames
from ..engine import Engine
from .feed import ENGINE_GONE, Feed, open_feed
from ..units import human_binary_size, human_size

HISTORY = 120  # samples kept per container (two minutes at the engine's one a second)
GONE_KEPT = 50  # containers no longer shown whose history is still kept
TICK = 1.0  # seconds between two printed tables
ALL_STOPPED = "all containers stopped"
INTERRUPTED = "docker: interrupted: stopped following stats"
HEADERS = ("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O",
           "PIDS")


# ------------------------------------------------------------------ pure parts

def running(sample: dict[str, Any]) -> bool:
    """Whether a stats sample is of a running container (a stopped one's `read` is Go's zero)."""
    return not str(sample.get("read") or "0001-").startswith("0001-")


def cells(row: dict[str, Any]) -> tuple[str, ...]:
    """One `frames.stats_row` as the CLI prints it, in `HEADERS` order."""
    return (row["container_id"], row["name"] or "--", f"{row['cpu_percent']:.2f}%",
            f"{human_binary_size(row['mem_usage'])} / {human_binary_size(row['mem_limit'])}",
            f"{row['mem_percent']:.2f}%",
            f"{human_size(row['net_rx'])} / {human_size(row['net_tx'])}",
            f"{human_size(row['block_read'])} / {human_size(row['block_write'])}",
            str(row["pids"]))


def table_text(rows: Iterable[dict[str, Any]]) -> str:
    """The CLI's table: a header line, one line per row, aligned by Go's tabwriter as the
    CLI's (cells at least 10 wide, 3 spaces apart)."""
    from ..tabwriter import tabwrite

    return tabwrite("\n".join("\t".join(line) for line in [HEADERS, *map(cells, rows)]))


def history_frame(samples: Iterable[tuple[pd.Timestamp, dict[str, Any]]]) -> pd.DataFrame:
    """`(time, stats_row)` samples as the `frames.stats` DataFrame with a `time` column first
    (UTC datetimes), oldest first."""
    ordered = sorted(samples, key=lambda sample: sample[0])
    df = frames.stats([row for _, row in ordered])
    df.insert(0, "time", pd.Series([when for when, _ in ordered], dtype=frames.TIME))
    return df


# ------------------------------------------------------------------ what is followed

@dataclass
class Tracked:
    """One container: its latest row and its last samples."""

    ident: str
    name: str  # as the user named it; "" to take the engine's
    samples: deque = field(default_factory=deque)  # (time, row), bounded
    row: dict[str, Any] | None = None  # the latest sample's row (zeros once stopped)
    running: bool | None = None  # None until its first sample
    removed: bool = False
    feed: Feed | None = None
    reader: threading.Thread | None = None

    @property
    def label(self) -> str:
        return self.name or self.ident[:12]

    @property
    def state(self) -> str:
        return "removed" if self.removed else "running" if self.running else "stopped"


@dataclass(frozen=True)
class Line:
    """What a table shows of one container now: its row, state and recent CPU % and memory."""

    row: dict[str, Any]
    state: str
    cpu: list[float]
    mem: list[int]


class StatsSampler:
    """Follows the stats of containers in background threads named `<thread_prefix>-...`.

    It ends on `stop()`, when the named containers have all stopped, or when the engine goes
    away; `on_end(reason)` is then called once, from whichever thread ended it."""

    def __init__(self, engine: Engine, containers: list[str] | None = None, *,
                 all: bool = False, keep: int = HISTORY, thread_prefix: str = "jd-stats",
                 on_end: Callable[[str], None] | None = None) -> None:
        self.engine = engine
        self.named = bool(containers)
        self.all = all
        self.keep = keep
        self.prefix = thread_prefix
        self.on_end = on_end
        self.reason = ""
        self.version = 0  # changes with every sample and every container found or lost
        self._ended = threading.Event()  # set first: the threads stop
        self._over = threading.Event()  # set last, once `on_end` has run
        self._lock = threading.RLock()
        self._tracked: dict[str, Tracked] = {}  # by full id, in the order found
        self._threads: list[threading.Thread] = []
        self._events: Feed | None = None
        for name in containers or ():  # unknown names fail here, in one line
            ident = engine.api.inspect_container(name)["Id"]
            self._tracked.setdefault(ident, self._new(ident, name))

    def _new(self, ident: str, name: str = "") -> Tracked:
        return Tracked(ident, name, deque(maxlen=self.keep))

    # ----------------------------------------------------------------- running
    def start(self) -> "StatsSampler":
        """Open the streams; returns at once."""
        if not self.named:
            wanted = ["start", "create"] if self.all else ["start"]
            self._events = open_feed(self.engine, "/events", params={"filters": json.dumps(
                {"type": ["container"], "event": wanted})})
            for item in self.engine.api.containers(all=self.all):
                self._tracked.setdefault(item["Id"], self._new(item["Id"]))
            self._spawn(self._follow_events, "events")
        for tracked in list(self._tracked.values()):
            self._watch(tracked)
        return self

    def _spawn(self, target: Callable[..., None], name: str, *args: Any) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, daemon=True,
                                  name=f"{self.prefix}-{name}")
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def _watch(self, tracked: Tracked) -> None:
        """Start reading a container's stats, unless it is read already."""
        with self._lock:
            if self._ended.is_set() or (tracked.reader and tracked.reader.is_alive()):
                return
            tracked.removed = False
            tracked.reader = self._spawn(self._read, tracked.label, tracked)

    def _read(self, tracked: Tracked) -> None:
        feed: Feed | None = None
        try:
            feed = open_feed(self.engine, "/containers/{0}/stats", tracked.ident,
                             params={"stream": 1})
            with self._lock:
                tracked.feed = feed
            if self._ended.is_set():
                return
            for sample in feed.messages():
                if self._ended.is_set() or not self._take(tracked, sample):
                    return
            self._lost(tracked, None)
        except Exception as exc:
            if not self._ended.is_set() and not (feed and feed.closed):
                self._lost(tracked, exc)
        finally:
            if feed is not None:
                feed.close()

    def _take(self, tracked: Tracked, sample: dict[str, Any]) -> bool:
        """Record a sample; False when this container is no longer followed (stopped, and
        only running ones are)."""
        row = frames.stats_row(sample, tracked.name)
        now_running = running(sample)
        with self._lock:
            tracked.row, tracked.running = row, now_running
            if now_running:
                tracked.samples.append((pd.Timestamp(sample["read"]), row))
            self.version += 1
        self._check_all_stopped()
        return now_running or self.named or self.all

    def _lost(self, tracked: Tracked, exc: Exception | None) -> None:
        """A stream ended or failed: the container was removed, or the engine left."""
        if not self.engine.answers():
            self._finish(ENGINE_GONE + (f" ({type(exc).__name__})" if exc else ""))
            return
        with self._lock:
            tracked.running, tracked.removed = False, True
            self.version += 1
        self._check_all_stopped()
        self._prune()

    def _follow_events(self) -> None:
        feed = self._events
        assert feed is not None
        try:
            for event in feed.messages():
                ident = event.get("id") or (event.get("Actor") or {}).get("ID") or ""
                if self._ended.is_set():
                    return
                if not ident:
                    continue
                with self._lock:
                    tracked = self._tracked.setdefault(ident, self._new(ident))
                self._watch(tracked)
                self._prune()
            if not self._ended.is_set():
                self._finish(ENGINE_GONE if not self.engine.answers()
                             else "the engine ended the events stream")
        except Exception as exc:
            if not self._ended.is_set() and not feed.closed:
                self._finish(f"{ENGINE_GONE} ({type(exc).__name__})")
        finally:
            feed.close()

    def _check_all_stopped(self) -> None:
        """End once every named container has stopped, unless the engine is leaving (a
        graceful shutdown stops the containers first, then ends the streams)."""
        with self._lock:
            done = self.named and all(t.running is False for t in self._tracked.values())
        if done:
            self._finish(ALL_STOPPED if self.engine.answers()
                         else f"{ENGINE_GONE} (it stopped the containers on its way out)")

    def _shown(self, tracked: Tracked) -> bool:
        if self.named:
            return True
        if self.all:
            return not tracked.removed
        return bool(tracked.running) and not tracked.removed

    def _prune(self) -> None:
        """Forget the oldest containers no longer shown, beyond `GONE_KEPT` of them."""
        with self._lock:
            gone = [key for key, t in self._tracked.items() if not self._shown(t)
                    and t.running is not None and not (t.reader and t.reader.is_alive())]
            for key in gone[:-GONE_KEPT]:
                del self._tracked[key]

    # ----------------------------------------------------------------- ending
    def _finish(self, reason: str) -> None:
        with self._lock:
            if self._ended.is_set():
                return
            self.reason = reason
            self._ended.set()
            feeds = [t.feed for t in self._tracked.values() if t.feed] + [self._events]
        for feed in feeds:
            if feed is not None:
                feed.close()
        if self.on_end:
            self.on_end(reason)
        self._over.set()

    def stop(self, reason: str = "stopped") -> None:
        """Stop following now: every stream closed, every thread ends."""
        self._finish(reason)

    @property
    def ended(self) -> bool:
        return self._ended.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until it ends (at most `timeout` seconds); True once it has."""
        return self._over.wait(timeout)

    def join(self, timeout: float = 5.0) -> bool:
        """Wait for the threads; True when they are all gone."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in threads)

    # ----------------------------------------------------------------- the data
    def lines(self) -> list[Line]:
        """The containers shown now (those with a sample), in the order they were found."""
        with self._lock:
            return [Line(t.row, t.state, [r["cpu_percent"] for _, r in t.samples],
                         [r["mem_usage"] for _, r in t.samples])
                    for t in self._tracked.values() if t.row is not None and self._shown(t)]

    def snapshot(self) -> pd.DataFrame:
        """The latest row of each container shown: the `stats --no-stream` DataFrame."""
        return frames.stats([line.row for line in self.lines()])

    def history(self) -> pd.DataFrame:
        """Every sample kept (the last `keep` per container), oldest first, with a `time`."""
        with self._lock:
            samples = [s for t in self._tracked.values() for s in t.samples]
        return history_frame(samples)

    @property
    def samples(self) -> int:
        """How many samples are kept now, over all containers."""
        with self._lock:
            return sum(len(t.samples) for t in self._tracked.values())


def print_stats(engine: Engine, containers: list[str] | None = None, *, all: bool = False,
                render: Callable[[list[dict[str, Any]]], str] = table_text,
                tick: float = TICK) -> pd.DataFrame:
    """The text path: print `render(rows)` about every `tick` seconds (when something new
    came) until every named container has stopped, the engine goes away or the kernel is
    interrupted (these two say so in one line); the streams are closed either way. Returns
    the history DataFrame."""
    sampler = StatsSampler(engine, containers, all=all)
    printed = 0
    try:
        sampler.start()
        while True:
            ended = sampler.wait(tick)
            if sampler.version != printed:  # and once more at the end: the final state
                printed = sampler.version
                print(render([line.row for line in sampler.lines()]), flush=True)
            if ended:
                if sampler.reason.startswith(ENGINE_GONE):
                    print(f"docker: {sampler.reason}: stopped following stats", file=sys.stderr)
                break
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
    finally:
        sampler.stop("interrupted")
        sampler.join()
    return sampler.history()
