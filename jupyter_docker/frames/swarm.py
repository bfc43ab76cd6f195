"""Swarm listings as DataFrames: `node ls`, `service ls`, `service ps` (typed columns)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..display import mark
from .common import _frame, _iso, _short


def nodes(items: list[dict[str, Any]], self_id: str = "") -> pd.DataFrame:
    """`docker node ls` from `GET /nodes`; `self` marks the node that answered."""
    def manager(n: dict[str, Any]) -> str:
        status = n.get("ManagerStatus") or {}
        reachability = str(status.get("Reachability") or "").capitalize()
        return "Leader" if status.get("Leader") else reachability

    cols = [
        ("id", [n.get("ID") or "" for n in items], "str"),
        ("self", [n.get("ID") == self_id for n in items], "bool"),
        ("hostname", [(n.get("Description") or {}).get("Hostname") or "" for n in items], "str"),
        ("status", [str((n.get("Status") or {}).get("State") or "").capitalize() for n in items],
         "str"),
        ("availability", [str((n.get("Spec") or {}).get("Availability") or "").capitalize()
                          for n in items], "str"),
        ("manager_status", [manager(n) for n in items], "str"),
        ("engine_version", [((n.get("Description") or {}).get("Engine") or {})
                            .get("EngineVersion") or "" for n in items], "str"),
        ("created", _iso(n.get("CreatedAt") for n in items), "time"),
    ]
    return mark(_frame(cols), times=["created"], raw=items)


def _service_ports(ports: list[dict[str, Any]] | None) -> str:
    return ", ".join(f"*:{p.get('PublishedPort')}->{p.get('TargetPort')}/{p.get('Protocol')}"
                     for p in ports or [] if p.get("PublishedPort"))


def _image(spec: dict[str, Any]) -> str:
    """The image without its pinned digest, as `service ls` shows it."""
    image = ((spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}).get("Image") or ""
    return image.split("@", 1)[0]


def services(items: list[dict[str, Any]], *, no_trunc: bool = False) -> pd.DataFrame:
    """`docker service ls` from `GET /services?status=true`: replicas running and wanted."""
    def mode(s: dict[str, Any]) -> str:
        return "global" if "Global" in ((s.get("Spec") or {}).get("Mode") or {}) else "replicated"

    status = [s.get("ServiceStatus") or {} for s in items]
    cols = [
        ("id", [_short(s.get("ID"), no_trunc) for s in items], "str"),
        ("name", [(s.get("Spec") or {}).get("Name") or "" for s in items], "str"),
        ("mode", [mode(s) for s in items], "str"),
        ("replicas", [f"{st.get('RunningTasks', 0)}/{st.get('DesiredTasks', 0)}"
                      for st in status], "str"),
        ("running", [int(st.get("RunningTasks") or 0) for st in status], "int64"),
        ("desired", [int(st.get("DesiredTasks") or 0) for st in status], "int64"),
        ("image", [_image(s.get("Spec") or {}) for s in items], "str"),
        ("ports", [_service_ports((s.get("Endpoint") or {}).get("Ports")) for s in items],
         "str"),
        ("created", _iso(s.get("CreatedAt") for s in items), "time"),
        ("updated", _iso(s.get("UpdatedAt") for s in items), "time"),
    ]
    return mark(_frame(cols), times=["created", "updated"], raw=items)


def tasks(items: list[dict[str, Any]], service_names: dict[str, str],
          node_names: dict[str, str], *, no_trunc: bool = False) -> pd.DataFrame:
    """`docker service ps` from `GET /tasks`, by service and slot, oldest task first."""
    items = sorted(items, key=lambda t: (service_names.get(t.get("ServiceID", ""), ""),
                                         t.get("Slot") or 0, t.get("CreatedAt") or ""))

    def name(t: dict[str, Any]) -> str:
        service = service_names.get(t.get("ServiceID", ""), t.get("ServiceID", "")[:12])
        return f"{service}.{t['Slot']}" if t.get("Slot") else f"{service}.{t.get('NodeID', '')}"

    status = [t.get("Status") or {} for t in items]
    cols = [
        ("id", [_short(t.get("ID"), no_trunc) for t in items], "str"),
        ("name", [name(t) for t in items], "str"),
        ("image", [_image({"TaskTemplate": t.get("Spec") or {}}) for t in items], "str"),
        ("node", [node_names.get(t.get("NodeID", ""), "") for t in items], "str"),
        ("desired_state", [str(t.get("DesiredState") or "").capitalize() for t in items], "str"),
        ("current_state", [str(s.get("State") or "").capitalize() for s in status], "str"),
        ("since", _iso(s.get("Timestamp") for s in status), "time"),
        ("error", [s.get("Err") or "" for s in status], "str"),
        ("container_id", [_short(((s.get("ContainerStatus") or {}).get("ContainerID")), no_trunc)
                          for s in status], "str"),
    ]
    return mark(_frame(cols), times=["since"], raw=items)
