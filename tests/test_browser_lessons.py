"""A saved lesson in a real JupyterLab and headless Chromium, as a learner sees it: an exercise
with an empty answer cell below it, and its solution collapsed (only "Solution" shows, the code
appears when the learner opens it). Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_saved_terminal_cell_shows_its_last_screen_as_text(lab, page, lang) -> None:
    """Opened without running, lesson 3's first terminal cell shows the screen the build typed
    (the shell's `42` and the end line) as plain text under the cell, on screen."""
    source = LESSON if lang == "en" else LESSON.parent / "ko" / LESSON.name
    name = f"lesson3-saved-{lang}.ipynb"
    shutil.copy(source, lab.notebooks / name)
    nb = nbformat.read(source, as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if "terminal" in c.metadata.get("tags", []))
    open_lab(page, lab)
    open_notebook(page, name)
    cell = show_cell(page, first)
    output = cell.locator(".jp-OutputArea-output")
    assert output.count() == 1 and in_viewport(page, output)
    text = output.inner_text()
    assert "/ # echo $((6*7))\n42\n" in text and text.rstrip().endswith("exit code 0"), text
    assert cell.locator(".jp-RenderedText pre").count() == 1  # plain text, not a widget
    assert "model not found" not in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"lesson3-saved-terminal-{lang}.png"))


# ------------------------------------------------- lesson 3's live terminals, as a learner

TERMINAL = f"{NOTEBOOK} .jd-terminal"


def run_lesson_cell(page: Any, index: int) -> Any:
    """Run cell `index` as a learner's Shift+Enter does (the command JupyterLab binds to it,
    which resolves once the kernel answered); its DOM node, on screen."""
    cell = show_cell(page, index)
    page.evaluate("""async i => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        nb.activeCellIndex = i;
        await window.jupyterapp.commands.execute('notebook:run-cell');
    }""", index)
    return cell


def cell_terminal(cell: Any) -> Any:
    """The live terminal in `cell`'s output, once its shell has drawn something."""
    term = cell.locator(".jd-terminal")
    term.wait_for()
    return term


def wait_rows(page: Any, term: Any, pattern: str, shot: str) -> str:
    """Wait until `term`'s rows match `pattern` (a JS regex, multiline); its rows' text."""
    rows = term.locator(".xterm-rows")
    try:
        page.wait_for_function("([el, re]) => new RegExp(re, 'm').test(el.innerText)",
                               arg=[rows.element_handle(), pattern], timeout=30_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"{shot}-timeout.png"))
        raise
    return rows.inner_text()


def type_in(page: Any, term: Any, *lines: str) -> None:
    """Click into the terminal and type each line, then Enter, once the shell prompts for it,
    as a learner does (ash asks the terminal where its cursor is when it prompts: keys typed
    ahead of the prompt can be lost, with the CLI too)."""
    term.locator(".xterm-screen").click()
    for line in lines:
        at_prompt(page, term)
        page.keyboard.type(line)
        page.keyboard.press("Enter")


def status_of(page: Any, term: Any) -> str:
    status = term.locator(".jd-terminal-status")
    try:
        status.wait_for(state="visible", timeout=30_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "lesson3-status-timeout.png"))
        raise
    return status.inner_text()


def at_prompt(page: Any, term: Any) -> None:
    rows = term.locator(".xterm-rows").element_handle()
    page.wait_for_function("el => el.innerText.split('\\n').filter(l => l.trim())"
                           ".pop()?.trim() === '/ #'", arg=rows, timeout=30_000)


