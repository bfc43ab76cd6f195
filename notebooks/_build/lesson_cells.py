"""The lessons' source: cells written once, with the English and Korean text side by side.

A lesson module defines `LESSON = Lesson(number, slug, title_en, title_ko, cells)`; `render()`
turns it into a notebook for one language. Code is the same in both languages (only comments
may differ, via `ko=`), so the two series cannot drift apart.

Cell metadata the tests rely on:
- tag `setup`: the first code cell; its result is the lesson's label (`jupyter-docker-lesson=N-RUN`)
- tag `solution` + `jupyter.source_hidden`: an exercise's answer, collapsed in JupyterLab
- tag `raises-exception`: a deliberate mistake, shown as one line
- tag `password-prompt`: asks for the registry password with a hidden prompt
- `expect`: strings the cell's output must contain when the lesson runs
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import nbformat

LANGUAGES = ("en", "ko")


@dataclass(frozen=True)
class Cell:
    kind: str  # "markdown" or "code"
    en: str
    ko: str | None = None  # None: the same text in both languages
    tags: tuple[str, ...] = ()
    expect: tuple[str, ...] = ()

    def text(self, lang: str) -> str:
        chosen = self.ko if lang == "ko" and self.ko is not None else self.en
        return textwrap.dedent(chosen).strip("\n")


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    title_en: str
    title_ko: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.number:02d}-{self.slug}.ipynb"

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title_en


def md(en: str, ko: str) -> Cell:
    return Cell("markdown", en, ko)


def code(src: str, *, ko: str | None = None, expect: tuple[str, ...] = (),
         tags: tuple[str, ...] = ()) -> Cell:
    return Cell("code", src, ko, tags=tags, expect=expect)


def fails(src: str) -> Cell:
    """A deliberate mistake: the cell shows the one-line error and the lesson goes on."""
    return Cell("code", src, tags=("raises-exception",))


def exercise(en: str, ko: str) -> Cell:
    return Cell("markdown", "**Exercise.** " + textwrap.dedent(en).strip(),
                "**연습 문제.** " + textwrap.dedent(ko).strip())


def solution(src: str, *, ko: str | None = None, expect: tuple[str, ...] = ()) -> Cell:
    return Cell("code", src, ko, tags=("solution",), expect=expect)


def setup(number: int) -> list[Cell]:
    """The opening cells every lesson shares: load `%docker`, name this run's objects."""
    return [
        md("""
            Load `%docker` once per kernel. Everything this lesson creates carries a label and a
            name ending in a short random id (`RUN`), so the lesson can run again, or next to
            someone else's, without touching anything it did not create.
            """, """
            커널마다 한 번 `%docker`를 불러옵니다. 이 레슨이 만드는 모든 것에는 레이블이 붙고,
            이름 끝에 짧은 무작위 ID(`RUN`)가 붙습니다. 그래서 레슨을 다시 실행하거나 다른 사람과
            동시에 실행해도, 자기가 만들지 않은 것은 건드리지 않습니다.
            """),
        code(f"""
            %load_ext jupyter_docker
            import secrets
            RUN = secrets.token_hex(3)
            LESSON = f"jupyter-docker-lesson={number}-{{RUN}}"
            LESSON
            """, tags=("setup",)),
    ]


def render(lesson: Lesson, lang: str) -> nbformat.NotebookNode:
    """The notebook for one language, without outputs; cell ids are stable across builds."""
    cells = []
    title = md(f"# {lesson.number}. {lesson.title_en}", f"# {lesson.number}. {lesson.title_ko}")
    for index, cell in enumerate([title, *lesson.cells]):
        cid = f"l{lesson.number}-{index:02d}"
        if cell.kind == "markdown":
            node = nbformat.v4.new_markdown_cell(cell.text(lang), id=cid)
        else:
            node = nbformat.v4.new_code_cell(cell.text(lang), id=cid)
            if cell.tags:
                node.metadata["tags"] = list(cell.tags)
            if "solution" in cell.tags:
                node.metadata["jupyter"] = {"source_hidden": True}
            if cell.expect:
                node.metadata["expect"] = list(cell.expect)
        cells.append(node)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb
