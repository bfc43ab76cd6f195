"""Engine API JSON -> pandas DataFrames, with the docker CLI's column semantics.

Pure functions: they take what `docker.APIClient` returns and build typed frames (sizes as
integer bytes, times as tz-aware UTC datetimes) whose display is humanized through
`display.mark()`. Listing frames are built column by column from plain lists, never row by row.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from .display import mark

TIME = "datetime64[ns, UTC]"
_NAT = np.iinfo(np.int64).min
_NS_MIN, _NS_MAX = _NAT, np.iinfo(np.int64).max  # datetime64[ns] range; Go's zero time is outside
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


# --- building blocks --------------------------------------------------------------------------

def _frame(columns: list[tuple[str, Any, str]]) -> pd.DataFrame:
    """A frame from `(name, values, dtype)` triples; dtype `time` means values are ready."""
    data: dict[str, Any] = {}
    for name, values, dtype in columns:
        if dtype == "time":
            data[name] = pd.Series(values, dtype=TIME)
        else:
            data[name] = pd.Series(values, dtype=dtype)
    if not columns:
        return pd.DataFrame()
    return pd.DataFrame(data)


def _epoch(values: Iterable[Any], scale: int = 1_000_000_000) -> pd.DatetimeIndex:
    """Unix times (seconds; nanoseconds with scale=1) -> UTC datetimes. Missing, Go's zero
    time and anything out of range -> NaT."""
    ns = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v:
            ns.append(_NAT)
            continue
        n = v * scale if isinstance(v, int) else int(round(v * scale))
        ns.append(n if _NS_MIN < n <= _NS_MAX else _NAT)
    return pd.DatetimeIndex(np.array(ns, dtype="int64").view("M8[ns]")).tz_localize("UTC")


def _iso(values: Iterable[Any]) -> pd.Series:
    """RFC 3339 strings (Go's time.Time in JSON) -> UTC datetimes; Go's zero time -> NaT."""
    clean = [v if isinstance(v, str) and v and not v.startswith("0001-01-01") else None
             for v in values]
    if not clean:
        return pd.Series([], dtype=TIME)
    parsed = pd.to_datetime(pd.Series(clean, dtype=object), utc=True, format="ISO8601",
                            errors="coerce")
    return parsed.dt.as_unit("ns")


def _short(ident: str | None, no_trunc: bool = False) -> str:
    """The CLI's TruncateID: drop `sha256:`, keep 12 characters (unless no_trunc)."""
    ident = ident or ""
    if no_trunc:
        return ident
    return ident.split(":", 1)[-1][:12]


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def ellipsis(text: str, max_width: int) -> str:
    """Cut `text` to `max_width` display columns ending in `…`, like the CLI's Ellipsis."""
    if max_width <= 0:
        return ""
    if max_width == 1:
        return text[:1]
    if text.isascii():
        return text if len(text) <= max_width else text[:max_width - 1] + "…"
    acc, ends = 0, []
    for ch in text:
        acc += _width(ch)
        ends.append(acc)
    if acc <= max_width:
        return text
    for i in range(len(ends) - 1):
        if ends[i] <= max_width - 1 < ends[i + 1]:
            return text[:i + 1] + "…"
    return text


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
               "\v": "\\v", "\\": "\\\\", '"': '\\"'}


def go_quote(text: str) -> str:
    """Go's strconv.Quote: double quotes, Go escapes for non-printable characters."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    out = []
    for ch in text:
        if ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _familiar(name: str) -> str:
    """`docker.io/library/busybox` -> `busybox`, as the CLI shows repository names."""
    for prefix in ("docker.io/library/", "index.docker.io/library/"):
        if name.startswith(prefix) and "/" not in name[len(prefix):]:
            return name[len(prefix):]
    for prefix in ("docker.io/", "index.docker.io/"):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def split_reference(ref: str) -> tuple[str, str | None, str | None]:
    """`host:5000/repo:tag@sha256:…` -> (`host:5000/repo`, `tag`, `sha256:…`)."""
    name, _, digest = ref.partition("@")
    tag = None
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1:]
    return _familiar(name), tag, digest or None


def _path_match(pattern: str, text: str) -> bool:
    """Go's path.Match (used by the engine's `reference` filter): `*` stops at `/`."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                return False
            body = pattern[i + 1:end]
            if body.startswith("^"):
                body = "^" + body[1:].replace("\\", "\\\\")
            else:
                body = body.replace("\\", "\\\\")
            out.append(f"(?!/)[{body}]")
            i = end
        else:
            out.append(re.escape(ch))
        i += 1
    try:
        return re.fullmatch("".join(out), text) is not None
    except re.error:
        return False


