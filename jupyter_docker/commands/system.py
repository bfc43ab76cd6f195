"""The engine itself: `version`, `info`, `system df`, `system prune`, `events`."""

from __future__ import annotations

import platform
import re
from typing import Any

from ..display import Frames, Record, Text
from ..engine import Engine
from ..units import human_binary_size
from ._confirm import confirm
from .common import (FILTER, FORCE_PRUNE, FORMAT, FORMAT_F, PRUNE_FILTER, Columns, filters,
                     prune_report, render_format)
from .spec import FilterKey, command, flag, value


@command("version", "Show the Docker version information", options=(FORMAT_F,))
def version(engine: Engine, format: str | None = None) -> Any:
    """Client and server versions, as a dict shown like `docker version`."""
    import docker

    from .. import __version__

    server = engine.api.version(api_version=False)
    data = Record({
        "Client": {
            "jupyter-docker": __version__,
            "Docker SDK for Python": docker.__version__,
            "API version": engine.version + " (negotiated)",
            "Python": platform.python_version(),
            "OS/Arch": f"{platform.system().lower()}/{platform.machine()}",
            "Host": engine.target.describe(),
        },
        "Server": {
            "Engine": {
                "Version": server.get("Version"),
                "API version": f"{server.get('ApiVersion')} (minimum version "
                               f"{server.get('MinAPIVersion')})",
                "Go version": server.get("GoVersion"),
                "Git commit": server.get("GitCommit"),
                "Built": server.get("BuildTime"),
                "OS/Arch": f"{server.get('Os')}/{server.get('Arch')}",
                "Experimental": server.get("Experimental", False),
            },
            **{c["Name"]: {"Version": c.get("Version"),
                           "GitCommit": (c.get("Details") or {}).get("GitCommit")}
               for c in server.get("Components") or [] if c.get("Name") != "Engine"},
        },
    })
    if format:
        from ..gotemplate import typed

        client = {"Platform": {"Name": ""}, "Version": __version__, "ApiVersion": engine.version,
                  "DefaultAPIVersion": docker.constants.DEFAULT_DOCKER_API_VERSION,
                  "GitCommit": "", "GoVersion": f"python{platform.python_version()}",
                  "Os": platform.system().lower(),
                  "Arch": GO_ARCH.get(platform.machine(), platform.machine()),
                  "BuildTime": "", "Context": engine.target.context or "default"}
        server = {**server, "Components": [_ansic_build_time(c) for c in
                                           server.get("Components") or []]}
        return render_format(format, [typed("system.versionInfo")({  # APIVersion: the Go name
            "Client": typed("system.clientVersion", APIVersion="ApiVersion")(client),
            "Server": typed(APIVersion="ApiVersion")(server)})], failed="", name="version")
    return data


def _ansic_build_time(component: dict[str, Any]) -> dict[str, Any]:
    """The Engine component's build time as the CLI shows it (Go's time.ANSIC)."""
    from datetime import datetime

    details = component.get("Details") or {}
    text = str(details.get("BuildTime") or "")
    if component.get("Name") != "Engine" or not text:
        return component
    try:  # 2026-05-07T21:09:36.000000000+00:00 (Python reads at most microseconds)
        when = datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00")))
    except ValueError:
        return component
    return {**component, "Details": {**details, "BuildTime": when.strftime("%a %b %e %H:%M:%S %Y")}}


GO_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "i686": "386"}


class Info(Record):
    """`docker info` as a dict (every field the engine sent), shown as the CLI's summary."""

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text("\n".join(f"{k}: {v}" if not isinstance(v, dict) else f"{k}:\n" + "\n".join(
            f" {kk}: {vv}" for kk, vv in v.items()) for k, v in self.summary().items()))

    def summary(self) -> dict[str, Any]:
        i = self
        return {
            "Server": {
                "Containers": f"{i.get('Containers')} (running {i.get('ContainersRunning')}, "
                              f"paused {i.get('ContainersPaused')}, "
                              f"stopped {i.get('ContainersStopped')})",
                "Images": i.get("Images"),
                "Server Version": i.get("ServerVersion"),
                "Storage Driver": i.get("Driver"),
                "Cgroup Driver": i.get("CgroupDriver"),
                "Cgroup Version": i.get("CgroupVersion"),
                "Runtimes": ", ".join(i.get("Runtimes") or {}),
                "Default Runtime": i.get("DefaultRuntime"),
                "Swarm": (i.get("Swarm") or {}).get("LocalNodeState"),
                "Kernel Version": i.get("KernelVersion"),
                "Operating System": i.get("OperatingSystem"),
                "Architecture": i.get("Architecture"),
                "CPUs": i.get("NCPU"),
                "Total Memory": human_binary_size(i.get("MemTotal")),
                "Name": i.get("Name"),
                "ID": i.get("ID"),
                "Docker Root Dir": i.get("DockerRootDir"),
                "Insecure Registries": ", ".join(
                    (i.get("RegistryConfig") or {}).get("InsecureRegistryCIDRs") or []),
            },
        }


@command("info", "Display system-wide information", aliases=("system info",),
         options=(FORMAT_F,))
