"""The live stats table: its pure parts (sparkline SVG, table HTML), the viewer against the
real engine in this process, and `%docker stats` in a real kernel."""

from __future__ import annotations

import re
import threading
import time

from conftest import BASE_IMAGE
from kernel import Kernel
from test_stats_stream import BUSY, IDLE, ROW, run  # noqa: F401 - `run` is a fixture
from throwaway_engine import wait_until
from jupyter_docker.streams.stats_stream import Line
from jupyter_docker.widgets.sparkline import sparkline
from jupyter_docker.widgets.stats_viewer import stats_table


def _points(svg: str) -> list[tuple[float, float]]:
    found = re.search(r'<polyline [^>]*points="([^"]*)"', svg)
    return [tuple(map(float, p.split(","))) for p in found.group(1).split()] if found else []


def test_sparkline_spans_the_width_and_scales_to_the_maximum() -> None:
    svg = sparkline([0, 50, 100], width=102, height=22, title="cpu <%>")
    assert svg.startswith('<svg class="jd-spark" xmlns="http://www.w3.org/2000/svg" '
                          'width="102" height="22" viewBox="0 0 102 22"><title>cpu &lt;%&gt;')
    assert _points(svg) == [(1.0, 21.0), (51.0, 11.0), (101.0, 1.0)]  # zero at the bottom
    assert _points(sparkline([0.01, 0.02], height=22, floor=1.0))[1][1] > 20  # idle stays low
    assert [y for _, y in _points(sparkline([7], height=22))] == [1.0, 1.0]  # one: flat
    assert "polyline" not in sparkline([]) and sparkline([]).endswith("></svg>")
    steady = sparkline([1000, 1010, 1005], height=22)  # memory that barely moves
    assert max(y for _, y in _points(steady)) - min(y for _, y in _points(steady)) < 0.3
    assert '<polygon fill="#1f77b4" fill-opacity="0.15" stroke="none" points="1,21 1.0,1.2' \
        in steady  # shaded down to zero: a steady amount reads as a full bar


def test_table_html_shows_the_cli_cells_sparklines_and_stopped_rows() -> None:
    html = stats_table([Line(ROW, "running", [1.0, 12.3], [100, 200]),
                        Line({**ROW, "name": "<db>"}, "stopped", [], [])])
    assert html.count('class="jd-stats-row') == 2 and 'data-name="web"' in html
    assert "<td>3.5MiB / 2GiB</td>" in html and "12.35%</td>" in html
    assert html.count("jd-spark-cpu") == 2 and html.count("jd-spark-mem") == 2
    assert 'jd-stats-row jd-stats-gone" data-name="&lt;db&gt;"' in html
    assert "&lt;db&gt; <i>(stopped)</i>" in html
    assert "waiting for samples" in stats_table([])


def _row(viewer, name: str) -> str:
    found = re.search(rf'<tr class="jd-stats-row[^"]*" data-name="{name}">.*?</tr>',
                      viewer.table.value)
    return found.group(0) if found else ""


def _stats_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("jd-stats")]


def test_viewer_shows_live_rows_and_stop_ends_every_thread(ip, run) -> None:  # noqa: F811
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.stats_viewer import StatsViewer

    busy, idle = run("vbusy", BUSY), run("vidle", IDLE)
    viewer = StatsViewer(connect(), [busy, idle])
    try:
        assert wait_until(lambda: _row(viewer, busy) and _row(viewer, idle), 10)
        assert wait_until(lambda: viewer.frame()["cpu_percent"].iloc[0] > 20, 10)
        assert "jd-spark-cpu" in _row(viewer, busy) and "iB / " in _row(viewer, idle)
        before, started = len(viewer.history()), time.monotonic()
        assert wait_until(lambda: len(viewer.history()) >= before + 6, 6)  # 2 a second
        per_second = (len(viewer.history()) - before) / 2 / (time.monotonic() - started)
        assert 0.6 < per_second < 1.6, per_second
        table = viewer.table.value
        assert wait_until(lambda: viewer.table.value != table, 2.5)  # repainted
        assert "2 running of 2 shown" in viewer.status.value
        assert set(_stats_threads()) >= {f"jd-stats-{busy}", f"jd-stats-{idle}"}

        from conftest import api_client

        api_client().stop(idle, timeout=0)
        assert wait_until(lambda: "(stopped)" in _row(viewer, idle), 5)
        assert "1 running of 2 shown" in viewer.status.value and viewer.following
        history = viewer.history()
        assert set(history["name"]) == {busy, idle} and history["time"].is_monotonic_increasing
        viewer.stop_button.click()
        assert viewer.join() and viewer.reason == "stopped" and viewer.sampler.ended
        assert _stats_threads() == [] and "stopped" in viewer.status.value
        assert viewer not in StatsViewer.live and viewer.stop_button.disabled
    finally:
        viewer.stop()


