"""`attach` and `start -a/-i`: a container's output streamed live, like an attached `run`.

The daemon never ends an attach to a container that has already exited, so we attach only to
running containers, and `start -a` attaches before it starts (nothing is missed, nothing hangs).
"""

from __future__ import annotations

from typing import Any

from ..streams.attached import ExitCode, follow, open_attach, wanted_streams
from ..streams.stdin import as_bytes, attach_with_stdin
from ..engine import Engine
from ..errors import DockerError, UsageError
from ..notice import warning
from ..progress import on_tty
from .common import DETACH_KEYS
from .spec import Argument, command, flag

NO_STDIN = "docker: note: a notebook has no terminal: stdin is not attached"


@command("attach", "Attach to a running container (its live terminal where widgets draw and it "
                   "was made with -it; else its output)",
         aliases=("container attach",),
         options=(DETACH_KEYS,
                  flag("--no-stdin", help="Do not attach STDIN (no terminal: its output only)"),
                  flag("--sig-proxy", default=True,
                       help="Interrupting stops the container (--sig-proxy=false: only stop "
                            "following)")),
         arguments=(Argument("CONTAINER", completer="running"),))
def attach(engine: Engine, container: str, detach_keys: str | None = None,
           no_stdin: bool = False, sig_proxy: bool = True) -> Any:
    """Stream the output until the container exits; return its exit code. A container made
    with -it, where widgets draw: its live terminal (TerminalWidget), returned at once."""
    api = engine.api
    info = api.inspect_container(container)
    refuse_unless_running(info["State"])
    config = info.get("Config") or {}
    if config.get("Tty") and config.get("OpenStdin") and not no_stdin:
        from ..progress import chosen_mode

        if chosen_mode() == "widget":  # a container made with -it: its terminal, at once
            from ..terminal.session import AttachTarget
            from ..terminal.widget import TerminalWidget

            return TerminalWidget(AttachTarget(engine, info["Name"].lstrip("/") or container,
                                               detach_keys))
        if on_tty():  # terminal IPython: the user's terminal, as the CLI
            from ..terminal.session import AttachTarget
            from ..terminal.tty import attach_on_tty

            return attach_on_tty(AttachTarget(engine, info["Name"].lstrip("/") or container,
                                              detach_keys), detach_keys)
    frames = open_attach(engine, container, command="attach")
    state = api.inspect_container(container)["State"]
    if not state.get("Running"):  # it exited while we attached: nothing more will come
        frames.close()
        return ExitCode(state.get("ExitCode") or 0)
    return follow(engine, container, container, frames, stop_on_interrupt=sig_proxy)


def refuse_unless_running(state: dict) -> None:
    """The CLI's refusals, before any attach could hang."""
    if state.get("Paused"):
        raise DockerError("You cannot attach to a paused container, unpause it first")
    if not state.get("Running"):
        raise DockerError("You cannot attach to a stopped container, start it first")


def start_attached(engine: Engine, containers: list[str], interactive: bool,
                   stdin: str | bytes | None = None, detach_keys: str | None = None) -> Any:
    """`start -a`: attach first, then start, then stream until the container exits; `stdin`
    (`-ai` with a cell body) is written once it started, then closed. `-ai` of a container
    made with -it, where widgets draw: its live terminal (attach, then start), at once."""
    if len(containers) > 1:
        raise UsageError("you cannot start and attach multiple containers at once",
                         command="start")
    name = containers[0]
    api = engine.api
    config = api.inspect_container(name)
    if config["State"].get("Paused"):
        raise DockerError("You cannot start and attach to a paused container, unpause it first")
    made = config.get("Config") or {}
    if interactive and stdin is None and made.get("Tty") and made.get("OpenStdin"):
        from ..progress import chosen_mode

        if chosen_mode() == "widget":
            from ..terminal.session import StartTarget
            from ..terminal.widget import TerminalWidget

            return TerminalWidget(StartTarget(engine, config["Name"].lstrip("/") or name,
                                              detach_keys))
    if interactive and stdin is None:
        warning(NO_STDIN)
    if stdin is not None and not (config["Config"].get("OpenStdin")
                                  and config["Config"].get("StdinOnce")):
        raise DockerError(f"{name} was not created with -i (or was with -d): it cannot read "
                          "the cell body; %docker create -i ... makes one that can")
    frames = (attach_with_stdin(engine, name, wanted_streams(None, "start")) if stdin is not None
              else open_attach(engine, name, command="start"))
    try:
        api.start(name)
    except BaseException:
        frames.close()
        raise
    if stdin is not None:
        frames.feed(as_bytes(stdin))
    return follow(engine, name, name, frames)
