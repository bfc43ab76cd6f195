"""The docker CLI's configuration directory and its config.json, shared with the CLI.

`$DOCKER_CONFIG` (default `~/.docker`) holds `config.json` (logins, `currentContext`) and
`contexts/`. Both tools read and write the same files, so a login or a `context use` made in
one is seen by the other. Knows nothing of IPython or the engine.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from ..errors import DockerError


def docker_config_dir() -> str:
    return os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")


def config_path() -> str:
    return os.path.join(docker_config_dir(), "config.json")


def read_config() -> dict[str, Any]:
    try:
        with open(config_path()) as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise DockerError(f"cannot read {config_path()}: {exc}") from None
    return data if isinstance(data, dict) else {}


def write_config(data: dict[str, Any]) -> None:
    """Replace config.json atomically, readable by its owner only (it may hold passwords)."""
    directory = docker_config_dir()
    os.makedirs(directory, mode=0o700, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="config.json.", dir=directory)
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh, indent="\t")
            fh.write("\n")
        os.replace(tmp, config_path())
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
