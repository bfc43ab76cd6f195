"""Lesson 1: what Docker is -- engine, client, images, containers, registries."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, fails, md, setup, solution

CELLS = [
    md("""
        Docker runs programs in **containers**: isolated processes that share the host's Linux
        kernel but see their own files, network and process list. Five words carry the whole
        course:

        | word | what it is | analogy |
        |---|---|---|
        | **engine** (daemon, `dockerd`) | the server that builds images and runs containers | the shipping yard |
        | **client** | what you type commands into: the `docker` CLI, or `%docker` here | the yard's office |
        | **image** | a read-only template: files plus settings (command, environment) | the shipping manifest |
        | **container** | a running (or stopped) instance of an image | the shipping container |
        | **registry** | a server that stores images in **repositories** (Docker Hub, or a private one) | the port |

        An image is to a container what a class is to an instance, or a program to a process.
        """, """
        도커는 프로그램을 **컨테이너** 안에서 실행합니다. 컨테이너는 호스트의 리눅스 커널을
        공유하지만 자기만의 파일, 네트워크, 프로세스 목록을 보는 격리된 프로세스입니다.
        이 과정 전체를 다섯 단어로 정리할 수 있습니다.

        | 용어 | 뜻 | 비유 |
        |---|---|---|
        | **도커 엔진** (도커 데몬, `dockerd`) | 이미지를 빌드하고 컨테이너를 실행하는 서버 | 적하 야적장 |
        | **도커 클라이언트** | 명령을 입력하는 곳: `docker` CLI, 여기서는 `%docker` | 야적장 사무실 |
        | **이미지** | 읽기 전용 템플릿: 파일과 설정(실행할 명령, 환경 변수) | 적하 목록 |
        | **컨테이너** | 이미지로부터 만들어져 실행 중인(또는 정지된) 인스턴스 | 적하 컨테이너 |
        | **레지스트리** | 이미지를 **리포지터리** 단위로 보관하는 서버 (도커 허브 또는 프라이빗 레지스트리) | 항구 |

        이미지와 컨테이너의 관계는 클래스와 인스턴스, 프로그램과 프로세스의 관계와 같습니다.
        """),
    *setup(1),
    md("""
        ## Client and engine

        The client and the engine are separate programs. They talk **HTTP over a unix socket**
        (`/var/run/docker.sock`). `version` shows both sides: the client (here the
        `jupyter-docker` extension, through the Docker SDK for Python) and the server (the engine).
        """, """
        ## 클라이언트와 엔진

        도커 클라이언트와 도커 엔진은 서로 다른 프로그램입니다. 둘은 **유닉스 도메인 소켓**
        (`/var/run/docker.sock`) 위에서 **HTTP**로 통신합니다. `version`은 양쪽을 모두
        보여 줍니다. 클라이언트(여기서는 도커 SDK for Python을 쓰는 `jupyter-docker` 확장)와
        서버(도커 엔진)입니다.
        """),
    code("%docker version", expect=("Server:", "API version")),
    md("""
        Nothing magic happens in between: any program can speak that HTTP. Here is the engine's
        health check, `GET /_ping`, sent by hand over the socket:
        """, """
        그 사이에 특별한 마법은 없습니다. 어떤 프로그램이든 이 HTTP로 말할 수 있습니다.
        엔진의 상태 확인 요청 `GET /_ping`을 소켓에 직접 보내 보겠습니다.
        """),
    code("""
        import socket

        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect("/var/run/docker.sock")
            sock.sendall(b"GET /_ping HTTP/1.0\\r\\nHost: docker\\r\\n\\r\\n")
            reply = sock.recv(4096).decode()
        print(reply.splitlines()[0], "...", reply.splitlines()[-1])
        """, expect=("HTTP/1.0 200 OK", "... OK")),
    md("""
        `info` describes the engine: storage driver, how many containers and images it holds,
        the host's CPUs and memory. In a notebook the result is a Python dict, so you can pick
        fields:
        """, """
        `info`는 엔진을 설명합니다. 저장소 드라이버, 보유한 컨테이너와 이미지 수, 호스트의
        CPU와 메모리 등입니다. 노트북에서는 결과가 파이썬 dict이므로 필요한 항목만 골라 볼 수
        있습니다.
        """),
    code("""
        info = %docker info
        info["ServerVersion"], info["Driver"], info["OperatingSystem"]
        """),
    md("""
        ## Images

        `images` lists the images the engine holds. The result is a pandas DataFrame: sizes are
        bytes and times are datetimes, shown the way the CLI shows them.

        This course uses one base image, `jupyter-docker/busybox`. There is no internet in class,
        so it does not come from Docker Hub: `scripts/provision.sh` (the script that set up this
        machine) packs Debian's `busybox-static` into a file system tar and imports it with
        `docker import`. Its comment says so:
        """, """
        ## 이미지

        `images`는 엔진에 저장된 이미지 목록을 보여 줍니다. 결과는 pandas DataFrame이며,
        크기는 바이트, 시간은 datetime 값으로 들어 있고 CLI와 같은 모양으로 표시됩니다.

        이 과정은 베이스 이미지 하나, `jupyter-docker/busybox`만 사용합니다. 수업 환경에는
        인터넷이 없으므로 도커 허브에서 받아 온 것이 아닙니다. 이 머신을 준비한 스크립트
        `scripts/provision.sh`가 데비안의 `busybox-static`을 파일 시스템 tar로 묶어
        `docker import`로 가져온 이미지입니다. 이미지의 설명(Comment)에 그렇게 적혀 있습니다.
        """),
    code("%docker images jupyter-docker/busybox"),
    code("%docker image inspect -f '{{.Comment}}' jupyter-docker/busybox",
         expect=("busybox-static",)),
    md("""
        ## Containers

        `run` makes a container from an image and starts it. What happens, step by step:

        1. the client sends the request to the engine;
        2. the engine looks for the image locally (it would pull it from a registry if missing);
        3. the engine creates a container from the image and starts its process;
        4. the process writes to its standard output, which the engine streams back to us.
        """, """
        ## 컨테이너

        `run`은 이미지로 컨테이너를 만들고 시작합니다. 동작 순서는 다음과 같습니다.

        1. 클라이언트가 엔진에 요청을 보냅니다.
        2. 엔진이 로컬에서 이미지를 찾습니다 (없으면 레지스트리에서 pull 합니다).
        3. 엔진이 이미지로부터 컨테이너를 생성하고 그 안의 프로세스를 시작합니다.
        4. 프로세스가 표준 출력에 쓴 내용을 엔진이 우리에게 보내 줍니다.
        """),
    code("""
        %docker run --name hello-{RUN} --label {LESSON} jupyter-docker/busybox echo "Hello from a container"
        """, expect=("Hello from a container",)),
    md("""
        The process ended, so the container **stopped**, but it still exists. `ps` lists running
        containers; `ps -a` lists all of them. Here, only this lesson's:
        """, """
        프로세스가 끝났으니 컨테이너는 **정지** 상태가 되었지만 아직 남아 있습니다. `ps`는
        실행 중인 컨테이너만, `ps -a`는 모든 컨테이너를 보여 줍니다. 여기서는 이 레슨의
        컨테이너만 봅니다.
        """),
    code("%docker ps -a --filter label={LESSON}", expect=("Exited (0)",)),
    md("""
        Commands come in two spellings: the short one (`docker ps`) and the **management
        command** form (`docker container ls`), grouped by object: `container`, `image`,
        `volume`, `network`... Both do the same:
        """, """
        명령어는 두 가지로 쓸 수 있습니다. 짧은 형태(`docker ps`)와, 대상별로 묶인
        **관리 명령어(Management Command)** 형태(`docker container ls`)입니다. 관리 명령어에는
        `container`, `image`, `volume`, `network` 등이 있고, 두 형태는 같은 일을 합니다.
        """),
    code("%docker container ls -a --filter label={LESSON} --format '{{.Names}}: {{.Status}}'",
         expect=("Exited (0)",)),
    md("""
        Every command has `--help`, and a mistake is one clear line, as in the CLI:
        """, """
        모든 명령에는 `--help`가 있고, 잘못 입력하면 CLI처럼 한 줄짜리 오류가 나옵니다.
        """),
    code("%docker rm --help"),
    fails("%docker ps --colour"),
    md("""
        Every command is also a Python function in `jupyter_docker`, handy in scripts:
        """, """
        모든 명령은 `jupyter_docker`의 파이썬 함수로도 쓸 수 있어 스크립트에서 편리합니다.
        """),
    code("""
        import jupyter_docker as jd
        jd.ps(all=True, filter=f"label={LESSON}")[["names", "image", "status"]]
        """),
    exercise("""
        How many CPUs and how much memory (in GiB) does the engine report? Use the `info`
        dict from above (keys `NCPU` and `MemTotal`).
        """, """
        엔진이 보고하는 CPU 개수와 메모리(GiB)는 얼마일까요? 위에서 받은 `info` dict의
        `NCPU`, `MemTotal` 값을 사용해 보세요.
        """),
    solution("""
        info["NCPU"], round(info["MemTotal"] / 2**30, 1)
        """),
    exercise("""
        Run a container from `jupyter-docker/busybox` that prints its host name, giving it the
        host name `lesson1` (`-h`) and removing it automatically when it ends (`--rm`). Don't
        forget `--label {LESSON}`.
        """, """
        `jupyter-docker/busybox`로 호스트 이름을 출력하는 컨테이너를 실행해 보세요. 호스트
        이름은 `lesson1`로 지정하고(`-h`), 끝나면 자동으로 삭제되게 하세요(`--rm`).
        `--label {LESSON}`도 잊지 마세요.
        """),
    solution("%docker run --rm -h lesson1 --label {LESSON} jupyter-docker/busybox hostname",
             expect=("lesson1",)),
    md("""
        ## Clean up

        Remove the container this lesson created (`rm` prints the names it removed):
        """, """
        ## 정리

        이 레슨에서 만든 컨테이너를 삭제합니다 (`rm`은 삭제한 이름을 출력합니다).
        """),
    code("%docker rm hello-{RUN}"),
]

LESSON = Lesson(1, "what-is-docker", "What Docker is: engine, client, images, containers",
                "도커란 무엇인가: 엔진, 클라이언트, 이미지, 컨테이너", CELLS)
