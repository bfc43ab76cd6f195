"""Live stats and events widgets in a real JupyterLab and headless Chromium: what happens in
other cells reaches the page, Stop ends the stream and the kernel's threads are gone
afterwards. Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import pytest

from conftest import BASE_IMAGE, api_client
from lab_browser import (ARTIFACTS, KERNEL, NOTEBOOK, kernel_threads, open_docker_notebook,
                         run_cell)

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
        assert float(cpu.inner_text().rstrip("%")) > 20  # the busy loop, seen in the page
        assert row.locator("svg.jd-spark-mem polyline").count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "stats-live.png"))
        page.click(f"{NOTEBOOK} .jd-stats-stop")
        page.locator(f"{NOTEBOOK} .jd-stats-status:has-text('stopped')").wait_for()
        assert kernel_threads(page, "jd-stats") == []
    finally:
        api.remove_container(name, force=True)
