"""`service ls` / `node ls` --format lines, run by the docker CLI (28.2) and by us against a
throwaway engine that is a one-node swarm: the same text (table, json, fields, errors)."""

from __future__ import annotations

import os
import subprocess
from typing import Any, Iterator

import pytest

from conftest import BASE_IMAGE
from throwaway_engine import ThrowawayEngine, throwaway_engine

pytestmark = pytest.mark.one_engine("the swarm lives on a throwaway dockerd of its own (20.10)")

LINES = [
    "service ls --format table",
    "service ls --format json",
    "service ls --format 'table {{.Name}}\\t{{.Replicas}}\\t{{.Image}}'",
    "service ls --format '{{.ID}}: {{.Mode}} {{.Ports}}'",
    "node ls --format table",
    "node ls --format json",
    "node ls --format '{{.Hostname}}: {{.ManagerStatus}} {{.Availability}} {{.Self}}'",
]


@pytest.fixture(scope="module")
def swarm(ip: Any) -> Iterator[ThrowawayEngine]:
    """A one-node swarm on a throwaway engine with two services (svc10, svc9: the CLI's
    order is natural, svc9 first)."""
    if os.geteuid() != 0:
        pytest.skip("a throwaway engine needs root (network namespace, dockerd)")
    with throwaway_engine() as engine:
        ip.run_line_magic("docker", f"-H {engine.host} swarm init --advertise-addr 127.0.0.1")
        for name, port in (("svc10", 8080), ("svc9", 0)):
            publish = f"-p {port}:80" if port else ""
            ip.run_line_magic("docker", f"-H {engine.host} service create -d --name {name} "
                                        f"{publish} {BASE_IMAGE} sleep 600")
        yield engine
        ip.run_line_magic("docker", f"-H {engine.host} swarm leave -f")
    assert engine.leftovers() == []


@pytest.mark.parametrize("line", LINES)
def test_same_text_as_the_cli(ip: Any, swarm: ThrowawayEngine, line: str) -> None:
    import shlex

    for _ in range(10):  # replicas converge: 0/1 then 1/1
        theirs = subprocess.run(["docker", "-H", swarm.host, *shlex.split(line)],
                                capture_output=True, text=True)
        assert theirs.returncode == 0, theirs.stderr
        mine = str(ip.run_line_magic("docker", f"-H {swarm.host} {line}"))
        if mine == theirs.stdout.rstrip("\n"):
            assert mine.strip()  # not two empty outputs
            print(f"\n{mine}")
            return
    assert mine == theirs.stdout.rstrip("\n")


@pytest.mark.parametrize("line", ["service ls --format '{{.Nope}}'", "node ls --format '{{.Nope}}'"])
def test_same_error_as_the_cli(ip: Any, swarm: ThrowawayEngine, line: str) -> None:
    import shlex

    from jupyter_docker.errors import DockerError

    theirs = subprocess.run(["docker", "-H", swarm.host, *shlex.split(line)],
                            capture_output=True, text=True)
    with pytest.raises(DockerError) as exc:
        ip.run_line_magic("docker", f"-H {swarm.host} {line}")
    assert theirs.returncode != 0 and exc.value.message == theirs.stderr.strip()
