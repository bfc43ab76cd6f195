"""`tag`, `rmi`, `image prune`, `save`/`load`, `import` and `search` against the real engine."""

from __future__ import annotations

import builtins
import contextlib
import tarfile
from typing import Any

import pytest
from docker import APIClient
from docker.errors import APIError, ImageNotFound

import jupyter_docker as jd
from conftest import BASE_IMAGE, SESSION_LABEL, untagged_parents
from http_serve import serving
from magic_checks import fails


def built(ip: Any, labels: str, name: str, content: str) -> str:
    """A small image of our own (labelled, so the session sweep removes it)."""
    return ip.run_cell_magic("docker", f"build -q {labels} -t {name}",
                             f"FROM {BASE_IMAGE}\nRUN echo {content} > /content\n"
                             "CMD cat /content\n")


def test_save_rmi_load(ip, api, labels, unique, tmp_path) -> None:
    image = built(ip, labels, f"{unique}-saved:1", f"saved-{unique}")
    ip.run_line_magic("docker", f"tag {unique}-saved:1 {unique}-saved:2")
    archive = tmp_path / "images.tar"
    assert ip.run_line_magic("docker", f"save -o {archive} {unique}-saved:1 "
                                       f"{unique}-saved:2") is None
    with tarfile.open(archive) as tar:
        assert "manifest.json" in tar.getnames()
    ip.run_line_magic("docker", f"rmi {unique}-saved:1 {unique}-saved:2")
    with pytest.raises(ImageNotFound):
        api.inspect_image(image)
    loaded = ip.run_line_magic("docker", f"load -i {archive}")
    assert sorted(loaded) == [f"Loaded image: {unique}-saved:1", f"Loaded image: {unique}-saved:2"]
    assert api.inspect_image(f"{unique}-saved:2")["Id"] == image
    assert ip.run_line_magic("docker", f"load -q -i {archive}")


def test_save_and_load_refusals(ip, unique, tmp_path) -> None:
    missing = tmp_path / "missing.tar"
    fails(ip, [
        (f"save {BASE_IMAGE}", jd.UsageError, "refusing to write a tar archive to the cell"),
        (f"save -o {missing} {unique}-none:1", jd.DockerError,  # classic store | containerd
         f"reference does not exist|No such image: {unique}-none:1"),
        ("load", jd.UsageError, "use -i FILE"),
        (f"load -i {missing}", jd.DockerError, "No such file"),
    ])
    assert not missing.exists()  # no half-written archive left behind


def test_export_then_import(ip, api, labels, unique, tmp_path, capfd) -> None:
    box = f"{unique}-exp"
    ip.run_line_magic("docker", f"run {labels} --name {box} {BASE_IMAGE} "
                                f"sh -c 'echo exported-{unique} > /marker'")
    archive = tmp_path / "fs.tar"
    ip.run_line_magic("docker", f"export -o {archive} {box}")
    change = f"-c 'LABEL {SESSION_LABEL}' -c 'LABEL jupyter-docker-test=1'"
    image = ip.run_line_magic(
        "docker", f"import {change} -c 'CMD [\"cat\", \"/marker\"]' -m 'from a tar' "
                  f"{archive} {unique}-imported:v1")
    assert image.startswith("sha256:")
    info = api.inspect_image(f"{unique}-imported:v1")
    assert info["Id"] == image and info["Config"]["Cmd"] == ["cat", "/marker"]
    assert api.history(image)[0]["Comment"] == "from a tar"
    capfd.readouterr()
    assert ip.run_line_magic("docker", f"run --rm {labels} {unique}-imported:v1") == 0
    assert capfd.readouterr().out == f"exported-{unique}\n"

    with serving(tmp_path) as base_url:
        from_url = ip.run_line_magic("docker", f"import {change} {base_url}/fs.tar "
                                               f"{unique}-imported:url")
    assert api.inspect_image(f"{unique}-imported:url")["Id"] == from_url
    fails(ip, [(f"import {tmp_path}/none.tar", jd.DockerError, "No such file"),
               ("import -", jd.UsageError, "give a file or a URL")])


