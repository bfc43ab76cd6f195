"""`system df`: the summary and the `-v` tables."""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd

from ..display import mark
from .common import _epoch, _frame, _iso, _short, split_reference
from .containers import _command, _container_image, _names
from .images import _dangling, _image_size


def _active(state: str) -> bool:
    return "running" in state or "paused" in state or "restarting" in state


def _percent(part: int, whole: int) -> float:
    return part * 100.0 / whole if whole > 0 else float("nan")


def system_df(data: dict[str, Any], *, verbose: bool = False) -> dict[str, pd.DataFrame]:
    """`docker system df` from `GET /system/df`: {"summary": …} (+ per-type frames if verbose).

    Reclaimable space as the CLI computes it: images not used by a container (shared layers
    counted once, as `LayersSize` does), non-running containers' writable layers, volumes with
    no reference, build cache neither in use nor shared.
    """
    data = data or {}
    imgs = data.get("Images") or []
    ctrs = data.get("Containers") or []
    vols = data.get("Volumes") or []
    cache = data.get("BuildCache") or []

    layers = int(data.get("LayersSize") or 0)
    used = 0
    for img in imgs:
        if (img.get("Containers") or 0) != 0:
            size, shared = _image_size(img), img.get("SharedSize", -1)
            if size != -1 and shared is not None and shared != -1:
                used += size - shared
    img_reclaim = layers - used

    ctr_size = sum(int(c.get("SizeRw") or 0) for c in ctrs)
    ctr_reclaim = sum(int(c.get("SizeRw") or 0) for c in ctrs if not _active(c.get("State") or ""))

    usage = [v.get("UsageData") or {} for v in vols]
    vol_size = sum(int(u.get("Size", -1)) for u in usage if u.get("Size", -1) != -1)
    vol_reclaim = sum(int(u.get("Size", -1)) for u in usage
                      if u.get("Size", -1) != -1 and not u.get("RefCount"))

    cache_size = sum(int(b.get("Size") or 0) for b in cache if not b.get("Shared"))
    cache_reclaim = cache_size - sum(int(b.get("Size") or 0) for b in cache
                                     if b.get("InUse") and not b.get("Shared"))

    table = [
        ("Images", len(imgs), sum(1 for i in imgs if (i.get("Containers") or 0) > 0),
         layers, img_reclaim),
        ("Containers", len(ctrs), sum(1 for c in ctrs if _active(c.get("State") or "")),
         ctr_size, ctr_reclaim),
        ("Local Volumes", len(vols), sum(1 for u in usage if (u.get("RefCount") or 0) > 0),
         vol_size, vol_reclaim),
        ("Build Cache", len(cache), sum(1 for b in cache if b.get("InUse")),
         cache_size, cache_reclaim),
    ]
    summary = _frame([
        ("type", [t[0] for t in table], "str"),
        ("total", [t[1] for t in table], "int64"),
        ("active", [t[2] for t in table], "int64"),
        ("size", [t[3] for t in table], "int64"),
        ("reclaimable", [t[4] for t in table], "int64"),
        ("reclaimable_percent", [_percent(t[4], t[3]) for t in table], "float64"),
    ])
    out = {"summary": mark(summary, sizes=["size", "reclaimable"],
                           percents=["reclaimable_percent"], raw=data)}
    if verbose:
        out["images"] = _df_images(imgs)
        out["containers"] = _df_containers(ctrs)
        out["volumes"] = _df_volumes(vols)
        out["build_cache"] = _df_build_cache(cache)
    return out


def _na_if(values: list[Any], bad: Callable[[Any], bool]) -> list[Any]:
    return [None if v is None or bad(v) else v for v in values]


def _df_images(imgs: list[dict[str, Any]]) -> pd.DataFrame:
    """`system df -v` images: one row per image, named by its first tag."""
    names = []
    for img in imgs:
        tags = img.get("RepoTags") or []
        repo = tag = "<none>"
        if tags and not _dangling(tags, img.get("RepoDigests") or []) and "<none>" not in tags[0]:
            name, first_tag, _ = split_reference(tags[0])
            if first_tag is not None:
                repo, tag = name, first_tag
        names.append((repo, tag))
    sizes = [_image_size(i) for i in imgs]
    shared = [i.get("SharedSize", -1) for i in imgs]
    unique = [None if s == -1 or sh is None or sh == -1 else s - sh
              for s, sh in zip(sizes, shared)]
    cols = [
        ("repository", [n[0] for n in names], "str"),
        ("tag", [n[1] for n in names], "str"),
        ("image_id", [_short(i.get("Id")) for i in imgs], "str"),
        ("created", _epoch(i.get("Created") for i in imgs), "time"),
        ("size", sizes, "int64"),
        ("shared_size", _na_if(shared, lambda v: v == -1), "Int64"),
        ("unique_size", unique, "Int64"),
        ("containers", _na_if([i.get("Containers") for i in imgs], lambda v: v == -1), "Int64"),
    ]
    return mark(_frame(cols), sizes=["size", "shared_size", "unique_size"], times=["created"],
                raw=imgs)


