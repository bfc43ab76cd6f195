"""The analysis's views against images built here with known answers: `.tree(layer)` (the
merged filesystem with directory sizes: a deleted file absent, an opaque directory emptied of
what was below), the Dockerfile line of each layer of a `%%docker build`, the summary's
sentence on which step left the waste, and its HTML/text. Merging rules the engine does not
exercise (an opaque marker, which the containerd store writes as one whiteout per file) are
checked on a frame written by hand."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest

import jupyter_docker as jd
from conftest import BASE_IMAGE
from jupyter_docker.analysis import summary
from jupyter_docker.analysis.tree import merged

DOCKERFILE = f"""FROM {BASE_IMAGE}
# line 2: a comment, no step
RUN mkdir -p /t/keep /t/opq && head -c 3000 /dev/zero > /t/keep/a \\
    && head -c 5000 /dev/urandom > /t/gone \\
    && head -c 700 /dev/zero > /t/opq/old1 && head -c 300 /dev/zero > /t/opq/old2
ENV STEP=settings-only
RUN rm /t/gone && rm -r /t/opq && mkdir /t/opq && head -c 11 /dev/zero > /t/opq/new
"""


@pytest.fixture
def built(ip: Any, labels: str, unique: str) -> Any:
    """The image above, built by %%docker build, and its analysis."""
    image = ip.run_cell_magic("docker", f"build -q {labels} -t {unique}-tree", DOCKERFILE)
    return jd.image_analyze(f"{unique}-tree", quiet=True), image


def rows(tree: pd.DataFrame, *paths: str) -> dict[str, dict[str, Any]]:
    found = tree.set_index("path")
    return {p: found.loc[p].to_dict() for p in paths if p in found.index}


def test_tree_of_the_top_layer_applies_deletions_and_sizes_directories(engine, built) -> None:
    analysis, _ = built
    base = len(jd.image_analyze(BASE_IMAGE, quiet=True).layers)
    assert list(analysis.layers.index) == list(range(base + 2))  # two RUNs, ENV has no layer
    top = analysis.tree()
    assert top.attrs["layer"] == base + 1
    got = rows(top, "/t", "/t/keep", "/t/keep/a", "/t/opq", "/t/opq/new", "/t/gone",
               "/t/opq/old1", "/t/opq/old2")
    assert set(got) == {"/t", "/t/keep", "/t/keep/a", "/t/opq", "/t/opq/new"}  # gone: absent
    assert (got["/t"]["size"], got["/t"]["files"]) == (3011, 2)
    assert (got["/t/keep"]["size"], got["/t/keep/a"]["size"]) == (3000, 3000)
    assert (got["/t/opq"]["size"], got["/t/opq"]["files"], got["/t/opq"]["kind"]) == (11, 1, "dir")
    assert got["/t/opq/new"]["change"] == "added" and got["/t/keep/a"]["change"] == "unchanged"
    assert got["/t/keep/a"]["layer"] == base and got["/t/opq/new"]["layer"] == base + 1
    root = top.set_index("path").loc["/"]
    assert root["size"] == analysis.merged()["size"].sum()  # the whole tree's bytes
    assert top["path"].is_unique and list(top["path"]) == sorted(
        top["path"], key=lambda p: p.split("/"))  # depth first, by name

    # as of the first RUN: everything it wrote is there
    first = rows(analysis.tree(base), "/t", "/t/gone", "/t/opq", "/t/opq/old1")
    assert (first["/t"]["size"], first["/t"]["files"]) == (9000, 4)
    assert (first["/t/opq"]["size"], first["/t/gone"]["change"]) == (1000, "added")

    # the deletions of the last layer, as a tree view shows them
    gone = merged(analysis.files, base + 1, removed=True)
    removed = gone[gone["change"] == "removed"].set_index("path")
    assert removed.loc["/t/gone", "size"] == 5000
    assert {"/t/opq/old1", "/t/opq/old2"} <= set(removed.index)
    assert removed.loc["/t/opq/old1", "size"] == 700
    if not engine.containerd_store:  # the classic store writes an opaque marker here
        files = analysis.files
        assert ((files["layer"] == base + 1) & (files["kind"] == "opaque")
                & (files["path"] == "/t/opq")).any()


def test_a_layer_out_of_range_is_one_line(built) -> None:
    analysis, _ = built
    with pytest.raises(jd.DockerError, match=r"^no layer 9: the image has layers 0 to \d$"):
        analysis.tree(9)


def test_layers_map_to_their_dockerfile_lines_and_the_summary_names_the_waste(engine, built,
                                                                           ) -> None:
    analysis, image = built
    base = len(jd.image_analyze(BASE_IMAGE, quiet=True).layers)
    lines = summary.lines(analysis)
    assert {n: ins.line for n, ins in lines.items()} == {base: 3, base + 1: 7}
    assert lines[base].text.startswith("RUN mkdir -p /t/keep /t/opq")
    told = summary.sentences(analysis)
    # the classic store's opaque marker deletes old1 and old2 without a whiteout of their own;
    # the containerd store writes one per file, and dive counts those as wasted too
    left = "6kB (/t/gone and 2 more)" if engine.containerd_store else "5kB (/t/gone)"
    assert told == ["line 3 `RUN mkdir -p /t/keep /t/opq && head -c 3000 /dev/zero > /t/…` "
                    f"left {left} that line 7 deletes"], told
    text = summary.text(analysis)
    for part in ("Efficiency:", "Wasted:", f"Layers: {base + 2}", "/t/gone",
                 "that line 7 deletes"):
        assert part in text
    html = analysis._repr_html_()
    assert html.count('class="jd-analysis-layer"') == base + 2
    assert "<style" not in html and "<script" not in html  # inline styles: a saved notebook keeps them
    assert "/t/gone" in html and "line 7" in html
    # an analysis of the same image by id, in a kernel that did not build it: layers only
    from jupyter_docker.analysis import dockerfile

    assert dockerfile.recalled(image) is not None
    dockerfile._remembered.pop(image.removeprefix("sha256:"))
    assert summary.lines(analysis) == {}
    assert re.match(rf"layer {base} `(RUN )?mkdir -p .* that layer {base + 1} deletes$",
                    summary.sentences(analysis)[0])  # dive's instruction (RUN with BuildKit)


def test_opaque_markers_and_directory_whiteouts_on_a_written_frame() -> None:
    entries = [(0, "/", "dir", 0), (0, "/opt", "dir", 0), (0, "/opt/x", "dir", 0),
               (0, "/opt/x/a", "file", 5), (0, "/opt/x/b", "file", 6), (0, "/lib/l", "file", 9),
               (0, "/.profile", "file", 3),
               (1, "/opt/x", "opaque", 0), (1, "/opt/x/c", "file", 7), (1, "/lib", "whiteout", 9),
               (2, "/lib", "file", 1)]  # a file where a directory was
    files = pd.DataFrame([(layer, path, "added", kind, size, 0o644, 0, 0, None, None)
                          for layer, path, kind, size in entries],
                         columns=["layer", "path", "change", "kind", "size", "mode", "uid",
                                  "gid", "link", "digest"])
    one = merged(files, 1).set_index("path")
    assert list(one.index) == ["/", "/.profile", "/opt", "/opt/x", "/opt/x/c"]
    assert (one.loc["/", "size"], one.loc["/opt/x", "size"]) == (10, 7)
    two = merged(files, 2).set_index("path")
    assert two.loc["/lib", "kind"] == "file" and two.loc["/", "files"] == 3
    zero = merged(files, 0).set_index("path")
    assert zero.loc["/lib", "kind"] == "dir" and zero.loc["/lib", "layer"] == 0  # implied


def test_dockerfile_lines_of_either_builders_history() -> None:
    from jupyter_docker.analysis.dockerfile import align

    text = ("# syntax=docker/dockerfile:1\nARG V=1\nFROM busybox AS build\nRUN make\n"
            "FROM jupyter-docker/busybox\nARG V\nENV A=b\nRUN echo $V \\\n  > /v\n"
            "COPY --from=build /x /x\nCMD [\"sh\"]\n")
    base = ["/bin/sh -c #(nop) ADD file:abc in / ", '/bin/sh -c #(nop)  CMD ["sh"]']
    classic = base + ["/bin/sh -c #(nop)  ARG V", "/bin/sh -c #(nop)  ENV A=b",
                      "|1 V=2 /bin/sh -c echo $V   > /v", "/bin/sh -c #(nop) COPY dir:1 in /x ",
                      '/bin/sh -c #(nop)  CMD ["sh"]', "/bin/sh -c #(nop)  LABEL a=1"]
    assert [i and i.line for i in align(classic, text)] == [None, None, 6, 7, 8, 10, 11, None]
    buildkit = base + ["ARG V", "ENV A=b", "RUN |1 V=2 /bin/sh -c echo $V   > /v # buildkit",
                       "COPY /x /x # buildkit", 'CMD ["sh"]']
    assert [i and i.line for i in align(buildkit, text)] == [None, None, 6, 7, 8, 10, 11]
    # the layers only (settings steps left out), and another Dockerfile's RUN: no line
    assert [i and i.line for i in align([base[0], classic[4], classic[5]], text)] == [None, 8, 10]
    assert align(base + ["/bin/sh -c echo other > /v"], text) == [None, None, None]


def test_the_tree_widget_sends_the_rows_in_sight_only() -> None:
    from jupyter_docker.analysis.tree_widget import MAX_CHILDREN, Layered, visible

    files = pd.DataFrame([(0, f"/many/f{i:04d}", "added", "file", i, 0o644, 0, 0, None, None)
                          for i in range(MAX_CHILDREN + 20)] +
                         [(1, "/many/f0001", "removed", "whiteout", 1, 0, 0, 0, None, None)],
                         columns=["layer", "path", "change", "kind", "size", "mode", "uid",
                                  "gid", "link", "digest"])
    tree = Layered(merged(files, 1, removed=True))
    closed = visible(tree, {"/"}, {"added", "modified", "removed", "unchanged"})
    assert [r[0] for r in closed] == ["/", "/many"]  # a closed folder sends no children
    opened = visible(tree, {"/", "/many"}, {"added", "modified", "removed", "unchanged"})
    assert len(opened) == 2 + MAX_CHILDREN + 1 and opened[-1][3] == "more"
    assert opened[-1][1] == "20 more"  # 520 children, the removed one among them
    only_removed = visible(tree, {"/", "/many"}, {"removed"})
    assert [r[0] for r in only_removed] == ["/", "/many", "/many/f0001"]
    assert only_removed[-1][4] == "removed"
