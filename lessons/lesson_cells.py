"""The lessons' source: cells written once, with the English and Korean text side by side.

A lesson module defines `LESSON = Lesson(number, slug, title_en, title_ko, cells)`; `render()`
turns it into a notebook for one language. Code is the same in both languages (only comments
may differ, via `ko=`), so the two series cannot drift apart.

Cell metadata the tests rely on:
- tag `setup`: its result is the lesson's label (`jupyter-docker-lesson=N-RUN`)
- tag `registry-check`: the first code cell of a lesson that uses the class registry; one
  fix-it line when no registry answers
- tag `answer`: an exercise's empty code cell, for the learner's answer
- tag `solution`: the markdown cell after it, the answer in a collapsed `<details>` block
  (every frontend honours it, and Run All does not run it); `--student` builds drop it
- tag `raises-exception`: a deliberate mistake, shown as one line
- tags `terminal` and `skip-execution`: a step a learner types into a live terminal (`run -it`,
  `attach`); an unattended runner skips it (nobody types there) and the cell after it does the
  same without a terminal. `keys`: what the lesson tells the learner to type there; the build
  types them (lesson_run.py, lesson_page.py) and saves the terminal's last screen as text
- tag `password-prompt`: asks for the registry password with a hidden prompt
- `expect`: strings the cell's output must contain when the lesson runs (on a `solution`
  cell: when its code runs in the answer cell, see `lesson_run.solved`)
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

import nbformat

LANGUAGES = ("en", "ko")
REGISTRY = "127.0.0.1:5000"  # the class registry `make lab` starts (scripts/provision.sh)
REGISTRY_USER = "jdtest"
SUMMARY = {"en": "Solution", "ko": "풀이"}
_FENCED = re.compile(r"```python\n(.*?)\n```", re.S)


@dataclass(frozen=True)
class Cell:
    kind: str  # "markdown", "code", or "solution" (an answer cell and its hidden solution)
    en: str
    ko: str | None = None  # None: the same text in both languages
    tags: tuple[str, ...] = ()
    expect: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()  # a `terminal` cell's keys, typed in order (see `terminal`)

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


MARK = ">_"  # a terminal cell's mark (⌨ drew as a small "≡" in JupyterLab's code font)
ENTER = "\r"  # the key a terminal sends for Enter
DETACH = "\x10\x11"  # Ctrl-P Ctrl-Q, the default detach keys


def lines(*typed: str) -> tuple[str, ...]:
    """Lines a learner types into a terminal, each ended with Enter, as keys."""
    return tuple(line + ENTER for line in typed)


def terminal(src: str, keys: tuple[str, ...], expect: tuple[str, ...] = ()) -> Cell:
    """A cell that opens a live terminal in JupyterLab, where the learner types `keys` (the
    ones the text before it asks for: `lines(...)`, `ENTER`, `DETACH`). Unattended runners skip
    it (nbclient honours `skip-execution`); the lesson build types the keys for real and saves
    the last screen, and `expect` is checked in that screen's text."""
    src = textwrap.dedent(src).strip("\n")
    return Cell("code", f"# {MARK} a live terminal in JupyterLab (skipped when run unattended)\n{src}",
                f"# {MARK} JupyterLab에서 실시간 터미널 (사람 없이 실행하면 건너뜀)\n{src}",
                tags=("terminal", "skip-execution"), expect=expect, keys=keys)


def exercise(en: str, ko: str) -> Cell:
    return Cell("markdown", "**Exercise.** " + textwrap.dedent(en).strip(),
                "**연습 문제.** " + textwrap.dedent(ko).strip())


def solution(src: str, *, ko: str | None = None, expect: tuple[str, ...] = ()) -> Cell:
    """An exercise's solution: an empty answer cell, then the code in a collapsed block."""
    return Cell("solution", src, ko, tags=("solution",), expect=expect)


def solution_markdown(code_text: str, lang: str) -> str:
    """The collapsed block a `solution` cell renders as (Markdown + HTML `<details>`)."""
    return (f"<details><summary>{SUMMARY[lang]}</summary>\n\n```python\n{code_text}\n```\n\n"
            "</details>")


def solution_code(markdown: str) -> str:
    """The code inside a solution block (what `solution_markdown` wrapped)."""
    found = _FENCED.search(markdown)
    if not found:
        raise ValueError(f"no ```python block in the solution cell: {markdown[:80]!r}")
    return found.group(1)


