"""How an image analysis shows: its numbers, a bar per layer, the top wasted paths, and which
steps left the waste.

`html(a)` is for a notebook: inline styles only (a saved notebook opened untrusted keeps
them; JupyterLab drops `<style>` there), bars drawn as sized `<div>`s (no plotting library),
two columns that wrap below each other in a narrow notebook. `text(a)` is the plain-text
fallback: the same facts in lines. Both take an `ImageAnalysis` (any object with `layers`,
`files`, `inefficiencies`, `size`, `user_size`, `efficiency`, `wasted_bytes`,
`wasted_percent`).
"""

from __future__ import annotations

import html as _html
from typing import Any

from ..units import human_size
from . import dockerfile, waste

TOP_PATHS = 10
TOP_STEPS = 5
_FONT = "font-family:var(--jp-ui-font-family,system-ui,sans-serif);font-size:13px"
_MONO = "font-family:var(--jp-code-font-family,monospace);font-size:12px"
_MUTED = "color:#6b7280"
_BAR = "#2563eb"
_WASTE = "#dc2626"


# ------------------------------------------------------------------ the facts

def name(a: Any) -> str:
    return str(getattr(a, "image", None) or getattr(a, "name", None) or "")


def layer_numbers(a: Any) -> list[int]:
    layers = a.layers
    if "index" in layers.columns:
        return [int(i) for i in layers["index"]]
    return [int(i) for i in layers.index]


def instructions(a: Any) -> dict[int, str]:
    """Layer number -> its instruction, as `.layers` says it."""
    column = a.layers["instruction"] if "instruction" in a.layers.columns else [""] * len(a.layers)
    return {n: str(text or "") for n, text in zip(layer_numbers(a), column)}


def image_id(a: Any) -> str:
    for attr in ("id", "image_id"):
        value = getattr(a, attr, None)
        if isinstance(value, str) and value:
            return value
    return ""


def lines(a: Any) -> dict[int, dockerfile.Instruction]:
    """Layer number -> the Dockerfile instruction that made it, where the history allows.

    Aligned on every history entry (`a.history`, settings-only steps too, with the layer each
    made) when the analysis has it, else on the layers' own `created_by`."""
    text = getattr(a, "dockerfile", None) or dockerfile.recalled(image_id(a))
    if not text:
        return {}
    history = getattr(a, "history", None)
    if history is not None and "created_by" in history.columns and "layer" in history.columns:
        import pandas as pd  # loaded already: the analysis has a DataFrame

        made = [None if pd.isna(v) else int(v) for v in history["layer"].tolist()]
        found = dockerfile.align([str(c) for c in history["created_by"]], text)
        return {n: ins for n, ins in zip(made, found) if n is not None and ins is not None}
    column = "created_by" if "created_by" in a.layers.columns else "instruction"
    numbers = layer_numbers(a)
    found = dockerfile.align([str(c or "") for c in a.layers[column]], text)
    return {n: ins for n, ins in zip(numbers, found) if ins is not None}


def wasted_paths(a: Any, top: int | None = None) -> "Any":
    ineff = a.inefficiencies
    if "count" in ineff.columns:
        ineff = ineff[ineff["count"] >= 2]
    ineff = ineff[ineff["cumulative"] > 0]  # a directory listed again wastes no byte
    ineff = ineff.sort_values("cumulative", ascending=False)
    return ineff if top is None else ineff.head(top)


def waste_steps(a: Any) -> list[waste.Waste]:
    return waste.steps(a.files, list(wasted_paths(a)["path"]))


def sentences(a: Any, top: int = TOP_STEPS) -> list[str]:
    """"line 4 `RUN ...` left 3.0MB (/download.tmp) that line 6 deletes", biggest first."""
    said, known = instructions(a), lines(a)
    return [waste.sentence(w, said, known) for w in waste_steps(a)[:top]]


