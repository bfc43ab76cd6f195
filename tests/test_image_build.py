"""`build` with the classic builder (DOCKER_BUILDKIT=0) against the real engine: contexts
(directory, -f, cell, tar, URL), build args, the cache, a failing build's report, live output
and interrupts, and `history` of what was built. BuildKit builds: test_buildkit.py."""

from __future__ import annotations

import re
import signal
import subprocess
import tarfile
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE
from jupyter_docker.buildlog import BuildFailed
from http_serve import serving
from magic_checks import fails, open_sockets


@pytest.fixture(autouse=True)
def _classic_builder(classic_builder: None) -> None:
    """Every build here is the classic builder's (BuildKit's are tests/test_buildkit.py)."""


@pytest.fixture
def context(tmp_path: Path, unique: str) -> Path:
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "hello.txt").write_text(f"hello from {unique}\n")
    (ctx / "secret.txt").write_text("must not be sent\n")
    (ctx / ".dockerignore").write_text("# not in the image\nsecret.txt\n")
    (ctx / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE}\n"
        "COPY . /app/\n"
        f"RUN echo built-{unique} > /built\n"
        "ENV GREETING=hi\n"
        'CMD ["sh", "-c", "cat /app/hello.txt /built; ls /app"]\n')
    return ctx


@pytest.fixture
def http_dir(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    with serving(root) as url:
        yield url, root


def run_output(ip: Any, capfd: Any, labels: str, image: str, *cmd: str) -> str:
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {image} {' '.join(cmd)}") == 0
    return capfd.readouterr().out


def test_build_a_directory_streams_steps_and_returns_the_id(ip, api, labels, unique, context,
                                                            capfd) -> None:
    image = ip.run_line_magic("docker", f"build {labels} -t {unique}-dir:1 -t {unique}-dir:2 "
                                        f"{context}")
    out = capfd.readouterr().out
    assert isinstance(image, str) and image.startswith("sha256:") and len(image) == 71
    assert out.startswith("Sending build context to Docker daemon")
    for step in ("Step 1/7 : FROM", "Step 2/7 : COPY . /app/", f"Step 3/7 : RUN echo built-",
                 "Step 5/7 : CMD", f"Successfully tagged {unique}-dir:2"):
        assert step in out
    info = api.inspect_image(f"{unique}-dir:1")
    assert info["Id"] == image and f"{unique}-dir:2" in info["RepoTags"]
    assert info["Config"]["Labels"]["jupyter-docker-test"] == "1"
    shown = run_output(ip, capfd, labels, f"{unique}-dir:1")
    assert shown == f"hello from {unique}\nbuilt-{unique}\nDockerfile\nhello.txt\n"  # no secret


def test_history_matches_the_dockerfile(ip, labels, unique, context) -> None:
    ip.run_line_magic("docker", f"build -q {labels} -t {unique}-hist {context}")
    df = ip.run_line_magic("docker", f"history --no-trunc {unique}-hist")
    base = len(ip.run_line_magic("docker", f"history -q {BASE_IMAGE}"))
    ours = list(reversed(df["created_by"].tolist()[: len(df) - base]))  # oldest first
    expected = ["COPY dir:", f"/bin/sh -c echo built-{unique} > /built", "ENV GREETING=hi",
                'CMD ["sh" "-c" "cat /app/hello.txt /built; ls /app"]',
                "LABEL jupyter-docker-test=1", "LABEL jupyter-docker-test.session="]
    assert len(ours) == len(expected)
    for created_by, fragment in zip(ours, expected):
        assert fragment in created_by


def test_build_with_a_dockerfile_elsewhere_and_build_args(ip, labels, unique, context, tmp_path,
                                                          capfd, monkeypatch) -> None:
    outside = tmp_path / "other.Dockerfile"
    outside.write_text(f"FROM {BASE_IMAGE}\nARG WHO=nobody\nARG FROM_ENV=unset\n"
                       "COPY hello.txt /\n"
                       'RUN echo "$WHO/$FROM_ENV" > /who\nCMD cat /who /hello.txt\n')
    monkeypatch.setenv("FROM_ENV", "env-value")
    ip.run_line_magic("docker", f"build {labels} -f {outside} --build-arg WHO=world "
                                f"--build-arg FROM_ENV -t {unique}-f {context}")
    assert run_output(ip, capfd, labels, f"{unique}-f") == f"world/env-value\nhello from {unique}\n"
    (context / "sub").mkdir()
    (context / "sub" / "Dockerfile.dev").write_text(f"FROM {BASE_IMAGE}\nCMD echo dev\n")
    monkeypatch.chdir(context)  # -f is read from the current directory, like the CLI
    ip.run_line_magic("docker", f"build -q {labels} -f sub/Dockerfile.dev -t {unique}-dev .")
    assert run_output(ip, capfd, labels, f"{unique}-dev") == "dev\n"


def test_cell_body_is_the_dockerfile(ip, labels, unique, context, capfd) -> None:
    body = f"FROM {BASE_IMAGE}\nRUN echo cell-{unique} > /cell\nCMD cat /cell\n"
    image = ip.run_cell_magic("docker", f"build {labels} -t {unique}-cell", body)
    assert "Step 2/5 : RUN echo cell-" in capfd.readouterr().out
    assert run_output(ip, capfd, labels, image) == f"cell-{unique}\n"
    with_context = f"FROM {BASE_IMAGE}\nCOPY hello.txt /\nCMD cat /hello.txt\n"
    ip.run_cell_magic("docker", f"build -q {labels} -t {unique}-cellctx {context}", with_context)
    assert run_output(ip, capfd, labels, f"{unique}-cellctx") == f"hello from {unique}\n"


def test_no_cache_really_rebuilds(ip, api, labels, unique, capfd) -> None:
    body = (f"FROM {BASE_IMAGE}\nRUN echo {unique} > /name\n"
            "RUN head -c 16 /dev/urandom | od -An -tx1 > /random; date >> /random\n")
    first = ip.run_cell_magic("docker", f"build {labels} -t {unique}-cache", body)
    capfd.readouterr()
    cached = ip.run_cell_magic("docker", f"build {labels} -t {unique}-cache", body)
    assert "Using cache" in capfd.readouterr().out and cached == first
    fresh = ip.run_cell_magic("docker", f"build --no-cache {labels} -t {unique}-cache", body)
    assert "Using cache" not in capfd.readouterr().out and fresh != first
    layers = lambda image: [h["Id"] for h in api.history(image)]  # noqa: E731
    assert not set(layers(fresh)[:4]) & set(layers(first)[:4])  # our 4 steps all new
    old = run_output(ip, capfd, labels, first, "cat", "/random")
    assert old != run_output(ip, capfd, labels, fresh, "cat", "/random")


def test_failing_build_names_the_step_and_the_last_good_layer(ip, api, labels, unique,
                                                              capfd) -> None:
    body = (f"FROM {BASE_IMAGE}\nRUN echo good-{unique} > /ok\n"
            "RUN echo about to fail; exit 3\nRUN echo never\n")
    with pytest.raises(BuildFailed) as caught:
        ip.run_cell_magic("docker", f"build --force-rm {labels} -t {unique}-bad", body)
    out = capfd.readouterr().out
    assert "about to fail" in out  # the step's output streamed before the report
    lines = caught.value.line().splitlines()
    assert lines[0] == "docker: build failed at Step 3/6 : RUN echo about to fail; exit 3"
    assert "returned a non-zero code: 3" in lines[1]
    good = lines[2].split("last good layer: ")[1].split()[0]
    try:
        assert run_output(ip, capfd, labels, good, "cat", "/ok") == f"good-{unique}\n"
        assert not api.containers(all=True, filters={"ancestor": good})  # --force-rm
    finally:
        api.remove_image(good)
    # In a cell: one block, no traceback.
    capfd.readouterr()
    ip.run_cell(f"%%docker build --force-rm {labels} -t {unique}-bad\n{body}")
    out = capfd.readouterr().out
    assert "docker: build failed at Step 3/6" in out and "Traceback" not in out
    api.remove_image(out.split("last good layer: ")[1].split()[0])


def test_quiet_build_prints_nothing_but_reports_failures(ip, labels, unique, capfd) -> None:
    image = ip.run_cell_magic("docker", f"build -q {labels} -t {unique}-q",
                              f"FROM {BASE_IMAGE}\nRUN echo quiet-{unique}\n")
    assert capfd.readouterr().out == "" and image.startswith("sha256:")
    with pytest.raises(BuildFailed, match=r"(?s)Step 2/4 : RUN echo loud; false\n  \| loud\n"):
        ip.run_cell_magic("docker", f"build -q --force-rm {labels}",
                          f"FROM {BASE_IMAGE}\nRUN echo loud; false\n")


def test_build_from_a_tar_archive_and_from_urls(ip, labels, unique, context, tmp_path, capfd,
                                                http_dir) -> None:
    archive = tmp_path / "ctx.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(context / "hello.txt", "hello.txt")
        tar.add(context / "Dockerfile", "build/Dockerfile.tar")
    ip.run_line_magic("docker", f"build -q {labels} -f build/Dockerfile.tar -t {unique}-tar "
                                f"{archive}")
    assert run_output(ip, capfd, labels, f"{unique}-tar").startswith(f"hello from {unique}\n")
    base_url, root = http_dir
    (root / "ctx.tar.gz").write_bytes(archive.read_bytes())
    ip.run_line_magic("docker", f"build -q {labels} -f build/Dockerfile.tar -t {unique}-url "
                                f"{base_url}/ctx.tar.gz")
    assert run_output(ip, capfd, labels, f"{unique}-url").startswith(f"hello from {unique}\n")
    repo = root / "repo.git"
    work = tmp_path / "work"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    (work / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\nCMD echo from-git-{unique}\n")
    subprocess.run([*git, "-C", str(work), "add", "."], check=True)
    subprocess.run([*git, "-C", str(work), "commit", "-qm", "x"], check=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "update-server-info"], check=True)
    ip.run_line_magic("docker", f"build -q {labels} -t {unique}-git {base_url}/repo.git")
    assert run_output(ip, capfd, labels, f"{unique}-git") == f"from-git-{unique}\n"


def test_build_from_standard_input(ip, labels, unique, context, tmp_path, capfd) -> None:
    """`build -` as the CLI's: a Dockerfile on stdin has an empty context, a tar archive
    (here gzip-compressed) is the context; stdin is the cell body or `< FILE`."""
    ip.run_cell_magic("docker", f"build -q {labels} -t {unique}-stdin -",
                      f'FROM {BASE_IMAGE}\nCMD ["echo", "stdin-{unique}"]\n')
    assert run_output(ip, capfd, labels, f"{unique}-stdin") == f"stdin-{unique}\n"
    with pytest.raises(BuildFailed, match="COPY failed: file not found in build context"):
        ip.run_cell_magic("docker", f"build -q {labels} -t {unique}-empty -",
                          f"FROM {BASE_IMAGE}\nCOPY hello.txt /\n")
    archive = tmp_path / "ctx.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(context / "hello.txt", "hello.txt")
        tar.add(context / "Dockerfile", "Dockerfile")
    ip.run_line_magic("docker", f"build -q {labels} -t {unique}-stdtar - < {archive}")
    assert run_output(ip, capfd, labels, f"{unique}-stdtar").startswith(f"hello from {unique}\n")
    dockerfile = tmp_path / "Dockerfile.stdin"  # a Dockerfile in a file, through `<` too
    dockerfile.write_text(f'FROM {BASE_IMAGE}\nCMD ["echo", "file-{unique}"]\n')
    assert jd.docker(f"build -q {labels} -t {unique}-stdfile - <{dockerfile}").startswith("sha256:")
    assert run_output(ip, capfd, labels, f"{unique}-stdfile") == f"file-{unique}\n"
    fails(ip, [
        ("build -", jd.UsageError, r"build - reads standard input: write the Dockerfile in a "
                                   r"%%docker build cell, or give a file with `< FILE`"),
        (f"build - < {tmp_path}/none.tar", jd.DockerError, "none.tar: No such file or directory"),
    ])
    with pytest.raises(jd.UsageError, match="either the cell body or `< FILE`, not both"):
        ip.run_cell_magic("docker", f"build - < {archive}", f"FROM {BASE_IMAGE}\n")
    # a line of a %%docker script, read when that line runs
    script = tmp_path / "script.sh"
    script.write_text('echo "script from a file"\n')
    capfd.readouterr()
    ip.run_cell_magic("docker", "", f"run -i --rm {labels} {BASE_IMAGE} sh < {script}\n")
    assert capfd.readouterr().out == "script from a file\n"
    # a quoted `<` is an argument, not a redirection
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {BASE_IMAGE} echo '<' x") == 0
    assert capfd.readouterr().out == "< x\n"


def sigint_main_thread(after: float, sockets: list[int]) -> threading.Timer:
    """Send SIGINT to the main thread like the kernel's stop button (a real signal, so a read
    blocked on a silent build step is interrupted too); count open sockets just before."""
    main = threading.main_thread().ident

    def interrupt() -> None:
        sockets.append(open_sockets())
        signal.pthread_kill(main, signal.SIGINT)

    timer = threading.Timer(after, interrupt)
    timer.start()
    return timer


def test_interrupting_a_build_cancels_it(ip, api, labels, unique, capfd) -> None:
    body = f"FROM {BASE_IMAGE}\nRUN echo started-{unique}; sleep 60\n"
    threads = threading.active_count()
    during: list[int] = []
    timer = sigint_main_thread(3.0, during)
    try:
        result = ip.run_cell_magic("docker", f"build --force-rm {labels} -t {unique}-int", body)
    finally:
        timer.join()
    out = capfd.readouterr()
    assert result is None and "docker: interrupted: build cancelled" in out.err
    assert f"started-{unique}" in out.out  # shown live, while the step was still running
    assert open_sockets() < during[0] and threading.active_count() == threads
    def step_running() -> list[str]:  # the RUN's container, found by its command line
        return [c["Id"] for c in api.containers(filters={"status": "running"})
                if f"started-{unique}" in c["Command"]]

    for _ in range(50):  # the engine stops the step's container once it sees us gone
        if not step_running():
            break
        time.sleep(0.2)
    assert not step_running()
    assert not api.images(name=f"{unique}-int")


def test_build_usage_errors(ip, tmp_path, unique) -> None:
    fails(ip, [
        ("build", jd.UsageError, "requires exactly 1 argument"),
        (f"build {tmp_path}/nothing", jd.DockerError, "not found"),
        (f"build {tmp_path}", jd.DockerError, "no Dockerfile in"),
        (f"build -f {tmp_path}/none {tmp_path}", jd.DockerError, "cannot be found"),
    ])
    with pytest.raises(jd.UsageError, match="either in the cell or with -f"):
        ip.run_cell_magic("docker", f"build -f x {tmp_path}", f"FROM {BASE_IMAGE}\n")
    with pytest.raises(jd.DockerError, match="unknown instruction: NOPE"):
        ip.run_cell_magic("docker", f"build -t {unique}-x", f"FROM {BASE_IMAGE}\nNOPE x\n")


def test_target_network_and_pull_flags_reach_the_engine(ip, labels, unique, capfd) -> None:
    stages = (f"FROM {BASE_IMAGE} AS one\nRUN echo one > /stage\n"
              f"FROM {BASE_IMAGE} AS two\nRUN echo two > /stage\n")
    ip.run_cell_magic("docker", f"build -q --target one {labels} -t {unique}-target", stages)
    assert run_output(ip, capfd, labels, f"{unique}-target", "cat", "/stage") == "one\n"
    net = f"FROM {BASE_IMAGE}\nRUN cut -d: -f1 /proc/net/dev | tail -n +3 | tr -d ' ' > /ifaces\n"
    ip.run_cell_magic("docker", f"build -q --network none {labels} -t {unique}-nonet", net)
    assert run_output(ip, capfd, labels, f"{unique}-nonet", "cat", "/ifaces") == "lo\n"
    with pytest.raises(BuildFailed, match="build failed at Step 1/3 : FROM") as caught:
        ip.run_cell_magic("docker", f"build --pull {labels}", f"FROM {BASE_IMAGE}\n")
    assert "last good layer" not in caught.value.line()  # nothing was built yet


def test_a_failed_build_says_what_it_left_on_the_engine(ip, api, labels, unique) -> None:
    """Like the CLI (rm=true, no --force-rm): the failed step's container stays, exited, and
    the last good layer stays as an untagged image; the failure block names both."""
    body = f"FROM {BASE_IMAGE}\nRUN echo kept-{unique} > /ok\nRUN exit 4\n"
    with pytest.raises(BuildFailed) as caught:
        ip.run_cell_magic("docker", f"build {labels} -t {unique}-left", body)
    block = caught.value.line()
    good = block.split("last good layer: ")[1].split()[0]
    container = block.split("the failed step's container ")[1].split()[0]
    try:
        state = api.inspect_container(container)["State"]
        assert state["Status"] == "exited" and state["ExitCode"] == 4
        assert f"left behind: the failed step's container {container} (exited; " \
               f"%docker rm {container}; --force-rm leaves none)" in block
        assert api.inspect_image(good)["RepoTags"] == []
        assert ("left behind: the last good layer, an untagged image (<none>); "
                f"%docker rmi {good} when done with it") in block
    finally:
        api.remove_container(container, force=True)
        api.remove_image(good)
    # --force-rm: no container left, and the block does not claim one
    with pytest.raises(BuildFailed) as caught:
        ip.run_cell_magic("docker", f"build --force-rm {labels} -t {unique}-left", body)
    assert "failed step's container" not in caught.value.line()
    api.remove_image(caught.value.line().split("last good layer: ")[1].split()[0])


def test_resource_flags_compress_and_checked_values(ip, labels, unique, capfd, tmp_path) -> None:
    """The CLI's build flags reach the RUN steps (--ulimit, -m, --cpu-shares); --compress sends
    the context gzipped; bad --add-host/--build-arg/--label are refused before building."""
    (tmp_path / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\nCOPY f /f\n"
                                         "RUN ulimit -n > /u && cat /sys/fs/cgroup/memory.max "
                                         "/sys/fs/cgroup/memory/memory.limit_in_bytes "
                                         "2>/dev/null | head -1 > /m\n")
    (tmp_path / "f").write_text("x" * 5000)
    ip.run_line_magic("docker", f"build -q --compress --ulimit nofile=512:512 -m 64m -c 256 "
                                f"{labels} -t {unique}-res {tmp_path}")
    assert run_output(ip, capfd, labels, f"{unique}-res", "cat", "/u") == "512\n"
    assert run_output(ip, capfd, labels, f"{unique}-res", "cat", "/m") == f"{64 << 20}\n"
    for flags, message in (("--add-host nohost", 'bad format for add-host: "nohost"'),
                           ("--build-arg =x", "invalid environment variable: =x"),
                           ("--label =x", "invalid label '=x': empty name"),
                           ("--security-opt seccomp=unconfined", "takes no security options")):
        with pytest.raises(jd.UsageError, match=re.escape(message)):
            ip.run_line_magic("docker", f"build {flags} -t {unique}-never {tmp_path}")
    assert jd.images(filter={"reference": f"{unique}-never"}).empty
