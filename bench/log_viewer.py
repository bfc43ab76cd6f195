"""Live log viewer speed, side by side in one run: raw Engine API floor, docker CLI, LogViewer.

    .venv/bin/python bench/log_viewer.py [--lines 1000000] [--repeat 3] [--samples 20]

What each row measures (containers labelled `jupyter-docker-bench=1` and
`jupyter-docker-bench.run=<this run>`, removed at the end like the two kernels this starts):

- Ingestion. Every reader replays the same backlog: a container that printed N lines (9 in 10
  to stdout, 1 in 10 to stderr with ANSI colour, ~60 bytes each; busybox awk) and exited.
  `logs?follow=1` of an exited container streams every line, then ends, so the rate is the
  reader's and the engine's, never the container's printing speed, and all readers see
  identical bytes. (A live container would cap every reader at the speed it prints at.)
  The engine sends one HTTP chunk per frame and one frame per line, so per-line work counts.
  * floor: `GET /containers/{id}/logs?follow=1&stdout=1&stderr=1` over the unix socket with
    http.client; the chunked body and the 8-byte frame headers are decoded here, in large
    reads, counting lines per stream: the least work any Python client can do.
  * `docker logs -f NAME 2>&1 | wc -l`.
  * LogViewer in a kernel: `v = %docker logs -f NAME` in a real IPython kernel (jupyter_client,
    this venv's python), timed inside the kernel until `v.buffer.received == N` (or `v.reason`
    is set). This is where users run it: its painter sends real comm messages meanwhile.
    Outside a kernel ipywidgets gives the widget a `DummyComm` (not None), so the painter does
    not take it for closed; the "plain process" row runs it in this process for comparison.
  Target: the viewer in a kernel at >= 0.8x the floor's lines/s (from 100,000 lines up; below,
  the fixed start-up weighs). "client CPU" is the CPU time the reading process spent; the
  engine spends its own, so on a machine busy with other work the readers that need more CPU
  fall further behind (the load average is printed with the results).
- Memory: VmHWM (peak RSS) of a fresh kernel per size, N and N/10, against the same kernel
  after a warm-up viewer; bounded means the N peak is within max(10 MB, 10%) of the N/10 one
  (the ring buffer keeps `max_lines`, 10,000 by default).
- Responsiveness: `1+1` sent as its own execute request to the kernel, timed until its reply
  (median and max of --samples, 0.1 s apart) while a viewer follows (a) a live container
  printing as fast as it can, which starts printing 3 s after it starts so the viewer is
  attached from the first line, and (b) the N-line backlog, the heaviest load the viewer puts
  on the kernel (only samples taken while it still follows count). For reference: the idle
  kernel, and the kernel with no viewer while a container prints fast (the machine's load).
  Target: max < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import secrets
import statistics
import subprocess
import sys
import time
from typing import Any, Callable

from run import IMAGE, LABEL, SOCKET, UnixConnection, docker_cli

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from kernel import Kernel  # noqa: E402  (the tests' kernel driver: one kernel, shut down after)

API = "1.41"
TARGET_RATIO = 0.8
TARGET_LATENCY_MS = 100.0
AWK = ('BEGIN{for(i=1;i<=%s;i++){if(i%%10==0) print "\\033[33mWARN\\033[0m slow request " i '
       '" took 1200ms" > "/dev/stderr"; else printf "%%d INFO request handled '
       'path=/api/items/%%d status=200\\n", i, i}}')


# ------------------------------------------------------------------ containers

def printed(api: Any, run: str, what: str, lines: int, delay: int = 0) -> str:
    """Start container `<run>-<what>` printing `lines` lines (after `delay` s); its name."""
    script = f"sleep {delay}; " if delay else ""
    script += f"exec awk '{AWK % lines}'"
    name = f"{run}-{what}"
    api.create_container(IMAGE, ["sh", "-c", script], name=name,
                         labels={LABEL: "1", f"{LABEL}.run": run})
    api.start(name)
    return name


def remove_created(api: Any, run: str) -> None:
    """Remove this run's containers (another benchmark may be running with the same label)."""
    for c in api.containers(all=True, filters={"label": f"{LABEL}.run={run}"}):
        api.remove_container(c["Id"], force=True)


