"""What the JupyterLab Docker panel shows, as plain JSON, read from the kernel.

The panel (labextension/) runs no server code: it asks the notebook's kernel for
`jupyter_docker.lab.panel_reply()` as a silent user expression and draws the result.
`snapshot()` is the same data as a dict, for Python users and tests.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import DockerError
from .units import human_size


def snapshot() -> dict[str, Any]:
    """Containers (all, like `ps -a`) and images (like `images`) as JSON-ready dicts.

    An engine that cannot be reached gives `{"error": "<one line>", ...}` with empty
    lists instead of raising: the panel shows the line where the lists would be.
    """
    import jupyter_docker as jd

    try:
        containers = jd.ps(all=True)
        images = jd.images()
    except DockerError as exc:
        return {"containers": [], "images": [], "error": str(exc)}
    return {
        "containers": [_container(row) for row in containers.to_dict("records")],
        "images": [_image(row) for row in images.to_dict("records")],
        "error": None,
    }


def _container(row: dict[str, Any]) -> dict[str, str]:
    return {
        "id": row["container_id"],
        "name": row["names"].split(",")[0],
        "image": row["image"],
        "state": row["state"],
        "status": row["status"],
        "ports": row["ports"],
    }


def _image(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["image_id"],
        "reference": f"{row['repository']}:{row['tag']}",
        "size": int(row["size"]),
        "size_text": human_size(row["size"]),
    }


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
