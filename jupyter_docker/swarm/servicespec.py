"""`docker service create/update` flags -> the Engine API's ServiceSpec. Pure: no engine.

    spec = service_spec(values, "web:1", ["nginx", "-g", "daemon off;"])
    api.create_service(**sdk_service_arguments(spec))

The flags are the CLI's (`--replicas 3 -p 8080:80 -e K=V --constraint node.role==manager`);
every value is checked here, so a bad one fails in one line before the engine is asked.
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..runspec import parse_mount
from ..units import parse_duration

RESTART_CONDITIONS = ("none", "on-failure", "any")
FAILURE_ACTIONS = {"update": ("pause", "continue", "rollback"), "rollback": ("pause", "continue")}
ORDERS = ("start-first", "stop-first")
_PUBLISH_KEYS = {"published", "target", "protocol", "mode"}


def parse_service_publish(spec: str, command: str = "service create") -> dict[str, Any]:
    """`8080:80`, `8080:80/udp`, `80` or `published=8080,target=80,mode=host` -> a PortConfig."""
    if "=" in spec:
        fields = dict(part.partition("=")[::2] for part in spec.split(","))
        if not fields.keys() <= _PUBLISH_KEYS or "target" not in fields:
            raise UsageError(f"invalid publish spec '{spec}': use published=N,target=N"
                             "[,protocol=tcp|udp|sctp][,mode=ingress|host]", command=command)
        published, target = fields.get("published", ""), fields["target"]
        protocol, mode = fields.get("protocol", "tcp"), fields.get("mode", "ingress")
    else:
        ports, _, protocol = spec.partition("/")
        published, _, target = ports.rpartition(":")
        protocol, mode = protocol or "tcp", "ingress"
    try:
        port: dict[str, Any] = {"Protocol": protocol, "TargetPort": int(target),
                                "PublishMode": mode}
        if published:
            port["PublishedPort"] = int(published)
    except ValueError:
        raise UsageError(f"invalid publish spec '{spec}': ports are numbers",
                         command=command) from None
    if protocol not in ("tcp", "udp", "sctp") or mode not in ("ingress", "host"):
        raise UsageError(f"invalid publish spec '{spec}': protocol tcp|udp|sctp, "
                         "mode ingress|host", command=command)
    return port


def _pairs(items: list[str] | None) -> dict[str, str]:
    return {k: v for k, _, v in (item.partition("=") for item in items or [])}


def _mount(spec: str) -> dict[str, Any]:
    m = parse_mount(spec)
    out: dict[str, Any] = {"Target": m["target"], "Type": m["type"],
                           "ReadOnly": bool(m["read_only"])}
    if m.get("source"):
        out["Source"] = m["source"]
    if "tmpfs_size" in m:
        out["TmpfsOptions"] = {"SizeBytes": m["tmpfs_size"]}
    return out


def _resources(values: dict[str, Any], kind: str) -> dict[str, Any]:
    cpu, memory = values.get(f"{kind}_cpu"), values.get(f"{kind}_memory")
    out: dict[str, Any] = {}
    if kind == "limit" and values.get("limit_pids"):
        out["Pids"] = values["limit_pids"]
    if kind == "reserve" and values.get("generic_resource"):
        out["GenericResources"] = [_generic(g) for g in values["generic_resource"]]
    if cpu:
        try:
            out["NanoCPUs"] = int(float(cpu) * 1e9)
        except ValueError:
            raise UsageError(f'invalid argument "{cpu}" for "--{kind}-cpu" flag: expected a '
                             "number like 0.5", command="service create") from None
    if memory:
        out["MemoryBytes"] = int(memory)
    return out


def _generic(text: str) -> dict[str, Any]:
    kind, eq, amount = text.partition("=")
    if not eq:
        raise UsageError(f"invalid generic resource specification: {text}",
                         command="service create")
    if amount.isdigit():
        return {"DiscreteResourceSpec": {"Kind": kind, "Value": int(amount)}}
    return {"NamedResourceSpec": {"Kind": kind, "Value": amount}}


# What the CLI sends in a service's UpdateConfig / RollbackConfig for the fields its flags leave
# out, once any of them is given (swarmkit's defaults; compared with the CLI in test_swarm).
ROLLOUT_DEFAULTS: dict[str, Any] = {"Parallelism": 1, "FailureAction": "pause",
                                    "Monitor": 5_000_000_000, "MaxFailureRatio": 0,
                                    "Order": "stop-first"}


def rollout_config(values: dict[str, Any], kind: str, command: str) -> dict[str, Any]:
    """`--update-*` (kind "update") or `--rollback-*` flags -> an UpdateConfig/RollbackConfig
    with only what was given (durations in nanoseconds, as the engine wants them)."""
    out: dict[str, Any] = {}
    if values.get(f"{kind}_parallelism") is not None:
        out["Parallelism"] = values[f"{kind}_parallelism"]
    for flag_name, key in (("delay", "Delay"), ("monitor", "Monitor")):
        given = values.get(f"{kind}_{flag_name}")
        if given:
            try:
                out[key] = int(parse_duration(given) * 1e9)
            except ValueError:
                raise UsageError(f'invalid argument "{given}" for "--{kind}-{flag_name}" flag: '
                                 "expected a duration like 10s or 1m30s", command=command) from None
    if values.get(f"{kind}_max_failure_ratio") is not None:
        out["MaxFailureRatio"] = values[f"{kind}_max_failure_ratio"]
    action, order = values.get(f"{kind}_failure_action"), values.get(f"{kind}_order")
    if action:
        if action not in FAILURE_ACTIONS[kind]:
            raise UsageError(f"invalid --{kind}-failure-action '{action}': use "
                             f"{', '.join(FAILURE_ACTIONS[kind])}", command=command)
        out["FailureAction"] = action
    if order:
        if order not in ORDERS:
            raise UsageError(f"invalid --{kind}-order '{order}': use start-first or stop-first",
                             command=command)
        out["Order"] = order
    return out


def service_spec(values: dict[str, Any], image: str, command: list[str]) -> dict[str, Any]:
    """The ServiceSpec for `docker service create` flags (see the module docstring)."""
    v = values
    mode = (v.get("mode") or "replicated").lower()
    if mode not in ("replicated", "global"):
        raise UsageError(f"invalid replicated mode '{mode}': use replicated or global",
                         command="service create")
    if mode == "global" and v.get("replicas") is not None:
        raise UsageError("replicas can only be used with replicated mode",
                         command="service create")
    condition = v.get("restart_condition")
    if condition and condition not in RESTART_CONDITIONS:
        raise UsageError(f"invalid restart condition '{condition}': use none, on-failure or any",
                         command="service create")
    container: dict[str, Any] = {"Image": image}
    optional = {"Args": command or None, "Command": [v["entrypoint"]] if v.get("entrypoint")
                else None, "Env": list(v.get("env") or []) or None,
                "Labels": _pairs(v.get("container_label")) or None, "Dir": v.get("workdir"),
                "User": v.get("user"), "Hostname": v.get("hostname"),
                "TTY": True if v.get("tty") else None,
                "Mounts": [_mount(m) for m in v.get("mount") or []] or None}
    container |= {k: val for k, val in optional.items() if val is not None}
    container |= _container_extras(v)
    task: dict[str, Any] = {"ContainerSpec": container}
    resources = {k: r for k, r in (("Limits", _resources(v, "limit")),
                                   ("Reservations", _resources(v, "reserve"))) if r}
    if resources:
        task["Resources"] = resources
    restart = {k: val for k, val in (
        ("Condition", condition), ("MaxAttempts", v.get("restart_max_attempts")),
        ("Delay", _ns(v.get("restart_delay"))), ("Window", _ns(v.get("restart_window"))))
        if val is not None}
    if restart:
        task["RestartPolicy"] = restart
    placement = {k: val for k, val in (
        ("Constraints", list(v.get("constraint") or []) or None),
        ("Preferences", [_preference(p) for p in v.get("placement_pref") or []] or None),
        ("MaxReplicas", v.get("replicas_max_per_node"))) if val is not None}
    if placement:
        task["Placement"] = placement
    if v.get("log_driver") or v.get("log_opt"):
        task["LogDriver"] = {"Name": v.get("log_driver") or "", "Options": _pairs(v.get("log_opt"))}
    if v.get("network"):
        task["Networks"] = [{"Target": n} for n in v["network"]]
    spec: dict[str, Any] = {
        "TaskTemplate": task,
        "Mode": {"Global": {}} if mode == "global"
        else {"Replicated": {"Replicas": 1 if v.get("replicas") is None else v["replicas"]}},
    }
    if v.get("name"):
        spec["Name"] = v["name"]
    if v.get("label"):
        spec["Labels"] = _pairs(v["label"])
    endpoint_mode = v.get("endpoint_mode")
    if endpoint_mode and endpoint_mode not in ("vip", "dnsrr"):
        raise UsageError(f"invalid endpoint mode {endpoint_mode}", command="service create")
    if v.get("publish") or endpoint_mode:
        spec["EndpointSpec"] = {k: val for k, val in (
            ("Mode", endpoint_mode),
            ("Ports", [parse_service_publish(p) for p in v.get("publish") or []] or None))
            if val is not None}
    if v.get("max_concurrent") is not None:
        raise UsageError("max-concurrent can only be used with replicated-job mode",
                         command="service create")
    for kind, key in (("update", "UpdateConfig"), ("rollback", "RollbackConfig")):
        config = rollout_config(v, kind, "service create")
        if config:  # none given: none sent, as the CLI (the engine applies its defaults)
            spec[key] = {**ROLLOUT_DEFAULTS, **config}
    return spec


def _ns(seconds: float | None) -> int | None:
    return None if seconds is None else int(round(seconds * 1e9))


def _preference(text: str) -> dict[str, Any]:
    strategy, eq, descriptor = text.partition("=")
    if not eq or strategy != "spread":
        raise UsageError(f"invalid placement preference '{text}': use spread=node.labels.KEY",
                         command="service create")
    return {"Spread": {"SpreadDescriptor": descriptor}}


def _reference(text: str, kind: str) -> dict[str, Any]:
    """`--secret NAME` or `source=NAME,target=PATH,uid=0,gid=0,mode=0444` (the id is looked up
    by the executor)."""
    fields = {"source": text} if "=" not in text else dict(
        f.partition("=")[::2] for f in text.split(","))
    source = fields.pop("source", fields.pop("src", ""))
    if not source:
        raise UsageError(f"invalid {kind} reference '{text}': source is required",
                         command="service create")
    target = fields.pop("target", fields.pop("dst", source))
    try:
        file = {"Name": target, "UID": fields.pop("uid", "0"), "GID": fields.pop("gid", "0"),
                "Mode": int(fields.pop("mode", "0444"), 8)}
    except ValueError:
        raise UsageError(f"invalid mode in {kind} reference '{text}'", command="service create") \
            from None
    if fields:
        raise UsageError(f"invalid field '{next(iter(fields))}' in {kind} reference '{text}'",
                         command="service create")
    return {f"{kind.capitalize()}Name": source, "File": file}


def _container_extras(v: dict[str, Any]) -> dict[str, Any]:
    """The ContainerSpec fields of the CLI's newer service flags (caps, DNS, hosts, health,
    init, read-only, stop signal and grace period, sysctls, ulimits, groups, secrets)."""
    from ..runconfig import healthcheck
    from ..runspec import read_env_file

    dns = {k: val for k, val in (("Nameservers", v.get("dns")), ("Search", v.get("dns_search")),
                                 ("Options", v.get("dns_option"))) if val}
    health = healthcheck(v)
    extras = {
        "CapabilityAdd": v.get("cap_add") or None, "CapabilityDrop": v.get("cap_drop") or None,
        "DNSConfig": dns or None, "Groups": v.get("group") or None,
        "Hosts": [f"{ip} {host}" for host, _, ip in (h.partition(":") for h in v.get("extra_host") or [])]
        or None,
        "Healthcheck": {k[0].upper() + k[1:].replace("_period", "Period"): val
                        for k, val in health.items()} if health else None,
        "Init": True if v.get("init") else None, "Isolation": v.get("isolation") or None,
        "ReadOnly": True if v.get("read_only") else None,
        "StopSignal": v.get("stop_signal") or None,
        "StopGracePeriod": _ns(v.get("stop_grace_period")),
        "Sysctls": v.get("sysctl") or None,
        "Ulimits": list(v.get("ulimit") or []) or None,
        "Secrets": [_reference(s, "secret") for s in v.get("secret") or []] or None,
        "Configs": [_reference(c, "config") for c in v.get("config") or []] or None,
    }
    if v.get("env_file"):
        extras["Env"] = [line for path in v["env_file"] for line in read_env_file(path)] + \
            list(v.get("env") or [])
    return {k: val for k, val in extras.items() if val is not None}


def sdk_service_arguments(spec: dict[str, Any]) -> dict[str, Any]:
    """A ServiceSpec as `APIClient.create_service` keyword arguments."""
    keys = {"TaskTemplate": "task_template", "Name": "name", "Labels": "labels", "Mode": "mode",
            "UpdateConfig": "update_config", "RollbackConfig": "rollback_config",
            "EndpointSpec": "endpoint_spec"}
    return {keys[k]: val for k, val in spec.items()}
