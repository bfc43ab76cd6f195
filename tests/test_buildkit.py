"""BuildKit builds (`POST /build?version=2`) on the real engines: Dockerfile features that need
BuildKit, parallel stages, the cache, the `--progress=plain` text against buildx's, the
failure block, cancelling, the build record, `builder du`/`prune`, and the classic fallback.

Engine 26 with the containerd image store cannot read an uploaded context without a session
(it fetches `http://build-context-...` as a URL; measured): there the build falls back to the
classic builder with a note, which `test_an_engine_that_cannot_read_the_upload_falls_back`
checks; the BuildKit tests skip it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import tarfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import BASE_IMAGE, SESSION_LABEL, TEST_LABEL
from jupyter_docker.buildkit.record import BuildResult
from jupyter_docker.buildlog import BuildFailed
from jupyter_docker.errors import DockerError, UsageError
from jupyter_docker.units import human_size

BUILDX = Path("/var/lib/jupyter-docker-engines/trixie/root/usr/libexec/docker/cli-plugins/"
              "docker-buildx")


@pytest.fixture
def bk(engine, monkeypatch):
    """BuildKit selected (as by default), text progress. (Engine 26's containerd store
    cannot read an uploaded context, moby#47717: there the context goes through the session.)"""
    monkeypatch.delenv("DOCKER_BUILDKIT", raising=False)
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "text")
    return engine


def build(ip: Any, labels: str, args: str, dockerfile: str | None = None) -> Any:
    if dockerfile is None:
        return ip.run_line_magic("docker", f"build {labels} {args}")
    return ip.run_cell_magic("docker", f"build {labels} {args}", dockerfile)


def test_a_cell_builds_with_buildkit_and_keeps_its_record(ip, api, bk, labels, unique,
                                                          capfd) -> None:
    capfd.readouterr()
    image = build(ip, labels, f"-t {unique}-rec --progress plain",
                  f"FROM {BASE_IMAGE}\nRUN echo made-{unique} > /made\nCMD cat /made\n")
    out = capfd.readouterr().out
    assert isinstance(image, BuildResult) and image.startswith("sha256:")
    assert api.inspect_image(f"{unique}-rec")["Id"] == image
    assert f"RUN echo made-{unique} > /made\n" in out and "#1 " in out and " DONE " in out
    assert f"naming to docker.io/library/{unique}-rec" in out
    steps = image.steps
    assert list(steps.columns) == ["step", "name", "stage", "cached", "started", "completed",
                                   "duration", "error"]
    run = steps[steps.name.str.contains(f"made-{unique}")].iloc[0]
    assert run["name"] == f"[2/2] RUN echo made-{unique} > /made" and not run["cached"]
    assert run["duration"] == pytest.approx((run["completed"] - run["started"])
                                            .total_seconds())
    assert str(steps.started.dtype) == "datetime64[ns, UTC]" and steps.step.is_monotonic_increasing
    svg = image.timeline().svg()
    assert svg.startswith("<svg") and svg.count('class="jd-build-bar') == len(steps)
    assert f"RUN echo made-{unique}" in svg


def _plain_blocks(text: str) -> dict[str, list[str]]:
    """`#N name` -> the block's lines with times and numbers taken out (they differ)."""
    import re

    blocks: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^#(\d+) (.*)$", line)
        if not match:
            continue
        number, rest = match.groups()
        if number not in names:
            names[number] = rest
            blocks.setdefault(rest, [])
            continue
        if rest in (names[number], "..."):  # a block resumed / left: depends on timing
            continue
        rest = re.sub(r"^\d+\.\d{3} ", "", rest)
        rest = re.sub(r"\d+\.\ds", "Ns", rest)
        blocks[names[number]].append(rest)
    return blocks


