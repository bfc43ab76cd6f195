"""What cell output looks like in JupyterLab (Chromium), by computed style and bounding box:
successes and warnings are not painted like errors, a build's text is collapsed under its bar,
and every bar of a finished `load` shows the done colour. Screenshots in tests/artifacts/."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import BASE_IMAGE, api_client
from lab_browser import ARTIFACTS, NOTEBOOK, kernel_says, open_docker_notebook, run_cell

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STYLE = """el => { const s = getComputedStyle(el);
    return {color: s.color, background: s.backgroundColor, border: s.borderLeftColor,
            mime: el.getAttribute('data-mime-type') || ''}; }"""


def rgb(css: str) -> tuple[int, ...]:
    """`rgb(...)` / `rgba(...)` as seen over JupyterLab's white page (alpha blended)."""
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    alpha = values[3] if len(values) > 3 else 1.0
    return tuple(int(c * alpha + 255 * (1 - alpha)) for c in values[:3])


def reddish(css: str) -> bool:
    """Red or a red tint (JupyterLab's stderr background is rgb(255, 221, 221))."""
    r, g, b = rgb(css)
    return r - max(g, b) >= 30


def greenish(css: str) -> bool:
    r, g, b = rgb(css)
    return g > r + 40 and g > b + 20


def output(page: Any, text: str) -> Any:
    """The rendered output (the element JupyterLab styles by mime type) holding `text`."""
    found = page.locator(f"{NOTEBOOK} .jp-OutputArea-output:has-text({text!r})").last
    found.wait_for()
    return found


def in_viewport(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_successes_and_warnings_are_not_red_errors_are(lab, page, label_dict, unique,
                                                       tmp_path) -> None:
    box = f"{unique}-colours"
    api = api_client()
    api.create_container(BASE_IMAGE, ["sleep", "60"], name=box, labels=label_dict,
                         stop_signal="SIGKILL")
    api.start(box)
    (tmp_path / "note.txt").write_text("hi\n")
    tags = " ".join(f"-l {k}={v}" for k, v in label_dict.items())
    open_docker_notebook(page, lab, "colours.ipynb")
    run_cell(page, f"%docker cp {tmp_path}/note.txt {box}:/tmp/note.txt\n"
                   # -i with no cell body: the note (run -it opens a terminal here)
                   f"%docker run --rm -i {tags} {BASE_IMAGE} echo from-the-run\n"
                   f"%docker rm -f {box}\n"
                   "1 + 1")
    run_cell(page, f"%docker rm {unique}-no-such-container")
    copied = output(page, "Successfully copied")
    error = output(page, "No such container")
    warning = page.locator(f"{NOTEBOOK} .jd-warning:has-text('no terminal')")
    warning.wait_for()
    removed = output(page, box)
    page.locator(f"{NOTEBOOK} .jp-OutputArea-executeResult:has-text('2')").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "output-colours.png"), full_page=True)

    err = error.evaluate(STYLE)
    assert err["mime"] == "application/vnd.jupyter.stderr" and reddish(err["background"]), err
    for shown in (copied, removed):  # plain output, not the error look
        style = shown.evaluate(STYLE)
        assert style["mime"] == "application/vnd.jupyter.stdout", style
        assert style["background"] != err["background"] and not reddish(style["color"]), style
        assert in_viewport(page, shown)
    note = warning.evaluate(STYLE)
    assert not reddish(note["color"]) and not reddish(note["background"]), note
    r, g, b = rgb(note["border"])
    assert r > 180 and g > 120 and b < 60, note  # an amber mark, the warning's
    shown_lines = page.evaluate("sel => [...document.querySelectorAll(sel)].flatMap("
                                "el => el.innerText.split('\\n'))",
                                f"{NOTEBOOK} .jp-OutputArea-output")
    assert shown_lines.count(box) == 1, shown_lines  # rm's confirmation, once, mid-cell


