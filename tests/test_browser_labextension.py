"""The JupyterLab extension in a real JupyterLab and headless Chromium: the Docker panel
lists a container this test made, its buttons and the Docker menu insert `%docker` cells,
running such a cell changes the engine and the panel follows, and `%%docker build` cells
get Dockerfile colours. Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

import pytest

from conftest import BASE_IMAGE, H2_HOST, api_client
from lab_browser import (ACTIVE_CELL, ARTIFACTS, KERNEL, NOTEBOOK, kernel_says, kernel_threads,
                         notebook_kernel, open_docker_notebook, open_lab, open_notebook, run_cell)

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
    assert item.locator('button[data-action="terminal"]').count() == 0  # no shell to open

    # Now %docker is loaded: the Logs button inserts the bare command.
    item.locator('button[data-action="logs"]').click()
    assert active_cell_text(page) == f"%docker logs -f {container}"
    page.screenshot(path=str(ARTIFACTS / "labextension-actions.png"))


def test_docker_menu_snippets_insert_cells_and_build_cells_get_dockerfile_colours(
        lab, page, unique, labels):
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
    assert build.splitlines()[2] == "FROM jupyter-docker/busybox"  # provisioned: works offline
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

    # The build snippet builds with nothing but the provisioned image (this test's tag and
    # labels on its first line, so that the session removes what it made).
    tag = f"{unique}-first"
    source = build.replace("-t my-first-image .", f"-t {tag} {labels} .", 1)
    run_cell(page, "%load_ext jupyter_docker")
    run_cell(page, source)
    built = output_of_cell(page, tag).locator("text=/^sha256:[0-9a-f]{64}$/")  # the value
    built.wait_for()
    page.screenshot(path=str(ARTIFACTS / "labextension-snippet-build.png"))
    image = api_client().inspect_image(tag)
    assert image["Id"] == built.inner_text()
    assert image["Config"]["Cmd"] == ["cat", "/hello.txt"]


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


def docker_notebook(page: Any, lab: Any, name: str) -> None:
    """A new notebook whose first cell, `%load_ext jupyter_docker`, has run (so the panel,
    opened next, inserts bare `%docker` lines)."""
    open_docker_notebook(page, lab, name)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.content.widgets[0]"
                           ".model.executionCount === 1")
    page.wait_for_function(f"() => {KERNEL}.status === 'idle'")


def item_of(page: Any, name: str) -> Any:
    return page.locator(f'{PANEL} .jp-DockerPanel-container[data-container-name="{name}"]')


def in_viewport(page: Any, locator: Any) -> dict[str, float]:
    """The element's bounding box, asserted visible and inside the browser's viewport."""
    box = locator.bounding_box()
    view = page.viewport_size
    assert box is not None and locator.is_visible()
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"], (box, view)
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"], (box, view)
    return box


def output_of_cell(page: Any, source: str) -> Any:
    """The output area of the notebook's code cell whose source is `source`."""
    cell = page.locator(f"{NOTEBOOK} .jp-CodeCell").filter(
        has=page.locator(".cm-content", has_text=source))
    return cell.last.locator(".jp-OutputArea-output")


