"""Pure parsers for `run`/`create` specs: ports, volumes, restart policies, env files."""

from __future__ import annotations

from .errors import UsageError


def port_range(text: str, spec: str) -> list[int]:
    try:
        first, _, last = text.partition("-")
        lo, hi = int(first), int(last or first)
    except ValueError:
        raise UsageError(f"invalid port specification: {spec!r}", command="run") from None
    if not (0 < lo <= hi <= 65535):
        raise UsageError(f"invalid port specification: {spec!r}", command="run")
    return list(range(lo, hi + 1))


def parse_publish(spec: str) -> dict[str, list[tuple[str, int | None]]]:
    """`127.0.0.1:8080:80/udp` -> {"80/udp": [("127.0.0.1", 8080)]}; ranges pair up."""
    body, _, proto = spec.partition("/")
    proto = proto or "tcp"
    if proto not in ("tcp", "udp", "sctp"):
        raise UsageError(f"invalid proto: {proto}", command="run")
    parts = body.rsplit(":", 2)
    ip, host, private = ("", "", parts[-1])
    if len(parts) == 2:
        host = parts[0]
    elif len(parts) == 3:
        ip, host = parts[0], parts[1]
    privates = port_range(private, spec)
    hosts: list[int | None] = port_range(host, spec) if host else [None] * len(privates)
    if len(hosts) != len(privates):
        if len(hosts) > 1 and len(privates) == 1:
            raise UsageError(f"a host port range needs a container port range: {spec!r}",
                             command="run")
        raise UsageError(f"port ranges don't match in {spec!r}", command="run")
    out: dict[str, list[tuple[str, int | None]]] = {}
    for p, h in zip(privates, hosts):
        out.setdefault(f"{p}/{proto}", []).append((ip, h))
    return out


def parse_volume(spec: str) -> tuple[str | None, str, str]:
    """`name:/data:ro` -> ("name", "/data", "ro"); `/data` alone -> (None, "/data", "rw")."""
    parts = spec.split(":")
    if len(parts) == 1:
        if not parts[0].startswith("/"):
            raise UsageError(f"invalid volume specification: {spec!r}", command="run")
        return None, parts[0], "rw"
    if len(parts) > 3 or not parts[0] or not parts[1].startswith("/"):
        raise UsageError(f"invalid volume specification: {spec!r}", command="run")
    mode = parts[2] if len(parts) == 3 else "rw"
    return parts[0], parts[1], mode


def parse_restart(spec: str) -> dict[str, object]:
    """`on-failure:3` -> {"Name": "on-failure", "MaximumRetryCount": 3}."""
    name, _, count = spec.partition(":")
    if name not in ("no", "always", "on-failure", "unless-stopped"):
        raise UsageError(f"invalid restart policy {spec!r}: use no, always, on-failure[:N] "
                         "or unless-stopped", command="run")
    if count and name != "on-failure":
        raise UsageError(f"maximum retry count cannot be used with restart policy '{name}'",
                         command="run")
    try:
        retries = int(count or 0)
    except ValueError:
        raise UsageError(f"invalid restart policy {spec!r}", command="run") from None
    return {"Name": "" if name == "no" else name, "MaximumRetryCount": retries}


def read_env_file(path: str) -> list[str]:
    """KEY=VALUE lines; `#` comments and blank lines skipped; a bare KEY takes os.environ's."""
    import os

    try:
        with open(path) as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise UsageError(f"open {path}: {exc.strerror}", command="run") from None
    out = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            if line in os.environ:
                out.append(f"{line}={os.environ[line]}")
            continue
        out.append(line)
    return out


def parse_mount(spec: str) -> dict[str, object]:
    """`type=volume,source=v,target=/data,readonly` -> docker-py `Mount` keyword arguments."""
    fields: dict[str, str] = {}
    for part in spec.split(","):
        key, eq, val = part.partition("=")
        fields[key.strip().lower()] = val if eq else "true"
    kind = fields.pop("type", "volume")
    target = fields.pop("target", None) or fields.pop("destination", None) or fields.pop("dst", None)
    source = fields.pop("source", None) or fields.pop("src", None)
    if kind not in ("volume", "bind", "tmpfs") or not target:
        raise UsageError(f"invalid mount specification {spec!r}: needs type=volume|bind|tmpfs "
                         "and target=PATH", command="run")
    readonly = fields.pop("readonly", fields.pop("ro", "false")).lower() in ("1", "true")
    out: dict[str, object] = {"target": target, "source": source, "type": kind,
                              "read_only": readonly}
    if "tmpfs-size" in fields:
        from .units import parse_bytes
        out["tmpfs_size"] = parse_bytes(fields.pop("tmpfs-size"))
    if fields:
        raise UsageError(f"unexpected key '{next(iter(fields))}' in mount {spec!r}", command="run")
    return out