# --- containers -------------------------------------------------------------------------------

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


# --- images -----------------------------------------------------------------------------------

def _dangling(tags: list[str], digests: list[str]) -> bool:
    if not tags and not digests:
        return True
    return tags == ["<none>:<none>"] and digests == ["<none>@<none>"]


def image_refs(item: dict[str, Any], digests: bool = False) -> list[tuple[str, str, str]]:
    """`(repository, tag, digest)` rows for one image, the way `docker images` lists them."""
    tags = item.get("RepoTags") or []
    repo_digests = item.get("RepoDigests") or []
    if _dangling(tags, repo_digests):
        return [("<none>", "<none>", "<none>")]
    by_repo: dict[str, list[str]] = {}
    for ref in tags:
        if "<none>" in ref:
            continue
        name, tag, _ = split_reference(ref)
        if tag is not None:
            by_repo.setdefault(name, []).append(tag)
    digests_by_repo: dict[str, list[str]] = {}
    for ref in repo_digests:
        if "<none>" in ref:
            continue
        name, _, digest = split_reference(ref)
        if digest:
            digests_by_repo.setdefault(name, []).append(digest)
    rows: list[tuple[str, str, str]] = []
    for repo, repo_tags in by_repo.items():
        found = digests_by_repo.pop(repo, [])
        for tag in repo_tags:
            if digests and found:
                rows.extend((repo, tag, d) for d in found)
            else:
                rows.append((repo, tag, "<none>"))
    for repo, found in digests_by_repo.items():  # pulled by digest, not tagged
        if digests:
            rows.extend((repo, "<none>", d) for d in found)
        else:
            rows.append((repo, "<none>", ""))
    return rows


def _reference_match(pattern: str, repo: str, tag: str, digest: str) -> bool:
    candidates = [repo]
    if tag != "<none>":
        candidates.append(f"{repo}:{tag}")
    if digest and digest != "<none>":
        candidates.append(f"{repo}@{digest}")
    return any(_path_match(pattern, c) for c in candidates)


def images(items: list[dict[str, Any]], *, digests: bool = False, no_trunc: bool = False,
           all: bool = False, reference: str | None = None) -> pd.DataFrame:
    """`docker images` from `GET /images/json`: one row per repository:tag, newest first.

    An image with three tags gives three rows; an untagged one gives `<none>`/`<none>`. With
    `digests`, a `digest` column (`<none>` when the image has none). `reference` keeps only rows
    matching a `--filter reference=` pattern (the engine filters already; this is for safety).
    `all` changes nothing here: the engine decides which images it sends.
    """
    items = list(items or [])
    ordered = sorted(items, key=lambda i: -(i.get("Created") or 0))
    rows: list[tuple[str, str, str, dict[str, Any]]] = []
    for img in ordered:
        for repo, tag, digest in image_refs(img, digests):
            if reference and not _reference_match(reference, repo, tag, digest):
                continue
            rows.append((repo, tag, digest, img))
    cols: list[tuple[str, Any, str]] = [
        ("repository", [r[0] for r in rows], "str"),
        ("tag", [r[1] for r in rows], "str"),
    ]
    if digests:
        cols.append(("digest", [r[2] for r in rows], "str"))
    cols += [
        ("image_id", [_short(r[3].get("Id"), no_trunc) for r in rows], "str"),
        ("created", _epoch(r[3].get("Created") for r in rows), "time"),
        ("size", [_image_size(r[3]) for r in rows], "int64"),
    ]
    return mark(_frame(cols), sizes=["size"], times=["created"], raw=items)


def _image_size(item: dict[str, Any]) -> int:
    size = item.get("Size")
    if size is None:
        size = item.get("VirtualSize")
    return int(size or 0)


