"""Networks: `network create/ls/rm/connect/disconnect/prune` (`network inspect` is with inspect)."""

from __future__ import annotations

from typing import Any

from ..display import Lines, Text
from ..engine import Engine
from ._confirm import confirm
from .common import (FILTER, FORCE_PRUNE, FORMAT, NO_TRUNC, PRUNE_FILTER, QUIET, Columns,
                     Pruned, each, filters, natural_key, prune_report, render_format, short_id)
from .spec import Argument, command, flag, value
from .volumes import labels_of

NETWORK = Argument("NETWORK", completer="network")
CONTAINER = Argument("CONTAINER", completer="container")


@command("network create", "Create a network",
         options=(value("-d", "--driver", default="bridge", metavar="string",
                        help="Driver to manage the Network"),
                  flag("--attachable", help="Enable manual container attachment"),
                  value("--gateway", kind="list", metavar="strings",
                        help="IPv4 or IPv6 Gateway for the master subnet"),
                  flag("--internal", help="Restrict external access to the network"),
                  value("--ip-range", kind="list", metavar="strings",
                        help="Allocate container ip from a sub-range"),
                  flag("--ipv6", help="Enable IPv6 networking"),
                  value("--label", kind="list", metavar="list", help="Set metadata on a network"),
                  value("-o", "--opt", kind="map", metavar="map", help="Set driver specific options"),
                  value("--subnet", kind="list", metavar="strings",
                        help="Subnet in CIDR format that represents a network segment")),
         arguments=(Argument("NETWORK"),))
def network_create(engine: Engine, network: str, driver: str = "bridge", attachable: bool = False,
                   gateway: list[str] | None = None, internal: bool = False,
                   ip_range: list[str] | None = None, ipv6: bool = False,
                   label: list[str] | None = None, opt: dict | None = None,
                   subnet: list[str] | None = None) -> Text:
    """Create a network; returns its id."""
    from docker.types import IPAMConfig, IPAMPool

    from ..ipam import consolidate

    pools = consolidate(subnet or [], ip_range or [], gateway or [])
    ipam = IPAMConfig(pool_configs=[IPAMPool(**p) for p in pools]) if pools else None
    created = engine.api.create_network(network, driver=driver, options=opt or None, ipam=ipam,
                                        internal=internal, labels=labels_of(label) or None,
                                        enable_ipv6=ipv6, attachable=attachable or None,
                                        check_duplicate=True)
    return Text(created["Id"])


@command("network ls", "List networks", aliases=("network list",),
         options=(FILTER, FORMAT, NO_TRUNC, QUIET))
def network_ls(engine: Engine, filter: list[str] | None = None, format: str | None = None,
               no_trunc: bool = False, quiet: bool = False) -> Any:
    """Networks as a DataFrame (`-q`: ids)."""
    from .. import frames

    items = engine.api.networks(filters=filters(filter, "network ls") or None)
    items.sort(key=lambda n: natural_key(n["Name"]))  # the CLI's order
    if quiet:
        return Lines(short_id(n["Id"], no_trunc) for n in items)
    if format:
        return render_format(format, [_network_fields(n, no_trunc) for n in items], NETWORKS)
    return frames.networks(items, no_trunc=no_trunc)


NETWORKS = Columns("{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
                   {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE",
                    "IPv4": "IPV4", "IPv6": "IPV6", "Internal": "INTERNAL", "Labels": "LABELS",
                    "Label": "LABEL", "CreatedAt": "CREATED AT"},
                   "*network.networkContext")


def _network_fields(n: dict[str, Any], no_trunc: bool) -> dict[str, Any]:
    """The fields `docker network ls --format` offers, as the CLI's networkContext has them."""
    from ..gotemplate import GoTime, Method

    labels = n.get("Labels") or {}
    flag_text = {True: "true", False: "false"}
    return {"ID": short_id(n["Id"], no_trunc), "Name": n["Name"], "Driver": n.get("Driver", ""),
            "Scope": n.get("Scope", ""), "IPv4": flag_text[bool(n.get("EnableIPv4"))],
            "IPv6": flag_text[bool(n.get("EnableIPv6"))],
            "Internal": flag_text[bool(n.get("Internal"))],
            "Labels": ",".join(f"{k}={labels[k]}" for k in sorted(labels)),
            "Label": Method("Label", lambda name: labels.get(name, "")),
            "CreatedAt": GoTime(n.get("Created") or "").go()}


@command("network rm", "Remove one or more networks", aliases=("network remove",),
         arguments=(Argument("NETWORK", "+", completer="network"),))
def network_rm(engine: Engine, network: list[str]) -> Lines:
    return each(engine, network, engine.api.remove_network)


@command("network connect", "Connect a container to a network",
         options=(value("--alias", kind="list", metavar="strings",
                        help="Add network-scoped alias for the container"),
                  value("--ip", metavar="string", help="IPv4 address (e.g., 172.30.100.104)"),
                  value("--link", kind="list", metavar="list",
                        help="Add link to another container")),
         arguments=(NETWORK, CONTAINER))
def network_connect(engine: Engine, network: str, container: str, alias: list[str] | None = None,
                    ip: str | None = None, link: list[str] | None = None) -> None:
    links = [tuple(l.split(":", 1)) if ":" in l else (l, l) for l in link or []]
    engine.api.connect_container_to_network(container, network, aliases=alias or None,
                                            ipv4_address=ip, links=links or None)


@command("network disconnect", "Disconnect a container from a network",
         options=(flag("-f", "--force", help="Force the container to disconnect from a network"),),
         arguments=(NETWORK, CONTAINER))
def network_disconnect(engine: Engine, network: str, container: str, force: bool = False) -> None:
    engine.api.disconnect_container_from_network(container, network, force=force)


@command("network prune", "Remove all unused networks",
         options=(PRUNE_FILTER, FORCE_PRUNE))
def network_prune(engine: Engine, filter: list[str] | None = None, force: bool = False) -> Text:
    confirm("WARNING! This will remove all custom networks not used by at least one container.",
            force)
    return prune_report([pruned_networks(engine, filters(filter, "network prune"))], space=False)


def pruned_networks(engine: Engine, wanted: dict[str, list[str]]) -> Pruned:
    """Remove the custom networks no container uses that match `wanted` (filters)."""
    gone = engine.api.prune_networks(filters=wanted or None)
    return Pruned("Deleted Networks:", gone.get("NetworksDeleted") or [])