def detach(page: Any, term: Any) -> None:
    """Ctrl-P Ctrl-Q once the shell prompts again, as a learner presses them."""
    term.locator(".xterm-screen").click()
    at_prompt(page, term)
    page.keyboard.press("Control+p")
    page.keyboard.press("Control+q")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_lesson_3_terminals_run_as_a_learner_types_and_leave_nothing_behind(
        lab, page, lang) -> None:
    """Every cell of lesson 3 in order, as a learner runs them in JupyterLab; in the `>_` cells
    the learner types what the text before them says. Nothing with the lesson's label is left
    after its clean-up cell, and the saved notebook keeps each terminal's last screen as
    text."""
    import json

    from conftest import api_client

    source = LESSON if lang == "en" else LESSON.parent / "ko" / LESSON.name
    name = f"lesson3-{lang}.ipynb"
    shutil.copy(source, lab.notebooks / name)
    nb = nbformat.read(source, as_version=4)
    terminals = [i for i, c in enumerate(nb.cells) if "terminal" in c.metadata.get("tags", [])]
    assert len(terminals) == 5
    api = api_client()
    open_lab(page, lab)
    open_notebook(page, name)
    label = ""
    try:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            shown = run_lesson_cell(page, i)
            if "setup" in cell.metadata.get("tags", []):
                label = shown.locator(".jp-OutputArea-output").inner_text().strip().strip("'")
                assert label.startswith("jupyter-docker-lesson=3-")
                run = label.rsplit("-", 1)[1]
            if i not in terminals:
                said = shown.locator(".jp-OutputArea-output").all_inner_texts()
                assert not any("Traceback" in text for text in said), (i, said)
                if "--format '{{.ID}} {{.Names}}" in cell.source:  # ps: the short ID shown
                    short_id = re.fullmatch(rf"([0-9a-f]{{12}}) shell-{run}: Up .*",
                                            "".join(said).strip()).group(1)
                continue
            term = cell_terminal(shown)
            step = terminals.index(i) + 1
            shot = f"lesson3-{lang}-terminal{step}"
            if step == 1:  # run -it --rm: hostname, ls /, echo, exit
                wait_rows(page, term, r"^/ #\s*$", shot)
                type_in(page, term, "hostname", "ls /", "echo $((6*7))")
                text = wait_rows(page, term, r"^42\s*$", shot)
                assert "bin" in text and "etc" in text
                type_in(page, term, "exit")
                assert status_of(page, term) == "exit code 0"
                left = api.containers(all=True, filters={"label": label})
                assert [c["Names"] for c in left] == [[f"/counter-{run}"]]  # --rm: gone
            elif step == 2:  # run -it --name: make a file, Ctrl-P Ctrl-Q
                wait_rows(page, term, r"^/ #\s*$", shot)
                type_in(page, term, "echo kept > /kept.txt")
                detach(page, term)
                assert status_of(page, term) == (f"detached from shell-{run} (Ctrl-P Ctrl-Q): "
                                                 "it keeps running")
                assert api.inspect_container(f"shell-{run}")["State"]["Running"]
            elif step == 3:  # attach: Enter for a prompt, hostname, cat the file, detach again
                term.locator(".xterm-screen").click()
                page.keyboard.press("Enter")
                wait_rows(page, term, r"^/ #\s*$", shot)
                type_in(page, term, "hostname")
                text = wait_rows(page, term, r"^[0-9a-f]{12}\s*$", shot)
                # the short ID ps showed, that of the container run -it made
                assert re.search(rf"^{short_id}\s*$", text, re.M), (short_id, text)
                assert api.inspect_container(f"shell-{run}")["Id"].startswith(short_id)
                type_in(page, term, "cat /kept.txt")
                wait_rows(page, term, r"^kept\s*$", shot)
                detach(page, term)
                assert status_of(page, term) == (f"detached from shell-{run} (Ctrl-P Ctrl-Q): "
                                                 "it keeps running")
            elif step == 4:  # exec -it: ps shows both shells, exit ends only this one
                wait_rows(page, term, r"^/ #\s*$", shot)
                type_in(page, term, "ps")
                text = wait_rows(page, term, r"^\s*\d+ root\s+\{ps\} sh\s*$", shot)
                assert len([line for line in text.splitlines()  # run's shell and this one
                            if re.fullmatch(r"\s*\d+ root\s+sh\s*", line)]) == 2, text
                type_in(page, term, "exit")
                assert status_of(page, term) == "exit code 0"
                assert api.inspect_container(f"shell-{run}")["State"]["Running"]
            else:  # start -ai after stop: the file is still there, exit stops it again
                term.locator(".xterm-screen").click()
                wait_rows(page, term, r"^/ #\s*$", shot)
                type_in(page, term, "cat /kept.txt")
                wait_rows(page, term, r"^kept\s*$", shot)
                type_in(page, term, "exit")
                assert status_of(page, term) == "exit code 0"
                assert not api.inspect_container(f"shell-{run}")["State"]["Running"]
            page.wait_for_timeout(500)  # its end re-draws the output (the saved screen's text)
            shown.locator(".jd-terminal .jd-terminal-status").wait_for(state="visible")
            shown.locator(".jd-terminal").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"{shot}.png"))
        assert label
        assert not api.containers(all=True, filters={"label": label})  # the clean-up's work

        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model"
                               ".dirty")
        saved = json.loads((lab.notebooks / name).read_text())["cells"]
        texts = []
        for i in terminals:
            views = [o for o in saved[i]["outputs"]
                     if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
            assert len(views) == 1, saved[i]["outputs"]
            text = views[0]["data"]["text/plain"]
            texts.append(text if isinstance(text, str) else "".join(text))
        assert "echo $((6*7))\n42\n" in texts[0] and texts[0].endswith("\nexit code 0")
        assert texts[1].endswith(f"detached from shell-{run} (Ctrl-P Ctrl-Q): it keeps running")
        assert f"hostname\n{short_id}\n" in texts[2] and "cat /kept.txt\nkept\n" in texts[2]
        assert texts[3].endswith("\nexit code 0") and "cat /kept.txt\nkept\n" in texts[4]
    finally:
        if label:
            for c in api.containers(all=True, filters={"label": label}):
                api.remove_container(c["Id"], force=True)
            image = f"lesson3-{label.rsplit('-', 1)[1]}/notes:v1"
            if api.images(name=image):
                api.remove_image(image, force=True)
