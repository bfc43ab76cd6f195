"""Write the lesson notebooks from their source, run them, and save them with their outputs.

    .venv/bin/python lessons/build.py               every lesson, English and Korean
    .venv/bin/python lessons/build.py 3 4           only lessons 3 and 4
    .venv/bin/python lessons/build.py --no-run      sources only (outputs left empty)
    .venv/bin/python lessons/build.py --student DIR copies for students, without solutions

The notebooks go to notebooks/ (English) and notebooks/ko/ (Korean), the folder JupyterLab
opens. Each exercise has an empty answer cell and its solution in a collapsed block, which a
run does not execute, so the saved notebooks hold no solution outputs. `--student DIR` writes
the saved notebooks (with their outputs) to DIR and DIR/ko without the solution blocks, for a
teacher to hand out; nothing runs.

Running needs the provisioned engine, the registry and lesson 9's engine (`make lab`, or
`scripts/provision.sh --lab`). Notebooks run in parallel processes, English first, then Korean (the two languages
of a lesson share build-cache layers and must not run at the same time). One that fails keeps
its source without outputs (its run is written to /tmp/lesson-failed-<name> to look at) and
the script exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import nbformat  # noqa: E402

from catalog import ALL  # noqa: E402
from lesson_cells import LANGUAGES, Lesson, render  # noqa: E402
from lesson_run import JOBS, in_waves  # noqa: E402

NOTEBOOKS = HERE.parent / "notebooks"


def target(lesson: Lesson, lang: str, root: Path = NOTEBOOKS) -> Path:
    return root / ("ko" if lang == "ko" else "") / lesson.filename


def student_copy(lessons: list[Lesson], out: Path) -> list[Path]:
    """The saved notebooks of `lessons` without their solution cells, written under `out`."""
    written = []
    for lesson in lessons:
        for lang in LANGUAGES:
            nb = nbformat.read(target(lesson, lang), as_version=4)
            nb.cells = [c for c in nb.cells if "solution" not in c.metadata.get("tags", [])]
            path = target(lesson, lang, out)
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, path)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", type=int, help="lesson numbers (default: all)")
    parser.add_argument("--no-run", action="store_true", help="write sources without outputs")
    parser.add_argument("--student", metavar="DIR", type=Path,
                        help="write copies without solutions to DIR (and DIR/ko); runs nothing")
    parser.add_argument("--jobs", type=int, default=JOBS, help="notebooks run at once")
    args = parser.parse_args(argv)
    lessons = [lesson for lesson in ALL if not args.numbers or lesson.number in args.numbers]
    if args.student:
        written = student_copy(lessons, args.student)
        print(f"wrote {len(written)} notebooks without solutions to {args.student}")
        return 0
    paths = []
    for lesson in lessons:
        for lang in LANGUAGES:
            path = target(lesson, lang)
            path.parent.mkdir(exist_ok=True)
            nbformat.write(render(lesson, lang), path)
            paths.append(str(path))
    if args.no_run:
        return 0
    failed = 0
    start = time.monotonic()
    print(f"running {len(paths)} notebooks, {args.jobs} at a time, English then Korean",
          flush=True)
    for result in in_waves(paths, args.jobs):
        name = Path(result["path"]).relative_to(NOTEBOOKS)
        problem = result["error"] or (any(result["leftovers"].values())
                                      and f"left behind {result['leftovers']}")
        if problem:
            failed += 1
            failed_copy = Path(tempfile.gettempdir()) / f"lesson-failed-{name.as_posix().replace('/', '-')}"
            failed_copy.write_text(result["notebook"])
            print(f"FAILED {name} ({result['seconds']:.1f}s, run saved to {failed_copy})"
                  f"\n{problem}", file=sys.stderr, flush=True)
            continue
        Path(result["path"]).write_text(result["notebook"])
        print(f"ok {name} ({result['seconds']:.1f}s, {time.monotonic() - start:.0f}s in all)",
              flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