def history(items: list[dict[str, Any]], *, no_trunc: bool = False,
            human: bool = True) -> pd.DataFrame:
    """`docker history` from `GET /images/{name}/history`, newest layer first.

    `created_by` is kept as the engine gives it (`/bin/sh -c #(nop) …` included), tabs turned
    into spaces and cut to 45 columns unless no_trunc. `human=False` shows raw numbers.
    """
    items = list(items or [])
    ids = [i.get("Id") or "" for i in items]
    created_by = [(i.get("CreatedBy") or "").replace("\t", " ") for i in items]
    if not no_trunc:
        created_by = [ellipsis(c, 45) for c in created_by]
    cols = [
        ("image_id", ["<missing>" if x in ("", "<missing>") else _short(x, no_trunc)
                      for x in ids], "str"),
        ("created", _epoch(i.get("Created") for i in items), "time"),
        ("created_by", created_by, "str"),
        ("size", [int(i.get("Size") or 0) for i in items], "int64"),
        ("comment", [i.get("Comment") or "" for i in items], "str"),
    ]
    df = _frame(cols)
    if human:
        return mark(df, sizes=["size"], times=["created"], raw=items)
    return mark(df, raw=items)


# --- inspect ----------------------------------------------------------------------------------

_TIME_KEYS = {"Created", "CreatedAt", "StartedAt", "FinishedAt", "LastTagTime", "UpdatedAt"}
_SIZE_KEYS = {"Size", "VirtualSize", "SizeRw", "SizeRootFs"}


