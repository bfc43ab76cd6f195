"""Widgets in a real JupyterLab and headless Chromium: the run form builds its line and runs
it; the live log viewer shows lines appearing in the page while another cell runs, Stop ends
the stream, and the kernel's thread is gone afterwards; a build's progress bar moves forward
step by step; the log viewer keeps the newest line on screen, holds still when scrolled up
(its "N new lines ↓" button follows again), is short for a short log and counts search
matches. Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import BASE_IMAGE, api_client
from follow_checks import box, first_visible, keeps_up, scroll_up, seen, wait_seen
from lab_browser import (ARTIFACTS, KERNEL, NOTEBOOK, kernel_says, kernel_threads,
                         open_docker_notebook, run_cell)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TICKER = ("sh -c 'trap \"exit 0\" TERM; i=0; while true; do i=$((i+1)); echo tick $i; "
          "echo warn $i >&2; sleep 0.1; done'")


LOGS = f"{NOTEBOOK} .jd-log-lines"


def newest_tick(page: Any) -> int:
    """The highest `tick N` in the viewer's page (its count would stop at the lines drawn)."""
    text = page.inner_text(LOGS)
    return max([int(line.split()[1]) for line in text.splitlines() if line.startswith("tick ")],
               default=0)


def last_printed(api: Any, name: str) -> str:
    """The last line the container has printed so far (stdout or stderr), from the engine."""
    return api.logs(name, tail=1).decode().strip()


def ticker(api: Any, name: str, labels: str) -> None:
    api.create_container(BASE_IMAGE, ["sh", "-c", TICKER.split(" ", 2)[2].strip("'")],
                         name=name, labels={"jupyter-docker-test": "1", **dict(
                             [labels.split("--label ")[2].strip().split("=", 1)])},
                         stop_signal="SIGKILL")
    api.start(name)


def test_log_viewer_follows_live_while_another_cell_runs_and_stop_ends_it(
        lab, page, labels, unique) -> None:  # noqa: F811
    name = f"{unique}-logs"
    api = api_client()
    ticker(api, name, labels)
    try:
        open_docker_notebook(page, lab, "logs.ipynb")
        run_cell(page, f"%docker logs -f {name}")
        page.locator(f"{LOGS}:has-text('tick')").wait_for()
        run_cell(page, "import time; time.sleep(8)")
        page.wait_for_function(f"() => {KERNEL} && {KERNEL}.status === 'busy'")
        first = newest_tick(page)
        page.wait_for_function(  # new lines reach the page while the other cell is busy
            """([sel, n]) => Math.max(...document.querySelector(sel).innerText.split('\\n')
                              .filter(l => l.startsWith('tick ')).map(l => +l.slice(5))) > n + 5""",
            arg=[LOGS, first])
        assert page.evaluate(f"() => {KERNEL}.status") == "busy"
        assert "warn" in page.inner_text(f"{LOGS} .jd-stderr >> nth=0")
        assert page.evaluate(  # stderr in red (one call: repaints replace the lines)
            "sel => getComputedStyle(document.querySelector(sel)).color",
            f"{LOGS} .jd-stderr") == "rgb(204, 34, 51)"
        page.wait_for_function(f"() => {KERNEL}.status === 'idle'")
        page.locator(LOGS).scroll_into_view_if_needed()
        page.wait_for_function(  # enough lines to fill the box: it has grown to its maximum
            "sel => { const b = document.querySelector(sel + ' .jd-follow-box');"
            " return b.scrollHeight > b.clientHeight + 200; }", arg=LOGS)

        # the newest line is on screen within a second, again and again while lines arrive
        print("seconds until the newest line was seen:",
              keeps_up(page, LOGS, lambda: last_printed(api, name)))
        shape = box(page, LOGS)
        assert 300 <= shape["height"] <= 330 and shape["bottom"] <= shape["viewportHeight"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "log-viewer-follows.png"))

        # scrolled up, the view holds still while lines keep coming, and says how many
        held = scroll_up(page, LOGS, 150)
        jump = page.locator(f"{LOGS} .jd-follow-jump")
        jump.wait_for(state="visible", timeout=2000)
        page.wait_for_timeout(2000)  # ~40 more lines arrive meanwhile
        assert first_visible(page, LOGS)["text"] == held["text"]
        assert abs(first_visible(page, LOGS)["offset"] - held["offset"]) <= 2
        assert not seen(page, LOGS, last_printed(api, name))
        count = int(re.fullmatch(r"(\d+) new lines ↓", jump.inner_text()).group(1))
        assert count >= 20, jump.inner_text()
        jump_box, view_box = jump.bounding_box(), box(page, LOGS)
        assert view_box["top"] < jump_box["y"] < view_box["bottom"]  # on the box, in sight
        page.screenshot(path=str(ARTIFACTS / "log-viewer-scrolled-up.png"))

        # the button jumps back and the view follows again
        jump.click()
        print("after the jump, seconds until the newest line was seen:",
              keeps_up(page, LOGS, lambda: last_printed(api, name), 4))
        assert not jump.is_visible()
        page.screenshot(path=str(ARTIFACTS / "log-viewer-followed-again.png"))

        page.click(f"{NOTEBOOK} .jd-log-stop")
        page.locator(f"{NOTEBOOK} .jd-log-status:has-text('stopped following')").wait_for()
        assert kernel_threads(page, "jd-logs") == []
        page.screenshot(path=str(ARTIFACTS / "log-viewer-stopped.png"))
    finally:
        api.remove_container(name, force=True)


