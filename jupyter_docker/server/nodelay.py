"""TCP_NODELAY on the Jupyter server's kernel WebSockets.

A terminal's key is a comm message: the kernel publishes `busy`, the echo, `idle`. The server
writes `busy` to the page's WebSocket at once; with Nagle's algorithm the small frames right
behind it wait until the browser acknowledges `busy` at TCP level, which Linux delays by up to
40 ms. jupyter_server (2.x) does not set TCP_NODELAY on kernel WebSockets, so each echo waited
for that ACK (bench/terminal.py --nodelay: the echo's hop from the kernel to the page 55 ->
27-41 ms). tornado's `WebSocketHandler.set_nodelay(True)`, meant to be called from `open()`,
turns Nagle off for that connection only.
"""

from __future__ import annotations

import functools
from typing import Any

MARK = "_jupyter_docker_nodelay"  # on the wrapped open(): installed once per process


def install() -> bool:
    """Make `KernelWebsocketHandler.open` set TCP_NODELAY first; False if it already does."""
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

    opened = KernelWebsocketHandler.open
    if getattr(opened, MARK, False):
        return False

    @functools.wraps(opened)
    async def open_nodelay(self: Any, *args: Any, **kwargs: Any) -> Any:
        self.set_nodelay(True)
        return await opened(self, *args, **kwargs)

    setattr(open_nodelay, MARK, True)
    KernelWebsocketHandler.open = open_nodelay
    return True
