"""The run form: `docker run` options as a form that shows, live, the `%docker run` line it runs.

Flags and their help come from the `run` command's definition, so the form, the magic and
`--help` never disagree. Bad input (a port spec, a name in use) is flagged before anything runs.
After a run the form says what ran and is ready for the next one: a name it just used is
replaced by a free one (`web` -> `web-2`), so Run is not greyed out by its own success.
"""

from __future__ import annotations

import html
import shlex
from typing import Any, Callable

import ipywidgets as w

from ..engine import Engine
from ..errors import DockerError, UsageError
from ..runspec import parse_publish, parse_restart, parse_volume


DEFAULT = "(default)"  # a menu's entry for "flag not given": the engine's default


def _menu(values: list[str]) -> list[tuple[str, str]]:
    """A menu's (label, value) pairs: "(default)" first, for the flag left out."""
    return [(DEFAULT, ""), *((v, v) for v in values)]


def _run_command() -> Any:
    from ..commands import REGISTRY

    return REGISTRY.names["run"]


def _help(dest: str) -> str:
    opt = _run_command().option(dest)
    return opt.help if opt else ""


def _flag(dest: str) -> str:
    """The CLI spelling of a run option: short when it has one (`-p`), else long."""
    return _run_command().option(dest).names[0]


class Rows(w.VBox):
    """Add/remove rows of one repeated flag (ports, env, volumes, labels)."""

    def __init__(self, dest: str, placeholder: str, on_change: Callable[[], None]) -> None:
        self.dest, self.placeholder, self._on_change = dest, placeholder, on_change
        self.add = w.Button(description=f"add {_flag(dest)}", icon="plus",
                            tooltip=_help(dest), layout=w.Layout(width="auto"))
        self.add.add_class(f"jd-run-add-{dest}")
        self.add.on_click(lambda _: self.add_row())
        self.rows: list[w.Text] = []
        super().__init__([self.add])

    def add_row(self, value: str = "") -> w.Text:
        text = w.Text(value=value, placeholder=self.placeholder, layout=w.Layout(width="18em"))
        text.add_class(f"jd-run-{self.dest}")
        remove = w.Button(icon="trash", tooltip="remove", layout=w.Layout(width="2.5em"))
        row = w.HBox([text, remove])
        remove.on_click(lambda _: self.remove_row(text))
        text.observe(lambda _: self._on_change(), "value")
        self.rows.append(text)
        self.children = (*self.children[:-1], row, self.add)
        self._on_change()
        return text

    def remove_row(self, text: w.Text) -> None:
        self.rows.remove(text)
        self.children = tuple(c for c in self.children if text not in getattr(c, "children", ()))
        self._on_change()

    @property
    def values(self) -> list[str]:
        return [t.value.strip() for t in self.rows if t.value.strip()]


