"""Which builder a build uses, like the docker CLI: BuildKit when the engine has it.

`DOCKER_BUILDKIT=0` (or false) selects the classic builder, `=1` BuildKit; unset, the
`%config DockerMagics.buildkit` setting decides (True by default). An engine older than
18.09 (API 1.39), or a Windows engine, has no BuildKit: the build falls back to the classic
builder with a one-line note.
"""

from __future__ import annotations

import os
import re

from ..engine import Engine
from ..errors import DockerError

CONFIGURED = True  # %config DockerMagics.buildkit (set by the magic before each command)
MIN_API = "1.39"
PROGRESS = ("auto", "plain", "tty", "quiet", "rawjson")  # --progress


def wanted() -> bool | None:
    """True/False when DOCKER_BUILDKIT says so, else the configured default."""
    value = os.environ.get("DOCKER_BUILDKIT", "").strip().lower()
    if not value:
        return CONFIGURED
    if value in ("1", "true", "t", "yes", "y", "on"):
        return True
    if value in ("0", "false", "f", "no", "n", "off"):
        return False
    raise DockerError(f"DOCKER_BUILDKIT environment variable expects boolean value: "
                      f"strconv.ParseBool: parsing {value!r}: invalid syntax")


_UNREADABLE: dict[str, str] = {}  # engine address -> why its BuildKit cannot read our upload


def unreadable_upload(engine: Engine, why: str) -> str:
    """Remember that this engine's BuildKit cannot read an uploaded context; the note."""
    _UNREADABLE[engine.target.host] = why
    return _note(why)


def _note(why: str) -> str:
    return (f"note: this engine's BuildKit cannot read an uploaded context without a session "
            f"({why}); building with the classic builder")


PREDICTED_WHY = "the containerd image store before Engine 27.5, moby#47717"
FIXED_IN = (27, 5)  # moby#49178: the containerd store reads an uploaded context again
_PREDICTED: dict[str, bool] = {}  # engine address -> /info says it cannot read an upload


def upload_unreadable(engine: Engine) -> bool:
    """Whether this engine's BuildKit cannot read an uploaded tar context: seen in a build
    (`unreadable_upload`), or the containerd image store before Engine 27.5 (moby#47717),
    asked once per engine (`/info`)."""
    host = engine.target.host
    if host in _UNREADABLE:
        return True
    if host not in _PREDICTED:
        try:
            info = engine.api.info()
        except Exception:  # noqa: BLE001 - unknown: try the upload, the build says the rest
            return False
        containerd = any("io.containerd.snapshotter" in str(value)
                         for _key, value in info.get("DriverStatus") or [])
        version = tuple(int(n) for n in re.findall(r"\d+", info.get("ServerVersion", ""))[:2])
        _PREDICTED[host] = containerd and version < FIXED_IN
    return _PREDICTED[host]


def use_buildkit(engine: Engine, sends_context: bool = False) -> tuple[bool, str]:
    """(BuildKit?, a note to show when falling back to the classic builder). `sends_context`:
    the context goes through a session (a directory, a cell), so an engine that cannot read
    an uploaded one (seen, or predicted from /info) still builds it with BuildKit."""
    if not wanted():
        return False, ""
    if not sends_context and upload_unreadable(engine):
        return False, _note(_UNREADABLE.get(engine.target.host, PREDICTED_WHY))
    if not engine.at_least(MIN_API):
        return False, (f"note: this engine (API {engine.version}) has no BuildKit; building "
                       "with the classic builder")
    return True, ""
