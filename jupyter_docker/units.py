"""Sizes and durations, read and written the way the docker CLI does."""

from __future__ import annotations

import re
from datetime import datetime, timezone

_BINARY = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgtpb]?)(?:i?b)?\s*$", re.IGNORECASE)


def parse_bytes(text: str | int) -> int:
    """`512m` -> 536870912, like the CLI's memory flags (binary units)."""
    if isinstance(text, int):
        return text
    match = _SIZE.match(str(text))
    if not match:
        raise ValueError(f"invalid size: {text!r}")
    number, unit = match.groups()
    return int(float(number) * _BINARY[unit.lower()])


def human_size(size: float | int | None, precision: int = 3) -> str:
    """`1982256` -> `1.98MB` (decimal units, as `docker images` prints)."""
    if size is None or size != size:  # None or NaN
        return ""
    units = ["B", "kB", "MB", "GB", "TB", "PB"]
    value, i = float(size), 0
    while value >= 1000 and i < len(units) - 1:
        value, i = value / 1000, i + 1
    return f"{value:.{precision}g}{units[i]}"


def human_binary_size(size: float | int | None) -> str:
    """`1048576` -> `1MiB` (binary units, as `docker stats` prints memory)."""
    if size is None or size != size:
        return ""
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    value, i = float(size), 0
    while value >= 1024 and i < len(units) - 1:
        value, i = value / 1024, i + 1
    return f"{value:.4g}{units[i]}"


def human_duration(seconds: float) -> str:
    """`190` -> `3 minutes`, the CLI's wording for ages and uptimes."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return f"{s} seconds"
    minutes = s // 60
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds // 3600) // 24 // 365} years"


def human_ago(when: datetime | None, now: datetime | None = None) -> str:
    """`3 minutes ago` for a tz-aware datetime."""
    if when is None or when != when:
        return ""
    now = now or datetime.now(timezone.utc)
    return f"{human_duration((now - when).total_seconds())} ago"


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def parse_duration(text: str) -> float:
    """Go duration (`1h30m`, `10s`, `250ms`) -> seconds."""
    text = text.strip()
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"invalid duration: {text!r}")
    return sum(float(n) * _SECONDS[u] for n, u in parts)


def parse_timestamp(text: str, now: datetime | None = None) -> str:
    """A `--since`/`--until` value as the engine wants it (`seconds.nanos`).

    Accepts what the CLI accepts: a Unix timestamp, an RFC 3339 date or time, or a duration
    relative to now (`10m`, `1h30m`).
    """
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return text
    now = now or datetime.now(timezone.utc)
    try:
        return f"{now.timestamp() - parse_duration(text):.9f}"
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"invalid time {text!r}: use a duration like 10m, "
                         "an RFC 3339 time, or a Unix timestamp") from None
    if when.tzinfo is None:
        when = when.astimezone()  # local time, as the CLI reads it
    return f"{when.timestamp():.9f}"


def timestamp_params(command: str, **texts: str | None) -> dict[str, str]:
    """`--since`/`--until` flags given (name=text) as engine parameters; a bad one raises the
    command's one-line usage error."""
    from .errors import UsageError

    params = {}
    for name, text in texts.items():
        if text:
            try:
                params[name] = parse_timestamp(text)
            except ValueError as exc:
                raise UsageError(f"invalid value for --{name}: {exc}", command=command) from None
    return params


def parse_int(text: str | int) -> int:
    """An int flag value as pflag reads it (base prefixes too); the CLI's error otherwise."""
    if isinstance(text, int):
        return text
    try:
        return int(text, 10) if re.fullmatch(r"[+-]?\d+", text) else int(text, 0)
    except ValueError:
        raise ValueError(f'strconv.ParseInt: parsing "{text}": invalid syntax') from None


