"""Image commands in a real kernel (nbclient): progress drawn as widgets, a cell-body build,
and logins that cannot hang a kernel without a frontend to ask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
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


def test_progress_in_a_kernel_build_log_behind_the_bar_load_done_push_label(
        ip, engine, labels, unique, tmp_path, monkeypatch) -> None:
    """A successful build is one bar with its text in a collapsed accordion, not 30 lines; a
    failed one still shows its block (with the step's output); every bar of a `load` ends
    green; a push's label names the image once and ends with a short digest."""
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker-config"))
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("DOCKER_BUILDKIT", "0")  # the classic builder's bar (BuildKit's view: test_browser_widgets)
    credentials.save(REGISTRY, REGISTRY_USER, REGISTRY_PASSWORD)
    target = f"{REGISTRY}/{unique}/label:1"
    archive = tmp_path / "img.tar"
    steps = "".join(f"RUN echo line-{i}-{unique}\n" for i in range(8))
    nb = execute([
        "%load_ext jupyter_docker",
        f"%%docker build {labels} -t {target}\nFROM {BASE_IMAGE}\n"
        f"RUN head -c 300000 /dev/urandom > /blob\n{steps}",
        f"%%docker build --force-rm {labels}\nFROM {BASE_IMAGE}\nRUN echo before-{unique}; false\n",
        f"%docker push {target}",
        f"%docker save -o {archive} {target}\n%docker rmi {target}",
        f"%docker load -i {archive}",
    ], tmp_path)
    built, failed, pushed, _, loaded = (c.outputs for c in nb.cells[1:])
    states = widget_states(nb)

    assert [o.output_type for o in built] == ["display_data", "execute_result"], built
    assert built[1].data["text/plain"].startswith("sha256:")
    logs = [s for s in states if "jd-progress-log" in s.get("_dom_classes", ())]
    assert logs and all(s["selected_index"] is None for s in logs)  # collapsed
    models = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    success = [(s["titles"][0], models[s["children"][0].removeprefix("IPY_MODEL_")]["state"]
                ["value"]) for s in logs]
    success = [(title, text) for title, text in success if f"line-7-{unique}" in text]
    assert len(success) == 1 and "Successfully tagged" in success[0][1]
    title = success[0][0]  # "Output (41 lines)"
    assert title.startswith("Output (") and int(title.split("(")[1].split()[0]) > 30, title

    errors = [o for o in failed if o.output_type == "error"]
    assert len(errors) == 1 and not [o for o in failed if o.output_type == "stream"]
    block = errors[0].traceback[0]
    assert "build failed at Step 2/" in block and f"  | before-{unique}" in block

    labels_seen = [s["value"] for s in states if s.get("_model_name") == "LabelModel"]
    push_label = [v for v in labels_seen if v.startswith(f"Pushing {target}")]
    assert len(push_label) == 1 and push_label[0].count(target) == 1, push_label
    assert push_label[0].startswith(f"Pushing {target}: pushed, digest sha256:"), push_label

    load_boxes = [s for s in states if s.get("_model_name") == "LabelModel"
                  and s["value"].startswith("Loading img.tar")]
    if engine.containerd_store:  # its load sends no layer progress: no bar is drawn
        assert not load_boxes and [o.output_type for o in loaded] == ["stream"], loaded
    else:
        assert load_boxes, labels_seen
        assert [o.output_type for o in loaded] == ["display_data", "stream"], loaded
    assert loaded[-1].text == f"Loaded image: {target}\n"  # said once, no result repeating it
    bars = [s for s in states if s.get("_model_name") == "FloatProgressModel"]
    assert bars and all(b["bar_style"] == "success" for b in bars
                        if b.get("description") or b["value"] == 1.0), bars
    assert not [b for b in bars if b["bar_style"] not in ("success", "danger")], bars


def test_buildkit_view_state_in_a_kernel(ip, engine, labels, unique, tmp_path,
                                         monkeypatch) -> None:
    """In a kernel a BuildKit build draws its view (one widget): its saved state holds every
    step, DONE or CACHED, and the outcome; the cell's result is the image id."""
    if engine.containerd_store:
        pytest.skip("this engine builds classic (its BuildKit cannot read an uploaded context)")
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.delenv("DOCKER_BUILDKIT", raising=False)
    nb = execute([
        "%load_ext jupyter_docker",
        f"%%docker build {labels} -t {unique}-view\nFROM {BASE_IMAGE}\n"
        f"RUN echo view-{unique}\n",
    ], tmp_path)
    built = nb.cells[1].outputs
    assert [o.output_type for o in built] == ["display_data", "execute_result"], built
    assert built[1].data["text/plain"].startswith("sha256:")
    views = [s for s in widget_states(nb) if "outcome" in s and "rows" in s]
    assert len(views) == 1 and views[0]["outcome"] == "done"
    states = {row["name"]: row["state"] for row in views[0]["rows"]}
    assert states[f"[2/2] RUN echo view-{unique}"] == "done"
    assert set(states.values()) <= {"done", "cached"}
    run = [r for r in views[0]["rows"] if r["name"].startswith("[2/2]")][0]
    assert run["lines"][-1].endswith(f"view-{unique}") and run["completed"] > run["started"]
