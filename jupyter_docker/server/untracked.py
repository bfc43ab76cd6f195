"""The terminal's message type in the server's `untracked_message_types`.

The kernel marks the busy / idle around a terminal's own comm messages with this type
(jupyter_docker/terminal/untracked.py says why). Listed here, JupyterLab's page does not show
them as the kernel's status (jupyterlab_server copies the list into the page's config), and the
server neither counts them as activity nor takes the kernel's execution_state from them. The
terminal's output (comm_msg) still counts as activity.
"""

from __future__ import annotations

from typing import Any

from ..terminal.untracked import MSG_TYPE


def install(serverapp: Any) -> bool:
    """Append MSG_TYPE to the kernel manager's list (the user's list kept) and to the page's
    config if jupyterlab_server has already copied it there; False if it was listed."""
    manager = serverapp.kernel_manager
    listed = list(manager.untracked_message_types)
    if MSG_TYPE in listed:
        return False
    manager.untracked_message_types = [*listed, MSG_TYPE]
    page = getattr(serverapp, "web_app", None)
    config = page.settings.get("page_config_data", {}) if page is not None else {}
    if "untracked_message_types" in config:
        config["untracked_message_types"] = list(manager.untracked_message_types)
    return True
