"""Small pieces that several command modules share: filters, formats, id lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..display import DoneLines, DoneText, Lines, Text
from ..engine import Engine, translate
from ..errors import DockerError, UsageError
from ..runchecks import detach_keys
from .spec import flag, value

FILTER = value("-f", "--filter", kind="list", metavar="filter",
               help="Filter output based on conditions provided")
FORMAT = value("--format", metavar="string",
               help="Format output using a Go template, or 'json'")
FORMAT_F = value("-f", "--format", metavar="string",
                 help="Format output using a Go template, or 'json'")
NO_TRUNC = flag("--no-trunc", help="Don't truncate output")
DETACH_KEYS = value("--detach-keys", metavar="string", check=detach_keys,
                    help="Override the key sequence for detaching a live terminal (default "
                         "config.json's detachKeys, else ctrl-p,ctrl-q)")
# prune commands: `-f` is --force there, so the filter has no short form (as in the CLI)
FORCE_PRUNE = flag("-f", "--force", help="Do not prompt for confirmation")
PRUNE_FILTER = value("--filter", kind="list", metavar="filter",
                     help='Provide filter values (e.g. "label=<key>=<value>")').with_keys(
                         "until", "label")
BOOL = ("true", "false")
QUIET = flag("-q", "--quiet", help="Only display IDs")
PRETTY = flag("--pretty", help="Print the information in a human friendly format")


def filters(pairs: Iterable[str] | None, command: str = "") -> dict[str, list[str]]:
    """`["status=exited", "label=a=b"]` -> `{"status": ["exited"], "label": ["a=b"]}`."""
    out: dict[str, list[str]] = {}
    for pair in pairs or ():
        key, eq, val = pair.partition("=")
        if not eq or not key:
            raise UsageError(f"bad format of filter (expected name=value): {pair}", command=command)
        out.setdefault(key.strip().lower(), []).append(val)
    return out


def short_id(ident: str, no_trunc: bool = False) -> str:
    """`sha256:abc…` -> `abc…` (12 chars) like the CLI, or the full id with --no-trunc."""
    if no_trunc:
        return ident
    return ident.split(":", 1)[-1][:12]


@dataclass(frozen=True)
class Columns:
    """How the CLI lists one kind of object: its default `table` format, the header of each
    field, and the Go type its template errors name (`*formatter.ContainerContext`)."""

    table: str
    headers: dict[str, str]
    go_type: str
    failed: str = "template parsing error"  # how its errors begin (ps: "failed to execute ...")


def render_format(template: str, items: list[dict[str, Any]],
                  columns: Columns | None = None, *, failed: str = "template parsing error",
                  name: str = "") -> Text:
    """Apply `--format` to each item as the CLI does: `json` (one compact object per line),
    `table [TEMPLATE]` (a header, then the rows aligned by Go's tabwriter), or a Go template.

    With `columns` (a listing: ps, images, ...) `\\t`/`\\n` in the template are a tab and a
    newline and the items are the CLI's contexts; without (inspect) the template is as given,
    and its errors begin with `failed` (the template `name`d as the CLI names it)."""
    from ..gotemplate import TemplateError, context_type, go_json, parse

    if columns is None:
        if template.strip() == "json":
            return Text("\n".join(go_json(i) for i in items))
        if template.startswith("table"):
            raise UsageError("'table' formats are not needed here: the result is already a "
                             "DataFrame")
        try:
            run = parse(template, name=name)
            return Text("\n".join(run(i) for i in items))
        except TemplateError as exc:
            raise DockerError(f"{failed}: {exc}" if failed else str(exc)) from None
    kind = context_type(columns.go_type)
    contexts = [i if isinstance(i, kind) else kind(i) for i in items]
    text = template.strip()
    if text == "json":
        return Text("\n".join(go_json(c) for c in contexts))
    table = text.startswith("table")
    if table:
        text = text[len("table"):].strip() or columns.table
    text = text.replace("\\t", "\t").replace("\\n", "\n")
    try:
        run = parse(text)
        rows = [run(c) for c in contexts]
        if table:
            rows.insert(0, parse(text, header=True)(columns.headers))
    except TemplateError as exc:
        verb = "execute" if exc.executing else "parse"
        raise DockerError(f"{columns.failed or f'failed to {verb} template'}: {exc}") from None
    if not table:
        return Text("\n".join(rows))
    from ..tabwriter import tabwrite

    return Text(tabwrite("\n".join(rows)))


def natural_key(text: str) -> list[tuple]:
    """The order of the CLI's sortorder.NaturalLess (`vol2` before `vol10`, digits before
    letters), by which it sorts `volume ls` and `network ls`."""
    key: list[tuple] = []
    for run in re.findall(rb"\d+|\D", text.encode()):
        if run.isdigit():
            digits = run.lstrip(b"0")
            key.append((0, len(digits), digits, len(run) - len(digits)))
        else:
            key.append((1, run[0]))
    return key


@dataclass
class Pruned:
    """What one prune removed: the CLI's section title, the names or ids, the bytes freed."""

    title: str  # "Deleted Containers:"
    items: list[str] = field(default_factory=list)
    space: int = 0


def prune_report(parts: list[Pruned], space: bool = True) -> DoneText:
    """The CLI's prune output: each non-empty section, then `Total reclaimed space: ...`."""
    from ..units import human_size

    lines = [line for p in parts if p.items for line in (p.title, *p.items, "")]
    if not space:
        return DoneText("\n".join(lines).rstrip("\n"))
    return DoneText("\n".join([*lines, f"Total reclaimed space: "
                                   f"{human_size(sum(p.space for p in parts))}"]))


def ids(values: Iterable[str]) -> Lines:
    return Lines(values)


def each(engine: Engine | None, names: list[str], act: Callable[[str], Any]) -> DoneLines:
    """Apply `act` to every name like the CLI: do all, then report every failure (engine
    None: a `local` command's, whose failures are all DockerErrors). What was done is a
    confirmation (`DoneLines`): the magic prints it wherever the line is in a cell."""
    done, failed = DoneLines(), []
    for name in names:
        try:
            result = act(name)
        except DockerError as exc:
            failed.append(exc.message)
            continue
        except Exception as exc:  # noqa: BLE001 - SDK errors become the engine's one line
            error = translate(exc, engine.target) if engine else None
            if error is None:
                raise
            failed.append(error.message)
            continue
        done.append(name if result is None else result)
    if failed:
        if done:
            print("\n".join(str(d) for d in done))
        raise DockerError("; ".join(failed))
    return done
