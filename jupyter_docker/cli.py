"""Parse a docker command line the way the docker CLI does (pflag rules).

`-aq`, `-n5`, `-n 5`, `-n=5`, `--last 5`, `--last=5`, repeated `--filter`, `--` to end flags,
and for commands like `run` and `exec` flags stop at the first positional argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .commands import REGISTRY
from .commands.spec import Argument, Command, Option
from .errors import UsageError
from .suggest import did_you_mean
from .units import parse_go_duration, parse_int, parse_size, parse_uint

GLOBAL_OPTIONS: tuple[Option, ...] = (
    Option(("-H", "--host"), "str", "Daemon socket to connect to", metavar="string"),
    Option(("-c", "--context"), "str", "Name of the context to use to connect to the daemon",
           metavar="string"),
    Option(("--help",), "bool", "Print usage"),
)


@dataclass
class Invocation:
    """A parsed command line: which command, with which values, against which engine."""

    command: Command | None
    values: dict[str, Any] = field(default_factory=dict)
    host: str | None = None
    context: str | None = None
    help: bool = False
    topic: list[str] = field(default_factory=list)  # for `help ps` / unknown management words


def parse(words: list[str]) -> Invocation:
    """Turn CLI words (already split) into an Invocation, or raise UsageError."""
    globals_, rest = _parse_options(GLOBAL_OPTIONS, words, interspersed=False, command="")
    inv = Invocation(command=None, host=globals_.get("host"), context=globals_.get("context"),
                     help=bool(globals_.get("help")))
    if not rest:
        inv.help = True
        return inv
    if rest[0] == "help":
        inv.help = True
        inv.topic = rest[1:]
        inv.command, _ = REGISTRY.resolve(rest[1:])
        return inv
    cmd, used = REGISTRY.resolve(rest)
    if cmd is None:
        if rest[0] in REGISTRY.groups():
            if len(rest) == 1 or rest[1] in ("--help", "-h"):
                inv.help, inv.topic = True, rest[:1]
                return inv
            subs = [n.split(" ")[1] for n in REGISTRY.names if n.startswith(rest[0] + " ")]
            raise UsageError(f"unknown command: docker {rest[0]} {rest[1]}"
                             f"{did_you_mean(rest[1], subs)}", command=rest[0])
        tops = [n for n in REGISTRY.names if " " not in n] + [*REGISTRY.groups(), "help"]
        raise UsageError(f"unknown command: docker {rest[0]}{did_you_mean(rest[0], tops)}")
    inv.command = cmd
    args = rest[used:]
    if "--help" in args[: _flag_zone(cmd, args)]:
        inv.help = True
        return inv
    opts, positionals = _parse_options(cmd.options, args, cmd.interspersed, cmd.name)
    inv.values = {o.dest: opts.get(o.dest, o.empty()) for o in cmd.options}
    inv.values.update(_bind_arguments(cmd, positionals))
    return inv


def _flag_zone(cmd: Command, args: list[str]) -> int:
    """How many leading words may hold flags (all of them unless flags stop at a positional)."""
    if cmd.interspersed:
        return len(args)
    for i, word in enumerate(args):
        if word == "--" or not word.startswith("-") or word == "-":
            return i
    return len(args)


def _parse_options(
    options: tuple[Option, ...], words: list[str], interspersed: bool, command: str
) -> tuple[dict[str, Any], list[str]]:
    longs = {n: o for o in options for n in (*o.names, *o.aliases) if n.startswith("--")}
    shorts = {n[1:]: o for o in options for n in o.names if len(n) == 2 and n[0] == "-"}
    values: dict[str, Any] = {}
    positionals: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            positionals.extend(words[i:])
            break
        if word.startswith("--"):
            name, eq, val = word.partition("=")
            opt = longs.get(name)
            if opt is None:
                raise UsageError(f"unknown flag: {name}{did_you_mean(name, longs)}",
                                 command=command)
            if opt.takes_value and not eq:
                if i >= len(words):
                    raise UsageError(f"flag needs an argument: {name}", command=command)
                val, i = words[i], i + 1
            _store(values, opt, val if (eq or opt.takes_value) else None, name, command)
        elif word.startswith("-") and word != "-":
            j = 1
            while j < len(word):
                ch = word[j]
                opt = shorts.get(ch)
                if opt is None:
                    raise UsageError(f"unknown shorthand flag: '{ch}' in {word}", command=command)
                rest = word[j + 1:]
                if opt.takes_value:
                    val = rest[1:] if rest.startswith("=") else rest
                    if not rest:
                        if i >= len(words):
                            raise UsageError(f"flag needs an argument: '{ch}' in -{ch}",
                                             command=command)
                        val, i = words[i], i + 1
                    _store(values, opt, val, "-" + ch, command)
                    break
                if rest.startswith("="):
                    _store(values, opt, rest[1:], "-" + ch, command)
                    break
                _store(values, opt, None, "-" + ch, command)
                j += 1
        else:
            positionals.append(word)
            if not interspersed:
                positionals.extend(words[i:])
                break
    return values, positionals


def _store(values: dict[str, Any], opt: Option, raw: str | None, spelled: str, command: str) -> None:
    """Convert and store one flag occurrence."""
    if opt.refused:
        raise UsageError(f"{spelled}: {opt.refused}", command=command)
    if opt.kind == "bool":
        if raw is None:
            values[opt.dest] = True
            return
        parsed = GO_BOOLS.get(raw)
        if parsed is None:
            raise UsageError(f'invalid argument "{raw}" for "{_label(opt, spelled)}" flag: '
                             f'strconv.ParseBool: parsing "{raw}": invalid syntax', command=command)
        values[opt.dest] = _checked_bool(opt, parsed, command)
        return
    assert raw is not None
    values[opt.dest] = convert(opt, raw, spelled, command, values.get(opt.dest))


def _checked_bool(opt: Option, value: bool, command: str) -> bool:
    """A bool flag's check refuses a value in a line of its own (`--disable-content-trust=false`)."""
    if opt.check is not None:
        try:
            opt.check(value)
        except UsageError as exc:
            raise exc.about(command) from None
    return value


