"""BuildKit's Control messages (api/services/control/control.proto), written and read by hand.

`SolveRequest{Ref=1, Exporter=3, ExporterAttrs=4, Session=5, Frontend=6, FrontendAttrs=7,
Entitlements=9}` (Exporter/ExporterAttrs are the single-exporter fields every BuildKit reads:
0.13 renamed them `...Deprecated` and copies them into `Exporters=13` when that is empty),
`SolveResponse{ExporterResponse=1}`, `StatusRequest{Ref=1}`. A `map<string, string>` is a
repeated entry message `{key=1, value=2}`.
"""

from __future__ import annotations

from typing import Iterable

from .. import protowire as pw

SOLVE = "/moby.buildkit.v1.Control/Solve"
STATUS = "/moby.buildkit.v1.Control/Status"
DOCKERFILE_FRONTEND = "dockerfile.v0"  # the Dockerfile frontend built into the engine


def _map(number: int, values: dict[str, str]) -> list[tuple[int, bytes]]:
    return [(number, pw.encode([(1, key), (2, value)])) for key, value in sorted(values.items())]


def solve(ref: str, session: str, frontend_attrs: dict[str, str], exporter: str = "",
          exporter_attrs: dict[str, str] | None = None, frontend: str = DOCKERFILE_FRONTEND,
          entitlements: Iterable[str] = ()) -> bytes:
    """A SolveRequest: build with `frontend` and its attributes, export with `exporter`."""
    fields: list[tuple[int, str | bytes]] = [(1, ref)]
    if exporter:
        fields.append((3, exporter))
        fields += _map(4, exporter_attrs or {})
    fields += [(5, session), (6, frontend), *_map(7, frontend_attrs)]
    fields += [(9, name) for name in entitlements]
    return pw.encode(fields)


def status(ref: str) -> bytes:
    return pw.encode([(1, ref)])


def exporter_response(data: bytes) -> dict[str, str]:
    """SolveResponse's ExporterResponse (`containerimage.digest`: the image id)."""
    out: dict[str, str] = {}
    for entry in pw.messages(pw.decode(data), 1):
        out[pw.string(entry, 1)] = pw.string(entry, 2)
    return out
