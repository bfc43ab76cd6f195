"""Run a lesson notebook top to bottom on a real kernel, then clear what it left behind.

Used by `build.py` (to save notebooks with their outputs) and by tests/test_notebooks.py, which
also runs them `solved`: each exercise's answer cell holding its solution, as a learner who did
the exercises would run it.
The kernel gets its own DOCKER_CONFIG (so a lesson's `login`/`logout` never touch anyone
else's) and text progress (so saved outputs read well where widgets cannot be drawn). A cell
tagged `password-prompt` may ask for the registry password with a hidden prompt: this client
types it, as a learner would; the password comes from the test settings, never the notebook.
A `terminal` cell (skipped by other unattended runners: nobody types there) runs with widgets
and this client is its page: it types the cell's `keys` and saves the terminal's last screen
(lesson_page.py).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

# Notebooks run at once: kernels are CPU-bound while starting, lessons mostly wait on the engine.
JOBS = min(8, max(2, 2 * (os.cpu_count() or 1)))

TESTS = Path(__file__).resolve().parents[1] / "tests"
LABEL_KEY = "jupyter-docker-lesson"
PROGRESS = "JUPYTER_DOCKER_PROGRESS"  # text: saved outputs read well where widgets cannot draw
_LABEL = re.compile(rf"'({LABEL_KEY}=\d+-[0-9a-f]+)'")


def registry_password() -> str:
    """The provisioned registry's test-only password (tests/conftest.py owns the constant)."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from conftest import REGISTRY_PASSWORD

    return REGISTRY_PASSWORD


class LessonClient(NotebookClient):
    """An nbclient that answers a `password-prompt` cell's hidden prompt."""

    password: str = ""
    sockets: str = ""  # path prefix of the kernel's unix sockets

    def create_kernel_manager(self) -> Any:
        """A kernel on unix sockets, not TCP ports: kernels starting at once in parallel
        processes could pick the same free port ("Address already in use"; the kernel died
        before kernel_info, seen once in a build)."""
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name=self.kernel_name, transport="ipc",
                                     ip=self.sockets)
        return self.km

    async def async_execute_cell(self, cell: Any, cell_index: int, *args: Any,
                                 **kwargs: Any) -> Any:
        if "terminal" in cell.metadata.get("tags", []) and cell.metadata.get("keys"):
            return await self._typed_terminal(cell, cell_index, *args, **kwargs)
        if "password-prompt" not in cell.metadata.get("tags", []):
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        assert self.kc is not None
        self.kc.allow_stdin = True
        typist = asyncio.ensure_future(self._type_password())
        try:
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        finally:
            self.kc.allow_stdin = False
            typist.cancel()

    async def _typed_terminal(self, cell: Any, cell_index: int, *args: Any,
                              **kwargs: Any) -> Any:
        """Run a `terminal` cell where widgets draw (the kernel's text progress set aside for
        it) and be its page: type its keys, keep its last screen (lesson_page.Page)."""
        from lesson_page import Page

        skip, self.skip_cells_with_tag = self.skip_cells_with_tag, "skip-execution-unless-typed"
        await self._quietly(f"__import__('os').environ[{PROGRESS!r}] = 'widget'")
        try:
            done = await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        finally:
            self.skip_cells_with_tag = skip
            await self._quietly(f"__import__('os').environ[{PROGRESS!r}] = 'text'")
        await Page(self, cell, cell_index).type_keys(list(cell.metadata["keys"]))
        return done

    async def _quietly(self, code: str) -> None:
        """Run `code` in the kernel without a cell, an output or a history entry."""
        assert self.kc is not None
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        while (await self.kc.shell_channel.get_msg(timeout=60))["parent_header"].get(
                "msg_id") != msg_id:
            pass

    async def _type_password(self) -> None:
        assert self.kc is not None
        while True:
            msg = await self.kc.stdin_channel.get_msg()
            if msg["msg_type"] == "input_request":
                # only a hidden prompt gets the password; anything else gets an empty line
                self.kc.input(self.password if msg["content"].get("password") else "")


