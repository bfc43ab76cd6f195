"""The read side of the CLI against the real engine: ps, images, history, inspect, system."""

from __future__ import annotations

import io
import subprocess
import uuid

import pandas as pd
import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE, dockerfile_tar


@pytest.fixture(scope="module")
def built(api: APIClient, label_dict: dict) -> str:
    """A small labelled image with known layers, tagged twice."""
    name = f"jdt-read-{uuid.uuid4().hex[:6]}"
    dockerfile = (f"FROM {BASE_IMAGE}\nRUN echo layer-one > /one\n"
                  "RUN head -c 300000 /dev/zero > /big\nLABEL purpose=read-tests\n")
    buf = io.BytesIO(dockerfile_tar(dockerfile))
    list(api.build(fileobj=buf, custom_context=True, tag=f"{name}:v1", labels=label_dict,
                   rm=True, decode=True))
    api.tag(f"{name}:v1", name, "v2")
    return name


@pytest.fixture
def container(api: APIClient, label_dict: dict, unique: str) -> dict:
    c = api.create_container(BASE_IMAGE, "true", name=f"{unique}-c", labels=label_dict)
    return {"id": c["Id"], "name": f"{unique}-c"}


def test_ps_returns_typed_frame_with_created_container(ip, container) -> None:
    df = ip.run_line_magic("docker", f"ps -a --filter name={container['name']}")
    assert isinstance(df, pd.DataFrame)
    assert list(df["names"]) == [container["name"]]
    row = df.iloc[0]
    assert row["container_id"] == container["id"][:12]
    assert row["state"] == "created" and row["image"] == BASE_IMAGE
    assert isinstance(row["created"], pd.Timestamp) and row["created"].tzinfo is not None
    assert df.attrs["raw"][0]["Id"] == container["id"]


def test_ps_without_all_hides_created_and_quiet_gives_ids(ip, container) -> None:
    assert container["name"] not in list(ip.run_line_magic("docker", "ps")["names"])
    ids = ip.run_line_magic("docker", f"ps -aq --filter name={container['name']}")
    assert ids == [container["id"][:12]]
    full = ip.run_line_magic("docker", f"ps -aq --no-trunc --filter name={container['name']}")
    assert full == [container["id"]]


def test_ps_latest_last_size_and_label_filter(ip, api, container, labels, unique) -> None:
    second = api.create_container(BASE_IMAGE, "true", name=f"{unique}-d",
                                  labels={"jupyter-docker-test": "1", "extra": "yes"})
    session = labels.split("jupyter-docker-test.session=")[1].split()[0]
    try:
        # filters first, then -l/-n, as the engine does (other sessions may create meanwhile)
        ours = f"--filter name={unique}"
        assert list(ip.run_line_magic("docker", f"ps -l {ours}")["container_id"]) == [second["Id"][:12]]
        assert len(ip.run_line_magic("docker", f"ps -n 2 {ours}")) == 2
        assert len(ip.run_line_magic("docker", f"ps -n 1 {ours}")) == 1
        df = ip.run_line_magic("docker", "ps -a -s --filter label=extra=yes")
        assert list(df["names"]) == [f"{unique}-d"]
        assert str(df["size_rw"].dtype).lower().startswith("int")
        both = ip.run_line_magic(
            "docker", f"ps -a --filter label=jupyter-docker-test.session={session} "
                      f"--filter name={unique}")
        assert set(both["names"]) == {f"{unique}-c"}
    finally:
        api.remove_container(second["Id"], force=True)


def test_ps_format_template(ip, container) -> None:
    out = ip.run_line_magic("docker", f"ps -a --filter name={container['name']} "
                                      "--format '{{.Names}} {{.State}}'")
    assert out == f"{container['name']} created"


def test_images_one_row_per_tag_with_int_sizes(ip, built) -> None:
    df = ip.run_line_magic("docker", f"images {built}")
    assert sorted(df["tag"]) == ["v1", "v2"]
    assert set(df["repository"]) == {built}
    assert df["image_id"].nunique() == 1
    assert str(df["size"].dtype) == "int64" and df["size"].iloc[0] > 300000
    assert isinstance(df["created"].iloc[0], pd.Timestamp)
    assert ip.run_line_magic("docker", f"images -q {built}") == list(df["image_id"])
    assert "digest" in ip.run_line_magic("docker", f"image ls --digests {built}").columns
    ref = ip.run_line_magic("docker", f"images --filter reference={built}:v2")
    assert list(ref["tag"]) == ["v2"]


def test_history_matches_dockerfile(ip, built) -> None:
    df = ip.run_line_magic("docker", f"history --no-trunc {built}:v1")
    steps = list(df["created_by"])
    label = next(i for i, s in enumerate(steps) if "purpose=read-tests" in s)
    big = next(i for i, s in enumerate(steps) if "head -c 300000" in s)
    one = next(i for i, s in enumerate(steps) if "layer-one" in s)
    assert label < big < one  # newest first, in Dockerfile order reversed
    assert df["size"].iloc[big] >= 300000 and df["size"].iloc[label] == 0
    assert len(ip.run_line_magic("docker", f"history -q {built}:v1")) == len(df)


def test_inspect_several_objects_flattened(ip, container, built) -> None:
    df = ip.run_line_magic("docker", f"inspect {container['name']} {built}:v1")
    assert len(df) == 2
    assert df["State.Status"].iloc[0] == "created"
    assert df["Config.Labels.purpose"].iloc[1] == "read-tests"
    assert df["Config.Cmd"].iloc[0] == ["true"]
    assert df.attrs["raw"][0]["Id"] == container["id"]