def numbers(a: Any) -> list[tuple[str, str]]:
    """The headline figures, as (label, value) pairs."""
    return [("Size", human_size(a.size)),
            ("User size", human_size(a.user_size)),
            ("Efficiency", f"{a.efficiency * 100:.2f} %"),
            ("Wasted", f"{human_size(a.wasted_bytes)} ({_percent(a.wasted_percent)} of user "
                       "size)"),
            ("Layers", str(len(a.layers)))]


def _percent(fraction: float) -> str:
    """`0.1234` -> `12.3 %`; a one-layer image has no user size: `n/a` (dive prints NaN)."""
    return f"{fraction * 100:.1f} %" if fraction == fraction and abs(fraction) != float("inf") \
        else "n/a"


def _sizes(a: Any) -> list[int]:
    return [int(s or 0) for s in a.layers["size"]]


# ------------------------------------------------------------------ text

def text(a: Any) -> str:
    """The plain-text summary (terminal IPython, a saved notebook's text/plain)."""
    out = [f"Image analysis: {name(a)}" if name(a) else "Image analysis"]
    out.append("  " + "   ".join(f"{label}: {value}" for label, value in numbers(a)))
    said, known = instructions(a), lines(a)
    sizes = _sizes(a)
    biggest = max(sizes, default=0) or 1
    out.append("Layers:")
    for n, size in zip(layer_numbers(a), sizes):
        bar = "█" * max(1 if size else 0, round(20 * size / biggest))
        out.append(f"  {n:>3} {human_size(size):>8} {bar:<20} "
                   f"{waste.step_name(n, said.get(n, ''), known, 70)}")
    top = wasted_paths(a, TOP_PATHS)
    if len(top):
        out.append("Top wasted paths:")
        out.append(f"  {'count':>5} {'wasted':>8}  path")
        for row in top.itertuples(index=False):
            out.append(f"  {int(getattr(row, 'count', 0)):>5} "
                       f"{human_size(row.cumulative):>8}  {row.path}")
        told = sentences(a)
        if told:
            out.append("Where the waste comes from:")
            out.extend(f"  {line}" for line in told)
    else:
        out.append("No wasted bytes: no file is stored in more than one layer.")
    return "\n".join(out)


# ------------------------------------------------------------------ HTML

def _esc(value: Any) -> str:
    return _html.escape(str(value))


def _code(line: str, wrap: bool = True) -> str:
    """A sentence with its `backticked` parts as code (kept on one line with `wrap=False`)."""
    parts = _esc(line).split("`")
    style = _MONO + ("" if wrap else ";white-space:nowrap")
    return "".join(f'<code style="{style}">{p}</code>' if i % 2 else p
                   for i, p in enumerate(parts))


def _cards(a: Any) -> str:
    cells = []
    for label, value in numbers(a):
        colour = _WASTE if label == "Wasted" and a.wasted_bytes else "#111827"
        cells.append(
            f'<div class="jd-analysis-figure" style="padding:6px 14px;border:1px solid #e5e7eb;'
            f'border-radius:6px;background:#f9fafb;min-width:110px">'
            f'<div style="{_MUTED};font-size:11px;text-transform:uppercase">{_esc(label)}</div>'
            f'<div style="font-size:17px;font-weight:600;color:{colour}">{_esc(value)}</div>'
            f'</div>')
    return ('<div style="display:flex;flex-wrap:wrap;gap:8px;margin:6px 0 10px 0">'
            + "".join(cells) + "</div>")


