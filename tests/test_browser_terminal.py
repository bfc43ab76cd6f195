"""`%docker exec -it NAME sh` in a real JupyterLab and headless Chromium: a live terminal
(xterm.js) in the cell's output; typed keys reach the shell and its answer is drawn in the
terminal's rows; `exit` shows the exit code and leaves no thread or socket in the kernel;
`cat` of a big file ends on its last line while another cell answers meanwhile (flow control).
Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from conftest import BASE_IMAGE, api_client
from lab_browser import ARTIFACTS, NOTEBOOK, kernel_says, kernel_threads, open_docker_notebook, run_cell

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TERMINAL = f"{NOTEBOOK} .jd-terminal"
ROWS = f"{TERMINAL} .xterm-rows"
FDS = ("import os\nnames = []\n"  # the kernel's open descriptors, in `names`
       "for fd in os.listdir('/proc/self/fd'):\n"
       "    try: names.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
       "    except OSError: pass\n")
FIND = ("import gc\n"
        "terminal, = [o for o in gc.get_objects() if type(o).__name__ == 'TerminalWidget']\n")


def rows_text(page: Any) -> str:
    return page.inner_text(ROWS)


@pytest.fixture
def sleeper(label_dict: dict, unique: str) -> Any:
    """A running container to `exec -it` into; removed after the test."""
    name = f"{unique}-sleep"
    api = api_client()
    api.create_container(BASE_IMAGE, ["sleep", "300"], name=name, labels=label_dict)
    api.start(name)
    yield name
    api.remove_container(name, force=True)


def test_exec_it_opens_a_terminal_that_answers_and_exit_frees_its_thread_and_socket(
        lab, page, sleeper) -> None:
    name, api = sleeper, api_client()
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
    left = kernel_says(page, FDS + "print(names)")
    assert hijacked not in left
    assert "socket:[" in left  # the listing did see the kernel's own sockets
    assert api.inspect_container(name)["State"]["Running"]


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


LAST = "sel => [...document.querySelectorAll(sel)].pop()"


def wait_last_rows(page: Any, pattern: str) -> str:
    """Wait until the newest terminal's rows match `pattern` (a JS regex, multiline)."""
    try:
        page.wait_for_function(
            "([sel, re]) => new RegExp(re, 'm').test([...document.querySelectorAll(sel)].pop()"
            "?.innerText || '')", arg=[ROWS, pattern])
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "terminal-timeout.png"))
        raise
    return page.evaluate(f"{LAST}.innerText", ROWS)


def tty_size(text: str, word: str) -> tuple[int, int]:
    """The rows and columns `echo WORD $(stty size)` printed."""
    import re

    rows, cols = re.search(rf"^{word} (\d+) (\d+)\s*$", text, re.M).groups()
    return int(rows), int(cols)


def remove_if_left(api: Any, name: str) -> None:
    """The test's container, unless --rm (or the test) removed it already."""
    if api.containers(all=True, filters={"name": name}):
        api.remove_container(name, force=True)


def last_status(page: Any) -> Any:
    status = page.locator(f"{TERMINAL} .jd-terminal-status").last
    status.wait_for(state="visible")
    return status


def type_line(page: Any, line: str) -> None:
    page.locator(f"{TERMINAL} .xterm-screen").last.click()
    page.keyboard.type(line)
    page.keyboard.press("Enter")


def saved_outputs(page: Any, lab: Any, name: str) -> list[dict]:
    """Save the notebook from the page (its model, as a person's Ctrl-S); its outputs."""
    import json

    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    cells = json.loads((lab.notebooks / name).read_text())["cells"]
    return [o for cell in cells for o in cell.get("outputs", [])]


