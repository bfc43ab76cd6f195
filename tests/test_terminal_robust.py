"""The kernel side of the live terminal under stress, through a real kernel and the widget's
own comm messages (tests/terminal_comm.py): two terminals in one container, Ctrl-C as a key,
full-screen programs, flow control (a page that does not acknowledge pauses the container),
and the engine killed under an open terminal (its own throwaway dockerd)."""

from __future__ import annotations

import os
import re
import signal
import time
from typing import Any

import pytest

from conftest import BASE_IMAGE, api_client
from jupyter_docker.terminal.flow import HIGH
from kernel import Kernel
from terminal_comm import THREADS, Comms, Terminal, kernel  # noqa: F401 - a fixture

def shell(k: Any, comms: Comms, container: str, var: str) -> Terminal:
    """`var = %docker exec -it CONTAINER sh`, drawn 24x80 by a page, at its prompt."""
    term = Terminal.open(k, comms, f"%docker exec -it {container} sh", var=var)
    term.resize(24, 80)
    term.wait_for(b"# ")
    return term


def socket_of(k: Any, var: str) -> str:
    """The `socket:[inode]` of the terminal's hijacked connection, seen from the kernel."""
    return k.run(f"import os; print(os.readlink(f'/proc/self/fd/{{{var}.session._sock.fileno()}}'))"
                 ).strip()


def kernel_sockets(k: Any) -> str:
    return k.run("import os; print(sorted(os.readlink(f'/proc/self/fd/{f}') "
                 "for f in os.listdir('/proc/self/fd') if os.path.exists(f'/proc/self/fd/{f}')))")


def test_two_terminals_in_one_container_each_get_their_own_output(kernel, sleeper
                                                                  ) -> None:
    k, comms = kernel
    one = Terminal.open(k, comms, f"%docker exec -it {sleeper} sh", var="t1")
    two = Terminal.open(k, comms, f"%docker exec -it {sleeper} sh", var="t2")
    one.resize(24, 80)
    two.resize(20, 60)
    one.wait_for(b"# ")
    two.wait_for(b"# ")
    one.type("echo one-$((40+2)); stty size\r")
    two.type("echo two-$((50+5)); stty size\r")
    one.wait_for(b"one-42\r\n24 80\r\n")
    two.wait_for(b"two-55\r\n20 60\r\n")
    assert b"two-55" not in one.screen and b"one-42" not in two.screen
    one.type("exit 3\r")
    assert one.wait_status() == "exit code 3"
    two.type("echo still-$((1+1))\r")  # the other one carries on
    two.wait_for(b"still-2")
    two.type("exit\r")
    assert two.wait_status() == "exit code 0"
    assert k.run(THREADS).strip() == "[]"


def test_ctrl_c_interrupts_the_sleep_in_the_container_not_the_kernel(kernel, sleeper
                                                                     ) -> None:
    k, comms = kernel
    term = shell(k, comms, sleeper, "t")
    term.type("sleep 100\r")
    term.wait_for(b"sleep 100\r\n")
    time.sleep(0.5)
    started = time.monotonic()
    term.type(b"\x03")
    term.wait_for(lambda: re.search(rb"\^C\r\n/ # ", term.screen) is not None, timeout=20)
    assert time.monotonic() - started < 20  # not the 100 s of the sleep
    term.type("echo rc=$?\r")
    term.wait_for(b"rc=130")  # the sleep died of SIGINT
    out = k.outputs("1+1")
    assert out == [("execute_result", "text/plain", "2")], out  # no KeyboardInterrupt
    assert k.run("print(t.status == '', t.session.thread.is_alive())").strip() == "True True"
    term.type("exit\r")
    assert term.wait_status() == "exit code 0"


