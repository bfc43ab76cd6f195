"""The Jupyter server extension shipped in the wheel: TCP_NODELAY on kernel WebSockets.

Enabled on install by jupyter-config/jupyter_server_config.d/jupyter_docker.json. It opens no
endpoint and no port; it only changes how the server writes kernel messages to the page
(nodelay.py says why).
"""

from __future__ import annotations

from typing import Any

from .nodelay import install


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Found by jupyter_server through `ServerApp.jpserver_extensions`."""
    return [{"module": "jupyter_docker.server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Called once by jupyter_server at start."""
    install()
    serverapp.log.info("jupyter_docker: TCP_NODELAY on kernel WebSockets")
