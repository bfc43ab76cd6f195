"""The part of Go's text/template that `--format` / `inspect -f` users write, over JSON data.

Field paths (`.State.Status`), methods with arguments (`.Label "x"`), `$` and variables,
pipelines (`.Name | upper`), Go's builtins (`printf`, `print(ln)`, `len`, `index`, `slice`,
`eq`/`ne`/`lt`/`le`/`gt`/`ge`, `and`/`or`/`not`) and the ones docker adds (`json`, `join`,
`split`, `lower`, `upper`, `title`, `truncate`), `range` / `if` / `with` blocks with `else`.

Values print as Go prints the CLI's types (a struct `{a b}`, a map `map[k:v]`, a nil slice
`[]`, a time.Time), and failures are Go's messages with the line:column of the action.
"""

from __future__ import annotations

import json
import re
from typing import Any

TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|:=|\$\w*|\(|\)|\||,|[^\s()|,]+')


class TemplateError(ValueError):
    """A template that cannot be parsed (`executing` False) or evaluated."""

    def __init__(self, message: str, executing: bool = False) -> None:
        super().__init__(message)
        self.executing = executing


# Go types behind JSON objects: a dict under one of these keys is a Go map (printed
# `map[k:v ...]`, keys sorted), any other is a struct (printed `{v1 v2 ...}`, fields in order).
MAP_FIELDS = frozenset({
    "Labels", "Options", "ExposedPorts", "Volumes", "PortBindings", "Ports", "Networks", "Data",
    "Sysctls", "StorageOpt", "Containers", "DriverOpts", "Tmpfs", "Annotations", "Attributes",
    "IndexConfigs", "Runtimes", "Services", "Status", "DriverStatus", "Plugins",
})
# JSON null under these keys is a nil Go slice, printed `[]` (a nil map prints `map[]`).
LIST_FIELDS = frozenset({
    "CapAdd", "CapDrop", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "Links",
    "Binds", "VolumesFrom", "Entrypoint", "Cmd", "OnBuild", "Env", "Devices", "DeviceRequests",
    "DeviceCgroupRules", "Ulimits", "SecurityOpt", "BlkioWeightDevice", "BlkioDeviceReadBps",
    "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "Mounts",
    "MaskedPaths", "ReadonlyPaths", "Aliases", "Shell", "RepoTags", "RepoDigests", "Layers",
    "Args", "DNSNames", "SecondaryIPAddresses", "SecondaryIPv6Addresses", "Warnings",
})
# Fields Go structs have but the engine leaves out when empty (omitempty): nil, not an error.
OPTIONAL_FIELDS = frozenset({
    "Health", "SizeRw", "SizeRootFs", "Healthcheck", "Node", "Metadata", "Descriptor",
    "Manifests", "ImageManifestDescriptor", "Platform", "Shell", "StopSignal", "StopTimeout",
    "OnBuild", "ArgsEscaped", "NetworkDisabled", "MacAddress", "Domainname", "Init",
    "Parent", "Comment", "DockerVersion", "Author", "Variant", "OsVersion", "ContainerConfig",
    "Container", "VirtualSize", "Peers", "Services", "ConfigFrom", "ConfigOnly", "Scope",
})


# Go structs whose empty fields the engine leaves out, in their field order, each with the
# zero it prints as: a dict with the first field and no key beyond them prints all of them.
STRUCTS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("Subnet", ""), ("IPRange", ""), ("Gateway", ""), ("AuxiliaryAddresses", "map[]")),
    (("Status", ""), ("Running", "false"), ("Paused", "false"), ("Restarting", "false"),
     ("OOMKilled", "false"), ("Dead", "false"), ("Pid", "0"), ("ExitCode", "0"), ("Error", ""),
     ("StartedAt", ""), ("FinishedAt", ""), ("Health", "<nil>")),
)


def _struct_text(value: dict) -> str:
    for fields in STRUCTS:
        names = [name for name, _ in fields]
        if names[0] in value and set(value) <= set(names):
            return "{" + " ".join(go_str(value[n], n) if n in value else zero
                                  for n, zero in fields) + "}"
    return "{" + " ".join(go_str(v, k) for k, v in value.items()) + "}"


