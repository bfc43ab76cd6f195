"""What the JupyterLab Docker panel shows, as plain JSON, read from the kernel, and the
terminals its Terminal button opens.

The panel (labextension/) runs no server code: it asks the notebook's kernel for
`jupyter_docker.lab.panel_reply()` as a silent user expression and draws the result.
`snapshot()` is the same data as a dict, for Python users and tests. Both look at the engine
`%docker` talks to in that kernel (`%config DockerMagics.host` / `.context`).
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
    published TCP ports as links. `engine` says which engine answered (`%docker`'s in this
    kernel). An engine that cannot be reached gives
    `{"error": "<one line>", ...}` with empty lists instead of raising: the panel shows the
    line where the lists would be.
    """
    import jupyter_docker as jd

    from .engine import resolve

    host, context = magic_engine()
    try:
        engine = resolve(host, context).describe()
        containers = jd.ps(all=True, host=host, context=context)
        images = jd.images(host=host, context=context)
    except DockerError as exc:
        return {"containers": [], "images": [], "error": str(exc), "engine": None}
    links = link_host(host, context)
    raw_images = {(i.get("Id") or "").removeprefix("sha256:")[:12]: i
                  for i in images.attrs.get("raw", [])}
    return {
        "containers": [_container(row, raw, links) for row, raw in
                       zip(containers.to_dict("records"), containers.attrs.get("raw", []))],
        "images": [_image(row, raw_images.get(row["image_id"], {}))
                   for row in images.to_dict("records")],
        "error": None,
        "engine": engine,
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


def magic_engine() -> tuple[str | None, str | None]:
    """The (host, context) `%docker` defaults to in this kernel, from `%config DockerMagics.host`
    / `.context`; (None, None) when unset (the CLI's choice: DOCKER_HOST, context, socket)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None, None
    shell = get_ipython()
    magics = shell.magics_manager.registry.get("DockerMagics") if shell is not None else None
    if magics is None:
        return None, None
    return magics.host or None, magics.context or None


def link_host(host: str | None = None, context: str | None = None) -> str:
    """Where published ports are reached: the engine's host for tcp:// and ssh:// engines,
    else this machine (127.0.0.1)."""
    from urllib.parse import urlsplit

    from .engine import resolve

    try:
        address = resolve(host, context).host
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


# The sidebar's Terminal tabs: `exec -it NAME sh` (bash when the container has it), kept by
# the key the tab made up, until the tab is closed; closing one hangs up its shell, as closing
# any terminal does (terminal/hangup.py).
SHELL = ["sh", "-c", "command -v bash >/dev/null 2>&1 && exec bash; exec sh"]
_terminals: dict[str, Any] = {}


def terminal(container: str, key: str) -> None:
    """Display a live terminal in `container` on the engine `%docker` talks to: the same
    `exec -it` terminal as the magic's, for the panel's Terminal tab. Displayed, not returned
    (the tab runs this without history: nothing lands in `_` or `Out`). An error is one line."""
    from IPython.display import display

    from .api import run_words
    from .progress import chosen_mode

    if chosen_mode() != "widget":
        raise DockerError("no terminal here: this kernel draws no widgets "
                          "($JUPYTER_DOCKER_PROGRESS is not widget)")
    host, context = magic_engine()
    widget = run_words(["exec", "-it", container, *SHELL],
                       default_host=host, default_context=context)
    close_terminal(key)  # the same key twice: the first one goes
    _terminals[key] = widget
    display(widget)


def close_terminal(key: str) -> bool:
    """Close the terminal tab `key` opened: its session, socket and reader thread, and the
    shell in the container. False when there was none (closed, or the kernel restarted)."""
    widget = _terminals.pop(key, None)
    if widget is None:
        return False
    widget.close()
    return True
