"""The build context through the session: we serve `FileSync.DiffCopy`, the engine reads.

This is how the CLI sends a directory (`remote=client-session`): the engine asks for a named
directory (`dir-name` metadata: "context" or "dockerfile") with `include-patterns`,
`exclude-patterns` (the .dockerignore lines) and `followpaths`, and we are fsutil's sender:
a STAT packet per path in walk order (names sorted, a directory before what it holds), an
empty STAT to end the list, then the content of each regular file the engine asks for
(REQ{ID = its index} -> DATA packets, an empty one ends the file); FIN answers FIN. Owners
are sent as 0, like the CLI (which resets uid/gid). Needed where the engine cannot read an
uploaded tar context (Engine 26 with the containerd image store, moby#47717).
"""

from __future__ import annotations

import fnmatch
import os
import stat as st
from typing import Iterator
from urllib.parse import unquote

from .. import protowire as pw
from . import grpcwire as gw
from .filesend import DATA, ERR, FIN, REQ, packet
from .server import Call, Handler

DIFF_COPY = "/moby.filesync.v1.FileSync/DiffCopy"
CHUNK = 32 * 1024  # fsutil's buffer

# Go's os.FileMode bits
GO_DIR, GO_SYMLINK, GO_DEVICE, GO_PIPE, GO_SOCKET = 1 << 31, 1 << 27, 1 << 26, 1 << 25, 1 << 24
GO_SETUID, GO_SETGID, GO_CHARDEV, GO_STICKY = 1 << 23, 1 << 22, 1 << 21, 1 << 20


def context_dirs(dirs: dict[str, str]) -> dict[str, Handler]:
    """Serve these directories by name (`{"context": DIR, "dockerfile": DIR}`)."""
    def diff_copy(call: Call) -> None:
        name = _values(call, "dir-name")
        root = dirs.get(name[0] if name else "")
        if root is None:
            raise gw.RpcError(gw.NOT_FOUND, f"no access allowed to dir {name[0] if name else ''!r}")
        Sender(call, root, includes=_values(call, "include-patterns") +
               _values(call, "followpaths"), excludes=_values(call, "exclude-patterns")).run()
    return {DIFF_COPY: diff_copy}


def _values(call: Call, key: str) -> list[str]:
    """A metadata key's values (BuildKit percent-encodes non-ASCII ones, saying so in
    `KEY-encoded`)."""
    values = call.metadata.get(key, [])
    if call.meta(key + "-encoded") in ("1", "true"):
        values = [unquote(v) for v in values]
    return [v for v in values if v]


def go_mode(mode: int) -> int:
    """A Unix st_mode as Go's os.FileMode (what fsutil's Stat.mode carries)."""
    out = mode & 0o777
    if st.S_ISDIR(mode):
        out |= GO_DIR
    elif st.S_ISLNK(mode):
        out |= GO_SYMLINK
    elif st.S_ISFIFO(mode):
        out |= GO_PIPE
    elif st.S_ISSOCK(mode):
        out |= GO_SOCKET
    elif st.S_ISCHR(mode):
        out |= GO_DEVICE | GO_CHARDEV
    elif st.S_ISBLK(mode):
        out |= GO_DEVICE
    if mode & st.S_ISUID:
        out |= GO_SETUID
    if mode & st.S_ISGID:
        out |= GO_SETGID
    if mode & st.S_ISVTX:
        out |= GO_STICKY
    return out


def stat_message(relative: str, info: os.stat_result, linkname: str = "") -> bytes:
    fields: list[tuple[int, int | str]] = [(1, relative), (2, go_mode(info.st_mode))]
    if st.S_ISREG(info.st_mode) and info.st_size:
        fields.append((5, info.st_size))
    fields.append((6, info.st_mtime_ns))
    if linkname:
        fields.append((7, linkname))
    if st.S_ISCHR(info.st_mode) or st.S_ISBLK(info.st_mode):
        fields += [(8, os.major(info.st_rdev)), (9, os.minor(info.st_rdev))]
    return pw.encode(fields)