def test_run_it_answers_detaches_attaches_back_and_saves_its_screen_as_text(
        lab, page, labels, unique) -> None:
    name = f"{unique}-run"
    api = api_client()
    try:
        open_docker_notebook(page, lab, "run-it.ipynb")
        run_cell(page, f"%docker run -it --name {name} {labels} {BASE_IMAGE} sh")
        wait_last_rows(page, "^/ #\\s*$")  # the first prompt, not lost before the start
        type_line(page, "echo $((6*7)); touch /made-before")
        wait_last_rows(page, "^42\\s*$")
        page.screenshot(path=str(ARTIFACTS / "terminal-run-42.png"))

        run_cell(page, "print('another cell', 6 * 7)")  # the kernel is free meanwhile
        page.locator(f"{NOTEBOOK} .jp-OutputArea-output:has-text('another cell 42')").wait_for()

        page.locator(f"{TERMINAL} .xterm-screen").last.click()
        page.keyboard.press("Control+p")
        page.keyboard.press("Control+q")
        assert last_status(page).inner_text() == (f"detached from {name} (Ctrl-P Ctrl-Q): "
                                                  "it keeps running")
        run_cell(page, f"%docker ps -a --filter name={name} --format '{{{{.Status}}}}'")
        ps = page.locator(f"{NOTEBOOK} .jp-OutputArea-output:has-text('Up ')")
        ps.wait_for()
        assert ps.inner_text().startswith("Up ")
        page.screenshot(path=str(ARTIFACTS / "terminal-run-detached-ps.png"))
        assert api.inspect_container(name)["State"]["Running"]

        run_cell(page, f"%docker attach {name}")
        page.locator(TERMINAL).nth(1).wait_for()
        type_line(page, "ls /made-before")
        wait_last_rows(page, "^/made-before\\s*$")  # the same shell's file
        type_line(page, "exit 7")
        assert last_status(page).inner_text() == "exit code 7"
        last_status(page).scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "terminal-attach-exit.png"))
        assert api.inspect_container(name)["State"]["Status"] == "exited"

        texts = [o["data"]["text/plain"] for o in saved_outputs(page, lab, "run-it.ipynb")
                 if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert len(texts) == 2, texts
        run_text, attach_text = (t if isinstance(t, str) else "".join(t) for t in texts)
        assert "/ # echo $((6*7)); touch /made-before\n42\n" in run_text
        assert run_text.endswith(f"detached from {name} (Ctrl-P Ctrl-Q): it keeps running")
        assert attach_text.startswith("ls /made-before\n/made-before\n/ # exit 7")  # no prompt
        # is drawn on attach (a running shell prints none until a key, as with the CLI)
        assert attach_text.endswith("\nexit code 7")
    finally:
        remove_if_left(api, name)


def test_run_it_rm_exit_removes_it_and_the_detach_button_leaves_an_exec_running(
        lab, page, labels, unique) -> None:
    name = f"{unique}-rm"
    api = api_client()
    try:
        open_docker_notebook(page, lab, "run-rm.ipynb")
        run_cell(page, f"%docker run -it --rm --name {name} {labels} {BASE_IMAGE} sh")
        wait_last_rows(page, "^/ #\\s*$")
        run_cell(page, f"%docker exec -it {name} sh")
        page.locator(TERMINAL).nth(1).wait_for()
        type_line(page, "echo in-exec-$((6*7))")
        wait_last_rows(page, "^in-exec-42\\s*$")
        detach = page.locator(f"{TERMINAL} .jd-terminal-detach").last
        assert detach.is_visible()
        detach.click()
        assert last_status(page).inner_text() == (f"detached from exec in {name} (Detach): "
                                                  "it keeps running")
        assert not detach.is_visible()
        page.screenshot(path=str(ARTIFACTS / "terminal-detach-button.png"))
        shells = [p for p in api.top(name)["Processes"] if p[-1] == "sh"]
        assert len(shells) == 2  # run's shell and the exec's, which runs on

        page.locator(f"{TERMINAL} .xterm-screen").first.click()
        page.keyboard.type("exit 3")
        page.keyboard.press("Enter")
        status = page.locator(f"{TERMINAL} .jd-terminal-status").first
        page.wait_for_function("el => el.innerText === 'exit code 3'", arg=status.element_handle())
        page.screenshot(path=str(ARTIFACTS / "terminal-run-rm-exit.png"))
        assert not api.containers(all=True, filters={"name": name})  # --rm: gone
        assert kernel_threads(page, "jupyter-docker-terminal") == []
    finally:
        remove_if_left(api, name)


def test_clearing_the_output_closes_the_terminal_and_resizing_the_page_resizes_the_tty(
        lab, page, sleeper) -> None:
    name = sleeper
    open_docker_notebook(page, lab, "size.ipynb")
    run_cell(page, f"%docker exec -it {name} sh")
    wait_last_rows(page, "^/ #\\s*$")
    type_line(page, "echo big $(stty size)")
    rows, cols = tty_size(wait_last_rows(page, "^big \\d+ \\d+\\s*$"), "big")
    screen = page.locator(f"{TERMINAL} .jd-terminal-screen").last.bounding_box()
    assert 20 <= rows <= 30 and cols >= 100, (rows, cols)  # 24-ish rows fill the output
    assert screen["y"] + screen["height"] <= 900
    page.set_viewport_size({"width": 1000, "height": 500})
    page.wait_for_timeout(500)
    type_line(page, "echo small $(stty size)")
    small_rows, small_cols = tty_size(wait_last_rows(page, "^small \\d+ \\d+\\s*$"),
                                      "small")
    page.screenshot(path=str(ARTIFACTS / "terminal-resized.png"))
    assert small_rows < rows and small_cols < cols, (rows, cols, small_rows, small_cols)
    assert small_rows >= 6
    hijacked = kernel_says(page, FIND + "import os\n"
                           "print(os.readlink(f'/proc/self/fd/{terminal.session._sock.fileno()}'))"
                           ).strip()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.locator(f"{NOTEBOOK} .jp-Cell:has(.jd-terminal)").click(position={"x": 5, "y": 5})
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-cell-output')")
    page.locator(TERMINAL).wait_for(state="detached")
    assert kernel_threads(page, "jupyter-docker-terminal") == []
    left = kernel_says(page, FDS + "import gc\nprint(names, [o.comm for o in gc.get_objects() "
                       "if type(o).__name__ == 'TerminalWidget'])")
    assert hijacked not in left and "socket:[" in left and left.strip().endswith("[None]")


def test_keys_answer_at_once_while_another_cell_sleeps(lab, page, sleeper) -> None:
    import time

    open_docker_notebook(page, lab, "busy.ipynb")
    run_cell(page, f"%docker exec -it {sleeper} sh")
    wait_last_rows(page, "^/ #\\s*$")
    type_line(page, "sleep 3; echo tick-$((2+3))")  # output that comes while the cell sleeps
    run_cell(page, "import time; time.sleep(20); print('slept')")
    busy = page.locator(f"{NOTEBOOK} .jp-Cell:has-text('time.sleep(20)') .jp-InputPrompt")
    page.wait_for_function("el => el.innerText.includes('[*]')", arg=busy.element_handle())
    wait_last_rows(page, "^tick-5\\s*$")
    page.locator(f"{TERMINAL} .xterm-screen").last.click()
    page.keyboard.type("echo $((6*7))")
    typed = time.monotonic()
    page.keyboard.press("Enter")
    wait_last_rows(page, "^42\\s*$")
    answered = time.monotonic() - typed
    print(f"42 answered {answered * 1000:.0f} ms after Enter, the other cell sleeping")
    page.screenshot(path=str(ARTIFACTS / "terminal-42-while-a-cell-sleeps.png"))
    assert answered < 1.0, answered
    assert "[*]" in busy.inner_text()  # the sleeping cell is still running
    assert page.locator(f"{NOTEBOOK} .jp-OutputArea-output:has-text('slept')").count() == 0
    page.locator(f"{NOTEBOOK} .jp-OutputArea-output:has-text('slept')").wait_for(timeout=30_000)


def save(page: Any) -> None:
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")


def socket_of_terminal(page: Any) -> str:
    return kernel_says(page, FIND + "import os\n"
                       "print(os.readlink(f'/proc/self/fd/{terminal.session._sock.fileno()}'))"
                       ).strip()


def wait_shells(api: Any, name: str, want: list[str], timeout: float) -> float:
    """Wait until the container's processes are `want`; how long that took."""
    started = time.monotonic()
    while sorted(p[-1] for p in api.top(name)["Processes"]) != want:
        assert time.monotonic() - started < timeout, api.top(name)["Processes"]
        time.sleep(0.2)
    return time.monotonic() - started


def reopened(browser: Any, lab: Any, name: str) -> Any:
    """A new page (a new tab) with notebook `name` open on its running kernel."""
    from lab_browser import open_lab, open_notebook

    page = browser.new_page()
    page.set_default_timeout(60_000)
    open_lab(page, lab)
    open_notebook(page, name)
    return page


def shows_released(page: Any, grace: int, last: str, shot: str) -> None:
    """`page`, opened after the kernel released its terminal, shows the closed line and the
    last screen (a row matching `last`), not "model not found"; screenshot `shot`."""
    status = page.locator(f"{TERMINAL} .jd-terminal-status")
    status.wait_for(state="visible")
    assert status.inner_text() == (f"closed: no page showed this terminal for {grace} s; "
                                   "its shell was hung up")
    wait_last_rows(page, last)
    assert page.locator(f"{NOTEBOOK} :text('model not found')").count() == 0
    page.locator(TERMINAL).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / shot))


