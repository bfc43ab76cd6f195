"""Building blocks shared by the frame builders: typed columns, times, short ids, widths, Go quoting."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

import numpy as np
import pandas as pd


TIME = "datetime64[ns, UTC]"
_NAT = np.iinfo(np.int64).min
_NS_MIN, _NS_MAX = _NAT, np.iinfo(np.int64).max  # datetime64[ns] range; Go's zero time is outside
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _frame(columns: list[tuple[str, Any, str]]) -> pd.DataFrame:
    """A frame from `(name, values, dtype)` triples; dtype `time` means values are ready."""
    data: dict[str, Any] = {}
    for name, values, dtype in columns:
        if dtype == "time":
            data[name] = pd.Series(values, dtype=TIME)
        else:
            data[name] = pd.Series(values, dtype=dtype)
    if not columns:
        return pd.DataFrame()
    return pd.DataFrame(data)


def _epoch(values: Iterable[Any], scale: int = 1_000_000_000) -> pd.DatetimeIndex:
    """Unix times (seconds; nanoseconds with scale=1) -> UTC datetimes. Missing, Go's zero
    time and anything out of range -> NaT."""
    ns = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v:
            ns.append(_NAT)
            continue
        n = v * scale if isinstance(v, int) else int(round(v * scale))
        ns.append(n if _NS_MIN < n <= _NS_MAX else _NAT)
    return pd.DatetimeIndex(np.array(ns, dtype="int64").view("M8[ns]")).tz_localize("UTC")


def _iso(values: Iterable[Any]) -> pd.Series:
    """RFC 3339 strings (Go's time.Time in JSON) -> UTC datetimes; Go's zero time -> NaT."""
    clean = [v if isinstance(v, str) and v and not v.startswith("0001-01-01") else None
             for v in values]
    if not clean:
        return pd.Series([], dtype=TIME)
    parsed = pd.to_datetime(pd.Series(clean, dtype=object), utc=True, format="ISO8601",
                            errors="coerce")
    return parsed.dt.as_unit("ns")


def _short(ident: str | None, no_trunc: bool = False) -> str:
    """The CLI's TruncateID: drop `sha256:`, keep 12 characters (unless no_trunc)."""
    ident = ident or ""
    if no_trunc:
        return ident
    return ident.split(":", 1)[-1][:12]


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def ellipsis(text: str, max_width: int) -> str:
    """Cut `text` to `max_width` display columns ending in `…`, like the CLI's Ellipsis."""
    if max_width <= 0:
        return ""
    if max_width == 1:
        return text[:1]
    if text.isascii():
        return text if len(text) <= max_width else text[:max_width - 1] + "…"
    acc, ends = 0, []
    for ch in text:
        acc += _width(ch)
        ends.append(acc)
    if acc <= max_width:
        return text
    for i in range(len(ends) - 1):
        if ends[i] <= max_width - 1 < ends[i + 1]:
            return text[:i + 1] + "…"
    return text


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
               "\v": "\\v", "\\": "\\\\", '"': '\\"'}


def go_quote(text: str) -> str:
    """Go's strconv.Quote: double quotes, Go escapes for non-printable characters."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    out = []
    for ch in text:
        if ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _familiar(name: str) -> str:
    """`docker.io/library/busybox` -> `busybox`, as the CLI shows repository names."""
    for prefix in ("docker.io/library/", "index.docker.io/library/"):
        if name.startswith(prefix) and "/" not in name[len(prefix):]:
            return name[len(prefix):]
    for prefix in ("docker.io/", "index.docker.io/"):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def split_reference(ref: str) -> tuple[str, str | None, str | None]:
    """`host:5000/repo:tag@sha256:…` -> (`host:5000/repo`, `tag`, `sha256:…`)."""
    name, _, digest = ref.partition("@")
    tag = None
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1:]
    return _familiar(name), tag, digest or None


def _path_match(pattern: str, text: str) -> bool:
    """Go's path.Match (used by the engine's `reference` filter): `*` stops at `/`."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                return False
            body = pattern[i + 1:end]
            if body.startswith("^"):
                body = "^" + body[1:].replace("\\", "\\\\")
            else:
                body = body.replace("\\", "\\\\")
            out.append(f"(?!/)[{body}]")
            i = end
        else:
            out.append(re.escape(ch))
        i += 1
    try:
        return re.fullmatch("".join(out), text) is not None
    except re.error:
        return False
