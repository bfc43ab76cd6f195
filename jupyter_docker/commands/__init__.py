"""The docker command table: every command's flags, help and executor, one module per resource.

Importing this package registers all commands in `REGISTRY`; command modules import only the
standard library at load time (pandas and the SDK are imported inside executors).
"""

from __future__ import annotations

from .spec import REGISTRY, Argument, Command, Option, command, flag, value

from . import containers, images, inspect, system  # noqa: E402,F401  (registers commands)

__all__ = ["REGISTRY", "Argument", "Command", "Option", "command", "flag", "value"]
