"""Swarm mode: `swarm init/join/join-token/leave` and `node ls/inspect/ps/update/rm`."""

from __future__ import annotations

from typing import Any

from ..display import DoneText, Lines, Text
from ..engine import Engine
from ..errors import UsageError
from .common import FILTER, FORMAT, PRETTY, QUIET, Columns, each, filters, natural_key, render_format
from .spec import Argument, command, flag, value

import jupyter_docker.runchecks as rc  # not `from .. import`: the package __getattr__ is the API

NODE = Argument("NODE", "+", help="node ids or hostnames (`self`: this one)", completer="node")


def _manager_address(engine: Engine) -> str:
    managers = (engine.api.info().get("Swarm") or {}).get("RemoteManagers") or []
    return managers[0]["Addr"] if managers else "<manager address>"


def _join_instructions(engine: Engine, role: str) -> str:
    token = engine.api.inspect_swarm()["JoinTokens"][role.capitalize()]
    return (f"To add a {role} to this swarm, run the following command:\n\n"
            f"    docker swarm join --token {token} {_manager_address(engine)}\n")


@command("swarm init", "Initialize a swarm",
         options=(value("--advertise-addr", metavar="string",
                        help="Advertised address (format: <ip|interface>[:port])"),
                  flag("--autolock", help="Enable manager autolocking (requiring an unlock key "
                                          "to start a stopped manager)"),
                  value("--availability", metavar="string", default="active",
                        check=rc.availability,
                        help='Availability of the node ("active", "pause", "drain")'),
                  value("--cert-expiry", kind="duration", metavar="duration",
                        help="Validity period for node certificates (ns|us|ms|s|m|h) "
                             "(default 2160h0m0s)"),
                  value("--data-path-addr", metavar="string",
                        help="Address or interface to use for data path traffic"),
                  value("--data-path-port", kind="int", metavar="uint32",
                        help="Port number to use for data path traffic (1024 - 49151; "
                             "default 4789)"),
                  value("--default-addr-pool", kind="list", metavar="ipNetSlice", check=rc.cidr,
                        help="default address pool in CIDR format"),
                  value("--default-addr-pool-mask-length", kind="int", metavar="uint32",
                        help="default address pool subnet mask length (default 24)"),
                  value("--dispatcher-heartbeat", kind="duration", metavar="duration",
                        help="Dispatcher heartbeat period (ns|us|ms|s|m|h) (default 5s)"),
                  value("--external-ca", kind="list", metavar="external-ca",
                        check=rc.external_ca,
                        help="Specifications of one or more certificate signing endpoints"),
                  flag("--force-new-cluster", help="Force create a new cluster from current "
                                                   "state"),
                  value("--listen-addr", metavar="node-addr",
                        help="Listen address (format: <ip|interface>[:port])"),
                  value("--max-snapshots", kind="int", metavar="uint",
                        help="Number of additional Raft snapshots to retain"),
                  value("--snapshot-interval", kind="int", metavar="uint",
                        help="Number of log entries between Raft snapshots (default 10000)"),
                  value("--task-history-limit", kind="int", metavar="int",
                        help="Task history retention limit (default 5)")))
def swarm_init(engine: Engine, **v: Any) -> Text:
    """Make this engine a swarm manager; says how others join, like the CLI. (With
    --autolock the unlock key is a secret: it is not printed into the notebook.)"""
    ns = lambda seconds: None if seconds is None else int(round(seconds * 1e9))  # noqa: E731
    spec = {
        "Orchestration": {"TaskHistoryRetentionLimit": v.get("task_history_limit")},
        "Dispatcher": {"HeartbeatPeriod": ns(v.get("dispatcher_heartbeat"))},
        "CAConfig": {"NodeCertExpiry": ns(v.get("cert_expiry")),
                     "ExternalCAs": v.get("external_ca") or None},
        "Raft": {"KeepOldSnapshots": v.get("max_snapshots"),
                 "SnapshotInterval": v.get("snapshot_interval")},
        "EncryptionConfig": {"AutoLockManagers": True} if v.get("autolock") else {},
    }
    body = {"ListenAddr": v.get("listen_addr") or "0.0.0.0:2377",
            "AdvertiseAddr": v.get("advertise_addr"), "DataPathAddr": v.get("data_path_addr"),
            "DataPathPort": v.get("data_path_port"),
            "DefaultAddrPool": v.get("default_addr_pool") or None,
            "SubnetSize": v.get("default_addr_pool_mask_length"),
            "ForceNewCluster": v.get("force_new_cluster") or False,
            "Availability": v.get("availability") or "active",
            "Spec": {k: {f: x for f, x in part.items() if x is not None}
                     for k, part in spec.items()}}
    api = engine.api
    node = api._result(api._post_json(api._url("/swarm/init"),
                                      data={k: x for k, x in body.items() if x is not None}),
                       True)
    text = (f"Swarm initialized: current node ({node}) is now a manager.\n\n"
            + _join_instructions(engine, "worker")
            + "\nTo add a manager to this swarm, run 'docker swarm join-token manager' and "
              "follow the instructions.")
    if v.get("autolock"):
        text += ("\n\nThe swarm is autolocked: its unlock key is a secret, so it is not shown "
                 "here; run 'docker swarm unlock-key' in a terminal and keep the key safe.")
    return DoneText(text)