def test_top_and_vi_draw_and_quit_and_the_session_ends_cleanly(kernel, sleeper) -> None:
    k, comms = kernel
    term = shell(k, comms, sleeper, "t")
    hijacked = socket_of(k, "t")
    term.type("top\r")
    term.wait_for(lambda: b"Mem:" in term.screen and b"PID" in term.screen)
    term.type("q")
    term.type("echo top-$((2+3))\r")
    term.wait_for(b"top-5")
    mark = len(term.screen)
    term.type("vi /tmp/notes\r")
    term.wait_for(lambda: b"~" in term.screen[mark:] and b"/tmp/notes" in term.screen[mark:])
    term.type("ihello from vi\x1b")
    term.wait_for(b"hello from vi")
    term.type(":q!\r")
    term.type("echo vi-$((3+4)); ls /tmp/notes\r")
    term.wait_for(b"vi-7")
    term.wait_for(b"No such file")  # :q! wrote nothing
    term.type("exit 0\r")
    assert term.wait_status() == "exit code 0"
    assert k.run(THREADS).strip() == "[]"
    assert hijacked not in kernel_sockets(k)


LINE = b"0123456789" * 4 + b"abcdefgh"  # 48 bytes, 49 with the newline, 50 through the TTY
FLOOD = 5_000_000  # bytes of `yes LINE`: far more than every buffer between container and kernel


READER_ENDED = ("import time\nfor _ in range(30):\n"  # False once {var}'s reader ended (3 s)
                "    if not {var}.session.thread.is_alive(): break\n"
                "    time.sleep(0.1)\n"
                "print({var}.session.thread.is_alive())")


def flood(term: Terminal) -> None:
    """Start printing FLOOD bytes, then a file and a line that say the printing finished."""
    term.type(f"rm -f /tmp/done; yes {LINE.decode()} | head -c {FLOOD}; touch /tmp/done; "
              "echo fin-$((6*7))\r")


def done_in(api: Any, container: str) -> bool:
    """Whether the container's `head` finished writing (the flood's marker file exists)."""
    exec_id = api.exec_create(container, ["test", "-e", "/tmp/done"])["Id"]
    api.exec_start(exec_id)
    return api.exec_inspect(exec_id)["ExitCode"] == 0


def still(term: Terminal, seconds: float) -> int:
    """Read iopub for `seconds`; the terminal's stream offset after them."""
    term.comms.pump(lambda: False, seconds)
    return term.comms.at[term.id]


def test_a_page_that_acknowledges_nothing_pauses_the_container_until_it_does(
        kernel, api, sleeper) -> None:
    k, comms = kernel
    term = shell(k, comms, sleeper, "t")
    k.run("t.session.ahead.enabled = False")  # every byte to the page (no fast-forward)
    term.type("echo ready-$((1+1))\r")
    term.wait_for(b"ready-2\r\n/ # ")
    acked = comms.at[term.id]  # acknowledged as it came (the page keeps up so far)
    term.hold()
    flood(term)
    term.wait_for(lambda: comms.at[term.id] - acked >= HIGH, timeout=30)
    at = still(term, 3)
    assert at - acked == HIGH  # the reader sent exactly the window, then stopped reading
    assert still(term, 2) == at
    assert not done_in(api, sleeper)  # the container's writes block on its TTY meanwhile
    assert k.run("print(t.session.window.paused, t.session.thread.is_alive())"
                 ).strip() == "True True"
    assert k.outputs("1+1") == [("execute_result", "text/plain", "2")]  # the kernel is free

    term.ack()  # the page caught up: reading resumes, acknowledged as it comes
    term.wait_for(b"fin-42\r\n", timeout=120)
    assert done_in(api, sleeper)
    body = term.screen[term.screen.index(b"done; ") :]
    assert body.count(LINE + b"\r\n") == FLOOD // (len(LINE) + 1)  # nothing lost
    pauses = int(k.run("print(t.session.window.pauses)"))
    assert pauses >= 1
    term.type("exit 0\r")
    assert term.wait_status() == "exit code 0"
    assert k.run(READER_ENDED.format(var="t")).strip() == "False"


