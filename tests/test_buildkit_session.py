"""The BuildKit session (`POST /session`, HTTP/2, gRPC served by us) on the real engines:
`--secret` readable in `RUN --mount=type=secret` and found nowhere else, `--output type=local`
and `type=tar` written by the engine through us, the session ending with its build.

The build here is a bare `POST /build?version=2&session=ID` (what `%docker build` sends), so
these tests prove the session itself."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import secrets
import tarfile
import threading
import time

import pytest

from jupyter_docker.buildkit.session import BuildSession, specs
from jupyter_docker.buildkit.session.server import THREAD_PREFIX
from jupyter_docker.buildkit.status import StatusResponse
from jupyter_docker.engine import Engine as JDEngine, Target
from jupyter_docker.errors import DockerError, UsageError

from conftest import BASE_IMAGE, SESSION_LABEL, TEST_LABEL, api_client, dockerfile_tar

LABELS = dict(label.split("=", 1) for label in (TEST_LABEL, SESSION_LABEL))


def jd_engine(engine) -> JDEngine:
    return JDEngine(Target(engine.host))


class Built:
    """What one /build answered: the raw lines, the decoded BuildKit logs, id, error."""

    def __init__(self) -> None:
        self.raw: list[bytes] = []
        self.logs = b""
        self.image_id = ""
        self.error = ""


def open_session(engine, tmp_path, dockerfile: str, **flags) -> BuildSession:
    """A session for a build of `dockerfile`; on Engine 26's containerd store the context
    goes through the session (moby#47717: that engine cannot read an uploaded tar)."""
    dirs = None
    if engine.containerd_store:
        context = tmp_path / "context"
        context.mkdir(exist_ok=True)
        (context / "Dockerfile").write_text(dockerfile)
        dirs = {"context": str(context), "dockerfile": str(context)}
    return BuildSession.from_flags(jd_engine(engine), dirs=dirs, **flags)


def build(engine, dockerfile: str, session: BuildSession, tag: str = "") -> Built:
    api = api_client(engine.host)
    params = [("version", "2"), ("labels", json.dumps(LABELS)), ("rm", "1"), *session.params()]
    if tag:
        params.append(("t", tag))
    through_session = ("remote", "client-session") in params
    response = api._post(api._url("/build"), params=params,
                         data=None if through_session else dockerfile_tar(dockerfile),
                         headers={"Content-Type": "application/x-tar"}, stream=True,
                         timeout=180)
    out = Built()
    try:
        for line in response.iter_lines():
            if not line:
                continue
            out.raw.append(line)
            message = json.loads(line)
            if message.get("id") == "moby.buildkit.trace":
                status = StatusResponse.from_aux(message["aux"])
                out.logs += b"".join(log.msg for log in status.logs)
            elif message.get("id") == "moby.image.id":
                out.image_id = message["aux"]["ID"]
            if message.get("error"):
                out.error = message["error"]
    finally:
        response.close()
    return out


def session_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]


def assert_ended(session: BuildSession) -> None:
    assert session.server is not None
    assert not session.server.thread.is_alive()
    assert session.server.sock.fileno() == -1  # closed
    deadline = time.monotonic() + 5
    while session_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert session_threads() == []


@pytest.fixture
def secret_value() -> bytes:
    return b"jd-secret-" + secrets.token_hex(12).encode()