def test_plain_progress_is_the_clis_text(ip, bk, labels, unique, capfd, tmp_path) -> None:
    """The same Dockerfile through buildx 0.13 (`docker buildx build --progress=plain`)
    against the same engine: each Dockerfile step's block says the same lines."""
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "Dockerfile").write_text(
        f"FROM {BASE_IMAGE} AS a\nRUN echo out-{unique} && echo err-{unique} >&2\n"
        f"FROM {BASE_IMAGE} AS b\nRUN echo b-{unique}\nFROM a\nCOPY --from=b /bin/true /t\n")
    capfd.readouterr()
    build(ip, labels, f"--no-cache -t {unique}-plain --progress=plain {ctx}")
    ours_text = capfd.readouterr().out
    ours = _plain_blocks(ours_text)
    theirs_text = buildx(tmp_path, bk, "build", "--progress=plain", "--no-cache", "--label",
                         TEST_LABEL, "--label", SESSION_LABEL, "-t", f"{unique}-plainx",
                         str(ctx)).stderr
    theirs = _plain_blocks(theirs_text)
    assert ours_text.split("\n")[:2] == theirs_text.split("\n")[:2] == [
        '#0 building with "default" instance using docker driver', ""]
    assert not [line for line in ours_text.splitlines()  # every line is a step's, or a gap
                if line and not re.match(r"#\d+ ", line)]
    steps = [name for name in theirs if name.startswith("[") and " FROM " not in name
             and not name.startswith("[internal]")]  # a shared FROM is named after either stage
    assert len(steps) == 3, list(theirs)  # 2 RUNs, the COPY
    assert [n for n in ours if " FROM " in n] and [n for n in theirs if " FROM " in n]
    for name in steps:  # stdout and stderr lines of one step may come in either order
        assert sorted(ours[name]) == sorted(theirs[name]), name
    assert sorted(ours["[a 2/2] RUN echo out-%s && echo err-%s >&2" % (unique, unique)]) == \
        ["DONE Ns", f"err-{unique}", f"out-{unique}"]
    assert ours["exporting to image"][-1] == theirs["exporting to image"][-1] == "DONE Ns"


def buildx(tmp_path: Path, engine: Any, *args: str) -> subprocess.CompletedProcess:
    """`docker buildx ...` (Debian 13's buildx 0.13.1 through a temp DOCKER_CONFIG) against
    `engine`; skips where that plugin is not on this machine."""
    if not BUILDX.exists():
        pytest.skip(f"no buildx plugin at {BUILDX}")
    config = tmp_path / "docker-config"
    if not config.exists():
        (config / "cli-plugins").mkdir(parents=True)
        (config / "cli-plugins" / "docker-buildx").symlink_to(BUILDX)
    env = {**os.environ, "DOCKER_CONFIG": str(config), "DOCKER_HOST": engine.host}
    return subprocess.run(["docker", "buildx", *args], env=env, capture_output=True, text=True)


WARNED = re.compile(r"^#\d+ WARN: (.*)$", re.M)


def test_warnings_are_the_clis_text(ip, bk, labels, unique, capfd, tmp_path) -> None:
    """A Dockerfile the frontend warns about (an empty continuation line): the step's
    `#N WARN: ...` line and the summary after the build are buildx's, byte for byte (its
    yellow included). Engine 20's BuildKit warns of nothing: there neither prints any."""
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\nRUN echo warned-{unique} && \\\n\n"
                                    f"  echo two\n")
    capfd.readouterr()
    build(ip, labels, f"--no-cache -t {unique}-warn --progress=plain {ctx}")
    ours = capfd.readouterr().out
    theirs = buildx(tmp_path, bk, "build", "--progress=plain", "--no-cache", "--label",
                    TEST_LABEL, "--label", SESSION_LABEL, "-t", f"{unique}-warnx", str(ctx))
    assert theirs.returncode == 0, theirs.stderr
    summary = "\n \x1b[33m"
    if bk.name == "engine20":
        assert summary not in theirs.stderr and summary not in ours
        assert not WARNED.findall(ours)
        return
    short = f"Empty continuation line found in: RUN echo warned-{unique} &&   echo two"
    assert WARNED.findall(ours) == [short], ours
    # buildx prints a step's WARN only if the warning comes in the tick that prints the step
    # (a warning alone does not mark its step updated: progressui's trace.update); under load
    # it can come a tick later, and then buildx has no WARN line (seen once on 26-containerd)
    assert WARNED.findall(theirs.stderr) in ([short], []), theirs.stderr
    assert ours[ours.index(summary):] == theirs.stderr[theirs.stderr.index(summary):] == \
        f"{summary}1 warning found (use --debug to expand):\n\x1b[0m - {short}\n"
    for text in (ours, theirs.stderr)[:1 + len(WARNED.findall(theirs.stderr))]:  # the WARN
        # line sits in its step's block, before DONE
        block = text[:text.index(f"WARN: {short}")].rsplit("\n\n", 1)[-1]
        after = text[text.index(f"WARN: {short}"):].split("\n")[1]
        assert block.startswith("#") and re.match(r"#\d+ (DONE|CACHED)", after), text


