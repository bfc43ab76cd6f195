"""A notebook's tab closed in JupyterLab while its kernel runs on keeps its terminals, as a
closed browser tab does (and as JupyterLab's own terminals outlive their tab): reopened from the
file browser within the grace, the notebook shows the same screen on the same shell, and past
the grace it shows the released line; a cleared output or a re-run cell still closes the
terminal at once (its `exec -it` shell hung up), and of two views of one notebook, closing one
leaves the other live. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import api_client
from lab_browser import ARTIFACTS, NOTEBOOK, kernel_says, open_docker_notebook, run_cell
from test_browser_terminal import (TERMINAL, at_prompt, save, shows_released,  # noqa: F401
                                   sleeper, socket_of_terminal, wait_last_rows, wait_shells)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TYPED = "echo kept-$((6*7)) > /tmp/f"
CURRENT_TAB = ".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current"


def close_current_tab(page: Any, label: str) -> None:
    """Close the (rightmost) notebook tab in front with its close icon, as a person does (saved first: no
    "save your changes?" dialog); wait until its notebook has left the screen."""
    tabs = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=label)
    left = tabs.count() - 1
    page.locator(CURRENT_TAB, has_text=label).last.locator(".lm-TabBar-tabCloseIcon").click()
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n",
                           arg=[f"{NOTEBOOK}", left])
    assert tabs.count() == left


def reopen_from_file_browser(page: Any, name: str) -> None:
    """Double-click `name` in the file browser; wait for its kernel (the same, still running)."""
    page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
    page.locator(f".jp-DirListing-item[title^='Name: {name}']").dblclick()
    page.wait_for_selector(f"{NOTEBOOK} .jp-Notebook")
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget?.sessionContext?.session"
                           "?.kernel?.status === 'idle'")


def shown_again(page: Any, shot: str) -> str:
    """The reopened terminal on screen with the line typed before the tab closed; screenshot."""
    shown = wait_last_rows(page, "^/ # echo kept-\\$\\(\\(6\\*7\\)\\) > /tmp/f\\s*$")
    terminal = page.locator(TERMINAL).last
    terminal.scroll_into_view_if_needed()
    box = terminal.bounding_box()
    assert terminal.is_visible() and box["height"] > 150 and box["y"] + box["height"] <= 900
    assert page.locator(f"{TERMINAL} .jd-terminal-status").last.is_hidden()  # not ended
    page.screenshot(path=str(ARTIFACTS / shot))
    return shown


def typed_in_a_terminal(page: Any, lab: Any, notebook: str, container: str) -> None:
    """A new notebook whose cell opens `exec -it CONTAINER sh`, TYPED at its prompt."""
    open_docker_notebook(page, lab, notebook)
    run_cell(page, f"%docker exec -it {container} sh")
    at_prompt(page, TYPED)


def clearing_hangs_it_up(page: Any, api: Any, name: str) -> None:
    """Clear the terminal's output: its shell is hung up at once, not kept for the grace (the
    closed tab's view, which could not say goodbye, does not hold it)."""
    page.locator(f"{NOTEBOOK} .jp-Cell:has(.jd-terminal)").click(position={"x": 5, "y": 5})
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-cell-output')")
    page.locator(TERMINAL).wait_for(state="detached")
    waited = wait_shells(api, name, ["sleep 300"], 10)
    assert waited < 8, waited  # 1.5 s and the hang-up


