"""A real IPython kernel for tests: run code as a notebook cell would, read what it printed.

    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        k.run("v = %docker logs -f web", cell_id="cell-1")   # as JupyterLab sends it
"""

from __future__ import annotations

import time
from typing import Any


class Kernel:
    """A python3 kernel started for one test and shut down after it (only this one)."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.env = env

    def __enter__(self) -> "Kernel":
        from jupyter_client.manager import start_new_kernel

        extra = {"env": self.env} if self.env else {}
        self.manager, self.client = start_new_kernel(kernel_name="python3", **extra)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)

    def run(self, code: str, cell_id: str | None = None, timeout: float = 60) -> str:
        """Execute `code`; return its stdout/stderr text and plain-text results. An error in
        the cell fails the test with what the cell printed."""
        return "".join(text for _, _, text in self.outputs(code, cell_id, timeout))

    def outputs(self, code: str, cell_id: str | None = None, timeout: float = 60,
                fails: bool = False) -> list[tuple[str, str, str]]:
        """Execute `code`; return its outputs in order as (kind, where, text): ("stream",
        "stdout"|"stderr", text), ("execute_result"|"display_data", mime types joined by
        ",", text/plain), ("error", ename, traceback). An error fails the test, unless
        `fails` (then the cell must fail)."""
        kc = self.client
        content = {"code": code, "silent": False, "store_history": True,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
        msg = kc.session.msg("execute_request", content,
                             metadata={"cellId": cell_id} if cell_id else {})
        kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        out: list[tuple[str, str, str]] = []
        deadline = time.monotonic() + timeout
        while True:
            reply = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") != msg_id:
                continue
            kind, body = reply["msg_type"], reply["content"]
            if kind == "stream":
                out.append((kind, body["name"], body["text"]))
            elif kind in ("execute_result", "display_data"):
                out.append((kind, ",".join(sorted(body["data"])),
                            str(body["data"].get("text/plain", ""))))
            elif kind == "error":
                out.append((kind, body["ename"], "\n".join(body["traceback"])))
            elif kind == "status" and body["execution_state"] == "idle":
                break
        shell = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        while shell["parent_header"].get("msg_id") != msg_id:
            shell = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        status = "error" if fails else "ok"
        assert shell["content"]["status"] == status, "".join(text for _, _, text in out)
        return out
