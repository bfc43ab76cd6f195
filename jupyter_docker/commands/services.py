"""Swarm services: `service create/ls/ps/inspect/logs/scale/update/rm`.

`create`, `update` and `scale` wait, like the CLI, until the service has converged (its tasks
running), printing each change of the count and each task that failed on the way; `-d`
returns at once, and an interrupt stops waiting (the swarm goes on converging).
"""

from __future__ import annotations

import json
from typing import Any

from ..display import Lines, Text
from ..engine import Engine
from ..errors import DockerError, UsageError
from .. import notice
from ..swarm.converge import converge
from ..swarm.servicespec import RESTART_CONDITIONS, sdk_service_arguments, service_spec
from .common import (FILTER, FORMAT, NO_TRUNC, QUIET, Columns, each, filters, natural_key,
                     PRETTY, render_format)
from .spec import Argument, command, flag, value

import jupyter_docker.runchecks as rc  # not `from .. import`: the package __getattr__ is the API

SERVICE = Argument("SERVICE", help="a service name or id", completer="service")
SERVICES = Argument("SERVICE", "+", help="service names or ids", completer="service")
WAIT_FLAGS = (flag("-d", "--detach", help="Exit immediately instead of waiting for the service "
                                          "to converge"),
              flag("-q", "--quiet", help="Suppress progress output"))

def _rollout(kind: str, verb: str) -> tuple[Any, ...]:
    """The CLI's `--update-*` / `--rollback-*` flags."""
    actions = '"pause", "continue"' + (', "rollback"' if kind == "update" else "")
    return (
        value(f"--{kind}-parallelism", kind="int", metavar="uint",
              help=f"Maximum number of tasks {verb} simultaneously (0 to {kind} all at once)"),
        value(f"--{kind}-delay", metavar="duration", help=f"Delay between {kind}s (ns|us|ms|s|m|h)"),
        value(f"--{kind}-failure-action", metavar="string",
              help=f"Action on {kind} failure ({actions})"),
        value(f"--{kind}-monitor", metavar="duration",
              help=f"Duration after each task {kind} to monitor for failure (ns|us|ms|s|m|h)"),
        value(f"--{kind}-order", metavar="string",
              help=f'{kind.capitalize()} order ("start-first"|"stop-first")'),
        value(f"--{kind}-max-failure-ratio", metavar="float", check=rc.ratio,
              help=f"Failure rate to tolerate during a{'n' if kind == 'update' else ''} {kind}"),
    )


ROLLOUT_OPTIONS = (*_rollout("update", "updated"), *_rollout("rollback", "rolled back"))

