"""Completion and help as JupyterLab asks for them: `complete_request` and `inspect_request`
to a real kernel (ipykernel -> IPython's `completions()` with Jedi), `%docker ps?` in a cell."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from conftest import BASE_IMAGE
from kernel import Kernel

from jupyter_docker.commands import REGISTRY
from jupyter_docker.help import command_help

SLEEPER = "sh -c 'trap \"exit 0\" TERM; sleep 300 & wait'"


@pytest.fixture(scope="module")
def kernel() -> Iterator[Kernel]:
    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        yield k


def complete(k: Kernel, code: str, cursor: int | None = None) -> dict[str, Any]:
    """The reply to the `complete_request` JupyterLab sends on Tab."""
    reply = k.client.complete(code, len(code) if cursor is None else cursor, reply=True,
                              timeout=60)["content"]
    assert reply["status"] == "ok"
    return reply


def types(reply: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """text -> (type, signature), as JupyterLab reads them from the reply's metadata."""
    return {c["text"]: (c["type"], c["signature"])
            for c in reply["metadata"]["_jupyter_types_experimental"]}


def test_flags_only_docker_flags_with_their_help(kernel: Kernel) -> None:
    code = "%docker run --"
    reply = complete(kernel, code)
    run = REGISTRY.names["run"]
    expected = sorted({n for o in run.options if not o.hidden for n in o.names
                       if n.startswith("--")} | {"--help"}, key=str.lower)
    assert reply["matches"] == expected
    assert "--detach" in reply["matches"] and not [m for m in reply["matches"] if "_" in m]
    assert (reply["cursor_start"], reply["cursor_end"]) == (len("%docker run "), len(code))
    # the type is what JupyterLab shows beside the flag; the signature is its one-line help
    assert types(reply)["--detach"] == ("flag", "Run container in background and print container ID")
    assert types(reply)["--name"] == ("flag", "Assign a name to the container")
    assert {t for t, _ in types(reply).values()} == {"flag"}
    assert all(c["start"] == len("%docker run ") for c in
               reply["metadata"]["_jupyter_types_experimental"])


def test_empty_line_lists_commands_not_python(kernel: Kernel) -> None:
    reply = complete(kernel, "%docker ")
    tops = {n for n in REGISTRY.names if " " not in n} | REGISTRY.groups() | {"help"}
    assert reply["matches"] == sorted(tops)
    assert not {"and", "if", "in", "is", "not", "or", "%", "docker"} & set(reply["matches"])
    assert types(reply)["ps"] == ("command", "List containers")
    assert types(reply)["container"] == ("management", "Manage containers")
    assert "<unknown>" not in {t for t, _ in types(reply).values()}
    assert (reply["cursor_start"], reply["cursor_end"]) == (8, 8)
    sub = complete(kernel, "%docker container l")
    assert sub["matches"] == ["list", "logs", "ls"]
    assert types(sub)["logs"] == ("command", REGISTRY.names["container logs"].summary)


def test_names_with_dashes_slashes_and_colons(kernel: Kernel, labels: str, unique: str) -> None:
    kernel.run(f"%docker run -d {labels} --name {unique}-web-1 {BASE_IMAGE} {SLEEPER}")
    kernel.run(f"%docker volume create {labels} {unique}-vol-a")
    kernel.run(f"%docker network create {labels} {unique}-net-a")
    try:
        every = complete(kernel, "%docker logs ")
        assert f"{unique}-web-1" in every["matches"]
        assert types(every)[f"{unique}-web-1"] == ("container", "")
        assert not {"abs", "aiter", "all"} & set(every["matches"])
        code = f"%docker logs {unique}-we"
        reply = complete(kernel, code)
        assert reply["matches"] == [f"{unique}-web-1"]
        assert (reply["cursor_start"], reply["cursor_end"]) == (len("%docker logs "), len(code))
        code = f"%docker stop {unique}-web-"  # the word is cut at spaces only, not at '-'
        assert complete(kernel, code)["matches"] == [f"{unique}-web-1"]
        image, tag = BASE_IMAGE.split(":")
        for code in (f"%docker history {image[:-3]}", f"%docker history {image}:",
                     f"x = %docker run -d {image[:-3]}"):
            reply = complete(kernel, code)
            assert reply["matches"] == [BASE_IMAGE], code
            assert reply["cursor_start"] == code.rindex(" ") + 1
            assert types(reply)[BASE_IMAGE] == ("image", "")
        assert complete(kernel, f"%docker volume rm {unique}-vol")["matches"] == [f"{unique}-vol-a"]
        reply = complete(kernel, f"%docker run --network {unique}-n")
        assert reply["matches"] == [f"{unique}-net-a"]
        assert types(reply)[f"{unique}-net-a"] == ("network", "")
        reply = complete(kernel, f"%docker ps -a --filter name={unique}-w")
        assert reply["matches"] == [f"name={unique}-web-1"]
        assert reply["cursor_start"] == len("%docker ps -a --filter ")
    finally:
        kernel.run(f"%docker rm -f {unique}-web-1\n%docker volume rm {unique}-vol-a\n"
                   f"%docker network rm {unique}-net-a")


