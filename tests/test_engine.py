"""Choosing the engine (-H, --context, DOCKER_HOST) and failing in one line when it is away."""

from __future__ import annotations

import shlex
import socket
import subprocess
import threading
import time

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE, H2_HOST
from magic_checks import one_line_error


def test_second_engine_with_host_flag(ip, label_dict, unique) -> None:
    h2 = APIClient(H2_HOST, version="1.41")
    c = h2.create_container(BASE_IMAGE, "true", name=f"{unique}-h2", labels=label_dict)
    try:
        there = ip.run_line_magic("docker", f"-H {H2_HOST} ps -a --filter name={unique}-h2")
        assert list(there["container_id"]) == [c["Id"][:12]]
        here = ip.run_line_magic("docker", f"ps -a --filter name={unique}-h2")
        assert here.empty
        assert list(jd.ps(all=True, host=H2_HOST, filter={"name": f"{unique}-h2"})["names"]) \
            == [f"{unique}-h2"]
    finally:
        h2.remove_container(c["Id"], force=True)


def test_context_from_the_cli_config(ip, tmp_path, monkeypatch, label_dict, unique) -> None:
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    monkeypatch.delenv("DOCKER_HOST", raising=False)  # it would override the context
    subprocess.run(["docker", "context", "create", "second", "--docker", f"host={H2_HOST}"],
                   check=True, capture_output=True)
    h2 = APIClient(H2_HOST, version="1.41")
    c = h2.create_container(BASE_IMAGE, "true", name=f"{unique}-ctx", labels=label_dict)
    try:
        df = ip.run_line_magic("docker", f"--context second ps -a --filter name={unique}-ctx")
        assert list(df["names"]) == [f"{unique}-ctx"]
        subprocess.run(["docker", "context", "use", "second"], check=True, capture_output=True)
        assert list(jd.ps(all=True, filter={"name": f"{unique}-ctx"})["names"]) == [f"{unique}-ctx"]
    finally:
        h2.remove_container(c["Id"], force=True)


def test_docker_host_environment(ip, monkeypatch, unique) -> None:
    monkeypatch.setenv("DOCKER_HOST", H2_HOST)
    info = ip.run_line_magic("docker", "info")
    assert info["DockerRootDir"] == "/var/lib/jupyter-docker-h2"


def test_unreachable_engine_is_one_line_and_fast(ip, capsys) -> None:
    start = time.monotonic()
    text = one_line_error(ip, capsys, "-H unix:///var/run/nothing-here.sock ps")
    assert text == ("docker: Cannot connect to the Docker daemon at "
                    "unix:///var/run/nothing-here.sock. Is the docker daemon running?")
    assert time.monotonic() - start < 3
    ip.run_line_magic("docker", "ps")  # the kernel and the default engine still work


def test_silent_engine_times_out_within_three_seconds(ip, capsys) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])  # accept, never answer
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    try:
        start = time.monotonic()
        text = one_line_error(ip, capsys, f"-H tcp://127.0.0.1:{port} ps")
        elapsed = time.monotonic() - start
        assert "Cannot connect to the Docker daemon at tcp://127.0.0.1" in text
        assert elapsed < 3.5
    finally:
        stop.set()
        thread.join()
        for s in held:
            s.close()
        server.close()


def test_conflicting_host_and_context(ip, capsys) -> None:
    text = one_line_error(ip, capsys, "-H unix:///x.sock --context y ps")
    assert "either specify --host or --context" in text


def test_unknown_context(ip, capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    assert one_line_error(ip, capsys, "--context nope ps") == 'docker: context "nope" does not exist'


@pytest.mark.parametrize("line, expected", [
    ("ps --bogus", "docker: unknown flag: --bogus (see '%docker ps --help')"),
    ("frobnicate", "docker: unknown command: docker frobnicate (see '%docker help')"),
    ("psa", "docker: unknown command: docker psa, did you mean ps? (see '%docker help')"),
    ("history", "docker: \"docker history\" requires exactly 1 argument. "
                "(see '%docker history --help')"),
    ("inspect no-such-thing-xyz", "docker: Error: No such object: no-such-thing-xyz"),
    ("history no-such-image-xyz", "docker: Error response from daemon: "
                                  "No such image: no-such-image-xyz:latest"),
    ("ps --filter nonsense", "docker: bad format of filter (expected name=value): nonsense "
                             "(see '%docker ps --help')"),
    ("ps --filter colour=red", "CLI"),  # the engine's words (20.10: Invalid, 26: invalid)
    ("inspect -f '{{.State.Status' jupyter-docker/busybox", "docker: template parsing error: "
     "template: :1: unclosed action"),  # the CLI's words; not IPython's {expr} expansion
    ("ps -a 'unclosed", "docker: cannot split the command line: No closing quotation "
                        "(see '%docker help')"),
])
def test_bad_input_is_one_line(ip, capsys, line: str, expected: str | None) -> None:
    text = one_line_error(ip, capsys, line)
    if expected == "CLI":
        cli = subprocess.run(["docker", *shlex.split(line)], capture_output=True, text=True)
        assert cli.returncode != 0 and text == f"docker: {cli.stderr.strip()}"
    elif expected:
        assert text == expected
    else:
        assert text.startswith("docker: ")


def test_help_output(ip) -> None:
    text = ip.run_line_magic("docker", "ps --help")
    assert text.startswith("Usage:  docker ps [OPTIONS]") and "--filter filter" in text
    assert "container ls" in text
    assert "Management Commands:" in ip.run_line_magic("docker", "help")
    assert "ls" in ip.run_line_magic("docker", "container --help")
