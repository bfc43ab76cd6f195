"""The lessons in notebooks/ (English) and notebooks/ko/ (Korean) run top to bottom on a real
kernel against the real engine, say what they are meant to say, and clean up after themselves.

The notebooks are generated from lessons/ (run `lessons/build.py` after editing a lesson). They
run in parallel processes, once per session, and each test looks at one notebook's run. The
English ones run with every answer cell holding its solution (a learner who did the exercises),
the Korean ones as saved (Run All with the answers left empty): the code is the same in both
languages, so both ways are covered.
"""

from __future__ import annotations

import base64
import socket
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from conftest import REGISTRY_PASSWORD, REGISTRY_USER

REPO = Path(__file__).parent.parent
ROOT = REPO / "notebooks"
sys.path.insert(0, str(REPO / "lessons"))

from build import student_copy  # noqa: E402
from catalog import ALL  # noqa: E402
from lesson_cells import LANGUAGES, MARK, REGISTRY, render, solution_code  # noqa: E402
from lesson_run import JOBS, execute, in_waves  # noqa: E402

NOTEBOOKS = sorted(ROOT.rglob("*.ipynb"))


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


# the tests that look at a notebook's run (each selected one makes `runs` run its notebook)
RUN_BY = ("test_notebook_runs", "test_the_swarm_lesson_leaves_its_engine_out_of_swarm_mode",
          "test_lesson_3_terminals_show_what_the_shell_printed_when_run")


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest) -> dict[str, dict[str, Any]]:
    """Run every notebook this session selected, in parallel, English then Korean (see
    `lesson_run.in_waves`); the English ones with their solutions. Results by path."""
    selected = sorted({str(item.callspec.params["path"]) for item in request.session.items
                       if getattr(item, "callspec", None) and "path" in item.callspec.params
                       and item.module is request.module
                       and item.originalname in RUN_BY})
    return {result["path"]: result for result in
            in_waves(selected, JOBS, with_solutions=lambda p: Path(p).parent == ROOT)}


def typed(cell: Any) -> bool:
    """A live terminal's cell with the keys the lesson run types into it."""
    return "terminal" in cell.metadata.get("tags", []) and bool(cell.metadata.get("keys"))


def screen_of(cell: Any) -> str:
    """A terminal cell's saved output: one display_data holding only text/plain (the last
    screen and its end line, as the widget's own text/plain after the end), else ''."""
    outs = cell.get("outputs", [])
    if len(outs) != 1 or outs[0].output_type != "display_data" \
            or list(outs[0].data) != ["text/plain"]:
        return ""
    return outs[0].data["text/plain"]


