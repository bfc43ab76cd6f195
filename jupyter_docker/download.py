"""Saving a streamed HTTP body (an image or filesystem tar) to a file, never half-written."""

from __future__ import annotations

import os
from contextlib import closing
from typing import Any

from .errors import DockerError

CHUNK = 1 << 20


def save_body(api: Any, response: Any, path: str) -> int:
    """Check the response, copy its body to `path`; returns the bytes written.

    On any failure (engine error, full disk, Ctrl-C) the partial file is removed.
    """
    with closing(response):
        api._raise_for_status(response)
        try:
            fh = open(path, "wb")
        except OSError as exc:
            raise DockerError(f"failed to save output: open {path}: {exc.strerror}") from None
        written = 0
        try:
            with fh:
                for chunk in response.iter_content(chunk_size=CHUNK):
                    fh.write(chunk)
                    written += len(chunk)
        except BaseException:
            os.unlink(path)
            raise
    return written
