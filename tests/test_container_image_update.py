"""`commit`, `export`, `update` and `container prune` against the real engine."""

from __future__ import annotations

import builtins
import tarfile

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE
from jupyter_docker.commands.container_image import check_reference
from jupyter_docker.commands.container_update import update_body
from magic_checks import fails


def test_check_reference() -> None:
    for good in ("a", "jdt-1/x:v1", "127.0.0.1:5000/a/b:1.0", "a:UPPER_tag"):
        check_reference(good)
    with pytest.raises(jd.DockerError, match=r"^invalid reference format: repository name "
                                             r"\(library/Bad\) must be lowercase$"):
        check_reference("Bad:Name")
    for bad in ("a b", "a:", "-a", "a::b", "a:bad:tag"):
        with pytest.raises(jd.DockerError, match="^invalid reference format$"):
            check_reference(bad)


def test_commit_makes_a_runnable_image(ip, api, labels, unique, capfd) -> None:
    box = f"{unique}-c"
    ip.run_line_magic("docker", f"run {labels} --name {box} {BASE_IMAGE} "
                                "sh -c 'echo committed > /greeting'")
    image = ip.run_line_magic(
        "docker", f"commit -m 'with a greeting' -a 'Nota Bene <nb@example.com>' "
                  f"-c 'LABEL jupyter-docker-test=1' -c 'ENV WHO=nb' "
                  f"-c 'CMD [\"sh\", \"-c\", \"cat /greeting; echo $WHO\"]' {box} {unique}-img:v1")
    assert isinstance(image, str) and image.startswith("sha256:") and len(image) == 71
    info = api.inspect_image(f"{unique}-img:v1")
    assert info["Id"] == image and info["Comment"] == "with a greeting"
    assert info["Author"] == "Nota Bene <nb@example.com>"
    assert info["Config"]["Labels"]["jupyter-docker-test"] == "1"
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {unique}-img:v1") == 0
    assert capfd.readouterr().out == "committed\nnb\n"
    untagged = ip.run_line_magic("docker", f"container commit -p=false {box}")
    assert api.inspect_image(untagged)["RepoTags"] == []
    latest = ip.run_line_magic("docker", f"commit --pause {box} {unique}-img")
    assert f"{unique}-img:latest" in api.inspect_image(latest)["RepoTags"]


def test_commit_failures(ip, labels, unique) -> None:
    box = f"{unique}-cf"
    ip.run_line_magic("docker", f"create {labels} --name {box} {BASE_IMAGE} true")
    fails(ip, [
        (f"commit {unique}-none", jd.DockerError, f"No such container: {unique}-none"),
        (f"commit {box} Bad:Name", jd.DockerError, r"repository name \(library/Bad\) must be lowercase"),
        (f"commit {box} -x", jd.DockerError, "invalid reference format"),  # as the CLI's
        (f"commit -c 'BOGUS x' {box}", jd.DockerError,
         "(?i)bogus is not a valid change command"),  # 26 says BOGUS
        (f"commit {box} {unique}-x@sha256:{'0' * 64}", jd.UsageError, "digest reference"),
        (f"commit --squash {box}", jd.UsageError, "unknown flag: --squash"),
    ])


def test_export_writes_a_tar_file(ip, labels, unique, tmp_path) -> None:
    box = f"{unique}-e"
    ip.run_line_magic("docker", f"run {labels} --name {box} {BASE_IMAGE} "
                                "sh -c 'echo exported > /marker'")
    out = tmp_path / "fs.tar"
    assert ip.run_line_magic("docker", f"export -o {out} {box}") is None
    with tarfile.open(out) as tar:
        assert tar.extractfile("marker").read() == b"exported\n"
        assert "bin/sh" in tar.getnames()
    ip.run_line_magic("docker", f"container export --output={tmp_path}/again.tar {box}")
    assert (tmp_path / "again.tar").stat().st_size == out.stat().st_size
    fails(ip, [
        (f"export {box}", jd.UsageError, "refusing to write a tar archive to the cell output"),
        (f"export -o {tmp_path}/no/such/x.tar {box}", jd.DockerError,
         f"failed to save output: open {tmp_path}/no/such/x.tar"),
        (f"export -o {tmp_path}/none.tar {unique}-none", jd.DockerError,
         f"No such container: {unique}-none"),
    ])
    assert not (tmp_path / "none.tar").exists()