def info(engine: Engine, format: str | None = None) -> Any:
    """Everything the engine says about itself, as a dict."""
    data = engine.api.info()
    if format:
        from ..gotemplate import typed

        return render_format(format, [typed("system.dockerInfo")(data)], failed="")
    return Info(data)


@command("system df", "Show docker disk usage",
         options=(FORMAT, flag("-v", "--verbose", help="Show detailed information on space usage")))
def system_df(engine: Engine, format: str | None = None, verbose: bool = False) -> Any:
    """Disk usage by type (a DataFrame); `-v`: one frame per type as well."""
    from .. import frames

    tables = frames.system_df(engine.api.df(), verbose=verbose)
    if format:
        return render_format(format, [_df_fields(row) for row in
                                      tables["summary"].to_dict("records")], SYSTEM_DF)
    if not verbose:
        return tables["summary"]
    return Frames(tables)


SYSTEM_DF = Columns("{{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
                    {"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE",
                     "Reclaimable": "RECLAIMABLE"},
                    "*formatter.diskUsageImagesContext")


def _df_fields(row: dict[str, Any]) -> dict[str, Any]:
    """One `system df` summary row as the CLI's disk usage context prints it: sizes with four
    digits, the reclaimable percentage (truncated) except for the build cache."""
    from ..units import human_size

    reclaimable = human_size(row["reclaimable"], 4)
    if row["size"] > 0 and row["type"] != "Build Cache":
        reclaimable += f" ({row['reclaimable'] * 100 // row['size']}%)"
    return {"Type": row["type"], "TotalCount": str(row["total"]), "Active": str(row["active"]),
            "Size": human_size(row["size"], 4), "Reclaimable": reclaimable}


@command("system prune", "Remove unused data",
         options=(flag("-a", "--all", help="Remove all unused images not just dangling ones"),
                  PRUNE_FILTER, FORCE_PRUNE, flag("--volumes", help="Prune volumes")))
def system_prune(engine: Engine, all: bool = False, filter: list[str] | None = None,
                 force: bool = False, volumes: bool = False) -> Text:
    """Like the CLI: asks first (unless -f), then prunes containers, networks, volumes (with
    `--volumes`), images and the build cache, in that order, with the same filters."""
    from .builder import pruned_build_cache
    from .container_update import pruned_containers
    from .image_manage import pruned_images
    from .networks import pruned_networks
    from .volumes import pruned_volumes

    what = ["all stopped containers", "all networks not used by at least one container",
            *(["all anonymous volumes not used by at least one container"] if volumes else []),
            "all images without at least one container associated to them" if all
            else "all dangling images",
            "all build cache" if all else "all dangling build cache"]
    confirm("WARNING! This will remove:\n" + "\n".join(f"  - {w}" for w in what), force)
    wanted = filters(filter, "system prune")
    parts = [pruned_containers(engine, wanted), pruned_networks(engine, wanted)]
    if volumes:
        parts.append(pruned_volumes(engine, wanted))
    parts += [pruned_images(engine, wanted, all), pruned_build_cache(engine, wanted, all)]
    return prune_report(parts)


@command(
    "events", "Get real time events from the server",
    aliases=("system events",),
    options=(
        FILTER.with_keys(
            FilterKey("container", completer="container"), "daemon", "event",
            FilterKey("image", completer="image"), "label",
            FilterKey("network", completer="network"), "node", "plugin",
            FilterKey("scope", ("local", "swarm")), "secret", "service",
            FilterKey("type", ("container", "image", "volume", "network", "daemon", "plugin",
                               "node", "service", "secret", "config")),
            FilterKey("volume", completer="volume"), "config"),
        FORMAT,
        value("--since", metavar="string", help="Show all events created since timestamp"),
        value("--until", metavar="string", help="Stream events until this timestamp"),
    ),
)
def events(engine: Engine, filter: list[str] | None = None, format: str | None = None,
           since: str | None = None, until: str | None = None) -> Any:
    """Events like the CLI: without `--until` (or with one still ahead) it follows.

    Past events only (`--until` reached): a DataFrame. Following in a notebook that draws
    widgets: a live `EventsFeed` in the background. Elsewhere, or with `--format`: each event
    printed as a line as it comes, until `--until` or an interrupt; returns a DataFrame of the
    events seen."""
    from .. import frames
    from ..streams.eventstream import GoEvent, event_line, event_params, follows, read_events
    from ..progress import chosen_mode

    params = event_params(since, until, filters(filter, "events"))

    def formatted(event: dict[str, Any]) -> str:
        return render_format(format or "", [GoEvent(event)], failed="Error parsing format")

    if format:  # a bad template fails now, not at the first event
        formatted({"Type": "", "Action": "", "Actor": {"ID": "", "Attributes": {}}})
    if not follows(params):
        items = read_events(engine, params)
        return (render_format(format, list(map(GoEvent, items)), failed="Error parsing format")
                if format else frames.events(items))
    if not format and chosen_mode() == "widget":  # $JUPYTER_DOCKER_PROGRESS=text forces text
        from ..widgets.events_feed import EventsFeed

        return EventsFeed(engine, since=since, until=until, filter=filter)
    return frames.events(read_events(engine, params, formatted if format else event_line))
