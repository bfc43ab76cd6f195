"""IPython glue: `%docker` / `%%docker` (and `%jdocker`), settings via `%config DockerMagics.*`."""

from __future__ import annotations

from typing import Any

import re

from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand
from traitlets import Bool, Int, Unicode

from . import display
from .api import run_words, split, split_redirect, with_stdin
from .widgets import line_buffer

MAGIC_NAMES = ("docker", "jdocker")
_TEMPLATE = re.compile(r"(\{\{.*?(?:\}\}|$))", re.S)  # a Go action; an unclosed one runs to the end


@magics_class
class DockerMagics(Magics):
    """Run docker CLI commands against a real engine; tables come back as DataFrames.

    %docker ps -a                      -> DataFrame
    df = %docker images                 (results are values)
    %docker -H unix:///other.sock ps    (or --context NAME)
    %%docker build -t name .            (the cell body is the Dockerfile)
    %%docker                            (one command per line)
    """

    display_max_rows = Int(50, help="Rows shown when a DataFrame result is displayed.").tag(
        config=True)
    host = Unicode("", help="Default engine address (e.g. tcp://host:2375); empty: like the "
                            "CLI (DOCKER_HOST, current context, local socket).").tag(config=True)
    context = Unicode("", help="Default docker context name.").tag(config=True)
    show_engine = Bool(False, help="Print which engine answered each command.").tag(config=True)
    log_lines = Int(10_000, help="Lines a live log viewer keeps; older ones are dropped (and "
                                 "counted).").tag(config=True)
    buildkit = Bool(True, help="Build with BuildKit when the engine has it, like the CLI; False: "
                               "the classic builder (DOCKER_BUILDKIT, when set, decides)."
                    ).tag(config=True)
    complete_live_names = Bool(True, help="Complete container/image names by asking the "
                                          "engine.").tag(config=True)

    @no_var_expand
    @line_cell_magic
    def docker(self, line: str, cell: str | None = None) -> Any:
        """Run a docker command: `%docker ps -a`. See `%docker help`."""
        display.max_rows = self.display_max_rows
        line_buffer.DEFAULT_MAX_LINES = max(1, self.log_lines)
        from .buildkit import choice

        choice.CONFIGURED = self.buildkit
        line = self._expand(line)
        if cell is not None and not line.strip():
            return self._script(cell)
        words, stdin = split_redirect(line)
        return self._one(words, with_stdin(cell, stdin))

    def _expand(self, line: str) -> str:
        """IPython's `$var` / `{expr}` expansion, leaving Go templates (`{{.Name}}`) intact."""
        parts = _TEMPLATE.split(line)
        return "".join(p if i % 2 else self.shell.var_expand(p) for i, p in enumerate(parts))

    def _one(self, words: list[str], cell: str | bytes | None = None) -> Any:
        if self.show_engine:
            from .engine import resolve

            target = resolve(None, self.context or None, self.host or None)
            print(f"[engine: {target.describe()}]")
        result = run_words(words, cell=cell, default_host=self.host or None,
                           default_context=self.context or None)
        if isinstance(result, display.Done) and getattr(self.shell, "kernel", None) is not None:
            result.say(self.shell.execution_count)  # shown now, wherever the line is in a cell
        return result

    def _script(self, body: str) -> Any:
        """A `%%docker` cell with one command per line: run each, show each result."""
        from IPython.display import display as show

        commands = _logical_lines(body)
        result = None
        for i, line in enumerate(commands):
            words, stdin = split_redirect(line)  # a `< FILE` is read when its line runs
            if words and words[0] == "docker":
                words = words[1:]
            result = self._one(words, stdin)
            if result is not None and i < len(commands) - 1:
                show(result)
        return result


def _logical_lines(body: str) -> list[str]:
    """Split a cell into command lines: blank lines and `#` comments skipped, `\\`
    continues; each line is split (an unclosed quote refused) before any runs."""
    out: list[str] = []
    pending = ""
    for raw in body.splitlines():
        line = raw.rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        split(stripped)
        out.append(stripped)
    return out


def register(ip: Any) -> None:
    """Register the magics, their completer and the DataFrame display."""
    magics = DockerMagics(shell=ip)
    ip.register_magics(magics)
    fn = magics.docker
    for name in MAGIC_NAMES[1:]:
        ip.magics_manager.register_function(fn, magic_kind="line_cell", magic_name=name)
    display.register(ip)
    from .completion import install
    from .help import install as install_help

    install(ip, magics, MAGIC_NAMES)
    install_help(ip, MAGIC_NAMES)


def unregister(ip: Any) -> None:
    from .completion import uninstall
    from .help import uninstall as uninstall_help

    uninstall(ip)
    uninstall_help(ip)
    for kind in ("line", "cell"):
        for name in MAGIC_NAMES:
            ip.magics_manager.magics[kind].pop(name, None)