class GoTime(str):
    """A time the engine sent as RFC 3339 text that the CLI holds as Go's time.Time: printed as
    Go prints one (`2026-12-01 20:56:46.354141041 +0000 UTC`), JSON as the text."""

    def go(self) -> str:
        m = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", self)
        if not m:
            return str(self)
        day, clock, frac, zone = m.groups()
        frac = (frac or "").rstrip("0")
        offset = "+0000 UTC" if zone == "Z" else f"{zone.replace(':', '')} {zone.replace(':', '')}"
        return f"{day} {clock}{'.' + frac if frac else ''} {offset}"


class Method:
    """A context field that takes arguments (`{{.Label "com.example"}}`) or is computed when
    used; `nargs` arguments, named `name` in errors."""

    def __init__(self, name: str, fn: Any, nargs: int = 1) -> None:
        self.name, self.fn, self.nargs = name, fn, nargs

    def __call__(self, *args: Any) -> Any:
        if len(args) != self.nargs:
            raise _FieldError(f"wrong number of args for {self.name}: want {self.nargs} "
                              f"got {len(args)}")
        return self.fn(*args)


class Typed(dict):
    """JSON data that the CLI holds in a Go struct: a field absent from the data is the CLI's
    "can't evaluate field X in type T" (with `go_type` set), and a Go field whose JSON key is
    spelled otherwise (`ID` for `Id`) is found by `aliases`."""

    go_type = ""
    aliases: dict[str, str] = {}
    zeros: dict[str, Any] = {}  # Go fields the engine may leave out, and their zero values

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key) or (isinstance(key, str) and (
            key in self.zeros or key in self.aliases and super().__contains__(self.aliases[key])))

    def __getitem__(self, key: Any) -> Any:
        if not super().__contains__(key) and key in self.aliases \
                and super().__contains__(self.aliases[key]):
            return super().__getitem__(self.aliases[key])
        if not super().__contains__(key) and key in self.zeros:
            return self.zeros[key]
        return super().__getitem__(key)


def typed(go_type: str = "", zeros: dict[str, Any] | None = None, **aliases: str) -> type[Typed]:
    """A Typed subclass naming `go_type` in errors, with Go field -> JSON key `aliases`."""
    return type("Typed", (Typed,), {"go_type": go_type, "aliases": aliases, "zeros": zeros or {}})


class Context(dict):
    """The CLI's formatting context of one listed object (`docker ps`'s ContainerContext):
    missing fields name the Go type; `json` writes its fields as the CLI does (keys sorted,
    every value a string, HTML characters escaped)."""

    go_type = "map[string]interface {}"

    def fields(self) -> dict[str, Any]:
        return {k: (v() if isinstance(v, Method) else v) for k, v in sorted(self.items())
                if not (isinstance(v, Method) and v.nargs)}


def context_type(go_type: str) -> type[Context]:
    """A Context subclass whose errors name `go_type` (`*formatter.ContainerContext`)."""
    return type("Context", (Context,), {"go_type": go_type})


def go_json(value: Any) -> str:
    """Go's json.Marshal as the CLI uses it: compact, UTF-8; a Context's keys sorted and `<`,
    `>`, `&` escaped (the CLI marshals those itself); other data as it came."""
    if isinstance(value, Context):
        return escape_html(json.dumps(value.fields(), separators=(",", ":"), ensure_ascii=False))
    if isinstance(value, (_NilMap, _NilSlice)):
        return "null"
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


