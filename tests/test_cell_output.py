"""What a cell's output looks like, read from a real kernel's messages (what JupyterLab draws):
confirmations show once wherever their line is in the cell, and successes, notes and warnings
never arrive on stderr (which JupyterLab paints red, like errors); errors still do."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from conftest import BASE_IMAGE, REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER, api_client
from kernel import Kernel

pytestmark = pytest.mark.slow


def lines(outputs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One (kind, where, line) per line of text, blank lines dropped."""
    return [(kind, where, line) for kind, where, text in outputs
            for line in text.splitlines() if line.strip()]


def sleeper(api: Any, name: str, label_dict: dict[str, str]) -> None:
    api.create_container(BASE_IMAGE, ["sleep", "60"], name=name, labels=label_dict,
                         stop_signal="SIGKILL")
    api.start(name)


def test_each_confirmation_shows_once_wherever_its_line_is(label_dict, unique) -> None:
    api = api_client()
    names = [f"{unique}-{n}" for n in ("first", "middle", "last", "kept", "script")]
    for name in names:
        sleeper(api, name, label_dict)
    tag = f"{unique}-tag:1"
    api.tag(BASE_IMAGE, f"{unique}-tag", "1")
    first, middle, last, kept, script = names
    with Kernel() as k:
        k.run("%load_ext jupyter_docker")
        out = k.outputs(f"%docker stop -t 0 {first}\n"
                        f"%docker rm {first}\n"
                        f"%docker rmi {tag}\n"
                        f"%docker rm -f {middle}\n"
                        f"%docker rm -f {last}\n")
        assert lines(out) == [("stream", "stdout", first), ("stream", "stdout", first),
                              ("stream", "stdout", f"Untagged: {tag}"),
                              ("stream", "stdout", middle), ("stream", "stdout", last)], out
        # assigned: the value stays the list; shown once in its cell, again when asked later
        out = k.outputs(f"x = %docker rm -f {kept}\nprint(type(x).__name__, list(x))\nx")
        assert lines(out) == [("stream", "stdout", kept),
                              ("stream", "stdout", f"DoneLines ['{kept}']")], out
        assert lines(k.outputs("x")) == [("display_data", "text/plain", kept)]
        # %%docker, one command per line: the same, and a query result is still shown
        out = k.outputs(f"%%docker\nrm -f {script}\nps -q -f name=^{script}$\n")
        assert lines(out) == [("stream", "stdout", script)], out  # ps -q: an empty list
        # the Python API returns values as Python does: shown as the cell's result only
        out = k.outputs(f"import jupyter_docker as jd\njd.tag('{BASE_IMAGE}', '{tag}')\n"
                        f"jd.rmi('{tag}')")
        assert lines(out) == [("display_data", "text/plain", f"Untagged: {tag}")], out
    assert not api.containers(all=True, filters={"name": unique})


def test_successes_notes_and_warnings_are_not_on_stderr(label_dict, unique, tmp_path) -> None:
    api = api_client()
    box = f"{unique}-cp"
    sleeper(api, box, label_dict)
    (tmp_path / "hello.txt").write_text("hello\n")
    config = tmp_path / "docker-config"
    config.mkdir()
    env = {**os.environ, "DOCKER_CONFIG": str(config)}
    with Kernel(env=env) as k:
        k.run("%load_ext jupyter_docker")
        out = k.outputs(f"%docker cp {tmp_path}/hello.txt {box}:/tmp/hello.txt")
        assert [(kind, where, re.sub(r"copied \S+ to", "copied N to", line))
                for kind, where, line in lines(out)] == [
            ("stream", "stdout", f"Successfully copied N to {box}:/tmp/hello.txt")], out
        tags = " ".join(f"-l {key}={val}" for key, val in label_dict.items())
        out = k.outputs(f"%docker run --rm -t {tags} {BASE_IMAGE} echo hi")  # -it: a terminal
        assert [o[:2] for o in out][0] == ("display_data", "text/html,text/plain"), out
        assert "a notebook has no terminal" in out[0][2]
        assert ("stream", "stdout", "hi\n") in out
        out = k.outputs(f"%docker login -u {REGISTRY_USER} -p {REGISTRY_PASSWORD} {REGISTRY}")
        warnings = [text for kind, where, text in out if kind == "display_data"]
        assert any("Using --password via the CLI is insecure" in t for t in warnings), out
        assert any("stored unencrypted" in t for t in warnings), out
        assert lines(out)[-1] == ("stream", "stdout", "Login Succeeded"), out
        out = k.outputs(f"%docker logout {REGISTRY}")
        assert lines(out) == [("stream", "stdout", f"Removing login credentials for {REGISTRY}")]
        out = k.outputs(f"%docker exec -i {box} true")  # -it: a terminal (test_terminal_*)
        assert [o[:2] for o in out] == [("display_data", "text/html,text/plain")], out
        # an error is still an error (JupyterLab's red): one line, no traceback
        out = k.outputs(f"%docker rm {unique}-nothing-here", fails=True)
        assert lines(out) == [("error", "DockerError", "docker: Error response from daemon: No such "
                                                   f"container: {unique}-nothing-here")], out
    api.remove_container(box, force=True)
