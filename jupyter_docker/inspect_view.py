"""How an `inspect` DataFrame is shown: a field/value view, not a 1-row x 150-column table.

`frames.inspect()` tags its frame (`tag()`); the DataFrame formatters in display.py ask
`html()` / `text()` here first. The value stays the DataFrame: `df["State.Status"]` works,
and the field names shown are its column names. Fields are grouped by their first part
(`State`, `Config`, `HostConfig`, ...) in `<details>` blocks; empty ones (None, "", [], {})
are counted, not shown. The HTML uses inline styles only, so a saved notebook, opened
untrusted (JupyterLab strips `<style>` then), shows the same view.
"""

from __future__ import annotations

import html as _html
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .units import human_ago, human_size

if TYPE_CHECKING:
    import pandas as pd

ATTR = "jupyter_docker"  # display.ATTR (not imported: display imports this module)
VIEW = "fields"
MAX_OBJECTS = 5  # more rows than this: the plain table (a field view would be as wide)
CLOSED = ("HostConfig", "GraphDriver", "RootFS", "ContainerConfig", "Metadata")
TOP = ""  # the group of top-level fields (Id, Name, Created, ...)

# Only properties and values JupyterLab's sanitizer keeps on untrusted output.
_CELL = ("text-align:left;vertical-align:top;padding:2px 8px;white-space:pre-wrap;"
         "overflow-wrap:break-word")
_FIELD = f"{_CELL};font-family:monospace;width:30%"


def tag(df: "pd.DataFrame") -> "pd.DataFrame":
    """Mark an inspect frame (already `display.mark()`ed) to be shown as fields."""
    df.attrs.setdefault(ATTR, {})["view"] = VIEW
    return df


def applies(df: "pd.DataFrame") -> bool:
    """A tagged frame of 1..MAX_OBJECTS rows whose columns are field names (not `df.T`)."""
    hints = df.attrs.get(ATTR) or {}
    return (hints.get("view") == VIEW and 0 < len(df) <= MAX_OBJECTS
            and len(df.columns) > 0 and all(isinstance(c, str) for c in df.columns))


# ------------------------------------------------------------------ values

def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, dict, tuple)):
        return len(value) == 0
    import pandas as pd  # loaded already: there is a DataFrame to show

    return bool(pd.isna(value))  # NaN, NaT, pd.NA


def _json(value: Any) -> str:
    return json.dumps(value, separators=(", ", ": "), default=str)


def value_text(value: Any, kind: str = "") -> str:
    """One value as a person reads it: a list one item per line, times and sizes humanized."""
    if _empty(value):
        return ""
    if kind == "time" and isinstance(value, datetime):
        return f"{value.strftime('%Y-%m-%d %H:%M:%S UTC')} ({human_ago(value)})"
    if kind == "size" and not isinstance(value, bool):
        return f"{human_size(value)} ({int(value)} bytes)"
    if isinstance(value, (list, tuple)):
        return "\n".join(_json(v) if isinstance(v, (dict, list)) else str(v) for v in value)
    if isinstance(value, dict):
        return _json(value)
    return str(value)


# ------------------------------------------------------------------ the fields

def _kinds(df: "pd.DataFrame") -> dict[str, str]:
    hints = df.attrs.get(ATTR) or {}
    kinds = {c: "time" for c in hints.get("times", [])}
    kinds.update({c: "size" for c in hints.get("sizes", [])})
    return kinds


def _title(row: "pd.Series", index: int) -> str:
    """`container web (running)`, `image jupyter-docker/busybox:latest`, `volume data`."""
    get = row.get
    if isinstance(get("State.Status"), str):
        name = str(get("Name") or get("Id", ""))[:64].lstrip("/")
        return f"container {name} ({get('State.Status')})"
    tags = get("RepoTags")
    if "RootFS.Type" in row.index or isinstance(tags, list):
        name = tags[0] if isinstance(tags, list) and tags else str(get("Id", ""))[:19]
        return f"image {name}"
    if "Mountpoint" in row.index:
        return f"volume {get('Name')}"
    if "IPAM.Driver" in row.index:
        return f"network {get('Name')}"
    return str(get("Name") or get("ID") or get("Id") or f"object {index}").lstrip("/")


