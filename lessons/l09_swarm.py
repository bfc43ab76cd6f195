"""Lesson 9: swarm mode, a one-node swarm and a service, on an engine of the lesson's own."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, md, setup, solution

SWARM = "unix:///var/run/jupyter-docker-swarm.sock"  # scripts/provision.sh --lab starts it

CHECK = f'''
    # Lesson 9's own engine: `make lab` starts it (scripts/provision.sh --lab).
    from jupyter_docker.errors import DockerError
    SWARM = "{SWARM}"
    try:
        state = %docker -H {{SWARM}} info -f '{{{{.Swarm.LocalNodeState}}}}'
    except DockerError:
        raise DockerError(f"lesson 9's engine does not answer at {{SWARM}}: run `make lab`, or "
                          "`bash scripts/provision.sh --lab` (as root)") from None
    if state != "inactive":
        raise DockerError(f"the engine at {{SWARM}} is already in a swarm (an earlier run of this "
                          f"lesson stopped half-way?): leave it with `%docker -H {{SWARM}} swarm "
                          "leave --force`, then run this lesson again") from None
    print(f"lesson 9's engine answers at {{SWARM}} and is in no swarm")
    '''

REPLACED = """
    import time
    victim = %docker ps -q --filter label=com.docker.swarm.service.name=web-{RUN}
    %docker rm -f {victim[0]}
    for _ in range(60):  # until the failed task is listed and three run again
        tasks = %docker service ps -q web-{RUN}
        states = %docker service ps --filter desired-state=running --format '{{.CurrentState}}' web-{RUN}
        if len(tasks) == 4 and states.count("Running") == 3:
            break
        time.sleep(0.5)
    %docker service ps web-{RUN}
    """

CELLS = [
    md("""
        **Swarm mode** turns Docker Engines into a cluster. Its machines are **nodes**:
        **managers** keep the cluster's state (agreeing on it with the Raft protocol) and give
        out the work, **workers** run it. You do not start containers on a swarm, you declare a
        **service**: an image, a command and how many **replicas** you want. The swarm turns
        that into **tasks**, one container each, places them on nodes and keeps their number:
        when a task's container dies, it starts another. (Compose files can describe a whole
        application of services for a swarm: `docker stack deploy`. Kubernetes is the other,
        more widespread orchestrator; swarm mode is built into every engine.)

        An engine in swarm mode stays in it until it leaves. So this lesson works on an engine
        of its own, which `make lab` starts next to the one the other lessons use: theirs never
        becomes a swarm, even when the lessons run at the same time.
        """, """
        **스웜 모드**는 도커 엔진들을 하나의 클러스터로 묶습니다. 클러스터의 머신을 **노드**라고
        합니다. **매니저**는 클러스터의 상태를 관리하고 (Raft 프로토콜로 서로 합의합니다) 일을
        나누어 주며, **워커**는 그 일을 실행합니다. 스웜에서는 컨테이너를 직접 시작하지 않고
        **서비스**를 선언합니다. 서비스는 이미지, 명령, 그리고 원하는 **레플리카** 수입니다.
        스웜은 이를 **태스크**(태스크 하나가 컨테이너 하나)로 바꾸어 노드에 배치하고, 그 수를
        유지합니다. 태스크의 컨테이너가 죽으면 새로 하나를 시작합니다. (Compose 파일로 여러
        서비스로 된 애플리케이션 전체를 스웜에 올릴 수도 있습니다: `docker stack deploy`.
        Kubernetes는 더 널리 쓰이는 또 다른 오케스트레이터이고, 스웜 모드는 모든 엔진에 들어
        있습니다.)

        스웜 모드에 들어간 엔진은 스웜을 떠날 때까지 스웜 모드로 남습니다. 그래서 이 레슨은
        자기만의 엔진에서 작업합니다. `make lab`이 다른 레슨들이 쓰는 엔진 옆에 이 엔진을
        시작해 둡니다. 다른 레슨들의 엔진은 레슨들이 동시에 실행되더라도 스웜이 되지 않습니다.
        """),
    *setup(9),
    md("""
        ## An engine of its own: `-H`

        `-H ADDRESS` (`--host`) sends one command to another engine, as in the CLI. The first
        cell checks that this lesson's engine answers and is in no swarm yet and, if not, says
        in one line what to do:
        """, """
        ## 레슨만의 엔진: `-H`

        `-H 주소`(`--host`)는 CLI에서처럼 명령 하나를 다른 엔진에 보냅니다. 첫 셀은 이 레슨의
        엔진이 응답하는지, 아직 스웜에 들어 있지 않은지 확인하고, 문제가 있으면 어떻게 할지
        한 줄로 알려 줍니다.
        """),
    code(CHECK, ko=CHECK.replace("# Lesson 9's own engine: `make lab` starts it (scripts/provision.sh --lab).",
                                 "# 레슨 9만의 엔진: `make lab`이 시작합니다 (scripts/provision.sh --lab)."),
         tags=("engine-check",), expect=(f"lesson 9's engine answers at {SWARM}",)),
    md("""
        Rather than `-H` on every line, `%config DockerMagics.host` makes it this notebook's
        engine until we set it back at the end (`DOCKER_HOST` does the same for the CLI). Its
        `info` is another engine's: its own data directory, none of the other lessons'
        containers.
        """, """
        줄마다 `-H`를 쓰는 대신 `%config DockerMagics.host`로 이 노트북의 엔진을 바꿉니다. 끝에서
        되돌릴 때까지 유지됩니다 (CLI에서는 `DOCKER_HOST`가 같은 일을 합니다). `info`를 보면
        다른 엔진입니다. 데이터 디렉터리가 따로 있고, 다른 레슨들의 컨테이너도 없습니다.
        """),
    code("""
        %config DockerMagics.host = SWARM
        %docker info -f 'data in {{.DockerRootDir}}: {{.Containers}} containers, swarm {{.Swarm.LocalNodeState}}'
        """, expect=("data in /var/lib/jupyter-docker-swarm", "swarm inactive")),
    md("""
        ## `swarm init`: a one-node swarm

        `swarm init` makes this engine a swarm of one node, its first manager.
        `--advertise-addr` is the address other nodes would reach it at (this engine's network
        namespace has only its loopback, 127.0.0.1). The answer gives the `swarm join` command,
        with its secret token, that another engine would run to join as a worker.
        """, """
        ## `swarm init`: 노드 하나짜리 스웜

        `swarm init`은 이 엔진을 노드 하나짜리 스웜의 첫 매니저로 만듭니다. `--advertise-addr`는
        다른 노드들이 이 노드에 접속할 주소입니다 (이 엔진의 네트워크 네임스페이스에는 루프백
        127.0.0.1만 있습니다). 대답에는 다른 엔진이 워커로 참여할 때 실행할 `swarm join` 명령이
        비밀 토큰과 함께 들어 있습니다.
        """),
    code("%docker swarm init --advertise-addr 127.0.0.1",
         expect=("Swarm initialized: current node", "is now a manager", "docker swarm join --token")),
    md("""
        `node ls` lists the nodes: ours, `Ready`, `Active` and the `Leader` among the managers.
        """, """
        `node ls`는 노드 목록입니다. 우리 노드 하나가 `Ready`, `Active`이고, 매니저들 중
        `Leader`입니다.
        """),
    code("%docker node ls", expect=("Leader", "Ready")),
    md("""
        ## A service and its tasks

        `service create` declares a service; like `run` it takes an image and a command, and
        `--replicas` says how many tasks. It waits until the tasks run (`-d` would not wait).
        (With an image from a registry, every node pulls the very same image by its digest;
        our base image is in no registry, and each node would use its own copy of it.)
        """, """
        ## 서비스와 태스크

        `service create`는 서비스를 선언합니다. `run`처럼 이미지와 명령을 받고, `--replicas`로
        태스크 수를 정합니다. 태스크들이 실행될 때까지 기다립니다 (`-d`를 주면 기다리지
        않습니다). (레지스트리에 있는 이미지라면 모든 노드가 다이제스트로 완전히 같은 이미지를
        내려받습니다. 우리 베이스 이미지는 어떤 레지스트리에도 없으므로, 노드마다 자기가 가진
        이미지를 씁니다.)
        """),
    code("""
        %docker service create --name web-{RUN} --replicas 2 --label {LESSON} jupyter-docker/busybox sleep 3600
        """, expect=("verify: Service converged",)),
    code("%docker service ls", expect=("web-", "2/2")),
    md("""
        `service ps` lists the tasks; each one is a container on a node, named
        `SERVICE.SLOT.TASK-ID`, which `ps` on that node shows like any other:
        """, """
        `service ps`는 태스크 목록입니다. 태스크 하나하나가 어떤 노드의 컨테이너이고, 이름은
        `서비스.슬롯.태스크ID`입니다. 그 노드에서 `ps`를 하면 다른 컨테이너처럼 보입니다.
        """),
    code("%docker service ps web-{RUN}", expect=("Running",)),
    code("%docker ps --filter label=com.docker.swarm.service.name=web-{RUN} --format '{{.Names}}  {{.Status}}'",
         expect=("web-", "Up ")),
    md("""
        ## Scaling, and a task replaced

        `service scale NAME=N` changes the number of replicas; the swarm starts (or stops)
        tasks until there are N:
        """, """
        ## 스케일 조정, 그리고 대신 시작되는 태스크

        `service scale 이름=N`은 레플리카 수를 바꿉니다. 스웜은 N개가 될 때까지 태스크를
        시작하거나 멈춥니다.
        """),
    code("""
        %docker service scale web-{RUN}=3
        %docker service ls
        """, expect=("converged", "3/3")),
    md("""
        The swarm keeps that number. Remove one task's container behind its back: the task
        fails and a new task takes its slot: `service ps` lists both in slot 3, the failed one
        (desired state `Shutdown`, its error) and the new one, `Running`:
        """, """
        스웜은 그 수를 유지합니다. 태스크 하나의 컨테이너를 몰래 지워 봅시다. 그 태스크는
        실패하고 새 태스크가 그 슬롯을 맡습니다. `service ps`에는 슬롯 3에 둘 다 나옵니다. 실패한
        태스크(원하는 상태 `Shutdown`과 그 오류)와 `Running`인 새 태스크입니다.
        """),
    code(REPLACED, ko=REPLACED.replace("# until the failed task is listed and three run again",
                                  "# 실패한 태스크가 목록에 나오고 다시 셋이 실행될 때까지"),
         expect=("Shutdown", "non-zero exit (137)")),
    exercise("""
        Create a second service, `count-{RUN}`, with 2 replicas that print the numbers 1 to 3
        and then sleep (`sh -c 'seq 3; sleep 3600'`). Read what its tasks printed with
        `service logs`, then scale it to 3 and check that `service ls` says `3/3`.
        """, """
        두 번째 서비스 `count-{RUN}`을 레플리카 2개로 만들어 보세요. 1부터 3까지 출력한 뒤
        잠드는 서비스입니다 (`sh -c 'seq 3; sleep 3600'`). 태스크들이 출력한 것을
        `service logs`로 읽고, 3으로 스케일을 늘린 다음 `service ls`가 `3/3`인지 확인하세요.
        """),
    solution("""
        %docker service create --name count-{RUN} --replicas 2 --label {LESSON} jupyter-docker/busybox sh -c 'seq 3; sleep 3600'
        %docker service logs count-{RUN}
        %docker service scale count-{RUN}=3
        %docker service ls --filter name=count-{RUN}
        """, expect=("| 3", "3/3")),
    md("""
        ## Leaving the swarm

        `service rm` removes a service and its tasks (with the exercise's too, if you made
        it: they carry the lesson's label). Then the engine leaves the swarm; the last manager
        must say `--force`, since leaving loses the swarm's state for good. Last, this notebook
        goes back to the usual engine.
        """, """
        ## 스웜 떠나기

        `service rm`은 서비스와 그 태스크들을 삭제합니다 (연습 문제의 서비스를 만들었다면 그것도
        레슨 레이블이 붙어 있으므로 함께 지웁니다). 그다음 엔진이 스웜을 떠납니다. 마지막
        매니저는 `--force`를 줘야 합니다. 떠나면 스웜의 상태가 완전히 사라지기 때문입니다.
        끝으로 이 노트북을 원래 엔진으로 되돌립니다.
        """),
    code("""
        services = %docker service ls -q --filter label={LESSON}
        %docker service rm {" ".join(services)}
        %docker swarm leave --force
        %config DockerMagics.host = ""
        %docker -H {SWARM} info -f 'swarm {{.Swarm.LocalNodeState}}'
        """, expect=("Node left the swarm.", "swarm inactive")),
]

LESSON = Lesson(9, "swarm", "Swarm mode: a one-node swarm and a service",
                "스웜 모드: 노드 하나짜리 스웜과 서비스", CELLS)
