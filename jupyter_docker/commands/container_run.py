"""`create` and `run`: one table of run flags, one pure translation to SDK arguments."""

from __future__ import annotations

from typing import Any

from ..streams.attached import follow, open_attach, wanted_streams
from ..display import Text
from ..engine import Engine
from ..errors import DockerError, UsageError
from ..made_here import record
from ..notice import info, warning
from ..runspec import (parse_mount, parse_publish, parse_restart, parse_volume, port_range,
                       read_env_file)
from .common import DETACH_KEYS
from .spec import Argument, command, flag, value

RUN_OPTIONS = (
    flag("-d", "--detach", help="Run container in background and print container ID"),
    value("--name", metavar="string", help="Assign a name to the container"),
    flag("--rm", help="Automatically remove the container when it exits"),
    DETACH_KEYS,
    value("-e", "--env", kind="list", metavar="list", help="Set environment variables"),
    value("--env-file", kind="list", metavar="list", help="Read in a file of environment variables"),
    value("-h", "--hostname", metavar="string", help="Container host name"),
    value("-w", "--workdir", metavar="string", help="Working directory inside the container"),
    value("-u", "--user", metavar="string", help="Username or UID (format: <name|uid>[:<group|gid>])"),
    value("--entrypoint", metavar="string", help="Overwrite the default ENTRYPOINT of the image"),
    value("-v", "--volume", kind="list", metavar="list", help="Bind mount a volume"),
    value("--volumes-from", kind="list", metavar="list",
          help="Mount volumes from the specified container(s)"),
    value("-p", "--publish", kind="list", metavar="list",
          help="Publish a container's port(s) to the host"),
    flag("-P", "--publish-all", help="Publish all exposed ports to random ports"),
    value("--expose", kind="list", metavar="list", help="Expose a port or a range of ports"),
    value("--link", kind="list", metavar="list", help="Add link to another container"),
    value("--network", metavar="network", help="Connect a container to a network"),
    value("--network-alias", kind="list", metavar="list",
          help="Add network-scoped alias for the container"),
    value("--restart", metavar="string", help="Restart policy to apply when a container exits"),
    value("-l", "--label", kind="list", metavar="list", help="Set meta data on a container"),
    value("-m", "--memory", kind="bytes", metavar="bytes", help="Memory limit"),
    value("--cpus", metavar="decimal", help="Number of CPUs"),
    flag("--privileged", help="Give extended privileges to this container"),
    value("--cap-add", kind="list", metavar="list", help="Add Linux capabilities"),
    value("--cap-drop", kind="list", metavar="list", help="Drop Linux capabilities"),
    flag("--read-only", help="Mount the container's root filesystem as read only"),
    value("--tmpfs", kind="list", metavar="list", help="Mount a tmpfs directory"),
    flag("--init", help="Run an init inside the container that forwards signals and reaps processes"),
    value("--stop-signal", metavar="string", help="Signal to stop the container"),
    value("--stop-timeout", kind="int", metavar="int", help="Timeout (in seconds) to stop a container"),
    value("--mount", kind="list", metavar="mount",
          help="Attach a filesystem mount to the container (type=volume|bind|tmpfs,target=...)"),
    value("--label-file", kind="list", metavar="list", help="Read in a line delimited file of labels"),
    value("--shm-size", kind="bytes", metavar="bytes", help="Size of /dev/shm"),
    value("--pull", metavar="string", choices=("missing", "always", "never"), default="missing",
          help='Pull image before running ("always", "missing", "never")'),
    value("--platform", metavar="string", help="Set platform if server is multi-platform capable"),
    value("-a", "--attach", kind="list", metavar="list",
          help="Attach to STDIN, STDOUT or STDERR"),
    flag("-i", "--interactive",
         help="Keep STDIN open (with -d: e.g. `-dit` keeps a shell alive for `exec`; attached "
              "in a notebook there is no terminal, stdin is not attached)"),
    flag("-t", "--tty", help="Allocate a pseudo-TTY (with -d; attached in a notebook: ignored)"),
)
IMAGE = Argument("IMAGE", completer="image")
COMMAND = Argument("COMMAND", "...")


