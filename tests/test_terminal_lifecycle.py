"""The live terminal's life and its channel to the kernel, through a real kernel and the
widget's own comm messages (tests/terminal_comm.py): keys sent on the page's subshell answer
while another cell runs; a closed terminal leaves no thread, socket or shell behind; a terminal
no page ever draws (nbclient) leaves no container half-made."""

from __future__ import annotations

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
