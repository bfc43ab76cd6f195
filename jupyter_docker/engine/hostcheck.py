"""`-H` / DOCKER_HOST / a context's host, checked as the docker CLI checks it (its lines)."""

from __future__ import annotations

import re

from ..errors import DockerError

SCHEMES = ("tcp", "unix", "ssh", "npipe", "fd", "http", "https")


def check_host(host: str) -> str:
    """Return `host` if the CLI would accept it; else raise the CLI's one-line error."""
    scheme, sep, rest = host.partition("://")
    if not sep:
        return host  # `localhost:2375`, as the CLI: tcp
    if scheme not in SCHEMES:
        raise _unresolved(f"invalid bind address format: {host}")
    if scheme not in ("tcp", "http", "https", "ssh"):
        return host
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0].rpartition("@")[2]
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            raise _unresolved(f"parse \"{host}\": missing ']' in host")
        port_part = netloc[end + 1:]
    else:
        port_part = netloc[netloc.find(":"):] if ":" in netloc else ""
    if port_part:
        digits = port_part[1:]
        if not port_part.startswith(":") or (digits and not digits.isdigit()):
            raise _unresolved(f'parse "{host}": invalid port "{port_part}" after host')
        if digits and int(digits) > 65535:
            raise DockerError(f"error during connect: dial tcp: address {digits}: invalid port")
    return host


def _unresolved(reason: str) -> DockerError:
    return DockerError(f"Failed to initialize: unable to resolve docker endpoint: {reason}")
