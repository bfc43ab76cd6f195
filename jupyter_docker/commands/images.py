"""Listing images and their layers: `images` / `image ls`, `history`."""

from __future__ import annotations

from typing import Any

from ..engine import Engine
from ..units import human_ago, human_size
from .common import (BOOL, FILTER, FORMAT, NO_TRUNC, QUIET, Columns, filters, ids, render_format,
                     short_id)
from .spec import Argument, FilterKey, command, flag


@command(
    "images", "List images",
    aliases=("image ls", "image list"),
    options=(
        flag("-a", "--all", help="Show all images (default hides intermediate images)"),
        flag("--digests", help="Show digests"),
        FILTER.with_keys(FilterKey("dangling", BOOL), "label",
                         FilterKey("before", completer="image"),
                         FilterKey("since", completer="image"),
                         FilterKey("reference", completer="image"), "until"),
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
        from ..frames.images import image_refs

        # Like the CLI, a tag's digest is shown only with --digests or a .Digest in the format
        # (else `<none>`: e.g. in json, for images the containerd store lists with digests).
        show = digests or ".Digest" in format
        ordered = sorted(items, key=lambda i: -(i.get("Created") or 0))
        rows = [_image_fields(img, repo, tag, digest, no_trunc) for img in ordered
                for repo, tag, digest in image_refs(img, show)]
        table = IMAGES_DIGESTS if show else IMAGES
        return render_format(format, rows, Columns(table, IMAGE_HEADERS,
                                                   "*formatter.imageContext"))
    return df


IMAGES = "{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
IMAGES_DIGESTS = "{{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
IMAGE_HEADERS = {"Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST", "ID": "IMAGE ID",
                 "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "Size": "SIZE",
                 "Containers": "CONTAINERS", "VirtualSize": "VIRTUAL SIZE",
                 "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE"}


def go_time(epoch: float) -> str:
    """Go's time.Unix(epoch, 0).String() in local time: `2026-12-01 20:56:51 +0000 UTC`."""
    from datetime import datetime, timezone

    when = datetime.fromtimestamp(epoch or 0, timezone.utc).astimezone()
    return f"{when:%Y-%m-%d %H:%M:%S %z} {when.tzname()}"


def _image_fields(img: dict[str, Any], repo: str, tag: str, digest: str,
                  no_trunc: bool) -> dict[str, Any]:
    """The fields `docker images --format` offers, as the CLI's imageContext computes them
    (`.Containers`, `.SharedSize`, `.UniqueSize` are N/A when the engine did not count)."""
    from datetime import datetime, timezone

    created = img.get("Created") or 0
    size = img.get("Size") if img.get("Size") is not None else img.get("VirtualSize") or 0
    virtual = img.get("VirtualSize", size)
    shared = img.get("SharedSize", -1)
    containers = img.get("Containers", -1)
    return {
        "ID": img["Id"] if no_trunc else short_id(img["Id"]),
        "Repository": repo, "Tag": tag, "Digest": digest,
        "CreatedSince": human_ago(datetime.fromtimestamp(created, timezone.utc)),
        "CreatedAt": go_time(created),
        "Size": human_size(size),
        "Containers": "N/A" if containers == -1 else str(containers),
        "VirtualSize": human_size(virtual, 4),
        "SharedSize": "N/A" if shared == -1 else human_size(shared, 4),
        "UniqueSize": "N/A" if -1 in (virtual, shared) else human_size(virtual - shared, 4),
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
        return render_format(format, [_history_fields(i, human, no_trunc) for i in items],
                             HISTORY)
    return df


HISTORY = Columns(
    "{{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
    {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT",
     "CreatedBy": "CREATED BY", "Size": "SIZE", "Comment": "COMMENT"},
    "*image.historyContext")


def _history_fields(item: dict[str, Any], human: bool, no_trunc: bool) -> dict[str, Any]:
    """The fields `docker history --format` offers, as the CLI's historyContext has them."""
    from datetime import datetime, timezone

    from ..frames import ellipsis

    created = datetime.fromtimestamp(item.get("Created") or 0, timezone.utc).astimezone()
    ident = item.get("Id") or "<missing>"
    created_by = (item.get("CreatedBy") or "").replace("\t", " ")
    offset = created.strftime("%z")
    created_at = created.strftime("%Y-%m-%dT%H:%M:%S") + (  # Go's RFC 3339
        "Z" if offset in ("+0000", "") else f"{offset[:3]}:{offset[3:]}")
    return {
        "ID": ident if no_trunc or ident == "<missing>" else short_id(ident),
        "CreatedSince": human_ago(created) if human else created_at,
        "CreatedAt": created_at,
        "CreatedBy": created_by if no_trunc else ellipsis(created_by, 45),
        "Size": human_size(item.get("Size") or 0) if human else str(item.get("Size") or 0),
        "Comment": item.get("Comment") or "",
    }
