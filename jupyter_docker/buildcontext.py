"""What a build sends the engine: its context (a directory, a tar archive, a URL, or nothing)
and where the Dockerfile is in it (given with -f, or written in the cell).

Follows the CLI: `-f` is relative to the current directory; a Dockerfile outside the context
directory is put into the archive under a hidden name; `.dockerignore` patterns are honoured.
"""

from __future__ import annotations

import io
import os
import secrets
import tarfile
from dataclasses import dataclass
from typing import IO

from .errors import DockerError, UsageError

REMOTE_PREFIXES = ("http://", "https://", "git://", "github.com/", "git@")


@dataclass
class Context:
    """The request body (a tar stream) or a remote URL, and the Dockerfile's name in it."""

    body: IO[bytes] | None = None
    remote: str | None = None
    dockerfile: str | None = None
    size: int = 0
    text: str | None = None  # the Dockerfile's text, when we have it (for a failure's lines)

    def close(self) -> None:
        if self.body is not None:
            self.body.close()

    def compress(self) -> None:
        """`--compress`: gzip the tar body (the engine recognises gzip by its magic bytes)."""
        if self.body is None:
            return
        import gzip
        import shutil
        import tempfile

        packed = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)
        with gzip.GzipFile(fileobj=packed, mode="wb") as gz:
            shutil.copyfileobj(self.body, gz)
        self.body.close()
        self.size = packed.tell()
        packed.seek(0)
        self.body = packed


ARCHIVE_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")  # gzip, bzip2, xz: the engine unpacks them


def prepare(context: str | None, file: str | None, cell: str | bytes | None,
            buildkit: bool = False, pack: bool = True) -> Context:
    """The context for `build [-f FILE] [CONTEXT]` or a `%%docker build` cell; `-` is
    standard input (the cell body, or `< FILE`); `buildkit`: a `FILE.dockerignore` beside
    the Dockerfile replaces the context's `.dockerignore`; `pack=False`: a directory is
    checked and its Dockerfile read, but not archived (a session sends it)."""
    if context == "-":
        return _stdin(cell, file)
    if isinstance(cell, bytes):
        cell = cell.decode()
    if cell is not None and file:
        raise UsageError("give the Dockerfile either in the cell or with -f, not both",
                         command="build")
    if context is None:
        if cell is None:
            raise UsageError('"docker build" requires exactly 1 argument (the context: a '
                             "directory, a tar archive or a URL)", command="build")
        ctx = _in_memory({"Dockerfile": cell.encode()}, "Dockerfile")
        ctx.text = cell
        return ctx
    if context.startswith(REMOTE_PREFIXES):
        if cell is not None:
            raise UsageError("a Dockerfile in the cell needs a directory context (or none), "
                             "not a URL", command="build")
        return Context(remote=context, dockerfile=file)
    if os.path.isdir(context):
        return _directory(context, file, cell, buildkit, pack)
    if os.path.isfile(context):
        if cell is not None:
            raise UsageError("a Dockerfile in the cell needs a directory context (or none), "
                             "not an archive", command="build")
        return _archive(context, file)
    raise DockerError(f"unable to prepare context: path {context!r} not found")


def _stdin(data: str | bytes | None, file: str | None) -> Context:
    """`build -`, as the CLI: a tar archive (plain or compressed) is the context, anything
    else is a Dockerfile and the context is empty (then `-f` does not apply)."""
    if data is None:
        raise UsageError("build - reads standard input: write the Dockerfile in a %%docker "
                         "build cell, or give a file with `< FILE` (a Dockerfile or a tar "
                         "archive of the context)", command="build")
    raw = data.encode() if isinstance(data, str) else bytes(data)
    if raw.startswith(ARCHIVE_MAGIC) or _is_tar(raw):
        return Context(body=io.BytesIO(raw), dockerfile=file, size=len(raw))
    return _in_memory({"Dockerfile": raw}, "Dockerfile")


def _is_tar(raw: bytes) -> bool:
    return len(raw) >= 512 and tarfile.is_tarfile(io.BytesIO(raw))


def _in_memory(files: dict[str, bytes], dockerfile: str) -> Context:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    size = buffer.tell()
    buffer.seek(0)
    return Context(body=buffer, dockerfile=dockerfile, size=size)


def _archive(path: str, file: str | None) -> Context:
    if not tarfile.is_tarfile(path):
        raise DockerError(f"unable to prepare context: {path} is neither a directory nor a tar "
                          "archive")
    return Context(body=open(path, "rb"), dockerfile=file, size=os.path.getsize(path))