def lesson_3_screens(nb: Any) -> None:
    """Lesson 3's terminals show what the real shell printed for the keys its text asks for:
    the container's hostname, its short ID (the one `ps` printed), the file kept while
    detached, the two shells `ps` lists in the exec, and each end line."""
    import re

    terminals = [c for c in nb.cells if typed(c)]
    screens = [screen_of(c) for c in terminals]
    assert len(screens) == 5 and all(screens), [c.outputs for c in terminals]
    run_rm, run_named, attach, exec_it, start = screens
    listed = next(text_of(c) for c in nb.cells if c.cell_type == "code"
                  and "--format '{{.ID}} {{.Names}}" in c.source)
    short_id, name = re.fullmatch(r"([0-9a-f]{12}) (shell-[0-9a-f]+): Up .*", listed.strip()).groups()

    hostname = re.search(r"^/ # hostname\n([0-9a-f]{12})$", run_rm, re.M)
    assert hostname and hostname.group(1) != short_id, run_rm  # a container of its own
    assert "\n/ # echo $((6*7))\n42\n/ # exit\nexit code 0" in run_rm
    assert "bin" in run_rm and "etc" in run_rm
    assert run_named.endswith(f"/ # echo kept > /kept.txt\n/ #\n"
                              f"detached from {name} (Ctrl-P Ctrl-Q): it keeps running")
    assert f"/ # hostname\n{short_id}\n/ # cat /kept.txt\nkept\n/ #\n" in attach, attach
    assert attach.endswith(f"\ndetached from {name} (Ctrl-P Ctrl-Q): it keeps running")
    shells = re.findall(r"^\s*\d+ root\s+sh$", exec_it, re.M)
    assert "PID   USER     COMMAND" in exec_it and len(shells) == 2, exec_it
    assert exec_it.endswith("/ # exit\nexit code 0")
    assert start.endswith("/ # cat /kept.txt\nkept\n/ # exit\nexit code 0")


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
    cells = [c for c in nb.cells if c.cell_type == "code"
             and (c.source or "answer" not in c.metadata.get("tags", []))
             and ("skip-execution" not in c.metadata.get("tags", []) or typed(c))]
    assert all(c.execution_count for c in cells), "a cell did not run"
    # a live terminal's cell: the run typed its keys, its output is the last screen as text
    assert all(screen_of(c) for c in nb.cells if typed(c))
    answers = [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    assert answers and all(bool(c.source) == result["with_solutions"] for c in answers)
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


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name == "09-swarm.ipynb"], ids=name)
def test_the_swarm_lesson_leaves_its_engine_out_of_swarm_mode(path: Path,
                                                             runs: dict[str, dict[str, Any]]) -> None:
    """After lesson 9 (run with the others), its engine is in no swarm and holds no container."""
    from conftest import api_client

    assert runs[str(path)]["error"] is None
    swarm = api_client("unix:///var/run/jupyter-docker-swarm.sock")
    assert swarm.info()["Swarm"]["LocalNodeState"] == "inactive"
    assert swarm.containers(all=True) == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("lesson", ALL, ids=lambda lesson: lesson.filename)
def test_saved_notebook_matches_its_source(lesson: Any, lang: str) -> None:
    """The repository's notebook is the one build.py writes from the lesson source."""
    path = ROOT / ("ko" if lang == "ko" else "") / lesson.filename
    saved = nbformat.read(path, as_version=4)
    fresh = render(lesson, lang)
    assert [(c.cell_type, c.source, c.metadata.get("tags"), c.metadata.get("expect"),
             c.metadata.get("keys")) for c in saved.cells] == \
        [(c.cell_type, c.source, c.metadata.get("tags"), c.metadata.get("expect"),
          c.metadata.get("keys")) for c in fresh.cells]
    code_cells = [c for c in saved.cells if c.cell_type == "code"]
    answers = [c for c in code_cells if "answer" in c.metadata.get("tags", [])]
    assert all(c.execution_count for c in code_cells if c not in answers
               and "skip-execution" not in c.metadata.get("tags", [])), \
        "saved without running: run lessons/build.py"
    assert all(screen_of(c) for c in code_cells if typed(c)), \
        "a terminal cell saved without its screen: run lessons/build.py"
    # the answer cells are saved empty, never run: no solution output in the repository
    assert answers and all(not c.source and not c.outputs and c.execution_count is None
                           for c in answers)


def test_every_lesson_exists_in_both_languages() -> None:
    en = sorted(p.name for p in ROOT.glob("*.ipynb"))
    ko = sorted(p.name for p in (ROOT / "ko").glob("*.ipynb"))
    assert en == ko == sorted(lesson.filename for lesson in ALL)
    assert [lesson.number for lesson in ALL] == list(range(1, 10))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("lesson", ALL, ids=lambda lesson: lesson.filename)