# ------------------------------------------------------------------ readers

def raw_follow(cid: str) -> dict[int, int]:
    """The floor: lines per stream (1 stdout, 2 stderr) of a followed log, decoded by hand."""
    conn = UnixConnection(SOCKET)
    conn.request("GET", f"/v{API}/containers/{cid}/logs?follow=1&stdout=1&stderr=1")
    response = conn.getresponse()
    assert response.status == 200 and response.chunked, response.status
    counts = {1: 0, 2: 0}
    body, frames = b"", b""  # undecoded chunked body; frame bytes not yet demultiplexed
    done = False
    while not done:
        data = response.fp.read1(1 << 20)  # raw bytes: chunk framing decoded below
        if not data:
            break
        body += data
        payloads, pos = [frames], 0
        while True:  # HTTP chunks: <hex size>\r\n<data>\r\n ... 0\r\n\r\n
            eol = body.find(b"\r\n", pos)
            if eol < 0:
                break
            size = int(body[pos:eol], 16)
            if size == 0:
                done = True
                break
            if eol + size + 4 > len(body):
                break
            payloads.append(body[eol + 2:eol + 2 + size])
            pos = eol + size + 4
        body = body[pos:]
        frames = b"".join(payloads)
        at, end = 0, len(frames)
        while end - at >= 8:  # frames: stream byte, 3 zero bytes, big-endian length, payload
            stop = at + 8 + int.from_bytes(frames[at + 4:at + 8], "big")
            if stop > end:
                break
            counts[frames[at]] += frames.count(b"\n", at + 8, stop)
            at = stop
        frames = frames[at:]
    conn.close()
    return counts


def cli_follow(name: str) -> int:
    """`docker logs -f NAME 2>&1 | wc -l`: both streams, counted by a C program (counting them
    in Python threads here would measure this process's GIL, not the CLI)."""
    out = subprocess.run(["sh", "-c", f'"$0" logs -f "$1" 2>&1 | wc -l', docker_cli(), name],
                         capture_output=True, text=True, check=True).stdout
    return int(out)


def viewer_here(name: str, lines: int) -> tuple[float, int]:
    """LogViewer in this process (DummyComm): seconds until all lines are in its buffer."""
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.log_viewer import LogViewer

    start = time.perf_counter()
    viewer = LogViewer(connect(), name)
    while viewer.buffer.received < lines and not viewer.reason:
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    viewer.stop()
    viewer.join()
    viewer.close()
    return elapsed, viewer.buffer.received


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process and its children, result)."""
    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), \
            resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    c0, t0 = cpu(), time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, cpu() - c0, result


# ------------------------------------------------------------------ in a kernel

KERNEL_SETUP = """
%load_ext jupyter_docker
import time, os
def _mem():
    got = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            got[key] = int(value.split()[0]) / 1024
    return got
def _cpu():
    t = os.times()
    return t.user + t.system
"""

INGEST = """
_c0, _t0 = _cpu(), time.perf_counter()
_v = %docker logs -f {name}
while _v.buffer.received < {lines} and not _v.reason:
    time.sleep(0.01)