def registry_check() -> Cell:
    """A first cell that says in one line what to do when the class registry is not up."""
    return code(f"""
        # The class registry: {REGISTRY}, user {REGISTRY_USER}; `make lab` starts it.
        import urllib.error, urllib.request
        from jupyter_docker.errors import DockerError
        REGISTRY = "{REGISTRY}"
        try:
            urllib.request.urlopen(f"http://{{REGISTRY}}/v2/", timeout=5)
        except urllib.error.HTTPError:
            pass  # it answers (401: log in first)
        except OSError:
            raise DockerError(f"no registry answers at {{REGISTRY}}: run `make lab`, or start "
                              "one with `bash scripts/provision.sh --lab` (as root)") from None
        print(f"the class registry answers at {{REGISTRY}}")
        """, ko=f"""
        # 수업용 레지스트리: {REGISTRY}, 사용자 {REGISTRY_USER}. `make lab`이 시작합니다.
        import urllib.error, urllib.request
        from jupyter_docker.errors import DockerError
        REGISTRY = "{REGISTRY}"
        try:
            urllib.request.urlopen(f"http://{{REGISTRY}}/v2/", timeout=5)
        except urllib.error.HTTPError:
            pass  # 응답합니다 (401: 먼저 로그인하라는 뜻)
        except OSError:
            raise DockerError(f"no registry answers at {{REGISTRY}}: run `make lab`, or start "
                              "one with `bash scripts/provision.sh --lab` (as root)") from None
        print(f"the class registry answers at {{REGISTRY}}")
        """, tags=("registry-check",), expect=(f"the class registry answers at {REGISTRY}",))


def setup(number: int, *, registry: bool = False, classic_builder: bool = False) -> list[Cell]:
    """The opening cells every lesson shares: load `%docker`, name this run's objects (and,
    with `registry`, first check that the class registry answers; with `classic_builder`,
    build with the classic builder, whose steps show intermediate images and containers)."""
    check = [md(f"""
            This lesson uses the class registry at `{REGISTRY}`: user `{REGISTRY_USER}`, and the
            password that `make lab` printed at the end of its output (if someone else set up
            the machine, your teacher has it). The first cell checks that it answers and, if
            not, says in one line how to start it.
            """, f"""
            이 레슨은 `{REGISTRY}`의 수업용 레지스트리를 씁니다. 사용자는 `{REGISTRY_USER}`이고,
            비밀번호는 `make lab`이 출력의 마지막에 보여 준 것입니다 (다른 사람이 머신을
            준비했다면 선생님이 알려 줍니다). 첫 셀은 레지스트리가 응답하는지 확인하고,
            응답하지 않으면 시작하는 방법을 한 줄로 알려 줍니다.
            """), registry_check()] if registry else []
    classic = [md("""
            This lesson uses the **classic builder**: every step it runs shows, as an intermediate
            image and container and as a history entry (`--label` included). `%docker build`
            uses BuildKit by default, like the docker CLI since Engine 23; the setup cell below
            selects the classic builder for this lesson (`%config DockerMagics.buildkit = False`).
            """, """
            이 레슨은 **클래식 빌더**를 씁니다. 클래식 빌더가 실행하는 단계는 모두 중간 이미지와
            중간 컨테이너로, 그리고 히스토리 항목으로 (`--label`도 포함해서) 드러납니다.
            `%docker build`는 Engine 23부터의 docker CLI처럼 기본으로 BuildKit을 씁니다. 아래 설정
            셀이 이 레슨에서는 클래식 빌더를 고릅니다 (`%config DockerMagics.buildkit = False`).
            """)] if classic_builder else []
    builder = "\n            %config DockerMagics.buildkit = False" if classic_builder else ""
    return [*check, *classic,
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
            %load_ext jupyter_docker{builder}
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
        elif cell.kind == "solution":
            answer = nbformat.v4.new_code_cell("", id=f"{cid}a")
            answer.metadata["tags"] = ["answer"]
            cells.append(answer)
            node = nbformat.v4.new_markdown_cell(solution_markdown(cell.text(lang), lang), id=cid)
        else:
            node = nbformat.v4.new_code_cell(cell.text(lang), id=cid)
        if cell.tags:
            node.metadata["tags"] = list(cell.tags)
        if cell.expect:
            node.metadata["expect"] = list(cell.expect)
        if cell.keys:
            node.metadata["keys"] = list(cell.keys)
        cells.append(node)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb
