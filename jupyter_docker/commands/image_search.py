"""`search`: Docker Hub repositories as a DataFrame (the engine asks the registry for us)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..engine import Engine
from .common import FILTER, FORMAT, filters, render_format
from .spec import Argument, command, flag, value

if TYPE_CHECKING:
    import pandas as pd

DESCRIPTION_WIDTH = 45  # the CLI's truncation of descriptions
SEARCH_TIMEOUT = 30.0  # the engine answers offline at once; a hung registry must not hang us


def search_rows(items: list[dict[str, Any]], no_trunc: bool = False) -> list[dict[str, str]]:
    """What `--format` sees, as the CLI's search formatter gives it: `.Name`, `.Description`
    (one line, cut at 45 unless --no-trunc), `.StarCount`, `.IsOfficial`/`.IsAutomated`
    (`[OK]` or empty)."""
    from ..frames import ellipsis

    def desc(item: dict[str, Any]) -> str:
        text = (item.get("description") or "").replace("\n", " ").replace("\r", " ")
        return text if no_trunc else ellipsis(text, DESCRIPTION_WIDTH)

    ok = lambda flag: "[OK]" if flag else ""  # noqa: E731
    return [{"Name": item.get("name", ""), "Description": desc(item),
             "StarCount": str(int(item.get("star_count") or 0)),
             "IsOfficial": ok(item.get("is_official")), "IsAutomated": ok(item.get("is_automated"))}
            for item in items]


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
         options=(FILTER, FORMAT,
                  value("--limit", kind="int", metavar="int", help="Max number of search results"),
                  flag("--no-trunc", help="Don't truncate output")),
         arguments=(Argument("TERM"),))
def search(engine: Engine, term: str, filter: list[str] | None = None,
           limit: int | None = None, no_trunc: bool = False,
           format: str | None = None) -> Any:
    """Ask the registry (through the engine); offline this is one line from the engine."""
    api = engine.api
    params: dict[str, Any] = {"term": term}
    if limit:
        params["limit"] = limit
    wanted = filters(filter, "search")
    if wanted:
        params["filters"] = json.dumps(wanted)
    response = api._get(api._url("/images/search"), params=params, timeout=SEARCH_TIMEOUT)
    items = api._result(response, json=True) or []
    if format:
        return render_format(format, search_rows(items, no_trunc))
    return search_frame(items, no_trunc=no_trunc)
