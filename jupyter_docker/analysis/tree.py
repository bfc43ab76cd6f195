"""The merged file system of an image as of one layer, with directory sizes (a pure function).

`merged(files, layer)` stacks the layers of `ImageAnalysis.files` (one row per tar entry per
layer) from the bottom up to `layer`, as the engine's overlay does: a whiteout deletes its
path and everything under it from the layers below, an opaque marker empties its directory of
what the layers below put there, and an entry replaces the same path from below. Parent
directories a layer's tar leaves out are implied. A directory's `size` is the bytes of every
non-directory entry under it (a file's own size otherwise; links count what their tar entry
holds, 0), `files` how many such entries.

`change` says what `layer` itself did to the entry (added, modified, unchanged); with
`removed=True` the entries that `layer` deletes are rows too (change "removed", their sizes
not counted in their parents): what a tree view shows in red.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    import pandas as pd

WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"
COLUMNS = ["path", "name", "parent", "depth", "kind", "change", "size", "files", "layer",
           "mode", "uid", "gid", "link"]


@dataclass
class Entry:
    """One path of the merged tree."""

    path: str
    kind: str
    size: int
    layer: int
    change: str = "unchanged"
    mode: Any = None
    uid: Any = None
    gid: Any = None
    link: Any = None
    files: int = 0


def parent_of(path: str) -> str:
    """`/a/b` -> `/a`, `/a` -> `/`, `/` -> `` (the root has none)."""
    if path == "/":
        return ""
    head = path.rsplit("/", 1)[0]
    return head or "/"


def normal(path: str) -> str:
    """A tar name as an absolute path without a trailing slash: `./a/b/` -> `/a/b`."""
    text = str(path)
    while text.startswith("./"):
        text = text[2:]
    text = "/" + text.strip("/")
    while "//" in text:
        text = text.replace("//", "/")
    return "/" if text in ("/", "/.") else text


class Stack:
    """The tree while layers are applied: entries by path, children by directory."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {"/": Entry("/", "dir", 0, 0)}
        self.children: dict[str, set[str]] = {"/": set()}

    def put(self, entry: Entry) -> None:
        old = self.entries.get(entry.path)
        if old is not None and old.kind == "dir" and entry.kind != "dir":
            self.drop_below(entry.path)  # a file where a directory was: its content goes
        self._ensure_parents(entry.path, entry.layer)
        self.entries[entry.path] = entry
        if entry.kind == "dir":
            self.children.setdefault(entry.path, set())

    def _ensure_parents(self, path: str, layer: int) -> None:
        parent = parent_of(path)
        if not parent:
            return
        if parent not in self.entries or self.entries[parent].kind != "dir":
            self.put(Entry(parent, "dir", 0, layer, change="added"))
        self.children[parent].add(path)

    def remove(self, path: str) -> list[Entry]:
        """Delete `path` and what is under it; the entries deleted."""
        gone = self.drop_below(path)
        entry = self.entries.pop(path, None)
        if entry is not None:
            gone.append(entry)
            self.children.pop(path, None)
            self.children.get(parent_of(path), set()).discard(path)
        return gone

    def drop_below(self, path: str) -> list[Entry]:
        """Empty the directory `path` (an opaque marker); the entries deleted."""
        gone: list[Entry] = []
        for child in list(self.children.get(path, ())):
            gone.extend(self.remove(child))
        return gone

    def walk(self, path: str = "/") -> Iterator[Entry]:
        """Depth first, children by name."""
        yield self.entries[path]
        for child in sorted(self.children.get(path, ())):
            yield from self.walk(child)


def _target(row: Any) -> tuple[str, str]:
    """(what a row does, its path): ("opaque", dir), ("whiteout", deleted path) or ("put", path)."""
    path = normal(row.path)
    name = path.rsplit("/", 1)[-1]
    if row.kind == "opaque" or name == OPAQUE:
        return "opaque", parent_of(path) if name == OPAQUE else path
    if row.kind == "whiteout" or name.startswith(WHITEOUT):
        if name.startswith(WHITEOUT):
            path = (parent_of(path).rstrip("/") + "/" + name[len(WHITEOUT):])
        return "whiteout", path
    return "put", path


