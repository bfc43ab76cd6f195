"""Progress of image transfers (pull, push, load, a build's FROM) behind one small interface.

    bar = progress.start("Pulling 127.0.0.1:5000/app:1")
    for message in stream:          # the engine's JSON progress messages, as dicts
        bar.feed(message)           # {"id": "a1b2c3d4e5f6", "status": "Downloading",
                                    #  "progressDetail": {"current": 10, "total": 99}}
    bar.step(2, 5)                  # builds: the overall bar follows `Step 2/5` instead
    bar.log(" ---> Running in 1a2b3c\n")  # builds: their text, behind the bar in a notebook
    bar.done("Downloaded newer image")   # or bar.done("interrupted", ok=False)

Where it shows (`start(..., mode=)`; default from $JUPYTER_DOCKER_PROGRESS, else "auto"):

- "widget": one ipywidgets bar per layer under an overall bar. "auto" picks it when the shell
  is an IPython kernel (`get_ipython().kernel` exists), i.e. a frontend that can draw widgets.
  The box carries CSS classes for tests and styling: `jd-progress` (the whole box),
  `jd-progress-overall`, `jd-progress-layer` (one per layer), `jd-progress-done` once finished.
  A build's text (`log()`) is kept behind the bar, in a collapsed accordion (`jd-progress-log`)
  that says how many lines it holds; a successful build is then one bar, not 30 lines.
- "text": terminal IPython, scripts, nbclient runs: a line when a layer reaches a new state
  (`a1b2c3d4e5f6: Pull complete`), never one per chunk; `log()` text is printed as it comes. The summary is the caller's to show
  (the commands return it), so `done()` adds nothing here.
- "quiet": nothing (`-q`).

Nothing is displayed before the first layer or step arrives, so a stream without layers (a
build whose base image is present) adds no empty box. Updates are throttled: a layer's bar is
redrawn when its state changes, or at most every `REDRAW_SECONDS`.
Knows nothing of docker or HTTP; the caller decides what is an error.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass
from typing import Any, Literal

from .units import human_size

Mode = Literal["auto", "widget", "text", "quiet"]
ENV = "JUPYTER_DOCKER_PROGRESS"
REDRAW_SECONDS = 0.2
LOG_LINES = 5_000  # lines of a build's text kept behind its bar
_LAYER_ID = re.compile(r"^[0-9a-f]{12}$")
# States too fleeting to be worth a text line of their own.
_UNREMARKABLE = {"Waiting", "Verifying Checksum", "Pulling fs layer", "Preparing",
                 "Download complete"}
_FINAL = ("complete", "exists", "pushed", "mounted from", "loaded")


@dataclass
class Layer:
    """What we know of one layer: its state and bytes moved so far."""

    ident: str
    status: str = ""
    current: int = 0
    total: int = 0
    redrawn: float = 0.0
    settled: bool = False  # the stream ended well: done, whatever its last status said

    @property
    def final_status(self) -> bool:
        text = self.status.lower()
        return any(word in text for word in _FINAL)

    @property
    def finished(self) -> bool:
        return self.settled or self.final_status

    @property
    def fraction(self) -> float:
        if self.finished:
            return 1.0
        return min(self.current / self.total, 1.0) if self.total else 0.0

    def describe(self) -> str:
        if self.final_status or not (self.current or self.total):
            return self.status
        if self.current > self.total:  # the engine's count for tiny layers: show no total
            return f"{self.status} {human_size(self.current)}"
        return f"{self.status} {human_size(self.current)}/{human_size(self.total)}"


def widget_frontend() -> bool:
    """True inside an IPython kernel (Jupyter, VS Code...), where widgets can be drawn."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def on_tty() -> bool:
    """Terminal IPython on a real terminal: no widget frontend, stdin and stdout are TTYs."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty() and not widget_frontend()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def chosen_mode(mode: Mode | None = None) -> Mode:
    """The mode to use: the caller's, else $JUPYTER_DOCKER_PROGRESS, else auto-detected."""
    mode = mode or os.environ.get(ENV, "auto").strip().lower() or "auto"  # type: ignore[assignment]
    if mode not in ("auto", "widget", "text", "quiet"):
        mode = "auto"
    if mode == "auto":
        return "widget" if widget_frontend() else "text"
    return mode


