"""The image's filesystem as the engine assembles it, layer by layer (OCI whiteout rules).

Unlike dive's trees (divetree.py), this applies an opaque marker: `.wh..wh..opq` in a
directory hides everything the layers below had in it. Each layer's removals (whiteouts,
opaque markers) apply to the layers below it, then its entries are laid on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .entries import Entry


class FsNode:
    """A path of the merged filesystem: its entry and the layer that last wrote it."""

    __slots__ = ("entry", "layer", "children")

    def __init__(self, entry: Entry | None, layer: int) -> None:
        self.entry = entry
        self.layer = layer
        self.children: dict[str, FsNode] = {}

    def size(self) -> int:
        own = self.entry.size if self.entry and self.entry.kind == "file" else 0
        return own + sum(c.size() for c in self.children.values())

    def files(self) -> int:
        return sum(1 + c.files() for c in self.children.values())


@dataclass
class Change:
    """What one entry of a layer does to the filesystem below it."""

    layer: int
    entry: Entry
    change: str  # added, modified, removed, unchanged
    size: int  # a removal: the bytes it removes; else the entry's size


class Filesystem:
    """A merged filesystem: apply layers bottom first."""

    def __init__(self) -> None:
        self.root = FsNode(None, -1)

    def find(self, path: str) -> FsNode | None:
        node = self.root
        for name in path.strip("/").split("/"):
            if name:
                node = node.children.get(name)  # type: ignore[assignment]
                if node is None:
                    return None
        return node

    def _parent(self, path: str, layer: int) -> tuple[FsNode, str]:
        names = [n for n in path.strip("/").split("/") if n]
        node = self.root
        for name in names[:-1]:
            child = node.children.get(name)
            if child is None:
                child = node.children[name] = FsNode(None, layer)
            node = child
        return node, names[-1]

    def apply(self, index: int, entries: list[Entry]) -> list[Change]:
        """Lay layer `index` on top; returns what each of its entries changed."""
        changes: list[Change] = []
        for entry in entries:  # judged against the layers below, before any of this one
            node = self.find(entry.path)
            if entry.kind == "opaque":
                hidden = sum(c.size() for c in node.children.values()) if node else 0
                changes.append(Change(index, entry, "removed", hidden))
            elif entry.kind == "whiteout":
                changes.append(Change(index, entry, "removed", node.size() if node else 0))
            elif entry.kind == "marker":
                changes.append(Change(index, entry, "unchanged", 0))
            elif node is None or node.entry is None:
                changes.append(Change(index, entry, "added", entry.size))
            else:
                same = node.entry.same_file(entry)
                changes.append(Change(index, entry, "unchanged" if same else "modified",
                                      entry.size))
        for entry in entries:
            if entry.kind == "opaque":
                node = self.find(entry.path)
                if node is not None:
                    node.children.clear()
            elif entry.kind == "whiteout" and entry.path != "/":
                parent, name = self._parent(entry.path, index)
                parent.children.pop(name, None)
        for entry in entries:
            if entry.kind in ("opaque", "whiteout", "marker"):
                continue
            parent, name = self._parent(entry.path, index)
            node = parent.children.get(name)
            if node is None:
                parent.children[name] = FsNode(entry, index)
            else:
                if not entry.is_dir:
                    node.children.clear()  # a file replacing a directory
                node.entry, node.layer = entry, index
        return changes

    def walk(self) -> Iterator[tuple[str, FsNode]]:
        """Every path, parents first, names in order."""
        stack: list[tuple[str, FsNode]] = [("", self.root)]
        while stack:
            prefix, node = stack.pop()
            for name in sorted(node.children, reverse=True):
                stack.append((f"{prefix}/{name}", node.children[name]))
            if prefix:
                yield prefix, node
