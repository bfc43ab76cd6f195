"""`%docker inspect` of one object is shown as fields (not a 1-row x 150-column table) while
the value stays the DataFrame; through the kernel's own display formatters, against the engine."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any, Iterator

import pandas as pd
import pytest

from conftest import BASE_IMAGE, api_client


@pytest.fixture
def container(unique: str, label_dict: dict[str, str]) -> Iterator[str]:
    api = api_client()
    name = f"{unique}-web"
    api.create_container(BASE_IMAGE, ["sleep", "300"], name=name, labels=label_dict,
                         environment=["GREETING=hello", "MODE=test"], stop_signal="SIGKILL",
                         host_config=api.create_host_config(port_bindings={80: None}))
    api.start(name)
    yield name
    api.remove_container(name, force=True)


def shown(ip: Any, value: Any) -> dict[str, str]:
    """What a notebook receives for `value`: the shell's registered display formatters."""
    formatters = ip.display_formatter.formatters
    return {"text/html": formatters["text/html"].lookup(value)(value),
            "text/plain": formatters["text/plain"](value)}


class Rows(HTMLParser):
    """(field, value) of every field row, and the groups with whether they start open."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.groups: dict[str, bool] = {}
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "details":
            self.groups[a["data-group"]] = "open" in a
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Rows:
    rows = Rows()
    rows.feed(html)
    return rows


def test_one_container_is_shown_as_field_rows_and_stays_a_dataframe(ip, container):
    df = ip.run_line_magic("docker", f"inspect {container}")
    assert type(df) is pd.DataFrame and df.shape[0] == 1 and df.shape[1] > 100
    assert df.loc[0, "State.Status"] == "running"  # the value is unchanged

    data = shown(ip, df)
    html = data["text/html"]
    assert "<table" in html and 'class="dataframe"' not in html  # not the wide table
    parsed = parse(html)
    fields = dict(r for r in parsed.rows if len(r) == 2)
    assert fields["State.Status"] == "running"
    assert fields["Name"] == f"/{container}"
    assert fields["Config.Env"].splitlines()[:2] == ["GREETING=hello", "MODE=test"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(.* ago\)", fields["Created"])
    assert "Config.Domainname" not in fields  # empty: counted in its group, not shown
    assert parsed.groups["State"] and parsed.groups["Config"]
    assert not parsed.groups["HostConfig"]  # long and rarely read: starts closed
    assert f"container {container} (running)" in html
    # Only inline styles the untrusted-output sanitizer keeps (no <style>, no var()).
    assert "<style" not in html and "var(" not in html

    text = data["text/plain"]
    assert text.splitlines()[0] == f"container {container} (running)"
    assert re.search(r"^State\.Status +running$", text, re.M)
    assert re.search(r"^Config\.Env +GREETING=hello, MODE=test", text, re.M)


def test_an_image_and_several_objects_get_a_column_each(ip, container):
    image = ip.run_line_magic("docker", f"image inspect {BASE_IMAGE}")
    fields = dict(r for r in parse(shown(ip, image)["text/html"]).rows if len(r) == 2)
    assert BASE_IMAGE in fields["RepoTags"].splitlines()  # one tag a line (others may tag it)
    assert re.fullmatch(r"[\d.]+MB \(\d+ bytes\)", fields["Size"])

    both = ip.run_line_magic("docker", f"inspect {container} {BASE_IMAGE}")
    rows = parse(shown(ip, both)["text/html"]).rows
    assert rows[0][:2] == ["field", f"container {container} (running)"]
    assert rows[0][2].startswith("image ") and len(rows[0]) == 3
    by_field = {r[0]: r[1:] for r in rows if len(r) == 3}
    assert by_field["State.Status"] == ["running", ""]


def test_frames_that_are_not_one_objects_fields_keep_the_table(ip, container):
    df = ip.run_line_magic("docker", f"inspect {container}")
    assert 'class="dataframe"' in shown(ip, df.T)["text/html"]  # fields as rows already
    many = pd.concat([df] * 6, ignore_index=True)  # six objects: as wide as a table
    assert 'class="dataframe"' in shown(ip, many)["text/html"]
    assert 'class="dataframe"' in shown(ip, ip.run_line_magic("docker", "ps -a"))["text/html"]
    # A column selection keeps the view, with just those fields.
    few = parse(shown(ip, df[["Name", "State.Status"]])["text/html"]).rows
    assert [r for r in few if len(r) == 2] == [["Name", f"/{container}"],
                                               ["State.Status", "running"]]
