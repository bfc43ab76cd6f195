"""Lesson 3: containers and their life cycle."""

from __future__ import annotations

from lesson_cells import (DETACH, ENTER, Lesson, code, exercise, fails, lines, md, setup, solution,
                          terminal)

DIAGRAM_EN = """
    # needs matplotlib (pip install matplotlib); without it, the table above says the same
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        plt = None
        print("matplotlib is not installed: the table above is the diagram")

    if plt:
        where = {"created": (0, 1), "running": (1.7, 1), "paused": (1.7, 2.2),
                 "exited": (3.4, 1), "removed": (5, 1)}
        edges = {}  # (state before, state after) -> the commands that made that move
        for before, after in zip(steps.itertuples(), steps.iloc[1:].itertuples()):
            edges.setdefault((before.state, after.state), set()).add(after.command)

        fig, ax = plt.subplots(figsize=(9, 3.4))
        for state, (x, y) in where.items():
            ax.text(x, y, state, ha="center", va="center", fontsize=11,
                    bbox=dict(boxstyle="round,pad=0.4", fc="#dbeafe", ec="#1d4ed8"))
        for (a, b), commands in edges.items():
            label = " / ".join(sorted(commands))
            (x0, y0), (x1, y1) = where[a], where[b]
            if a == b:  # running -> running (restart): a loop under the box
                ax.annotate("", (x0 + 0.2, y0 - 0.15), (x0 - 0.2, y0 - 0.15), arrowprops=dict(
                    arrowstyle="->", connectionstyle="arc3,rad=1.8"))
                ax.text(x0, y0 - 0.65, label, ha="center", color="#b91c1c")
                continue
            ax.annotate("", (x1, y1), (x0, y0), arrowprops=dict(
                arrowstyle="->", shrinkA=30, shrinkB=30, connectionstyle="arc3,rad=0.3"))
            dx, dy = x1 - x0, y1 - y0  # the label sits on the side the arrow bends to
            side = "left" if dy > 0 else "right" if dy < 0 else "center"
            ax.text((x0 + x1) / 2 + 0.1 * dy, (y0 + y1) / 2 - 0.2 * dx, label,
                    ha=side, va="center", color="#b91c1c")
        ax.set_xlim(-0.6, 5.6); ax.set_ylim(0.1, 2.6); ax.axis("off")
        ax.set_title("container life cycle, as seen by ps")
        plt.show()
    """
DIAGRAM_KO = DIAGRAM_EN.replace(
    "# needs matplotlib (pip install matplotlib); without it, the table above says the same",
    "# matplotlib이 필요합니다 (pip install matplotlib). 없으면 위의 표가 같은 내용을 보여 줍니다",
).replace('"matplotlib is not installed: the table above is the diagram"',
          '"matplotlib이 없습니다: 위의 표가 곧 상태 다이어그램입니다"').replace(
    "# (state before, state after) -> the commands that made that move",
    "# (이전 상태, 다음 상태) -> 그렇게 바꾼 명령들").replace(
    "# running -> running (restart): a loop under the box", "# running -> running (restart): 상자 아래 고리").replace(
    "# the label sits on the side the arrow bends to", "# 이름표는 화살표가 휘는 쪽에 둡니다")

RECORD = """
    import jupyter_docker as jd
    import pandas as pd

    steps = []

    def record(command):
        row = jd.ps(all=True, filter=f"name=life-{RUN}")
        if row.empty:
            steps.append({"command": command, "state": "removed", "status": ""})
        else:
            steps.append({"command": command, "state": row["state"].iloc[0],
                          "status": row["status"].iloc[0]})
    """

TWIN = """
    import jupyter_docker as jd
    found = jd.ps(all=True, filter=f"name=shell-{RUN}")
    if found.empty:  # the cell above did not run: the same shell, already detached
        %docker run -dit --name shell-{RUN} --label {LESSON} jupyter-docker/busybox sh
    elif found["state"].iloc[0] != "running":  # you typed exit: start it again
        %docker start shell-{RUN}
    # what you typed in the terminal
    %docker exec shell-{RUN} sh -c 'echo kept > /kept.txt'
    """

