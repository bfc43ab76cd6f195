"""Image analysis speed and memory: the raw floor against `jd.image_analyze`, one run.

    .venv/bin/python bench/image_analysis.py [--layers 20] [--mb 1000] [--repeat 3]

Builds `jd-bench/analysis:<run>` (labelled `jupyter-docker-bench=1`) from the base image with
the classic builder: `--layers` RUN steps that together write `--mb` MB of generated files
(one big file per step, a directory of 200 small files every fourth step, and every fifth step
deletes the big file of the step before, so there are wasted bytes to find). Then, each in a
fresh process (median of --repeat runs, the image read from the engine every time):

- floor: `GET /images/{name}/get` over the unix socket with http.client, through Python's
  `tarfile` in stream mode, every member's bytes read and discarded: what any reader of the
  saved image pays.
- floor with layers: the same, each layer tar also walked through `tarfile` (headers and
  bytes read, discarded): what a reader of every layer's files pays before it does anything.
- `jd.image_analyze(name)`: the analysis (layers, files, metrics), its peak memory (VmHWM of
  the process, and above the process after `import jupyter_docker, pandas, docker`).

Each row also gives the CPU time the reading process spent (the analysis's: from the call on):
on a machine busy with other work the wall times of the same reader vary a lot (the engine
writes the archive at the speed it gets the CPU), the CPU time much less.

Targets: analysis <= 1.3x the floor; peak memory < 200 MB. The image is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import subprocess
import sys
import time

from run import IMAGE, LABEL, SOCKET

API = "1.41"
TARGET_RATIO = 1.3
TARGET_MB = 200

FLOOR = r"""
import http.client, socket, sys, tarfile, time, urllib.parse
class C(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); self.sock.connect(%(sock)r)
nested = %(nested)r
start = time.perf_counter()
conn = C("localhost")
conn.request("GET", "/v%(api)s/images/" + urllib.parse.quote(%(name)r, safe="") + "/get")
resp = conn.getresponse()
assert resp.status == 200, resp.status
total = 0
with tarfile.open(fileobj=resp, mode="r|") as outer:
    for m in outer:
        if not m.isreg():
            continue
        f = outer.extractfile(m)
        if nested and m.name.endswith((".tar", "layer.tar")) or nested and m.name.startswith("blobs/"):
            try:
                with tarfile.open(fileobj=f, mode="r|") as inner:
                    for im in inner:
                        g = inner.extractfile(im) if im.isreg() else None
                        while g is not None and g.read(1 << 20):
                            pass
                        total += 1
            except tarfile.ReadError:
                pass
            while f.read(1 << 20):
                pass
        else:
            while f.read(1 << 20):
                pass
        total += 1
seconds = time.perf_counter() - start
peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
print(seconds, peak, total, time.process_time())
"""

ANALYZE = r"""
import os, time
os.environ["DOCKER_HOST"] = "unix://%(sock)s"
os.environ["JUPYTER_DOCKER_PROGRESS"] = "quiet"
import pandas, docker, jupyter_docker as jd
def hwm():
    return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) * 1024