class RunForm(w.VBox):
    """`%docker run --form [IMAGE]`: fill in, read the equivalent line, press Run."""

    def __init__(self, engine: Engine, image: str | None = None) -> None:
        self.engine = engine
        api = engine.api
        tags = sorted({t for i in api.images() for t in i.get("RepoTags") or []
                       if not t.startswith("<none>")})
        networks = sorted(n["Name"] for n in api.networks())
        self.image = w.Combobox(value=image or "", options=tags, placeholder="image",
                                ensure_option=False, description="image")
        self.name = w.Text(placeholder="(random)", description="--name", tooltip=_help("name"))
        self.command = w.Text(placeholder="(the image's CMD)", description="command")
        self.network = w.Dropdown(options=_menu(networks), description="--network",
                                  tooltip=_help("network"))
        self.restart = w.Dropdown(options=_menu(["no", "always", "on-failure", "unless-stopped"]),
                                  description="--restart", tooltip=_help("restart"))
        self.detach = w.Checkbox(value=True, description="-d (in the background)")
        self.rm = w.Checkbox(description="--rm (remove when it exits)")
        self.tty = w.Checkbox(description="-t (a TTY)")
        self.ports = Rows("publish", "8080:80", self._changed)
        self.env = Rows("env", "KEY=value", self._changed)
        self.volumes = Rows("volume", "name:/path[:ro]", self._changed)
        self.labels = Rows("label", "key=value", self._changed)
        self.line = w.HTML()
        self.line.add_class("jd-run-line")
        self.problems = w.HTML()
        self.problems.add_class("jd-run-problems")
        self.run_button = w.Button(description="Run", icon="play", button_style="primary")
        self.run_button.add_class("jd-run-button")
        self.ran = w.HTML()  # what the last Run did, and what the form changed for the next
        self.ran.add_class("jd-run-ran")
        self.result = w.Output()
        self.run_button.on_click(lambda _: self.run())
        for field in (self.image, self.name, self.command, self.network, self.restart,
                      self.detach, self.rm, self.tty):
            field.observe(lambda _: self._changed(), "value")
        super().__init__([
            w.HBox([self.image, self.name]), self.command,
            w.HBox([self.network, self.restart]), w.HBox([self.detach, self.rm, self.tty]),
            w.HBox([self.ports, self.env, self.volumes, self.labels]),
            self.line, self.problems, self.run_button, self.ran, self.result])
        self.add_class("jd-run-form")
        self._changed()

    # ----------------------------------------------------------------- the command line
    def words(self) -> list[str]:
        """The `docker run` arguments this form stands for."""
        words = ["run"]
        for box, flag in ((self.detach, "-d"), (self.rm, "--rm"), (self.tty, "-t")):
            if box.value:
                words.append(flag)
        for field, dest in ((self.name, "name"), (self.network, "network"),
                            (self.restart, "restart")):
            if field.value.strip():
                words += [_flag(dest), field.value.strip()]
        for rows in (self.ports, self.env, self.volumes, self.labels):
            for value in rows.values:
                words += [_flag(rows.dest), value]
        words.append(self.image.value.strip() or "IMAGE")
        try:
            words += shlex.split(self.command.value)
        except ValueError:
            pass
        return words

    @property
    def command_line(self) -> str:
        return "%docker " + shlex.join(self.words())

    def check(self) -> list[str]:
        """What is wrong with the form now (empty: ready to run)."""
        problems = []
        if not self.image.value.strip():
            problems.append("choose an image")
        try:
            shlex.split(self.command.value)
        except ValueError as exc:
            problems.append(f"command: {exc}")
        for parse, values in ((parse_publish, self.ports.values), (parse_volume, self.volumes.values),
                              (parse_restart, [self.restart.value] if self.restart.value else [])):
            for value in values:
                try:
                    parse(value)
                except UsageError as exc:
                    problems.append(str(exc).split(" (see '%docker")[0])
        if self.rm.value and self.restart.value not in ("", "no"):
            problems.append("--rm and --restart cannot be used together")
        name = self.name.value.strip()
        if name and self._name_taken(name):
            problems.append(f'the name "{name}" is already in use by a container')
        return problems

    def _changed(self) -> None:
        if not hasattr(self, "run_button"):
            return
        self.line.value = f"<code>{html.escape(self.command_line)}</code>"
        problems = self.check()
        self.problems.value = "".join(f'<div style="color:#c23">⚠ {html.escape(p)}</div>'
                                      for p in problems)
        self.run_button.disabled = bool(problems)

    # ----------------------------------------------------------------- running
    def run(self) -> Any:
        """Run the line; show the id and a live log viewer (detached) or the output; then
        say what ran and make the form ready for another run."""
        from ..api import run_words

        self.result.clear_output()
        self.ran.value = ""
        with self.result:
            print(self.command_line)
            try:
                outcome = run_words(self.words())
            except (DockerError, UsageError) as exc:
                print(f"docker: {exc}")
                return None
            if self.detach.value:
                from IPython.display import display

                from .log_viewer import LogViewer

                print(outcome)
                display(LogViewer(self.engine, str(outcome)))
        self._ready_again(outcome)
        return outcome

    def _ready_again(self, outcome: Any) -> None:
        """After a run: say what ran; a name just taken is replaced by the next free one."""
        used = self.name.value.strip()
        what = (f"started container {used or str(outcome)[:12]}" if self.detach.value
                else f"ran; exit code {int(outcome or 0)}")
        note = f"✓ {html.escape(what)} (the line below)"
        if used and self._name_taken(used):
            self.name.value = self._free_name(used)
            note += (f"<br>Ready for another run: --name is now "
                     f"<code>{html.escape(self.name.value)}</code> "
                     f"(<code>{html.escape(used)}</code> is taken by the container just run).")
        self.ran.value = f'<div style="color:var(--jp-success-color1,#1a7f37)">{note}</div>'
        self._changed()

    def _name_taken(self, name: str) -> bool:
        return bool(self.engine.api.containers(all=True, filters={"name": f"^/{name}$"}))

    def _free_name(self, name: str) -> str:
        """`web` -> `web-2` (`web-2` -> `web-3`), the first no container has."""
        stem, _, number = name.rpartition("-")
        stem, n = (stem, int(number)) if stem and number.isdigit() else (name, 1)
        while self._name_taken(f"{stem}-{n + 1}"):
            n += 1
        return f"{stem}-{n + 1}"


def run_form(image: str | None = None) -> RunForm:
    """`jd.run_form()`: the same form as `%docker run --form [IMAGE]`."""
    from ..api import run_words

    return run_words(["run", "--form", *([image] if image else [])])