def escape_html(text: str) -> str:
    """`<`, `>`, `&` as Go's json.Marshal writes them (`\\u003c`, ...)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def go_str(value: Any, key: str | None = None) -> str:
    """Print a value the way Go's fmt does for the CLI's types (`key`: the field it came from)."""
    if isinstance(value, Method):
        value = value()
    if value is None:
        return "map[]" if key in MAP_FIELDS else "[]" if key in LIST_FIELDS else "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, GoTime):
        return value.go()
    if isinstance(value, list):
        return "[" + " ".join(go_str(v) for v in value) + "]"
    if isinstance(value, dict):
        if _is_map(value, key):
            return "map[" + " ".join(f"{k}:{go_str(value[k])}" for k in sorted(value)) + "]"
        return _struct_text(value)
    return str(value)


def _is_map(value: dict, key: str | None) -> bool:
    if isinstance(value, (Context, Typed)):
        return False
    if key == "Config" and all(isinstance(v, str) for v in value.values()):
        return True  # HostConfig.LogConfig.Config, a map[string]string
    return isinstance(value, _GoMap) or key in MAP_FIELDS or any(not re.fullmatch(r"[A-Z]\w*", k) for k in value)


def _truthy(value: Any) -> bool:
    return bool(value) and value != "<no value>"


class _FieldError(Exception):
    """A field or method that cannot be evaluated; placed (line, column, node) by the action."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


FUNCS: dict[str, Any] = {
    "json": go_json,
    "join": lambda v, sep: sep.join(go_str(x) for x in v or []),
    "split": lambda s, sep: str(s).split(sep),
    "lower": lambda s: go_str(s).lower(),
    "upper": lambda s: go_str(s).upper(),
    "title": lambda s: go_str(s).title(),
    "len": lambda v: len(v or []),
    "println": lambda *a: " ".join(go_str(x) for x in a) + "\n",
    "print": lambda *a: "".join(go_str(x) for x in a),
    "truncate": lambda s, n: go_str(s)[: int(n)],
    "eq": lambda a, *b: any(a == x for x in b),
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "slice": lambda v, *i: v[slice(*(int(n) for n in i))] if i else v,
    "not": lambda v: not _truthy(v),
    "and": lambda *a: next((x for x in a if not _truthy(x)), a[-1]),
    "or": lambda *a: next((x for x in a if _truthy(x)), a[-1]),
}


def _index(value: Any, *keys: Any) -> Any:
    for key in keys:
        try:
            value = value[int(key) if isinstance(value, list) else key]
        except KeyError:
            return ""  # a missing map key: the zero value of the CLI's map[string]string
        except (IndexError, TypeError, ValueError):
            return None
    return value


FUNCS["index"] = _index

_VERB = re.compile(r"%([-+# 0]*)(\d+)?(?:\.(\d+))?([vsdqxXfgteT%])")


def _printf(form: str, *args: Any) -> str:
    """Go's fmt.Sprintf for the verbs templates use (`%s %v %d %q %x %f %.12s %-10s`)."""
    from .frames.common import go_quote

    values = iter(args)

    def one(m: re.Match) -> str:
        flags, width, precision, verb = m.groups()
        if verb == "%":
            return "%"
        value = next(values, _MISSING)
        if value is _MISSING:
            return f"%!{verb}(MISSING)"
        if verb in "dxX" and isinstance(value, bool) or verb in "dxX" and not isinstance(
                value, (int, float)):
            return f"%!{verb}({_go_type(value)}={go_str(value)})"
        if verb == "d":
            text = str(int(value))
        elif verb in "xX":
            text = format(int(value), verb)
        elif verb in "feg":
            text = format(float(value), f".{precision or 6}{verb}")
            precision = None
        elif verb == "q":
            text = go_quote(go_str(value))
        elif verb == "T":
            text = _go_type(value)
        else:
            text = go_str(value)
        if precision is not None and verb in "sv":
            text = text[:int(precision)]
        if width:
            text = text.ljust(int(width)) if "-" in flags else text.rjust(
                int(width), "0" if "0" in flags and verb in "dxXf" else " ")
        return text

    return _VERB.sub(one, form)


FUNCS["printf"] = _printf


