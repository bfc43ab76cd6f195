"""Tab completion of `%docker` lines as a person sees it in JupyterLab (headless Chromium):
the completer popup, its items and their help, names inserted into the cell. Screenshots go
to tests/artifacts/ (not committed)."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from conftest import BASE_IMAGE, api_client
from lab_browser import ACTIVE_CELL, ARTIFACTS, KERNEL, open_docker_notebook

from jupyter_docker.commands import REGISTRY

pytestmark = [pytest.mark.browser, pytest.mark.slow]

POPUP = ".jp-Completer"


@pytest.fixture
def containers(unique: str, label_dict: dict[str, str]) -> Iterator[list[str]]:
    """Three running containers of this test's, with `-` in their names."""
    api = api_client()
    names = [f"{unique}-web-1", f"{unique}-web-2", f"{unique}-db"]
    try:
        for name in names:
            api.create_container(BASE_IMAGE, ["sleep", "600"], name=name, labels=label_dict,
                                 stop_signal="SIGKILL")
            api.start(name)
        yield names
    finally:
        for name in names:
            try:
                api.remove_container(name, force=True)
            except Exception:  # noqa: BLE001 - not created; the session sweep reports leftovers
                pass


def type_in_new_cell(page: Any, text: str) -> None:
    """A new empty cell below, `text` typed into it as a person types, the cursor at its end."""
    page.wait_for_function(f"() => {KERNEL}.status === 'idle'")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:insert-cell-below')")
    page.click(f"{ACTIVE_CELL} .cm-content")
    page.keyboard.type(text)


def popup_items(page: Any, name: str = "") -> list[dict[str, Any]]:
    """The completer's items as shown: label, the type text on the right, on screen or not."""
    try:
        page.wait_for_selector(f"{POPUP}:not(.lm-mod-hidden) .jp-Completer-item", state="visible",
                               timeout=10_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"completion-no-popup{name}.png"))
        raise
    return page.evaluate("""() => {
        const view = {w: window.innerWidth, h: window.innerHeight};
        const list = document.querySelector('.jp-Completer .jp-Completer-list');
        const box = list.getBoundingClientRect();
        const lines = node => {  // how many lines the text takes (a wrap overlaps the row below)
            const range = document.createRange();
            range.selectNodeContents(node);
            return new Set([...range.getClientRects()].map(q => Math.round(q.top))).size;
        };
        return [...document.querySelectorAll('.jp-Completer .jp-Completer-item')].map(li => {
            const r = li.getBoundingClientRect();
            const type = li.querySelector('.jp-Completer-typeExtended');
            const t = type.getBoundingClientRect();
            return {label: li.querySelector('.jp-Completer-match').textContent,
                    type: type.textContent,
                    // the type on one line inside its row, not wrapped over its neighbours
                    fits: lines(type) <= 1 && t.right <= box.right + 1,
                    shown: r.height > 0 && r.top >= Math.max(0, box.top) - 1
                           && r.bottom <= Math.min(view.h, box.bottom) + 1
                           && r.left >= 0 && r.right <= view.w};
        });
    }""")


def test_tab_after_run_flags_shows_docker_flags_with_help(lab, page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    open_docker_notebook(page, lab, "completion-flags.ipynb")
    type_in_new_cell(page, "%docker run --")
    page.keyboard.press("Tab")
    items = popup_items(page)
    page.screenshot(path=str(ARTIFACTS / "completion-run-flags.png"))
    labels = [i["label"] for i in items]
    assert "--detach" in labels
    assert all(label.startswith("--") for label in labels), labels  # nothing from Python
    assert not [label for label in labels if label.startswith("--_")]
    assert all(i["fits"] for i in items), [i for i in items if not i["fits"]]
    # run has ~100 flags: a person scrolls the popup down to --detach
    box = page.locator(f"{POPUP} .jp-Completer-list").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(20):
        detach = next(i for i in popup_items(page) if i["label"] == "--detach")
        if detach["shown"]:
            break
        page.mouse.wheel(0, 60)
        page.wait_for_timeout(100)
    page.screenshot(path=str(ARTIFACTS / "completion-run-flags-detach.png"))
    assert detach["shown"], "--detach is not inside the visible popup"
    assert detach["type"] == "flag"  # beside the flag; its help is the item's signature
    page.keyboard.press("Escape")

    type_in_new_cell(page, "%docker ")  # an empty line: commands, no `and if in is not or`
    page.keyboard.press("Tab")
    items = popup_items(page)
    page.screenshot(path=str(ARTIFACTS / "completion-commands.png"))
    labels = [i["label"] for i in items]
    tops = sorted({n for n in REGISTRY.names if " " not in n} | REGISTRY.groups() | {"help"})
    assert labels[:len(tops)] == tops  # the kernel's items, first
    # after them only JupyterLab's own context provider: the words of the cell itself
    assert set(labels[len(tops):]) <= {"%", "docker"}
    assert not {"and", "if", "in", "is", "not", "or"} & set(labels)
    assert all(i["shown"] for i in items[:5]) and all(i["fits"] for i in items)
    assert next(i for i in items if i["label"] == "ps")["type"] == "command"


def test_tab_after_logs_shows_running_containers(lab, page, containers, unique) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    open_docker_notebook(page, lab, "completion-names.ipynb")
    type_in_new_cell(page, f"%docker logs {unique}-web-")  # (with less, Tab inserts "web-")
    page.keyboard.press("Tab")
    items = popup_items(page)
    page.screenshot(path=str(ARTIFACTS / "completion-container-names.png"))
    # the two names that share the typed prefix; nothing from Python (`abs`, `aiter`, ...)
    assert [i["label"] for i in items] == [f"{unique}-web-1", f"{unique}-web-2"]
    assert all(i["shown"] and i["type"] == "container" for i in items)
    page.keyboard.press("Escape")

    # one name: Tab writes it, or (JupyterLab's own context provider adds the cell's words that
    # start with the text after the last `-`: here `docker`) the popup offers it to click
    type_in_new_cell(page, f"%docker logs {unique}-d")
    page.keyboard.press("Tab")
    cell = page.locator(f"{ACTIVE_CELL} .cm-content")
    wanted = f"%docker logs {unique}-db"
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel).innerText.trim() === want"
        " || document.querySelector('.jp-Completer:not(.lm-mod-hidden) .jp-Completer-item')",
        arg=[f"{ACTIVE_CELL} .cm-content", wanted])
    if cell.inner_text().strip() != wanted:
        items = popup_items(page)
        page.screenshot(path=str(ARTIFACTS / "completion-one-name.png"))
        ours = [i for i in items if i["label"] == f"{unique}-db"]
        assert len(ours) == 1 and ours[0]["shown"] and ours[0]["type"] == "container"
        words = {w for w in re.split(r"[^A-Za-z0-9_]+", f"%docker logs {unique}-d")
                 if w.startswith("d") and w != "d"}  # "docker", and the id's hex if it is d...
        assert {i["label"] for i in items} - {f"{unique}-db"} <= words
        box = page.evaluate("""name => {
            const li = [...document.querySelectorAll('.jp-Completer .jp-Completer-item')].find(
                li => li.querySelector('.jp-Completer-match').textContent === name);
            const r = li.getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2};
        }""", f"{unique}-db")
        page.mouse.click(box["x"], box["y"])  # where a person clicks
    page.wait_for_function("([sel, want]) => document.querySelector(sel).innerText.trim() === want",
                           arg=[f"{ACTIVE_CELL} .cm-content", wanted])
    page.screenshot(path=str(ARTIFACTS / "completion-name-inserted.png"))
    assert cell.inner_text().strip() == wanted
