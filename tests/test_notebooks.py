"""The lessons in notebooks/ run top to bottom on a real kernel against the real engine."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parent.parent / "notebooks"
NOTEBOOKS = sorted(ROOT.rglob("*.ipynb"))


def run(path: Path, cwd: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path: Path) -> None:
    nb = run(path, tmp_path)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    unexpected = [o for c in cells if "raises-exception" not in c.metadata.get("tags", [])
                  for o in c.outputs if o.output_type == "error"]
    assert not unexpected
    deliberate = [o for c in cells if "raises-exception" in c.metadata.get("tags", [])
                  for o in c.outputs if o.output_type == "error"]
    for error in deliberate:  # a lesson's deliberate mistake shows one line, no traceback
        assert len(error.traceback) == 1 and error.traceback[0].startswith("docker: ")


def test_first_steps_key_outputs(tmp_path: Path) -> None:
    nb = run(ROOT / "01-first-steps.ipynb", tmp_path)
    texts = [o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
             for o in c.outputs]
    assert any("Server:" in t and "API version" in t for t in texts)
    assert any(t.startswith("linux/") and '["/bin/sh"]' in t for t in texts)
    assert any(t.isdigit() and int(t) > 1_000_000 for t in texts)  # image sizes sum, in bytes
