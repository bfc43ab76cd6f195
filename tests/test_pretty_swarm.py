"""`service inspect --pretty` / `node inspect --pretty`, run by the docker CLI (28.2) and by us
against a throwaway one-node swarm: the same text, line by line (tabs and trailing blanks too)."""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import Any, Iterator

import pytest

from conftest import BASE_IMAGE
from throwaway_engine import ThrowawayEngine, throwaway_engine

pytestmark = pytest.mark.one_engine("the swarm lives on a throwaway dockerd of its own (20.10)")

SERVICES = {
    "web": "--replicas 2 --label tier=front --label bare -e A=1 -e B=two -p 8080:80 "
           "--limit-cpu 0.5 --limit-memory 64m --reserve-memory 32m",
    "glob": "--mode global --constraint node.role==manager --placement-pref "
            "spread=node.labels.zone --mount type=volume,source=v1,target=/data --user 1000 "
            "--workdir /tmp --update-delay 10s --update-failure-action rollback "
            "--rollback-monitor 1m30s --update-max-failure-ratio 0.25 --limit-pids 5 "
            "--health-cmd true --health-interval 5s --log-driver json-file "
            "--log-opt max-size=1m --network prettynet --cap-add NET_ADMIN",
    "plain": "",
}


@pytest.fixture(scope="module")
def swarm(ip: Any) -> Iterator[ThrowawayEngine]:
    """A one-node swarm with three services made by us: many settings, a global one, none."""
    if os.geteuid() != 0:
        pytest.skip("a throwaway engine needs root (network namespace, dockerd)")
    with throwaway_engine() as engine:
        ip.run_line_magic("docker", f"-H {engine.host} swarm init --advertise-addr 127.0.0.1")
        ip.run_line_magic("docker", f"-H {engine.host} network create -d overlay prettynet")
        for name, flags in SERVICES.items():
            ip.run_line_magic("docker", f"-H {engine.host} service create -d --name {name} "
                                        f"{flags} {BASE_IMAGE} sleep 600")
        # an update: UpdateStatus (State, Started, Message) is in the text from now on
        ip.run_line_magic("docker", f"-H {engine.host} service update -d --env-add X=1 plain")
        yield engine
        ip.run_line_magic("docker", f"-H {engine.host} swarm leave -f")
    assert engine.leftovers() == []


def same_text(ip: Any, host: str, line: str) -> str:
    for _ in range(3):  # `Started: 2 seconds ago` may tick between the two runs
        theirs = subprocess.run(["docker", "-H", host, *shlex.split(line)],
                                capture_output=True, text=True)
        assert theirs.returncode == 0, theirs.stderr
        mine = str(ip.run_line_magic("docker", f"-H {host} {line}"))
        if mine.rstrip("\n") == theirs.stdout.rstrip("\n"):
            break
    assert mine.rstrip("\n").split("\n") == theirs.stdout.rstrip("\n").split("\n")
    return mine


@pytest.mark.parametrize("line", [
    "service inspect --pretty web",
    "service inspect --pretty glob",
    "service inspect --pretty plain",
    "service inspect --pretty plain web glob",
    "node inspect --pretty self",
    "node inspect --pretty self self",
    "node inspect --pretty --format '{{.ID}}' self",  # the CLI's --pretty wins here
])
def test_same_text_as_the_cli(ip: Any, swarm: ThrowawayEngine, line: str) -> None:
    mine = same_text(ip, swarm.host, line)
    heads = ("ID:", "Name:", "Service Mode:", "Endpoint Mode:") if "service" in line else (
        "ID:", "Hostname:", "Joined at:", "Manager Status:", "Engine Version:", "TLS Info:")
    assert all(any(row.startswith(h) for row in mine.split("\n")) for h in heads)
    print(f"\n{mine}")


def test_the_settings_are_in_the_text(ip: Any, swarm: ThrowawayEngine) -> None:
    web = same_text(ip, swarm.host, "service inspect --pretty web")
    for row in (" Replicas:\t2", " tier=front", " Env:\t\tA=1 B=two ", "  CPU:\t\t0.5",
                "  Memory:\t64MiB", "  Memory:\t32MiB", " PublishedPort = 8080"):
        assert row in web.split("\n")
    glob = same_text(ip, swarm.host, "service inspect --pretty glob")
    for row in ("Service Mode:\tGlobal", "Networks: prettynet ", "  PIDs:\t\t5",
                " Delay:\t\t10s", " Monitoring Period: 1m30s", " Max failure ratio: 0.25"):
        assert row in glob.split("\n")


def test_pretty_and_format_is_the_clis_error(ip: Any, swarm: ThrowawayEngine) -> None:
    from jupyter_docker.errors import DockerError

    line = "service inspect --pretty --format '{{.ID}}' web"
    theirs = subprocess.run(["docker", "-H", swarm.host, *shlex.split(line)],
                            capture_output=True, text=True)
    with pytest.raises(DockerError) as exc:
        ip.run_line_magic("docker", f"-H {swarm.host} {line}")
    assert theirs.returncode != 0 and exc.value.message == theirs.stderr.strip()
