"""`--progress=rawjson`: each status batch as one JSON line, in buildx's field names
(`vertexes`, `statuses`, `logs` with base64 `data`, `warnings`), times in RFC 3339."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from .status import StatusResponse


def _time(when: datetime | None) -> str | None:
    return when.isoformat().replace("+00:00", "Z") if when else None


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], False, 0) or k == "stream"}


def as_json(response: StatusResponse) -> str:
    out: dict[str, Any] = {}
    if response.vertexes:
        out["vertexes"] = [_clean({
            "digest": v.digest, "inputs": v.inputs, "name": v.name,
            "started": _time(v.started), "completed": _time(v.completed), "cached": v.cached,
            "error": v.error}) for v in response.vertexes]
    if response.statuses:
        out["statuses"] = [_clean({
            "id": s.id, "vertex": s.vertex, "name": s.name, "total": s.total,
            "current": s.current, "timestamp": _time(s.timestamp), "started": _time(s.started),
            "completed": _time(s.completed)}) for s in response.statuses]
    if response.logs:
        out["logs"] = [{"vertex": lg.vertex, "stream": lg.stream,
                        "data": base64.b64encode(lg.msg).decode(),
                        "timestamp": _time(lg.timestamp)} for lg in response.logs]
    if response.warnings:
        out["warnings"] = [_clean({
            "vertex": w.vertex, "level": w.level,
            "short": base64.b64encode(w.short.encode()).decode(),
            "detail": [base64.b64encode(d.encode()).decode() for d in w.detail],
            "url": w.url}) for w in response.warnings]
    return json.dumps(out, separators=(",", ":"))
