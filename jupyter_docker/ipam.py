"""`network create --subnet/--ip-range/--gateway` paired up as the docker CLI pairs them. Pure."""

from __future__ import annotations

import ipaddress
from typing import Any

from .errors import DockerError


def _contains(subnet: str, data: str) -> bool:
    try:
        net = ipaddress.ip_network(subnet, strict=False)
    except ValueError:
        raise DockerError(f"invalid subnet: invalid CIDR address: {subnet}") from None
    try:
        addr = (ipaddress.ip_interface(data).ip if "/" in data else ipaddress.ip_address(data))
    except ValueError:
        if "/" in data:
            raise DockerError(f"invalid CIDR address: {data}") from None
        return False  # Go's ParseIP gives nil, which no subnet contains
    return addr.version == net.version and addr in net


def consolidate(subnets: list[str], ranges: list[str], gateways: list[str],
                aux: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    """Each range, gateway and aux address goes to the subnet that contains it; the CLI's
    errors otherwise."""
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        raise DockerError("every ip-range or gateway must have a corresponding subnet")
    pools: dict[str, dict[str, Any]] = {}
    for s in subnets:
        for other in pools:
            if _contains(s, other.split("/")[0]) or _contains(other, s.split("/")[0]):
                raise DockerError("multiple overlapping subnet configuration is not supported")
        pools[s] = {"subnet": s, "iprange": None, "gateway": None, "aux": {}}
    for key, values, what in (("iprange", ranges, "range"), ("gateway", gateways, "gateway")):
        for val in values:
            matched = False
            for s in subnets:
                if not _contains(s, val):
                    continue
                if pools[s][key]:
                    plural = "ranges" if what == "range" else "gateways"
                    where = "on" if what == "range" else "for"
                    raise DockerError(f"cannot configure multiple {plural} ({val}, {pools[s][key]}) "
                                      f"{where} the same subnet ({s})")
                pools[s][key], matched = val, True
            if not matched:
                raise DockerError(f"no matching subnet for {what} {val}")
    for key, addr in (aux or {}).items():
        homes = [s for s in subnets if _contains(s, addr or "")]
        if not homes:
            raise DockerError(f"no matching subnet for aux-address {addr}")
        for s in homes:
            pools[s]["aux"][key] = addr
    return list(pools.values())
