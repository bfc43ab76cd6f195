"""The server extension in the wheel (jupyter_docker/server): a real JupyterLab server, as the
browser tests start it, sets TCP_NODELAY on its side of a kernel WebSocket; with the extension
switched off in the user's config it does not (so the check can fail)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import ctypes
import json
import os
import socket
import urllib.request
from pathlib import Path

import pytest
from lab_browser import Lab

pytestmark = pytest.mark.slow

SYS_PIDFD_GETFD = 438  # Linux >= 5.6, every architecture


def server_socket(pid: int, port: int, peer_port: int) -> socket.socket:
    """A duplicate of the server process's socket from 127.0.0.1:port to our peer_port."""
    want = f"0100007F:{port:04X} 0100007F:{peer_port:04X}"
    inode = next(line.split()[9] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if " ".join(line.split()[1:3]) == want)
    fd = next(int(fd) for fd in os.listdir(f"/proc/{pid}/fd")
              if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]")
    pidfd = os.pidfd_open(pid)
    try:
        dup = ctypes.CDLL(None, use_errno=True).syscall(SYS_PIDFD_GETFD, pidfd, fd, 0)
        if dup < 0:
            raise OSError(ctypes.get_errno(), "pidfd_getfd")
    finally:
        os.close(pidfd)
    return socket.socket(fileno=dup)


def kernel_ws_nodelay(lab: Lab) -> int:
    """Start a kernel, open its channels WebSocket, read TCP_NODELAY on the server's end."""
    from tornado.websocket import websocket_connect

    api = f"{lab.url}/api/kernels?token={lab.token}"
    req = urllib.request.Request(api, data=b"{}", method="POST",
                                 headers={"Content-Type": "application/json"})
    kernel = json.load(urllib.request.urlopen(req, timeout=60))["id"]
    try:
        async def probe() -> int:
            url = f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel}/channels?token={lab.token}"
            conn = await websocket_connect(url)
            try:
                await asyncio.sleep(0.5)  # the handler's open() has run
                ours = conn.stream.socket.getsockname()[1]
                with server_socket(lab.proc.pid, lab.port, ours) as sock:
                    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            finally:
                conn.close()

        # a thread of its own: the browser tests' Playwright keeps an event loop running here
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, probe()).result(timeout=120)
    finally:
        urllib.request.urlopen(urllib.request.Request(
            f"{lab.url}/api/kernels/{kernel}?token={lab.token}", method="DELETE"), timeout=60)


@pytest.mark.parametrize("enabled", [True, False])
def test_kernel_websocket_nodelay(tmp_path: Path, enabled: bool) -> None:
    lab = Lab(tmp_path)
    if not enabled:  # the user's config comes before the wheel's jupyter_server_config.d
        (tmp_path / "config").mkdir()
        (tmp_path / "config" / "jupyter_server_config.json").write_text(json.dumps(
            {"ServerApp": {"jpserver_extensions": {"jupyter_docker.server": False}}}))
    lab.start()
    try:
        nodelay = kernel_ws_nodelay(lab)
    finally:
        lab.stop()
    log = lab.log.read_text()
    assert ("jupyter_docker: TCP_NODELAY on kernel WebSockets" in log) == enabled, log[-2000:]
    assert bool(nodelay) == enabled
