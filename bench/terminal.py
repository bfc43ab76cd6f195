"""Live terminal speed in the browser: keystroke-to-echo latency, `cat` throughput, a second cell.

    .venv/bin/python bench/terminal.py [--keys 200] [--mb 50] [--repeat 2] [--nagle]
        [--windows 256:64,256:64:192] [--untracked-comms] [--no-lab-terminal]
        [--no-fast-forward]

A JupyterLab server of its own (tests/lab_browser.py's) and headless Chromium (Playwright), a
notebook with `%docker exec -it NAME sh` into a container labelled `jupyter-docker-bench=1` and
`jupyter-docker-bench.run=<this run>` (removed at the end, like the server and the browser).

- Latency: --keys printable keys typed by Playwright into the terminal (trusted key events);
  each is timed in the page, from its keydown event's timestamp until the shell's echo of it is
  in the terminal's rows (a MutationObserver on the DOM renderer's rows): the whole round trip
  page -> server -> kernel -> engine -> the container's TTY -> back -> xterm.js. The line is a
  shell comment (`#...`), Enter every 40 keys. Target: median < 20 ms, p99 < 60 ms. Where the
  time goes: the page's WebSocket frames are timed (a wrapper installed before the page loads)
  and so are the kernel's side of each key (the session's write and output, wrapped in the
  kernel), on the one machine's wall clock: page -> kernel, kernel -> container -> kernel,
  kernel -> page, and the page's drawing.
- The floor: the same keys, timed the same way, in JupyterLab's own terminal (File > New >
  Terminal: terminado, a shell on the host, no kernel and no engine on its way), right after
  ours in the same page (--no-lab-terminal skips it).
- Throughput: `cat` of a --mb MB text file (79-character lines), then of one of varied lines
  (0-99 characters of differing words), in the container, through the terminal, from Enter
  until a marker echoed after it is in the rows (xterm.js has parsed every byte), against
  `docker exec -t NAME cat FILE` in a pty outside the notebook (its bytes read
  from the pty's master until end of file). Bytes counted are the file's. Target >= 0.5x.
  Each run says how many bytes the page was sent of the pty's (the fast-forward,
  fastforward.py, drops lines that could only fall off its scrollback); --no-fast-forward
  sends it every byte.
- --nagle: the same with the wheel's server extension (jupyter_docker/server/nodelay.py)
  switched off in the bench's own server: its kernel WebSockets keep Nagle's algorithm, and
  the server's small frames (a key's echo, the kernel's busy/idle) wait for the browser's
  delayed ACK, as with jupyter_server alone.
- --windows HIGH:LOW[:ACK],...: the flow-control window (KB, jupyter_docker/terminal/flow.py;
  the page acknowledges every ACK KB, by default LOW) of each series of --repeat cats, set in the kernel between them,
  so that the windows are compared side by side in one session (default: flow.py's).
- --untracked-comms: the bench's server lists `comm_msg` in the kernel manager's
  `untracked_message_types`, so JupyterLab ignores the busy / idle status around each comm
  message (a key, an acknowledgement) as it does for `kernel_info_request`: what the page's
  reaction to that status costs the terminal (it also hides every widget's busy time).
- --profile cpu|trace: the page's main thread during the first cat (page_profile.py):
  Chromium's CPU profile (self time by script and the top functions) or its trace (self time
  by event: style, layout, paint, scripts); the file is kept for DevTools.
- Responsiveness: while the terminal cats, the page runs `1+1` in the kernel every 0.25 s
  (requestExecute, timed in the page until its reply). Target: max < 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from page_profile import PageProfile, PageTrace
from run import IMAGE, LABEL, SOCKET, docker_cli

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from lab_browser import (CHROMIUM, CHROMIUM_ARGS, KERNEL, NOTEBOOK, Lab,  # noqa: E402
                         kernel_says, open_docker_notebook, run_cell)

API = "1.41"
TERMINAL = f"{NOTEBOOK} .jd-terminal"
ROWS = f"{TERMINAL} .xterm-rows"
FILE = "/tmp/big.txt"
VARIED = "/tmp/varied.txt"  # lines of 0-99 characters of differing words (awk)
VARIED_AWK = ("awk 'BEGIN { w = \"alpha beta gamma delta epsilon zeta eta theta iota kappa\"; "
              "for (i = 1; ; i++) { n = (i * 7919) % 100; s = \"\"; "
              "while (length(s) < n) s = s substr(w, 1 + (i * 31 + length(s)) % 50, 9); "
              "print i \": \" substr(s, 1, n) } }'")

# Where a key's time goes: the page's WebSocket frames, timed (installed before the page loads).
WS_TAP_JS = """() => {
    const tap = window.__jdWs = {sends: [], outs: [], all: [], long: []};
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) tap.long.push([e.startTime, e.duration]);
    }).observe({entryTypes: ['longtask']});
    const Native = window.WebSocket;
    const send = Native.prototype.send;
    Native.prototype.send = function (data) {
        tap.sends.push(performance.now());
        if (tap.sends.length > 2000) tap.sends.splice(0, 1000);
        return send.call(this, data);
    };
    const decoder = new TextDecoder();
    tap.stdouts = [];  // JupyterLab's own terminal (terminado): its output frames
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', event => {
                const t = performance.now();
                const d = event.data;
                if (typeof d === 'string' && d.startsWith('["stdout"')) {
                    tap.stdouts.push(t);
                    if (tap.stdouts.length > 2000) tap.stdouts.splice(0, 1000);
                }
                if (!(d instanceof ArrayBuffer) || d.byteLength > 4096) return;
                const text = decoder.decode(d);
                if (/"type":\\s*"out"/.test(text)) {
                    tap.outs.push(t);
                    if (tap.outs.length > 2000) tap.outs.splice(0, 1000);
                }
                const kind = text.match(/"msg_type":\\s*"(\\w+)"/);
                const state = text.match(/"execution_state":\\s*"(\\w+)"/);
                tap.all.push([t, kind ? kind[1] : '?', state ? state[1] : '']);
                if (tap.all.length > 4000) tap.all.splice(0, 2000);
            });
        }
    };
}"""

# The kernel's side of the same keys: when each key arrived, when each echo left (wall clock).
KERNEL_TAP = """
import gc, time
_jd_tap = {'in': [], 'out': []}
_jd_term, = [o for o in gc.get_objects() if type(o).__name__ == 'TerminalWidget']
def _tap(obj, name, kind):
    real = getattr(obj, name)
    def tapped(data):
        _jd_tap[kind].append(time.time() * 1000)
        return real(data)
    setattr(obj, name, tapped)