def test_exercises_have_an_empty_answer_cell_and_a_collapsed_solution(lesson: Any,
                                                                      lang: str) -> None:
    """Each exercise: an empty code cell to answer in, then the solution inside a closed
    `<details>` block of a markdown cell (hidden in every frontend, never run by Run All)."""
    nb = render(lesson, lang)
    heading = "**Exercise.**" if lang == "en" else "**연습 문제.**"
    exercises = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                 and c.source.startswith(heading)]
    solutions = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert exercises and len(solutions) >= len(exercises)
    for i in exercises:
        answer, hidden = nb.cells[i + 1], nb.cells[i + 2]
        assert answer.cell_type == "code" and answer.source == ""
        assert answer.metadata["tags"] == ["answer"]
        assert hidden.cell_type == "markdown" and hidden.metadata["tags"] == ["solution"]
    for cell in solutions:
        assert cell.cell_type == "markdown"
        assert cell.source.startswith("<details><summary>") and " open" not in cell.source
        assert cell.source.endswith("</details>") and solution_code(cell.source).strip()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_live_terminal_step_has_a_twin_that_runs_unattended(lang: str) -> None:
    """Lesson 3's interactive steps (`run -it`, `attach`, `exec -it`, `start -ai`) are
    skipped by other unattended runners; the next code cell does the same without a terminal.
    Each declares the keys the lesson build types and what its screen then shows."""
    nb = render(next(lesson for lesson in ALL if lesson.number == 3), lang)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    steps = [i for i, c in enumerate(code_cells) if "terminal" in c.metadata.get("tags", [])]
    commands = [code_cells[i].source.splitlines()[1].split()[1:3] for i in steps]
    assert commands == [["run", "-it"], ["run", "-it"], ["attach", "shell-{RUN}"],
                        ["exec", "-it"], ["start", "-ai"]]
    for i in steps:
        cell = code_cells[i]
        assert cell.metadata["tags"] == ["terminal", "skip-execution"]
        assert cell.source.startswith(f"# {MARK} ") and cell.metadata["keys"]
        assert cell.metadata["expect"]
        assert "terminal" not in code_cells[i + 1].metadata.get("tags", [])


LESSON_3 = [p for p in NOTEBOOKS if p.name == "03-containers.ipynb"]


@pytest.mark.parametrize("path", LESSON_3, ids=name)
def test_lesson_3_terminals_show_what_the_shell_printed(path: Path) -> None:
    """The saved notebooks (what GitHub and nbviewer show): each terminal's last screen."""
    lesson_3_screens(nbformat.read(path, as_version=4))
    intro = next(c.source for c in nbformat.read(path, as_version=4).cells
                 if c.cell_type == "markdown" and "run -it`" in c.source.splitlines()[0])
    assert f"`{MARK}`" in intro  # the text names the mark the terminal cells carry


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSON_3, ids=name)
def test_lesson_3_terminals_show_what_the_shell_printed_when_run(
        path: Path, runs: dict[str, dict[str, Any]]) -> None:
    """The same, in a fresh run of the lesson against the engine (the build's own typing)."""
    assert runs[str(path)]["error"] is None, runs[str(path)]["error"]
    lesson_3_screens(nbformat.reads(runs[str(path)]["notebook"], as_version=4))


