"""`docker events`: pure parts, the live feed against the real engine, text mode, a real kernel.

Every test filters the engine's events by its own container name, so events of other tests
(or other sessions sharing the engine) never reach its assertions.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta, timezone

import pytest

from conftest import BASE_IMAGE
from kernel import Kernel
from jupyter_docker.streams.eventstream import GoEvent, event_line, event_params, follows
from jupyter_docker.widgets.events_feed import event_row, matches

EVENT = {"status": "start", "id": "1a2b3c4d5e6f7a8b", "from": "busybox", "Type": "container",
         "Action": "start", "scope": "local", "time": 1795588200,
         "timeNano": 1795588200123456789,
         "Actor": {"ID": "1a2b3c4d5e6f7a8b", "Attributes": {"name": "web", "image": "busybox"}}}


def test_event_line_is_the_cli_line() -> None:
    assert event_line(EVENT, timezone.utc) == ("2026-11-25T06:30:00.123456789Z container start "
                                               "1a2b3c4d5e6f7a8b (image=busybox, name=web)")
    seoul = timezone(timedelta(hours=9))
    assert event_line({"Type": "network", "Action": "create", "time": 1795588200,
                       "Actor": {"ID": "n1"}}, seoul) == \
        "2026-11-25T15:30:00.000000000+09:00 network create n1"


def test_templates_see_go_field_names_and_json_keeps_the_engine_s() -> None:
    from jupyter_docker.gotemplate import render

    event = GoEvent(EVENT)
    assert render("{{.Status}} {{.ID}} {{.From}} {{.Type}} {{.Actor.Attributes.name}}",
                  event) == "start 1a2b3c4d5e6f7a8b busybox container web"
    assert render("{{json .Scope}}", event) == '"local"'
    assert '"Status"' not in render("{{json .}}", event)


def test_params_and_whether_they_follow() -> None:
    params = event_params("10m", "2026-11-25T06:30:00Z", {"type": ["container"]})
    assert params["until"] == "1795588200.000000000"
    assert params["filters"] == '{"type": ["container"]}'
    assert not follows(params, now=1795588201) and follows(params, now=1795588199)
    assert follows(event_params(None, None, None))
    from jupyter_docker.errors import UsageError

    with pytest.raises(UsageError, match="invalid value for --until"):
        event_params(None, "tomorrow", None)


def test_rows_and_the_client_side_filter() -> None:
    row = event_row(EVENT)
    assert (row["type"], row["action"], row["name"], row["image"], row["actor_id"],
            row["scope"], row["attributes"]) == \
        ("container", "start", "web", "busybox", "1a2b3c4d5e6f", "local", "")
    assert row["time"].endswith(":00.123")
    assert event_row({"Type": "image", "Action": "tag", "Actor": {"ID": "sha256:" + "f" * 64}}
                     )["actor_id"] == "f" * 12
    assert matches(row) and matches(row, "container", "WEB") and matches(row, "all", "busy")
    assert not matches(row, "image") and not matches(row, "container", "db")


def test_live_table_has_the_columns_of_frame_in_its_order() -> None:
    from jupyter_docker import frames
    from jupyter_docker.widgets.events_feed import COLUMNS, _table

    assert list(frames.events([EVENT]).columns) == list(COLUMNS)
    head = re.findall(r"<th>([^<]*)</th>", _table([(0, event_row(EVENT))]))
    assert head == list(COLUMNS)
    later = {**EVENT, "Action": "die", "timeNano": EVENT["timeNano"] + 1}
    html = _table([(0, event_row(EVENT)), (1, event_row(later))])
    assert html.index('data-seq="0"') < html.index('data-seq="1"')  # oldest first, like frame()


def _wait(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _feed_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("jd-events")]


def test_feed_shows_a_container_s_events_live_and_stop_ends_its_threads(ip, labels,
                                                                        unique) -> None:
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.events_feed import EventsFeed

    feed = EventsFeed(connect(), filter=[f"container={unique}-a"], max_events=3)
    time.sleep(0.3)  # the subscription is open once the response came; let it settle
    ip.run_line_magic("docker", f"run {labels} --name {unique}-a {BASE_IMAGE} true")
    _wait(lambda: "die" in set(feed.frame()["action"]))
    # create, attach, start, die arrived; the ring keeps the newest 3
    assert feed.received >= 4 and len(feed.frame()) == 3 and feed.dropped == feed.received - 3
    assert list(feed.frame()["action"])[-2:] == ["start", "die"]
    assert set(feed.frame()["name"]) == {f"{unique}-a"}  # the engine applied the filter
    _wait(lambda: "die" in feed.table.value and f"{unique}-a" in feed.table.value)
    assert "older dropped" in feed.status.value
    feed.type_menu.value = "image"
    assert "<td>die</td>" not in feed.table.value and "shown" in feed.status.value
    feed.type_menu.value = "all"
    feed.search.value = "die"
    assert "<td>die</td>" in feed.table.value and "<td>start</td>" not in feed.table.value
    feed.stop_button.click()
    assert feed.join() and feed.reason == "stopped" and not feed.following
    assert _feed_threads() == [] and "stopped" in feed.status.value


def test_feed_ends_itself_at_until(ip, labels, unique) -> None:
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.events_feed import EventsFeed

    feed = EventsFeed(connect(), until=f"{time.time() + 2:.3f}",
                      filter=[f"container={unique}-u", "event=start"])
    ip.run_line_magic("docker", f"run {labels} --name {unique}-u {BASE_IMAGE} true")
    assert feed.join(8) and feed.reason == "reached --until"
    assert list(feed.frame()["action"]) == ["start"]  # event=start went to the engine
    assert "reached --until" in feed.status.value and _feed_threads() == []


def test_text_mode_prints_lines_until_until_and_returns_the_frame(ip, labels, unique,
                                                                  capsys) -> None:
    def later() -> None:
        time.sleep(0.5)
        ip.run_line_magic("docker", f"run {labels} --name {unique}-x {BASE_IMAGE} true")

    runner = threading.Thread(target=later)
    runner.start()
    started = time.monotonic()
    # 6s: on a loaded machine the run's create..die took over 3s
    df = ip.run_line_magic("docker", f"events --until {time.time() + 6:.3f} "
                                     f"--filter container={unique}-x")
    runner.join()
    assert time.monotonic() - started >= 5.5  # it followed until --until
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ")[2] for line in lines] == list(df["action"])
    assert {"create", "start", "die"} <= set(df["action"])
    assert all(f"name={unique}-x" in line and " container " in line for line in lines)


def test_text_mode_format_renders_each_event(ip, labels, unique, capsys) -> None:
    ip.run_line_magic("docker", f"run {labels} --name {unique}-f {BASE_IMAGE} true")
    past = ip.run_line_magic("docker", f"events --since 1m --until 0s --filter container="
                                       f"{unique}-f --format '{{{{.Status}}}} {{{{.ID}}}}'")
    assert str(past).splitlines()[0].startswith("create ") and "\ndie " in past
    runner = threading.Thread(target=lambda: (time.sleep(0.5), ip.run_line_magic(
        "docker", f"start {unique}-f")))
    runner.start()
    now = time.time()  # with --until alone the engine replays its past events too, as the CLI
    # 6s: a loaded engine took over 1.5s for the start (engine26-containerd, load 20)
    df = ip.run_line_magic("docker", f"events --since {now:.3f} --until {now + 6:.3f} --filter "
                                     f"container={unique}-f --filter event=start "
                                     "--format '{{.Action}} {{.Actor.Attributes.name}}!'")
    runner.join()
    assert capsys.readouterr().out.splitlines() == [f"start {unique}-f!"]
    assert list(df["action"]) == ["start"]


def test_events_in_a_real_kernel_is_a_live_feed(labels, unique) -> None:
    """In a kernel `%docker events` returns a feed at once; a container started in a later
    cell shows up in it; Stop ends its thread (checked inside the kernel)."""
    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        said = k.run(f"feed = %docker events --filter container={unique}-k\ntype(feed).__name__")
        assert "EventsFeed" in said
        k.run(f"%docker run {labels} --name {unique}-k {BASE_IMAGE} true")
        said = k.run("import time\nfor _ in range(100):\n"
                     "    if 'die' in set(feed.frame()['action']): break\n    time.sleep(0.1)\n"
                     "print(sorted(set(feed.frame()['action'])), feed.following)")
        assert "'create'" in said and "'die'" in said and "'start'" in said and "True" in said
        assert k.run("feed.stop_button.click(); print(feed.join(), feed.reason)").strip() == \
            "True stopped"
        assert k.run("import threading; print([t.name for t in threading.enumerate() "
                     "if t.name.startswith('jd-events')])").strip() == "[]"


def test_text_mode_follows_until_interrupted(ip, labels, unique, capsys) -> None:
    """Without --until it follows; an interrupt (a real SIGINT to the kernel's thread) ends it
    with one line and returns the events seen."""
    import signal

    main = threading.main_thread().ident

    def later() -> None:
        time.sleep(0.5)
        ip.run_line_magic("docker", f"run {labels} --name {unique}-i {BASE_IMAGE} true")
        time.sleep(0.5)
        signal.pthread_kill(main, signal.SIGINT)

    runner = threading.Thread(target=later)
    runner.start()
    df = ip.run_line_magic("docker", f"events --filter container={unique}-i")
    runner.join()
    out = capsys.readouterr()
    assert out.err.strip() == "docker: interrupted: stopped following events"
    assert len(out.out.splitlines()) == len(df) and {"create", "start", "die"} <= set(df["action"])


def test_text_mode_in_a_kernel_streams_lines_and_returns_the_frame(labels, unique) -> None:
    """With JUPYTER_DOCKER_PROGRESS=text (nbclient runs) a kernel gets the CLI's lines too."""
    import os

    with Kernel(env={**os.environ, "JUPYTER_DOCKER_PROGRESS": "text"}) as k:
        k.run("%load_ext jupyter_docker")
        k.run(f"%docker run {labels} --name {unique}-t {BASE_IMAGE} true")
        said = k.run(f"import time\ndf = %docker events --since 1m --until {{time.time() + 5}} "
                     f"--filter container={unique}-t\nprint(type(df).__name__, list(df.action))")
        lines = said.strip().splitlines()
        assert [line.split(" ")[2] for line in lines[:-1]] == ["create", "attach", "start", "die"]
        assert lines[-1] == "DataFrame ['create', 'attach', 'start', 'die']"
