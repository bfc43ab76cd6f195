"""Which step left the wasted bytes, and which later step deletes or rewrites them.

A path that appears in two or more layers wastes its earlier copies: each copy is dead weight
once a later layer deletes it (a whiteout) or writes it again. `steps()` pairs every copy
with the layer that makes it dead and sums the bytes per pair of layers; `sentence()` says it
in a line, naming Dockerfile lines where `lines` knows them ("line 4 `RUN head -c ...` left
3.0MB that line 6 deletes").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..units import human_size
from .dockerfile import Instruction

if TYPE_CHECKING:
    import pandas as pd

GONE = ("whiteout", "opaque")


@dataclass
class Waste:
    """Bytes that layer `left` wrote and layer `by` deletes (or writes again)."""

    left: int
    by: int
    how: str  # "deletes" or "writes again"
    size: int
    paths: list[str]


def steps(files: "pd.DataFrame", wasted_paths: list[str]) -> list[Waste]:
    """The dead copies of `wasted_paths`, summed per (layer that wrote, layer that killed)."""
    if not len(files) or not wasted_paths:
        return []
    wanted = set(wasted_paths)
    rows = files[files["path"].isin(wanted)].sort_values(["path", "layer"])
    pairs: dict[tuple[int, int, str], Waste] = {}
    previous: Any = None
    for row in rows.itertuples(index=False):
        if previous is not None and previous.path == row.path:
            dead = int(previous.size or 0)
            if dead and previous.kind not in GONE and str(previous.change) != "removed":
                how = "deletes" if (row.kind in GONE or str(row.change) == "removed") \
                    else "writes again"
                key = (int(previous.layer), int(row.layer), how)
                waste = pairs.setdefault(key, Waste(key[0], key[1], how, 0, []))
                waste.size += dead
                waste.paths.append(str(row.path))
        previous = row
    return sorted(pairs.values(), key=lambda w: -w.size)


def step_name(layer: int, instruction: str, lines: dict[int, Instruction], width: int = 60,
              ) -> str:
    """`line 4 `RUN head -c ...`` where the Dockerfile line is known, else `layer 3 `...``."""
    known = lines.get(layer)
    text = known.text if known else instruction
    text = " ".join(str(text).split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    if known:
        return f"line {known.line} `{text}`"
    return f"layer {layer} `{text}`" if text else f"layer {layer}"


def sentence(waste: Waste, instructions: dict[int, str], lines: dict[int, Instruction]) -> str:
    """One line: which step left how many bytes, in which paths, and which step kills them."""
    left = step_name(waste.left, instructions.get(waste.left, ""), lines)
    by_known = lines.get(waste.by)
    by = f"line {by_known.line}" if by_known else f"layer {waste.by}"
    where = waste.paths[0] + (f" and {len(waste.paths) - 1} more" if len(waste.paths) > 1
                              else "")
    return f"{left} left {human_size(waste.size)} ({where}) that {by} {waste.how}"
