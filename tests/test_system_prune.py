"""`system prune` and `builder prune` against the real engine, filtered to this test's objects."""

from __future__ import annotations

import builtins

import pytest
from docker import APIClient
from docker.errors import ImageNotFound, NotFound

import jupyter_docker as jd
from conftest import BASE_IMAGE
from jupyter_docker.commands.common import Pruned, prune_report
from test_image_archive import built


def test_prune_report_reads_like_the_cli() -> None:
    report = prune_report([Pruned("Deleted Containers:", ["a1", "b2"], 1500),
                           Pruned("Deleted Networks:"), Pruned("Deleted Images:", ["x"], 500)])
    assert report == ("Deleted Containers:\na1\nb2\n\nDeleted Images:\nx\n\n"
                      "Total reclaimed space: 2kB")
    assert prune_report([Pruned("Deleted Networks:", ["n"])], space=False) == \
        "Deleted Networks:\nn"
    assert prune_report([Pruned("Deleted Networks:")], space=False) == ""


@pytest.mark.usefixtures("classic_builder")  # the old image stays dangling (BuildKit: gone)
def test_system_prune_asks_then_removes_what_the_filter_selects(ip, api, engine, labels, unique,
                                                                monkeypatch) -> None:
    mine = f"{labels} --label jdt-prune={unique}"
    flt = f"--filter label=jdt-prune={unique}"
    stopped = ip.run_line_magic("docker", f"create {mine} {BASE_IMAGE} true")
    running = ip.run_line_magic("docker", f"run -d {mine} {BASE_IMAGE} sleep 300")
    network = ip.run_line_magic("docker", f"network create {mine} {unique}-net")
    volume = ip.run_line_magic("docker", f"volume create {mine} {unique}-vol")
    dangling = built(ip, mine, f"{unique}-p:1", f"old-{unique}")
    tagged = built(ip, mine, f"{unique}-p:1", f"new-{unique}")  # `dangling` loses its tag
    asked: list[str] = []
    monkeypatch.setattr(builtins, "input", lambda prompt="": asked.append(prompt) or "n")
    with pytest.raises(jd.DockerError, match="cancelled"):
        ip.run_line_magic("docker", f"system prune --volumes {flt}")
    assert asked[0].splitlines()[:4] == [
        "WARNING! This will remove:", "  - all stopped containers",
        "  - all networks not used by at least one container",
        "  - all anonymous volumes not used by at least one container"]
    assert api.inspect_container(stopped) and api.inspect_image(dangling)

    report = ip.run_line_magic("docker", f"system prune -f --volumes {flt}")
    lines = report.splitlines()
    # Since API 1.42 the engine prunes only anonymous volumes: a named one stays (as with the CLI).
    named_kept = engine.speaks("1.42")
    volumes = [] if named_kept else ["Deleted Volumes:", volume, ""]
    assert lines[:3] == ["Deleted Containers:", stopped, ""]
    assert lines[3:6] == ["Deleted Networks:", f"{unique}-net", ""]
    assert lines[6:6 + len(volumes)] == volumes
    assert lines[6 + len(volumes)] == "Deleted Images:" and f"deleted: {dangling}" in lines
    assert lines[-1].startswith("Total reclaimed space: ")
    for gone in (lambda: api.inspect_container(stopped), lambda: api.inspect_network(network),
                 *(() if named_kept else (lambda: api.inspect_volume(volume),))):
        with pytest.raises(NotFound):
            gone()
    assert not named_kept or api.inspect_volume(volume)["Name"] == volume
    with pytest.raises(ImageNotFound):
        api.inspect_image(dangling)
    assert api.inspect_container(running)["State"]["Running"]  # in use: kept
    assert api.inspect_image(tagged)  # tagged: kept without -a

    report = ip.run_line_magic("docker", f"system prune -a -f {flt}")
    assert f"untagged: {unique}-p:1" in report and f"deleted: {tagged}" in report
    assert ip.run_line_magic("docker", f"system prune -f {flt}") == "Total reclaimed space: 0B"
    assert api.inspect_container(running)["State"]["Running"]


def test_builder_prune_and_one_line_failures(ip, unique, monkeypatch) -> None:
    flt = f"--filter label=jdt-prune={unique}"
    asked: list[str] = []
    monkeypatch.setattr(builtins, "input", lambda prompt="": asked.append(prompt) or "n")
    with pytest.raises(jd.DockerError, match="cancelled"):
        ip.run_line_magic("docker", f"builder prune -a {flt}")
    assert asked[0].startswith("WARNING! This will remove all build cache.")
    report = ip.run_line_magic("docker", f"builder prune -f --keep-storage 1g {flt}")
    assert report.splitlines()[-1].startswith("Total reclaimed space: ")
    monkeypatch.setattr(builtins, "input", lambda prompt="": (_ for _ in ()).throw(EOFError()))
    with pytest.raises(jd.DockerError, match="pass -f to skip the question"):
        ip.run_line_magic("docker", f"system prune {flt}")
    for line, error in [("system prune -f --filter nonsense", "bad format of filter"),
                        ("system prune --bogus", "unknown flag: --bogus"),
                        ("builder prune --keep-storage lots", "invalid size")]:
        with pytest.raises(jd.UsageError, match=error):
            ip.run_line_magic("docker", line)
