"""The committed JupyterLab bundle (labextension/prebuilt/) is built from the current
sources, ships in the wheel, and is what JupyterLab loads from the editable install."""

from __future__ import annotations

import filecmp
import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
LABEXT = ROOT / "labextension"
PREBUILT = LABEXT / "prebuilt"
NAME = "jupyter-docker-magics"
REBUILD = "run labextension/build.sh and commit labextension/prebuilt/ with the change"


def load_sources_hash():
    spec = importlib.util.spec_from_file_location("sources_hash", LABEXT / "sources_hash.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prebuilt_files() -> dict[str, bytes]:
    return {p.relative_to(PREBUILT).as_posix(): p.read_bytes()
            for p in sorted(PREBUILT.rglob("*")) if p.is_file()}


def test_prebuilt_bundle_was_built_from_the_current_sources():
    stamp = (PREBUILT / "SOURCES.sha256").read_text().strip()
    module = load_sources_hash()
    assert stamp == module.sources_hash(), f"labextension sources changed: {REBUILD}"
    names = {p.relative_to(LABEXT).as_posix() for p in module.source_files()}
    assert {"src/index.ts", "src/panel.ts", "style/index.css", "package-lock.json"} <= names


def test_prebuilt_metadata_points_at_files_that_exist():
    meta = json.loads((PREBUILT / "package.json").read_text())
    source = json.loads((LABEXT / "package.json").read_text())
    assert meta["name"] == source["name"] == NAME
    assert meta["dependencies"] == source["dependencies"], REBUILD
    assert (PREBUILT / meta["jupyterlab"]["_build"]["load"]).is_file()
    assert json.loads((PREBUILT / "install.json").read_text())["packageName"] == NAME
    remote_entries = list((PREBUILT / "static").glob("remoteEntry.*.js"))
    assert len(remote_entries) == 1  # no stale bundle left beside the current one


@pytest.mark.slow
def test_the_wheel_ships_the_bundle_under_share_jupyter_labextensions(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel, = tmp_path.glob("*.whl")
    prefix = f"jupyter_docker_magics-0.1.0.data/data/share/jupyter/labextensions/{NAME}/"
    with zipfile.ZipFile(wheel) as zf:
        shipped = {n[len(prefix):]: zf.read(n) for n in zf.namelist() if n.startswith(prefix)}
        assert "jupyter_docker/lab.py" in zf.namelist()
    assert shipped == prebuilt_files()


def test_jupyterlab_finds_it_enabled_and_compatible_in_the_venv():
    installed = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / NAME
    stale = filecmp.dircmp(PREBUILT, installed)
    assert not (stale.left_only or stale.right_only or stale.diff_files), (
        f"{installed} differs from labextension/prebuilt: run scripts/venv.sh test")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run([str(bin_dir / "jupyter"), "labextension", "list"], env=env,
                         capture_output=True, text=True, timeout=120)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout + out.stderr)
    assert re.search(rf"{NAME} v0\.1\.0 enabled\s+OK \(python, {NAME}\)", text), text
