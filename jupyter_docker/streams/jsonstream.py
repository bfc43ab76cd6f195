"""The engine's streamed JSON answers (pull, push, build, load, import): open, read, close.

A request is made with `stream=True`, its HTTP status checked, then its messages read one
by one. The response is always closed when reading ends, whether it finished, failed, or was
interrupted (the engine then cancels the pull, push or build).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

from ..engine import Engine
from ..errors import DockerError
from .feed import EngineGone, cut_off, gone_line


class StreamError(DockerError):
    """The engine reported a failure inside the stream (`{"error": ...}`)."""


def error_in(message: dict[str, Any]) -> str | None:
    """The failure a message reports, if any."""
    if message.get("error") or message.get("errorDetail"):
        detail = message.get("errorDetail") or {}
        return str(message.get("error") or detail.get("message") or "unknown error").strip()
    return None


@contextmanager
def post(engine: Engine, path: str, *path_args: str, **kwargs: Any) -> Iterator[Iterator[dict]]:
    """POST to the engine and yield its decoded messages; the response closes on exit."""
    api = engine.api
    response = api._post(api._url(path, *path_args), stream=True, timeout=None, **kwargs)
    try:
        api._raise_for_status(response)
        yield api._stream_helper(response, decode=True)
    finally:
        response.close()


def interrupted(what: str) -> None:
    """One line on stderr after Ctrl-C / the stop button ended a stream."""
    import sys

    print(f"docker: interrupted: {what}", file=sys.stderr)


def follow(engine: Engine, path: str, *path_args: str, bar: Any, what: str,
           handle: Callable[[dict[str, Any]], None],
           on_error: Callable[[str], DockerError] = StreamError, **kwargs: Any) -> bool:
    """POST, then show every message: layer progress on `bar`, the rest to `handle`.

    An error message in the stream is raised as `on_error(message)` (one line by default).
    Ctrl-C closes the stream (the engine cancels the work), says "interrupted: <what>" and
    returns False; True when the stream ended normally.
    """
    answered = False  # a failure before the engine answered is "Cannot connect", not "went away"
    try:
        with post(engine, path, *path_args, **kwargs) as messages:
            answered = True
            for message in messages:
                failure = error_in(message)
                if failure:
                    raise on_error(failure)
                if not bar.feed(message):
                    handle(message)
    except KeyboardInterrupt:
        bar.done("interrupted", ok=False)
        interrupted(what)
        return False
    except BaseException as exc:
        bar.done("failed", ok=False)
        if answered and isinstance(exc, Exception) and not isinstance(exc, DockerError) \
                and cut_off(exc):
            raise EngineGone(gone_line(exc, what)) from None
        raise
    return True
