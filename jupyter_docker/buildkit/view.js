// The browser side of BuildView (view.py): a row per build step, updated in place so that a
// step's log the reader opened (or closed) stays that way across repaints; running timers and
// bars tick here, from the kernel's clock at the last paint, without waiting for a repaint.

const LABEL = { waiting: "waiting", running: "", cached: "CACHED", done: "DONE",
  error: "ERROR", canceled: "CANCELED" };

function node(tag, className) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  return made;
}

function fmt(seconds) { return `${Math.max(seconds, 0).toFixed(1)}s`; }

function render({ model, el }) {
  el.classList.add("jd-build");
  const head = node("div", "jd-build-head");
  const list = node("div");
  el.append(head, list);
  const rows = new Map(); // digest -> {box, name, state, bar, transfers, log, pre, summary}
  const toggled = new Set(); // digests whose log the reader opened or closed
  let received = performance.now();

  const clock = () => model.get("now") + (performance.now() - received) / 1000;

  function make(digest) {
    const box = node("div");
    const line = node("div", "jd-build-row");
    const name = node("span", "jd-build-name");
    const state = node("span", "jd-build-state");
    const track = node("span", "jd-build-track");
    const bar = node("span", "jd-build-bar");
    track.append(bar);
    line.append(name, state, track);
    const transfers = node("div");
    const log = node("details", "jd-build-log");
    const summary = node("summary");
    const pre = node("pre");
    log.append(summary, pre);
    log.addEventListener("toggle", () => {
      if (log.dataset.auto !== String(log.open)) toggled.add(digest);
    });
    box.append(line, transfers, log);
    list.append(box);
    const r = { box, name, state, bar, transfers, log, pre, summary };
    rows.set(digest, r);
    return r;
  }

  function tick() {
    const now = clock();
    const t0 = model.get("t0");
    const data = model.get("rows");
    let end = now;
    if (model.get("outcome") !== "running") {
      end = Math.max(t0 + 0.001, ...data.map((d) => d.completed || d.started || t0));
    }
    const span = Math.max(end - t0, 0.001);
    for (const d of data) {
      const r = rows.get(d.digest);
      if (!r) continue;
      const start = Math.max(d.started || d.completed || 0, t0); // cached steps: from t0
      const stop = d.completed || (model.get("outcome") === "running" ? now : end);
      if (d.state === "running") r.state.textContent = fmt(now - d.started);
      if (d.started || d.completed) {
        r.bar.style.left = `${(100 * (start - t0)) / span}%`;
        r.bar.style.width = `${(100 * Math.max(Math.max(stop, t0) - start, 0)) / span}%`;
      } else {
        r.bar.style.width = "0";
      }
    }
    const done = data.filter((d) => d.completed).length;
    const outcome = model.get("outcome");
    const word = { running: "", done: " FINISHED", error: " FAILED", canceled: " CANCELED" };
    head.textContent = `[+] Building ${fmt(end - t0)} (${done}/${data.length})${word[outcome]}`;
    if (outcome === "running") {
      const hint = node("span", "jd-build-hint");
      hint.textContent = "  (interrupt the kernel ■ to cancel the build)";
      head.append(hint);
    }
  }

  function draw() {
    received = performance.now();
    el.dataset.outcome = model.get("outcome");
    for (const d of model.get("rows")) {
      const r = rows.get(d.digest) || make(d.digest);
      r.box.className = `jd-build-step jd-state-${d.state}`;
      r.box.dataset.n = d.n;
      r.name.textContent = `#${d.n} ${d.name}`;
      r.name.title = d.name;
      const took = d.completed && d.started ? ` ${fmt(d.completed - d.started)}` : "";
      if (d.state !== "running") {
        r.state.textContent = LABEL[d.state] + (d.state === "done" || d.state === "error" ? took : "");
      }
      r.transfers.replaceChildren(...d.transfers.map((s) => {
        const row = node("div", "jd-build-transfer");
        const label = node("span");
        label.textContent = `${s.id} ${s.amount}${s.done ? " done" : ""}`;
        row.append(label);
        if (s.fraction !== null && !s.done) {
          const p = node("progress");
          p.max = 1;
          p.value = s.fraction;
          row.append(p);
        }
        return row;
      }));
      r.log.hidden = d.lines.length === 0 && !d.error;
      r.summary.textContent = `${d.nlines} line${d.nlines === 1 ? "" : "s"} of output`;
      const text = (d.error ? [...d.lines, `ERROR: ${d.error}`] : d.lines).join("\n");
      if (r.pre.textContent !== text) {
        const atEnd = r.pre.scrollHeight - r.pre.scrollTop - r.pre.clientHeight < 4;
        r.pre.textContent = text;
        if (atEnd) r.pre.scrollTop = r.pre.scrollHeight;
      }
      if (!toggled.has(d.digest)) {
        const open = d.state === "running" || d.state === "error";
        r.log.dataset.auto = String(open);
        r.log.open = open;
      }
    }
    tick();
  }

  model.on("change:rows", draw);
  model.on("change:outcome", draw);
  draw();
  const timer = setInterval(() => { if (model.get("outcome") === "running") tick(); }, 100);
  return () => clearInterval(timer);
}

export default { render };
