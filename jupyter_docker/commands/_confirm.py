"""Ask before destructive commands (`prune` without -f), like the CLI."""

from __future__ import annotations

from ..errors import DockerError


def confirm(warning: str, force: bool) -> None:
    """Return if confirmed; raise one line if refused or if nobody can answer."""
    if force:
        return
    try:
        answer = input(f"{warning}\nAre you sure you want to continue? [y/N] ")
    except Exception:  # noqa: BLE001 - no stdin (nbclient, scripts): refuse, say how
        raise DockerError("not confirmed: no way to ask here; pass -f to skip the question") from None
    if answer.strip().lower() not in ("y", "yes"):
        raise DockerError("cancelled")
