"""Write the lesson notebooks from their source, run them, and save them with their outputs.

    .venv/bin/python notebooks/_build/build.py            every lesson, English and Korean
    .venv/bin/python notebooks/_build/build.py 3 4        only lessons 3 and 4
    .venv/bin/python notebooks/_build/build.py --no-run   sources only (outputs left empty)

Needs the provisioned engine and registry (`scripts/provision.sh --test`). Notebooks run in
parallel processes. One that fails keeps its source without outputs (its run is written to
/tmp/lesson-failed-<name> to look at) and the script exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import nbformat  # noqa: E402

from lesson_cells import LANGUAGES, Lesson, render  # noqa: E402
from lesson_run import JOBS, run_lesson  # noqa: E402
from lessons import ALL  # noqa: E402

NOTEBOOKS = HERE.parent


def target(lesson: Lesson, lang: str) -> Path:
    return NOTEBOOKS / ("ko" if lang == "ko" else "") / lesson.filename


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", type=int, help="lesson numbers (default: all)")
    parser.add_argument("--no-run", action="store_true", help="write sources without outputs")
    parser.add_argument("--jobs", type=int, default=JOBS, help="notebooks run at once")
    args = parser.parse_args(argv)
    lessons = [lesson for lesson in ALL if not args.numbers or lesson.number in args.numbers]
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
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for result in pool.map(run_lesson, paths):
            name = Path(result["path"]).relative_to(NOTEBOOKS)
            problem = result["error"] or (any(result["leftovers"].values())
                                          and f"left behind {result['leftovers']}")
            if problem:
                failed += 1
                failed_copy = Path(tempfile.gettempdir()) / f"lesson-failed-{name.as_posix().replace('/', '-')}"
                failed_copy.write_text(result["notebook"])
                print(f"FAILED {name} ({result['seconds']:.1f}s, run saved to {failed_copy})"
                      f"\n{problem}", file=sys.stderr)
                continue
            Path(result["path"]).write_text(result["notebook"])
            print(f"ok {name} ({result['seconds']:.1f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
