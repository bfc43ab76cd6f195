"""`service inspect --pretty` / `node inspect --pretty`: the docker CLI's (28.2) human-readable
text of a service or node, built from the engine's inspect object (pure functions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from ..units import go_duration, human_ago, human_binary_size


def _go_float(value: float) -> str:
    """Go's `%v` of a float64: `0`, `0.25`, `2`."""
    return f"{float(value):g}" if float(value) != int(value) else str(int(value))


def _capitalized(text: str) -> str:
    """The CLI's PrettyPrint: first letter upper, the rest lower."""
    return text[:1].upper() + text[1:].lower()


def _go_time(text: str) -> str:
    """`2026-12-01T22:37:48.180484408Z` as the CLI prints it, lowered:
    `2026-12-01 22:37:48.180484408 +0000 utc`."""
    day, _, clock = text.partition("T")
    if clock.endswith("Z"):
        return f"{day} {clock[:-1]} +0000 utc"
    offset = clock[-6:]
    return f"{day} {clock[:-6]} {offset.replace(':', '')} {offset.replace(':', '')}"


def _when(text: str | None) -> datetime | None:
    """An engine time (RFC 3339, nanoseconds) as a datetime, to the microsecond."""
    if not text:
        return None
    text = text.replace("Z", "+00:00")
    head, zone = text[:-6], text[-6:]
    whole, _, fraction = head.partition(".")
    return datetime.fromisoformat(f"{whole}.{(fraction + '000000')[:6]}{zone}")


def _rollout(title: str, conf: dict[str, Any], order_label: str) -> list[str]:
    lines = [f"{title}:", f" Parallelism:\t{conf.get('Parallelism', 0)}"]
    if conf.get("Delay"):
        lines.append(f" Delay:\t\t{go_duration(conf['Delay'])}")
    lines.append(f" On failure:\t{conf.get('FailureAction', '')}")
    if conf.get("Monitor"):
        lines.append(f" Monitoring Period: {go_duration(conf['Monitor'])}")
    lines.append(f" Max failure ratio: {_go_float(conf.get('MaxFailureRatio', 0))}")
    lines.append(f" {order_label}{conf.get('Order', '')}")
    return lines


def _resources(res: dict[str, Any]) -> list[str]:
    lines = ["Resources:"]
    for title, part in (("Reservations", res.get("Reservations") or {}),
                        ("Limits", res.get("Limits") or {})):
        if not (part.get("NanoCPUs") or part.get("MemoryBytes") or part.get("Pids")):
            continue
        lines.append(f" {title}:")
        if part.get("NanoCPUs"):
            lines.append(f"  CPU:\t\t{_go_float(part['NanoCPUs'] / 1e9)}")
        if part.get("MemoryBytes"):
            lines.append(f"  Memory:\t{human_binary_size(part['MemoryBytes'])}")
        if part.get("Pids"):  # only limits have them
            lines.append(f"  PIDs:\t\t{part['Pids']}")
    return lines


def _container(cs: dict[str, Any]) -> list[str]:
    lines = ["ContainerSpec:", f" Image:\t\t{cs.get('Image', '')}"]
    if cs.get("Args"):
        lines.append(" Args:\t\t" + "".join(f"{a} " for a in cs["Args"]))
    if cs.get("Env"):
        lines.append(" Env:\t\t" + "".join(f"{e} " for e in cs["Env"]))
    if cs.get("Dir"):
        lines.append(f" Dir:\t\t{cs['Dir']}")
    if cs.get("Init") is not None:
        lines.append(f" Init:\t\t{str(cs['Init']).lower()}")
    if cs.get("User"):
        lines.append(f" User: {cs['User']}")
    if cs.get("CapabilityAdd") or cs.get("CapabilityDrop"):
        lines.append("Capabilities:")
        if cs.get("CapabilityAdd"):
            lines.append(f" Add: {', '.join(cs['CapabilityAdd'])}")
        if cs.get("CapabilityDrop"):
            lines.append(f" Drop: {', '.join(cs['CapabilityDrop'])}")
    if cs.get("Sysctls"):
        lines.append("SysCtls:")
        lines += [f" {k}: {v}" if v else f" {k}" for k, v in sorted(cs["Sysctls"].items())]
    if cs.get("Ulimits"):
        lines.append("Ulimits:")
        limits = {u["Name"]: f"{u.get('Soft', 0)}:{u.get('Hard', 0)}" for u in cs["Ulimits"]}
        lines += [f" {k}: {v}" for k, v in sorted(limits.items())]
    if cs.get("Mounts"):
        lines.append("Mounts:")
        for m in cs["Mounts"]:
            lines += [f" Target:\t{m.get('Target', '')}", f"  Source:\t{m.get('Source', '')}",
                      f"  ReadOnly:\t{str(bool(m.get('ReadOnly'))).lower()}",
                      f"  Type:\t\t{m.get('Type', '')}"]
    for title, key, name in (("Configs", "Configs", "ConfigName"),
                             ("Secrets", "Secrets", "SecretName")):
        if cs.get(key):
            lines.append(f"{title}:")
            for item in cs[key]:
                lines += [f" Target:\t{(item.get('File') or {}).get('Name', '')}",
                          f"  Source:\t{item.get(name, '')}"]
    return lines


