"""The build cache: `builder prune`."""

from __future__ import annotations

from typing import Any

from ..display import Text
from ..engine import Engine
from ._confirm import confirm
from .common import FORCE_PRUNE, PRUNE_FILTER, Pruned, filters, prune_report
from .spec import command, flag, value


def pruned_build_cache(engine: Engine, wanted: dict[str, list[str]], all: bool,
                       keep_storage: int | None = None) -> Pruned:
    """Remove the dangling build cache (`all`: all of it) matching `wanted` (filters)."""
    result: dict[str, Any] = engine.api.prune_builds(filters=wanted or None, all=all or None,
                                                     keep_storage=keep_storage)
    return Pruned("Deleted build cache objects:", result.get("CachesDeleted") or [],
                  result.get("SpaceReclaimed") or 0)


@command("builder prune", "Remove build cache",
         options=(flag("-a", "--all", help="Remove all unused build cache, not just dangling ones"),
                  PRUNE_FILTER, FORCE_PRUNE,
                  value("--keep-storage", kind="bytes", metavar="bytes",
                        help="Amount of disk space to keep for cache")))
def builder_prune(engine: Engine, all: bool = False, filter: list[str] | None = None,
                  force: bool = False, keep_storage: int | None = None) -> Text:
    """Asks first (unless -f); prints the removed cache objects and the space reclaimed."""
    confirm("WARNING! This will remove all build cache." if all
            else "WARNING! This will remove all dangling build cache.", force)
    return prune_report([pruned_build_cache(engine, filters(filter, "builder prune"), all,
                                            keep_storage or None)])