def test_inspect_button_shows_fields_that_fit_and_a_saved_notebook_shows_them_too(
        lab, page, container):
    ARTIFACTS.mkdir(exist_ok=True)
    docker_notebook(page, lab, "inspect.ipynb")
    open_panel(page)
    item = item_of(page, container)
    item.wait_for()
    item.locator('button[data-action="inspect"]').click()
    assert active_cell_text(page) == f"%docker inspect {container}"
    page.keyboard.press("Shift+Enter")

    view = page.locator(f"{NOTEBOOK} .jd-inspect")
    view.wait_for()
    area = page.locator(f"{NOTEBOOK} .jp-OutputArea-output:has(.jd-inspect)")
    box, area_box = view.bounding_box(), area.bounding_box()
    assert box["x"] + box["width"] <= area_box["x"] + area_box["width"] + 1  # no wider than
    assert box["x"] + box["width"] <= page.viewport_size["width"]            # the output area
    # The rows a person looks for are on screen, field beside value, and nothing scrolls
    # sideways (the old 1 x 150 table was ~31,000 px wide).
    status = view.locator('tr:has(td:text-is("State.Status"))')
    status.scroll_into_view_if_needed()
    in_viewport(page, status)
    assert status.locator("td").all_inner_texts() == ["State.Status", "running"]
    env = view.locator('tr:has(td:text-is("Config.Cmd"))')
    assert env.locator("td").nth(1).inner_text() == "sleep\n600"
    scroll = view.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll[0] <= scroll[1], scroll
    assert view.locator('details[data-group="HostConfig"]').get_attribute("open") is None
    page.screenshot(path=str(ARTIFACTS / "labextension-inspect.png"))

    # The value is still the DataFrame.
    run_cell(page, f"df = %docker inspect {container}\nprint(type(df).__name__, df.shape[0], "
                   "df.loc[0, 'State.Status'])")
    output_of_cell(page, "df = %docker inspect").locator('text=/DataFrame 1 running/').wait_for()

    # Saved, then opened as someone else's notebook (untrusted: JupyterLab sanitizes the
    # HTML and drops <style>): the same readable view.
    page.keyboard.press("Control+s")
    saved = lab.notebooks / "inspect.ipynb"
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    nb = json.loads(saved.read_text())
    nb["metadata"]["copied"] = True  # other content: not signed by this server
    (lab.notebooks / "inspect-copy.ipynb").write_text(json.dumps(nb))
    open_lab(page, lab)
    open_notebook(page, "inspect-copy.ipynb")
    view = page.locator(f"{NOTEBOOK} .jd-inspect")
    view.wait_for()
    trusted = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets"
                            ".filter(c => c.model.type === 'code').map(c => c.model.trusted)")
    assert trusted[1] is False, trusted
    status = view.locator('tr:has(td:text-is("State.Status"))')
    status.scroll_into_view_if_needed()
    box = in_viewport(page, status)
    cells = status.locator("td")
    assert cells.all_inner_texts() == ["State.Status", "running"]
    field_box, value_box = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert abs(field_box["y"] - value_box["y"]) < 2 and field_box["x"] < value_box["x"]
    assert cells.nth(1).evaluate("td => getComputedStyle(td).textAlign") == "left"
    assert view.bounding_box()["width"] <= page.viewport_size["width"]
    assert box["width"] < page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / "labextension-inspect-saved.png"))


def test_a_paused_container_offers_unpause_and_the_inserted_cell_runs(lab, page, container):
    ARTIFACTS.mkdir(exist_ok=True)
    api_client().pause(container)
    docker_notebook(page, lab, "paused.ipynb")
    open_panel(page)
    item = item_of(page, container)
    item.locator('.jp-DockerPanel-badge:text("paused")').wait_for()
    labels = item.locator("button").all_inner_texts()
    assert "Unpause" in labels and "Start" not in labels, labels
    button = item.locator('button[data-action="unpause"]')
    # Refreshes change its status text ("Up 31 seconds (Paused)"): the button stays the
    # same node, so a click is never lost to a redraw.
    button.evaluate("b => { b.dataset.marker = 'same-node'; }")
    info = item.locator(".jp-DockerPanel-info").inner_text()
    page.wait_for_timeout(1100)
    page.click(f"{PANEL} .jp-DockerPanel-refresh")
    page.wait_for_function("([sel, old]) => document.querySelector(sel).textContent !== old",
                           arg=[f'{PANEL} li[data-container-name="{container}"] '
                                ".jp-DockerPanel-info", info])
    assert button.get_attribute("data-marker") == "same-node"
    button.scroll_into_view_if_needed()  # a busy engine: the list is longer than the screen
    in_viewport(page, button)
    page.screenshot(path=str(ARTIFACTS / "labextension-paused.png"))
    button.click()
    assert active_cell_text(page) == f"%docker unpause {container}"
    page.keyboard.press("Shift+Enter")
    output_of_cell(page, "%docker unpause").locator(f'text="{container}"').wait_for()  # the CLI's
    item.locator('.jp-DockerPanel-badge:text("running")').wait_for()
    assert api_client().inspect_container(container)["State"]["Status"] == "running"
    assert item.locator('button[data-action="stop"]').count() == 1


