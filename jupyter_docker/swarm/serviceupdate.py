"""`docker service update` flags applied to a ServiceSpec, as the CLI applies them. Pure.

Each `--X-add`/`--X-rm` pair edits one list (or map) of the spec; the other flags replace one
field each. Values come from the parser already checked (`runchecks`).
"""

from __future__ import annotations

import shlex
from typing import Any, Callable

from ..errors import UsageError
from .servicespec import (_container_extras, _generic, _mount, _ns, _preference, _reference,
                          _resources, parse_service_publish)


def _at(spec: dict[str, Any], *path: str) -> dict[str, Any]:
    """The dict at `path` inside `spec`, made if missing."""
    for key in path:
        if not isinstance(spec.get(key), dict):
            spec[key] = {}
        spec = spec[key]
    return spec


def _kv(text: str) -> tuple[str, str]:
    key, _, val = text.partition("=")
    return key, val


# (flag stem, path to the parent, key, item made from a flag value, identity of an item,
#  identity a --X-rm value names)
LISTS: tuple[tuple[str, tuple[str, ...], str, Callable[[str], Any], Callable[[Any], str],
                   Callable[[str], str]], ...] = (
    ("constraint", ("TaskTemplate", "Placement"), "Constraints", str, str, str),
    ("dns", ("TaskTemplate", "ContainerSpec", "DNSConfig"), "Nameservers", str, str, str),
    ("dns-option", ("TaskTemplate", "ContainerSpec", "DNSConfig"), "Options", str, str, str),
    ("dns-search", ("TaskTemplate", "ContainerSpec", "DNSConfig"), "Search", str, str, str),
    ("group", ("TaskTemplate", "ContainerSpec"), "Groups", str, str, str),
    ("host", ("TaskTemplate", "ContainerSpec"), "Hosts",
     lambda h: "{2} {0}".format(*h.partition(":")), lambda e: e.split(" ")[1],
     lambda r: r.partition(":")[0]),
    ("mount", ("TaskTemplate", "ContainerSpec"), "Mounts", _mount, lambda m: m["Target"], str),
    ("network", ("TaskTemplate",), "Networks", lambda n: {"Target": n}, lambda n: n["Target"],
     str),
    ("placement-pref", ("TaskTemplate", "Placement"), "Preferences", _preference,
     lambda p: "spread=" + p["Spread"]["SpreadDescriptor"], str),
    ("publish", ("EndpointSpec",), "Ports", lambda p: parse_service_publish(p, "service update"),
     lambda p: f"{p['TargetPort']}/{p.get('Protocol', 'tcp')}",
     lambda r: r if "/" in r else f"{r.rpartition(':')[2]}/tcp"),
    ("secret", ("TaskTemplate", "ContainerSpec"), "Secrets", lambda s: _reference(s, "secret"),
     lambda s: s["SecretName"], str),
    ("config", ("TaskTemplate", "ContainerSpec"), "Configs", lambda c: _reference(c, "config"),
     lambda c: c["ConfigName"], str),
    ("ulimit", ("TaskTemplate", "ContainerSpec"), "Ulimits", dict, lambda u: u["Name"], str),
    ("generic-resource", ("TaskTemplate", "Resources", "Reservations"), "GenericResources",
     _generic, lambda g: next(iter(g.values()))["Kind"], lambda r: r.partition("=")[0]),
)
MAPS = (("container-label", ("TaskTemplate", "ContainerSpec"), "Labels"),
        ("sysctl", ("TaskTemplate", "ContainerSpec"), "Sysctls"))
CAPS = (("cap_add", "CapabilityAdd"), ("cap_drop", "CapabilityDrop"))


def apply_update(spec: dict[str, Any], v: dict[str, Any]) -> None:
    """Change `spec` in place by the `service update` values `v`."""
    if v.get("max_concurrent") is not None:
        raise UsageError("max-concurrent can only be used with replicated-job mode",
                         command="service update")
    for stem, path, key, make, ident, named in LISTS:
        dest = stem.replace("-", "_")
        removed = {named(r) for r in v.get(f"{dest}_rm") or []}
        added = [make(a) for a in v.get(f"{dest}_add") or []]
        if not removed and not added:
            continue
        parent = _at(spec, *path)
        kept = [item for item in parent.get(key) or [] if ident(item) not in removed]
        new = {ident(a) for a in added}
        parent[key] = [item for item in kept if ident(item) not in new] + added
    for stem, path, key in MAPS:
        dest = stem.replace("-", "_")
        if v.get(f"{dest}_add") or v.get(f"{dest}_rm"):
            parent = _at(spec, *path)
            current = {k: val for k, val in (parent.get(key) or {}).items()
                       if k not in set(v.get(f"{dest}_rm") or [])}
            parent[key] = current | dict(_kv(a) for a in v.get(f"{dest}_add") or [])
    container = _at(spec, "TaskTemplate", "ContainerSpec")
    for dest, key in CAPS:
        if v.get(dest):
            container[key] = sorted(set(container.get(key) or []) | set(v[dest]))
    _scalars(spec, container, v)


def _scalars(spec: dict[str, Any], container: dict[str, Any], v: dict[str, Any]) -> None:
    if v.get("args") is not None:
        container["Args"] = shlex.split(v["args"])
    if v.get("entrypoint") is not None:
        container["Command"] = shlex.split(v["entrypoint"]) or None
    for dest, key in (("hostname", "Hostname"), ("user", "User"), ("workdir", "Dir"),
                      ("stop_signal", "StopSignal"), ("isolation", "Isolation")):
        if v.get(dest) is not None:
            container[key] = v[dest]
    for dest, key in (("tty", "TTY"), ("read_only", "ReadOnly"), ("init", "Init")):
        if v.get(dest):
            container[key] = True
    if v.get("stop_grace_period") is not None:
        container["StopGracePeriod"] = _ns(v["stop_grace_period"])
    extras = _container_extras({k: v.get(k) for k in (
        "health_cmd", "health_interval", "health_timeout", "health_start_period",
        "health_retries", "no_healthcheck")})
    if "Healthcheck" in extras:
        container["Healthcheck"] = {**(container.get("Healthcheck") or {}),
                                    **extras["Healthcheck"]}
    for kind, key in (("limit", "Limits"), ("reserve", "Reservations")):
        given = _resources(v, kind)
        if given:
            _at(spec, "TaskTemplate", "Resources", key).update(given)
    restart = {k: val for k, val in (
        ("Condition", v.get("restart_condition")), ("MaxAttempts", v.get("restart_max_attempts")),
        ("Delay", _ns(v.get("restart_delay"))), ("Window", _ns(v.get("restart_window"))))
        if val is not None}
    if restart:
        _at(spec, "TaskTemplate", "RestartPolicy").update(restart)
    if v.get("replicas_max_per_node") is not None:
        _at(spec, "TaskTemplate", "Placement")["MaxReplicas"] = v["replicas_max_per_node"]
    if v.get("log_driver") or v.get("log_opt"):
        log = _at(spec, "TaskTemplate", "LogDriver")
        if v.get("log_driver"):
            log["Name"] = v["log_driver"]
        if v.get("log_opt"):
            log["Options"] = dict(_kv(o) for o in v["log_opt"])
    mode = v.get("endpoint_mode")
    if mode:
        if mode not in ("vip", "dnsrr"):
            raise UsageError(f"invalid endpoint mode {mode}", command="service update")
        _at(spec, "EndpointSpec")["Mode"] = mode
