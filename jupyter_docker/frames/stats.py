"""`stats`, `top` and `diff`: the CLI's formulas for CPU and memory, processes, changes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..display import mark
from .common import _frame, _short


STATS_COLUMNS = ["container_id", "name", "cpu_percent", "mem_usage", "mem_limit", "mem_percent",
                 "net_rx", "net_tx", "block_read", "block_write", "pids"]
_STATS_DTYPES = ["str", "str", "float64", "int64", "int64", "float64",
                 "int64", "int64", "int64", "int64", "int64"]


def _cpu_percent(stats: dict[str, Any]) -> float:
    cpu = stats.get("cpu_stats") or {}
    pre = stats.get("precpu_stats") or {}
    cpu_delta = float((cpu.get("cpu_usage") or {}).get("total_usage") or 0) - float(
        (pre.get("cpu_usage") or {}).get("total_usage") or 0)
    system_delta = float(cpu.get("system_cpu_usage") or 0) - float(
        pre.get("system_cpu_usage") or 0)
    online = float(cpu.get("online_cpus") or 0)
    if online == 0.0:
        online = float(len((cpu.get("cpu_usage") or {}).get("percpu_usage") or []))
    if system_delta > 0.0 and cpu_delta > 0.0:
        return cpu_delta / system_delta * online * 100.0
    return 0.0


def _mem_usage(mem: dict[str, Any]) -> int:
    """Usage without the page cache: v1 `total_inactive_file`, v2 `inactive_file`."""
    usage = int(mem.get("usage") or 0)
    detail = mem.get("stats") or {}
    if "total_inactive_file" in detail and detail["total_inactive_file"] < usage:
        return usage - int(detail["total_inactive_file"])
    inactive = int(detail.get("inactive_file") or 0)
    if inactive < usage:
        return usage - inactive
    return usage


def _windows_cpu_percent(stats: dict[str, Any]) -> float:
    read = pd.Timestamp(stats.get("read")) if stats.get("read") else None
    pre = pd.Timestamp(stats.get("preread")) if stats.get("preread") else None
    if read is None or pre is None:
        return 0.0
    ns = (read - pre).value
    intervals = (ns // 100) * int(stats.get("num_procs") or 0) if ns > 0 else 0
    if intervals <= 0:
        return 0.0
    used = int(((stats.get("cpu_stats") or {}).get("cpu_usage") or {}).get("total_usage") or 0) \
        - int(((stats.get("precpu_stats") or {}).get("cpu_usage") or {}).get("total_usage") or 0)
    return used / intervals * 100.0


def stats_row(stats: dict[str, Any], name: str = "") -> dict[str, Any]:
    """One `docker stats --no-stream` row from `GET /containers/{id}/stats?stream=false`.

    The CLI's formulas: cpu_percent = cpu_delta / system_delta * online_cpus * 100 against
    `precpu_stats`; mem_usage excludes inactive file cache (cgroup v1 and v2); block I/O sums
    `io_service_bytes_recursive` by op (Read/Write, any case); network sums every interface.
    """
    mem = stats.get("memory_stats") or {}
    nets = (stats.get("networks") or {}).values()
    row: dict[str, Any] = {
        "container_id": _short(stats.get("id")),
        "name": name or (stats.get("name") or "").lstrip("/"),
        "net_rx": sum(int(n.get("rx_bytes") or 0) for n in nets),
        "net_tx": sum(int(n.get("tx_bytes") or 0) for n in nets),
        "pids": int((stats.get("pids_stats") or {}).get("current") or 0),
    }
    if "privateworkingset" in mem:  # a Windows engine
        storage = stats.get("storage_stats") or {}
        row.update(cpu_percent=_windows_cpu_percent(stats),
                   mem_usage=int(mem.get("privateworkingset") or 0), mem_limit=0,
                   mem_percent=0.0, block_read=int(storage.get("read_size_bytes") or 0),
                   block_write=int(storage.get("write_size_bytes") or 0))
    else:
        usage = _mem_usage(mem)
        limit = int(mem.get("limit") or 0)
        read = write = 0
        for entry in (stats.get("blkio_stats") or {}).get("io_service_bytes_recursive") or ():
            op = (entry.get("op") or "")[:1]
            if op in ("r", "R"):
                read += int(entry.get("value") or 0)
            elif op in ("w", "W"):
                write += int(entry.get("value") or 0)
        row.update(cpu_percent=_cpu_percent(stats), mem_usage=usage, mem_limit=limit,
                   mem_percent=usage / limit * 100.0 if limit else 0.0,
                   block_read=read, block_write=write)
    return {key: row[key] for key in STATS_COLUMNS}


def stats(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """`docker stats --no-stream`: rows from `stats_row`, memory in binary units."""
    rows = list(rows or [])
    cols = [(c, [r.get(c) for r in rows], d) for c, d in zip(STATS_COLUMNS, _STATS_DTYPES)]
    return mark(_frame(cols), binary_sizes=["mem_usage", "mem_limit"],
                sizes=["net_rx", "net_tx", "block_read", "block_write"],
                percents=["cpu_percent", "mem_percent"], raw=rows)


def top(data: dict[str, Any]) -> pd.DataFrame:
    """`docker top` from `GET /containers/{id}/top`: the engine's titles as columns."""
    data = data or {}
    titles = list(data.get("Titles") or [])
    processes = [list(p) for p in data.get("Processes") or []]
    df = pd.DataFrame(processes, columns=titles, dtype="str") if processes else pd.DataFrame(
        {i: pd.Series([], dtype="str") for i in range(len(titles))})
    df.columns = titles
    return mark(df, raw=data)


_KINDS = {0: "C", 1: "A", 2: "D"}


def changes(items: list[dict[str, Any]] | None) -> pd.DataFrame:
    """`docker diff` from `GET /containers/{id}/changes`: kind `C`/`A`/`D` and path."""
    items = list(items or [])
    cols = [
        ("kind", [_KINDS.get(c.get("Kind"), str(c.get("Kind"))) for c in items], "str"),
        ("path", [c.get("Path") or "" for c in items], "str"),
    ]
    return mark(_frame(cols), raw=items)
