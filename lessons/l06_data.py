"""Lesson 6: data -- volumes, bind mounts, data containers and --volumes-from, cp, rm -v."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, md, setup, solution

CELLS = [
    md("""
        A container's own files live in its writable layer and disappear with the container.
        Data that must outlive it goes outside that layer, mounted into the container, in one
        of two kinds of storage:

        - a **volume**, a directory the engine creates and manages (`volume ls` lists it,
          `volume rm` removes it): `-v NAME:/path` a **named volume**, created with
          `volume create` (or on first use); `-v /path` (or `VOLUME /path` in a Dockerfile) an
          **anonymous volume**, made for this container;
        - a **bind mount**, `-v /host/dir:/path`: a host directory you choose, mounted as it
          is. It is not a volume: the engine does not manage it, `volume ls` never lists it and
          removing containers never deletes it. A Dockerfile cannot ask for one, since it would
          tie the image to one host.
        """, """
        컨테이너 자신의 파일은 쓰기 가능한 계층에 있으며 컨테이너와 함께 사라집니다. 컨테이너보다
        오래 남아야 하는 데이터는 그 계층 밖, 컨테이너에 마운트되는 두 종류의 저장소 중 하나에
        둡니다.

        - **볼륨**: 엔진이 만들고 관리하는 디렉터리입니다 (`volume ls`가 보여 주고
          `volume rm`이 지웁니다). `-v 이름:/경로`는 **이름 있는 볼륨**으로, `volume create`로
          만들거나 처음 쓸 때 만들어집니다. `-v /경로` (또는 Dockerfile의 `VOLUME /경로`)는 이
          컨테이너를 위해 만들어지는 **익명 볼륨**입니다.
        - **바인드 마운트**: `-v /호스트/디렉터리:/경로`. 직접 고른 호스트 디렉터리를 그대로
          마운트합니다. 볼륨이 아닙니다. 엔진이 관리하지 않으므로 `volume ls`에 나오지 않고,
          컨테이너를 지워도 삭제되지 않습니다. 이미지를 특정 호스트에 묶어 버리므로
          Dockerfile로는 요청할 수 없습니다.
        """),
    *setup(6),
    md("""
        ## A named volume outlives its containers

        One container writes a note into the volume and ends (`--rm` removes it); a second one,
        started later, still finds the note:
        """, """
        ## 이름 있는 볼륨은 컨테이너보다 오래 남습니다

        첫 번째 컨테이너가 볼륨에 메모를 쓰고 끝납니다 (`--rm`이 컨테이너를 삭제합니다).
        나중에 시작한 두 번째 컨테이너에서도 메모가 그대로 보입니다.
        """),
    code("""
        %docker volume create --label {LESSON} notes-{RUN}
        %docker run --rm --label {LESSON} -v notes-{RUN}:/data jupyter-docker/busybox sh -c 'echo "first note" > /data/notes.txt'
        %docker run --rm --label {LESSON} -v notes-{RUN}:/data jupyter-docker/busybox cat /data/notes.txt
        """, expect=("first note",)),
    md("""
        `volume ls` and `volume inspect` show where the engine keeps it on the host:
        """, """
        `volume ls`와 `volume inspect`로 엔진이 호스트의 어디에 볼륨을 두는지 볼 수 있습니다.
        """),
    code("%docker volume ls --filter label={LESSON}", expect=("notes-",)),
    code("%docker volume inspect -f '{{.Mountpoint}}' notes-{RUN}", expect=("/volumes/notes-",)),
    md("""
        ## Anonymous volumes and `rm -v`

        `-v /data` makes a fresh volume with a random name. `inspect` shows the container's
        mounts. Removing the container keeps the volume, unless you say `rm -v`:
        """, """
        ## 익명 볼륨과 `rm -v`

        `-v /data`는 무작위 이름을 가진 새 볼륨을 만듭니다. `inspect`로 컨테이너의 마운트를 볼
        수 있습니다. 컨테이너를 삭제해도 볼륨은 남지만, `rm -v`를 쓰면 함께 삭제됩니다.
        """),
    code("""
        %docker run --name anon-{RUN} --label {LESSON} -v /data jupyter-docker/busybox sh -c 'echo scratch > /data/x'
        anonymous = %docker inspect -f '{{range .Mounts}}{{.Name}}{{end}}' anon-{RUN}
        print("volume:", anonymous)
        %docker volume ls -q --filter name={anonymous}
        """),
    code("""
        %docker rm -v anon-{RUN}
        left = %docker volume ls -q --filter name={anonymous}
        print("volumes left with that name:", len(left))
        """, expect=("volumes left with that name: 0",)),
    md("""
        `run --rm` does the same when the container ends: it removes the container **and its
        anonymous volumes** (named volumes stay). This one would sleep for ten minutes;
        `stop -t 1` gives it one second to end after SIGTERM (instead of the default 10), then
        kills it. The engine removes a `--rm` container just after it stops, so we look a few
        times:
        """, """
        `run --rm`도 컨테이너가 끝날 때 같은 일을 합니다. 컨테이너와 **그 익명 볼륨**을 함께
        지웁니다 (이름 있는 볼륨은 남습니다). 이 컨테이너는 10분 동안 잠들 예정이지만,
        `stop -t 1`은 SIGTERM 뒤 (기본 10초 대신) 1초만 기다렸다가 강제 종료합니다. 엔진은
        `--rm` 컨테이너를 멈춘 직후에 지우므로 몇 번 확인합니다.
        """),
    code("""
        import time
        %docker run -d --rm --name scratch-{RUN} --label {LESSON} -v /data jupyter-docker/busybox sleep 600
        scratch = %docker inspect -f '{{range .Mounts}}{{.Name}}{{end}}' scratch-{RUN}
        %docker stop -t 1 scratch-{RUN}
        for _ in range(50):
            left = %docker volume ls -q --filter name={scratch}
            if not left:
                break
            time.sleep(0.2)
        print("volumes left with that name:", len(left))
        """, expect=("volumes left with that name: 0",)),
    md("""
        ## Bind mounts: share a host directory

        A bind mount shows a host directory inside the container: both sides see the same
        files. The container writes as our own user (`-u`) so that we can delete its files
        afterwards.
        """, """
        ## 바인드 마운트: 호스트 디렉터리 공유

        바인드 마운트는 호스트 디렉터리를 컨테이너 안에 보여 줍니다. 양쪽이 같은 파일을 봅니다.
        나중에 우리가 파일을 지울 수 있도록 컨테이너가 우리 사용자(`-u`)로 쓰게 합니다.
        """),
    code("""
        import os, tempfile
        from pathlib import Path

        host = Path(tempfile.mkdtemp(prefix="lesson6-"))
        (host / "from-host.txt").write_text("written by Python on the host\\n")
        me = f"{os.getuid()}:{os.getgid()}"

        %docker run --rm --label {LESSON} -u {me} -v {host}:/data jupyter-docker/busybox sh -c 'cat /data/from-host.txt; echo "written in the container" > /data/from-container.txt'
        print((host / "from-container.txt").read_text())
        """, expect=("written by Python on the host", "written in the container")),
    md("""
        ## Data containers and `--volumes-from`

        A **data container** exists only to hold volumes for others. It is created, never run.
        `--volumes-from CONTAINER` mounts all of its volumes, at the same paths, into a new
        container:
        """, """
        ## 데이터 컨테이너와 `--volumes-from`

        **데이터 컨테이너**는 다른 컨테이너들과 볼륨을 공유하기 위해서만 존재합니다. 생성만
        하고 실행하지 않습니다. `--volumes-from 컨테이너`는 그 컨테이너의 볼륨을 모두 같은 경로로
        새 컨테이너에 마운트합니다.
        """),
    code("""
        %docker create --name data-{RUN} --label {LESSON} -v /shared jupyter-docker/busybox
        %docker run --rm --label {LESSON} --volumes-from data-{RUN} jupyter-docker/busybox sh -c 'echo "hello from the writer" > /shared/message'
        %docker run --rm --label {LESSON} --volumes-from data-{RUN} jupyter-docker/busybox cat /shared/message
        """, expect=("hello from the writer",)),
    md("""
        ## `cp`: copy files between host and container

        `cp` copies in either direction, also into and out of a stopped container (and its
        volumes):
        """, """
        ## `cp`: 호스트와 컨테이너 사이 파일 복사

        `cp`는 양방향으로 복사합니다. 정지된 컨테이너(와 그 볼륨)에도 쓸 수 있습니다.
        """),
    code("""
        %docker cp {host}/from-host.txt data-{RUN}:/shared/
        %docker cp data-{RUN}:/shared/message {host}/message.txt
        sorted(p.name for p in host.iterdir())
        """, expect=("message.txt",)),
    code("""
        %docker run --rm --label {LESSON} --volumes-from data-{RUN} jupyter-docker/busybox ls /shared
        """, expect=("from-host.txt", "message")),
    exercise("""
        Back up the volume `notes-{RUN}` into `{host}/notes.tar`: run a container that mounts the
        volume read-only (`:ro`) and the host directory, and runs `tar`. Then list the archive
        from Python with `tarfile`.
        """, """
        볼륨 `notes-{RUN}`을 `{host}/notes.tar`로 백업해 보세요. 볼륨을 읽기 전용(`:ro`)으로,
        호스트 디렉터리도 함께 마운트한 컨테이너에서 `tar`를 실행하면 됩니다. 그다음 파이썬의
        `tarfile`로 아카이브 내용을 확인하세요.
        """),
    solution("""
        import tarfile
        %docker run --rm --label {LESSON} -u {me} -v notes-{RUN}:/data:ro -v {host}:/backup jupyter-docker/busybox tar cf /backup/notes.tar -C /data .
        tarfile.open(host / "notes.tar").getnames()
        """, expect=("notes.txt",)),
    exercise("""
        What happens when a container writes to a volume mounted with `:ro`?
        """, """
        `:ro`로 마운트한 볼륨에 컨테이너가 쓰려고 하면 어떻게 될까요?
        """),
    solution("""
        %docker run --rm --label {LESSON} -v notes-{RUN}:/data:ro jupyter-docker/busybox sh -c 'echo more >> /data/notes.txt'
        """, expect=("Read-only file system",)),
    md("""
        ## Clean up

        `rm -v` removes the data container with its anonymous volume; the named volume goes
        with `volume rm`; the host directory with Python.
        """, """
        ## 정리

        `rm -v`는 데이터 컨테이너를 익명 볼륨과 함께 삭제합니다. 이름 있는 볼륨은
        `volume rm`으로, 호스트 디렉터리는 파이썬으로 지웁니다.
        """),
    code("""
        import shutil
        %docker rm -v data-{RUN}
        %docker volume rm notes-{RUN}
        shutil.rmtree(host)
        """),
]

LESSON = Lesson(6, "data", "Data: volumes, bind mounts, data containers",
                "데이터: 볼륨, 바인드 마운트, 데이터 컨테이너", CELLS)