def visible_names(page: Any) -> list[str]:
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)]
               .filter(li => li.offsetParent !== null).map(li => li.dataset.containerName)""",
        f"{PANEL} .jp-DockerPanel-container")


def test_the_filter_narrows_the_list_by_words_labels_and_this_notebook(
        lab, page, unique, label_dict, labels):
    ARTIFACTS.mkdir(exist_ok=True)
    api = api_client()
    for suffix, role in (("alpha", "db"), ("beta", "web")):
        api.create_container(BASE_IMAGE, ["true"], name=f"{unique}-{suffix}",
                             labels={**label_dict, "sidebar.role": role})
    docker_notebook(page, lab, "filter.ipynb")
    run_cell(page, f"%docker create --name {unique}-mine {labels} {BASE_IMAGE} true")
    open_panel(page)
    item_of(page, f"{unique}-mine").wait_for()
    assert len(visible_names(page)) >= 3
    box = page.locator(f"{PANEL} .jp-DockerPanel-filter")
    in_viewport(page, box)

    box.fill(unique)
    assert visible_names(page) == [f"{unique}-alpha", f"{unique}-beta", f"{unique}-mine"]
    count = page.locator(f"{PANEL} .jp-DockerPanel-containers .jp-DockerPanel-count")
    assert re.fullmatch(r"3 of \d+", count.inner_text())
    box.fill(f"{unique} label=sidebar.role=web")
    assert visible_names(page) == [f"{unique}-beta"]
    page.screenshot(path=str(ARTIFACTS / "labextension-filter-label.png"))
    box.fill("label=sidebar.role")
    assert visible_names(page) == [f"{unique}-alpha", f"{unique}-beta"]
    box.fill("")
    page.locator(f"{PANEL} .jp-DockerPanel-mine").check()
    assert visible_names(page) == [f"{unique}-mine"]  # other kernels' containers are not
    box.fill("no-such-container-anywhere")
    empty = page.locator(f"{PANEL} .jp-DockerPanel-containers .jp-DockerPanel-empty")
    assert empty.inner_text() == "Nothing matches the filter."
    box.fill("")
    page.locator(f"{PANEL} .jp-DockerPanel-mine").uncheck()
    assert len(visible_names(page)) >= 3
    for suffix in ("alpha", "beta", "mine"):
        api.remove_container(f"{unique}-{suffix}", force=True)


def test_a_busy_list_stays_in_place_when_a_container_appears_above(lab, page, unique, label_dict):
    ARTIFACTS.mkdir(exist_ok=True)
    api = api_client()
    names = [f"{unique}-s{i:02d}" for i in range(30)]
    for name in names:
        api.create_container(BASE_IMAGE, ["true"], name=name, labels=label_dict)
    try:
        docker_notebook(page, lab, "busy.ipynb")
        open_panel(page)
        watched = item_of(page, names[20])
        watched.wait_for()
        listed = [n for n in visible_names(page) if n.startswith(unique)]
        assert listed == names  # by name, not by creation time
        watched.scroll_into_view_if_needed()
        watched.evaluate("li => { li.dataset.marker = 'same-node'; }")
        before = in_viewport(page, watched)
        scroll_before = page.eval_on_selector(PANEL, "p => p.scrollTop")
        assert scroll_before > 0

        # Others' work above the watched item: one appears, two go, one starts.
        api.create_container(BASE_IMAGE, ["true"], name=f"{unique}-s05b", labels=label_dict)
        api.remove_container(names[3])
        api.remove_container(names[7])
        api.start(names[10])
        page.click(f"{PANEL} .jp-DockerPanel-refresh")
        item_of(page, f"{unique}-s05b").wait_for(state="attached")
        item_of(page, names[3]).wait_for(state="detached")
        page.wait_for_timeout(300)
        after = watched.bounding_box()
        assert abs(after["y"] - before["y"]) <= 2, (before, after)  # it did not jump
        assert watched.get_attribute("data-marker") == "same-node"  # updated in place
        page.screenshot(path=str(ARTIFACTS / "labextension-busy.png"))
    finally:
        for name in [*names, f"{unique}-s05b"]:
            if api.containers(all=True, filters={"name": f"^/{name}$"}):
                api.remove_container(name, force=True)


@pytest.fixture
def web(unique: str, label_dict: dict[str, str]) -> Iterator[str]:
    """A container serving a page on a port the engine picks."""
    api = api_client()
    name = f"{unique}-http"
    api.create_container(
        BASE_IMAGE, ["sh", "-c", "mkdir /www && echo hello-from-the-port > /www/index.html && "
                                 "exec httpd -f -p 80 -h /www"],
        name=name, labels=label_dict, stop_signal="SIGKILL", ports=[80],
        host_config=api.create_host_config(port_bindings={80: ("0.0.0.0", None)}))
    api.start(name)
    yield name
    api.remove_container(name, force=True)


def test_published_ports_are_links_that_open_in_a_new_tab(lab, page, web):
    ARTIFACTS.mkdir(exist_ok=True)
    port = api_client().port(web, 80)[0]["HostPort"]
    docker_notebook(page, lab, "ports.ipynb")
    open_panel(page)
    link = item_of(page, web).locator("a.jp-DockerPanel-port")
    link.wait_for()
    link.scroll_into_view_if_needed()  # a busy engine: the list is longer than the screen
    assert link.count() == 1  # 0.0.0.0 and [::] are one link
    assert link.get_attribute("href") == f"http://127.0.0.1:{port}"
    assert link.get_attribute("target") == "_blank"
    assert link.inner_text() == f"{port} ↗"
    in_viewport(page, link)
    page.screenshot(path=str(ARTIFACTS / "labextension-ports.png"))
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == f"http://127.0.0.1:{port}/"
    assert "hello-from-the-port" in tab.inner_text("body")
    tab.close()


def test_image_buttons_insert_run_form_history_and_rmi(lab, page, unique):
    ARTIFACTS.mkdir(exist_ok=True)
    api = api_client()
    api.tag(BASE_IMAGE, f"{unique}-img", "v1")
    docker_notebook(page, lab, "images.ipynb")
    open_panel(page)
    image = page.locator(f'{PANEL} .jp-DockerPanel-image[data-reference="{unique}-img:v1"]')
    image.wait_for()
    assert image.locator("button").all_inner_texts() == ["Run…", "History", "Remove"]
    image.scroll_into_view_if_needed()
    in_viewport(page, image.locator('button[data-action="rmi"]'))
    page.screenshot(path=str(ARTIFACTS / "labextension-images.png"))

    image.locator('button[data-action="history"]').click()
    assert active_cell_text(page) == f"%docker history {unique}-img:v1"
    page.keyboard.press("Shift+Enter")
    output_of_cell(page, "%docker history").locator("table.dataframe").wait_for()

    image.locator('button[data-action="run"]').click()
    assert active_cell_text(page) == f"%docker run --form {unique}-img:v1"
    page.keyboard.press("Shift+Enter")
    output_of_cell(page, "%docker run --form").locator(
        f'text=/%docker run .*{unique}-img:v1/').first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "labextension-image-run-form.png"))

    image.locator('button[data-action="rmi"]').click()
    assert active_cell_text(page) == f"%docker rmi {unique}-img:v1"
    page.keyboard.press("Shift+Enter")
    output_of_cell(page, "%docker rmi").locator(f'text="Untagged: {unique}-img:v1"').wait_for()
    image.wait_for(state="detached")
    assert not api.images(name=f"{unique}-img")


TERMINAL_TAB = ".jp-DockerTerminal:not(.lm-mod-hidden)"


def cell_sources(page: Any, path: str) -> list[str]:
    """The sources of notebook `path`'s cells (wherever it is: another tab may be in front)."""
    return page.evaluate("path => [...window.jupyterapp.shell.widgets('main')]"
                         ".find(w => w.context?.path === path).content.widgets"
                         ".map(c => c.model.sharedModel.getSource())", path)


