"""Drive a TerminalWidget in a real kernel the way the page does: custom comm messages with
binary buffers to the kernel (keys, sizes), and back (the shell's bytes, the status line).
Like the page, each terminal acknowledges the bytes it received (`{type: "ack", at}`, flow
control) unless told to hold its acknowledgements (`term.hold()`).

    with Kernel(env=...) as k:
        k.run("%load_ext jupyter_docker")
        term = Terminal.open(k, "%docker exec -it web sh")
        term.resize(24, 80)          # the page's first size starts the session
        term.type("echo hi\\r"); term.wait_for(b"hi")
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable, Iterator

import pytest

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
THREADS = ("import threading, time\n"  # the terminal's threads, after up to 5 s to end (a
           "for _ in range(50):\n"  # watcher looks every 0.5 s, later on a loaded machine)
           "    alive = sorted(t.name for t in threading.enumerate() "
           "if t.name.startswith('jupyter-docker-terminal'))\n"
           "    if not alive: break\n"
           "    time.sleep(0.1)\n"
           "print(alive)")

LEFT_BEHIND = ("import os, threading, time\n"
               "for _ in range(50):\n"  # the reader ends just after its socket closed
               "    if not [t for t in threading.enumerate() "
               "if t.name.startswith('jupyter-docker-terminal')]: break\n"
               "    time.sleep(0.1)\n"
               "names = []\n"
               "for fd in os.listdir('/proc/self/fd'):\n"
               "    try: names.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
               "    except OSError: pass\n"
               "print([t.name for t in threading.enumerate() "
               "if t.name.startswith('jupyter-docker-terminal')], names)")
"""Kernel code printing the terminal threads left (after up to 5 s) and the open descriptors."""


@pytest.fixture
def kernel(engine: Any) -> Iterator[tuple[Any, "Comms"]]:
    """A kernel that draws widgets, %docker loaded, on the test's engine; its Comms."""
    from kernel import Kernel

    with Kernel(env={**os.environ, "JUPYTER_DOCKER_PROGRESS": "widget"}) as k:
        k.run("%load_ext jupyter_docker")
        yield k, Comms(k)


class Comms:
    """Files every comm message the kernel publishes by comm id, whoever reads iopub."""

    def __init__(self, kernel: Any) -> None:
        self.client = kernel.client
        self.output: dict[str, bytearray] = {}
        self.status: dict[str, str] = {}
        self.messages: dict[str, int] = {}  # comm id -> custom messages with output
        self.at: dict[str, int] = {}  # comm id -> the stream offset of its last output
        self.held: set[str] = set()  # comm ids that do not acknowledge what they received
        self.replays: dict[str, list[tuple[str, int, bytes]]] = {}  # comm id -> (view, at, bytes)
        self.closed: set[str] = set()  # comm ids the kernel closed
        self.statuses: dict[str, list[tuple[str, str]]] = {}  # parent msg_id -> (state, its type)
        self._get = self.client.get_iopub_msg
        self.client.get_iopub_msg = self._recording

    def _recording(self, *args: Any, **kwargs: Any) -> dict:
        msg = self._get(*args, **kwargs)
        if msg["msg_type"] == "comm_msg":
            comm, data = msg["content"]["comm_id"], msg["content"]["data"]
            if data.get("method") == "custom" and data["content"].get("type") == "out":
                self.output.setdefault(comm, bytearray()).extend(
                    b"".join(bytes(b) for b in msg.get("buffers") or []))
                self.messages[comm] = self.messages.get(comm, 0) + 1
                self.at[comm] = data["content"]["at"]
                if comm not in self.held:
                    self.ack(comm, self.at[comm])
            elif data.get("method") == "custom" and data["content"].get("type") == "replay":
                self.replays.setdefault(comm, []).append((
                    data["content"]["view"], data["content"]["at"],
                    b"".join(bytes(b) for b in msg.get("buffers") or [])))
            elif data.get("method") == "update" and "status" in data.get("state", {}):
                self.status[comm] = data["state"]["status"]
        elif msg["msg_type"] == "comm_close":
            self.closed.add(msg["content"]["comm_id"])
        elif msg["msg_type"] == "status":
            parent = msg["parent_header"]
            self.statuses.setdefault(parent.get("msg_id", ""), []).append(
                (msg["content"]["execution_state"], parent.get("msg_type", "")))
        return msg

    def ack(self, comm: str, at: int) -> str:
        """Say that terminal `comm` has written its stream up to `at`, as terminal.js does;
        the message's msg_id."""
        kc = self.client
        return kc.session.send(kc.shell_channel.socket, "comm_msg", {
            "comm_id": comm, "data": {"method": "custom", "content": {"type": "ack", "at": at}}}
        )["header"]["msg_id"]

    def pump(self, until: Callable[[], bool], timeout: float) -> bool:
        """Read iopub until `until()` holds (True) or `timeout` seconds pass (False)."""
        import queue

        deadline = time.monotonic() + timeout
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                self.client.get_iopub_msg(timeout=min(0.2, left))
            except queue.Empty:
                pass
        return True