_tap(_jd_term.session, 'write', 'in'); _tap(_jd_term.session, 'on_output', 'out')
"""


def hops(page: Any) -> list[list[float]]:
    """Each key's page send -> kernel got it -> kernel sent the echo -> page got the echo (ms),
    from the page's and the kernel's wall clocks (one machine)."""
    import json

    kernel = json.loads(kernel_says(page, "import json; print(json.dumps(_jd_tap))"))
    page_side = page.evaluate("() => ({origin: performance.timeOrigin, "
                              "sends: window.__jdWs.sends, outs: window.__jdWs.outs})")
    origin = page_side["origin"]
    sends = [origin + t for t in page_side["sends"]]
    outs = [origin + t for t in page_side["outs"]]
    rows = []
    for got in kernel["in"]:
        sent = max((t for t in sends if t <= got), default=None)
        left = next((t for t in kernel["out"] if t >= got), None)
        back = next((t for t in outs if left is not None and t >= left), None)
        if sent is not None and left is not None and back is not None:
            rows.append([got - sent, left - got, back - left])
    return rows


LATENCY_JS = """rowsSel => {
    const rows = document.querySelector(rowsSel);
    const box = window.__jdLatency = {times: [], parts: [], pending: null, expect: ''};
    const tap = window.__jdWs;
    const check = () => {
        const p = box.pending;
        if (p && rows.textContent.includes(p.expect)) {
            const now = performance.now();
            box.times.push(now - p.t);
            box.pending = null;
            const sent = tap.sends.find(t => t >= p.t);
            const out = sent === undefined ? undefined : tap.outs.find(t => t >= sent);
            if (out !== undefined && out <= now)
                box.parts.push([sent - p.t, out - sent, now - out]);
        }
    };
    new MutationObserver(check).observe(rows, {childList: true, subtree: true,
                                               characterData: true});
    const area = document.querySelector(rowsSel.replace('.xterm-rows', '.xterm-helper-textarea'));
    area.addEventListener('keydown', e => {
        if (e.key.length === 1) {
            box.expect += e.key;
            if (!box.off) box.pending = {t: e.timeStamp, expect: box.expect};
        }
    }, true);
}"""

# JupyterLab's own terminal (File > New > Terminal: terminado, a shell on the server's host, no
# kernel, no engine): the floor of a terminal in this page. Timed as ours, from the keydown to
# xterm.js's render of the row with the echo (its renderer is WebGL or canvas: no DOM rows).
LAB_TERMINAL_JS = """async () => {
    const widget = await window.jupyterapp.commands.execute('terminal:create-new');
    const content = widget.content;
    await new Promise(ok => { const wait = () => content._term ? ok() : setTimeout(wait, 50);
                              wait(); });
    const term = content._term;
    const box = window.__jdLabTerm = {times: [], parts: [], pending: null, expect: '',
                                      off: true, term};
    const tap = window.__jdWs;
    box.line = () => {
        const b = term.buffer.active;
        return b.getLine(b.baseY + b.cursorY)?.translateToString(true) ?? '';
    };
    term.onRender(() => {
        const p = box.pending;
        if (p && box.line().includes(p.expect)) {
            const now = performance.now();
            box.times.push(now - p.t);
            box.pending = null;
            const sent = tap.sends.find(t => t >= p.t);
            const out = sent === undefined ? undefined : tap.stdouts.find(t => t >= sent);
            if (out !== undefined && out <= now)
                box.parts.push([sent - p.t, out - sent, now - out]);
        }
    });
    widget.node.querySelector('.xterm-helper-textarea').addEventListener('keydown', e => {
        if (e.key.length === 1) {
            box.expect += e.key;
            if (!box.off) box.pending = {t: e.timeStamp, expect: box.expect};
        }
    }, true);
    term.focus();
    return term.options.rendererType || (widget.node.querySelector('canvas') ? 'canvas/webgl' :
                                         'dom');
}"""

SAMPLER_JS = """kernelPath => {
    const kernel = eval(kernelPath);
    const box = window.__jdCells = {times: [], stop: false};
    const one = async () => {
        if (box.stop) return;
        const t = performance.now();
        const future = kernel.requestExecute({code: '1+1', silent: false, store_history: false});
        await future.done;
        box.times.push(performance.now() - t);
        setTimeout(one, 250);
    };
    one();
}"""


NAGLE = {"ServerApp": {"jpserver_extensions": {"jupyter_docker.server": False}}}


def untracked_comms() -> dict[str, Any]:
    """Server config: jupyter_server's untracked message types and `comm_msg`."""
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    trait = MappingKernelManager.class_traits()["untracked_message_types"]
    types = [*trait.make_dynamic_default(), "comm_msg"]
    return {"MappingKernelManager": {"untracked_message_types": types}}


