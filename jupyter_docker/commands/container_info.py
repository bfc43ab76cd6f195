"""Looking into containers: `top`, `diff`, `port`, `stats`."""

from __future__ import annotations

from typing import Any

from ..engine import Engine
from ..errors import DockerError
from .common import FORMAT, NO_TRUNC, Columns, render_format
from .spec import Argument, command, flag

CONTAINER = Argument("CONTAINER", completer="container")


@command("top", "Display the running processes of a container", aliases=("container top",),
         arguments=(CONTAINER, Argument("PS_OPTIONS", "*")),
         interspersed=False)  # `top NAME -eo pid,comm`: all after the container goes to ps
def top(engine: Engine, container: str, ps_options: list[str] | None = None) -> Any:
    """Processes as a DataFrame, one column per `ps` title."""
    from .. import frames

    return frames.top(engine.api.top(container, ps_args=" ".join(ps_options or []) or None))


@command("diff", "Inspect changes to files or directories on a container's filesystem",
         aliases=("container diff",), arguments=(CONTAINER,))
def diff(engine: Engine, container: str) -> Any:
    """Changed paths as a DataFrame: kind (A added, C changed, D deleted) and path."""
    from .. import frames

    return frames.changes(engine.api.diff(container))


@command("port", "List port mappings or a specific mapping for the container",
         aliases=("container port",),
         arguments=(CONTAINER, Argument("PRIVATE_PORT[/PROTO]", "?")))
def port(engine: Engine, container: str, private_port_proto: str | None = None) -> Any:
    """Published ports as a DataFrame: private, host_ip, host_port (int)."""
    import pandas as pd

    ports = (engine.api.inspect_container(container).get("NetworkSettings") or {}).get("Ports") or {}
    rows = [(private, b.get("HostIp", ""), int(b.get("HostPort") or 0))
            for private, bindings in sorted(ports.items()) for b in bindings or []]
    if private_port_proto:
        want = private_port_proto if "/" in private_port_proto else f"{private_port_proto}/tcp"
        rows = [r for r in rows if r[0] == want]
        if not rows:
            raise DockerError(f"Error: No public port '{want}' published for {container}")
    return pd.DataFrame(rows, columns=["private", "host_ip", "host_port"])


STATS = Columns(
    "{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}"
    "\t{{.PIDs}}",
    {"Container": "CONTAINER", "ID": "CONTAINER ID", "Name": "NAME", "CPUPerc": "CPU %",
     "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O",
     "BlockIO": "BLOCK I/O", "PIDs": "PIDS"},
    "*container.statsContext")


def stats_fields(row: dict[str, Any], container: str = "",
                 full_id: str | None = None) -> dict[str, Any]:
    """The fields `docker stats --format` offers: `.Container` is the name or id as given
    (the id when none was), the others the CLI's strings of one `frames.stats_row`."""
    from ..streams.stats_stream import cells

    ident, name, cpu, mem, mem_perc, net, block, pids = cells(row)
    return {"Container": container or ident, "ID": full_id or ident, "Name": name,
            "CPUPerc": cpu, "MemUsage": mem, "MemPerc": mem_perc, "NetIO": net,
            "BlockIO": block, "PIDs": pids}


@command("stats", "Display a live stream of container(s) resource usage statistics",
         aliases=("container stats",),
         options=(flag("-a", "--all", help="Show all containers (default shows just running)"),
                  FORMAT,
                  flag("--no-stream", help="Disable streaming stats and only pull the first "
                                           "result (a DataFrame)"),
                  NO_TRUNC),
         arguments=(Argument("CONTAINER", "*", completer="running"),))
def stats(engine: Engine, container: list[str] | None = None, all: bool = False,
          format: str | None = None, no_stream: bool = False, no_trunc: bool = False) -> Any:
    """CPU %, memory, network and block I/O per container, with the CLI's formulas.

    `--no-stream`: one snapshot as a DataFrame. Otherwise it follows (named containers until
    they have all stopped; else the running ones, or all with -a, new ones included): in a
    notebook that draws widgets a live `StatsViewer` in the background; elsewhere, or with
    `--format`, a table (or the template's lines) printed every second until the kernel is
    interrupted, returning the DataFrame of the samples seen (`StatsViewer.history()`)."""
    from .. import frames

    api = engine.api
    if no_stream:
        names = container or [c["Id"] for c in api.containers(all=all)]
        samples = [api.stats(name, stream=False) for name in names]
        if format:
            return render_format(format, [
                stats_fields(frames.stats_row(s), name if container else "",
                             s.get("id") if no_trunc else None)
                for name, s in zip(names, samples)], STATS)
        return frames.stats([frames.stats_row(s, name if container else "")
                             for name, s in zip(names, samples)])

    from ..progress import chosen_mode
    from ..streams.stats_stream import print_stats, table_text

    def formatted(rows: list[dict[str, Any]]) -> str:
        return render_format(format or "", [stats_fields(r, r["name"]) for r in rows], STATS)

    if format:  # a bad template fails now, not at the first tick
        formatted([frames.stats_row({})])
    elif chosen_mode() == "widget":  # $JUPYTER_DOCKER_PROGRESS=text forces text
        from ..widgets.stats_viewer import StatsViewer

        return StatsViewer(engine, container, all=all)
    return print_stats(engine, container, all=all, render=formatted if format else table_text)
