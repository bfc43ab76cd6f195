"""Read an image archive as it streams from `GET /images/{name}/get`, in one pass.

Both layouts the engines write: classic `docker save` (`<id>/layer.tar`, `<id>.json`,
`manifest.json`) and OCI (`blobs/sha256/...`, `index.json`; engine 25+ adds a
`manifest.json` naming blobs). The index and manifest come LAST in the stream, so every layer
is read into entries (metadata only: the content is hashed and dropped) and every small JSON
file is kept until the end, when the manifest says which blob is which. Nothing goes to disk.
"""

from __future__ import annotations

import json
import posixpath
import tarfile
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterator

from ..errors import DockerError
from .entries import Entry, from_member

JSON_LIMIT = 16 << 20  # a config or manifest larger than this is no config or manifest
SNIFF = 512


class NotAnImage(DockerError):
    """The archive is no image (no manifest, no config, a layer it names is missing)."""


@dataclass
class RawLayer:
    """One layer as read: its entries in tar order and the bytes of its tar (before gzip)."""

    name: str  # path in the archive
    entries: list[Entry]
    size: int  # dive's layer size: the sum of its entries' sizes


@dataclass
class Archive:
    """What the stream held: layers by archive path, small JSON files, symlinked layer paths."""

    layers: dict[str, RawLayer] = field(default_factory=dict)
    documents: dict[str, Any] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)

    def layer(self, name: str) -> RawLayer:
        seen = set()
        while name in self.links and name not in seen:  # classic: a repeated layer is a link
            seen.add(name)
            name = self.links[name]
        if name not in self.layers:
            raise NotAnImage(f"the archive names a layer it does not hold: {name}")
        return self.layers[name]


def kind_of(head: bytes) -> str:
    """`gzip`, `zstd`, `tar`, `json` or `other`, from a blob's first bytes."""
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    if head[:4] == b"\x28\xb5\x2f\xfd":
        return "zstd"
    if head[257:262] == b"ustar" or (len(head) == SNIFF and not head.strip(b"\0")):
        return "tar"
    if head.lstrip()[:1] in (b"{", b"["):
        return "json"
    return "other"


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    """The archive's members one by one, without tarfile keeping every one read (its
    `members` list would hold a layer's whole listing)."""
    while (member := tar.next()) is not None:
        tar.members.clear()
        yield member


def read_layer(name: str, stream: IO[bytes], compression: str) -> RawLayer:
    """Every entry of a layer tar (gzip: decompressed as it streams), content hashed."""
    mode = "r:gz" if compression == "gzip" else "r:"
    entries: list[Entry] = []
    size = 0
    with tarfile.open(fileobj=stream, mode=mode) as tar:  # type: ignore[call-overload]
        for member in _members(tar):
            if member.name in (".", "./", "/") or not member.name.strip("./"):
                continue
            content = tar.extractfile(member) if member.isreg() else None
            entry = from_member(member, content)
            entries.append(entry)
            size += entry.size
    return RawLayer(name, entries, size)


def read(stream: IO[bytes], on_blob: Callable[[str, int], None] | None = None,
         on_done: Callable[[str], None] | None = None) -> Archive:
    """Read the whole archive; `on_blob(name, size)` before each file, `on_done` after.

    `stream` needs `read`, `tell` and forward `seek` only (stream.ChunkReader over the HTTP
    body): tarfile's random-access mode then reads the bytes once, where its stream mode
    copied them through its buffers again (measured: half the CPU for a 300 MB layer)."""
    archive = Archive()
    with tarfile.open(fileobj=stream, mode="r:") as outer:
        for member in _members(outer):
            name = posixpath.normpath(member.name)
            if member.issym():
                archive.links[name] = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), member.linkname))
                continue
            if not member.isreg():
                continue
            if on_blob:
                on_blob(name, member.size)
            fh = outer.extractfile(member)
            assert fh is not None
            head = fh.peek(SNIFF)[:SNIFF]  # type: ignore[attr-defined]
            kind = kind_of(head)
            if kind == "tar" and not head.strip(b"\0"):
                archive.layers[name] = RawLayer(name, [], 0)  # an empty tar: end blocks only
            elif kind in ("tar", "gzip"):
                archive.layers[name] = read_layer(name, fh, kind)
            elif kind == "zstd":
                raise DockerError(f"{name}: zstd-compressed layers cannot be read yet")
            elif kind == "json" and member.size <= JSON_LIMIT:
                try:
                    archive.documents[name] = json.loads(fh.read())
                except ValueError:
                    pass
            if on_done:
                on_done(name)
    return archive
