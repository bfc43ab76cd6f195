"""The committed terminal widget bundle (jupyter_docker/terminal/terminal.{js,css}) is built
from the current sources in terminal-widget/, and carries xterm.js itself (no CDN)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
SOURCES = ROOT / "terminal-widget"
BUNDLE = ROOT / "jupyter_docker" / "terminal"
REBUILD = "run terminal-widget/build.sh and commit jupyter_docker/terminal/ with the change"


def sources_hash() -> str:
    spec = importlib.util.spec_from_file_location("terminal_sources_hash", SOURCES / "sources_hash.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.terminal_sources_hash()


def test_the_bundle_was_built_from_the_current_sources() -> None:
    assert (BUNDLE / "SOURCES.sha256").read_text().strip() == sources_hash(), REBUILD


def test_the_bundle_is_one_es_module_with_xterm_inside_and_nothing_fetched() -> None:
    js = (BUNDLE / "terminal.js").read_text()
    css = (BUNDLE / "terminal.css").read_text()
    assert re.search(r"export\s*\{\s*\w+ as default\s*\}", js)
    assert "xterm-helper-textarea" in js and ".xterm-viewport" in css  # xterm.js bundled
    assert not re.search(r"\bimport\s*[{*\"'(]|unpkg|jsdelivr|esm\.sh|cdn\.", js)
    assert "@import" not in css
