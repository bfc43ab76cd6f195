"""How results look in a notebook, without changing the data they carry.

DataFrames keep integer bytes and tz-aware datetimes; `mark()` records which columns are sizes
and times in `df.attrs`, and the IPython formatters registered by `register()` show a humanized
copy (`1.98MB`, `3 minutes ago`). Text results are `str` that display without quotes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from .units import human_ago, human_binary_size, human_size

if TYPE_CHECKING:
    import pandas as pd

ATTR = "jupyter_docker"
max_rows: int = 50


def mark(df: "pd.DataFrame", *, sizes: Iterable[str] = (), times: Iterable[str] = (),
         binary_sizes: Iterable[str] = (), percents: Iterable[str] = (),
         raw: Any = None) -> "pd.DataFrame":
    """Tag columns for human display; `raw` keeps the engine's JSON reachable (`df.attrs`)."""
    df.attrs[ATTR] = {
        "sizes": [c for c in sizes if c in df.columns],
        "binary_sizes": [c for c in binary_sizes if c in df.columns],
        "times": [c for c in times if c in df.columns],
        "percents": [c for c in percents if c in df.columns],
    }
    if raw is not None:
        df.attrs["raw"] = raw
    return df


def humanized(df: "pd.DataFrame") -> "pd.DataFrame":
    """A display copy: sizes and times as the CLI prints them."""
    hints = df.attrs.get(ATTR) or {}
    out = df.copy()
    out.attrs = {}
    for col in hints.get("sizes", []):
        if col in out.columns:
            out[col] = [human_size(v) for v in out[col]]
    for col in hints.get("binary_sizes", []):
        if col in out.columns:
            out[col] = [human_binary_size(v) for v in out[col]]
    for col in hints.get("times", []):
        if col in out.columns:
            out[col] = [human_ago(v) if v is not None and v == v else "" for v in out[col]]
    for col in hints.get("percents", []):
        if col in out.columns:
            out[col] = [f"{v:.2f}%" if v == v and v is not None else "" for v in out[col]]
    return out


def _html(df: "pd.DataFrame") -> str | None:
    if ATTR not in df.attrs:
        return df._repr_html_()
    if df.attrs[ATTR].get("view"):
        from .inspect_view import html

        view = html(df)
        if view is not None:
            return view
    shown = humanized(df)
    return shown.to_html(max_rows=max_rows, notebook=True, show_dimensions=len(df) > max_rows)


def _pretty(df: "pd.DataFrame", p: Any, cycle: bool) -> None:
    if ATTR not in df.attrs:
        p.text(repr(df))
        return
    if df.empty:
        p.text("(none)" if not len(df.columns) else "  ".join(str(c).upper() for c in df.columns))
        return
    if df.attrs[ATTR].get("view"):
        from .inspect_view import text

        view = text(df)
        if view is not None:
            p.text(view)
            return
    p.text(humanized(df).to_string(max_rows=max_rows))


class Text(str):
    """Text output (ids, logs, templates): a plain `str` that displays without quotes."""

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self).rstrip("\n"))


class Lines(list):
    """A list of strings (ids, names) shown one per line, like the CLI's `-q`."""

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text("\n".join(str(v) for v in self))


class Done:
    """What the CLI prints after acting (`web` after `rm web`, `Untagged: ...`): a confirmation.

    In a kernel the magic prints it the moment the command ran (`say()`), so it shows
    wherever the line is in a cell; as that same cell's result it then shows nothing (it would
    show twice; see `register`). The value stays what it is (`x = %docker rm web` is the list
    `["web"]`), and displaying it in a later cell, or from the Python API, shows it as usual.
    Terminal IPython shows each line's result anyway: there it is an ordinary result.
    """

    said_in: int | None = None  # the execution count of the cell that printed it

    def text(self) -> str:
        return str(self)

    def say(self, execution_count: int | None) -> None:
        """Print the confirmation now (stdout, like the CLI); remember in which cell."""
        text = self.text()
        if text:
            print(text, flush=True)
        self.said_in = execution_count


def _show_done(done: Done) -> None:
    """A kernel's display of a confirmation: nothing in the cell that already printed it."""
    from IPython import get_ipython
    from IPython.display import display

    shell = get_ipython()
    if done.said_in is not None and getattr(shell, "execution_count", None) == done.said_in:
        return
    if done.text():
        display({"text/plain": done.text()}, raw=True)


class DoneLines(Done, Lines):
    """Names acted on, one per line (`stop`, `rm`, `volume rm` ...)."""

    def text(self) -> str:
        return "\n".join(str(v) for v in self)


class DoneText(Done, Text):
    """A confirmation as text (`rmi`'s lines, a prune's report, `Login Succeeded`)."""

    def text(self) -> str:
        return str(self).rstrip("\n")


class Frames(dict):
    """Several named DataFrames (`system df -v`), each shown under its heading."""

    def _repr_html_(self) -> str:
        return "".join(f"<h4>{name}</h4>{_html(df)}" for name, df in self.items())

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        for i, (name, df) in enumerate(self.items()):
            p.text(("\n\n" if i else "") + f"{name}:\n")
            _pretty(df, p, cycle)


class Record(dict):
    """A dict result (`version`, `info`) shown as indented `Key: value` lines."""

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text("\n".join(_lines(self, 0)))


def _lines(data: Any, depth: int) -> list[str]:
    pad = " " * depth
    out: list[str] = []
    if isinstance(data, dict):
        for key, val in data.items():
            if isinstance(val, (dict, list)) and val:
                out.append(f"{pad}{key}:")
                out.extend(_lines(val, depth + 1))
            else:
                out.append(f"{pad}{key}: {'' if val is None else val}")
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, (dict, list)):
                out.extend(_lines(item, depth + 1))
            else:
                out.append(f"{pad}{item}")
    return out


def register(ip: Any) -> None:
    """Install DataFrame formatters that humanize only frames we made; in a kernel, the
    display of confirmations (`Done`) that the magic printed already."""
    if getattr(ip, "kernel", None) is not None:
        ip.display_formatter.ipython_display_formatter.for_type(Done, _show_done)
    formatters = ip.display_formatter.formatters
    for module in ("pandas", "pandas.core.frame"):  # pandas 3 reports its classes as `pandas`
        formatters["text/html"].for_type_by_name(module, "DataFrame", _html)
        formatters["text/plain"].for_type_by_name(module, "DataFrame", _pretty)
