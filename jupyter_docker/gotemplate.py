"""The part of Go's text/template that `--format` / `inspect -f` users write, over JSON data.

Field paths (`.State.Status`), `$` and variables, pipelines (`.Name | upper`), the functions
docker adds (`json`, `join`, `split`, `lower`, `upper`, `title`, `len`, `index`, `println`,
`truncate`), and `range` / `if` / `with` blocks with `else`.
"""

from __future__ import annotations

import json
import re
from typing import Any

TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|:=|\$\w*|\(|\)|\||,|[^\s()|,]+')


class TemplateError(ValueError):
    """A template that cannot be parsed or evaluated."""


def go_str(value: Any) -> str:
    """Print a value the way Go's fmt does for JSON-like data."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + " ".join(go_str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_str(value[k])}" for k in sorted(value)) + "]"
    return str(value)


def _truthy(value: Any) -> bool:
    return bool(value) and value != "<no value>"


FUNCS: dict[str, Any] = {
    "json": lambda v: json.dumps(v, separators=(",", ":")),
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
    "not": lambda v: not _truthy(v),
    "and": lambda *a: next((x for x in a if not _truthy(x)), a[-1]),
    "or": lambda *a: next((x for x in a if _truthy(x)), a[-1]),
}


def _index(value: Any, *keys: Any) -> Any:
    for key in keys:
        try:
            value = value[int(key) if isinstance(value, list) else key]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return value


FUNCS["index"] = _index


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
        parts.append(("action", match.group(2).strip()))
        if match.group(3):
            parts.append(("trim", ""))
        pos = match.end()
    rest = template[pos:]
    if parts and parts[-1][0] == "trim":
        parts.pop()
        rest = rest.lstrip()
    if "{{" in rest:
        raise TemplateError("unclosed action")
    parts.append(("text", rest))
    return [p for p in parts if p != ("text", "")]


def _tree(parts: list[tuple[str, str]], i: int = 0, ends: tuple[str, ...] = ()) -> tuple[list, int, str]:
    """Nest blocks: returns (nodes, next index, the word that ended this block)."""
    nodes: list = []
    while i < len(parts):
        kind, body = parts[i]
        i += 1
        word = body.split(" ", 1)[0] if kind == "action" else ""
        if kind == "text":
            nodes.append(("text", body))
        elif word in ("end", "else"):
            if word not in ends:
                raise TemplateError(f"unexpected {{{{{word}}}}}")
            return nodes, i, body
        elif word in ("range", "if", "with"):
            node, i = _block(parts, i, word, body[len(word):].strip())
            nodes.append(node)
        else:
            nodes.append(("action", body))
    if ends:
        raise TemplateError("missing {{end}}")
    return nodes, i, ""


def _block(parts: list[tuple[str, str]], i: int, word: str, head: str) -> tuple[tuple, int]:
    """One range/if/with block up to its {{end}}; `else if` nests an if sharing that end."""
    inner, i, end = _tree(parts, i, ("end", "else"))
    other: list = []
    if end.startswith("else"):
        rest = end[4:].strip()
        if rest.startswith("if "):
            node, i = _block(parts, i, "if", rest[3:].strip())
            other = [node]
        else:
            other, i, _ = _tree(parts, i, ("end",))
    return (word, head, inner, other), i


class _Eval:
    def __init__(self, root: Any) -> None:
        self.vars: dict[str, Any] = {"$": root}

    def run(self, nodes: list, dot: Any) -> str:
        out = []
        for node in nodes:
            kind = node[0]
            if kind == "text":
                out.append(node[1])
            elif kind == "action":
                value = self.pipeline(node[1], dot)
                if value is not _ASSIGNED:
                    out.append(go_str("<no value>" if value is _MISSING else value))
            elif kind == "if":
                branch = node[2] if _truthy(self.value(self.pipeline(node[1], dot))) else node[3]
                out.append(self.run(branch, dot))
            elif kind == "with":
                value = self.value(self.pipeline(node[1], dot))
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
        items = self.value(self.pipeline(head.strip(), dot))
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
        if isinstance(head, str) and head in FUNCS:
            values = [self.operand(a, dot) for a in args[1:]]
            if piped is not _NONE:
                values.append(self.value(piped))
            try:
                return FUNCS[head](*values)
            except TypeError as exc:
                raise TemplateError(f"wrong arguments for {head}: {exc}") from None
        if len(args) > 1 or piped is not _NONE:
            raise TemplateError(f"{head!r} is not a function")
        return self.operand(head, dot)

    def operand(self, token: Any, dot: Any) -> Any:
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
            return self.field(self.vars[name], path)
        if token.startswith("."):
            return self.field(dot, token[1:])
        if token in FUNCS:
            return FUNCS[token]()
        raise TemplateError(f'function "{token}" not defined')

    @staticmethod
    def field(value: Any, path: str) -> Any:
        for name in [p for p in path.split(".") if p]:
            if isinstance(value, dict):
                if name not in value:
                    return _MISSING
                value = value[name]
            elif value is None or value is _MISSING:
                return _MISSING
            else:
                raise TemplateError(f"can't evaluate field {name} in type {type(value).__name__}")
        return value


_MISSING, _ASSIGNED, _NONE = object(), object(), object()


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
    nodes, _, _ = _tree(_split(template))
    return _Eval(data).run(nodes, data)
