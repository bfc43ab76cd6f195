"""Builds through BuildKit's Control API over the engine's `POST /grpc` (Solve + Status, the
context through the build's session), on the real engines: `--no-cache-filter` re-runs the
named stages and keeps the others CACHED; a failure is one block; Ctrl-C cancels the Solve
(the step's process is gone); no thread or socket is left after any of them."""

from __future__ import annotations

import os
import re
import signal
import tarfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import BASE_IMAGE
from jupyter_docker.buildkit.control import channel as ch
from jupyter_docker.buildkit.control import request
from jupyter_docker.buildkit.record import BuildResult
from jupyter_docker.buildkit.session.server import THREAD_PREFIX as SESSION_THREADS
from jupyter_docker.buildlog import BuildFailed
from jupyter_docker.errors import DockerError

STAGES = """FROM {base} AS a
RUN echo a-{u}-$RANDOM > /a
FROM {base} AS b
RUN echo b-{u}-$RANDOM > /b
FROM {base}
COPY --from=a /a /a
COPY --from=b /b /b
"""


@pytest.fixture
def bk(engine, monkeypatch):
    monkeypatch.delenv("DOCKER_BUILDKIT", raising=False)
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "text")
    return engine


def _ours() -> list[str]:
    """Threads of a /grpc channel or a session still alive."""
    return [t.name for t in threading.enumerate()
            if t.name.startswith((ch.THREAD_PREFIX, SESSION_THREADS))]


@pytest.fixture
def no_leak(monkeypatch):
    """Assert that the test left no thread of ours alive and every socket it opened to the
    engine for /grpc or /session closed (each is recorded where it is made)."""
    from jupyter_docker.buildkit.session import hijack

    made = []
    connect = hijack.connect

    def recorded(engine):
        sock = connect(engine)
        made.append(sock)
        return sock

    monkeypatch.setattr(hijack, "connect", recorded)
    yield made
    for _ in range(50):
        if not _ours():
            break
        time.sleep(0.1)
    assert not _ours()
    assert [sock for sock in made if sock.fileno() != -1] == []


def _step(image: BuildResult, text: str) -> Any:
    steps = image.steps
    return steps[steps.name.str.contains(text, regex=False)].iloc[0]


def test_no_cache_filter_reruns_only_the_named_stage(ip, api, bk, labels, unique, tmp_path,
                                                     capfd, no_leak) -> None:
    (tmp_path / "Dockerfile").write_text(STAGES.format(base=BASE_IMAGE, u=unique))
    first = ip.run_line_magic("docker", f"build {labels} -t {unique}-f {tmp_path}")
    capfd.readouterr()
    again = ip.run_line_magic(
        "docker", f"build {labels} -t {unique}-f --no-cache-filter a --progress plain {tmp_path}")
    out = capfd.readouterr().out
    assert isinstance(again, BuildResult) and again.startswith("sha256:") and again != first
    assert not _step(again, "[a 2/2] RUN")["cached"]  # the named stage ran again
    assert _step(again, "[b 2/2] RUN")["cached"]  # the other one came from the cache
    number = re.search(r"^#(\d+) \[b 2/2\] RUN", out, re.M).group(1)
    assert f"#{number} CACHED" in out
    inspected = api.inspect_image(f"{unique}-f")
    assert inspected["Id"] == again  # the moby exporter named it, the Solve said its id
    assert set(dict(x.split("=", 1) for x in labels.replace("--label ", "").split())
               .items()) <= set(inspected["Config"]["Labels"].items())


def test_no_cache_filter_with_stage_names_in_a_cell(ip, bk, labels, unique, no_leak) -> None:
    dockerfile = STAGES.format(base=BASE_IMAGE, u=unique)
    ip.run_cell_magic("docker", f"build {labels} -t {unique}-c", dockerfile)
    again = ip.run_cell_magic(
        "docker", f"build {labels} -t {unique}-c --no-cache-filter a,b", dockerfile)
    assert not _step(again, "[a 2/2] RUN")["cached"]
    assert not _step(again, "[b 2/2] RUN")["cached"]