def test_fast_forward_reads_the_flood_while_the_page_lags_and_sends_its_last_lines(
        kernel, api, sleeper) -> None:
    """With the fast-forward on, a page that acknowledges nothing still gets only the window,
    but the container is not held: its flood ends, and once the page catches up it gets the
    flood's last lines and what followed, not all of it."""
    k, comms = kernel
    term = shell(k, comms, sleeper, "t")
    term.type("echo ready-$((1+1))\r")
    term.wait_for(b"ready-2\r\n/ # ")
    acked = comms.at[term.id]
    term.hold()
    flood(term)
    deadline = time.monotonic() + 60
    while not done_in(api, sleeper) and time.monotonic() < deadline:
        still(term, 0.5)
    assert done_in(api, sleeper)  # the container's writes never blocked for long
    assert comms.at[term.id] - acked <= HIGH  # only the window was sent meanwhile
    term.ack()
    term.wait_for(b"fin-42\r\n", timeout=60)
    body = term.screen[term.screen.index(b"done; "):]
    sent = body.count(LINE + b"\r\n")
    assert 5000 < sent < FLOOD // (len(LINE) + 1) // 2, sent  # its last lines, not all
    assert b"fin-42\r\n/ # " in body[-40:]
    dropped = int(k.run("print(t.session.ahead.dropped)"))
    assert dropped > FLOOD // 2
    term.type("exit 0\r")
    assert term.wait_status() == "exit code 0"


def test_a_paused_terminal_detaches_and_closes_at_once(kernel, api, sleeper) -> None:
    k, comms = kernel
    term = shell(k, comms, sleeper, "t")
    k.run("t.session.ahead.enabled = False")  # the container held by the page
    term.hold()
    flood(term)
    term.wait_for(lambda: k.run("print(t.session.window.paused)").strip() == "True",
                  timeout=30)
    started = time.monotonic()
    term._send({"type": "detach"})  # the Detach button, with nothing acknowledged
    status = term.wait_status(timeout=30)
    assert time.monotonic() - started < 10, status
    # the exec runs on, or (engine 20.10: a stream closed while its output was blocked) ended
    assert (status == f"detached from exec in {sleeper} (Detach): it keeps running"
            or re.fullmatch(r"exit code \d+", status)), status
    assert k.run(READER_ENDED.format(var="t")).strip() == "False"  # the reader ended

    two = shell(k, comms, sleeper, "t2")
    hijacked = socket_of(k, "t2")
    k.run("t2.session.ahead.enabled = False")
    two.hold()
    flood(two)
    two.wait_for(lambda: k.run("print(t2.session.window.paused)").strip() == "True",
                 timeout=30)
    k.run("t2.close()")  # a closed widget (no view left): no end line, nothing left
    assert k.run(READER_ENDED.format(var="t2")).strip() == "False"
    assert hijacked not in kernel_sockets(k)


@pytest.mark.one_engine("the engine killed is a throwaway dockerd of its own (20.10)")
def test_engine_killed_under_an_open_terminal(label_dict) -> None:
    from throwaway_engine import throwaway_engine

    if os.geteuid() != 0:
        pytest.skip("a throwaway engine needs root (network namespace, dockerd)")
    with throwaway_engine() as engine:
        sdk = api_client(engine.host)
        sdk.start(sdk.create_container(BASE_IMAGE, ["sleep", "600"], name="jdt-termgone",
                                       labels=label_dict))
        with Kernel(env={**os.environ, "JUPYTER_DOCKER_PROGRESS": "widget"}) as k:
            comms = Comms(k)
            k.run("%load_ext jupyter_docker")
            term = Terminal.open(k, comms, f"%docker -H {engine.host} exec -it jdt-termgone sh",
                                 var="t")
            term.resize(24, 80)
            term.wait_for(b"# ")
            hijacked = socket_of(k, "t")
            term.type("echo alive-$((6*7))\r")
            term.wait_for(b"alive-42")
            engine.kill(signal.SIGKILL)
            status = term.wait_status(timeout=30)
            assert status == ("docker: the stream ended and the engine did not answer "
                              "(ConnectionError)"), status
            assert k.outputs("1+1") == [("execute_result", "text/plain", "2")]
            assert k.run(THREADS).strip() == "[]"  # the reader thread ended
            assert hijacked not in kernel_sockets(k)  # and its socket is closed
            assert k.run("print(t.session._sock)").strip() == "None"
    assert engine.leftovers() == []


