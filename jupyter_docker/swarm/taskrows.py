"""Tasks as `service ps` / `node ps --format` see them: the CLI's task formatter fields. Pure."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

MAX_ERROR = 30  # the CLI cuts errors at this length unless --no-trunc


def _when(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text[:26].rstrip("Z") + "+00:00") if text else None
    except ValueError:
        return None


def task_rows(items: list[dict[str, Any]], services: dict[str, str], nodes: dict[str, str],
              no_trunc: bool = False, now: datetime | None = None) -> list[dict[str, str]]:
    """`.ID .Name .Image .Node .DesiredState .CurrentState .Error .Ports`, in the CLI's order
    (by service and slot, the newest task of a slot first)."""
    from ..units import human_duration

    now = now or datetime.now(timezone.utc)
    rows = []
    newest_first = sorted(items, key=lambda t: t.get("CreatedAt") or "", reverse=True)
    for t in sorted(newest_first, key=lambda t: (services.get(t.get("ServiceID", ""), ""),
                                                 t.get("Slot") or 0)):
        status = t.get("Status") or {}
        service = services.get(t.get("ServiceID", ""), t.get("ServiceID", ""))
        name = f"{service}.{t['Slot']}" if t.get("Slot") else f"{service}.{t.get('NodeID', '')}"
        image = (((t.get("Spec") or {}).get("ContainerSpec") or {}).get("Image") or "")
        error = status.get("Err") or ""
        if not no_trunc and len(error) > MAX_ERROR:
            error = error[:MAX_ERROR - 1] + "…"
        since = _when(status.get("Timestamp") or "")
        state = str(status.get("State") or "").capitalize()
        ports = ((status.get("PortStatus") or {}).get("Ports") or [])
        rows.append({
            "ID": t.get("ID", "") if no_trunc else t.get("ID", "")[:12],
            "Name": name,
            "Image": image if no_trunc else image.split("@", 1)[0],
            "Node": nodes.get(t.get("NodeID", ""), ""),
            "DesiredState": str(t.get("DesiredState") or "").capitalize(),
            "CurrentState": f"{state} {human_duration((now - since).total_seconds()).lower()} ago"
            if since else state,
            "Error": error,
            "Ports": ",".join(f"*:{p.get('PublishedPort')}->{p.get('TargetPort')}/"
                              f"{p.get('Protocol', 'tcp')}" for p in ports),
        })
    return rows
