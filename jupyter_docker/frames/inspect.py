"""`inspect`: engine objects flattened to one row each, dotted columns, typed times and sizes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..display import mark
from ..inspect_view import tag as fields_view
from .common import TIME, _RFC3339, _epoch, _iso


_TIME_KEYS = {"Created", "CreatedAt", "StartedAt", "FinishedAt", "LastTagTime", "UpdatedAt"}
_SIZE_KEYS = {"Size", "VirtualSize", "SizeRw", "SizeRootFs"}


def flatten(obj: dict[str, Any], prefix: str = "", out: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    """`{"State": {"Status": "x"}}` -> `{"State.Status": "x"}`; lists and empty dicts stay."""
    out = {} if out is None else out
    for key, val in obj.items():
        name = f"{prefix}{key}"
        if isinstance(val, dict) and val:
            flatten(val, name + ".", out)
        else:
            out[name] = val
    return out


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def inspect(objects: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per inspected object; nested fields as dotted columns (`State.Status`).

    Columns appear in the order they are first met. Lists stay as values (`Config.Env`), times
    become UTC datetimes (Go's zero time: NaT), `Size`/`VirtualSize` stay integer bytes.
    `df.attrs["raw"]` holds the objects as the engine sent them.
    """
    objects = list(objects or [])
    flats = [flatten(o) for o in objects]
    keys: dict[str, None] = {}
    for flat in flats:
        for key in flat:
            keys.setdefault(key)
    data: dict[str, Any] = {}
    times: list[str] = []
    sizes: list[str] = []
    for key in keys:
        values = [flat.get(key) for flat in flats]
        present = [v for v in values if v is not None]
        last = key.rsplit(".", 1)[-1]
        if last in _TIME_KEYS and present and all(
                isinstance(v, str) and _RFC3339.match(v) for v in present):
            data[key] = _iso(values)
            times.append(key)
        elif last in _TIME_KEYS and present and all(_is_int(v) for v in present):
            data[key] = pd.Series(_epoch(values), dtype=TIME)
            times.append(key)
        elif last in _SIZE_KEYS and present and all(_is_int(v) for v in present):
            data[key] = pd.Series(values, dtype="int64" if len(present) == len(values)
                                  else "Int64")
            sizes.append(key)
        elif any(isinstance(v, (list, dict)) for v in present) or not present:
            data[key] = pd.Series(values, dtype=object)
        elif len(present) < len(values) and all(_is_int(v) for v in present):
            data[key] = pd.Series(values, dtype="Int64")
        elif len(present) < len(values) and all(isinstance(v, bool) for v in present):
            data[key] = pd.Series(values, dtype="boolean")
        else:
            data[key] = pd.Series(values)
    df = pd.DataFrame(data) if data else pd.DataFrame(index=range(len(objects)))
    return fields_view(mark(df, sizes=sizes, times=times, raw=objects))  # shown as fields
