"""`run` and `create` against the real engine, and the pure flag translation."""

from __future__ import annotations

import _thread
import threading
import time
import urllib.request

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE
from netns import engine_net
from jupyter_docker.commands.container_run import sdk_arguments
from jupyter_docker.runspec import parse_publish, parse_restart, parse_volume


def test_publish_specs() -> None:
    assert parse_publish("8080:80") == {"80/tcp": [("", 8080)]}
    assert parse_publish("127.0.0.1:8080:80/udp") == {"80/udp": [("127.0.0.1", 8080)]}
    assert parse_publish("80") == {"80/tcp": [("", None)]}
    assert parse_publish("8000-8001:80-81") == {"80/tcp": [("", 8000)], "81/tcp": [("", 8001)]}
    for bad in ("80:x", "1-3:80-81", "80/ipx", "99999"):
        with pytest.raises(jd.UsageError):
            parse_publish(bad)


def test_volume_and_restart_specs() -> None:
    assert parse_volume("data:/data:ro") == ("data", "/data", "ro")
    assert parse_volume("/anon") == (None, "/anon", "rw")
    with pytest.raises(jd.UsageError):
        parse_volume("relative")
    assert parse_restart("on-failure:3") == {"Name": "on-failure", "MaximumRetryCount": 3}
    with pytest.raises(jd.UsageError):
        parse_restart("sometimes")


def test_sdk_arguments_translation() -> None:
    create, host = sdk_arguments({"env": ["A=1"], "publish": ["127.0.0.1:8080:80"],
                                  "volume": ["v:/data"], "label": ["k=v"], "rm": True},
                                 "img", ["echo", "hi"], detach=True)
    assert create["environment"] == ["A=1"] and create["labels"] == {"k": "v"}
    assert host["port_bindings"] == {"80/tcp": [("127.0.0.1", 8080)]}
    assert host["binds"] == ["v:/data:rw"] and host["auto_remove"] is True
    with pytest.raises(jd.UsageError, match="--restart and --rm"):
        sdk_arguments({"rm": True, "restart": "always"}, "img", [], detach=True)


def test_attached_run_streams_and_returns_exit_code(ip, labels, unique, capfd) -> None:
    code = ip.run_line_magic("docker", f"run --rm {labels} --name {unique}-a -e WHO=nb "
                                       f"{BASE_IMAGE} sh -c 'echo hello $WHO; echo oops >&2; exit 3'")
    out = capfd.readouterr()
    assert code == 3 and "hello nb" in out.out and "oops" in out.err
    assert f"container {unique}-a exited with code 3" in out.err
    assert jd.ps(all=True, filter={"name": f"{unique}-a"}).empty  # --rm removed it


def test_detached_run_with_published_port(ip, api, labels, unique) -> None:
    cid = ip.run_line_magic("docker", f"run -d {labels} --name {unique}-web -p 127.0.0.1::80 "
                                      f"{BASE_IMAGE} sh -c 'echo hi > /tmp/i; httpd -f -p 80 -h /tmp'")
    assert isinstance(cid, str) and len(cid) == 64
    port = int(ip.run_line_magic("docker", f"port {unique}-web 80")["host_port"].iloc[0])
    deadline = time.monotonic() + 5
    while True:
        try:
            with engine_net():  # the engine's loopback
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/i", timeout=2).read()
            assert body == b"hi\n"
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with pytest.raises(jd.DockerError, match="already in use"):
        ip.run_line_magic("docker", f"run -d {labels} --name {unique}-web {BASE_IMAGE} true")


def test_create_then_start(ip, api, labels, unique) -> None:
    cid = ip.run_line_magic("docker", f"create {labels} --name {unique}-c {BASE_IMAGE} true")
    assert api.inspect_container(cid)["State"]["Status"] == "created"
    ip.run_line_magic("docker", f"start {unique}-c")
    assert ip.run_line_magic("docker", f"wait {unique}-c") == [0]


def test_missing_image_is_one_line(ip) -> None:
    with pytest.raises(jd.DockerError, match="Unable to find image 'no-such-image-xyz:9' locally"):
        ip.run_line_magic("docker", "run no-such-image-xyz:9")


