"""The live terminal's life and its channel to the kernel, through a real kernel and the
widget's own comm messages (tests/terminal_comm.py): keys sent on the page's subshell answer
while another cell runs; a closed terminal leaves no thread, socket or shell behind; a terminal
no page ever draws (nbclient) leaves no container half-made."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest

from conftest import BASE_IMAGE
from terminal_comm import LEFT_BEHIND, THREADS, Terminal, create_subshell, kernel  # noqa: F401 - a fixture

def cell_reply(k: Any, msg_id: str, timeout: float = 30) -> float:
    """Wait for the shell reply to execute request `msg_id`; when it came (monotonic)."""
    while True:
        reply = k.client.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return time.monotonic()


def test_keys_on_the_pages_subshell_answer_while_another_cell_sleeps(kernel, sleeper) -> None:
    k, comms = kernel
    term = Terminal.open(k, comms, f"%docker exec -it {sleeper} sh", var="t")
    term.subshell = create_subshell(k)  # as JupyterLab sends widget messages
    term.resize(24, 80)
    term.wait_for(b"# ")
    term.type("sleep 1; echo tick-$((2+3))\r")  # output that comes while the cell runs
    started = time.monotonic()
    cell = k.client.execute("import time; time.sleep(8)")
    term.wait_for(b"\r\ntick-5\r\n", timeout=5)
    typed = time.monotonic()
    term.type("echo $((6*7))\r")
    term.wait_for(b"\r\n42\r\n", timeout=8)
    answered = time.monotonic() - typed
    assert answered < 1.0, answered
    ended = cell_reply(k, cell)
    assert ended - started >= 8  # the cell did sleep its 8 s, and 42 came inside them
    assert typed + answered < ended

    term.subshell = None  # a frontend without subshells: the keys wait for the cell, not lost
    started = time.monotonic()
    cell = k.client.execute("import time; time.sleep(3)")
    time.sleep(0.5)
    term.type("echo $((7*8))\r")
    term.wait_for(b"\r\n56\r\n", timeout=10)
    assert time.monotonic() - started >= 3  # after the cell's 3 s
    cell_reply(k, cell)
    term.type("exit\r")
    assert term.wait_status() == "exit code 0"
    assert k.run(THREADS).strip() == "[]"


def open_view(k: Any, comms: Any, line: str) -> Terminal:
    """`line` run as a cell, then what a page does: a view opens and sends its size."""
    term = Terminal.open(k, comms, line, var="t")
    term.view(True)
    term.resize(24, 80)
    term.wait_for(b"# ")
    return term


def processes(api: Any, name: str) -> list[str]:
    return [p[-1] for p in api.top(name)["Processes"]]


def closed(k: Any, comms: Any, term: Terminal, timeout: float = 15) -> str:
    """Wait for the kernel to close the widget's comm; then the terminal threads and the
    descriptors the kernel has left (after up to 5 s for the reader to end)."""
    deadline = time.monotonic() + timeout
    while k.run("print(t.comm is None)").strip() != "True":
        assert time.monotonic() < deadline, "the widget was not closed"
        time.sleep(0.2)
    return k.run(LEFT_BEHIND)

def test_a_closed_exec_terminal_hangs_up_its_shell_and_leaves_no_thread_or_socket(
        kernel, sleeper, api) -> None:
    k, comms = kernel
    term = open_view(k, comms, f"%docker exec -it {sleeper} sh")
    term.type("sleep 500 &\r")  # a child of the shell goes with it
    term.wait_for(b"sleep 500 &\r\n")
    exec_id = k.run("print(t.session.target.exec_id)").strip()
    hijacked = k.run("import os; print(os.readlink(f'/proc/self/fd/{t.session._sock.fileno()}'))"
                     ).strip()
    assert sorted(processes(api, sleeper)) == ["sh", "sleep 500", "sleep 600"]
    term.view(False)  # the output cleared (or the cell re-run): no view left
    left = closed(k, comms, term)
    assert left.startswith("[] ") and hijacked not in left and "socket:[" in left, left
    assert api.exec_inspect(exec_id)["Running"] is False
    assert processes(api, sleeper) == ["sleep 600"]  # no shell left in the container


def exists(api: Any, name: str) -> bool:
    return bool(api.containers(all=True, filters={"name": name}))


def test_a_run_it_terminal_no_page_draws_gives_up_once_the_kernel_is_idle(
        kernel, api, labels, unique) -> None:
    from jupyter_docker.terminal.unseen import UNSEEN_AFTER

    k, comms = kernel
    name = f"{unique}-unseen"
    term = Terminal.open(k, comms, f"%docker run -it --name {name} {labels} {BASE_IMAGE} sh",
                         var="t")
    assert api.inspect_container(name)["State"]["Status"] == "created"
    k.run(f"import time; time.sleep({UNSEEN_AFTER + 2})")  # busy: a page's messages could wait
    assert exists(api, name) and term.status == ""
    idle = time.monotonic()
    status = term.wait_status(timeout=UNSEEN_AFTER + 10)
    assert time.monotonic() - idle >= UNSEEN_AFTER - 1
    assert status == ("docker: note: no page drew this terminal (a frontend without widgets, "
                      f"such as nbclient): the container {name} was not started and is removed")
    assert not exists(api, name)
    assert k.run(THREADS).strip() == "[]"


def test_run_it_under_nbclient_returns_at_once_and_leaves_no_container(
        api, labels, unique, tmp_path, monkeypatch) -> None:
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("JUPYTER_DOCKER_PROGRESS", raising=False)  # auto: a kernel, widgets
    name = f"{unique}-nbit"
    cells = ["%load_ext jupyter_docker",
             f"%docker run -it --name {name} {labels} {BASE_IMAGE} sh",
             f"%docker ps -a --filter name={name} --format '{{{{.State}}}}'"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    started = time.monotonic()
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert time.monotonic() - started < 45  # no cell waited for a terminal
    shown, = nb.cells[1].outputs
    assert shown.data["text/plain"] == (
        f"docker run -it {BASE_IMAGE} sh: a live terminal where widgets draw; where none draws "
        "it (nbclient, nbconvert) nothing runs and nothing is left behind")
    assert nb.cells[2].outputs[0].data["text/plain"] == "created"  # while the kernel ran
    assert not exists(api, name)  # removed when the kernel ended, never started


SHORT_GRACE = 6.0  # the kernel's liveness.GRACE in these tests (30 s in use)


def short_grace(k: Any) -> None:
    k.run(f"import jupyter_docker.terminal.liveness as L; L.GRACE = {SHORT_GRACE}")


def test_a_page_that_goes_keeps_its_shell_for_the_grace_and_a_new_view_gets_the_replay(
        kernel, sleeper, api) -> None:
    """A reload: the page goes (pagehide), a new page's view opens within the grace, gets the
    stream so far and goes on with the same shell; gone again past the grace: the shell is hung
    up, no thread or socket is left, and the widget stays with its replay and one line."""
    k, comms = kernel
    short_grace(k)
    term = open_view(k, comms, f"%docker exec -it {sleeper} sh")
    assert comms.replays[term.id] == [("view-1", 0, b"")]  # a new terminal: nothing to replay
    term.type("kept=$((6*7)); echo set-$kept\r")
    term.wait_for(b"\r\nset-42\r\n")
    hijacked = k.run("import os; print(os.readlink(f'/proc/self/fd/{t.session._sock.fileno()}'))"
                     ).strip()
    term.view(False, page=True)  # the page goes
    time.sleep(SHORT_GRACE / 2)
    assert sorted(processes(api, sleeper)) == ["sh", "sleep 600"]  # within the grace: kept
    term.view(True, id="view-2")  # the reloaded page's view
    assert comms.pump(lambda: len(comms.replays.get(term.id, [])) == 2, 10)
    view, at, replay = comms.replays[term.id][1]
    assert view == "view-2" and at == len(term.screen) and replay == term.screen
    term.type("echo again-$kept\r")  # the same shell: its variable is still set
    term.wait_for(b"\r\nagain-42\r\n")
    term.view(False, id="view-2", page=True)  # gone again (a closed tab)
    assert comms.pump(lambda: term.status != "", SHORT_GRACE + 10)
    assert term.status == (f"closed: no page showed this terminal for {SHORT_GRACE:g} s; "
                           "its shell was hung up")
    left = k.run(LEFT_BEHIND)
    assert left.startswith("[] ") and hijacked not in left and "socket:[" in left, left
    assert processes(api, sleeper) == ["sleep 600"]
    assert term.id not in comms.closed and k.run("print(t.comm is None)").strip() == "False"
    term.view(True, id="view-3")  # a page that comes back later: the last screen, the line
    assert comms.pump(lambda: len(comms.replays.get(term.id, [])) == 3, 10)
    assert b"\r\nagain-42\r\n/ # " in comms.replays[term.id][2][2][-40:]


def test_a_crashed_page_is_released_after_the_grace_but_never_while_a_cell_runs(
        kernel, sleeper, api) -> None:
    """A crash says nothing: the kernel releases a terminal whose views fell silent for the
    grace, counting only time it could have handled their pings (a long cell holds them)."""
    k, comms = kernel
    short_grace(k)
    term = open_view(k, comms, f"%docker exec -it {sleeper} sh")
    for _ in range(4):  # a page that pings keeps it past the grace
        time.sleep(SHORT_GRACE / 3)
        term.ping()
    k.run("print(1)")
    assert term.status == "" and sorted(processes(api, sleeper)) == ["sh", "sleep 600"]
    crashed = time.monotonic()  # no ping from now on
    k.run(f"import time; time.sleep({SHORT_GRACE * 2})")  # the pings would wait behind it
    assert term.status == "" and sorted(processes(api, sleeper)) == ["sh", "sleep 600"]
    idle = time.monotonic()
    assert comms.pump(lambda: term.status != "", SHORT_GRACE + 10)
    released = time.monotonic()
    assert released - crashed >= SHORT_GRACE * 2 and released - idle < SHORT_GRACE + 5
    assert term.status.endswith("its shell was hung up")
    assert processes(api, sleeper) == ["sleep 600"]
    assert k.run(THREADS).strip() == "[]"


def test_a_page_that_no_longer_shows_a_view_forgets_it() -> None:
    """A notebook tab closed in JupyterLab sends no goodbye (its kernel connection closed
    first): the next view its page opens lists what the page still shows, and a cleared
    output then leaves no view, so the terminal closes at once. Another page's views stay."""
    from jupyter_docker.terminal.liveness import Views

    views = Views()
    views.heard("p.1", ["p.1"])
    views.heard("q.1", ["q.1"])  # another page (browser tab)
    views.heard("p.2", ["p.2"])  # p.1's tab was closed, the notebook reopened
    assert sorted(views.silent) == ["p.2", "q.1"]
    assert views.gone("p.2", []) is False  # q.1 still shows it
    assert views.gone("q.1", []) is True
    views.heard("v1")  # ids without a page (an older page): nothing forgotten
    views.heard("p.3", ["p.3"])
    assert sorted(views.silent) == ["p.3", "v1"]


def test_shutting_the_kernel_down_hangs_up_its_exec_shells(engine, sleeper, api) -> None:
    """Shut Down Kernel (or Close and Shut Down Notebook): a shutdown request, not a kill. The
    kernel's `exec -it` shells go with it, as when their terminals close."""
    from kernel import Kernel
    from terminal_comm import Comms

    k = Kernel(env={**os.environ, "JUPYTER_DOCKER_PROGRESS": "widget"}).__enter__()
    try:
        k.run("%load_ext jupyter_docker")
        comms = Comms(k)
        open_view(k, comms, f"%docker exec -it {sleeper} sh")
        exec_id = k.run("print(t.session.target.exec_id)").strip()
        assert sorted(processes(api, sleeper)) == ["sh", "sleep 600"]
        k.client.stop_channels()
        k.manager.shutdown_kernel(now=False)  # as JupyterLab's Shut Down Kernel asks
        assert not k.manager.is_alive()
        assert api.exec_inspect(exec_id)["Running"] is False
        assert processes(api, sleeper) == ["sleep 600"]
    finally:
        if k.manager.is_alive():
            k.__exit__(None, None, None)