def test_a_reloaded_page_shows_its_terminal_on_the_same_shell_and_a_closed_one_is_released(
        lab, page, browser, sleeper) -> None:
    """As JupyterLab's own terminals: after a reload the terminal is there with its screen and
    the same shell; a page closed for good releases it after the grace (the shell hung up, no
    thread or socket left), and a page opened later shows its last screen and why it ended."""
    from jupyter_docker.terminal.liveness import GRACE

    from lab_browser import open_notebook

    name, api = sleeper, api_client()
    open_docker_notebook(page, lab, "reload.ipynb")
    run_cell(page, f"%docker exec -it {name} sh")
    at_prompt(page, "kept=$((6*7)); echo set-$kept")
    wait_last_rows(page, "^set-42\\s*$")
    hijacked = socket_of_terminal(page)
    assert hijacked.startswith("socket:[")
    save(page)
    page.reload()  # no view is removed: the page goes (pagehide) and comes back
    page.wait_for_function("() => window.jupyterapp !== undefined")
    page.evaluate("() => window.jupyterapp.restored.then(() => true)")
    open_notebook(page, "reload.ipynb")  # the same kernel, still running
    shown = wait_last_rows(page, "^set-42\\s*$")  # the screen from before the reload
    assert "kept=$((6*7)); echo set-$kept" in shown
    assert page.locator(f"{NOTEBOOK} :text('model not found')").count() == 0
    terminal = page.locator(TERMINAL)
    terminal.scroll_into_view_if_needed()
    assert terminal.is_visible() and terminal.bounding_box()["height"] > 150
    assert socket_of_terminal(page) == hijacked  # the same stream, not a new exec
    at_prompt(page, "echo $((6*7)) again-$kept")
    wait_last_rows(page, "^42 again-42\\s*$")  # the same shell: its variable is set
    page.screenshot(path=str(ARTIFACTS / "terminal-after-reload.png"))
    assert wait_shells(api, name, ["sh", "sleep 300"], 1) < 1
    assert GRACE == 30

    short = 8  # the page closed for good: released after the grace (shortened here)
    kernel_says(page, f"import jupyter_docker.terminal.liveness as L; L.GRACE = {short}")
    save(page)
    page.close()
    waited = wait_shells(api, name, ["sleep 300"], short + 20)
    assert waited >= short - 1, waited  # not before the grace
    again = reopened(browser, lab, "reload.ipynb")
    try:
        shows_released(again, short, "^42 again-42\\s*$", "terminal-released-reopened.png")
        assert kernel_threads(again, "jupyter-docker-terminal") == []
        left = kernel_says(again, FDS + "print(names)")
        assert hijacked not in left and "socket:[" in left
    finally:
        again.close()