def test_a_short_log_sits_in_a_short_box_and_search_counts_its_matches(
        lab, page, labels, unique) -> None:  # noqa: F811
    name = f"{unique}-short"
    api = api_client()
    api.create_container(BASE_IMAGE, ["sh", "-c", "echo one; echo two; echo three two; sleep 60"],
                         name=name, labels={"jupyter-docker-test": "1", **dict(
                             [labels.split("--label ")[2].strip().split("=", 1)])},
                         stop_signal="SIGKILL")
    api.start(name)
    try:
        open_docker_notebook(page, lab, "short.ipynb")
        run_cell(page, f"%docker logs -f {name}")
        page.locator(f"{LOGS}:has-text('three two')").wait_for()
        for line in ("one", "two", "three two"):
            wait_seen(page, LOGS, line, 2000)
        shape = box(page, LOGS)
        assert shape["height"] < 90, shape  # three lines: a short box, not 320 px of blank
        assert shape["scrollHeight"] <= shape["clientHeight"] + 1  # nothing to scroll
        assert not page.locator(f"{LOGS} .jd-follow-jump").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "log-viewer-short.png"))

        search = page.locator(f"{NOTEBOOK} .jd-log-search input")
        matches = page.locator(f"{NOTEBOOK} .jd-log-matches")
        search.fill("two")
        matches.locator("text=2 matches").wait_for()
        wait_seen(page, LOGS, "three two", 2000)
        assert not page.locator(f"{LOGS} [data-seq]:text-is('one')").count()
        search.fill("three")
        matches.locator("text=1 match").wait_for()
        page.screenshot(path=str(ARTIFACTS / "log-viewer-search.png"))
        search.fill("nothing-like-this")
        matches.locator("text=no match").wait_for()
        assert matches.is_visible()
        page.screenshot(path=str(ARTIFACTS / "log-viewer-no-match.png"))
        search.fill("")
        page.wait_for_function("sel => document.querySelector(sel).innerText.trim() === ''",
                               arg=f"{NOTEBOOK} .jd-log-matches")
        wait_seen(page, LOGS, "one", 2000)
    finally:
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
    kernel_says(page, "%config DockerMagics.buildkit = False")  # the classic builder's bar
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


