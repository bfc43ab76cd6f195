"""The small services of a session: health, secrets, SSH agent forwarding.

Each is a dict of method path -> handler (a function of a `Call`), served by `Server`.
Message layouts (field numbers) are BuildKit's: grpc.health.v1 `HealthCheckResponse{status=1}`,
moby.buildkit.secrets.v1 `GetSecretRequest{ID=1, annotations=2}` / `GetSecretResponse{data=1}`,
moby.sshforward.v1 `CheckAgentRequest{ID=1}`, `BytesMessage{data=1}`, moby.filesync.v1
`CredentialsRequest{Host=1}` / `CredentialsResponse{Username=1, Secret=2}`.
"""

from __future__ import annotations

import socket
import threading

from .. import protowire as pw
from . import grpcwire as gw
from .server import Call, Handler

HEALTH = "/grpc.health.v1.Health/Check"
GET_SECRET = "/moby.buildkit.secrets.v1.Secrets/GetSecret"
CHECK_AGENT = "/moby.sshforward.v1.SSH/CheckAgent"
FORWARD_AGENT = "/moby.sshforward.v1.SSH/ForwardAgent"
CREDENTIALS = "/moby.filesync.v1.Auth/Credentials"
SSH_ID_KEY = "buildkit.ssh.id"
SERVING = 1


def health() -> dict[str, Handler]:
    def check(call: Call) -> None:
        call.recv()
        call.send(pw.field(1, SERVING))
    return {HEALTH: check}


def registry_auth() -> dict[str, Handler]:
    """The engine's BuildKit asks for a registry's login (a private `FROM` image) here, as it
    asks the CLI: the login `%docker login` stored (config.json or its helper), read now."""
    def credentials(call: Call) -> None:
        from ...engine.credentials import lookup

        host = pw.string(pw.decode(call.recv() or b""), 1)
        entry = {k.lower(): v for k, v in (lookup(host) or {}).items()}
        if entry.get("identitytoken"):
            call.send(pw.encode([(2, entry["identitytoken"])]))
            return
        call.send(pw.encode([(n, v) for n, v in ((1, entry.get("username")),
                                                 (2, entry.get("password"))) if v]))
    return {CREDENTIALS: credentials}


def secrets(values: dict[str, bytes]) -> dict[str, Handler]:
    """GetSecret from `values` (id -> bytes, read before the build). An unknown id is
    NotFound, which BuildKit reports as `secret ID not found` (or skips, when optional)."""
    def get(call: Call) -> None:
        request = pw.decode(call.recv() or b"")
        secret_id = pw.string(request, 1)
        if secret_id not in values:
            raise gw.RpcError(gw.NOT_FOUND, f"secret {secret_id} not found")
        data = values[secret_id]  # proto3 leaves an empty field out, as Go's client does:
        call.send(pw.field(1, data) if data else b"")  # engine 20 mounts nothing then
    return {GET_SECRET: get}


def ssh_agents(sockets: dict[str, str]) -> dict[str, Handler]:
    """Forward `RUN --mount=type=ssh` to local agents (id -> agent socket path)."""
    def check(call: Call) -> None:
        agent_id = pw.string(pw.decode(call.recv() or b""), 1) or "default"
        if agent_id not in sockets:
            raise gw.RpcError(gw.NOT_FOUND, f"unset ssh forward key {agent_id}")
        call.send(b"")

    def forward(call: Call) -> None:
        agent_id = call.meta(SSH_ID_KEY) or "default"
        path = sockets.get(agent_id)
        if path is None:
            raise gw.RpcError(gw.NOT_FOUND, f"unset ssh forward key {agent_id}")
        agent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            agent.connect(path)
        except OSError as exc:
            agent.close()
            raise gw.RpcError(gw.UNAVAILABLE, f"ssh agent {path}: {exc}") from None
        replies = threading.Thread(target=_agent_replies, args=(agent, call), daemon=True,
                                   name=f"jupyter-docker-session-ssh-{call.stream_id}")
        replies.start()
        try:
            while (message := call.recv()) is not None:
                data = pw.decode(message).get(1, [b""])[-1]
                if data:
                    agent.sendall(data)  # type: ignore[arg-type]
            agent.shutdown(socket.SHUT_WR)
            replies.join(10)
        finally:
            agent.close()
    return {CHECK_AGENT: check, FORWARD_AGENT: forward}


def _agent_replies(agent: socket.socket, call: Call) -> None:
    """What the agent answers goes back to the engine, until the agent closes."""
    try:
        while data := agent.recv(65536):
            call.send(pw.field(1, data))
    except (OSError, gw.RpcError):
        pass