def solved(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """`nb` with each `answer` cell holding the code of the `solution` cell after it (and that
    solution's `expect`), in place."""
    from lesson_cells import solution_code

    for answer, after in zip(nb.cells, nb.cells[1:]):
        if "answer" in answer.metadata.get("tags", []):
            assert "solution" in after.metadata.get("tags", []), "an answer cell without solution"
            answer.source = solution_code(after.source)
            answer.metadata["expect"] = list(after.metadata.get("expect", []))
    return nb


def lesson_label(nb: nbformat.NotebookNode) -> str | None:
    """The label the lesson put on its objects, read from its `setup` cell's result."""
    for cell in nb.cells:
        if "setup" in cell.metadata.get("tags", []):
            for out in cell.get("outputs", []):
                found = _LABEL.search(out.get("data", {}).get("text/plain", ""))
                if found:
                    return found.group(1)
    return None


def leftovers(label: str) -> dict[str, list[str]]:
    """Objects on the engine still carrying `label`: what the lesson forgot to remove."""
    from docker import APIClient

    api = APIClient(version="1.41", timeout=60)
    try:
        wanted = {"label": [label]}
        return {
            "containers": [c["Names"][0] for c in api.containers(all=True, filters=wanted)],
            "images": [i["Id"] for i in api.images(all=True, filters=wanted)],
            "volumes": [v["Name"] for v in api.volumes(filters=wanted).get("Volumes") or []],
            "networks": [n["Name"] for n in api.networks(filters=wanted)],
        }
    finally:
        api.close()


def remove(label: str) -> None:
    """Remove every object carrying `label` (after a failed run), and nothing else."""
    from docker import APIClient
    from docker.errors import APIError

    found = leftovers(label)
    api = APIClient(version="1.41", timeout=60)
    try:
        for ident in found["containers"]:
            api.remove_container(ident.lstrip("/"), v=True, force=True)
        for ident in found["images"]:
            try:
                api.remove_image(ident, force=True)
            except APIError:  # already gone with a parent or child removed just before
                pass
        for name in found["volumes"]:
            api.remove_volume(name, force=True)
        for name in found["networks"]:
            api.remove_network(name)
    finally:
        api.close()


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 300) -> str | None:
    """Run `nb` in place in `cwd`; returns the first error (a failed cell, or a kernel that
    did not start), None when every cell ran."""
    config = tempfile.mkdtemp(prefix="lesson-docker-config-")
    env = dict(os.environ, DOCKER_CONFIG=config, **{PROGRESS: "text"})
    client = LessonClient(nb, timeout=timeout, startup_timeout=180, kernel_name="python3",
                          record_timing=False, store_widget_state=False,
                          resources={"metadata": {"path": str(cwd)}})
    client.sockets = os.path.join(config, "kernel")
    client.password = registry_password()
    try:
        client.execute(env=env)
    except CellExecutionError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - the kernel did not start or died: report it
        return f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(config, ignore_errors=True)
    return None


def run_lesson(path: str, with_solutions: bool = False) -> dict[str, Any]:
    """Execute the notebook at `path` in a scratch directory (picklable, for process pools);
    `with_solutions`: each answer cell holds its solution (see `solved`).

    Returns the executed notebook (as JSON text), the first error, what the lesson left behind
    with its label (then removed), and how long it took."""
    import time

    nb = nbformat.read(path, as_version=4)
    if with_solutions:
        solved(nb)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lesson-") as cwd:
        error = execute(nb, Path(cwd))
    seconds = time.monotonic() - start
    label = lesson_label(nb)
    left = leftovers(label) if label else {}
    if label and any(left.values()):
        remove(label)
    return {"path": path, "notebook": nbformat.writes(nb), "error": error, "label": label,
            "leftovers": left, "seconds": seconds, "with_solutions": with_solutions}


def in_waves(paths: list[str], jobs: int = JOBS,
             with_solutions: Callable[[str], bool] = lambda path: False) -> Iterator[dict[str, Any]]:
    """Run the notebooks at `paths` in parallel processes, one language at a time: a lesson's
    two languages build the same Dockerfiles, so run together they share build-cache layers
    that one's clean-up (`rmi`) removes while the other still builds on them ("unable to find
    image", seen once in CI). Yields each run's result as `run_lesson` returns it."""
    from concurrent.futures import ProcessPoolExecutor

    waves = [[p for p in paths if Path(p).parent.name != "ko"],
             [p for p in paths if Path(p).parent.name == "ko"]]
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(paths)))) as pool:
        for wave in waves:
            yield from pool.map(run_lesson, wave, [with_solutions(p) for p in wave])
