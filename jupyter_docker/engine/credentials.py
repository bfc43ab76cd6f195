"""Registry logins kept where the docker CLI keeps them, so the CLI and the notebook share them.

`$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`): `auths` entries holding
base64 `user:password`, or a credential helper (`credsStore`, `credHelpers`) that holds them.
Reading and resolving go through the SDK's `docker.auth`, fresh from disk on every call (a
cached copy would still push with credentials after `logout`). Knows nothing of IPython.
"""

from __future__ import annotations

import base64
from typing import Any

from .cli_config import config_path, read_config, write_config
from ..errors import DockerError

HUB_SERVER = "https://index.docker.io/v1/"  # the key the CLI uses for Docker Hub
_HUB_NAMES = ("docker.io", "index.docker.io", "registry-1.docker.io")


def server_key(server: str | None) -> str:
    """The config key for a registry: Docker Hub's URL, else the bare `host[:port]`."""
    if not server:
        return HUB_SERVER
    host = hostname(server)
    return HUB_SERVER if host in _HUB_NAMES else host


def hostname(server: str) -> str:
    """`https://reg.example:5000/v2/` -> `reg.example:5000`."""
    for scheme in ("http://", "https://"):
        if server.startswith(scheme):
            server = server[len(scheme):]
    return server.split("/", 1)[0]


def helper_name(config: dict[str, Any], key: str) -> str | None:
    """The credential helper for this registry (`credHelpers`, else `credsStore`), if any."""
    return (config.get("credHelpers") or {}).get(key) or config.get("credsStore") or None


def _store(name: str) -> Any:
    from docker import credentials

    try:
        return credentials.Store(name)
    except credentials.StoreError as exc:
        raise DockerError(f"credential helper: {exc}") from None


def _matching_keys(config: dict[str, Any], key: str) -> list[str]:
    return [k for k in (config.get("auths") or {}) if server_key(k) == key]


def save(server: str | None, username: str, password: str, identity_token: str = "") -> str:
    """Store a login like the CLI; returns where it went (a file path or a helper's name)."""
    key = server_key(server)
    config = read_config()
    helper = helper_name(config, key)
    if helper:
        from docker import credentials

        try:
            _store(helper).store(key, "<token>" if identity_token else username,
                                 identity_token or password)
        except credentials.StoreError as exc:
            raise DockerError(f"error saving credentials: {exc}") from None
        config.setdefault("auths", {})[key] = {}
        write_config(config)
        return f"docker-credential-{helper}"
    auths = config.setdefault("auths", {})
    for old in _matching_keys(config, key):
        auths.pop(old, None)
    entry = {"auth": base64.b64encode(
        f"{username}:{'' if identity_token else password}".encode()).decode()}
    if identity_token:
        entry["identitytoken"] = identity_token
    auths[key] = entry
    write_config(config)
    return config_path()


def remove(server: str | None) -> bool:
    """Forget the login for this registry; False if there was none."""
    key = server_key(server)
    config = read_config()
    keys = _matching_keys(config, key)
    helper = helper_name(config, key)
    found = bool(keys)
    if helper:
        from docker import credentials

        try:
            _store(helper).erase(key)
            found = True
        except credentials.StoreError:
            pass  # nothing stored there
    if keys:
        for old in keys:
            config["auths"].pop(old, None)
        write_config(config)
    return found


def stored_username(server: str | None) -> str | None:
    entry = lookup(server)
    return (entry or {}).get("username") or (entry or {}).get("Username") or None


def lookup(server: str | None) -> dict[str, Any] | None:
    """The stored login for a registry (keys as the SDK gives them), or None."""
    from docker import errors

    try:
        return _auth_config().resolve_authconfig(server_key(server) if server else None)
    except errors.DockerException as exc:
        raise DockerError(str(exc)) from None


def _auth_config() -> Any:
    """The SDK's view of *our* config.json (never its fallback to another file)."""
    from docker import auth

    config = read_config()
    return auth.load_config(config_dict=config) if config else auth.AuthConfig({})


def registry_header(registry: str | None) -> str:
    """X-Registry-Auth for a pull or push: the stored login, or an anonymous one."""
    from docker import auth

    return auth.encode_header(lookup(registry) or {})


def build_header() -> str | None:
    """X-Registry-Config for a build: every stored login (for private base images)."""
    from docker import auth, errors

    try:
        everything = _auth_config().get_all_credentials()
    except errors.DockerException as exc:
        raise DockerError(str(exc)) from None
    return auth.encode_header(everything) if everything else None
