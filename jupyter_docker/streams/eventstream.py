"""`docker events` as text: the engine's event stream, each event one CLI-like line, interruptible.

`read_events` is the plain-text path (and the fallback of the live widget): it prints each
event as it comes until the stream ends (a `--until` reached) or the kernel is interrupted,
and returns the events seen. The other functions are pure pieces of it.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timezone, tzinfo
from typing import Any, Callable

from ..engine import Engine
from .feed import cut_off, gone_line, open_feed
from ..units import timestamp_params

# Go's field names of an event (`--format '{{.Status}}'`) for the keys the engine sends lowercase.
_GO_NAMES = {"Status": "status", "ID": "id", "From": "from", "Scope": "scope", "Time": "time",
             "TimeNano": "timeNano"}


def GoEvent(event: dict[str, Any]) -> dict[str, Any]:  # noqa: N802 - a type, as it was
    """An event as `--format` templates see it: the engine's JSON, whose lowercase keys are
    also reachable by their Go names (`.Status`, `.ID`, `.TimeNano`); `json` shows the JSON."""
    from ..gotemplate import typed

    zeros = {"Status": "", "ID": "", "From": "", "Type": "", "Action": "", "Scope": "",
             "Time": 0, "TimeNano": 0, "Actor": {"ID": "", "Attributes": {}}}
    return typed("*events.Message", zeros, **_GO_NAMES)(event)


def event_params(since: str | None, until: str | None,
                 filters: dict[str, list[str]] | None) -> dict[str, Any]:
    """The engine's query parameters for `docker events` flags; bad times raise one line."""
    params: dict[str, Any] = timestamp_params("events", since=since, until=until)
    if filters:
        params["filters"] = json.dumps(filters)
    return params


def follows(params: dict[str, Any], now: float | None = None) -> bool:
    """Whether these parameters ask for live events: no `until`, or an `until` still ahead."""
    until = params.get("until")
    return until is None or float(until) > (time.time() if now is None else now)


def event_nanos(event: dict[str, Any]) -> int | None:
    """When the event happened, in nanoseconds since the epoch (older engines: seconds only)."""
    if isinstance(event.get("timeNano"), int):
        return event["timeNano"]
    if isinstance(event.get("time"), int):
        return event["time"] * 1_000_000_000
    return None


def event_time(nanos: int, tz: tzinfo | None = None) -> str:
    """RFC 3339 with nine fractional digits in local time (`Z` at UTC), as the CLI prints it."""
    when = datetime.fromtimestamp(nanos // 1_000_000_000, timezone.utc).astimezone(tz)
    offset = when.strftime("%z")
    zone = "Z" if offset in ("+0000", "") else f"{offset[:3]}:{offset[3:]}"
    return f"{when:%Y-%m-%dT%H:%M:%S}.{nanos % 1_000_000_000:09d}{zone}"


def event_line(event: dict[str, Any], tz: tzinfo | None = None) -> str:
    """`<time> <type> <action> <actor id> (k=v, ...)`: one event as `docker events` prints it."""
    actor = event.get("Actor") or {}
    nanos = event_nanos(event)
    head = f"{event_time(nanos, tz)} " if nanos is not None else ""
    line = (f"{head}{event.get('Type') or ''} {event.get('Action') or event.get('status') or ''} "
            f"{actor.get('ID') or event.get('id') or ''}")
    attrs = actor.get("Attributes") or {}
    if attrs:
        line += " (" + ", ".join(f"{k}={attrs[k]}" for k in sorted(attrs)) + ")"
    return line


def read_events(engine: Engine, params: dict[str, Any],
                line: Callable[[dict[str, Any]], str] | None = None) -> list[dict[str, Any]]:
    """The events for `params` until the engine ends the stream (an `until` reached), printing
    `line(event)` for each as it comes when `line` is given. An interrupt stops following with
    one line and keeps what was seen; the connection is closed either way."""
    feed = open_feed(engine, "/events", params=params, follow=follows(params))
    seen: list[dict[str, Any]] = []
    try:
        for event in feed.messages():
            seen.append(event)
            if line is not None:
                print(line(event), flush=True)
    except KeyboardInterrupt:
        print("docker: interrupted: stopped following events", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - a cut stream is one line (the events seen are
        if not cut_off(exc):  # kept, as stats keeps its samples); anything else is ours
            raise
        print(f"docker: {gone_line(exc, 'stopped following events')}", file=sys.stderr)
    finally:
        feed.close()
    return seen