CREATE_OPTIONS = (
    value("--name", metavar="string", help="Service name"),
    value("--replicas", kind="int", metavar="uint", help="Number of tasks"),
    value("--mode", metavar="string", help='Service mode ("replicated" or "global")'),
    value("-e", "--env", kind="list", metavar="list", help="Set environment variables"),
    value("-l", "--label", kind="list", metavar="list", help="Service labels"),
    value("--container-label", kind="list", metavar="list", help="Container labels"),
    value("-p", "--publish", kind="list", metavar="port",
          help="Publish a port as a node port (8080:80, or published=8080,target=80,mode=host)"),
    value("--network", completer="network", kind="list", metavar="network", help="Network attachments"),
    value("--constraint", kind="list", metavar="list", help="Placement constraints"),
    value("--mount", kind="list", metavar="mount", help="Attach a filesystem mount to the "
                                                          "service"),
    value("--restart-condition", metavar="string", choices=RESTART_CONDITIONS,
          help='Restart when condition is met ("none", "on-failure", "any")'),
    value("--restart-max-attempts", kind="int", metavar="uint",
          help="Maximum number of restarts before giving up"),
    value("-w", "--workdir", metavar="string", help="Working directory inside the container"),
    value("-u", "--user", metavar="string", help="Username or UID (format: <name|uid>[:<group|gid>])"),
    value("--hostname", metavar="string", help="Container hostname"),
    value("--entrypoint", metavar="command", help="Overwrite the default ENTRYPOINT of the image"),
    value("--limit-cpu", metavar="decimal", help="Limit CPUs"),
    value("--limit-memory", kind="bytes", metavar="bytes", help="Limit Memory"),
    value("--reserve-cpu", metavar="decimal", help="Reserve CPUs"),
    value("--reserve-memory", kind="bytes", metavar="bytes", help="Reserve Memory"),
    *ROLLOUT_OPTIONS,
    flag("-t", "--tty", help="Allocate a pseudo-TTY"),
    *WAIT_FLAGS,
    value("--cap-add", kind="list", metavar="list", help="Add Linux capabilities"),
    value("--cap-drop", kind="list", metavar="list", help="Drop Linux capabilities"),
    value("--config", kind="list", metavar="config",
          help="Specify configurations to expose to the service (source=NAME[,target=PATH])"),
    value("--credential-spec", metavar="credential-spec", hidden=True,
          refused="credential specs are for Windows engines; this engine API (Linux) cannot "
                  "use them"),
    value("--dns", kind="list", metavar="list", check=rc.ip_address, help="Set custom DNS servers"),
    value("--dns-option", kind="list", metavar="list", help="Set DNS options"),
    value("--dns-search", kind="list", metavar="list", check=rc.dns_search,
          help="Set custom DNS search domains"),
    value("--endpoint-mode", metavar="string", help="Endpoint mode (vip or dnsrr) (default vip)"),
    value("--env-file", kind="list", metavar="list", help="Read in a file of environment variables"),
    value("--generic-resource", kind="list", metavar="list",
          help="User defined resources (KIND=VALUE)"),
    value("--group", kind="list", metavar="list",
          help="Set one or more supplementary user groups for the container"),
    value("--health-cmd", metavar="string", help="Command to run to check health"),
    value("--health-interval", kind="duration", metavar="duration",
          help="Time between running the check (ms|s|m|h)"),
    value("--health-retries", kind="int", metavar="int",
          help="Consecutive failures needed to report unhealthy"),
    value("--health-start-period", kind="duration", metavar="duration",
          help="Start period for the container to initialize before counting retries towards "
               "unstable (ms|s|m|h)"),
    value("--health-timeout", kind="duration", metavar="duration",
          help="Maximum time to allow one check to run (ms|s|m|h)"),
    value("--host", kind="list", metavar="list", check=rc.add_host, keyword="extra_host",
          help="Set one or more custom host-to-IP mappings (host:ip)"),
    flag("--init", help="Use an init inside each service container to forward signals and "
                        "reap processes"),
    value("--isolation", metavar="string", help="Service container isolation mode"),
    value("--limit-pids", kind="int", metavar="int",
          help="Limit maximum number of processes (default 0 = unlimited)"),
    value("--log-driver", metavar="string", help="Logging driver for service"),
    value("--log-opt", kind="list", metavar="list", help="Logging driver options"),
    value("--max-concurrent", kind="int", metavar="uint",
          help="Number of job tasks to run concurrently (replicated-job mode)"),
    flag("--no-healthcheck", help="Disable any container-specified HEALTHCHECK"),
    flag("--no-resolve-image", help="Do not query the registry to resolve image digest and "
                                    "supported platforms (never done here)"),
    value("--placement-pref", kind="list", metavar="pref",
          help="Add a placement preference (spread=node.labels.KEY)"),
    flag("--read-only", help="Mount the container's root filesystem as read only"),
    value("--replicas-max-per-node", kind="int", metavar="uint",
          help="Maximum number of tasks per node (default 0 = unlimited)"),
    value("--restart-delay", kind="duration", metavar="duration",
          help="Delay between restart attempts (ns|us|ms|s|m|h)"),
    value("--restart-window", kind="duration", metavar="duration",
          help="Window used to evaluate the restart policy (ns|us|ms|s|m|h)"),
    value("--secret", kind="list", metavar="secret",
          help="Specify secrets to expose to the service (source=NAME[,target=NAME])"),
    value("--stop-grace-period", kind="duration", metavar="duration",
          help="Time to wait before force killing a container (ns|us|ms|s|m|h)"),
    value("--stop-signal", metavar="string", help="Signal to stop the container"),
    value("--sysctl", kind="map", metavar="list", help="Sysctl options"),
    value("--ulimit", kind="list", metavar="ulimit", check=rc.ulimit, help="Ulimit options"),
    flag("--with-registry-auth", help="Send registry authentication details to swarm agents "
                                      "(always: the credentials this kernel has for the "
                                      "image's registry go with the request)"),
)