def test_a_failing_step_is_one_block(ip, bk, labels, unique, no_leak) -> None:
    dockerfile = f"FROM {BASE_IMAGE} AS a\nRUN echo {unique}-said && exit 3\n"
    with pytest.raises(BuildFailed) as failed:
        ip.run_cell_magic("docker", f"build {labels} --no-cache-filter a", dockerfile)
    text = str(failed.value)
    assert text.startswith("build failed at [2/2] RUN echo") and "(Dockerfile:2)" in text
    assert f"{unique}-said" in text and ">>> RUN echo" in text
    assert "exit code: 3" in text.splitlines()[-1]
    assert "failed to solve with frontend" not in text  # the layers' prefixes are cut


def test_interrupt_cancels_the_solve(ip, bk, labels, unique, capfd, no_leak) -> None:
    main = threading.main_thread().ident
    timer = threading.Timer(4.0, lambda: signal.pthread_kill(main, signal.SIGINT))
    timer.start()
    try:
        result = ip.run_cell_magic(
            "docker", f"build {labels} --progress plain --no-cache-filter a",
            f"FROM {BASE_IMAGE} AS a\nRUN echo started-{unique} && sleep 60\n")
    finally:
        timer.join()
    out = capfd.readouterr()
    assert result is None and "docker: interrupted: build cancelled" in out.err
    assert f"started-{unique}" in out.out
    assert re.search(r"^#\d+ CANCELED$", out.out, re.M), out.out
    for _ in range(30):
        if not _processes_with(f"started-{unique}"):
            break
        time.sleep(0.1)
    assert not _processes_with(f"started-{unique}")  # the step's shell is gone within 3 s


