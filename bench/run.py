"""Listing speed, side by side in one run: raw Engine API floor, docker CLI, %docker / jd.

    .venv/bin/python bench/run.py [--sizes 10,100,1000] [--tags 500] [--repeat 15]

Creates (not starts) N containers and T image tags labelled `jupyter-docker-bench=1`, times
each way of listing them (median of --repeat runs), prints a Markdown table of medians and
ratios to the raw floor, and removes exactly what it created.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

SOCKET = "/var/run/docker.sock"
IMAGE = "jupyter-docker/busybox:latest"
LABEL = "jupyter-docker-bench"
H2_SOCKET = "/var/run/jupyter-docker-h2.sock"


class UnixConnection(http.client.HTTPConnection):
    """HTTP over the engine's unix socket: the floor any client pays."""

    def __init__(self, path: str) -> None:
        super().__init__("localhost")
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def raw_get(conn: UnixConnection, url: str) -> object:
    conn.request("GET", url)
    return json.loads(conn.getresponse().read())


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up: connections, imports, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def docker_cli() -> str:
    return shutil.which("docker") or "docker"


def create_containers(api: object, count: int) -> None:
    def one(_: int) -> None:
        api.create_container(IMAGE, "true", labels={LABEL: "1"})  # type: ignore[attr-defined]

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def remove_created(api: object) -> None:
    for c in api.containers(all=True, filters={"label": LABEL}):  # type: ignore[attr-defined]
        api.remove_container(c["Id"], force=True)  # type: ignore[attr-defined]
    for img in api.images(filters={"reference": "jd-bench/*"}):  # type: ignore[attr-defined]
        for tag in img.get("RepoTags") or []:
            api.remove_image(tag, noprune=True)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--tags", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from IPython.testing.globalipapp import start_ipython

    import jupyter_docker as jd

    ip = start_ipython()
    ip.run_line_magic("load_ext", "jupyter_docker")
    from docker import APIClient

    api = APIClient(f"unix://{SOCKET}", version="1.41")
    conn = UnixConnection(SOCKET)
    version = jd.version()["Client"]["API version"].split()[0]
    rows: list[tuple[str, float, float, float, float]] = []

    def measure(label: str, url: str, cli: list[str], py: Callable[[], object],
                magic: str) -> None:
        floor = median_ms(lambda: raw_get(conn, f"/v{version}{url}"), args.repeat)
        cli_ms = median_ms(lambda: subprocess.run(cli, capture_output=True, check=True),
                           max(5, args.repeat // 3))
        py_ms = median_ms(py, args.repeat)
        magic_ms = median_ms(lambda: ip.run_line_magic("docker", magic), args.repeat)
        rows.append((label, floor, cli_ms, py_ms, magic_ms))

    remove_created(api)
    try:
        if os.path.exists(H2_SOCKET):
            h2 = UnixConnection(H2_SOCKET)
            floor = median_ms(lambda: raw_get(h2, f"/v{version}/containers/json?all=1"),
                              args.repeat)
            host = f"unix://{H2_SOCKET}"
            magic_ms = median_ms(lambda: ip.run_line_magic("docker", f"-H {host} ps -a"),
                                 args.repeat)
            py_ms = median_ms(lambda: jd.ps(all=True, host=host), args.repeat)
            cli_ms = median_ms(lambda: subprocess.run([docker_cli(), "-H", host, "ps", "-a"],
                                                      capture_output=True, check=True), 5)
            rows.append(("ps -a, empty host (h2)", floor, cli_ms, py_ms, magic_ms))
        made = 0
        for n in [int(s) for s in args.sizes.split(",")]:
            create_containers(api, n - made)
            made = n
            measure(f"ps -a, {n} containers", "/containers/json?all=1",
                    [docker_cli(), "ps", "-a"], lambda: jd.ps(all=True), "ps -a")
        for i in range(args.tags):
            api.tag(IMAGE, f"jd-bench/tag{i // 50}", f"t{i}")
        measure(f"images, {args.tags} tags", "/images/json",
                [docker_cli(), "images"], lambda: jd.images(), "images")
    finally:
        remove_created(api)

    print("| listing | raw API floor | docker CLI | jd.* (DataFrame) | %docker | "
          "%docker / floor | CLI / floor |")
    print("|---|---|---|---|---|---|---|")
    for label, floor, cli_ms, py_ms, magic_ms in rows:
        print(f"| {label} | {floor:.2f} ms | {cli_ms:.2f} ms | {py_ms:.2f} ms | "
              f"{magic_ms:.2f} ms | {magic_ms / floor:.2f}x | {cli_ms / floor:.2f}x |")
    print()
    print(load_ext_cost())


def load_ext_cost() -> str:
    """Time of `%load_ext jupyter_docker` in a fresh interpreter, over a bare IPython start."""
    script = (
        "import time; t=time.perf_counter();"
        "from IPython.testing.globalipapp import start_ipython; ip=start_ipython();"
        "t1=time.perf_counter(); ip.run_line_magic('load_ext','jupyter_docker');"
        "t2=time.perf_counter(); ip.run_line_magic('docker','ps -a'); t3=time.perf_counter();"
        "print(f'{(t1-t)*1000:.0f} {(t2-t1)*1000:.1f} {(t3-t2)*1000:.0f}')"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(5)]
    bare, load, first = (statistics.median(float(r[i]) for r in runs) for i in range(3))
    return (f"IPython start {bare:.0f} ms; `%load_ext jupyter_docker` +{load:.1f} ms; "
            f"first `%docker ps -a` (imports pandas/docker lazily) {first:.0f} ms")


if __name__ == "__main__":
    main()