def test_a_progress_group_is_one_step_as_buildx_shows_it(ip, bk, labels, unique, capfd,
                                                          tmp_path) -> None:
    """`COPY --link` on an engine whose BuildKit merges (the containerd store) is a copy and
    a merge in one progress group: one row, named after the instruction, as buildx prints
    it (the merge's own `LINK COPY ...` name is never shown). Elsewhere no groups come, and
    the same holds trivially."""
    if bk.name == "engine20":
        pytest.skip("engine 20's Dockerfile frontend has no COPY --link (Unknown flag: link)")
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "f.txt").write_text("f\n")
    (ctx / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\nRUN echo g-{unique} > /g\n"
                                    "COPY --link f.txt /f.txt\nCOPY --link f.txt /h.txt\n")
    capfd.readouterr()
    image = build(ip, labels, f"--no-cache -t {unique}-group --progress=plain {ctx}")
    ours = capfd.readouterr().out
    theirs = buildx(tmp_path, bk, "build", "--progress=plain", "--no-cache", "--label",
                    TEST_LABEL, "--label", SESSION_LABEL, "-t", f"{unique}-groupx", str(ctx))
    assert theirs.returncode == 0, theirs.stderr
    named = lambda text: [n for n in _plain_blocks(text) if n.startswith("[")  # noqa: E731
                          and not n.startswith("[internal]") and " FROM " not in n]
    assert named(ours) == named(theirs.stderr), (ours, theirs.stderr)
    assert "COPY --link f.txt /f.txt" in named(ours)[1] and "LINK" not in ours
    for name in named(ours)[1:]:
        assert _plain_blocks(ours)[name] == ["DONE Ns"], name
    steps = image.steps
    assert steps.name.str.contains("COPY --link").sum() == 2
    assert not steps.name.str.contains("LINK COPY").any()


SECRETS_REFUSED = ["id=x,src=/nonexistent/jd-secret", "id=x,type=bogus", "id=x,src",
                   "src=/etc/hostname", "id=,src=/etc/hostname", "x", "id=x,foo=bar", "",
                   'id="x', '"id=x', '"id=x"y', 'id=x,"src=/a', "id=x,src=/root"]


def test_secret_errors_are_the_clis_line(ip, bk, labels, tmp_path, monkeypatch) -> None:
    """Each `--secret` buildx refuses (a missing file, bad CSV, an unknown key or type, no
    id, a directory): our one line is its `ERROR:` line's text; an unset `env=` variable is
    no error in buildx, nor here, and the RUN sees what it sees with buildx (engine 20: no
    file; 26: an empty one). buildx reads --secret before it asks an engine: the refused
    values are tried on engine 20 only."""
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\nRUN --mount=type=secret,id=x "
                                    "wc -c /run/secrets/x\n")
    for value in SECRETS_REFUSED if bk.name == "engine20" else ():
        theirs = buildx(tmp_path, bk, "build", "--progress=plain", "--secret", value, str(ctx))
        assert theirs.returncode == 1, (value, theirs.stderr)
        with pytest.raises(DockerError) as err:
            ip.run_line_magic("docker", f"build {labels} --secret '{value}' {ctx}")
        assert not isinstance(err.value, UsageError)  # buildx adds no help hint
        said = [line for line in theirs.stderr.splitlines() if "ERROR: " in line]
        if value == "id=x,src=/root":  # buildx finds it when the RUN reads it (#5 ERROR:
            assert said[0].endswith(f" {err.value}"), said  # [rpc error: ... desc =] read
        else:
            assert said == [f"ERROR: {err.value}"], (value, theirs.stderr)
    monkeypatch.delenv("JD_UNSET_SECRET", raising=False)
    (ctx / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\nRUN --mount=type=secret,id=x "
                                    "wc -c /run/secrets/x || true\n")
    theirs = buildx(tmp_path, bk, "build", "--progress=plain", "--no-cache", "--label",
                    TEST_LABEL, "--label", SESSION_LABEL, "--secret", "id=x,env=JD_UNSET_SECRET",
                    str(ctx))  # its untagged image goes with the session's
    assert theirs.returncode == 0, theirs.stderr
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ip.run_line_magic("docker", f"build {labels} --no-cache --progress=plain --secret "
                                    f"id=x,env=JD_UNSET_SECRET {ctx}")
    seen = lambda text: re.findall(r"^#\d+ [\d.]+ (.*)$", text, re.M)  # noqa: E731  the RUN's
    assert seen(out.getvalue()) == seen(theirs.stderr) == (  # output, as buildx's
        ["wc: /run/secrets/x: No such file or directory"] if bk.name == "engine20"
        else ["0 /run/secrets/x"]), (out.getvalue(), theirs.stderr)