def create_subshell(kernel: Any) -> str:
    """A kernel subshell (JEP 91, as JupyterLab makes one for widget messages); its id."""
    kc = kernel.client
    msg = kc.session.msg("create_subshell_request", {})
    kc.control_channel.send(msg)
    while True:
        reply = kc.get_control_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply["content"]["subshell_id"]


class Terminal:
    """One terminal widget of the kernel, by its comm (model) id. With `subshell` set, the
    messages go on that subshell, as JupyterLab sends widget messages."""

    def __init__(self, kernel: Any, comms: Comms, comm_id: str) -> None:
        self.kernel, self.comms, self.id = kernel, comms, comm_id
        self.subshell: str | None = None

    @classmethod
    def open(cls, kernel: Any, comms: Comms, line: str, var: str = "") -> "Terminal":
        """Run `line` (`%docker exec -it ...`) as a cell; its result is the widget."""
        out = kernel.outputs(f"{var} = {line}\n{var}" if var else line)
        views = [o for o in out if WIDGET_VIEW in o[1]]
        assert views, out
        import json

        reply = kernel.run(f"import json; print(json.dumps({var or '_'}.model_id))")
        return cls(kernel, comms, json.loads(reply.strip()))

    def _send(self, content: dict, buffers: list[bytes] | None = None) -> str:
        """Send a custom message to the widget; its msg_id."""
        kc = self.kernel.client
        msg = kc.session.msg("comm_msg", {"comm_id": self.id,
                                          "data": {"method": "custom", "content": content}})
        if self.subshell:
            msg["header"]["subshell_id"] = self.subshell
        kc.session.send(kc.shell_channel.socket, msg, buffers=buffers or [])
        return msg["header"]["msg_id"]

    def view(self, open: bool, id: str = "view-1", page: bool = False) -> None:
        """A view `id` opens or closes (`page`: its page went, as on `pagehide`)."""
        self._send({"type": "view", "open": open, "id": id, "page": page})

    def ping(self, id: str = "view-1") -> str:
        return self._send({"type": "ping", "id": id})

    def hold(self) -> None:
        """Acknowledge nothing from now on (a page that does not keep up)."""
        self.comms.held.add(self.id)

    def ack(self) -> None:
        """Acknowledge everything received so far, and again as more arrives."""
        self.comms.held.discard(self.id)
        self.comms.ack(self.id, self.comms.at.get(self.id, 0))

    def resize(self, rows: int, cols: int) -> str:
        return self._send({"type": "resize", "rows": rows, "cols": cols})

    def type(self, keys: bytes | str) -> str:
        return self._send({"type": "in"}, [keys.encode() if isinstance(keys, str) else keys])

    @property
    def screen(self) -> bytes:
        return bytes(self.comms.output.get(self.id, b""))

    @property
    def status(self) -> str:
        return self.comms.status.get(self.id, "")

    def wait_for(self, what: bytes | Callable[[], bool], timeout: float = 20) -> None:
        test = what if callable(what) else (lambda: what in self.screen)
        assert self.comms.pump(test, timeout), (self.screen[-600:], self.status)

    def wait_status(self, timeout: float = 20) -> str:
        self.wait_for(lambda: bool(self.status), timeout)
        return self.status
