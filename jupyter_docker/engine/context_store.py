"""Docker contexts where the CLI keeps them: `contexts/meta/<sha256(name)>/meta.json`.

A context names an engine endpoint (and, for TLS, the files under `contexts/tls/<id>/docker`).
The current one is `currentContext` in config.json, overridden by `$DOCKER_CONTEXT`. The
context "default" is never stored: it is `$DOCKER_HOST`, else the local socket.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from typing import Any

from .cli_config import docker_config_dir, read_config, write_config
from ..errors import DockerError

DEFAULT = "default"
DEFAULT_HOST = "unix:///var/run/docker.sock"
_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$")  # the CLI's rule for context names


@dataclass(frozen=True)
class Context:
    """One context: its name, description and docker endpoint."""

    name: str
    host: str
    description: str = ""
    skip_tls_verify: bool = False
    meta: dict[str, Any] | None = None  # the stored meta.json, as the CLI wrote it

    @property
    def tls_dir(self) -> str:
        return os.path.join(tls_root(self.name), "docker")


def ident(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def meta_dir(name: str) -> str:
    return os.path.join(_base(), "meta", ident(name))


def tls_root(name: str) -> str:
    return os.path.join(_base(), "tls", ident(name))


def _base() -> str:
    return os.path.join(docker_config_dir(), "contexts")


def default() -> Context:
    return Context(DEFAULT, os.environ.get("DOCKER_HOST") or DEFAULT_HOST,
                   "Current DOCKER_HOST based configuration")


def _parse(meta: dict[str, Any]) -> Context:
    endpoint = (meta.get("Endpoints") or {}).get("docker") or {}
    return Context(str(meta.get("Name", "")), endpoint.get("Host") or DEFAULT_HOST,
                   str((meta.get("Metadata") or {}).get("Description") or ""),
                   bool(endpoint.get("SkipTLSVerify")), meta)


def load(name: str) -> Context:
    """The context called `name`; one line if there is none."""
    if name == DEFAULT:
        return default()
    try:
        with open(os.path.join(meta_dir(name), "meta.json")) as fh:
            return _parse(json.load(fh))
    except (OSError, ValueError):
        raise DockerError(f'context "{name}" does not exist') from None


def every() -> list[Context]:
    """"default" first, then the stored contexts by name."""
    found = []
    meta = os.path.join(_base(), "meta")
    for entry in os.listdir(meta) if os.path.isdir(meta) else []:
        try:
            with open(os.path.join(meta, entry, "meta.json")) as fh:
                found.append(_parse(json.load(fh)))
        except (OSError, ValueError):
            continue
    return [default(), *sorted(found, key=lambda c: c.name)]


def current() -> str:
    """The context the CLI would use now: $DOCKER_CONTEXT, else config.json's, else default."""
    return os.environ.get("DOCKER_CONTEXT") or read_config().get("currentContext") or DEFAULT


def create(name: str, host: str, description: str = "", skip_tls_verify: bool = False) -> None:
    if name == DEFAULT:
        raise DockerError('"default" is a reserved context name')
    if not _NAME.match(name):
        raise DockerError(f'context name "{name}" is invalid, names are validated against '
                          'regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"')
    folder = meta_dir(name)
    if os.path.exists(folder):
        raise DockerError(f'context "{name}" already exists')
    meta = {"Name": name, "Metadata": {"Description": description} if description else {},
            "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": skip_tls_verify}}}
    os.makedirs(folder, mode=0o755)
    with open(os.path.join(folder, "meta.json"), "w") as fh:
        json.dump(meta, fh)


def remove(name: str) -> None:
    load(name)  # one line if it does not exist
    if name == DEFAULT:
        raise DockerError('context "default" cannot be removed')
    for folder in (meta_dir(name), tls_root(name)):
        shutil.rmtree(folder, ignore_errors=True)


def use(name: str) -> None:
    """Make `name` current in config.json ("default" clears it, as the CLI does)."""
    load(name)
    config = read_config()
    if name == DEFAULT:
        config.pop("currentContext", None)
    else:
        config["currentContext"] = name
    write_config(config)
