"""Terminal IPython on a real TTY (a pty, driven by pexpect): `run -it`, `attach` and
`exec -it` behave as the docker CLI does there: raw mode, bytes both ways, the window's size
followed, Ctrl-P Ctrl-Q detaches (`read escape sequence` from attach/exec), `exit` gives the
exit code, and the terminal is cooked again afterwards."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import pytest

from conftest import BASE_IMAGE
from jupyter_docker.terminal.tty import EscapeProxy, key_bytes

pexpect = pytest.importorskip("pexpect")

IPYTHON = os.path.join(os.path.dirname(sys.executable), "ipython")


def test_detach_keys_as_the_cli_reads_them() -> None:
    assert key_bytes(None) == b"\x10\x11"
    assert key_bytes("ctrl-x") == b"\x18"
    assert key_bytes("a,ctrl-@,ctrl-_,ctrl-[") == b"a\x00\x1f\x1b"


def test_the_escape_proxy_holds_a_prefix_back_until_the_next_key() -> None:
    proxy = EscapeProxy(b"\x10\x11")
    assert proxy.feed(b"ls\x10") == (b"ls", False)  # Ctrl-P held back: maybe a detach
    assert proxy.feed(b"x") == (b"\x10x", False)  # not one: both go on
    assert proxy.feed(b"\x10\x10") == (b"\x10", False)  # the second may start the sequence
    assert proxy.feed(b"\x11rest") == (b"", True)  # detach: nothing of it is sent
    assert proxy.feed(b"\x10\x11") == (b"", True)


class IPython:
    """`ipython` in a pty of 24x80 with the extension loaded; `cell` runs a line and waits
    for the next prompt, returning what was written in between (escapes and all)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.child = pexpect.spawn(IPYTHON, ["--no-banner", "--colors=NoColor"],
                                   env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))
        self.count = 1
        self.child.expect(r"In \[1\]")
        self.cell("%load_ext jupyter_docker")

    def cell(self, line: str) -> str:
        self.send(line + "\r")
        return self.prompt()

    def prompt(self) -> str:
        self.count += 1
        self.child.expect(rf"In \[{self.count}\]")
        return self.child.before

    def send(self, text: str) -> None:
        self.child.send(text)

    def magic(self, line: str) -> None:
        """Run a `%docker` line that takes the terminal over and wait until it has: the pty goes
        cooked (prompt_toolkit let go of it), then raw (ours). Keys typed before are
        prompt_toolkit's typeahead for its next prompt, not the container's."""
        import termios
        import time

        def canonical() -> bool:
            return bool(termios.tcgetattr(self.child.child_fd)[3] & termios.ICANON)

        self.send(line + "\r")
        for cooked in (True, False):
            deadline = time.monotonic() + 20
            while canonical() != cooked:
                assert time.monotonic() < deadline, f"the terminal never went {cooked=}"
                time.sleep(0.002)

    def expect(self, pattern: str) -> str:
        self.child.expect(pattern)
        return self.child.before

    def close(self) -> None:
        self.child.sendline("exit")
        self.child.expect(pexpect.EOF)
        self.child.close()


@pytest.fixture
def ipython(engine: Any) -> Any:
    shell = IPython(dict(os.environ))  # DOCKER_HOST is the engine's (conftest)
    yield shell
    if shell.child.isalive():
        shell.child.terminate(force=True)


