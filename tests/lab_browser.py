"""JupyterLab in headless Chromium, shared by the browser tests (a pytest plugin, loaded by
conftest.py): one JupyterLab server of our own and one browser for the whole session, a fresh
page per test, and the few page moves the tests make (open a notebook, run a cell, ask the
kernel). Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on screen
ACTIVE_CELL = f"{NOTEBOOK} .jp-Cell.jp-mod-active"
KERNEL = "window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A JupyterLab server of our own on 127.0.0.1, isolated in a temporary directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.notebooks = root / "notebooks"
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = root / "jupyterlab.log"
        self.proc: subprocess.Popen | None = None
        self.workspaces = 0  # workspaces opened so far (one per page)

    def start(self) -> None:
        self.notebooks.mkdir()
        # No "get notified about Jupyter news?" toast over the page, no requests for it.
        notification = self.root / "settings" / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        bin_dir = Path(sys.executable).parent
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
        for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                         ("IPYTHONDIR", "ipython")):
            env[var] = str(self.root / sub)
        args = [str(bin_dir / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
                f"--port={self.port}", "--port-retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.notebooks}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                f"--LabApp.workspaces_dir={self.root / 'workspaces'}",
                f"--LabApp.user_settings_dir={self.root / 'settings'}",
                "--LabApp.expose_app_in_browser=True"]
        if os.geteuid() == 0:
            args.append("--allow-root")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"jupyter lab did not answer in 60s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        """Stop the server we started (by its PID); it shuts its kernels down."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def _api(self, path: str, method: str = "GET") -> Any:
        req = urllib.request.Request(f"{self.url}/api/{path}?token={self.token}", method=method)
        with urllib.request.urlopen(req, timeout=60) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def end_kernels(self) -> None:
        """Shut down every session and kernel of the server, as a person closing a notebook
        with "shut down kernel" would: a test's kernels (and their threads, streams and
        engine connections) do not outlive its page."""
        for session in self._api("sessions"):
            self._api(f"sessions/{session['id']}", "DELETE")
        for kernel in self._api("kernels"):
            self._api(f"kernels/{kernel['id']}", "DELETE")

    def notebook(self, name: str, sources: list[str]) -> str:
        cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [],
                  "execution_count": None} for s in sources]
        nb = {"nbformat": 4, "nbformat_minor": 5, "cells": cells, "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
        (self.notebooks / name).write_text(json.dumps(nb))
        return name


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    server = Lab(tmp_path_factory.mktemp("lab"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(lab: Lab) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(lab.root / "chromium-profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any, lab: Lab) -> Iterator[Any]:
    page = browser.new_page()
    page.set_default_timeout(60_000)
    yield page
    page.close()
    lab.end_kernels()


def open_lab(page: Any, lab: Lab) -> None:
    """JupyterLab in a workspace of its own: nothing an earlier test opened is restored."""
    lab.workspaces += 1
    page.goto(f"{lab.url}/lab/workspaces/test-{lab.workspaces}?token={lab.token}")
    page.wait_for_function("() => window.jupyterapp !== undefined")
    page.evaluate("() => window.jupyterapp.restored.then(() => true)")  # layout restored


def open_notebook(page: Any, name: str) -> None:
    page.evaluate("name => window.jupyterapp.commands.execute('docmanager:open', {path: name})",
                  name)
    page.wait_for_selector(f"{NOTEBOOK} .jp-Notebook")
    page.wait_for_function(f"() => {KERNEL} && {KERNEL}.status === 'idle'")


def open_docker_notebook(page: Any, lab: Lab, name: str) -> None:
    """A fresh Lab page with a new notebook `name` whose first cell loads %docker, run."""
    open_lab(page, lab)
    open_notebook(page, lab.notebook(name, ["%load_ext jupyter_docker"]))
    page.keyboard.press("Shift+Enter")


def run_cell(page: Any, source: str) -> None:
    """Type `source` into a new cell at the end of the notebook and run it."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:insert-cell-below')")
    page.click(f"{ACTIVE_CELL} .cm-content")
    page.keyboard.insert_text(source)
    page.keyboard.press("Shift+Enter")


def notebook_kernel(path: str) -> str:
    """The kernel of notebook `path`, wherever it is (KERNEL is the one in front)."""
    return (f"[...window.jupyterapp.shell.widgets('main')].find(w => w.context?.path === "
            f"{json.dumps(path)}).sessionContext.session.kernel")


def kernel_says(page: Any, code: str, kernel: str = KERNEL) -> str:
    """Run `code` in the notebook's kernel (`kernel`, a JS expression) from the page; return
    what it printed."""
    return page.evaluate(
        """async code => {
            const future = %s.requestExecute({code, silent: false, store_history: false});
            let out = '';
            future.onIOPub = msg => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
            await future.done;
            return out;
        }""" % kernel, code)


def kernel_threads(page: Any, prefix: str, kernel: str = KERNEL) -> list[str]:
    """Names of the kernel's threads starting with `prefix`, after up to 5 s for them to end."""
    said = kernel_says(page, "import threading, time\n"
                             "for _ in range(50):\n"
                             f"    alive = [t.name for t in threading.enumerate() "
                             f"if t.name.startswith({prefix!r})]\n"
                             "    if not alive: break\n"
                             "    time.sleep(0.1)\n"
                             "print(alive)", kernel)
    return eval(said.strip())  # a printed list of str
