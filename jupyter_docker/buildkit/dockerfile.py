"""Where a BuildKit step is in its Dockerfile: `[a 2/3] RUN make` is stage a's 2nd instruction.

BuildKit names the steps of a Dockerfile `[STAGE I/N] INSTRUCTION`: STAGE is the stage's name
(`FROM ... AS a`), `stage-K` for an unnamed stage of several (K counts from 0), and nothing for
a build of one unnamed stage; I counts the stage's instructions that are steps (FROM, RUN, COPY,
ADD, WORKDIR; ENV, CMD, LABEL and the like only change the image's config), FROM being 1. The engine's
build API reports a failure as text only, so the failure block finds the lines itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
_FROM = re.compile(r"^\s*FROM\s", re.I)
_AS = re.compile(r"\sAS\s+(\S+)\s*$", re.I)
STEPS = {"FROM", "RUN", "COPY", "ADD", "WORKDIR"}  # the instructions BuildKit numbers


@dataclass
class Stage:
    name: str
    instructions: list[tuple[int, int]] = field(default_factory=list)  # (first, last) line, 1-based


def _escape(lines: list[str]) -> str:
    for line in lines:
        match = re.match(r"^\s*#\s*escape\s*=\s*(\S)", line)
        if match:
            return match.group(1)
        if not line.startswith("#"):
            break
    return "\\"


def stages(text: str) -> list[Stage]:
    """The stages and the line span of each instruction."""
    lines = text.splitlines()
    escape = _escape(lines)
    found: list[Stage] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        first, words = i, line
        while words.rstrip().endswith(escape) and i + 1 < len(lines):
            i += 1
            nxt = lines[i]
            if nxt.lstrip().startswith("#") or not nxt.strip():  # an empty continuation
                continue  # line goes on (the frontend warns of it), as a comment does
            words = words.rstrip()[:-1] + " " + nxt
        for _quote, word in _HEREDOC.findall(words):
            while i + 1 < len(lines):
                i += 1
                if lines[i].strip() == word:
                    break
        if _FROM.match(words):
            named = _AS.search(words)
            found.append(Stage(named.group(1) if named else ""))
        keyword = words.split(None, 1)[0].upper() if words.split() else ""
        if found and keyword in STEPS:
            found[-1].instructions.append((first + 1, i + 1))
        i += 1
    return found


def locate(text: str, stage: str, index: int) -> tuple[int, int] | None:
    """The (first, last) line of instruction `index` of `stage` as BuildKit names it."""
    found = stages(text)
    chosen: Stage | None = None
    if stage.startswith("stage-") and stage[6:].isdigit() and int(stage[6:]) < len(found):
        chosen = found[int(stage[6:])]
    elif stage:
        chosen = next((s for s in found if s.name.lower() == stage.lower()), None)
    elif len(found) == 1:
        chosen = found[0]
    if chosen is None or not 1 <= index <= len(chosen.instructions):
        return None
    return chosen.instructions[index - 1]


def excerpt(text: str, span: tuple[int, int], around: int = 2) -> list[str]:
    """The lines of `span` marked `>>>`, with `around` lines either side, as the CLI shows it."""
    lines = text.splitlines()
    first, last = span
    start, end = max(first - around, 1), min(last + around, len(lines))
    width = len(str(end))
    return [f"{n:>{width + 2}} | {'>>> ' if first <= n <= last else '    '}{lines[n - 1]}"
            for n in range(start, end + 1)]
