"""Run a parsed command against an engine: the one path shared by the magic and the Python API."""

from __future__ import annotations

from typing import Any

from .commands.spec import Command
from .engine import Engine, connect, translated
from .errors import UsageError


def execute(cmd: Command, values: dict[str, Any], *, host: str | None = None,
            context: str | None = None, default_host: str | None = None,
            engine: Engine | None = None) -> Any:
    """Call the command's executor with its values; engine failures become one-line errors."""
    try:
        if cmd.local:
            return cmd.run(None, **values)
        engine = engine or connect(host, context, default_host)
        with translated(engine):
            return cmd.run(engine, **values)
    except UsageError as exc:
        if not exc.command:
            exc.about(cmd.name)
        raise
