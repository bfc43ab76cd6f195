"""The sha256 of everything labextension/prebuilt/ is built from.

`build.sh` writes it to prebuilt/SOURCES.sha256; tests/test_labextension_bundle.py
recomputes it, so a source changed without rebuilding the bundle fails the suite.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
INPUTS = ("package.json", "package-lock.json", "tsconfig.json", "install.json")
INPUT_DIRS = ("src", "style")


def source_files(root: Path = HERE) -> list[Path]:
    """The bundle's inputs, in a stable order."""
    files = [root / name for name in INPUTS]
    for folder in INPUT_DIRS:
        files += (path for path in (root / folder).rglob("*") if path.is_file())
    return sorted(files)


def hash_files(root: Path, files: list[Path]) -> str:
    """The sha256 of `files`' names (relative to `root`) and contents (also terminal-widget's)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def sources_hash(root: Path = HERE) -> str:
    return hash_files(root, source_files(root))


if __name__ == "__main__":
    sys.stdout.write(sources_hash() + "\n")
