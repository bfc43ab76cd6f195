"""Test helpers for `%docker` lines: expected one-line failures, interrupts mid-stream."""

from __future__ import annotations

import _thread
import os
import threading
from typing import Any, Callable

import pytest


def open_sockets() -> int:
    """Sockets this process holds open right now (from /proc/self/fd)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:  # the directory's own descriptor, already gone
            pass
    return count


def interrupted(call: Callable[[], Any], after: float = 1.0) -> tuple[Any, int, int, int]:
    """Run `call` and interrupt it like the kernel's stop button `after` seconds in.

    Returns (result, sockets open while streaming, sockets open after, threads alive before
    minus threads alive after): a stream that is closed on interrupt leaves one socket fewer.
    """
    threads_before = threading.active_count()
    during: list[int] = []
    def interrupt() -> None:
        during.append(open_sockets())
        _thread.interrupt_main()

    timer = threading.Timer(after, interrupt)
    timer.start()
    try:
        result = call()
    finally:
        timer.join()
    return result, during[0], open_sockets(), threads_before - threading.active_count()


def fails(ip: Any, cases: list[tuple[str, type, str]]) -> None:
    """Each `%docker <line>` raises `error` (one line, no traceback) matching `pattern`."""
    for line, error, pattern in cases:
        with pytest.raises(error, match=pattern):
            ip.run_line_magic("docker", line)


def interrupt_cleanly(ip: Any, line: str, capfd: Any, message: str) -> Any:
    """Interrupt `%docker <line>` mid-stream: it says `message`, returns None, closes its
    connection (one socket fewer than while streaming) and leaves no thread behind."""
    result, during, after, threads_left = interrupted(lambda: ip.run_line_magic("docker", line))
    out = capfd.readouterr()
    assert result is None and message in out.err
    assert after < during and threads_left == 0
    return out


def one_line_error(ip: Any, capsys: Any, line: str) -> str:
    """Run `%docker line` as a cell; return the single line it printed (no traceback)."""
    capsys.readouterr()
    result = ip.run_cell(f"%docker {line}")
    out = capsys.readouterr()
    text = (out.out + out.err).strip()
    assert result.error_in_exec is not None
    assert "Traceback" not in text and len(text.splitlines()) == 1, text
    return text
