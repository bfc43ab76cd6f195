"""`docker build` flags as the Dockerfile frontend's attributes and the exporter's, the names
moby's builder-next gives them when it turns `/build`'s query into a Solve (and buildx uses):
`filename`, `target`, `platform`, `build-arg:K`, `label:K`, `no-cache` ("" = every stage, else
the stage names, comma-separated: `--no-cache-filter`), `image-resolve-mode`,
`force-network-mode`, `add-hosts`, `shm-size`, `ulimit`, `cache-from`, `context` (a URL).
Limits BuildKit has no use for (`--memory`, `--cpu-*`, ...) are not sent, as `/build` ignores
them with BuildKit.
"""

from __future__ import annotations

from typing import Any

from ...errors import UsageError

NETWORK_HOST = "network.host"  # the entitlement `--network host` needs


def no_cache_filter(values: dict[str, Any]) -> list[str]:
    """The stages of `--no-cache-filter A,B` / `--no-cache-filter A --no-cache-filter B`."""
    stages = [name.strip() for value in values.get("no_cache_filter") or ()
              for name in str(value).split(",")]
    if any(not name for name in stages):
        raise UsageError("--no-cache-filter takes stage names: an empty name was given")
    return stages


def frontend(values: dict[str, Any], filename: str, remote: str | None = None
             ) -> dict[str, str]:
    """The Dockerfile frontend's attributes for a build with these flags."""
    from ...commands.image_build import build_args

    attrs: dict[str, str] = {"filename": filename,
                             "image-resolve-mode": "pull" if values.get("pull") else "default"}
    if remote:
        attrs["context"] = remote
    for key in ("target", "platform"):
        if values.get(key):
            attrs[key] = str(values[key])
    if values.get("no_cache"):
        attrs["no-cache"] = ""
    elif values.get("no_cache_filter"):
        attrs["no-cache"] = ",".join(no_cache_filter(values))
    for key, value in build_args(values.get("build_arg")).items():
        if value is not None:  # unset in the environment: the Dockerfile's default
            attrs[f"build-arg:{key}"] = value
    for key, value in (values.get("label") or {}).items():
        attrs[f"label:{key}"] = value or ""
    network = values.get("network") or ""
    if network in ("host", "none"):
        attrs["force-network-mode"] = network
    elif network not in ("", "default"):
        raise UsageError(f"network mode {network!r} not supported by buildkit")
    if values.get("add_host"):
        attrs["add-hosts"] = ",".join(_host(entry) for entry in values["add_host"])
    if values.get("shm_size"):
        attrs["shm-size"] = str(int(values["shm_size"]))
    if values.get("ulimit"):
        attrs["ulimit"] = ",".join(_ulimit(item) for item in values["ulimit"])
    if values.get("cache_from"):
        attrs["cache-from"] = ",".join(values["cache_from"])
    return attrs


def entitlements(values: dict[str, Any]) -> tuple[str, ...]:
    return (NETWORK_HOST,) if values.get("network") == "host" else ()


def exporter(tags: list[str] | None) -> dict[str, str]:
    """The `moby` exporter's attributes: the image's names (none: an untagged image)."""
    return {"name": ",".join(tags)} if tags else {}


def _host(entry: str) -> str:
    host, _, address = entry.partition(":")
    if address == "host-gateway":
        raise UsageError("--add-host host-gateway cannot be combined with --no-cache-filter "
                         "(only the engine's /build knows its gateway address)")
    return f"{host}={address}"


def _ulimit(item: Any) -> str:
    if isinstance(item, dict):
        return f"{item['Name']}={item['Soft']}:{item['Hard']}"
    return str(item)