def test_parallel_stages_take_the_longest_not_the_sum(ip, bk, labels, unique) -> None:
    body = (f"FROM {BASE_IMAGE} AS one\nRUN sleep 2 && echo 1-{unique} > /one\n"
            f"FROM {BASE_IMAGE} AS two\nRUN sleep 2 && echo 2-{unique} > /two\n"
            f"FROM {BASE_IMAGE} AS three\nRUN sleep 2 && echo 3-{unique} > /three\n"
            f"FROM {BASE_IMAGE} AS unused\nRUN sleep 5; exit 9\n"
            f"FROM {BASE_IMAGE}\nCOPY --from=one /one /\nCOPY --from=two /two /\n"
            "COPY --from=three /three /\n")
    start = time.monotonic()
    image = build(ip, labels, f"--no-cache -t {unique}-par --progress quiet", body)
    wall = time.monotonic() - start
    steps = image.steps
    runs = steps[steps.name.str.contains("RUN sleep 2")]
    assert len(runs) == 3 and runs.duration.min() >= 2.0
    span = (runs.completed.max() - runs.started.min()).total_seconds()
    print(f"three 2 s stages: {span:.1f}s from the first start to the last end "
          f"(sum {runs.duration.sum():.1f}s), {wall:.1f}s wall")
    assert span < runs.duration.max() + 1.0, runs[["name", "started", "completed"]]
    assert runs.completed.min() > runs.started.max()  # all three ran at one time
    assert not steps.name.str.contains("unused|exit 9").any()  # the unused stage is skipped


def test_cache_mounts_are_kept_across_builds_and_listed_by_builder_du(
        ip, bk, labels, unique, capfd, tmp_path) -> None:
    mount = f"--mount=type=cache,id={unique},target=/cache"
    build(ip, labels, "--progress quiet",
          f"FROM {BASE_IMAGE}\nRUN {mount} echo kept-{unique} > /cache/f\n")
    capfd.readouterr()
    build(ip, labels, "--progress plain",
          f"FROM {BASE_IMAGE}\nRUN {mount} cat /cache/f && echo read-{unique}\n")
    out = capfd.readouterr().out
    assert f"kept-{unique}" in out and f"read-{unique}" in out
    du = ip.run_line_magic("docker", "builder du")
    ours = du[du.description.str.contains(f"cached mount /cache from exec .*{unique}",
                                          regex=True) & (du.type == "exec.cachemount")]
    assert len(ours) == 1, du.description.tolist()
    record = ours.iloc[0]
    assert record["size"] > 0 and not record["in_use"] and record["reclaimable"]
    assert list(du.columns)[:7] == ["id", "type", "size", "shared", "in_use", "reclaimable",
                                    "last_used"]
    config = tmp_path / "docker-config"
    (config / "cli-plugins").mkdir(parents=True)
    (config / "cli-plugins" / "docker-buildx").symlink_to(BUILDX)
    theirs = subprocess.run(["docker", "buildx", "du", "--verbose",
                             "--filter", f"id={record['id']}"],
                            env={**os.environ, "DOCKER_CONFIG": str(config)},
                            capture_output=True, text=True, check=True).stdout
    assert f"ID:\t\t{record['id']}" in theirs and "exec.cachemount" in theirs
    pruned = ip.run_line_magic("docker", f"builder prune -a -f --filter id={record['id']}")
    assert f"Deleted build cache objects:\n{record['id']}\n" in pruned
    assert pruned.endswith(f"Total reclaimed space: {human_size(record['size'])}")
    after = ip.run_line_magic("docker", "builder du")
    assert record["id"] not in set(after.id)


def test_buildkit_dockerfile_features(ip, api, bk, labels, unique, capfd, tmp_path) -> None:
    """--target, ARG in FROM, COPY --chmod, .dockerignore, --iidfile; the unused stage is
    not built."""
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "kept.txt").write_text(f"kept {unique}\n")
    (ctx / "ignored.txt").write_text("must not be sent\n")
    (ctx / ".dockerignore").write_text("ignored.txt\n")
    (ctx / "Dockerfile").write_text(
        "ARG BASE=" + BASE_IMAGE + "\n"
        "FROM $BASE AS base\n"
        "COPY --chmod=0750 kept.txt /kept\n"
        "COPY . /ctx/\n"
        "FROM base AS later\n"
        "RUN exit 7\n")
    iid = tmp_path / "iid"
    image = build(ip, labels, f"--target base -t {unique}-feat --iidfile {iid} "
                              f"--progress quiet {ctx}")
    assert iid.read_text() == image
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {unique}-feat sh -c "
                                       "'stat -c %a /kept; ls /ctx'") == 0
    out = capfd.readouterr().out.split()
    assert out[0] == "750"
    assert "kept.txt" in out and "ignored.txt" not in out and "Dockerfile" in out
    assert not image.steps.name.str.contains("exit 7").any()  # not in the target


