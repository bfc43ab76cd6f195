"""Which Dockerfile line made each history entry of an image built here.

`%docker build` remembers the Dockerfile of each image it builds (`remember`); `align()` then
matches the image's history, newest first, with the instructions of the Dockerfile's last
stage, bottom up: the classic builder writes `/bin/sh -c #(nop)  ENV A=b` for a step that only
changes settings and `|1 V=x /bin/sh -c CMD` (or `/bin/sh -c CMD`) for a RUN; BuildKit writes
`RUN /bin/sh -c CMD # buildkit`, `COPY src /dst # buildkit`, `ENV A=b`. A RUN matches only its
own command (whitespace aside), other steps their keyword; a history entry the Dockerfile
cannot have made ends the match (the rest is the base image's, or another Dockerfile's), so
an entry gets a line only where the history allows.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

_remembered: dict[str, str] = {}  # image id (no sha256:) -> Dockerfile text
_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z]+)\s*=\s*(.+?)\s*$")
_NOP = re.compile(r"^(?:/bin/sh -c )?#\(nop\)\s*([A-Z]+)\b\s*(.*)$", re.S)
_SHELL = re.compile(r"^(?:\|\d+ (?:\S+=\S* )*)?/bin/sh -c (.*)$", re.S)


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction: the line it starts on, its keyword, its text as written."""

    line: int
    keyword: str
    args: str

    @property
    def text(self) -> str:
        return f"{self.keyword} {self.args}".strip()


def remember(image_id: str, dockerfile: str) -> None:
    """Keep the Dockerfile an image was built from (in this kernel's memory)."""
    if image_id and dockerfile:
        _remembered[image_id.removeprefix("sha256:")] = dockerfile


def recalled(image_id: str) -> str | None:
    """The Dockerfile `remember`ed for this image id, if any."""
    return _remembered.get(str(image_id).removeprefix("sha256:"))


def source(path: str | None, file: str | None, cell: str | None) -> str | None:
    """The Dockerfile text of a build: the cell, or the file in a directory context."""
    if cell is not None:
        return cell
    if path is None or not os.path.isdir(path):
        return None
    name = file or "Dockerfile"
    full = name if os.path.isabs(name) else os.path.join(path, name)
    try:
        with open(full, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def parse(text: str) -> list[Instruction]:
    """The instructions of a Dockerfile, each with the line it starts on (1-based)."""
    escape = "\\"
    out: list[Instruction] = []
    pending: list[str] = []
    start = 0
    directives = True
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if directives:
            match = _DIRECTIVE.match(line)
            if match:
                if match.group(1).lower() == "escape":
                    escape = match.group(2)[:1] or "\\"
                continue
            directives = False
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and not pending):
            continue
        if not pending:
            start = number
        if stripped.endswith(escape):
            pending.append(stripped[:-1])
            continue
        pending.append(stripped)
        joined = " ".join(part for part in pending if part)
        pending = []
        keyword, _, args = joined.partition(" ")
        out.append(Instruction(start, keyword.upper(), args.strip()))
    return out


def last_stage(instructions: list[Instruction]) -> list[Instruction]:
    """The instructions after the last FROM (those the final image's own history holds)."""
    froms = [i for i, ins in enumerate(instructions) if ins.keyword == "FROM"]
    return instructions[froms[-1] + 1:] if froms else instructions


def classify(created_by: str) -> tuple[str, str]:
    """(keyword, argument text) of a history entry's `CreatedBy`, for either builder."""
    text = (created_by or "").strip()
    if text.endswith("# buildkit"):
        text = text[: -len("# buildkit")].rstrip()
        keyword, _, rest = text.partition(" ")
        if keyword == "RUN":
            shell = _SHELL.match(rest)
            rest = shell.group(1) if shell else rest
        return keyword, rest
    nop = _NOP.match(text)
    if nop:
        return nop.group(1), nop.group(2)
    shell = _SHELL.match(text)
    if shell:
        return "RUN", shell.group(1)
    keyword, _, rest = text.partition(" ")
    if keyword.isupper() and keyword.isalpha():  # BuildKit's settings steps: ENV A=b, WORKDIR /x
        return keyword, rest
    return "RUN", text


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _run_text(ins: Instruction) -> str:
    args = ins.args
    if args.startswith("["):  # exec form: the history holds the words joined
        import json

        try:
            return _squeeze(" ".join(json.loads(args)))
        except ValueError:
            pass
    return _squeeze(args)


def _matches(entry: tuple[str, str], ins: Instruction) -> bool:
    keyword, rest = entry
    if keyword != ins.keyword:
        return False
    if keyword == "RUN":
        ran = _squeeze(rest)
        want = _run_text(ins)
        return ran == want or ran.endswith(" " + want) or ran.endswith(want)
    return True


def align(created_by: list[str], dockerfile: str) -> list[Instruction | None]:
    """For each history entry (oldest first, as `CreatedBy`), the instruction that made it.

    From the newest entry down, each takes the nearest instruction above the last one taken
    that it matches; instructions passed over are steps that left no entry here (an empty
    layer left out), never a RUN, which always leaves one. A LABEL entry that matches none is
    `build --label`'s (the classic builder adds it last); any other ends the match."""
    stage = last_stage(parse(dockerfile))
    found: list[Instruction | None] = [None] * len(created_by)
    j = len(stage) - 1
    for i in range(len(created_by) - 1, -1, -1):
        entry = classify(created_by[i])
        k = j
        while k >= 0 and not _matches(entry, stage[k]) and stage[k].keyword != "RUN":
            k -= 1
        if k >= 0 and _matches(entry, stage[k]):
            found[i], j = stage[k], k - 1
        elif entry[0] != "LABEL" or j < 0:
            break
    return found
