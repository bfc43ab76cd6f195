"""`login`/`logout`, `push`/`pull` against the real registry with htpasswd auth at
127.0.0.1:5000: the round trip, refusals in one line, credentials shared with the docker CLI,
and a password that never shows up in output or history.

Every test logs in under its own temporary $DOCKER_CONFIG, never root's real one."""

from __future__ import annotations

import base64
import builtins
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE, REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER
from jupyter_docker.history_scrub import MASK

LOGIN = f"login -u {REGISTRY_USER} -p {REGISTRY_PASSWORD} {REGISTRY}"


@pytest.fixture
def docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty docker CLI config dir for this test (the CLI and we both read it)."""
    path = tmp_path / "docker-config"
    monkeypatch.setenv("DOCKER_CONFIG", str(path))
    return path


def cli(*args: str) -> subprocess.CompletedProcess:
    """The real docker CLI, with this test's $DOCKER_CONFIG."""
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=120,
                          env=os.environ.copy())


def login_quietly(ip: Any, capfd: Any) -> None:
    assert ip.run_line_magic("docker", LOGIN) == "Login Succeeded"
    capfd.readouterr()


def test_push_without_login_is_refused_in_one_line(ip, docker_config, unique) -> None:
    target = f"{REGISTRY}/{unique}/refused:1"
    ip.run_line_magic("docker", f"tag {BASE_IMAGE} {target}")
    with pytest.raises(jd.DockerError) as caught:
        ip.run_line_magic("docker", f"push {target}")
    cli = subprocess.run(["docker", "push", target], capture_output=True, text=True)
    assert cli.returncode != 0 and caught.value.line() == f"docker: {cli.stderr.strip()}"
    assert caught.value.line() in ("docker: no basic auth credentials",  # the engine's words
                                   "docker: authorization failed: no basic auth credentials")
    with pytest.raises(jd.DockerError) as caught:
        ip.run_line_magic("docker", f"pull {target}")
    assert "no basic auth credentials" in caught.value.line()
    assert "\n" not in caught.value.line()


@pytest.mark.usefixtures("classic_builder")  # BuildKit's cache would keep the layers
def test_tag_push_rmi_pull_round_trip(ip, api, engine, docker_config, labels, unique,
                                      capfd) -> None:
    image = ip.run_cell_magic("docker", f"build -q {labels} -t {unique}-app:1",
                              f"FROM {BASE_IMAGE}\nRUN head -c 300000 /dev/urandom > /blob; "
                              f"echo {unique} > /name\nCMD cat /name\n")
    target = f"{REGISTRY}/{unique}/app:v1"
    assert ip.run_line_magic("docker", f"tag {unique}-app:1 {target}") is None
    login_quietly(ip, capfd)
    pushed = ip.run_line_magic("docker", f"push {target}")
    out = capfd.readouterr().out
    assert pushed.startswith(f"{target}: digest: sha256:") and " size: " in pushed
    assert "Pushed" in out  # one line per layer state, not per chunk
    assert out.count("\n") < 12
    digest = pushed.split("digest: ")[1].split()[0]

    removed = ip.run_line_magic("docker", f"rmi {target} {unique}-app:1")
    assert f"Untagged: {target}" in removed and f"Deleted: {image}" in removed
    assert not api.images(name=f"{unique}-app")

    pulled = ip.run_line_magic("docker", f"pull {target}")
    out = capfd.readouterr().out
    assert pulled == f"Downloaded newer image for {target} (digest {digest})"
    if not engine.containerd_store:  # which keeps the layers' content after rmi: no download
        assert "Pull complete" in out and "Downloading" in out
    assert len([line for line in out.splitlines() if "Downloading" in line]) <= 1  # no spam
    assert api.inspect_image(target)["Id"] == image
    assert ip.run_line_magic("docker", f"run --rm {labels} {target}") == 0
    assert capfd.readouterr().out == f"{unique}\n"
    again = ip.run_line_magic("docker", f"pull -q {target}")
    assert again == target and capfd.readouterr().out == ""
    assert ip.run_line_magic("docker", f"pull {target}").startswith("Image is up to date for")


