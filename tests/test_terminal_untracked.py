"""The busy / idle the kernel publishes around a terminal's own comm messages (keys, acks,
pings, sizes) carry a parent whose msg_type is the one the server extension lists as untracked
(jupyter_docker/terminal/untracked.py), on the main shell and on a subshell, with the message's
own msg_id (the page's future ends on it); another widget's messages and a cell keep theirs."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_docker.terminal.untracked import MSG_TYPE, install
from terminal_comm import Terminal, create_subshell, kernel  # noqa: F401 - a fixture

pytestmark = pytest.mark.one_engine("the kernel's status, not the engine's")


def statuses(comms: Any, msg_id: str) -> list[tuple[str, str]]:
    """The busy and idle published with `msg_id` as their parent (read until the idle)."""
    assert comms.pump(lambda: ("idle" in [s for s, _ in comms.statuses.get(msg_id, [])]), 20), \
        comms.statuses.get(msg_id)
    return comms.statuses[msg_id]


def test_a_terminals_messages_have_our_status_parent_and_others_keep_theirs(
        kernel, sleeper) -> None:
    k, comms = kernel
    term = Terminal.open(k, comms, f"%docker exec -it {sleeper} sh", var="t")
    ours = [("busy", MSG_TYPE), ("idle", MSG_TYPE)]
    assert statuses(comms, term.resize(24, 80)) == ours  # on the main shell
    term.wait_for(b"# ")
    term.subshell = create_subshell(k)  # as JupyterLab sends widget messages
    assert statuses(comms, term.type("echo $((6*7))\r")) == ours
    term.wait_for(b"\r\n42\r\n")
    assert statuses(comms, term.ping()) == ours
    assert statuses(comms, comms.ack(term.id, comms.at[term.id])) == ours

    slider = Terminal(k, comms, k.run("import ipywidgets; s = ipywidgets.IntSlider(); "
                                      "print(s.model_id)").strip())
    slider.subshell = term.subshell
    assert statuses(comms, slider._send({"type": "anything"})) == [
        ("busy", "comm_msg"), ("idle", "comm_msg")]
    cell = k.client.execute("1 + 1")
    assert statuses(comms, cell) == [("busy", "execute_request"), ("idle", "execute_request")]

    k.run("t.close()")  # a closed terminal's comm id is forgotten
    assert statuses(comms, term.ping()) == [("busy", "comm_msg"), ("idle", "comm_msg")]


def test_a_kernel_without_the_hook_is_left_as_it_is() -> None:
    class Other:
        def _publish_status(self, status: str, parent: dict | None = None) -> None: ...

        def get_parent(self, channel: str) -> dict:
            return {}

    other = Other()
    assert install(object()) is False
    assert install(other) is False and "_publish_status" not in vars(other)
