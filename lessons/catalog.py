"""The lessons in order: one module per lesson (`lNN_*.py` beside this file), each defining
`LESSON`."""

from __future__ import annotations

import importlib
from pathlib import Path

from lesson_cells import Lesson

ALL: list[Lesson] = [
    importlib.import_module(path.stem).LESSON
    for path in sorted(Path(__file__).parent.glob("l[0-9][0-9]_*.py"))
]
