"""The build context through the session: we serve `FileSync.DiffCopy`, the engine reads.

This is how the CLI sends a directory (`remote=client-session`): the engine asks for a named
directory (`dir-name` metadata: "context" or "dockerfile") with `include-patterns`,
`exclude-patterns` (the .dockerignore lines, which the engine's frontend read from the
context first: we apply them here, so an ignored file never leaves the machine) and
`followpaths`, and we are fsutil's sender: a STAT packet per path in walk order (names
sorted, a directory before what it holds), an empty STAT to end the list, then the content
of each regular file the engine asks for (REQ{ID = its index} -> DATA packets, an empty one
ends the file); FIN answers FIN. The engine keeps its copy of the directory under the
session's shared key: on a repeat it compares our STATs with it and asks only for the files
whose size, mode or mtime changed. Owners are sent as 0, like the CLI (which resets
uid/gid); a hard link is a STAT naming the inode's first path; xattrs go along.
"""

from __future__ import annotations

import fnmatch
import os
import stat as st
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import unquote

from .. import protowire as pw
from . import grpcwire as gw
from .filesend import DATA, ERR, FIN, REQ, packet
from .server import Call, Handler

DIFF_COPY = "/moby.filesync.v1.FileSync/DiffCopy"
CHUNK = 32 * 1024  # fsutil's buffer
STAT_BATCH = 256  # STAT packets per write
BATCH_BYTES = 256 * 1024  # file packets are written when this much is waiting, or nothing is asked

# Go's os.FileMode bits
GO_DIR, GO_SYMLINK, GO_DEVICE, GO_PIPE, GO_SOCKET = 1 << 31, 1 << 27, 1 << 26, 1 << 25, 1 << 24
GO_SETUID, GO_SETGID, GO_CHARDEV, GO_STICKY = 1 << 23, 1 << 22, 1 << 21, 1 << 20


def context_dirs(dirs: dict[str, str], transfers: list[Transfer] | None = None
                 ) -> dict[str, Handler]:
    """Serve these directories by name (`{"context": DIR, "dockerfile": DIR}`); each call's
    `Transfer` is appended to `transfers`."""
    def diff_copy(call: Call) -> None:
        names = _values(call, "dir-name")
        name = names[0] if names else ""
        root = dirs.get(name)
        if root is None:
            raise gw.RpcError(gw.NOT_FOUND, f"no access allowed to dir {name!r}")
        transfer = Transfer(name, root)
        if transfers is not None:
            transfers.append(transfer)
        try:
            Sender(call, root, includes=_values(call, "include-patterns") +
                   _values(call, "followpaths"), excludes=_values(call, "exclude-patterns"),
                   transfer=transfer).run()
        except ContextUnreadable as exc:
            transfer.error = str(exc)
            raise gw.RpcError(gw.UNKNOWN, str(exc)) from None
    return {DIFF_COPY: diff_copy}


def _values(call: Call, key: str) -> list[str]:
    """A metadata key's values (BuildKit percent-encodes non-ASCII ones, saying so in
    `KEY-encoded`)."""
    values = call.metadata.get(key, [])
    if call.meta(key + "-encoded") in ("1", "true"):
        values = [unquote(v) for v in values]
    return [v for v in values if v]


_GO_TYPE = {st.S_IFDIR: GO_DIR, st.S_IFLNK: GO_SYMLINK, st.S_IFIFO: GO_PIPE,
            st.S_IFSOCK: GO_SOCKET, st.S_IFCHR: GO_DEVICE | GO_CHARDEV, st.S_IFBLK: GO_DEVICE}


def go_mode(mode: int) -> int:
    """A Unix st_mode as Go's os.FileMode (what fsutil's Stat.mode carries)."""
    out = (mode & 0o777) | _GO_TYPE.get(st.S_IFMT(mode), 0)
    if mode & 0o7000:
        out |= ((GO_SETUID if mode & st.S_ISUID else 0) | (GO_SETGID if mode & st.S_ISGID else 0)
                | (GO_STICKY if mode & st.S_ISVTX else 0))
    return out


def stat_message(relative: str, info: os.stat_result, linkname: str = "",
                 hardlink: bool = False, xattrs: dict[str, bytes] | None = None) -> bytes:
    """fsutil's Stat of a path; uid/gid left 0 (the CLI resets them); a hard link (a later
    path of an inode) has the first path as its linkname and no size. Written directly (one
    per path of the context: the generic encoder was most of a big listing's time)."""
    varint = pw.write_varint
    mode = info.st_mode
    path = relative.encode()
    out = [b"\x0a", varint(len(path)), path, b"\x10", varint(go_mode(mode))]  # 1 path, 2 mode
    if st.S_ISREG(mode) and info.st_size and not hardlink:
        out += [b"\x28", varint(info.st_size)]  # 5 size
    out += [b"\x30", varint(info.st_mtime_ns)]  # 6 modTime
    if linkname:
        link = linkname.encode()
        out += [b"\x3a", varint(len(link)), link]  # 7 linkname
    if st.S_ISCHR(mode) or st.S_ISBLK(mode):
        out += [pw.field(8, os.major(info.st_rdev)), pw.field(9, os.minor(info.st_rdev))]
    for key, value in sorted((xattrs or {}).items()):  # 10 map<string, bytes>: an entry each
        out.append(pw.field(10, pw.encode([(1, key), (2, value)])))
    return b"".join(out)


