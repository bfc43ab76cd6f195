"""Listing containers: `ps` / `container ls`."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ..engine import Engine
from ..units import human_ago, human_size
from .common import FILTER, FORMAT, NO_TRUNC, QUIET, filters, ids, render_format, short_id
from .spec import command, flag, value


@command(
    "ps", "List containers",
    aliases=("container ls", "container list", "container ps"),
    options=(
        flag("-a", "--all", help="Show all containers (default shows just running)"),
        FILTER,
        FORMAT,
        value("-n", "--last", kind="int", default=-1, metavar="int",
              help="Show n last created containers (includes all states)"),
        flag("-l", "--latest", help="Show the latest created container (includes all states)"),
        NO_TRUNC,
        QUIET,
        flag("-s", "--size", help="Display total file sizes"),
    ),
)
def ps(engine: Engine, all: bool = False, filter: list[str] | None = None,
       format: str | None = None, last: int = -1, latest: bool = False,
       no_trunc: bool = False, quiet: bool = False, size: bool = False) -> Any:
    """Containers as a DataFrame (`-q`: a list of ids)."""
    items = engine.api.containers(all=all, limit=1 if latest else last, size=size,
                                  filters=filters(filter, "ps") or None)
    if quiet:
        return ids(short_id(c["Id"], no_trunc) for c in items)
    if format:
        return render_format(format, [cli_fields(c, no_trunc) for c in items])
    from .. import frames

    return frames.containers(items, no_trunc=no_trunc, size=size)


def cli_fields(item: dict[str, Any], no_trunc: bool = False) -> dict[str, Any]:
    """The fields `docker ps --format` offers (`{{.ID}}`, `{{.Names}}`, ...)."""
    from ..frames import port_string

    created = datetime.fromtimestamp(item.get("Created", 0), timezone.utc)
    labels = item.get("Labels") or {}
    size = ""
    if "SizeRw" in item or "SizeRootFs" in item:
        size = f"{human_size(item.get('SizeRw', 0))} (virtual {human_size(item.get('SizeRootFs', 0))})"
    return {
        "ID": short_id(item["Id"], no_trunc),
        "Image": item.get("Image", ""),
        "Command": f'"{item.get("Command", "")}"',
        "CreatedAt": created.strftime("%Y-%m-%d %H:%M:%S %z %Z"),
        "RunningFor": human_ago(created),
        "Ports": port_string(item.get("Ports") or []),
        "State": item.get("State", ""),
        "Status": item.get("Status", ""),
        "Size": size,
        "Names": ",".join(n.lstrip("/") for n in item.get("Names") or []),
        "Labels": ",".join(f"{k}={v}" for k, v in labels.items()),
        "Mounts": ",".join(m.get("Name") or m.get("Source", "") for m in item.get("Mounts") or []),
        "Networks": ",".join((item.get("NetworkSettings") or {}).get("Networks") or {}),
    }