def test_viewer_ends_when_its_containers_have_all_stopped(ip, run) -> None:  # noqa: F811
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.stats_viewer import StatsViewer

    short = run("vshort", ["sh", "-c", "sleep 2"])
    viewer = StatsViewer(connect(), [short])
    assert viewer.join(8) and viewer.reason == "all containers stopped"
    assert "all containers stopped" in viewer.status.value and _stats_threads() == []
    assert len(viewer.history()) >= 1 and list(viewer.frame()["name"]) == [short]


def test_closing_the_viewer_ends_its_streams(ip, run) -> None:  # noqa: F811
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.stats_viewer import StatsViewer

    viewer = StatsViewer(connect(), [run("vclose", IDLE)])
    viewer.close()
    assert viewer.join(4) and viewer.reason == "the viewer was closed"
    assert _stats_threads() == []


def test_stats_in_a_real_kernel_is_a_live_viewer(labels, unique) -> None:
    """`%docker stats NAME` returns at once; samples keep coming while other cells run; a
    re-run of the cell ends the earlier viewer; Stop ends the threads (checked in the kernel);
    `--no-stream` stays a DataFrame."""
    name = f"{unique}-kbusy"
    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        k.run(f"%docker run -d {labels} --stop-signal SIGKILL --name {name} {BASE_IMAGE} "
              "sh -c 'while :; do :; done'")
        try:
            assert k.run(f"v = %docker stats {name}\ntype(v).__name__", cell_id="c1").strip() \
                == "'StatsViewer'"
            before = int(k.run("import time; time.sleep(1.5); print(len(v.history()))"))
            after = int(k.run("time.sleep(2); print(len(v.history()))"))
            assert 1 <= before < after <= before + 3  # samples came while cells ran
            k.run(f"w = %docker stats {name}", cell_id="c1")  # the same cell again
            assert k.run("print(v.join(), repr(v.reason), w.following)").strip() == \
                "True 'the cell ran again' True"
            assert k.run(f"df = %docker stats --no-stream {name}\n"
                         "print(type(df).__name__, list(w.frame().columns) == list(df.columns))"
                         ).strip() == "DataFrame True"
            assert k.run("w.stop_button.click(); print(w.join(), w.reason)").strip() == \
                "True stopped"
            assert k.run("import threading; print([t.name for t in threading.enumerate() "
                         "if t.name.startswith('jd-stats')])").strip() == "[]"
        finally:
            k.run(f"%docker rm -f {name}")


def test_text_mode_in_a_kernel_prints_tables_and_returns_the_history(labels, unique) -> None:
    """With JUPYTER_DOCKER_PROGRESS=text (nbclient runs) a kernel gets the CLI's table as
    plain lines, once a second, and the history DataFrame back."""
    import os

    name = f"{unique}-ktext"
    with Kernel(env={**os.environ, "JUPYTER_DOCKER_PROGRESS": "text"}) as k:
        k.run("%load_ext jupyter_docker")
        try:
            # 6 s: at least two of its once-a-second samples also on a loaded machine
            k.run(f"%docker run -d {labels} --name {name} {BASE_IMAGE} sh -c 'sleep 6'")
            said = k.run(f"df = %docker stats {name}\n"
                         "print(type(df).__name__, len(df), set(df.name), df.time.dtype)")
            lines = said.strip().splitlines()
            assert "\x1b" not in said and lines[0].startswith("CONTAINER ID   NAME   ")
            assert 2 <= len(lines[:-1]) // 2 <= 8 and all(name in line for line in lines[1:-1:2])
            count, rest = lines[-1].split(" ", 2)[1:]
            assert lines[-1].startswith("DataFrame ") and 2 <= int(count) <= 7
            assert rest == f"{{'{name}'}} datetime64[ns, UTC]"
        finally:
            k.run(f"%docker rm -f {name}")