def test_login_is_shared_with_the_docker_cli(ip, docker_config, unique, capfd) -> None:
    target = f"{REGISTRY}/{unique}/shared:1"
    ip.run_line_magic("docker", f"tag {BASE_IMAGE} {target}")
    login_quietly(ip, capfd)
    config = json.loads((docker_config / "config.json").read_text())
    assert base64.b64decode(config["auths"][REGISTRY]["auth"]).decode() == \
        f"{REGISTRY_USER}:{REGISTRY_PASSWORD}"
    assert (docker_config / "config.json").stat().st_mode & 0o077 == 0
    ip.run_line_magic("docker", f"push -q {target}")
    ours = cli("pull", target)
    assert ours.returncode == 0, ours.stderr  # the CLI uses the notebook's login
    assert ip.run_line_magic("docker", f"logout {REGISTRY}") == \
        f"Removing login credentials for {REGISTRY}"
    assert ip.run_line_magic("docker", f"logout {REGISTRY}") == f"Not logged in to {REGISTRY}"
    refused = cli("pull", target)
    assert refused.returncode != 0 and "no basic auth credentials" in refused.stderr
    with pytest.raises(jd.DockerError, match="no basic auth credentials"):
        ip.run_line_magic("docker", f"push {target}")
    # ...and the other way round: a CLI login is seen by the notebook.
    done = subprocess.run(["docker", "login", "-u", REGISTRY_USER, "--password-stdin", REGISTRY],
                          input=REGISTRY_PASSWORD, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert ip.run_line_magic("docker", f"push {target}").startswith(f"{target}: digest:")


def test_all_tags_push(ip, docker_config, unique, capfd) -> None:
    repo = f"{REGISTRY}/{unique}/multi"
    for tag in ("a", "b"):
        ip.run_line_magic("docker", f"tag {BASE_IMAGE} {repo}:{tag}")
    login_quietly(ip, capfd)
    lines = ip.run_line_magic("docker", f"push -a {repo}")
    assert sorted(line.split(": digest")[0] for line in lines) == [f"{repo}:a", f"{repo}:b"]
    with pytest.raises(jd.UsageError, match="tag can't be used with --all-tags"):
        ip.run_line_magic("docker", f"push -a {repo}:a")


def test_pull_and_push_errors_are_one_line(ip, docker_config, unique, capfd) -> None:
    login_quietly(ip, capfd)
    cases = [
        (f"pull {REGISTRY}/{unique}/nothing:1",  # the classic store's words, the containerd one's
         f"manifest for .* not found|failed to resolve reference .*{unique}/nothing:1.* not found"),
        (f"pull 127.0.0.1:1/{unique}/x:1", "connection refused"),
        (f"push {REGISTRY}/{unique}/not-here:1",  # classic store | containerd store
         "An image does not exist locally|tag does not exist: "),
        (f"pull {REGISTRY}/Bad/Name", "invalid reference format"),
    ]
    for line, pattern in cases:
        with pytest.raises(jd.DockerError, match=pattern) as caught:
            ip.run_line_magic("docker", line)
        assert "\n" not in caught.value.line()


def test_wrong_password_is_refused_and_nothing_stored(ip, docker_config, capfd) -> None:
    with pytest.raises(jd.DockerError, match="401 Unauthorized") as caught:
        ip.run_line_magic("docker", f"login -u {REGISTRY_USER} -p not-the-password {REGISTRY}")
    assert "not-the-password" not in caught.value.line()
    assert not (docker_config / "config.json").exists()


def _everything_said(capfd: Any, ip: Any) -> str:
    out = capfd.readouterr()
    hm = ip.history_manager
    hm.writeout_cache()
    rows = hm.db.execute("SELECT source, source_raw FROM history").fetchall() \
        if hm.enabled else []
    texts = [out.out, out.err, *map(str, hm.input_hist_parsed), *map(str, hm.input_hist_raw),
             *map(str, ip.user_ns["In"]), *(str(v) for k, v in ip.user_ns.items()
                                            if k.startswith("_i")),
             *(str(col) for row in rows for col in row)]
    return "\n".join(texts)


def test_password_flag_warns_and_is_scrubbed_from_history(ip, docker_config, capfd) -> None:
    capfd.readouterr()
    result = ip.run_cell(f"%docker {LOGIN}", store_history=True)
    assert result.success and result.result == "Login Succeeded"
    said = _everything_said(capfd, ip)
    assert "WARNING! Using --password via the CLI is insecure" in said
    assert REGISTRY_PASSWORD not in said
    assert f"-p {MASK}" in ip.history_manager.input_hist_raw[-1]
    assert f"-p {MASK}" in ip.user_ns["In"][-1]
    assert f"-p {MASK}" in ip.user_ns[f"_i{ip.execution_count - 1}"]


def test_hidden_prompt_and_password_stdin(ip, docker_config, capfd, monkeypatch) -> None:
    import getpass

    asked: list[str] = []

    def fake_getpass(prompt: str = "Password: ") -> str:
        asked.append(prompt)
        return REGISTRY_PASSWORD

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr(builtins, "input", lambda prompt="": REGISTRY_USER)
    capfd.readouterr()
    result = ip.run_cell(f"%docker login {REGISTRY}", store_history=True)
    assert result.result == "Login Succeeded" and asked == ["Password: "]
    assert REGISTRY_PASSWORD not in _everything_said(capfd, ip)
    assert ip.run_line_magic("docker", f"logout {REGISTRY}").startswith("Removing")

    monkeypatch.setattr("sys.stdin", io.StringIO(REGISTRY_PASSWORD + "\n"))
    result = ip.run_cell(f"%docker login -u {REGISTRY_USER} --password-stdin {REGISTRY}",
                         store_history=True)
    assert result.result == "Login Succeeded"
    said = _everything_said(capfd, ip)
    assert REGISTRY_PASSWORD not in said and "WARNING! Using --password" not in said
    # Stored credentials are tried first when neither -u nor -p is given.
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": pytest.fail("asked again"))
    assert ip.run_line_magic("docker", f"login {REGISTRY}") == "Login Succeeded"
    assert "Authenticating with existing credentials" in capfd.readouterr().out


def test_login_usage_errors(ip, docker_config) -> None:
    with pytest.raises(jd.UsageError, match="Must provide --username with --password-stdin"):
        ip.run_line_magic("docker", f"login --password-stdin {REGISTRY}")
    with pytest.raises(jd.UsageError, match="mutually exclusive"):
        ip.run_line_magic("docker", f"login -u x -p y --password-stdin {REGISTRY}")


HELPER = '''#!{python}
"""A credential helper speaking the docker-credential protocol, keeping logins in a file."""
import json, os, sys
path = os.environ["JDTEST_CRED_FILE"]
data = json.load(open(path)) if os.path.exists(path) else {{}}
action = sys.argv[1]
if action == "store":
    item = json.load(sys.stdin)
    data[item["ServerURL"]] = item
elif action == "get":
    url = sys.stdin.read().strip()
    if url not in data:
        print("credentials not found in native keychain")
        sys.exit(1)
    print(json.dumps(data[url]))
elif action == "erase":
    data.pop(sys.stdin.read().strip(), None)
elif action == "list":
    print(json.dumps({{k: v["Username"] for k, v in data.items()}}))
json.dump(data, open(path, "w"))
'''


def test_credential_helper_holds_the_password(ip, docker_config, tmp_path, unique, capfd,
                                              monkeypatch) -> None:
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    helper = bin_dir / "docker-credential-jdtest"
    helper.write_text(HELPER.format(python=sys.executable))
    helper.chmod(0o755)
    store = tmp_path / "helper-store.json"
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("JDTEST_CRED_FILE", str(store))
    docker_config.mkdir()
    (docker_config / "config.json").write_text(json.dumps({"credsStore": "jdtest"}))

    assert ip.run_line_magic("docker", LOGIN) == "Login Succeeded"
    assert "stored unencrypted" not in capfd.readouterr().err
    assert json.loads(store.read_text())[REGISTRY]["Secret"] == REGISTRY_PASSWORD
    assert REGISTRY_PASSWORD not in (docker_config / "config.json").read_text()
    target = f"{REGISTRY}/{unique}/helper:1"
    ip.run_line_magic("docker", f"tag {BASE_IMAGE} {target}")
    assert ip.run_line_magic("docker", f"push {target}").startswith(f"{target}: digest:")
    assert cli("pull", target).returncode == 0  # the CLI asks the same helper
    assert ip.run_line_magic("docker", f"logout {REGISTRY}").startswith("Removing")
    assert REGISTRY not in json.loads(store.read_text())
    with pytest.raises(jd.DockerError, match="no basic auth credentials"):
        ip.run_line_magic("docker", f"push {target}")
