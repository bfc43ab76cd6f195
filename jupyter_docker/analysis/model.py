"""`ImageAnalysis`: an image's layers, files and dive's metrics, as values and DataFrames.

The numbers are computed when the analysis is made; the DataFrames are built on first use
(pandas is imported then). Pure data: the summary, plots and tree widget are views over it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from . import divetree
from .layout import Image
from .merge import Change, Filesystem

if TYPE_CHECKING:
    import pandas as pd

FILE_COLUMNS = ["layer", "path", "change", "kind", "size", "mode", "uid", "gid", "link",
                "digest"]


def instruction(created_by: str) -> str:
    """dive's layer command (`/bin/sh -c ` trimmed), with `#(nop) ` removed too; BuildKit's
    `RUN /bin/sh -c ... # buildkit` reads `RUN ...`."""
    text = created_by.strip()
    if text.startswith("RUN /bin/sh -c "):
        text = "RUN " + text[len("RUN /bin/sh -c "):]
    if text.endswith(" # buildkit"):
        text = text[: -len(" # buildkit")]
    if text.startswith("/bin/sh -c "):
        text = text[len("/bin/sh -c "):]
    if text.startswith("#(nop)"):
        text = text[len("#(nop)"):]
    return text.strip()


def join_history(history: list[dict[str, Any]], layers: int) -> list[int | None]:
    """For each history entry, the layer it made (None: an empty ENV/CMD/... entry).

    dive's join (image/docker/image_archive.go ToImage): walk the history in order, skip the
    entries marked `empty_layer`, give each filesystem layer the next remaining entry; a layer
    left without one is `(missing)`.
    """
    owner: list[int | None] = [None] * len(history)
    hist = 0
    for idx in range(layers):
        for nxt in range(hist, len(history)):
            if not history[nxt].get("empty_layer"):
                hist = nxt
                break
        if hist < len(history) and not history[hist].get("empty_layer"):
            owner[hist] = idx
            hist += 1
    return owner


def go_divide(a: float, b: float) -> float:
    """Go's float64 division: x/0 is +Inf, 0/0 NaN (dive's percent on a one-layer image)."""
    if b == 0:
        return math.nan if a == 0 else math.inf
    return a / b


@dataclass
class ImageAnalysis:
    """What `image analyze` found; see the module's docs for each field."""

    image: str  # the name asked for
    id: str  # the image id (sha256:...)
    tags: list[str]
    raw: Image
    changes: list[list[Change]] = field(repr=False, default_factory=list)

    @classmethod
    def build(cls, name: str, ident: str, image: Image) -> "ImageAnalysis":
        analysis = cls(name, ident, image.tags, image)
        fs = Filesystem()
        analysis.changes = [fs.apply(i, layer.entries) for i, layer in enumerate(image.layers)]
        return analysis

    # -- dive's numbers
    @cached_property
    def _efficiency(self) -> divetree.Efficiency:
        return divetree.efficiency([divetree.layer_tree(layer.entries)
                                    for layer in self.raw.layers])

    @property
    def efficiency(self) -> float:
        return self._efficiency.score

    @property
    def wasted_bytes(self) -> int:
        return self._efficiency.wasted_bytes

    @property
    def size(self) -> int:
        """dive's image size: the sum of the layers' sizes (their entries' sizes)."""
        return sum(layer.size for layer in self.raw.layers)

    @property
    def user_size(self) -> int:
        """All layers but the first (dive: "all bytes except for the base image")."""
        return sum(layer.size for layer in self.raw.layers[1:])

    @property
    def wasted_percent(self) -> float:
        """wasted bytes / user size, a fraction (dive's WastedUserPercent)."""
        return go_divide(self.wasted_bytes, self.user_size)

    # -- the history and the layers
    @cached_property
    def _history(self) -> list[dict[str, Any]]:
        return list(self.raw.config.get("history") or [])

    @cached_property
    def _owners(self) -> list[int | None]:
        return join_history(self._history, len(self.raw.layers))

    def _layer_history(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = [{"created_by": "(missing)"}] * len(self.raw.layers)
        for entry, owner in zip(self._history, self._owners):
            if owner is not None:
                found[owner] = entry
        return found

    @cached_property
    def layers(self) -> "pd.DataFrame":
        """One row per filesystem layer, bottom first (dive's layer list)."""
        import pandas as pd

        from ..display import mark

        diff_ids = (self.raw.config.get("rootfs") or {}).get("diff_ids") or []
        rows = []
        for idx, (layer, hist, changes) in enumerate(zip(self.raw.layers, self._layer_history(),
                                                         self.changes)):
            counts = {"added": 0, "modified": 0, "removed": 0}
            for change in changes:
                if change.change in counts and change.entry.kind != "marker":
                    counts[change.change] += 1
            created_by = hist.get("created_by") or ""
            rows.append({
                "index": idx,
                "id": diff_ids[idx] if idx < len(diff_ids) else None,
                "digest": self.raw.digests[idx],
                "instruction": instruction(created_by),
                "created": _time(hist.get("created")),
                "size": layer.size,
                **counts,
                "files": len(layer.entries),
                "created_by": created_by,
            })
        df = pd.DataFrame(rows, columns=["index", "id", "digest", "instruction", "created",
                                         "size", "added", "modified", "removed", "files",
                                         "created_by"])
        df["created"] = pd.to_datetime(df["created"], utc=True)
        return mark(df.set_index("index"), sizes=["size"], times=["created"])

    @cached_property
    def history(self) -> "pd.DataFrame":
        """Every history entry, oldest first, with the layer it made (<NA>: ENV, CMD, ...)."""
        import pandas as pd

        from ..display import mark

        rows = [{"layer": owner, "created": _time(h.get("created")),
                 "created_by": h.get("created_by") or "",
                 "instruction": instruction(h.get("created_by") or ""),
                 "empty_layer": bool(h.get("empty_layer")), "comment": h.get("comment") or ""}
                for h, owner in zip(self._history, self._owners)]
        df = pd.DataFrame(rows, columns=["layer", "created", "created_by", "instruction",
                                         "empty_layer", "comment"])
        df["layer"] = df["layer"].astype("Int64")
        df["created"] = pd.to_datetime(df["created"], utc=True)
        return mark(df, times=["created"])

    @cached_property
    def files(self) -> "pd.DataFrame":
        """One row per entry of every layer's tar; a removal's size is what it removes."""
        import pandas as pd

        from ..display import mark

        rows = [(c.layer, c.entry.path, c.change, c.entry.kind, c.size, c.entry.mode,
                 c.entry.uid, c.entry.gid, c.entry.link, c.entry.digest)
                for changes in self.changes for c in changes]
        df = pd.DataFrame.from_records(rows, columns=FILE_COLUMNS)
        for column in ("layer", "size", "mode", "uid", "gid"):
            df[column] = df[column].astype("int64")
        return mark(df, sizes=["size"])

    @cached_property
    def inefficiencies(self) -> "pd.DataFrame":
        """Paths in two or more layers: count, cumulative and smallest size; largest first
        (dive sorts by cumulative size and lists from the largest; ties here by path)."""
        import pandas as pd

        from ..display import mark

        rows = sorted(((p.path, p.count, p.cumulative, p.minimum)
                       for p in self._efficiency.inefficient), key=lambda r: (-r[2], r[0]))
        df = pd.DataFrame.from_records(rows, columns=["path", "count", "cumulative",
                                                      "minimum"])
        for column in ("count", "cumulative", "minimum"):
            df[column] = df[column].astype("int64")
        return mark(df, sizes=["cumulative", "minimum"])

    # -- the merged filesystem, for trees
    def filesystem(self, layer: int | None = None) -> Filesystem:
        """The filesystem as of `layer` (default: the top), whiteouts and opaques applied."""
        top = len(self.raw.layers) - 1 if layer is None else layer
        if not -len(self.raw.layers) <= top < len(self.raw.layers):
            from ..errors import DockerError

            raise DockerError(f"no layer {layer}: the image has {len(self.raw.layers)} "
                              f"(0 to {len(self.raw.layers) - 1})")
        top %= len(self.raw.layers)
        fs = Filesystem()
        for idx, raw in enumerate(self.raw.layers[: top + 1]):
            fs.apply(idx, raw.entries)
        return fs

    def merged(self, layer: int | None = None) -> "pd.DataFrame":
        """Every path of the filesystem as of `layer`: its entry and the layer that wrote it
        (parents first); `size` is the file's own size (a directory's is 0 here)."""
        import pandas as pd

        from ..display import mark

        rows = []
        for path, node in self.filesystem(layer).walk():
            e = node.entry
            rows.append((node.layer, path, e.kind if e else "dir", e.size if e else 0,
                         e.mode if e else None, e.uid if e else None, e.gid if e else None,
                         e.link if e else None, e.digest if e else None))
        df = pd.DataFrame.from_records(rows, columns=["layer", "path", "kind", "size", "mode",
                                                      "uid", "gid", "link", "digest"])
        return mark(df, sizes=["size"])

    def ci(self, lowest_efficiency: str | float | None = None,
           highest_wasted_bytes: str | int | None = None,
           highest_user_wasted_percent: str | float | None = None,
           config: str | None = None) -> Any:
        """dive's CI rules over this analysis (see analysis.ci.evaluate)."""
        from .ci import evaluate

        return evaluate(self, lowest_efficiency, highest_wasted_bytes,
                        highest_user_wasted_percent, config)

    # -- views (summary.py, tree.py)
    def tree(self, layer: int | None = None) -> "pd.DataFrame":
        """The merged filesystem as of `layer` with directory sizes; a tree widget in a notebook."""
        from .tree import tree

        return tree(self, layer)

    def _repr_html_(self) -> str:
        from .summary import html

        return html(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        from .summary import text

        p.text(text(self))

    def __repr__(self) -> str:
        return (f"<ImageAnalysis {self.image}: {len(self.raw.layers)} layers, size {self.size}, "
                f"user size {self.user_size}, efficiency {self.efficiency:.4f}, "
                f"wasted {self.wasted_bytes} bytes ({self.wasted_percent:.2%})>")


def _time(value: Any) -> str | None:
    """The config's RFC 3339 time as written (pandas parses the column, nanoseconds kept)."""
    return str(value) if value else None