def test_container_removed_under_open_terminals_says_so_in_one_line(kernel, api, labels,
                                                                   unique) -> None:
    """`rm -f` of the container under an `exec -it` and a `container attach` terminal: each
    says so in one line (with the exit code the CLI's attach returns, 137), the kernel and a
    terminal of another container carry on."""
    k, comms = kernel
    name, other = f"{unique}-gone", f"{unique}-stays"
    try:
        for each in (name, other):
            k.run(f"%docker run -dit --name {each} {labels} {BASE_IMAGE} sh")
        in_exec = Terminal.open(k, comms, f"%docker exec -it {name} sh", var="t1")
        attached = Terminal.open(k, comms, f"%docker container attach {name}", var="t2")
        third = Terminal.open(k, comms, f"%docker exec -it {other} sh", var="t3")
        for term in (in_exec, attached, third):
            term.resize(24, 80)
        in_exec.wait_for(b"# ")
        third.wait_for(b"# ")
        attached.type("echo attached-$((6*7))\r")
        attached.wait_for(b"attached-42")
        api.remove_container(name, force=True)
        said = [in_exec.wait_status(), attached.wait_status()]
        assert said == [f"the container {name} was removed (exit code 137)"] * 2, said
        assert k.outputs("1+1") == [("execute_result", "text/plain", "2")]
        third.type("echo still-$((2+2))\r")
        third.wait_for(b"still-4")
        third.type("exit\r")
        assert third.wait_status() == "exit code 0"
        assert k.run(THREADS).strip() == "[]"
    finally:
        for each in (name, other):
            if api.containers(all=True, filters={"name": each}):
                api.remove_container(each, force=True)


def test_run_dit_then_container_attach_and_start_ai_with_detach_keys_through_the_magic(
        kernel, api, labels, unique) -> None:
    """The magic's own flags: `run -dit`, then `container attach --detach-keys ctrl-x,x`
    (Ctrl-P Ctrl-Q are ordinary keys then), `attach` with the default keys, `stop`, and
    `start -ai --detach-keys` back into the same container and its file."""
    k, comms = kernel
    name = f"{unique}-keys"
    try:
        k.run(f"%docker run -dit --name {name} {labels} {BASE_IMAGE} sh")
        term = Terminal.open(k, comms, f"%docker container attach --detach-keys ctrl-x,x {name}",
                             var="t1")
        term.resize(24, 80)
        term.type("echo kept > /kept; echo one-$((6*7))\r")
        term.wait_for(b"one-42")
        term.type(b"\x10\x11")  # Ctrl-P Ctrl-Q: keys like others with --detach-keys
        term.type("echo two-$((5*5))\r")
        term.wait_for(b"two-25")
        assert term.status == ""
        term.type(b"\x18x")  # Ctrl-X x
        assert term.wait_status() == f"detached from {name} (Ctrl-X x): it keeps running"
        assert api.inspect_container(name)["State"]["Running"]
        back = Terminal.open(k, comms, f"%docker attach {name}", var="t2")
        back.resize(24, 80)
        back.type("cat /kept\r")
        back.wait_for(b"\r\nkept\r\n")
        back.type(b"\x10\x11")
        assert back.wait_status() == f"detached from {name} (Ctrl-P Ctrl-Q): it keeps running"
        k.run(f"%docker stop -t 1 {name}")
        started = Terminal.open(k, comms, f"%docker start -ai --detach-keys ctrl-e,e {name}",
                                var="t3")
        started.resize(24, 80)
        started.wait_for(b"# ")
        started.type("cat /kept\r")
        started.wait_for(b"\r\nkept\r\n")
        started.type(b"\x05e")
        assert started.wait_status() == f"detached from {name} (Ctrl-E e): it keeps running"
        assert api.inspect_container(name)["State"]["Running"]
        assert k.run(THREADS).strip() == "[]"
    finally:
        if api.containers(all=True, filters={"name": name}):
            api.remove_container(name, force=True)