# ------------------------------------------------------------------ commands

@command("service create", "Create a new service", options=CREATE_OPTIONS,
         arguments=(Argument("IMAGE", completer="image"), Argument("COMMAND", "...")),
         interspersed=False)
def service_create(engine: Engine, image: str, command: list[str], detach: bool = False,
                   quiet: bool = False, **values: Any) -> Text:
    """Create the service; its id once it has converged (at once with -d)."""
    spec = service_spec(values, image, command)
    _references(engine, spec)
    created = engine.api.create_service(**sdk_service_arguments(spec))
    service_id = created["ID"]
    for warning in created.get("Warnings") or []:
        notice.warning(f"WARNING: {warning}")
    if not detach:
        converge(engine, service_id, quiet)
    return Text(service_id)


def _references(engine: Engine, spec: dict[str, Any]) -> None:
    """--secret/--config name the objects; the engine wants their ids as well."""
    container = spec["TaskTemplate"]["ContainerSpec"]
    for key, listing in (("Secrets", engine.api.secrets), ("Configs", engine.api.configs)):
        for ref in container.get(key) or []:
            name = ref[key[:-1] + "Name"]
            found = [o for o in listing(filters={"name": name}) if o["Spec"]["Name"] == name]
            if not found:
                raise DockerError(f"Error response from daemon: {key[:-1].lower()} not found: "
                                  f"{name}")
            ref[key[:-1] + "ID"] = found[0]["ID"]


@command("service ls", "List services", aliases=("service list",),
         options=(FILTER, FORMAT, QUIET, NO_TRUNC))
def service_ls(engine: Engine, filter: list[str] | None = None, format: str | None = None,
               quiet: bool = False, no_trunc: bool = False) -> Any:
    """Services as a DataFrame (replicas running/desired), `-q` ids, or `--format` lines."""
    from ..frames import swarm as swarm_frames

    items = engine.api.services(filters=filters(filter, "service ls") or None, status=True)
    items.sort(key=lambda s: natural_key((s.get("Spec") or {}).get("Name") or ""))  # as the CLI
    if quiet:
        return Lines(s["ID"] if no_trunc else s["ID"][:12] for s in items)
    df = swarm_frames.services(items, no_trunc=no_trunc)
    if format:
        return render_format(format, [
            {"ID": r["id"], "Name": r["name"], "Mode": r["mode"], "Replicas": r["replicas"],
             "Image": r["image"], "Ports": r["ports"]} for r in df.to_dict("records")], SERVICES_LS)
    return df


SERVICES_LS = Columns("{{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}",
                      {"ID": "ID", "Name": "NAME", "Mode": "MODE", "Replicas": "REPLICAS",
                       "Image": "IMAGE", "Ports": "PORTS"},
                      "*service.serviceContext")


def task_frame(engine: Engine, items: list[dict[str, Any]], no_trunc: bool = False,
               quiet: bool = False, no_resolve: bool = False, format: str | None = None) -> Any:
    """Tasks as `service ps` / `node ps` show them (service and node names looked up once;
    `no_resolve`: their ids, as the CLI's --no-resolve; `format`: the CLI's task fields)."""
    from ..frames import swarm as swarm_frames
    from ..swarm.taskrows import task_rows

    if quiet:
        return Lines(t["ID"] if no_trunc else t["ID"][:12] for t in items)
    if no_resolve:
        services = {t.get("ServiceID", ""): t.get("ServiceID", "") for t in items}
        nodes = {t.get("NodeID", ""): t.get("NodeID", "") for t in items}
    else:
        services = {s["ID"]: s["Spec"]["Name"] for s in engine.api.services()}
        nodes = {n["ID"]: (n.get("Description") or {}).get("Hostname", "")
                 for n in engine.api.nodes()}
    if format:
        return render_format(format, task_rows(items, services, nodes, no_trunc))
    return swarm_frames.tasks(items, services, nodes, no_trunc=no_trunc)


