"""Live stats and events widgets in a real JupyterLab and headless Chromium: what happens in
other cells reaches the page, Stop ends the stream and the kernel's threads are gone
afterwards. Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import pytest

from conftest import BASE_IMAGE, api_client
from lab_browser import ARTIFACTS, NOTEBOOK, kernel_threads, open_lab, open_notebook, run_cell

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_events_feed_shows_a_container_started_in_another_cell_and_stop_ends_it(
        lab, page, labels, unique) -> None:
    name = f"{unique}-events"
    open_lab(page, lab)
    open_notebook(page, lab.notebook("events.ipynb", ["%load_ext jupyter_docker"]))
    page.keyboard.press("Shift+Enter")
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
