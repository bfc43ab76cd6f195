"""`%docker exec -it NAME sh` in a real JupyterLab and headless Chromium: a live terminal
(xterm.js) in the cell's output; typed keys reach the shell and its answer is drawn in the
terminal's rows; `exit` shows the exit code and leaves no thread or socket in the kernel.
Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import BASE_IMAGE, api_client
from lab_browser import ARTIFACTS, NOTEBOOK, kernel_says, kernel_threads, open_docker_notebook, run_cell

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TERMINAL = f"{NOTEBOOK} .jd-terminal"
ROWS = f"{TERMINAL} .xterm-rows"
FIND = ("import gc\n"
        "terminal, = [o for o in gc.get_objects() if type(o).__name__ == 'TerminalWidget']\n")


def rows_text(page: Any) -> str:
    return page.inner_text(ROWS)


def test_exec_it_opens_a_terminal_that_answers_and_exit_frees_its_thread_and_socket(
        lab, page, label_dict, unique) -> None:
    name = f"{unique}-shell"
    api = api_client()
    api.create_container(BASE_IMAGE, ["sleep", "300"], name=name, labels=label_dict)
    api.start(name)
    try:
        open_docker_notebook(page, lab, "terminal.ipynb")
        run_cell(page, f"%docker exec -it {name} sh")
        page.wait_for_function("sel => (document.querySelector(sel)?.innerText || '')"
                               ".includes('#')", arg=ROWS)  # the shell's prompt
        terminal = page.locator(TERMINAL)
        terminal.scroll_into_view_if_needed()
        box = terminal.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150
        assert 0 <= box["y"] and box["y"] + box["height"] <= 900  # inside the viewport
        hijacked = kernel_says(page, FIND + "import os\n"
                               "print(os.readlink(f'/proc/self/fd/{terminal.session._sock.fileno()}'))"
                               ).strip()
        assert hijacked.startswith("socket:[")

        page.click(f"{TERMINAL} .xterm-screen")
        page.keyboard.type("echo $((6*7))")
        page.keyboard.press("Enter")
        page.wait_for_function("sel => /^42\\s*$/m.test(document.querySelector(sel).innerText)",
                               arg=ROWS)
        lines = [line.strip() for line in rows_text(page).splitlines()]
        assert "42" in lines and any(line.endswith("echo $((6*7))") for line in lines)
        page.screenshot(path=str(ARTIFACTS / "terminal-exec-42.png"))

        page.keyboard.type("exit")
        page.keyboard.press("Enter")
        status = page.locator(f"{TERMINAL} .jd-terminal-status")
        status.wait_for(state="visible")
        assert status.inner_text() == "exit code 0"
        page.screenshot(path=str(ARTIFACTS / "terminal-exec-exit.png"))
        assert kernel_threads(page, "jupyter-docker-terminal") == []
        left = kernel_says(page, "import os\nnames = []\n"
                           "for fd in os.listdir('/proc/self/fd'):\n"
                           "    try: names.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
                           "    except OSError: pass\n"
                           "print(names)")
        assert hijacked not in left
        assert "socket:[" in left  # the listing did see the kernel's own sockets
        assert api.inspect_container(name)["State"]["Running"]
    finally:
        api.remove_container(name, force=True)


def test_attach_to_an_it_container_then_ctrl_p_ctrl_q_detaches_and_it_keeps_running(
        lab, page, label_dict, unique) -> None:
    name = f"{unique}-it"
    api = api_client()
    api.create_container(BASE_IMAGE, ["sh"], name=name, tty=True, stdin_open=True,
                         labels=label_dict)
    api.start(name)
    try:
        open_docker_notebook(page, lab, "attach.ipynb")
        run_cell(page, f"%docker attach {name}")
        page.locator(f"{TERMINAL} .xterm-screen").wait_for()
        page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext"
                               ".session.kernel.status === 'idle'")  # returned at once
        page.click(f"{TERMINAL} .xterm-screen")
        page.keyboard.type("stty size; echo attached-$((6*7))")
        page.keyboard.press("Enter")
        page.wait_for_function("sel => /^attached-42\\s*$/m.test(document.querySelector(sel)"
                               ".innerText)", arg=ROWS)
        rows, cols = page.evaluate("sel => { const t = document.querySelector(sel).innerText;"
                                   " return t.match(/^(\\d+) (\\d+)\\s*$/m).slice(1).map(Number); }",
                                   ROWS)
        assert rows >= 10 and cols >= 80  # the fit addon's size reached the container's TTY
        page.keyboard.press("Control+p")
        page.keyboard.press("Control+q")
        status = page.locator(f"{TERMINAL} .jd-terminal-status")
        status.wait_for(state="visible")
        assert status.inner_text() == f"detached from {name} (Ctrl-P Ctrl-Q): it keeps running"
        page.screenshot(path=str(ARTIFACTS / "terminal-attach-detached.png"))
        assert api.inspect_container(name)["State"]["Running"]
        assert kernel_threads(page, "jupyter-docker-terminal") == []
    finally:
        api.remove_container(name, force=True)
