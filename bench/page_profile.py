"""Where a page's main thread spends its time: Chromium's sampling CPU profiler (CDP `Profiler`)
over a stretch of a benchmark, its self time summed by function and by script.

    with PageProfile(page, "out.cpuprofile") as prof:
        ...  # what to profile
    prof.report(top=25)

The saved .cpuprofile opens in Chromium's DevTools (Performance panel). Self time of the
pseudo-functions: "(program)" is the renderer's native work outside JavaScript (style, layout,
paint, the IPC of WebSocket frames), "(garbage collector)" and "(idle)" what they say.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any


def where(url: str) -> str:
    """A script's URL, short: the file name (JupyterLab's chunks by name, ours as terminal.js)."""
    if not url:
        return "(native)"
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return name[:60] or url[:60]


class PageProfile:
    """Profile `page`'s main thread while the `with` block runs (interval in microseconds)."""

    def __init__(self, page: Any, path: str | Path, interval: int = 500) -> None:
        self.page, self.path, self.interval = page, Path(path), interval
        self.profile: dict[str, Any] = {}

    def __enter__(self) -> "PageProfile":
        self.cdp = self.page.context.new_cdp_session(self.page)
        self.cdp.send("Profiler.enable")
        self.cdp.send("Profiler.setSamplingInterval", {"interval": self.interval})
        self.cdp.send("Profiler.start")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.profile = self.cdp.send("Profiler.stop")["profile"]
        self.cdp.send("Profiler.disable")
        self.cdp.detach()
        self.path.write_text(json.dumps(self.profile))

    def self_times(self) -> dict[tuple[str, str, int, int], float]:
        """Self time (ms) per (function, script, line, column)."""
        nodes = {n["id"]: n["callFrame"] for n in self.profile["nodes"]}
        out: dict[tuple[str, str, int, int], float] = defaultdict(float)
        for node_id, delta in zip(self.profile["samples"], self.profile["timeDeltas"]):
            frame = nodes[node_id]
            key = (frame["functionName"] or "(anonymous)", where(frame["url"]),
                   frame["lineNumber"] + 1, frame["columnNumber"] + 1)
            out[key] += delta / 1000
        return out

    def report(self, top: int = 25) -> None:
        """Print the total, self time by script, and the top functions by self time."""
        times = self.self_times()
        total = sum(times.values())
        idle = sum(v for k, v in times.items() if k[0] == "(idle)")
        print(f"\nPage main thread profile ({self.path}): {total / 1000:.1f} s sampled, "
              f"{(total - idle) / 1000:.1f} s busy")
        by_script: dict[str, float] = defaultdict(float)
        for (fn, script, _, _), ms in times.items():
            by_script[fn if fn.startswith("(") else script] += ms
        print("\n| script (or native) | self time | share of busy |\n|---|---|---|")
        for script, ms in sorted(by_script.items(), key=lambda kv: -kv[1])[:12]:
            if script != "(idle)":
                print(f"| {script} | {ms / 1000:.2f} s | {ms / max(total - idle, 1):.0%} |")
        print("\n| function (script:line:col) | self time |\n|---|---|")
        ranked = sorted(((k, v) for k, v in times.items() if k[0] != "(idle)"),
                        key=lambda kv: -kv[1])
        for (fn, script, line, col), ms in ranked[:top]:
            print(f"| {fn} ({script}:{line}:{col}) | {ms:.0f} ms |")


TIMELINE = "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink,cc,gpu"


class PageTrace:
    """Chromium's trace (CDP `Tracing`) while the `with` block runs; `report()` sums the self
    time of the renderer main thread's events by name (style, layout, paint, scripts, ...)."""

    def __init__(self, page: Any, path: str | Path, categories: str = TIMELINE) -> None:
        self.page, self.path, self.categories = page, Path(path), categories
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> "PageTrace":
        self.cdp = self.page.context.new_cdp_session(self.page)
        self.done: dict[str, Any] = {}
        self.cdp.on("Tracing.tracingComplete", lambda event: self.done.update(event))
        self.cdp.send("Tracing.start", {"transferMode": "ReturnAsStream",
                                        "traceConfig": {"includedCategories":
                                                        self.categories.split(",")}})
        return self

    def __exit__(self, *exc: Any) -> None:
        self.cdp.send("Tracing.end")
        while "stream" not in self.done:
            self.page.wait_for_timeout(100)
        chunks = []
        while True:
            part = self.cdp.send("IO.read", {"handle": self.done["stream"], "size": 1 << 22})
            chunks.append(part["data"])
            if part.get("eof"):
                break
        self.cdp.send("IO.close", {"handle": self.done["stream"]})
        self.cdp.detach()
        text = "".join(chunks)
        self.path.write_text(text)
        data = json.loads(text)
        self.events = data["traceEvents"] if isinstance(data, dict) else data

    def threads(self) -> dict[tuple[int, int], str]:
        return {(e["pid"], e["tid"]): e["args"]["name"] for e in self.events
                if e.get("ph") == "M" and e.get("name") == "thread_name"}

    def self_times(self, thread: str = "CrRendererMain") -> dict[str, float]:
        """Self time (ms) by event name on every thread called `thread` (complete events)."""
        names = self.threads()
        out: dict[str, float] = defaultdict(float)
        per_thread: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        for e in self.events:
            if e.get("ph") == "X" and names.get((e["pid"], e["tid"])) == thread:
                per_thread[(e["pid"], e["tid"])].append(e)
        for events in per_thread.values():
            events.sort(key=lambda e: (e["ts"], -e.get("dur", 0)))
            stack: list[list[Any]] = []  # [end, name, child time]
            for e in events:
                start, dur = e["ts"], e.get("dur", 0)
                while stack and stack[-1][0] <= start:
                    end, name, child, own = stack.pop()
                    out[name] += (own - child) / 1000
                if stack:
                    stack[-1][2] += dur
                stack.append([start + dur, e["name"], 0, dur])
            for end, name, child, own in stack:
                out[name] += (own - child) / 1000
        return out

    def report(self, top: int = 20, thread: str = "CrRendererMain") -> None:
        times = self.self_times(thread)
        total = sum(times.values())
        print(f"\nTrace of {thread} ({self.path}): {total / 1000:.1f} s in events")
        print("\n| event | self time |\n|---|---|")
        for name, ms in sorted(times.items(), key=lambda kv: -kv[1])[:top]:
            print(f"| {name} | {ms:.0f} ms |")
