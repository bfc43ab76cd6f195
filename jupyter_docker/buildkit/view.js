// The browser side of BuildView (view.py): a row per build step, updated in place so that a
// step's log the reader opened (or closed) stays that way across repaints; running timers and
// bars tick here, from the kernel's clock at the last paint, without waiting for a repaint.
// The Stop button interrupts the kernel through the frontend's own kernel connection (the
// kernel is busy running the build, so a widget message would wait for the build's end); the
// interrupt is what cancels the build on the engine (run.py: POST /build/cancel). Where the
// frontend gives no kernel connection, the hint says to interrupt the kernel instead.

const LABEL = { waiting: "waiting", running: "", cached: "CACHED", done: "DONE",
  error: "ERROR", canceled: "CANCELED" };

function node(tag, className) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  return made;
}

function fmt(seconds) { return `${Math.max(seconds, 0).toFixed(1)}s`; }

function kernelOf(model) {
  const kernel = model.widget_manager?.kernel;
  return kernel && typeof kernel.interrupt === "function" ? kernel : null;
}

function render({ model, el }) {
  el.classList.add("jd-build");
  const head = node("div", "jd-build-head");
  const title = node("span");
  const stop = node("button", "jd-build-stop");
  stop.type = "button";
  stop.textContent = "■ Stop";
  stop.title = "Cancel the build on the engine (interrupts the kernel)";
  const hint = node("span", "jd-build-hint");
  hint.textContent = "  (interrupt the kernel ■ to cancel the build)";
  head.append(title, stop, hint);
  const note = node("div", "jd-build-note");
  const list = node("div");
  const warned = node("div", "jd-build-warnings");
  el.append(head, note, list, warned);
  stop.addEventListener("click", () => {
    const kernel = kernelOf(model);
    if (!kernel || model.get("outcome") !== "running") return;
    stop.disabled = true;
    stop.textContent = "stopping…";
    kernel.interrupt().catch((err) => {
      stop.disabled = false;
      stop.textContent = "■ Stop";
      note.textContent = `could not interrupt the kernel: ${err}`;
    });
  });
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
    const warns = node("div", "jd-build-warn");
    box.append(line, warns, transfers, log);
    list.append(box);
    const r = { box, name, state, bar, transfers, log, pre, summary, warns };
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
    title.textContent = `[+] Building ${fmt(end - t0)} (${done}/${data.length})${word[outcome]}`;
    const running = outcome === "running";
    const kernel = running && kernelOf(model);
    stop.hidden = !kernel;
    hint.hidden = !running || Boolean(kernel);
  }

  function drawWarnings() {
    const all = model.get("warnings");
    if (!all.length) { warned.replaceChildren(); return; }
    const count = node("div", "jd-build-warnings-head");
    count.textContent = `${all.length} warning${all.length === 1 ? "" : "s"} found:`;
    warned.replaceChildren(count, ...all.map((w) => {
      const item = node("div", "jd-build-warning");
      item.textContent = ` - ${w.short}${w.line ? ` (line ${w.line})` : ""}`;
      if (w.detail) item.title = w.detail;
      if (w.url) {
        const link = node("a");
        link.href = w.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = "more info";
        item.append(" ", link);
      }
      return item;
    }));
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
      r.warns.replaceChildren(...(d.warnings || []).map((short) => {
        const w = node("div");
        w.textContent = `WARN: ${short}`;
        return w;
      }));
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
    note.textContent = model.get("note");
    note.hidden = !note.textContent;
    if (model.get("outcome") !== "running") {
      stop.disabled = false;
      stop.textContent = "■ Stop";
    }
    drawWarnings();
    tick();
  }

  model.on("change:rows", draw);
  model.on("change:outcome", draw);
  model.on("change:note", draw);
  model.on("change:warnings", draw);
  draw();
  const timer = setInterval(() => { if (model.get("outcome") === "running") tick(); }, 100);
  return () => clearInterval(timer);
}

export default { render };
