"""A sparkline as inline SVG: a small line of recent values, drawn without matplotlib."""

from __future__ import annotations

import html
from typing import Sequence


def sparkline(values: Sequence[float], *, width: int = 100, height: int = 20,
              floor: float = 1.0, colour: str = "#1f77b4", title: str = "",
              css: str = "jd-spark") -> str:
    """`values` (oldest first) across the full width; the top edge is their maximum (at
    least `floor`, so a flat idle line stays low), the bottom edge is zero, and the area down
    to zero is shaded, so a steady amount reads as a full bar, not as a line at the top edge
    (a peak). One value draws a flat line, none an empty box."""
    top = max([floor, *values])
    step = (width - 2) / max(len(values) - 1, 1)
    ys = [height - 1 - (height - 2) * max(v, 0.0) / top for v in values]
    if len(ys) == 1:
        ys = ys * 2
    points = " ".join(f"{1 + i * step:.1f},{y:.1f}" for i, y in enumerate(ys))
    area = f"1,{height - 1} {points} {1 + (len(ys) - 1) * step:.1f},{height - 1}"
    line = (f'<polygon fill="{colour}" fill-opacity="0.15" stroke="none" points="{area}"/>'
            f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{points}"/>'
            if values else "")
    tip = f"<title>{html.escape(title)}</title>" if title else ""
    return (f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}">{tip}{line}</svg>')
