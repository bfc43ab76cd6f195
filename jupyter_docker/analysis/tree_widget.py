"""TreeView: the merged file system of an image, explorable in a notebook (tree_widget.js).

Folders open and close, a slider picks the layer the tree is stacked up to, check boxes keep
only what that layer added, modified or removed (the folders above them stay, to find them),
and every row shows its size (a folder's: everything under it). The kernel keeps the trees
(`tree.merged`, one per layer visited) and sends the rows in sight only: the open folders'
children, at most `MAX_CHILDREN` per folder (a last row counts the rest), so a tree of 100,000
files costs the page what it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets as t

from .tree import merged

if TYPE_CHECKING:
    import pandas as pd

HERE = Path(__file__).parent
MAX_CHILDREN = 500
CHANGES = ("added", "modified", "removed", "unchanged")


class Layered:
    """A layer's tree as lists the view walks: rows by path, children by folder, sorted."""

    def __init__(self, df: "pd.DataFrame") -> None:
        self.rows: dict[str, tuple] = {}
        self.children: dict[str, list[str]] = {}
        self.changed_below: dict[str, set[str]] = {}  # folder -> changes found under it
        for row in df.itertuples(index=False):
            link = row.link if isinstance(row.link, str) else ""  # None or NaN: no link
            self.rows[row.path] = (row.path, row.name, int(row.depth), row.kind, row.change,
                                   int(row.size), int(row.files), link)
            if row.parent:
                self.children.setdefault(row.parent, []).append(row.path)
        for path, row in self.rows.items():
            if row[4] != "unchanged":
                parent = path
                while parent not in ("", "/"):
                    parent = parent.rsplit("/", 1)[0] or "/"
                    self.changed_below.setdefault(parent, set()).add(row[4])
        for kids in self.children.values():
            kids.sort(key=lambda p: self.rows[p][1])

    def shown(self, path: str, wanted: set[str]) -> bool:
        row = self.rows[path]
        return row[4] in wanted or bool(self.changed_below.get(path, set()) & wanted)


class TreeView(anywidget.AnyWidget):
    """`layers`: [{index, label, size}] for the slider; `layer`: the one shown; `expanded`: the
    open folders (set by the page); `changes`: which changes to show; `rows`: what is drawn,
    [path, name, depth, kind, change, size, files, link, has children, open] (a "more" row
    has kind "more" and its count in `files`)."""

    _esm = HERE / "tree_widget.js"
    _css = HERE / "tree_widget.css"
    layers = t.List([]).tag(sync=True)
    layer = t.Int(0).tag(sync=True)
    expanded = t.List(["/"]).tag(sync=True)
    changes = t.List(list(CHANGES)).tag(sync=True)
    rows = t.List([]).tag(sync=True)
    title = t.Unicode("").tag(sync=True)

    def __init__(self, files: "pd.DataFrame", layers: list[dict[str, Any]], layer: int,
                 title: str = "") -> None:
        self._files = files
        self._trees: dict[int, Layered] = {}
        super().__init__(layers=layers, layer=layer, title=title)
        self._draw()
        self.observe(lambda _: self._draw(), names=["layer", "expanded", "changes"])

    def tree(self, layer: int) -> Layered:
        if layer not in self._trees:
            if len(self._trees) > 8:
                self._trees.pop(next(iter(self._trees)))
            self._trees[layer] = Layered(merged(self._files, layer, removed=True))
        return self._trees[layer]

    def _draw(self) -> None:
        self.rows = visible(self.tree(self.layer), set(self.expanded), set(self.changes))


def visible(tree: Layered, opened: set[str], wanted: set[str]) -> list[list[Any]]:
    """The rows in sight: the root's children, and the children of every open folder."""
    out: list[list[Any]] = []

    def add(path: str) -> None:
        kids = [k for k in tree.children.get(path, []) if tree.shown(k, wanted)]
        for kid in kids[:MAX_CHILDREN]:
            row = tree.rows[kid]
            has = bool(tree.children.get(kid))
            is_open = has and kid in opened
            out.append([*row, has, is_open])
            if is_open:
                add(kid)
        if len(kids) > MAX_CHILDREN:
            depth = tree.rows[path][2] + 1
            out.append([path + "/…", f"{len(kids) - MAX_CHILDREN:,} more", depth, "more", "",
                        0, len(kids) - MAX_CHILDREN, "", False, False])

    if "/" in tree.rows:
        root = tree.rows["/"]
        out.append([*root, True, True])
        add("/")
    return out


def view(analysis: Any, layer: int) -> TreeView:
    """The tree widget of an `ImageAnalysis`, showing `layer`."""
    from . import summary
    from ..units import human_size

    said, known = summary.instructions(analysis), summary.lines(analysis)
    sizes = dict(zip(summary.layer_numbers(analysis), (int(s or 0) for s in analysis.layers["size"])))
    layers = [{"index": n, "size": sizes.get(n, 0),
               "label": waste_step(n, said, known)} for n in summary.layer_numbers(analysis)]
    name = summary.name(analysis)
    title = f"{name} · {human_size(analysis.size)}" if name else human_size(analysis.size)
    return TreeView(analysis.files, layers, layer, title)


def waste_step(n: int, said: dict[int, str], known: dict[int, Any]) -> str:
    from .waste import step_name

    return step_name(n, said.get(n, ""), known, 80)
