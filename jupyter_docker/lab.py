"""What the JupyterLab Docker panel shows, as plain JSON, read from the kernel.

The panel (labextension/) runs no server code: it asks the notebook's kernel for
`jupyter_docker.lab.panel_reply()` as a silent user expression and draws the result.
`snapshot()` is the same data as a dict, for Python users and tests.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import DockerError
from .made_here import made_here
from .units import human_size

WILDCARDS = ("", "0.0.0.0", "::")  # a port published on every address of the engine's host


def snapshot() -> dict[str, Any]:
    """Containers (all, like `ps -a`) and images (like `images`) as JSON-ready dicts.

    Each carries its labels and whether this kernel created it (`mine`); a container its
    published TCP ports as links. An engine that cannot be reached gives
    `{"error": "<one line>", ...}` with empty lists instead of raising: the panel shows the
    line where the lists would be.
    """
    import jupyter_docker as jd

    try:
        containers = jd.ps(all=True)
        images = jd.images()
    except DockerError as exc:
        return {"containers": [], "images": [], "error": str(exc)}
    host = link_host()
    raw_images = {(i.get("Id") or "").removeprefix("sha256:")[:12]: i
                  for i in images.attrs.get("raw", [])}
    return {
        "containers": [_container(row, raw, host) for row, raw in
                       zip(containers.to_dict("records"), containers.attrs.get("raw", []))],
        "images": [_image(row, raw_images.get(row["image_id"], {}))
                   for row in images.to_dict("records")],
        "error": None,
    }


def _container(row: dict[str, Any], raw: dict[str, Any], host: str) -> dict[str, Any]:
    return {
        "id": row["container_id"],
        "name": row["names"].split(",")[0],
        "image": row["image"],
        "state": row["state"],
        "status": row["status"],
        "ports": row["ports"],
        "links": port_links(raw.get("Ports") or [], host),
        "labels": dict(row["labels"] or {}),
        "mine": made_here("container", raw.get("Id") or row["container_id"]),
    }


def _image(row: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    tagged = row["repository"] != "<none>" and row["tag"] != "<none>"
    return {
        "id": row["image_id"],
        "reference": f"{row['repository']}:{row['tag']}",
        "target": f"{row['repository']}:{row['tag']}" if tagged else row["image_id"],
        "size": int(row["size"]),
        "size_text": human_size(row["size"]),
        "labels": dict(raw.get("Labels") or {}),
        "mine": made_here("image", raw.get("Id") or row["image_id"]),
    }


def link_host() -> str:
    """Where published ports are reached: the engine's host for tcp:// and ssh:// engines,
    else this machine (127.0.0.1)."""
    from urllib.parse import urlsplit

    from .engine import resolve

    try:
        address = resolve().host
    except DockerError:
        return "127.0.0.1"
    if address.startswith(("tcp://", "ssh://", "http://", "https://")):
        return urlsplit(address).hostname or "127.0.0.1"
    return "127.0.0.1"


def port_links(ports: list[dict[str, Any]], host: str) -> list[dict[str, Any]]:
    """Published TCP ports as `{"port", "private", "url"}`, once per host address and port
    (`0.0.0.0:8080` and `[::]:8080` are one link), in port order."""
    links: dict[str, dict[str, Any]] = {}
    for port in ports:
        public = port.get("PublicPort")
        if not public or port.get("Type", "tcp") != "tcp":
            continue
        ip = port.get("IP") or ""
        address = host if ip in WILDCARDS or ip.startswith("127.") or ip == "::1" else ip
        if ":" in address:
            address = f"[{address}]"
        url = f"http://{address}:{public}"
        links.setdefault(url, {"port": int(public), "private": int(port.get("PrivatePort") or 0),
                               "url": url})
    return sorted(links.values(), key=lambda link: (link["port"], link["url"]))


class JsonReply:
    """A value whose text form (what a user expression sends back) is compact JSON."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload

    def __repr__(self) -> str:
        return json.dumps(self.payload, separators=(",", ":"), default=str)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def panel_reply() -> JsonReply:
    """`snapshot()` plus whether `%docker` is loaded in this kernel, as one JSON text."""
    payload = snapshot()
    payload["magic_loaded"] = _magic_loaded()
    return JsonReply(payload)


def _magic_loaded() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.find_line_magic("docker") is not None