def test_secret_from_file_and_env_reaches_run_and_nothing_else(engine, tmp_path, unique,
                                                               secret_value, monkeypatch):
    env_value = "jd-env-secret-" + secrets.token_hex(12)
    monkeypatch.setenv("JD_TEST_TOKEN", env_value)
    (tmp_path / "tok").write_bytes(secret_value)
    dockerfile = (f"FROM {BASE_IMAGE}\n"  # the nonce: a cached RUN would not read the secret
                  f"RUN --mount=type=secret,id=tok --mount=type=secret,id=envtok : {unique} && "
                  "sha256sum /run/secrets/tok /run/secrets/envtok > /sums && "
                  "wc -c < /run/secrets/tok\n"
                  "LABEL made=by-test\n")
    tag = f"{unique}-secret:1"
    with open_session(engine, tmp_path, dockerfile,
                      secret=[f"id=tok,src={tmp_path / 'tok'}",
                              "id=envtok,env=JD_TEST_TOKEN"]) as session:
        built = build(engine, dockerfile, session, tag)
    assert_ended(session)
    assert built.error == "" and built.image_id.startswith("sha256:")
    api = api_client(engine.host)
    container = api.create_container(tag, ["cat", "/sums"], labels=LABELS)["Id"]
    try:
        api.start(container)
        api.wait(container, timeout=60)
        sums = api.logs(container).decode()
        filesystem = b"".join(api.export(container))
    finally:
        api.remove_container(container, force=True)
    assert hashlib.sha256(secret_value).hexdigest() + "  /run/secrets/tok" in sums
    assert hashlib.sha256(env_value.encode()).hexdigest() + "  /run/secrets/envtok" in sums
    assert str(len(secret_value)).encode() in built.logs  # the RUN read it
    assert len(filesystem) > 100_000  # the whole image filesystem, exported
    for value in (secret_value, env_value.encode()):
        assert value not in filesystem
        assert value not in json.dumps(api.history(tag)).encode()
        assert value not in json.dumps(api.inspect_image(tag)).encode()
        assert value not in b"\n".join(built.raw) and value not in built.logs


def test_missing_secret_source_is_one_line_before_anything_starts(engine, tmp_path,
                                                                  monkeypatch):
    monkeypatch.delenv("JD_TEST_NOPE", raising=False)
    before = session_threads()
    missing = tmp_path / "nope"
    with pytest.raises(DockerError) as err:
        BuildSession.from_flags(jd_engine(engine), secret=[f"id=tok,src={missing}"])
    assert str(err.value) == f"failed to stat {missing}: stat {missing}: no such file or directory"
    assert specs.secret("id=tok,env=JD_TEST_NOPE") == ("tok", b"")  # buildx: empty, no error
    with pytest.raises(DockerError, match="^unsupported secret type \"pipe\"$"):
        specs.secret("id=a,type=pipe")
    assert session_threads() == before


def build_with_output(engine, tmp_path, dockerfile: str, output: str) -> Built:
    with open_session(engine, tmp_path, dockerfile, output=[output]) as session:
        built = build(engine, dockerfile, session)
    assert_ended(session)
    assert built.error == "", built.error
    return built


def test_output_local_writes_the_files(engine, tmp_path):
    dest = tmp_path / "out"
    dockerfile = (f"FROM {BASE_IMAGE} AS make\n"
                  "RUN mkdir -p /out/sub && echo hello > /out/a.txt && "
                  "head -c 300000 /dev/urandom > /out/sub/big.bin && chmod 750 /out/sub && "
                  "ln -s a.txt /out/link && : > /out/empty\n"
                  "FROM scratch\nCOPY --from=make /out /\n")
    built = build_with_output(engine, tmp_path, dockerfile, f"type=local,dest={dest}")
    assert built.image_id == ""  # an output other than the image: no image made
    assert (dest / "a.txt").read_text() == "hello\n"
    assert (dest / "sub" / "big.bin").stat().st_size == 300000
    assert (dest / "sub").stat().st_mode & 0o777 == 0o750
    assert os.readlink(dest / "link") == "a.txt"
    assert (dest / "empty").stat().st_size == 0
    assert sorted(p.name for p in dest.iterdir()) == ["a.txt", "empty", "link", "sub"]


def test_output_tar_writes_the_archive(engine, tmp_path):
    dest = tmp_path / "out.tar"
    dockerfile = (f"FROM {BASE_IMAGE} AS make\n"
                  "RUN mkdir -p /out/sub && echo hello > /out/a.txt && echo b > /out/sub/b\n"
                  "FROM scratch\nCOPY --from=make /out /\n")
    build_with_output(engine, tmp_path, dockerfile, f"type=tar,dest={dest}")
    with tarfile.open(dest) as tar:
        names = sorted(n.rstrip("/") for n in tar.getnames())
        assert tar.extractfile("a.txt").read() == b"hello\n"
    assert names == ["a.txt", "sub", "sub/b"]


