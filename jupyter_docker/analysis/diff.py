"""Two images compared: the files one has and the other not, the layers they share, and the
size each top-level directory gains or loses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .merge import FsNode

if TYPE_CHECKING:
    import pandas as pd

    from .model import ImageAnalysis


def _files(analysis: "ImageAnalysis") -> dict[str, FsNode]:
    return dict(analysis.filesystem().walk())


def _own_size(node: FsNode) -> int:
    return node.entry.size if node.entry and node.entry.kind == "file" else 0


@dataclass
class ImageDiff:
    """`a` to `b`: `.files` (added/removed/modified, sizes), `.shared_layers`,
    `.directories` (bytes per top-level directory in each, and the delta)."""

    a: "ImageAnalysis"
    b: "ImageAnalysis"

    @cached_property
    def _trees(self) -> tuple[dict[str, FsNode], dict[str, FsNode]]:
        return _files(self.a), _files(self.b)

    @cached_property
    def files(self) -> "pd.DataFrame":
        """Every path that differs: change, kind in each, size in each, delta (b - a)."""
        import pandas as pd

        from ..display import mark

        fa, fb = self._trees
        rows = []
        for path in sorted(fa.keys() | fb.keys()):
            na, nb = fa.get(path), fb.get(path)
            if na is not None and nb is not None:
                if na.entry is None or nb.entry is None or na.entry.same_file(nb.entry):
                    continue
                change = "modified"
            else:
                change = "added" if na is None else "removed"
            ea = na.entry if na else None
            eb = nb.entry if nb else None
            sa, sb = (_own_size(na) if na else 0), (_own_size(nb) if nb else 0)
            rows.append((path, change, ea.kind if ea else None, eb.kind if eb else None,
                         sa, sb, sb - sa, nb.layer if nb else None))
        df = pd.DataFrame.from_records(rows, columns=["path", "change", "kind_a", "kind_b",
                                                      "size_a", "size_b", "delta", "layer_b"])
        df["layer_b"] = df["layer_b"].astype("Int64")
        return mark(df, sizes=["size_a", "size_b"])

    @cached_property
    def shared_layers(self) -> "pd.DataFrame":
        """Layers (by diff id) both images have: their index in each and size."""
        import pandas as pd

        from ..display import mark

        la, lb = self.a.layers, self.b.layers
        where_b = {ident: idx for idx, ident in zip(lb.index, lb["id"])}
        rows = [(ident, int(ia), where_b[ident], int(size))
                for ia, ident, size in zip(la.index, la["id"], la["size"]) if ident in where_b]
        return mark(pd.DataFrame.from_records(rows, columns=["id", "layer_a", "layer_b",
                                                             "size"]), sizes=["size"])

    @cached_property
    def directories(self) -> "pd.DataFrame":
        """Bytes of files under each top-level directory (`/` for files at the root)."""
        import pandas as pd

        from ..display import mark

        totals: dict[str, list[int]] = {}
        for side, files in enumerate(self._trees):
            for path, node in files.items():
                top = "/" + path.split("/")[1] if path.count("/") > 1 else "/"
                if top == "/" and node.entry is not None and node.entry.is_dir:
                    top = path  # a top-level directory itself
                totals.setdefault(top, [0, 0])[side] += _own_size(node)
        rows = [(top, a, b, b - a) for top, (a, b) in sorted(totals.items())]
        return mark(pd.DataFrame.from_records(rows, columns=["directory", "size_a", "size_b",
                                                             "delta"]),
                    sizes=["size_a", "size_b"])

    @property
    def delta(self) -> int:
        """b's size minus a's (dive's sizes: the layers' bytes)."""
        return self.b.size - self.a.size

    def summary(self) -> str:
        counts = self.files["change"].value_counts()
        shared = self.shared_layers
        return (f"{self.a.image} -> {self.b.image}: {counts.get('added', 0)} added, "
                f"{counts.get('removed', 0)} removed, {counts.get('modified', 0)} modified; "
                f"{len(shared)} of {len(self.a.layers)}/{len(self.b.layers)} layers shared; "
                f"size {self.a.size} -> {self.b.size} bytes ({self.delta:+d})")

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self.summary() + "\n" + self.files.to_string(max_rows=40))

    def _repr_html_(self) -> str:
        from html import escape

        from ..display import humanized

        parts = [f"<p>{escape(self.summary())}</p>"]
        for title, df in (("Files", self.files), ("Top-level directories", self.directories),
                          ("Shared layers", self.shared_layers)):
            shown = humanized(df)
            if "delta" in shown.columns:
                shown["delta"] = [signed_size(v) for v in df["delta"]]
            parts.append(f"<h4>{title}</h4>" + shown.to_html(max_rows=40))
        return "".join(parts)


def signed_size(n: int) -> str:
    """`+3.96MB`, `-700B`, `0B`: a size delta as the CLI writes sizes, with its sign."""
    from ..units import human_size

    return ("-" if n < 0 else "+" if n > 0 else "") + human_size(abs(int(n)))


def diff(a: "ImageAnalysis", b: "ImageAnalysis") -> ImageDiff:
    return ImageDiff(a, b)
