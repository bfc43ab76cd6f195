"""Which directories a session serves as the build context (`remote=client-session`).

`%docker build DIR`, `-f FILE` (read as the CLI reads it) or a `%%docker build` cell (its text
in a temporary directory of its own, removed after the build) go through the build's session
on every BuildKit engine, as the CLI sends them: the engine's frontend asks for "context" and
"dockerfile" by name, reads .dockerignore from the context and sends us its patterns, which
our sender applies. The session's shared key is the CLI's (sha256 of "NODE:DIR", NODE the
random `$DOCKER_CONFIG/.buildNodeID`), so the engine finds its copy of the same directory
from the previous build and asks only for what changed. A tar archive, a URL or `-` is
uploaded with /build.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from typing import Iterator

from ...engine import Engine


def wanted(engine: Engine, values: dict, path: str | None) -> bool:
    """Whether `build` opens a session: for --secret/--ssh/--output, and for every BuildKit
    build (a directory or a cell goes through it; a tar or URL is uploaded, unless the
    engine cannot read an upload); else the build goes on without one (the classic
    builder)."""
    from ..choice import use_buildkit
    from . import needed

    return needed(values) or use_buildkit(engine, sends_context=local(path))[0]


def shared_key(path: str | None) -> str:
    """The session's shared key for a context directory (`None`: a cell's Dockerfile alone,
    one key for all of them), the CLI's recipe; without a config directory we can write,
    the directory's name stands in for the node id, as in the CLI."""
    directory = os.path.abspath(path) if path is not None else "jupyter-docker:cell"
    return hashlib.sha256(f"{_node_id()}:{directory}".encode()).hexdigest()


def _node_id() -> str:
    from ...engine.cli_config import docker_config_dir

    folder = docker_config_dir()
    where = os.path.join(folder, ".buildNodeID")
    try:
        with open(where) as fh:
            return fh.read()
    except OSError:
        pass
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        with open(where) as fh:
            return fh.read()
    except OSError:
        return folder


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
