"""A terminal's keys in a real JupyterLab leave the kernel's status alone: while 30 keys are
typed into `%docker exec -it NAME sh`, the page's kernel never turns busy (its statusChanged,
the toolbar's execution indicator) and the favicon is not swapped, and the page's futures for
those messages end, and the server counts the echoes as activity with the kernel idle; a
running cell still shows busy in all three places and on the server, and keys typed meanwhile
do not flip it (or the status bar's "Python 3 (ipykernel) | Busy") to idle, as they did. Screenshots go to
tests/artifacts/ (not committed)."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_docker.terminal.untracked import MSG_TYPE
from lab_browser import ARTIFACTS, KERNEL, NOTEBOOK, open_docker_notebook, run_cell
from test_browser_terminal import ROWS, TERMINAL, sleeper  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INDICATOR = f"{NOTEBOOK} .jp-Notebook-ExecutionIndicator"
WATCH = """([indicator]) => {
    const kernel = %s, seen = {status: [], indicator: [], favicon: 0};
    kernel.statusChanged.connect((_, status) => seen.status.push(status));
    const shown = document.querySelector(indicator);
    new MutationObserver(() => seen.indicator.push(shown.dataset.status))
        .observe(shown, {attributes: true, attributeFilter: ['data-status']});
    const favicon = node => node.matches?.('link.favicon');
    new MutationObserver(records => { seen.favicon += records.filter(r => favicon(r.target)
        || [...r.addedNodes].some(favicon)).length; }).observe(document.head,
        {subtree: true, childList: true, attributes: true, attributeFilter: ['rel']});
    window.jdSeen = seen;
}""" % KERNEL
SEEN = (f"() => ({{...window.jdSeen, futures: [...{KERNEL}._futures.values()]"
        ".map(f => f.msg.header.msg_type + ':' + (f.msg.content.data?.content?.type || ''))})")


def test_typing_in_a_terminal_leaves_the_kernel_idle_and_a_running_cell_shows_busy(
        lab, page, sleeper) -> None:
    open_docker_notebook(page, lab, "terminal-status.ipynb")
    run_cell(page, f"%docker exec -it {sleeper} sh")
    page.wait_for_function("sel => (document.querySelector(sel)?.innerText || '')"
                           ".includes('#')", arg=ROWS)  # the shell's prompt
    page.wait_for_function(f"() => {KERNEL}.status === 'idle'")
    page.evaluate(WATCH, [INDICATOR])
    server_kernel = f"kernels/{page.evaluate(f'() => {KERNEL}.id')}"
    before = lab._api(server_kernel)
    listed = page.evaluate("() => JSON.parse(document.getElementById("
                           "'jupyter-config-data').textContent).untracked_message_types")
    assert MSG_TYPE in listed and "kernel_info_request" in listed  # the server's list, kept

    page.click(f"{TERMINAL} .xterm-screen")
    page.keyboard.type("echo typed-$((6*7)) abcdefghijklm", delay=40)  # 31 keys, one by one
    page.keyboard.press("Enter")
    page.wait_for_function("sel => /^typed-42 abcdefghijklm\\s*$/m.test("
                           "document.querySelector(sel).innerText)", arg=ROWS)
    page.wait_for_timeout(1500)  # the last keys' acks and idle
    seen = page.evaluate(SEEN)
    page.screenshot(path=str(ARTIFACTS / "terminal-status-typed.png"))
    assert "busy" not in seen["status"], seen
    assert "busy" not in seen["indicator"], seen
    assert seen["favicon"] == 0, seen
    # the keys' futures ended on their idle (a cell's stay until it runs again)
    assert [f for f in seen["futures"] if f.startswith("comm_msg")] == [], seen
    assert len(seen["futures"]) == 2, seen  # %load_ext's and exec -it's cells
    assert page.evaluate(f"() => {KERNEL}.status") == "idle"
    assert page.get_attribute(INDICATOR, "data-status") == "idle"
    after = lab._api(server_kernel)  # the server: idle, and the echoes were activity
    assert after["execution_state"] == "idle" and after["last_activity"] > before["last_activity"]

    run_cell(page, "import time; time.sleep(4)")
    page.wait_for_function("sel => document.querySelector(sel).dataset.status === 'busy'",
                           arg=INDICATOR)
    page.evaluate("() => { window.jdSeen.status = []; window.jdSeen.indicator = []; }")
    page.click(f"{TERMINAL} .xterm-screen")  # keys while the cell runs (the page's subshell)
    page.keyboard.type("echo during-$((6*7))", delay=40)
    page.keyboard.press("Enter")
    page.wait_for_function("sel => /^during-42\\s*$/m.test(document.querySelector(sel).innerText)",
                           arg=ROWS)
    page.screenshot(path=str(ARTIFACTS / "terminal-status-cell-busy.png"))
    assert page.get_attribute(INDICATOR, "data-status") == "busy"
    page.wait_for_function("() => [...document.querySelectorAll('.jp-StatusBar-Item')].some("
                           "e => e.innerText.endsWith('(ipykernel) | Busy'))", timeout=2_000)
    assert lab._api(server_kernel)["execution_state"] == "busy"
    page.wait_for_function("sel => document.querySelector(sel).dataset.status === 'idle'",
                           arg=INDICATOR, timeout=20_000)
    seen = page.evaluate(SEEN)
    assert seen["status"] == ["idle"] and seen["indicator"] == ["idle"], seen  # the cell's end
    assert seen["favicon"] > 0, seen  # swapped to busy and back
    assert [f for f in seen["futures"] if f.startswith("comm_msg")] == [], seen
