"""A directory context through the build's session (`remote=client-session`, FileSync
DiffCopy served by us) on every engine, as the CLI sends it: a repeat sends only the files
that changed (the engine keeps its copy under the session's shared key), `.dockerignore` is
applied before anything leaves, modes/mtimes/owners/symlinks/hard links arrive as they are,
and a file we cannot read is one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from conftest import BASE_IMAGE
from jupyter_docker.buildkit.record import BuildResult


@pytest.fixture
def bk(engine, monkeypatch):
    monkeypatch.delenv("DOCKER_BUILDKIT", raising=False)
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "text")
    return engine


def context_sent(image: BuildResult) -> Any:
    """The transfer of the whole context (the engine first asks for .dockerignore alone)."""
    transfers = [t for t in image.sent if t.name == "context"]
    assert transfers, image.sent
    return max(transfers, key=lambda t: t.listed)


def test_a_repeat_sends_only_the_files_that_changed(ip, bk, labels, unique, tmp_path,
                                                    capfd) -> None:
    ctx = tmp_path / "ctx"
    (ctx / "sub").mkdir(parents=True)
    (ctx / "a.txt").write_text("first\n")
    (ctx / "sub" / "b.bin").write_bytes(os.urandom(300_000))
    (ctx / "secret.log").write_text("never sent\n")
    (ctx / ".dockerignore").write_text("*.log\n")
    (ctx / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE}\nCOPY . /ctx/\nRUN : {unique} && cat /ctx/a.txt && ls /ctx\n")
    line = f"build {labels} -t {unique}-sync --progress plain {ctx}"

    first = context_sent(ip.run_line_magic("docker", line))
    assert sorted(first.files) == [".dockerignore", "Dockerfile", "a.txt", "sub/b.bin"]
    assert first.size >= 300_000
    out = capfd.readouterr().out
    assert "first" in out and "secret.log" not in out

    again = context_sent(ip.run_line_magic("docker", line))
    assert again.listed == first.listed and again.files == [] and again.size == 0

    other = tmp_path / "other"  # another directory between: the engine keeps one copy each
    shutil.copytree(ctx, other)
    (other / "a.txt").write_text("other content\n")
    ip.run_line_magic("docker", f"build {labels} -t {unique}-other --progress quiet {other}")
    assert context_sent(ip.run_line_magic("docker", line)).files == []

    (ctx / "a.txt").write_text("second, longer\n")
    capfd.readouterr()
    changed = context_sent(ip.run_line_magic("docker", line))
    assert changed.files == ["a.txt"] and changed.size == len("second, longer\n")
    out = capfd.readouterr().out
    assert "second, longer" in out  # the rebuild saw the change
    assert "secret.log" not in out


def test_modes_owners_times_and_links_arrive_as_they_are(ip, bk, labels, unique, tmp_path,
                                                        capfd) -> None:
    ctx = tmp_path / "ctx"
    (ctx / "bin").mkdir(parents=True)
    tool = ctx / "bin" / "tool"
    tool.write_text("#!/bin/sh\necho tool ran\n")
    tool.chmod(0o751)
    (ctx / "data.txt").write_text("data\n")
    os.utime(ctx / "data.txt", ns=(1_600_000_000_123_456_789, 1_600_000_000_123_456_789))
    (ctx / "link").symlink_to("data.txt")
    (ctx / "dangling").symlink_to("nowhere")
    os.link(ctx / "data.txt", ctx / "hard.txt")
    (ctx / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE}\nCOPY . /ctx/\n"
        f"RUN : {unique} && cd /ctx && /ctx/bin/tool && "
        "stat -c '%n %a %u:%g %Y %h %i' bin/tool data.txt hard.txt && "
        "readlink link && readlink dangling\n")
    image = ip.run_line_magic("docker", f"build {labels} -t {unique}-modes --progress plain "
                                        f"{ctx}")
    assert "hard.txt" not in context_sent(image).files  # a link to data.txt, not a copy
    lines = capfd.readouterr().out.splitlines()
    rows = {}
    for row in lines:
        words = row.split()
        if len(words) == 8 and words[2] in ("bin/tool", "data.txt", "hard.txt"):
            rows[words[2]] = words[3:]
    assert rows["bin/tool"][:2] == ["751", "0:0"]
    assert rows["data.txt"][:4] == ["644", "0:0", "1600000000", "2"]
    assert rows["hard.txt"] == rows["data.txt"]  # the same inode
    assert any(row.endswith(" tool ran") for row in lines)
    text = "\n".join(lines)
    assert " data.txt\n" in text.replace("\r", "") and " nowhere" in text


def test_an_ignored_file_never_leaves_even_when_the_dockerfile_copies_all(
        ip, bk, labels, unique, tmp_path, capfd) -> None:
    """.dockerignore patterns (the engine reads them and sends them to us) decide what we
    send: the ignored file's content is not among the files sent, nor in the image."""
    ctx = tmp_path / "ctx"
    (ctx / "deep" / "er").mkdir(parents=True)
    (ctx / "keep.txt").write_text("keep\n")
    (ctx / "deep" / "er" / "token.env").write_text("TOKEN=jd-never-sent\n")
    (ctx / "deep" / "er" / "fine.txt").write_text("fine\n")
    (ctx / ".dockerignore").write_text("**/*.env\n")
    (ctx / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE}\nCOPY . /ctx/\nRUN : {unique} && find /ctx -type f | sort\n")
    image = ip.run_line_magic("docker", f"build {labels} -t {unique}-ign --progress plain "
                                        f"{ctx}")
    sent = context_sent(image)
    assert "deep/er/fine.txt" in sent.files
    assert not any(name.endswith("token.env") for name in sent.files)
    out = capfd.readouterr().out
    assert "/ctx/deep/er/fine.txt" in out and "token.env" not in out


