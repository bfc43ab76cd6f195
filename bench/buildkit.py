"""BuildKit builds through jupyter-docker against buildx, side by side in one run.

    .venv/bin/python bench/buildkit.py [--repeat 3] [--context-mb 200]

On the engine of DOCKER_HOST (default: the local socket), the same Dockerfiles built by
`jd.build` (BuildKit through the Engine API, the directory sent through the build's session)
and by the docker CLI with Debian 13's buildx plugin (`docker buildx build`, the docker
driver, a temporary DOCKER_CONFIG), and, for the parallel build, by the classic builder
through jd (`DOCKER_BUILDKIT=0`):

- parallel: three independent stages (`RUN sleep 2`) and a final stage copying from each,
  `--no-cache`: the wall time is the longest stage's plus the overhead, not the sum.
- warm cache mount: a `RUN --mount=type=cache` step re-run (a build arg changes) with the
  cache mount already filled (20 MB) by an earlier build.
- context: a directory of `--context-mb` MB of random files, used by a `RUN --mount=type=bind`
  step (so the whole context is sent and nothing big is exported). Both send it through the
  session's file sync, which on a repeat sends only what changed (jd's count of the files
  it sent is printed). Both numbers are shown: the first build and the repeats' median.

Wall time from the call to the image id, medians of --repeat. Everything it builds is labelled
`jupyter-docker-bench=1` and this run's `jupyter-docker-bench.run=ID`; its images (the
repeats' untagged ones too) and its cache mounts are removed at the end.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
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
LABEL_RUN = "jupyter-docker-bench.run"  # this run's images, the untagged repeats too


def dockerfiles(run: str) -> dict[str, str]:
    return {
        "parallel": "".join(f"FROM {BASE} AS s{i}\nRUN sleep 2 && echo {run}-{i} > /{i}\n"
                            for i in range(3))
        + f"FROM {BASE}\n" + "".join(f"COPY --from=s{i} /{i} /\n" for i in range(3)),
        "cache": (f"FROM {BASE}\nARG BUST\n"
                  f"RUN --mount=type=cache,id={run},target=/c "
                  "if [ ! -f /c/filled ]; then head -c 20000000 /dev/urandom > /c/filled; fi; "
                  "wc -c < /c/filled; echo $BUST\n"),
        "context": f"FROM {BASE}\nARG BUST\nRUN --mount=type=bind,target=/ctx du -sk /ctx; "
                   "echo $BUST\n",
    }


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--context-mb", type=int, default=200)
    args = parser.parse_args()
    os.environ["JUPYTER_DOCKER_PROGRESS"] = "quiet"
    import jupyter_docker as jd

    run = f"bench-{secrets.token_hex(3)}"
    work = Path(tempfile.mkdtemp(prefix="jd-bench-buildkit-"))
    config = work / "docker-config"
    (config / "cli-plugins").mkdir(parents=True)
    (config / "cli-plugins" / "docker-buildx").symlink_to(BUILDX)
    env = {**os.environ, "DOCKER_CONFIG": str(config)}
    files = dockerfiles(run)
    dirs = {}
    for name, text in files.items():
        d = work / name
        d.mkdir()
        (d / "Dockerfile").write_text(text)
        dirs[name] = d
    for i in range(max(args.context_mb // 10, 1)):
        (dirs["context"] / f"blob{i}").write_bytes(os.urandom(10 * 1024 * 1024))
    tags: list[str] = []
    sent: list[tuple[int, int]] = []  # the context builds': (files, bytes) jd's session sent

    def ours(name: str, extra: str = "", classic: bool = False) -> None:
        tag = f"{run}-{name}-jd"
        tags.append(tag)
        os.environ["DOCKER_BUILDKIT"] = "0" if classic else "1"
        try:
            image = jd.docker(f"build -q --label {LABEL} --label {LABEL_RUN}={run} -t {tag} "
                              f"{extra} {dirs[name]}")
        finally:
            del os.environ["DOCKER_BUILDKIT"]
        if name == "context":
            context = [t for t in getattr(image, "sent", []) if t.name == "context"]
            sent.append((sum(len(t.files) for t in context), sum(t.size for t in context)))

    def theirs(name: str, extra: str = "") -> None:
        tag = f"{run}-{name}-bx"
        tags.append(tag)
        subprocess.run(["docker", "buildx", "build", "-q", "--label", LABEL, "--label",
                        f"{LABEL_RUN}={run}", "-t", tag, *extra.split(), str(dirs[name])],
                       env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    results: list[tuple[str, str, list[float]]] = []
    load_before = os.getloadavg()[0]
    try:
        for fn in (ours, theirs):  # fills the cache mount, and warms both up (not timed)
            fn("cache", "--build-arg BUST=fill")
        for who, fn in (("jd BuildKit", lambda: ours("parallel", "--no-cache")),
                        ("buildx", lambda: theirs("parallel", "--no-cache")),
                        ("jd classic", lambda: ours("parallel", "--no-cache", classic=True))):
            results.append(("3 parallel stages of 2 s, --no-cache", who,
                            [timed(fn) for _ in range(args.repeat)]))
        for who, fn in (("jd BuildKit", ours), ("buildx", theirs)):
            results.append(("warm cache-mount rebuild (20 MB in the mount)", who,
                            [timed(lambda: fn("cache", f"--build-arg BUST={secrets.token_hex(4)}"))
                             for _ in range(args.repeat)]))
        for who, fn in (("jd BuildKit", ours), ("buildx", theirs)):
            results.append((f"{args.context_mb} MB context", who,
                            [timed(lambda: fn("context",
                                              f"--build-arg BUST={secrets.token_hex(4)}"))
                             for _ in range(args.repeat + 1)]))
    finally:
        for tag in tags:
            subprocess.run(["docker", "rmi", "-f", tag], capture_output=True)
        subprocess.run(["docker", "image", "prune", "-f", "--filter",  # the repeats' untagged
                        f"label={LABEL_RUN}={run}"], capture_output=True)
        du = jd.docker("builder du")
        for ident in du[du.description.str.contains(run)].id:
            jd.docker(f"builder prune -a -f --filter id={ident}")
        shutil.rmtree(work, ignore_errors=True)

    load = os.getloadavg()[0]
    print(f"engine {os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock')}, load "
          f"average {load_before:.2f} before, {load:.2f} after, {os.cpu_count()} CPUs, "
          f"median of {args.repeat}")
    print("| build | jd BuildKit | buildx | jd / buildx | classic (jd) |")
    print("|---|---|---|---|---|")
    table: dict[str, dict[str, list[float]]] = {}
    for what, who, times in results:
        table.setdefault(what, {})[who] = times
    for what, by in table.items():
        def med(ts: list[float]) -> float:
            return statistics.median(ts[1:] if what.endswith("context") else ts)
        ours_t, theirs_t = med(by["jd BuildKit"]), med(by["buildx"])
        first = ""
        if what.endswith("context"):
            first = (f" (first {by['jd BuildKit'][0]:.2f} s / {by['buildx'][0]:.2f} s)")
        classic = f"{med(by['jd classic']):.2f} s ({med(by['jd classic']) / ours_t:.2f}x " \
                  "BuildKit)" if "jd classic" in by else ""
        print(f"| {what}{first} | {ours_t:.2f} s | {theirs_t:.2f} s | "
              f"{ours_t / theirs_t:.2f}x | {classic} |")
    print("jd's session sent, per context build (files, MB): "
          + ", ".join(f"{n} / {size / 1e6:.1f}" for n, size in sent))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
