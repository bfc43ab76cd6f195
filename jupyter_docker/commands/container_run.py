"""`create` and `run`: the executors over the run flags (`_run_options`) and their pure
translation to the engine's request (`runconfig`)."""

from __future__ import annotations

import os
from typing import Any

from ..streams.attached import follow, open_attach, wanted_streams
from ..streams.stdin import as_bytes, attach_with_stdin, check_stdin
from ..display import Text
from ..engine import Engine
from ..errors import DockerError, UsageError
from ..made_here import record
from ..notice import info, warning
from ..progress import on_tty
from ..runconfig import sdk_arguments
from ._run_options import RUN_OPTIONS, SIG_PROXY
from .spec import Argument, command, flag

IMAGE = Argument("IMAGE", completer="image")
COMMAND = Argument("COMMAND", "...")


def create_container(engine: Engine, values: dict[str, Any], image: str, cmd: list[str],
                     detach: bool, attachable: bool = False) -> str:
    """Create the container (its networks, --cidfile, --use-api-socket too); returns its id.
    Every flag is checked before the image is pulled or anything is created. `attachable`
    (`create`): configured for a later `start -a`, as the CLI's (`-i`: stdin closes once)."""
    from docker.errors import DockerException
    from docker.types import Mount

    create, host = sdk_arguments(values, image, cmd, detach)  # before the engine is asked
    if attachable:
        create["detach"] = False  # AttachStdout/Stderr, and with -i AttachStdin + StdinOnce
    host["mounts"] = [Mount(**m) for m in host.get("mounts") or []] + _api_socket(engine, values)
    api = engine.api
    try:
        create["host_config"] = api.create_host_config(**host)
    except (DockerException, TypeError, ValueError) as exc:  # docker-py's own checks
        raise UsageError(str(exc), command="run") from None
    cidfile = values.get("cidfile")
    if cidfile:
        _claim_cidfile(cidfile)
    try:
        ensure_image(engine, image, values.get("pull") or "missing", values.get("platform"),
                     quiet=bool(values.get("quiet")))
        created = api.create_container(**create)
        cid = record("container", created["Id"])
    except BaseException as exc:
        if cidfile:
            os.remove(cidfile)
        if getattr(exc, "status_code", None) == 404 and "No such image" in str(exc):
            raise DockerError(f"Unable to find image '{image}' locally (--pull never: "
                              "build it, load it or pull it first)") from None
        raise
    for text in created.get("Warnings") or []:  # e.g. a limit this kernel cannot keep
        warning(f"WARNING: {text}")
    if cidfile:
        with open(cidfile, "w") as fh:
            fh.write(cid)
    return cid


def _claim_cidfile(path: str) -> None:
    """--cidfile: refuse an existing file, and make it now (the CLI's order and lines)."""
    if os.path.exists(path):
        raise DockerError(f"Container ID file found, make sure the other container isn't "
                          f"running or delete {path}")
    try:
        open(path, "x").close()
    except OSError as exc:
        raise DockerError(f"failed to create the container ID file: open {path}: "
                          f"{(exc.strerror or str(exc)).lower()}") from None


def _api_socket(engine: Engine, values: dict[str, Any]) -> list[Any]:
    """--use-api-socket: the engine's unix socket at /var/run/docker.sock in the container."""
    if not values.get("use_api_socket"):
        return []
    from docker.types import Mount

    host = engine.target.host
    if not host.startswith("unix://"):
        raise UsageError(f"flag --use-api-socket can only be used with unix sockets: docker "
                         f"endpoint {host} incompatible", command="run")
    return [Mount(target="/var/run/docker.sock", source=host[len("unix://"):], type="bind")]


def ensure_image(engine: Engine, image: str, policy: str, platform: str | None,
                 quiet: bool = False) -> None:
    """`--pull`: `always` pulls, `missing` pulls only when the image is absent, `never` never.
    `quiet` (-q): no pull output."""
    if policy == "never":
        return
    if policy == "missing":
        try:
            engine.api.inspect_image(image)
            return
        except Exception as exc:
            if getattr(exc, "status_code", None) != 404:
                raise
    repo, tag = _split_tag(image)
    if not quiet:
        info(f"Unable to find image '{image}' locally" if policy == "missing" else
             f"Pulling {image}")
    try:
        for _ in engine.api.pull(repo, tag=tag, platform=platform, stream=True, decode=True):
            pass
    except Exception as exc:
        raise DockerError(f"Unable to find image '{image}' locally and pulling it failed: "
                          f"{getattr(exc, 'explanation', None) or exc}") from None