def test_terminal_button_opens_a_shell_in_a_tab_and_closing_the_tab_ends_it(
        lab, page, container):
    ARTIFACTS.mkdir(exist_ok=True)
    api = api_client()
    path = "terminal-tab.ipynb"
    kernel = notebook_kernel(path)  # the terminal's tab is in front of its notebook
    docker_notebook(page, lab, path)
    sources = cell_sources(page, path)
    history = kernel_says(page, "print(len(In))", kernel)
    open_panel(page)
    item = item_of(page, container)
    item.wait_for()
    button = item.locator('button[data-action="terminal"]')
    button.scroll_into_view_if_needed()  # a busy engine: the list is longer than the screen
    in_viewport(page, button)
    button.click()

    tab = page.locator(f'.lm-DockPanel-tabBar .lm-TabBar-tab:has-text("Terminal: {container}")')
    tab.wait_for()
    in_viewport(page, tab)
    assert "lm-mod-current" in tab.get_attribute("class")  # the tab in front
    label = tab.locator(".lm-TabBar-tabLabel")
    assert label.inner_text() == f"Terminal: {container}"
    rows = f"{TERMINAL_TAB} .jd-terminal .xterm-rows"
    page.wait_for_function("sel => (document.querySelector(sel)?.innerText || '')"
                           ".includes('#')", arg=rows)  # the shell's prompt
    widths = label.evaluate("l => [l.scrollWidth, l.clientWidth]")  # (whole pixels: 165, 164
    assert widths[0] <= widths[1] + 1, widths  # for a 164.4 px name that fits) not cut
    screen = page.locator(f"{TERMINAL_TAB} .jd-terminal-screen")
    box = in_viewport(page, screen)
    area = page.locator(TERMINAL_TAB).bounding_box()
    assert box["height"] > 0.6 * area["height"] and box["width"] > 0.9 * area["width"] - 20
    page.click(f"{TERMINAL_TAB} .xterm-screen")
    page.keyboard.type("echo $((6*7))")
    page.keyboard.press("Enter")
    page.wait_for_function("sel => /^42\\s*$/m.test(document.querySelector(sel).innerText)",
                           arg=rows)
    page.screenshot(path=str(ARTIFACTS / "labextension-terminal-tab.png"))

    # Nothing went into the notebook or the kernel's history.
    assert cell_sources(page, path) == sources
    assert kernel_says(page, "print(len(In))", kernel) == history
    exec_ids = json.loads(kernel_says(page, "import json; from jupyter_docker import lab\n"
                                            "print(json.dumps([w.session.target.exec_id "
                                            "for w in lab._terminals.values()]))", kernel))
    assert len(exec_ids) == 1
    exec_id = exec_ids[0]
    assert api.exec_inspect(exec_id)["Running"]
    assert api.exec_inspect(exec_id)["ContainerID"] == api.inspect_container(container)["Id"]

    # Closing the tab ends the shell in the container, its thread and socket in the kernel.
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    tab.wait_for(state="detached")
    page.wait_for_function(f"() => {kernel}.status === 'idle'")
    assert kernel_threads(page, "jupyter-docker-terminal", kernel) == []
    assert api.exec_inspect(exec_id)["Running"] is False
    assert [p[-1] for p in api.top(container)["Processes"]] == ["sleep 600"]
    assert kernel_says(page, "from jupyter_docker import lab; print(len(lab._terminals))",
                       kernel) == "0\n"
    assert cell_sources(page, path) == sources
    page.screenshot(path=str(ARTIFACTS / "labextension-terminal-closed.png"))

    # A paused container offers no Terminal (nor does an exited one: see the first test).
    api.pause(container)
    page.click(f"{PANEL} .jp-DockerPanel-refresh")
    item.locator('.jp-DockerPanel-badge:text("paused")').wait_for()
    assert item.locator('button[data-action="terminal"]').count() == 0
    api.unpause(container)


