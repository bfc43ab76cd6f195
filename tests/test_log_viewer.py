"""The live log viewer: pure parts, the viewer against the real engine, and in a real kernel."""

from __future__ import annotations

import threading
import time

import pytest

from conftest import BASE_IMAGE
from kernel import Kernel
from jupyter_docker.widgets.ansi import ansi_to_html
from jupyter_docker.widgets.line_buffer import STDERR, STDOUT, LineBuffer

TICKER = "sh -c 'trap \"exit 0\" TERM; i=0; while true; do i=$((i+1)); echo tick $i; " \
         "echo warn $i >&2; sleep 0.05; done'"


def test_ansi_colours_become_escaped_spans() -> None:
    assert ansi_to_html("\x1b[31mred\x1b[0m <b>") == \
        '<span style="color:#c23">red</span> &lt;b&gt;'
    assert ansi_to_html("\x1b[1;92mok\x1b[39m.") == \
        '<span style="font-weight:bold;color:#4c4">ok</span><span style="font-weight:bold">.</span>'
    assert ansi_to_html("\x1b[2Kplain") == "plain"


def test_line_buffer_is_bounded_and_keeps_streams_apart() -> None:
    buf = LineBuffer(max_lines=3)
    buf.feed(STDOUT, b"a\nb")
    buf.feed(STDERR, b"E\n")
    buf.feed(STDOUT, "c\nd\né".encode()[:-1])  # a UTF-8 character split across frames
    buf.feed(STDOUT, "é".encode()[-1:] + b"\n")
    assert buf.snapshot() == [(STDOUT, "bc"), (STDOUT, "d"), (STDOUT, "é")]
    assert buf.received == 5 and buf.dropped == 2  # a, E fell out of the last 3


