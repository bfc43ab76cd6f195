"""Tab completion for `%docker`: commands, flags, flag values, filter keys, paths, live names.

Everything comes from the command table. `items()` answers for the words after `%docker`;
`install()` makes IPython's completer (the `completions()` API ipykernel and JupyterLab use,
and the older `complete()`) give only these on a `%docker` / `%%docker` line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from .cli import GLOBAL_OPTIONS
from .commands import REGISTRY
from .commands.spec import Command, Option
from .names import KINDS, live_names

MAX_PATHS = 500
Names = Callable[..., list[str]]  # names(kind, host=None, context=None)
KIND_TYPES = {"running": "container", "object": "container"}  # what a name is, shown as its type


@dataclass(frozen=True)
class Item:
    """One completion: the text that replaces the word being typed, what it is (one word:
    JupyterLab shows it beside the text, and two overlap there), and its one-line help."""

    text: str
    type: str
    signature: str = ""


def _no_names(kind: str, host: str | None = None, context: str | None = None) -> list[str]:
    return []


def candidates(text: str, names: Names = _no_names) -> list[str]:
    """The texts of `items(text, names)`."""
    return [i.text for i in items(text, names)]


def items(text: str, names: Names = _no_names) -> list[Item]:
    """What may come next after `text` (everything typed after `%docker`); each item starts
    with the word being typed (the text after the last space)."""
    words = text.split()
    current = "" if not text or text[-1].isspace() else words.pop()
    engine: dict[str, str] = {}
    i = 0
    while i < len(words) and words[i].startswith("-"):  # global flags
        opt = _find(GLOBAL_OPTIONS, words[i])
        if opt is not None and opt.takes_value and "=" not in words[i] and i + 1 < len(words):
            engine[opt.dest] = words[i + 1]
        i += 2 if opt is not None and opt.takes_value and "=" not in words[i] else 1
    ask: Callable[[str], list[str]] = lambda kind: names(kind, **engine) if engine else names(kind)
    if i > len(words):  # typing a global flag's value
        opt = _find(GLOBAL_OPTIONS, words[-1])
        return _name_items("context", current, ask) if opt and opt.dest == "context" else []
    rest = words[i:]
    cmd, used = REGISTRY.resolve(rest)
    if cmd is None:
        return _command_words(rest, current)
    return _for_command(cmd, rest[used:], current, ask)


def _find(options: tuple[Option, ...], word: str) -> Option | None:
    name = word.split("=", 1)[0]
    return next((o for o in options if name in o.names), None)


def _flag_item(opt: Option, name: str) -> Item:
    return Item(name, "flag", opt.help)


def _command_words(typed: list[str], current: str) -> list[Item]:
    from .help import GROUPS

    if not typed:
        if current.startswith("-"):
            return [_flag_item(o, n) for o in GLOBAL_OPTIONS for n in o.names
                    if n.startswith(current)]
        found = {"help": Item("help", "command", "Help about any command")}
        for name, cmd in REGISTRY.names.items():
            if " " not in name:
                found[name] = Item(name, "command", cmd.summary)
        for group in REGISTRY.groups():
            found.setdefault(group, Item(group, "management",
                                         GROUPS.get(group, f"Manage {group}s")))
        return [found[n] for n in sorted(found) if n.startswith(current)]
    if len(typed) == 1 and typed[0] in REGISTRY.groups():
        subs = {name.split(" ")[1]: cmd for name, cmd in REGISTRY.names.items()
                if name.startswith(typed[0] + " ") and name.count(" ") == 1}
        return [Item(n, "command", subs[n].summary) for n in sorted(subs)
                if n.startswith(current)]
    return []


def _for_command(cmd: Command, typed: list[str], current: str,
                 names: Callable[[str], list[str]]) -> list[Item]:
    if typed and typed[-1].startswith("-") and _positional_index(cmd, typed[:-1]) is not None:
        prev = _find(cmd.options, typed[-1])
        if prev is not None and prev.takes_value and "=" not in typed[-1] and (
                typed[-1].startswith("--") or len(typed[-1]) == 2):
            return _values(prev, current, names)
    if current.startswith("--") and "=" in current:  # --flag=value
        name, _, typed_value = current.partition("=")
        opt = _find(cmd.options, name)
        if opt is None or not opt.takes_value:
            return []
        return [Item(f"{name}={i.text}", i.type, i.signature)
                for i in _values(opt, typed_value, names)]
    position = _positional_index(cmd, typed)
    if current.startswith("-") and position is not None:
        found = [_flag_item(o, n) for o in cmd.options if not o.hidden for n in o.names]
        found.append(Item("--help", "flag", "Print usage"))
        return sorted((i for i in found if i.text.startswith(current)),
                      key=lambda i: i.text.lstrip("-").lower())
    if position is None:
        return []
    arg = cmd.arguments[min(position, len(cmd.arguments) - 1)] if cmd.arguments else None
    if arg is None or (position >= len(cmd.arguments) and arg.nargs not in ("*", "+")):
        return []
    if arg.completer == "path":
        return _paths(current)
    return _name_items(arg.completer, current, names) if arg.completer else []


def _values(opt: Option, current: str, names: Callable[[str], list[str]]) -> list[Item]:
    """Values of one flag: its choices, its filter keys, paths, or names from the engine."""
    if opt.choices:
        return [Item(c, opt.metavar or "value") for c in opt.choices if c.startswith(current)]
    if opt.keys:
        return _filter_items(opt, current, names)
    if opt.completer == "path":
        return _paths(current)
    return _name_items(opt.completer, current, names) if opt.completer else []


def _filter_items(opt: Option, current: str, names: Callable[[str], list[str]]) -> list[Item]:
    key, eq, wanted = current.partition("=")
    if not eq:
        return [Item(k.name + "=", "filter", f"{k.name}=" + ("|".join(k.values) or "value"))
                for k in opt.keys if k.name.startswith(current)]
    spec = next((k for k in opt.keys if k.name == key), None)
    if spec is None:
        return []
    if spec.values:
        return [Item(f"{key}={v}", key) for v in spec.values if v.startswith(wanted)]
    return [Item(f"{key}={i.text}", i.type) for i in _name_items(spec.completer, wanted, names)]


def _name_items(kind: str | None, current: str, names: Callable[[str], list[str]]) -> list[Item]:
    """Names the engine knows (`inspect` takes a container or an image)."""
    if kind is None:
        return []
    kinds = ("container", "image") if kind == "object" else (kind,)
    seen: dict[str, Item] = {}
    for k in kinds:
        for name in names(k):
            if name.startswith(current) and name not in seen:
                seen[name] = Item(name, KIND_TYPES.get(k, k))
    return list(seen.values())


def _paths(current: str) -> list[Item]:
    """Files and folders for a flag or argument that takes a path (folders end in `/`)."""
    stem = current.rpartition("/")[2]
    prefix = current[: len(current) - len(stem)]
    folder = os.path.expanduser(prefix) or "."
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    found: list[Item] = []
    for entry in entries:
        if not entry.name.startswith(stem) or (entry.name.startswith(".") and
                                               not stem.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        found.append(Item(prefix + entry.name + ("/" if is_dir else ""),
                          "directory" if is_dir else "file"))
        if len(found) >= MAX_PATHS:
            break
    return found


def _positional_index(cmd: Command, typed: list[str]) -> int | None:
    """How many positional words were typed; None once past them (`run IMAGE COMMAND...`)."""
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


def docker_text(cell: str, offset: int, magic_names: tuple[str, ...]) -> tuple[bool, str | None]:
    """Is the cursor on a docker command line of `cell`, and what is typed after `%docker`?

    (True, text) on a `%docker` / `x = %docker` line or a line of a `%%docker` script cell;
    (True, None) in the body of a `%%docker build ...` cell (a Dockerfile: nothing to offer);
    (False, None) elsewhere (IPython completes Python).
    """
    before = cell[:offset]
    line = before[before.rfind("\n") + 1:]
    names = "|".join(re.escape(n) for n in magic_names)
    percent = "%{1,2}" if "\n" not in before else "%"  # a cell magic only on the first line
    own = re.match(rf"\s*(?:[\w.]+\s*=\s*)?{percent}(?:{names})\s(.*)$", line)
    if own:
        return True, own.group(1)
    head = re.match(rf"\s*%%(?:{names})(\s.*)?$", cell.split("\n", 1)[0])
    if "\n" not in before or not head:
        return False, None
    stripped = line.lstrip()
    if (head.group(1) or "").strip() or stripped.startswith("#"):
        return True, None  # the body is the command's input (a Dockerfile), or a comment
    return True, re.sub(r"^docker(\s|$)", "", stripped)


def install(ip: Any, magics: Any, magic_names: tuple[str, ...]) -> None:
    """Make IPython complete `%docker ...` lines with docker words alone (no Jedi, no Python
    names): through `completions()`, which ipykernel calls for JupyterLab's `complete_request`
    (with type and signature), and through the matcher that the older `complete()` uses."""
    from IPython.core.completer import Completion, SimpleCompletion, context_matcher

    completer = ip.Completer
    uninstall(ip)

    def names(kind: str, host: str | None = None, context: str | None = None) -> list[str]:
        if not magics.complete_live_names or kind not in KINDS:
            return []
        return live_names(kind, host or magics.host or None, context or magics.context or None)

    def answer(cell: str, offset: int) -> tuple[int, list[Item]] | None:
        ours, text = docker_text(cell, offset, magic_names)
        if not ours:
            return None
        if text is None:
            return offset, []
        word = "" if not text or text[-1].isspace() else text.split()[-1]
        return offset - len(word), items(text, names)

    original = completer.completions

    def completions(text: str, offset: int) -> Iterator[Any]:
        found = answer(text, offset)
        if found is None:
            yield from original(text, offset)
            return
        start, docker_items = found
        for item in docker_items:
            yield Completion(start, offset, item.text, type=item.type, _origin="docker",
                             signature=item.signature)

    @context_matcher(priority=100, identifier="jupyter_docker")
    def matcher(context: Any) -> dict[str, Any]:
        lines = context.full_text.split("\n")
        offset = sum(len(line) + 1 for line in lines[: context.cursor_line]) + \
            context.cursor_position
        found = answer(context.full_text, offset)
        if found is None:
            return {"completions": [], "suppress": False}
        start, docker_items = found
        return {"completions": [SimpleCompletion(i.text, type=i.type) for i in docker_items],
                "matched_fragment": context.full_text[start:offset], "suppress": True,
                "ordered": True}

    completer.completions = completions
    completer.custom_matchers.append(matcher)
    completer._jupyter_docker = (original, matcher)


def uninstall(ip: Any) -> None:
    """Undo `install` (for `%unload_ext` / `%reload_ext`)."""
    completer = ip.Completer
    hooked = completer.__dict__.pop("_jupyter_docker", None)
    if hooked is None:
        return
    _original, matcher = hooked
    completer.__dict__.pop("completions", None)  # the class's method again
    if matcher in completer.custom_matchers:
        completer.custom_matchers.remove(matcher)
