"""`logs`, `exec`, `attach` and `start -a` against the real engine: live output, exit codes,
interrupts that close their connection, one-line failures."""

from __future__ import annotations

import re
import subprocess
import time

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE
from jupyter_docker.streams.attached import ExitCode
from jupyter_docker.streams.logstream import log_params, split_frames
from magic_checks import fails, interrupt_cleanly, interrupted


def pretty(value: object) -> str:
    """What IPython shows as the cell's value."""
    from IPython.lib.pretty import pretty as ipretty

    return ipretty(value)

TICKER = "sh -c 'trap \"exit 0\" TERM; while true; do echo tick; sleep 0.2; done'"


def finished(api: APIClient, name: str) -> None:
    assert api.wait(name, timeout=30)["StatusCode"] == 0



# ------------------------------------------------------------------ pure pieces

def test_log_params() -> None:
    assert log_params(tail="5")["tail"] == "5" and log_params()["tail"] == "all"
    assert log_params(tail="-1")["tail"] == "all"
    params = log_params(follow=True, timestamps=True, details=True, since="1700000000")
    assert params["follow"] == params["timestamps"] == params["details"] == 1
    assert params["since"] == "1700000000"
    assert abs(float(log_params(until="10m")["until"]) - (time.time() - 600)) < 60
    with pytest.raises(jd.UsageError, match="--tail"):
        log_params(tail="ten")
    with pytest.raises(jd.UsageError, match="invalid value for --since"):
        log_params(since="yesterday")


def test_split_frames_across_chunks() -> None:
    raw = b"\x01\x00\x00\x00\x00\x00\x00\x03out" + b"\x02\x00\x00\x00\x00\x00\x00\x04err\n"
    chunks = [raw[:5], raw[5:12], raw[12:]]  # headers and payloads cut anywhere
    assert list(split_frames(chunks)) == [(1, b"out"), (2, b"err\n")]


# ------------------------------------------------------------------ logs

def test_logs_splits_streams_and_honours_flags(ip, api, labels, unique, capfd) -> None:
    name = f"{unique}-logs"
    ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} "
                                "sh -c 'echo err1 >&2; sleep 0.2; "
                                "echo out1; echo out2; echo é-last'")
    finished(api, name)
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"logs {name}") is None
    out = capfd.readouterr()
    assert out.out.splitlines() == ["out1", "out2", "é-last"] and out.err == "err1\n"
    ip.run_line_magic("docker", f"logs -n 1 {name}")
    assert capfd.readouterr().out == "é-last\n"
    ip.run_line_magic("docker", f"container logs --tail=2 -t {name}")
    lines = capfd.readouterr().out.splitlines()
    assert len(lines) == 2 and all(re.match(r"\d{4}-\d\d-\d\dT[\d:.]+Z (out2|é-last)$", l)
                                   for l in lines)
    ip.run_line_magic("docker", f"logs --since 10m {name}")
    assert "out1" in capfd.readouterr().out
    ip.run_line_magic("docker", f"logs --until 1h {name}")  # all of it came after
    assert capfd.readouterr() == ("", "")
    ip.run_line_magic("docker", f"logs --since 2000-01-01T00:00:00Z --until 0s {name}")
    assert "out2" in capfd.readouterr().out


def test_logs_details_and_tty(ip, api, label_dict, unique, capfd) -> None:
    name = f"{unique}-det"
    host = api.create_host_config(log_config={"Type": "json-file",
                                              "Config": {"labels": "jupyter-docker-test"}})
    api.create_container(BASE_IMAGE, "echo x", name=name, labels=label_dict, host_config=host)
    api.start(name)
    finished(api, name)
    capfd.readouterr()
    ip.run_line_magic("docker", f"logs --details {name}")
    assert capfd.readouterr().out == "jupyter-docker-test=1 x\n"
    tty = f"{unique}-tty"
    api.create_container(BASE_IMAGE, "echo on-a-tty", name=tty, labels=label_dict, tty=True)
    api.start(tty)
    finished(api, tty)
    ip.run_line_magic("docker", f"logs {tty}")
    assert capfd.readouterr().out == "on-a-tty\r\n"  # raw, no stream headers


