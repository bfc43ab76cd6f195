"""`docker cp` underneath: where a copy lands (the CLI's rules) and the tar archives that carry it.

The engine moves files as tar archives whose top entry is the copied file or directory. We
rename that top entry so that it lands exactly where the CLI would put it.
"""

from __future__ import annotations

import base64
import json
import os
import posixpath
import tarfile
import tempfile
from typing import IO, Any

from .errors import DockerError

DIRECTORY_BIT = 1 << 31  # Go's os.ModeDir in the engine's path stat
STAT_HEADER = "X-Docker-Container-Path-Stat"


def landing(dest: str, kind: str | None, src_is_dir: bool, src_name: str,
            contents_only: bool) -> str:
    """Where the copied file or directory ends up, given what is at `dest` now.

    `kind` is "dir", "file" or None (nothing there); `contents_only` means SRC ended in `/.`
    (copy what is inside the directory, not the directory itself).
    """
    if kind == "dir":
        if (src_is_dir and contents_only) or src_name in ("", ".", "..") or "/" in src_name:
            return dest  # never a name that would step out of `dest`
        return posixpath.join(dest, src_name)
    if kind == "file":
        if src_is_dir:
            raise DockerError(f"cannot copy a directory to a file: {dest}")
        if dest.endswith("/"):
            raise DockerError(f"not a directory: {dest}")
        return dest
    if dest.endswith("/") and not src_is_dir:
        raise DockerError(f"no such directory: {dest} (the destination directory must exist)")
    return dest.rstrip("/") or "/"


def renamed(name: str, root: str, new_root: str) -> str:
    """An archive entry's name with its top entry `root` renamed to `new_root`."""
    if name == root:
        return new_root
    if name.startswith(root + "/"):
        return new_root + name[len(root):]
    raise DockerError(f"unexpected entry in the archive: {name}")


def host_kind(path: str) -> str | None:
    if os.path.isdir(path):
        return "dir"
    return "file" if os.path.lexists(path) else None


def extract(stream: IO[bytes], root: str, target: str, keep_owner: bool) -> int:
    """Unpack a container's archive (top entry `root`) so that `root` becomes `target`.

    Returns the bytes of file content written. Entries that would land outside `target`'s
    directory are refused (tarfile's "tar" filter); without `keep_owner` the files belong to
    whoever runs the kernel, as with the CLI.
    """
    base, name = os.path.split(os.path.abspath(target))
    total = 0
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            member.name = renamed(member.name, root, name)
            if member.islnk():
                member.linkname = renamed(member.linkname, root, name)
            if not keep_owner:
                member.uid, member.gid, member.uname, member.gname = (os.getuid(), os.getgid(),
                                                                      "", "")
            tar.extract(member, base, numeric_owner=True, filter="tar")
            total += member.size
    return total


def pack(src: str, arcname: str, keep_owner: bool) -> tuple[IO[bytes], int]:
    """A tar archive of `src` (file or directory, links inside kept as links) whose top entry is
    `arcname`; returns (the archive rewound, bytes of file content). Large ones spill to disk."""
    buffer = tempfile.SpooledTemporaryFile(max_size=16 << 20)
    total = 0

    def owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
        nonlocal total
        total += info.size if info.isfile() else 0
        if not keep_owner:
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
        return info

    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(src, arcname=arcname or ".", filter=owner)
    buffer.seek(0)
    return buffer, total


def container_stat(api: Any, container: str, path: str) -> dict | None:
    """The engine's stat of a path in a container (name, size, mode, linkTarget), None if absent."""
    response = api.head(api._url("/containers/{0}/archive", container), params={"path": path},
                        timeout=api.timeout)
    if response.status_code == 404:
        return None
    api._raise_for_status(response)
    return _stat(response)


def fetch(api: Any, container: str, path: str) -> tuple[Any, dict]:
    """Start downloading a path from a container as a tar archive: (response, its stat).
    The caller closes the response."""
    response = api._get(api._url("/containers/{0}/archive", container), params={"path": path},
                        stream=True)
    api._raise_for_status(response)
    response.raw.decode_content = True  # the engine gzips it when asked, and requests asks
    return response, _stat(response)


def _stat(response: Any) -> dict:
    return json.loads(base64.b64decode(response.headers[STAT_HEADER]))


def container_kind(stat: dict | None) -> str | None:
    if stat is None:
        return None
    return "dir" if stat["mode"] & DIRECTORY_BIT else "file"
