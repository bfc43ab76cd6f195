"""What the JupyterLab Docker panel reads: `jupyter_docker.lab` against the real engine,
and the exact user expression the panel sends (taken from its TypeScript) in a real kernel."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import BASE_IMAGE, api_client
from jupyter_docker import lab

SNAPSHOT_TS = Path(__file__).parent.parent / "labextension" / "src" / "snapshot.ts"


@pytest.fixture
def engine_objects(unique: str, label_dict: dict[str, str]) -> Iterator[dict[str, str]]:
    """A running and a created container, and an image tag, all this test's."""
    api = api_client()
    running = api.create_container(BASE_IMAGE, ["sleep", "300"], name=f"{unique}-up",
                                   labels=label_dict, stop_signal="SIGKILL")
    api.start(running)
    api.create_container(BASE_IMAGE, ["true"], name=f"{unique}-new", labels=label_dict)
    api.tag(BASE_IMAGE, f"{unique}-img", "v1")
    yield {"up": f"{unique}-up", "new": f"{unique}-new", "image": f"{unique}-img:v1"}
    for name in (f"{unique}-up", f"{unique}-new"):
        api.remove_container(name, force=True)
    api.remove_image(f"{unique}-img:v1")


def by_name(snapshot: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {c["name"]: c for c in snapshot["containers"]}


def test_snapshot_lists_containers_with_state_and_images_with_size(engine_objects):
    snap = lab.snapshot()
    assert snap["error"] is None
    containers = by_name(snap)
    up, new = containers[engine_objects["up"]], containers[engine_objects["new"]]
    assert (up["state"], up["image"]) == ("running", BASE_IMAGE)
    assert up["status"].startswith("Up ")
    assert (new["state"], new["status"]) == ("created", "Created")
    assert len(up["id"]) == 12 and up["id"] != new["id"]

    images = {i["reference"]: i for i in snap["images"]}
    mine = images[engine_objects["image"]]
    engine_size = api_client().inspect_image(engine_objects["image"])["Size"]
    assert mine["size"] == engine_size and mine["size_text"].endswith("B")
    assert mine["id"] == images[BASE_IMAGE]["id"]
    json.dumps(snap)  # plain JSON all the way down


def test_snapshot_reports_an_unreachable_engine_in_one_line(monkeypatch, tmp_path):
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    snap = lab.snapshot()
    assert snap["containers"] == [] and snap["images"] == []
    assert "Cannot connect to the Docker daemon" in snap["error"]
    assert "\n" not in snap["error"]


def test_panel_reply_is_json_text_that_says_whether_the_magic_is_loaded(ip, engine_objects):
    reply = json.loads(repr(lab.panel_reply()))
    assert reply["magic_loaded"] is True  # the `ip` fixture loaded the extension
    assert engine_objects["up"] in by_name(reply)
    ip.run_line_magic("unload_ext", "jupyter_docker")
    try:
        assert json.loads(repr(lab.panel_reply()))["magic_loaded"] is False
    finally:
        ip.run_line_magic("load_ext", "jupyter_docker")


def panel_expression() -> str:
    """SNAPSHOT_EXPRESSION as written in labextension/src/snapshot.ts."""
    match = re.search(r'SNAPSHOT_EXPRESSION =\s*"([^"]+)"', SNAPSHOT_TS.read_text())
    assert match, f"SNAPSHOT_EXPRESSION not found in {SNAPSHOT_TS}"
    return match.group(1)


@pytest.mark.slow
def test_the_panels_user_expression_in_a_real_kernel(engine_objects):
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        # What src/snapshot.ts sends: silent, no history, only the user expression.
        msg_id = kc.execute("", silent=True, store_history=False,
                            user_expressions={"snapshot": panel_expression()})
        reply = kc.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:  # start-up's kernel_info replies
            assert reply["msg_type"] == "kernel_info_reply", reply["msg_type"]
            reply = kc.get_shell_msg(timeout=60)
        value = reply["content"]["user_expressions"]["snapshot"]
        assert value["status"] == "ok", value
        data = json.loads(value["data"]["text/plain"])
        assert data["magic_loaded"] is False and data["error"] is None
        assert by_name(data)[engine_objects["up"]]["state"] == "running"
        # Nothing leaked into the user's namespace, nothing counted as an execution.
        kc.execute("print(sorted(k for k in globals() if 'jupyter' in k or k == 'jd'))",
                   store_history=False)
        out = kc.get_iopub_msg(timeout=30)
        while out["msg_type"] != "stream":
            out = kc.get_iopub_msg(timeout=30)
        assert out["content"]["text"].strip() == "[]"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_snapshot_gives_labels_port_links_and_what_this_kernel_created(unique, labels, label_dict):
    import jupyter_docker as jd

    api = api_client()
    api.create_container(BASE_IMAGE, ["sleep", "300"], name=f"{unique}-sdk", labels=label_dict,
                         stop_signal="SIGKILL")  # made elsewhere: not "mine"
    try:
        jd.docker(f"run -d --name {unique}-web {labels} --label sidebar.role=web "
                  f"-p 127.0.0.1::80 -p 0.0.0.0::81 -p 0.0.0.0::82/udp --stop-signal SIGKILL "
                  f"{BASE_IMAGE} sleep 300")
        built = str(jd.docker(f"commit {unique}-web {unique}-committed:1"))
        snap = lab.snapshot()
        web, sdk = by_name(snap)[f"{unique}-web"], by_name(snap)[f"{unique}-sdk"]
        assert web["labels"]["sidebar.role"] == "web" and sdk["labels"] == label_dict
        assert (web["mine"], sdk["mine"]) == (True, False)

        listed = api.containers(filters={"name": f"{unique}-web"})[0]["Ports"]
        published = {p["PrivatePort"]: p["PublicPort"] for p in listed if p.get("PublicPort")}
        expected = sorted((published[80], published[81]))
        assert [link["port"] for link in web["links"]] == expected  # udp 82: no link
        for link in web["links"]:
            assert link["url"] == f"http://127.0.0.1:{link['port']}"
            assert link["private"] in (80, 81)
        assert sdk["links"] == []

        images = {i["reference"]: i for i in snap["images"]}
        assert images[f"{unique}-committed:1"]["mine"] is True
        assert images[f"{unique}-committed:1"]["id"] == built.removeprefix("sha256:")[:12]
        assert images[BASE_IMAGE]["mine"] is False
        assert images[BASE_IMAGE]["target"] == BASE_IMAGE
    finally:
        for name in (f"{unique}-web", f"{unique}-sdk"):
            api.remove_container(name, force=True)
        api.remove_image(f"{unique}-committed:1")


def test_port_links_are_one_per_address_and_port_and_use_the_engines_host():
    ports = [{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
             {"IP": "::", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
             {"IP": "10.1.2.3", "PrivatePort": 22, "PublicPort": 2222, "Type": "tcp"},
             {"PrivatePort": 443, "Type": "tcp"},  # exposed, not published
             {"IP": "0.0.0.0", "PrivatePort": 53, "PublicPort": 5353, "Type": "udp"}]
    assert lab.port_links(ports, "127.0.0.1") == [
        {"port": 2222, "private": 22, "url": "http://10.1.2.3:2222"},
        {"port": 8080, "private": 80, "url": "http://127.0.0.1:8080"}]
    assert lab.port_links(ports[:1], "docker.example")[0]["url"] == "http://docker.example:8080"


def test_link_host_is_the_engines_host_for_a_tcp_engine(monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "tcp://build-box.example:2375")
    assert lab.link_host() == "build-box.example"
    monkeypatch.setenv("DOCKER_HOST", "unix:///var/run/docker.sock")
    assert lab.link_host() == "127.0.0.1"
