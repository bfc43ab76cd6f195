"""Images as tar archives: `save` (to a file), `load` (from one), `import` (a filesystem tar)."""

from __future__ import annotations

import os
from typing import Any

from ..display import DoneLines, Lines, Text
from ..download import save_body
from ..engine import Engine
from ..errors import DockerError, UsageError
from ..streams.jsonstream import follow
from ..progress import start
from .image_transfer import split_name
from .spec import Argument, command, flag, value

NO_STDIN = "a notebook has no standard input to read a tar archive from"


@command("save", "Save one or more images to a tar archive (-o FILE)", aliases=("image save",),
         options=(value("-o", "--output", completer="path", metavar="string",
                        help="Write to a file (required: a tar archive cannot go to the cell "
                             "output)"),),
         arguments=(Argument("IMAGE", "+", completer="image"),))
def save(engine: Engine, image: list[str], output: str | None = None) -> None:
    """Write the images (with their tags and layers) to `output`, like `docker save -o`."""
    if not output:
        raise UsageError("refusing to write a tar archive to the cell output: use -o FILE",
                         command="save")
    api = engine.api
    response = api._get(api._url("/images/get"), params={"names": image}, stream=True,
                        timeout=None)
    save_body(api, response, output)


def _open_input(path: str | None, command: str) -> Any:
    if not path or path == "-":
        raise UsageError(f"{NO_STDIN}: use -i FILE" if command == "load"
                         else f"{NO_STDIN}: give a file or a URL", command=command)
    try:
        return open(path, "rb")
    except OSError as exc:
        raise DockerError(f"open {path}: {exc.strerror}") from None


@command("load", "Load an image from a tar archive (-i FILE)", aliases=("image load",),
         options=(value("-i", "--input", completer="path", metavar="string",
                        help="Read from tar archive file (required in a notebook)"),
                  flag("-q", "--quiet", help="Suppress the load output")),
         arguments=())
def load(engine: Engine, input: str | None = None, quiet: bool = False) -> Lines | None:
    """Load the archive; returns the `Loaded image: ...` lines."""
    loaded = DoneLines()

    def note(message: dict[str, Any]) -> None:
        loaded.extend(line for line in str(message.get("stream") or "").splitlines() if line)

    bar = start(f"Loading {os.path.basename(input or '')}", quiet=quiet)
    with _open_input(input, "load") as fh:
        if not follow(engine, "/images/load", bar=bar, what="load stopped", handle=note,
                      params={"quiet": "1" if quiet else "0"}, data=fh,
                      headers={"Content-Type": "application/x-tar"}):
            return None
    bar.done("; ".join(loaded))
    return loaded


@command("import", "Import the contents from a tarball to create a filesystem image",
         aliases=("image import",),
         options=(value("-c", "--change", kind="list", metavar="list",
                        help="Apply Dockerfile instruction to the created image"),
                  value("-m", "--message", metavar="string",
                        help="Set commit message for imported image"),
                  value("--platform", metavar="string",
                        help="Set platform if server is multi-platform capable")),
         arguments=(Argument("file|URL|-", completer="path"), Argument("REPOSITORY[:TAG]", "?")))
def import_(engine: Engine, file: str, repository_tag: str | None = None,
            change: list[str] | None = None, message: str | None = None,
            platform: str | None = None) -> Text | None:
    """Create an image from a filesystem tar (a file, or a URL the engine downloads);
    returns its id (`sha256:...`)."""
    params: list[tuple[str, str]] = []
    if repository_tag:
        repo, tag, _ = split_name(repository_tag)
        params += [("repo", repo)] + ([("tag", tag)] if tag else [])
    params += [("changes", c) for c in change or []]
    params += [("message", message)] if message else []
    params += [("platform", platform)] if platform else []
    remote = file.startswith(("http://", "https://"))
    params.append(("fromSrc", file if remote else "-"))
    body = None if remote else _open_input(file, "import")
    ident: list[str] = []

    def note(msg: dict[str, Any]) -> None:
        if str(msg.get("status", "")).startswith("sha256:"):
            ident.append(msg["status"])

    bar = start(f"Importing {file}")
    try:
        if not follow(engine, "/images/create", bar=bar, what="import stopped", handle=note,
                      params=params, data=body,
                      headers={"Content-Type": "application/tar"} if body else {}):
            return None
    finally:
        if body is not None:
            body.close()
    if not ident:
        raise DockerError(f"the engine imported {file} but sent no image id")
    bar.done(ident[-1][:19])
    return Text(ident[-1])