def test_session_ends_after_a_failed_build(engine, secret_value, tmp_path):
    (tmp_path / "tok").write_bytes(secret_value)
    dockerfile = (f"FROM {BASE_IMAGE}\n"
                  "RUN --mount=type=secret,id=tok test -s /run/secrets/tok && exit 3\n")
    with open_session(engine, tmp_path, dockerfile,
                      secret=[f"id=tok,src={tmp_path / 'tok'}"]) as session:
        built = build(engine, dockerfile, session)
    assert_ended(session)
    assert "exit code: 3" in built.error
    assert secret_value not in b"\n".join(built.raw)


def test_a_required_secret_the_session_lacks_fails_the_build(engine, tmp_path):
    dockerfile = (f"FROM {BASE_IMAGE}\n"
                  "RUN --mount=type=secret,id=absent,required cat /run/secrets/absent\n")
    with open_session(engine, tmp_path, dockerfile) as session:
        built = build(engine, dockerfile, session)
    assert_ended(session)
    assert "absent" in built.error and "not found" in built.error


def test_context_through_the_session_honours_dockerignore(engine, tmp_path, unique):
    context = tmp_path / "ctx"
    (context / "sub" / "deep").mkdir(parents=True)
    (context / "keep.txt").write_text("kept\n")
    (context / "drop.log").write_text("dropped\n")
    (context / "sub" / "deep" / "x.txt").write_text("x\n")
    (context / "sub" / "deep" / "skip.log").write_text("skip\n")
    (context / "sub" / "big.bin").write_bytes(os.urandom(200_000))
    (context / "link").symlink_to("keep.txt")
    (context / ".dockerignore").write_text("*.log\n**/*.log\n")
    (context / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE}\nCOPY . /ctx/\nRUN : {unique} && cd /ctx && find . | sort && "
        "sha256sum sub/big.bin\n")
    session = BuildSession.from_flags(jd_engine(engine),
                                      dirs={"context": str(context), "dockerfile": str(context)})
    with session:
        built = build(engine, "", session)
    assert_ended(session)
    assert built.error == "", built.error
    listed = [line.strip() for line in built.logs.decode().splitlines()]
    for path in ("./keep.txt", "./sub/deep/x.txt", "./sub/big.bin", "./link", "./Dockerfile"):
        assert path in listed
    assert "./drop.log" not in listed and "./sub/deep/skip.log" not in listed
    digest = hashlib.sha256((context / "sub" / "big.bin").read_bytes()).hexdigest()
    assert f"{digest}  sub/big.bin" in listed


# ------------------------------------------------------------------ through %docker build

def test_percent_docker_build_with_secret_and_output(ip, engine, labels, unique, tmp_path,
                                                     secret_value, capfd):
    # on Engine 26's containerd store the tar upload fails (moby#47717) and the build is made
    # again with the directory sent through the session
    (tmp_path / "tok").write_bytes(secret_value)
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE} AS make\n"
        f"RUN --mount=type=secret,id=tok : {unique} && sha256sum /run/secrets/tok > /sum\n"
        "FROM scratch\nCOPY --from=make /sum /sum\n")
    out = tmp_path / "out"
    before = session_threads()
    result = ip.run_line_magic("docker", f"build {labels} --progress plain "
                                         f"--secret id=tok,src={tmp_path / 'tok'} "
                                         f"-o type=local,dest={out} {context}")
    shown = capfd.readouterr()
    assert result is None  # the files are the result: no image
    assert (out / "sum").read_text().split()[0] == hashlib.sha256(secret_value).hexdigest()
    assert secret_value.decode() not in shown.out + shown.err
    assert session_threads() == before
    tar = tmp_path / "out.tar"
    ip.run_line_magic("docker", f"build {labels} -q -o type=tar,dest={tar} "
                                f"--secret id=tok,src={tmp_path / 'tok'} {context}")
    with tarfile.open(tar) as archive:
        assert archive.getnames() == ["sum"]
    assert session_threads() == before


