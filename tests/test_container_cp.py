"""`cp` both ways against the real engine, and the CLI's rules for where a copy lands."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

import jupyter_docker as jd
from conftest import BASE_IMAGE
from jupyter_docker.archive import landing, renamed
from jupyter_docker.commands.container_cp import split_location
from magic_checks import fails

SETUP = ("mkdir -p /d/sub && echo a > /d/a && echo b > /d/sub/b && ln -s /d/a /lnk "
         "&& echo owned > /owned && chown 1234:1234 /owned && sleep 300")


def test_split_location() -> None:
    assert split_location("web:/etc/hosts") == ("web", "/etc/hosts")
    assert split_location("web:etc") == ("web", "/etc")
    assert split_location("/abs:x") == (None, "/abs:x")
    assert split_location("./rel:x") == (None, "./rel:x")
    assert split_location("plain") == (None, "plain")


def test_landing_rules() -> None:
    assert landing("/t", "dir", False, "a", False) == "/t/a"  # file into a directory
    assert landing("/t", "dir", True, "d", False) == "/t/d"  # directory into a directory
    assert landing("/t", "dir", True, ".", True) == "/t"  # `d/.`: its contents
    assert landing("/t", "dir", True, "/", False) == "/t"  # never outside the destination
    assert landing("/t", "file", False, "a", False) == "/t"  # file over a file
    assert landing("/t/", None, True, "d", False) == "/t"  # new directory
    assert landing("/n", None, False, "a", False) == "/n"  # new file
    with pytest.raises(jd.DockerError, match="cannot copy a directory to a file"):
        landing("/t", "file", True, "d", False)
    with pytest.raises(jd.DockerError, match="no such directory"):
        landing("/n/", None, False, "a", False)
    assert renamed("d/sub/b", "d", "x") == "x/sub/b" and renamed(".", ".", "y") == "y"
    assert renamed("./a", ".", "y") == "y/a"


@pytest.fixture
def box(ip, labels, unique) -> str:
    name = f"{unique}-cp"
    ip.run_line_magic("docker", f"run -d {labels} --name {name} {BASE_IMAGE} sh -c '{SETUP}'")
    for _ in range(100):  # until the setup ran
        if ip.run_line_magic("docker", f"exec {name} test -e /owned") == 0:
            return name
        time.sleep(0.05)
    raise AssertionError("container setup did not finish")


def tree(path: str) -> list[str]:
    """`relative-path type [link target]` for everything below `path`, sorted."""
    out = subprocess.run(["find", path, "-mindepth", "1", "-printf", "%P %y %l\n"],
                         capture_output=True, text=True, check=True).stdout
    return sorted(line.strip() for line in out.splitlines())


def test_container_to_host(ip, box, tmp_path, capfd) -> None:
    d = tmp_path
    ip.run_line_magic("docker", f"cp {box}:/d {d}/new")  # a new directory
    assert tree(f"{d}/new") == ["a f", "sub d", "sub/b f"]
    assert "Successfully copied 4B to" in capfd.readouterr().err
    ip.run_line_magic("docker", f"container cp -q {box}:/d {d}/new")  # into the existing one
    assert "d/sub/b f" in tree(f"{d}/new") and capfd.readouterr().err == ""
    ip.run_line_magic("docker", f"cp {box}:/d/. {d}/contents")
    assert tree(f"{d}/contents") == ["a f", "sub d", "sub/b f"]
    ip.run_line_magic("docker", f"cp {box}:/d/a {d}/file")
    assert (d / "file").read_text() == "a\n"
    (d / "file").write_text("old")
    ip.run_line_magic("docker", f"cp {box}:/d/sub/b {d}/file")  # over an existing file
    assert (d / "file").read_text() == "b\n"
    ip.run_line_magic("docker", f"cp {box}:/lnk {d}/link")
    assert os.readlink(d / "link") == "/d/a"  # the link itself
    ip.run_line_magic("docker", f"cp -L {box}:/lnk {d}/followed")
    assert (d / "followed").read_text() == "a\n" and not os.path.islink(d / "followed")
    ip.run_line_magic("docker", f"cp {box}:/ {d}/root")  # the whole filesystem, not above it
    assert {"bin", "d", "owned", ".dockerenv"} <= set(os.listdir(d / "root"))
    ip.run_line_magic("docker", f"cp {box}:/owned {d}/mine")
    assert os.stat(d / "mine").st_uid == os.getuid()
    ip.run_line_magic("docker", f"cp -a {box}:/owned {d}/kept")
    if os.geteuid() == 0:  # only root can give files away
        assert os.stat(d / "kept").st_uid == 1234


def test_host_to_container(ip, box, tmp_path, capfd) -> None:
    src = tmp_path / "h"
    (src / "inner").mkdir(parents=True)
    (src / "f1").write_text("f1\n")
    (src / "inner" / "f2").write_text("f2\n")
    ip.run_line_magic("docker", f"cp {src} {box}:/new")  # a new directory
    ip.run_line_magic("docker", f"cp {src} {box}:/new")  # into the existing one
    ip.run_line_magic("docker", f"cp {src}/. {box}:/contents")
    ip.run_line_magic("docker", f"cp {src}/f1 {box}:/tmp")
    ip.run_line_magic("docker", f"cp {src}/f1 {box}:/tmp/renamed")
    assert "Successfully copied 3B to" in capfd.readouterr().err
    ip.run_line_magic("docker", f"exec {box} find /new /contents /tmp/f1 /tmp/renamed")
    assert sorted(capfd.readouterr().out.split()) == sorted(
        ["/new", "/new/f1", "/new/inner", "/new/inner/f2", "/new/h", "/new/h/f1",
         "/new/h/inner", "/new/h/inner/f2", "/contents", "/contents/f1", "/contents/inner",
         "/contents/inner/f2", "/tmp/f1", "/tmp/renamed"])
    os.chown(src / "f1", 4321, 4321)
    ip.run_line_magic("docker", f"cp {src}/f1 {box}:/root-owned")
    ip.run_line_magic("docker", f"cp -a {src}/f1 {box}:/kept-owner")
    capfd.readouterr()
    ip.run_line_magic("docker", f"exec {box} stat -c %u /root-owned /kept-owner")
    assert capfd.readouterr().out.split() == ["0", "4321"]
    (tmp_path / "to-f1").symlink_to(src / "f1")
    ip.run_line_magic("docker", f"cp -L {tmp_path}/to-f1 {box}:/deref")
    ip.run_line_magic("docker", f"exec {box} cat /deref")
    assert capfd.readouterr().out == "f1\n"


def test_cp_failures(ip, box, tmp_path, unique) -> None:
    (tmp_path / "f").write_text("x")
    fails(ip, [
        (f"cp {box}:/nope {tmp_path}/z", jd.DockerError,
         f"Could not find the file /nope in container {box}"),
        (f"cp {unique}-none:/etc {tmp_path}/z", jd.DockerError,
         f"No such container: {unique}-none"),
        (f"cp {tmp_path}/nope {box}:/tmp", jd.DockerError,
         f"lstat {tmp_path}/nope: no such file or directory"),
        (f"cp {tmp_path}/f {box}:/no/such/dir/x", jd.DockerError,
         f"Could not find the file /no/such/dir in container {box}"),
        (f"cp {box}:/d/a {tmp_path}/no/such/x", jd.DockerError, "no such directory"),
        (f"cp {box}:/d {tmp_path}/f", jd.DockerError, "cannot copy a directory to a file"),
        (f"cp {tmp_path} {box}:/d/a", jd.DockerError, "cannot copy a directory to a file"),
        (f"cp {tmp_path}/f {tmp_path}/g", jd.UsageError, "at least one container"),
        (f"cp {box}:/a {box}:/b", jd.UsageError, "between containers is not supported"),
        (f"cp --recursive {box}:/a {tmp_path}", jd.UsageError, "unknown flag: --recursive"),
    ])
