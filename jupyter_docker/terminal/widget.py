"""TerminalWidget: the session's terminal in the cell's output (xterm.js, terminal.js).

Bytes travel as widget custom messages with binary buffers; the first `resize` from the page
starts the session (so the prompt is not sent before a view can draw it). Closing the widget
closes the session. The magic returns the widget at once: the kernel never waits on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from .session import AttachTarget, ExecTarget, TerminalSession

HERE = Path(__file__).parent


class TerminalWidget(anywidget.AnyWidget):
    """`status`: "" while the session is live, then one line (exit code, detached, error)."""

    _esm = HERE / "terminal.js"
    _css = HERE / "terminal.css"
    status = t.Unicode("").tag(sync=True)
    rows = t.Int(24).tag(sync=True)

    def __init__(self, target: ExecTarget | AttachTarget) -> None:
        super().__init__()
        self.session = TerminalSession(target, self._output, self._ended)
        self.on_msg(self._received)

    def _output(self, data: bytes) -> None:
        self.send({"type": "out"}, buffers=[data])

    def _ended(self, line: str) -> None:
        self.status = line

    def _received(self, _widget: Any, content: dict, buffers: list) -> None:
        kind = content.get("type")
        if kind == "in":
            for buffer in buffers:
                self.session.write(bytes(buffer))
        elif kind == "resize":
            rows, cols = int(content.get("rows", 24)), int(content.get("cols", 80))
            if self.session.thread is None:
                self._start(rows, cols)
            else:
                self.session.resize(rows, cols)

    def _start(self, rows: int, cols: int) -> None:
        try:
            self.session.start(rows, cols)
        except Exception as exc:  # noqa: BLE001 - said in one line on the terminal
            from ..errors import DockerError

            text = str(exc) if isinstance(exc, DockerError) else f"{type(exc).__name__}: {exc}"
            self.status = f"docker: {text.removeprefix('docker: ')}"

    def close(self) -> None:
        self.session.close()
        super().close()
