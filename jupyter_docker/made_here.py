"""What this process (a notebook's kernel) created: container and image ids.

The JupyterLab panel's "created from this notebook" filter reads it (lab.py). Kept in memory
only, so it covers the kernel's life: a restarted kernel starts empty.
"""

from __future__ import annotations

_ids: dict[str, set[str]] = {"container": set(), "image": set()}


def record(kind: str, object_id: str) -> str:
    """Remember `object_id` (a full id, `sha256:` allowed) as made here; returns it."""
    _ids[kind].add(object_id.removeprefix("sha256:"))
    return object_id


def made_here(kind: str, object_id: str) -> bool:
    """Whether the object with this id (full, or a prefix of 12 or more) was made here."""
    short = object_id.removeprefix("sha256:")
    return len(short) >= 12 and any(full.startswith(short) for full in _ids[kind])