NO_RESOLVE = flag("--no-resolve", help="Do not map IDs to Names")


@command("service ps", "List the tasks of one or more services",
         options=(FILTER, FORMAT, NO_RESOLVE, NO_TRUNC, QUIET), arguments=(SERVICES,))
def service_ps(engine: Engine, service: list[str], filter: list[str] | None = None,
               no_trunc: bool = False, quiet: bool = False, no_resolve: bool = False,
               format: str | None = None) -> Any:
    ids = [engine.api.inspect_service(s)["ID"] for s in service]
    wanted = filters(filter, "service ps") | {"service": ids}
    return task_frame(engine, engine.api.tasks(filters=wanted), no_trunc, quiet, no_resolve,
                      format)


@command("service inspect", "Display detailed information on one or more services",
         options=(value("-f", "--format", metavar="string",
                        help="Format output using a Go template, or 'json'"),
                  PRETTY),
         arguments=(SERVICES,))
def service_inspect(engine: Engine, service: list[str], format: str | None = None,
                    pretty: bool = False) -> Any:
    from .. import frames

    if pretty and format:
        raise DockerError("--format is incompatible with human friendly format")
    objects = [engine.api.inspect_service(s, insert_defaults=True) for s in service]  # as the CLI
    if pretty:
        from ..swarm.pretty import service_pretty

        names: dict[str, str] = {}

        def network_name(ref: str) -> str:
            if ref not in names:
                names[ref] = engine.api.inspect_network(ref).get("Name", ref)
            return names[ref]

        return Text("".join(service_pretty(o, network_name) + "\n" for o in objects))
    return render_format(format, objects) if format else frames.inspect(objects)


@command("service logs", "Fetch the logs of a service or task",
         options=(flag("--details", help="Show extra details provided to logs"),
                  flag("-f", "--follow", help="Follow log output"),
                  value("-n", "--tail", metavar="string", default="all",
                        help="Number of lines to show from the end of the logs"),
                  value("--since", metavar="string", help="Show logs since timestamp or "
                                                          "relative (e.g. 42m for 42 minutes)"),
                  flag("-t", "--timestamps", help="Show timestamps"),
                  flag("--raw", help="Do not neatly format logs"),
                  flag("--no-task-ids", help="Do not include task IDs in output"),
                  flag("--no-resolve", help="Do not map IDs to Names in output"),
                  flag("--no-trunc", help="Do not truncate output")),
         arguments=(SERVICE,))
def service_logs(engine: Engine, service: str, follow: bool = False, tail: str = "all",
                 since: str | None = None, timestamps: bool = False, raw: bool = False,
                 no_task_ids: bool = False, no_resolve: bool = False, details: bool = False,
                 no_trunc: bool = False) -> Any:
    """Every task's output, each line after its task (`web.1.<task id>@node    | ...`, or as
    it is with `--raw`), stdout and stderr apart. With -f in a notebook that draws widgets, a
    live log viewer in the background; elsewhere -f prints until an interrupt, which closes
    the connection."""
    from ..streams.logstream import write_followed
    from ..progress import chosen_mode
    from ..streams.service_logs import open_service_logs

    how = {"tail": tail, "since": since, "timestamps": timestamps, "raw": raw,
           "task_ids": not no_task_ids, "resolve": not no_resolve, "details": details,
           "no_trunc": no_trunc}
    if follow and chosen_mode() == "widget":  # $JUPYTER_DOCKER_PROGRESS=text forces text
        from ..widgets.log_viewer import ServiceLogViewer

        return ServiceLogViewer(engine, service, **how)
    feed, frames, _ = open_service_logs(engine, service, follow=follow, **how)
    write_followed(feed, frames, service)
    return None