def flatten(obj: dict[str, Any], prefix: str = "", out: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    """`{"State": {"Status": "x"}}` -> `{"State.Status": "x"}`; lists and empty dicts stay."""
    out = {} if out is None else out
    for key, val in obj.items():
        name = f"{prefix}{key}"
        if isinstance(val, dict) and val:
            flatten(val, name + ".", out)
        else:
            out[name] = val
    return out


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def inspect(objects: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per inspected object; nested fields as dotted columns (`State.Status`).

    Columns appear in the order they are first met. Lists stay as values (`Config.Env`), times
    become UTC datetimes (Go's zero time: NaT), `Size`/`VirtualSize` stay integer bytes.
    `df.attrs["raw"]` holds the objects as the engine sent them.
    """
    objects = list(objects or [])
    flats = [flatten(o) for o in objects]
    keys: dict[str, None] = {}
    for flat in flats:
        for key in flat:
            keys.setdefault(key)
    data: dict[str, Any] = {}
    times: list[str] = []
    sizes: list[str] = []
    for key in keys:
        values = [flat.get(key) for flat in flats]
        present = [v for v in values if v is not None]
        last = key.rsplit(".", 1)[-1]
        if last in _TIME_KEYS and present and all(
                isinstance(v, str) and _RFC3339.match(v) for v in present):
            data[key] = _iso(values)
            times.append(key)
        elif last in _TIME_KEYS and present and all(_is_int(v) for v in present):
            data[key] = pd.Series(_epoch(values), dtype=TIME)
            times.append(key)
        elif last in _SIZE_KEYS and present and all(_is_int(v) for v in present):
            data[key] = pd.Series(values, dtype="int64" if len(present) == len(values)
                                  else "Int64")
            sizes.append(key)
        elif any(isinstance(v, (list, dict)) for v in present) or not present:
            data[key] = pd.Series(values, dtype=object)
        elif len(present) < len(values) and all(_is_int(v) for v in present):
            data[key] = pd.Series(values, dtype="Int64")
        elif len(present) < len(values) and all(isinstance(v, bool) for v in present):
            data[key] = pd.Series(values, dtype="boolean")
        else:
            data[key] = pd.Series(values)
    df = pd.DataFrame(data) if data else pd.DataFrame(index=range(len(objects)))
    return mark(df, sizes=sizes, times=times, raw=objects)


# --- events, volumes, networks ----------------------------------------------------------------

def events(items: list[dict[str, Any]]) -> pd.DataFrame:
    """`docker events` from `GET /events` (decoded): one row per event, oldest first."""
    items = list(items or [])
    actors = [e.get("Actor") or {} for e in items]
    attrs = [a.get("Attributes") or {} for a in actors]
    nanos = [e["timeNano"] if _is_int(e.get("timeNano"))
             else (e["time"] * 1_000_000_000 if _is_int(e.get("time")) else None)
             for e in items]
    cols = [
        ("time", _epoch(nanos, scale=1), "time"),
        ("type", [e.get("Type") or "" for e in items], "str"),
        ("action", [e.get("Action") or e.get("status") or "" for e in items], "str"),
        ("actor_id", [a.get("ID") or e.get("id") or "" for a, e in zip(actors, items)], "str"),
        ("scope", [e.get("scope") or "" for e in items], "str"),
        ("name", [a.get("name") or "" for a in attrs], "str"),
        ("image", [a.get("image") or e.get("from") or "" for a, e in zip(attrs, items)], "str"),
        ("attributes", attrs, "object"),
    ]
    return mark(_frame(cols), times=["time"], raw=items)


def volumes(items: list[dict[str, Any]] | dict[str, Any]) -> pd.DataFrame:
    """`docker volume ls` from `GET /volumes` (its `Volumes` list, or the whole answer)."""
    if isinstance(items, dict):
        items = items.get("Volumes") or []
    items = list(items or [])
    cols = [
        ("driver", [v.get("Driver") or "" for v in items], "str"),
        ("volume_name", [v.get("Name") or "" for v in items], "str"),
        ("created", _iso(v.get("CreatedAt") for v in items), "time"),
        ("mountpoint", [v.get("Mountpoint") or "" for v in items], "str"),
        ("labels", [v.get("Labels") or {} for v in items], "object"),
        ("scope", [v.get("Scope") or "" for v in items], "str"),
    ]
    return mark(_frame(cols), times=["created"], raw=items)


def contexts(items: list[Any], current: str) -> pd.DataFrame:
    """`docker context ls` from the stored contexts (`context_store.Context`s)."""
    cols = [
        ("name", [c.name for c in items], "str"),
        ("current", [c.name == current for c in items], "bool"),
        ("description", [c.description for c in items], "str"),
        ("docker_endpoint", [c.host for c in items], "str"),
    ]
    return mark(_frame(cols))


def networks(items: list[dict[str, Any]], *, no_trunc: bool = False) -> pd.DataFrame:
    """`docker network ls` from `GET /networks`."""
    items = list(items or [])
    cols = [
        ("network_id", [_short(n.get("Id"), no_trunc) for n in items], "str"),
        ("name", [n.get("Name") or "" for n in items], "str"),
        ("driver", [n.get("Driver") or "" for n in items], "str"),
        ("scope", [n.get("Scope") or "" for n in items], "str"),
        ("created", _iso(n.get("Created") for n in items), "time"),
        ("internal", [bool(n.get("Internal")) for n in items], "bool"),
        ("ipv6", [bool(n.get("EnableIPv6")) for n in items], "bool"),
        ("labels", [n.get("Labels") or {} for n in items], "object"),
    ]
    return mark(_frame(cols), times=["created"], raw=items)


# --- stats, top, changes ----------------------------------------------------------------------

STATS_COLUMNS = ["container_id", "name", "cpu_percent", "mem_usage", "mem_limit", "mem_percent",
                 "net_rx", "net_tx", "block_read", "block_write", "pids"]
_STATS_DTYPES = ["str", "str", "float64", "int64", "int64", "float64",
                 "int64", "int64", "int64", "int64", "int64"]


def _cpu_percent(stats: dict[str, Any]) -> float:
    cpu = stats.get("cpu_stats") or {}
    pre = stats.get("precpu_stats") or {}
    cpu_delta = float((cpu.get("cpu_usage") or {}).get("total_usage") or 0) - float(
        (pre.get("cpu_usage") or {}).get("total_usage") or 0)
    system_delta = float(cpu.get("system_cpu_usage") or 0) - float(
        pre.get("system_cpu_usage") or 0)
    online = float(cpu.get("online_cpus") or 0)
    if online == 0.0:
        online = float(len((cpu.get("cpu_usage") or {}).get("percpu_usage") or []))
    if system_delta > 0.0 and cpu_delta > 0.0:
        return cpu_delta / system_delta * online * 100.0
    return 0.0


def _mem_usage(mem: dict[str, Any]) -> int:
    """Usage without the page cache: v1 `total_inactive_file`, v2 `inactive_file`."""
    usage = int(mem.get("usage") or 0)
    detail = mem.get("stats") or {}
    if "total_inactive_file" in detail and detail["total_inactive_file"] < usage:
        return usage - int(detail["total_inactive_file"])
    inactive = int(detail.get("inactive_file") or 0)
    if inactive < usage:
        return usage - inactive
    return usage


def _windows_cpu_percent(stats: dict[str, Any]) -> float:
    read = pd.Timestamp(stats.get("read")) if stats.get("read") else None
    pre = pd.Timestamp(stats.get("preread")) if stats.get("preread") else None
    if read is None or pre is None:
        return 0.0
    ns = (read - pre).value
    intervals = (ns // 100) * int(stats.get("num_procs") or 0) if ns > 0 else 0
    if intervals <= 0:
        return 0.0
    used = int(((stats.get("cpu_stats") or {}).get("cpu_usage") or {}).get("total_usage") or 0) \
        - int(((stats.get("precpu_stats") or {}).get("cpu_usage") or {}).get("total_usage") or 0)
    return used / intervals * 100.0


def stats_row(stats: dict[str, Any], name: str = "") -> dict[str, Any]:
    """One `docker stats --no-stream` row from `GET /containers/{id}/stats?stream=false`.

    The CLI's formulas: cpu_percent = cpu_delta / system_delta * online_cpus * 100 against
    `precpu_stats`; mem_usage excludes inactive file cache (cgroup v1 and v2); block I/O sums
    `io_service_bytes_recursive` by op (Read/Write, any case); network sums every interface.
    """
    mem = stats.get("memory_stats") or {}
    nets = (stats.get("networks") or {}).values()
    row: dict[str, Any] = {
        "container_id": _short(stats.get("id")),
        "name": name or (stats.get("name") or "").lstrip("/"),
        "net_rx": sum(int(n.get("rx_bytes") or 0) for n in nets),
        "net_tx": sum(int(n.get("tx_bytes") or 0) for n in nets),
        "pids": int((stats.get("pids_stats") or {}).get("current") or 0),
    }
    if "privateworkingset" in mem:  # a Windows engine
        storage = stats.get("storage_stats") or {}
        row.update(cpu_percent=_windows_cpu_percent(stats),
                   mem_usage=int(mem.get("privateworkingset") or 0), mem_limit=0,
                   mem_percent=0.0, block_read=int(storage.get("read_size_bytes") or 0),
                   block_write=int(storage.get("write_size_bytes") or 0))
    else:
        usage = _mem_usage(mem)
        limit = int(mem.get("limit") or 0)
        read = write = 0
        for entry in (stats.get("blkio_stats") or {}).get("io_service_bytes_recursive") or ():
            op = (entry.get("op") or "")[:1]
            if op in ("r", "R"):
                read += int(entry.get("value") or 0)
            elif op in ("w", "W"):
                write += int(entry.get("value") or 0)
        row.update(cpu_percent=_cpu_percent(stats), mem_usage=usage, mem_limit=limit,
                   mem_percent=usage / limit * 100.0 if limit else 0.0,
                   block_read=read, block_write=write)
    return {key: row[key] for key in STATS_COLUMNS}


def stats(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """`docker stats --no-stream`: rows from `stats_row`, memory in binary units."""
    rows = list(rows or [])
    cols = [(c, [r.get(c) for r in rows], d) for c, d in zip(STATS_COLUMNS, _STATS_DTYPES)]
    return mark(_frame(cols), binary_sizes=["mem_usage", "mem_limit"],
                sizes=["net_rx", "net_tx", "block_read", "block_write"],
                percents=["cpu_percent", "mem_percent"], raw=rows)


def top(data: dict[str, Any]) -> pd.DataFrame:
    """`docker top` from `GET /containers/{id}/top`: the engine's titles as columns."""
    data = data or {}
    titles = list(data.get("Titles") or [])
    processes = [list(p) for p in data.get("Processes") or []]
    df = pd.DataFrame(processes, columns=titles, dtype="str") if processes else pd.DataFrame(
        {i: pd.Series([], dtype="str") for i in range(len(titles))})
    df.columns = titles
    return mark(df, raw=data)


_KINDS = {0: "C", 1: "A", 2: "D"}


def changes(items: list[dict[str, Any]] | None) -> pd.DataFrame:
    """`docker diff` from `GET /containers/{id}/changes`: kind `C`/`A`/`D` and path."""
    items = list(items or [])
    cols = [
        ("kind", [_KINDS.get(c.get("Kind"), str(c.get("Kind"))) for c in items], "str"),
        ("path", [c.get("Path") or "" for c in items], "str"),
    ]
    return mark(_frame(cols), raw=items)


# --- system df --------------------------------------------------------------------------------

def _active(state: str) -> bool:
    return "running" in state or "paused" in state or "restarting" in state


def _percent(part: int, whole: int) -> float:
    return part * 100.0 / whole if whole > 0 else float("nan")


def system_df(data: dict[str, Any], *, verbose: bool = False) -> dict[str, pd.DataFrame]:
    """`docker system df` from `GET /system/df`: {"summary": …} (+ per-type frames if verbose).

    Reclaimable space as the CLI computes it: images not used by a container (shared layers
    counted once, as `LayersSize` does), non-running containers' writable layers, volumes with
    no reference, build cache neither in use nor shared.
    """
    data = data or {}
    imgs = data.get("Images") or []
    ctrs = data.get("Containers") or []
    vols = data.get("Volumes") or []
    cache = data.get("BuildCache") or []

    layers = int(data.get("LayersSize") or 0)
    used = 0
    for img in imgs:
        if (img.get("Containers") or 0) != 0:
            size, shared = _image_size(img), img.get("SharedSize", -1)
            if size != -1 and shared is not None and shared != -1:
                used += size - shared
    img_reclaim = layers - used

    ctr_size = sum(int(c.get("SizeRw") or 0) for c in ctrs)
    ctr_reclaim = sum(int(c.get("SizeRw") or 0) for c in ctrs if not _active(c.get("State") or ""))

    usage = [v.get("UsageData") or {} for v in vols]
    vol_size = sum(int(u.get("Size", -1)) for u in usage if u.get("Size", -1) != -1)
    vol_reclaim = sum(int(u.get("Size", -1)) for u in usage
                      if u.get("Size", -1) != -1 and not u.get("RefCount"))

    cache_size = sum(int(b.get("Size") or 0) for b in cache if not b.get("Shared"))
    cache_reclaim = cache_size - sum(int(b.get("Size") or 0) for b in cache
                                     if b.get("InUse") and not b.get("Shared"))

    table = [
        ("Images", len(imgs), sum(1 for i in imgs if (i.get("Containers") or 0) > 0),
         layers, img_reclaim),
        ("Containers", len(ctrs), sum(1 for c in ctrs if _active(c.get("State") or "")),
         ctr_size, ctr_reclaim),
        ("Local Volumes", len(vols), sum(1 for u in usage if (u.get("RefCount") or 0) > 0),
         vol_size, vol_reclaim),
        ("Build Cache", len(cache), sum(1 for b in cache if b.get("InUse")),
         cache_size, cache_reclaim),
    ]
    summary = _frame([
        ("type", [t[0] for t in table], "str"),
        ("total", [t[1] for t in table], "int64"),
        ("active", [t[2] for t in table], "int64"),
        ("size", [t[3] for t in table], "int64"),
        ("reclaimable", [t[4] for t in table], "int64"),
        ("reclaimable_percent", [_percent(t[4], t[3]) for t in table], "float64"),
    ])
    out = {"summary": mark(summary, sizes=["size", "reclaimable"],
                           percents=["reclaimable_percent"], raw=data)}
    if verbose:
        out["images"] = _df_images(imgs)
        out["containers"] = _df_containers(ctrs)
        out["volumes"] = _df_volumes(vols)
        out["build_cache"] = _df_build_cache(cache)
    return out


def _na_if(values: list[Any], bad: Callable[[Any], bool]) -> list[Any]:
    return [None if v is None or bad(v) else v for v in values]


def _df_images(imgs: list[dict[str, Any]]) -> pd.DataFrame:
    """`system df -v` images: one row per image, named by its first tag."""
    names = []
    for img in imgs:
        tags = img.get("RepoTags") or []
        repo = tag = "<none>"
        if tags and not _dangling(tags, img.get("RepoDigests") or []) and "<none>" not in tags[0]:
            name, first_tag, _ = split_reference(tags[0])
            if first_tag is not None:
                repo, tag = name, first_tag
        names.append((repo, tag))
    sizes = [_image_size(i) for i in imgs]
    shared = [i.get("SharedSize", -1) for i in imgs]
    unique = [None if s == -1 or sh is None or sh == -1 else s - sh
              for s, sh in zip(sizes, shared)]
    cols = [
        ("repository", [n[0] for n in names], "str"),
        ("tag", [n[1] for n in names], "str"),
        ("image_id", [_short(i.get("Id")) for i in imgs], "str"),
        ("created", _epoch(i.get("Created") for i in imgs), "time"),
        ("size", sizes, "int64"),
        ("shared_size", _na_if(shared, lambda v: v == -1), "Int64"),
        ("unique_size", unique, "Int64"),
        ("containers", _na_if([i.get("Containers") for i in imgs], lambda v: v == -1), "Int64"),
    ]
    return mark(_frame(cols), sizes=["size", "shared_size", "unique_size"], times=["created"],
                raw=imgs)


def _df_containers(ctrs: list[dict[str, Any]]) -> pd.DataFrame:
    cols = [
        ("container_id", [_short(c.get("Id")) for c in ctrs], "str"),
        ("image", [_container_image(c, False) for c in ctrs], "str"),
        ("command", [_command(c.get("Command") or "", False) for c in ctrs], "str"),
        ("local_volumes", [sum(1 for m in c.get("Mounts") or () if m.get("Driver") == "local")
                           for c in ctrs], "int64"),
        ("size", [int(c.get("SizeRw") or 0) for c in ctrs], "int64"),
        ("created", _epoch(c.get("Created") for c in ctrs), "time"),
        ("status", [c.get("Status") or "" for c in ctrs], "str"),
        ("names", [_names(c.get("Names"), False) for c in ctrs], "str"),
    ]
    return mark(_frame(cols), sizes=["size"], times=["created"], raw=ctrs)


def _df_volumes(vols: list[dict[str, Any]]) -> pd.DataFrame:
    usage = [v.get("UsageData") for v in vols]
    cols = [
        ("volume_name", [v.get("Name") or "" for v in vols], "str"),
        ("links", [None if u is None or u.get("RefCount", -1) == -1 else u["RefCount"]
                   for u in usage], "Int64"),
        ("size", [None if u is None or u.get("Size", -1) == -1 else u["Size"] for u in usage],
         "Int64"),
    ]
    return mark(_frame(cols), sizes=["size"], raw=vols)


def _df_build_cache(cache: list[dict[str, Any]]) -> pd.DataFrame:
    """`system df -v` build cache, least recently used first (never-used records on top)."""
    def order(b: dict[str, Any]) -> tuple:
        last = b.get("LastUsedAt")
        when = pd.Timestamp(last) if last else None
        return (when is not None, when.value if when is not None else 0, b.get("ID") or "")

    cache = sorted(cache, key=order)
    cols = [
        ("cache_id", [_short(b.get("ID")) for b in cache], "str"),
        ("cache_type", [b.get("Type") or "" for b in cache], "str"),
        ("size", [int(b.get("Size") or 0) for b in cache], "int64"),
        ("created", _iso(b.get("CreatedAt") for b in cache), "time"),
        ("last_used", _iso(b.get("LastUsedAt") for b in cache), "time"),
        ("usage_count", [int(b.get("UsageCount") or 0) for b in cache], "int64"),
        ("in_use", [bool(b.get("InUse")) for b in cache], "bool"),
        ("shared", [bool(b.get("Shared")) for b in cache], "bool"),
        ("description", [b.get("Description") or "" for b in cache], "str"),
    ]
    return mark(_frame(cols), sizes=["size"], times=["created", "last_used"], raw=cache)
