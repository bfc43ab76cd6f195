"""The JupyterLab extension in a real JupyterLab and headless Chromium: the Docker panel
lists a container this test made, its buttons and the Docker menu insert `%docker` cells,
running such a cell changes the engine and the panel follows, and `%%docker build` cells
get Dockerfile colours. Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from conftest import BASE_IMAGE, api_client
from lab_browser import ACTIVE_CELL, ARTIFACTS, KERNEL, NOTEBOOK, open_lab, open_notebook, run_cell

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PANEL = "#jupyter-docker-panel"


@pytest.fixture
def container(unique: str, label_dict: dict[str, str]) -> Iterator[str]:
    """A running container of this test's (SIGKILL on stop: no 10 s grace period)."""
    api = api_client()
    name = f"{unique}-web"
    api.create_container(BASE_IMAGE, ["sleep", "600"], name=name, labels=label_dict,
                         stop_signal="SIGKILL")
    api.start(name)
    yield name
    api.remove_container(name, force=True)


def open_panel(page: Any) -> None:
    """Click the whale in the left bar, unless the restored layout has the panel open."""
    page.wait_for_selector('.jp-SideBar .lm-TabBar-tab[data-id="jupyter-docker-panel"]')
    if not page.locator(PANEL).is_visible():
        page.click('.jp-SideBar .lm-TabBar-tab[data-id="jupyter-docker-panel"]')
    page.wait_for_selector(f"{PANEL}:not(.lm-mod-hidden)")


def active_cell_text(page: Any) -> str:
    return page.inner_text(f"{ACTIVE_CELL} .cm-content")


def test_panel_without_a_notebook_says_so_in_one_line(lab, page):
    open_lab(page, lab)
    open_panel(page)
    message = page.locator(f"{PANEL} .jp-DockerPanel-message")
    message.wait_for()
    assert message.inner_text() == "Open a notebook: this panel asks its kernel what Docker holds."
    assert page.locator(f"{PANEL} .jp-DockerPanel-container").count() == 0


def test_panel_lists_a_container_and_its_buttons_insert_cells_that_run(lab, page, container):
    ARTIFACTS.mkdir(exist_ok=True)
    open_lab(page, lab)
    open_notebook(page, lab.notebook("panel.ipynb", ["print('first cell')"]))
    open_panel(page)

    item = page.locator(f'{PANEL} .jp-DockerPanel-container[data-container-name="{container}"]')
    item.wait_for()
    assert item.locator(".jp-DockerPanel-badge").inner_text() == "running"
    assert BASE_IMAGE in item.locator(".jp-DockerPanel-info").inner_text()
    assert page.locator(f'{PANEL} .jp-DockerPanel-image[data-reference="{BASE_IMAGE}"]').count() == 1
    assert "Updated" in page.inner_text(f"{PANEL} .jp-DockerPanel-footer")
    page.screenshot(path=str(ARTIFACTS / "labextension-panel.png"))

    # The fresh kernel has not loaded %docker: the inserted cell does it first.
    page.click(f"{ACTIVE_CELL}")
    item.locator('button[data-action="stop"]').click()
    assert active_cell_text(page) == f"%load_ext jupyter_docker\n%docker stop {container}"
    assert page.locator(f"{NOTEBOOK} .jp-Cell").count() == 2

    page.keyboard.press("Shift+Enter")  # the user runs what they see
    item.locator('.jp-DockerPanel-badge:text("exited")').wait_for()
    assert api_client().inspect_container(container)["State"]["Status"] == "exited"
    assert item.locator('button[data-action="stop"]').count() == 0  # a Start button instead
    assert item.locator('button[data-action="start"]').count() == 1

    # Now %docker is loaded: the Logs button inserts the bare command.
    item.locator('button[data-action="logs"]').click()
    assert active_cell_text(page) == f"%docker logs -f {container}"
    page.screenshot(path=str(ARTIFACTS / "labextension-actions.png"))


def test_docker_menu_snippets_insert_cells_and_build_cells_get_dockerfile_colours(lab, page):
    ARTIFACTS.mkdir(exist_ok=True)
    open_lab(page, lab)
    open_notebook(page, lab.notebook("snippets.ipynb", [""]))

    def snippet(label: str) -> str:
        page.click('.lm-MenuBar-itemLabel:text-is("Docker")')
        page.click(f'.lm-Menu-itemLabel:text-is("{label}")')
        return active_cell_text(page)

    assert snippet("List all containers (%docker ps -a)") == "%docker ps -a"
    assert snippet("Load %docker (%load_ext jupyter_docker)") == "%load_ext jupyter_docker"
    build = snippet("Build an image from this cell (%%docker build)")
    assert build.splitlines()[0] == "%%docker build -t my-first-image ."
    keywords = page.locator(f"{ACTIVE_CELL} .jp-DockerfileKeyword").all_inner_texts()
    assert keywords == ["FROM", "RUN", "CMD"]
    assert page.locator(f"{ACTIVE_CELL} .jp-DockerfileComment").count() == 1
    first_line = page.locator(f"{ACTIVE_CELL} .cm-line").first
    assert first_line.locator(".jp-DockerfileKeyword").count() == 0  # the magic line stays as is
    page.screenshot(path=str(ARTIFACTS / "labextension-snippets.png"))
    assert page.locator(f"{NOTEBOOK} .jp-Cell").count() == 4

    # The same snippets are in the command palette, under "Docker".
    page.keyboard.press("Control+Shift+C")
    page.keyboard.type("docker images")
    palette_item = page.locator('.lm-CommandPalette-item:has-text("List images (%docker images)")')
    palette_item.wait_for()
    palette_item.click()
    assert active_cell_text(page) == "%docker images"


def test_panel_follows_the_kernel_busy_and_its_engine(lab, page, container):
    open_lab(page, lab)
    open_notebook(page, lab.notebook("kernel.ipynb", ["print('first cell')"]))
    open_panel(page)
    item = page.locator(f'{PANEL} .jp-DockerPanel-container[data-container-name="{container}"]')
    item.wait_for()
    message = page.locator(f"{PANEL} .jp-DockerPanel-message")

    # A running cell: the panel does not queue a request behind it, and says why.
    run_cell(page, "import time; time.sleep(4)")
    page.wait_for_function(f"() => {KERNEL} && {KERNEL}.status === 'busy'")
    page.click(f"{PANEL} .jp-DockerPanel-refresh")
    assert message.inner_text() == "Kernel busy: the lists update when it is idle."
    message.wait_for(state="hidden")
    assert item.count() == 1

    # The panel sees the engine the kernel sees: point the kernel at no engine.
    run_cell(page, "import os; os.environ['DOCKER_HOST'] = 'unix:///nonexistent/docker.sock'")
    page.locator(f'{PANEL} .jp-DockerPanel-message:has-text("Cannot connect")').wait_for()
    assert "unix:///nonexistent/docker.sock" in message.inner_text()
    assert page.locator(f"{PANEL} .jp-DockerPanel-container").count() == 0
    run_cell(page, "del os.environ['DOCKER_HOST']")
    item.wait_for()
    assert not message.is_visible()
