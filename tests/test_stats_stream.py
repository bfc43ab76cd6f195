"""`docker stats` as it streams: the pure parts, the sampler against the real engine (named
containers, the running ones picked up as they start, -a) and the text path (a table every
second until the containers stop, or an interrupt)."""

from __future__ import annotations

import threading
import time
from typing import Any, Iterator

import pandas as pd
import pytest

from conftest import BASE_IMAGE, api_client
from magic_checks import interrupted, one_line_error
from throwaway_engine import wait_until
from jupyter_docker import frames
from jupyter_docker.streams.stats_stream import (ALL_STOPPED, INTERRUPTED, StatsSampler, cells,
                                         history_frame, running, table_text)

BUSY = ["sh", "-c", "while :; do :; done"]
IDLE = ["sleep", "600"]
ROW = {"container_id": "0123456789ab", "name": "web", "cpu_percent": 12.3456,
       "mem_usage": 3 * 2**20 + 2**19, "mem_limit": 2 * 2**30, "mem_percent": 0.1709,
       "net_rx": 1_234, "net_tx": 0, "block_read": 5_600_000, "block_write": 42, "pids": 7}


# ------------------------------------------------------------------ pure parts

def test_cells_are_the_cli_s_strings() -> None:
    assert cells(ROW) == ("0123456789ab", "web", "12.35%", "3.5MiB / 2GiB", "0.17%",
                          "1.23kB / 0B", "5.6MB / 42B", "7")
    assert cells(frames.stats_row({}))[1:] == ("--", "0.00%", "0B / 0B", "0.00%", "0B / 0B",
                                               "0B / 0B", "0")


def test_table_text_aligns_columns_as_the_cli() -> None:
    other = {**ROW, "name": "a-much-longer-name", "cpu_percent": 100.0}
    lines = table_text([ROW, other]).splitlines()
    assert lines[0].startswith("CONTAINER ID   NAME                 CPU %     MEM USAGE / LIMIT")
    assert lines[1].startswith("0123456789ab   web                  12.35%    3.5MiB / 2GiB")
    assert lines[2].startswith("0123456789ab   a-much-longer-name   100.00%   3.5MiB / 2GiB")
    assert lines[0].index("PIDS") == lines[1].rindex("7") == lines[2].rindex("7")
    assert table_text([]) == ("CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     "
                              "NET I/O   BLOCK I/O   PIDS")  # cells at least 10 wide


def test_running_reads_the_sample_time() -> None:
    assert running({"read": "2026-11-25T06:28:16.269699797Z"})
    assert not running({"read": "0001-01-01T00:00:00Z"}) and not running({})


def test_history_frame_is_typed_and_oldest_first() -> None:
    t0 = pd.Timestamp("2026-11-25T06:28:16.269699797Z")
    samples = [(t0 + pd.Timedelta(seconds=1), {**ROW, "pids": 2}), (t0, ROW),
               (t0 + pd.Timedelta(seconds=1), {**ROW, "name": "db"})]
    df = history_frame(samples)
    assert list(df.columns) == ["time", *frames.STATS_COLUMNS]
    assert str(df["time"].dtype) == "datetime64[ns, UTC]" and df["time"].is_monotonic_increasing
    assert list(df["pids"]) == [7, 2, 7] and list(df["name"]) == ["web", "web", "db"]
    assert df["time"].iloc[0] == t0 and df["mem_usage"].dtype == "int64"
    assert df.dtypes.drop("time").equals(frames.stats([ROW]).dtypes)
    empty = history_frame([])
    assert list(empty.columns) == list(df.columns) and str(empty["time"].dtype) == \
        "datetime64[ns, UTC]"


# ------------------------------------------------------------------ against the engine

@pytest.fixture
def run(label_dict: dict, unique: str) -> Iterator[Any]:
    """`run(suffix, command)` starts a labelled container (stopped by SIGKILL, at once);
    every container made is removed afterwards."""
    api = api_client()
    made: list[str] = []

    def start(suffix: str, command: list[str], *, create_only: bool = False) -> str:
        name = f"{unique}-{suffix}"
        api.create_container(BASE_IMAGE, command, name=name, labels=label_dict,
                             stop_signal="SIGKILL")
        made.append(name)
        if not create_only:
            api.start(name)
        return name

    yield start
    for name in made:
        try:
            api.remove_container(name, force=True)
        except Exception:  # noqa: BLE001 - removed by the test itself
            pass


def _line(sampler: StatsSampler, name: str) -> Any:
    return next((line for line in sampler.lines() if line.row["name"] == name), None)


def _samples(sampler: StatsSampler, name: str) -> int:
    history = sampler.history()
    return int((history["name"] == name).sum())


def _threads(prefix: str) -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(prefix)]


