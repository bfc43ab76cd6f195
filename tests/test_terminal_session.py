"""TerminalSession against a real engine: keys in, the shell's bytes out over the hijacked
socket, the exit code or the detach said once, and nothing (thread, socket) left behind."""

from __future__ import annotations

import os
import threading
import time
from typing import Any, Callable

import pytest

from conftest import BASE_IMAGE
from jupyter_docker.engine import connect
from jupyter_docker.terminal.session import THREAD_PREFIX, AttachTarget, TerminalSession


class Screen:
    """What the session sends: the bytes so far and the end line."""

    def __init__(self) -> None:
        self.data = b""
        self.ended: list[str] = []
        self.changed = threading.Condition()

    def output(self, data: bytes) -> None:
        with self.changed:
            self.data += data
            self.changed.notify_all()

    def end(self, line: str) -> None:
        with self.changed:
            self.ended.append(line)
            self.changed.notify_all()

    def wait(self, ok: Callable[[], bool], timeout: float = 15) -> None:
        with self.changed:
            assert self.changed.wait_for(ok, timeout), (self.data[-500:], self.ended)


@pytest.fixture
def sleeper(api: Any, label_dict: dict, unique: str) -> Any:
    container = api.create_container(BASE_IMAGE, ["sleep", "300"], name=f"{unique}-term",
                                     labels=label_dict)
    api.start(container)
    yield f"{unique}-term"
    api.remove_container(container, force=True)


def open_sockets() -> set[str]:
    """This process's open descriptors (`socket:[inode]` for sockets)."""
    import os

    names = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            names.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass  # the listing's own descriptor
    return names


def test_a_shell_answers_keys_and_exit_says_its_code(engine, sleeper) -> None:
    screen = Screen()
    session = TerminalSession.exec(connect(engine.host), sleeper, ["sh"], screen.output, screen.end)
    session.start(rows=30, cols=100)
    hijacked = os.readlink(f"/proc/self/fd/{session._sock.fileno()}")
    assert hijacked.startswith("socket:[") and hijacked in open_sockets()
    session.write(b"stty size; echo $((6*7))\r")
    screen.wait(lambda: b"30 100" in screen.data and b"\r\n42\r\n" in screen.data)
    session.write(b"exit 3\r")
    screen.wait(lambda: bool(screen.ended))
    assert screen.ended == ["exit code 3"]
    session.thread.join(5)
    assert not session.thread.is_alive()
    assert not [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]
    assert hijacked not in open_sockets()


def test_ctrl_p_ctrl_q_detaches_and_says_what_the_engine_did_with_the_exec(
        engine, api, sleeper) -> None:
    screen = Screen()
    session = TerminalSession.exec(connect(engine.host), sleeper, ["sh"], screen.output, screen.end)
    session.start()
    session.write(b"echo ready\r")
    screen.wait(lambda: b"\r\nready\r\n" in screen.data)
    session.write(b"\x10\x11")  # Ctrl-P Ctrl-Q
    screen.wait(lambda: bool(screen.ended))
    info = api.exec_inspect(session.target.exec_id)
    if info["Running"]:  # an engine that keeps an exec running after a detach
        assert screen.ended == [
            f"detached from exec in {sleeper} (Ctrl-P Ctrl-Q): it keeps running"]
    else:  # engine 20.10: "exec attach failed: ... read escape sequence", the shell ends
        assert b"read escape sequence" in screen.data
        assert screen.ended == [f"detached from exec in {sleeper} (Ctrl-P Ctrl-Q): the engine "
                                f"ended the exec (exit code {info['ExitCode']})"]
    assert api.inspect_container(sleeper)["State"]["Running"]


def test_close_stops_the_reader_without_an_end_line(engine, sleeper) -> None:
    screen = Screen()
    session = TerminalSession.exec(connect(engine.host), sleeper, ["sh"], screen.output, screen.end)
    session.start()
    screen.wait(lambda: b"#" in screen.data)  # the prompt
    session.close()
    session.close()  # twice is fine
    session.thread.join(5)
    assert not session.thread.is_alive()
    time.sleep(0.2)
    assert screen.ended == []


def test_in_a_kernel_exec_it_returns_the_terminal_at_once_and_text_mode_keeps_the_note(
        sleeper) -> None:
    from kernel import Kernel

    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        started = time.monotonic()
        out = k.outputs(f"%docker exec -it {sleeper} sh")
        assert time.monotonic() - started < 10
        assert [o[:2] for o in out] == [
            ("execute_result", "application/vnd.jupyter.widget-view+json,text/plain")], out
        # no page drew it: the session waits for the page's first size, no thread yet
        assert k.run("import threading; print([t.name for t in threading.enumerate() "
                     "if t.name.startswith('jupyter-docker-terminal')])").strip() == "[]"
    with Kernel(env={**os.environ, "JUPYTER_DOCKER_PROGRESS": "text"}) as k:
        k.run("%load_ext jupyter_docker")
        out = k.outputs(f"%docker exec -it {sleeper} true")
        assert [o[:2] for o in out] == [("display_data", "text/html,text/plain")], out
        assert "a notebook has no terminal" in out[0][2]


@pytest.fixture
def shell(api: Any, label_dict: dict, unique: str) -> Any:
    """A container made like `run -dit IMAGE sh`: a shell on a TTY, stdin open."""
    container = api.create_container(BASE_IMAGE, ["sh"], name=f"{unique}-it", tty=True,
                                     stdin_open=True, labels=label_dict)
    api.start(container)
    yield f"{unique}-it"
    api.remove_container(container, force=True)


def test_attach_detaches_with_ctrl_p_ctrl_q_and_comes_back_to_the_same_shell(
        engine, api, shell) -> None:
    screen = Screen()
    session = TerminalSession(AttachTarget(connect(engine.host), shell), screen.output, screen.end)
    session.start(rows=20, cols=70)
    session.write(b"echo kept > /tmp/mark; stty size\r")
    screen.wait(lambda: b"20 70" in screen.data)
    session.write(b"\x10\x11")
    screen.wait(lambda: bool(screen.ended))
    assert screen.ended == [f"detached from {shell} (Ctrl-P Ctrl-Q): it keeps running"]
    assert api.inspect_container(shell)["State"]["Running"]

    again = Screen()
    session = TerminalSession(AttachTarget(connect(engine.host), shell), again.output, again.end)
    session.start()
    session.write(b"cat /tmp/mark\r")
    again.wait(lambda: b"\r\nkept\r\n" in again.data)
    session.write(b"exit 5\r")
    again.wait(lambda: bool(again.ended))
    assert again.ended == ["exit code 5"]
    session.thread.join(5)
    assert not session.thread.is_alive()
