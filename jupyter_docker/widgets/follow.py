"""FollowView: a scroll box for live widgets that follows its newest item (follow.js).

An ipywidgets HTML repaint replaces its content and the browser scrolls back to the top; this
view keeps the newest item in sight while the reader follows, holds still once they scroll up
(a "N new lines ↓" button jumps back), and grows with its content up to `max_height`. Items
that the view anchors on carry a `data-seq` attribute (a number that grows with each item).
The Python side sends at most what the painter draws (bounded, throttled); `window` picks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence, TypeVar

import anywidget
import traitlets as t

HERE = Path(__file__).parent
T = TypeVar("T")


class FollowView(anywidget.AnyWidget):
    """`value`: the HTML drawn in the box; `received`: items received so far (counts the new
    ones); `follow`: stick to the bottom (False: keep the scroll position only); `hold`, set
    by the page: the number of the first item drawn when the reader scrolled away, -1 while
    they follow."""

    _esm = HERE / "follow.js"
    _css = HERE / "follow.css"
    value = t.Unicode("").tag(sync=True)
    received = t.Int(0).tag(sync=True)
    noun = t.Unicode("line").tag(sync=True)
    follow = t.Bool(True).tag(sync=True)
    max_height = t.Int(320).tag(sync=True)
    hold = t.Int(-1).tag(sync=True)

    def window(self, numbered: Sequence[tuple[int, T]], shown: int) -> list[tuple[int, T]]:
        """What to draw of `numbered` ((number, item), oldest first): the newest `shown` while
        the reader follows; while they hold, up to twice that from where they held."""
        if self.hold < 0:
            return list(numbered[-shown:])
        return [pair for pair in numbered if pair[0] >= self.hold][:2 * shown]
