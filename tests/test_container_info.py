"""top, diff, port and stats against a real running container."""

from __future__ import annotations

import time
import urllib.request

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE
from netns import engine_net


@pytest.fixture
def web(api: APIClient, label_dict: dict, unique: str) -> str:
    name = f"{unique}-web"
    api.create_container(
        BASE_IMAGE, ["sh", "-c", "echo hello > /tmp/index.html; rm /etc/group; httpd -f -p 80 -h /tmp"],
        name=name, labels=label_dict, ports=[80],
        host_config=api.create_host_config(port_bindings={80: ("127.0.0.1", None)}))
    api.start(name)
    deadline = time.monotonic() + 30  # until httpd runs: a loaded engine starts slowly
    while "httpd" not in str(api.top(name)["Processes"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return name


def test_top_lists_the_server_process(ip, web) -> None:
    df = ip.run_line_magic("docker", f"top {web}")
    assert "CMD" in df.columns or "COMMAND" in df.columns
    assert df.astype(str).apply(lambda r: "httpd" in " ".join(r), axis=1).any()


def test_diff_shows_added_and_deleted(ip, web) -> None:
    df = ip.run_line_magic("docker", f"diff {web}")
    changes = set(zip(df["kind"], df["path"]))
    assert ("A", "/tmp/index.html") in changes and ("D", "/etc/group") in changes


def test_port_mapping_is_reachable(ip, web) -> None:
    df = ip.run_line_magic("docker", f"port {web}")
    row = df.iloc[0]
    assert row["private"] == "80/tcp" and row["host_ip"] == "127.0.0.1" and row["host_port"] > 0
    url, deadline = f"http://127.0.0.1:{row['host_port']}/index.html", time.monotonic() + 10
    while True:  # httpd runs; it may not listen yet (a reset on engine26-containerd at load 16)
        try:
            with engine_net():  # the engine's loopback (Engine 26 has a network namespace of its own)
                body = urllib.request.urlopen(url, timeout=5).read()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    assert body == b"hello\n"
    with pytest.raises(jd.DockerError, match="No public port '81/tcp' published"):
        ip.run_line_magic("docker", f"port {web} 81")


def test_stats_snapshot(ip, web) -> None:
    df = ip.run_line_magic("docker", f"stats --no-stream {web}")
    row = df.iloc[0]
    assert row["name"] == web and row["mem_usage"] > 0 and row["mem_limit"] > row["mem_usage"]
    assert row["pids"] >= 1 and 0 <= row["cpu_percent"] <= 200