class Progress:
    """Tracks layers from progress messages; subclasses draw them."""

    step_format = "Step {0}/{1}"  # how `step(n, total)` reads (a service: "{0} of {1} tasks")
    hides_log = False  # True where `log()` text is kept out of sight (behind a widget's bar)

    def __init__(self, title: str) -> None:
        self.title = title
        self.layers: dict[str, Layer] = {}
        self.steps: tuple[int, int] | None = None
        self.finished = False

    # -- what callers use
    def feed(self, message: dict[str, Any]) -> bool:
        """Take one engine message; True if it was a layer's progress (and was shown)."""
        ident = str(message.get("id") or "")
        status = message.get("status")
        if not status or not _LAYER_ID.match(ident):
            return False
        layer = self.layers.get(ident)
        if layer is None:
            layer = self.layers[ident] = Layer(ident)
            self._added(layer)
        detail = message.get("progressDetail") or {}
        changed = status != layer.status
        layer.status = status
        layer.current = int(detail.get("current") or (0 if changed else layer.current))
        layer.total = int(detail.get("total") or (0 if changed else layer.total))
        now = time.monotonic()
        if changed or now - layer.redrawn >= REDRAW_SECONDS:
            layer.redrawn = now
            self._changed(layer, changed)
        return True

    def show(self) -> None:
        """Display now, before any layer or step: a build's bar then sits above its output."""
        self._shown()

    def step(self, number: int, total: int) -> None:
        """A build reached `Step number/total`."""
        self.steps = (number, total)
        self._stepped()

    def log(self, text: str) -> None:
        """Text that comes with the progress (a build's steps and their output)."""
        self._logged(text)

    def done(self, summary: str = "", ok: bool = True) -> None:
        """The stream ended (or failed / was interrupted): settle the bars. A good end settles
        every layer (a `load` ends its layers at "Loading layer", never "complete")."""
        if not self.finished:
            self.finished = True
            for layer in self.layers.values() if ok else ():
                layer.settled = True
            self._finish(summary, ok)

    # -- the overall state, for any view
    def overall(self) -> float:
        if self.steps:
            number, total = self.steps
            return number / total if total else 0.0
        if not self.layers:
            return 0.0
        return sum(layer.fraction for layer in self.layers.values()) / len(self.layers)

    def counts(self) -> str:
        if self.steps and not self.layers:
            return self.step_format.format(*self.steps)
        if not self.layers:
            return ""
        finished = sum(1 for layer in self.layers.values() if layer.finished)
        moved = sum(layer.current for layer in self.layers.values() if not layer.finished)
        extra = f", {human_size(moved)} in flight" if moved else ""
        return f"{finished}/{len(self.layers)} layers{extra}"

    # -- drawing, per view
    def _added(self, layer: Layer) -> None: ...
    def _changed(self, layer: Layer, state_changed: bool) -> None: ...
    def _stepped(self) -> None: ...
    def _shown(self) -> None: ...
    def _logged(self, text: str) -> None: ...
    def _finish(self, summary: str, ok: bool) -> None: ...


class QuietProgress(Progress):
    """Shows nothing (`-q`)."""

    hides_log = True


class TextProgress(Progress):
    """A line per layer state change; for terminals, scripts and logs."""

    def __init__(self, title: str, stream: Any = None) -> None:
        super().__init__(title)
        self.stream = stream
        self.printed = False

    def _print(self, text: str) -> None:
        out = self.stream or sys.stdout
        if not self.printed and self.title:
            out.write(self.title + "\n")
        self.printed = True
        out.write(text + "\n")
        out.flush()

    def _changed(self, layer: Layer, state_changed: bool) -> None:
        if state_changed and layer.status not in _UNREMARKABLE:
            self._print(f"{layer.ident}: {layer.describe()}")

    def _logged(self, text: str) -> None:
        out = self.stream or sys.stdout
        out.write(text)
        out.flush()


