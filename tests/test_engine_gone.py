"""The live log viewer when its engine goes away, against a real engine this test kills.

Each scenario starts a throwaway dockerd (tests/throwaway_engine.py), runs a container that
prints a line every 0.1 s, follows it with `LogViewer`, then takes dockerd away: SIGKILL (the
engine vanishes mid-stream, its containers live on) or SIGTERM (dockerd stops its containers,
then exits). The tests check how the viewer ends and what it says.
"""

from __future__ import annotations

import html
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

from magic_checks import one_line_error
from throwaway_engine import ThrowawayEngine, engine_running, wait_until

pytestmark = pytest.mark.one_engine("the engine killed is a throwaway dockerd of its own (20.10)")

TICKER = "sh -c 'trap \"exit 0\" TERM; i=0; while true; do i=$((i+1)); echo tick $i; " \
         "sleep 0.1; done'"
JOIN_WITHIN = 5.0  # seconds for the reader and painter threads to end after dockerd is signalled


@dataclass
class Gone:
    """What one scenario saw: the engine, the viewer, and how long the viewer took to end."""

    engine: ThrowawayEngine
    signal: signal.Signals
    viewer: Any
    joined: bool
    ended_in: float
    name: str


@pytest.fixture(scope="module", params=[signal.SIGKILL, signal.SIGTERM],
                ids=["sigkill", "sigterm"])
def gone(request: pytest.FixtureRequest, ip: Any, labels: str) -> Iterator[Gone]:
    """A viewer following a ticking container when its engine is killed with the param."""
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.log_viewer import LogViewer

    with engine_running(ip, labels, TICKER, "gone") as (engine, name):
        viewer = LogViewer(connect(engine.host), name)
        try:
            assert wait_until(lambda: viewer.buffer.received > 5, 10), "no lines arrived"
            start = time.monotonic()
            engine.kill(request.param)
            joined = viewer.join(JOIN_WITHIN)
            ended_in = time.monotonic() - start
            assert wait_until(engine.dockerd_gone, 30), "dockerd still runs"
            print(f"\n{request.param.name}: dockerd up in {engine.timings['dockerd']:.2f}s, "
                  f"image in {engine.timings['image']:.2f}s; viewer ended in {ended_in:.2f}s: "
                  f"{viewer.reason!r}")
            yield Gone(engine, request.param, viewer, joined, ended_in, name)
        finally:
            viewer.stop()


def test_threads_end_within_seconds(gone: Gone) -> None:
    assert gone.joined, f"threads still alive {JOIN_WITHIN}s after {gone.signal.name}"
    assert not [t.name for t in threading.enumerate() if t.name.endswith(gone.name)]


def test_kernel_side_objects_are_gone(gone: Gone) -> None:
    from jupyter_docker.widgets.log_viewer import LogViewer

    assert gone.viewer not in LogViewer.live
    assert not gone.viewer.following and gone.viewer._feeds == []


def test_status_line_shows_the_reason(gone: Gone) -> None:
    reason = gone.viewer.reason
    assert reason and "\n" not in reason and len(reason) < 80, reason
    assert reason in html.unescape(gone.viewer.status.value)
    assert gone.viewer.stop_button.disabled and gone.viewer.pause_button.disabled


# dockerd on SIGTERM closes its API socket first, then stops its containers, then exits: the
# stream ends cleanly, and a pooled keep-alive connection would still be answered ("exited").
# The viewer asks on a new connection, so it says the engine went away, not the container.
def test_reason_says_the_engine_went_away(gone: Gone) -> None:
    assert gone.viewer.reason.startswith("the engine went away"), gone.viewer.reason


def test_docker_ps_on_the_dead_engine_is_one_line(gone: Gone, ip: Any, capsys: Any) -> None:
    text = one_line_error(ip, capsys, f"-H {gone.engine.host} ps")
    assert text == (f"docker: Cannot connect to the Docker daemon at {gone.engine.host}. "
                    "Is the docker daemon running?")