def test_percent_docker_build_missing_secret_is_one_line_before_the_engine_is_asked(
        ip, tmp_path):
    (tmp_path / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\n")
    nowhere = "unix:///tmp/jupyter-docker-no-engine.sock"  # an engine error would say so
    missing = tmp_path / "nope"
    with pytest.raises(DockerError) as err:
        ip.run_line_magic("docker", f"-H {nowhere} build --secret id=tok,src={missing} "
                                    f"{tmp_path}")
    assert str(err.value) == f"failed to stat {missing}: stat {missing}: no such file or directory"
    with pytest.raises(UsageError, match="^dest is required for local output"):
        ip.run_line_magic("docker", f"-H {nowhere} build -o type=local {tmp_path}")


# ------------------------------------------------------------------ --ssh

def _with_ssh_add(context) -> str:
    """Put this machine's ssh-add, its libraries and loader in the context (the base image
    has no unix-socket client); the command that runs it in a RUN step."""
    lib = context / "sshtool"
    lib.mkdir()
    shutil.copy("/usr/bin/ssh-add", lib / "ssh-add")
    ldd = subprocess.run(["ldd", "/usr/bin/ssh-add"], capture_output=True, text=True,
                         check=True).stdout
    for path in re.findall(r"(/\S+\.so[.\d]*)", ldd):
        shutil.copy(os.path.realpath(path), lib / os.path.basename(path))
    loader = next(os.path.basename(p) for p in re.findall(r"(/\S+ld-linux\S*)", ldd))
    return f"/sshtool/{loader} --library-path /sshtool /sshtool/ssh-add -l"


@pytest.fixture
def ssh_agent(tmp_path, monkeypatch):
    """An ssh-agent of this test (ended by its PID) holding one new key; its fingerprint."""
    if not shutil.which("ssh-agent"):
        pytest.skip("no ssh-agent on this machine")
    sock = tmp_path / "agent.sock"
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", str(sock)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        key = tmp_path / "id_test"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "jd-test",
                        "-f", str(key)], check=True)
        subprocess.run(["ssh-add", "-q", str(key)], check=True,
                       env={**os.environ, "SSH_AUTH_SOCK": str(sock)})
        monkeypatch.setenv("SSH_AUTH_SOCK", str(sock))
        fingerprint = subprocess.run(["ssh-keygen", "-lf", f"{key}.pub"], capture_output=True,
                                     text=True, check=True).stdout.split()[1]
        yield fingerprint
    finally:
        agent.terminate()
        agent.wait(10)


def test_ssh_default_forwards_the_agent_into_run(engine, tmp_path, unique, ssh_agent):
    context = tmp_path / "ctx"
    context.mkdir()
    command = _with_ssh_add(context)
    (context / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE}\nCOPY sshtool /sshtool\n"
        f"RUN --mount=type=ssh : {unique} && {command}\n")
    session = BuildSession.from_flags(jd_engine(engine), ssh=["default"],
                                      dirs={"context": str(context), "dockerfile": str(context)})
    with session:
        built = build(engine, "", session)
    assert_ended(session)
    assert built.error == "", built.error
    # `ssh-add -l` in the RUN step listed the key through the forwarded agent
    assert f"256 {ssh_agent} jd-test (ED25519)".encode() in built.logs


def test_ssh_without_an_agent_is_one_line(monkeypatch, tmp_path):
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    with pytest.raises(DockerError, match="^invalid empty ssh agent socket, make sure "
                                          "SSH_AUTH_SOCK is set$"):
        specs.ssh("default")
    (tmp_path / "key").write_text("not a socket")
    with pytest.raises(DockerError, match="is not an ssh-agent socket"):
        specs.ssh(f"default={tmp_path / 'key'}")


