"""`--secret`, `--ssh` and `--output` as `docker buildx build` reads them, checked before the
build starts: a malformed value is a UsageError (a `--secret` one a DockerError in buildx's
words), a missing file or socket a DockerError, one line each, and nothing is sent to the
engine.

--secret id=ID[,src=FILE|,env=VAR][,type=file|env]   (buildx's parseSecret, BuildKit's store)
--ssh default|ID[=SOCKET]                             (an ssh-agent socket; default $SSH_AUTH_SOCK)
--output type=local,dest=DIR | type=tar,dest=FILE | DIR
"""

from __future__ import annotations

import csv
import os
import stat
from dataclasses import dataclass, field

from ...errors import DockerError, UsageError

MAX_SECRET_SIZE = 500 * 1024  # BuildKit's limit for a secret


@dataclass
class Output:
    """One `--output`: the exporter type and its attributes; `dest` stays on our side."""

    type: str
    dest: str = ""
    attrs: dict[str, str] = field(default_factory=dict)

    def api(self) -> dict[str, object]:
        """What the engine's `outputs` parameter carries (`dest` is the client's business)."""
        return {"Type": self.type, "Attrs": dict(self.attrs)}


def _fields(value: str, flag: str) -> list[str]:
    try:
        return next(csv.reader([value])) if value else []
    except csv.Error as exc:
        raise UsageError(f"invalid argument {value!r} for \"{flag}\" flag: {exc}") from None


def csv_error(value: str) -> str | None:
    """What Go's encoding/csv (buildx's reader) says of a one-line record it refuses."""
    i, n = 0, len(value)
    while True:  # at the start of a field
        if i < n and value[i] == '"':
            j = i + 1
            while True:
                k = value.find('"', j)
                if k == -1:
                    return f'column {n + 1}: extraneous or missing " in quoted-field'
                if value[k + 1:k + 2] == '"':
                    j = k + 2
                    continue
                if k + 1 == n:
                    return None
                if value[k + 1] != ",":
                    return f'column {k + 1}: extraneous or missing " in quoted-field'
                i = k + 2
                break
            continue
        end = value.find(",", i)
        field = value[i:] if end == -1 else value[i:end]
        if '"' in field:
            return f'column {i + field.index(chr(34)) + 1}: bare " in non-quoted-field'
        if end == -1:
            return None
        i = end + 1


def secret(value: str) -> tuple[str, bytes]:
    """`--secret VALUE` -> (id, the secret's bytes), read now. The errors are buildx 0.13's
    words (not usage errors: buildx prints no help hint); an unset `env=` variable is no
    error but an empty secret, as buildx's store reads it (engine 20 then mounts nothing,
    engine 26 an empty file)."""
    if not value:
        raise DockerError("failed to parse csv secret: EOF")
    wrong = csv_error(value)
    if wrong:
        raise DockerError(f"failed to parse csv secret: parse error on line 1, {wrong}")
    ident = path = env = kind = ""
    for item in _fields(value, "--secret"):
        key, sep, val = item.partition("=")
        key = key.lower()
        if not sep:
            raise DockerError(f"invalid field '{item}' must be a key=value pair")
        if key == "type":
            if val not in ("file", "env"):
                raise DockerError(f'unsupported secret type "{val}"')
            kind = val
        elif key == "id":
            ident = val
        elif key in ("source", "src"):
            path = val
        elif key == "env":
            env = val
        else:
            raise DockerError(f"unexpected key '{key}' in '{item}'")
    if kind == "env" and not env:
        env, path = path, ""
    if not ident:
        raise DockerError("secret missing ID")
    if not env and not path:  # BuildKit: the id names a variable if one is set, else a file
        env, path = (ident, "") if ident in os.environ else ("", ident)
    if env:
        return ident, os.environ.get(env, "").encode()
    try:
        size = os.stat(path).st_size
    except OSError as exc:  # BuildKit's words, Go's error text
        raise DockerError(f"failed to stat {path}: stat {path}: {_why(exc)}") from None
    if size > MAX_SECRET_SIZE:
        raise DockerError(f"secret {ident} too big. max size 500KB")
    try:
        with open(path, "rb") as fh:
            return ident, fh.read()
    except OSError as exc:
        raise DockerError(f"read {path}: {_why(exc)}") from None


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def ssh(value: str) -> tuple[str, str]:
    """`--ssh default|ID[=SOCKET]` -> (id, agent socket path)."""
    ident, _, paths = value.partition("=")
    if not ident:
        raise UsageError(f"invalid value {value!r} for --ssh: an id is required (default)")
    path = paths.split(",")[0] if paths else os.environ.get("SSH_AUTH_SOCK", "")
    if "," in paths:
        raise UsageError(f"--ssh {value}: key files are not supported, only an ssh-agent socket")
    if not path:
        raise DockerError("invalid empty ssh agent socket, make sure SSH_AUTH_SOCK is set")
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise DockerError(f"--ssh {value}: {path}: {exc.strerror or exc}") from None
    if not stat.S_ISSOCK(mode):
        raise DockerError(f"--ssh {value}: {path} is not an ssh-agent socket (key files are not "
                         "supported: add the key to an agent with ssh-add)")
    return ident, path


def output(value: str) -> Output:
    """`--output VALUE` (buildx's syntax; a bare path is `type=local,dest=PATH`)."""
    items = _fields(value, "--output")
    if len(items) == 1 and "=" not in items[0]:
        items = ["type=tar", "dest=-"] if value == "-" else ["type=local", f"dest={value}"]
    out = Output(type="")
    for item in items:
        key, sep, val = item.partition("=")
        if not sep:
            raise UsageError(f"invalid value {item}")
        key = key.lower()
        if key == "type":
            out.type = val
        elif key == "dest":
            out.dest = val
        else:
            out.attrs[key] = val
    if not out.type:
        raise UsageError("type is required for output")
    if out.type not in ("local", "tar", "cacheonly"):
        raise UsageError(f"--output type={out.type} is not supported by this build "
                         "(local, tar, cacheonly)")
    if out.type in ("local", "tar"):
        if not out.dest:
            raise UsageError(f"dest is required for {out.type} output")
        if out.dest == "-":
            raise UsageError("--output dest=- (standard output) is not supported here: give "
                             "a file name")
        parent = os.path.dirname(os.path.abspath(out.dest))
        if out.type == "tar" and not os.path.isdir(parent):
            raise DockerError(f"failed to open {out.dest}: no such directory {parent}")
        if out.type == "local" and os.path.exists(out.dest) and not os.path.isdir(out.dest):
            raise DockerError(f"--output dest={out.dest} exists and is not a directory")
    return out
