"""`ps`: containers as a DataFrame, with the CLI's ports, names and command text."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..display import mark
from .common import _epoch, _frame, _short, ellipsis, go_quote, split_reference


def _join_host_port(host: str, port: str) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _form_group(key: str, first: int, last: int) -> str:
    ip, _, proto = key.rpartition("/")
    group = str(first) if first == last else f"{first}-{last}"
    if ip:
        group = f"{_join_host_port(ip, group)}->{group}"
    return f"{group}/{proto}"


def port_string(ports: list[dict[str, Any]] | None) -> str:
    """The PORTS column of `docker ps`: `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 53/udp`.

    Sorted by container port, then IP, host port and protocol; consecutive ports sharing a
    protocol and address are grouped into ranges; mappings whose host port differs from the
    container port come last, one each.
    """
    if not ports:
        return ""
    ordered = sorted(ports, key=lambda p: (p.get("PrivatePort") or 0, p.get("IP") or "",
                                           p.get("PublicPort") or 0, p.get("Type") or ""))
    groups: dict[str, list[int]] = {}
    result: list[str] = []
    mappings: list[str] = []
    for port in ordered:
        current = port.get("PrivatePort") or 0
        proto = port.get("Type") or ""
        ip = port.get("IP") or ""
        key = proto
        if ip:
            public = port.get("PublicPort") or 0
            if public != current:
                mappings.append(f"{_join_host_port(ip, str(public))}->{current}/{proto}")
                continue
            key = f"{ip}/{proto}"
        group = groups.get(key)
        if group is None:
            groups[key] = [current, current]
        elif current == group[1] + 1:
            group[1] = current
        else:
            result.append(_form_group(key, group[0], group[1]))
            groups[key] = [current, current]
    result.extend(_form_group(key, first, last) for key, (first, last) in groups.items())
    result.extend(mappings)
    return ", ".join(result)


def _container_image(item: dict[str, Any], no_trunc: bool) -> str:
    image = item.get("Image") or ""
    if not image:
        return "<no image>"
    if no_trunc:
        return image
    image_id = item.get("ImageID") or ""
    if image_id and _short(image_id) == _short(image):
        return _short(image)
    name, tag, _ = split_reference(image)  # digest dropped, docker.io/library/ trimmed
    return f"{name}:{tag}" if tag else name


def _names(names: list[str] | None, no_trunc: bool) -> str:
    stripped = [n[1:] if n.startswith("/") else n for n in names or ()]
    if no_trunc:
        return ",".join(stripped)
    for name in stripped:  # the container's own name, not legacy `--link` aliases
        if "/" not in name:
            return name
    return ""


def _command(command: str, no_trunc: bool) -> str:
    return go_quote(command if no_trunc else ellipsis(command, 20))


def containers(items: list[dict[str, Any]], *, no_trunc: bool = False,
               size: bool = False) -> pd.DataFrame:
    """`docker ps` from `GET /containers/json`: one row per container."""
    items = list(items or [])
    cols: list[tuple[str, Any, str]] = [
        ("container_id", [_short(c.get("Id"), no_trunc) for c in items], "str"),
        ("image", [_container_image(c, no_trunc) for c in items], "str"),
        ("command", [_command(c.get("Command") or "", no_trunc) for c in items], "str"),
        ("created", _epoch(c.get("Created") for c in items), "time"),
        ("status", [c.get("Status") or "" for c in items], "str"),
        ("state", [c.get("State") or "" for c in items], "str"),
        ("ports", [port_string(c.get("Ports")) for c in items], "str"),
        ("names", [_names(c.get("Names"), no_trunc) for c in items], "str"),
        ("labels", [c.get("Labels") or {} for c in items], "object"),
    ]
    if size:  # the engine omits zero sizes
        cols.append(("size_rw", [c.get("SizeRw") or 0 for c in items], "Int64"))
        cols.append(("size_root_fs", [c.get("SizeRootFs") or 0 for c in items], "Int64"))
    return mark(_frame(cols), sizes=["size_rw", "size_root_fs"], times=["created"], raw=items)