def test_build_text_is_collapsed_under_its_bar_and_opens(lab, page, labels, unique) -> None:
    steps = "".join(f"RUN echo line-{i}-{unique}\n" for i in range(10))
    open_docker_notebook(page, lab, "build-log.ipynb")
    kernel_says(page, "%config DockerMagics.buildkit = False")  # the classic builder's bar
    run_cell(page, f"%%docker build {labels} -t {unique}-collapsed\nFROM {BASE_IMAGE}\n{steps}")
    page.locator(f"{NOTEBOOK} .jd-progress-done").wait_for()
    log = page.locator(f"{NOTEBOOK} .jd-progress-log")
    text = page.locator(f"{NOTEBOOK} .jd-progress-log-text")
    bar = page.locator(f"{NOTEBOOK} .jd-progress-overall")
    title = log.locator(".lm-AccordionPanel-title, .jupyter-widget-Collapse-header").first
    title.wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "build-log-collapsed.png"))
    assert re.fullmatch(r"Output \((\d+) lines\)", title.inner_text().strip())
    assert int(title.inner_text().split("(")[1].split()[0]) > 30
    assert not text.is_visible()  # the 30+ lines are behind the bar ...
    seen = page.inner_text(f"{NOTEBOOK} .jp-Cell:has(.jd-progress) .jp-OutputArea")
    assert "Step 1/" not in seen and "Successfully tagged" not in seen, seen  # what is shown
    assert bar.bounding_box()["y"] < title.bounding_box()["y"]  # ... right under it
    assert in_viewport(page, bar) and in_viewport(page, title)
    title.click()  # ... and open on a click
    text.wait_for(state="visible")
    assert f"line-9-{unique}" in text.inner_text() and "Successfully tagged" in text.inner_text()
    page.screenshot(path=str(ARTIFACTS / "build-log-open.png"))
    api_client().remove_image(f"{unique}-collapsed")


def test_a_finished_load_shows_every_bar_done(lab, page, labels, unique, tmp_path) -> None:
    image = f"{unique}-load:1"
    archive = tmp_path / "load.tar"
    open_docker_notebook(page, lab, "load.ipynb")
    # the classic builder: BuildKit's cache keeps the layers after rmi, and load sends none
    kernel_says(page, "%config DockerMagics.buildkit = False")
    run_cell(page, f"%%docker build -q {labels} -t {image}\nFROM {BASE_IMAGE}\n"
                   "RUN head -c 3000000 /dev/urandom > /blob\n")
    output(page, "sha256:")
    run_cell(page, f"%docker save -o {archive} {image}\n%docker rmi {image}")
    output(page, f"Untagged: {image}")
    run_cell(page, f"%docker load -i {archive}")
    page.locator(f"{NOTEBOOK} .jd-progress-done").wait_for()
    output(page, f"Loaded image: {image}")
    page.wait_for_timeout(300)  # the last trait updates painted
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "load-bars-done.png"))
    bars = page.locator(f"{NOTEBOOK} .jd-progress .progress-bar")
    colours = [bars.nth(i).evaluate(STYLE)["background"] for i in range(bars.count())]
    assert len(colours) >= 2 and all(greenish(c) for c in colours), colours
    label = page.locator(f"{NOTEBOOK} .jd-progress-overall > .widget-label")
    assert label.evaluate("el => el.scrollWidth <= el.clientWidth"), label.inner_text()
    api_client().remove_image(image)