def plain(text: str) -> list[str]:
    """The lines a person reads: escapes and blank lines gone."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    return [line for line in text.replace("\r", "").split("\n") if line.strip()]


def container_state(api: Any, name: str) -> dict:
    return api.inspect_container(name)["State"]


def test_run_it_detach_attach_exec_and_exit_like_the_cli(ipython, api, labels, unique) -> None:
    name = f"{unique}-tty"
    ipython.send(f"%docker run -it --name {name} {labels} {BASE_IMAGE} sh\r")
    ipython.expect("# ")
    ipython.send("echo $((6*7)); touch /tmp/made-before\r")
    ipython.expect("\r\n42\r\n")
    ipython.send("stty size\r")
    ipython.expect("\r\n24 80\r\n")  # the pty's size, sent at start
    ipython.child.setwinsize(30, 100)  # SIGWINCH -> the resize endpoint
    ipython.send("stty size\r")
    ipython.expect("\r\n30 100\r\n")
    ipython.send("\x10\x11")  # Ctrl-P Ctrl-Q: run says nothing, as the CLI's
    detached = ipython.prompt()
    assert "read escape sequence" not in detached and "Traceback" not in detached
    assert container_state(api, name)["Running"]

    ipython.magic(f"%docker attach {name}")
    ipython.send("\r")  # a TTY shows nothing until a key: the prompt again
    ipython.expect("# ")
    ipython.send("ls /tmp/made-before\r")
    ipython.expect("\r\n/tmp/made-before\r\n")
    ipython.send("\x10\x11")
    assert plain(ipython.prompt())[-1].endswith("read escape sequence")  # the CLI's words
    assert container_state(api, name)["Running"]

    ipython.send(f"%docker exec -it {name} sh\r")
    ipython.expect("# ")
    ipython.send("echo $((6*7))\r")
    ipython.expect("\r\n42\r\n")
    ipython.send("exit 4\r")
    exited = ipython.prompt()
    assert "Out[4]: exit code 4" in plain(exited), exited

    ipython.magic(f"%docker attach {name}")
    ipython.send("\r")
    ipython.expect("# ")
    ipython.send("exit 3\r")
    after = ipython.prompt()
    assert "Out[5]: exit code 3" in plain(after) and "Traceback" not in after
    state = container_state(api, name)
    assert not state["Running"] and state["ExitCode"] == 3

    stty = ipython.cell("!stty -a")  # the terminal is cooked again
    assert re.search(r"(?<!-)icanon", stty) and re.search(r"(?<![-\w])echo\b", stty), stty
    assert re.search(r"(?<!-)isig", stty) and re.search(r"(?<!-)opost", stty), stty
    assert "Out[7]: 2" in plain(ipython.cell("1+1"))
    ipython.close()


def test_ctrl_c_goes_to_the_container_and_rm_removes_it(ipython, api, labels, unique) -> None:
    name = f"{unique}-ttyc"
    ipython.send(f"%docker run -it --rm --name {name} {labels} {BASE_IMAGE} sh\r")
    ipython.expect("# ")
    ipython.send("sleep 100\r")
    ipython.expect("sleep 100\r\n")
    ipython.send("\x03")  # a key for the container's TTY, not a KeyboardInterrupt here
    ipython.expect(r"\^C\r\n/ # ")  # within the 30 s pexpect waits, not 100
    ipython.send("echo rc=$?\r")
    ipython.expect(r"rc=130")  # the sleep died of SIGINT
    ipython.send("exit\r")
    after = ipython.prompt()
    assert "KeyboardInterrupt" not in after and "Traceback" not in after
    assert not api.containers(all=True, filters={"name": name})
    ipython.close()


def test_detach_keys_flag_and_errors_leave_the_terminal_cooked(ipython, api, label_dict,
                                                                unique) -> None:
    name = f"{unique}-ttyk"
    api.start(api.create_container(BASE_IMAGE, ["sh"], name=name, tty=True, stdin_open=True,
                                   labels=label_dict))
    ipython.magic(f"%docker attach --detach-keys ctrl-x {name}")
    ipython.send("\r")
    ipython.expect("# ")
    ipython.send("\x10\x11echo still here\r")  # not the detach keys now: they reach the shell
    ipython.expect("still here\r\n")
    ipython.send("\x18")
    assert plain(ipython.prompt())[-1].endswith("read escape sequence")
    assert container_state(api, name)["Running"]
    api.remove_container(name, force=True)
    failed = ipython.cell(f"%docker exec -it {name} sh")
    assert "docker: " in failed and "Traceback" not in failed, failed
    assert re.search(r"(?<!-)icanon", ipython.cell("!stty -a"))
    ipython.close()


@pytest.mark.one_engine("the engine killed is a throwaway dockerd of its own (20.10)")
def test_engine_killed_under_the_terminal_one_line_and_cooked_again(label_dict) -> None:
    import signal

    from conftest import api_client
    from throwaway_engine import throwaway_engine

    if os.geteuid() != 0:
        pytest.skip("a throwaway engine needs root (network namespace, dockerd)")
    with throwaway_engine() as engine:
        sdk = api_client(engine.host)
        sdk.start(sdk.create_container(BASE_IMAGE, ["sleep", "600"], name="jdt-ttygone",
                                       labels=label_dict))
        ipython = IPython(dict(os.environ))
        try:
            ipython.send(f"%docker -H {engine.host} exec -it jdt-ttygone sh\r")
            ipython.expect("# ")
            ipython.send("echo alive-$((6*7))\r")
            ipython.expect("alive-42")
            engine.kill(signal.SIGKILL)
            said = plain(ipython.prompt())
            assert said[-1] == ("docker: the engine went away (ConnectionError): stopped "
                                "following exec in jdt-ttygone"), said
            assert "Traceback" not in "\n".join(said)
            assert re.search(r"(?<!-)icanon", ipython.cell("!stty -a"))
            assert "Out[4]: 2" in plain(ipython.cell("1+1"))  # the failed cell has no Out
            ipython.close()
        finally:
            if ipython.child.isalive():
                ipython.child.terminate(force=True)
    assert engine.leftovers() == []
