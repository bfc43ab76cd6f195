"""A BuildKit session for one build: secrets, SSH agents and `--output` through the engine.

    with BuildSession.open(engine, secrets=..., ssh=..., output=...) as session:
        POST /build?version=2&session=<session.id>&outputs=<session.outputs_param()>

`POST /session` turns a connection into HTTP/2 on which the engine calls us (gRPC): health
checks, `Auth/Credentials` (private base images), `Secrets/GetSecret`, `SSH/CheckAgent`+`ForwardAgent`, `FileSend/DiffCopy` (outputs),
`FileSync/DiffCopy` (the build context, `dirs=`). The session
lives for its build only: leaving the `with` block closes it (its thread ends, the socket is
closed), whatever the build did.
"""

from __future__ import annotations

import json
import secrets as _random
from typing import Iterable

from ...engine import Engine
from . import filesend, filesync, services, specs
from .hijack import upgrade
from .server import Handler, Server
from .specs import Output

__all__ = ["BuildSession", "Output", "specs", "needed"]

SESSION_NAME = "jupyter-docker"


def needed(values: dict) -> bool:
    """Whether a build's flags need a session (`--secret`, `--ssh`, a local/tar `--output`)."""
    return bool(values.get("secret") or values.get("ssh") or values.get("output"))


class BuildSession:
    """The services one build may call, served on one hijacked connection."""

    def __init__(self, engine: Engine, secrets: dict[str, bytes] | None = None,
                 ssh: dict[str, str] | None = None, output: Output | None = None,
                 dirs: dict[str, str] | None = None, dockerfile_name: str = "",
                 shared_key: str = "") -> None:
        self.engine = engine
        self.shared_key = shared_key  # the engine keeps the synced context under it
        self.id = _random.token_hex(13)  # like BuildKit's identity.NewID: 25+ random chars
        self.output = output
        self.handlers: dict[str, Handler] = {**services.health(), **services.registry_auth()}
        if secrets:
            self.handlers.update(services.secrets(secrets))
        if ssh:
            self.handlers.update(services.ssh_agents(ssh))
        if output is not None and output.type == "local":
            self.handlers.update(filesend.local_dir(output.dest))
        elif output is not None and output.type == "tar":
            self.handlers.update(filesend.tar_file(output.dest))
        self.sends_context = bool(dirs)  # then /build gets no body: the engine asks us
        self.dockerfile_name = dockerfile_name
        self.transfers: list[filesync.Transfer] = []  # one per directory the engine read
        if dirs:  # the context (and the Dockerfile's directory) for `remote=client-session`
            self.handlers.update(filesync.context_dirs(dirs, self.transfers))
        self.server: Server | None = None

    @classmethod
    def from_flags(cls, engine: Engine, secret: Iterable[str] = (), ssh: Iterable[str] = (),
                   output: Iterable[str] = (), dirs: dict[str, str] | None = None,
                   dockerfile_name: str = "", shared_key: str = "") -> "BuildSession":
        """Check every flag's value (files read, sockets found) before anything is sent."""
        outputs = [specs.output(value) for value in output or ()]
        if len(outputs) > 1:
            from ...errors import UsageError

            raise UsageError("multiple outputs are not supported by the engine's builder: "
                             "give one --output")
        return cls(engine, secrets=dict(specs.secret(v) for v in secret or ()),
                   ssh=dict(specs.ssh(v) for v in ssh or ()),
                   output=outputs[0] if outputs else None, dirs=dirs,
                   dockerfile_name=dockerfile_name, shared_key=shared_key)

    @classmethod
    def open(cls, engine: Engine, **kwargs: object) -> "BuildSession":
        session = cls(engine, **kwargs)  # type: ignore[arg-type]
        session.start()
        return session

    def headers(self) -> list[tuple[str, str]]:
        out = [("X-Docker-Expose-Session-Uuid", self.id),
               ("X-Docker-Expose-Session-Name", SESSION_NAME),
               ("X-Docker-Expose-Session-Sharedkey", self.shared_key)]
        out += [("X-Docker-Expose-Session-Grpc-Method", path) for path in self.handlers]
        return out

    def start(self) -> None:
        """`POST /session` and serve it (the engine holds it until the build asks)."""
        sock, first = upgrade(self.engine, self.headers())
        self.server = Server(sock, {p.lower(): h for p, h in self.handlers.items()}, first,
                             name=self.id)

    def params(self) -> list[tuple[str, str]]:
        """The `/build` query pairs of this session: `session`, `outputs` if any, and
        `remote=client-session` (with the Dockerfile's name in its directory) when the context
        comes through it; they replace pairs of the same name."""
        pairs = [("session", self.id)]
        if self.sends_context:
            pairs.append(("remote", "client-session"))
            if self.dockerfile_name:
                pairs.append(("dockerfile", self.dockerfile_name))
        if self.output is not None:
            pairs.append(("outputs", json.dumps([self.output.api()])))
        return pairs

    @property
    def context_error(self) -> str:
        """Why a directory could not be sent (a file we could not read), or ""."""
        return next((t.error for t in self.transfers if t.error), "")

    @property
    def errors(self) -> list[str]:
        return list(self.server.errors) if self.server else []

    def close(self) -> None:
        """End the session: the socket closed, the reader thread joined."""
        if self.server is not None:
            self.server.close()
            self.server.thread.join(5)
            for worker in self.server.workers:  # each ends once its call sees the end
                worker.join(5)

    def __enter__(self) -> "BuildSession":
        if self.server is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
