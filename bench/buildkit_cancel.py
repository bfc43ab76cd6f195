"""How long a running RUN step lives after Ctrl-C: `/build` + `/build/cancel` against a Solve
cancelled on `/grpc`, and `docker buildx build` (the docker driver) as the reference.

    .venv/bin/python bench/buildkit_cancel.py [--repeat 3] [--host unix:///var/run/docker.sock]

Each build runs `RUN echo start; sleep 60<mark>` (a mark of its own, `--no-cache`) in a child
process: jd's `%docker build` the usual way (`POST /build?version=2`; Ctrl-C closes the
stream and posts `/build/cancel`), jd with `--no-cache-filter` (Solve over `/grpc`; Ctrl-C
resets the Solve's stream), and buildx. Once the step's `sleep` shows in the process table,
the child gets SIGINT one second later; the time until no process of that step is left is
measured (and when the child exited). Median of --repeat, with the load average. Its images
are labelled `jupyter-docker-bench=1`; none is made (every build is interrupted).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILDX = Path("/var/lib/jupyter-docker-engines/trixie/root/usr/libexec/docker/cli-plugins/"
              "docker-buildx")
BASE = "jupyter-docker/busybox:latest"
LABEL = "jupyter-docker-bench=1"
JD = """
import jupyter_docker as jd
jd.build({context!r}, build_arg={{"MARK": {mark!r}}}, no_cache=True, label={{"jupyter-docker-bench": "1"}},
         progress="quiet", **{extra})
"""


def step_processes(needle: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").strip() == \
                    needle.encode():
                found.append(int(pid))
        except OSError:
            pass
    return found


def once(how: str, host: str, context: str, env: dict[str, str]) -> tuple[float, float]:
    mark = str(secrets.randbelow(10**6))
    if how == "buildx":
        argv = ["docker", "-H", host, "buildx", "build", "--no-cache", "--progress", "quiet",
                "--label", LABEL, "--build-arg", f"MARK={mark}", context]
    else:
        extra = {"no_cache_filter": ["x"]} if how == "grpc" else {}
        argv = [sys.executable, "-c", JD.format(context=context, mark=mark, extra=extra)]
    child = subprocess.Popen(argv, env={**env, "DOCKER_HOST": host},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    needle = f"sleep 60{mark}"
    deadline = time.monotonic() + 90
    while not step_processes(needle):
        if time.monotonic() > deadline or child.poll() is not None:
            child.kill()
            raise SystemExit(f"{how}: the step never ran")
        time.sleep(0.05)
    time.sleep(1)
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    while step_processes(needle) and time.monotonic() - sent < 90:
        time.sleep(0.05)
    gone = time.monotonic() - sent
    child.wait(60)
    return gone, time.monotonic() - sent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST",
                                                         "unix:///var/run/docker.sock"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jd-bench-cancel-") as tmp:
        context = Path(tmp) / "ctx"
        context.mkdir()
        (context / "Dockerfile").write_text(
            f"FROM {BASE}\nARG MARK\nRUN echo start; sleep 60$MARK; echo end\n")
        config = Path(tmp) / "config"
        (config / "cli-plugins").mkdir(parents=True)
        (config / "cli-plugins" / "docker-buildx").symlink_to(BUILDX)
        env = {**os.environ, "DOCKER_CONFIG": str(config), "JUPYTER_DOCKER_PROGRESS": "text"}
        env.pop("DOCKER_BUILDKIT", None)
        paths = ("build", "grpc", "buildx")
        times: dict[str, list[tuple[float, float]]] = {how: [] for how in paths}
        load = [open("/proc/loadavg").read().split()[0]]
        for _ in range(args.repeat):
            for how in paths:  # interleaved, so the load falls on each alike
                times[how].append(once(how, args.host, str(context), env))
        load.append(open("/proc/loadavg").read().split()[0])
    names = {"build": "jd, /build + /build/cancel", "grpc": "jd --no-cache-filter, Solve on "
             "/grpc", "buildx": "docker buildx build (docker driver)"}
    print(f"engine {args.host}, median of {args.repeat}, load average {load[0]} -> {load[1]}")
    print("| build interrupted | step's process gone after SIGINT | client exited after |")
    print("|---|---|---|")
    for how in paths:
        gone = statistics.median(t[0] for t in times[how])
        ended = statistics.median(t[1] for t in times[how])
        print(f"| {names[how]} | {gone:.2f} s | {ended:.2f} s |")


if __name__ == "__main__":
    main()
