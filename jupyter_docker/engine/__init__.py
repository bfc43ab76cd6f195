"""The connection to a Docker Engine: which host, which API version, and one-line errors.

Knows nothing of IPython. Uses the SDK's low-level `APIClient`, imported on first use, one client
per address, its API version negotiated once and then pinned (no `/version` round trip per call).
"""

from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import APIError, DockerError, EngineUnreachable, NotFound, UsageError

if TYPE_CHECKING:
    from docker import APIClient

DEFAULT_HOST = "unix:///var/run/docker.sock"
CONNECT_TIMEOUT = 3.0
REQUEST_TIMEOUT = 60.0

_clients: dict[tuple[str, str], "APIClient"] = {}
_pinned: dict[str, str] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Target:
    """Where to reach an engine: an address and, for contexts, its TLS material."""

    host: str
    tls: Any = None
    context: str = ""

    def describe(self) -> str:
        return f"{self.host} (context {self.context})" if self.context else self.host


def current_context_name() -> str | None:
    """The context the docker CLI would use: $DOCKER_CONTEXT, else config.json's currentContext."""
    from .context_store import current

    try:
        return current()
    except DockerError:  # an unreadable config.json: like the CLI, fall back to the default
        return None


def resolve(host: str | None = None, context: str | None = None,
            default_host: str | None = None) -> Target:
    """Pick the engine like the CLI: -H, --context, DOCKER_HOST, current context, local socket."""
    if host and context:
        raise UsageError("conflicting options: either specify --host or --context, not both")
    if host:
        return Target(_normalize(host))
    if context:
        return _from_context(context)
    if default_host:
        return Target(_normalize(default_host))
    if os.environ.get("DOCKER_HOST"):
        return _from_env()
    name = current_context_name()
    if name and name != "default":
        return _from_context(name)
    return Target(DEFAULT_HOST)


def _normalize(host: str) -> str:
    from .hostcheck import check_host

    if host.startswith("/"):
        return "unix://" + host
    return check_host(host)


def _from_env() -> Target:
    from docker.utils import kwargs_from_env

    from .hostcheck import check_host

    check_host(os.environ.get("DOCKER_HOST", ""))
    kwargs = kwargs_from_env()
    return Target(kwargs.get("base_url") or DEFAULT_HOST, kwargs.get("tls"))


def _from_context(name: str) -> Target:
    """The engine a context names, with its TLS files when it has them."""
    from .context_store import DEFAULT, load

    if name == DEFAULT:
        return Target(DEFAULT_HOST, context=DEFAULT)
    ctx = load(name)
    tls = None
    if os.path.isdir(ctx.tls_dir):
        from docker.tls import TLSConfig

        files = {f: os.path.join(ctx.tls_dir, f"{f}.pem") for f in ("ca", "cert", "key")}
        have = {k: v for k, v in files.items() if os.path.exists(v)}
        tls = TLSConfig(client_cert=(have["cert"], have["key"]) if "cert" in have and "key" in have
                        else None, ca_cert=have.get("ca"),
                        verify=not ctx.skip_tls_verify and "ca" in have)
    return Target(ctx.host, tls, context=name)


def client(target: Target) -> "APIClient":
    """A shared APIClient for this target, its API version negotiated once."""
    key = (target.host, target.context)
    with _lock:
        api = _clients.get(key)
    if api is not None:
        return api
    from docker import APIClient
    from docker.constants import DEFAULT_DOCKER_API_VERSION

    api = APIClient(base_url=target.host, version=_pinned.get(target.host, "1.24"),
                    timeout=REQUEST_TIMEOUT, tls=target.tls or False,
                    use_ssh_client=target.host.startswith("ssh://"))  # the ssh binary, no paramiko
    if target.host not in _pinned:
        api.timeout = CONNECT_TIMEOUT
        try:
            server = api.version(api_version=False)["ApiVersion"]
        finally:
            api.timeout = REQUEST_TIMEOUT
        _pinned[target.host] = _older(server, DEFAULT_DOCKER_API_VERSION)
    api._version = _pinned[target.host]
    with _lock:
        _clients.setdefault(key, api)
    return api


def _older(a: str, b: str) -> str:
    as_tuple = lambda v: tuple(int(p) for p in v.split("."))  # noqa: E731
    return a if as_tuple(a) <= as_tuple(b) else b


def forget(target: Target) -> None:
    """Drop the cached client (after the engine went away)."""
    with _lock:
        api = _clients.pop((target.host, target.context), None)
    _pinned.pop(target.host, None)
    if api is not None:
        api.close()


@dataclass
class Engine:
    """What an executor talks to: the APIClient, connected on first use."""

    target: Target
    _api: Any = field(default=None, repr=False)

    @property
    def api(self) -> "APIClient":
        if self._api is None:
            self._api = client(self.target)
        return self._api

    @property
    def version(self) -> str:
        return self.api._version

    def at_least(self, version: str) -> bool:
        """Whether the negotiated API version is `version` or newer."""
        return _older(version, self.version) == version

    def answers(self) -> bool:
        """Whether the engine answers a ping on a new connection. (A pooled connection can
        still be answered by an engine that is shutting down and no longer accepts any.)"""
        from docker import APIClient

        try:
            fresh = APIClient(base_url=self.target.host, version=self.version,
                              timeout=CONNECT_TIMEOUT, tls=self.target.tls or False,
                              use_ssh_client=self.target.host.startswith("ssh://"))
            try:
                return bool(fresh.ping())
            finally:
                fresh.close()
        except Exception:
            return False


def connect(host: str | None = None, context: str | None = None,
            default_host: str | None = None) -> Engine:
    """An Engine for this address; nothing is sent until the executor uses it."""
    return Engine(resolve(host, context, default_host))


@contextmanager
def translated(engine: Engine) -> Iterator[None]:
    """Turn SDK and transport exceptions into one-line DockerErrors."""
    try:
        yield
    except DockerError:
        raise
    except Exception as exc:  # noqa: BLE001 - every engine failure becomes one line
        error = translate(exc, engine.target)
        if error is None:
            raise
        if isinstance(error, EngineUnreachable):
            forget(engine.target)
        raise error from exc


def translate(exc: BaseException, target: Target) -> DockerError | None:
    """The one-line error for an SDK or transport exception, or None for our own bugs."""
    import requests
    from docker import errors as sdk

    if isinstance(exc, sdk.APIError):
        message = _explanation(exc)
        kind = NotFound if exc.status_code == 404 else APIError
        return kind(f"Error response from daemon: {message}")
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                        ConnectionError, FileNotFoundError, sdk.DockerException)):
        detail = _cause(exc)
        return EngineUnreachable(
            f"Cannot connect to the Docker daemon at {target.describe()}. "
            f"Is the docker daemon running?{detail}")
    return None


def _explanation(exc: Any) -> str:
    explanation = exc.explanation
    if isinstance(explanation, bytes):
        explanation = explanation.decode(errors="replace")
    if not explanation:
        explanation = exc.response.reason if exc.response is not None else str(exc)
    text = str(explanation)
    try:
        text = json.loads(text).get("message", text)
    except (ValueError, AttributeError):
        pass
    return text.strip()


def _cause(exc: BaseException) -> str:
    text = str(exc)
    if "timed out" in text.lower() or "timeout" in type(exc).__name__.lower():
        return f" (no answer within {CONNECT_TIMEOUT:g}s)"
    return ""