def cpu_by_process() -> dict[str, float]:
    """CPU seconds so far, summed by kind (what ran the cat): this run's own processes (its
    Chromium by role, JupyterLab server, kernel: the machine has other people's too) and the
    machine's engine processes; the rest of the machine is "other"."""
    kinds = {"chromium": "Chromium", "chrome": "Chromium", "jupyter-lab": "JupyterLab server",
             "dockerd": "dockerd", "containerd-shim": "containerd shim", "docker": "docker CLI"}
    tick = os.sysconf("SC_CLK_TCK")
    procs: dict[int, tuple[int, str, str, float]] = {}  # pid: parent, name, cmdline, CPU s
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as fh:
                stat = fh.read()
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        procs[int(pid)] = (int(fields[1]), stat[stat.index("(") + 1:stat.rindex(")")], cmd,
                           (int(fields[11]) + int(fields[12])) / tick)
    ours = {os.getpid()}
    grew = True
    while grew:
        grew = False
        for pid, (parent, *_) in procs.items():
            if parent in ours and pid not in ours:
                ours.add(pid)
                grew = True
    out: dict[str, float] = {}
    for pid, (_, name, cmd, cpu) in procs.items():
        kind = next((k for key, k in kinds.items() if name.startswith(key)), "other")
        if kind == "Chromium":  # its processes by role: the page's renderer, GPU, browser
            role = next((a[7:] for a in cmd.split() if a.startswith("--type=")), "browser")
            kind = f"Chromium {role}"
        if "ipykernel_launcher" in cmd:
            kind = "kernel"
        elif "jupyter-lab" in cmd or "jupyter lab" in cmd:
            kind = "JupyterLab server"
        if kind.startswith(("Chromium", "kernel", "JupyterLab")) and pid not in ours:
            kind = "other"
        out[kind] = out.get(kind, 0.0) + cpu
    return out