GO_BOOLS = {**dict.fromkeys(("1", "t", "T", "true", "TRUE", "True"), True),
            **dict.fromkeys(("0", "f", "F", "false", "FALSE", "False"), False)}


def _label(opt: Option, spelled: str) -> str:
    return spelled if spelled in opt.aliases else opt.label


def convert(opt: Option, raw: Any, spelled: str, command: str, previous: Any = None) -> Any:
    """One value of a flag, typed by its kind (and its `check`); list and map kinds accumulate.
    A bad value is the CLI's `invalid argument "X" for "-m, --memory" flag: <reason>`."""
    try:
        if opt.check is not None:
            item = opt.check(raw)
        elif opt.kind == "int" and opt.metavar.startswith("uint"):
            item = parse_uint(raw, int(opt.metavar[4:] or 64))
        elif opt.kind == "int":
            item = parse_int(raw)
        elif opt.kind == "bytes":
            item = parse_size(raw)
        elif opt.kind == "duration":
            item = parse_go_duration(raw)
        else:
            item = raw
        if opt.choices and raw not in opt.choices:
            raise ValueError(f"expected one of {', '.join(opt.choices)}")
    except UsageError as exc:  # a check whose line is not the invalid-argument one
        raise exc.about(command) from None
    except ValueError as exc:
        raise UsageError(f'invalid argument "{raw}" for "{_label(opt, spelled)}" flag: {exc}',
                         command=command) from None
    if opt.kind == "list":
        return [*(previous or []), *([] if item is None else [item])]
    if opt.kind == "map":
        key, val = item if isinstance(item, tuple) else _key_value(str(item))
        return {**(previous or {}), key: val}
    return item


def _key_value(text: str) -> tuple[str, str | None]:
    key, eq, val = text.partition("=")
    return key, val if eq else None


def _bind_arguments(cmd: Command, positionals: list[str]) -> dict[str, Any]:
    """Match positional words to the command's declared arguments, CLI-style errors."""
    bound: dict[str, Any] = {}
    words = list(positionals)
    required = sum(1 for a in cmd.arguments if a.nargs in ("1", "+"))
    variadic = any(a.nargs in ("*", "+", "...") for a in cmd.arguments)
    optional = sum(1 for a in cmd.arguments if a.nargs == "?")
    if len(words) < required:
        raise UsageError(_count_message(cmd, required, variadic, optional), command=cmd.name)
    if not variadic and len(words) > required + optional:
        raise UsageError(_count_message(cmd, required, variadic, optional), command=cmd.name)
    for idx, arg in enumerate(cmd.arguments):
        later = sum(1 for a in cmd.arguments[idx + 1:] if a.nargs in ("1", "+"))
        if arg.nargs == "1":
            bound[arg.dest] = words.pop(0)
        elif arg.nargs == "?":
            bound[arg.dest] = words.pop(0) if len(words) > later else None
        else:
            take = max(len(words) - later, 0)
            bound[arg.dest], words = words[:take], words[take:]
    return bound


def _count_message(cmd: Command, required: int, variadic: bool, optional: int) -> str:
    if variadic:
        return f'"docker {cmd.name}" requires at least {required} argument{"s" * (required != 1)}.'
    if optional:
        most = required + optional
        return f'"docker {cmd.name}" requires at most {most} argument{"s" * (most != 1)}.'
    return f'"docker {cmd.name}" requires exactly {required} argument{"s" * (required != 1)}.'


def bind_python(cmd: Command, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """Values for a Python API call (`jd.ps(all=True)`), checked like the command line."""
    values = {o.dest: o.empty() for o in cmd.options}
    for key, raw in kwargs.items():
        opt = cmd.option(key)
        if opt is None and key == cmd.cell:  # what a %%docker cell body gives: jd.run(stdin=)
            values[key] = raw
            continue
        if opt is None:
            arg = next((a for a in cmd.arguments if a.dest == key), None)
            if arg is None:
                raise UsageError(f"unknown option: {key}", command=cmd.name)
            values[key] = raw
            continue
        values[opt.dest] = _python_value(cmd, opt, raw)
    words = [str(w) for a in args for w in (a if isinstance(a, (list, tuple)) else [a])]
    named = {a.dest for a in cmd.arguments if a.dest in values}
    if words or not named:
        values.update(_bind_arguments(cmd, words))
    return values


def _python_value(cmd: Command, opt: Option, raw: Any) -> Any:
    """Accept natural Python values: dicts for filters and labels, ints for sizes."""
    spelled = opt.names[-1]
    if opt.kind == "bool":
        return _checked_bool(opt, bool(raw), cmd.name)
    if opt.kind in ("list", "map"):
        items = [f"{k}={v}" for k, v in raw.items()] if isinstance(raw, dict) else (
            [raw] if isinstance(raw, (str, int)) else list(raw))
        result: Any = None
        for item in items:
            result = convert(opt, str(item), spelled, cmd.name, result)
        return result if result is not None else opt.empty()
    if raw is None:
        return None
    if opt.kind == "bytes" and isinstance(raw, int):
        return raw
    return convert(opt, raw if opt.kind == "int" and isinstance(raw, int) else str(raw),
                   spelled, cmd.name)


def argument_of(cmd: Command, dest: str) -> Argument | None:
    return next((a for a in cmd.arguments if a.dest == dest), None)