def renderer_of(page: Any) -> int:
    """The PID of the renderer process drawing `page`, among this test's Chromium's own (the
    descendants of this process): the one whose memory grows by the 64 MB the page fills (a
    new tab may take a spare renderer started before it, so a PID diff cannot tell)."""
    import os
    import re

    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    ours, todo = [], [os.getpid()]
    while todo:
        for child in parents.get(todo.pop(), []):
            todo.append(child)
            try:
                if b"--type=renderer" in open(f"/proc/{child}/cmdline", "rb").read():
                    ours.append(child)
            except OSError:
                pass

    def rss(pid: int) -> int:
        return int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1))

    before = {pid: rss(pid) for pid in ours}
    page.evaluate("() => { window.ballast = new Uint8Array(64 << 20).fill(7); }")
    grown = {pid: rss(pid) - before[pid] for pid in ours}
    pid = max(grown, key=grown.get)
    assert grown[pid] > 50_000, grown  # kB
    return pid


def test_a_killed_page_releases_its_terminal_after_the_grace_and_a_new_page_shows_why(
        lab, browser, sleeper) -> None:
    """A page whose renderer dies (killed: no pagehide, no goodbye) falls silent; the kernel
    releases its terminal once no ping came for the grace, and a page opened later shows the
    last screen and the closed line."""
    import os
    import signal

    name, api = sleeper, api_client()
    crashing = browser.new_page()
    crashing.set_default_timeout(60_000)
    open_docker_notebook(crashing, lab, "killed.ipynb")
    run_cell(crashing, f"%docker exec -it {name} sh")
    at_prompt(crashing, "echo before-$((6*7))")
    wait_last_rows(crashing, "^before-42\\s*$")
    short = 8
    kernel_says(crashing, f"import jupyter_docker.terminal.liveness as L; L.GRACE = {short}")
    save(crashing)
    renderer = renderer_of(crashing)
    with crashing.expect_event("crash", timeout=10_000):  # that renderer drew this page
        os.kill(renderer, signal.SIGKILL)
    killed = time.monotonic()
    assert wait_shells(api, name, ["sh", "sleep 300"], 1) < 1  # kept during the grace
    wait_shells(api, name, ["sleep 300"], short + 20)
    waited = time.monotonic() - killed
    # silence counts from the last ping heard, up to PING_MS (5 s) before the kill
    assert short - 5 - 1 <= waited < short + 20, waited
    again = reopened(browser, lab, "killed.ipynb")
    try:
        shows_released(again, short, "^before-42\\s*$", "terminal-killed-reopened.png")
        assert kernel_threads(again, "jupyter-docker-terminal") == []
    finally:
        again.close()
        crashing.close()
        lab.end_kernels()