class KernelProbe:
    """`1+1` sent straight to the notebook's kernel over ZMQ (its connection file in the Lab's
    runtime dir) every 0.25 s from a thread here: the kernel's own answer time, without the
    page's main thread in the way."""

    def __init__(self, runtime: Path) -> None:
        import threading

        from jupyter_client import BlockingKernelClient

        newest = max(runtime.glob("kernel-*.json"), key=lambda p: p.stat().st_mtime)
        self.client = BlockingKernelClient(connection_file=str(newest))
        self.client.load_connection_file()
        self.client.start_channels()
        self.times: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(0.25):
            start = time.perf_counter()
            self.client.execute_interactive("1+1", store_history=False, timeout=60,
                                            output_hook=lambda msg: None)
            self.times.append((time.perf_counter() - start) * 1000)

    def __enter__(self) -> "KernelProbe":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        self.thread.join(60)
        self.client.stop_channels()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def make_container(api: Any, run: str, mb: int) -> str:
    name = f"{run}-shell"
    api.create_container(IMAGE, ["sleep", "3600"], name=name,
                         labels={LABEL: "1", f"{LABEL}.run": run})
    api.start(name)
    line = "x" * 78  # 79 bytes with its newline
    script = (f"yes {line} | head -c {mb * 1_000_000} > {FILE}; "
              f"{VARIED_AWK} | head -c {mb * 1_000_000} > {VARIED}; wc -c < {FILE}; "
              f"wc -c < {VARIED}")
    exec_id = api.exec_create(name, ["sh", "-c", script])["Id"]
    sizes = [int(n) for n in api.exec_start(exec_id).split()]
    assert sizes == [mb * 1_000_000] * 2, sizes
    return name


def cli_in_pty(name: str, path: str = FILE) -> tuple[float, int]:
    """`docker exec -t NAME cat PATH` in a pty: seconds until end of file, bytes read."""
    pid, master = pty.fork()
    if pid == 0:
        os.execv(docker_cli(), [docker_cli(), "exec", "-t", name, "cat", path])
    start, got = time.perf_counter(), 0
    try:
        while True:
            try:
                data = os.read(master, 1 << 20)
            except OSError:  # EIO: the child closed the pty
                break
            if not data:
                break
            got += len(data)
    finally:
        elapsed = time.perf_counter() - start
        os.close(master)
        os.waitpid(pid, 0)
    return elapsed, got


def lab_terminal_keys(page: Any, keys: int) -> tuple[list[float], list[list[float]], str]:
    """The same keys typed into JupyterLab's own terminal (LAB_TERMINAL_JS): latency, parts as
    type_keys's, and its renderer."""
    renderer = page.evaluate(LAB_TERMINAL_JS)
    page.wait_for_function("() => window.__jdLabTerm.line().trim().length > 0")
    page.keyboard.type("echo ready-$((1+1))")
    page.keyboard.press("Enter")
    page.wait_for_function("() => { const b = window.__jdLabTerm.term.buffer.active; "
                           "for (let i = 0; i < b.length; i++) if (/^ready-2/.test("
                           "b.getLine(i).translateToString(true))) return true; return false; }")
    times, parts = timed_keys(page, keys, "__jdLabTerm",
                              "p => window.__jdLabTerm.line().includes(p)")
    return times, parts, renderer