def test_buildkit_view_shows_steps_side_by_side_and_finishes(lab, page, labels, unique) -> None:
    """The BuildKit view (engine 20): a row per step; two parallel stages run at one time
    (both rows running, their bars overlapping on the time axis), their logs open while they
    run and fold when done; then DONE with durations, FINISHED, and the image exists."""
    body = (f"FROM {BASE_IMAGE} AS left\nRUN for i in 1 2 3; do echo left-$i; sleep 1; done\n"
            f"FROM {BASE_IMAGE} AS right\nRUN for i in 1 2 3; do echo right-$i; sleep 1; done\n"
            f"FROM {BASE_IMAGE}\nCOPY --from=left /bin/true /l\nCOPY --from=right /bin/true /r\n")
    open_docker_notebook(page, lab, "buildkit.ipynb")
    run_cell(page, f"%%docker build {labels} --no-cache -t {unique}-bkview\n{body}")
    view = f"{NOTEBOOK} .jd-build"
    running = f"{view} .jd-build-step.jd-state-running"
    page.wait_for_function("sel => document.querySelectorAll(sel).length >= 2", arg=running)
    page.wait_for_function("sel => [...document.querySelectorAll(sel)].every(r => "
                           "r.querySelector('pre').textContent.includes('-1'))", arg=running)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "buildkit-view-running.png"))
    rows = page.locator(running)
    names = [rows.nth(i).locator(".jd-build-name").inner_text() for i in range(rows.count())]
    assert any("[left 2/2] RUN" in n for n in names) and any("[right 2/2] RUN" in n
                                                            for n in names), names
    for i in range(2):  # the running steps' logs are open and visible, their timers count
        assert rows.nth(i).locator("details").evaluate("d => d.open")
        assert rows.nth(i).locator("pre").is_visible()
        assert re.fullmatch(r"\d+\.\ds", rows.nth(i).locator(".jd-build-state").inner_text())
    page.wait_for_function("sel => document.querySelector(sel)?.dataset.outcome === 'done'",
                           arg=view, timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "buildkit-view-done.png"))
    head = page.locator(f"{view} .jd-build-head").inner_text()
    assert re.match(r"\[\+\] Building \d+\.\ds \((\d+)/\1\) FINISHED", head), head
    bars = page.evaluate("""sel => [...document.querySelectorAll(sel)].map(r => {
        const bar = r.querySelector('.jd-build-bar').getBoundingClientRect();
        return {name: r.querySelector('.jd-build-name').textContent,
                state: r.querySelector('.jd-build-state').textContent,
                open: r.querySelector('details').open, left: bar.left, right: bar.right,
                top: r.getBoundingClientRect().top};
    })""", f"{view} .jd-build-step")
    runs = [b for b in bars if "RUN for i" in b["name"]]
    assert len(runs) == 2 and all(re.fullmatch(r"DONE \d+\.\ds", b["state"]) for b in runs)
    assert all(not b["open"] for b in runs)  # folded once done
    a, b = runs
    assert a["left"] < b["right"] and b["left"] < a["right"]  # they overlap in time
    assert all(abs((x["right"] - x["left"]) - (a["right"] - a["left"])) < 40 for x in runs)
    viewport = page.viewport_size
    box = page.locator(view).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    done_rows = page.locator(f"{view} .jd-build-step.jd-state-done")
    left = [i for i in range(done_rows.count())
            if "[left 2/2]" in done_rows.nth(i).locator(".jd-build-name").inner_text()][0]
    done_rows.nth(left).locator("summary").click()  # the reader opens a finished step's log
    assert done_rows.nth(left).locator("pre").inner_text().splitlines()[-1].endswith("left-3")
    page.screenshot(path=str(ARTIFACTS / "buildkit-view-log-opened.png"))
    assert api_client().inspect_image(f"{unique}-bkview")["Config"]["Labels"][
        "jupyter-docker-test"] == "1"


def _step_processes(marker: str) -> list[str]:
    """Processes on this machine whose command line holds `marker` (the engines are local)."""
    import os

    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in open(f"/proc/{pid}/cmdline", "rb").read():
                found.append(pid)
        except OSError:
            pass
    return found


