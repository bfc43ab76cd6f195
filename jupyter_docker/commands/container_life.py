"""The container life cycle: start, stop, restart, kill, pause, unpause, rm, rename, wait."""

from __future__ import annotations

from typing import Any

from ..display import Lines
from ..engine import Engine
from .common import DETACH_KEYS, each
from .spec import Argument, command, flag, value

CONTAINERS = Argument("CONTAINER", "+", completer="container")
TIME = value("-t", "--time", kind="int", metavar="int",
             help="Seconds to wait before killing the container")


@command("start", "Start one or more stopped containers", aliases=("container start",),
         options=(flag("-a", "--attach", help="Attach STDOUT/STDERR: stream the output live "
                                              "until the container exits"),
                  flag("-i", "--interactive", help="Like -a (in a notebook there is no "
                                                   "terminal: stdin is not attached)"),
                  DETACH_KEYS),
         arguments=(CONTAINERS,))
def start(engine: Engine, container: list[str], attach: bool = False,
          interactive: bool = False, detach_keys: str | None = None) -> Any:
    """Start them; with -a/-i attach first, stream the output and return the exit code."""
    if attach or interactive:
        from .container_attach import start_attached

        return start_attached(engine, container, interactive)
    return each(engine, container, engine.api.start)


@command("stop", "Stop one or more running containers", aliases=("container stop",),
         options=(value("-s", "--signal", metavar="string", help="Signal to send to the container"),
                  TIME),
         arguments=(CONTAINERS,))
def stop(engine: Engine, container: list[str], signal: str | None = None,
         time: int | None = None) -> Lines:
    def act(name: str) -> None:
        if signal:
            engine.api.kill(name, signal)
            engine.api.wait(name, timeout=time if time is not None else 10)
        else:
            engine.api.stop(name, timeout=time)

    return each(engine, container, act)


@command("restart", "Restart one or more containers", aliases=("container restart",),
         options=(TIME,), arguments=(CONTAINERS,))
def restart(engine: Engine, container: list[str], time: int | None = None) -> Lines:
    return each(engine, container, lambda n: engine.api.restart(n, timeout=time or 10))


@command("kill", "Kill one or more running containers", aliases=("container kill",),
         options=(value("-s", "--signal", metavar="string", default="KILL",
                        help="Signal to send to the container"),),
         arguments=(CONTAINERS,))
def kill(engine: Engine, container: list[str], signal: str = "KILL") -> Lines:
    return each(engine, container, lambda n: engine.api.kill(n, signal))


@command("pause", "Pause all processes within one or more containers",
         aliases=("container pause",), arguments=(CONTAINERS,))
def pause(engine: Engine, container: list[str]) -> Lines:
    return each(engine, container, engine.api.pause)


@command("unpause", "Unpause all processes within one or more containers",
         aliases=("container unpause",), arguments=(CONTAINERS,))
def unpause(engine: Engine, container: list[str]) -> Lines:
    return each(engine, container, engine.api.unpause)


@command("rm", "Remove one or more containers", aliases=("container rm", "container remove"),
         options=(flag("-f", "--force", help="Force the removal of a running container (uses SIGKILL)"),
                  flag("-l", "--link", help="Remove the specified link"),
                  flag("-v", "--volumes", help="Remove anonymous volumes associated with the container")),
         arguments=(CONTAINERS,))
def rm(engine: Engine, container: list[str], force: bool = False, link: bool = False,
       volumes: bool = False) -> Lines:
    return each(engine, container,
                lambda n: engine.api.remove_container(n, v=volumes, link=link, force=force))


@command("rename", "Rename a container", aliases=("container rename",),
         arguments=(Argument("CONTAINER", completer="container"), Argument("NEW_NAME")))
def rename(engine: Engine, container: str, new_name: str) -> None:
    engine.api.rename(container, new_name)


@command("wait", "Block until one or more containers stop, then print their exit codes",
         aliases=("container wait",), arguments=(CONTAINERS,))
def wait(engine: Engine, container: list[str]) -> Lines:
    api = engine.api

    def act(name: str) -> int:
        return int(api._result(api._post(api._url("/containers/{0}/wait", name), timeout=None),
                               True)["StatusCode"])

    return Lines(each(engine, container, act))  # exit codes: a value, not a confirmation
