"""The seed notes' container life cycle against the real engine."""

from __future__ import annotations

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE


def state(api: APIClient, name: str) -> str:
    return api.inspect_container(name)["State"]["Status"]


def test_life_cycle(ip, api, label_dict, unique) -> None:
    name = f"{unique}-life"
    api.create_container(BASE_IMAGE, "sleep 300", name=name, labels=label_dict, stop_signal="KILL")
    d = lambda line: ip.run_line_magic("docker", line)  # noqa: E731
    assert d(f"start {name}") == [name] and state(api, name) == "running"
    assert d(f"pause {name}") == [name] and state(api, name) == "paused"
    assert d(f"container unpause {name}") == [name] and state(api, name) == "running"
    assert d(f"stop -t 1 {name}") == [name] and state(api, name) == "exited"
    d(f"start {name}")
    before = api.inspect_container(name)["State"]["StartedAt"]
    d(f"restart -t 1 {name}")
    assert state(api, name) == "running"
    assert api.inspect_container(name)["State"]["StartedAt"] != before
    d(f"kill {name}")
    assert state(api, name) == "exited"
    assert api.inspect_container(name)["State"]["ExitCode"] == 137
    d(f"rename {name} {name}-2")
    assert d(f"rm {name}-2") == [f"{name}-2"]
    assert not api.containers(all=True, filters={"name": name})


def test_wait_returns_exit_codes(ip, api, label_dict, unique) -> None:
    a = api.create_container(BASE_IMAGE, ["sh", "-c", "exit 3"], name=f"{unique}-w",
                             labels=label_dict)
    api.start(a)
    assert ip.run_line_magic("docker", f"wait {unique}-w") == [3]


def test_kill_signal_and_rm_force(ip, api, label_dict, unique) -> None:
    name = f"{unique}-k"
    api.create_container(BASE_IMAGE, "sleep 300", name=name, labels=label_dict)
    api.start(name)
    jd.kill(name, signal="TERM")  # sleep as PID 1 ignores TERM: still running
    assert state(api, name) == "running"
    assert jd.rm(name, force=True) == [name]


def test_several_containers_and_failures_in_one_line(ip, api, label_dict, unique, capsys) -> None:
    names = [f"{unique}-m{i}" for i in range(2)]
    for n in names:
        api.create_container(BASE_IMAGE, "sleep 300", name=n, labels=label_dict)
    assert ip.run_line_magic("docker", f"start {' '.join(names)}") == names
    capsys.readouterr()
    result = ip.run_cell(f"%docker rm -f {names[0]} {unique}-nosuch {names[1]}")
    out = capsys.readouterr().out.strip().splitlines()
    assert result.error_in_exec is not None
    assert out == names + [f"docker: Error response from daemon: No such container: {unique}-nosuch"]
    assert not api.containers(all=True, filters={"name": unique})


def test_rm_running_without_force_is_refused(ip, api, label_dict, unique) -> None:
    name = f"{unique}-r"
    api.create_container(BASE_IMAGE, "sleep 300", name=name, labels=label_dict)
    api.start(name)
    with pytest.raises(jd.DockerError, match="You cannot remove a running container .* Stop the "
                       "container|cannot remove container .*: container is running: stop the "
                       "container"):  # the engine's words: 20.10's, then 26's
        ip.run_line_magic("docker", f"rm {name}")
    assert state(api, name) == "running"
