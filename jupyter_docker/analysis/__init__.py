"""Image analysis: every layer's files, dive's efficiency and wasted bytes, image diffs.

    a = analyze(engine, "app:1")       # reads GET /images/app:1/get as it streams
    a.layers, a.files, a.inefficiencies, a.efficiency, a.wasted_bytes, a.wasted_percent

Modules: `entries` (a tar entry), `archive` (the streamed archive), `layout` (which blob is
what), `divetree` (dive's trees and efficiency, rule for rule), `merge` (the filesystem as
the engine assembles it), `model` (ImageAnalysis), `ci` (dive's CI rules), `diff` (two
images), `stream` (the HTTP stream, progress, interrupt).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Engine
    from .model import ImageAnalysis


def analyze(engine: "Engine", image: str, quiet: bool = False) -> "ImageAnalysis | None":
    """Analyse `image` on `engine`; None when interrupted (Ctrl-C, the stop button)."""
    from ..streams.jsonstream import interrupted
    from .layout import resolve
    from .model import ImageAnalysis
    from .stream import read_image

    try:
        ident = engine.api.inspect_image(image)["Id"]
        archive = read_image(engine, image, quiet=quiet)  # says so itself when interrupted
        if archive is None:
            return None
        return ImageAnalysis.build(image, ident, resolve(archive))
    except KeyboardInterrupt:
        interrupted(f"image analyze {image} stopped")
        return None


__all__ = ["analyze"]
