"""A build through BuildKit's Control API: `Solve` and its `Status`, over the engine's `/grpc`.

What buildx's docker driver does: one `/grpc` connection, `Control/Solve` (the Dockerfile
frontend, its attributes, the engine's image exporter) and `Control/Status` (the same
StatusResponse batches `/build` wraps in `moby.buildkit.trace`) with the same ref; the
context, the Dockerfile, secrets and logins come from the build's session (`/session`, served
by us). The Solve's answer names the image (`containerimage.digest`). Ctrl-C (the notebook's
stop button) cancels the Solve's stream: the engine cancels the build's context.
"""

from __future__ import annotations

import queue
import secrets
import time
from typing import Any

from ...engine import Engine
from ...errors import DockerError
from ...streams.jsonstream import interrupted
from ..failure import failure
from ..record import BuildResult
from ..session import grpcwire as gw
from ..status import StatusResponse
from ..trace import Trace
from . import request
from .channel import Channel

EXPORTER = "moby"  # moby's builder-next: the engine's image store (`name`: the tags)
IMAGE_ID = "containerimage.digest"
STATUS_GRACE = 2.0  # seconds the Status stream may trail a finished Solve
PREFIXES = ("failed to solve with frontend dockerfile.v0: ", "failed to build LLB: ",
            "failed to solve: ")


def solve(engine: Engine, session: Any, frontend_attrs: dict[str, str], view: Any,
          exporter: str = EXPORTER, exporter_attrs: dict[str, str] | None = None,
          dockerfile: str | None = None, dockerfile_name: str = "Dockerfile",
          entitlements: tuple[str, ...] = ()) -> BuildResult | dict[str, str] | None:
    """Build; the image id with the build's record (the `moby` exporter), the exporter's
    response (another exporter), or None when interrupted (the Solve cancelled)."""
    ref = secrets.token_hex(13)
    trace = Trace()
    channel: Channel | None = None
    solve_id = 0
    try:
        channel = Channel.open(engine)
        solve_id = channel.call(request.SOLVE, request.solve(
            ref, session.id, frontend_attrs, exporter, exporter_attrs,
            entitlements=entitlements))
        status_id = channel.call(request.STATUS, request.status(ref))
        answer, ended = _follow(channel, solve_id, status_id, trace, view)
    except gw.RpcError as exc:  # the engine hung up before our calls went out
        view.finish(trace, "error")
        raise DockerError(exc.message) from None
    except KeyboardInterrupt:
        said = ""
        if channel is not None and solve_id:
            channel.cancel(solve_id)
            said = "build cancelled on the engine (its Solve call reset on /grpc)"
        trace.cancel_running()
        view.finish(trace, "canceled", said)
        interrupted("build cancelled")
        return None
    except BaseException:
        view.finish(trace, "error")
        raise
    finally:
        if channel is not None:
            channel.close()
    code, text = ended
    if code != gw.OK:
        view.finish(trace, "error")
        if getattr(session, "context_error", ""):  # a file of the context we could not send
            raise DockerError(session.context_error)
        raise failure(trace, _engine_says(text), dockerfile, dockerfile_name)
    view.finish(trace, "done")
    response = request.exporter_response(answer)
    if exporter != EXPORTER:
        return response
    if not response.get(IMAGE_ID):
        raise DockerError("the build ended without an image id")
    return BuildResult(response[IMAGE_ID], trace, list(getattr(session, "transfers", [])))


def _follow(channel: Channel, solve_id: int, status_id: int, trace: Trace, view: Any
            ) -> tuple[bytes, tuple[int, str]]:
    """Feed Status batches to the trace and view until the Solve has answered and its
    Status ended (or trailed it by STATUS_GRACE); the Solve's message and status."""
    answer = b""
    ended: tuple[int, str] | None = None
    status_open = True
    deadline = 0.0
    while ended is None or status_open:
        timeout = None if ended is None else deadline - time.monotonic()
        if timeout is not None and timeout <= 0:
            break
        try:
            event = channel.events.get(timeout=timeout)
        except queue.Empty:
            break
        if event.kind == "closed":
            if ended is None:
                raise DockerError(str(event.value))
            break
        if event.stream == status_id:
            if event.kind == "message":
                response = StatusResponse.parse(event.value)  # type: ignore[arg-type]
                trace.feed(response)
                view.update(trace, response)
            else:
                status_open = False
        elif event.stream == solve_id:
            if event.kind == "message":
                answer = event.value  # type: ignore[assignment]
            else:
                ended = event.value  # type: ignore[assignment]
                deadline = time.monotonic() + STATUS_GRACE
    return answer, ended or (gw.UNKNOWN, "the build ended without an answer")


def _engine_says(text: str) -> str:
    """The engine's message without the layers' prefixes (what `/build` would have said)."""
    for prefix in PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text
