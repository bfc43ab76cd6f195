"""`image analyze` while it reads: Ctrl-C stops it cleanly, an engine killed mid-stream is one
line, an archive that is no image is one line; memory stays bounded by the entries' metadata."""

from __future__ import annotations

import io
import json
import signal
import tarfile
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import jupyter_docker as jd
from conftest import BASE_IMAGE, api_client
from jupyter_docker.analysis import archive, layout
from magic_checks import interrupt_cleanly, one_line_error
from throwaway_engine import engine_running

pytestmark = pytest.mark.one_engine("one big image is enough; the engine killed is a throwaway")

BIG = 300_000_000  # bytes of one file: reading it takes seconds on this machine


def big_image(api: Any, tmp: Path, tag: str, labels: dict[str, str]) -> None:
    (tmp / "Dockerfile").write_text(f"FROM {BASE_IMAGE}\nRUN head -c {BIG} /dev/zero > /big\n")
    for message in api.build(path=str(tmp), tag=tag, labels=labels, rm=True, decode=True):
        assert "error" not in message, message


@pytest.fixture(scope="module")
def big(label_dict: dict[str, str], tmp_path_factory: Any) -> str:
    tag = "jdt-analysis-big:1"
    big_image(api_client(), tmp_path_factory.mktemp("big"), tag, label_dict)
    return tag


@pytest.fixture(autouse=True)
def text_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "text")


def test_interrupt_stops_reading_cleanly(ip, big, capfd) -> None:
    """Ctrl-C a second in: one line, None, the stream's socket closed, no thread left."""
    out = interrupt_cleanly(ip, f"image analyze {big}", capfd,
                            f"docker: interrupted: image analyze {big} stopped")
    assert "Traceback" not in out.err


def test_a_big_image_reads_in_bounded_memory(big) -> None:
    """300 MB of content go through; Python's peak allocation stays a few MB (the chunks in
    flight and the entries' metadata), never the image."""
    tracemalloc.start()
    try:
        analysis = jd.image_analyze(big, quiet=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert analysis.layers["size"].iloc[-1] == BIG
    assert analysis.files.iloc[-1]["path"] == "/big"
    print(f"\npeak Python allocation reading a {BIG / 1e6:.0f} MB layer: {peak / 1e6:.1f} MB")
    assert peak < 40e6


def test_an_engine_killed_mid_read_is_one_line(ip, labels, capsys, tmp_path) -> None:
    with engine_running(ip, labels, "sleep 60", "angone") as (engine, _):
        big_image(api_client(engine.host), tmp_path, "jdt-analysis-gone:1",
                  dict(label.split("=", 1) for label in labels.split()[1::2]))
        capsys.readouterr()
        killer = threading.Timer(1.0, engine.kill, (signal.SIGKILL,))
        killer.start()
        try:
            result = ip.run_cell(f"%docker -H {engine.host} image analyze jdt-analysis-gone:1")
        finally:
            killer.join()
        out = capsys.readouterr()
    text = (out.out + out.err).strip()
    assert "Traceback" not in text and result.error_in_exec is not None
    last = text.splitlines()[-1]
    print(f"\nanalyze: {last}")
    assert last.startswith("docker: the engine went away (")
    assert last.endswith("): reading jdt-analysis-gone:1 stopped")


def test_a_container_is_no_image(ip, capsys, labels, unique) -> None:
    name = f"{unique}-c"
    ip.run_line_magic("docker", f"create {labels} --name {name} {BASE_IMAGE}")
    try:
        assert f"No such image: {name}" in one_line_error(ip, capsys, f"analyze -q {name}")
    finally:
        ip.run_line_magic("docker", f"rm {name}")


def _tar(files: dict[str, bytes]) -> io.BytesIO:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    return buf


def test_an_archive_without_manifest_or_index_is_no_image() -> None:
    read = archive.read(_tar({"hello.txt": b"hi\n", "data.json": b"{}"}))
    with pytest.raises(archive.NotAnImage, match="^not an image archive: no manifest.json or "
                                                 "index.json in it$"):
        layout.resolve(read)
    missing = archive.read(_tar({"manifest.json": json.dumps(
        [{"Config": "c.json", "Layers": ["l/layer.tar"]}]).encode(), "c.json": b"{}"}))
    with pytest.raises(archive.NotAnImage, match="names a layer it does not hold: l/layer.tar"):
        layout.resolve(missing)
