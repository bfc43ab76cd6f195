"""A throwaway HTTP server on the engine's 127.0.0.1 serving a directory, so the engine can
fetch build contexts, git repositories and import archives from it (the main engine shares
this process's loopback; the Engine 26 pair have their own, see tests/netns.py)."""

from __future__ import annotations

import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from netns import engine_net


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """Serve `root`; yields its base URL (`http://127.0.0.1:PORT`)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    with engine_net():  # the listening socket lives on the engine's loopback
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
