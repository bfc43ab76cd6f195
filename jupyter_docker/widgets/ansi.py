"""ANSI SGR colour codes -> HTML spans (the 16 basic colours, bold); everything escaped."""

from __future__ import annotations

import html
import re

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_OTHER_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-ln-z]")
_COLOURS = ("#000", "#c23", "#2a2", "#b80", "#36c", "#a3a", "#1aa", "#bbb")
_BRIGHT = ("#666", "#f44", "#4c4", "#dd3", "#58f", "#d5d", "#3dd", "#fff")


def _style(codes: list[int], state: dict[str, str]) -> None:
    for code in codes or [0]:
        if code == 0:
            state.clear()
        elif code == 1:
            state["font-weight"] = "bold"
        elif 30 <= code <= 37:
            state["color"] = _COLOURS[code - 30]
        elif 90 <= code <= 97:
            state["color"] = _BRIGHT[code - 90]
        elif 40 <= code <= 47:
            state["background"] = _COLOURS[code - 40]
        elif code == 39:
            state.pop("color", None)
        elif code == 49:
            state.pop("background", None)


def ansi_to_html(text: str) -> str:
    """One line of terminal output as safe HTML with its colours."""
    text = _OTHER_ESCAPES.sub("", text)
    out, state, pos, open_span = [], {}, 0, False
    for match in _SGR.finditer(text):
        out.append(html.escape(text[pos:match.start()]))
        if open_span:
            out.append("</span>")
            open_span = False
        _style([int(c) for c in match.group(1).split(";") if c.isdigit()], state)
        if state:
            css = ";".join(f"{k}:{v}" for k, v in state.items())
            out.append(f'<span style="{css}">')
            open_span = True
        pos = match.end()
    out.append(html.escape(text[pos:]))
    if open_span:
        out.append("</span>")
    return "".join(out)
