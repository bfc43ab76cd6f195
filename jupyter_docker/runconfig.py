"""Parsed `run`/`create` flags -> the engine's create request (docker-py keyword arguments). Pure.

The checks here are the ones the CLI makes across flags, or after reading a flag's value
(`--memory-swappiness 200`, `--pid x`), each with the CLI's line; they run before anything is
created.
"""

from __future__ import annotations

import ipaddress
import os
import re
from typing import Any

from .errors import UsageError
from .runspec import parse_mount, parse_publish, parse_restart, parse_volume, port_range, read_env_file

HEALTH = ("interval", "timeout", "start_period")
_CDI = re.compile(r"^[a-z0-9.-]+/[a-zA-Z0-9_.-]+=[a-zA-Z0-9_.:-]+$")  # vendor.com/class=name


def _fail(message: str) -> UsageError:
    return UsageError(message, command="run")


def _mode(flag: str, what: str, mode: str | None, container_ok: bool, extra: tuple[str, ...] = ()) -> None:
    """--pid/--uts/--userns/--cgroupns/--ipc: "", host, (container:NAME), or the extras."""
    if not mode or mode in ("host", *extra):
        return
    if container_ok and mode.startswith("container:") and len(mode) > len("container:"):
        return
    raise _fail(f"{flag}: invalid {what} mode")


def check_modes(v: dict[str, Any]) -> None:
    _mode("--pid", "PID", v.get("pid"), container_ok=True)
    _mode("--uts", "UTS", v.get("uts"), container_ok=False)
    _mode("--userns", "USER", v.get("userns"), container_ok=False)
    _mode("--cgroupns", "CGROUP", v.get("cgroupns"), container_ok=False, extra=("private",))
    _mode("--ipc", "IPC", v.get("ipc"), container_ok=True, extra=("none", "private", "shareable"))


def healthcheck(v: dict[str, Any]) -> dict[str, Any] | None:
    """--health-* / --no-healthcheck -> the engine's Healthcheck (durations in nanoseconds)."""
    given = [k for k in ("health_cmd", *(f"health_{h}" for h in HEALTH), "health_retries")
             if v.get(k) not in (None, "")]
    if v.get("no_healthcheck"):
        if given:
            raise _fail("--no-healthcheck conflicts with --health-* options")
        return {"test": ["NONE"]}
    if not given:
        return None
    out: dict[str, Any] = {"test": ["CMD-SHELL", v["health_cmd"]] if v.get("health_cmd") else None}
    for name in HEALTH:
        seconds = v.get(f"health_{name}")
        if seconds is not None:
            if seconds < 0:
                raise _fail(f"--health-{name.replace('_', '-')} cannot be negative")
            out[name] = int(round(seconds * 1e9))
    if v.get("health_retries") is not None:
        if v["health_retries"] < 0:
            raise _fail("--health-retries cannot be negative")
        out["retries"] = v["health_retries"]
    return {k: val for k, val in out.items() if val is not None}


def _volume(spec: str) -> tuple[str | None, str, str]:
    """-v, with `./dir` and `../dir` made absolute from the working directory (as the CLI)."""
    source, target, mode = parse_volume(spec)
    if source and (source in (".", "..") or source.startswith(("./", "../"))):
        source = os.path.abspath(source)
    return source, target, mode


