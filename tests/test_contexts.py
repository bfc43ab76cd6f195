"""`context ls/show/use/create/inspect/rm` on the CLI's own files, checked with the docker CLI.

Each test has its own DOCKER_CONFIG, so neither the machine's contexts nor its logins are
touched; the contexts point at the suite's second engine.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE, H2_HOST
from magic_checks import one_line_error


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    (tmp_path / "config.json").write_text(json.dumps({"auths": {"127.0.0.1:5000": {}}}))
    return tmp_path


def cli(*args: str) -> str:
    return subprocess.run(["docker", *args], check=True, capture_output=True, text=True).stdout


def test_create_use_and_remove_are_seen_by_the_cli(ip, config, capsys, label_dict,
                                                   unique) -> None:
    created = ip.run_line_magic("docker", f"context create h2 --description 'second engine' "
                                          f"--docker host={H2_HOST}")
    assert created == "h2" and 'Successfully created context "h2"' in capsys.readouterr().err
    assert json.loads(cli("context", "inspect", "h2"))[0]["Endpoints"]["docker"]["Host"] == \
        H2_HOST
    df = ip.run_line_magic("docker", "context ls")
    assert list(df["name"]) == ["default", "h2"] and list(df["current"]) == [True, False]
    assert df.loc[1, "description"] == "second engine" and df.loc[1, "docker_endpoint"] == H2_HOST

    h2 = APIClient(H2_HOST, version="1.41")
    c = h2.create_container(BASE_IMAGE, "true", name=f"{unique}-ctx", labels=label_dict)
    try:
        assert ip.run_line_magic("docker", "context use h2") == "h2"
        assert cli("context", "show").strip() == "h2"  # the CLI follows the notebook
        assert json.loads((config / "config.json").read_text())["auths"] == \
            {"127.0.0.1:5000": {}}  # logins kept
        assert list(jd.ps(all=True, filter={"name": f"{unique}-ctx"})["names"]) == \
            [f"{unique}-ctx"]
        assert ip.run_line_magic("docker", "context ls -q") == ["default", "h2"]
        assert ip.run_line_magic("docker", "context ls --format '{{.Name}} {{.Current}}'") == \
            "default false\nh2 true"
    finally:
        h2.remove_container(c["Id"], force=True)
    assert one_line_error(ip, capsys, "context rm h2") == \
        'docker: context "h2" is in use, set -f flag to force remove'
    assert ip.run_line_magic("docker", "context rm -f h2") == ["h2"]
    assert ip.run_line_magic("docker", "context show") == "default"
    assert cli("context", "ls", "-q").split() == ["default"]


def test_contexts_the_cli_made_and_inspect(ip, config) -> None:
    cli("context", "create", "made-by-cli", "--docker", f"host={H2_HOST}")
    cli("context", "use", "made-by-cli")
    assert ip.run_line_magic("docker", "context show") == "made-by-cli"
    df = ip.run_line_magic("docker", "context inspect")
    assert df.loc[0, "Name"] == "made-by-cli" and df.loc[0, "Endpoints.docker.Host"] == H2_HOST
    assert ip.run_line_magic("docker", "context inspect -f '{{.Name}}' default made-by-cli") \
        == "default\nmade-by-cli"
    ip.run_line_magic("docker", "context create copy")  # --from the current context
    assert jd.context_inspect(["copy"]).loc[0, "Endpoints.docker.Host"] == H2_HOST


def test_a_removed_current_context_can_still_be_left(ip, config, capsys) -> None:
    """`context` commands ask no engine, so the way back works when the engine cannot be
    chosen."""
    cli("context", "create", "gone", "--docker", "host=unix:///nonexistent.sock")
    cli("context", "use", "gone")
    cli("context", "rm", "-f", "gone")
    (config / "config.json").write_text(json.dumps({"currentContext": "gone"}))
    assert one_line_error(ip, capsys, "ps") == 'docker: context "gone" does not exist'
    assert ip.run_line_magic("docker", "context use default") == "default"
    assert "currentContext" not in json.loads((config / "config.json").read_text())
    assert ip.run_line_magic("docker", "ps -q") is not None


@pytest.mark.parametrize("line, expected", [
    ("context use nope", 'docker: context "nope" does not exist'),
    ("context create default", 'docker: "default" is a reserved context name'),
    ("context create 'bad name' --docker host=unix:///x", 'docker: context name "bad name" is '
     'invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"'),
    ("context create x --docker hots=unix:///x", 'docker: unable to create docker endpoint '
     'config: unrecognized config key: "hots" (see \'%docker context create --help\')'),
    ("context rm default", 'docker: context "default" cannot be removed'),
    ("context inspect nope", 'docker: context "nope" does not exist'),
])
def test_context_mistakes_are_one_line(ip, config, capsys, line: str, expected: str) -> None:
    assert one_line_error(ip, capsys, line) == expected