def _update(engine: Engine, service: str, change: Any,
            force: bool = False) -> tuple[str, str | None]:
    """Read the spec, change it, write it back at its version (as the CLI does). Returns the
    id and, when the task template changed (new tasks will replace the old), the engine's
    time of the update (for `converge`)."""
    import copy

    current = engine.api.inspect_service(service)
    spec = current["Spec"]
    before = copy.deepcopy(spec.get("TaskTemplate"))
    change(spec)
    task = spec["TaskTemplate"]
    if force:
        task["ForceUpdate"] = int(task.get("ForceUpdate") or 0) + 1
    engine.api.update_service(current["ID"], current["Version"]["Index"], task_template=task,
                              name=spec.get("Name"), labels=spec.get("Labels"),
                              mode=spec.get("Mode"), update_config=spec.get("UpdateConfig"),
                              endpoint_spec=spec.get("EndpointSpec"),
                              rollback_config=spec.get("RollbackConfig"),
                              fetch_current_spec=False)
    if task == before:
        return str(current["ID"]), None
    return str(current["ID"]), engine.api.inspect_service(current["ID"])["UpdatedAt"]


def _set_replicas(spec: dict[str, Any], replicas: int, name: str, command: str) -> None:
    if "Replicated" not in (spec.get("Mode") or {}):
        raise UsageError(f"{name}: scale can only be used with replicated mode", command=command)
    spec["Mode"] = {"Replicated": {"Replicas": replicas}}


@command("service scale", "Scale one or multiple replicated services",
         options=(flag("-d", "--detach", help="Exit immediately instead of waiting for the "
                                              "service to converge"),),
         arguments=(Argument("SERVICE=REPLICAS", "+"),))
def service_scale(engine: Engine, service_replicas: list[str], detach: bool = False) -> None:
    wanted = []
    for pair in service_replicas:
        name, eq, count = pair.partition("=")
        if not eq or not count.isdigit():
            raise UsageError(f"invalid scale specifier '{pair}': use SERVICE=REPLICAS",
                             command="service scale")
        wanted.append((name, int(count)))
    for name, count in wanted:
        service_id, _ = _update(engine, name, lambda spec: _set_replicas(
            spec, count, name, "service scale"))
        print(f"{name} scaled to {count}")
        if not detach:
            converge(engine, service_id)


def _pair(stem: str, what: str, metavar: str = "list", **kw: Any) -> tuple[Any, Any]:
    return (value(f"--{stem}-add", kind="list", metavar=metavar, help=f"Add or update {what}",
                  **kw),
            value(f"--{stem}-rm", kind="list", metavar="list", help=f"Remove {what}"))


_EMPTY_SPEC: dict[str, Any] = {"TaskTemplate": {"ContainerSpec": {}}}
_NOT_UPDATE = {"name", "mode", "replicas", "env", "label", "container_label", "publish",
               "network", "constraint", "mount", "dns", "dns_option", "dns_search", "group",
               "host", "secret", "config", "sysctl", "ulimit", "generic_resource",
               "placement_pref", "env_file", "detach", "quiet"}
UPDATE_OPTIONS = (
    value("--args", metavar="command", help="Service command args"),
    *_pair("config", "a configuration file", "config"),
    *_pair("constraint", "a placement constraint"),
    *_pair("container-label", "a container label"),
    *_pair("dns", "a custom DNS server", check=rc.ip_address),
    *_pair("dns-option", "a DNS option"),
    *_pair("dns-search", "a DNS search domain", check=rc.dns_search),
    *_pair("generic-resource", "a Generic resource"),
    value("--group-add", kind="list", metavar="list",
          help="Add an additional supplementary user group to the container"),
    value("--group-rm", kind="list", metavar="list",
          help="Remove a previously added supplementary user group from the container"),
    *_pair("host", "a custom host-to-IP mapping (host:ip)", check=rc.add_host),
    *_pair("mount", "a mount on a service", "mount"),
    *_pair("network", "a network", "network"),
    *_pair("placement-pref", "a placement preference", "pref"),
    *_pair("publish", "a published port", "port"),
    flag("--rollback", help="Rollback to previous specification"),
    *_pair("secret", "a secret", "secret"),
    *_pair("sysctl", "a Sysctl option"),
    *_pair("ulimit", "a ulimit option", "ulimit", check=rc.ulimit),
    *(o for o in CREATE_OPTIONS if o.dest not in _NOT_UPDATE
      and o.dest not in {d.dest for d in (*ROLLOUT_OPTIONS, *WAIT_FLAGS)}),
)


