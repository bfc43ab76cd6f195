"""Lesson 1: what Docker is -- engine, client, images, containers, registries."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, fails, md, setup, solution

LIMITS = """
        import os
        %docker run -d --name limits-{RUN} --label {LESSON} --memory 64m jupyter-docker/busybox sleep 600
        pid = %docker container inspect -f '{{.State.Pid}}' limits-{RUN}
        try:
            for ns in ("pid", "net", "mnt", "uts"):
                print(f"{ns}: container {os.readlink(f'/proc/{pid}/ns/{ns}')}, "
                      f"this notebook {os.readlink(f'/proc/self/ns/{ns}')}")
        except PermissionError:
            print("(only root may look at another user's process namespaces)")
        cgroups = dict(line.strip().split(":", 2)[1:] for line in open(f"/proc/{pid}/cgroup"))
        if "memory" in cgroups:  # cgroup v1: one tree per controller
            limit = f"/sys/fs/cgroup/memory{cgroups['memory']}/memory.limit_in_bytes"
        else:                    # cgroup v2: a single tree
            limit = f"/sys/fs/cgroup{cgroups['']}/memory.max"
        print(limit, "=", open(limit).read().strip())
        """
LIMITS_KO = LIMITS.replace("# cgroup v1: one tree per controller", "# cgroup v1: 컨트롤러마다 트리 하나").replace(
    "# cgroup v2: a single tree", "# cgroup v2: 트리 하나")

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
        `info`는 엔진을 설명합니다. 스토리지 드라이버, 보유한 컨테이너와 이미지 수, 호스트의
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
    md("""
        ## Under the hood: namespaces, cgroups, a union file system

        A container is not a virtual machine. A VM runs a whole guest operating system on
        virtual hardware that a **hypervisor** provides; a container is an ordinary process of
        the host, **sharing the host's kernel**, which isolates it with two of its features:

        - **namespaces** give the process its own view of the system: its own process IDs
          (`pid`), network (`net`), mount points (`mnt`), host name (`uts`), IPC and users;
        - **cgroups** (control groups) count and limit what it uses: memory, CPU, processes.

        The engine asks the kernel for both through **runc**, the small runtime that starts
        containers (Docker's first versions used **LXC** for that, then their own execution
        driver, libcontainer, from which runc came). Sharing the kernel is also why Docker
        Desktop on macOS and Windows runs a small **Linux virtual machine**: Linux containers
        need a Linux kernel.

        Here is a container limited to 64 MiB of memory, seen from the host: its process has
        namespaces other than ours, and its cgroup holds the limit.
        """, """
        ## 속을 들여다보기: 네임스페이스, cgroups, 유니온 파일 시스템

        컨테이너는 가상 머신이 아닙니다. 가상 머신은 **하이퍼바이저**가 제공하는 가상 하드웨어
        위에서 게스트 운영 체제 전체를 실행합니다. 컨테이너는 **호스트의 커널을 함께 쓰는**
        호스트의 평범한 프로세스이며, 커널이 두 가지 기능으로 격리합니다.

        - **네임스페이스**는 프로세스에게 자기만의 시스템을 보여 줍니다. 자기만의 프로세스 ID
          (`pid`), 네트워크(`net`), 마운트 지점(`mnt`), 호스트 이름(`uts`), IPC, 사용자입니다.
        - **cgroups**(컨트롤 그룹)는 프로세스가 쓰는 메모리, CPU, 프로세스 수를 세고 제한합니다.

        엔진은 컨테이너를 시작하는 작은 런타임인 **runc**를 통해 커널에 이 둘을 요청합니다
        (도커 초기 버전은 **LXC**를 썼고, 그다음에는 자체 실행 드라이버인 libcontainer를 썼으며,
        runc는 여기서 나왔습니다). 커널을 함께 쓰기 때문에 macOS와 Windows의 Docker Desktop은
        작은 **리눅스 가상 머신**을 실행합니다. 리눅스 컨테이너에는 리눅스 커널이 필요합니다.

        메모리를 64MiB로 제한한 컨테이너를 호스트에서 보면, 그 프로세스는 우리와 다른
        네임스페이스를 가지고, 그 cgroup에 제한 값이 들어 있습니다.
        """),
    code(LIMITS, ko=LIMITS_KO, expect=("= 67108864",)),
    md("""
        The container's files come from a **union file system**: the **storage driver** (the
        `Driver` that `info` named, `overlay2` here) stacks the image's read-only layers
        (`LowerDir`) and the container's own writable layer (`UpperDir`) into the one tree
        the container sees (`MergedDir`). `container inspect` shows where they are on the host:
        """, """
        컨테이너의 파일은 **유니온 파일 시스템**에서 옵니다. **스토리지 드라이버**(`info`가
        보여 준 `Driver`, 여기서는 `overlay2`)가 이미지의 읽기 전용 계층(`LowerDir`)과
        컨테이너 자신의 쓰기 가능한 계층(`UpperDir`)을 쌓아, 컨테이너가 보는 하나의
        트리(`MergedDir`)로 만듭니다. `container inspect`로 호스트의 어디에 있는지 볼 수 있습니다.
        """),
    code("""
        %docker container inspect -f '{{.GraphDriver.Name}}: upper {{.GraphDriver.Data.UpperDir}}' limits-{RUN}
        """, expect=(": upper /",)),
    code("%docker rm -f limits-{RUN}", expect=("limits-",)),
    md("""
        ## The wider Docker world, in short

        - **Docker Compose** describes an application of several containers (services,
          networks, volumes) in one YAML file and starts them together (`docker compose up`).
        - **Swarm mode** joins several engines into a cluster that runs **services**: a number
          of identical containers (replicas) that the swarm keeps running across its nodes
          (lesson 9 makes a swarm of one node and runs a service).
        - **Docker Machine** (creating engine hosts on VMs or clouds) and **Kitematic** (a
          desktop GUI) are retired: Docker Desktop replaced both. **Docker Trusted Registry**
          was the self-hosted registry of Docker's enterprise edition, now Mirantis Secure
          Registry; the open-source registry (distribution), which runs this course's registry,
          is what most private registries use.
        """, """
        ## 더 넓은 도커 세계, 짧게

        - **Docker Compose**는 여러 컨테이너로 된 애플리케이션(서비스, 네트워크, 볼륨)을 YAML
          파일 하나에 적고 함께 시작합니다 (`docker compose up`).
        - **스웜 모드**는 여러 엔진을 클러스터로 묶어 **서비스**를 실행합니다. 서비스는 같은
          컨테이너 여러 개(레플리카)이며, 스웜이 노드들에 나누어 계속 실행되게 합니다
          (레슨 9에서 노드 하나짜리 스웜을 만들고 서비스를 실행합니다).
        - **Docker Machine**(VM이나 클라우드에 엔진 호스트를 만드는 도구)과 **Kitematic**
          (데스크톱 GUI)은 지원이 끝났고, Docker Desktop이 둘을 대신합니다. **Docker Trusted
          Registry**는 도커 엔터프라이즈 에디션의 자체 호스팅 레지스트리였고, 지금은 Mirantis
          Secure Registry입니다. 이 과정의 레지스트리를 돌리는 오픈 소스 레지스트리
          (distribution)가 대부분의 프라이빗 레지스트리가 쓰는 것입니다.
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
