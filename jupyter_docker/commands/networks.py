"""Networks: `network create/ls/rm/connect/disconnect/prune` (`network inspect` is with inspect)."""

from __future__ import annotations

from typing import Any

from ..display import Lines, Text
from ..engine import Engine
from ..notice import warning
from ._confirm import confirm
from .common import (FILTER, FORCE_PRUNE, FORMAT, NO_TRUNC, PRUNE_FILTER, QUIET, Columns,
                     Pruned, each, filters, natural_key, prune_report, render_format, short_id)
from .spec import Argument, FilterKey, command, flag, value
from .volumes import labels_of

NETWORK = Argument("NETWORK", completer="network")
CONTAINER = Argument("CONTAINER", completer="container")


@command("network create", "Create a network",
         options=(flag("--attachable", help="Enable manual container attachment"),
                  value("--aux-address", kind="map", metavar="map",
                        help="Auxiliary IPv4 or IPv6 addresses used by Network driver"),
                  value("--config-from", metavar="string",
                        help="The network from which to copy the configuration"),
                  flag("--config-only", help="Create a configuration only network"),
                  value("-d", "--driver", default="bridge", metavar="string",
                        help="Driver to manage the Network"),
                  value("--gateway", kind="list", metavar="strings",
                        help="IPv4 or IPv6 Gateway for the master subnet"),
                  flag("--ingress", help="Create swarm routing-mesh network"),
                  flag("--internal", help="Restrict external access to the network"),
                  value("--ip-range", kind="list", metavar="strings",
                        help="Allocate container ip from a sub-range"),
                  value("--ipam-driver", metavar="string", default="default",
                        help="IP Address Management Driver"),
                  value("--ipam-opt", kind="map", metavar="map",
                        help="Set IPAM driver specific options"),
                  flag("--ipv4", default=True,
                       help="Enable or disable IPv4 address assignment (default true; "
                            "=false needs API 1.47+)"),
                  flag("--ipv6", help="Enable IPv6 networking"),
                  value("--label", kind="list", metavar="list", help="Set metadata on a network"),
                  value("-o", "--opt", kind="map", metavar="map", help="Set driver specific options"),
                  value("--scope", metavar="string", help="Control the network's scope"),
                  value("--subnet", kind="list", metavar="strings",
                        help="Subnet in CIDR format that represents a network segment")),
         arguments=(Argument("NETWORK"),))
def network_create(engine: Engine, network: str, **values: Any) -> Text:
    """Create a network; returns its id. Subnets, ranges, gateways and aux addresses are
    paired up (and refused) as the CLI does, before the engine is asked."""
    from ..ipam import consolidate

    v = values
    pools = consolidate(v.get("subnet") or [], v.get("ip_range") or [], v.get("gateway") or [],
                        v.get("aux_address") or {})
    ipam = {"Driver": v.get("ipam_driver") or "default", "Options": v.get("ipam_opt") or None,
            "Config": [{k: val for k, val in (("Subnet", p["subnet"]), ("IPRange", p["iprange"]),
                                              ("Gateway", p["gateway"]),
                                              ("AuxiliaryAddresses", p["aux"] or None)) if val}
                       for p in pools]}
    body = {"Name": network, "CheckDuplicate": True, "Driver": v.get("driver") or "bridge",
            "Options": v.get("opt") or None, "IPAM": {k: val for k, val in ipam.items() if val},
            "Internal": v.get("internal") or None, "EnableIPv6": v.get("ipv6") or None,
            "EnableIPv4": False if v.get("ipv4") is False else None,
            "Attachable": v.get("attachable") or None, "Ingress": v.get("ingress") or None,
            "Scope": v.get("scope") or None, "ConfigOnly": v.get("config_only") or None,
            "ConfigFrom": {"Network": v["config_from"]} if v.get("config_from") else None,
            "Labels": labels_of(v.get("label")) or None}
    api = engine.api
    created = api._result(api._post_json(api._url("/networks/create"),
                                         data={k: val for k, val in body.items()
                                               if val is not None}), True)
    if created.get("Warning"):
        warning(f"WARNING: {created['Warning']}")
    return Text(created["Id"])


@command("network ls", "List networks", aliases=("network list",),
         options=(FILTER.with_keys("driver", "id", "label", FilterKey("name", completer="network"),
                                   FilterKey("scope", ("swarm", "global", "local")),
                                   FilterKey("type", ("custom", "builtin"))),
                  FORMAT, NO_TRUNC, QUIET))
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
         options=(flag("-f", "--force", help="Do not error if the network does not exist"),),
         arguments=(Argument("NETWORK", "+", completer="network"),))
def network_rm(engine: Engine, network: list[str], force: bool = False) -> Lines:
    def remove(name: str) -> None:
        try:
            engine.api.remove_network(name)
        except Exception as exc:  # noqa: BLE001 - -f: a missing one is no error (as the CLI)
            if not (force and getattr(exc, "status_code", None) == 404):
                raise

    return each(engine, network, remove)


@command("network connect", "Connect a container to a network",
         options=(value("--alias", kind="list", metavar="strings",
                        help="Add network-scoped alias for the container"),
                  value("--driver-opt", kind="list", metavar="strings",
                        help="driver options for the network"),
                  value("--gw-priority", kind="int", metavar="int",
                        help="Highest gw-priority provides the default gateway (API 1.48+)"),
                  value("--ip", metavar="string", help="IPv4 address (e.g., 172.30.100.104)"),
                  value("--ip6", metavar="string", help="IPv6 address (e.g., 2001:db8::33)"),
                  value("--link", kind="list", metavar="list",
                        help="Add link to another container"),
                  value("--link-local-ip", kind="list", metavar="strings",
                        help="Add a link-local address for the container")),
         arguments=(NETWORK, CONTAINER))
def network_connect(engine: Engine, network: str, container: str, alias: list[str] | None = None,
                    driver_opt: list[str] | None = None, gw_priority: int | None = None,
                    ip: str | None = None, ip6: str | None = None, link: list[str] | None = None,
                    link_local_ip: list[str] | None = None) -> None:
    links = [l if ":" in l else f"{l}:{l}" for l in link or []]
    ipam = {k: v for k, v in (("IPv4Address", ip), ("IPv6Address", ip6),
                              ("LinkLocalIPs", link_local_ip)) if v}
    point = {"Aliases": alias or None, "Links": links or None, "IPAMConfig": ipam or None,
             "DriverOpts": dict(o.partition("=")[::2] for o in driver_opt or []) or None,
             "GwPriority": gw_priority}
    api = engine.api
    body = {"Container": container,
            "EndpointConfig": {k: v for k, v in point.items() if v is not None}}
    api._raise_for_status(api._post_json(api._url("/networks/{0}/connect", network), data=body))


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