def service_pretty(service: dict[str, Any], network_name: Callable[[str], str] = str) -> str:
    """The CLI's `service inspect --pretty` text of one service (ends in a newline)."""
    spec = service.get("Spec") or {}
    task = spec.get("TaskTemplate") or {}
    lines = ["", f"ID:\t\t{service.get('ID', '')}", f"Name:\t\t{spec.get('Name', '')}"]
    if spec.get("Labels"):
        lines.append("Labels:")
        lines += [f" {k}={v}" if v else f" {k}" for k, v in sorted(spec["Labels"].items())]
    mode = spec.get("Mode") or {}
    if "Global" in mode:
        lines.append("Service Mode:\tGlobal")
    elif "Replicated" in mode:
        lines.append("Service Mode:\tReplicated")
        if "Replicas" in (mode["Replicated"] or {}):
            lines.append(f" Replicas:\t{mode['Replicated']['Replicas']}")
    else:
        lines.append("Service Mode:")
    status = service.get("UpdateStatus")
    if status:
        lines += ["UpdateStatus:", f" State:\t\t{status.get('State', '')}"]
        if status.get("StartedAt"):
            lines.append(f" Started:\t{human_ago(_when(status['StartedAt']))}")
        if status.get("State") == "completed" and status.get("CompletedAt"):
            lines.append(f" Completed:\t{human_ago(_when(status['CompletedAt']))}")
        lines.append(f" Message:\t{status.get('Message', '')}")
    placement = task.get("Placement") or {}
    lines.append("Placement:")
    if placement.get("Constraints"):
        lines.append(f" Constraints:\t[{' '.join(placement['Constraints'])}]")
    prefs = [f"spread={p['Spread'].get('SpreadDescriptor', '')}"
             for p in placement.get("Preferences") or [] if p.get("Spread")]
    if prefs:
        lines.append(f" Preferences:   [{' '.join(prefs)}]")
    if placement.get("MaxReplicas"):
        lines.append(f" Max Replicas Per Node:   {placement['MaxReplicas']}")
    if spec.get("UpdateConfig") is not None:
        lines += _rollout("UpdateConfig", spec["UpdateConfig"], "Update order:      ")
    if spec.get("RollbackConfig") is not None:
        lines += _rollout("RollbackConfig", spec["RollbackConfig"], "Rollback order:    ")
    lines += _container(task.get("ContainerSpec") or {})
    log = task.get("LogDriver")
    if log is not None:
        lines.append("Log Driver:")
        if log.get("Name"):
            lines.append(f" Name:\t\t{log['Name']}")
        if log.get("Options"):
            lines.append(" LogOpts:")
            lines += [f"  {k}:       {v}" if v else f"  {k}"
                      for k, v in sorted(log["Options"].items())]
        lines.append("")
    if task.get("Resources") is not None:
        lines += _resources(task["Resources"])
    networks = task.get("Networks") or spec.get("Networks") or []
    if networks:
        lines.append("Networks:" + "".join(f" {network_name(n['Target'])}" for n in networks)
                     + " ")
    lines.append(f"Endpoint Mode:\t{(spec.get('EndpointSpec') or {}).get('Mode', '')}")
    ports = (service.get("Endpoint") or {}).get("Ports") or []
    if ports:
        lines.append("Ports:")
        for p in ports:
            lines += [f" PublishedPort = {p.get('PublishedPort', 0)}",
                      f"  Protocol = {p.get('Protocol', '')}",
                      f"  TargetPort = {p.get('TargetPort', 0)}",
                      f"  PublishMode = {p.get('PublishMode', '')}"]
        lines[-1] += " "
    health = (task.get("ContainerSpec") or {}).get("Healthcheck")
    if health is not None:
        lines += [" Healthcheck:", f"  Interval = {go_duration(health.get('Interval', 0))}",
                  f"  Retries = {health.get('Retries', 0)}",
                  f"  StartPeriod =\t{go_duration(health.get('StartPeriod', 0))}",
                  f"  Timeout =\t{go_duration(health.get('Timeout', 0))}"]
        if health.get("Test"):
            lines.append("  Tests:")
            lines += [f"\t Test = {t}" for t in health["Test"]]
            lines[-1] += " "
    return "\n".join(lines) + "\n"


