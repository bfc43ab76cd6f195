"""`images` and `history`: image references, sizes and layers as DataFrames."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..display import mark
from .common import _epoch, _frame, _path_match, _short, ellipsis, split_reference


def _dangling(tags: list[str], digests: list[str]) -> bool:
    if not tags and not digests:
        return True
    return tags == ["<none>:<none>"] and digests == ["<none>@<none>"]


def image_refs(item: dict[str, Any], digests: bool = False) -> list[tuple[str, str, str]]:
    """`(repository, tag, digest)` rows for one image, the way `docker images` lists them."""
    tags = item.get("RepoTags") or []
    repo_digests = item.get("RepoDigests") or []
    if _dangling(tags, repo_digests):
        return [("<none>", "<none>", "<none>")]
    by_repo: dict[str, list[str]] = {}
    for ref in tags:
        if "<none>" in ref:
            continue
        name, tag, _ = split_reference(ref)
        if tag is not None:
            by_repo.setdefault(name, []).append(tag)
    digests_by_repo: dict[str, list[str]] = {}
    for ref in repo_digests:
        if "<none>" in ref:
            continue
        name, _, digest = split_reference(ref)
        if digest:
            digests_by_repo.setdefault(name, []).append(digest)
    rows: list[tuple[str, str, str]] = []
    for repo, repo_tags in by_repo.items():
        found = digests_by_repo.pop(repo, [])
        for tag in repo_tags:
            if digests and found:
                rows.extend((repo, tag, d) for d in found)
            else:
                rows.append((repo, tag, "<none>"))
    for repo, found in digests_by_repo.items():  # pulled by digest, not tagged
        if digests:
            rows.extend((repo, "<none>", d) for d in found)
        else:
            rows.append((repo, "<none>", ""))
    return rows


def _reference_match(pattern: str, repo: str, tag: str, digest: str) -> bool:
    candidates = [repo]
    if tag != "<none>":
        candidates.append(f"{repo}:{tag}")
    if digest and digest != "<none>":
        candidates.append(f"{repo}@{digest}")
    return any(_path_match(pattern, c) for c in candidates)


def images(items: list[dict[str, Any]], *, digests: bool = False, no_trunc: bool = False,
           all: bool = False, reference: str | None = None) -> pd.DataFrame:
    """`docker images` from `GET /images/json`: one row per repository:tag, newest first.

    An image with three tags gives three rows; an untagged one gives `<none>`/`<none>`. With
    `digests`, a `digest` column (`<none>` when the image has none). `reference` keeps only rows
    matching a `--filter reference=` pattern (the engine filters already; this is for safety).
    `all` changes nothing here: the engine decides which images it sends.
    """
    items = list(items or [])
    ordered = sorted(items, key=lambda i: -(i.get("Created") or 0))
    rows: list[tuple[str, str, str, dict[str, Any]]] = []
    for img in ordered:
        for repo, tag, digest in image_refs(img, digests):
            if reference and not _reference_match(reference, repo, tag, digest):
                continue
            rows.append((repo, tag, digest, img))
    cols: list[tuple[str, Any, str]] = [
        ("repository", [r[0] for r in rows], "str"),
        ("tag", [r[1] for r in rows], "str"),
    ]
    if digests:
        cols.append(("digest", [r[2] for r in rows], "str"))
    cols += [
        ("image_id", [_short(r[3].get("Id"), no_trunc) for r in rows], "str"),
        ("created", _epoch(r[3].get("Created") for r in rows), "time"),
        ("size", [_image_size(r[3]) for r in rows], "int64"),
    ]
    return mark(_frame(cols), sizes=["size"], times=["created"], raw=items)


def _image_size(item: dict[str, Any]) -> int:
    size = item.get("Size")
    if size is None:
        size = item.get("VirtualSize")
    return int(size or 0)


def history(items: list[dict[str, Any]], *, no_trunc: bool = False,
            human: bool = True) -> pd.DataFrame:
    """`docker history` from `GET /images/{name}/history`, newest layer first.

    `created_by` is kept as the engine gives it (`/bin/sh -c #(nop) …` included), tabs turned
    into spaces and cut to 45 columns unless no_trunc. `human=False` shows raw numbers.
    """
    items = list(items or [])
    ids = [i.get("Id") or "" for i in items]
    created_by = [(i.get("CreatedBy") or "").replace("\t", " ") for i in items]
    if not no_trunc:
        created_by = [ellipsis(c, 45) for c in created_by]
    cols = [
        ("image_id", ["<missing>" if x in ("", "<missing>") else _short(x, no_trunc)
                      for x in ids], "str"),
        ("created", _epoch(i.get("Created") for i in items), "time"),
        ("created_by", created_by, "str"),
        ("size", [int(i.get("Size") or 0) for i in items], "int64"),
        ("comment", [i.get("Comment") or "" for i in items], "str"),
    ]
    df = _frame(cols)
    if human:
        return mark(df, sizes=["size"], times=["created"], raw=items)
    return mark(df, raw=items)