BIG = 1_500_000  # lines of `seq` (11.9 MB): a few seconds of drawing, far past the window


def test_cat_of_a_big_file_ends_on_its_last_line_and_another_cell_answers_meanwhile(
        lab, page, sleeper) -> None:
    from jupyter_docker.terminal.flow import ACK_EVERY

    name, api = sleeper, api_client()
    made = api.exec_create(name, ["sh", "-c", f"seq 1 {BIG} > /tmp/big"])["Id"]
    api.exec_start(made)
    assert api.exec_inspect(made)["ExitCode"] == 0
    open_docker_notebook(page, lab, "cat.ipynb")
    run_cell(page, f"%docker exec -it {name} sh")
    wait_last_rows(page, "^/ #\\s*$")
    kernel_says(page, FIND + "terminal.session.ahead.enabled = False")  # every byte drawn
    type_line(page, "echo ready-$((1+1))")
    wait_last_rows(page, "^ready-2\\s*$")
    type_line(page, "cat /tmp/big; echo end-$((6*7))")
    wait_last_rows(page, "^\\d{4,}\\s*$")  # the cat is being drawn

    started = time.monotonic()
    run_cell(page, "print('meanwhile', 6 * 7)")
    page.locator(f"{NOTEBOOK} .jp-OutputArea-output:has-text('meanwhile 42')").wait_for()
    answered = time.monotonic() - started
    assert "end-42" not in page.evaluate(f"{LAST}.innerText", ROWS), answered  # cat still on
    page.screenshot(path=str(ARTIFACTS / "terminal-cat-meanwhile.png"))

    try:
        page.wait_for_function("sel => /^end-42\\s*$/m.test([...document.querySelectorAll(sel)]"
                               ".pop().innerText)", arg=ROWS, timeout=240_000, polling=250)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "terminal-timeout.png"))
        raise
    lines = [line.strip() for line in page.evaluate(f"{LAST}.innerText", ROWS).splitlines()]
    end = lines.index("end-42")
    assert lines[end - 1] == str(BIG) and lines[end - 2] == str(BIG - 1), lines
    assert lines[end + 1].startswith("/ #"), lines
    at_bottom = page.evaluate("sel => { const v = [...document.querySelectorAll(sel)].pop();"
                              " return v.scrollTop + v.clientHeight >= v.scrollHeight - 2; }",
                              f"{TERMINAL} .xterm-viewport")
    assert at_bottom  # the newest line is in view, as in a terminal
    terminal = page.locator(TERMINAL).last
    terminal.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "terminal-cat-end.png"))
    said = kernel_says(page, FIND + "w = terminal.session.window\n"
                                    "print(w.pauses, w.sent - w.acked, w.sent)")
    pauses, behind, sent = map(int, said.split())
    assert pauses >= 1  # the reader waited for the page: the container was paused
    assert 0 <= behind < ACK_EVERY  # and the page acknowledged all but the last few bytes
    assert sent > 12_000_000


