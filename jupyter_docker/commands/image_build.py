"""`build`: an image from a Dockerfile, with BuildKit when the engine has it (like the CLI).

`%docker build -t app .` builds a directory (or a tar archive, or a URL the engine fetches);
`%%docker build -t app [CONTEXT]` builds the Dockerfile written in the cell; with `-` as the
context, standard input (the cell body, or `%docker build - < FILE`) is a Dockerfile or a tar
archive of the context, as in the CLI. With BuildKit
(jupyter_docker/buildkit/) the progress is a live view of the steps in a notebook and the
`--progress=plain` text elsewhere, and the result carries the build's record (`.steps`,
`.timeline()`); `DOCKER_BUILDKIT=0` or `%config DockerMagics.buildkit = False` select the
classic builder, whose log streams step by step. A failed build ends with one block: the
failing step, its output, the engine's message (classic: and the last good layer).
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..buildcontext import Context, dockerfile_text, prepare
from ..buildkit.choice import PROGRESS, unreadable_upload, upload_unreadable, use_buildkit
from ..buildlog import BuildLog
from ..engine.credentials import build_header
from ..display import Text
from ..engine import Engine
from ..errors import DockerError
from ..streams.jsonstream import follow
from ..made_here import record
from ..progress import Progress, start
from ..units import human_size
from ._run_options import CONTENT_TRUST
from .spec import Argument, command, flag, value

import jupyter_docker.runchecks as rc  # not `from .. import`: the package __getattr__ is the API


def build_args(pairs: dict[str, str | None] | None) -> dict[str, str | None]:
    """`--build-arg K=V`; a bare `--build-arg K` takes K from the environment, like the CLI
    (and is sent empty-handed when unset, so the Dockerfile's default applies)."""
    return {key: os.environ.get(key) if val is None else val
            for key, val in (pairs or {}).items()}


def build_params(values: dict[str, Any], ctx: Context) -> list[tuple[str, Any]]:
    """The /build query: a list of pairs, as `-t` may be given several times."""
    params: list[tuple[str, Any]] = [("t", tag) for tag in values.get("tag") or []]
    simple = {
        "dockerfile": ctx.dockerfile,
        "remote": ctx.remote,
        "nocache": values.get("no_cache"),
        "pull": values.get("pull"),
        "rm": values.get("rm", True),
        "forcerm": values.get("force_rm"),
        "target": values.get("target"),
        "networkmode": values.get("network"),
        "platform": values.get("platform"),
        "shmsize": values.get("shm_size"),
        "cgroupparent": values.get("cgroup_parent"),
        "cpuperiod": values.get("cpu_period"),
        "cpuquota": values.get("cpu_quota"),
        "cpushares": values.get("cpu_shares"),
        "cpusetcpus": values.get("cpuset_cpus"),
        "cpusetmems": values.get("cpuset_mems"),
        "isolation": values.get("isolation"),
        "memory": values.get("memory"),
        "memswap": values.get("memory_swap"),
    }
    for key, val in simple.items():
        if isinstance(val, bool):
            params.append((key, "1" if val else "0"))
        elif val:
            params.append((key, val))
    if values.get("build_arg"):
        params.append(("buildargs", json.dumps(build_args(values["build_arg"]))))
    if values.get("label"):
        params.append(("labels", json.dumps({k: v or "" for k, v in values["label"].items()})))
    if values.get("cache_from"):
        params.append(("cachefrom", json.dumps(values["cache_from"])))
    if values.get("add_host"):
        params.append(("extrahosts", ",".join(values["add_host"])))
    if values.get("ulimit"):
        params.append(("ulimits", json.dumps(values["ulimit"])))
    return params


@command(
    "build", "Build an image from a Dockerfile (in %%docker build, the cell is the Dockerfile)",
    aliases=("image build", "builder build"),
    options=(
        value("--add-host", kind="list", metavar="list", check=rc.add_host,
              help="Add a custom host-to-IP mapping (host:ip)"),
        value("--build-arg", kind="map", metavar="list", check=rc.build_arg,
              help="Set build-time variables"),
        value("--cache-from", kind="list", metavar="strings",
              help="Images to consider as cache sources"),
        value("--cgroup-parent", metavar="string",
              help='Set the parent cgroup for the "RUN" instructions during build'),
        flag("--compress", help="Compress the build context using gzip"),
        value("--cpu-period", kind="int", metavar="int",
              help="Limit the CPU CFS (Completely Fair Scheduler) period"),
        value("--cpu-quota", kind="int", metavar="int",
              help="Limit the CPU CFS (Completely Fair Scheduler) quota"),
        value("-c", "--cpu-shares", kind="int", metavar="int", help="CPU shares (relative weight)"),
        value("--cpuset-cpus", metavar="string", help="CPUs in which to allow execution (0-3, 0,1)"),
        value("--cpuset-mems", metavar="string", help="MEMs in which to allow execution (0-3, 0,1)"),
        CONTENT_TRUST,
        value("-f", "--file", completer="path", metavar="string",
              help="Name of the Dockerfile (Default is 'PATH/Dockerfile')"),
        flag("--force-rm", help="Always remove intermediate containers"),
        value("--iidfile", completer="path", metavar="string",
              help="Write the image ID to the file"),
        value("--isolation", metavar="string", help="Container isolation technology"),
        value("--label", kind="map", metavar="list", check=rc.label,
              help="Set metadata for an image"),
        value("-m", "--memory", kind="bytes", metavar="bytes", help="Memory limit"),
        value("--memory-swap", kind="bytes", metavar="bytes", check=rc.memory_swap,
              help="Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
        value("--network", metavar="string",
              help="Set the networking mode for the RUN instructions during build"),
        flag("--no-cache", help="Do not use cache when building the image"),
        value("--no-cache-filter", kind="list", metavar="stringArray",
              help="Do not cache specified stages"),
        value("--platform", metavar="string", help="Set platform if server is multi-platform "
              "capable"),
        value("--progress", metavar="string", choices=PROGRESS, default="auto",
              help='Set type of progress output ("auto", "plain", "tty", "quiet", "rawjson"). '
                   "Use plain to show container output"),
        flag("--pull", help="Always attempt to pull a newer version of the image"),
        flag("-q", "--quiet", help="Suppress the build output and print image ID on success"),
        flag("--rm", default=True,
             help="Remove intermediate containers after a successful build (default true)"),
        value("--secret", kind="list", metavar="stringArray",
              help='Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")'),
        value("--ssh", kind="list", metavar="stringArray",
              help='SSH agent socket to expose to the build (format: "default|<id>[=<socket>]")'),
        value("-o", "--output", kind="list", metavar="stringArray",
              help='Output destination (format: "type=local,dest=path" or "type=tar,dest=file")'),
        value("--security-opt", kind="list", metavar="strings", hidden=True,
              refused="the engine's build API takes no security options (the docker CLI "
                      "drops them without a word)"),
        value("--shm-size", kind="bytes", metavar="bytes", help="Size of /dev/shm"),
        value("-t", "--tag", kind="list", metavar="list",
              help="Name and optionally a tag in the 'name:tag' format"),
        value("--target", metavar="string", help="Set the target build stage to build."),
        value("--ulimit", kind="list", metavar="ulimit", check=rc.ulimit, help="Ulimit options"),
    ),
    arguments=(Argument("PATH | URL", "?", completer="path"),),
    cell="dockerfile",
)
def build(engine: Engine, path: str | None = None, dockerfile: str | bytes | None = None,
          quiet: bool = False, iidfile: str | None = None, progress: str = "auto",
          session: Any = None, **values: Any) -> Text | None:
    """Build and return the new image's id (`sha256:...`); None if interrupted or when
    `--output` took the result instead of an image. `session`: the BuildSession serving
    this build's secrets, SSH agents and output (made here from the flags)."""
    from ..buildkit.session.context import wanted

    if values.get("no_cache_filter") and session is None:  # /build has no parameter for it
        return _with_control(engine, path, dockerfile, quiet, iidfile, progress, values)
    # every BuildKit build has a session, like the CLI's: the engine asks it for registry
    # logins (without one, engine 20.10 fails a non-local FROM: "no active sessions"), and
    # --secret/--ssh/--output are served on it
    if session is None and wanted(engine, values, path):
        return _with_session(engine, path, dockerfile, quiet, iidfile, progress, values)
    through = getattr(session, "sends_context", False)
    buildkit, note = use_buildkit(engine, through)
    ctx = prepare(path, values.get("file"), dockerfile, buildkit, pack=not through)
    if values.get("compress"):
        ctx.compress()
    headers = {"Content-Type": "application/tar"} if ctx.body is not None else {}
    auth = build_header()
    if auth:
        headers["X-Registry-Config"] = auth
    if note:
        print(note)
    if buildkit:
        from ..buildkit.run import UploadUnreadable

        try:
            return _with_buildkit(engine, ctx, values, headers, path, dockerfile, quiet,
                                  iidfile, progress, session)
        except UploadUnreadable:
            if session or ctx.body is None:
                raise
            print(unreadable_upload(engine, "it fetches http://build-context-… as a URL"))
            ctx.body.seek(0)
    if session:
        raise DockerError("a build with a session (--secret, --ssh, --output) needs BuildKit")
    log = BuildLog()
    bar = start("Building", quiet=quiet)
    bar.show()  # above the build's output, which streams below it
    if ctx.body is not None:
        bar.log(f"Sending build context to Docker daemon  {human_size(ctx.size)}\n")
    try:
        finished = follow(engine, "/build", bar=bar, what="build cancelled",
                          handle=lambda message: _show(message, log, bar),
                          on_error=lambda text: _failed(engine, log, text, bar.hides_log),
                          params=build_params(values, ctx), data=ctx.body, headers=headers)
    finally:
        ctx.close()
    if not finished:
        return None
    log.finish()
    if not log.image_id:
        bar.done("no image", ok=False)
        raise DockerError("the build ended without an image id")
    bar.done(f"built {log.image_id[:19]}")
    return _built(Text(log.image_id), path, values.get("file"), dockerfile, iidfile)


def _built(image_id: Text, path: str | None, file: str | None, cell: str | bytes | None,
           iidfile: str | None) -> Text:
    """What follows a build by either builder: the image is recorded as made here, its
    Dockerfile remembered (image analysis names the lines), `--iidfile` written; the id
    (BuildKit's carries the build's record) is returned as it came."""
    from ..analysis.dockerfile import remember, source

    record("image", str(image_id))
    remember(str(image_id), source(path, file, cell if isinstance(cell, str) else None))
    if iidfile:
        with open(iidfile, "w") as fh:
            fh.write(str(image_id))
    return image_id


def _with_session(engine: Engine, path: str | None, cell: str | None, quiet: bool,
                  iidfile: str | None, progress: str, values: dict[str, Any]) -> Text | None:
    """Build with a BuildSession made from the flags; a directory (or a cell's Dockerfile)
    goes through it, as the CLI sends it; a tar archive or URL is uploaded, and where the
    engine cannot read an upload (moby#47717) builds classic (a one-line error when a flag
    needs the session)."""
    from ..buildkit.run import UploadUnreadable
    from ..buildkit.session import BuildSession, needed
    from ..buildkit.session import context

    flags = [values.pop(name, None) or () for name in ("secret", "ssh", "output")]
    if context.local(path):
        with context.local_dirs(path, values.get("file"), cell) as found:
            assert found is not None  # a directory or a cell: local
            with BuildSession.from_flags(engine, *flags, dirs=found[0],
                                         dockerfile_name=found[1],
                                         shared_key=context.shared_key(path)) as bks:
                return build(engine, path, cell, quiet, iidfile, progress, bks, **values)
    unsendable = DockerError(
        "this engine's BuildKit cannot read an uploaded context (moby#47717), and a tar "
        "archive or URL context cannot go through the session: give a directory")
    if upload_unreadable(engine):  # known before: only --secret/--ssh/--output bring us here
        raise unsendable
    try:
        with BuildSession.from_flags(engine, *flags) as bks:
            return build(engine, path, cell, quiet, iidfile, progress, bks, **values)
    except UploadUnreadable:
        unreadable_upload(engine, "it fetches http://build-context-… as a URL")
        if needed(dict(zip(("secret", "ssh", "output"), flags))):
            raise unsendable from None
    return build(engine, path, cell, quiet, iidfile, progress, **values)  # classic, a note


def _with_control(engine: Engine, path: str | None, cell: str | bytes | None, quiet: bool,
                  iidfile: str | None, progress: str, values: dict[str, Any]) -> Text | None:
    """Build through BuildKit's Control API (`/grpc`): Solve takes the frontend's attributes
    that /build cannot carry (`no-cache` with stage names)."""
    from ..buildkit.control.build import build as solve_build
    from ..buildkit.run import view_for

    result = solve_build(engine, path, cell, values, view_for(progress, quiet))
    if result is None:
        return None
    return _built(result, path, values.get("file"), cell, iidfile)


def _with_buildkit(engine: Engine, ctx: Context, values: dict[str, Any],
                   headers: dict[str, str], path: str | None, cell: str | None, quiet: bool,
                   iidfile: str | None, progress: str, session: str | None) -> Text | None:
    from ..buildkit import run

    try:
        result = run.build(engine, build_params(values, ctx), ctx.body, headers,
                           run.view_for(progress, quiet), dockerfile=dockerfile_text(ctx, path),
                           dockerfile_name=values.get("file") or "Dockerfile", session=session)
    except run.UploadUnreadable:
        raise  # the caller rebuilds from the same body with the classic builder
    except BaseException:
        ctx.close()
        raise
    ctx.close()
    if result is None:
        return None
    return _built(result, path, values.get("file"), cell, iidfile)


def _failed(engine: Engine, log: BuildLog, message: str, show_output: bool) -> DockerError:
    """The failure block, with what the build left on the engine (looked up now)."""
    api = engine.api
    log.finish()
    container = log.container
    if container:
        try:
            api.inspect_container(container)
        except Exception:  # noqa: BLE001 - removed (--force-rm) or never created
            container = ""
    untagged = False
    if log.last_layer:
        try:
            untagged = not api.inspect_image(log.last_layer).get("RepoTags")
        except Exception:  # noqa: BLE001 - gone: nothing to say about it
            untagged = False
    return log.failure(message, show_output=show_output, container=container,
                       untagged=untagged)


def _show(message: dict[str, Any], log: BuildLog, bar: Progress) -> None:
    """One message of the build stream (not a layer's progress): its text, live, on the bar's
    log (printed in text mode, behind the bar in a notebook, nowhere with -q)."""
    aux = message.get("aux") or {}
    if aux.get("ID"):
        log.image_id = aux["ID"]
    text = message.get("stream")
    if text:
        for number, total in log.feed(text):
            bar.step(number, total)
        bar.log(text)
        return
    status = message.get("status")
    if status:  # a base image being pulled: "Pulling from ...", "Digest: ..."
        bar.log((f"{message['id']}: {status}" if message.get("id") else status) + "\n")