def test_a_dockerfiles_own_dockerignore(ip, bk, labels, unique, capfd, tmp_path) -> None:
    """`-f app.Dockerfile` with `app.Dockerfile.dockerignore` beside it: that file's patterns,
    not the context's `.dockerignore` (BuildKit's rule, as with the CLI)."""
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    for name in ("a.txt", "b.txt"):
        (ctx / name).write_text(name)
    (ctx / ".dockerignore").write_text("a.txt\n")
    (ctx / "app.Dockerfile").write_text(f"FROM {BASE_IMAGE}\nCOPY . /ctx/\n")
    (ctx / "app.Dockerfile.dockerignore").write_text("b.txt\n")
    build(ip, labels, f"-f {ctx / 'app.Dockerfile'} -t {unique}-own --progress quiet {ctx}")
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {unique}-own ls /ctx") == 0
    listed = capfd.readouterr().out.split()
    assert "a.txt" in listed and "b.txt" not in listed


def test_copy_link_and_heredocs(ip, bk, labels, unique, capfd) -> None:
    if bk.name == "engine20":
        pytest.skip("engine 20.10's built-in Dockerfile frontend (BuildKit 0.8) has neither "
                    "COPY --link nor heredocs ('Unknown flag: link'; measured)")
    body = (f"FROM {BASE_IMAGE} AS src\nRUN echo linked-{unique} > /f\n"
            f"FROM {BASE_IMAGE}\nCOPY --link --from=src /f /linked\n"
            "RUN <<EOF\n"
            f"echo heredoc-{unique} > /heredoc\n"
            "echo second line >> /heredoc\n"
            "EOF\n"
            "COPY <<EOF /inline.txt\n"
            f"inline {unique}\n"
            "EOF\n")
    build(ip, labels, f"-t {unique}-link --progress quiet", body)
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {unique}-link "
                                       "cat /linked /heredoc /inline.txt") == 0
    assert capfd.readouterr().out == (f"linked-{unique}\nheredoc-{unique}\nsecond line\n"
                                      f"inline {unique}\n")


def test_no_cache_rebuilds_and_a_second_build_is_cached(ip, bk, labels, unique) -> None:
    body = f"FROM {BASE_IMAGE}\nRUN echo {unique} > /x\n"
    first = build(ip, labels, "--progress quiet", body)
    again = build(ip, labels, "--progress quiet", body)
    fresh = build(ip, labels, "--no-cache --progress quiet", body)
    run = lambda image: image.steps[image.steps.name.str.contains("RUN echo")].iloc[0]  # noqa
    assert not run(first)["cached"] and run(again)["cached"] and not run(fresh)["cached"]
    assert again == first


def test_a_failing_run_is_one_block(ip, bk, labels, unique, capfd) -> None:
    body = (f"FROM {BASE_IMAGE}\nRUN echo fine\n"
            f"RUN for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo {unique}-$i; done && \\\n"
            "    exit 3\nRUN echo never\n")
    with pytest.raises(BuildFailed) as failed:
        build(ip, labels, "--progress quiet", body)
    lines = str(failed.value).splitlines()
    assert lines[0] == (f"build failed at [3/4] RUN for i in 1 2 3 4 5 6 7 8 9 10 11 12; do "
                        f"echo {unique}-$i; done &&     exit 3 (Dockerfile:3)")
    assert lines[1:6] == [
        f"    1 |     FROM {BASE_IMAGE}", "    2 |     RUN echo fine",
        f"    3 | >>> RUN for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo {unique}-$i; done && \\",
        "    4 | >>>     exit 3", "    5 |     RUN echo never"]
    shown = [line.split()[-1] for line in lines if line.startswith("  | ")]
    assert shown == [f"{unique}-{i}" for i in range(3, 13)]  # the last 10 lines of the step
    assert lines[-1].strip().endswith("exit code: 3")
    assert failed.value._render_traceback_()[0].startswith("docker: build failed at [3/4]")