def test_a_push_label_names_the_image_once_and_is_not_cut(lab, page, labels, unique,
                                                           tmp_path) -> None:
    from conftest import REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER

    target = f"{REGISTRY}/{unique}/label:1"
    config = tmp_path / "docker-config"  # this test's logins only
    open_docker_notebook(page, lab, "push.ipynb")
    run_cell(page, f"import os; os.environ['DOCKER_CONFIG'] = {str(config)!r}\n"
                   f"%docker login -u {REGISTRY_USER} -p {REGISTRY_PASSWORD} {REGISTRY}")
    output(page, "Login Succeeded")
    run_cell(page, f"%%docker build -q {labels} -t {target}\nFROM {BASE_IMAGE}\n"
                   f"RUN head -c 200000 /dev/urandom > /blob-{unique}\n")
    output(page, "sha256:")
    run_cell(page, f"%docker push {target}")
    label = page.locator(f"{NOTEBOOK} .jd-progress-done .jd-progress-overall > .widget-label")
    label.wait_for()
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "push-label.png"))
    text = label.inner_text()
    assert text.startswith(f"Pushing {target}: pushed, digest sha256:") and \
        text.count(target) == 1, text
    assert label.evaluate("el => el.scrollWidth <= el.clientWidth"), text  # not cut
    assert in_viewport(page, label)
    api_client().remove_image(target)


def test_a_failed_build_shows_its_block_and_what_it_left(lab, page, labels, unique) -> None:
    open_docker_notebook(page, lab, "build-failed.ipynb")
    kernel_says(page, "%config DockerMagics.buildkit = False")  # the classic builder's block
    run_cell(page, f"%%docker build {labels} -t {unique}-failed\nFROM {BASE_IMAGE}\n"
                   f"RUN echo kept-{unique} > /ok\nRUN echo about-to-fail-{unique}; exit 5\n")
    block = output(page, "build failed at")
    page.locator(f"{NOTEBOOK} .jd-progress-done").wait_for()
    block.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "build-failed.png"))
    text = block.inner_text()
    good = text.split("last good layer: ")[1].split()[0]
    container = text.split("the failed step's container ")[1].split()[0]
    try:
        assert block.evaluate(STYLE)["mime"] == "application/vnd.jupyter.stderr"
        assert f"| about-to-fail-{unique}" in text  # the step's output, its log being hidden
        assert f"%docker rm {container}" in text and f"%docker rmi {good}" in text
        assert in_viewport(page, block)
        bar = page.locator(f"{NOTEBOOK} .jd-progress-overall .progress-bar")
        assert reddish(bar.evaluate(STYLE)["background"])  # the bar failed too
        assert not page.locator(f"{NOTEBOOK} .jd-progress-log-text").is_visible()
    finally:
        api_client().remove_container(container, force=True)
        api_client().remove_image(good)


def test_a_failed_buildkit_build_is_one_block_under_its_view(lab, page, labels, unique) -> None:
    """BuildKit (engine 20): the failing step's row says ERROR with its log open; below the view
    one red block names the step and its Dockerfile lines, with the step's output."""
    open_docker_notebook(page, lab, "buildkit-failed.ipynb")
    run_cell(page, f"%%docker build {labels} -t {unique}-bkfailed\nFROM {BASE_IMAGE}\n"
                   f"RUN echo kept-{unique} > /ok\nRUN echo about-to-fail-{unique}; exit 5\n")
    block = output(page, "build failed at")
    view = f"{NOTEBOOK} .jd-build"
    page.wait_for_function("sel => document.querySelector(sel)?.dataset.outcome === 'error'",
                           arg=view)
    block.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "buildkit-failed.png"))
    lines = block.inner_text().splitlines()
    assert lines[0] == (f"docker: build failed at [3/3] RUN echo about-to-fail-{unique}; exit 5 "
                        "(Dockerfile:3)"), lines
    assert f"    3 | >>> RUN echo about-to-fail-{unique}; exit 5" in lines
    assert any(line.startswith("  | ") and line.endswith(f"about-to-fail-{unique}")
               for line in lines)
    assert block.evaluate(STYLE)["mime"] == "application/vnd.jupyter.stderr"
    assert in_viewport(page, block)
    row = page.locator(f"{view} .jd-build-step.jd-state-error")
    assert row.count() == 1 and row.locator(".jd-build-state").inner_text().startswith("ERROR")
    assert row.locator("details").evaluate("d => d.open") and row.locator("pre").is_visible()
    assert f"about-to-fail-{unique}" in row.locator("pre").inner_text()
    assert "exit code: 5" in row.locator("pre").inner_text()
