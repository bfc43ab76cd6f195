"""A build with BuildKit through the Engine API: `POST /build?version=2`, the context sent by
the session (a directory, `remote=client-session`) or uploaded with the request (a tar).

The engine streams `moby.buildkit.trace` messages (base64 StatusResponse batches) and at the
end `moby.image.id`. Every build carries a `buildid`: Ctrl-C (the notebook's stop button)
closes the stream AND asks the engine to `POST /build/cancel?id=...`, so no step keeps running
once we are gone. `session` is the BuildSession the caller keeps open (the context,
secrets, SSH, local outputs); without one the engine builds from the uploaded context alone.
"""

from __future__ import annotations

import secrets
import sys
from typing import Any, Callable, Protocol

from ..engine import Engine
from ..errors import DockerError
from ..streams.jsonstream import follow
from .failure import failure
from .rawjson import as_json
from .record import BuildResult
from .status import StatusResponse
from .trace import Trace


CANCELLED = "build cancelled on the engine (POST /build/cancel)"
NOT_CANCELLED = "the engine did not answer POST /build/cancel (the stream is closed)"


class UploadUnreadable(DockerError):
    """The engine's BuildKit cannot read the context we uploaded (Engine 26 with the
    containerd image store fetches it as a real URL, `http://build-context-...`): only a
    session could send it; the caller builds with the classic builder instead."""


class View(Protocol):
    """Where the progress goes: told of every change, then how it ended."""

    def update(self, trace: Trace, response: StatusResponse) -> None: ...
    def finish(self, trace: Trace, outcome: str, note: str = "") -> None: ...


class Quiet:
    def update(self, trace: Trace, response: StatusResponse) -> None:
        trace.changed()

    def finish(self, trace: Trace, outcome: str, note: str = "") -> None:
        pass


class Plain:
    """`--progress=plain` on stdout (the cell's output), as the CLI prints it."""

    def __init__(self) -> None:
        from .plain import PlainPrinter

        self.pending: list[str] = []
        self.printer = PlainPrinter(self.pending.append)

    def _flush(self) -> None:  # one write per update: one output in a notebook, not one a line
        if self.pending:
            _write("".join(self.pending))
            self.pending.clear()

    def update(self, trace: Trace, response: StatusResponse) -> None:
        self.printer.update(trace)
        self._flush()

    def finish(self, trace: Trace, outcome: str, note: str = "") -> None:
        self.printer.finish(trace)
        self._flush()


class RawJson(Quiet):
    def update(self, trace: Trace, response: StatusResponse) -> None:
        trace.changed()
        _write(as_json(response) + "\n")


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def view_for(progress: str, quiet: bool) -> View:
    """The rendering for `--progress` (auto: the widget in a notebook, plain text elsewhere or
    with JUPYTER_DOCKER_PROGRESS=text)."""
    from ..progress import chosen_mode

    if quiet or progress == "quiet":
        return Quiet()
    if progress == "rawjson":
        return RawJson()
    if progress == "plain":
        return Plain()
    mode = chosen_mode(None)
    if mode == "quiet":
        return Quiet()
    if mode == "widget":
        from .view import BuildView

        return BuildView()
    return Plain()


class _Bar:
    """What `follow` expects of a progress display: we take every message ourselves."""

    def __init__(self, on_done: Callable[[str, bool], None]) -> None:
        self.on_done = on_done

    def feed(self, message: dict[str, Any]) -> bool:
        return False

    def done(self, summary: str = "", ok: bool = True) -> None:
        self.on_done(summary, ok)


def cancel(engine: Engine, build_id: str) -> bool:
    """Ask the engine to stop the build `build_id` (`POST /build/cancel`)."""
    api = engine.api
    try:
        response = api._post(api._url("/build/cancel"), params={"id": build_id}, timeout=10)
        return response.status_code < 300
    except Exception:  # noqa: BLE001 - the engine is gone: nothing keeps running there either
        return False


def build(engine: Engine, params: list[tuple[str, Any]], body: Any, headers: dict[str, str],
          view: View, dockerfile: str | None = None, dockerfile_name: str = "Dockerfile",
          session: Any = None) -> BuildResult | None:
    """Build; the image id with the build's record, or None when interrupted (cancelled)."""
    build_id = f"jd-{secrets.token_hex(12)}"
    query = [*params, ("version", "2"), ("buildid", build_id)]
    if session:  # a BuildSession: `session`, `outputs`, the context when it serves it
        extra = session.params()
        query = [(k, v) for k, v in query if k not in dict(extra)] + extra
        body = None if session.sends_context else body
    trace = Trace()
    found: dict[str, str] = {}
    ended = {"outcome": "running"}

    def handle(message: dict[str, Any]) -> None:
        kind = message.get("id")
        if kind == "moby.buildkit.trace" and isinstance(message.get("aux"), str):
            response = StatusResponse.from_aux(message["aux"])
            trace.feed(response)
            view.update(trace, response)
        elif kind == "moby.image.id":
            found["id"] = (message.get("aux") or {}).get("ID", "")
        # `stream` text ("Successfully tagged ..."): the trace's "naming to ..." says it

    def failed(text: str) -> DockerError:
        ended["outcome"] = "error"
        view.finish(trace, "error")
        if "build-context-" in text and "downloaded context" in text:
            return UploadUnreadable(text.strip())
        if getattr(session, "context_error", ""):  # a file of the context we could not send
            return DockerError(session.context_error)
        if text.strip().endswith("context canceled"):
            return DockerError("build cancelled on the engine (POST /build/cancel)")
        return failure(trace, text, dockerfile, dockerfile_name)

    def done(summary: str, ok: bool) -> None:
        if ended["outcome"] == "running" and summary == "interrupted":
            ended["outcome"] = "canceled"

    try:
        finished = follow(engine, "/build", bar=_Bar(done), what="build cancelled",
                          handle=handle, on_error=failed, params=query, data=body,
                          headers=headers)
    except BaseException:  # the engine went away, or our own bug: the view ends all the same
        if ended["outcome"] == "running":
            ended["outcome"] = "error"
            view.finish(trace, "error")
        raise
    if not finished:
        said = cancel(engine, build_id)
        trace.cancel_running()
        view.finish(trace, "canceled", CANCELLED if said else NOT_CANCELLED)
        return None
    view.finish(trace, "done")
    if not found.get("id") and session is not None and session.output is not None:
        return None  # --output: the files are the result, no image was made
    if not found.get("id"):
        raise DockerError("the build ended without an image id")
    return BuildResult(found["id"], trace, list(getattr(session, "transfers", [])))
