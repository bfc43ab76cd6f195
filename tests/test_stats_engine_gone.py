"""The live stats table when its engine goes away, against a throwaway engine this test kills.

Both ways (see tests/throwaway_engine.py): SIGKILL (the engine vanishes mid-stream, its
containers live on) and SIGTERM (dockerd stops its containers, then exits). Either way the
viewer ends within seconds, says the engine went away (not that the containers stopped), and
leaves no thread behind.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

import pytest

from throwaway_engine import engine_running, wait_until

pytestmark = pytest.mark.one_engine("the engine killed is a throwaway dockerd of its own (20.10)")

JOIN_WITHIN = 5.0  # seconds for every thread to end after dockerd is signalled
BUSY = "sh -c 'trap \"exit 0\" TERM; while :; do :; done'"  # stops at once on SIGTERM


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
@pytest.mark.parametrize("named", [True, False], ids=["named", "running"])
def test_viewer_says_the_engine_went_away(ip: Any, labels: str, sig: signal.Signals,
                                          named: bool) -> None:
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.stats_viewer import StatsViewer

    with engine_running(ip, labels, BUSY, "sgone") as (engine, name):
        viewer = StatsViewer(connect(engine.host), [name] if named else None)
        try:
            assert wait_until(lambda: len(viewer.history()) >= 2, 10), "no samples came"
            start = time.monotonic()
            engine.kill(sig)
            joined = viewer.join(JOIN_WITHIN)
            ended_in = time.monotonic() - start
            print(f"\n{sig.name}: ended in {ended_in:.2f}s: {viewer.reason!r}")
            assert joined, f"threads still alive {JOIN_WITHIN}s after {sig.name}"
            assert viewer.reason.startswith("the engine went away"), viewer.reason
            assert viewer.reason in viewer.status.value
            assert not [t.name for t in threading.enumerate() if t.name.startswith("jd-stats")]
            assert viewer not in StatsViewer.live
        finally:
            viewer.stop()


def test_text_mode_says_the_engine_went_away(ip: Any, labels: str, capsys: Any) -> None:
    with engine_running(ip, labels, BUSY, "sgone") as (engine, name):
        capsys.readouterr()
        killer = threading.Timer(2.5, engine.kill, (signal.SIGKILL,))
        killer.start()  # the engine goes away while the text path follows
        try:
            df = ip.run_line_magic("docker", f"-H {engine.host} stats {name}")
        finally:
            killer.join()
        out = capsys.readouterr()
        assert out.err.strip() == ("docker: the engine went away (ChunkedEncodingError): "
                                   "stopped following stats")
        assert name in out.out and len(df) >= 1 and set(df["name"]) == {name}
        assert not [t.name for t in threading.enumerate() if t.name.startswith("jd-stats")]
