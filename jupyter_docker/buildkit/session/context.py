"""Which directories a session serves as the build context (`remote=client-session`).

`%docker build DIR`, `-f FILE` (read as the CLI reads it) or a `%%docker build` cell (its text
in a temporary directory of its own, removed after the build): the engine's frontend asks
for "context" and "dockerfile" by name and applies .dockerignore itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from typing import Iterator

from ...engine import Engine

def wanted(engine: Engine, values: dict, path: str | None) -> bool:
    """Whether `build` opens a session: for --secret/--ssh/--output, and for every BuildKit
    build whose context we can send (uploaded, or through the session where the engine
    cannot read an upload); else the build goes on without one (the classic builder)."""
    from ..choice import upload_unreadable, use_buildkit
    from . import needed

    if needed(values):
        return True
    through = local(path)
    return use_buildkit(engine, sends_context=through)[0] and (
        through or not upload_unreadable(engine))


def local(path: str | None) -> bool:
    """Whether a context can go through the session (a directory, or none: a cell's file)."""
    return path is None or os.path.isdir(path)


@contextmanager
def local_dirs(path: str | None, file: str | None, cell: str | None
               ) -> Iterator[tuple[dict[str, str], str] | None]:
    """({"context": DIR, "dockerfile": DIR}, the Dockerfile's name), or None when the context
    is not a local directory (a tar archive, a URL)."""
    if path is not None and not os.path.isdir(path):
        yield None
        return
    made = None
    try:
        if cell is not None:
            made = tempfile.mkdtemp(prefix="jupyter-docker-dockerfile-")
            with open(os.path.join(made, "Dockerfile"), "w") as fh:
                fh.write(cell)
            where, name = made, "Dockerfile"
        elif file:
            from ...buildcontext import _dockerfile_path

            found = _dockerfile_path(path or ".", file)
            where, name = os.path.dirname(found), os.path.basename(found)
        else:
            where, name = path or ".", "Dockerfile"
        yield {"context": os.path.abspath(path or where), "dockerfile": os.path.abspath(where)}, name
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)
