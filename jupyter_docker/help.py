"""`%docker help`, `%docker ps --help`: usage text generated from the command table."""

from __future__ import annotations

import re
from typing import Any

from .commands import REGISTRY
from .commands.spec import Command, Option
from .display import Text

# the CLI's summaries where "Manage <group>s" is not what it says
GROUPS = {"builder": "Manage builds", "node": "Manage Swarm nodes", "swarm": "Manage Swarm",
          "system": "Manage Docker"}


def option_usage(opt: Option) -> str:
    """How a flag is spelled in help: `-n, --last int`."""
    shorts = [n for n in opt.names if not n.startswith("--")]
    longs = [n for n in opt.names if n.startswith("--")]
    left = ", ".join(shorts + longs)
    return left + (f" {opt.metavar or opt.kind}" if opt.takes_value else "")


def _option_line(opt: Option) -> tuple[str, str]:
    left = option_usage(opt)
    if all(n.startswith("--") for n in opt.names):
        left = "    " + left
    text = opt.help
    if opt.kind in ("int", "str") and opt.default not in (None, "", -1, 0):
        text += f" (default {opt.default})"
    return left, text


def _table(rows: list[tuple[str, str]]) -> list[str]:
    width = max((len(left) for left, _ in rows), default=0) + 3
    return [f"  {left.ljust(width)}{text}".rstrip() for left, text in rows]


def command_help(cmd: Command) -> Text:
    """Usage, summary, aliases and flags of one command, like `docker ps --help`."""
    lines = [f"Usage:  {cmd.usage}", "", cmd.summary]
    if cmd.aliases:
        lines += ["", "Aliases:", "  " + ", ".join(f"docker {n}" for n in (cmd.name, *cmd.aliases))]
    if cmd.arguments:
        described = [(a.usage, a.help) for a in cmd.arguments if a.help]
        if described:
            lines += ["", "Arguments:", *_table(described)]
    visible = [o for o in cmd.options if not o.hidden]
    if visible:
        lines += ["", "Options:", *_table([_option_line(o) for o in visible])]
    if cmd.cell:
        lines += ["", f"As %%docker {cmd.name}: the cell body is the {cmd.cell}."]
    lines += ["", f"Python: jupyter_docker.{cmd.api_name}(...)"]
    return Text("\n".join(lines))


def overview(group: str | None = None) -> Text:
    """All commands (or one management group's), like `docker --help`."""
    from .cli import GLOBAL_OPTIONS

    if group:
        subs = sorted((name, c) for name, c in REGISTRY.names.items()
                      if name.startswith(group + " "))
        lines = [f"Usage:  docker {group} COMMAND", "", "Commands:"]
        lines += _table([(name.split(" ", 1)[1], c.summary) for name, c in subs])
        lines += ["", f"Run '%docker {group} COMMAND --help' for more information on a command."]
        return Text("\n".join(lines))
    groups = sorted(REGISTRY.groups())
    top = sorted((c.name, c.summary) for c in REGISTRY.commands.values() if " " not in c.name)
    lines = ["Usage:  %docker [OPTIONS] COMMAND   (or %%docker with a cell body)", "",
             "Options:", *_table([_option_line(o) for o in GLOBAL_OPTIONS]),
             "", "Management Commands:", *_table([(g, GROUPS.get(g, f"Manage {g}s")) for g in groups]),
             "", "Commands:", *_table(top),
             "", "Run '%docker COMMAND --help' for more information on a command.",
             "Every command is also a Python function: import jupyter_docker as jd; jd.ps(all=True)"]
    return Text("\n".join(lines))


def help_for(words: list[str]) -> Text:
    """Help for whatever the words name: a command, a management group, or everything
    (leading global flags such as `-H unix:///x.sock` and a `help` word are passed over)."""
    words = _past_globals(words)
    if words[:1] == ["help"]:
        words = words[1:]
    cmd, used = REGISTRY.resolve(words)
    if cmd is not None:
        return command_help(cmd)
    if words and words[0] in REGISTRY.groups():
        return overview(words[0])
    return overview()