_dt, _dc = time.perf_counter() - _t0, _cpu() - _c0
_v.stop(); _v.join(); _v.close()
print("RESULT", _dt, _dc, _v.buffer.received, _v.buffer.dropped, _mem()["VmHWM"])
del _v
"""


def kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("JUPYTER_DOCKER_PROGRESS", None)  # a kernel draws widgets: %docker logs -f -> viewer
    return env


def result_of(output: str) -> list[float]:
    match = re.search(r"^RESULT (.*)$", output, re.M)
    assert match, output
    return [float(x) for x in match.group(1).split()]


def kernel_ingest(k: Kernel, name: str, lines: int) -> tuple[float, float, int, float]:
    """(seconds, kernel CPU seconds, lines received, VmHWM MB after) of one viewer run."""
    dt, cpu, received, _dropped, hwm = result_of(
        k.run(INGEST.format(name=name, lines=lines), timeout=600))
    return dt, cpu, int(received), hwm


def baseline_mb(k: Kernel, tiny: str) -> float:
    """VmHWM after a warm-up viewer on a 10-line container: everything imported, nothing big."""
    k.run(KERNEL_SETUP)
    dt, cpu, received, hwm = kernel_ingest(k, tiny, 10)
    assert received == 10, received
    return hwm


def latencies(k: Kernel, samples: int, still: Callable[[], bool] | None = None) -> list[float]:
    """ms for `1+1` round trips; with `still`, only those taken while it holds."""
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        k.run("1+1")
        ms = (time.perf_counter() - t0) * 1000
        if still is None or still():
            times.append(ms)
        time.sleep(0.1)
    return times


# ------------------------------------------------------------------ report

def verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    n, small = args.lines, max(10, args.lines // 10)

    from docker import APIClient

    api = APIClient(f"unix://{SOCKET}", version=API, timeout=600)
    run = f"jd-bench-logs-{secrets.token_hex(3)}"
    speed: list[tuple[str, int, float, float]] = []  # reader, lines, lines/s, client CPU s
    memory: dict[int, tuple[float, float]] = {}  # lines -> (baseline MB, peak MB)
    responsive: list[tuple[str, list[float], str]] = []
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        names = {n: printed(api, run, "big", n), small: printed(api, run, "small", small)}
        tiny = printed(api, run, "tiny", 10)
        for name in [*names.values(), tiny]:
            assert api.wait(name)["StatusCode"] == 0

        # a fresh kernel per size, so each VmHWM is that size's own peak; both stay up so
        # that every size's rows are measured interleaved, under the same machine load
        with Kernel(env=kernel_env()) as k, Kernel(env=kernel_env()) as k_small:
            kernels = {n: k, small: k_small}
            for lines, kernel in kernels.items():
                memory[lines] = (baseline_mb(kernel, tiny), 0.0)
            for lines, name in names.items():
                rows: dict[str, list[tuple[float, float]]] = {}
                for _ in range(args.repeat):  # interleaved, so drift hits every reader alike
                    wall, cpu, counts = timed(lambda: raw_follow(name))
                    assert counts == {1: lines - lines // 10, 2: lines // 10}, counts
                    rows.setdefault("raw Engine API (floor)", []).append((wall, cpu))
                    wall, cpu, got = timed(lambda: cli_follow(name))
                    assert got == lines, got
                    rows.setdefault("`docker logs -f`", []).append((wall, cpu))
                    wall, cpu, got = timed(lambda: viewer_here(name, lines))
                    assert got[1] == lines, got
                    rows.setdefault("LogViewer, plain process", []).append((got[0], cpu))
                    wall, cpu, got, hwm = kernel_ingest(kernels[lines], name, lines)
                    assert got == lines, got
                    rows.setdefault("LogViewer in a kernel", []).append((wall, cpu))
                    memory[lines] = (memory[lines][0], max(memory[lines][1], hwm))
                for label, got in rows.items():
                    wall = statistics.median(w for w, _ in got)
                    cpu = statistics.median(c for _, c in got)
                    speed.append((label, lines, lines / wall, cpu))

            responsive.append(("idle kernel", latencies(k, args.samples), ""))
            live = printed(api, run, "busy", 50_000_000)
            time.sleep(1)
            responsive.append(("no viewer, a container printing fast", latencies(
                k, args.samples), "what the machine's load alone does"))
            cli = subprocess.Popen([docker_cli(), "logs", "-f", live],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                responsive.append(("no viewer, `docker logs -f` of it outside the kernel",
                                   latencies(k, args.samples),
                                   "the engine streaming the logs, read by another process"))
            finally:
                cli.terminate()  # the process this run started, by its handle
                cli.wait()
            api.remove_container(live, force=True)
            live = printed(api, run, "live", 50_000_000, delay=3)
            k.run(f"_v = %docker logs -f {live}")
            k.run("while not _v.buffer.received and not _v.reason:\n    time.sleep(0.01)",
                  timeout=30)
            before = result_of(k.run('print("RESULT", _v.buffer.received)'))[0]
            t0 = time.perf_counter()
            times = latencies(k, args.samples)
            after = result_of(k.run('print("RESULT", _v.buffer.received)'))[0]
            rate = (after - before) / (time.perf_counter() - t0)
            k.run("_v.stop(); _v.join(); _v.close()")
            api.remove_container(live, force=True)
            responsive.append(("viewer following a live container printing fast", times,
                               f"{rate:,.0f} lines/s reached the viewer meanwhile"))
            k.run(f"_v = %docker logs -f {names[n]}")
            times = latencies(k, args.samples,
                              still=lambda: "True" in k.run("print(_v.following)"))
            k.run("_v.stop(); _v.join(); _v.close()")
            responsive.append((f"viewer replaying the {n:,}-line backlog", times,
                               f"{len(times)} of {args.samples} samples taken while following"))
    finally:
        remove_created(api, run)

    floors = {lines: rate for label, lines, rate, _ in speed if "floor" in label}
    print(f"{os.cpu_count()} CPUs; load average {load_before} before, "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} after (other work on the machine "
          "slows the readers that need the most CPU)\n")
    print(f"Log viewer ingestion: {n:,} and {small:,} lines replayed from an exited container "
          f"(median of {args.repeat})\n")
    print("| reader | lines | lines/s | / floor | client CPU | target |")
    print("|---|---|---|---|---|---|")
    for label, lines, rate, cpu in speed:
        ratio = rate / floors[lines]
        target = "" if label != "LogViewer in a kernel" else \
            f"≥ {TARGET_RATIO}x: {verdict(ratio >= TARGET_RATIO)}" if lines >= 100_000 else \
            "none: start-up weighs (request, inspect, widget)"
        print(f"| {label} | {lines:,} | {rate:,.0f} | {ratio:.2f}x | {cpu:.2f} s | {target} |")

    print("\nPeak kernel memory while following (VmHWM of a fresh kernel per size)\n")
    print("| lines | kernel after warm-up | peak while following | growth | target |")
    print("|---|---|---|---|---|")
    bounded = memory[n][1] <= memory[small][1] + max(10.0, memory[small][1] * 0.1)
    for lines in (small, n):
        base, peak = memory[lines]
        target = (f"within max(10 MB, 10%) of the {small:,}-line peak: {verdict(bounded)}"
                  if lines == n else "")
        print(f"| {lines:,} | {base:.0f} MB | {peak:.0f} MB | +{peak - base:.0f} MB | {target} |")

    print(f"\nKernel responsiveness: `1+1` as its own execute request ({args.samples} samples)\n")
    print("| while | median | 90th percentile | max | target | note |")
    print("|---|---|---|---|---|---|")
    for label, times, note in responsive:
        if not times:
            print(f"| {label} | - | - | - | - | {note} |")
            continue
        worst, p90 = max(times), sorted(times)[int(len(times) * 0.9)]
        target = "" if not label.startswith("viewer") else \
            f"max < {TARGET_LATENCY_MS:.0f} ms: {verdict(worst < TARGET_LATENCY_MS)}"
        print(f"| {label} | {statistics.median(times):.1f} ms | {p90:.1f} ms | {worst:.1f} ms | "
              f"{target} | {note} |")


if __name__ == "__main__":
    main()
