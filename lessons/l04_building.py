"""Lesson 4: building images with a Dockerfile."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, fails, md, setup, solution

SERVE = """
    import http.server, subprocess, threading
    from functools import partial

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # no line per request in the cell
            pass

    share = Path(tempfile.mkdtemp(prefix="lesson4-share-"))
    with tarfile.open(share / "context.tar.gz", "w:gz") as tar:
        tar.add(ctx / "hello.txt", arcname="hello.txt")
        tar.add(ctx / "Dockerfile.hello", arcname="Dockerfile")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(share)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    URL = f"http://127.0.0.1:{server.server_address[1]}"
    URL
    """

CELLS = [
    md("""
        A **Dockerfile** is a recipe: one instruction per line, run top to bottom to make an
        image. The Dockerfile is not the image; `build` turns it into one. The instructions you
        meet most:

        | instruction | what it does |
        |---|---|
        | `FROM image` | the base image to start from: the first instruction (only parser directives such as `# syntax=...`, comments and `ARG`s used in `FROM` may precede it) |
        | `RUN command` | runs a command inside the image being built and keeps its result |
        | `COPY src dest` | copies files from the **build context** into the image |
        | `ADD src dest` | like `COPY`, but also unpacks local tar archives (and fetches URLs); prefer `COPY` |
        | `ENV KEY=value` | sets an environment variable for the build and for containers |
        | `WORKDIR /path` | the directory later instructions and the container start in |
        | `EXPOSE port` | documents the port the program listens on (`-P` publishes it) |
        | `VOLUME /path` | marks a directory as a volume (lesson 6) |
        | `CMD [...]` | the default command; replaced by arguments after the image in `run` |
        | `ENTRYPOINT [...]` | the executable always run; `run`'s arguments are appended to it |
        """, """
        **Dockerfile**은 이미지를 만드는 순서를 적은 레시피입니다. 한 줄에 설정(인스트럭션)
        하나씩, 위에서 아래로 실행되어 이미지가 됩니다. Dockerfile 자체가 이미지는 아니며,
        `build`가 이를 이미지로 만듭니다. 자주 쓰는 설정은 다음과 같습니다.

        | 설정 | 하는 일 |
        |---|---|
        | `FROM 이미지` | 시작할 기본 이미지. 첫 설정입니다 (그 앞에는 `# syntax=...` 같은 파서 지시어, 주석, `FROM`에서 쓸 `ARG`만 올 수 있음) |
        | `RUN 명령` | 빌드 중인 이미지 안에서 명령을 실행하고 결과를 반영 |
        | `COPY src dest` | **빌드 컨텍스트**의 파일을 이미지로 복사 |
        | `ADD src dest` | `COPY`와 비슷하지만 로컬 tar 아카이브를 풀어 주고 URL도 받아 옴. 보통은 `COPY`를 권장 |
        | `ENV KEY=value` | 빌드와 컨테이너에서 쓸 환경 변수 설정 |
        | `WORKDIR /경로` | 이후 설정과 컨테이너가 시작할 디렉터리 |
        | `EXPOSE 포트` | 프로그램이 사용하는 포트를 기록 (`-P`가 이 포트를 게시) |
        | `VOLUME /경로` | 디렉터리를 볼륨으로 지정 (레슨 6) |
        | `CMD [...]` | 기본 명령. `run`에서 이미지 뒤에 준 인자로 대체됨 |
        | `ENTRYPOINT [...]` | 항상 실행되는 실행 파일. `run`의 인자가 뒤에 덧붙음 |
        """),
    *setup(4, classic_builder=True),
    md("""
        ## The build context

        `build` needs a Dockerfile and a **build context**: the files `COPY` and `ADD` may use,
        usually a directory given as a path (`.` for the current one). The whole directory is
        sent to the engine, so keep it small. Let's make one in a scratch directory and work
        there:
        """, """
        ## 빌드 컨텍스트

        `build`에는 Dockerfile과 **빌드 컨텍스트**가 필요합니다. 빌드 컨텍스트는 `COPY`나
        `ADD`가 참조할 수 있는 로컬 파일과 디렉터리의 모음으로, 보통 경로로 지정합니다
        (현재 디렉터리는 `.`). 디렉터리 전체가 엔진에 전달되므로 작게 유지하는 것이 좋습니다.
        임시 디렉터리에 컨텍스트를 만들고 그곳에서 작업해 봅시다.
        """),
    code("""
        import os, tarfile, tempfile
        from pathlib import Path

        home = os.getcwd()
        ctx = Path(tempfile.mkdtemp(prefix="lesson4-"))
        (ctx / "hello.txt").write_text("hello from the build context\\n")
        (ctx / "notes").mkdir()
        (ctx / "notes" / "todo.txt").write_text("learn Dockerfiles\\n")
        with tarfile.open(ctx / "notes.tar.gz", "w:gz") as tar:
            tar.add(ctx / "notes", arcname="notes")
        %cd {ctx}
        sorted(p.name for p in ctx.iterdir())
        """),
    md("""
        ## `%%docker build`: the Dockerfile in the cell

        With `%%docker build -t NAME .` the cell's body is the Dockerfile and `.` the context.
        Each instruction is a **step**. After each one this (classic) builder saves an
        **intermediate image**, `---> id`, for the next step to start from and for the cache to
        reuse: an image, not a layer. Most steps run in an **intermediate container**
        (`Running in ...`) that is committed to that image and then removed (`Removing
        intermediate container ...`). `--label` adds a label to the image (as a last step).
        """, """
        ## `%%docker build`: 셀에 쓴 Dockerfile

        `%%docker build -t 이름 .`에서는 셀 본문이 Dockerfile이고 `.`이 컨텍스트입니다. 설정
        하나가 **단계(Step)** 하나입니다. 이 (클래식) 빌더는 단계마다 **중간 이미지**
        `---> id`를 저장해 다음 단계의 출발점으로 삼고 캐시로도 씁니다. 이것은 계층이 아니라
        이미지입니다. 대부분의 단계는 **중간 컨테이너**(`Running in ...`)에서 실행되고, 그
        컨테이너는 중간 이미지로 커밋된 뒤 삭제됩니다 (`Removing intermediate container ...`).
        `--label`은 이미지에 레이블을 붙입니다 (마지막 단계로).
        """),
    code("""
        %%docker build -t lesson4-{RUN}/hello:v1 --label {LESSON} .
        FROM jupyter-docker/busybox
        ENV GREETING=hello
        WORKDIR /app
        COPY hello.txt .
        ADD notes.tar.gz /srv/
        RUN echo "built by RUN" > built.txt
        EXPOSE 8080
        VOLUME /data
        CMD ["sh", "-c", "cat hello.txt built.txt /srv/notes/todo.txt; echo \\"$GREETING from $PWD\\""]
        """, expect=("Successfully tagged lesson4-",)),
    md("""
        `ADD` unpacked the archive into `/srv/`; `CMD` runs when we give no command:
        """, """
        `ADD`가 아카이브를 `/srv/`에 풀어 두었습니다. 명령을 주지 않으면 `CMD`가 실행됩니다.
        """),
    code("%docker run --rm --label {LESSON} lesson4-{RUN}/hello:v1",
         expect=("hello from the build context", "learn Dockerfiles", "hello from /app")),
    md("""
        The metadata the Dockerfile set, as `image inspect` reports it:
        """, """
        Dockerfile이 정한 메타데이터를 `image inspect`로 확인합니다.
        """),
    code("""
        %docker image inspect -f 'Env={{json .Config.Env}} WorkingDir={{.Config.WorkingDir}} ExposedPorts={{json .Config.ExposedPorts}} Volumes={{json .Config.Volumes}}' lesson4-{RUN}/hello:v1
        """, expect=("GREETING=hello", "WorkingDir=/app", '"8080/tcp"', '"/data"')),
    md("""
        ## History entries and layers: `history`, `RootFS.Layers`

        `history` lists the image's **history entries**, newest first: one per step, with its
        instruction and the bytes it added. Only `RUN`, `COPY` and `ADD` add bytes here; `ENV`,
        `EXPOSE`, `VOLUME`, `CMD` and `LABEL` change only the settings (0B).
        """, """
        ## 히스토리 항목과 계층: `history`, `RootFS.Layers`

        `history`는 이미지의 **히스토리 항목**을 최신 것부터 보여 줍니다. 단계마다 하나씩, 그
        설정과 더한 바이트 수가 나옵니다. 여기서 바이트를 더하는 것은 `RUN`, `COPY`, `ADD`뿐이고,
        `ENV`, `EXPOSE`, `VOLUME`, `CMD`, `LABEL`은 설정만 바꿉니다 (0B).
        """),
    code("%docker history lesson4-{RUN}/hello:v1", expect=("ADD file:", "COPY file:")),
    md("""
        A **layer** is a set of file-system changes. Only a step that changes files adds one; a
        step that changes only the settings adds a history entry and no layer. The layers
        themselves are listed in `RootFS.Layers`: the base image's, then one each for `WORKDIR`
        (it created `/app`, a directory of 0 bytes), `COPY`, `ADD` and `RUN`. Ten history
        entries, five layers:
        """, """
        **계층**은 파일 시스템 변경의 묶음입니다. 파일을 바꾸는 단계만 계층을 더하고, 설정만
        바꾸는 단계는 히스토리 항목만 더하고 계층은 더하지 않습니다. 계층 목록은
        `RootFS.Layers`에 있습니다. 베이스 이미지의 계층, 그리고 `WORKDIR`(0바이트짜리
        디렉터리 `/app`을 만들었음), `COPY`, `ADD`, `RUN`의 계층이 하나씩입니다. 히스토리
        항목은 열 개, 계층은 다섯 개입니다.
        """),
    code("%docker image inspect -f '{{len .RootFS.Layers}} layers: {{json .RootFS.Layers}}' "
         "lesson4-{RUN}/hello:v1", expect=("5 layers: [",)),
    md("""
        ## The layer cache

        A Dockerfile usually lives in the context as a file called `Dockerfile`; `-f` names
        another one. Let's write a shorter recipe as a file. Its `LABEL` line makes the recipe
        this run's own: the cache is shared by everyone using the engine, and we want to see
        *our* cache at work.
        """, """
        ## 계층 캐시

        Dockerfile은 보통 컨텍스트 안에 `Dockerfile`이라는 파일로 둡니다. 다른 이름이면 `-f`로
        지정합니다. 더 짧은 레시피를 파일로 써 봅시다. `LABEL` 줄은 이 레시피를 이번 실행만의
        것으로 만듭니다. 캐시는 엔진을 쓰는 모든 사람이 함께 쓰므로, *우리* 캐시가 동작하는
        모습을 보기 위해서입니다.
        """),
    code('''
        recipe = f"""\\
        FROM jupyter-docker/busybox
        LABEL {LESSON}
        ENV GREETING=hello
        WORKDIR /app
        COPY hello.txt .
        """
        (ctx / "Dockerfile.hello").write_text(recipe + 'RUN echo "built by RUN" > built.txt\\n')
        v2 = %docker build -f Dockerfile.hello -t lesson4-{RUN}/hello:v2 --label {LESSON} .
        ''', expect=("Running in",)),
    md("""
        Build it again. A step is taken from the **cache** when the same instruction already ran
        on the same parent layer (for `COPY` and `ADD`: with the same file contents). Every step
        says `Using cache`, and the result is the very same image:
        """, """
        다시 빌드해 봅시다. 같은 상위 계층 위에서 같은 설정이 이미 실행된 적이 있으면
        (`COPY`와 `ADD`는 파일 내용까지 같으면) 그 단계는 **캐시**에서 가져옵니다. 모든 단계가
        `Using cache`이고, 결과도 완전히 같은 이미지입니다.
        """),
    code("""
        again = %docker build -f Dockerfile.hello -t lesson4-{RUN}/hello:v2 --label {LESSON} .
        again == v2
        """, expect=("Using cache", "True")),
    md("""
        Changing a copied file invalidates the cache from its `COPY` on: the steps before still
        come from the cache, the later ones run again.
        """, """
        복사되는 파일이 바뀌면 그 `COPY` 단계부터 캐시가 무효화됩니다. 그 앞의 단계는 여전히
        캐시에서 가져오고, 뒤의 단계는 다시 실행됩니다.
        """),
    code("""
        (ctx / "hello.txt").write_text("hello again, changed\\n")
        %docker build -f Dockerfile.hello -t lesson4-{RUN}/hello:v3 --label {LESSON} .
        """, expect=("Using cache", "Running in")),
    md("""
        `--no-cache` ignores the cache entirely, e.g. when a `RUN` downloads something that
        changed since (the cache only compares the instruction's text, not what it fetches):
        """, """
        `--no-cache`는 캐시를 전혀 쓰지 않습니다. 예를 들어 `RUN`이 내려받는 내용이 그사이
        바뀐 경우에 씁니다 (캐시는 설정의 글자만 비교할 뿐, 가져오는 내용은 비교하지 않습니다).
        """),
    code("%docker build --no-cache -f Dockerfile.hello -t lesson4-{RUN}/hello:fresh --label {LESSON} .",
         expect=("Running in",)),
    md("""
        ## Other build contexts: an archive, a URL, a git repository

        The context need not be a directory. `build` also takes a **tar archive** of one, a
        **URL** that the engine downloads (a tar archive, or a lone Dockerfile), or a **git
        repository** (a URL ending in `.git`, or `git://...`) that the engine clones to build
        from its files, or **standard input** (`-`, the next section). There is no internet
        here, so the lesson serves its own files over HTTP on 127.0.0.1, which the engine
        shares with this machine:
        """, """
        ## 다른 빌드 컨텍스트: 아카이브, URL, git 리포지터리

        컨텍스트가 꼭 디렉터리일 필요는 없습니다. `build`는 디렉터리를 묶은 **tar 아카이브**,
        엔진이 내려받는 **URL**(tar 아카이브나 Dockerfile 하나), 엔진이 클론해서 그 파일로
        빌드하는 **git 리포지터리**(`.git`으로 끝나는 URL이나 `git://...`), 그리고 **표준
        입력**(`-`, 다음 절)도 받습니다. 여기에는 인터넷이 없으므로, 레슨이 자기 파일을
        127.0.0.1의 HTTP로 내놓습니다. 엔진은 이 주소를 이 머신과 함께 씁니다.
        """),
    code(SERVE, ko=SERVE.replace("# no line per request in the cell",
                              "# 요청마다 셀에 줄을 쓰지 않습니다")),
    code("""
        %docker build -q -t lesson4-{RUN}/hello:url --label {LESSON} {URL}/context.tar.gz
        %docker run --rm --label {LESSON} lesson4-{RUN}/hello:url cat hello.txt built.txt
        """, expect=("hello again, changed", "built by RUN")),
    md("""
        A git repository of our own, with one commit, served the same way (`update-server-info`
        lets a plain web server serve it); the engine clones it and builds its `Dockerfile`:
        """, """
        커밋이 하나 있는 우리만의 git 리포지터리를 같은 방식으로 내놓습니다 (`update-server-info`
        덕분에 평범한 웹 서버로도 내놓을 수 있습니다). 엔진이 클론해서 그 `Dockerfile`을 빌드합니다.
        """),
    code("""
        work = Path(tempfile.mkdtemp(prefix="lesson4-git-"))
        (work / "Dockerfile").write_text('FROM jupyter-docker/busybox\\nCMD ["echo", "built from git"]\\n')
        git = ["git", "-c", "user.name=lesson4", "-c", "user.email=lesson4@example.invalid"]
        subprocess.run(["git", "init", "-q", str(work)], check=True)
        subprocess.run([*git, "-C", str(work), "add", "Dockerfile"], check=True)
        subprocess.run([*git, "-C", str(work), "commit", "-qm", "A Dockerfile"], check=True)
        subprocess.run(["git", "clone", "-q", "--bare", str(work), str(share / "greet.git")], check=True)
        subprocess.run(["git", "-C", str(share / "greet.git"), "update-server-info"], check=True)
        %docker build -q -t lesson4-{RUN}/greet:git --label {LESSON} {URL}/greet.git
        %docker run --rm --label {LESSON} lesson4-{RUN}/greet:git
        """, expect=("built from git",)),
    md("""
        ## Standard input: `build -`

        With `-` as the context, `build` reads standard input. A **Dockerfile** there is built
        with an empty context (nothing for `COPY` to copy); a **tar archive** (plain, gzip,
        bzip2 or xz) is the context, with its `Dockerfile`. In a shell that is
        `docker build - < Dockerfile` or `docker build - < context.tar.gz`. In a notebook,
        standard input is the cell body of `%%docker build ... -`, or a file given with
        `< FILE` at the end of the line, as in a shell. A Dockerfile as the cell body:
        """, """
        ## 표준 입력: `build -`

        컨텍스트 자리에 `-`를 주면 `build`는 표준 입력을 읽습니다. 표준 입력이 **Dockerfile**이면
        빈 컨텍스트로 빌드하고 (`COPY`할 파일이 없습니다), **tar 아카이브**(압축하지 않았거나
        gzip, bzip2, xz)이면 그 아카이브가 `Dockerfile`을 포함한 컨텍스트입니다. 셸에서는
        `docker build - < Dockerfile`이나 `docker build - < context.tar.gz`입니다. 노트북에서는
        `%%docker build ... -`의 셀 본문, 또는 셸처럼 줄 끝에 `< 파일`로 준 파일이 표준
        입력입니다. 셀 본문으로 준 Dockerfile입니다.
        """),
    code("""
        %%docker build -q -t lesson4-{RUN}/stdin:dockerfile --label {LESSON} -
        FROM jupyter-docker/busybox
        CMD ["echo", "a Dockerfile from standard input"]
        """),
    code("%docker run --rm --label {LESSON} lesson4-{RUN}/stdin:dockerfile",
         expect=("a Dockerfile from standard input",)),
    md("""
        Its context is empty, so a `COPY` finds nothing to copy:
        """, """
        컨텍스트가 비어 있으므로 `COPY`는 복사할 파일을 찾지 못합니다.
        """),
    fails("""
        %%docker build -q -t lesson4-{RUN}/stdin:copy --label {LESSON} -
        FROM jupyter-docker/busybox
        COPY hello.txt /
        """),
    md("""
        The archive we served above, from a file on standard input: its `Dockerfile` and
        `hello.txt` are the context.
        """, """
        위에서 내놓은 아카이브를 파일로 표준 입력에 줍니다. 그 안의 `Dockerfile`과 `hello.txt`가
        컨텍스트입니다.
        """),
    code("""
        %docker build -q -t lesson4-{RUN}/stdin:tar --label {LESSON} - < {share}/context.tar.gz
        %docker run --rm --label {LESSON} lesson4-{RUN}/stdin:tar cat hello.txt
        """, expect=("hello again, changed",)),
    md("""
        ## `--pull`: a fresh base image

        `build` uses the `FROM` image the engine already has and pulls it only when it has none.
        `--pull` always asks the image's registry for a newer version first, so that a rebuild
        picks up the base image's fixes (`--pull=true` is the same). Our base image was made on
        this machine and there is no internet here, so the engine cannot ask Docker Hub and
        the build stops at its first step, saying why:
        """, """
        ## `--pull`: 최신 베이스 이미지

        `build`는 엔진이 이미 가진 `FROM` 이미지를 쓰고, 없을 때만 내려받습니다. `--pull`은 항상
        먼저 이미지의 레지스트리에 더 새 버전이 있는지 물어봅니다. 다시 빌드할 때 베이스 이미지의
        수정 사항을 반영하기 위해서입니다 (`--pull=true`도 같습니다). 우리 베이스 이미지는 이
        머신에서 만들었고 여기에는 인터넷이 없으므로, 엔진은 Docker Hub에 물어볼 수 없고 빌드는
        첫 단계에서 멈추며 그 이유를 알려 줍니다.
        """),
    fails("%docker build --pull -q -f Dockerfile.hello -t lesson4-{RUN}/pulled --label {LESSON} ."),
    md("""
        ## Choosing a base image, and `FROM scratch`

        The base image decides what the image starts with. **Official images** on Docker Hub
        (`debian`, `alpine`, `python`, `nginx`, ...) are maintained and patched, and documented
        there: start from one of them when you can. `busybox` (which this course's base image
        is made of) fits in a few megabytes but has only simple tools and no package manager.
        `scratch` is the empty image: no files at all, not even a shell. `FROM scratch` suits a
        **static binary**, a program that needs no library. The busybox of our base image is
        one: copy it out of that image (`COPY --from=IMAGE`) into an empty one.
        """, """
        ## 베이스 이미지 고르기, 그리고 `FROM scratch`

        베이스 이미지가 이미지의 출발점을 정합니다. Docker Hub의 **공식 이미지**(`debian`,
        `alpine`, `python`, `nginx` 등)는 관리와 보안 패치가 이루어지고 설명도 그곳에 있습니다.
        가능하면 공식 이미지에서 시작하세요. `busybox`(이 과정의 베이스 이미지가 이것으로
        만들어졌습니다)는 몇 메가바이트에 들어가지만 간단한 도구뿐이고 패키지 관리자가 없습니다.
        `scratch`는 빈 이미지입니다. 파일이 하나도 없고 셸도 없습니다. `FROM scratch`는 라이브러리가
        필요 없는 프로그램인 **정적 바이너리**에 알맞습니다. 우리 베이스 이미지의 busybox가 바로
        그런 바이너리입니다. 그 이미지에서 꺼내 (`COPY --from=이미지`) 빈 이미지에 넣어 봅시다.
        """),
    code("""
        %%docker build -q -t lesson4-{RUN}/tiny:v1 --label {LESSON} -
        FROM scratch
        COPY --from=jupyter-docker/busybox /bin/busybox /busybox
        CMD ["/busybox", "echo", "hello from scratch"]
        """),
    code("""
        %docker run --rm --label {LESSON} lesson4-{RUN}/tiny:v1
        %docker run --rm --label {LESSON} lesson4-{RUN}/tiny:v1 /busybox ls /
        """, expect=("hello from scratch", "busybox")),
    md("""
        Only our one file is in it (`dev`, `etc`, `proc` and `sys` are what the engine mounts
        into every container). There is no shell to run:
        """, """
        이미지에는 우리 파일 하나뿐입니다 (`dev`, `etc`, `proc`, `sys`는 엔진이 모든 컨테이너에
        마운트하는 것입니다). 실행할 셸도 없습니다.
        """),
    fails("%docker run --rm --label {LESSON} lesson4-{RUN}/tiny:v1 sh"),
    md("""
        ## A `RUN`'s processes do not keep running

        A `RUN` runs in an intermediate container that is committed and removed, so only its
        **files** stay in the image. A program it starts in the background (a database, an SSH
        daemon) stops with that container: a container from the image runs only its `CMD` or
        `ENTRYPOINT`. Start servers there, not in `RUN`. This `RUN` starts a `sleep` in the
        background, writes a file and lists its processes:
        """, """
        ## `RUN`이 시작한 프로세스는 계속 실행되지 않는다

        `RUN`은 중간 컨테이너에서 실행되고, 그 컨테이너는 커밋된 뒤 삭제됩니다. 그래서 이미지에는
        `RUN`이 만든 **파일**만 남습니다. `RUN`이 백그라운드로 시작한 프로그램(데이터베이스, SSH
        데몬 등)은 그 컨테이너와 함께 멈춥니다. 이미지로 만든 컨테이너는 `CMD`나 `ENTRYPOINT`만
        실행합니다. 서버는 `RUN`이 아니라 그곳에서 시작하세요. 이 `RUN`은 `sleep`을
        백그라운드로 시작하고, 파일을 쓰고, 프로세스 목록을 보여 줍니다.
        """),
    code("""
        %%docker build -t lesson4-{RUN}/daemon:v1 --label {LESSON} -
        FROM jupyter-docker/busybox
        RUN sleep 1000 >/dev/null 2>&1 & echo "started at build time" > /started.txt; ps
        """, expect=("sleep 1000",)),
    md("""
        A container of that image has the file, and no `sleep`:
        """, """
        그 이미지로 만든 컨테이너에는 파일은 있지만 `sleep`은 없습니다.
        """),
    code("""
        %docker run --rm --label {LESSON} lesson4-{RUN}/daemon:v1 sh -c 'cat /started.txt; ps; pgrep -x sleep || echo "no sleep process"'
        """, expect=("started at build time", "no sleep process")),
    md("""
        ## `CMD` and `ENTRYPOINT`

        `ENTRYPOINT` is the program; `CMD` gives its default arguments. Arguments after the image
        name in `run` replace `CMD` only:
        """, """
        ## `CMD`와 `ENTRYPOINT`

        `ENTRYPOINT`는 실행할 프로그램이고 `CMD`는 그 기본 인자입니다. `run`에서 이미지 이름
        뒤에 준 인자는 `CMD`만 대체합니다.
        """),
    code("""
        %%docker build -t lesson4-{RUN}/greet:v1 --label {LESSON} .
        FROM jupyter-docker/busybox
        ENTRYPOINT ["echo", "greeting:"]
        CMD ["hello"]
        """),
    code("""
        %docker run --rm --label {LESSON} lesson4-{RUN}/greet:v1
        %docker run --rm --label {LESSON} lesson4-{RUN}/greet:v1 bonjour
        """, expect=("greeting: hello", "greeting: bonjour")),
    md("""
        ## Debugging a failed build

        When a step fails, the build stops and says which step failed, the engine's message, and
        the **last good layer**: the image made by the step before. Run a container from that
        image (not from the failed step's container) to look around. `--force-rm` removes the
        failed step's container too. Here: our recipe, plus a `RUN` that calls `bash`.
        """, """
        ## 실패한 빌드 디버깅하기

        어떤 단계가 실패하면 빌드가 멈추고, 실패한 단계와 엔진의 메시지, 그리고 **마지막으로
        성공한 계층**(바로 앞 단계가 만든 이미지)을 알려 줍니다. 실패한 단계의 임시 컨테이너가
        아니라 이 이미지로 컨테이너를 실행해서 원인을 살펴봅니다. `--force-rm`은 실패한 단계의
        컨테이너도 삭제합니다. 여기서는 위의 레시피에 `bash`를 부르는 `RUN`을 더했습니다.
        """),
    fails("""
        (ctx / "Dockerfile.broken").write_text(recipe + "RUN bash -c 'echo $GREETING'\\n")
        %docker build -f Dockerfile.broken -t lesson4-{RUN}/broken --label {LESSON} --force-rm .
        """),
    md("""
        Copy the ID from the message; here we read it from the error so that the notebook also
        runs unattended. The image before the failing step has our file, and no `bash`: busybox
        only has `sh`.
        """, """
        메시지에서 ID를 복사해 쓰면 됩니다. 여기서는 노트북이 혼자서도 실행되도록 오류에서 ID를
        읽어 옵니다. 실패하기 전 단계의 이미지에는 우리 파일이 있지만 `bash`는 없습니다.
        busybox에는 `sh`만 있기 때문입니다.
        """),
    code("""
        import re, sys
        last_good = re.search(r"last good layer: (\\w+)", str(sys.last_value)).group(1)
        %docker run --rm --label {LESSON} {last_good} sh -c 'ls /app; command -v bash || echo "no bash here, use sh"'
        """, expect=("hello.txt", "no bash here")),
    exercise("""
        Build `lesson4-{RUN}/count:v1` whose `ENTRYPOINT` is `seq` and whose `CMD` is `3`, so
        that `run` counts to 3 and `run ... count:v1 5` counts to 5. Label it with `{LESSON}`.
        """, """
        `ENTRYPOINT`가 `seq`이고 `CMD`가 `3`인 `lesson4-{RUN}/count:v1`을 빌드해 보세요.
        `run`은 3까지, `run ... count:v1 5`는 5까지 세야 합니다. 레이블 `{LESSON}`도 붙이세요.
        """),
    solution("""
        %%docker build -t lesson4-{RUN}/count:v1 --label {LESSON} .
        FROM jupyter-docker/busybox
        ENTRYPOINT ["seq"]
        CMD ["3"]
        """),
    solution("%docker run --rm --label {LESSON} lesson4-{RUN}/count:v1 5", expect=("4\n5",)),
    exercise("""
        How many layers and how many history entries does `lesson4-{RUN}/greet:v1` have, and
        why do they differ? Then, for `lesson4-{RUN}/hello:v1` and leaving out the base
        image's entry (imported, so it has no instruction), which instruction added the most
        bytes? (`history` returns a DataFrame with a `size` column in bytes.)
        """, """
        `lesson4-{RUN}/greet:v1`의 계층과 히스토리 항목은 각각 몇 개이고, 왜 다를까요? 그다음
        `lesson4-{RUN}/hello:v1`에서 베이스 이미지의 항목(import로 만들어져 설정이 없음)을
        빼면, 어떤 설정이 가장 많은 바이트를 더했을까요? (`history`는 바이트 단위 `size` 열이
        있는 DataFrame을 돌려줍니다.)
        """),
    solution("""
        layers = %docker image inspect -f '{{len .RootFS.Layers}}' lesson4-{RUN}/greet:v1
        entries = %docker history lesson4-{RUN}/greet:v1
        print(layers, "layer(s),", len(entries), "history entries")  # ENTRYPOINT, CMD, LABEL: settings only
        steps = %docker history --no-trunc lesson4-{RUN}/hello:v1
        ours = steps[steps["created_by"] != ""]
        ours.loc[ours["size"].idxmax(), "created_by"]
        """, ko="""
        layers = %docker image inspect -f '{{len .RootFS.Layers}}' lesson4-{RUN}/greet:v1
        entries = %docker history lesson4-{RUN}/greet:v1
        print(layers, "layer(s),", len(entries), "history entries")  # ENTRYPOINT, CMD, LABEL: 설정만 바꿈
        steps = %docker history --no-trunc lesson4-{RUN}/hello:v1
        ours = steps[steps["created_by"] != ""]
        ours.loc[ours["size"].idxmax(), "created_by"]
        """, expect=("1 layer(s), 4 history entries", "COPY")),
    md("""
        ## Clean up

        Go back to the first directory, then remove the images and the context. Every image of
        this lesson carries its label, so `image prune -a` with a label filter removes exactly
        those (with the exercise's, if you built it), and nothing else.
        """, """
        ## 정리

        처음 디렉터리로 돌아간 다음 이미지와 컨텍스트를 삭제합니다. 이 레슨의 이미지에는 모두
        레슨 레이블이 붙어 있으므로, 레이블 필터를 준 `image prune -a`는 정확히 그 이미지들만
        (연습 문제에서 빌드했다면 그것까지) 지우고 다른 것은 건드리지 않습니다.
        """),
    code("""
        import shutil
        %cd {home}
        server.shutdown()
        for scratch in (ctx, share, work):
            shutil.rmtree(scratch)
        %docker image prune -a -f --filter label={LESSON}
        """, expect=("Total reclaimed space",)),
]

LESSON = Lesson(4, "building-images", "Building images: Dockerfile, context, layers, cache",
                "이미지 빌드: Dockerfile, 빌드 컨텍스트, 계층, 캐시", CELLS)