def _wait(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_lines_are_numbered_for_the_page_and_the_window_follows_or_holds() -> None:
    from jupyter_docker.widgets.follow import FollowView
    from jupyter_docker.widgets.live import match_count
    from jupyter_docker.widgets.log_viewer import lines_html

    buffer = LineBuffer(3)
    buffer.feed(STDOUT, b"a\nb\n")
    buffer.feed(STDERR, b"<c>\nd\n")
    first, lines = buffer.numbered()
    assert (first, lines) == (1, [(STDOUT, "b"), (STDERR, "<c>"), (STDERR, "d")])  # a dropped
    numbered = list(enumerate(lines, first))
    cache: dict[int, str] = {}
    html = lines_html(numbered, cache=cache)
    assert html == lines_html(numbered) and sorted(cache) == [1, 2, 3]
    assert '<div data-seq="1">b</div>' in html
    assert '<div class="jd-stderr" data-seq="2" style="color:#c23">&lt;c&gt;</div>' in html
    assert lines_html(numbered[2:], cache=cache).count("data-seq") == 1 and list(cache) == [3]
    assert "no line matches" in lines_html([], searching=True)
    view = FollowView()
    items = [(n, n) for n in range(10)]
    assert view.window(items, 3) == [(7, 7), (8, 8), (9, 9)]  # following: the newest
    view.hold = 2  # the reader scrolled up when line 2 was the first drawn
    assert view.window(items, 3) == [(n, n) for n in range(2, 8)]  # from there, twice as many
    assert [match_count(n) for n in (0, 1, 1234)] == ["no match", "1 match", "1,234 matches"]


def test_viewer_follows_live_and_stop_ends_its_threads(api, labels, unique, ip) -> None:
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.log_viewer import LogViewer

    ip.run_line_magic("docker", f"run -d {labels} --name {unique}-t {BASE_IMAGE} {TICKER}")
    viewer = LogViewer(connect(), f"{unique}-t", max_lines=50)
    _wait(lambda: viewer.buffer.received > 20)
    first = viewer.buffer.received
    _wait(lambda: viewer.buffer.received > first + 10)  # still growing: live
    assert any(s == STDERR and t.startswith("warn") for s, t in viewer.buffer.snapshot())
    _wait(lambda: "tick" in viewer.lines_view.value and "jd-stderr" in viewer.lines_view.value)
    _wait(lambda: viewer.buffer.received > 60)
    assert len(viewer.buffer.lines) == 50 and viewer.buffer.dropped > 0
    viewer.search.value = "warn"
    assert "tick" not in viewer.lines_view.value and "warn" in viewer.lines_view.value
    viewer.stop_button.click()
    assert viewer.join() and viewer.reason == "stopped"
    assert not [t for t in threading.enumerate() if t.name.startswith(f"jd-logs-{unique}")]
    assert "stopped" in viewer.status.value


def test_viewer_ends_when_the_container_stops(api, labels, unique, ip) -> None:
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.log_viewer import LogViewer

    ip.run_line_magic("docker", f"run -d {labels} --name {unique}-s {BASE_IMAGE} {TICKER}")
    viewer = LogViewer(connect(), f"{unique}-s")
    _wait(lambda: viewer.buffer.received > 5)
    ip.run_line_magic("docker", f"stop -t 1 {unique}-s")
    assert viewer.join() and viewer.reason == "the container stopped"


def test_closing_the_widget_ends_the_stream(api, labels, unique, ip) -> None:
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.log_viewer import LogViewer

    ip.run_line_magic("docker", f"run -d {labels} --name {unique}-c {BASE_IMAGE} {TICKER}")
    viewer = LogViewer(connect(), f"{unique}-c")
    _wait(lambda: viewer.buffer.received > 5)
    viewer.close()  # its comm closes, as when the frontend or the user closes the widget
    assert viewer.join() and viewer.reason == "the viewer was closed"
    assert viewer not in LogViewer.live


def test_viewer_honours_tail_and_timestamps(api, labels, unique, ip) -> None:
    import re

    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.log_viewer import LogViewer

    ip.run_line_magic("docker", f"run {labels} --name {unique}-n {BASE_IMAGE} "
                                "sh -c 'for i in 1 2 3 4 5; do echo line $i; done'")
    cid = api.inspect_container(f"{unique}-n")["Id"]
    viewer = LogViewer(connect(), cid, tail="2", timestamps=True)
    assert viewer.join() and viewer.reason == "the container stopped"
    assert viewer.status.value.startswith(f"{unique}-n: the container stopped")  # not the id
    lines = [text for _, text in viewer.buffer.snapshot()]
    assert len(lines) == 2, lines
    assert all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line [45]$", t) for t in lines)


@pytest.fixture
def api():
    from conftest import api_client

    return api_client()


def test_logs_follow_in_a_real_kernel_is_a_live_viewer(labels, unique) -> None:
    """In a kernel, `%docker logs -f` returns at once; lines keep arriving while other cells
    run; `%config DockerMagics.log_lines` bounds the buffer; Stop ends the thread (checked
    inside the kernel)."""
    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        k.run(f"%docker run -d {labels} --name {unique}-k {BASE_IMAGE} {TICKER}")
        assert "LogViewer" in k.run(f"v = %docker logs -f {unique}-k\ntype(v).__name__")
        before = int(k.run("import time; time.sleep(1); print(v.buffer.received)"))
        after = int(k.run("time.sleep(1); print(v.buffer.received)"))
        assert 0 < before < after  # lines arrived while other cells executed
        k.run("%config DockerMagics.log_lines = 20")  # the ring size, for viewers made from now
        k.run(f"w = %docker logs -f {unique}-k\nw.join(2)")
        assert k.run("print(len(v.buffer.lines) > 20, len(w.buffer.lines), w.buffer.dropped > 0)"
                     ).strip() == "True 20 True"
        k.run("w.stop()")
        assert k.run("v.stop_button.click(); print(v.join(), v.reason)").strip() == "True stopped"
        assert k.run("import threading; print([t.name for t in threading.enumerate() "
                     "if t.name.startswith('jd-logs')])").strip() == "[]"


def test_running_the_cell_again_ends_its_viewer_but_not_other_cells(labels, unique) -> None:
    """JupyterLab sends the cell's id with each execution: a re-run replaces that cell's
    viewer (its thread ends), a viewer in another cell keeps following."""
    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        k.run(f"%docker run -d {labels} --name {unique}-r {BASE_IMAGE} {TICKER}")
        k.run(f"a = %docker logs -f {unique}-r", cell_id="cell-a")
        k.run(f"b = %docker logs -f {unique}-r", cell_id="cell-b")
        k.run(f"a2 = %docker logs -f {unique}-r", cell_id="cell-a")
        said = k.run("print(a.join(), repr(a.reason), b.following, a2.following)")
        assert said.strip() == "True 'the cell ran again' True True"
        k.run("for v in (b, a2): v.stop()")
        assert k.run("print(b.join() and a2.join())").strip() == "True"
