"""The lessons in notebooks/ (English) and notebooks/ko/ (Korean) run top to bottom on a real
kernel against the real engine, say what they are meant to say, and clean up after themselves.

The notebooks are generated from notebooks/_build/lessons/ (run `notebooks/_build/build.py`
after editing a lesson). They run in parallel processes, once per session, and each test looks
at one notebook's run.
"""

from __future__ import annotations

import base64
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pytest

from conftest import REGISTRY_PASSWORD, REGISTRY_USER

ROOT = Path(__file__).parent.parent / "notebooks"
sys.path.insert(0, str(ROOT / "_build"))

from lesson_cells import LANGUAGES, render  # noqa: E402
from lesson_run import JOBS, run_lesson  # noqa: E402
from lessons import ALL  # noqa: E402

NOTEBOOKS = sorted(ROOT.rglob("*.ipynb"))


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest) -> dict[str, dict[str, Any]]:
    """Run every notebook this session selected, in parallel; results by path.

    In two waves, English then Korean: a lesson's two languages build the same Dockerfiles, so
    run together they share build-cache layers that one's clean-up (`rmi`) removes while the
    other still builds on them ("unable to find image", seen once in CI)."""
    selected = sorted({str(item.callspec.params["path"]) for item in request.session.items
                       if getattr(item, "callspec", None) and "path" in item.callspec.params
                       and item.module is request.module})
    waves = [[p for p in selected if Path(p).parent == ROOT],
             [p for p in selected if Path(p).parent != ROOT]]
    results: dict[str, dict[str, Any]] = {}
    with ProcessPoolExecutor(max_workers=min(JOBS, len(selected) or 1)) as pool:
        for wave in waves:
            results |= {result["path"]: result for result in pool.map(run_lesson, wave)}
    return results


def squeezed(text: str) -> str:
    return " ".join(text.split())


def text_of(cell: Any) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.extend(out.traceback)
        else:
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_notebook_runs(path: Path, runs: dict[str, dict[str, Any]]) -> None:
    result = runs[str(path)]
    assert result["error"] is None, result["error"]
    assert result["label"], "the setup cell did not show the lesson's label"
    assert not any(result["leftovers"].values()), f"not cleaned up: {result['leftovers']}"
    nb = nbformat.reads(result["notebook"], as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in cells), "a cell did not run"
    for cell in cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            # a lesson's deliberate mistake shows one line, no traceback
            assert len(errors) == 1 and len(errors[0].traceback) == 1, cell.source
            assert errors[0].traceback[0].startswith("docker: "), cell.source
        else:
            assert not errors, cell.source
        for expected in cell.metadata.get("expect", []):  # compared with spaces squeezed
            assert squeezed(expected) in squeezed(text_of(cell)), \
                f"{expected!r} not in the output of\n{cell.source}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("lesson", ALL, ids=lambda lesson: lesson.filename)
def test_saved_notebook_matches_its_source(lesson: Any, lang: str) -> None:
    """The repository's notebook is the one build.py writes from the lesson source."""
    path = ROOT / ("ko" if lang == "ko" else "") / lesson.filename
    saved = nbformat.read(path, as_version=4)
    fresh = render(lesson, lang)
    assert [(c.cell_type, c.source, c.metadata.get("tags"), c.metadata.get("expect"))
            for c in saved.cells] == \
        [(c.cell_type, c.source, c.metadata.get("tags"), c.metadata.get("expect"))
         for c in fresh.cells]
    code_cells = [c for c in saved.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code_cells), "saved without running: run build.py"


def test_every_lesson_exists_in_both_languages() -> None:
    en = sorted(p.name for p in ROOT.glob("*.ipynb"))
    ko = sorted(p.name for p in (ROOT / "ko").glob("*.ipynb"))
    assert en == ko == sorted(lesson.filename for lesson in ALL)
    assert [lesson.number for lesson in ALL] == list(range(1, 9))


@pytest.mark.parametrize("lesson", ALL, ids=lambda lesson: lesson.filename)
def test_exercises_have_hidden_solutions(lesson: Any) -> None:
    nb = render(lesson, "en")
    exercises = [c for c in nb.cells if c.cell_type == "markdown"
                 and c.source.startswith("**Exercise.**")]
    solutions = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert exercises and len(solutions) >= len(exercises)
    assert all(c.metadata["jupyter"]["source_hidden"] is True for c in solutions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_no_credentials_in_saved_notebooks(path: Path) -> None:
    text = path.read_text()
    token = base64.b64encode(f"{REGISTRY_USER}:{REGISTRY_PASSWORD}".encode()).decode()
    assert REGISTRY_PASSWORD not in text and token not in text
