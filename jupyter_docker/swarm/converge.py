"""Waiting for a service to converge, as the CLI does after create/update/scale/rollback:
one line (or a progress step) per change of the running count, each failed task named with
its reason; an interrupt stops waiting, not the service."""

from __future__ import annotations

import sys
import time
from typing import Any

from ..engine import Engine
from ..errors import DockerError
from ..notice import warning

POLL_SECONDS = 0.25
_FAILED = ("failed", "rejected", "orphaned")


def _desired(service: dict[str, Any], tasks: list[dict[str, Any]]) -> int:
    """Tasks wanted: the replicas, or (global) one per node the swarm placed a task on."""
    mode = service["Spec"].get("Mode") or {}
    if "Global" in mode:
        return sum(1 for t in tasks if t.get("DesiredState") == "running")
    return int((mode.get("Replicated") or {}).get("Replicas") or 0)


def converge(engine: Engine, service_id: str, quiet: bool = False,
             since: str | None = None) -> None:
    """Wait until the service's current tasks run (one line per change); an interrupt stops
    waiting, not the service. `since` (the engine's time of an update that changed the task
    template): only tasks created after it count, so old ones still running do not."""
    import pandas as pd

    def fresh(task: dict[str, Any]) -> bool:
        return since is None or pd.Timestamp(task.get("CreatedAt")) >= pd.Timestamp(since)

    from ..progress import WidgetProgress, start

    service = engine.api.inspect_service(service_id)
    name = service["Spec"]["Name"]
    bar = start(f"service {name}", quiet=quiet)
    bar.step_format = "{0} of {1} tasks running"
    drawn = isinstance(bar, WidgetProgress)  # a bar in a notebook; the CLI's lines elsewhere
    shown, failures = None, set()
    try:
        while True:
            update = (service.get("UpdateStatus") or {}).get("State")
            tasks = [t for t in engine.api.tasks(filters={"service": service_id})
                     if t.get("DesiredState") == "running"
                     or (t.get("Status") or {}).get("State") in _FAILED]
            running = sum(1 for t in tasks if (t.get("Status") or {}).get("State") == "running"
                          and t.get("DesiredState") == "running" and fresh(t))
            desired = _desired(service, tasks)
            for task in tasks:
                status = task.get("Status") or {}
                if status.get("State") in _FAILED and task["ID"] not in failures and fresh(task):
                    failures.add(task["ID"])
                    if not quiet:
                        warning(f"task {task['ID'][:12]}: {status.get('State')}: "
                                f"{status.get('Err') or status.get('Message')}")
            if not quiet and (running, desired) != shown:
                if drawn:
                    bar.step(running, desired)
                else:
                    print(f"overall progress: {running} out of {desired} tasks")
                shown = (running, desired)
            if update in ("paused", "rollback_paused"):
                bar.done(f"update {update.replace('_', ' ')}", ok=False)
                raise DockerError(f"the update is {update.replace('_', ' ')}: "
                                  f"{(service.get('UpdateStatus') or {}).get('Message', '')}")
            if running >= desired and update in (None, "completed", "rollback_completed"):
                bar.done(f"converged: {running} of {desired} tasks running")
                if not quiet and not drawn:
                    print("verify: Service converged")
                return
            time.sleep(POLL_SECONDS)
            service = engine.api.inspect_service(service_id)
    except KeyboardInterrupt:
        bar.done("stopped waiting", ok=False)
        print(f"docker: interrupted: stopped waiting; the swarm keeps converging the service "
              f"(see %docker service ps {name})", file=sys.stderr)
