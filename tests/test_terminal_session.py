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
from terminal_comm import LEFT_BEHIND


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
        sleeper, labels) -> None:
    from kernel import Kernel

    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        started = time.monotonic()
        out = k.outputs(f"%docker exec -it {sleeper} sh")
        assert time.monotonic() - started < 10
        assert [o[:2] for o in out] == [
            ("display_data", "application/vnd.jupyter.widget-view+json,text/plain")], out
        assert out[0][2] == (f"docker exec -it {sleeper} sh: a live terminal where widgets "
                             "draw; where none draws it (nbclient, nbconvert) nothing runs and "
                             "nothing is left behind")
        # no page drew it: the session waits for the page's first size, no reader yet (only
        # the wait for a first view)
        assert k.run("import threading; print([t.name for t in threading.enumerate() "
                     "if t.name.startswith('jupyter-docker-terminal')])").strip() == \
            "['jupyter-docker-terminal-unseen']"
    with Kernel(env={**os.environ, "JUPYTER_DOCKER_PROGRESS": "text"}) as k:
        k.run("%load_ext jupyter_docker")
        out = k.outputs(f"%docker exec -it {sleeper} true")
        assert [o[:2] for o in out] == [("display_data", "text/html,text/plain")], out
        assert "a notebook has no terminal" in out[0][2]
        out = k.outputs(f"%docker run -it --rm {labels} {BASE_IMAGE} echo hi")
        assert [o[:2] for o in out][0] == ("display_data", "text/html,text/plain"), out
        assert "a notebook has no terminal" in out[0][2] and ("stream", "stdout", "hi\n") in out


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


def created_it(api: Any, name: str, label_dict: dict, rm: bool = False) -> str:
    """A container made as `run -it` makes it before it starts (AttachStdin, StdinOnce)."""
    host = api.create_host_config(auto_remove=rm)
    api.create_container(BASE_IMAGE, ["sh"], name=name, tty=True, stdin_open=True,
                         detach=False, labels=label_dict, host_config=host)
    return name


def test_run_attaches_before_it_starts_and_rm_removes_it_after_exit(
        engine, api, label_dict, unique) -> None:
    from jupyter_docker.terminal.session import RunTarget

    name = created_it(api, f"{unique}-run", label_dict, rm=True)
    try:
        screen = Screen()
        session = TerminalSession(RunTarget(connect(engine.host), name, name, rm=True),
                                  screen.output, screen.end)
        session.start(rows=22, cols=90)
        screen.wait(lambda: b"#" in screen.data)  # the first prompt was not lost
        session.write(b"stty size; echo $((6*7))\r")
        screen.wait(lambda: b"22 90" in screen.data and b"\r\n42\r\n" in screen.data)
        session.write(b"exit 4\r")
        screen.wait(lambda: bool(screen.ended))
        assert screen.ended == ["exit code 4"]
        assert not api.containers(all=True, filters={"name": name})  # --rm: gone
        session.thread.join(5)
        assert not [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]
    finally:
        if api.containers(all=True, filters={"name": name}):
            api.remove_container(name, force=True)


def test_custom_detach_keys_detach_a_run_and_the_detach_button_an_exec(
        engine, api, label_dict, unique) -> None:
    from jupyter_docker.terminal.session import ExecTarget, RunTarget

    name = created_it(api, f"{unique}-keys", label_dict)
    try:
        screen = Screen()
        session = TerminalSession(RunTarget(connect(engine.host), name, name, rm=False,
                                            detach_keys="ctrl-x,x"), screen.output, screen.end)
        session.start()
        session.write(b"echo ready\r")
        screen.wait(lambda: b"\r\nready\r\n" in screen.data)
        session.write(b"\x10\x11")  # Ctrl-P Ctrl-Q are keys like others now
        session.write(b"\x18x")  # Ctrl-X x
        screen.wait(lambda: bool(screen.ended))
        assert screen.ended == [f"detached from {name} (Ctrl-X x): it keeps running"]
        assert api.inspect_container(name)["State"]["Running"]

        shell = Screen()
        session = TerminalSession(ExecTarget(connect(engine.host), name, ["sh"]),
                                  shell.output, shell.end)
        session.start()
        session.write(b"echo in-exec\r")
        shell.wait(lambda: b"\r\nin-exec\r\n" in shell.data)
        session.detach()  # the Detach button: the client's stream ends, the exec runs on
        shell.wait(lambda: bool(shell.ended))
        assert shell.ended == [f"detached from exec in {name} (Detach): it keeps running"]
        assert api.exec_inspect(session.target.exec_id)["Running"]
        session.thread.join(5)
        assert not session.thread.is_alive()
    finally:
        api.remove_container(name, force=True)