@command("swarm join", "Join a swarm as a node and/or manager",
         options=(value("--token", metavar="string", help="Token for entry into the swarm"),
                  value("--availability", metavar="string", default="active",
                        check=rc.availability,
                        help='Availability of the node ("active", "pause", "drain")'),
                  value("--advertise-addr", metavar="string",
                        help="Advertised address (format: <ip|interface>[:port])"),
                  value("--listen-addr", metavar="node-addr",
                        help="Listen address (format: <ip|interface>[:port])"),
                  value("--data-path-addr", metavar="string",
                        help="Address or interface to use for data path traffic")),
         arguments=(Argument("HOST:PORT"),))
def swarm_join(engine: Engine, host_port: str, token: str | None = None,
               advertise_addr: str | None = None, listen_addr: str | None = None,
               data_path_addr: str | None = None, availability: str = "active") -> Text:
    if not token:
        raise UsageError("--token is required: get it with '%docker swarm join-token worker' "
                         "on a manager", command="swarm join")
    api = engine.api
    body = {"ListenAddr": listen_addr or "0.0.0.0:2377", "AdvertiseAddr": advertise_addr,
            "DataPathAddr": data_path_addr, "RemoteAddrs": [host_port], "JoinToken": token,
            "Availability": availability}
    api._raise_for_status(api._post_json(api._url("/swarm/join"),
                                         data={k: v for k, v in body.items() if v}))
    role = "manager" if (engine.api.info().get("Swarm") or {}).get("ControlAvailable") \
        else "worker"
    return DoneText(f"This node joined a swarm as a {role}.")


@command("swarm join-token", "Manage join tokens",
         options=(flag("-q", "--quiet", help="Only display token"),
                  flag("--rotate", help="Rotate join token")),
         arguments=(Argument("ROLE", help="worker or manager"),))
def swarm_join_token(engine: Engine, role: str, quiet: bool = False,
                     rotate: bool = False) -> Text:
    """How a worker or manager joins (`-q`: the token alone); `--rotate` makes a new one."""
    given, role = role, role.lower()
    if role not in ("worker", "manager"):
        raise UsageError(f"unknown role {given}: use worker or manager",
                         command="swarm join-token")
    lines = ""
    if rotate:
        swarm = engine.api.inspect_swarm()
        engine.api.update_swarm(swarm["Version"]["Index"], rotate_worker_token=role == "worker",
                                rotate_manager_token=role == "manager")
        lines = f"Successfully rotated {role} join token.\n\n"
    if quiet:
        return Text(engine.api.inspect_swarm()["JoinTokens"][role.capitalize()])
    return Text(lines + _join_instructions(engine, role))


@command("swarm leave", "Leave the swarm",
         options=(flag("-f", "--force", help="Force this node to leave the swarm, ignoring "
                                             "warnings"),))
def swarm_leave(engine: Engine, force: bool = False) -> Text:
    """Leave; an engine in no swarm says so, with -f too (the SDK's `leave_swarm(force=True)`
    hides that answer, so the request is made here)."""
    api = engine.api
    api._raise_for_status(api._post(api._url("/swarm/leave"), params={"force": force}))
    return DoneText("Node left the swarm.")


# ------------------------------------------------------------------ nodes

def _self_id(engine: Engine) -> str:
    return str((engine.api.info().get("Swarm") or {}).get("NodeID") or "")


def _node(engine: Engine, name: str) -> str:
    """A node reference for the engine: `self` is this engine's node (resolved here, as the
    CLI does; the API knows ids and hostnames only)."""
    return _self_id(engine) or name if name == "self" else name


@command("node ls", "List nodes in the swarm", aliases=("node list",),
         options=(FILTER, FORMAT, QUIET))
