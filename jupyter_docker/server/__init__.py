"""The Jupyter server extension shipped in the wheel: TCP_NODELAY on kernel WebSockets, and
the terminal's busy / idle left out of the kernel's status.

Enabled on install by jupyter-config/jupyter_server_config.d/jupyter_docker.json. It opens no
endpoint and no port; it only changes how the server writes kernel messages to the page
(nodelay.py says why) and lists one message type as untracked (untracked.py).
"""

from __future__ import annotations

from typing import Any

from . import untracked
from .nodelay import install


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Found by jupyter_server through `ServerApp.jpserver_extensions`."""
    return [{"module": "jupyter_docker.server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Called once by jupyter_server at start."""
    install()
    serverapp.log.info("jupyter_docker: TCP_NODELAY on kernel WebSockets")
    untracked.install(serverapp)
    serverapp.log.info("jupyter_docker: %s untracked", untracked.MSG_TYPE)
