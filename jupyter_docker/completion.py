"""Tab completion for `%docker`: commands, flags, flag choices and live object names."""

from __future__ import annotations

import time
from typing import Any, Callable

from .cli import GLOBAL_OPTIONS
from .commands import REGISTRY
from .commands.spec import Command, Option

_cache: dict[tuple[str, str], tuple[float, list[str]]] = {}
CACHE_SECONDS = 2.0


def candidates(text: str, names: Callable[[str], list[str]] = lambda kind: []) -> list[str]:
    """What may come next after `text` (everything typed after `%docker`)."""
    words = text.split()
    current = "" if not text or text[-1].isspace() else words.pop()
    i = 0
    while i < len(words) and words[i].startswith("-"):  # global flags
        opt = _find(GLOBAL_OPTIONS, words[i])
        i += 2 if opt is not None and opt.takes_value and "=" not in words[i] else 1
    if i > len(words):  # typing a global flag's value
        return []
    rest = words[i:]
    cmd, used = REGISTRY.resolve(rest)
    if cmd is None:
        return _command_words(rest, current)
    return _for_command(cmd, rest[used:], current, names)


def _find(options: tuple[Option, ...], word: str) -> Option | None:
    name = word.split("=", 1)[0]
    return next((o for o in options if name in o.names), None)


def _command_words(typed: list[str], current: str) -> list[str]:
    if not typed:
        tops = {name.split(" ")[0] for name in REGISTRY.names} | {"help"}
        if current.startswith("-"):
            return [n for o in GLOBAL_OPTIONS for n in o.names if n.startswith(current)]
        return sorted(n for n in tops if n.startswith(current))
    if len(typed) == 1 and typed[0] in REGISTRY.groups():
        subs = {name.split(" ")[1] for name in REGISTRY.names if name.startswith(typed[0] + " ")}
        return sorted(n for n in subs if n.startswith(current))
    return []


def _for_command(cmd: Command, typed: list[str], current: str,
                 names: Callable[[str], list[str]]) -> list[str]:
    if typed:
        prev = _find(cmd.options, typed[-1]) if typed[-1].startswith("-") else None
        if prev is not None and prev.takes_value and "=" not in typed[-1]:
            if prev.choices:
                return [c for c in prev.choices if c.startswith(current)]
            return [n for n in names(prev.completer) if n.startswith(current)] if prev.completer \
                else []
    if current.startswith("-"):
        flags = [n for o in cmd.options if not o.hidden for n in o.names]
        return sorted(n for n in flags + ["--help"] if n.startswith(current))
    position = _positional_index(cmd, typed)
    if position is None:
        return []
    arg = cmd.arguments[min(position, len(cmd.arguments) - 1)] if cmd.arguments else None
    if arg is None or (position >= len(cmd.arguments) and arg.nargs not in ("*", "+")):
        return []
    if not arg.completer:
        return []
    return [n for n in names(arg.completer) if n.startswith(current)]


def _positional_index(cmd: Command, typed: list[str]) -> int | None:
    count, skip = 0, False
    for word in typed:
        if skip:
            skip = False
            continue
        if word.startswith("-"):
            opt = _find(cmd.options, word)
            skip = bool(opt and opt.takes_value and "=" not in word and not
                        (len(word) > 2 and not word.startswith("--")))
            continue
        count += 1
        if not cmd.interspersed:
            return None  # past the image of `run`: the container's own command
    return count


def live_names(kind: str, host: str | None = None, context: str | None = None) -> list[str]:
    """Names the engine knows for `kind`, cached for a moment; [] if it does not answer."""
    key = (kind, host or context or "")
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    try:
        if kind == "context":  # the CLI's files, no engine
            from .engine.context_store import every

            found = [c.name for c in every()]
        else:
            from .engine import connect

            found = _NAMERS[kind](connect(host, context).api)
    except Exception:  # noqa: BLE001 - completion never raises
        found = []
    _cache[key] = (time.monotonic(), found)
    return found


def _containers(api: Any, running: bool = False) -> list[str]:
    items = api.containers(all=not running)
    return [n.lstrip("/") for c in items for n in c.get("Names") or []] + \
        [c["Id"][:12] for c in items]


def _images(api: Any) -> list[str]:
    return sorted({t for i in api.images() for t in i.get("RepoTags") or [] if t != "<none>:<none>"})


_NAMERS: dict[str, Callable[[Any], list[str]]] = {
    "container": _containers,
    "running": lambda api: _containers(api, running=True),
    "image": _images,
    "volume": lambda api: [v["Name"] for v in api.volumes().get("Volumes") or []],
    "network": lambda api: [n["Name"] for n in api.networks()],
    "object": lambda api: _containers(api) + _images(api),
    "service": lambda api: [s["Spec"]["Name"] for s in api.services()],
    "node": lambda api: ["self", *((n.get("Description") or {}).get("Hostname", "")
                                   for n in api.nodes())],
    "context": lambda api: [],  # read from the CLI's files in live_names
}


def install(ip: Any, magics: Any, magic_names: tuple[str, ...]) -> None:
    """Hook into IPython's completer for `%docker ...` and `%%docker ...` lines."""

    def names(kind: str) -> list[str]:
        if not magics.complete_live_names or kind not in _NAMERS:
            return []
        return live_names(kind, magics.host or None, magics.context or None)

    def complete(_shell: Any, event: Any) -> list[str]:
        line = event.text_until_cursor.lstrip()
        head, _, text = line.partition(" ")
        if not head.lstrip("%") in magic_names:
            return []
        return candidates(text, names)

    for name in magic_names:
        for prefix in ("%", "%%"):
            ip.set_hook("complete_command", complete, str_key=prefix + name)