def node_ls(engine: Engine, filter: list[str] | None = None, format: str | None = None,
            quiet: bool = False) -> Any:
    """Nodes as a DataFrame (`self` marks this engine's node), `-q` ids, or `--format`."""
    from ..frames import swarm as swarm_frames

    items = engine.api.nodes(filters=filters(filter, "node ls") or None)
    items.sort(key=lambda n: natural_key((n.get("Description") or {}).get("Hostname") or ""))
    if quiet:
        return Lines(n["ID"] for n in items)
    df = swarm_frames.nodes(items, _self_id(engine))
    if format:
        tls = [str(n.get("Description", {}).get("TLSInfo") and "Ready" or "") for n in items]
        return render_format(format, [
            {"ID": r["id"], "Self": r["self"], "Hostname": r["hostname"], "Status": r["status"],
             "Availability": r["availability"], "ManagerStatus": r["manager_status"],
             "EngineVersion": r["engine_version"], "TLSStatus": t}
            for r, t in zip(df.to_dict("records"), tls)], NODES)
    return df


NODES = Columns("{{.ID}} {{if .Self}}*{{else}} {{ end }}\t{{.Hostname}}\t{{.Status}}\t"
                "{{.Availability}}\t{{.ManagerStatus}}\t{{.EngineVersion}}",
                {"ID": "ID", "Self": "", "Hostname": "HOSTNAME", "Status": "STATUS",
                 "Availability": "AVAILABILITY", "ManagerStatus": "MANAGER STATUS",
                 "EngineVersion": "ENGINE VERSION", "TLSStatus": "TLS STATUS"},
                "*node.nodeContext")


@command("node inspect", "Display detailed information on one or more nodes",
         options=(value("-f", "--format", metavar="string",
                        help="Format output using a Go template, or 'json'"),
                  PRETTY),
         arguments=(NODE,))
def node_inspect(engine: Engine, node: list[str], format: str | None = None,
                 pretty: bool = False) -> Any:
    from .. import frames

    objects = [engine.api.inspect_node(_node(engine, n)) for n in node]
    if pretty:  # the CLI's --pretty wins over --format here (not for a service)
        from ..swarm.pretty import node_pretty

        return Text("".join(node_pretty(o) for o in objects))
    return render_format(format, objects) if format else frames.inspect(objects)


@command("node ps", "List tasks running on one or more nodes, defaults to current node",
         options=(FILTER, FORMAT, flag("--no-resolve", help="Do not map IDs to Names"),
                  flag("--no-trunc", help="Do not truncate output"), QUIET),
         arguments=(Argument("NODE", "*", help="node ids or hostnames (default: self)",
                             completer="node"),))
def node_ps(engine: Engine, node: list[str] | None = None, filter: list[str] | None = None,
            no_trunc: bool = False, quiet: bool = False, no_resolve: bool = False,
            format: str | None = None) -> Any:
    from .services import task_frame

    ids = [engine.api.inspect_node(_node(engine, n))["ID"] for n in node or ["self"]]
    wanted = filters(filter, "node ps") | {"node": ids}
    return task_frame(engine, engine.api.tasks(filters=wanted), no_trunc, quiet, no_resolve,
                      format)


@command("node update", "Update a node",
         options=(value("--availability", metavar="string",
                        help='Availability of the node ("active"|"pause"|"drain")'),
                  value("--role", metavar="string", help='Role of the node ("worker"|"manager")'),
                  value("--label-add", kind="list", metavar="list",
                        help="Add or update a node label (key=value)"),
                  value("--label-rm", kind="list", metavar="list",
                        help="Remove a node label if exists")),
         arguments=(Argument("NODE", completer="node"),))
def node_update(engine: Engine, node: str, availability: str | None = None,
                role: str | None = None, label_add: list[str] | None = None,
                label_rm: list[str] | None = None) -> Text:
    """Change one node's spec (read, changed, written back at its version, like the CLI)."""
    for flag_name, given, allowed in (("--availability", availability,
                                       ("active", "pause", "drain")),
                                      ("--role", role, ("worker", "manager"))):
        if given is not None and given.lower() not in allowed:
            raise UsageError(f"invalid value for {flag_name}: {given}: use "
                             f"{', '.join(allowed)}", command="node update")
    current = engine.api.inspect_node(_node(engine, node))
    spec = dict(current["Spec"])
    labels = dict(spec.get("Labels") or {})
    labels |= {k: v for k, _, v in (item.partition("=") for item in label_add or [])}
    for key in label_rm or []:
        labels.pop(key, None)
    spec["Labels"] = labels
    if availability:
        spec["Availability"] = availability.lower()
    if role:
        spec["Role"] = role.lower()
    engine.api.update_node(current["ID"], current["Version"]["Index"], spec)
    return Text(node)


@command("node rm", "Remove one or more nodes from the swarm", aliases=("node remove",),
         options=(flag("-f", "--force", help="Force remove a node from the swarm"),),
         arguments=(NODE,))
def node_rm(engine: Engine, node: list[str], force: bool = False) -> Lines:
    return each(engine, node, lambda n: engine.api.remove_node(_node(engine, n), force=force))


