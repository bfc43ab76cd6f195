"""One module per lesson (`lNN_*.py`), each defining `LESSON`; `ALL` lists them in order."""

from __future__ import annotations

import importlib
from pathlib import Path

from lesson_cells import Lesson

ALL: list[Lesson] = [
    importlib.import_module(f"lessons.{path.stem}").LESSON
    for path in sorted(Path(__file__).parent.glob("l[0-9][0-9]_*.py"))
]
