"""Docker contexts: `context ls/show/use/create/inspect/rm`, on the CLI's own files.

These run without asking an engine (`local`), so `context use default` still works after the
current context's engine went away. The CLI sees every change, and the notebook sees the CLI's.
"""

from __future__ import annotations

import os
from typing import Any

from ..engine.context_store import DEFAULT, Context, current, every, load, meta_dir, tls_root
from ..engine.context_store import create as create_context, remove as remove_context, use as use_context
from ..display import DoneText, Lines, Text
from ..errors import DockerError, UsageError
from ..notice import info, warning
from .common import FORMAT, QUIET, Columns, each, render_format
from .spec import Argument, command, flag, value

# NAME, not CONTEXT: `context` is every Python API function's engine keyword (spec.py)
NAME = Argument("NAME", help="a context name", completer="context")


def _described(ctx: Context) -> dict[str, Any]:
    """A context as the CLI's `context inspect` shows it."""
    meta = ctx.meta or {"Name": ctx.name, "Metadata": {"Description": ctx.description},
                        "Endpoints": {"docker": {"Host": ctx.host,
                                                 "SkipTLSVerify": ctx.skip_tls_verify}}}
    stored = ctx.name != DEFAULT
    tls = sorted(os.listdir(ctx.tls_dir)) if os.path.isdir(ctx.tls_dir) else []
    return {**meta, "TLSMaterial": {"docker": tls} if tls else {},
            "Storage": {"MetadataPath": meta_dir(ctx.name) if stored else "<IN MEMORY>",
                        "TLSPath": tls_root(ctx.name) if stored else "<IN MEMORY>"}}


CONTEXTS = Columns("{{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}"
                   "\t{{.Error}}",
                   {"Name": "NAME", "Description": "DESCRIPTION",
                    "DockerEndpoint": "DOCKER ENDPOINT", "Error": "ERROR"},
                   "*formatter.clientContextContext")


@command("context ls", "List contexts", aliases=("context list",), options=(FORMAT, QUIET),
         local=True)
def context_ls(engine: None, format: str | None = None, quiet: bool = False) -> Any:
    """Contexts as a DataFrame (the current one marked), `-q` names, or `--format` lines."""
    from .. import frames

    contexts, now = every(), current()
    if quiet:
        return Lines(c.name for c in contexts)
    if format:
        return render_format(format, [{"Name": c.name, "Description": c.description,
                                       "DockerEndpoint": c.host, "Current": c.name == now,
                                       "Error": ""} for c in contexts], CONTEXTS)
    return frames.contexts(contexts, now)


@command("context show", "Print the name of the current context", local=True)
def context_show(engine: None) -> Text:
    return Text(current())


@command("context use", "Set the current docker context", arguments=(NAME,), local=True)
def context_use(engine: None, name: str) -> Text:
    """Writes `currentContext` in config.json, as the CLI does; later commands use it."""
    use_context(name)
    info(f'Current context is now "{name}"')
    if os.environ.get("DOCKER_HOST") and name != DEFAULT:
        warning("Warning: DOCKER_HOST environment variable overrides the active context. To use "
                f'"{name}", either set the global --context flag, or unset DOCKER_HOST '
                "environment variable.")
    return DoneText(name)


def _endpoint(spec: str) -> tuple[str, bool]:
    """`host=unix:///x.sock,skip-tls-verify=true` -> (host, skip)."""
    fields: dict[str, str] = {}
    for part in filter(None, spec.split(",")):
        key, eq, val = part.partition("=")
        if not eq or key not in ("host", "skip-tls-verify", "ca", "cert", "key"):
            raise UsageError(f'unable to create docker endpoint config: unrecognized config key: '
                             f'"{key}"', command="context create")
        fields[key] = val
    if {"ca", "cert", "key"} & fields.keys():
        raise UsageError("TLS files (ca, cert, key) are not supported here: create the context "
                         "with the docker CLI", command="context create")
    if not fields.get("host"):
        raise UsageError("unable to create docker endpoint config: host is required",
                         command="context create")
    return fields["host"], fields.get("skip-tls-verify", "false").lower() in ("1", "true")


@command("context create", "Create a context",
         options=(value("--description", metavar="string", help="Description of the context"),
                  value("--docker", metavar="stringToString",
                        help="set the docker endpoint (host=..., skip-tls-verify=true)"),
                  value("--from", metavar="string",
                        help="create context from a named context")),
         arguments=(Argument("NAME", help="the new context's name"),), local=True)
def context_create(engine: None, name: str, description: str | None = None,
                   docker: str | None = None, **values: Any) -> Text:
    """A new context for an endpoint (`--docker host=...`), or a copy of `--from`'s (default:
    the current context's)."""
    source = values.get("from")
    if docker and source:
        raise UsageError("--docker and --from cannot be used together", command="context create")
    if docker:
        host, skip = _endpoint(docker)
    else:
        base = load(source or current())
        host, skip = base.host, base.skip_tls_verify
    create_context(name, host, description or "", skip)
    info(f'Successfully created context "{name}"')
    return DoneText(name)


@command("context inspect", "Display detailed information on one or more contexts",
         options=(value("-f", "--format", metavar="string",
                        help="Format output using a Go template, or 'json'"),),
         arguments=(Argument("NAME", "*", help="context names (default: the current one)",
                             completer="context"),),
         local=True)
def context_inspect(engine: None, name: list[str] | None = None,
                    format: str | None = None) -> Any:
    """Each context as the CLI shows it: a DataFrame with dotted columns, or `--format`."""
    from .. import frames

    objects = [_described(load(n)) for n in name or [current()]]
    return render_format(format, objects) if format else frames.inspect(objects)


@command("context rm", "Remove one or more contexts", aliases=("context remove",),
         options=(flag("-f", "--force", help="Force the removal of a context in use"),),
         arguments=(Argument("NAME", "+", help="context names", completer="context"),), local=True)
def context_rm(engine: None, name: list[str], force: bool = False) -> Lines:
    """Remove each; the current one only with -f (then "default" becomes current)."""
    now = current()

    def remove(one: str) -> None:
        if one == now and one != DEFAULT and not force:
            raise DockerError(f'context "{one}" is in use, set -f flag to force remove')
        remove_context(one)
        if one == now:
            use_context(DEFAULT)

    return each(engine, name, remove)