def stack(files: "pd.DataFrame", layer: int) -> tuple[Stack, list[Entry]]:
    """The tree as of `layer`, and the entries `layer` deletes."""
    tree = Stack()
    removed: list[Entry] = []
    has_change = "change" in files.columns
    for number in sorted(n for n in files["layer"].unique() if n <= layer):
        rows = list(files[files["layer"] == number].itertuples(index=False))
        gone: list[Entry] = []
        puts = []
        for row in rows:
            what, path = _target(row)
            if row.kind == "marker":
                continue  # other .wh..wh. names (aufs hard-link dirs): no file of the image
            if what == "whiteout":
                gone.extend(tree.remove(path))
            elif what == "opaque":
                gone.extend(tree.drop_below(path))
            else:
                puts.append((path, row))
        for path, row in puts:
            before = tree.entries.get(path)
            change = str(row.change) if has_change else ("modified" if before else "added")
            if change == "removed":
                continue
            if before is None and change != "added" and path != "/":
                change = "added"  # deleted below (or opaque) and put back: new in this layer
            tree.put(Entry(path, str(row.kind), int(row.size or 0), int(number), change,
                           _value(row, "mode"), _value(row, "uid"), _value(row, "gid"),
                           _value(row, "link") or None))
        if number == layer:
            removed = [g for g in gone if g.path not in tree.entries]
        for entry in tree.entries.values():
            if entry.layer != number and entry.change != "unchanged":
                entry.change = "unchanged"
    return tree, removed


def _value(row: Any, name: str) -> Any:
    """A column's value, None for a missing one (NaN, None)."""
    value = getattr(row, name, None)
    return None if value is None or value != value else value


def _sizes(tree: Stack) -> None:
    """Directory sizes and file counts, deepest first."""
    for entry in tree.entries.values():
        if entry.kind == "dir":
            entry.size, entry.files = 0, 0
        else:
            entry.files = 1
    for path in sorted(tree.entries, key=lambda p: p.count("/") if p != "/" else 0,
                       reverse=True):
        if path == "/":
            continue
        entry, parent = tree.entries[path], tree.entries[parent_of(path)]
        parent.size += entry.size
        parent.files += entry.files


def merged(files: "pd.DataFrame", layer: int | None = None, removed: bool = False,
           ) -> "pd.DataFrame":
    """The merged file system as of `layer` (default: the top), one row per path."""
    import pandas as pd

    from ..display import mark

    top = int(files["layer"].max()) if len(files) else 0
    chosen = top if layer is None else int(layer)
    if layer is not None and not (int(files["layer"].min()) if len(files) else 0) <= chosen <= top:
        from ..errors import DockerError

        raise DockerError(f"no layer {layer}: the image has layers 0 to {top}")
    tree, deleted = stack(files, chosen)
    _sizes(tree)
    rows = []
    for entry in tree.walk():
        rows.append(_row(entry))
    if removed:
        for entry in deleted:  # deepest first: a directory's size is what went with it
            entry.change = "removed"
            entry.files = 0 if entry.kind == "dir" else 1
            if entry.kind == "dir":
                inside = [e for e in deleted if e.path.startswith(entry.path + "/")
                          and e.kind != "dir"]
                entry.size, entry.files = sum(e.size for e in inside), len(inside)
        for entry in sorted(deleted, key=lambda e: e.path):
            rows.append(_row(entry))
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("depth", "size", "files", "layer"):
        df[col] = df[col].astype("int64")
    for col in ("mode", "uid", "gid"):  # an implied directory has none
        df[col] = df[col].astype("Int64")
    df.attrs["layer"] = chosen
    return mark(df, sizes=["size"])


def _row(entry: Entry) -> list[Any]:
    name = entry.path.rsplit("/", 1)[-1] or "/"
    depth = 0 if entry.path == "/" else entry.path.count("/")
    return [entry.path, name, parent_of(entry.path), depth, entry.kind, entry.change,
            entry.size, entry.files, entry.layer, entry.mode, entry.uid, entry.gid, entry.link]


_FRAME: Any = None


def _frame_class() -> Any:
    """A DataFrame that shows as the tree widget in a notebook that draws widgets (made on
    first use: pandas is imported then). What is derived from it (a filter, a slice) is a
    plain DataFrame again."""
    global _FRAME
    if _FRAME is None:
        import pandas as pd

        class TreeFrame(pd.DataFrame):
            _metadata = ["_jd_analysis"]

            @property
            def _constructor(self) -> Any:
                return pd.DataFrame

            def _ipython_display_(self) -> None:
                from IPython.display import display

                from ..progress import chosen_mode

                analysis = getattr(self, "_jd_analysis", None)
                if analysis is None or chosen_mode() != "widget":
                    plain = pd.DataFrame(self)
                    plain.attrs = dict(self.attrs)
                    display(plain)
                    return
                from .tree_widget import view

                display(view(analysis, int(self.attrs.get("layer", 0))))

        _FRAME = TreeFrame
    return _FRAME


def tree(analysis: Any, layer: int | None = None) -> "pd.DataFrame":
    """`ImageAnalysis.tree()`: the merged file system as of `layer` (default: the top), a
    DataFrame that a notebook shows as the explorable tree."""
    df = merged(analysis.files, layer)
    out = _frame_class()(df)
    out.attrs = dict(df.attrs)
    object.__setattr__(out, "_jd_analysis", analysis)
    return out
