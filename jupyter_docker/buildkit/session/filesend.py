"""`--output`: the engine sends the build's result back through `FileSend.DiffCopy`.

`type=tar`: a stream of `BytesMessage{data=1}`, the tar bytes, written to the file.
`type=local`: fsutil's packets (`Packet{type=1, stat=2, ID=3, data=4}`): first a STAT per
path in walk order (a STAT without stat ends the list), we ask for each regular file's
content with REQ{ID = its index}, the engine answers DATA packets for that ID (an empty one
ends the file); once every file is written we send FIN, the engine answers FIN.
`Stat{path=1, mode=2, uid=3, gid=4, size=5, modTime=6 (ns), linkname=7, devmajor=8,
devminor=9, xattrs=10}`; the mode is Go's os.FileMode (type bits at the top). Files belong
to the user, like the CLI's (which resets uid/gid).
"""

from __future__ import annotations

import os
from typing import BinaryIO

from .. import protowire as pw
from . import grpcwire as gw
from .server import Call, Handler

DIFF_COPY = "/moby.filesync.v1.FileSend/DiffCopy"
STAT, REQ, DATA, FIN, ERR = 0, 1, 2, 3, 4
MODE_DIR = 1 << 31
MODE_SYMLINK = 1 << 27
MODE_TYPE = (1 << 31) | (1 << 27) | (1 << 26) | (1 << 25) | (1 << 24) | (1 << 21) | (1 << 19)


def tar_file(path: str) -> dict[str, Handler]:
    def receive(call: Call) -> None:
        with open(path, "wb") as out:
            while (message := call.recv()) is not None:
                data = pw.decode(message).get(1, [b""])[-1]
                out.write(data)  # type: ignore[arg-type]
    return {DIFF_COPY: receive}


def local_dir(dest: str) -> dict[str, Handler]:
    def receive(call: Call) -> None:
        os.makedirs(dest, exist_ok=True)
        LocalReceiver(call, dest).run()
    return {DIFF_COPY: receive}


def packet(kind: int, ident: int = 0) -> bytes:
    fields: list[tuple[int, int]] = [(1, kind)] if kind else []
    if ident:
        fields.append((3, ident))
    return pw.encode(fields)


class LocalReceiver:
    """Write what the engine sends into `dest`, merged over what is there."""

    def __init__(self, call: Call, dest: str) -> None:
        self.call, self.dest = call, os.path.realpath(dest)
        self.wanted: dict[int, str] = {}  # file index -> path, content asked for
        self.open: dict[int, BinaryIO] = {}
        self.times: list[tuple[str, int, bool]] = []  # set after the contents are written
        self.modes: dict[str, int] = {}
        self.stats_done = False
        self.index = 0

    def run(self) -> None:
        sent_fin = False
        while (message := self.call.recv()) is not None:
            fields = pw.decode(message)
            kind = pw.integer(fields, 1)
            if kind == STAT:
                self._stat(fields)
            elif kind == DATA:
                self._data(pw.integer(fields, 3), fields.get(4, [b""])[-1])  # type: ignore
            elif kind == ERR:
                raise gw.RpcError(gw.UNKNOWN, f"error from sender: {pw.string(fields, 4)}")
            elif kind == FIN:
                return
            if self.stats_done and not self.wanted and not sent_fin:
                self._finish()  # before FIN: once the engine has it, the build may end
                self.call.send(packet(FIN))
                sent_fin = True
        raise gw.RpcError(gw.CANCELLED, "the engine ended the transfer early")

    def _path(self, relative: str) -> str:
        target = os.path.realpath(os.path.join(self.dest, relative.lstrip("/")))
        if target != self.dest and not target.startswith(self.dest + os.sep):
            raise gw.RpcError(gw.INVALID_ARGUMENT, f"path outside the destination: {relative}")
        return target

    def _stat(self, fields: pw.Fields) -> None:
        if not fields.get(2):
            self.stats_done = True
            return
        stat = pw.decode(fields[2][-1])  # type: ignore[arg-type]
        index, self.index = self.index, self.index + 1
        relative = pw.string(stat, 1)
        mode = pw.integer(stat, 2) & 0xFFFFFFFF
        linkname = pw.string(stat, 7)
        path = os.path.join(self.dest, relative.lstrip("/"))
        parent = self._path(os.path.dirname(relative.lstrip("/")) or ".")
        os.makedirs(parent, exist_ok=True)
        path = os.path.join(parent, os.path.basename(path))
        mtime = pw.integer(stat, 6)
        if mode & MODE_DIR:
            if os.path.lexists(path) and not os.path.isdir(path):
                os.remove(path)
            os.makedirs(path, exist_ok=True)
            self.modes[path] = mode & 0o7777
        elif mode & MODE_SYMLINK:
            self._clear(path)
            os.symlink(linkname, path)
            self.times.append((path, mtime, True))
            return
        elif mode & MODE_TYPE:
            return  # devices, pipes, sockets: not written, like an unprivileged CLI
        elif linkname:  # a hard link to a file sent before it
            self._clear(path)
            os.link(self._path(linkname), path)
            return
        else:
            self._clear(path)
            self.wanted[index] = path
            self.modes[path] = mode & 0o7777
            self.call.send(packet(REQ, index))
        self.times.append((path, mtime, False))

    @staticmethod
    def _clear(path: str) -> None:
        if os.path.isdir(path) and not os.path.islink(path):
            import shutil

            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.remove(path)

    def _data(self, index: int, data: bytes) -> None:
        path = self.wanted.get(index)
        if path is None:
            raise gw.RpcError(gw.INVALID_ARGUMENT, f"invalid file request {index}")
        handle = self.open.get(index)
        if handle is None:
            handle = self.open[index] = open(path, "wb")
        if data:
            handle.write(data)
            return
        handle.close()
        del self.open[index], self.wanted[index]

    def _finish(self) -> None:
        """Modes and times last: a directory's time changes as files are written into it."""
        for path, mode in self.modes.items():
            os.chmod(path, mode)
        for path, mtime, link in reversed(self.times):
            try:
                os.utime(path, ns=(mtime, mtime), follow_symlinks=not link)
            except (NotImplementedError, OSError):
                pass