base = rss()
start, cpu0 = time.perf_counter(), time.process_time()
a = jd.image_analyze(%(name)r)
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu0
print(seconds, hwm(), base, len(a.files), len(a.layers), a.wasted_bytes, a.efficiency, cpu)
"""


def dockerfile(layers: int, mb: int) -> str:
    """`layers` RUN steps writing `mb` MB in all, with small files and deletions."""
    per = mb * 1_000_000 // layers
    lines = [f"FROM {IMAGE}", "RUN mkdir -p /data /many"]
    for i in range(1, layers):
        step = f"head -c {per} /dev/urandom > /data/big{i}.bin"
        if i % 4 == 0:
            step += (f" && mkdir /many/{i} && i=0 && while [ $i -lt 200 ]; do "
                     f"echo file $i of step {i} > /many/{i}/f$i.txt; i=$((i+1)); done")
        if i % 5 == 0:
            step += f" && rm /data/big{i - 1}.bin"
        lines.append(f"RUN {step}")
    return "\n".join(lines) + "\n"


def build(api: object, name: str, text: str) -> str:
    from jupyter_docker.buildcontext import prepare

    context = prepare(None, None, text)  # the context a %%docker build cell sends
    image = ""
    for chunk in api.build(fileobj=context.body, custom_context=True, tag=name, rm=True,  # type: ignore
                           labels={LABEL: "1"}, decode=True):
        if "error" in chunk:
            raise RuntimeError(chunk["error"])
        image = chunk.get("aux", {}).get("ID", image)
    return image


def in_process(script: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=20)
    parser.add_argument("--mb", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from docker import APIClient

    api = APIClient(f"unix://{SOCKET}", version=API, timeout=600)
    name = f"jd-bench/analysis:{secrets.token_hex(4)}"
    start = time.perf_counter()
    image = build(api, name, dockerfile(args.layers, args.mb))
    inspect = api.inspect_image(image)
    print(f"built {name} ({image[:19]}): {inspect['Size'] / 1e6:.0f} MB, "
          f"{len(inspect['RootFS']['Layers'])} layers, in {time.perf_counter() - start:.0f} s",
          flush=True)
    rows: dict[str, list[list[str]]] = {"floor": [], "nested": [], "analysis": []}
    try:
        for _ in range(args.repeat):
            for what, script in (("floor", FLOOR % {"sock": SOCKET, "api": API, "name": name,
                                                    "nested": False}),
                                 ("nested", FLOOR % {"sock": SOCKET, "api": API, "name": name,
                                                     "nested": True}),
                                 ("analysis", ANALYZE % {"sock": SOCKET, "name": name})):
                rows[what].append(in_process(script))
                print(what, rows[what][-1], flush=True)
    finally:
        api.remove_image(name, force=True)
        print(f"removed {name}", flush=True)
    report(rows, inspect)


def report(rows: dict[str, list[list[str]]], inspect: dict) -> None:
    def med(what: str, i: int) -> float:
        return statistics.median(float(r[i]) for r in rows[what])

    floor, nested, analysis = med("floor", 0), med("nested", 0), med("analysis", 0)
    peak, base = med("analysis", 1), med("analysis", 2)
    last = rows["analysis"][-1]
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[0]
    print()
    print(f"image: {inspect['Size'] / 1e6:.0f} MB in {len(inspect['RootFS']['Layers'])} layers; "
          f"{int(last[3]):,} file rows, {int(last[5]) / 1e6:.0f} MB wasted, efficiency "
          f"{float(last[6]):.4f}; median of {len(rows['floor'])} runs; load average {load}")
    print()
    cpu = {what: med(what, 3 if what != "analysis" else 7) for what in rows}
    print("| reader | seconds | / floor | client CPU | peak memory (VmHWM) |")
    print("|---|---|---|---|---|")
    print(f"| floor: `GET /images/{{name}}/get` through `tarfile`, bytes discarded | {floor:.2f} | "
          f"1.00x | {cpu['floor']:.2f} s | {med('floor', 1) / 1e6:.0f} MB |")
    print(f"| floor with every layer tar walked too | {nested:.2f} | {nested / floor:.2f}x | "
          f"{cpu['nested']:.2f} s | {med('nested', 1) / 1e6:.0f} MB |")
    print(f"| `jd.image_analyze` | {analysis:.2f} | {analysis / floor:.2f}x | "
          f"{cpu['analysis']:.2f} s | {peak / 1e6:.0f} MB "
          f"({(peak - base) / 1e6:.0f} MB above the process after its imports) |")
    print()
    print(f"target: <= {TARGET_RATIO}x the floor: {'met' if analysis / floor <= TARGET_RATIO else 'NOT met'}; "
          f"peak < {TARGET_MB} MB: {'met' if peak / 1e6 < TARGET_MB else 'NOT met'}")
    print(json.dumps({k: v for k, v in rows.items()}))


if __name__ == "__main__":
    main()
