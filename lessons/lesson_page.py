"""A lesson's terminal cell, typed at build time as a learner types it, for the saved notebook.

The build's kernel client plays the page's part for the cell's TerminalWidget
(jupyter_docker/terminal/widget.py), over the widget's comm and with the messages terminal.js
sends: a view opened (with its id, pinging every 5 s), the terminal's size (which starts the
session), the cell's `keys`, each once the shell waits for them, an acknowledgement of each
message drawn (flow control), and, when the session ended, the screen as text. The kernel then
makes the output's text/plain that screen and its end line (`exit code 0`, `detached from
...`), as it does for a page in JupyterLab; the saved output keeps that text/plain only (a
widget view without its model would read "model not found" in JupyterLab and nothing at all on
GitHub).

What the container writes is drawn by pyte (a VT100 emulator in Python, a build and test
dependency only): busybox's shell writes plain lines, its line editor's echo and cursor moves,
and asks where the cursor is (ESC [6n), which pyte answers as xterm.js does.
"""

from __future__ import annotations

import asyncio
import re
import time
from queue import Empty
from typing import Any

ROWS, COLS = 24, 80  # the widget's default rows; a page's width fits 80 columns or more
VIEW = "application/vnd.jupyter.widget-view+json"
PROMPT = re.compile(r"[#$>] $")  # the line before the cursor: a shell waiting for a command
QUIET = 0.3  # s without output, at a prompt: the shell waits for keys
SILENT = 2.0  # s without output at all: it waits without prompting (`attach` shows nothing)
TIMEOUT = 60.0  # s for the whole cell
VIEW_ID = "lesson-build"  # the view's id in its messages, as terminal.js's per-view id
PING = 5.0  # s between pings, as terminal.js's (without them the kernel releases the terminal)


class Screen:
    """The terminal the page draws: pyte's screen with its scrollback; answers the
    terminal's reports (cursor position) as xterm.js does, as keys."""

    def __init__(self) -> None:
        import pyte

        class Answering(pyte.HistoryScreen):
            def write_process_input(inner, data: str) -> None:  # noqa: N805
                self.answers.append(data)

        self.answers: list[str] = []
        self.screen = Answering(COLS, ROWS, history=5000, ratio=0.5)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    def before_cursor(self) -> str:
        line = self.screen.buffer[self.screen.cursor.y]
        return "".join(line[x].data for x in range(self.screen.cursor.x))

    def text(self) -> str:
        """As terminal.js's screenText: every line, scrollback first, trimmed on the right, up
        to the last one with something on it."""
        top = ["".join(line[x].data for x in range(self.screen.columns))
               for line in self.screen.history.top]
        lines = [line.rstrip() for line in [*top, *self.screen.display]]
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)


class Page:
    """One terminal widget's view, driven by `client` (an nbclient NotebookClient)."""

    def __init__(self, client: Any, cell: Any, cell_index: int) -> None:
        self.client, self.cell, self.cell_index = client, cell, cell_index
        view = next((out for out in cell.outputs if VIEW in out.get("data", {})), None)
        if view is None:
            raise RuntimeError(f"the terminal cell showed no terminal:\n{cell.source}\n"
                               f"{[out.get('data', out) for out in cell.outputs]}")
        self.comm_id = view["data"][VIEW]["model_id"]
        self.display_id = ""
        self.screen = Screen()
        self.status = ""
        self.last_output = self.last_ping = time.monotonic()
        self.updated = False

    def send(self, content: dict, buffers: list[bytes] | None = None) -> None:
        kc = self.client.kc
        msg = kc.session.msg("comm_msg", {"comm_id": self.comm_id,
                                          "data": {"method": "custom", "content": content}})
        msg["buffers"] = buffers or []
        kc.shell_channel.send(msg)

    async def type_keys(self, keys: list[str]) -> None:
        """Open a view, type `keys` (each once the shell waits for it), wait for the end, send
        the screen; the cell's output is then the kernel's text/plain of it."""
        deadline = time.monotonic() + TIMEOUT
        self.send({"type": "view", "open": True, "id": VIEW_ID})
        self.send({"type": "resize", "rows": ROWS, "cols": COLS})
        try:
            for key in keys:
                await self._until(deadline, self._waiting_for_keys, f"a prompt for {key!r}")
                self.send({"type": "in"}, [key.encode()])
                self.last_output, self.since_keys = time.monotonic(), False
            await self._until(deadline, lambda: bool(self.status), "the end of the session")
            self.send({"type": "screen", "text": self.screen.text()})
            await self._until(deadline, lambda: self.updated, "the output's final text")
        finally:
            self.send({"type": "view", "open": False, "id": VIEW_ID})  # the widget closes
        for out in self.cell.outputs:
            out.get("data", {}).pop(VIEW, None)

    since_keys = True  # output came after the last keys (the first: the session's start)

    def _waiting_for_keys(self) -> bool:
        quiet = time.monotonic() - self.last_output
        at_prompt = self.since_keys and bool(PROMPT.search(self.screen.before_cursor()))
        return (at_prompt and quiet >= QUIET) or quiet >= SILENT or bool(self.status)

    async def _until(self, deadline: float, done: Any, what: str) -> None:
        while not done():
            if time.monotonic() - self.last_ping >= PING:
                self.send({"type": "ping", "id": VIEW_ID})
                self.last_ping = time.monotonic()
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"the terminal did not show {what} in {TIMEOUT:.0f} s; "
                                   f"its screen:\n{self.screen.text()}\n{self.status}")
            try:
                msg = await self.client.kc.iopub_channel.get_msg(timeout=min(left, QUIET / 3))
            except (Empty, asyncio.TimeoutError):
                continue
            self._received(msg)

    def _received(self, msg: dict) -> None:
        kind, content = msg["msg_type"], msg["content"]
        if kind == "update_display_data":
            display_id = (content.get("transient") or {}).get("display_id")
            if display_id and self.status and VIEW in content.get("data", {}) \
                    and content["data"][VIEW].get("model_id") == self.comm_id:
                self.client._update_display_id(display_id, msg)
                self.updated = True
            return
        if kind != "comm_msg" or content.get("comm_id") != self.comm_id:
            return
        data = content.get("data", {})
        if data.get("method") == "update":
            self.status = data.get("state", {}).get("status", "") or self.status
        elif data.get("method") == "custom" and data.get("content", {}).get("type") == "out":
            for buffer in msg.get("buffers", []):
                self.screen.feed(bytes(buffer))
            self.last_output, self.since_keys = time.monotonic(), True
            at = data["content"].get("at")
            if isinstance(at, int):
                self.send({"type": "ack", "at": at})
            for answer in self.screen.answers:  # xterm.js answers reports as typed data
                self.send({"type": "in"}, [answer.encode()])
            self.screen.answers.clear()