def test_a_closed_notebook_tab_reopened_shows_the_same_shell_and_a_cleared_output_hangs_it_up(
        lab, page, sleeper) -> None:
    name, api = sleeper, api_client()
    typed_in_a_terminal(page, lab, "tabclose.ipynb", name)
    hijacked = socket_of_terminal(page)
    assert wait_shells(api, name, ["sh", "sleep 300"], 5) < 5
    save(page)
    close_current_tab(page, "tabclose.ipynb")
    assert page.locator(TERMINAL).count() == 0
    page.screenshot(path=str(ARTIFACTS / "terminal-tab-closed.png"))
    page.wait_for_timeout(4000)  # well past the 1.5 s a removed view is given
    assert wait_shells(api, name, ["sh", "sleep 300"], 1) < 1  # the shell runs on

    reopen_from_file_browser(page, "tabclose.ipynb")
    shown_again(page, "terminal-tab-reopened.png")
    assert socket_of_terminal(page) == hijacked  # the same stream, not a new exec
    at_prompt(page, "cat /tmp/f")
    wait_last_rows(page, "^kept-42\\s*$")
    page.screenshot(path=str(ARTIFACTS / "terminal-tab-reopened-cat.png"))

    clearing_hangs_it_up(page, api, name)


def test_of_two_views_closing_one_leaves_the_other_live_and_closing_both_keeps_the_shell(
        lab, page, sleeper) -> None:
    name, api = sleeper, api_client()
    typed_in_a_terminal(page, lab, "twoviews.ipynb", name)
    save(page)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:clone')")  # File >
    # New View for Notebook: a second notebook panel, split to the right
    page.wait_for_function(f"() => document.querySelectorAll('{TERMINAL}').length === 2")
    page.screenshot(path=str(ARTIFACTS / "terminal-two-views.png"))
    close_current_tab(page, "twoviews.ipynb")  # the new view
    page.wait_for_function(f"() => document.querySelectorAll('{TERMINAL}').length === 1")
    page.wait_for_timeout(4000)
    at_prompt(page, "echo other-$((6*7))")  # the first view goes on
    wait_last_rows(page, "^other-42\\s*$")
    page.screenshot(path=str(ARTIFACTS / "terminal-two-views-one-closed.png"))

    close_current_tab(page, "twoviews.ipynb")  # the last view: kept for the grace
    page.wait_for_timeout(4000)
    assert wait_shells(api, name, ["sh", "sleep 300"], 1) < 1
    reopen_from_file_browser(page, "twoviews.ipynb")
    wait_last_rows(page, "^other-42\\s*$")
    shown_again(page, "terminal-two-views-reopened.png")
    at_prompt(page, "cat /tmp/f")
    wait_last_rows(page, "^kept-42\\s*$")
    clearing_hangs_it_up(page, api, name)


def test_a_cell_re_run_after_its_tab_was_reopened_hangs_the_old_shell_up_and_past_the_grace_a_closed_tab_releases(
        lab, page, sleeper) -> None:
    name, api = sleeper, api_client()
    typed_in_a_terminal(page, lab, "rerun.ipynb", name)
    save(page)
    close_current_tab(page, "rerun.ipynb")
    reopen_from_file_browser(page, "rerun.ipynb")
    shown_again(page, "terminal-rerun-reopened.png")
    page.locator(f"{NOTEBOOK} .jp-Cell:has(.jd-terminal) .cm-content").click()
    page.keyboard.press("Shift+Enter")  # the same exec -it again: a new shell, the old one ends
    at_prompt(page, "echo new-$((6*7))")
    wait_last_rows(page, "^new-42\\s*$")
    shell = [p for p in api.top(name)["Processes"] if p[-1] == "sh"]
    waited = wait_shells(api, name, ["sh", "sleep 300"], 10)
    assert waited < 8, (waited, shell)  # the old shell hung up, the new one runs
    page.screenshot(path=str(ARTIFACTS / "terminal-rerun-new-shell.png"))

    short = 12  # closed for longer than the grace (shortened here): released with its line
    kernel_says(page, f"import jupyter_docker.terminal.liveness as L; L.GRACE = {short}")
    save(page)
    close_current_tab(page, "rerun.ipynb")
    waited = wait_shells(api, name, ["sleep 300"], short + 20)
    assert waited >= short - 6, waited  # the grace from the last ping (every 5 s): a closed
    # tab cannot say goodbye
    print(f"released {waited:.1f} s after the tab closed (grace {short} s)")
    reopen_from_file_browser(page, "rerun.ipynb")
    shows_released(page, short, "^new-42\\s*$", "terminal-tab-closed-past-the-grace.png")

