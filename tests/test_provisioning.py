"""The environment the suite relies on (scripts/provision.sh --test) really works.

These tests use the docker CLI and SDK directly: they test the infrastructure, not our package.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import (BASE_IMAGE, ENGINES, H2_HOST, MAIN_HOST, NETNS, REGISTRY,
                      REGISTRY_PASSWORD, REGISTRY_USER, api_client)
from netns import engine_net


def docker(host: str, *args: str) -> str:
    """Run the docker CLI against `host` (whatever DOCKER_HOST/DOCKER_CONTEXT say); stdout."""
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    done = subprocess.run(["docker", "-H", host, *args], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, f"docker {' '.join(args)}: {done.stderr.strip()}"
    return done.stdout.strip()


def label_args(label_dict: dict[str, str]) -> list[str]:
    return [a for k, v in label_dict.items() for a in ("--label", f"{k}={v}")]


def registry_get(path: str, auth: bool, method: str = "GET",
                 headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(f"http://{REGISTRY}{path}", method=method,
                                 headers=dict(headers or {}))
    if auth:
        token = base64.b64encode(f"{REGISTRY_USER}:{REGISTRY_PASSWORD}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


def test_base_image_runs_on_the_main_engine(label_dict) -> None:
    out = docker(MAIN_HOST, "run", "--rm", *label_args(label_dict), BASE_IMAGE, "sh", "-c",
                 "echo ok; stat -c %a /tmp; id -un nobody; which httpd nc wget")
    lines = out.splitlines()
    assert lines[:3] == ["ok", "1777", "nobody"]
    assert len(lines) == 6, out  # every applet is in PATH


def test_second_engine_answers_and_has_the_base_image() -> None:
    h2 = api_client(H2_HOST)
    assert h2.version()["ApiVersion"] == "1.41"
    assert h2.inspect_image(BASE_IMAGE)["Config"]["Cmd"] == ["/bin/sh"]


def test_second_engine_is_a_separate_engine(label_dict, unique) -> None:
    main, h2 = api_client(MAIN_HOST), api_client(H2_HOST)
    # Not info()["ID"]: 20.10 derives it from /etc/docker/key.json, shared by both engines.
    assert main.info()["DockerRootDir"] != h2.info()["DockerRootDir"]
    name = f"{unique}-h2"
    c = h2.create_container(BASE_IMAGE, "true", name=name, labels=label_dict,
                            host_config=h2.create_host_config(network_mode="none"))
    try:
        assert [x["Id"] for x in h2.containers(all=True, filters={"name": name})] == [c["Id"]]
        assert main.containers(all=True, filters={"name": name}) == []
        assert main.containers(all=True, filters={"id": c["Id"]}) == []
        h2.start(c["Id"])
        assert h2.wait(c["Id"], timeout=30)["StatusCode"] == 0
    finally:
        h2.remove_container(c["Id"], force=True)


def test_main_engine_publishes_ports_while_the_second_engine_is_up(label_dict, unique) -> None:
    api_client(H2_HOST).ping()
    assert os.path.exists("/sys/class/net/docker0"), "the main engine's docker0 bridge is gone"
    name = f"{unique}-web"
    docker(MAIN_HOST, "run", "-d", "--name", name, *label_args(label_dict),
           "-p", "127.0.0.1::80", BASE_IMAGE,
           "sh", "-c", "echo hello >/tmp/index.html && exec httpd -f -p 80 -h /tmp")
    try:
        ports = json.loads(docker(MAIN_HOST, "inspect", "-f",
                                  "{{json .NetworkSettings.Ports}}", name))
        binding = ports["80/tcp"][0]
        assert binding["HostIp"] == "127.0.0.1"
        url = f"http://127.0.0.1:{binding['HostPort']}/index.html"
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    assert resp.read() == b"hello\n"
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        docker(MAIN_HOST, "rm", "-f", name)


def test_registry_requires_the_test_credentials() -> None:
    status, headers = registry_get("/v2/", auth=False)
    assert status == 401
    assert 'realm="jupyter-docker"' in headers.get("Www-Authenticate", "")
    assert registry_get("/v2/", auth=True)[0] == 200


def test_registry_accepts_a_push_with_the_test_credentials(unique) -> None:
    api = api_client(MAIN_HOST)
    repo = f"{REGISTRY}/{unique}-push"
    api.tag(BASE_IMAGE, repo, "v1")
    try:
        events = list(api.push(repo, "v1", stream=True, decode=True, auth_config={
            "username": REGISTRY_USER, "password": REGISTRY_PASSWORD}))
        assert not [e for e in events if "error" in e], events
        accept = {"Accept": "application/vnd.docker.distribution.manifest.v2+json"}
        path = f"/v2/{unique}-push/manifests/v1"
        assert registry_get(path, auth=False, headers=accept)[0] == 401
        status, headers = registry_get(path, auth=True, method="HEAD", headers=accept)
        assert status == 200
        digest = headers["Docker-Content-Digest"]
        assert registry_get(f"/v2/{unique}-push/manifests/{digest}", auth=True,
                            method="DELETE")[0] == 202
    finally:
        api.remove_image(f"{repo}:v1")


@pytest.mark.parametrize("name, store", [("engine26", "overlay2"),
                                         ("engine26-containerd", "overlayfs")])
def test_engine26_runs_in_its_own_namespace_with_the_system_runc(name, store, label_dict) -> None:
    host = ENGINES[name]
    api = api_client(host)
    version = api.version()
    assert version["Version"].startswith("26.1.") and version["ApiVersion"] == "1.45"
    info = api.info()
    assert info["Driver"] == store and info["DefaultRuntime"] == "runc"
    assert info["InitBinary"] == "/usr/bin/docker-init"
    pid = open(f"/var/run/{host.split('/')[-1].removesuffix('.sock')}.pid").read().strip()
    ours = os.stat(f"/var/run/netns/{NETNS[host]}").st_ino
    assert os.readlink(f"/proc/{pid}/ns/net") == f"net:[{ours}]" != os.readlink("/proc/self/ns/net")
    # The first runc on the engine's PATH is the system's (Debian 13's needs a newer glibc).
    env = dict(e.split(b"=", 1) for e in open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
               if b"=" in e)
    runcs = [d for d in env[b"PATH"].decode().split(":") if os.path.exists(f"{d}/runc")]
    assert os.path.realpath(f"{runcs[0]}/runc") == "/usr/sbin/runc"
    out = docker(host, "run", "--rm", *label_args(label_dict), BASE_IMAGE, "echo", "ok")
    assert out == "ok"
    with engine_net(host):  # the relay to the registry on the host's 127.0.0.1:5000
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://{REGISTRY}/v2/", timeout=10)
    assert refused.value.code == 401


def test_the_system_apt_still_offers_only_debian_12s_engine() -> None:
    policy = subprocess.run(["apt-cache", "policy", "docker.io"], capture_output=True,
                            text=True).stdout
    candidate = next(line.split()[1] for line in policy.splitlines() if "Candidate:" in line)
    assert candidate.startswith("20.10."), policy
# ------------------------------------------------------------------ make lab: lesson 9's engine
SWARM_HOST = "unix:///var/run/jupyter-docker-swarm.sock"  # lessons/l09_swarm.py's


def test_lesson_9s_swarm_engine_is_an_engine_of_its_own_with_the_base_image() -> None:
    """Lesson 9 makes a swarm on it: another dockerd (own root, own network namespace) than
    the one the other lessons use, so theirs never enters swarm mode."""
    main, swarm = api_client(MAIN_HOST), api_client(SWARM_HOST)
    assert swarm.info()["DockerRootDir"] != main.info()["DockerRootDir"]
    assert swarm.inspect_image(BASE_IMAGE)["Config"]["Cmd"] == ["/bin/sh"]
    pid = int(open("/var/run/jupyter-docker-swarm.pid").read())
    assert os.readlink(f"/proc/{pid}/ns/net") != os.readlink("/proc/self/ns/net")
    assert main.info()["Swarm"]["LocalNodeState"] == "inactive"


# ------------------------------------------------------------------ make lab: the registry

PROVISION = os.path.join(os.path.dirname(__file__), os.pardir, "scripts", "provision.sh")


def provision(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", PROVISION, *args], env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=300)


def test_show_registry_gives_the_address_user_and_password_of_the_lessons_registry() -> None:
    done = provision("--show-registry")
    assert done.returncode == 0 and done.stdout == f"{REGISTRY} {REGISTRY_USER} {REGISTRY_PASSWORD}\n"


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="starting a registry needs root")
def test_lab_provisioning_starts_the_lessons_registry_and_no_test_services(unique) -> None:
    """`make lab` runs `provision.sh --lab`: on a spare name and port (so the shared registry
    is left alone), it starts a registry with the lessons' credentials, and not H2/chromium."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        addr = f"127.0.0.1:{s.getsockname()[1]}"
    name = f"{unique}-registry"
    env = {"JD_REGISTRY_NAME": name, "JD_REGISTRY_ADDR": addr}
    pidfile = f"/var/run/{name}.pid"
    try:
        first = provision("--lab", env=env)
        assert first.returncode == 0, first.stderr
        steps = [line.split()[1] for line in first.stdout.splitlines()]
        assert steps == ["engine", "image", "registry", "swarm", "swarm-image", "fonts",
                         "done"], first.stdout
        assert "fonts       present (" in first.stdout  # the Korean lessons render, not boxes
        assert f"registry    started http://{addr} user {REGISTRY_USER} pid " in first.stdout
        statuses = []
        for auth in ("", f"{REGISTRY_USER}:{REGISTRY_PASSWORD}"):
            req = urllib.request.Request(f"http://{addr}/v2/")
            if auth:
                req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:
                    statuses.append(resp.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
        assert statuses == [401, 200]
        again = provision("--lab", env=env)  # idempotent: found up, left alone
        assert again.returncode == 0 and f"registry    up http://{addr} (401 without" in again.stdout
        assert provision("--show-registry", env=env).stdout.split() == \
            [addr, REGISTRY_USER, REGISTRY_PASSWORD]
    finally:
        pid = int(open(pidfile).read()) if os.path.exists(pidfile) else None
        if pid:  # the registry this test started, by its pid
            os.kill(pid, 15)
            deadline = time.monotonic() + 15
            while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
                time.sleep(0.1)
        for path in (pidfile, f"/var/log/{name}.log"):
            if os.path.exists(path):
                os.remove(path)
        subprocess.run(["rm", "-rf", f"/var/lib/{name}"], check=True)