def _df_containers(ctrs: list[dict[str, Any]]) -> pd.DataFrame:
    cols = [
        ("container_id", [_short(c.get("Id")) for c in ctrs], "str"),
        ("image", [_container_image(c, False) for c in ctrs], "str"),
        ("command", [_command(c.get("Command") or "", False) for c in ctrs], "str"),
        ("local_volumes", [sum(1 for m in c.get("Mounts") or () if m.get("Driver") == "local")
                           for c in ctrs], "int64"),
        ("size", [int(c.get("SizeRw") or 0) for c in ctrs], "int64"),
        ("created", _epoch(c.get("Created") for c in ctrs), "time"),
        ("status", [c.get("Status") or "" for c in ctrs], "str"),
        ("names", [_names(c.get("Names"), False) for c in ctrs], "str"),
    ]
    return mark(_frame(cols), sizes=["size"], times=["created"], raw=ctrs)


def _df_volumes(vols: list[dict[str, Any]]) -> pd.DataFrame:
    usage = [v.get("UsageData") for v in vols]
    cols = [
        ("volume_name", [v.get("Name") or "" for v in vols], "str"),
        ("links", [None if u is None or u.get("RefCount", -1) == -1 else u["RefCount"]
                   for u in usage], "Int64"),
        ("size", [None if u is None or u.get("Size", -1) == -1 else u["Size"] for u in usage],
         "Int64"),
    ]
    return mark(_frame(cols), sizes=["size"], raw=vols)


def _cache_order(b: dict[str, Any]) -> tuple:
    """Least recently used first (never-used records on top), as the CLI sorts them."""
    last = b.get("LastUsedAt")
    when = pd.Timestamp(last) if last else None
    return (when is not None, when.value if when is not None else 0, b.get("ID") or "")


def build_cache_du(cache: list[dict[str, Any]]) -> pd.DataFrame:
    """`builder du` (`docker buildx du`): one row per BuildKit cache record, full ids;
    reclaimable is what `builder prune -a` may remove (a record not in use)."""
    cache = sorted(cache, key=_cache_order)
    cols = [
        ("id", [b.get("ID") or "" for b in cache], "str"),
        ("type", [b.get("Type") or "" for b in cache], "str"),
        ("size", [int(b.get("Size") or 0) for b in cache], "int64"),
        ("shared", [bool(b.get("Shared")) for b in cache], "bool"),
        ("in_use", [bool(b.get("InUse")) for b in cache], "bool"),
        ("reclaimable", [not b.get("InUse") for b in cache], "bool"),
        ("last_used", _iso(b.get("LastUsedAt") for b in cache), "time"),
        ("created", _iso(b.get("CreatedAt") for b in cache), "time"),
        ("usage_count", [int(b.get("UsageCount") or 0) for b in cache], "int64"),
        ("description", [b.get("Description") or "" for b in cache], "str"),
        ("parents", [", ".join(b.get("Parents") or ([b["Parent"]] if b.get("Parent") else []))
                     for b in cache], "str"),
    ]
    return mark(_frame(cols), sizes=["size"], times=["created", "last_used"], raw=cache)


def _df_build_cache(cache: list[dict[str, Any]]) -> pd.DataFrame:
    """`system df -v` build cache, least recently used first (never-used records on top)."""
    cache = sorted(cache, key=_cache_order)
    cols = [
        ("cache_id", [_short(b.get("ID")) for b in cache], "str"),
        ("cache_type", [b.get("Type") or "" for b in cache], "str"),
        ("size", [int(b.get("Size") or 0) for b in cache], "int64"),
        ("created", _iso(b.get("CreatedAt") for b in cache), "time"),
        ("last_used", _iso(b.get("LastUsedAt") for b in cache), "time"),
        ("usage_count", [int(b.get("UsageCount") or 0) for b in cache], "int64"),
        ("in_use", [bool(b.get("InUse")) for b in cache], "bool"),
        ("shared", [bool(b.get("Shared")) for b in cache], "bool"),
        ("description", [b.get("Description") or "" for b in cache], "str"),
    ]
    return mark(_frame(cols), sizes=["size"], times=["created", "last_used"], raw=cache)