def test_logs_failures_are_one_line(ip, unique) -> None:
    fails(ip, [(f"logs {unique}-none", jd.DockerError, f"No such container: {unique}-none"),
               (f"logs --since soon {unique}-none", jd.UsageError, "invalid value for --since"),
               (f"logs --colour {unique}-none", jd.UsageError, "unknown flag: --colour"),
               ("logs", jd.UsageError, "exactly 1 argument")])


def test_logs_follow_ends_with_the_container(ip, labels, unique, capfd) -> None:
    name = f"{unique}-f"
    ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} "
                                "sh -c 'for i in 1 2 3; do echo line$i; sleep 0.3; done'")
    ip.run_line_magic("docker", f"logs -f {name}")
    assert capfd.readouterr().out.splitlines() == ["line1", "line2", "line3"]
    # and the engine says so at once: a `ps` in the next cell sees it stopped, not "Up"
    assert ip.run_line_magic("docker", f"ps -a --filter name={name}")["state"].iloc[0] == "exited"


def test_interrupting_logs_follow_closes_the_stream(ip, api, labels, unique, capfd) -> None:
    name = f"{unique}-lf"
    ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} {TICKER}")
    out = interrupt_cleanly(ip, f"logs -f {name}", capfd,
                            f"interrupted: stopped following the logs of {name}")
    assert "tick" in out.out
    assert api.inspect_container(name)["State"]["Running"]  # logs never stop the container


# ------------------------------------------------------------------ exec

def test_exec_flags_output_and_exit_code(ip, api, labels, unique, tmp_path, capfd) -> None:
    name = f"{unique}-x"
    ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} sleep 300")
    (tmp_path / "env").write_text("FROM_FILE=yes\n")
    capfd.readouterr()
    code = ip.run_line_magic(
        "docker", f"exec -e WHO=nb --env-file {tmp_path}/env -w /tmp -u 1000:1000 {name} "
                  "sh -c 'echo $WHO $FROM_FILE $(pwd) $(id -u):$(id -g); echo to-err >&2; exit 4'")
    out = capfd.readouterr()
    assert code == 4 and isinstance(code, ExitCode)
    assert out.out == "nb yes /tmp 1000:1000\n" and out.err == "to-err\n"  # the code: once, as
    assert pretty(code) == "exit code 4"                              # the cell's value
    assert ip.run_line_magic("docker", f"container exec {name} true") == 0
    assert "exited with code" not in capfd.readouterr().err
    # --privileged: the command gets every capability
    ip.run_line_magic("docker", f"exec --privileged {name} sh -c 'grep CapEff /proc/self/status'")
    privileged = capfd.readouterr().out
    ip.run_line_magic("docker", f"exec {name} sh -c 'grep CapEff /proc/self/status'")
    assert privileged != capfd.readouterr().out
    # a command that cannot start: the engine's line (the CLI's text), then the code once
    cli = subprocess.run(["docker", "exec", name, "nope"], capture_output=True, text=True)
    capfd.readouterr()
    code = ip.run_line_magic("docker", f"exec {name} nope")
    out = capfd.readouterr()
    assert cli.returncode == code == 126 and pretty(code) == "exit code 126"
    assert (out.out + out.err).strip() == (cli.stdout + cli.stderr).strip()
    assert len((out.out + out.err).strip().splitlines()) == 1
    # -d returns at once; the command runs on in the container
    detached = ip.run_line_magic("docker", f"exec -d {name} sh -c 'sleep 0.3; echo done > /tmp/d'")
    assert detached is None
    deadline = time.monotonic() + 10
    while ip.run_line_magic("docker", f"exec {name} cat /tmp/d") != 0:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert "done" in capfd.readouterr().out
    # -it: no terminal here; says so and does not hang
    assert ip.run_line_magic("docker", f"exec -it {name} sh") == 0
    assert "stdin is not attached" in capfd.readouterr().err


