"""`search`: Docker Hub repositories as a DataFrame (the engine asks the registry for us)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..engine import Engine
from .common import FILTER, filters
from .spec import Argument, command, flag, value

if TYPE_CHECKING:
    import pandas as pd

DESCRIPTION_WIDTH = 45  # the CLI's truncation of descriptions
SEARCH_TIMEOUT = 30.0  # the engine answers offline at once; a hung registry must not hang us


def search_frame(items: list[dict[str, Any]], no_trunc: bool = False) -> "pd.DataFrame":
    """name / description / stars / official / automated, in the engine's order."""
    import pandas as pd

    from ..display import mark
    from ..frames import ellipsis

    rows = [{
        "name": item.get("name", ""),
        "description": (item.get("description") or "").replace("\n", " ") if no_trunc
        else ellipsis((item.get("description") or "").replace("\n", " "), DESCRIPTION_WIDTH),
        "stars": int(item.get("star_count") or 0),
        "official": bool(item.get("is_official")),
        "automated": bool(item.get("is_automated")),
    } for item in items]
    df = pd.DataFrame(rows, columns=["name", "description", "stars", "official", "automated"])
    return mark(df, raw=items)


@command("search", "Search Docker Hub for images",
         options=(FILTER,
                  value("--limit", kind="int", metavar="int", help="Max number of search results"),
                  flag("--no-trunc", help="Don't truncate output")),
         arguments=(Argument("TERM"),))
def search(engine: Engine, term: str, filter: list[str] | None = None,
           limit: int | None = None, no_trunc: bool = False) -> "pd.DataFrame":
    """Ask the registry (through the engine); offline this is one line from the engine."""
    api = engine.api
    params: dict[str, Any] = {"term": term}
    if limit:
        params["limit"] = limit
    wanted = filters(filter, "search")
    if wanted:
        params["filters"] = json.dumps(wanted)
    response = api._get(api._url("/images/search"), params=params, timeout=SEARCH_TIMEOUT)
    return search_frame(api._result(response, json=True) or [], no_trunc=no_trunc)