def test_detach_keys_come_from_the_flag_then_config_json_then_the_default(
        tmp_path, monkeypatch) -> None:
    import json

    from jupyter_docker.errors import UsageError
    from jupyter_docker.terminal import keys

    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    assert keys.chosen(None) == "ctrl-p,ctrl-q"
    (tmp_path / "config.json").write_text(json.dumps({"detachKeys": "ctrl-e,e"}))
    assert keys.chosen(None) == "ctrl-e,e" and keys.as_bytes("ctrl-e,e") == b"\x05e"
    assert keys.chosen("ctrl-a") == "ctrl-a"
    (tmp_path / "config.json").write_text(json.dumps({"detachKeys": "ctrl-ee"}))
    with pytest.raises(UsageError, match=r"Invalid detach keys \(ctrl-ee\) provided"):
        keys.chosen(None)


class Page:
    """What the page's view does, over the kernel's comm channel: size, keys, screen, view
    open/close, as terminal.js sends them; what came back on iopub is kept in `seen`."""

    def __init__(self, kernel: Any, comm_id: str) -> None:
        self.kc, self.comm_id = kernel.client, comm_id
        self.seen: list[dict] = []
        self.data = b""

    def send(self, content: dict, buffers: list[bytes] | None = None) -> None:
        msg = self.kc.session.msg("comm_msg", {"comm_id": self.comm_id,
                                               "data": {"method": "custom", "content": content}})
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers or [])

    def wait(self, ok: Callable[[dict], bool], timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            self.seen.append(msg)
            if msg["msg_type"] == "comm_msg" and msg["content"]["data"].get("method") == "custom":
                self.data += b"".join(bytes(b) for b in msg.get("buffers") or [])
            if ok(msg):
                return msg


def test_run_it_in_a_kernel_is_a_terminal_whose_end_becomes_the_saved_text(
        labels, unique, api) -> None:
    from kernel import Kernel

    name = f"{unique}-kit"
    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        kc = k.client
        msg = kc.session.msg("execute_request", {"code": f"%docker run -it --rm --name {name} "
                                                 f"{labels} {BASE_IMAGE} sh", "silent": False})
        kc.shell_channel.send(msg)
        shown = None
        while shown is None:
            reply = kc.get_iopub_msg(timeout=60)
            assert reply["msg_type"] != "error", reply["content"]
            if reply["msg_type"] == "display_data":
                shown = reply["content"]
        assert shown["data"]["text/plain"] == (
            f"docker run -it --rm {BASE_IMAGE} sh: a live terminal where widgets draw; where "
            "none draws it (nbclient, nbconvert) nothing runs and nothing is left behind")
        display_id = shown["transient"]["display_id"]
        page = Page(k, shown["data"]["application/vnd.jupyter.widget-view+json"]["model_id"])
        assert api.inspect_container(name)["State"]["Status"] == "created"  # starts on view
        page.send({"type": "view", "open": True, "id": "v1"})
        page.send({"type": "resize", "rows": 20, "cols": 77})
        page.wait(lambda m: b"#" in page.data)
        assert api.inspect_container(name)["State"]["Running"]
        page.send({"type": "in"}, [b"touch /made; stty size; echo $((6*7))\r"])
        page.wait(lambda m: b"20 77" in page.data and b"\r\n42\r\n" in page.data)
        page.send({"type": "in"}, [b"exit 2\r"])
        page.wait(lambda m: m["msg_type"] == "comm_msg"
                  and m["content"]["data"].get("state", {}).get("status") == "exit code 2")
        assert not api.containers(all=True, filters={"name": name})  # --rm
        page.send({"type": "screen", "text": "# echo $((6*7))\n42\n# exit 2"})
        update = page.wait(lambda m: m["msg_type"] == "update_display_data")["content"]
        assert update["transient"]["display_id"] == display_id
        assert update["data"]["text/plain"] == "# echo $((6*7))\n42\n# exit 2\nexit code 2"
        assert "application/vnd.jupyter.widget-view+json" in update["data"]
        page.send({"type": "view", "open": False, "id": "v1"})  # the output cleared: it closes
        page.wait(lambda m: m["msg_type"] == "comm_close")
        assert k.run("import threading, gc; print([t.name for t in threading.enumerate() "
                     "if t.name.startswith('jupyter-docker-terminal')])").strip() == "[]"


def test_a_terminal_with_no_view_left_closes_its_session_thread_and_socket(
        sleeper) -> None:
    from kernel import Kernel

    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        kc = k.client
        msg = kc.session.msg("execute_request", {"code": f"%docker exec -it {sleeper} sh",
                                                 "silent": False})
        kc.shell_channel.send(msg)
        while True:
            reply = kc.get_iopub_msg(timeout=60)
            if reply["msg_type"] == "display_data":
                break
        page = Page(k, reply["content"]["data"][
            "application/vnd.jupyter.widget-view+json"]["model_id"])
        page.send({"type": "view", "open": True, "id": "v1"})
        page.send({"type": "resize", "rows": 24, "cols": 80})
        page.wait(lambda m: b"#" in page.data)
        k.run("t = _")  # the cell's value, shown by display (not as Out[n])
        fd = k.run("print(t.session._sock.fileno())").strip()
        hijacked = k.run(f"import os; print(os.readlink('/proc/self/fd/{fd}'))").strip()
        assert hijacked.startswith("socket:[")
        page.send({"type": "view", "open": True, "id": "v2"})  # a second view (a re-render)
        page.send({"type": "view", "open": False, "id": "v1"})  # ... the first gone: still live
        time.sleep(2.5)
        assert k.run("print(t.session.stop.is_set(), t.comm is None)").strip() == "False False"
        page.send({"type": "view", "open": False, "id": "v2"})  # none left
        page.wait(lambda m: m["msg_type"] == "comm_close", timeout=10)
        left = k.run(LEFT_BEHIND)
        assert left.startswith("[] ") and hijacked not in left and "socket:[" in left


def test_container_start_ai_of_an_it_container_is_its_terminal_and_starts_on_view(
        api, label_dict, unique) -> None:
    from kernel import Kernel

    name = created_it(api, f"{unique}-sai", label_dict)
    try:
        with Kernel() as k:
            k.run("%load_ext jupyter_docker")
            out = k.outputs(f"%docker container start -ai {name}")
            assert [o[:2] for o in out] == [
                ("display_data", "application/vnd.jupyter.widget-view+json,text/plain")], out
            assert api.inspect_container(name)["State"]["Status"] == "created"
            page = Page(k, k.run("print(_.model_id)").strip())
            page.send({"type": "resize", "rows": 24, "cols": 80})
            page.wait(lambda m: b"#" in page.data)  # attached before the start: the prompt
            page.send({"type": "in"}, [b"exit 6\r"])
            page.wait(lambda m: m["msg_type"] == "comm_msg"
                      and m["content"]["data"].get("state", {}).get("status") == "exit code 6")
            assert api.inspect_container(name)["State"]["ExitCode"] == 6
    finally:
        api.remove_container(name, force=True)
