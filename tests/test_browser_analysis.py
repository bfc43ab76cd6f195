"""The image analysis in a real JupyterLab and headless Chromium (1400x900): the summary (its
figures, a bar per layer, the top wasted path and the Dockerfile line that left it) inside
the viewport; the tree widget: a folder opens on a click, the layer slider moved by the
keyboard shows the tree of the layer below (the deleted file back, the directory's size
with it), the filters keep what a layer removed, in red. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from lab_browser import ARTIFACTS, NOTEBOOK, open_docker_notebook, run_cell
from test_image_tree import DOCKERFILE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SUMMARY = f"{NOTEBOOK} .jd-analysis"
TREE = f"{NOTEBOOK} .jd-tree"


def in_viewport(page: Any, selector: str) -> dict[str, float]:
    """The element's box after scrolling it into view; asserts it is inside the window."""
    page.locator(selector).first.scroll_into_view_if_needed()
    box = page.evaluate("""sel => { const r = document.querySelector(sel).getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
                height: r.height, vw: window.innerWidth, vh: window.innerHeight}; }""", selector)
    assert box["width"] > 0 and box["height"] > 0, box
    assert 0 <= box["left"] and box["right"] <= box["vw"], box  # nothing cut off at the side
    assert box["top"] < box["vh"] and box["bottom"] > 0, box
    return box


def row(page: Any, path: str) -> Any:
    return page.locator(f"{TREE} .jd-tree-entry[data-path='{path}']")


def shown_paths(page: Any) -> list[str]:
    return page.eval_on_selector_all(f"{TREE} .jd-tree-entry", "rows => rows.map(r => r.dataset.path)")


def test_summary_and_tree_widget_in_the_page(lab, page, labels, unique) -> None:
    open_docker_notebook(page, lab, "analysis.ipynb")
    run_cell(page, f"%%docker build -q {labels} -t {unique}-view\n{DOCKERFILE}")
    run_cell(page, f"a = %docker image analyze -q {unique}-view\na")
    page.locator(SUMMARY).wait_for()
    box = in_viewport(page, SUMMARY)
    assert box["width"] <= 1200
    summary = page.locator(SUMMARY)
    for text in ("Efficiency", "Wasted", "Layer sizes", "Top wasted paths", "/t/gone",
                 "that line 7 deletes"):
        assert summary.get_by_text(text).first.is_visible(), text
    assert summary.locator(".jd-analysis-layer").count() == 3
    in_viewport(page, f"{SUMMARY} .jd-analysis-step")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "analysis-summary.png"))

    run_cell(page, "a.tree()")
    page.locator(f"{TREE} .jd-tree-entry[data-path='/t']").wait_for()
    in_viewport(page, TREE)
    assert "/t/keep" not in shown_paths(page)
    row(page, "/t").click()  # a folder opens: its children come from the kernel
    row(page, "/t/keep").wait_for()
    assert row(page, "/t").locator(".jd-tree-size-text").inner_text() == "3.01kB"
    # deleted by the top layer: shown as removed (the tree's DataFrame has it not)
    assert row(page, "/t/gone").locator(".jd-tree-change").inner_text() == "removed"
    row(page, "/t/opq").click()
    row(page, "/t/opq/new").wait_for()
    assert row(page, "/t/opq/old1").locator(".jd-tree-change").inner_text() == "removed"
    in_viewport(page, f"{TREE} .jd-tree-entry[data-path='/t/opq/new']")
    page.screenshot(path=str(ARTIFACTS / "analysis-tree-top.png"))

    slider = page.locator(f"{TREE} .jd-tree-slider")
    layer_text = page.locator(f"{TREE} .jd-tree-layer-text")
    assert layer_text.inner_text().startswith("layer 2 of 2")
    track = slider.bounding_box()  # a click in the middle of the track: layer 1 of 0..2
    page.mouse.click(track["x"] + track["width"] / 2, track["y"] + track["height"] / 2)
    page.locator(f"{TREE} .jd-tree-layer-text:has-text('layer 1 of 2')").wait_for()
    assert "line 3" in layer_text.inner_text()
    row(page, "/t/gone").wait_for()
    row(page, "/t/opq/old1").wait_for()
    page.wait_for_function("sel => document.querySelector(sel)?.innerText === '9kB'",
                           arg=f"{TREE} .jd-tree-entry[data-path='/t'] .jd-tree-size-text")
    in_viewport(page, f"{TREE} .jd-tree-entry[data-path='/t/gone']")
    page.screenshot(path=str(ARTIFACTS / "analysis-tree-layer-1.png"))

    slider.focus()
    page.keyboard.press("ArrowRight")  # back to the top by the keyboard, then only what it changed
    page.locator(f"{TREE} .jd-tree-layer-text:has-text('layer 2 of 2')").wait_for()
    page.locator(f"{TREE} .jd-tree-filter.jd-tree-unchanged input").uncheck()
    gone = row(page, "/t/gone")
    gone.wait_for()
    page.wait_for_function("sel => !document.querySelector(sel)", arg=(
        f"{TREE} .jd-tree-entry[data-path='/t/keep']"))  # unchanged: filtered out
    assert gone.locator(".jd-tree-change").inner_text() == "removed"
    assert gone.locator(".jd-tree-label").evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).textDecorationLine]") == [
        "rgb(220, 38, 38)", "line-through"]
    assert "/t/opq/new" in shown_paths(page)  # added by the top layer
    in_viewport(page, f"{TREE} .jd-tree-entry[data-path='/t/gone']")
    page.screenshot(path=str(ARTIFACTS / "analysis-tree-changes.png"))
