"""Hang up an `exec -it` shell whose terminal was closed, as closing a terminal window does.

The engine keeps an exec running when its stream closes (measured on 20.10 and 26.1) and has
no request to end one. So each terminal's exec carries a marker in its environment
(`JUPYTER_DOCKER_TERMINAL=<key>`), and closing the terminal sends SIGHUP to every process of
the container whose environment holds it: the shell and what it started.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

MARKER = "JUPYTER_DOCKER_TERMINAL"
SCRIPT = ('for p in /proc/[0-9]*; do tr "\\000" "\\n" < "$p/environ" 2>/dev/null | '
          'grep -qx "{marker}" && kill -HUP "${{p#/proc/}}"; done')


def new_marker() -> str:
    """A `NAME=VALUE` no other terminal's exec carries."""
    return f"{MARKER}={uuid.uuid4().hex}"


def hang_up(engine: Any, container: str, exec_id: str, marker: str,
            patience: float = 5.0) -> bool:
    """SIGHUP every process of `container` whose environment holds `marker`, then wait for
    exec `exec_id` to end. True once it has; False if it outlived `patience` (a shell that
    ignores SIGHUP) or the engine or container is gone (then there is nothing left to end)."""
    api = engine.api
    try:
        if not api.exec_inspect(exec_id).get("Running"):
            return True
        killer = api.exec_create(container, ["sh", "-c", SCRIPT.format(marker=marker)],
                                 stdout=True, stderr=True)
        api.exec_start(killer["Id"])  # returns when the loop is done
        deadline = time.monotonic() + patience
        while api.exec_inspect(exec_id).get("Running"):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True
    except Exception:  # noqa: BLE001 - the engine or container went first: nothing to end
        return False