def test_a_student_copy_has_no_solutions(tmp_path: Path) -> None:
    written = student_copy(ALL, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == \
        sorted(p.relative_to(ROOT).as_posix() for p in NOTEBOOKS)
    for path in written:
        copy = nbformat.read(path, as_version=4)
        saved = nbformat.read(ROOT / path.relative_to(tmp_path), as_version=4)
        kept = [c for c in saved.cells if "solution" not in c.metadata.get("tags", [])]
        assert len(kept) < len(saved.cells)
        assert "<details>" not in path.read_text()
        assert [c.source for c in copy.cells] == [c.source for c in kept]
        assert sum("answer" in c.metadata.get("tags", []) for c in copy.cells) > 0
        # the lesson's other outputs are kept
        assert [c.get("outputs") for c in copy.cells] == [c.get("outputs") for c in kept]


REGISTRY_LESSONS = [lesson for lesson in ALL if any(REGISTRY in c.en for c in lesson.cells)]


def test_lessons_using_the_registry_check_it_in_their_first_cell() -> None:
    assert [lesson.number for lesson in REGISTRY_LESSONS] == [2, 7]
    for lesson in REGISTRY_LESSONS:
        for lang in LANGUAGES:
            nb = render(lesson, lang)
            first = next(c for c in nb.cells if c.cell_type == "code")
            assert first.metadata["tags"] == ["registry-check"]
            text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
            assert REGISTRY in text and "`jdtest`" in text and "`make lab`" in text


@pytest.mark.slow
def test_the_registry_check_says_how_to_start_the_registry_in_one_line(tmp_path: Path) -> None:
    """What a learner sees when no registry answers: one line, no traceback (a real kernel)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{s.getsockname()[1]}"  # nothing listens once the socket closes
    nb = render(REGISTRY_LESSONS[0], "en")
    check = next(c for c in nb.cells if "registry-check" in c.metadata.get("tags", []))
    assert f'REGISTRY = "{REGISTRY}"' in check.source
    check.source = check.source.replace(f'REGISTRY = "{REGISTRY}"', f'REGISTRY = "{closed}"')
    nb.cells = [check]
    error = execute(nb, tmp_path)
    assert error and "DockerError" in error
    [out] = check.outputs
    assert out.output_type == "error" and out.traceback == [
        f"docker: no registry answers at {closed}: run `make lab`, or start one with "
        "`bash scripts/provision.sh --lab` (as root)"]


@pytest.mark.slow
def test_the_swarm_lesson_says_how_to_start_its_engine_in_one_line(tmp_path: Path) -> None:
    """Lesson 9 works on an engine of its own; when none answers, its first cell says what to
    do in one line (a real kernel)."""
    lesson = next(lesson for lesson in ALL if lesson.slug == "swarm")
    nb = render(lesson, "en")
    setup_cell = next(c for c in nb.cells if "setup" in c.metadata.get("tags", []))
    check = next(c for c in nb.cells if "engine-check" in c.metadata.get("tags", []))
    address = "unix:///var/run/jupyter-docker-swarm.sock"
    assert f'SWARM = "{address}"' in check.source
    missing = f"unix://{tmp_path}/no-engine.sock"
    check.source = check.source.replace(address, missing)
    nb.cells = [setup_cell, check]
    error = execute(nb, tmp_path)
    assert error and "DockerError" in error
    [out] = check.outputs
    assert out.output_type == "error" and out.traceback == [
        f"docker: lesson 9's engine does not answer at {missing}: run `make lab`, or "
        "`bash scripts/provision.sh --lab` (as root)"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_no_credentials_in_saved_notebooks(path: Path) -> None:
    text = path.read_text()
    token = base64.b64encode(f"{REGISTRY_USER}:{REGISTRY_PASSWORD}".encode()).decode()
    assert REGISTRY_PASSWORD not in text and token not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_syllabus_map_names_sections_that_exist(lang: str) -> None:
    """notebooks/README.md (and notebooks/ko/README.md, in Korean with the Korean headings)
    map the study notes to lesson sections as `L3 «heading»`."""
    import re

    text = (ROOT / ("ko" if lang == "ko" else "") / "README.md").read_text()
    references = re.findall(r"L(\d) «([^»]+)»", text)
    assert len(references) > 30
    headings = {lesson.number: {c.source.splitlines()[0][3:] for c in render(lesson, lang).cells
                                if c.cell_type == "markdown" and c.source.startswith("## ")}
                for lesson in ALL}
    missing = [f"L{n} «{h}»" for n, h in references if h not in headings[int(n)]]
    assert not missing, missing


def test_the_korean_syllabus_map_has_the_english_rows() -> None:
    """Row by row, the Korean map names the same note and the same lessons, in the same order."""
    import re

    def rows(path: Path) -> list[tuple[str, list[str]]]:
        return [(line.split("|")[1].strip(), re.findall(r"L(\d) «", line))
                for line in path.read_text().splitlines() if re.match(r"\| 00\d \|", line)]

    english, korean = rows(ROOT / "README.md"), rows(ROOT / "ko" / "README.md")
    assert len(english) > 20 and english == korean