def _xattrs(path: str) -> dict[str, bytes]:
    """The extended attributes fsutil sends (macOS's com.apple.* left out)."""
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError:
        return {}
    out = {}
    for name in names:
        if name.startswith("com.apple."):
            continue
        try:
            out[name] = os.getxattr(path, name, follow_symlinks=False)
        except OSError:
            pass
    return out


@dataclass
class Transfer:
    """What one DiffCopy of a directory sent: how many paths were listed (STAT), which
    files' contents the engine asked for (on a repeat with the same shared key, only the
    changed ones), and how many bytes."""

    name: str
    root: str
    listed: int = 0
    files: list[str] = field(default_factory=list)
    size: int = 0
    error: str = ""  # a file or directory we could not read


class ContextUnreadable(Exception):
    """A file of the context cannot be read (the build fails with this one line)."""


class Sender:
    """fsutil's sender over one DiffCopy call."""

    def __init__(self, call: Call, root: str, includes: list[str], excludes: list[str],
                 transfer: Transfer | None = None) -> None:
        from docker.utils.build import PatternMatcher

        self.call, self.root = call, os.path.abspath(root)
        self.includes = [p.strip("/") for p in includes]
        self.excluder = PatternMatcher(excludes) if excludes else None
        if self.excluder is not None:  # docker-py's CLI rule `!.dockerignore`: not BuildKit's
            self.excluder.patterns.pop()
        self.negations = any(p.startswith("!") for p in excludes)  # may re-include below
        self.transfer = transfer or Transfer("", self.root)
        self.files: dict[int, str] = {}
        self.index = 0
        self.sent_dirs: set[str] = {""}
        self.inodes: dict[tuple[int, int], str] = {}  # hard links: the first path of an inode

    def run(self) -> None:
        self.pending: list[bytes] = []  # STAT packets, sent a batch at a time
        for relative, info, full in self._walk(""):
            self._send_stat(relative, info, full)
            if len(self.pending) >= STAT_BATCH:
                self.call.send_all(self.pending)
                self.pending = []
        self.transfer.listed = self.index
        self.call.send_all([*self.pending, b""])  # Packet{type=STAT}, no stat: the list ends
        self.outgoing: list[bytes] = []  # small files' packets, written a batch at a time
        self.outgoing_size = 0
        while (message := self.call.recv()) is not None:
            fields = pw.decode(message)
            kind = pw.integer(fields, 1)
            if kind == REQ:
                self._send_file(pw.integer(fields, 3))
                if not self.call.waiting() or self.outgoing_size >= BATCH_BYTES:
                    self._flush()  # before we would wait for the next request
                continue
            self._flush()
            if kind == FIN:
                self.call.send(packet(FIN))
                return
            elif kind == ERR:
                raise gw.RpcError(gw.UNKNOWN, f"error from receiver: {pw.string(fields, 4)}")
        raise gw.RpcError(gw.CANCELLED, "the engine ended the transfer early")

    def _send_stat(self, relative: str, info: os.stat_result, full: str) -> None:
        parent = relative.rpartition("/")[0]
        if parent not in self.sent_dirs:  # an included path below an unsent directory
            above = os.path.join(self.root, parent)
            self._send_stat(parent, os.lstat(above), above)
        link = os.readlink(full) if st.S_ISLNK(info.st_mode) else ""
        hardlink = False
        if st.S_ISREG(info.st_mode):
            if info.st_nlink > 1:  # fsutil: a later path of an inode is a link to the first
                first = self.inodes.setdefault((info.st_dev, info.st_ino), relative)
                link, hardlink = ("", False) if first == relative else (first, True)
            if not hardlink:
                self.files[self.index] = relative
        if st.S_ISDIR(info.st_mode):
            self.sent_dirs.add(relative)
        self.index += 1
        self.pending.append(pw.field(2, stat_message(relative, info, link, hardlink,
                                                     _xattrs(full))))

    def _send_file(self, index: int) -> None:
        relative = self.files.pop(index, None)
        if relative is None:
            raise gw.RpcError(gw.INVALID_ARGUMENT, f"invalid file id {index}")
        path = os.path.join(self.root, relative)
        try:
            fh = open(path, "rb")
        except OSError as exc:
            raise ContextUnreadable(f"can not read file in context: {path}: "
                                    f"{exc.strerror}") from None
        self.transfer.files.append(relative)
        prefix = pw.field(1, DATA) + pw.field(3, index)
        with fh:
            while chunk := fh.read(CHUNK):
                self.transfer.size += len(chunk)
                self._queue(prefix + pw.field(4, chunk))
        self._queue(packet(DATA, index))

    def _queue(self, message: bytes) -> None:
        self.outgoing.append(message)
        self.outgoing_size += len(message)
        if self.outgoing_size >= BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self.outgoing:
            self.call.send_all(self.outgoing)
            self.outgoing, self.outgoing_size = [], 0

    # ------------------------------------------------------------------ which paths
    def _walk(self, directory: str) -> Iterator[tuple[str, os.stat_result, str]]:
        try:
            with os.scandir(os.path.join(self.root, directory)) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError as exc:
            raise ContextUnreadable(f"can not read directory in context: "
                                    f"{os.path.join(self.root, directory)}: {exc.strerror}"
                                    ) from None
        for entry in entries:
            relative = f"{directory}/{entry.name}" if directory else entry.name
            info = entry.stat(follow_symlinks=False)
            included = self._included(relative)
            if included:
                yield relative, info, entry.path
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
