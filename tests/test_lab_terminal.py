"""The kernel side of the sidebar's Terminal tab (`jupyter_docker.lab.terminal` and
`close_terminal`) against the real engines: the same exec -it terminal as the magic's, bash
when the container has one, on the engine `%config DockerMagics.host` names, and closing it
ends the exec in the container (the engine alone keeps it running), its thread and socket."""

from __future__ import annotations

import threading
import time
from typing import Any, Iterator

import pytest

from conftest import BASE_IMAGE, H2_HOST, api_client
from jupyter_docker import lab

FAKE_BASH = ("mkdir -p /usr/local/bin && printf '#!/bin/sh\\nexport SHELL_WAS=bash\\n"
             "exec sh \"$@\"\\n' > /usr/local/bin/bash && chmod +x /usr/local/bin/bash && "
             "exec sleep 300")


@pytest.fixture
def widgets_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "widget")  # as in a kernel with a page


def running(api: Any, name: str, command: list[str], label_dict: dict[str, str]) -> str:
    api.create_container(BASE_IMAGE, command, name=name, labels=label_dict,
                         stop_signal="SIGKILL")
    api.start(name)
    return name


@pytest.fixture
def shell_box(api: Any, unique: str, label_dict: dict[str, str]) -> Iterator[str]:
    yield running(api, f"{unique}-sh", ["sleep", "300"], label_dict)
    api.remove_container(f"{unique}-sh", force=True)


@pytest.fixture
def bash_box(api: Any, unique: str, label_dict: dict[str, str]) -> Iterator[str]:
    """A container with a `bash` (a script that says so, then runs sh)."""
    yield running(api, f"{unique}-bash", ["sh", "-c", FAKE_BASH], label_dict)
    api.remove_container(f"{unique}-bash", force=True)


def open_terminal(name: str, key: str) -> tuple[Any, list[bytes]]:
    """lab.terminal() as the tab calls it, then what a page's view sends first: that it opened,
    and its size (which starts the session); returns the widget and what the container writes."""
    lab.terminal(name, key)
    widget = lab._terminals[key]
    seen: list[bytes] = []
    widget.session.on_output = seen.append
    widget._received(widget, {"type": "view", "open": True}, [])
    widget._received(widget, {"type": "resize", "rows": 24, "cols": 80}, [])
    return widget, seen


def typed(widget: Any, seen: list[bytes], keys: str, expect: str, timeout: float = 10) -> str:
    widget._received(widget, {"type": "in"}, [keys.encode()])
    deadline = time.monotonic() + timeout
    while expect not in b"".join(seen).decode(errors="replace"):
        assert time.monotonic() < deadline, b"".join(seen)
        time.sleep(0.05)
    return b"".join(seen).decode(errors="replace")


def terminal_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("jupyter-docker-terminal")]


def test_a_tab_terminal_answers_and_closing_it_ends_the_exec_in_the_container(
        ip, api, shell_box, widgets_drawn):
    widget, seen = open_terminal(shell_box, "k-sh")
    exec_id = widget.session.target.exec_id
    text = typed(widget, seen, "echo $((6*7))\r", "42\r\n")
    assert "\r\n42\r\n" in text
    assert api.exec_inspect(exec_id)["Running"]
    assert api.exec_inspect(exec_id)["ProcessConfig"]["entrypoint"] == "sh"
    assert "sh" in [p[-1] for p in api.top(shell_box)["Processes"]]  # the shell, as top shows

    assert lab.close_terminal("k-sh") is True
    assert api.exec_inspect(exec_id)["Running"] is False  # not left behind in the container
    assert [p[-1] for p in api.top(shell_box)["Processes"]] == ["sleep 300"]
    assert widget.session.stop.is_set() and widget.session._sock is None
    deadline = time.monotonic() + 5
    while terminal_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert terminal_threads() == []
    assert lab.close_terminal("k-sh") is False  # once
    assert api.inspect_container(shell_box)["State"]["Running"]  # the container goes on


def test_bash_when_the_container_has_one(ip, api, bash_box, widgets_drawn):
    listing = api.exec_create(bash_box, ["sh", "-c", "until [ -x /usr/local/bin/bash ]; do "
                                         "sleep 0.05; done"])  # written as it starts
    api.exec_start(listing["Id"])
    widget, seen = open_terminal(bash_box, "k-bash")
    try:
        text = typed(widget, seen, "echo shell=$SHELL_WAS\r", "shell=bash\r\n")
        assert "shell=bash" in text
    finally:
        lab.close_terminal("k-bash")


@pytest.mark.one_engine("the second engine H2 is beside the main one")
def test_the_terminal_and_the_panel_use_the_engine_of_config_docker_magics_host(
        ip, unique, label_dict, widgets_drawn):
    h2 = api_client(H2_HOST)
    name = running(h2, f"{unique}-h2", ["sleep", "300"], label_dict)
    ip.run_line_magic("config", f"DockerMagics.host = {H2_HOST!r}")
    try:
        snap = lab.snapshot()
        assert name in [c["name"] for c in snap["containers"]] and snap["engine"] == H2_HOST
        widget, seen = open_terminal(name, "k-h2")
        typed(widget, seen, "hostname\r", f"{h2.inspect_container(name)['Config']['Hostname']}\r\n")
        assert lab.close_terminal("k-h2")
        assert h2.exec_inspect(widget.session.target.exec_id)["Running"] is False
    finally:
        ip.run_line_magic("config", "DockerMagics.host = ''")
        h2.remove_container(name, force=True)
    assert name not in [c["name"] for c in lab.snapshot()["containers"]]
