"""Attached output: a container's stdout/stderr streamed live into the cell, interruptible."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from ..engine import Engine
from ..errors import DockerError, UsageError

STREAMS = ("stdin", "stdout", "stderr")


class ExitCode(int):
    """A container's (or exec's) exit code: an int, shown only when it is not 0."""

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(f"exit code {int(self)}" if self else "")

    def _ipython_display_(self) -> None:
        """As a cell's result: 0 shows nothing at all (not an empty output row)."""
        if self:
            from IPython.display import display

            display({"text/plain": f"exit code {int(self)}"}, raw=True)


def wanted_streams(streams: list[str] | None, command: str) -> set[str]:
    """`-a stdout -a STDERR` -> {"stdout", "stderr"}; none given means both outputs."""
    wanted = {s.lower() for s in streams or ["stdout", "stderr"]}
    if wanted - set(STREAMS):
        raise UsageError(f"invalid argument for -a: {', '.join(streams or [])}: "
                         "use STDIN, STDOUT or STDERR", command=command)
    return wanted


def open_attach(engine: Engine, cid: str, streams: list[str] | None = None,
                logs: bool = False, command: str = "run") -> Iterator[tuple[bytes | None, bytes | None]]:
    """Attach to the container's output now (before `start`, so nothing is missed)."""
    wanted = wanted_streams(streams, command)
    return engine.api.attach(cid, stdout="stdout" in wanted, stderr="stderr" in wanted,
                             stream=True, logs=logs, demux=True)


def pump(frames: Iterable[tuple[bytes | None, bytes | None]]) -> None:
    """Write demultiplexed (stdout, stderr) chunks to this process's stdout/stderr as they come."""
    for out, err in frames:
        if out:
            sys.stdout.write(out.decode(errors="replace"))
            sys.stdout.flush()
        if err:
            sys.stderr.write(err.decode(errors="replace"))
            sys.stderr.flush()


def follow(engine: Engine, cid: str, label: str, frames: Any,
           stop_on_interrupt: bool = True) -> ExitCode | None:
    """Print `frames` until the container exits and return its exit code.

    An interrupt (Ctrl-C, the notebook's stop button) stops following, and the container too
    when `stop_on_interrupt`, with one line saying so; then it returns None.
    """
    api = engine.api
    try:
        pump(frames)
    except KeyboardInterrupt:
        if stop_on_interrupt:
            api.stop(cid, timeout=3)
        print(f"docker: interrupted: stopped following {label}"
              + (" and stopped it" if stop_on_interrupt else ""), file=sys.stderr)
        return None
    finally:
        close_stream(frames)
    with gone_after(f"stopped following {label}"):
        code = ExitCode(api.wait(cid)["StatusCode"])
    if code:
        print(f"docker: container {label} exited with code {int(code)}", file=sys.stderr)
    return code


@contextmanager
def gone_after(what: str) -> Iterator[None]:
    """After a stream ended: the engine not answering means it went away mid-stream, said
    in one line (`the engine went away (ConnectionError): stopped following web`)."""
    from .feed import EngineGone, cut_off, gone_line

    try:
        yield
    except Exception as exc:  # noqa: BLE001 - a connection failure is one line, others ours
        if not cut_off(exc) or isinstance(exc, DockerError):
            raise
        raise EngineGone(gone_line(exc, what)) from None


def close_stream(stream: Any) -> None:
    """Close a hijacked stream now: shut its socket down, then release the HTTP response
    (closing the stream alone leaves the descriptor open until garbage collection)."""
    stream.close()
    response = getattr(stream, "_response", None)
    if response is not None:
        response.close()