def type_keys(page: Any, keys: int) -> tuple[list[float], list[list[float]]]:
    """Latency of `keys` printable keys, each typed once the previous one's echo is drawn, and
    its three parts: keydown to the page's WebSocket send, that send to the echo's frame
    arriving (server, kernel, engine, container and back), that frame to the echo in the rows.
    Each line starts with an unmeasured `#Lnnn:` so that what is expected is unique on screen."""
    page.evaluate(LATENCY_JS, ROWS)
    return timed_keys(page, keys, "__jdLatency",
                      "p => document.querySelector(%s).textContent.includes(p)" % json.dumps(ROWS))


def timed_keys(page: Any, keys: int, box: str,
               shows: str) -> tuple[list[float], list[list[float]]]:
    """Type `keys` printable keys, each once the previous one's echo is drawn, timed by the page's
    `window[box]` (LATENCY_JS, LAB_TERMINAL_JS); `shows`: a JS function of a text, true once the
    terminal shows it. Each line starts with an unmeasured `#Lnnn:`, Enter every 40 keys."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    for i in range(keys):
        if i % 40 == 0:
            if i:
                page.keyboard.press("Enter")
            prefix = f"#L{i // 40:03d}:"
            page.evaluate(f"() => {{ Object.assign(window.{box}, {{off: true, expect: ''}}); }}")
            page.keyboard.type(prefix)
            page.wait_for_function(shows, arg=prefix)
            page.evaluate(f"() => {{ window.{box}.off = false; }}")
        page.keyboard.press(alphabet[i % len(alphabet)])
        page.wait_for_function(f"() => !window.{box}.pending", polling=5)
    page.keyboard.press("Enter")
    return page.evaluate(f"() => [window.{box}.times, window.{box}.parts]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--windows", default="",
                        help="flow-control windows HIGH:LOW[:ACK] in KB, comma-separated")
    parser.add_argument("--profile", choices=("cpu", "trace"),
                        help="profile the page's main thread during the first cat (CDP)")
    parser.add_argument("--nagle", action="store_true",
                        help="the server extension off: Nagle on the kernel WebSockets")
    parser.add_argument("--no-fast-forward", action="store_true",
                        help="the terminal sends the page every byte (fastforward.py off)")
    parser.add_argument("--untracked-comms", action="store_true",
                        help="the page ignores the busy/idle status around comm messages")
    parser.add_argument("--no-lab-terminal", action="store_true",
                        help="skip the floor: the same keys in JupyterLab's own terminal")
    args = parser.parse_args()

    from docker import APIClient
    from playwright.sync_api import sync_playwright

    api = APIClient(f"unix://{SOCKET}", version=API, timeout=600)
    run = f"jd-bench-term-{secrets.token_hex(3)}"
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    root = Path(tempfile.mkdtemp(prefix="jd-bench-term-"))
    lab = Lab(root)
    config = {**(NAGLE if args.nagle else {}), **(untracked_comms() if args.untracked_comms else {})}
    if config:
        (root / "config").mkdir()
        (root / "config" / "jupyter_server_config.json").write_text(json.dumps(config))
    results: dict[str, Any] = {}
    try:
        name = make_container(api, run, args.mb)
        lab.start()
        with sync_playwright() as pw:
            browser = pw.chromium.launch_persistent_context(
                str(root / "chromium-profile"), executable_path=CHROMIUM, headless=True,
                args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
            try:
                page = browser.new_page()
                page.set_default_timeout(300_000)
                page.add_init_script(f"({WS_TAP_JS})()")
                open_docker_notebook(page, lab, "bench-terminal.ipynb")
                run_cell(page, f"%docker exec -it {name} sh")
                page.wait_for_function("sel => (document.querySelector(sel)?.innerText || '')"
                                       ".includes('#')", arg=ROWS)
                page.click(f"{TERMINAL} .xterm-screen")
                # the shell is ready for keys once it answered a line (ash asks the terminal for
                # its cursor position first; keys typed before the answer can be eaten)
                page.keyboard.type("echo ready-$((1+1))")
                page.keyboard.press("Enter")
                page.wait_for_function("sel => /^ready-2/m.test(document.querySelector(sel)"
                                       ".innerText)", arg=ROWS)
                results["size"] = page.evaluate(
                    "sel => document.querySelector(sel).children.length", ROWS)
                kernel_says(page, KERNEL_TAP)
                results["latency"], results["parts"] = type_keys(page, args.keys)
                results["hops"] = hops(page)
                if not args.no_lab_terminal:  # the floor, right after ours (the same load)
                    results["lab"] = lab_terminal_keys(page, args.keys)
                    page.evaluate("() => window.jupyterapp.commands.execute("
                                  "'docmanager:open', {path: 'bench-terminal.ipynb'})")
                    page.wait_for_selector(f"{TERMINAL} .xterm-screen")
                    page.click(f"{TERMINAL} .xterm-screen")
                throughput = []
                prof = (PageProfile(page, root / "cat.cpuprofile") if args.profile == "cpu" else
                        PageTrace(page, root / "cat.trace.json") if args.profile == "trace"
                        else None)
                windows = [(*(int(kb) * 1024 for kb in w.split(":")), None)[:3]
                           for w in args.windows.split(",") if w] or [(None, None, None)]
                if args.no_fast_forward:
                    kernel_says(page, "_jd_term.session.ahead.enabled = False")
                runs = [(w, path) for w in windows for path in (FILE, VARIED)
                        for _ in range(args.repeat)]
                for attempt, ((high, low, ack), path) in enumerate(runs):
                    if high:
                        kernel_says(page, f"w = _jd_term.session.window; w.high, w.low = {high},"
                                          f" {low}; _jd_term.ack_every = {ack or low}")
                    window = kernel_says(page, "w = _jd_term.session.window; print(f'{w.high "
                                               "// 1024}/{w.low // 1024} KB, ack every "
                                               "{_jd_term.ack_every // 1024} KB')")
                    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
                    cli_s, cli_bytes = cli_in_pty(name, path)
                    assert cli_bytes >= args.mb * 1_000_000, cli_bytes
                    marker = f"DONE{attempt}-$((40+2))"
                    page.evaluate("() => window.__jdCells && (window.__jdCells.stop = true)")
                    page.evaluate(SAMPLER_JS, KERNEL)
                    sent_before = int(kernel_says(page, "print(_jd_term.session.window.sent)"))
                    page.keyboard.type(f"cat {path}; echo {marker}")
                    cpu_before = cpu_by_process()
                    profile = prof if prof and attempt == 0 else nullcontext()
                    with KernelProbe(root / "runtime") as probe, profile:
                        start = page.evaluate("() => performance.now()")
                        page.keyboard.press("Enter")
                        page.wait_for_function(
                            "([sel, m]) => document.querySelector(sel).textContent.includes(m)",
                            arg=[ROWS, f"DONE{attempt}-42"], polling=50)
                        elapsed = (page.evaluate("() => performance.now()") - start) / 1000
                    results.setdefault("zmq", []).append(probe.times)
                    cpu_after = cpu_by_process()
                    results.setdefault("cpu", []).append(
                        {k: cpu_after[k] - cpu_before.get(k, 0.0) for k in cpu_after})
                    cells = page.evaluate("() => { window.__jdCells.stop = true; "
                                          "return window.__jdCells.times; }")
                    results.setdefault("pauses", []).append(int(kernel_says(
                        page, "print(_jd_term.session.window.pauses)")))
                    sent = int(kernel_says(page, "print(_jd_term.session.window.sent)"))
                    what = "x*78" if path == FILE else "varied"
                    throughput.append((elapsed, cli_s, cells, f"{window.strip()}, {what} lines, "
                                       f"page sent {(sent - sent_before) / 1e6:.2f} MB of "
                                       f"{cli_bytes / 1e6:.2f} (pty)", load))
                results["throughput"] = throughput
                results["profile"] = prof
                page.screenshot(path=str(root / "bench-terminal.png"))
                results["screenshot"] = str(root / "bench-terminal.png")
            finally:
                browser.close()
    finally:
        lab.stop()
        for c in api.containers(all=True, filters={"label": f"{LABEL}.run={run}"}):
            api.remove_container(c["Id"], force=True)
    report(results, args, load_before)


def split_rows(rows: list[list[float]], names: tuple[str, ...]) -> None:
    """One table row per part of the keys' time: median / p99 of column i, named names[i]."""
    for i, what in enumerate(names):
        if rows:
            values = [row[i] for row in rows]
            print(f"| {what}, median / p99 of {len(values)} | {statistics.median(values):.1f} / "
                  f"{percentile(values, 0.99):.1f} ms | |")


