"""Value checks of `run`/`create` flags, as the docker CLI makes them (same reasons, same text).

Each check takes one flag value and returns what is stored, or raises ValueError with the CLI's
reason; the parser wraps that in `invalid argument "X" for "--flag" flag: <reason>`. Where the
CLI refuses the value later, in a line of its own (`Invalid --security-opt: "x"`), the check
raises that UsageError instead. Pure.
"""

from __future__ import annotations

import ipaddress
import os
import re
from typing import Any

from .errors import UsageError
from .units import parse_int, parse_size


def env(text: str) -> str | None:
    """`KEY=VALUE`; a bare `KEY` takes the kernel's value, and is dropped when it has none."""
    key, eq, _ = text.partition("=")
    if not key:
        raise ValueError(f"invalid environment variable: {text}")
    if eq:
        return text
    return f"{key}={os.environ[key]}" if key in os.environ else None


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text)


def add_host(text: str) -> str:
    """`host:ip` or `host=ip` (`[v6]` and `host-gateway` too) -> the engine's `host:ip`."""
    sep = "=" if "=" in text else ":"
    host, found, addr = text.partition(sep)
    if not found or not host:
        raise ValueError(f'bad format for add-host: "{text}"')
    if addr.startswith("[") and addr.endswith("]"):
        addr = addr[1:-1]
    if addr != "host-gateway":
        try:
            _ip(addr)
        except ValueError:
            raise ValueError(f'invalid IP address in add-host: "{addr}"') from None
    return f"{host}:{addr}"


def ip_address(text: str) -> str:
    try:
        _ip(text)
    except ValueError:
        raise ValueError(f"IP address is not correctly formatted: {text}") from None
    return text


_DOMAIN = re.compile(r"^(:?(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])"
                     r"(\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9]))*)\.?\s*$")


def dns_search(text: str) -> str:
    if text != "." and (not _DOMAIN.match(text) or len(text) > 255):
        raise ValueError(f"{text} is not a valid domain")
    return text


_ULIMITS = {"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile",
            "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"}


def ulimit(text: str) -> dict[str, Any]:
    """`nofile=1024[:2048]` -> {"Name": "nofile", "Soft": 1024, "Hard": 2048}."""
    name, eq, limits = text.partition("=")
    if not eq:
        raise ValueError(f"invalid ulimit argument: {text}")
    if name not in _ULIMITS:
        raise ValueError(f"invalid ulimit type: {name}")
    soft_text, colon, hard_text = limits.partition(":")
    soft = parse_int(soft_text)
    hard = parse_int(hard_text) if colon else soft
    if soft > hard:
        raise ValueError(f"ulimit soft limit must be less than or equal to hard limit: "
                         f"{soft} > {hard}")
    return {"Name": name, "Soft": soft, "Hard": hard}


_SYSCTLS = {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
            "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"}


def sysctl(text: str) -> tuple[str, str]:
    """Namespaced sysctls only (`net.*`, `fs.mqueue.*`, the IPC `kernel.*` ones), as the CLI."""
    key, eq, val = text.partition("=")
    if eq and (key in _SYSCTLS or key.startswith(("net.", "fs.mqueue."))):
        return key, val
    raise ValueError(f"sysctl '{text}' is not allowed")


_CGROUP_RULE = re.compile(r"^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$")


def device_cgroup_rule(text: str) -> str:
    if not _CGROUP_RULE.match(text):
        raise ValueError(f"invalid device cgroup format '{text}'")
    return text


def _device_pair(text: str) -> tuple[str, str]:
    path, colon, rate = text.partition(":")
    if not colon or ":" in rate:
        raise ValueError(f"bad format: {text}")
    if not path.startswith("/dev/"):
        raise ValueError(f"bad format for device path: {text}")
    return path, rate


def weight_device(text: str) -> dict[str, Any]:
    """`/dev/sda:200` -> {"Path": "/dev/sda", "Weight": 200} (10..1000, or 0)."""
    path, weight = _device_pair(text)
    if not weight.isdigit() or not (int(weight) == 0 or 10 <= int(weight) <= 1000):
        raise ValueError(f"invalid weight for device: {text}")
    return {"Path": path, "Weight": int(weight)}