def _layer_bars(a: Any) -> str:
    said, known = instructions(a), lines(a)
    sizes = _sizes(a)
    biggest = max(sizes, default=0) or 1
    dead: dict[int, int] = {}
    for w in waste_steps(a):
        dead[w.left] = dead.get(w.left, 0) + w.size
    rows = []
    for n, size in zip(layer_numbers(a), sizes):
        width = 100 * size / biggest
        wasted = min(dead.get(n, 0), size)
        red = 100 * wasted / biggest
        step = waste.step_name(n, said.get(n, ""), known, 52)
        title = f"{human_size(size)}" + (f", {human_size(wasted)} of it wasted" if wasted else "")
        rows.append(
            f'<tr class="jd-analysis-layer" title="{_esc(title)}">'
            f'<td style="text-align:right;padding:1px 6px;{_MUTED}">{n}</td>'
            f'<td style="width:200px;min-width:120px;padding:1px 6px"><div style="display:flex;height:12px;'
            f'background:#f3f4f6;border-radius:2px">'
            f'<div style="width:{width - red:.2f}%;background:{_BAR};border-radius:2px 0 0 2px">'
            f'</div><div style="width:{red:.2f}%;background:{_WASTE}"></div></div></td>'
            f'<td style="text-align:right;padding:1px 6px;white-space:nowrap">'
            f'{_esc(human_size(size))}</td>'
            f'<td style="text-align:left;padding:1px 6px"><div style="white-space:nowrap;'
            f'overflow:hidden;text-overflow:ellipsis;max-width:400px">'
            f'{_code(step, wrap=False)}</div></td></tr>')
    legend = (f'<span style="display:inline-block;width:10px;height:10px;background:{_BAR}">'
              f'</span> layer size &nbsp; <span style="display:inline-block;width:10px;'
              f'height:10px;background:{_WASTE}"></span> left there, deleted or rewritten later')
    return (f'<div style="flex:0 1 auto;min-width:0"><div style="font-weight:600;margin:2px 0">'
            f'Layer sizes</div><table style="border-collapse:collapse;table-layout:auto">'
            + "".join(rows) + f'</table><div style="{_MUTED};font-size:11px;margin-top:4px">'
            f'{legend}</div></div>')


def _wasted_table(a: Any) -> str:
    top = wasted_paths(a, TOP_PATHS)
    if not len(top):
        body = f'<div style="{_MUTED}">No wasted bytes: no file is stored in more than one layer.</div>'
    else:
        rows = "".join(
            f'<tr class="jd-analysis-wasted"><td style="text-align:right;padding:1px 6px">'
            f'{int(getattr(r, "count", 0))}</td><td style="text-align:right;padding:1px 6px;'
            f'white-space:nowrap">{_esc(human_size(r.cumulative))}</td>'
            f'<td style="text-align:left;padding:1px 6px;{_MONO};word-break:break-all">'
            f'{_esc(r.path)}</td></tr>' for r in top.itertuples(index=False))
        head = (f'<tr style="{_MUTED}"><th style="text-align:right;padding:1px 6px">count</th>'
                f'<th style="text-align:right;padding:1px 6px">wasted</th>'
                f'<th style="text-align:left;padding:1px 6px">path</th></tr>')
        body = f'<table style="border-collapse:collapse">{head}{rows}</table>'
    return (f'<div style="flex:1 1 240px;min-width:0"><div style="font-weight:600;margin:2px 0">'
            f'Top wasted paths</div>{body}</div>')


def html(a: Any) -> str:
    """The summary as HTML with inline styles (a notebook's text/html)."""
    title = f"Image analysis: {name(a)}" if name(a) else "Image analysis"
    told = sentences(a)
    steps = ""
    if told:
        items = "".join(f'<li class="jd-analysis-step" style="margin:2px 0">{_code(s)}</li>'
                        for s in told)
        steps = (f'<div style="margin-top:10px"><div style="font-weight:600">Where the waste '
                 f'comes from</div><ul style="margin:4px 0;padding-left:20px">{items}</ul></div>')
    return (f'<div class="jd-analysis" style="{_FONT};max-width:1200px;color:#111827">'
            f'<div style="font-weight:600;font-size:15px">{_esc(title)}</div>{_cards(a)}'
            f'<div style="display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start">'
            f'{_layer_bars(a)}{_wasted_table(a)}</div>{steps}</div>')
