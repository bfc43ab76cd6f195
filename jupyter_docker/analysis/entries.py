"""One file entry of a layer tar, as plain data: what dive keeps of a tar header, and the hash.

A layer is a tar of the files it adds or changes; `.wh.NAME` entries delete NAME from the
layers below and `.wh..wh..opq` makes its directory opaque (hides everything below it).
"""

from __future__ import annotations

import hashlib
import posixpath
import tarfile
from dataclasses import dataclass
from typing import IO

WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"
CHUNK = 1 << 20

_KINDS = {tarfile.REGTYPE: "file", tarfile.AREGTYPE: "file", tarfile.CONTTYPE: "file",
          tarfile.DIRTYPE: "dir", tarfile.SYMTYPE: "symlink", tarfile.LNKTYPE: "hardlink",
          tarfile.CHRTYPE: "char", tarfile.BLKTYPE: "block", tarfile.FIFOTYPE: "fifo"}


@dataclass(slots=True)
class Entry:
    """A tar entry of one layer. `name` is the tar name cleaned like Go's path.Clean
    (`etc/passwd`); `path` the absolute path it changes (a whiteout's: the deleted path)."""

    name: str
    kind: str  # file, dir, symlink, hardlink, char, block, fifo, whiteout, opaque, marker
    typeflag: bytes
    size: int
    mode: int
    uid: int
    gid: int
    link: str | None
    digest: str | None  # sha256 of the content (regular files), else None

    @property
    def path(self) -> str:
        head, base = posixpath.split(self.name)
        if self.kind == "opaque":
            return "/" + head
        if self.kind == "whiteout":
            return "/" + posixpath.join(head, base[len(WHITEOUT):])
        return "/" + self.name

    @property
    def is_dir(self) -> bool:
        return self.typeflag == tarfile.DIRTYPE

    def same_file(self, other: "Entry") -> bool:
        """dive's comparison (type, content hash, mode, uid, gid) plus the link target, which
        dive leaves out (for it a re-pointed symlink is unmodified)."""
        return (self.typeflag == other.typeflag and self.digest == other.digest
                and self.mode == other.mode and self.uid == other.uid
                and self.gid == other.gid and self.link == other.link)


def clean(name: str) -> str:
    """Go's path.Clean of a tar name, without the leading slash: `./etc/` -> `etc`."""
    cleaned = posixpath.normpath(name.lstrip("/") or ".")
    return "." if cleaned in ("", "/") else cleaned.lstrip("/")


def from_member(member: tarfile.TarInfo, content: IO[bytes] | None) -> Entry:
    """The entry for `member`; `content` is its data (read here to hash a regular file)."""
    name = clean(member.name)
    base = posixpath.basename(name)
    typeflag = member.type
    if member.type == tarfile.AREGTYPE or member.type == tarfile.CONTTYPE:
        typeflag = tarfile.REGTYPE  # Go's reader reports these as regular files
    kind = _KINDS.get(member.type, "other")
    if base == OPAQUE:
        kind = "opaque"
    elif base.startswith(WHITEOUT + WHITEOUT):
        kind = "marker"  # other .wh..wh. names (aufs hard-link dirs): no file of the image
    elif base.startswith(WHITEOUT):
        kind = "whiteout"
    digest = None
    if content is not None and member.isreg():
        h = hashlib.sha256()
        while chunk := content.read(CHUNK):
            h.update(chunk)
        digest = "sha256:" + h.hexdigest()
    link = None
    if member.issym():
        link = member.linkname
    elif member.islnk():
        link = "/" + clean(member.linkname)
    # Go's FileInfo().Mode() keeps permission, setuid/setgid/sticky bits; engine 20 writes
    # the type bits too (0o100644), engine 26 not (0o644)
    return Entry(name, kind, typeflag, member.size, member.mode & 0o7777, member.uid, member.gid,
                 link, digest)