def _processes_with(text: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if text.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(int(pid))
        except OSError:
            pass
    return [pid for pid in found if pid != os.getpid()]


@pytest.mark.one_engine("refused before anything reaches the engine")
def test_what_cannot_go_through_solve_is_one_line(ip, bk, labels, tmp_path, monkeypatch,
                                                  no_leak) -> None:
    archive = tmp_path / "ctx.tar"
    with tarfile.open(archive, "w"):
        pass
    cases = [
        (f"build {labels} --no-cache-filter a {archive}",
         "--no-cache-filter needs a directory or URL context"),
        (f"build {labels} --no-cache-filter a, {tmp_path}", "an empty name was given"),
        (f"build {labels} --no-cache-filter a --network bridge2 {tmp_path}",
         "network mode 'bridge2' not supported by buildkit"),
    ]
    for line, said in cases:
        with pytest.raises(DockerError) as refused:
            ip.run_line_magic("docker", line)
        assert said in str(refused.value) and "\n" not in str(refused.value)
    monkeypatch.setenv("DOCKER_BUILDKIT", "0")
    with pytest.raises(DockerError, match="--no-cache-filter needs BuildKit"):
        ip.run_line_magic("docker", f"build {labels} --no-cache-filter a {tmp_path}")


@pytest.mark.one_engine("the protocol, not the engine's behaviour")
def test_an_unknown_method_ends_with_its_grpc_status(bk, no_leak) -> None:
    from jupyter_docker.engine import Engine, Target

    channel = ch.Channel.open(Engine(Target(bk.host)))
    try:
        stream = channel.call("/moby.buildkit.v1.Control/NoSuchMethod", b"")
        event = channel.events.get(timeout=10)
        assert event.kind == "end" and event.stream == stream
        assert event.value[0] == 12  # UNIMPLEMENTED, from grpc-go behind /grpc
        stream = channel.call(request.STATUS, request.status("jd-no-such-ref"))
        event = channel.events.get(timeout=20)
        assert event.kind == "end" and event.value[0] != 0  # BuildKit: no such job
    finally:
        channel.close()
    assert not channel.thread.is_alive()


def test_the_solve_request_carries_what_buildkit_reads() -> None:
    from jupyter_docker.buildkit import protowire as pw
    from jupyter_docker.buildkit.control import attrs

    values = {"no_cache_filter": ["a,b", "c"], "target": "c", "build_arg": {"X": "1"},
              "label": {"k": "v"}, "network": "host", "add_host": ["h:10.0.0.1"],
              "ulimit": [{"Name": "nofile", "Soft": 10, "Hard": 20}], "pull": True}
    front = attrs.frontend(values, "Dockerfile.dev")
    assert front == {"filename": "Dockerfile.dev", "image-resolve-mode": "pull",
                     "target": "c", "no-cache": "a,b,c", "build-arg:X": "1", "label:k": "v",
                     "force-network-mode": "host", "add-hosts": "h=10.0.0.1",
                     "ulimit": "nofile=10:20"}
    assert attrs.frontend({**values, "no_cache": True}, "D")["no-cache"] == ""  # --no-cache wins
    data = request.solve("ref1", "sess1", front, "moby", attrs.exporter(["a:1", "b:2"]),
                         entitlements=attrs.entitlements(values))
    fields = pw.decode(data)
    entries = lambda n: {pw.string(e, 1): pw.string(e, 2) for e in pw.messages(fields, n)}
    assert pw.string(fields, 1) == "ref1" and pw.string(fields, 5) == "sess1"
    assert pw.string(fields, 3) == "moby" and entries(4) == {"name": "a:1,b:2"}
    assert pw.string(fields, 6) == "dockerfile.v0" and entries(7) == front
    assert pw.string(fields, 9) == "network.host"
    answer = pw.encode([(1, pw.encode([(1, "containerimage.digest"), (2, "sha256:ab")]))])
    assert request.exporter_response(answer) == {"containerimage.digest": "sha256:ab"}


def test_secret_and_output_are_served_to_the_solve(ip, bk, labels, unique, tmp_path,
                                                   no_leak) -> None:
    (tmp_path / "token").write_text(f"secret-{unique}\n")
    out = tmp_path / "out"
    result = ip.run_cell_magic(
        "docker", f"build {labels} --no-cache-filter a --secret id=tok,src={tmp_path}/token "
                  f"-o type=local,dest={out}",
        f"FROM {BASE_IMAGE} AS a\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /seen"
        f"\nFROM scratch\nCOPY --from=a /seen /seen\n")
    assert result is None  # --output: the files are the result
    assert (out / "seen").read_text() == f"secret-{unique}\n"


@pytest.mark.one_engine("the engine fetches the URL itself; the test's server is on the host")
def test_a_git_url_context_goes_to_the_frontend(ip, bk, labels, unique, tmp_path, capfd,
                                                no_leak) -> None:
    import subprocess

    from http_serve import serving

    work, root = tmp_path / "work", tmp_path / "www"
    root.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    (work / "Dockerfile").write_text(f"FROM {BASE_IMAGE} AS a\nRUN echo git-{unique}\n"
                                     f"CMD echo from-git-{unique}\n")
    subprocess.run([*git, "-C", str(work), "add", "."], check=True)
    subprocess.run([*git, "-C", str(work), "commit", "-qm", "x"], check=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(root / "repo.git")],
                   check=True)
    subprocess.run(["git", "-C", str(root / "repo.git"), "update-server-info"], check=True)
    with serving(root) as url:
        image = ip.run_line_magic(
            "docker", f"build {labels} -t {unique}-git --no-cache-filter a {url}/repo.git")
    assert not _step(image, f"RUN echo git-{unique}")["cached"]
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {unique}-git") == 0
    assert capfd.readouterr().out == f"from-git-{unique}\n"


def test_the_context_honours_dockerignore_and_f(ip, bk, labels, unique, tmp_path, capfd,
                                                no_leak) -> None:
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "kept.txt").write_text("kept\n")
    (context / "ignored.txt").write_text("ignored\n")
    (context / ".dockerignore").write_text("ignored.txt\n")
    elsewhere = tmp_path / "Dockerfile.other"
    elsewhere.write_text(f"FROM {BASE_IMAGE} AS a\nCOPY . /ctx/\nCMD ls /ctx\n")
    ip.run_line_magic("docker", f"build {labels} -t {unique}-ign -f {elsewhere} "
                                f"--no-cache-filter a {context}")
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {unique}-ign") == 0
    assert capfd.readouterr().out.split() == ["kept.txt"]