def _devices(specs: list[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """--device: `SRC[:DST][:rwm]` host paths (as the CLI splits them), or CDI names as
    device requests (`vendor.com/class=name`)."""
    paths, cdi = [], []
    for spec in specs:
        if _CDI.match(spec):
            cdi.append({"driver": "cdi", "device_ids": [spec]})
            continue
        parts = spec.split(":")
        if len(parts) > 3:
            raise _fail(f"invalid device specification: {spec}")
        src, dst, perms = parts[0], "", "rwm"
        if len(parts) >= 2:
            if re.fullmatch(r"[rwm]{1,3}", parts[1]):
                perms = parts[1]
            else:
                dst = parts[1]
        if len(parts) == 3:
            perms = parts[2]
        for path in (src, dst or src):
            if not path.startswith("/"):
                raise _fail(f"{path} is not an absolute path")
        if not re.fullmatch(r"[rwm]{1,3}", perms):
            raise _fail(f"bad mode specified: {perms}")
        paths.append(f"{src}:{dst or src}:{perms}")
    return paths, cdi


def _ip(text: str | None, version: int) -> str | None:
    if text:
        try:
            ok = ipaddress.ip_address(text).version == version
        except ValueError:
            ok = False
        if not ok:
            raise _fail(f"invalid IPv{version} address: {text}")
    return text or None


def networking(v: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
    """--network (short or long form, repeated), --network-alias, --ip, --ip6, --link-local-ip,
    --mac-address -> (network_mode, networking_config). The per-container flags apply to the
    first network, as in the CLI."""
    nets = [dict(n) for n in v.get("network") or []]
    legacy = {"aliases": v.get("network_alias") or [], "ip": _ip(v.get("ip"), 4),
              "ip6": _ip(v.get("ip6"), 6), "link_local_ips": v.get("link_local_ip") or []}
    for addr in legacy["link_local_ips"]:
        try:
            ipaddress.ip_address(addr)
        except ValueError:
            raise _fail(f"Invalid link-local IP address: [{addr}]") from None
    if not nets:
        if not any(legacy.values()):
            return None, None
        nets = [{"name": "default"}]
    first = nets[0]
    for key, val in legacy.items():
        if val:
            if first.get(key):
                raise _fail(f"conflicting options: cannot specify both --{_legacy_flag(key)} "
                            "and per-network options")
            first[key] = val
    endpoints = {}
    for net in nets:
        ipam = {k: val for k, val in (("IPv4Address", net.get("ip")), ("IPv6Address", net.get("ip6")),
                                      ("LinkLocalIPs", net.get("link_local_ips"))) if val}
        point = {"Aliases": net.get("aliases") or None, "IPAMConfig": ipam or None,
                 "DriverOpts": net.get("driver_opt") or None, "MacAddress": net.get("mac_address"),
                 "GwPriority": net.get("gw_priority")}
        endpoints[net["name"]] = {k: val for k, val in point.items() if val is not None}
    mode = first["name"]
    if all(not e for e in endpoints.values()) and len(endpoints) == 1:
        return mode, None
    return mode, {"EndpointsConfig": endpoints}


def _legacy_flag(key: str) -> str:
    return {"aliases": "network-alias", "link_local_ips": "link-local-ip"}.get(key, key)


def _limits(v: dict[str, Any]) -> dict[str, Any]:
    swappiness = v.get("memory_swappiness")
    if swappiness is not None and swappiness != -1 and not 0 <= swappiness <= 100:
        raise _fail(f"invalid value: {swappiness}. Valid memory swappiness range is 0-100")
    score = v.get("oom_score_adj")
    if score is not None and not -1000 <= score <= 1000:
        raise _fail(f"Invalid value {score}, range for oom score adj is [-1000, 1000]")
    return {
        "mem_limit": v.get("memory"), "mem_reservation": v.get("memory_reservation"),
        "memswap_limit": v.get("memory_swap"), "kernel_memory": v.get("kernel_memory"),
        "mem_swappiness": swappiness if swappiness not in (None, -1) else None,
        "nano_cpus": int(v["cpus"] * 1e9) if v.get("cpus") else None,
        "cpu_shares": v.get("cpu_shares"), "cpu_period": v.get("cpu_period"),
        "cpu_quota": v.get("cpu_quota"), "cpu_rt_period": v.get("cpu_rt_period"),
        "cpu_rt_runtime": v.get("cpu_rt_runtime"), "cpuset_cpus": v.get("cpuset_cpus"),
        "cpuset_mems": v.get("cpuset_mems"), "pids_limit": v.get("pids_limit"),
        "oom_kill_disable": v.get("oom_kill_disable") or None, "oom_score_adj": score,
        "blkio_weight": v.get("blkio_weight") or None,
        "blkio_weight_device": v.get("blkio_weight_device") or None,
        "device_read_bps": v.get("device_read_bps") or None,
        "device_write_bps": v.get("device_write_bps") or None,
        "device_read_iops": v.get("device_read_iops") or None,
        "device_write_iops": v.get("device_write_iops") or None,
        "ulimits": [{"name": u["Name"], "soft": u["Soft"], "hard": u["Hard"]}
                    for u in v.get("ulimit") or []] or None,
    }


def sdk_arguments(values: dict[str, Any], image: str, cmd: list[str],
                  detach: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Parsed run flags -> (create_container kwargs, create_host_config kwargs). Pure."""
    v = values
    if v.get("rm") and v.get("restart") and v["restart"] != "no":
        raise _fail("conflicting options: cannot specify both --restart and --rm")
    check_modes(v)
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
        source, target, mode = _volume(spec)
        (binds.append(f"{source}:{target}:{mode}") if source else anonymous.append(target))
    for t in v.get("tmpfs") or []:
        if not t.startswith("/"):
            raise _fail(f"invalid mount path: '{t.partition(':')[0]}' mount path must be absolute")
    label_lines = [line for path in v.get("label_file") or [] for line in read_env_file(path)]
    labels = {k: val for k, _, val in (s.partition("=") for s in label_lines + list(v.get("label") or []))}
    devices, cdi = _devices(v.get("device") or [])
    gpus = v.get("gpus")
    requests = cdi + ([{"driver": gpus["Driver"], "count": gpus["Count"],
                        "device_ids": gpus["DeviceIDs"], "capabilities": gpus["Capabilities"],
                        "options": gpus["Options"]}] if gpus else [])
    network_mode, networking_config = networking(v)
    log_opts = dict(o.partition("=")[::2] for o in v.get("log_opt") or [])
    host: dict[str, Any] = {
        "binds": binds or None,
        "port_bindings": {p: [(ip, h) if ip else h for ip, h in b] for p, b in ports.items()}
        or None,
        "publish_all_ports": v.get("publish_all") or False,
        "links": {a: b for a, _, b in (l.partition(":") for l in v.get("link") or [])} or None,
        "volumes_from": v.get("volumes_from") or None,
        "network_mode": network_mode,
        "restart_policy": parse_restart(v["restart"]) if v.get("restart") else None,
        **_limits(v),
        "privileged": v.get("privileged") or False,
        "cap_add": v.get("cap_add") or None,
        "cap_drop": v.get("cap_drop") or None,
        "read_only": v.get("read_only") or None,
        "tmpfs": {t.partition(":")[0]: t.partition(":")[2] for t in v.get("tmpfs") or []} or None,
        "init": v.get("init") or None,
        "shm_size": v.get("shm_size"),
        "mounts": [parse_mount(m) for m in v.get("mount") or []] or None,
        "auto_remove": bool(v.get("rm")) and (detach or bool(v.get("terminal"))),
        "extra_hosts": v.get("add_host") or None,
        "dns": v.get("dns") or None, "dns_opt": v.get("dns_option") or None,
        "dns_search": v.get("dns_search") or None,
        "devices": devices or None, "device_requests": requests or None,
        "device_cgroup_rules": v.get("device_cgroup_rule") or None,
        "group_add": v.get("group_add") or None,
        "security_opt": v.get("security_opt") or None,
        "sysctls": v.get("sysctl") or None, "storage_opt": v.get("storage_opt") or None,
        "log_config": {"type": v.get("log_driver") or "", "config": log_opts}
        if v.get("log_driver") or log_opts else None,
        "cgroup_parent": v.get("cgroup_parent"), "cgroupns": v.get("cgroupns") or None,
        "ipc_mode": v.get("ipc") or None, "pid_mode": v.get("pid") or None,
        "uts_mode": v.get("uts") or None, "userns_mode": v.get("userns") or None,
        "isolation": v.get("isolation") or None, "runtime": v.get("runtime") or None,
        "volume_driver": v.get("volume_driver") or None,
    }
    create: dict[str, Any] = {
        "image": image, "command": cmd or None, "name": v.get("name"),
        "environment": env or None, "hostname": v.get("hostname"),
        "domainname": v.get("domainname") or None,
        "working_dir": v.get("workdir"), "user": v.get("user"),
        "entrypoint": v.get("entrypoint"), "ports": exposed or None,
        "volumes": anonymous + [b.split(":")[1] for b in binds] or None,
        "labels": labels or None, "stop_signal": v.get("stop_signal"),
        "stop_timeout": v.get("stop_timeout"),
        "tty": bool(v.get("tty")) and (detach or bool(v.get("stdin_open"))),  # run -it: attached
        "stdin_open": bool(v.get("interactive")) and (detach or bool(v.get("stdin_open"))),
        "detach": detach, "platform": v.get("platform"),
        "healthcheck": healthcheck(v), "mac_address": v.get("mac_address"),
        "networking_config": networking_config,
    }
    return ({k: val for k, val in create.items() if val is not None or k == "image"},
            {k: val for k, val in host.items() if val is not None})