def report(results: dict[str, Any], args: Any, load_before: str) -> None:
    lat = results["latency"]
    mb = args.mb
    nagle = "the server extension off (Nagle)" if args.nagle else "TCP_NODELAY (the extension)"
    if args.untracked_comms:
        nagle += ", comm_msg untracked (no busy/idle in the page)"
    print(f"\nLive terminal (exec -it sh, busybox, {nagle}), {os.cpu_count()} cores, load average "
          f"before {load_before}, after {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| keystroke to echo drawn, median of {len(lat)} | {statistics.median(lat):.1f} ms "
          "| < 20 ms |")
    print(f"| keystroke to echo drawn, p99 | {percentile(lat, 0.99):.1f} ms | < 60 ms |")
    split_rows(results.get("parts") or [], (
        "keydown to the page's WebSocket send",
        "send to the echo's frame back (server, kernel, engine)",
        "echo frame to the echo in the rows (xterm.js, drawing)"))
    split_rows(results.get("hops") or [], (
        "page send to the kernel's handler (server, shell channel)",
        "kernel: key written to the echo sent (engine, container)",
        "echo sent to its frame in the page (iopub, server)"))
    if results.get("lab"):
        times, parts, renderer = results["lab"]
        print(f"| JupyterLab's own terminal (terminado, the host's shell; {renderer}): keystroke "
              f"to echo drawn, median / p99 of {len(times)} | {statistics.median(times):.1f} / "
              f"{percentile(times, 0.99):.1f} ms | the floor |")
        split_rows(parts, (
            "its keydown to the page's WebSocket send",
            "its send to the echo's frame back (server, pty)",
            "its echo frame to the echo rendered (xterm.js)"))
    for i, (term_s, cli_s, cells, window, load) in enumerate(results["throughput"]):
        ratio = cli_s / term_s
        print(f"| window {window} (run {i + 1}), load average before | {load} | |")
        print(f"| `cat` {mb} MB, terminal in the page (run {i + 1}) | {mb / term_s:.1f} MB/s "
              f"({term_s:.2f} s) | |")
        print(f"| `docker exec -t cat` {mb} MB in a pty (run {i + 1}) | {mb / cli_s:.1f} MB/s "
              f"({cli_s:.2f} s) | |")
        print(f"| ratio terminal / CLI (run {i + 1}) | {ratio:.2f}x | >= 0.5x |")
        if results.get("pauses"):
            print(f"| the reader waited for the page, times so far (run {i + 1}) | "
                  f"{results['pauses'][i]} | |")
        if cells:
            print(f"| `1+1` from the page meanwhile, median / max of {len(cells)} (run {i + 1}) "
                  f"| {statistics.median(cells):.0f} / {max(cells):.0f} ms | max < 200 ms |")
    for i, times in enumerate(results.get("zmq", [])):
        if times:
            print(f"\n`1+1` straight to the kernel over ZMQ meanwhile (run {i + 1}): median "
                  f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms, {len(times)} "
                  "samples")
    for i, cpu in enumerate(results.get("cpu", [])):
        busy = ", ".join(f"{k} {v:.1f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])
                         if v >= 0.05)
        print(f"\nCPU seconds during the terminal's cat (run {i + 1}): {busy}")
    if results.get("profile"):
        results["profile"].report()
    print(f"\nscreenshot: {results['screenshot']}")


if __name__ == "__main__":
    main()
