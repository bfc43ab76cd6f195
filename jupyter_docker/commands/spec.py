"""How a docker command is declared: its flags, arguments, help and executor, in one place.

Everything else (the CLI-style parser, `--help`, tab completion, the Python API and the
widget forms) is derived from these declarations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Literal

Kind = Literal["bool", "str", "int", "list", "map", "duration", "bytes"]
Nargs = Literal["1", "?", "*", "+", "..."]
Completer = Literal["container", "running", "image", "volume", "network", "object", "path",
                    "service", "node", "context", None]


@dataclass(frozen=True)
class FilterKey:
    """One `--filter` key (`status`): the values it takes, or where completion finds them."""

    name: str
    values: tuple[str, ...] = ()
    completer: Completer = None


@dataclass(frozen=True)
class Option:
    """One flag, as the docker CLI spells it (`-a`, `--all`)."""

    names: tuple[str, ...]
    kind: Kind = "bool"
    help: str = ""
    default: Any = None
    metavar: str = ""
    completer: Completer = None
    choices: tuple[str, ...] = ()
    hidden: bool = False
    aliases: tuple[str, ...] = ()  # old spellings the CLI still takes, hidden (`--net`)
    check: Callable[[str], Any] | None = None  # value -> stored value; ValueError: CLI's reason
    refused: str = ""  # why this engine API cannot do it: the flag is refused with this line
    keyword: str = ""  # the Python keyword when the flag's own would clash (service --host)
    keys: tuple[FilterKey, ...] = ()  # a `--filter`'s keys, for completion

    def with_keys(self, *keys: FilterKey | str) -> "Option":
        """This filter flag with the keys one command accepts (`ps`: status, name, ...)."""
        return replace(self, keys=tuple(k if isinstance(k, FilterKey) else FilterKey(k)
                                        for k in keys))

    @property
    def label(self) -> str:
        """How the CLI names the flag in its errors: `-m, --memory`, `--cpus`."""
        shorts = [n for n in self.names if not n.startswith("--")]
        longs = [n for n in self.names if n.startswith("--")]
        return ", ".join(shorts[:1] + longs[:1])

    @property
    def dest(self) -> str:
        """Python keyword for this flag: `--no-trunc` -> `no_trunc`."""
        if self.keyword:
            return self.keyword
        longs = [n for n in self.names if n.startswith("--")]
        name = (longs or list(self.names))[0].lstrip("-")
        return name.replace("-", "_")

    @property
    def takes_value(self) -> bool:
        return self.kind != "bool"

    def empty(self) -> Any:
        """The value when the flag is not given."""
        if self.default is not None:
            return self.default
        return {"bool": False, "list": [], "map": {}}.get(self.kind)


@dataclass(frozen=True)
class Argument:
    """One positional argument (`CONTAINER`, `[IMAGE...]`, `COMMAND...`)."""

    name: str
    nargs: Nargs = "1"
    help: str = ""
    completer: Completer = None

    @property
    def dest(self) -> str:
        return re.sub(r"\W+", "_", self.name.lower().split("|")[0]).strip("_")

    @property
    def usage(self) -> str:
        return {
            "1": self.name,
            "?": f"[{self.name}]",
            "*": f"[{self.name}...]",
            "+": f"{self.name} [{self.name}...]",
            "...": f"[{self.name} [ARG...]]",
        }[self.nargs]


def flag(*names: str, help: str = "", **kw: Any) -> Option:
    """A boolean flag."""
    return Option(names=names, kind="bool", help=help, **kw)


def value(*names: str, kind: Kind = "str", help: str = "", metavar: str = "", **kw: Any) -> Option:
    """A flag that takes a value (`-n 5`, `--filter k=v` repeated when kind='list')."""
    return Option(names=names, kind=kind, help=help, metavar=metavar or kind, **kw)


@dataclass(frozen=True)
class Command:
    """A docker command: what the CLI accepts and what runs it."""

    name: str
    summary: str
    run: Callable[..., Any]
    options: tuple[Option, ...] = ()
    arguments: tuple[Argument, ...] = ()
    aliases: tuple[str, ...] = ()
    interspersed: bool = True
    cell: str | None = None  # keyword that receives a %%docker cell body, if any
    group: str = "Commands"
    local: bool = False  # runs on the CLI's files alone: no engine is chosen or asked

    @property
    def api_name(self) -> str:
        """Name in the Python API: `system df` -> `system_df`."""
        return self.name.replace(" ", "_").replace("-", "_")

    def option(self, name: str) -> Option | None:
        """Find an option by any of its spellings, or by its Python keyword."""
        for opt in self.options:
            if (name in opt.names or name in opt.aliases or name == opt.dest
                    or "--" + name.replace("_", "-") in opt.aliases):  # jd.stop(time=5)
                return opt
        return None

    @property
    def usage(self) -> str:
        parts = [f"docker {self.name}"]
        if self.options:
            parts.append("[OPTIONS]")
        parts.extend(a.usage for a in self.arguments)
        return " ".join(parts)


ENGINE_KEYWORDS = {"host", "context"}  # `jd.ps(host=..., context=...)`: see api.function_for


@dataclass
class Registry:
    """All commands, by name and by alias (`container ls` -> `ps`)."""

    commands: dict[str, Command] = field(default_factory=dict)
    names: dict[str, Command] = field(default_factory=dict)

    def add(self, cmd: Command) -> Command:
        spellings = [n for opt in cmd.options for n in (*opt.names, *opt.aliases)]
        twice = sorted({n for n in spellings if spellings.count(n) > 1})
        if twice:
            raise ValueError(f"docker {cmd.name}: flag defined twice: {', '.join(twice)}")
        taken = {o.dest for o in cmd.options} | {a.dest for a in cmd.arguments}
        if taken & ENGINE_KEYWORDS:  # every Python API function has these for the engine
            raise ValueError(f"docker {cmd.name}: {', '.join(sorted(taken & ENGINE_KEYWORDS))} "
                             "is the Python API's engine keyword; name the argument otherwise")
        for name in (cmd.name, *cmd.aliases):
            if name in self.names:
                raise ValueError(f"docker command defined twice: {name}")
            self.names[name] = cmd
        self.commands[cmd.name] = cmd
        return cmd

    def resolve(self, words: list[str]) -> tuple[Command | None, int]:
        """Longest command name matching the start of `words`; returns (command, words used)."""
        for n in (3, 2, 1):
            key = " ".join(words[:n])
            if len(words) >= n and key in self.names:
                return self.names[key], n
        return None, 0

    def groups(self) -> set[str]:
        """Management command words (`container`, `image`, ...)."""
        return {name.split(" ")[0] for name in self.names if " " in name}


REGISTRY = Registry()


def command(
    name: str,
    summary: str,
    *,
    options: tuple[Option, ...] | list[Option] = (),
    arguments: tuple[Argument, ...] | list[Argument] = (),
    aliases: tuple[str, ...] | list[str] = (),
    interspersed: bool = True,
    cell: str | None = None,
    group: str = "Commands",
    local: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a docker command; the decorated function is its executor.

    The executor is called as `run(engine, **values)` where values are keyed by each option's
    and argument's `dest`; a `local` command's engine is None (it must work when no engine
    can be chosen, e.g. `context use default` after the current context was removed).
    """

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY.add(
            Command(
                name=name,
                summary=summary,
                run=fn,
                options=tuple(options),
                arguments=tuple(arguments),
                aliases=tuple(aliases),
                interspersed=interspersed,
                cell=cell,
                group=group,
                local=local,
            )
        )
        return fn

    return register