def sdk_arguments(values: dict[str, Any], image: str, cmd: list[str],
                  detach: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Parsed run flags -> (create_container kwargs, create_host_config kwargs). Pure."""
    v = values
    if v.get("rm") and v.get("restart") and v["restart"] != "no":
        raise UsageError('conflicting options: cannot specify both --restart and --rm',
                         command="run")
    env = [line for path in v.get("env_file") or [] for line in read_env_file(path)]
    env += list(v.get("env") or [])
    ports: dict[str, list] = {}
    for spec in v.get("publish") or []:
        for private, binds in parse_publish(spec).items():
            ports.setdefault(private, []).extend(binds)
    exposed = [tuple(p.split("/")) for p in ports]
    for spec in v.get("expose") or []:
        body, _, proto = spec.partition("/")
        exposed += [(str(n), proto or "tcp") for n in port_range(body, spec)]
    binds, anonymous = [], []
    for spec in v.get("volume") or []:
        source, target, mode = parse_volume(spec)
        (binds.append(f"{source}:{target}:{mode}") if source else anonymous.append(target))
    label_lines = [line for path in v.get("label_file") or [] for line in read_env_file(path)]
    labels = {k: val for k, _, val in (s.partition("=") for s in label_lines + list(v.get("label") or []))}
    host: dict[str, Any] = {
        "binds": binds or None,
        "port_bindings": {p: [(ip, h) if ip else h for ip, h in b] for p, b in ports.items()}
        or None,
        "publish_all_ports": v.get("publish_all") or False,
        "links": {a: b for a, _, b in (l.partition(":") for l in v.get("link") or [])} or None,
        "volumes_from": v.get("volumes_from") or None,
        "network_mode": v.get("network"),
        "restart_policy": parse_restart(v["restart"]) if v.get("restart") else None,
        "mem_limit": v.get("memory"),
        "nano_cpus": int(float(v["cpus"]) * 1e9) if v.get("cpus") else None,
        "privileged": v.get("privileged") or False,
        "cap_add": v.get("cap_add") or None,
        "cap_drop": v.get("cap_drop") or None,
        "read_only": v.get("read_only") or None,
        "tmpfs": {t.partition(":")[0]: t.partition(":")[2] for t in v.get("tmpfs") or []} or None,
        "init": v.get("init") or None,
        "shm_size": v.get("shm_size"),
        "mounts": [parse_mount(m) for m in v.get("mount") or []] or None,
        "auto_remove": bool(v.get("rm")) and detach,
    }
    create: dict[str, Any] = {
        "image": image, "command": cmd or None, "name": v.get("name"),
        "environment": env or None, "hostname": v.get("hostname"),
        "working_dir": v.get("workdir"), "user": v.get("user"),
        "entrypoint": v.get("entrypoint"), "ports": exposed or None,
        "volumes": anonymous + [b.split(":")[1] for b in binds] or None,
        "labels": labels or None, "stop_signal": v.get("stop_signal"),
        "stop_timeout": v.get("stop_timeout"), "tty": bool(v.get("tty")) and detach,
        "stdin_open": bool(v.get("interactive")) and detach,
        "detach": detach, "platform": v.get("platform"),
    }
    return create, {k: val for k, val in host.items() if val is not None}


def create_container(engine: Engine, values: dict[str, Any], image: str, cmd: list[str],
                     detach: bool) -> str:
    """Create the container (with its network aliases); returns its id."""
    from docker.types import Mount

    api = engine.api
    create, host = sdk_arguments(values, image, cmd, detach)
    if "mounts" in host:
        host["mounts"] = [Mount(**m) for m in host["mounts"]]
    ensure_image(engine, image, values.get("pull") or "missing", values.get("platform"))
    create["host_config"] = api.create_host_config(**host)
    if values.get("network_alias") and values.get("network"):
        create["networking_config"] = api.create_networking_config(
            {values["network"]: api.create_endpoint_config(aliases=values["network_alias"])})
    try:
        return record("container", api.create_container(**create)["Id"])
    except Exception as exc:
        if getattr(exc, "status_code", None) == 404 and "No such image" in str(exc):
            raise DockerError(f"Unable to find image '{image}' locally (--pull never: "
                              "build it, load it or pull it first)") from None
        raise


def ensure_image(engine: Engine, image: str, policy: str, platform: str | None) -> None:
    """`--pull`: `always` pulls, `missing` pulls only when the image is absent, `never` never."""
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
         options=RUN_OPTIONS, arguments=(IMAGE, COMMAND), interspersed=False)
def create(engine: Engine, image: str, command: list[str], **values: Any) -> Text:
    """Create a container without starting it; returns its id."""
    return Text(create_container(engine, values, image, command, detach=True))


FORM = flag("--form", help="Open a form for the run options that shows the equivalent "
                           "%docker run line (a notebook with widgets)")


@command("run", "Create and run a new container from an image", aliases=("container run",),
         options=(*RUN_OPTIONS, FORM), arguments=(Argument("IMAGE", "?", completer="image"),
                                                  COMMAND), interspersed=False)
def run(engine: Engine, image: str | None, command: list[str], **values: Any) -> Any:
    """`-d`: start and return the id. Otherwise stream the output live and return the exit code.
    `--form`: the run form, pre-filled with IMAGE."""
    if values.pop("form", False):
        from ..widgets.run_form import RunForm

        return RunForm(engine, image)
    if not image:
        raise UsageError('"docker run" requires at least 1 argument.', command="run")
    detach = bool(values.get("detach"))
    if (values.get("interactive") or values.get("tty")) and not detach:
        warning("docker: note: a notebook has no terminal: stdin is not attached and no TTY is "
                "allocated (the container reads end of input); use -dit to keep it running")
    wanted_streams(values.get("attach"), "run")
    cid = create_container(engine, values, image, command, detach=detach)
    api = engine.api
    try:
        frames = None if detach else open_attach(engine, cid, values.get("attach"))
        api.start(cid)
    except BaseException:
        if values.get("rm"):
            _remove_quietly(engine, cid)  # with -d the daemon may have removed it already
        raise
    if detach:
        return Text(cid)
    try:
        return follow(engine, cid, values.get("name") or cid[:12], frames)
    finally:
        if values.get("rm"):
            _remove_quietly(engine, cid)
