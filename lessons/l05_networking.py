"""Lesson 5: networking -- publishing ports, fetching from Python, user networks, links."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, md, setup, solution

SERVE = ("sh -c 'mkdir -p /www && echo \"<h1>Hello from $(hostname)</h1>\" > /www/index.html "
         "&& httpd -f -p 80 -h /www'")

FETCH = """
    import time
    import urllib.request

    def fetch(url, tries=50):
        for _ in range(tries):
            try:
                with urllib.request.urlopen(url, timeout=2) as reply:
                    return reply.read().decode()
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"no answer from {url}")

    print(fetch(f"http://127.0.0.1:{PORT}/"))
    """

CELLS = [
    md("""
        A container has its own network stack: its port 80 is not the host's port 80. To reach a
        server in a container from outside, **publish** its port: `-p HOST:CONTAINER` forwards a
        host port to a container port; `-P` publishes every port the image `EXPOSE`s on ports
        the engine picks. Containers reach each other over Docker networks.
        """, """
        컨테이너는 자기만의 네트워크 스택을 가집니다. 컨테이너의 80번 포트는 호스트의 80번
        포트가 아닙니다. 컨테이너 안의 서버에 밖에서 접근하려면 포트를 **게시**(publish)해야
        합니다. `-p 호스트:컨테이너`는 호스트 포트를 컨테이너 포트로 전달하고, `-P`는 이미지가
        `EXPOSE`한 모든 포트를 엔진이 고른 포트로 게시합니다. 컨테이너끼리는 도커
        네트워크로 통신합니다.
        """),
    *setup(5),
    md("""
        ## Publishing a port: `-p`

        Our web server is busybox's `httpd`, serving one page on port 80. We publish it on a free
        port of the host's loopback address (`-p 8000:80` would use port 8000 on every address;
        here we pick a free port so the lesson never collides with another server).
        """, """
        ## 포트 게시: `-p`

        웹 서버로 busybox의 `httpd`를 써서 80번 포트로 페이지 하나를 제공합니다. 이 포트를
        호스트의 루프백 주소에 있는 빈 포트로 게시합니다 (`-p 8000:80`은 호스트의 모든 주소의
        8000번 포트를 씁니다. 여기서는 다른 서버와 부딪히지 않도록 빈 포트를 고릅니다).
        """),
    code(f"""
        import socket
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            PORT = probe.getsockname()[1]

        %docker run -d --name web-{{RUN}} --label {{LESSON}} -p 127.0.0.1:{{PORT}}:80 jupyter-docker/busybox {SERVE}
        """),
    md("""
        `port` lists a container's published ports (a DataFrame in a notebook):
        """, """
        `port`는 컨테이너의 게시된 포트 목록을 보여 줍니다 (노트북에서는 DataFrame).
        """),
    code("%docker port web-{RUN}", expect=("80/tcp",)),
    md("""
        Now any program on the host can fetch the page, for instance Python itself (the server
        may need a moment to start, hence the retries):
        """, """
        이제 호스트의 어떤 프로그램이든 페이지를 가져올 수 있습니다. 파이썬으로 직접 가져와
        봅시다 (서버가 뜨는 데 잠깐 걸릴 수 있어 몇 번 다시 시도합니다).
        """),
    code(FETCH, ko=FETCH.replace(
        "def fetch(url, tries=50):", "def fetch(url, tries=50):  # 서버가 뜰 때까지 0.1초 간격으로 다시 시도합니다"),
         expect=("<h1>Hello from ",)),
    md("""
        ## `-P`: let the engine choose

        `--expose 80` (or `EXPOSE 80` in a Dockerfile) declares the port without publishing it;
        `-P` then publishes every exposed port on a free host port. `port` tells which one:
        """, """
        ## `-P`: 엔진이 고르게 하기

        `--expose 80`(또는 Dockerfile의 `EXPOSE 80`)은 포트를 게시하지 않고 선언만 합니다.
        그러면 `-P`가 노출된 모든 포트를 호스트의 빈 포트로 게시합니다. 어느 포트인지는
        `port`가 알려 줍니다.
        """),
    code(f"""
        %docker run -d --name auto-{{RUN}} --label {{LESSON}} --expose 80 -P jupyter-docker/busybox {SERVE}
        %docker port auto-{{RUN}} 80
        """, expect=("0.0.0.0",)),
    code("""
        published = %docker port auto-{RUN} 80
        auto_port = published["host_port"].iloc[0]
        print(fetch(f"http://127.0.0.1:{auto_port}/"))
        """, expect=("<h1>Hello from ",)),
    md("""
        ## Container to container: user networks

        Containers on the same **user-defined network** find each other by name: the engine
        runs a small DNS server for them. Create a network, start a server on it, and fetch its
        page from a second container with `wget` (retried for up to 10 seconds while the server
        starts):
        """, """
        ## 컨테이너끼리: 사용자 정의 네트워크

        같은 **사용자 정의 네트워크**에 있는 컨테이너는 이름으로 서로를 찾습니다. 엔진이 이들을
        위한 작은 DNS 서버를 운영하기 때문입니다. 네트워크를 만들고, 그 위에서 서버를 시작한 뒤,
        두 번째 컨테이너에서 `wget`으로 페이지를 가져와 봅시다 (서버가 뜨는 동안 최대 10초까지
        다시 시도합니다).
        """),
    code(f"""
        %docker network create --label {{LESSON}} net-{{RUN}}
        %docker run -d --name api-{{RUN}} --label {{LESSON}} --network net-{{RUN}} jupyter-docker/busybox {SERVE}
        """),
    code("""
        %docker run --rm --label {LESSON} --network net-{RUN} jupyter-docker/busybox timeout 10 sh -c 'until wget -qO- http://api-{RUN}/ 2>/dev/null; do sleep 0.2; done'
        """, expect=("<h1>Hello from ",)),
    md("""
        `network inspect` shows who is attached, with their addresses:
        """, """
        `network inspect`는 어떤 컨테이너가 어떤 주소로 연결되어 있는지 보여 줍니다.
        """),
    code("%docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' net-{RUN}",
         expect=("api-",)),
    md("""
        ## Links (the older way)

        On the default bridge network there is no DNS by name. `--link CONTAINER:ALIAS` was the
        first answer: it writes the linked container's address under `ALIAS` into the new
        container's `/etc/hosts`. Links are static (they are not updated when the linked
        container is replaced) and one-way; user networks replace them.
        """, """
        ## 링크 (예전 방식)

        기본 브리지 네트워크에는 이름으로 찾는 DNS가 없습니다. `--link 컨테이너:별칭`이 그
        첫 해결책이었습니다. 링크 컨테이너의 주소를 `별칭`으로 새 컨테이너의 `/etc/hosts`에
        적어 줍니다. 링크는 정적이고(링크 컨테이너가 교체되어도 갱신되지 않음) 한 방향이라,
        지금은 사용자 정의 네트워크가 그 역할을 대신합니다.
        """),
    code("""
        %docker run --rm --label {LESSON} --link web-{RUN}:website jupyter-docker/busybox sh -c 'grep website /etc/hosts; wget -qO- http://website/'
        """, expect=("website", "<h1>Hello from ")),
    md("""
        Two settings of the engine itself (options of `dockerd`, not of `run`) decide how much
        containers may talk: `--icc=false` (inter-container communication) blocks traffic
        between containers on the default bridge, except through `--link`, which then opens
        exactly the linked ports; `--iptables=false` stops the engine from writing the
        firewall rules that publish ports (`-p`) and masquerade containers' outgoing traffic,
        leaving networking to you. `info` does not show them; this course's engine keeps both
        defaults (`true`).
        """, """
        엔진 자체의 설정 두 가지(`run`이 아니라 `dockerd`의 옵션)가 컨테이너끼리 얼마나 통신할
        수 있는지 정합니다. `--icc=false`(컨테이너 간 통신)는 기본 브리지에서 컨테이너 사이의
        통신을 막고, `--link`로 연결한 포트만 열어 줍니다. `--iptables=false`는 엔진이 포트
        게시(`-p`)와 컨테이너의 외부 통신 마스커레이드에 필요한 방화벽 규칙을 쓰지 않게 하여,
        네트워크 설정을 사용자에게 맡깁니다. `info`에는 나오지 않으며, 이 과정의 엔진은 둘 다
        기본값(`true`)입니다.
        """),
    exercise("""
        Start one more server on `net-{RUN}`, named `shop-{RUN}`, with the network alias `shop`
        (`--network-alias`). From another container on the network, fetch `http://shop/`.
        """, """
        `net-{RUN}` 네트워크에 `shop-{RUN}`이라는 서버를 하나 더 시작하되, 네트워크 별칭을
        `shop`으로 주세요 (`--network-alias`). 같은 네트워크의 다른 컨테이너에서
        `http://shop/`을 가져와 보세요.
        """),
    solution(f"""
        %docker run -d --name shop-{{RUN}} --label {{LESSON}} --network net-{{RUN}} --network-alias shop jupyter-docker/busybox {SERVE}
        %docker run --rm --label {{LESSON}} --network net-{{RUN}} jupyter-docker/busybox timeout 10 sh -c 'until wget -qO- http://shop/ 2>/dev/null; do sleep 0.2; done'
        """, expect=("<h1>Hello from ",)),
    exercise("""
        Put the published ports of `web-{RUN}` and `auto-{RUN}` in one DataFrame (`jd.port(NAME)`
        returns one per container). Which container listens on every address of the host
        (`0.0.0.0` and `::`), which one on the loopback address only, and why?
        """, """
        `web-{RUN}`과 `auto-{RUN}`의 게시된 포트를 DataFrame 하나로 합쳐 보세요
        (`jd.port(이름)`이 컨테이너마다 DataFrame을 돌려줍니다). 어느 컨테이너가 호스트의 모든
        주소(`0.0.0.0`과 `::`)에서 듣고, 어느 컨테이너가 루프백 주소에서만 들을까요? 왜 그럴까요?
        """),
    solution("""
        import jupyter_docker as jd
        import pandas as pd
        ports = pd.concat([jd.port(f"web-{RUN}").assign(container="web"),
                           jd.port(f"auto-{RUN}").assign(container="auto")])
        ports  # web: 127.0.0.1 only (we said so); auto: 0.0.0.0 and :: (every address)
        """, ko="""
        import jupyter_docker as jd
        import pandas as pd
        ports = pd.concat([jd.port(f"web-{RUN}").assign(container="web"),
                           jd.port(f"auto-{RUN}").assign(container="auto")])
        ports  # web: 127.0.0.1만 (우리가 그렇게 지정함), auto: 0.0.0.0과 :: (모든 주소)
        """, expect=("127.0.0.1", "0.0.0.0")),
    md("""
        ## Clean up

        `ps -q` gives only the IDs, as a list; with the lesson's label as a filter, they are
        exactly this lesson's containers (`shop-{RUN}` too, if you did the exercise), and `rm -f`
        removes them all at once:
        """, """
        ## 정리

        `ps -q`는 ID만 리스트로 돌려줍니다. 레슨 레이블로 거르면 정확히 이 레슨의 컨테이너들이고
        (연습 문제를 했다면 `shop-{RUN}`도), `rm -f`로 한꺼번에 지울 수 있습니다.
        """),
    code("""
        mine = %docker ps -aq --filter label={LESSON}
        %docker rm -f {" ".join(mine)}
        %docker network rm net-{RUN}
        """, expect=("net-",)),
]

LESSON = Lesson(5, "networking", "Networking: ports, user networks, links",
                "네트워킹: 포트 게시, 사용자 정의 네트워크, 링크", CELLS)