def _split(template: str) -> list[tuple[str, str]]:
    """Text and actions, with `{{-` / `-}}` trimming applied."""
    parts: list[tuple[str, str]] = []
    pos = 0
    for match in re.finditer(r"\{\{(-\s)?(.*?)(\s-)?\}\}", template, re.S):
        text = template[pos:match.start()]
        if match.group(1):
            text = text.rstrip()
        if parts and parts[-1][0] == "trim":
            parts.pop()
            text = text.lstrip()
        parts.append(("text", text))
        body = match.group(2)
        parts.append(("action", body.strip(), match.start(2) + len(body) - len(body.lstrip())))
        if match.group(3):
            parts.append(("trim", ""))
        pos = match.end()
    rest = template[pos:]
    if parts and parts[-1][0] == "trim":
        parts.pop()
        rest = rest.lstrip()
    if "{{" in rest:
        raise TemplateError(f"template: :{template.count(chr(10), 0, pos) + 1}: unclosed action")
    parts.append(("text", rest))
    return [p for p in parts if p != ("text", "")]


def _tree(parts: list[tuple], i: int = 0, ends: tuple[str, ...] = ()) -> tuple[list, int, tuple]:
    """Nest blocks: returns (nodes, next index, the action that ended this block)."""
    nodes: list = []
    while i < len(parts):
        kind, body = parts[i][:2]
        at = parts[i][2] if len(parts[i]) > 2 else 0
        i += 1
        word = body.split(" ", 1)[0] if kind == "action" else ""
        if kind == "text":
            nodes.append(("text", body))
        elif word in ("end", "else"):
            if word not in ends:
                raise TemplateError(f"unexpected {{{{{word}}}}}")
            return nodes, i, (body, at)
        elif word in ("range", "if", "with"):
            node, i = _block(parts, i, word, body[len(word):].strip(), at + len(word) + 1)
            nodes.append(node)
        else:
            nodes.append(("action", body, at))
    if ends:
        raise TemplateError("missing {{end}}")
    return nodes, i, ("", 0)


def _block(parts: list[tuple], i: int, word: str, head: str, at: int) -> tuple[tuple, int]:
    """One range/if/with block up to its {{end}}; `else if` nests an if sharing that end."""
    inner, i, (end, end_at) = _tree(parts, i, ("end", "else"))
    other: list = []
    if end.startswith("else"):
        rest = end[4:].strip()
        if rest.startswith("if "):
            node, i = _block(parts, i, "if", rest[3:].strip(), end_at + end.index("if ") + 3)
            other = [node]
        else:
            other, i, _ = _tree(parts, i, ("end",))
    return (word, head, inner, other, at), i