CELLS = [
    md("""
        A **container** is a process started from an image, with its own writable layer on top of
        the image's read-only layers. It lives through a few states: **created**, **running**,
        **paused**, **exited** (stopped, but kept on disk with its files and logs) and finally
        **removed**.
        """, """
        **컨테이너**는 이미지로부터 시작된 프로세스이며, 이미지의 읽기 전용 계층 위에 자기만의
        쓰기 가능한 계층을 가집니다. 컨테이너는 몇 가지 상태를 거칩니다. **생성**(created),
        **실행 중**(running), **일시 중지**(paused), **정지**(exited: 멈췄지만 파일과 로그를 가진
        채 디스크에 남아 있음), 그리고 마지막으로 **파기**(removed)입니다.
        """),
    *setup(3),
    md("""
        ## `run`: create and start

        `run IMAGE [COMMAND]` creates a container and starts it. Without `-d` the output comes
        to the cell and the cell waits for the end. A command after the image **overrides** the
        image's `Cmd`; `-e` (`--env`) sets an environment variable; `--rm` removes the container
        when it ends.
        """, """
        ## `run`: 생성과 시작

        `run 이미지 [명령]`은 컨테이너를 생성하고 시작합니다. `-d`가 없으면 출력이 셀에
        나타나고 셀은 컨테이너가 끝날 때까지 기다립니다. 이미지 뒤에 명령을 주면 이미지의
        `Cmd`를 **덮어씁니다**. `-e`(`--env`)는 환경 변수를 정하고, `--rm`은 컨테이너가 끝나면
        자동으로 삭제합니다.
        """),
    code("""
        %docker run --rm --label {LESSON} -e GREETING=hello jupyter-docker/busybox sh -c 'echo "$GREETING from $(hostname)"'
        """, expect=("hello from ",)),
    md("""
        `-d` (detach) runs it in the background and prints its ID; `--name` gives it a name to use
        instead of the ID. This one counts to three, one line per second:
        """, """
        `-d`(detach)는 컨테이너를 백그라운드에서 실행하고 ID를 출력합니다. `--name`을 주면 ID
        대신 쓸 이름이 생깁니다. 이 컨테이너는 1초에 한 줄씩 셋까지 셉니다.
        """),
    code("""
        %docker run -d --name counter-{RUN} --label {LESSON} jupyter-docker/busybox sh -c 'for i in 1 2 3; do echo tick $i; sleep 1; done'
        """),
    md("""
        `logs` shows what a container wrote to its output, even after it stopped; `logs -f`
        (follow) keeps showing new lines until the container ends. In JupyterLab it is a live
        viewer that follows in the background: the next cells run meanwhile, and the viewer says
        when the container stopped. (Where widgets cannot be drawn, as when this notebook was run
        to save its outputs, it prints the lines and the cell waits for the end.)
        """, """
        `logs`는 컨테이너가 출력한 내용을 보여 줍니다. 컨테이너가 정지한 뒤에도 볼 수 있습니다.
        `logs -f`(follow)는 컨테이너가 끝날 때까지 새 줄을 계속 보여 줍니다. JupyterLab에서는
        백그라운드에서 따라가는 실시간 뷰어가 됩니다. 그동안 다음 셀들이 실행되고, 컨테이너가
        멈추면 뷰어가 알려 줍니다. (이 노트북의 출력을 저장할 때처럼 위젯을 그릴 수 없는 곳에서는
        줄을 출력하고, 셀이 컨테이너가 끝날 때까지 기다립니다.)
        """),
    code("%docker logs -f counter-{RUN}", expect=("tick 1", "tick 3")),
    md("""
        `wait` blocks until a container ends and prints its exit code: after it, the counter is
        surely done, wherever this notebook runs.
        """, """
        `wait`는 컨테이너가 끝날 때까지 기다렸다가 종료 코드를 출력합니다. 이 셀 뒤에는 이
        노트북을 어디서 실행하든 카운터가 확실히 끝나 있습니다.
        """),
    code("%docker wait counter-{RUN}", expect=("0",)),
    md("""
        `ps` lists running containers, `ps -a` all of them. The counter is done, so `ps` shows
        nothing and only `-a` shows it, `Exited (0)`: its process ended with exit code 0.
        """, """
        `ps`는 실행 중인 컨테이너만, `ps -a`는 모든 컨테이너를 보여 줍니다. 카운터는 끝났으므로
        `ps`에는 아무것도 없고 `-a`에서만 보이며, 상태는 `Exited (0)`입니다. 프로세스가 종료
        코드 0으로 끝났다는 뜻입니다.
        """),
    code("%docker ps --filter label={LESSON}"),
    code("%docker ps -a --filter label={LESSON}", expect=("Exited (0)",)),
    md("""
        ## A shell inside: `run -it`

        `-i` (`--interactive`) keeps the container's standard input open and `-t` (`--tty`)
        gives it a terminal: together, a shell you type into, like `docker run -it fedora
        /bin/bash` in a terminal. In JupyterLab the cells marked `>_` open a **live terminal** in
        their output: click into it and type. Saved, such a cell keeps the terminal's last
        screen as text: what you see under each one now is what its shell showed when this
        notebook was built, with the keys the text asks you to type. A runner where nobody can
        type (nbconvert, papermill) skips those cells; the cell after each one does the same
        without a terminal.

        Run the next cell, click into its terminal and type `hostname` (it prints the
        container's short ID), `ls /`, `echo $((6*7))` (42), then `exit`: the shell ends, the
        terminal shows its exit code and `--rm` removes the container.
        """, """
        ## 컨테이너 안의 셸: `run -it`

        `-i`(`--interactive`)는 컨테이너의 표준 입력을 열어 두고, `-t`(`--tty`)는 터미널을
        줍니다. 둘을 함께 쓰면 직접 입력할 수 있는 셸이 됩니다. 터미널에서 `docker run -it
        fedora /bin/bash`를 하는 것과 같습니다. JupyterLab에서는 `>_` 표시가 있는 셀의 출력에
        **실시간 터미널**이 열립니다. 터미널을 클릭하고 입력하세요. 저장된 셀에는 터미널의
        마지막 화면이 텍스트로 남습니다. 지금 각 셀 아래에 보이는 것은 이 노트북을 만들 때,
        본문이 입력하라고 하는 키를 그대로 입력했을 때 셸이 보여 준 화면입니다. 입력할 사람이
        없는 실행기(nbconvert, papermill)는 그 셀들을 건너뜁니다. 대신 바로 다음 셀이 터미널
        없이 같은 일을 합니다.

        다음 셀을 실행하고 터미널을 클릭한 뒤 `hostname`(컨테이너의 짧은 ID가 출력됩니다),
        `ls /`, `echo $((6*7))`(42)를 입력하고 마지막으로 `exit`를 입력하세요. 셸이 끝나고,
        터미널에 종료 코드가 나오며, `--rm`이 컨테이너를 삭제합니다.
        """),
    terminal("%docker run -it --rm --label {LESSON} jupyter-docker/busybox sh",
             keys=lines("hostname", "ls /", "echo $((6*7))", "exit"),
             expect=("echo $((6*7))\n42", "exit code 0")),
    md("""
        Without a terminal, `%%docker run -i` gives the cell body to the shell as its input;
        the same commands:
        """, """
        터미널 없이는 `%%docker run -i`가 셀 본문을 셸의 입력으로 줍니다. 같은 명령들입니다.
        """),
    code("""
        %%docker run -i --rm --label {LESSON} jupyter-docker/busybox sh
        hostname
        ls /
        echo $((6*7))
        exit
        """, expect=("bin", "42")),
    md("""
        ## Detach and come back: Ctrl-P Ctrl-Q, `attach`

        `--name` names the container. In its terminal make a file, `echo kept > /kept.txt`,
        then press **Ctrl-P** and then **Ctrl-Q**: the terminal says it detached, and the
        container keeps running (`exit` would have ended it).
        """, """
        ## 빠져나왔다가 돌아오기: Ctrl-P Ctrl-Q, `attach`

        `--name`으로 컨테이너에 이름을 붙입니다. 터미널에서 파일을 하나 만들고
        (`echo kept > /kept.txt`), **Ctrl-P**에 이어 **Ctrl-Q**를 누르세요. 터미널이 분리되었다고
        알려 주고, 컨테이너는 계속 실행됩니다 (`exit`를 입력했다면 끝났을 것입니다).
        """),
    terminal("%docker run -it --name shell-{RUN} --label {LESSON} jupyter-docker/busybox sh",
             keys=(*lines("echo kept > /kept.txt"), DETACH),
             expect=("detached from shell-", "(Ctrl-P Ctrl-Q): it keeps running")),
    md("""
        If you did not run that cell (or the notebook runs unattended), this one starts the
        same shell already detached: `-dit` is what `-it` and Ctrl-P Ctrl-Q leave behind, a
        shell with a terminal that nobody is attached to. (If you typed `exit`, it starts the
        shell again.) The file is made with `exec`, which runs another command in the running
        container (more on it below).
        """, """
        그 셀을 실행하지 않았다면 (또는 노트북이 사람 없이 실행된다면) 이 셀이 같은 셸을 이미
        분리된 상태로 시작합니다. `-dit`는 `-it`와 Ctrl-P Ctrl-Q가 남기는 상태, 즉 터미널은
        있지만 아무도 연결되어 있지 않은 셸입니다. (`exit`를 입력했다면 셸을 다시 시작합니다.)
        파일은 실행 중인 컨테이너에서 다른 명령을 실행하는 `exec`로 만듭니다 (아래에서 더
        다룹니다).
        """),
    code(TWIN, ko=TWIN.replace("# the cell above did not run: the same shell, already detached",
                               "# 위 셀을 실행하지 않음: 같은 셸을 분리된 상태로").replace(
        "# you typed exit: start it again", "# exit를 입력함: 다시 시작").replace(
        "# what you typed in the terminal", "# 터미널에서 입력한 것")),
    md("""
        `ps` shows it running, with its short ID:
        """, """
        `ps`를 보면 짧은 ID와 함께 실행 중입니다.
        """),
    code("%docker ps --filter name=shell-{RUN} --format '{{.ID}} {{.Names}}: {{.Status}}'",
         expect=("shell-", ": Up")),
    md("""
        `attach` connects to it again: its terminal comes back with the same shell (press Enter
        for a prompt). `hostname` prints the short ID that `ps` showed; `cat /kept.txt` prints
        `kept`: the container kept running, with its files, while nobody was attached. Detach
        again with Ctrl-P Ctrl-Q. (`--detach-keys` on `run`, `attach`, `exec` and `start`
        chooses other keys, e.g. `--detach-keys ctrl-x`; Ctrl-P Ctrl-Q then go to the shell.)
        """, """
        `attach`는 다시 연결합니다. 같은 셸의 터미널이 돌아옵니다 (Enter를 누르면 프롬프트가
        나옵니다). `hostname`은 `ps`가 보여 준 짧은 ID를 출력합니다. `cat /kept.txt`는 `kept`를
        출력합니다. 아무도 연결되어 있지 않은 동안에도 컨테이너가 파일과 함께 계속
        실행되었기 때문입니다. 다시 Ctrl-P Ctrl-Q로 빠져나오세요. (`run`, `attach`, `exec`,
        `start`에 `--detach-keys`를 주면 다른 키를 쓸 수 있습니다. 예를 들어
        `--detach-keys ctrl-x`로 하면 Ctrl-P Ctrl-Q는 셸로 그대로 전달됩니다.)
        """),
    terminal("%docker attach shell-{RUN}", keys=(ENTER, *lines("hostname", "cat /kept.txt"), DETACH),
             expect=("cat /kept.txt\nkept", "(Ctrl-P Ctrl-Q): it keeps running")),
    code("%docker exec shell-{RUN} cat /kept.txt", expect=("kept",)),
    md("""
        `exec -it` opens a second shell in the same container, with a terminal of its own;
        `ps` there lists both shells, and `exit` ends only this one: the container goes on.
        Without a terminal, `%%docker exec -i` gives it the cell body:
        """, """
        `exec -it`는 같은 컨테이너에 두 번째 셸을 자기 터미널과 함께 엽니다. 거기서 `ps`를 하면
        두 셸이 모두 보이고, `exit`는 이 셸만 끝냅니다. 컨테이너는 계속 실행됩니다. 터미널
        없이는 `%%docker exec -i`가 셀 본문을 입력으로 줍니다.
        """),
    terminal("%docker exec -it shell-{RUN} sh", keys=lines("ps", "exit"),
             expect=("PID", "exit code 0")),
    code("""
        %%docker exec -i shell-{RUN} sh
        ps
        exit
        """, expect=("PID", "sh")),
    md("""
        ## `start -i`: start a stopped container, attached

        `stop` ends the shell; the container stays, with its files. `start -ai` (`-a`: attach
        its output, `-i`: and its input) starts it again and, in JupyterLab, opens its terminal:
        `cat /kept.txt` still prints `kept`; `exit` stops it again. `-i` alone attaches the
        output too, as with the CLI: `start -i NAME` is the same command.
        """, """
        ## `start -i`: 정지한 컨테이너를 연결해서 시작하기

        `stop`은 셸을 끝냅니다. 컨테이너는 파일과 함께 남습니다. `start -ai`(`-a`: 출력을 연결,
        `-i`: 입력도 연결)는 컨테이너를 다시 시작하고, JupyterLab에서는 터미널을 엽니다.
        `cat /kept.txt`는 여전히 `kept`를 출력하고, `exit`는 다시 정지시킵니다. CLI처럼 `-i`만
        주어도 출력까지 연결되므로 `start -i 컨테이너명`도 같은 명령입니다.
        """),
    code("%docker stop -t 1 shell-{RUN}", expect=("shell-",)),
    terminal("%docker start -ai shell-{RUN}", keys=lines("cat /kept.txt", "exit"),
             expect=("cat /kept.txt\nkept", "exit code 0")),
    md("""
        Without a terminal, `%%docker start -ai` gives the cell body to a container made with
        `create -i` (input open, closed again when the body has been read, as the CLI's). Each
        start runs the shell again, in the same container with the same files:
        """, """
        터미널 없이는 `%%docker start -ai`가 셀 본문을 `create -i`로 만든 컨테이너에 줍니다
        (CLI처럼 입력이 열려 있고, 본문을 다 읽으면 닫힙니다). 시작할 때마다 같은 컨테이너, 같은
        파일로 셸이 다시 실행됩니다.
        """),
    code("""
        %docker create -i --name again-{RUN} --label {LESSON} jupyter-docker/busybox sh
        """),
    code("""
        %%docker start -ai again-{RUN}
        echo kept > /kept.txt
        echo "first start: wrote /kept.txt"
        """, expect=("first start: wrote /kept.txt",)),
    code("""
        %%docker start -ai again-{RUN}
        echo "second start: $(cat /kept.txt)"
        """, expect=("second start: kept",)),
    md("""
        ## More `run` flags: `--env-file`, `-a`, `--restart`

        `--env-file FILE` reads `KEY=value` lines (`#` starts a comment) from a file, as if each
        were a `-e`:
        """, """
        ## `run`의 다른 옵션: `--env-file`, `-a`, `--restart`

        `--env-file 파일`은 파일에서 `KEY=value` 줄을 읽습니다 (`#`로 시작하면 주석). 줄마다
        `-e`를 준 것과 같습니다.
        """),
    code("""
        from pathlib import Path
        Path(f"lesson3-{RUN}.env").write_text("COLOR=blue\\n# a comment\\nSIZE=3\\n")
        %docker run --rm --label {LESSON} --env-file lesson3-{RUN}.env jupyter-docker/busybox sh -c 'echo "$COLOR, size $SIZE"'
        Path(f"lesson3-{RUN}.env").unlink()
        """, expect=("blue, size 3",)),
    md("""
        An attached `run` shows both output streams; `-a` (`--attach`) picks the ones to show.
        With `-a stderr` the line written to standard output does not appear:
        """, """
        `-d` 없이 실행한 `run`은 두 출력 스트림을 모두 보여 줍니다. `-a`(`--attach`)로 보여 줄
        스트림을 고릅니다. `-a stderr`를 주면 표준 출력에 쓴 줄은 나오지 않습니다.
        """),
    code("""
        %docker run --rm --label {LESSON} -a stderr jupyter-docker/busybox sh -c 'echo "to stdout"; echo "to stderr" >&2'
        """, expect=("to stderr",)),
    md("""
        `--restart` says what the engine does when the container's process ends: `no` (the
        default: nothing), `on-failure[:N]` (start it again after a non-zero exit code, at most
        N times), `always` (every time, and when the engine itself starts again),
        `unless-stopped` (like `always`, except after you `stop` it). This container fails after
        a second; the engine starts it again twice, then leaves it exited:
        """, """
        `--restart`는 컨테이너의 프로세스가 끝났을 때 엔진이 할 일을 정합니다. `no`(기본값:
        아무것도 안 함), `on-failure[:N]`(종료 코드가 0이 아니면 최대 N번 다시 시작),
        `always`(매번, 엔진이 다시 시작될 때도), `unless-stopped`(`always`와 같지만 `stop`한
        뒤에는 다시 시작하지 않음)입니다. 이 컨테이너는 1초 뒤 실패합니다. 엔진은 두 번 다시
        시작한 뒤, 정지한 채로 둡니다.
        """),
    code("""
        import time
        %docker run -d --name retry-{RUN} --label {LESSON} --restart on-failure:2 jupyter-docker/busybox sh -c 'sleep 1; exit 1'
        for _ in range(60):
            status = %docker container inspect -f '{{.RestartCount}} {{.State.Status}}' retry-{RUN}
            if status == "2 exited":
                break
            time.sleep(0.5)
        print("restarts and state:", status)
        %docker rm retry-{RUN}
        """, expect=("restarts and state: 2 exited", "retry-")),
    md("""
        Restarting a container and removing it when it ends contradict each other, so `run`
        refuses `--restart` with `--rm` before creating anything:
        """, """
        컨테이너를 다시 시작하는 것과 끝나면 삭제하는 것은 서로 모순이므로, `run`은 `--restart`와
        `--rm`을 함께 주면 아무것도 만들기 전에 거부합니다.
        """),
    fails("%docker run --rm --restart always --label {LESSON} jupyter-docker/busybox true"),
    md("""
        ## The life cycle, step by step

        Let's walk one container through every state and write down what `ps` says after each
        command. Its program runs until it gets SIGTERM, then exits cleanly:
        """, """
        ## 생명 주기를 한 단계씩

        컨테이너 하나를 모든 상태로 옮겨 보면서, 명령마다 `ps`가 보여 주는 상태를 기록해
        봅시다. 이 컨테이너의 프로그램은 SIGTERM을 받을 때까지 실행되다가 깔끔하게 종료합니다.
        """),
    code(RECORD, ko=RECORD.replace(
        "def record(command):", "def record(command):  # 명령 뒤에 ps가 보여 주는 상태를 기록합니다")),
    md("""
        `create` makes the container without starting it; `start` starts it. (`run` is
        `create` + `start`.)
        """, """
        `create`는 컨테이너를 시작하지 않고 생성만 합니다. `start`가 시작합니다.
        (`run`은 `create`와 `start`를 합친 것입니다.)
        """),
    code("""
        %docker create --name life-{RUN} --label {LESSON} jupyter-docker/busybox sh -c 'trap "exit 0" TERM; while true; do sleep 1; done'
        record("create")
        %docker start life-{RUN}
        record("start")
        """),
    md("""
        `pause` freezes every process of the container (the kernel's cgroup freezer); they keep
        their memory but get no CPU until `unpause`. `restart` is `stop` then `start`;
        `restart -t 5`, like `stop -t 5`, waits 5 seconds (instead of 10) after SIGTERM before
        it sends SIGKILL.
        """, """
        `pause`는 컨테이너의 모든 프로세스를 얼립니다 (커널 cgroups의 freezer 기능). 프로세스는
        메모리를 그대로 가진 채 `unpause` 할 때까지 CPU를 받지 못합니다. `restart`는 `stop`
        다음에 `start`를 하는 것과 같습니다. `restart -t 5`는 `stop -t 5`처럼 SIGTERM 뒤
        (10초 대신) 5초를 기다렸다가 SIGKILL을 보냅니다.
        """),
    code("""
        %docker pause life-{RUN}
        record("pause")
        %docker unpause life-{RUN}
        record("unpause")
        %docker restart -t 5 life-{RUN}
        record("restart")
        """),
    md("""
        **`stop` vs `kill`.** `stop` sends SIGTERM and lets the program finish its work (after
        10 seconds, or `-t` seconds, it sends SIGKILL). `kill` sends SIGKILL at once: the
        process dies without a chance to clean up, and the exit code is 128 + 9 = 137.
        """, """
        **`stop`과 `kill`의 차이.** `stop`은 SIGTERM을 보내 프로그램이 하던 일을 정리하고
        끝낼 기회를 줍니다 (10초, 또는 `-t`로 정한 시간이 지나면 SIGKILL을 보냅니다). `kill`은
        곧바로 SIGKILL을 보냅니다. 프로세스는 정리할 틈도 없이 강제 종료되고, 종료 코드는
        128 + 9 = 137이 됩니다.
        """),
    code("""
        %docker stop life-{RUN}
        record("stop")
        %docker start life-{RUN}
        record("start")
        %docker kill life-{RUN}
        record("kill")
        %docker rm life-{RUN}
        record("rm")
        steps = pd.DataFrame(steps)
        steps
        """, expect=("Exited (0)", "Exited (137)", "Paused", "removed")),
    md("""
        The same table, drawn as the life-cycle diagram (each arrow is a command we ran):
        """, """
        같은 표를 생명 주기 다이어그램으로 그려 봅니다 (화살표 하나가 우리가 실행한 명령
        하나입니다).
        """),
    code(DIAGRAM_EN, ko=DIAGRAM_KO),
    md("""
        ## Inside a running container: `exec`, `top`, `diff`

        `exec` runs another command inside a running container; `top` lists its processes as
        the host sees them; `diff` lists the files changed since it started from its image
        (`A` added, `C` changed, `D` deleted).
        """, """
        ## 실행 중인 컨테이너 들여다보기: `exec`, `top`, `diff`

        `exec`는 실행 중인 컨테이너 안에서 다른 명령을 실행합니다. `top`은 호스트에서 본
        컨테이너의 프로세스 목록을 보여 주고, `diff`는 이미지로부터 시작한 뒤 바뀐 파일을
        보여 줍니다 (`A` 추가, `C` 변경, `D` 삭제).
        """),
    code("""
        %docker run -d --name work-{RUN} --label {LESSON} jupyter-docker/busybox sleep 600
        %docker exec work-{RUN} sh -c 'echo "my notes" > /notes.txt && rm /bin/vi'
        %docker exec work-{RUN} ps
        """, expect=("sleep 600",)),
    code("%docker top work-{RUN}", expect=("sleep 600",)),
    code("%docker diff work-{RUN}", expect=("A /notes.txt", "D /bin/vi")),
    md("""
        ## Watching: `stats` and `events`

        `stats` measures what containers use (CPU %, memory, network and disk I/O) with the
        CLI's formulas. With `--no-stream` it is one snapshot, as a DataFrame:
        """, """
        ## 지켜보기: `stats`와 `events`

        `stats`는 컨테이너가 쓰는 자원(CPU %, 메모리, 네트워크와 디스크 I/O)을 CLI와 같은
        공식으로 측정합니다. `--no-stream`을 주면 한 번의 측정값을 DataFrame으로 돌려줍니다.
        """),
    code("%docker stats --no-stream work-{RUN}", expect=("work-",)),
    md("""
        Without `--no-stream` it follows, once a second. In JupyterLab that is a live table with
        small CPU and memory plots, updating while you work in other cells, until you press
        Stop. Where widgets cannot be drawn (as when this notebook was run to save its outputs)
        it prints a table every second until the containers stop, then returns every sample as
        a DataFrame. This container keeps a CPU busy for three seconds (`--rm`: then it is gone):
        """, """
        `--no-stream`이 없으면 1초마다 계속 측정합니다. JupyterLab에서는 CPU와 메모리의 작은
        그래프가 있는 표가 되어, 다른 셀에서 일하는 동안에도 Stop을 누를 때까지 갱신됩니다.
        위젯을 그릴 수 없는 곳에서는 (이 노트북의 출력을 저장할 때처럼) 컨테이너가 멈출 때까지
        1초마다 표를 출력하고, 모든 측정값을 DataFrame으로 돌려줍니다. 이 컨테이너는 3초 동안
        CPU 하나를 바쁘게 합니다 (`--rm`: 그다음 사라집니다).
        """),
    code("""
        %docker run -d --rm --name busy-{RUN} --label {LESSON} jupyter-docker/busybox sh -c 'end=$(($(date +%s)+3)); while [ $(date +%s) -lt $end ]; do :; done'
        %docker stats busy-{RUN}
        """, expect=("CPU %", "busy-")),
    md("""
        `events` is the engine's diary: every create, start, die and destroy. `--since` replays
        from a time and `--until` stops; without `--until` it follows live (in JupyterLab, a
        feed you can narrow by type or text, with a Stop button). What happened to this lesson's
        containers in the last ten minutes:
        """, """
        `events`는 엔진의 일지입니다. create, start, die, destroy가 모두 기록됩니다.
        `--since`는 그 시각부터 다시 보여 주고 `--until`은 거기서 멈춥니다. `--until`이 없으면
        실시간으로 계속 따라갑니다 (JupyterLab에서는 종류나 글자로 좁혀 볼 수 있고 Stop 버튼이
        있는 피드입니다). 이 레슨의 컨테이너들에 지난 10분 동안 일어난 일입니다.
        """),
    code("""
        seen = %docker events --since 10m --until 0s --filter label={LESSON}
        seen[["time", "type", "action", "name"]].tail(8)
        """, expect=("busy-", "die")),
    md("""
        ## `commit`: a container's changes as a new image

        `commit` saves a container's current file system as a new image. `-c` can change its
        metadata at the same time, here the default command:
        """, """
        ## `commit`: 컨테이너의 변경 사항을 새 이미지로

        `commit`은 컨테이너의 현재 파일 시스템을 새 이미지로 저장합니다. `-c`로 메타데이터도
        함께 바꿀 수 있습니다. 여기서는 기본 명령을 바꿉니다.
        """),
    code("""
        %docker commit -c 'CMD ["cat", "/notes.txt"]' work-{RUN} lesson3-{RUN}/notes:v1
        %docker run --rm --label {LESSON} lesson3-{RUN}/notes:v1
        """, expect=("my notes",)),
    md("""
        `rm` refuses a running container; `rm -f` kills it first. Mistakes stay one line:
        """, """
        `rm`은 실행 중인 컨테이너를 삭제하지 않습니다. `rm -f`는 먼저 강제 종료한 뒤 삭제합니다.
        실수해도 오류는 한 줄입니다.
        """),
    fails("%docker rm work-{RUN}"),
    code("%docker rm -f work-{RUN}", expect=("work-",)),
    exercise("""
        Run a container named `oops-{RUN}` whose command fails with `sh -c 'exit 3'`. Find its
        exit code twice: in `ps -a` and with `container inspect -f '{{.State.ExitCode}}'`. Then
        remove it.
        """, """
        `sh -c 'exit 3'`으로 실패하는 `oops-{RUN}`이라는 컨테이너를 실행해 보세요. 종료 코드를
        두 가지 방법으로 찾아보세요. `ps -a`와 `container inspect -f '{{.State.ExitCode}}'`입니다.
        그다음 컨테이너를 삭제하세요.
        """),
    solution("""
        %docker run --name oops-{RUN} --label {LESSON} jupyter-docker/busybox sh -c 'exit 3'
        print(jd.ps(all=True, filter=f"name=oops-{RUN}")["status"].iloc[0])
        code = %docker container inspect -f '{{.State.ExitCode}}' oops-{RUN}
        print("exit code:", code)
        %docker rm oops-{RUN}
        """, expect=("Exited (3)", "exit code: 3")),
    exercise("""
        Start a detached container that prints the date every second. After two seconds, show
        only its last two lines (`logs --tail 2`), then remove it with a single command although
        it is still running.
        """, """
        1초마다 날짜를 출력하는 컨테이너를 백그라운드로 시작해 보세요. 2초 뒤 마지막 두 줄만
        보고(`logs --tail 2`), 아직 실행 중인 컨테이너를 명령 하나로 삭제하세요.
        """),
    solution("""
        import time
        %docker run -d --name clock-{RUN} --label {LESSON} jupyter-docker/busybox sh -c 'while true; do date; sleep 1; done'
        time.sleep(2)
        %docker logs --tail 2 clock-{RUN}
        %docker rm -f clock-{RUN}
        """, expect=("clock-",)),
    md("""
        ## Clean up

        `ps -aq` gives the IDs of this lesson's containers (its label as a filter), also one
        you left behind, such as a first shell you detached from instead of typing `exit`;
        `rm -f` removes them all at once:
        """, """
        ## 정리

        `ps -aq`는 이 레슨의 컨테이너(레슨 레이블로 거름) ID를 돌려줍니다. `exit` 대신 분리하고
        남겨 둔 첫 번째 셸처럼 남아 있는 것도 포함됩니다. `rm -f`로 한꺼번에 지웁니다.
        """),
    code("""
        mine = %docker ps -aq --filter label={LESSON}
        %docker rm -f {" ".join(mine)}
        %docker rmi lesson3-{RUN}/notes:v1
        """, expect=("Deleted:",)),
]

LESSON = Lesson(3, "containers", "Containers and their life cycle",
                "컨테이너와 생명 주기", CELLS)
