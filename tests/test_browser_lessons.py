"""A saved lesson in a real JupyterLab and headless Chromium, as a learner sees it: an exercise
with an empty answer cell below it, and its solution collapsed (only "Solution" shows, the code
appears when the learner opens it). Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from lab_browser import ARTIFACTS, NOTEBOOK, open_lab, open_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = Path(__file__).parent.parent / "notebooks" / "03-containers.ipynb"


def show_cell(page: Any, index: int) -> Any:
    """Scroll cell `index` of the notebook on screen into the middle; its DOM node."""
    page.evaluate("""async i => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        nb.activeCellIndex = i;
        await nb.scrollToItem(i, 'center');
    }""", index)
    page.wait_for_timeout(300)  # the scroll settles
    # JupyterLab draws only the cells near the view; each says which one it is
    cell = page.locator(f'{NOTEBOOK} .jp-Cell[data-windowed-list-index="{index}"]')
    cell.wait_for()
    return cell


def in_viewport(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] \
        and box["width"] > 0 and box["height"] > 0


def test_an_exercise_shows_an_empty_answer_cell_and_a_collapsed_solution(lab, page) -> None:
    shutil.copy(LESSON, lab.notebooks / LESSON.name)
    nb = nbformat.read(LESSON, as_version=4)
    answer = next(i for i, c in enumerate(nb.cells) if "answer" in c.metadata.get("tags", []))
    code = nb.cells[answer + 1].source.split("```python\n")[1].splitlines()[0]
    assert "oops-" in code  # the first line of the solution: the whole answer, nearly

    open_lab(page, lab)
    open_notebook(page, LESSON.name)
    exercise = show_cell(page, answer - 1)
    assert exercise.inner_text().startswith("Exercise.")
    answer_cell = show_cell(page, answer)
    assert in_viewport(page, answer_cell)
    assert answer_cell.locator(".cm-content").inner_text().strip() == ""
    assert answer_cell.locator(".jp-OutputArea-output").count() == 0

    solution = show_cell(page, answer + 1)
    summary = solution.locator("details > summary")
    assert summary.inner_text() == "Solution" and in_viewport(page, summary)
    hidden = solution.locator("details pre")
    assert hidden.count() == 1 and not hidden.is_visible()
    assert code not in solution.inner_text()  # not on screen, not even its first line
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lesson-solution-collapsed.png"))

    summary.click()
    hidden.wait_for(state="visible")
    assert in_viewport(page, hidden) and code in hidden.inner_text()
    page.screenshot(path=str(ARTIFACTS / "lesson-solution-open.png"))
