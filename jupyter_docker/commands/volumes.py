"""Volumes: `volume create/ls/rm/prune` (`volume inspect` lives with inspect)."""

from __future__ import annotations

from typing import Any

from ..display import Lines, Text
from ..engine import Engine
from ..errors import DockerError
from ._confirm import confirm
from .common import (BOOL, FILTER, FORCE_PRUNE, FORMAT, PRUNE_FILTER, QUIET, Columns, Pruned, each,
                     filters, natural_key, prune_report, render_format)
from .spec import Argument, FilterKey, command, flag, value



def labels_of(pairs: list[str] | None) -> dict[str, str]:
    return {k: v for k, _, v in (p.partition("=") for p in pairs or [])}


@command("volume create", "Create a volume",
         options=(value("-d", "--driver", default="local", metavar="string",
                        help="Specify volume driver name"),
                  value("-o", "--opt", kind="map", metavar="map",
                        help="Set driver specific options"),
                  value("--label", kind="list", metavar="list", help="Set metadata for a volume")),
         arguments=(Argument("VOLUME", "?"),))
def volume_create(engine: Engine, volume: str | None = None, driver: str = "local",
                  opt: dict | None = None, label: list[str] | None = None) -> Text:
    """Create a volume; returns its name."""
    created = engine.api.create_volume(volume, driver=driver, driver_opts=opt or None,
                                       labels=labels_of(label) or None)
    return Text(created["Name"])


@command("volume ls", "List volumes", aliases=("volume list",), options=(
    FILTER.with_keys(FilterKey("dangling", BOOL), "driver", "label",
                     FilterKey("name", completer="volume")), FORMAT, QUIET))
def volume_ls(engine: Engine, filter: list[str] | None = None, format: str | None = None,
              quiet: bool = False) -> Any:
    """Volumes as a DataFrame (`-q`: names)."""
    from .. import frames

    items = engine.api.volumes(filters=filters(filter, "volume ls") or None).get("Volumes") or []
    items.sort(key=lambda v: natural_key(v["Name"]))  # the CLI's order
    if quiet:
        return Lines(v["Name"] for v in items)
    if format:
        return render_format(format, [_volume_fields(v) for v in items], VOLUMES)
    return frames.volumes(items)


VOLUMES = Columns("{{.Driver}}\t{{.Name}}",
                  {"Name": "VOLUME NAME", "Driver": "DRIVER", "Scope": "SCOPE",
                   "Mountpoint": "MOUNTPOINT", "Labels": "LABELS", "Label": "LABEL",
                   "Links": "LINKS", "Size": "SIZE", "Group": "GROUP",
                   "Availability": "AVAILABILITY", "Status": "STATUS"},
                  "*formatter.volumeContext")


def _volume_fields(v: dict[str, Any]) -> dict[str, Any]:
    """The fields `docker volume ls --format` offers, as the CLI's volumeContext has them."""
    from ..gotemplate import Method

    labels = v.get("Labels") or {}
    usage = v.get("UsageData") or {}
    return {"Name": v["Name"], "Driver": v.get("Driver", ""), "Scope": v.get("Scope", ""),
            "Mountpoint": v.get("Mountpoint", ""),
            "Labels": ",".join(f"{k}={labels[k]}" for k in sorted(labels)),
            "Label": Method("Label", lambda name: labels.get(name, "")),
            "Links": str(usage["RefCount"]) if usage.get("RefCount", -1) != -1 else "N/A",
            "Size": "N/A", "Group": "N/A", "Availability": "N/A", "Status": "N/A"}


@command("volume rm", "Remove one or more volumes", aliases=("volume remove",),
         options=(flag("-f", "--force", help="Force the removal of one or more volumes"),),
         arguments=(Argument("VOLUME", "+", completer="volume"),))
def volume_rm(engine: Engine, volume: list[str], force: bool = False) -> Lines:
    return each(engine, volume, lambda v: engine.api.remove_volume(v, force=force))


def pruned_volumes(engine: Engine, wanted: dict[str, list[str]]) -> Pruned:
    """Remove the local volumes no container uses that match `wanted` (filters)."""
    result = engine.api.prune_volumes(filters=wanted or None)
    return Pruned("Deleted Volumes:", result.get("VolumesDeleted") or [],
                  result.get("SpaceReclaimed") or 0)


@command("volume prune", "Remove unused local volumes",
         options=(flag("-a", "--all", help="Remove all unused volumes, not just anonymous ones"),
                  PRUNE_FILTER, FORCE_PRUNE))
def volume_prune(engine: Engine, all: bool = False, filter: list[str] | None = None,
                 force: bool = False) -> Text:
    """Like the CLI: since API 1.42 the engine prunes only anonymous volumes unless -a."""
    wanted = filters(filter, "volume prune")
    anonymous_only = engine.at_least("1.42")
    if all:
        if not anonymous_only:
            raise DockerError(f'"--all" requires API version 1.42, but the Docker daemon API '
                              f"version is {engine.version}")
        wanted["all"] = ["true"]
    which = "anonymous" if anonymous_only and not all else "all"
    confirm(f"WARNING! This will remove {which} local volumes not used by at least one "
            "container.", force)
    return prune_report([pruned_volumes(engine, wanted)])
