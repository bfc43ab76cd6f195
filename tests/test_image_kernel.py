"""Image commands in a real kernel (nbclient): progress drawn as widgets, a cell-body build,
and logins that cannot hang a kernel without a frontend to ask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from conftest import BASE_IMAGE, REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER
from jupyter_docker.engine import credentials
from jupyter_docker.progress import ENV

WIDGET = "application/vnd.jupyter.widget-view+json"


def execute(cells: list[str], cwd: Path) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   store_widget_state=True,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def widget_states(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return [m["state"] for m in state.get("state", {}).values()]


def test_pull_and_build_draw_widgets_in_a_kernel(ip, labels, unique, tmp_path,
                                                 monkeypatch) -> None:
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker-config"))
    monkeypatch.delenv(ENV, raising=False)
    credentials.save(REGISTRY, REGISTRY_USER, REGISTRY_PASSWORD)
    target = f"{REGISTRY}/{unique}/kernel:1"
    ip.run_cell_magic("docker", f"build -q {labels} -t {target}",
                      f"FROM {BASE_IMAGE}\nRUN head -c 200000 /dev/urandom > /blob\n")
    ip.run_line_magic("docker", f"push -q {target}")
    ip.run_line_magic("docker", f"rmi {target}")

    nb = execute([
        "%load_ext jupyter_docker",
        f"%docker pull {target}",
        f"%%docker build -q {labels} -t {unique}-kernel-built\nFROM {BASE_IMAGE}\n"
        f"RUN echo built-in-a-kernel-{unique}\n",
        f"%docker login -u {REGISTRY_USER} {REGISTRY}",  # would ask for the password
        f"%docker login -u {REGISTRY_USER} --password-stdin {REGISTRY}",
    ], tmp_path)
    pull, built, asked, stdin = (c.outputs for c in nb.cells[1:])

    assert [o.output_type for o in pull] == ["display_data", "execute_result"]
    assert WIDGET in pull[0].data
    assert pull[1].data["text/plain"].startswith(f"Downloaded newer image for {target}")
    bars = [s for s in widget_states(nb) if s.get("_model_name") == "FloatProgressModel"]
    assert bars and all(b["value"] == 1.0 and b["bar_style"] == "success" for b in bars)
    boxes = [s for s in widget_states(nb) if "jd-progress" in s.get("_dom_classes", ())]
    assert boxes and all("jd-progress-done" in b["_dom_classes"] for b in boxes)

    assert built[-1].data["text/plain"].startswith("sha256:")  # -q: just the id, no quotes

    for outputs, message in ((asked, "Cannot perform an interactive login"),
                             (stdin, "a notebook cannot feed")):
        errors = [o for o in outputs if o.output_type == "error"]
        assert len(errors) == 1 and len(errors[0].traceback) == 1
        assert message in errors[0].traceback[0]
    assert REGISTRY_PASSWORD not in nbformat.writes(nb)