def _dash_labels(title: str, labels: dict[str, str] | None) -> list[str]:
    if not labels:
        return []
    return [f"{title}:"] + [f" - {k}={v}" if v else f" - {k}" for k, v in sorted(labels.items())]


def node_pretty(node: dict[str, Any]) -> str:
    """The CLI's `node inspect --pretty` text of one node (ends in a newline)."""
    spec, desc = node.get("Spec") or {}, node.get("Description") or {}
    status, engine = node.get("Status") or {}, desc.get("Engine") or {}
    lines = [f"ID:\t\t\t{node.get('ID', '')}"]
    if spec.get("Name"):
        lines.append(f"Name:\t\t\t{spec['Name']}")
    lines += _dash_labels("Labels", spec.get("Labels"))
    lines += [f"Hostname:              \t{desc.get('Hostname', '')}",
              f"Joined at:             \t{_go_time(node.get('CreatedAt', ''))}",
              "Status:", f" State:\t\t\t{_capitalized(status.get('State', ''))}"]
    if status.get("Message"):
        lines.append(f" Message:              \t{_capitalized(status['Message'])}")
    lines.append(f" Availability:         \t{_capitalized(spec.get('Availability', ''))}")
    if status.get("Addr"):
        lines.append(f" Address:\t\t{status['Addr']}")
    manager = node.get("ManagerStatus")
    if manager:
        lines += ["Manager Status:", f" Address:\t\t{manager.get('Addr', '')}",
                  f" Raft Status:\t\t{_capitalized(manager.get('Reachability', ''))}",
                  f" Leader:\t\t{'Yes' if manager.get('Leader') else 'No'}"]
    platform, res = desc.get("Platform") or {}, desc.get("Resources") or {}
    lines += ["Platform:", f" Operating System:\t{platform.get('OS', '')}",
              f" Architecture:\t\t{platform.get('Architecture', '')}",
              "Resources:", f" CPUs:\t\t\t{res.get('NanoCPUs', 0) // 10 ** 9}",
              f" Memory:\t\t{human_binary_size(res.get('MemoryBytes', 0))}"]
    plugins: dict[str, set[str]] = {}
    for plugin in engine.get("Plugins") or []:
        plugins.setdefault(plugin.get("Type", ""), set()).add(plugin.get("Name", ""))
    if plugins:
        lines.append("Plugins:")
        for kind, names in sorted(plugins.items()):
            joined = ", ".join(sorted(names))
            lines.append(f" {kind}:\t\t{joined}" if joined else f" {kind}:")
    lines.append(f"Engine Version:\t\t{engine.get('EngineVersion', '')}")
    lines += _dash_labels("Engine Labels", engine.get("Labels"))
    tls = desc.get("TLSInfo") or {}
    if tls.get("TrustRoot") or tls.get("CertIssuerSubject") or tls.get("CertIssuerPublicKey"):
        lines += ["TLS Info:", " TrustRoot:", tls.get("TrustRoot", ""),
                  f" Issuer Subject:\t{tls.get('CertIssuerSubject', '')}",
                  f" Issuer Public Key:\t{tls.get('CertIssuerPublicKey', '')}"]
    return "\n".join(lines) + "\n"