def groups(df: "pd.DataFrame") -> list[tuple[str, list[tuple[str, list[str]]], int]]:
    """`[(group, [(field, [text per object]), ...], empty_count), ...]`, top-level first."""
    kinds = _kinds(df)
    by_group: dict[str, tuple[list[tuple[str, list[str]]], list[int]]] = {TOP: ([], [0])}
    for column in df.columns:
        head, dot, _ = column.partition(".")
        group = head if dot else TOP
        fields, empty = by_group.setdefault(group, ([], [0]))
        texts = [value_text(v, kinds.get(column, "")) for v in df[column].tolist()]
        if any(texts):
            fields.append((column, texts))
        else:
            empty[0] += 1
    return [(g, fields, empty[0]) for g, (fields, empty) in by_group.items()
            if fields or empty[0]]


def _summary(df: "pd.DataFrame", shown: int) -> str:
    rows, cols = df.shape
    example = 'df["State.Status"], ' if "State.Status" in df.columns else ""
    return (f"{shown} of {cols} fields shown (empty ones counted, not shown) · the value is a "
            f"{rows}×{cols} DataFrame: {example}df.iloc[0], df.attrs[\"raw\"]")


def html(df: "pd.DataFrame") -> str | None:
    """The field/value view as HTML, or None when the frame is not one for it."""
    if not applies(df):
        return None
    esc = _html.escape
    titles = [_title(row, i) for i, (_, row) in enumerate(df.iterrows())]
    head = ""
    if len(df) > 1:
        head = ("<thead><tr><th style=\"" + _FIELD + "\">field</th>"
                + "".join(f"<th style=\"{_CELL}\">{esc(t)}</th>" for t in titles)
                + "</tr></thead>")
    parts: list[str] = []
    shown = 0
    for group, fields, empty in groups(df):
        shown += len(fields)
        rows = "".join(
            f"<tr><td style=\"{_FIELD}\">{esc(field)}</td>"
            + "".join(f"<td style=\"{_CELL}\">{esc(t)}</td>" for t in texts) + "</tr>"
            for field, texts in fields)
        table = ("<table class=\"jd-inspect-fields\" style=\"table-layout:fixed;width:100%;"
                 "margin:0;border-collapse:collapse\">" + head + f"<tbody>{rows}</tbody></table>")
        if group == TOP:
            parts.append(table)
            continue
        note = f"{len(fields)} fields" + (f", {empty} empty" if empty else "")
        opened = "" if group in CLOSED else " open"
        parts.append(f"<details class=\"jd-inspect-group\" data-group=\"{esc(group)}\"{opened} "
                     "style=\"margin:4px 0\"><summary style=\"cursor:pointer;font-weight:bold\">"
                     f"{esc(group)} <span style=\"font-weight:normal;opacity:0.7\">({note})"
                     f"</span></summary>{table}</details>")
    title = esc(titles[0]) if len(df) == 1 else f"{len(df)} objects"
    return ("<div class=\"jd-inspect\" style=\"max-width:100%;overflow-x:auto;"
            "box-sizing:border-box\">"
            f"<div style=\"font-weight:bold;margin-bottom:2px\">{title}</div>"
            f"<div class=\"jd-inspect-note\" style=\"opacity:0.7;margin-bottom:4px\">"
            f"{esc(_summary(df, shown))}</div>" + "".join(parts) + "</div>")


def text(df: "pd.DataFrame") -> str | None:
    """The same view as text (a terminal, nbconvert to text): `field  value` lines."""
    if not applies(df):
        return None
    titles = [_title(row, i) for i, (_, row) in enumerate(df.iterrows())]
    out = [" | ".join(titles)]
    fields = [(f, texts) for _, group_fields, _ in groups(df) for f, texts in group_fields]
    width = min(40, max((len(f) for f, _ in fields), default=0))
    for field, texts in fields:
        values = " | ".join(t.replace("\n", ", ") for t in texts)
        out.append(f"{field:<{width}}  {values}")
    out.append(_summary(df, len(fields)))
    return "\n".join(out)
