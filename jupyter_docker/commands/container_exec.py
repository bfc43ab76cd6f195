"""`exec`: run a command in a running container, its output streamed live into the cell."""

from __future__ import annotations

import sys
import time
from typing import Any

from ..streams.attached import ExitCode, close_stream, gone_after, pump
from ..streams.stdin import as_bytes, check_stdin, exec_with_stdin
from ..engine import Engine
from ..notice import warning
from ..progress import chosen_mode, on_tty
from ..runspec import read_env_file
from .common import DETACH_KEYS
from .spec import Argument, command, flag, value

NO_TERMINAL = ("docker: note: a notebook has no terminal: stdin is not attached and no TTY is "
               "allocated (the command reads end of input)")


@command("exec", "Execute a command in a running container", aliases=("container exec",),
         options=(flag("-d", "--detach", help="Detached mode: run command in the background"),
                  DETACH_KEYS,
                  value("-e", "--env", kind="list", metavar="list",
                        help="Set environment variables"),
                  value("--env-file", completer="path", kind="list", metavar="list",
                        help="Read in a file of environment variables"),
                  flag("-i", "--interactive",
                       help="Keep STDIN open (%%docker exec -i: the cell body is stdin; -it "
                            "where widgets draw: a live terminal; otherwise none)"),
                  flag("--privileged", help="Give extended privileges to the command"),
                  flag("-t", "--tty", help="Allocate a pseudo-TTY (with -d, or -it where "
                                           "widgets draw: a live terminal; else ignored)"),
                  value("-u", "--user", metavar="string",
                        help="Username or UID (format: <name|uid>[:<group|gid>])"),
                  value("-w", "--workdir", metavar="string",
                        help="Working directory inside the container")),
         arguments=(Argument("CONTAINER", completer="running"), Argument("COMMAND", "+")),
         interspersed=False, cell="stdin")
def exec_(engine: Engine, container: str, command: list[str], detach: bool = False,
          env: list[str] | None = None, env_file: list[str] | None = None,
          interactive: bool = False, privileged: bool = False, tty: bool = False,
          user: str | None = None, workdir: str | None = None,
          detach_keys: str | None = None, stdin: str | bytes | None = None) -> Any:
    """Attached: stream the output, return the exit code (shown when not 0). `-d`: start it
    and return None. `-i` with `stdin` (the %%docker cell body): the command's standard input,
    then end of input. `-it` where widgets draw: a live terminal (TerminalWidget), at once.
    An interrupt stops following; the command may go on in the container."""
    environment = [line for path in env_file or [] for line in read_env_file(path)]
    environment += list(env or [])
    if stdin is not None:
        check_stdin(interactive, tty, detach, "exec")
    elif interactive and tty and not detach and chosen_mode() == "widget":
        from ..terminal.session import ExecTarget  # $JUPYTER_DOCKER_PROGRESS=text: the note
        from ..terminal.widget import TerminalWidget

        return TerminalWidget(ExecTarget(engine, container, command, privileged=privileged,
                                         user=user or "", environment=environment or None,
                                         workdir=workdir, detach_keys=detach_keys))
    elif interactive and tty and not detach and on_tty():  # terminal IPython: as the CLI
        from ..terminal.session import ExecTarget
        from ..terminal.tty import exec_on_tty

        return exec_on_tty(ExecTarget(engine, container, command, privileged=privileged,
                                      user=user or "", environment=environment or None,
                                      workdir=workdir, detach_keys=detach_keys), detach_keys)
    no_terminal = stdin is None and bool(interactive or tty) and not detach
    api = engine.api
    exec_id = api.exec_create(container, command, stdout=True, stderr=True,
                              stdin=stdin is not None,
                              tty=tty and detach, privileged=privileged, user=user or "",
                              environment=environment or None, workdir=workdir)["Id"]
    if no_terminal:  # said once the exec exists: a missing container is its one line alone
        warning(NO_TERMINAL)
    if detach:
        api.exec_start(exec_id, detach=True)
        return None
    stream = (exec_with_stdin(engine, exec_id, as_bytes(stdin)) if stdin is not None
              else api.exec_start(exec_id, stream=True, demux=True))
    try:
        pump(stream)
    except KeyboardInterrupt:
        print(f"docker: interrupted: stopped following exec in {container} "
              "(the command may still be running there)", file=sys.stderr)
        return None
    finally:
        close_stream(stream)
    # Like the CLI: what the command (or the engine) wrote, then its code, said once: as the
    # cell's value ("exit code 126"), not also as a line of ours.
    with gone_after(f"stopped following exec in {container}"):
        return ExitCode(exit_code(engine, exec_id))


def exit_code(engine: Engine, exec_id: str, patience: float = 5.0) -> int:
    """The exec's exit code, once the engine has recorded it (just after the stream ends)."""
    deadline = time.monotonic() + patience
    while True:
        info = engine.api.exec_inspect(exec_id)
        if not info.get("Running") and info.get("ExitCode") is not None:
            return int(info["ExitCode"])
        if time.monotonic() > deadline:
            return int(info.get("ExitCode") or 0)
        time.sleep(0.02)

