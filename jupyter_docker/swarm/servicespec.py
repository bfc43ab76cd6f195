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


def _resources(values: dict[str, Any], kind: str) -> dict[str, int]:
    cpu, memory = values.get(f"{kind}_cpu"), values.get(f"{kind}_memory")
    out = {}
    if cpu:
        try:
            out["NanoCPUs"] = int(float(cpu) * 1e9)
        except ValueError:
            raise UsageError(f'invalid argument "{cpu}" for "--{kind}-cpu" flag: expected a '
                             "number like 0.5", command="service create") from None
    if memory:
        out["MemoryBytes"] = int(memory)
    return out


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
    task: dict[str, Any] = {"ContainerSpec": container}
    resources = {k: r for k, r in (("Limits", _resources(v, "limit")),
                                   ("Reservations", _resources(v, "reserve"))) if r}
    if resources:
        task["Resources"] = resources
    if condition or v.get("restart_max_attempts") is not None:
        task["RestartPolicy"] = {k: val for k, val in (
            ("Condition", condition), ("MaxAttempts", v.get("restart_max_attempts")))
            if val is not None}
    if v.get("constraint"):
        task["Placement"] = {"Constraints": list(v["constraint"])}
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
    if v.get("publish"):
        spec["EndpointSpec"] = {"Ports": [parse_service_publish(p) for p in v["publish"]]}
    for kind, key in (("update", "UpdateConfig"), ("rollback", "RollbackConfig")):
        config = rollout_config(v, kind, "service create")
        if config:
            spec[key] = config
    return spec


def sdk_service_arguments(spec: dict[str, Any]) -> dict[str, Any]:
    """A ServiceSpec as `APIClient.create_service` keyword arguments."""
    keys = {"TaskTemplate": "task_template", "Name": "name", "Labels": "labels", "Mode": "mode",
            "UpdateConfig": "update_config", "RollbackConfig": "rollback_config",
            "EndpointSpec": "endpoint_spec"}
    return {keys[k]: val for k, val in spec.items()}