def test_filter_keys_and_values(kernel: Kernel) -> None:
    reply = complete(kernel, "%docker ps -f st")
    assert reply["matches"] == ["status="]
    assert types(reply)["status="] == (
        "filter", "status=created|restarting|running|removing|paused|exited|dead")
    code = "%docker ps --filter status=ex"
    reply = complete(kernel, code)
    assert reply["matches"] == ["status=exited"]
    assert (reply["cursor_start"], reply["cursor_end"]) == (len("%docker ps --filter "), len(code))
    assert complete(kernel, "%docker images --filter=dang")["matches"] == ["--filter=dangling="]
    assert complete(kernel, "%docker volume ls -f dangling=")["matches"] == [
        "dangling=true", "dangling=false"]
    assert complete(kernel, "%docker image prune --filter ")["matches"] == ["until=", "label="]


def test_paths_where_a_flag_takes_a_path(kernel: Kernel, tmp_path) -> None:
    (tmp_path / "Dockerfile.dev").write_text("FROM scratch\n")
    (tmp_path / "Dockerfiles").mkdir()
    (tmp_path / ".hidden").write_text("")
    code = f"%docker build -f {tmp_path}/Dock"
    reply = complete(kernel, code)
    assert reply["matches"] == [f"{tmp_path}/Dockerfile.dev", f"{tmp_path}/Dockerfiles/"]
    assert reply["cursor_start"] == len("%docker build -f ")
    assert types(reply)[f"{tmp_path}/Dockerfiles/"] == ("directory", "")
    assert types(reply)[f"{tmp_path}/Dockerfile.dev"] == ("file", "")
    assert complete(kernel, f"%docker build {tmp_path}/")["matches"] == [
        f"{tmp_path}/Dockerfile.dev", f"{tmp_path}/Dockerfiles/"]  # no hidden files
    assert complete(kernel, f"%docker run --env-file={tmp_path}/D")["matches"] == [
        f"--env-file={tmp_path}/Dockerfile.dev", f"--env-file={tmp_path}/Dockerfiles/"]


def test_cells_and_lines_that_are_not_docker(kernel: Kernel) -> None:
    code = "%%docker\nps\nimages --al"  # one command per line
    reply = complete(kernel, code)
    assert reply["matches"] == ["--all"]
    assert reply["cursor_start"] == len(code) - len("--al")
    assert complete(kernel, "%%docker build -t x .\nFROM bu")["matches"] == []  # a Dockerfile
    assert complete(kernel, "%docker logs zzz-no-such-")["matches"] == []  # nothing, no Python
    assert complete(kernel, "%docker run -d busybox ec")["matches"] == []  # the container's own
    python = complete(kernel, "import os\nos.pa")  # Python cells complete as before
    assert "path" in python["matches"] or "os.path" in python["matches"]
    assert "%docker" in complete(kernel, "%dock")["matches"]  # the magic's own name


def test_inspect_request_and_question_mark_give_the_command_help(kernel: Kernel) -> None:
    ps_help = str(command_help(REGISTRY.names["ps"]))
    assert kernel.run("%docker ps --help").strip() == ps_help
    flag_line = "-a, --all   Show all containers (default shows just running)"
    for code, cursor, expected in (
            ("%docker ps -a", 9, ps_help), ("x = %docker ps", 14, ps_help),
            ("%docker ps -a", 13, f"{flag_line}\n\n{ps_help}"),  # the flag under the cursor
            ("%%docker\nps --all\nimages", 12, f"{flag_line}\n\n{ps_help}")):
        reply = kernel.client.inspect(code, cursor, reply=True, timeout=60)["content"]
        assert reply["status"] == "ok" and reply["found"], code
        assert reply["data"]["text/plain"] == expected, code
    run_help = kernel.client.inspect("%docker -H unix:///var/run/docker.sock run -d busybox", 40,
                                     reply=True, timeout=60)["content"]["data"]["text/plain"]
    assert run_help == str(command_help(REGISTRY.names["run"]))
    python = kernel.client.inspect("len", 3, reply=True, timeout=60)["content"]
    assert python["found"] and "Return the number of items" in python["data"]["text/plain"]

    assert kernel.run("%docker ps?").strip() == ps_help
    assert kernel.run("%docker ps -a??").strip() == ps_help
    assert kernel.run("%docker container ls --all ?").strip() == ps_help
    # help only: nothing is run (busybox would be pulled and started otherwise)
    said = kernel.run("%docker -H unix:///var/run/docker.sock run -d busybox?")
    assert said.strip() == str(command_help(REGISTRY.names["run"]))
    # mid-cell too (the help is displayed, then the cell goes on)
    assert kernel.run("x = 1\n%docker volume ls?\nprint(x)").strip() == (
        str(command_help(REGISTRY.names["volume ls"])) + "1")
    assert "Usage:  %docker [OPTIONS] COMMAND" in kernel.run("%docker ?")
    # `%docker?` stays IPython's own: the magic's docstring, in the pager
    msg_id = kernel.client.execute("%docker?")
    reply = kernel.client.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kernel.client.get_shell_msg(timeout=60)
    pages = [p["data"]["text/plain"] for p in reply["content"]["payload"] if p["source"] == "page"]
    assert len(pages) == 1 and "Run a docker command" in pages[0]