def test_interrupt_stops_the_container(ip, api, labels, unique, capfd) -> None:
    def interrupt_once_it_runs() -> None:  # not at a fixed time: a loaded engine starts slowly
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if api.inspect_container(f"{unique}-i")["State"]["Running"]:
                    break
            except Exception:  # noqa: BLE001 - not created yet
                pass
            time.sleep(0.1)
        time.sleep(0.5)
        _thread.interrupt_main()

    threading.Thread(target=interrupt_once_it_runs, daemon=True).start()
    ip.run_line_magic("docker", f"run {labels} --name {unique}-i {BASE_IMAGE} "
                                "sh -c 'while true; do echo tick; sleep 0.2; done'")
    out = capfd.readouterr()
    assert "tick" in out.out and "interrupted: stopped following" in out.err
    assert api.inspect_container(f"{unique}-i")["State"]["Status"] == "exited"


def test_mount_expose_label_file_and_attach_selection(ip, api, labels, unique, tmp_path,
                                                       capfd) -> None:
    (tmp_path / "labels").write_text("# team labels\nteam=data\n")
    (tmp_path / "host.txt").write_text("from host\n")
    cid = ip.run_line_magic(
        "docker", f"create {labels} --label-file {tmp_path}/labels --expose 7000-7001/udp "
                  f"--mount type=bind,source={tmp_path},target=/h,readonly --shm-size 8m "
                  f"--name {unique}-m {BASE_IMAGE} cat /h/host.txt")
    info = api.inspect_container(cid)
    assert info["Config"]["Labels"]["team"] == "data"
    assert set(info["Config"]["ExposedPorts"]) == {"7000/udp", "7001/udp"}
    assert info["HostConfig"]["Mounts"][0]["ReadOnly"] is True
    assert info["HostConfig"]["ShmSize"] == 8 * 1024 * 1024
    code = ip.run_line_magic("docker", f"run --rm {labels} -a stderr {BASE_IMAGE} "
                                       "sh -c 'echo visible-out; echo visible-err >&2'")
    out = capfd.readouterr()
    assert code == 0 and "visible-err" in out.err and "visible-out" not in out.out
    with pytest.raises(jd.UsageError, match="invalid mount"):
        ip.run_line_magic("docker", f"run --mount type=nfs,target=/x {BASE_IMAGE} true")
    with pytest.raises(jd.UsageError, match="invalid pull option: 'sometimes': must be one of "
                                            '"always", "missing" or "never"'):
        ip.run_line_magic("docker", f"run --pull sometimes {BASE_IMAGE} true")


def test_pull_never_refuses_a_missing_image(ip) -> None:
    with pytest.raises(jd.DockerError, match=r"Unable to find image .* \(--pull never"):
        ip.run_line_magic("docker", "run --pull never no-such-image-xyz:9 true")


def test_port_already_allocated_is_reported_and_rm_cleans_up(ip, labels, unique) -> None:
    ip.run_line_magic("docker", f"run -d --rm {labels} --name {unique}-p1 -p 127.0.0.1::80 "
                                f"{BASE_IMAGE} sleep 30")
    port = int(ip.run_line_magic("docker", f"port {unique}-p1 80")["host_port"].iloc[0])
    for detach in ("-d", ""):
        with pytest.raises(jd.DockerError, match="already allocated|address already in use"):
            ip.run_line_magic("docker", f"run {detach} --rm {labels} --name {unique}-p2 "
                                        f"-p 127.0.0.1:{port}:80 {BASE_IMAGE} sleep 30")
        assert jd.ps(all=True, filter={"name": f"{unique}-p2"}).empty


def test_interactive_tty_says_stdin_is_not_attached_and_does_not_hang(ip, labels, capfd) -> None:
    code = ip.run_line_magic("docker", f"run --rm -it {labels} {BASE_IMAGE} sh")
    err = capfd.readouterr().err
    assert code == 0 and "stdin is not attached" in err


def test_detached_dit_keeps_a_shell_alive(ip, api, labels, unique) -> None:
    ip.run_line_magic("docker", f"run -dit {labels} --name {unique}-sh {BASE_IMAGE} sh")
    time.sleep(0.5)
    info = api.inspect_container(f"{unique}-sh")
    assert info["State"]["Running"] and info["Config"]["Tty"] and info["Config"]["OpenStdin"]