def _split_tag(image: str) -> tuple[str, str | None]:
    """`reg:5000/a/b:tag` -> ("reg:5000/a/b", "tag"); digests stay in the name."""
    if "@" in image:
        return image, None
    name, sep, tag = image.rpartition(":")
    if sep and "/" not in tag:
        return name, tag
    return image, "latest"


def _remove_quietly(engine: Engine, cid: str) -> None:
    """`--rm` clean-up that never hides the error that brought us here."""
    try:
        engine.api.remove_container(cid, force=True, v=True)
    except Exception:
        pass


@command("create", "Create a new container", aliases=("container create",),
         options=tuple(o for o in RUN_OPTIONS if o.dest not in ("detach", "detach_keys")),
         arguments=(IMAGE, COMMAND), interspersed=False)
def create(engine: Engine, image: str, command: list[str], **values: Any) -> Text:
    """Create a container without starting it; returns its id."""
    return Text(create_container(engine, values, image, command, detach=True, attachable=True))


def draws_widgets() -> bool:
    from ..progress import chosen_mode

    return chosen_mode() == "widget"


def run_terminal(engine: Engine, values: dict[str, Any], image: str, cmd: list[str]) -> Any:
    """`run -it` where widgets draw: create it now (every flag checked, the image pulled),
    then its live terminal attaches and starts it, as the CLI does; --rm is the engine's
    AutoRemove, so a detached container is removed when it exits later."""
    from ..terminal import keys
    from ..terminal.session import RunTarget
    from ..terminal.widget import TerminalWidget

    detach_keys = keys.chosen(values.get("detach_keys"))  # a bad config.json: before create
    values.update(stdin_open=True, terminal=True)  # runconfig: a TTY, AutoRemove for --rm
    cid = create_container(engine, values, image, cmd, detach=False)
    label = values.get("name") or cid[:12]
    title = " ".join(["run -it", *(["--rm"] if values.get("rm") else []), image, *cmd])
    return TerminalWidget(RunTarget(engine, cid, label, bool(values.get("rm")), detach_keys,
                                    title))


FORM = flag("--form", help="Open a form for the run options that shows the equivalent "
                           "%docker run line (a notebook with widgets)")


@command("run", "Create and run a new container from an image", aliases=("container run",),
         options=(*RUN_OPTIONS, SIG_PROXY, FORM), arguments=(Argument("IMAGE", "?", completer="image"),
                                                  COMMAND), interspersed=False,
         cell="stdin")
def run(engine: Engine, image: str | None, command: list[str], stdin: str | bytes | None = None,
        **values: Any) -> Any:
    """`-d`: start and return the id. Otherwise stream the output live and return the exit code.
    `-i` with `stdin` (the %%docker cell body): that is the container's standard input, then
    end of input. `--form`: the run form, pre-filled with IMAGE."""
    if values.pop("form", False):
        from ..widgets.run_form import RunForm

        return RunForm(engine, image)
    if not image:
        raise UsageError('"docker run" requires at least 1 argument.', command="run")
    detach = bool(values.get("detach"))
    if detach and values.get("attach"):
        raise UsageError("conflicting options: cannot specify both --attach and --detach",
                         command="run")
    if stdin is not None:
        check_stdin(values.get("interactive"), values.get("tty"), detach, "run")
        values["stdin_open"] = True  # runconfig: -i keeps stdin open for this attach
    elif values.get("interactive") and values.get("tty") and not detach and on_tty():
        from ..terminal.tty import run_on_tty  # terminal IPython: as the CLI

        return run_on_tty(engine, image, command, values)
    elif values.get("interactive") and values.get("tty") and not detach and draws_widgets():
        return run_terminal(engine, values, image, command)
    no_terminal = stdin is None and bool(values.get("interactive") or values.get("tty")) \
        and not detach
    wanted_streams(values.get("attach"), "run")
    cid = create_container(engine, values, image, command, detach=detach)
    if no_terminal:  # said once the container exists: a missing image is its one line alone
        warning("docker: note: a notebook has no terminal: stdin is not attached and no TTY is "
                "allocated (the container reads end of input); use -dit to keep it running")
    api = engine.api
    try:
        if detach:
            frames = None
        elif stdin is not None:
            frames = attach_with_stdin(engine, cid, wanted_streams(values.get("attach"), "run"))
        else:
            frames = open_attach(engine, cid, values.get("attach"))
        api.start(cid)
        if stdin is not None:
            frames.feed(as_bytes(stdin))
    except BaseException:
        if values.get("rm"):
            _remove_quietly(engine, cid)  # with -d the daemon may have removed it already
        raise
    if detach:
        return Text(cid)
    try:
        return follow(engine, cid, values.get("name") or cid[:12], frames,
                      stop_on_interrupt=values.get("sig_proxy", True))
    finally:
        if values.get("rm"):
            _remove_quietly(engine, cid)