class WidgetProgress(Progress):
    """ipywidgets: an overall bar and one bar per layer, displayed on the first event."""

    hides_log = True

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.box: Any = None
        self.rows: dict[str, tuple[Any, Any]] = {}
        self.lines: list[str] = []  # the log's complete lines (the last LOG_LINES of them)
        self.partial = ""  # the log's last line, until its newline comes
        self.dropped = 0
        self.log_view: Any = None
        self.log_drawn = 0.0

    def _ensure(self) -> None:
        if self.box is not None:
            return
        import ipywidgets as w
        from IPython.display import display

        self.bar = w.FloatProgress(min=0.0, max=1.0, value=0.0, description="",
                                   layout=w.Layout(width="40%"))
        self.label = w.Label(self.title)
        overall = w.HBox([self.bar, self.label])
        overall.add_class("jd-progress-overall")
        self.layer_box = w.VBox([])
        self.box = w.VBox([overall, self.layer_box])
        self.box.add_class("jd-progress")
        display(self.box)

    def _redraw_overall(self) -> None:
        self.bar.value = self.overall()
        counts = self.counts()
        self.label.value = f"{self.title}: {counts}" if counts else self.title

    def _added(self, layer: Layer) -> None:
        import ipywidgets as w

        self._ensure()
        bar = w.FloatProgress(min=0.0, max=1.0, value=0.0, description=layer.ident,
                              style={"description_width": "initial"},
                              layout=w.Layout(width="40%"))
        text = w.Label("")
        row = w.HBox([bar, text])
        row.add_class("jd-progress-layer")
        self.rows[layer.ident] = (bar, text)
        self.layer_box.children = (*self.layer_box.children, row)

    def _changed(self, layer: Layer, state_changed: bool) -> None:
        bar, text = self.rows[layer.ident]
        bar.value = layer.fraction
        text.value = layer.describe()
        if layer.finished:
            bar.bar_style = "success"
        self._redraw_overall()

    def _stepped(self) -> None:
        self._ensure()
        self._redraw_overall()

    _shown = _stepped

    def _logged(self, text: str) -> None:
        import ipywidgets as w

        self._ensure()
        *complete, self.partial = (self.partial + text).split("\n")
        self.lines.extend(complete)
        if len(self.lines) > LOG_LINES:
            self.dropped += len(self.lines) - LOG_LINES
            del self.lines[:-LOG_LINES]
        if self.log_view is None:
            self.log_text = w.HTML("")
            self.log_view = w.Accordion(children=[self.log_text], selected_index=None)
            self.log_view.add_class("jd-progress-log")
            self.box.children = (*self.box.children, self.log_view)
        now = time.monotonic()
        if now - self.log_drawn >= REDRAW_SECONDS:
            self._draw_log()

    def _draw_log(self) -> None:
        import html

        self.log_drawn = time.monotonic()
        lines = self.lines + ([self.partial] if self.partial else [])
        count = len(lines) + self.dropped
        earlier = f"… {self.dropped} earlier lines not kept\n" if self.dropped else ""
        self.log_text.value = ('<pre class="jd-progress-log-text" style="margin:0;'
                               'max-height:24em;overflow:auto">'
                               f"{html.escape(earlier + chr(10).join(lines))}</pre>")
        self.log_view.titles = (f"Output ({count} line{'s' if count != 1 else ''})",)

    def _finish(self, summary: str, ok: bool) -> None:
        if self.box is None:
            return
        if self.log_view is not None:
            self._draw_log()
        if ok:
            self.bar.value = 1.0
        self.bar.bar_style = "success" if ok else "danger"
        for ident, (bar, text) in self.rows.items():
            layer = self.layers[ident]
            bar.value, text.value = layer.fraction, layer.describe()
            if layer.finished:
                bar.bar_style = "success"
        self.label.value = f"{self.title}: {summary}" if summary else self.label.value
        self.box.add_class("jd-progress-done")


def start(title: str, *, mode: Mode | None = None, quiet: bool = False) -> Progress:
    """A progress display for one transfer, in the mode that fits where we run."""
    if quiet:
        return QuietProgress(title)
    chosen = chosen_mode(mode)
    if chosen == "widget":
        return WidgetProgress(title)
    if chosen == "quiet":
        return QuietProgress(title)
    return TextProgress(title)
