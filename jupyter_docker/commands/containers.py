"""Listing containers: `ps` / `container ls`."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ..engine import Engine
from ..units import human_ago, human_size
from .common import (BOOL, FILTER, FORMAT, NO_TRUNC, QUIET, Columns, filters, ids, render_format,
                     short_id)
from .spec import FilterKey, command, flag, value


@command(
    "ps", "List containers",
    aliases=("container ls", "container list", "container ps"),
    options=(
        flag("-a", "--all", help="Show all containers (default shows just running)"),
        FILTER.with_keys(
            "id", FilterKey("name", completer="container"), "label", "exited",
            FilterKey("status", ("created", "restarting", "running", "removing", "paused",
                                 "exited", "dead")),
            FilterKey("ancestor", completer="image"), FilterKey("before", completer="container"),
            FilterKey("since", completer="container"), FilterKey("volume", completer="volume"),
            FilterKey("network", completer="network"), "publish", "expose",
            FilterKey("health", ("starting", "healthy", "unhealthy", "none")),
            FilterKey("is-task", BOOL)),
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
    if format and not quiet and ".Size" in format:
        size = True  # as the CLI: a template that shows .Size makes it ask for sizes
    items = engine.api.containers(all=all, limit=1 if latest else last, size=size,
                                  filters=filters(filter, "ps") or None)
    if quiet:
        return ids(short_id(c["Id"], no_trunc) for c in items)
    if format:
        table = PS.table + ("\t{{.Size}}" if size else "")
        return render_format(format, [cli_fields(c, no_trunc) for c in items],
                             Columns(table, PS.headers, PS.go_type, PS.failed))
    from .. import frames

    return frames.containers(items, no_trunc=no_trunc, size=size)


PS = Columns(
    "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}",
    {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT",
     "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE", "Status": "STATUS",
     "Size": "SIZE", "Names": "NAMES", "Labels": "LABELS", "Label": "LABEL",
     "Mounts": "MOUNTS", "LocalVolumes": "LOCAL VOLUMES", "Networks": "NETWORKS",
     "Platform": "PLATFORM"},
    "*formatter.ContainerContext", failed="")


def cli_fields(item: dict[str, Any], no_trunc: bool = False) -> dict[str, Any]:
    """The fields `docker ps --format` offers (`{{.ID}}`, `{{.Names}}`, ...), as the CLI's
    ContainerContext computes them."""
    from ..frames import ellipsis, go_quote, port_string
    from ..gotemplate import Method

    trunc = not no_trunc
    created = datetime.fromtimestamp(item.get("Created", 0), timezone.utc).astimezone()
    labels = item.get("Labels") or {}
    size = human_size(item.get("SizeRw") or 0)
    if item.get("SizeRootFs"):
        size = f"{size} (virtual {human_size(item['SizeRootFs'])})"
    command = item.get("Command", "")
    image = item.get("Image") or "<no image>"
    if trunc and short_id(item.get("ImageID") or "") == short_id(image):
        image = short_id(image)
    elif trunc and "@" in image:
        image = image.split("@", 1)[0]
    names = [n[1:] if n.startswith("/") else n for n in item.get("Names") or []]
    if trunc:
        names = next(([n] for n in names if "/" not in n), names)
    mounts = item.get("Mounts") or []
    return {
        "ID": short_id(item["Id"], no_trunc),
        "Image": image,
        "Command": go_quote(ellipsis(command, 20) if trunc else command),
        "CreatedAt": f"{created:%Y-%m-%d %H:%M:%S %z} {created.tzname()}",
        "RunningFor": human_ago(created),
        "Ports": port_string(item.get("Ports") or []),
        "State": item.get("State", ""),
        "Status": item.get("Status", ""),
        "Size": size,
        "Names": ",".join(names),
        "Labels": ",".join(f"{k}={labels[k]}" for k in sorted(labels)),
        "Label": Method("Label", lambda name: labels.get(name, "")),
        "Mounts": ",".join(ellipsis(m.get("Name") or m.get("Source", ""), 15) if trunc
                           else m.get("Name") or m.get("Source", "") for m in mounts),
        "LocalVolumes": str(sum(m.get("Driver") == "local" for m in mounts)),
        "Networks": ",".join(sorted((item.get("NetworkSettings") or {}).get("Networks") or {})),
        "Platform": (item.get("ImageManifestDescriptor") or {}).get("platform"),
    }
