"""Names the engine knows (containers, images, volumes, ...), for tab completion: fast, cached
for a moment, never raising.

The first Tab of a kernel must answer within JupyterLab's one-second wait for the kernel; the
SDK alone takes about that long to import. So a local engine (a unix socket, no client made
yet) is asked with the standard library's HTTP client; any other engine through the SDK.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
from typing import Any, Callable
from urllib.parse import urlencode

_cache: dict[tuple[str, str], tuple[float, list[str]]] = {}
CACHE_SECONDS = 2.0
TIMEOUT = 2.0


def live_names(kind: str, host: str | None = None, context: str | None = None) -> list[str]:
    """Names the engine knows for `kind`, cached for a moment; [] if it does not answer."""
    key = (kind, host or context or "")
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    try:
        if kind == "context":  # the CLI's files, no engine
            from .engine.context_store import every

            found = [c.name for c in every()]
        else:
            found = _NAMERS[kind](_lister(host, context))
    except Exception:  # noqa: BLE001 - completion never raises
        found = []
    _cache[key] = (time.monotonic(), found)
    return found


def _lister(host: str | None, context: str | None) -> Any:
    """An object with the APIClient's list methods: the SDK's client once one exists or for a
    remote engine, else a small reader of the local socket."""
    from . import engine

    target = engine.resolve(host, context)
    if target.host.startswith("unix://") and target.tls is None and \
            (target.host, target.context) not in engine._clients:
        return _SocketLister(target.host[len("unix://"):])
    return engine.connect(host, context).api


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=TIMEOUT)
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect(self.path)


class _SocketLister:
    """GET the engine's list endpoints over a unix socket (read-only, unversioned paths)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def _get(self, url: str, **params: Any) -> Any:
        conn = _UnixConnection(self.path)
        try:
            conn.request("GET", url + ("?" + urlencode(params) if params else ""))
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        if response.status != 200:
            raise ConnectionError(f"{url}: HTTP {response.status}")
        return json.loads(body)

    def containers(self, all: bool = False) -> list[dict[str, Any]]:
        return self._get("/containers/json", all=int(all))

    def images(self) -> list[dict[str, Any]]:
        return self._get("/images/json")

    def volumes(self) -> dict[str, Any]:
        return self._get("/volumes")

    def networks(self) -> list[dict[str, Any]]:
        return self._get("/networks")

    def services(self) -> list[dict[str, Any]]:
        return self._get("/services")

    def nodes(self) -> list[dict[str, Any]]:
        return self._get("/nodes")


def _containers(api: Any, running: bool = False) -> list[str]:
    items = api.containers(all=not running)
    return [n.lstrip("/") for c in items for n in c.get("Names") or []] + \
        [c["Id"][:12] for c in items]


def _images(api: Any) -> list[str]:
    return sorted({t for i in api.images() for t in i.get("RepoTags") or [] if t != "<none>:<none>"})


_NAMERS: dict[str, Callable[[Any], list[str]]] = {
    "container": _containers,
    "running": lambda api: _containers(api, running=True),
    "image": _images,
    "volume": lambda api: [v["Name"] for v in api.volumes().get("Volumes") or []],
    "network": lambda api: [n["Name"] for n in api.networks()],
    "service": lambda api: [s["Spec"]["Name"] for s in api.services()],
    "node": lambda api: ["self", *((n.get("Description") or {}).get("Hostname", "")
                                   for n in api.nodes())],
}
KINDS = frozenset(_NAMERS) | {"context"}
