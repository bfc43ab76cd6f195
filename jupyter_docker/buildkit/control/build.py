"""`%docker build` through Control.Solve: for what `/build` has no parameter for.

Used for `--no-cache-filter` (the Dockerfile frontend's `no-cache` with stage names). The
context and the Dockerfile go through the build's session (FileSync, "context" and
"dockerfile", as the CLI sends a directory), or the engine fetches a URL context itself; a tar
archive or standard input cannot (the session serves directories), which is one line.
Secrets, SSH agents and `--output` are served on the same session.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Iterator

from ...buildcontext import REMOTE_PREFIXES, _read
from ...engine import Engine
from ...errors import DockerError, UsageError
from ..record import BuildResult
from . import attrs


def build(engine: Engine, path: str | None, cell: str | bytes | None, values: dict[str, Any],
          view: Any) -> BuildResult | None:
    """Build with Solve; the image id with its record, or None (interrupted, or `--output`
    took the result)."""
    from ..choice import MIN_API, wanted
    from ..session import BuildSession, context
    from .solve import solve

    if not wanted():
        raise UsageError("--no-cache-filter needs BuildKit (DOCKER_BUILDKIT=0 or "
                         "DockerMagics.buildkit = False select the classic builder)")
    if not engine.at_least(MIN_API):
        raise DockerError(f"--no-cache-filter needs BuildKit: this engine (API "
                          f"{engine.version}) has none")
    if isinstance(cell, bytes):
        cell = cell.decode()
    remote = path if path and path.startswith(REMOTE_PREFIXES) else None
    if remote is None and not context.local(path):
        raise UsageError("--no-cache-filter needs a directory or URL context: a tar archive "
                         "or standard input cannot go through the build's session")
    if remote and cell is not None:
        raise UsageError("a Dockerfile in the cell needs a directory context (or none), "
                         "not a URL", command="build")
    flags = [values.get(name) or () for name in ("secret", "ssh", "output")]
    attrs.no_cache_filter(values)  # every flag checked before anything reaches the engine
    with _dirs(remote, path, values.get("file"), cell) as (dirs, name, text):
        frontend = attrs.frontend(values, name, remote)
        entitlements = attrs.entitlements(values)
        key = context.shared_key(path) if dirs else ""  # the engine's copy of the last sync
        with BuildSession.from_flags(engine, *flags, dirs=dirs, shared_key=key) as session:
            output = session.output
            result = solve(engine, session, frontend, view,
                           exporter=output.type if output else "moby",
                           exporter_attrs=dict(output.attrs) if output else
                           attrs.exporter(values.get("tag")),
                           dockerfile=text, dockerfile_name=values.get("file") or name,
                           entitlements=entitlements)
    return result if isinstance(result, BuildResult) else None


@contextmanager
def _dirs(remote: str | None, path: str | None, file: str | None, cell: str | None
          ) -> Iterator[tuple[dict[str, str] | None, str, str | None]]:
    """({"context": DIR, "dockerfile": DIR} or None for a URL, the Dockerfile's name, its
    text) for the time of the build (a cell's Dockerfile lives in a temporary directory)."""
    from ..session.context import local_dirs

    if remote:
        yield None, file or "Dockerfile", None
        return
    with local_dirs(path, file, cell) as found:
        assert found is not None  # a directory or a cell: checked by the caller
        dirs, name = found
        yield dirs, name, _read(os.path.join(dirs["dockerfile"], name))