def test_exec_failures(ip, api, labels, unique, capfd) -> None:
    name = f"{unique}-xf"
    ip.run_line_magic("docker", f"create {labels} --name {name} {BASE_IMAGE} sleep 300")
    fails(ip, [(f"exec {name} true", jd.DockerError,
                "(?i)container .* is not running"),  # 26 in lower case
               (f"exec {unique}-none true", jd.DockerError, f"No such container: {unique}-none"),
               (f"exec {name}", jd.UsageError, "at least 2 arguments"),
               (f"exec --nope {name} true", jd.UsageError, "unknown flag: --nope")])
    ip.run_line_magic("docker", f"start {name}")
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"exec {name} no-such-binary") == 126
    assert "executable file not found" in capfd.readouterr().out


def test_interrupting_exec_closes_the_stream(ip, labels, unique, capfd) -> None:
    name = f"{unique}-xi"
    ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} sleep 300")
    out = interrupt_cleanly(ip, f"exec {name} {TICKER}", capfd,
                            f"interrupted: stopped following exec in {name}")
    assert "tick" in out.out


# ------------------------------------------------------------------ attach, start -a

def test_start_attached_streams_and_returns_exit_code(ip, api, labels, unique, capfd) -> None:
    name = f"{unique}-sa"
    ip.run_line_magic("docker", f"create {labels} --name {name} {BASE_IMAGE} "
                                "sh -c 'echo one; echo two >&2; exit 5'")
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"start -a {name}") == 5
    out = capfd.readouterr()
    assert out.out == "one\n" and "two" in out.err and f"{name} exited with code 5" in out.err
    # an exited container again: attached before it starts, so nothing is missed, no hang
    assert ip.run_line_magic("docker", f"container start -i {name}") == 5
    out = capfd.readouterr()
    assert out.out == "one\n" and "stdin is not attached" in out.err
    fails(ip, [(f"start -a {name} {name}", jd.UsageError,
                "cannot start and attach multiple containers"),
               (f"start -a {unique}-none", jd.DockerError, f"No such container: {unique}-none")])


def test_attach_follows_until_exit_and_refuses_stopped(ip, api, labels, unique, capfd) -> None:
    name = f"{unique}-at"
    ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} "
                                "sh -c 'sleep 1; echo late; exit 2'")
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"attach --no-stdin {name}") == 2
    assert capfd.readouterr().out == "late\n"  # only what came after attaching
    paused = f"{unique}-ap"
    ip.run_line_magic("docker", f"run -d {labels} --name {paused} {BASE_IMAGE} sleep 300")
    ip.run_line_magic("docker", f"pause {paused}")
    fails(ip, [(f"attach {name}", jd.DockerError, "You cannot attach to a stopped container"),
               (f"attach {unique}-none", jd.DockerError, f"No such container: {unique}-none"),
               (f"attach {paused}", jd.DockerError, "You cannot attach to a paused container")])


def test_interrupting_attach(ip, api, labels, unique, capfd) -> None:
    name = f"{unique}-ai"
    ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} {TICKER}")
    out = interrupt_cleanly(ip, f"attach --sig-proxy=false {name}", capfd,
                            f"stopped following {name}")
    assert "tick" in out.out and "stopped it" not in out.err
    assert api.inspect_container(name)["State"]["Running"]
    interrupted(lambda: ip.run_line_magic("docker", f"attach {name}"))  # sig-proxy: stops it
    assert "and stopped it" in capfd.readouterr().err
    assert not api.inspect_container(name)["State"]["Running"]


def test_detach_keys_from_a_cli_line_are_accepted(ip, labels, unique, capfd) -> None:
    name = f"{unique}-dk"
    ip.run_line_magic("docker", f"run -d --detach-keys ctrl-x {labels} --name {name} "
                                f"{BASE_IMAGE} sleep 30")
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"exec --detach-keys ctrl-x {name} echo exec-ok") == 0
    assert capfd.readouterr().out == "exec-ok\n"
