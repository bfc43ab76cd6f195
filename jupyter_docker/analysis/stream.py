"""Stream `GET /images/{name}/get` into the archive reader: progress, interrupt, engine gone."""

from __future__ import annotations

import tarfile
import time
from typing import Any, Callable, Iterator

from ..engine import Engine
from ..errors import DockerError
from ..progress import start
from ..streams.feed import EngineGone, Feed, cut_off, gone_line
from ..streams.jsonstream import interrupted
from . import archive

REDRAW = 0.2


class ChunkReader:
    """A file-like `read(n)` over an iterator of byte chunks, with `tell` and a forward-only
    `seek` (skipping ahead reads and drops), which is all tarfile's reading mode needs."""

    def __init__(self, chunks: Iterator[bytes], on_read: Callable[[], None] | None = None) -> None:
        self.chunks = chunks
        self.buffer = b""
        self.offset = 0  # within buffer
        self.count = 0
        self.on_read = on_read

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True  # forward only: see seek

    def tell(self) -> int:
        return self.count

    def seek(self, position: int, whence: int = 0) -> int:
        if whence != 0 or position < self.count:
            raise OSError(f"a stream seeks forward only (at {self.count}, asked {position})")
        while self.count < position and self.read(min(position - self.count, 1 << 20)):
            pass
        return self.count

    def read(self, n: int | None = -1) -> bytes:
        if n is None or n < 0:
            data = self.buffer[self.offset:] + b"".join(self.chunks)
            self.buffer, self.offset = b"", 0
        else:
            while len(self.buffer) - self.offset < n:
                chunk = next(self.chunks, None)
                if chunk is None:
                    break
                self.buffer = self.buffer[self.offset:] + chunk
                self.offset = 0
            data = self.buffer[self.offset:self.offset + n]
            self.offset += len(data)
        self.count += len(data)
        if self.on_read:
            self.on_read()
        return data


class Watch:
    """Feeds the progress bar: one bar per blob of the archive, its bytes read so far."""

    def __init__(self, bar: Any, reader: ChunkReader) -> None:
        self.bar, self.reader = bar, reader
        self.current: tuple[str, int, int] | None = None  # id, start count, size
        self.last = 0.0

    @staticmethod
    def ident(name: str) -> str:
        tail = name.replace("blobs/sha256/", "").split("/")[0]
        return (tail + "0" * 12)[:12] if all(c in "0123456789abcdef" for c in tail) else ""

    def blob(self, name: str, size: int) -> None:
        ident = self.ident(name)
        self.current = (ident, self.reader.count, size) if ident and size > 1 << 16 else None
        if self.current:
            self.bar.feed({"id": ident, "status": "Reading",
                           "progressDetail": {"current": 0, "total": size}})

    def tick(self) -> None:
        if self.current and time.monotonic() - self.last >= REDRAW:
            self.last = time.monotonic()
            ident, begin, size = self.current
            self.bar.feed({"id": ident, "status": "Reading",
                           "progressDetail": {"current": self.reader.count - begin,
                                              "total": size}})

    def done(self, name: str) -> None:
        if self.current:
            self.bar.feed({"id": self.current[0], "status": "Read complete"})
            self.current = None


def read_image(engine: Engine, name: str, quiet: bool = False) -> archive.Archive | None:
    """The archive of image `name`, read as it streams; None when interrupted (Ctrl-C), which
    may come while the engine prepares the archive (engine 20 writes it out first)."""
    api = engine.api
    bar = start(f"Reading {name}", quiet=quiet)
    feed: Feed | None = None
    reader = ChunkReader(iter(()))
    try:
        response = api._get(api._url("/images/{0}/get", name), stream=True, timeout=None)
        feed = Feed(response)
        api._raise_for_status(response)
        reader = ChunkReader(iter(feed.chunks()))
        watch = Watch(bar, reader)
        reader.on_read = watch.tick
        result = archive.read(reader, on_blob=watch.blob, on_done=watch.done)  # type: ignore
    except KeyboardInterrupt:
        bar.done("interrupted", ok=False)
        interrupted(f"image analyze {name} stopped")
        return None
    except tarfile.ReadError as exc:
        bar.done("failed", ok=False)
        if reader.count == 0:
            raise archive.NotAnImage(f"{name}: the engine sent no image archive") from None
        raise EngineGone(gone_line(exc, f"reading {name} stopped")) from None
    except DockerError:
        bar.done("failed", ok=False)
        raise
    except Exception as exc:
        bar.done("failed", ok=False)
        if cut_off(exc):  # the engine answered the inspect just before: it went away
            raise EngineGone(gone_line(exc, f"reading {name} stopped")) from None
        raise
    finally:
        if feed is not None:
            feed.close()
    bar.done(f"{reader.count} bytes")
    return result
