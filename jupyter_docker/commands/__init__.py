"""The docker command table: every command's flags, help and executor, one module per resource.

Importing this package imports every module in it, which registers its commands in
`REGISTRY`. Command modules import only the standard library at load time (pandas and the SDK
are imported inside executors), so this stays cheap.
"""

from __future__ import annotations

import importlib
import pkgutil

from .spec import REGISTRY, Argument, Command, Option, command, flag, value

_HELPERS = {"spec", "common"}

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name not in _HELPERS and not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["REGISTRY", "Argument", "Command", "Option", "command", "flag", "value"]