def ignore_patterns(root: str, path: str | None = None) -> list[str]:
    """The `.dockerignore` lines (of the context, or of the file `path`), comments and blanks
    left out."""
    try:
        with open(path or os.path.join(root, ".dockerignore")) as fh:
            lines = [line.strip() for line in fh]
    except OSError:
        return []
    return [line for line in lines if line and not line.startswith("#")]


def tar(root: str, exclude: list[str], dockerfile: tuple[str | None, str | None]) -> IO[bytes]:
    """The context directory as a tar stream, `exclude` (.dockerignore patterns) left out; a
    Dockerfile from elsewhere (`dockerfile` = (hidden name, text)) added and ignored.

    GNU tar headers, not Python's default PAX: a PAX archive starts with an extended header
    (for the float mtimes of os.stat), and BuildKit's check of the first 512 bytes for a tar
    header then takes the whole upload for a Dockerfile ("unknown instruction: ././@PaxHeader").
    """
    import tempfile

    from docker.utils.build import exclude_paths

    hidden, text = dockerfile
    extra: list[tuple[str, str]] = []
    if text is not None:
        extra = [(".dockerignore", "\n".join((exclude or [".dockerignore"]) + [hidden or ""])),
                 (hidden or "Dockerfile", text)]
    names = {name for name, _ in extra}
    body = tempfile.NamedTemporaryFile()
    with tarfile.open(mode="w", fileobj=body, format=tarfile.GNU_FORMAT) as archive:
        for path in sorted(exclude_paths(os.path.abspath(root), exclude, dockerfile=hidden)):
            if path in names:
                continue
            full = os.path.join(root, path)
            info = archive.gettarinfo(full, arcname=path)
            if info is None:  # a socket
                continue
            info.mtime = int(info.mtime)
            if info.isfile():
                try:
                    with open(full, "rb") as fh:
                        archive.addfile(info, fh)
                except OSError as exc:
                    raise DockerError(f"can not read file in context: {full}: "
                                      f"{exc.strerror}") from None
            else:
                archive.addfile(info)
        for name, contents in extra:
            data = contents.encode()
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            archive.addfile(info, io.BytesIO(data))
    body.seek(0)
    return body  # type: ignore[return-value]


def _directory(root: str, file: str | None, cell: str | None, buildkit: bool = False,
               pack: bool = True) -> Context:
    hidden: tuple[str, str] | None = None
    name = None
    if cell is not None:
        hidden = (f".dockerfile.{secrets.token_hex(10)}", cell)
    elif file:
        path = _dockerfile_path(root, file)
        inside = os.path.relpath(path, os.path.abspath(root))
        if inside.startswith(".."):
            with open(path) as fh:
                hidden = (f".dockerfile.{secrets.token_hex(10)}", fh.read())
        else:
            name = inside
    elif not os.path.exists(os.path.join(root, "Dockerfile")):
        raise DockerError(f"unable to prepare context: no Dockerfile in {root} "
                          "(use -f, or write the Dockerfile in a %%docker build cell)")
    if hidden:
        name = hidden[0]
    text = hidden[1] if hidden else _read(os.path.join(root, name or "Dockerfile"))
    if not pack:
        return Context(dockerfile=name, text=text)
    own = None  # BuildKit reads Dockerfile.dockerignore beside a -f Dockerfile, if there is one
    if buildkit and file and cell is None:
        candidate = _dockerfile_path(root, file) + ".dockerignore"
        own = candidate if os.path.isfile(candidate) else None
    body = tar(root, exclude=ignore_patterns(root, own), dockerfile=hidden or (name, None))
    size = os.fstat(body.fileno()).st_size
    return Context(body=body, dockerfile=name, size=size, text=text)


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def dockerfile_text(ctx: Context, path: str | None) -> str | None:
    """The Dockerfile's text: kept by `prepare`, else read from a tar context (then rewound)."""
    if ctx.text is not None or ctx.body is None or not path or not os.path.isfile(path):
        return ctx.text
    try:
        with tarfile.open(path) as tar:
            member = tar.extractfile(ctx.dockerfile or "Dockerfile")
            return member.read().decode("utf-8", "replace") if member else None
    except (KeyError, tarfile.TarError, OSError):
        return None


def _dockerfile_path(root: str, file: str) -> str:
    """`-f` as the CLI reads it (relative to the current directory); else inside the context."""
    for candidate in (os.path.abspath(file), os.path.abspath(os.path.join(root, file))):
        if os.path.isfile(candidate):
            return candidate
    raise DockerError(f"unable to prepare context: the Dockerfile {file} cannot be found")