def test_update_body() -> None:
    from jupyter_docker.cli import parse

    values = lambda line: parse(f"update {line} box".split()).values  # noqa: E731
    body = update_body(values("-m 64m --memory-swap -1 --cpus 1.5 --restart on-failure:2 "
                              "--cpu-rt-period 1000"))
    assert body == {"Memory": 64 << 20, "MemorySwap": -1, "NanoCpus": 1_500_000_000,
                    "CpuRealtimePeriod": 1000,
                    "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 2}}
    assert update_body(values("--memory-swap 1g")) == {"MemorySwap": 1 << 30}
    with pytest.raises(jd.UsageError, match="one or more flags"):
        update_body({})
    with pytest.raises(jd.UsageError, match='"--memory-swap" flag: invalid size'):
        values("--memory-swap lots")


def test_update_running_containers(ip, api, labels, unique, capsys) -> None:
    names = [f"{unique}-u{i}" for i in range(2)]
    for name in names:
        ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} sleep 300")
    done = ip.run_line_magic("docker", "update -m 64m --memory-swap 128m --cpus 0.5 -c 512 "
                                       f"--pids-limit 50 --restart on-failure:2 {' '.join(names)}")
    assert done == names
    for name in names:
        host = api.inspect_container(name)["HostConfig"]
        assert (host["Memory"], host["MemorySwap"], host["NanoCpus"], host["CpuShares"],
                host["PidsLimit"]) == (64 << 20, 128 << 20, 500_000_000, 512, 50)
        assert host["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 2}
    ip.run_line_magic("docker", f"container update --restart=no {names[0]}")
    assert api.inspect_container(names[0])["HostConfig"]["RestartPolicy"]["Name"] == "no"
    capsys.readouterr()
    result = ip.run_cell(f"%docker update --cpus 1 {names[0]} {unique}-none")
    assert result.error_in_exec is not None
    assert capsys.readouterr().out.splitlines() == [
        names[0], f"docker: Error response from daemon: No such container: {unique}-none"]
    fails(ip, [
        (f"update {names[0]}", jd.UsageError, "one or more flags"),
        (f"update -m 512m {names[0]}", jd.DockerError, "update the memoryswap at the same time"),
        (f"update --cpus many {names[0]}", jd.UsageError, '"--cpus"'),
        (f"update --restart sometimes {names[0]}", jd.UsageError, "invalid restart policy"),
        (f"update -m lots {names[0]}", jd.UsageError, '"-m, --memory" flag: invalid size'),
    ])


def test_container_prune_asks_and_removes_only_stopped(ip, api, labels, unique,
                                                       monkeypatch) -> None:
    mine = f"--label {unique}=1"  # prune is filtered to this test's own containers
    stopped = [ip.run_line_magic("docker", f"create {labels} {mine} {BASE_IMAGE} true")
               for _ in range(2)]
    running = ip.run_line_magic("docker", f"run -d {labels} {mine} {BASE_IMAGE} sleep 300")
    answers = iter(["n", "y"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    with pytest.raises(jd.DockerError, match="cancelled"):
        ip.run_line_magic("docker", f"container prune --filter label={unique}")
    assert len(api.containers(all=True, filters={"label": unique})) == 3
    report = ip.run_line_magic("docker", f"container prune --filter label={unique}")
    assert report.splitlines()[0] == "Deleted Containers:"
    assert sorted(report.splitlines()[1:3]) == sorted(stopped)
    assert report.splitlines()[-1].startswith("Total reclaimed space: ")
    assert [c["Id"] for c in api.containers(all=True, filters={"label": unique})] == [running]
    assert ip.run_line_magic("docker", f"container prune -f --filter label={unique}") == \
        "Total reclaimed space: 0B"
    fails(ip, [(f"container prune -f --filter name={unique}", jd.DockerError,
                "(?i)invalid filter 'name'"),  # 20.10: Invalid, 26: invalid
               ("container prune -f --filter nonsense", jd.UsageError, "bad format of filter")])
