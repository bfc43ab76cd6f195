"""`update` (resources and restart policy of existing containers) and `container prune`."""

from __future__ import annotations

from typing import Any

from ..display import Lines, Text
from ..engine import Engine
from ..errors import UsageError
from .. import notice
from ..runspec import parse_restart
from ._confirm import confirm
from .common import FORCE_PRUNE, PRUNE_FILTER, Pruned, each, filters, prune_report
from .spec import Argument, command, value

import jupyter_docker.runchecks as rc  # not `from .. import`: the package __getattr__ is the API


def update_body(values: dict[str, Any]) -> dict[str, Any]:
    """`update` flags -> the engine's UpdateConfig. Pure; no flag at all is a usage error."""
    v = values
    body: dict[str, Any] = {
        "BlkioWeight": v.get("blkio_weight"), "CpuPeriod": v.get("cpu_period"),
        "CpuQuota": v.get("cpu_quota"), "CpuShares": v.get("cpu_shares"),
        "CpusetCpus": v.get("cpuset_cpus"), "CpusetMems": v.get("cpuset_mems"),
        "Memory": v.get("memory"), "MemoryReservation": v.get("memory_reservation"),
        "PidsLimit": v.get("pids_limit"), "CpuRealtimePeriod": v.get("cpu_rt_period"),
        "CpuRealtimeRuntime": v.get("cpu_rt_runtime"), "MemorySwap": v.get("memory_swap"),
    }
    if v.get("cpus") is not None:
        body["NanoCpus"] = int(round(v["cpus"] * 1e9))
    if v.get("restart"):  # "no" must be said explicitly here: an empty name changes nothing
        body["RestartPolicy"] = {**parse_restart(v["restart"]),
                                 **({"Name": "no"} if v["restart"] == "no" else {})}
    body = {k: val for k, val in body.items() if val is not None}
    if not body:
        raise UsageError("you must provide one or more flags when using this command",
                         command="update")
    return body


@command("update", "Update configuration of one or more containers",
         aliases=("container update",),
         options=(value("--blkio-weight", kind="int", metavar="uint16",
                        help="Block IO (relative weight), between 10 and 1000, or 0 to disable"),
                  value("--cpu-period", kind="int", metavar="int",
                        help="Limit CPU CFS (Completely Fair Scheduler) period"),
                  value("--cpu-quota", kind="int", metavar="int",
                        help="Limit CPU CFS (Completely Fair Scheduler) quota"),
                  value("--cpu-rt-period", kind="int", metavar="int",
                        help="Limit the CPU real-time period in microseconds"),
                  value("--cpu-rt-runtime", kind="int", metavar="int",
                        help="Limit the CPU real-time runtime in microseconds"),
                  value("-c", "--cpu-shares", kind="int", metavar="int",
                        help="CPU shares (relative weight)"),
                  value("--cpus", metavar="decimal", check=rc.decimal, help="Number of CPUs"),
                  value("--cpuset-cpus", metavar="string",
                        help="CPUs in which to allow execution (0-3, 0,1)"),
                  value("--cpuset-mems", metavar="string",
                        help="MEMs in which to allow execution (0-3, 0,1)"),
                  value("-m", "--memory", kind="bytes", metavar="bytes", help="Memory limit"),
                  value("--memory-reservation", kind="bytes", metavar="bytes",
                        help="Memory soft limit"),
                  value("--memory-swap", kind="bytes", metavar="bytes", check=rc.memory_swap,
                        help="Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
                  value("--pids-limit", kind="int", metavar="int",
                        help="Tune container pids limit (set -1 for unlimited)"),
                  value("--restart", metavar="string",
                        help="Restart policy to apply when a container exits")),
         arguments=(Argument("CONTAINER", "+", completer="container"),))
def update(engine: Engine, container: list[str], **values: Any) -> Lines:
    """Apply the new limits/policy to each container; prints each name like the CLI."""
    body = update_body(values)
    api = engine.api

    def act(name: str) -> None:
        result = api._result(api._post_json(api._url("/containers/{0}/update", name), data=body),
                             True)
        for warning in (result or {}).get("Warnings") or []:
            notice.warning(f"WARNING: {warning}")

    return each(engine, container, act)


def pruned_containers(engine: Engine, wanted: dict[str, list[str]]) -> Pruned:
    """Remove the stopped containers that match `wanted` (filters)."""
    result = engine.api.prune_containers(filters=wanted or None)
    return Pruned("Deleted Containers:", result.get("ContainersDeleted") or [],
                  result.get("SpaceReclaimed") or 0)


@command("container prune", "Remove all stopped containers", options=(PRUNE_FILTER, FORCE_PRUNE))
def container_prune(engine: Engine, filter: list[str] | None = None, force: bool = False) -> Text:
    """Asks first (unless -f); prints the removed ids and the space reclaimed."""
    confirm("WARNING! This will remove all stopped containers.", force)
    return prune_report([pruned_containers(engine, filters(filter, "container prune"))])