def test_interrupting_a_session_build_ends_the_session(ip, engine, labels, unique, tmp_path,
                                                       secret_value, capfd, monkeypatch):
    from magic_checks import interrupted

    opened: list[BuildSession] = []
    real_start = BuildSession.start
    monkeypatch.setattr(BuildSession, "start",
                        lambda self: (opened.append(self), real_start(self))[-1])
    (tmp_path / "tok").write_bytes(secret_value)
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE}\nRUN --mount=type=secret,id=tok : {unique} && sleep 8\n")
    line = (f"build {labels} --progress plain --secret id=tok,src={tmp_path / 'tok'} "
            f"-t {unique}-int {context}")
    # (the line returns only when the engine ends the stream: on engine 20.10 that is when the
    # RUN step is over, with or without a session: measured 33 s for a 30 s sleep)
    result, during, after, _ = interrupted(lambda: ip.run_line_magic("docker", line), after=3)
    assert result is None
    assert opened and all(s.server.sock.fileno() == -1 for s in opened)  # closed
    assert after < during and session_threads() == []
    assert secret_value.decode() not in capfd.readouterr().out


# ------------------------------------------------------------------ registry logins

def test_a_private_base_image_is_pulled_with_the_stored_login(engine, tmp_path, unique,
                                                              monkeypatch):
    from conftest import REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER

    api = api_client(engine.host)
    private = f"{REGISTRY}/{unique}/base"
    api.tag(BASE_IMAGE, private, "1")
    login = {"username": REGISTRY_USER, "password": REGISTRY_PASSWORD}
    pushed = [json.loads(line) for line in api.push(private, "1", auth_config=login,
                                                    stream=True)]
    assert not any("error" in message for message in pushed), pushed
    api.remove_image(f"{private}:1")  # the build must ask the registry, so it needs the login
    dockerfile = f"FROM {private}:1\nRUN : {unique}\n"
    config = tmp_path / "docker-config"
    config.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    with open_session(engine, tmp_path, dockerfile) as session:  # no login stored
        refused = build(engine, dockerfile, session)
    assert_ended(session)
    assert "401" in refused.error or "unauthorized" in refused.error.lower(), refused.error
    auth = base64.b64encode(f"{REGISTRY_USER}:{REGISTRY_PASSWORD}".encode()).decode()
    (config / "config.json").write_text(json.dumps({"auths": {REGISTRY: {"auth": auth}}}))
    with open_session(engine, tmp_path, dockerfile) as session:
        built = build(engine, dockerfile, session)
    assert_ended(session)
    assert built.error == "" and built.image_id.startswith("sha256:"), built.error
    assert REGISTRY_PASSWORD.encode() not in b"\n".join(built.raw)


def test_percent_docker_build_from_a_private_image_uses_the_login(ip, engine, labels, unique,
                                                                 tmp_path, monkeypatch, capfd):
    from conftest import REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER

    api = api_client(engine.host)
    private = f"{REGISTRY}/{unique}/base"
    api.tag(BASE_IMAGE, private, "1")
    login = {"username": REGISTRY_USER, "password": REGISTRY_PASSWORD}
    list(api.push(private, "1", auth_config=login, stream=True))
    api.remove_image(f"{private}:1")
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker-config"))
    assert ip.run_line_magic("docker", f"login -u {REGISTRY_USER} -p {REGISTRY_PASSWORD} "
                                       f"{REGISTRY}") == "Login Succeeded"
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text(f"FROM {private}:1\nRUN : {unique}\n")
    image = ip.run_line_magic("docker", f"build {labels} -q -t {unique}-priv {context}")
    assert str(image).startswith("sha256:")
    assert REGISTRY_PASSWORD not in capfd.readouterr().out
    assert session_threads() == []


def test_a_refused_session_says_the_engines_message():
    from jupyter_docker.buildkit.session.hijack import _message

    assert _message('{"message":"page not found"}\n', b"HTTP/1.1 404 Not Found") == \
        "page not found"
    assert _message("", b"HTTP/1.1 500 Internal Server Error") == \
        "HTTP/1.1 500 Internal Server Error"