def help_at(words: list[str], word: str = "") -> Text:
    """`help_for(words)`, with the line of the flag `word` (the one under the cursor) first."""
    text = help_for(words)
    rest = _past_globals(words)
    cmd, _ = REGISTRY.resolve(rest[1:] if rest[:1] == ["help"] else rest)
    opt = cmd.option(word.split("=", 1)[0]) if cmd and word.startswith("-") else None
    if opt is None or opt.hidden:
        return text
    return Text("\n".join([_table([_option_line(opt)])[0].strip(), "", text]))


def _past_globals(words: list[str]) -> list[str]:
    from .cli import GLOBAL_OPTIONS, _parse_options
    from .errors import UsageError

    try:
        return _parse_options(GLOBAL_OPTIONS, words, interspersed=False, command="")[1]
    except UsageError:
        return words


def _question(magic_names: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in magic_names)
    return re.compile(rf"^(\s*)(?:[\w.]+\s*=\s*)?(%%?)(?:{names})\s(.*?)\s*\?\??\s*$")


def install(ip: Any, magic_names: tuple[str, ...]) -> None:
    """`%docker ps?` (and `??`) and the frontend's inspect request (Shift+Tab, the completer's
    documentation) give the command's help, as `%docker ps --help` does; IPython alone would
    look up a Python object named `ps`."""
    question = _question(magic_names)

    def transform(lines: list[str]) -> list[str]:
        out = []
        for i, line in enumerate(lines):
            found = question.match(line)
            if found is None or (found.group(2) == "%%" and i):
                out.append(line)
                continue
            words = repr("help " + found.group(3))  # shown wherever the line is in the cell
            call = f"__import__('IPython').display.display(get_ipython().run_line_magic(" \
                f"{magic_names[0]!r}, {words}))"
            if found.group(2) == "%%":
                return [call + "\n"]  # the cell's body is not run
            out.append(found.group(1) + call + "\n")
        return out

    transform.jupyter_docker = True  # type: ignore[attr-defined]
    uninstall(ip)
    ip.input_transformers_cleanup.append(transform)
    kernel = getattr(ip, "kernel", None)
    if kernel is None or not hasattr(kernel, "do_inspect"):
        return  # a terminal IPython: the `?` suffix still works
    original = kernel.do_inspect

    def do_inspect(code: str, cursor_pos: int, detail_level: int = 0,
                   omit_sections: Any = ()) -> Any:
        from .api import split
        from .completion import docker_text
        from .errors import DockerError

        end = code.find("\n", cursor_pos)
        ours, text = docker_text(code, len(code) if end < 0 else end, magic_names)
        if not ours or text is None:
            return original(code, cursor_pos, detail_level, omit_sections)
        try:
            words = split(text.rstrip("?"))
        except DockerError:  # an unclosed quote while typing
            words = text.split()
        line_start = code.rfind("\n", 0, cursor_pos) + 1
        line = code[line_start: len(code) if end < 0 else end]
        at = cursor_pos - line_start
        word = (line[:at].split(" ")[-1] + line[at:].split(" ")[0]).strip()
        return {"status": "ok", "found": True, "metadata": {},
                "data": {"text/plain": str(help_at(words, word))}}

    do_inspect.jupyter_docker = original  # type: ignore[attr-defined]
    kernel.do_inspect = do_inspect


def uninstall(ip: Any) -> None:
    """Undo `install`."""
    ip.input_transformers_cleanup[:] = [t for t in ip.input_transformers_cleanup
                                        if not getattr(t, "jupyter_docker", False)]
    kernel = getattr(ip, "kernel", None)
    if kernel is not None and hasattr(kernel.__dict__.get("do_inspect"), "jupyter_docker"):
        del kernel.do_inspect