def test_inspect_format_and_typed_forms(ip, container, built) -> None:
    name = container["name"]
    assert ip.run_line_magic("docker", f"inspect -f '{{{{.State.Status}}}}' {name}") == "created"
    labels = ip.run_line_magic("docker", f"container inspect -f '{{{{json .Config.Labels}}}}' {name}")
    assert '"jupyter-docker-test":"1"' in labels
    img = ip.run_line_magic("docker", f"image inspect {built}:v1")
    assert img["Config.Labels.purpose"].iloc[0] == "read-tests"
    with pytest.raises(jd.DockerError, match=f"No such image: {name}"):
        ip.run_line_magic("docker", f"image inspect {name}")


def test_image_fields_removed_at_api_1_45_read_as_the_cli_reads_them(ip, engine) -> None:
    """Engine 26 leaves out VirtualSize, Container, ContainerConfig: the CLI's typed decoding
    gives 0, "" and a nil pointer (a field under it is the CLI's missing-key error)."""
    def cli(template: str) -> subprocess.CompletedProcess:
        return subprocess.run(["docker", "image", "inspect", "-f", template, BASE_IMAGE],
                              capture_output=True, text=True)

    def ours(template: str) -> str:
        return ip.run_line_magic("docker", f"image inspect -f '{template}' {BASE_IMAGE}")

    flat = "{{.VirtualSize}}|{{.Container}}|{{.Size}}"
    assert ours(flat) == cli(flat).stdout.rstrip("\n")
    if not engine.speaks("1.45"):
        return
    assert ours(flat).startswith("0||")
    nil = "{{.ContainerConfig}}|{{json .ContainerConfig}}|{{if .ContainerConfig}}y{{else}}n{{end}}"
    assert ours(nil) == cli(nil).stdout.rstrip("\n") == "<nil>|null|n"
    refused = cli("{{.ContainerConfig.Cmd}}")
    assert refused.returncode != 0
    with pytest.raises(jd.DockerError) as caught:
        ours("{{.ContainerConfig.Cmd}}")
    assert 'map has no entry for key "ContainerConfig"' in refused.stderr
    assert caught.value.line() == f"docker: {refused.stderr.strip()}"


def test_version_info_and_system_df(ip) -> None:
    version = ip.run_line_magic("docker", "version")
    assert version["Server"]["Engine"]["Version"]
    info = ip.run_line_magic("docker", "info")
    assert isinstance(info["Containers"], int) and info["Images"] >= 1
    text = ip.display_formatter.format(info)[0]["text/plain"]
    assert "Server Version" in text and "Storage Driver" in text
    df = ip.run_line_magic("docker", "system df")
    assert list(df["type"]) == ["Images", "Containers", "Local Volumes", "Build Cache"]
    verbose = ip.run_line_magic("docker", "system df -v")
    assert "summary" in verbose and "images" in verbose


def test_events_since(ip, api, label_dict, unique) -> None:
    c = api.create_container(BASE_IMAGE, "true", name=f"{unique}-ev", labels=label_dict)
    api.remove_container(c["Id"])
    df = ip.run_line_magic("docker", f"events --since 2m --until 0s "
                                     f"--filter container={unique}-ev")  # past only: no follow
    assert list(df["action"]) == ["create", "destroy"]
    assert df["time"].iloc[0].tzinfo is not None


def test_display_is_humanized_but_data_stays_typed(ip, built) -> None:
    df = ip.run_line_magic("docker", f"images {built}")
    shown = ip.display_formatter.format(df)[0]
    assert "kB" in shown["text/plain"] or "MB" in shown["text/plain"]
    assert "ago" in ip.display_formatter.formatters["text/html"].lookup(df)(df)
    assert str(df["size"].dtype) == "int64"


def test_python_api_matches_magic(ip, container) -> None:
    flt = {"name": container["name"]}
    a = jd.ps(all=True, filter=flt)
    b = ip.run_line_magic("docker", f"ps -a --filter name={container['name']}")
    assert list(a.columns) == list(b.columns) and list(a["names"]) == list(b["names"])
    assert list(jd.docker(f"ps -aq --filter name={container['name']}")) == [container["id"][:12]]
    assert jd.container_ls is not None and "List containers" in jd.ps.__doc__


def test_variable_expansion(ip, container) -> None:
    ip.user_ns["target"] = container["name"]
    ip.run_cell("ids = %docker ps -aq --filter name=$target\n"
                "ids2 = %docker ps -aq --filter name={target}")
    assert ip.user_ns["ids"] == ip.user_ns["ids2"] == [container["id"][:12]]


def test_cell_with_several_commands(ip, container) -> None:
    body = f"# comment\ndocker ps -aq \\\n  --filter name={container['name']}\nimages -q {BASE_IMAGE}\n"
    result = ip.run_cell_magic("docker", "", body)
    assert len(result) == 1  # the last command's result


def test_config_rows_setting(ip, built) -> None:
    ip.run_line_magic("config", "DockerMagics.display_max_rows = 1")
    try:
        df = ip.run_line_magic("docker", f"images {built}")
        text = ip.display_formatter.format(df)[0]["text/plain"]
        assert "..." in text
    finally:
        ip.run_line_magic("config", "DockerMagics.display_max_rows = 50")


def test_live_name_completion(ip, container) -> None:
    line = f"%docker inspect {container['name'][:-1]}"
    _, matches = ip.complete("", line, len(line))
    assert container["name"] in matches
    line = "%docker ps --fi"
    assert "--filter" in ip.complete("", line, len(line))[1]
