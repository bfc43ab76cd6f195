"""The kernel's busy / idle around a terminal's own messages, marked as a type JupyterLab skips.

ipykernel publishes `busy` before each shell message it handles and `idle` after, with that
message as the status's parent. The page reacts to each (a favicon swap, a toolbar layout)
before the echo right behind it, unless the parent's msg_type is in the server's
`untracked_message_types`, where the server extension (jupyter_docker/server) lists MSG_TYPE.
So the status around a comm message to a terminal (a key, an ack, a ping, a size) gets a copy
of its parent whose msg_type is MSG_TYPE: the same msg_id and session, so the page's future
still ends on its idle. Other comms and every request keep their status as it was.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

MSG_TYPE = "jupyter_docker_terminal"
MARK = "_jupyter_docker_untracked"  # on the wrapped _publish_status: installed once per kernel
_terminals: set[str] = set()  # the comm ids of the kernel's terminal widgets


def register(comm_id: str) -> None:
    """Mark the status around comm `comm_id`'s messages (installed on the first terminal)."""
    from IPython import get_ipython

    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is not None:
        install(kernel)
    _terminals.add(comm_id)


def forget(comm_id: str) -> None:
    _terminals.discard(comm_id)


def retagged(parent: dict) -> dict:
    """`parent` with MSG_TYPE as its msg_type if it is a comm message to a terminal, else
    `parent` itself."""
    header = parent.get("header") or {}
    content = parent.get("content")
    if header.get("msg_type") != "comm_msg" or not isinstance(content, dict) or \
            content.get("comm_id") not in _terminals:
        return parent
    return {**parent, "header": {**header, "msg_type": MSG_TYPE}, "msg_type": MSG_TYPE}


def install(kernel: Any) -> bool:
    """Wrap `kernel._publish_status(status, channel, parent=None)` (ipykernel 6-7); False if
    done already or the kernel has no such hook (then its status stays as it was)."""
    publish: Callable[..., Any] | None = getattr(kernel, "_publish_status", None)
    get_parent: Callable[[str], dict] | None = getattr(kernel, "get_parent", None)
    if publish is None or get_parent is None or getattr(publish, MARK, False):
        return False
    try:
        names = list(inspect.signature(publish).parameters)
    except (TypeError, ValueError):
        return False
    if names[:3] != ["status", "channel", "parent"]:
        return False

    @functools.wraps(publish)
    def publish_status(status: str, channel: str, parent: dict | None = None) -> Any:
        if parent is None and channel == "shell" and status in ("busy", "idle"):
            parent = retagged(get_parent("shell")) or None
        return publish(status, channel, parent)

    setattr(publish_status, MARK, True)
    kernel._publish_status = publish_status
    return True