@command("service update", "Update a service",
         options=(value("--image", metavar="string", help="Service image tag"),
                  value("--replicas", kind="int", metavar="uint", help="Number of tasks"),
                  value("--env-add", kind="list", metavar="list",
                        help="Add or update an environment variable"),
                  value("--env-rm", kind="list", metavar="list",
                        help="Remove an environment variable"),
                  value("--label-add", kind="list", metavar="list",
                        help="Add or update a service label"),
                  value("--label-rm", kind="list", metavar="list",
                        help="Remove a label by its key"),
                  flag("--force", help="Force update even if no changes require it"),
                  *ROLLOUT_OPTIONS, *WAIT_FLAGS, *UPDATE_OPTIONS),
         arguments=(SERVICE,))
def service_update(engine: Engine, service: str, image: str | None = None,
                   replicas: int | None = None, env_add: list[str] | None = None,
                   env_rm: list[str] | None = None, label_add: list[str] | None = None,
                   label_rm: list[str] | None = None, force: bool = False,
                   detach: bool = False, quiet: bool = False, rollback: bool = False,
                   **rollout: Any) -> Text:
    """Change the service and wait until it has converged (at once with -d); its name.
    `--rollback`: back to the previous spec, as `service rollback`."""
    from ..swarm.servicespec import ROLLOUT_DEFAULTS, rollout_config
    from ..swarm.serviceupdate import apply_update

    if rollback:
        return service_rollback(engine, service, detach=detach, quiet=quiet)
    configs = {key: rollout_config(rollout, kind, "service update")
               for kind, key in (("update", "UpdateConfig"), ("rollback", "RollbackConfig"))}
    apply_update(json.loads(json.dumps(_EMPTY_SPEC)), rollout)  # every value checked first

    def change(spec: dict[str, Any]) -> None:
        apply_update(spec, rollout)
        for key, config in configs.items():
            if config:
                spec[key] = {**(spec.get(key) or ROLLOUT_DEFAULTS), **config}
        container = spec["TaskTemplate"]["ContainerSpec"]
        if image:
            container["Image"] = image
        if replicas is not None:
            _set_replicas(spec, replicas, service, "service update")
        if env_add or env_rm:
            env = {k: v for k, _, v in (e.partition("=") for e in container.get("Env") or [])}
            env = {k: v for k, v in env.items() if k not in set(env_rm or [])}
            env |= {k: v for k, _, v in (e.partition("=") for e in env_add or [])}
            container["Env"] = [f"{k}={v}" for k, v in env.items()]
        if label_add or label_rm:
            labels = {k: v for k, v in (spec.get("Labels") or {}).items()
                      if k not in set(label_rm or [])}
            spec["Labels"] = labels | {k: v for k, _, v in
                                       (item.partition("=") for item in label_add or [])}

    service_id, since = _update(engine, service, change, force)
    if not detach:
        converge(engine, service_id, quiet, since)
    return Text(service)


@command("service rollback", "Revert changes to a service's configuration",
         options=WAIT_FLAGS, arguments=(SERVICE,))
def service_rollback(engine: Engine, service: str, detach: bool = False,
                     quiet: bool = False) -> Text:
    """Back to the spec before the last update (the engine keeps it), then wait like update."""
    current = engine.api.inspect_service(service)
    if not current.get("PreviousSpec"):
        raise DockerError(f"service {service} has no previous spec to roll back to")
    api = engine.api
    response = api._post_json(api._url("/services/{0}/update", current["ID"]),
                              data=current["Spec"], params={"version": current["Version"]["Index"],
                                                            "rollback": "previous"})
    api._raise_for_status(response)
    same_tasks = current["PreviousSpec"].get("TaskTemplate") == current["Spec"].get("TaskTemplate")
    since = None if same_tasks else engine.api.inspect_service(current["ID"])["UpdatedAt"]
    if not detach:
        converge(engine, current["ID"], quiet, since)
    return Text(service)


@command("service rm", "Remove one or more services", aliases=("service remove",),
         arguments=(SERVICES,))
def service_rm(engine: Engine, service: list[str]) -> Lines:
    """Remove each; the names removed, every failure in one line."""
    def remove(name: str) -> None:
        engine.api.remove_service(name)

    return each(engine, service, remove)


