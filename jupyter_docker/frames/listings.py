"""`events`, `volume ls`, `context ls` and `network ls` as DataFrames."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..display import mark
from .common import _epoch, _frame, _iso, _short
from .inspect import _is_int


def events(items: list[dict[str, Any]]) -> pd.DataFrame:
    """`docker events` from `GET /events` (decoded): one row per event, oldest first."""
    items = list(items or [])
    actors = [e.get("Actor") or {} for e in items]
    attrs = [a.get("Attributes") or {} for a in actors]
    nanos = [e["timeNano"] if _is_int(e.get("timeNano"))
             else (e["time"] * 1_000_000_000 if _is_int(e.get("time")) else None)
             for e in items]
    cols = [
        ("time", _epoch(nanos, scale=1), "time"),
        ("type", [e.get("Type") or "" for e in items], "str"),
        ("action", [e.get("Action") or e.get("status") or "" for e in items], "str"),
        ("actor_id", [a.get("ID") or e.get("id") or "" for a, e in zip(actors, items)], "str"),
        ("scope", [e.get("scope") or "" for e in items], "str"),
        ("name", [a.get("name") or "" for a in attrs], "str"),
        ("image", [a.get("image") or e.get("from") or "" for a, e in zip(attrs, items)], "str"),
        ("attributes", attrs, "object"),
    ]
    return mark(_frame(cols), times=["time"], raw=items)


def volumes(items: list[dict[str, Any]] | dict[str, Any]) -> pd.DataFrame:
    """`docker volume ls` from `GET /volumes` (its `Volumes` list, or the whole answer)."""
    if isinstance(items, dict):
        items = items.get("Volumes") or []
    items = list(items or [])
    cols = [
        ("driver", [v.get("Driver") or "" for v in items], "str"),
        ("volume_name", [v.get("Name") or "" for v in items], "str"),
        ("created", _iso(v.get("CreatedAt") for v in items), "time"),
        ("mountpoint", [v.get("Mountpoint") or "" for v in items], "str"),
        ("labels", [v.get("Labels") or {} for v in items], "object"),
        ("scope", [v.get("Scope") or "" for v in items], "str"),
    ]
    return mark(_frame(cols), times=["created"], raw=items)


def contexts(items: list[Any], current: str) -> pd.DataFrame:
    """`docker context ls` from the stored contexts (`context_store.Context`s)."""
    cols = [
        ("name", [c.name for c in items], "str"),
        ("current", [c.name == current for c in items], "bool"),
        ("description", [c.description for c in items], "str"),
        ("docker_endpoint", [c.host for c in items], "str"),
    ]
    return mark(_frame(cols))


def networks(items: list[dict[str, Any]], *, no_trunc: bool = False) -> pd.DataFrame:
    """`docker network ls` from `GET /networks`."""
    items = list(items or [])
    cols = [
        ("network_id", [_short(n.get("Id"), no_trunc) for n in items], "str"),
        ("name", [n.get("Name") or "" for n in items], "str"),
        ("driver", [n.get("Driver") or "" for n in items], "str"),
        ("scope", [n.get("Scope") or "" for n in items], "str"),
        ("created", _iso(n.get("Created") for n in items), "time"),
        ("internal", [bool(n.get("Internal")) for n in items], "bool"),
        ("ipv6", [bool(n.get("EnableIPv6")) for n in items], "bool"),
        ("labels", [n.get("Labels") or {} for n in items], "object"),
    ]
    return mark(_frame(cols), times=["created"], raw=items)