@pytest.mark.parametrize("how", ["button", "kernel-interrupt"])
def test_buildkit_view_stop_cancels_the_build_on_the_engine(lab, page, labels, unique,
                                                            how) -> None:
    """The view's own Stop button (or the notebook's interrupt) during a long RUN: the view
    says CANCELED and that the engine cancelled the build, the step is CANCELED, the cell
    says so in one line, and the step's process is gone."""
    open_docker_notebook(page, lab, f"buildkit-stop-{how}.ipynb")
    run_cell(page, f"%%docker build {labels} -t {unique}-bkstop\nFROM {BASE_IMAGE}\n"
                   f"RUN echo started-{unique} && sleep 60 && echo never\n")  # sh stays
    view = f"{NOTEBOOK} .jd-build"
    page.wait_for_function("([sel, text]) => [...document.querySelectorAll(sel)]"
                           ".some(pre => pre.textContent.includes(text))",
                           arg=[f"{view} .jd-build-log pre", f"started-{unique}"])
    assert _step_processes(f"started-{unique}")  # the RUN is running on the engine
    stop = page.locator(f"{view} .jd-build-stop")
    if how == "button":
        assert stop.is_visible() and stop.inner_text() == "■ Stop"
        assert not page.locator(f"{view} .jd-build-hint").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "buildkit-view-stop-button.png"))
        stop.click()
    else:
        page.evaluate(f"() => {KERNEL}.interrupt()")
    page.wait_for_function("sel => document.querySelector(sel)?.dataset.outcome === 'canceled'",
                           arg=view)
    said = f"{NOTEBOOK} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    page.locator(said).wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"buildkit-view-stopped-{how}.png"))
    assert page.locator(said).inner_text().strip() == \
        "docker: interrupted: build cancelled"
    head = page.locator(f"{view} .jd-build-head").inner_text()
    assert head.endswith("CANCELED") and "interrupt" not in head, head
    assert not stop.is_visible()  # the build is over: nothing left to stop
    note = page.locator(f"{view} .jd-build-note")
    assert note.is_visible() and note.inner_text() == \
        "build cancelled on the engine (POST /build/cancel)"
    step = page.locator(f"{view} .jd-build-step", has_text=f"RUN echo started-{unique}")
    assert step.locator(".jd-build-state").inner_text() == "CANCELED"
    assert step.locator("pre").text_content().splitlines()[0].endswith(f"started-{unique}")
    for _ in range(50):
        if not _step_processes(f"started-{unique}"):
            break
        page.wait_for_timeout(100)
    assert not _step_processes(f"started-{unique}")


def test_buildkit_view_shows_the_builds_warnings(lab, page, labels, unique) -> None:
    """Engine 26's Dockerfile frontend warns of an empty continuation line: the step's row
    says `WARN: ...` and under the steps the view lists it as buildx's summary does, with
    its Dockerfile line and a link to the engine's explanation."""
    open_docker_notebook(page, lab, "buildkit-warn.ipynb")
    kernel_says(page, "%config DockerMagics.host = 'unix:///var/run/jupyter-docker-e26.sock'")
    run_cell(page, f"%%docker build {labels} --no-cache -t {unique}-bkwarn\nFROM {BASE_IMAGE}\n"
                   f"RUN echo warned-{unique} && \\\n\n  echo two\n")
    view = f"{NOTEBOOK} .jd-build"
    page.wait_for_function("sel => document.querySelector(sel)?.dataset.outcome === 'done'",
                           arg=view, timeout=60_000)
    short = f"Empty continuation line found in: RUN echo warned-{unique} &&   echo two"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "buildkit-view-warnings.png"))
    warned = page.locator(f"{view} .jd-build-step .jd-build-warn")
    assert [t.strip() for t in warned.all_inner_texts() if t.strip()] == [f"WARN: {short}"]
    summary = page.locator(f"{view} .jd-build-warnings")
    assert summary.is_visible()
    lines = summary.inner_text().splitlines()
    assert lines[0] == "1 warning found:"
    assert re.fullmatch(rf" - {re.escape(short)} \(line \d+\) more info", lines[1]), lines
    names = page.locator(f"{view} .jd-build-name", has_text="RUN echo warned-")
    assert names.inner_text() == \
        f"#5 [2/2] RUN echo warned-{unique} &&   echo two"  # its spaces kept, as buildx's
    link = summary.locator("a")
    assert link.get_attribute("href") == "https://github.com/moby/moby/pull/33719"
    colour = summary.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(154, 103, 0)", colour  # the warning's yellow-brown, not the text's
    box = summary.bounding_box()
    assert box and box["y"] + box["height"] <= page.viewport_size["height"]
    assert api_client("unix:///var/run/jupyter-docker-e26.sock").inspect_image(
        f"{unique}-bkwarn")["Config"]["Labels"]["jupyter-docker-test"] == "1"
