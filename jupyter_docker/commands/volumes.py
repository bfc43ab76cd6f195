"""Volumes: `volume create/ls/rm/prune` (`volume inspect` lives with inspect)."""

from __future__ import annotations

from typing import Any

from ..display import Lines, Text
from ..engine import Engine
from ._confirm import confirm
from .common import (FILTER, FORCE_PRUNE, FORMAT, PRUNE_FILTER, QUIET, Pruned, each, filters,
                     prune_report, render_format)
from .spec import Argument, command, flag, value



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


@command("volume ls", "List volumes", aliases=("volume list",), options=(FILTER, FORMAT, QUIET))
def volume_ls(engine: Engine, filter: list[str] | None = None, format: str | None = None,
              quiet: bool = False) -> Any:
    """Volumes as a DataFrame (`-q`: names)."""
    from .. import frames

    items = engine.api.volumes(filters=filters(filter, "volume ls") or None).get("Volumes") or []
    if quiet:
        return Lines(v["Name"] for v in items)
    if format:
        return render_format(format, [{"Name": v["Name"], "Driver": v["Driver"],
                                       "Mountpoint": v.get("Mountpoint", "")} for v in items])
    return frames.volumes(items)


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


@command("volume prune", "Remove all unused local volumes", options=(PRUNE_FILTER, FORCE_PRUNE))
def volume_prune(engine: Engine, filter: list[str] | None = None, force: bool = False) -> Text:
    confirm("WARNING! This will remove all local volumes not used by at least one container.",
            force)
    return prune_report([pruned_volumes(engine, filters(filter, "volume prune"))])