def shown_rows(page: Any) -> list[str]:
    """The newest terminal's rows on screen, as a person reads them (trailing blanks cut)."""
    return [line.rstrip() for line in page.evaluate(f"{LAST}.innerText", ROWS).split("\n")]


def prompt(page: Any) -> None:
    """Wait until the shell's prompt is the last thing on the newest terminal's screen."""
    until(page, "sel => { const rows = ([...document.querySelectorAll(sel)].pop()?.innerText"
                " || '').split('\\n').filter(l => l.trim());"
                " return rows.pop()?.trim() === '/ #'; }", ROWS)


def at_prompt(page: Any, line: str) -> None:
    """Type `line` once the shell's prompt is the last thing on screen, as a person does (ash
    asks the terminal where its cursor is when it prompts: keys typed ahead can be lost)."""
    prompt(page)
    type_line(page, line)


def until(page: Any, condition: str, arg: Any) -> None:
    """page.wait_for_function, with a screenshot of what was on screen when it timed out."""
    try:
        page.wait_for_function(condition, arg=arg)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "terminal-timeout.png"))
        raise


def test_top_and_vi_fill_the_screen_colours_scrollback_copy_paste_and_ctrl_c(
        lab, page, sleeper) -> None:
    """What a person does in a terminal beyond typing lines: full-screen programs (top, vi
    with its Escape), a coloured word, scrolling back, copy and paste, Ctrl-C in the shell."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=lab.url)
    open_docker_notebook(page, lab, "fullscreen.ipynb")
    run_cell(page, f"%docker exec -it {sleeper} sh")
    at_prompt(page, "echo size $(stty size)")
    rows, cols = tty_size(wait_last_rows(page, "^size \\d+ \\d+\\s*$"), "size")
    assert rows >= 20 and cols >= 100, (rows, cols)

    at_prompt(page, "for i in $(seq 40); do sleep 600 & done; clear")  # more than a screen
    at_prompt(page, "top")  # of processes: top paints every row, in place
    until(page, "sel => { const t = [...document.querySelectorAll(sel)].pop()"
                ".innerText; return t.includes('Mem:') && t.includes('PID'); }", ROWS)
    page.wait_for_timeout(500)
    screen = page.evaluate(f"{LAST}.children.length", ROWS), shown_rows(page)
    assert screen[0] == rows, screen  # the terminal's rows are the TTY's
    screen = screen[1]
    assert screen[0].startswith("Mem:") and "PID" in screen[3], screen[:4]  # from the top row
    assert len(screen) >= rows - 1 and all(screen[:rows - 1]), screen  # down to the last ones
    assert any(line.endswith("sleep 600") for line in screen[-3:]), screen[-3:]
    assert not any("/ # top" in line for line in screen)  # the shell's lines are gone
    page.locator(TERMINAL).last.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "terminal-top.png"))
    page.keyboard.press("q")

    at_prompt(page, "vi /tmp/notes")
    until(page, "([sel, rows]) => [...document.querySelectorAll(sel)].pop()"
                ".innerText.split('\\n').filter(l => l.trim() === '~').length >= rows - 3",
          [ROWS, rows])
    page.keyboard.type("ihello from vi")
    page.keyboard.press("Escape")  # to vi, not to JupyterLab's command mode
    page.wait_for_timeout(500)  # a person's pace: ESC and ':' at once read as one key to vi
    page.keyboard.type(":wq")
    page.screenshot(path=str(ARTIFACTS / "terminal-vi.png"))
    page.keyboard.press("Enter")
    at_prompt(page, "cat /tmp/notes")
    assert "hello from vi" in wait_last_rows(page, "^hello from vi\\s*$")

    at_prompt(page, "printf '\\033[31mred-word\\033[0m plain\\n'")
    wait_last_rows(page, "^red-word plain\\s*$")
    red = page.locator(f"{TERMINAL} .xterm-rows span:text-is('red-word')").last
    colour = red.evaluate("el => getComputedStyle(el).color")
    r, g, b = (int(v) for v in colour[colour.index("(") + 1:].rstrip(")").split(",")[:3])
    assert r > 150 and g < 100 and b < 100, colour

    red.dblclick()  # select the word, copy it as a person does (Ctrl-C with a selection)
    page.keyboard.press("Control+c")
    assert page.evaluate("() => navigator.clipboard.readText()") == "red-word"
    at_prompt(page, "echo after-copy-$((2*3))")  # the Ctrl-C was a copy, not a ^C
    text = wait_last_rows(page, "^after-copy-6\\s*$")
    assert "^C" not in text

    page.evaluate("() => navigator.clipboard.writeText('echo pasted-$((5*5))')")
    prompt(page)
    page.locator(f"{TERMINAL} .xterm-screen").last.click()
    page.keyboard.press("Control+Shift+v")  # Ctrl-V alone is the shell's ^V
    page.keyboard.press("Enter")
    wait_last_rows(page, "^pasted-25\\s*$")
    page.screenshot(path=str(ARTIFACTS / "terminal-paste.png"))
    # Ctrl-V alone is the container's ^V (byte 0x16), as in a terminal: read raw, not pasted
    at_prompt(page, "stty -icanon -iexten -echo; head -c 1 | od -An -tx1; stty sane")
    page.wait_for_timeout(500)  # stty has run
    page.keyboard.press("Control+v")
    text = wait_last_rows(page, "^\\s*16\\s*$")
    assert text.count("pasted-$((5*5))") == 1, text  # the clipboard was not pasted again
    page.screenshot(path=str(ARTIFACTS / "terminal-ctrl-v.png"))

    at_prompt(page, "seq 1 300")
    wait_last_rows(page, "^300\\s*$")
    page.locator(f"{TERMINAL} .xterm-screen").last.hover()
    page.mouse.wheel(0, -1500)  # back up some 100 lines, as a person does with the wheel
    until(page,  # lines that had left the screen are on it again
          "([sel, rows]) => { const n = [...document.querySelectorAll(sel)].pop().innerText"
          ".split('\\n').filter(l => /^\\d+\\s*$/.test(l)).map(Number);"
          " return n.length >= rows - 1 && Math.max(...n) < 300 - rows; }", [ROWS, rows])
    numbers = [int(line) for line in shown_rows(page) if line.isdigit()]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), numbers
    page.screenshot(path=str(ARTIFACTS / "terminal-scrollback.png"))
    page.mouse.wheel(0, 100_000)
    until(page, "sel => /^300\\s*$/m.test([...document.querySelectorAll(sel)].pop().innerText)",
          ROWS)

    at_prompt(page, "sleep 100")
    page.wait_for_timeout(500)
    page.keyboard.press("Control+c")  # no selection: a keystroke for the container
    at_prompt(page, "echo rc=$?")
    wait_last_rows(page, "^rc=130\\s*$")  # the sleep died of SIGINT, not the 100 s
    assert kernel_says(page, "print(6 * 7)").strip() == "42"  # the kernel was not interrupted
    at_prompt(page, "exit")
    assert last_status(page).inner_text() == "exit code 0"


VARIED_FILE = ("{ printf '\\033[31mred at the start\\033[0m\\n'; seq 1 3 | sed 's/^/plain /'; "
               "awk 'BEGIN { w = \"alpha beta gamma delta epsilon zeta eta theta iota\"; "
               "for (i = 1; i <= 20000; i++) { n = (i * 7919) % 90; s = \"\"; "
               "while (length(s) < n) s = s substr(w, 1 + (i * 31 + length(s)) % 45, 9); "
               "print i \": \" substr(s, 1, n) } }'; "
               "printf '\\033[1;32mgreen near the end %s\\033[0m\\n' 1 2 3; echo last line; "
               "} > /tmp/varied")


def test_a_fast_forwarded_cat_leaves_the_same_buffer_as_drawing_every_byte(
        lab, page, sleeper) -> None:
    """Two terminals cat the same file of 20000 varied lines (coloured ones near its start and
    end): the one with the fast-forward is sent far fewer bytes, and its whole buffer (screen
    and scrollback, as the page saves it) and screen are the same as the other's."""
    name, api = sleeper, api_client()
    made = api.exec_create(name, ["sh", "-c", VARIED_FILE])["Id"]
    api.exec_start(made)
    assert api.exec_inspect(made)["ExitCode"] == 0
    open_docker_notebook(page, lab, "fastforward.ipynb")
    run_cell(page, f"fast = %docker exec -it {name} sh\nfast")
    wait_last_rows(page, "^/ #\\s*$")
    run_cell(page, f"slow = %docker exec -it {name} sh\nslow")
    page.locator(TERMINAL).nth(1).wait_for()
    wait_last_rows(page, "^/ #\\s*$")
    kernel_says(page, "slow.session.ahead.enabled = False")
    shown = {}
    for index, var in ((0, "fast"), (1, "slow")):
        page.locator(f"{TERMINAL} .xterm-screen").nth(index).click()
        page.keyboard.type("cat /tmp/varied; echo end-$((6*7))")
        page.keyboard.press("Enter")
        until(page, "([sel, i]) => /^end-42\\s*$/m.test(document.querySelectorAll(sel)[i]"
              ".innerText)", [ROWS, index])
        page.wait_for_timeout(500)
        rows = page.evaluate("([sel, i]) => document.querySelectorAll(sel)[i].innerText",
                             [ROWS, index])
        cursor = page.evaluate(
            "([sel, i]) => { const rows = document.querySelectorAll(sel)[i];"
            " const c = rows.querySelector('.xterm-cursor'); if (!c) return null;"
            " const row = c.closest('.xterm-rows > div');"
            " return [[...rows.children].indexOf(row), c.offsetLeft]; }", [ROWS, index])
        lines = [line.rstrip() for line in rows.split("\n")]
        end = lines.index("end-42")
        assert lines[end - 1] == "last line" and lines[end - 2].startswith("green near the end 3")
        assert lines[end + 1].startswith("/ #")
        page.locator(TERMINAL).nth(index).scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"terminal-fastforward-{var}.png"))
        shown[var] = (lines, cursor)
        page.keyboard.type("exit")
        page.keyboard.press("Enter")
        page.locator(f"{TERMINAL} .jd-terminal-status").nth(index).wait_for(state="visible")
    assert shown["fast"] == shown["slow"]  # the screen and the cursor
    said = kernel_says(page, "import time\n"
                             "for _ in range(100):\n"
                             "    if fast.screen and slow.screen: break\n"
                             "    time.sleep(0.1)\n"
                             "print(fast.screen == slow.screen, len(fast.screen.splitlines()),"
                             " fast.session.ahead.dropped, slow.session.ahead.dropped,"
                             " fast.session.window.sent, slow.session.window.sent)")
    same, buffered, dropped_fast, dropped_slow, sent_fast, sent_slow = said.split()
    assert same == "True", said  # the whole buffer, scrollback and screen, line for line
    assert int(buffered) > 5000  # the scrollback is full
    assert int(dropped_fast) > 400_000 and dropped_slow == "0", said
    # the same stream (give or take the shells' own few bytes: prompts, the typed echo)
    assert abs(int(sent_fast) + int(dropped_fast) - int(sent_slow)) < 64, said
