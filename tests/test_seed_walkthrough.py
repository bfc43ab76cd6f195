"""The seed notes (001, 003) walked through end to end from a notebook, against the real engine:
the container life cycle, published ports, volumes, --volumes-from, links, user networks with
aliases, cp both ways and commit."""

from __future__ import annotations

import time
import urllib.request

import pytest
from docker import APIClient

from conftest import BASE_IMAGE
from netns import engine_net

TRAP = "sh -c 'trap \"exit 0\" TERM; while true; do sleep 0.2; done'"  # stops at once on stop
SERVE = "sh -c 'mkdir -p /www && echo {text} > /www/index.html && httpd -f -p 80 -h /www'"


def get_when_up(url: str, patience: float = 10.0) -> str:
    """The body at `url`, retrying while the server in the container starts."""
    deadline = time.monotonic() + patience
    while True:
        try:
            with engine_net():  # the engine's loopback
                return urllib.request.urlopen(url, timeout=2).read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_life_cycle_seen_by_the_engine_and_by_ps(ip, api, labels, unique) -> None:
    d = lambda line: ip.run_line_magic("docker", line)  # noqa: E731
    name = f"{unique}-life"

    def state() -> str:
        sdk = api.inspect_container(name)["State"]["Status"]
        listed = d(f"ps -a --filter name=^/{name}$")
        assert listed["names"].tolist() == [name] and listed["state"].tolist() == [sdk]
        return sdk

    cid = d(f"create {labels} --name {name} {BASE_IMAGE} {TRAP}")
    assert state() == "created" and d(f"ps -q --filter id={cid}") == []  # not running
    assert d(f"start {name}") == [name] and state() == "running"
    assert d(f"pause {name}") == [name] and state() == "paused"
    assert d(f"unpause {name}") == [name] and state() == "running"
    assert d(f"stop {name}") == [name] and state() == "exited"
    assert api.inspect_container(name)["State"]["ExitCode"] == 0  # stopped by SIGTERM, cleanly
    assert d(f"start {name}") == [name] and state() == "running"
    started = api.inspect_container(name)["State"]["StartedAt"]
    assert d(f"restart {name}") == [name] and state() == "running"
    assert api.inspect_container(name)["State"]["StartedAt"] != started
    assert d(f"kill {name}") == [name] and state() == "exited"
    assert api.inspect_container(name)["State"]["ExitCode"] == 137
    assert d(f"rm {name}") == [name]
    assert d(f"ps -a --filter name=^/{name}$").empty
    assert not api.containers(all=True, filters={"id": cid})


def test_published_ports_links_and_cp(ip, labels, unique, tmp_path, capfd) -> None:
    d = lambda line: ip.run_line_magic("docker", line)  # noqa: E731
    web = f"{unique}-web"
    d(f"run -d {labels} --name {web} -p 127.0.0.1::80 -P --expose 8080 "
      f"{BASE_IMAGE} {SERVE.format(text='seed')}")
    ports = d(f"port {web}")
    assert set(ports["private"]) == {"80/tcp", "8080/tcp"}  # -P published the exposed 8080 too
    port = int(d(f"port {web} 80")["host_port"].iloc[0])
    assert get_when_up(f"http://127.0.0.1:{port}/") == "seed\n"
    # cp into the running server, and back out
    (tmp_path / "page.html").write_text("copied in\n")
    d(f"cp {tmp_path}/page.html {web}:/www/")
    assert get_when_up(f"http://127.0.0.1:{port}/page.html") == "copied in\n"
    d(f"cp {web}:/www {tmp_path}/site")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["index.html", "page.html"]
    # a legacy link: the alias resolves inside the linked container
    capfd.readouterr()
    assert d(f"run --rm {labels} --link {web}:seedweb {BASE_IMAGE} wget -qO- http://seedweb/") == 0
    assert capfd.readouterr().out == "seed\n"


def test_user_network_aliases_resolve(ip, labels, unique, capfd) -> None:
    d = lambda line: ip.run_line_magic("docker", line)  # noqa: E731
    net, api_box = f"{unique}-net", f"{unique}-api"
    d(f"network create {labels} {net}")
    d(f"run -d {labels} --name {api_box} --network {net} --network-alias api-alias "
      f"{BASE_IMAGE} {SERVE.format(text='via-network')}")
    capfd.readouterr()
    fetch_both = ("sh -c 'for i in $(seq 50); do wget -qO- http://api-alias/ 2>/dev/null && break; "
                  f"sleep 0.1; done; wget -qO- http://{api_box}/'")
    assert d(f"run --rm {labels} --network {net} {BASE_IMAGE} {fetch_both}") == 0
    assert capfd.readouterr().out == "via-network\nvia-network\n"  # by alias, then by name
    assert d(f"run --rm {labels} {BASE_IMAGE} wget -T 2 -qO- http://api-alias/") != 0
    assert "via-network" not in capfd.readouterr().out  # off the network the alias is unknown


def test_volumes_persist_and_are_shared(ip, labels, unique, capfd) -> None:
    d = lambda line: ip.run_line_magic("docker", line)  # noqa: E731
    vol, store = f"{unique}-vol", f"{unique}-store"
    d(f"volume create {labels} {vol}")
    assert d(f"run --rm {labels} -v {vol}:/data {BASE_IMAGE} sh -c 'echo kept > /data/f'") == 0
    capfd.readouterr()
    assert d(f"run --rm {labels} -v {vol}:/data:ro {BASE_IMAGE} cat /data/f") == 0
    assert capfd.readouterr().out == "kept\n"  # outlived the container that wrote it
    assert d(f"run --rm {labels} -v {vol}:/data:ro {BASE_IMAGE} touch /data/g") != 0
    assert "Read-only file system" in capfd.readouterr().err
    d(f"create {labels} --name {store} -v /shared {BASE_IMAGE} true")  # a data container
    d(f"run --rm {labels} --volumes-from {store} {BASE_IMAGE} sh -c 'echo shared > /shared/f'")
    capfd.readouterr()
    assert d(f"run --rm {labels} --volumes-from {store}:ro {BASE_IMAGE} cat /shared/f") == 0
    assert capfd.readouterr().out == "shared\n"


def test_commit_after_changes_runs_them(ip, api, labels, unique, capfd) -> None:
    """Seed 001: change a running container, commit it, run the new image."""
    d = lambda line: ip.run_line_magic("docker", line)  # noqa: E731
    box = f"{unique}-dev"
    d(f"run -d {labels} --name {box} {BASE_IMAGE} {TRAP}")
    d(f"exec {box} sh -c 'printf \"#!/bin/sh\\necho installed tool\\n\" > /bin/tool; "
      "chmod +x /bin/tool'")
    image = d(f"commit -c 'LABEL jupyter-docker-test=1' {box} {unique}-dev:1")
    assert api.inspect_image(f"{unique}-dev:1")["Id"] == image
    capfd.readouterr()
    assert d(f"run --rm {labels} {unique}-dev:1 tool") == 0
    assert capfd.readouterr().out == "installed tool\n"