@pytest.mark.usefixtures("classic_builder")  # the image has a Parent (--no-prune)
def test_tag_and_rmi(ip, api, engine, labels, unique) -> None:
    image = built(ip, labels, f"{unique}-t:1", f"t-{unique}")
    assert ip.run_line_magic("docker", f"image tag {unique}-t:1 {unique}-t2") is None
    assert f"{unique}-t2:latest" in api.inspect_image(image)["RepoTags"]
    fails(ip, [(f"tag {unique}-none {unique}-x", jd.DockerError, "No such image"),
               (f"tag {image} {unique}-x@sha256:{'a' * 64}", jd.UsageError, "digest")])
    with pytest.raises(jd.DockerError, match=f"No such image: {unique}-none") as caught:
        ip.run_line_magic("docker", f"rmi {unique}-t2 {unique}-none")
    assert "\n" not in caught.value.line()
    assert f"{unique}-t2:latest" not in api.inspect_image(image)["RepoTags"]  # the rest went on

    parent = api.inspect_image(image)["Parent"]
    box = f"{unique}-user"
    ip.run_line_magic("docker", f"create {labels} --name {box} {unique}-t:1")
    with pytest.raises(jd.DockerError, match="image is being used by stopped container"):
        ip.run_line_magic("docker", f"rmi {image}")
    gone = ip.run_line_magic("docker", f"rmi -f --no-prune {unique}-t:1")
    if engine.containerd_store:  # it only untags an image a container uses (so does the CLI)
        assert gone == f"Untagged: {unique}-t:1"
        api.remove_container(box, force=True)
        api.remove_image(image)
        return
    assert gone == f"Untagged: {unique}-t:1\nDeleted: {image}"
    api.remove_container(box, force=True)
    assert parent and api.inspect_image(parent)["Id"] == parent  # kept by --no-prune
    api.remove_image(parent)


@pytest.mark.usefixtures("classic_builder")  # the old image stays dangling (BuildKit: gone)
def test_image_prune_removes_only_what_the_filter_selects(ip, api, labels, unique,
                                                          monkeypatch) -> None:
    mine = f"{labels} --label jdt-prune={unique}"
    old = built(ip, mine, f"{unique}-p:1", f"old-{unique}")
    new = built(ip, mine, f"{unique}-p:1", f"new-{unique}")  # `old` is now dangling
    assert old != new and api.inspect_image(old)["RepoTags"] == []
    parents = untagged_parents(api, old) + untagged_parents(api, new)
    try:
        flt = f"--filter label=jdt-prune={unique}"
        monkeypatch.setattr(builtins, "input", lambda prompt="": "n")
        with pytest.raises(jd.DockerError, match="cancelled"):
            ip.run_line_magic("docker", f"image prune {flt}")
        assert api.inspect_image(old)
        report = ip.run_line_magic("docker", f"image prune -f {flt}")
        assert f"deleted: {old}" in report and report.startswith("Deleted Images:")
        assert "Total reclaimed space:" in report and new not in report
        with pytest.raises(ImageNotFound):
            api.inspect_image(old)
        monkeypatch.setattr(builtins, "input", lambda prompt="": "y")
        report = ip.run_line_magic("docker", f"image prune -a {flt}")
        assert f"untagged: {unique}-p:1" in report and f"deleted: {new}" in report
        assert ip.run_line_magic("docker", f"image prune -f {flt}") == "Total reclaimed space: 0B"
    finally:  # the prunes take the images; the containerd store keeps their intermediates
        for parent in parents:
            with contextlib.suppress(APIError):  # e.g. a child a failure left
                api.remove_image(parent)


def test_search_offline_fails_in_one_line(ip) -> None:
    with pytest.raises(jd.DockerError, match="Error response from daemon") as caught:
        ip.run_line_magic("docker", "search --limit 5 --filter is-official=true busybox")
    assert "\n" not in caught.value.line()
    with pytest.raises(jd.UsageError, match="bad format of filter"):
        ip.run_line_magic("docker", "search --filter stars busybox")