class _Eval:
    def __init__(self, root: Any, template: str = "", funcs: dict[str, Any] | None = None,
                 name: str = "") -> None:
        self.vars: dict[str, Any] = {"$": root}
        self.template, self.name = template, name
        self.funcs = FUNCS if funcs is None else funcs

    def at(self, text: str, offset: int, dot: Any) -> Any:
        """`pipeline(text)`, its failures placed as Go places them: `template: :1:2:
        executing "" at <.Nope>: ...` (the column of a chain is that of its second field)."""
        try:
            return self.pipeline(text, dot)
        except _FieldError as exc:
            node = getattr(exc, "node", "") or text
            found = text.find(node)
            pos = offset + max(found, 0)
            segments = re.findall(r"\.[^.]*", node) if node.startswith(".") else []
            if len(segments) > 1:
                pos += len(segments[0])
            line = self.template.count("\n", 0, pos) + 1
            col = pos - (self.template.rfind("\n", 0, pos) + 1)
            shown = node if len(node) <= 20 else f"{node[:20]}..."
            raise TemplateError(f'template: {self.name}:{line}:{col}: executing "{self.name}" '
                                f"at <{shown}>: {exc.message}", executing=True) from None

    def run(self, nodes: list, dot: Any) -> str:
        out = []
        for node in nodes:
            kind = node[0]
            if kind == "text":
                out.append(node[1])
            elif kind == "action":
                value = self.at(node[1], node[2], dot)
                if value is not _ASSIGNED:
                    out.append(go_str("<no value>" if value is _MISSING else value))
            elif kind == "if":
                branch = (node[2] if _truthy(self.value(self.at(node[1], node[4], dot)))
                          else node[3])
                out.append(self.run(branch, dot))
            elif kind == "with":
                value = self.value(self.at(node[1], node[4], dot))
                out.append(self.run(node[2], value) if _truthy(value) else self.run(node[3], dot))
            else:
                out.append(self.range(node, dot))
        return "".join(out)

    def range(self, node: tuple, dot: Any) -> str:
        head = node[1]
        names: list[str] = []
        if ":=" in head:
            left, head = head.split(":=", 1)
            names = [n.strip() for n in left.split(",")]
        items = self.value(self.at(head.strip(), node[4] + node[1].find(head.strip()), dot))
        pairs = sorted(items.items()) if isinstance(items, dict) else list(enumerate(items or []))
        if not pairs:
            return self.run(node[3], dot)
        out = []
        for key, item in pairs:
            if len(names) == 2:
                self.vars[names[0]], self.vars[names[1]] = key, item
            elif names:
                self.vars[names[0]] = item
            out.append(self.run(node[2], item))
        return "".join(out)

    @staticmethod
    def value(v: Any) -> Any:
        return None if v is _MISSING else v

    def pipeline(self, text: str, dot: Any) -> Any:
        tokens = TOKEN.findall(text)
        if len(tokens) >= 2 and tokens[1] == ":=" and tokens[0].startswith("$"):
            self.vars[tokens[0]] = self.value(self.pipeline(" ".join(tokens[2:]), dot))
            return _ASSIGNED
        value: Any = _NONE
        for command in _split_on(tokens, "|"):
            value = self.command(command, dot, value)
        return value

    def command(self, tokens: list[str], dot: Any, piped: Any) -> Any:
        if not tokens:
            raise TemplateError("empty command")
        args = _group(tokens) if all(isinstance(t, str) for t in tokens) else tokens
        head = args[0]
        if isinstance(head, str) and head in self.funcs:
            values = [self.operand(a, dot) for a in args[1:]]
            if piped is not _NONE:
                values.append(self.value(piped))
            try:
                return self.funcs[head](*values)
            except TypeError as exc:
                raise TemplateError(f"wrong arguments for {head}: {exc}") from None
        if isinstance(head, str) and head[0] in ".$" and (len(args) > 1 or piped is not _NONE):
            method = self.operand(head, dot, call=False)
            if isinstance(self.vars["$"], _Header):
                return method
            values = [self.operand(a, dot) for a in args[1:]]
            if piped is not _NONE:
                values.append(self.value(piped))
            if not isinstance(method, Method):
                exc = _FieldError(f"can't give argument to non-function {head}")
                exc.node = head
                raise exc
            try:
                return method(*values)
            except _FieldError as exc:
                exc.node = head
                raise
        if len(args) > 1 or piped is not _NONE:
            raise TemplateError(f"{head!r} is not a function")
        return self.operand(head, dot)

    def operand(self, token: Any, dot: Any, call: bool = True) -> Any:
        value = self._operand(token, dot)
        if call and isinstance(value, Method):
            try:
                return value()
            except _FieldError as exc:
                exc.node = token if isinstance(token, str) else ""
                raise
        return value

    def _operand(self, token: Any, dot: Any) -> Any:
        if isinstance(token, tuple):
            return self.field(self.operand(token[0], dot), token[1])
        if isinstance(token, list):
            value: Any = _NONE
            for command in _split_on(token, "|"):
                value = self.command(command, dot, value)
            return self.value(value)
        if token[0] in "\"`":
            return json.loads(token) if token[0] == '"' else token[1:-1]
        if re.fullmatch(r"-?\d+", token):
            return int(token)
        if token in ("true", "false"):
            return token == "true"
        if token.startswith("$"):
            name, _, path = token.partition(".")
            if name not in self.vars:
                raise TemplateError(f"undefined variable {name}")
            return self.field(self.vars[name], path, token)
        if token.startswith("."):
            return self.field(dot, token[1:], token)
        if token in FUNCS:
            return FUNCS[token]()
        raise TemplateError(f'function "{token}" not defined')

    @staticmethod
    def field(value: Any, path: str, node: str = "") -> Any:
        """Follow `.A.B` like Go with the CLI's missingkey=error: an absent key is an error
        (a struct field the engine leaves out when empty is nil)."""
        key, absent = None, False
        for name in [p for p in path.split(".") if p]:
            if isinstance(value, Method) and not value.nargs:
                value = value()
            if absent:  # the CLI, failing on its nil struct pointer, retries on the raw JSON
                exc = _FieldError(f'map has no entry for key "{key}"')
                exc.node = node
                raise exc
            if isinstance(value, dict):
                if name not in value:
                    if isinstance(value, _Header):
                        value, key = "", name
                        continue
                    if isinstance(value, _GoMap):  # a typed map: its zero, shown "<no value>"
                        return _MISSING
                    if isinstance(value, (Context, Typed)) and value.go_type:
                        message = f"can't evaluate field {name} in type {value.go_type}"
                    elif name in OPTIONAL_FIELDS and not _is_map(value, key):
                        value, key, absent = None, name, True
                        continue
                    else:
                        message = f'map has no entry for key "{name}"'
                    exc = _FieldError(message)
                    exc.node = node
                    raise exc
                value, key = value[name], name
                if isinstance(value, dict) and name in MAP_FIELDS and not isinstance(value, _GoMap):
                    value = _GoMap(value)
                elif value is None and name in MAP_FIELDS:
                    value = _NilMap()
                elif value is None and name in LIST_FIELDS:
                    value = _NilSlice()
            elif value is None or value is _MISSING:
                exc = _FieldError(f"nil pointer evaluating interface {{}}.{name}")
                exc.node = node
                raise exc
            else:
                exc = _FieldError(f"can't evaluate field {name} in type {_go_type(value)}")
                exc.node = node
                raise exc
        return value


