"""The Python API: one function per docker command, generated from the command table.

`jd.ps(all=True)`, `jd.image_inspect("busybox")`, `jd.system_df(verbose=True)`, and
`jd.docker("ps -a")` for a whole command line. The magics call `run_words` too.
"""

from __future__ import annotations

import inspect as pyinspect
import re
import shlex
from typing import Any, Callable

from .cli import bind_python, parse
from .commands import REGISTRY
from .commands.spec import Command
from .errors import DockerError, UsageError
from .help import command_help, help_for
from .runner import execute


def split(line: str) -> list[str]:
    """Split a command line like a POSIX shell; an unclosed quote is a usage error."""
    try:
        return shlex.split(line, comments=False, posix=True)
    except ValueError as exc:
        raise UsageError(f"cannot split the command line: {exc}") from None


_REDIRECT = re.compile(r"(?:^|\s)<\s*(\S+)\s*$")  # an unquoted `< FILE` ending the line


def split_redirect(line: str) -> tuple[list[str], bytes | None]:
    """`split`, and the bytes of FILE when the line ends with `< FILE` as in a shell
    (`build - < context.tar.gz`, `run -i img sh < script.sh`): that is standard input."""
    found = _REDIRECT.search(line)
    if found:
        try:
            words, [path] = shlex.split(line[:found.start()]), shlex.split(found.group(1))
        except ValueError:  # the `<` is inside quotes: an argument, not a redirection
            found = None
    if not found:
        return split(line), None
    try:
        with open(path, "rb") as fh:
            return words, fh.read()
    except OSError as exc:
        raise DockerError(f"{path}: {exc.strerror}") from None


def run_words(words: list[str], *, cell: str | bytes | None = None,
              default_host: str | None = None, default_context: str | None = None) -> Any:
    """Parse CLI words and run them: the magic's and `docker()`'s single path."""
    inv = parse(words)
    if inv.help:
        return help_for(inv.topic or ([inv.command.name] if inv.command else []))
    assert inv.command is not None
    cmd = inv.command
    if cell is not None:
        if not cmd.cell:
            raise UsageError(f"'{cmd.name}' takes no cell body: put the command on the %%docker "
                             "line, or one command per line with nothing after %%docker")
        inv.values[cmd.cell] = cell
    host, context = inv.host, inv.context
    if not host and not context:
        host, context = default_host, default_context
    return execute(cmd, inv.values, host=host or None, context=context or None)


def docker(line: str, cell: str | bytes | None = None) -> Any:
    """Run one docker command line: `docker("ps -a --filter status=exited")`; a line ending
    in `< FILE` gives FILE as standard input."""
    words, stdin = split_redirect(line)
    return run_words(words, cell=with_stdin(cell, stdin))


def with_stdin(cell: str | bytes | None, stdin: bytes | None) -> str | bytes | None:
    """The standard input of a command: the cell body or a `< FILE`, not both."""
    if stdin is not None and cell is not None:
        raise UsageError("standard input is either the cell body or `< FILE`, not both")
    return stdin if stdin is not None else cell


def function_for(cmd: Command) -> Callable[..., Any]:
    """A Python function for a command: positionals are its arguments, keywords its flags."""

    def call(*args: Any, host: str | None = None, context: str | None = None,
             **kwargs: Any) -> Any:
        values = bind_python(cmd, args, kwargs)
        return execute(cmd, values, host=host, context=context)

    params = [pyinspect.Parameter(a.dest, pyinspect.Parameter.POSITIONAL_OR_KEYWORD,
                                  default=None if a.nargs != "1" else pyinspect.Parameter.empty)
              for a in cmd.arguments]
    params += [pyinspect.Parameter(o.dest, pyinspect.Parameter.KEYWORD_ONLY, default=o.empty())
               for o in cmd.options]
    if cmd.cell:
        params.append(pyinspect.Parameter(cmd.cell, pyinspect.Parameter.KEYWORD_ONLY, default=None))
    params += [pyinspect.Parameter(n, pyinspect.Parameter.KEYWORD_ONLY, default=None)
               for n in ("host", "context")]
    call.__name__ = call.__qualname__ = cmd.api_name
    call.__doc__ = str(command_help(cmd))
    call.__signature__ = pyinspect.Signature(params)  # type: ignore[attr-defined]
    return call


def names() -> dict[str, Command]:
    """Every Python API name: canonical names and aliases (`container_ls` is `ps`)."""
    out: dict[str, Command] = {}
    for name, cmd in REGISTRY.names.items():
        out.setdefault(name.replace(" ", "_").replace("-", "_"), cmd)
    return out
