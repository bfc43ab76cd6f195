"""The build cache: `builder du` (a DataFrame, like `docker buildx du`) and `builder prune`."""

from __future__ import annotations

from typing import Any

from ..display import Text
from ..engine import Engine
from ._confirm import confirm
from .common import FORCE_PRUNE, PRUNE_FILTER, Pruned, filters, prune_report
from .spec import command, flag, value


def build_cache(engine: Engine) -> list[dict[str, Any]]:
    """The engine's BuildKit cache records (`GET /system/df?type=build-cache`; an engine
    before API 1.42 ignores the type and answers everything)."""
    api = engine.api
    answer = api._result(api._get(api._url("/system/df"), params={"type": "build-cache"}),
                         True)
    return answer.get("BuildCache") or []


@command("builder du", "Disk usage of the build cache (a DataFrame: id, type, size, shared, "
         "in use, reclaimable, last used, ...)", aliases=("buildx du",))
def builder_du(engine: Engine) -> Any:
    """One row per cache record, least recently used first, as `docker buildx du` lists them."""
    from ..frames.system_df import build_cache_du

    return build_cache_du(build_cache(engine))


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
