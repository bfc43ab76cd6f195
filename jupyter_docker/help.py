"""`%docker help`, `%docker ps --help`: usage text generated from the command table."""

from __future__ import annotations

from .commands import REGISTRY
from .commands.spec import Command, Option
from .display import Text

# the CLI's summaries where "Manage <group>s" is not what it says
GROUPS = {"builder": "Manage builds", "node": "Manage Swarm nodes", "swarm": "Manage Swarm",
          "system": "Manage Docker"}


def _option_line(opt: Option) -> tuple[str, str]:
    shorts = [n for n in opt.names if not n.startswith("--")]
    longs = [n for n in opt.names if n.startswith("--")]
    left = ", ".join(shorts + longs) if shorts else "    " + ", ".join(longs)
    if opt.takes_value:
        left += f" {opt.metavar or opt.kind}"
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
    """Help for whatever the words name: a command, a management group, or everything."""
    cmd, used = REGISTRY.resolve(words)
    if cmd is not None:
        return command_help(cmd)
    if words and words[0] in REGISTRY.groups():
        return overview(words[0])
    return overview()
