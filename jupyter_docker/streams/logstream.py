"""`docker logs` as text: the engine's log stream split into stdout and stderr, interruptible.

`print_logs` is the plain-text path (and the fallback of any richer viewer): it writes each
stream where it belongs, follows with `follow=True` until the container stops, and on an
interrupt closes the connection and returns. The other functions are pure pieces of it.
"""

from __future__ import annotations

import codecs
import struct
import sys
import time
from typing import Any, Callable, Iterable, Iterator

from ..engine import Engine
from ..errors import UsageError
from .feed import EngineGone, Feed, cut_off, gone_line, open_feed
from ..units import timestamp_params

STDOUT, STDERR = 1, 2
_HEADER = struct.Struct(">BxxxL")  # stream type, 3 zero bytes, payload length


def log_params(*, follow: bool = False, tail: str | int = "all", since: str | None = None,
               until: str | None = None, timestamps: bool = False,
               details: bool = False) -> dict[str, Any]:
    """The engine's query parameters for these `docker logs` flags; bad values raise one line."""
    tail = str(tail).strip()
    if tail != "all" and not (tail.lstrip("-").isdigit()):
        raise UsageError(f'invalid value for --tail: "{tail}": use a number of lines or "all"',
                         command="logs")
    params: dict[str, Any] = {"stdout": 1, "stderr": 1, "follow": int(follow),
                              "timestamps": int(timestamps), "details": int(details),
                              "tail": "all" if tail.startswith("-") else tail}
    return params | timestamp_params("logs", since=since, until=until)


def split_frames(chunks: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """Multiplexed log bytes (8-byte header + payload, any chunking) -> (stream, payload).

    Consecutive frames of one stream within a chunk come out as one payload (the engine sends
    a frame per line; a reader then handles a run of lines at once, not each line). Linear in
    the bytes whatever the chunking: frames are cut out of a chunk by offset, and an
    unfinished frame waits in a list until the chunks that complete it have arrived."""
    header, unpack = _HEADER.size, _HEADER.unpack_from
    pending: list[bytes] = []  # the start of an unfinished frame, then what followed it
    have = need = 0  # bytes pending; bytes the unfinished frame (or its header) needs
    for chunk in chunks:
        if pending:
            pending.append(chunk)
            have += len(chunk)
            if have < need:
                continue
            data = b"".join(pending)
            pending = []
        else:
            data = chunk
        size, at = len(data), 0
        run: list[bytes] = []  # payloads of consecutive frames of stream `kind`
        kind = 0
        while size - at >= header:
            stream, length = unpack(data, at)
            end = at + header + length
            if end > size:
                break
            if stream != kind and run:
                yield kind, run[0] if len(run) == 1 else b"".join(run)
                run = []
            kind = stream
            run.append(data[at + header:end])
            at = end
        if run:
            yield kind, run[0] if len(run) == 1 else b"".join(run)
        if at < size:
            pending, have = [data[at:]], size - at
            need = header + unpack(data, at)[1] if have >= header else header


def write_frames(frames: Iterable[tuple[int, bytes]]) -> None:
    """Write each payload to stdout or stderr as it comes (UTF-8 split across frames is kept)."""
    decoders = {STDOUT: codecs.getincrementaldecoder("utf-8")("replace"),
                STDERR: codecs.getincrementaldecoder("utf-8")("replace")}
    for kind, payload in frames:
        target = sys.stderr if kind == STDERR else sys.stdout
        target.write(decoders.get(kind, decoders[STDOUT]).decode(payload))
        target.flush()


def open_logs(engine: Engine, container: str,
              params: dict[str, Any]) -> tuple[Feed, bool, str]:
    """Start the log request; returns (feed, is_tty, the container's name). The caller closes
    the feed."""
    info = engine.api.inspect_container(container)
    feed = open_feed(engine, "/containers/{0}/logs", container, params=params,
                     follow=bool(params.get("follow")))
    return feed, bool(info["Config"].get("Tty")), info.get("Name", "").lstrip("/") or container


def frames_of(feed: Feed, tty: bool) -> Iterator[tuple[int, bytes]]:
    """(stream, payload) pairs of a log feed; a TTY's output is all stdout."""
    chunks = feed.chunks()
    return ((STDOUT, c) for c in chunks) if tty else split_frames(chunks)


SETTLE_SECONDS = 2.0


def settle(engine: Engine, container: str, timeout: float = SETTLE_SECONDS) -> None:
    """After a followed log ends: wait (briefly) until the engine also says the container has
    stopped. dockerd ends the stream when the process's output closes and records the exit a
    moment later, so a `ps` right after `logs -f` could still say "Up"."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if not engine.api.inspect_container(container)["State"].get("Running"):
                return
        except Exception:  # noqa: BLE001 - removed (--rm) or the engine left: nothing to wait for
            return
        time.sleep(0.02)


def print_logs(engine: Engine, container: str, **flags: Any) -> None:
    """Print the logs (stdout to stdout, stderr to stderr); `follow=True` streams until the
    container stops. An interrupt stops following with one line; the connection is closed."""
    feed, tty, _ = open_logs(engine, container, log_params(**flags))
    write_followed(feed, frames_of(feed, tty), container,
                   then=(lambda: settle(engine, container)) if flags.get("follow") else None)


def write_followed(feed: Feed, frames: Iterable[Any], what: str,
                   then: Callable[[], None] | None = None) -> None:
    """Write a log stream's frames as they come, then `then()`; an interrupt stops following
    with one line, a cut stream is one line (EngineGone); the feed is closed either way."""
    try:
        write_frames(frames)
        if then:
            then()
    except KeyboardInterrupt:
        print(f"docker: interrupted: stopped following the logs of {what}", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - a cut stream is one line, anything else ours
        if not cut_off(exc):
            raise
        raise EngineGone(gone_line(exc, f"stopped following the logs of {what}")) from None
    finally:
        feed.close()
