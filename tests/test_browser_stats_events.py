"""Live stats and events widgets in a real JupyterLab and headless Chromium: what happens in
other cells reaches the page, Stop ends the stream and the kernel's threads are gone
afterwards; the events feed keeps its newest row on screen, holds still when scrolled up and
has the columns of `.frame()`; the stats table fits a 1400 px window, its memory sparkline
says its range, and after Stop the status says what stopped. Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import itertools
import re

import pytest

from conftest import BASE_IMAGE, api_client
from follow_checks import box, first_visible, keeps_up, scroll_up, wait_seen
from lab_browser import (ARTIFACTS, KERNEL, NOTEBOOK, kernel_says, kernel_threads,
                         open_docker_notebook, run_cell)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_events_feed_shows_a_container_started_in_another_cell_and_stop_ends_it(
        lab, page, labels, unique) -> None:
    name = f"{unique}-events"
    open_docker_notebook(page, lab, "events.ipynb")
    run_cell(page, f"%docker events --filter container={name}")
    rows = page.locator(f"{NOTEBOOK} .jd-events-rows")
    rows.wait_for()
    try:
        run_cell(page, f"%docker run {labels} --name {name} {BASE_IMAGE} true")
        for action in ("create", "start", "die"):
            rows.locator(f"td:text-is('{action}')").wait_for()
        assert name in rows.inner_text()
        page.locator(f"{NOTEBOOK} .jd-events-status:has-text('events')").wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "events-live.png"))
        page.click(f"{NOTEBOOK} .jd-events-stop")
        page.locator(f"{NOTEBOOK} .jd-events-status:has-text('stopped')").wait_for()
        assert kernel_threads(page, "jd-events") == []
    finally:
        if api_client().containers(all=True, filters={"name": f"^/{name}$"}):
            api_client().remove_container(name, force=True)


def test_stats_table_updates_in_the_page_while_the_kernel_is_free_and_stop_ends_it(
        lab, page, label_dict, unique) -> None:
    name = f"{unique}-stats"
    api = api_client()
    api.create_container(BASE_IMAGE, ["sh", "-c", "while :; do :; done"], name=name,
                         labels=label_dict, stop_signal="SIGKILL")
    try:
        api.start(name)
        open_docker_notebook(page, lab, "stats.ipynb")
        run_cell(page, f"%docker stats {name}")
        row = page.locator(f"{NOTEBOOK} .jd-stats-table tr[data-name='{name}']")
        row.wait_for()
        page.wait_for_function(f"() => {KERNEL}.status === 'idle'")
        cpu = row.locator("td >> nth=2")
        spark = row.locator("svg.jd-spark-cpu polyline")
        spark.wait_for()
        first_cpu, first_points = cpu.inner_text(), spark.get_attribute("points")
        page.wait_for_function(  # new numbers reach the page with the kernel idle
            """([sel, cpu, points]) => {
                const row = document.querySelector(sel);
                const line = row && row.querySelector('svg.jd-spark-cpu polyline');
                return row && line && row.cells[2].innerText !== cpu
                       && line.getAttribute('points') !== points; }""",
            arg=[f"{NOTEBOOK} .jd-stats-table tr[data-name='{name}']", first_cpu, first_points],
            timeout=15_000)
        assert page.evaluate(f"() => {KERNEL}.status") == "idle"
        assert float(cpu.inner_text().rstrip("%")) > 5  # the busy loop (2 cores shared by many)
        assert row.locator("svg.jd-spark-mem polyline").count() == 1
        # the table fits the window (1400 px, file browser open): its last column in sight
        view = f"{NOTEBOOK} .jd-stats-view"
        page.locator(view).scroll_into_view_if_needed()
        shape = box(page, view)
        for cell in (page.locator(f"{view} th:text-is('PIDS')"), row.locator("td >> nth=-1")):
            right = cell.bounding_box()["x"] + cell.bounding_box()["width"]
            assert right <= shape["left"] + shape["clientWidth"] + 1, (right, shape)
            assert right <= shape["viewportWidth"]
        # memory: drawn from zero and its range said, so a steady amount is a steady line
        points = row.locator("svg.jd-spark-mem polyline").get_attribute("points")
        ys = [float(p.split(",")[1]) for p in points.split()]
        assert max(ys) - min(ys) < 4, points  # the busy loop's memory barely moves
        assert re.fullmatch(r"0–[\d.]+[KMG]iB", row.locator(".jd-spark-range").inner_text())
        assert row.locator(".jd-spark-range").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "stats-live.png"))
        page.click(f"{NOTEBOOK} .jd-stats-stop")
        status = page.locator(f"{NOTEBOOK} .jd-stats-status")
        status.locator("text=stopped following").wait_for()
        # says what stopped (the following) and what the numbers were, not "stopped · 1 running"
        assert re.search(r": stopped following · at the last sample \(\d\d:\d\d:\d\d\) "
                         r"1 of 1 containers shown were running$", status.inner_text())
        page.screenshot(path=str(ARTIFACTS / "stats-stopped.png"))
        assert kernel_threads(page, "jd-stats") == []
    finally:
        api.remove_container(name, force=True)


EVENTS = f"{NOTEBOOK} .jd-events-rows"


def test_events_feed_keeps_its_newest_row_in_sight_and_holds_when_scrolled_up(
        lab, page, label_dict, unique) -> None:
    api = api_client()
    mark = {**label_dict, "jd-mark": unique}

    def create_and_remove(i: int) -> str:
        """Two events (create, destroy); the destroy row's text as the table shows it."""
        name = f"{unique}-ev{i}"
        ident = api.create_container(BASE_IMAGE, "true", name=name, labels=mark)["Id"]
        api.remove_container(ident)
        return f"destroy\t{ident[:12]}\tlocal\t{name}"

    open_docker_notebook(page, lab, "events-follow.ipynb")
    run_cell(page, f"feed = %docker events --filter label=jd-mark={unique}\nfeed")
    page.locator(EVENTS).wait_for()
    page.wait_for_function(f"() => {KERNEL}.status === 'idle'")
    page.locator(EVENTS).scroll_into_view_if_needed()
    made = itertools.count()
    # 28 rows: more than the box holds; each newest row in sight within a second
    print("seconds until the newest event was seen:",
          keeps_up(page, EVENTS, lambda: create_and_remove(next(made)), 14, contains=True))
    shape = box(page, EVENTS)
    assert shape["scrollHeight"] > shape["clientHeight"] + 100 and 300 <= shape["height"] <= 330
    heads = page.locator(f"{EVENTS} th").all_inner_texts()
    assert heads == eval(kernel_says(page, "print(list(feed.frame().columns))").strip())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "events-follow.png"))

    held = scroll_up(page, EVENTS, 120)
    newest = [create_and_remove(next(made)) for _ in range(3)]
    jump = page.locator(f"{EVENTS} .jd-follow-jump")
    jump.locator("text=6 new events ↓").wait_for(timeout=5000)
    assert first_visible(page, EVENTS) == held  # the rows did not move under the reader
    page.screenshot(path=str(ARTIFACTS / "events-scrolled-up.png"))
    jump.click()
    wait_seen(page, EVENTS, newest[-1], 1000, contains=True)
    assert not jump.is_visible()
    page.locator(f"{NOTEBOOK} .jd-events-search input").fill(f"{unique}-ev3")
    matches = page.locator(f"{NOTEBOOK} .jd-events-matches")
    matches.locator("text=2 matches").wait_for()  # its create and its destroy
    wait_seen(page, EVENTS, f"destroy\t", 1000, contains=True)
    page.screenshot(path=str(ARTIFACTS / "events-search.png"))
    page.click(f"{NOTEBOOK} .jd-events-stop")
    page.locator(f"{NOTEBOOK} .jd-events-status:has-text('stopped following')").wait_for()
    assert kernel_threads(page, "jd-events") == []