def parse_uint(text: str | int, bits: int = 64) -> int:
    """An unsigned flag value (metavar `uint`, `uint16`) with strconv.ParseUint's errors."""
    if isinstance(text, int):
        return text
    if not re.fullmatch(r"\+?\d+", text):
        raise ValueError(f'strconv.ParseUint: parsing "{text}": invalid syntax')
    if int(text) >= 2 ** bits:
        raise ValueError(f'strconv.ParseUint: parsing "{text}": value out of range')
    return int(text)


def parse_size(text: str | int) -> int:
    """A bytes flag value (`512m`, `1.5GiB`) read as the CLI reads it (go-units RAMInBytes),
    with its errors: `invalid size: 'x'`, `invalid suffix: 'qq'`."""
    if isinstance(text, int):
        return text
    sep = max(text.rfind(c) for c in "0123456789. ")
    if sep < 0:
        raise ValueError(f"invalid size: '{text}'")
    num, suffix = (text[:sep + 1], text[sep + 1:]) if text[sep] != " " else (text[:sep], text[sep + 1:])
    try:
        if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", num):
            raise ValueError
        size = float(num)
    except ValueError:
        raise ValueError(f'strconv.ParseFloat: parsing "{num}": invalid syntax') from None
    if size < 0:
        raise ValueError(f"invalid size: '{text}'")
    low = suffix.lower()
    if not low or low == "b":
        return int(size)
    if len(low) > 3 or low[0] not in "kmgtp" or (len(low) == 2 and low[1] != "b") \
            or (len(low) == 3 and low[1:] != "ib"):
        raise ValueError(f"invalid suffix: '{low}'")
    return int(size * _BINARY[low[0]])


_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def parse_go_duration(text: str) -> float:
    """A duration flag value as Go's time.ParseDuration reads it (`1m30s`, `-1.5h`, `0`) ->
    seconds, with its errors (`time: unknown unit "x" in duration "5x"`, ...)."""
    quoted = f'"{text}"'
    s, sign = text, 1.0
    if s[:1] in "+-" and s:
        sign, s = (-1.0 if s[0] == "-" else 1.0), s[1:]
    if s == "0":
        return 0.0
    if not s:
        raise ValueError(f"time: invalid duration {quoted}")
    total = 0.0
    while s:
        match = re.match(r"(\d*)(?:\.(\d*))?", s)
        whole, frac = match[1], match[2]
        if not whole and not frac:
            raise ValueError(f"time: invalid duration {quoted}")
        s = s[match.end():]
        unit = re.match(r"[^\d.]*", s)[0]
        s = s[len(unit):]
        if not unit:
            raise ValueError(f"time: missing unit in duration {quoted}")
        if unit not in _GO_UNITS:
            raise ValueError(f'time: unknown unit "{unit}" in duration {quoted}')
        total += float(f"{whole or 0}.{frac or 0}") * _GO_UNITS[unit]
    return sign * total


def go_duration(nanos: int) -> str:
    """`90_000_000_000` -> `1m30s`: Go's `time.Duration.String()`."""
    if nanos == 0:
        return "0s"
    sign, n = ("-" if nanos < 0 else ""), abs(int(nanos))

    def frac(value: int, digits: int) -> str:
        whole, rest = divmod(value, 10 ** digits)
        tail = f"{rest:0{digits}d}".rstrip("0") if digits else ""
        return f"{whole}.{tail}" if tail else str(whole)

    if n < 1000:
        return f"{sign}{n}ns"
    if n < 1_000_000:
        return f"{sign}{frac(n, 3)}µs"
    if n < 1_000_000_000:
        return f"{sign}{frac(n, 6)}ms"
    hours, rest = divmod(n, 3600 * 10 ** 9)
    minutes, rest = divmod(rest, 60 * 10 ** 9)
    text = f"{frac(rest, 9)}s"
    if hours or minutes:
        text = f"{minutes}m{text}"
    if hours:
        text = f"{hours}h{text}"
    return sign + text
