"""Listing images and their layers: `images` / `image ls`, `history`."""

from __future__ import annotations

from typing import Any

from ..engine import Engine
from ..units import human_ago, human_size
from .common import FILTER, FORMAT, NO_TRUNC, QUIET, filters, ids, render_format, short_id
from .spec import Argument, command, flag


@command(
    "images", "List images",
    aliases=("image ls", "image list"),
    options=(
        flag("-a", "--all", help="Show all images (default hides intermediate images)"),
        flag("--digests", help="Show digests"),
        FILTER,
        FORMAT,
        NO_TRUNC,
        QUIET,
    ),
    arguments=(Argument("REPOSITORY[:TAG]", "?", completer="image"),),
)
def images(engine: Engine, all: bool = False, digests: bool = False,
           filter: list[str] | None = None, format: str | None = None, no_trunc: bool = False,
           quiet: bool = False, repository_tag: str | None = None) -> Any:
    """Images as a DataFrame, one row per repository:tag like the CLI (`-q`: ids)."""
    from .. import frames

    items = engine.api.images(name=repository_tag, all=all,
                              filters=filters(filter, "images") or None)
    df = frames.images(items, digests=digests, no_trunc=no_trunc, all=all)
    if quiet:
        return ids(df["image_id"])
    if format:
        return render_format(format, [_image_fields(row) for row in df.to_dict("records")])
    return df


def _image_fields(row: dict[str, Any]) -> dict[str, Any]:
    """The fields `docker images --format` offers (`{{.Repository}}`, `{{.ID}}`, ...)."""
    return {
        "ID": row["image_id"],
        "Repository": row["repository"],
        "Tag": row["tag"],
        "Digest": row.get("digest", "<none>"),
        "CreatedSince": human_ago(row["created"]),
        "CreatedAt": str(row["created"]),
        "Size": human_size(row["size"]),
    }


@command(
    "history", "Show the history of an image",
    aliases=("image history",),
    options=(
        FORMAT,
        flag("-H", "--human", default=True,
             help="Print sizes and dates in human readable format (default true)"),
        NO_TRUNC,
        QUIET,
    ),
    arguments=(Argument("IMAGE", completer="image"),),
)
def history(engine: Engine, image: str, format: str | None = None, human: bool = True,
            no_trunc: bool = False, quiet: bool = False) -> Any:
    """An image's layers, newest first: id, created, created_by, size (bytes), comment."""
    from .. import frames

    items = engine.api.history(image)
    if quiet:
        return ids(short_id(i["Id"], no_trunc) if i["Id"] != "<missing>" else "<missing>"
                   for i in items)
    df = frames.history(items, no_trunc=no_trunc, human=human)
    if format:
        return render_format(format, [_history_fields(row, human) for row in df.to_dict("records")])
    return df


def _history_fields(row: dict[str, Any], human: bool) -> dict[str, Any]:
    return {
        "ID": row["image_id"],
        "CreatedSince": human_ago(row["created"]),
        "CreatedAt": str(row["created"]),
        "CreatedBy": row["created_by"],
        "Size": human_size(row["size"]) if human else str(row["size"]),
        "Comment": row["comment"],
    }