def test_interrupt_cancels_the_build_on_the_engine(ip, bk, labels, unique, capfd) -> None:
    main = threading.main_thread().ident
    timer = threading.Timer(3.0, lambda: signal.pthread_kill(main, signal.SIGINT))
    timer.start()
    try:
        result = build(ip, labels, "--progress plain",
                       f"FROM {BASE_IMAGE}\nRUN echo started-{unique} && sleep 60\n")
    finally:
        timer.join()
    out = capfd.readouterr()
    assert result is None and "docker: interrupted: build cancelled" in out.err
    assert f"started-{unique}" in out.out  # it was running
    assert re.search(r"^#\d+ CANCELED$", out.out, re.M), out.out  # then cancelled, as the CLI says
    for _ in range(50):
        if not _processes_with(f"started-{unique}"):
            break
        time.sleep(0.1)
    assert not _processes_with(f"started-{unique}")  # the step's shell is gone


def _processes_with(text: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if text.encode() in cmdline and int(pid) != os.getpid():
                found.append(int(pid))
    return found


def test_rawjson_quiet_and_q(ip, bk, labels, unique, capfd) -> None:
    body = f"FROM {BASE_IMAGE}\nRUN echo raw-{unique}\n"
    capfd.readouterr()
    build(ip, labels, "--no-cache --progress rawjson", body)
    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    names = [v["name"] for m in lines for v in m.get("vertexes", [])]
    assert f"[2/2] RUN echo raw-{unique}" in names
    import base64

    assert any(base64.b64decode(log["data"]) == f"raw-{unique}\n".encode()
               for m in lines for log in m.get("logs", []))
    for args in ("-q", "--progress quiet"):
        image = build(ip, labels, f"--no-cache {args}", body)
        assert capfd.readouterr().out == "" and image.startswith("sha256:")


def test_classic_builder_when_asked(ip, engine, labels, unique, capfd, monkeypatch) -> None:
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "text")
    body = f"FROM {BASE_IMAGE}\nRUN echo classic-{unique}\n"
    monkeypatch.setenv("DOCKER_BUILDKIT", "0")
    capfd.readouterr()
    image = build(ip, labels, "", body)
    assert re.search(r"Step 2/\d : RUN echo classic-", capfd.readouterr().out)
    assert not isinstance(image, BuildResult)
    monkeypatch.delenv("DOCKER_BUILDKIT")
    ip.run_line_magic("config", "DockerMagics.buildkit = False")
    try:
        build(ip, labels, "", body)
        assert re.search(r"Step 2/\d : RUN echo classic-", capfd.readouterr().out)
    finally:
        ip.run_line_magic("config", "DockerMagics.buildkit = True")
    monkeypatch.setenv("DOCKER_BUILDKIT", "maybe")
    with pytest.raises(Exception, match="DOCKER_BUILDKIT environment variable expects "
                                        "boolean value"):
        build(ip, labels, "", body)


def test_an_engine_that_cannot_read_the_upload_builds_through_the_session(
        ip, engine, labels, unique, capfd, monkeypatch, tmp_path) -> None:
    if not engine.containerd_store:
        pytest.skip("this engine's BuildKit reads an uploaded context")
    monkeypatch.delenv("DOCKER_BUILDKIT", raising=False)
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "text")
    capfd.readouterr()
    # a cell's Dockerfile (or a directory) goes through the session: BuildKit, no failed try
    image = build(ip, labels, f"-t {unique}-fb", f"FROM {BASE_IMAGE}\nRUN echo fb-{unique}\n")
    out = capfd.readouterr().out
    assert isinstance(image, BuildResult) and re.search(r"#\d+ \[\d/\d\] RUN echo fb-", out)
    assert "ERROR" not in out and "build-context-" not in out
    # a tar archive cannot: the classic builder, with the note
    archive = tmp_path / "ctx.tar"
    with tarfile.open(archive, "w") as tar:
        dockerfile = tmp_path / "Dockerfile"
        dockerfile.write_text(f"FROM {BASE_IMAGE}\nRUN echo fb-tar-{unique}\n")
        tar.add(dockerfile, "Dockerfile")
    image = ip.run_line_magic("docker", f"build {labels} {archive}")
    out = capfd.readouterr().out
    assert "note: this engine's BuildKit cannot read an uploaded context without a session" \
        in out
    assert re.search(r"Step 2/\d : RUN echo fb-tar-", out) and image.startswith("sha256:")