def bps_device(text: str) -> dict[str, Any]:
    """`/dev/sda:1mb` -> {"Path": "/dev/sda", "Rate": 1048576}."""
    path, rate = _device_pair(text)
    try:
        return {"Path": path, "Rate": parse_size(rate)}
    except ValueError:
        raise ValueError(f"invalid rate for device: {text}. The correct format is "
                         "<device-path>:<number>[<unit>]. Number must be a positive integer. "
                         "Unit is optional and can be kb, mb, or gb") from None


def iops_device(text: str) -> dict[str, Any]:
    path, rate = _device_pair(text)
    if not rate.isdigit():
        raise ValueError(f"invalid rate for device: {text}. The correct format is "
                         "<device-path>:<number>. Number must be a positive integer")
    return {"Path": path, "Rate": int(rate)}


def decimal(text: str) -> float:
    """`--cpus 1.5` (a rational number as Go's big.Rat reads it: `3/2` too)."""
    num, slash, den = text.partition("/")
    try:
        return float(num) / float(den) if slash else float(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"failed to parse {text} as a rational number") from None


def memory_swap(text: str) -> int:
    """Bytes, or -1 for unlimited swap."""
    return -1 if text == "-1" else parse_size(text)


def gpus(text: str) -> dict[str, Any]:
    """`all`, `2`, `"device=0,1"`, `count=2,capabilities=compute` -> an engine DeviceRequest."""
    request: dict[str, Any] = {"Driver": "", "Count": 0, "DeviceIDs": None,
                               "Capabilities": [["gpu"]], "Options": {}}
    fields = _csv(text)
    if len(fields) == 1 and "=" not in fields[0]:
        fields = [f"count={fields[0]}"]
    seen_count = False
    for field in fields:
        key, eq, val = field.partition("=")
        if not eq:
            raise ValueError(f"invalid field key {key}")
        if key == "count":
            seen_count = True
            if val == "all":
                request["Count"] = -1
            elif re.fullmatch(r"[+-]?\d+", val):
                request["Count"] = int(val)
            else:
                raise ValueError(f'invalid count ({val}): value must be either "all" or an '
                                 "integer: invalid syntax")
        elif key == "device":
            request["DeviceIDs"] = [d for d in val.split(",") if d]
        elif key == "driver":
            request["Driver"] = val
        elif key == "capabilities":
            request["Capabilities"] = [[c for c in val.split(",") if c] + ["gpu"]]
        elif key == "options":
            request["Options"] = dict(_kv(o) for o in val.split(",") if o)
        else:
            raise ValueError(f"unexpected key '{key}' in '{field}'")
    if seen_count and request["DeviceIDs"]:
        raise ValueError("cannot set both Count and DeviceIDs on device request")
    return request


def _csv(text: str) -> list[str]:
    import csv

    return next(csv.reader([text]), [])


def _kv(text: str) -> tuple[str, str]:
    key, _, val = text.partition("=")
    return key, val


NETWORK_KEYS = {"name", "alias", "ip", "ip6", "mac-address", "link-local-ip", "driver-opt",
                "gw-priority"}


def network(text: str) -> dict[str, Any]:
    """`NET` or the long form `name=NET,alias=a,ip=10.1.0.5,...` -> {"name", "aliases", ...}."""
    if "=" not in text:
        return {"name": text}
    out: dict[str, Any] = {"aliases": [], "link_local_ips": [], "driver_opt": {}}
    for field in _csv(text):
        key, eq, val = field.partition("=")
        key = key.strip().lower()
        if not eq or key not in NETWORK_KEYS:
            raise ValueError(f"invalid field key {key}")
        if key == "alias":
            out["aliases"].append(val)
        elif key == "link-local-ip":
            out["link_local_ips"].append(val)
        elif key == "driver-opt":
            k, _, v = val.partition("=")
            out["driver_opt"][k] = v
        elif key == "gw-priority":
            out["gw_priority"] = parse_int(val)
        else:
            out[key.replace("-", "_")] = val
    if not out.get("name"):
        raise ValueError("network name must be specified")
    return out


def security_opt(text: str) -> str:
    """`key=value`, `key:value` or `no-new-privileges`; a seccomp profile file is read in."""
    key, found, val = text.partition("=")
    if not found and key != "no-new-privileges":
        key, found, val = text.partition(":")
    if (not found or not val) and key != "no-new-privileges":
        raise UsageError(f'Invalid --security-opt: "{text}"')
    if key == "seccomp" and val not in ("builtin", "unconfined"):
        import json

        try:
            with open(val) as fh:
                return "seccomp=" + json.dumps(json.load(fh), separators=(",", ":"))
        except OSError as exc:
            raise UsageError(f"opening seccomp profile ({val}) failed: open {val}: "
                             f"{(exc.strerror or '').lower()}") from None
        except ValueError as exc:
            raise UsageError(f"compacting json for seccomp profile ({val}) failed: {exc}") from None
    return text