_MISSING, _ASSIGNED, _NONE = object(), object(), object()


class _GoMap(dict):
    """A JSON object that is a Go map in the CLI's types (printed `map[...]`)."""


class _NilMap(_GoMap):
    """A nil Go map (JSON null): printed `map[]`, marshalled by `json` as `null`."""


class _NilSlice(list):
    """A nil Go slice (JSON null): printed `[]`, marshalled by `json` as `null`."""


def _go_type(value: Any) -> str:
    return {str: "string", bool: "bool", int: "int", float: "float64",
            list: "[]interface {}"}.get(type(value), type(value).__name__)


def _split_on(tokens: list[str], sep: str) -> list[list[str]]:
    out: list[list[str]] = [[]]
    depth = 0
    for t in tokens:
        if isinstance(t, str):
            depth += (t == "(") - (t == ")")
        if t == sep and depth == 0:
            out.append([])
        else:
            out[-1].append(t)
    return out


def _group(tokens: list[str]) -> list[Any]:
    """Parenthesised sub-pipelines become nested lists; `(x).Field` a (list, path) pair."""
    stack: list[list[Any]] = [[]]
    for t in tokens:
        if t == "(":
            stack.append([])
        elif t == ")":
            if len(stack) == 1:
                raise TemplateError("unexpected )")
            inner = stack.pop()
            stack[-1].append(inner)
        elif t.startswith(".") and stack[-1] and isinstance(stack[-1][-1], list):
            stack[-1][-1] = (stack[-1][-1], t[1:])
        else:
            stack[-1].append(t)
    if len(stack) != 1:
        raise TemplateError("unclosed (")
    return stack[0]


def render(template: str, data: Any) -> str:
    """Render `template` with `data` as `.`."""
    return parse(template)(data)


def parse(template: str, header: bool = False, name: str = "") -> Any:
    """Parse once; the result renders one data item per call (raises TemplateError).
    `header`: the row of a `table` format's headers, from a dict of field -> header (the
    CLI's header functions pass their first argument through; fields take no arguments)."""
    nodes, _, _ = _tree(_split(template))
    if name:
        return lambda data: _Eval(data, template, name=name).run(nodes, data)
    if header:
        return lambda headers: _Eval(_Header(headers), template, HEADER_FUNCS).run(nodes,
                                                                                  _Header(headers))
    return lambda data: _Eval(data, template).run(nodes, data)


class _Header(dict):
    """The headers of a table: a field with no header is empty."""


HEADER_FUNCS = {**FUNCS, **{name: (lambda v, *_: v) for name in
                            ("json", "split", "join", "title", "lower", "upper", "truncate")}}