def test_sampler_follows_named_containers_until_they_have_all_stopped(run) -> None:
    from jupyter_docker.engine import connect

    busy, idle = run("busy", BUSY), run("idle", IDLE)
    ended: list[str] = []
    sampler = StatsSampler(connect(), [busy, idle], keep=5, thread_prefix="jd-stats-t1",
                           on_end=ended.append).start()
    try:
        assert wait_until(lambda: (_line(sampler, busy) is not None
                                   and _line(sampler, busy).row["cpu_percent"] > 20), 10)
        assert wait_until(lambda: _line(sampler, idle) is not None, 5)
        assert _line(sampler, idle).row["cpu_percent"] < 5
        snapshot = sampler.snapshot()
        assert list(snapshot["name"]) == [busy, idle]  # named order
        assert snapshot.dtypes.equals(frames.stats([]).dtypes)
        assert (snapshot["mem_limit"] > snapshot["mem_usage"]).all()
        before, started = _samples(sampler, busy), time.monotonic()
        time.sleep(3)
        grown = _samples(sampler, busy) - before
        assert 2 <= grown <= 4, f"{grown} samples in {time.monotonic() - started:.1f}s"
        assert wait_until(lambda: _samples(sampler, busy) == 5, 5)  # keep=5 bounds it
        time.sleep(1.2)
        assert _samples(sampler, busy) == 5 and len(_line(sampler, busy).cpu) == 5

        api_client().stop(idle, timeout=0)
        assert wait_until(lambda: _line(sampler, idle).state == "stopped", 5)
        assert not sampler.ended and _line(sampler, busy).state == "running"
        assert _line(sampler, idle).row["mem_usage"] == 0  # the CLI's zeros for a stopped one
        api_client().stop(busy, timeout=0)
        assert sampler.wait(5) and sampler.reason == ALL_STOPPED and ended == [ALL_STOPPED]
        assert sampler.join() and _threads("jd-stats-t1") == []
    finally:
        sampler.stop()


def test_sampler_picks_up_started_containers_and_drops_stopped_ones(run) -> None:
    from jupyter_docker.engine import connect

    sampler = StatsSampler(connect(), thread_prefix="jd-stats-t2").start()
    try:
        late = run("late", IDLE)  # started after the sampler: the start event brings it
        assert wait_until(lambda: _line(sampler, late) is not None, 5)
        assert f"jd-stats-t2-{api_client().inspect_container(late)['Id'][:12]}" in \
            _threads("jd-stats-t2")
        assert wait_until(lambda: _samples(sampler, late) >= 2, 5)
        api_client().stop(late, timeout=0)
        assert wait_until(lambda: _line(sampler, late) is None, 5)  # only running ones shown
        assert late not in set(sampler.snapshot()["name"])
        assert _samples(sampler, late) >= 2  # its history stays
        api_client().start(late)  # started again: followed again, its history goes on
        assert wait_until(lambda: _line(sampler, late) is not None, 5)
        assert not sampler.ended
        sampler.stop()
        assert sampler.join() and _threads("jd-stats-t2") == [] and sampler.reason == "stopped"
    finally:
        sampler.stop()


def test_sampler_with_all_shows_created_containers_until_removed(run) -> None:
    from jupyter_docker.engine import connect

    sampler = StatsSampler(connect(), all=True, thread_prefix="jd-stats-t3").start()
    try:
        made = run("made", IDLE, create_only=True)  # the create event brings it
        assert wait_until(lambda: _line(sampler, made) is not None, 5)
        assert _line(sampler, made).state == "stopped" and _samples(sampler, made) == 0
        api_client().remove_container(made)
        assert wait_until(lambda: _line(sampler, made) is None, 5)
        assert not sampler.ended
    finally:
        sampler.stop()
    assert sampler.join() and _threads("jd-stats-t3") == []


# ------------------------------------------------------------------ the text path

def test_text_mode_prints_a_table_each_second_until_the_container_stops(ip, run,
                                                                        capsys) -> None:
    short = run("short", ["sh", "-c", "sleep 3"])
    started = time.monotonic()
    df = ip.run_line_magic("docker", f"stats {short}")
    took = time.monotonic() - started
    assert 2 < took < 8
    lines = capsys.readouterr().out.splitlines()
    headers = [line for line in lines if line.startswith("CONTAINER ID   NAME")]
    rows = [line for line in lines if short in line]
    assert 2 <= len(headers) == len(rows) <= 6 and len(lines) == 2 * len(headers), lines
    assert all(r.split()[2].endswith("%") and " / " in r for r in rows)
    assert rows[-1].split()[1:4] == [short, "0.00%", "0B"]  # the last table: it stopped
    assert list(df.columns) == ["time", *frames.STATS_COLUMNS]
    assert 2 <= len(df) <= 4 and set(df["name"]) == {short}
    assert str(df["time"].dtype) == "datetime64[ns, UTC]" and df["time"].is_monotonic_increasing
    gaps = df["time"].diff().dropna().dt.total_seconds()
    assert ((gaps > 0.8) & (gaps < 1.5)).all(), list(gaps)  # one sample a second
    assert (df["mem_usage"] > 0).all() and (df["pids"] == 1).all()
    assert _threads("jd-stats") == []


def test_text_mode_format_renders_each_tick(ip, run, capsys) -> None:
    short = run("fmt", ["sh", "-c", "sleep 2"])
    df = ip.run_line_magic("docker", f"stats --format '{{{{.Name}}}}:{{{{.PIDs}}}}' {short}")  # the CLI's
    lines = capsys.readouterr().out.splitlines()
    assert lines and set(lines[:-1]) == {f"{short}:1"} and lines[-1] == f"{short}:0"
    assert len(df) >= 1


def test_text_mode_interrupt_closes_the_streams(ip, run, capfd) -> None:
    busy = run("int", BUSY)
    df, during, after, threads_left = interrupted(
        lambda: ip.run_line_magic("docker", f"stats {busy}"), after=2.5)
    out = capfd.readouterr()
    assert out.err.strip() == INTERRUPTED
    assert after < during and threads_left == 0 and _threads("jd-stats") == []
    assert busy in out.out and len(df) >= 1 and (df["cpu_percent"].iloc[1:] > 20).all()


def test_unknown_container_is_one_line(ip, capsys) -> None:
    said = one_line_error(ip, capsys, "stats jdt-no-such-container-here")
    assert said == "docker: Error response from daemon: No such container: " \
                   "jdt-no-such-container-here"
    assert _threads("jd-stats") == []
