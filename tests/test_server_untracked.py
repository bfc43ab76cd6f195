"""The server extension lists the terminal's status type as untracked in a real JupyterLab
server: appended to the user's own `MappingKernelManager.untracked_message_types` (kept, in
order), never twice, and in the page's config, where JupyterLab reads it."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from jupyter_docker.terminal.untracked import MSG_TYPE
from lab_browser import Lab

pytestmark = pytest.mark.slow


def page_config(lab: Lab) -> dict:
    html = urllib.request.urlopen(f"{lab.url}/lab?token={lab.token}", timeout=60).read().decode()
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      html, re.S)
    assert found, html[:2000]
    return json.loads(found.group(1))


@pytest.mark.parametrize("users, listed", [
    (["my_type"], ["my_type", MSG_TYPE]),
    ([MSG_TYPE, "my_type"], [MSG_TYPE, "my_type"]),
])
def test_the_terminals_type_is_added_to_the_users_untracked_list_once(
        tmp_path: Path, users: list[str], listed: list[str]) -> None:
    lab = Lab(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "jupyter_server_config.json").write_text(json.dumps(
        {"MappingKernelManager": {"untracked_message_types": users}}))
    lab.start()
    try:
        assert page_config(lab)["untracked_message_types"] == listed
    finally:
        lab.stop()