def test_the_panel_lists_the_engine_of_config_docker_magics_host(
        lab, page, container, unique, label_dict):
    ARTIFACTS.mkdir(exist_ok=True)
    h2 = api_client(H2_HOST)
    other = f"{unique}-on-h2"
    h2.create_container(BASE_IMAGE, ["sleep", "600"], name=other, labels=label_dict,
                        stop_signal="SIGKILL")
    h2.start(other)
    try:
        docker_notebook(page, lab, "second-engine.ipynb")
        open_panel(page)
        item_of(page, container).wait_for()  # the main engine's, by default
        assert item_of(page, other).count() == 0
        run_cell(page, f"%config DockerMagics.host = '{H2_HOST}'")
        item_of(page, other).wait_for()  # refreshed once the cell ran
        item_of(page, container).wait_for(state="detached")
        footer = page.locator(f"{PANEL} .jp-DockerPanel-engine")
        assert footer.inner_text() == f"Engine: {H2_HOST}"
        item = item_of(page, other)
        item.scroll_into_view_if_needed()
        in_viewport(page, item)
        assert item.locator(".jp-DockerPanel-badge").inner_text() == "running"
        page.screenshot(path=str(ARTIFACTS / "labextension-second-engine.png"))

        # Its Terminal is a shell on that engine.
        item.locator('button[data-action="terminal"]').click()
        rows = f"{TERMINAL_TAB} .jd-terminal .xterm-rows"
        page.wait_for_function("sel => (document.querySelector(sel)?.innerText || '')"
                               ".includes('#')", arg=rows)
        page.click(f"{TERMINAL_TAB} .xterm-screen")
        page.keyboard.type("hostname")
        page.keyboard.press("Enter")
        hostname = h2.inspect_container(other)["Config"]["Hostname"]
        page.wait_for_function("([sel, h]) => new RegExp('^' + h + '\\\\s*$', 'm')"
                               ".test(document.querySelector(sel).innerText)", arg=[rows, hostname])
        page.screenshot(path=str(ARTIFACTS / "labextension-second-engine-terminal.png"))
    finally:
        h2.remove_container(other, force=True)