def _as_nobody(script: str, home: Path, host: str) -> subprocess.CompletedProcess:
    """An IPython run of `script` as user nobody with the engine socket's group (root reads
    every file, so an unreadable file needs another user)."""
    group = os.stat(host.removeprefix("unix://")).st_gid
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "DOCKER_HOST": host,
           "DOCKER_CONFIG": str(home / "config"), "JUPYTER_DOCKER_PROGRESS": "text",
           "IPYTHONDIR": str(home / "ipython")}
    (home / "run.ipy").write_text(script)
    ipython = Path(sys.executable).with_name("ipython")
    return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", f"--groups={group}",
                           str(ipython), "--quick", "--no-banner", str(home / "run.ipy")],
                          env=env, cwd=home, capture_output=True, text=True, timeout=240)


@pytest.mark.parametrize("via", ["", "--no-cache-filter base "], ids=["build", "solve"])
def test_an_unreadable_file_in_the_context_is_one_line(engine, labels, unique, via) -> None:
    """Through /build and through Control.Solve on /grpc alike."""
    home = Path(tempfile.mkdtemp(prefix="jd-test-unreadable-"))
    try:
        ctx = home / "ctx"
        ctx.mkdir()
        (ctx / "Dockerfile").write_text(f"FROM {BASE_IMAGE} AS base\nCOPY . /ctx/\n")
        (ctx / "locked").write_text("root only\n")
        (ctx / "locked").chmod(0)
        (ctx / ".dockerignore").write_text("locked\n")
        os.chown(home, 65534, 65534)
        script = ("%load_ext jupyter_docker\n"
                  f"%docker build {labels} -t {unique}-locked {via}--progress quiet {ctx}\n")
        ignored = _as_nobody(script, home, engine.host)
        assert ignored.returncode == 0 and "docker:" not in ignored.stdout + ignored.stderr, \
            ignored.stdout + ignored.stderr
        (ctx / ".dockerignore").write_text("")
        failed = _as_nobody(script, home, engine.host)
        lines = [line for line in (failed.stdout + failed.stderr).splitlines() if line.strip()]
        assert lines == [f"docker: can not read file in context: {ctx}/locked: "
                         "Permission denied"], lines
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_a_solve_on_grpc_also_sends_only_what_changed(ip, bk, labels, unique, tmp_path) -> None:
    """`--no-cache-filter` builds through Control.Solve with the same session and key."""
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "a.txt").write_text("a\n")
    (ctx / "b.txt").write_text("b\n")
    (ctx / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE} AS base\nCOPY . /ctx/\nRUN : {unique}\n")
    line = f"build {labels} -t {unique}-solve --no-cache-filter base --progress quiet {ctx}"
    first = context_sent(ip.run_line_magic("docker", line))
    assert sorted(first.files) == ["Dockerfile", "a.txt", "b.txt"]
    other = tmp_path / "other"
    shutil.copytree(ctx, other)
    (other / "a.txt").write_text("other a\n")
    ip.run_line_magic("docker", line.replace(str(ctx), str(other)))
    (ctx / "b.txt").write_text("b changed\n")
    assert context_sent(ip.run_line_magic("docker", line)).files == ["b.txt"]