class Sender:
    """fsutil's sender over one DiffCopy call."""

    def __init__(self, call: Call, root: str, includes: list[str], excludes: list[str]) -> None:
        from docker.utils.build import PatternMatcher

        self.call, self.root = call, os.path.abspath(root)
        self.includes = [p.strip("/") for p in includes]
        self.excluder = PatternMatcher(excludes) if excludes else None
        if self.excluder is not None:  # docker-py's CLI rule `!.dockerignore`: not BuildKit's
            self.excluder.patterns.pop()
        self.negations = any(p.startswith("!") for p in excludes)  # may re-include below
        self.files: dict[int, str] = {}
        self.index = 0
        self.sent_dirs: set[str] = {""}

    def run(self) -> None:
        for relative, info in self._walk(""):
            self._send_stat(relative, info)
        self.call.send(b"")  # Packet{type=STAT}, no stat: the list ends
        while (message := self.call.recv()) is not None:
            fields = pw.decode(message)
            kind = pw.integer(fields, 1)
            if kind == REQ:
                self._send_file(pw.integer(fields, 3))
            elif kind == FIN:
                self.call.send(packet(FIN))
                return
            elif kind == ERR:
                raise gw.RpcError(gw.UNKNOWN, f"error from receiver: {pw.string(fields, 4)}")
        raise gw.RpcError(gw.CANCELLED, "the engine ended the transfer early")

    def _send_stat(self, relative: str, info: os.stat_result) -> None:
        parent = os.path.dirname(relative)
        if parent not in self.sent_dirs:  # an included path below an unsent directory
            self._send_stat(parent, os.lstat(os.path.join(self.root, parent)))
        link = os.readlink(os.path.join(self.root, relative)) if st.S_ISLNK(info.st_mode) else ""
        if st.S_ISREG(info.st_mode):
            self.files[self.index] = os.path.join(self.root, relative)
        if st.S_ISDIR(info.st_mode):
            self.sent_dirs.add(relative)
        self.index += 1
        self.call.send(pw.field(2, stat_message(relative, info, link)))

    def _send_file(self, index: int) -> None:
        path = self.files.pop(index, None)
        if path is None:
            raise gw.RpcError(gw.INVALID_ARGUMENT, f"invalid file id {index}")
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                self.call.send(pw.encode([(1, DATA), (3, index), (4, chunk)]))
        self.call.send(packet(DATA, index))

    # ------------------------------------------------------------------ which paths
    def _walk(self, directory: str) -> Iterator[tuple[str, os.stat_result]]:
        try:
            names = sorted(os.listdir(os.path.join(self.root, directory)))
        except OSError:
            return
        for name in names:
            relative = f"{directory}/{name}" if directory else name
            info = os.lstat(os.path.join(self.root, relative))
            included = self._included(relative)
            if included:
                yield relative, info
            if st.S_ISDIR(info.st_mode) and self._may_hold(relative) and (
                    included or self.negations or not self._excluded(relative)):
                yield from self._walk(relative)

    def _excluded(self, relative: str) -> bool:
        return self.excluder is not None and self.excluder.matches(relative)

    def _included(self, relative: str) -> bool:
        if self._excluded(relative):
            return False
        if not self.includes:
            return True
        parts = relative.split("/")
        return any(self._match(pattern, "/".join(parts[:n]))
                   for pattern in self.includes for n in range(1, len(parts) + 1))

    def _may_hold(self, directory: str) -> bool:
        """Whether anything below `directory` can be included (else it is not walked)."""
        if not self.includes:
            return True
        parts = directory.split("/")
        for pattern in self.includes:
            head = pattern.split("/")
            if "**" in head or self._included(directory):
                return True
            if len(head) > len(parts) and all(fnmatch.fnmatchcase(p, h)
                                              for p, h in zip(parts, head)):
                return True
        return False

    @staticmethod
    def _match(pattern: str, path: str) -> bool:
        from docker.utils.build import Pattern

        return Pattern(pattern).match(path)
