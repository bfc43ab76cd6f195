"""dive's per-layer file trees and its efficiency, reproduced rule for rule.

From wagoodman/dive `dive/filetree/` (file_tree.go, file_node.go, efficiency.go):
- a layer's tree holds a node per tar entry and one for each missing parent (an empty
  payload: size 0, not a directory); `.wh..wh.`-names (the opaque marker) are never added;
  `.wh.NAME` is a node named so whose path is the deleted path;
- stacking a layer onto a tree visits its nodes children-first in name order: a whiteout
  removes its path, any other node (a parent without an entry too) sets its payload;
- efficiency visits each layer's leaves (nodes without children): Cumulative += size, Min =
  the smallest; a whiteout's size is that of the subtree it deletes when that was a
  directory in the stack of the layers below, else 0; a path seen in two or more layers is
  an inefficiency; score = sum(Min) / sum(Cumulative), 1.0 when that is 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .entries import WHITEOUT, Entry

DOUBLE_WHITEOUT = WHITEOUT + WHITEOUT


class Node:
    """A tree node; `entry` None is dive's empty FileInfo{} (a parent without an entry)."""

    __slots__ = ("name", "entry", "children")

    def __init__(self, name: str, entry: Entry | None = None) -> None:
        self.name = name
        self.entry = entry
        self.children: dict[str, Node] = {}

    @property
    def size(self) -> int:
        return self.entry.size if self.entry else 0

    @property
    def is_dir(self) -> bool:
        return bool(self.entry and self.entry.is_dir)

    def copy(self) -> "Node":
        node = Node(self.name, self.entry)
        node.children = {k: v.copy() for k, v in self.children.items()}
        return node

    def subtree_size(self) -> int:
        return self.size + sum(c.subtree_size() for c in self.children.values())


def node_path(parts: list[str]) -> str:
    """dive's FileNode.Path(): the leaf's `.wh.` prefix is dropped."""
    if parts and parts[-1].startswith(WHITEOUT):
        parts = parts[:-1] + [parts[-1][len(WHITEOUT):]]
    return "/" + "/".join(parts)


def add_path(root: Node, path: str, entry: Entry | None) -> None:
    """dive's FileTree.AddPath: walk, making missing parents; the payload goes on the last."""
    names = [n for n in path.strip("/").split("/") if n]
    node = root
    for i, name in enumerate(names):
        child = node.children.get(name)
        if child is None:
            if name.startswith(DOUBLE_WHITEOUT):
                return
            child = node.children[name] = Node(name)
        node = child
        if i == len(names) - 1:
            node.entry = entry


def get_node(root: Node, path: str) -> Node | None:
    node = root
    for name in path.strip("/").split("/"):
        if not name:
            continue
        node = node.children.get(name)  # type: ignore[assignment]
        if node is None:
            return None
    return node


def remove_path(root: Node, path: str) -> None:
    names = [n for n in path.strip("/").split("/") if n]
    parent = get_node(root, "/".join(names[:-1])) if names else None
    if parent is not None and names[-1] in parent.children:
        del parent.children[names[-1]]


def layer_tree(entries: list[Entry]) -> Node:
    """A layer's tree as dive builds it from the layer tar's entries, in tar order."""
    root = Node("")
    for entry in entries:
        add_path(root, entry.name, entry)
    return root


def walk(node: Node, parts: list[str] | None = None):
    """dive's VisitDepthChildFirst: children in name order, then the node; never the root."""
    parts = parts or []
    for name in sorted(node.children):
        child = node.children[name]
        yield from walk(child, parts + [name])
        yield parts + [name], child


def stack(lower: Node, upper: Node) -> None:
    """dive's FileTree.Stack: graft `upper` onto `lower` (whiteouts remove)."""
    for parts, node in list(walk(upper)):
        if node.name.startswith(WHITEOUT):
            remove_path(lower, node_path(parts))
        else:
            add_path(lower, node_path(parts), node.entry)


@dataclass
class PathWaste:
    """dive's EfficiencyData for one path."""

    path: str
    count: int = 0  # len(Nodes): the layers it appears in
    cumulative: int = 0
    minimum: int = -1


@dataclass
class Efficiency:
    score: float
    paths: dict[str, PathWaste] = field(default_factory=dict)
    inefficient: list[PathWaste] = field(default_factory=list)  # in dive's order of discovery

    @property
    def wasted_bytes(self) -> int:
        return sum(p.cumulative for p in self.inefficient)


def efficiency(trees: list[Node]) -> Efficiency:
    """dive's filetree.Efficiency over the layers' trees (bottom first)."""
    result = Efficiency(1.0)
    paths = result.paths
    stacked: Node | None = None
    for idx, tree in enumerate(trees):
        # StackTreeRange(trees, 0, idx-1): a copy of the first tree, then trees 0..idx-1 on it
        if idx == 0:
            stacked = trees[0].copy()
        else:
            assert stacked is not None
            stack(stacked, trees[idx - 1])
        for parts, node in walk(tree):
            if node.children:
                continue  # leaves only
            path = node_path(parts)
            data = paths.get(path)
            if data is None:
                data = paths[path] = PathWaste(path)
            if node.name.startswith(WHITEOUT):
                previous = get_node(stacked, path)  # type: ignore[arg-type]
                if previous is None:
                    break  # dive's visitor errors: the rest of this layer is not visited
                size = previous.subtree_size() if previous.is_dir else 0
            else:
                size = node.size
            data.cumulative += size
            if data.minimum < 0 or size < data.minimum:
                data.minimum = size
            data.count += 1
            if data.count == 2:
                result.inefficient.append(data)
    minimum = sum(p.minimum for p in paths.values())
    cumulative = sum(p.cumulative for p in paths.values())
    result.score = 1.0 if cumulative == 0 else minimum / cumulative
    return result
