"""`cp`: copy files and directories between a container and the notebook's machine."""

from __future__ import annotations

import os
import posixpath
from contextlib import closing

from ..engine import Engine
from ..errors import DockerError, NotFound, UsageError
from ..notice import info
from ..units import human_size
from .spec import Argument, command, flag


def split_location(arg: str) -> tuple[str | None, str]:
    """`web:/etc/hosts` -> ("web", "/etc/hosts"); `/x`, `./x:y` and `x` are local paths."""
    if arg.startswith(("/", ".")) or ":" not in arg:
        return None, arg
    container, _, path = arg.partition(":")
    return container, path if path.startswith("/") else "/" + path


@command("cp", "Copy files/folders between a container and the local filesystem",
         aliases=("container cp",),
         options=(flag("-a", "--archive", help="Archive mode (copy all uid/gid information)"),
                  flag("-L", "--follow-link", help="Always follow symbol link in SRC_PATH"),
                  flag("-q", "--quiet", help="Suppress progress output during copy")),
         arguments=(Argument("SRC_PATH", completer="path"),
                    Argument("DEST_PATH", completer="path")))
def cp(engine: Engine, src_path: str, dest_path: str, archive: bool = False,
       follow_link: bool = False, quiet: bool = False) -> None:
    """`CONTAINER:SRC DEST` or `SRC CONTAINER:DEST`, with the CLI's rules for where it lands."""
    (src_box, src), (dest_box, dest) = split_location(src_path), split_location(dest_path)
    if src_box and dest_box:
        raise UsageError("copying between containers is not supported", command="cp")
    if not src_box and not dest_box:
        raise UsageError("must specify at least one container source", command="cp")
    if src_box:
        size, where = copy_from(engine, src_box, src, dest, follow_link, archive), dest
    else:
        size, where = copy_to(engine, src, dest_box, dest, follow_link, archive), dest_path
    if not quiet:
        info(f"Successfully copied {human_size(size)} to {where}")


def copy_from(engine: Engine, container: str, src: str, dest: str, follow_link: bool,
              keep_owner: bool) -> int:
    """Container -> here; returns the bytes copied."""
    from ..archive import container_kind, container_stat, extract, fetch, host_kind, landing

    if not src.rstrip("/"):
        src = "/."  # the whole filesystem: its contents, as the CLI copies it
    api = engine.api
    api.inspect_container(container)  # "No such container" before anything else
    stat = container_stat(api, container, src)
    if stat is None:
        raise NotFound(f"Error response from daemon: Could not find the file {src} "
                       f"in container {container}")
    source = src
    if follow_link and stat.get("linkTarget"):
        source = posixpath.join(posixpath.dirname(src), stat["linkTarget"])
        stat = container_stat(api, container, source) or stat
    src_is_dir = container_kind(stat) == "dir"
    parent = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(parent):
        raise DockerError(f"no such directory: {parent} (the destination's directory must exist)")
    name = posixpath.basename(src.rstrip("/")) or "/"
    target = landing(dest, host_kind(dest), src_is_dir, name, src.endswith("/."))
    response, fetched = fetch(api, container, source)
    with closing(response):
        return extract(response.raw, fetched["name"], target, keep_owner)


def copy_to(engine: Engine, src: str, container: str, dest: str, follow_link: bool,
            keep_owner: bool) -> int:
    """Here -> container; returns the bytes copied."""
    from ..archive import container_kind, container_stat, landing, pack

    if not os.path.lexists(src):
        raise DockerError(f"lstat {src}: no such file or directory")
    real = os.path.realpath(src) if follow_link else src
    src_is_dir = os.path.isdir(real) and not os.path.islink(real)
    api = engine.api
    api.inspect_container(container)
    name = os.path.basename(os.path.abspath(src))
    target = landing(dest, container_kind(container_stat(api, container, dest)), src_is_dir,
                     name, src.endswith("/."))
    into, arcname = posixpath.split(target)
    data, size = pack(real, arcname, keep_owner)
    with closing(data):
        response = api._put(api._url("/containers/{0}/archive", container),
                            params={"path": into, "copyUIDGID": int(keep_owner)}, data=data)
    api._raise_for_status(response)
    return size
