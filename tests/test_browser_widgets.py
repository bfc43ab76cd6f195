"""Widgets in a real JupyterLab and headless Chromium: the run form builds its line and runs
it; the live log viewer shows lines appearing in the page while another cell runs, Stop ends
the stream, and the kernel's thread is gone afterwards; a build's progress bar moves forward
step by step. Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import BASE_IMAGE, api_client
from lab_browser import (ARTIFACTS, KERNEL, NOTEBOOK, kernel_threads, open_docker_notebook,
                         run_cell)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TICKER = ("sh -c 'trap \"exit 0\" TERM; i=0; while true; do i=$((i+1)); echo tick $i; "
          "echo warn $i >&2; sleep 0.1; done'")


def viewer_lines(page: Any) -> int:
    text = page.inner_text(f"{NOTEBOOK} .jd-log-lines")
    return len([line for line in text.splitlines() if line.startswith("tick")])


def test_log_viewer_follows_live_while_another_cell_runs_and_stop_ends_it(
        lab, page, labels, unique) -> None:  # noqa: F811
    name = f"{unique}-logs"
    api = api_client()
    api.create_container(BASE_IMAGE, ["sh", "-c", TICKER.split(" ", 2)[2].strip("'")],
                         name=name, labels={"jupyter-docker-test": "1", **dict(
                             [labels.split("--label ")[2].strip().split("=", 1)])},
                         stop_signal="SIGKILL")
    api.start(name)
    open_docker_notebook(page, lab, "logs.ipynb")
    run_cell(page, f"%docker logs -f {name}")
    page.locator(f"{NOTEBOOK} .jd-log-lines:has-text('tick')").wait_for()
    run_cell(page, "import time; time.sleep(3)")
    page.wait_for_function(f"() => {KERNEL} && {KERNEL}.status === 'busy'")
    first = viewer_lines(page)
    page.wait_for_function(  # new lines reach the page while the other cell is busy
        """([sel, n]) => [...document.querySelector(sel).innerText.split('\\n')]
                          .filter(l => l.startsWith('tick')).length > n + 5""",
        arg=[f"{NOTEBOOK} .jd-log-lines", first])
    assert page.evaluate(f"() => {KERNEL}.status") == "busy"
    assert "warn" in page.inner_text(f"{NOTEBOOK} .jd-log-lines .jd-stderr >> nth=0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "log-viewer-live.png"))

    page.wait_for_function(f"() => {KERNEL}.status === 'idle'")
    page.click(f"{NOTEBOOK} .jd-log-stop")
    page.locator(f"{NOTEBOOK} .jd-log-status:has-text('stopped')").wait_for()
    assert kernel_threads(page, "jd-logs") == []
    page.screenshot(path=str(ARTIFACTS / "log-viewer-stopped.png"))
    api.remove_container(name, force=True)


def test_run_form_in_the_page_builds_the_line_and_its_run_button_starts_a_container(
        lab, page, unique) -> None:  # noqa: F811
    name = f"{unique}-form"
    open_docker_notebook(page, lab, "form.ipynb")
    run_cell(page, f"%docker run --form {BASE_IMAGE}")
    form = page.locator(f"{NOTEBOOK} .jd-run-form")
    form.wait_for()
    form.locator("input[placeholder='(random)']").fill(name)
    form.locator("input[placeholder='(the image\\'s CMD)']").fill("sleep 30")
    form.locator(".jd-run-add-label").click()
    form.locator(".jd-run-label input").fill("jupyter-docker-test=1")
    line = f"%docker run -d --name {name} -l jupyter-docker-test=1 {BASE_IMAGE} sleep 30"
    form.locator(f".jd-run-line:has-text('{line}')").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "run-form.png"))
    form.locator(".jd-run-button").click()
    form.locator(".jd-log-lines").wait_for()  # detached: a live log viewer below the id
    info = api_client().inspect_container(name)
    try:
        assert info["State"]["Running"] and info["Config"]["Cmd"] == ["sleep", "30"]
        # ready for another run: says what ran, a free name in place of the one just taken
        form.locator(".jd-run-ran:has-text('started container')").wait_for()
        page.wait_for_function("sel => document.querySelector(sel).value.endsWith('-2')",
                               arg=f"{NOTEBOOK} .jd-run-form input[placeholder='(random)']")
        assert form.locator("input[placeholder='(random)']").input_value() == f"{name}-2"
        assert form.locator(".jd-run-button").is_enabled()
        assert form.locator(".jd-run-problems").inner_text().strip() == ""
        menus = form.locator("select")
        assert [menus.nth(i).evaluate("el => el.options[el.selectedIndex].text")
                for i in range(menus.count())] == ["(default)", "(default)"]
        page.screenshot(path=str(ARTIFACTS / "run-form-ran.png"))
    finally:
        api_client().remove_container(name, force=True)


def overall_progress(page: Any) -> float:
    """The overall build bar's fill in the page, 0..100 (its width style), -1 before it shows."""
    return page.evaluate("""sel => {
        const bar = document.querySelector(sel);
        return bar ? parseFloat(bar.style.width || '0') : -1;
    }""", f"{NOTEBOOK} .jd-progress-overall .progress-bar")


def test_build_progress_bar_moves_in_the_page_step_by_step(lab, page, labels, unique) -> None:
    steps = "".join(f"RUN sleep 1 && echo step-{i}-{unique}\n" for i in range(4))
    open_docker_notebook(page, lab, "build.ipynb")
    run_cell(page, f"%%docker build {labels} -t {unique}-progress\nFROM {BASE_IMAGE}\n{steps}")
    page.locator(f"{NOTEBOOK} .jd-progress-overall").wait_for()
    seen = []
    while not page.locator(f"{NOTEBOOK} .jd-progress-done").count():
        value = overall_progress(page)
        if not seen or value != seen[-1]:
            seen.append(value)
            if len(seen) == 3:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "build-progress-moving.png"))
        page.wait_for_timeout(100)
    assert len(seen) >= 3, seen  # several partial fills seen while the steps ran
    assert seen == sorted(seen) and 0 < seen[1] < 100, seen  # it only moves forward
    page.wait_for_function("sel => parseFloat(document.querySelector(sel).style.width) === 100",
                           arg=f"{NOTEBOOK} .jd-progress-overall .progress-bar")
    page.screenshot(path=str(ARTIFACTS / "build-progress-done.png"))
    bar_y = page.locator(f"{NOTEBOOK} .jd-progress-overall").bounding_box()["y"]
    log_y = page.locator(f"{NOTEBOOK} .jd-progress-log").bounding_box()["y"]
    assert bar_y < log_y  # the bar stays above the steps' text (collapsed under it)
    assert api_client().inspect_image(f"{unique}-progress")["Config"]["Labels"][
        "jupyter-docker-test"] == "1"
