"""The sha256 of everything jupyter_docker/terminal/terminal.{js,css} is built from.

`build.sh` writes it to jupyter_docker/terminal/SOURCES.sha256; tests/test_terminal_bundle.py
recomputes it, so a source changed without rebuilding the bundle fails the suite. The digest
is labextension/sources_hash.py's, over this folder's inputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
INPUTS = ("package.json", "package-lock.json", "build.sh")
sys.path.insert(0, str(HERE.parent / "labextension"))
from sources_hash import hash_files  # noqa: E402  (labextension/sources_hash.py)

del sys.path[0]


def source_files(root: Path = HERE) -> list[Path]:
    """The bundle's inputs, in a stable order."""
    files = [root / name for name in INPUTS]
    files += (path for path in (root / "src").rglob("*") if path.is_file())
    return sorted(files)


def terminal_sources_hash(root: Path = HERE) -> str:
    return hash_files(root, source_files(root))


if __name__ == "__main__":
    sys.stdout.write(terminal_sources_hash() + "\n")
