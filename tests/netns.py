"""Sockets in the network namespace of the engine a test runs on.

The Engine 26 pair run in network namespaces of their own (like H2, see
scripts/provision.sh), so the ports they publish on 127.0.0.1, and the 127.0.0.1 they fetch
URLs from, are their namespace's loopback, not this process's. A socket made inside
`engine_net()` belongs to that namespace (Linux keeps the namespace per thread; the
thread switches back on leaving). For the main engine it does nothing.
"""

from __future__ import annotations

import ctypes
import os
from contextlib import contextmanager
from typing import Iterator

CLONE_NEWNET = 0x40000000


def _setns(fd: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"setns: {os.strerror(err)}")


@contextmanager
def engine_net(host: str | None = None) -> Iterator[None]:
    """Make sockets in the namespace of the engine at `host` (default: DOCKER_HOST)."""
    from conftest import NETNS

    netns = NETNS.get(host or os.environ.get("DOCKER_HOST", ""))
    if netns is None:
        yield
        return
    here = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    there = os.open(f"/var/run/netns/{netns}", os.O_RDONLY)
    try:
        _setns(there)
        try:
            yield
        finally:
            _setns(here)
    finally:
        os.close(here)
        os.close(there)