def storage_opt(text: str) -> tuple[str, str]:
    key, eq, val = text.partition("=")
    if not eq:
        raise UsageError("invalid storage option")
    return key, val


_MAC = re.compile(r"^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}$")


def mac_address(text: str) -> str:
    if not _MAC.match(text):
        raise UsageError(f"{text} is not a valid mac address")
    return text


def detach_keys(text: str) -> str:
    """`ctrl-p,ctrl-q`: letters, `ctrl-<letter>` or `ctrl-@[\\]^_`, as the engine reads them."""
    for key in text.split(","):
        if key.startswith("ctrl-"):
            rest = key[5:]
            if len(rest) == 1 and (rest.isalpha() or rest in "@[\\]^_"):
                continue
        elif len(key) == 1:
            continue
        raise UsageError(f"Invalid detach keys ({text}) provided")
    return text


def attach(text: str) -> str:
    if text.lower() not in ("stdin", "stdout", "stderr"):
        raise ValueError("valid streams are STDIN, STDOUT and STDERR")
    return text


def build_arg(text: str) -> tuple[str, str | None]:
    """`--build-arg K=V`, or a bare `K` (its value is taken from the environment at build)."""
    key, eq, val = text.partition("=")
    if not key:
        raise ValueError(f"invalid environment variable: {text}")
    return key, val if eq else None


def label(text: str) -> tuple[str, str]:
    key, _, val = text.partition("=")
    if not key.strip():
        raise ValueError(f"invalid label '{text}': empty name")
    return key, val



def content_trust(disabled: bool) -> bool:
    """--disable-content-trust: true (the default) is all there is here."""
    if not disabled:
        raise UsageError("--disable-content-trust=false: content trust (Notary image "
                         "signatures) is not supported here")
    return disabled


def availability(text: str) -> str:
    """A swarm node's availability, refused in the CLI's words."""
    if text.lower() not in ("active", "pause", "drain"):
        raise UsageError(f'invalid availability "{text}", only active, pause and drain are '
                         "supported")
    return text.lower()


def cidr(text: str) -> str:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValueError(f"invalid string being converted to CIDR: {text}") from None
    return text


def external_ca(text: str) -> dict[str, Any]:
    """`protocol=cfssl,url=https://ca,cacert=ca.pem[,k=v]` -> the engine's ExternalCA."""
    out: dict[str, Any] = {"Options": {}}
    for field in _csv(text):
        key, eq, val = field.partition("=")
        if not eq:
            raise ValueError(f"invalid field '{field}' must be a key=value pair")
        low = key.lower()
        if low == "protocol":
            if val.lower() != "cfssl":
                raise ValueError(f"unrecognized external CA protocol {val}")
            out["Protocol"] = "cfssl"
        elif low == "url":
            out["URL"] = val
        elif low == "cacert":
            try:
                with open(val) as fh:
                    pem = fh.read()
            except OSError as exc:
                raise ValueError(f"unable to read CA cert for external CA: open {val}: "
                                 f"{(exc.strerror or '').lower()}") from None
            if "-----BEGIN" not in pem:
                raise ValueError("CA cert for external CA must be in PEM format")
            out["CACert"] = pem
        else:
            out["Options"][key] = val
    if "Protocol" not in out:
        raise ValueError("the external-ca option needs a protocol= parameter")
    if "URL" not in out:
        raise ValueError("the external-ca option needs a url= parameter")
    return out


def pull_policy(text: str) -> str:
    if text not in ("always", "missing", "never"):
        raise UsageError(f"invalid pull option: '{text}': must be one of \"always\", "
                         "\"missing\" or \"never\"")
    return text


def ratio(text: str) -> float:
    """A float flag (`--update-max-failure-ratio 0.2`), with strconv.ParseFloat's error."""
    try:
        if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
            raise ValueError
        return float(text)
    except ValueError:
        raise ValueError(f'strconv.ParseFloat: parsing "{text}": invalid syntax') from None
