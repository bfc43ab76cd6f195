"""The container life cycle: start, stop, restart, kill, pause, unpause, rm, rename, wait."""

from __future__ import annotations

from typing import Any

from ..display import Lines
from ..engine import Engine
from .common import DETACH_KEYS, each
from .spec import Argument, command, flag, value

CONTAINERS = Argument("CONTAINER", "+", completer="container")
TIMEOUT = value("-t", "--timeout", kind="int", metavar="int", aliases=("--time",),
                help="Seconds to wait before killing the container")
SIGNAL = value("-s", "--signal", metavar="string", help="Signal to send to the container")


@command("start", "Start one or more stopped containers", aliases=("container start",),
         options=(flag("-a", "--attach", help="Attach STDOUT/STDERR: stream the output live "
                                              "until the container exits"),
                  flag("-i", "--interactive", help="Attach STDIN (-ai of a container made with "
                                                   "-it, where widgets draw: a live terminal; "
                                                   "%%docker start -ai: the cell body)"),
                  DETACH_KEYS),
         arguments=(CONTAINERS,), cell="stdin")
def start(engine: Engine, container: list[str], attach: bool = False,
          interactive: bool = False, detach_keys: str | None = None,
          stdin: str | bytes | None = None) -> Any:
    """Start them; with -a/-i attach first, stream the output and return the exit code.
    `%%docker start -ai NAME`: the cell body is its stdin (a container created with -i)."""
    if stdin is not None:
        from ..streams.stdin import check_stdin

        check_stdin(interactive, False, False, "start")
    if attach or interactive:
        from .container_attach import start_attached

        return start_attached(engine, container, interactive, stdin, detach_keys)
    return each(engine, container, engine.api.start)


def _stop(engine: Engine, name: str, signal: str | None, timeout: int | None,
          then: str = "stop") -> None:
    """POST /containers/NAME/stop (or /restart) with the CLI's -s and -t. An engine before API
    1.42 takes no signal there: the signal is sent, then SIGKILL after the timeout."""
    api = engine.api
    params = {k: v for k, v in (("t", timeout), ("signal", signal)) if v is not None}
    if signal and _older_than(api.api_version, "1.42"):
        api.kill(name, signal)
        wait = 10 if timeout is None else timeout
        try:
            api._result(api._post(api._url("/containers/{0}/wait", name), timeout=wait + 1))
        except Exception as exc:  # noqa: BLE001 - still running after the timeout
            if "timed out" not in str(exc).lower() and "timeout" not in type(exc).__name__.lower():
                raise
            api.kill(name, "KILL")
        if then == "restart":
            api.start(name)
        return
    wait = (10 if timeout is None or timeout < 0 else timeout) + api.timeout
    api._raise_for_status(api._post(api._url("/containers/{0}/" + then, name), params=params,
                                    timeout=wait))


def _older_than(version: str, than: str) -> bool:
    return tuple(int(p) for p in version.split(".")) < tuple(int(p) for p in than.split("."))


@command("stop", "Stop one or more running containers", aliases=("container stop",),
         options=(SIGNAL, TIMEOUT), arguments=(CONTAINERS,))
def stop(engine: Engine, container: list[str], signal: str | None = None,
         timeout: int | None = None) -> Lines:
    return each(engine, container, lambda n: _stop(engine, n, signal, timeout))


@command("restart", "Restart one or more containers", aliases=("container restart",),
         options=(SIGNAL, TIMEOUT), arguments=(CONTAINERS,))
def restart(engine: Engine, container: list[str], signal: str | None = None,
            timeout: int | None = None) -> Lines:
    return each(engine, container, lambda n: _stop(engine, n, signal, timeout, then="restart"))


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
