// The terminal widget's view: xterm.js in an anywidget ES module (bundled by build.sh into
// jupyter_docker/terminal/terminal.js). The kernel sends the container's bytes as custom
// messages with one binary buffer ({type: "out", at}); keys go back the same way ({type: "in"}),
// and the fit addon's size as {type: "resize", rows, cols, id, scrollback}. The first resize is
// also the kernel's cue to start the session, so no byte is sent before a view can draw it.
// Each view has an id (its page's, a dot, a number): it says when it opens and closes ({type:
// "view", open, id, here}; `page` when the page goes, a reload or a closed browser tab, or its
// notebook panel was closed, the kernel running on), `here` being the ids of the page's views
// still shown: the kernel forgets the page's others. A notebook tab closed in JupyterLab
// cannot say goodbye when it was its document's last view (the document's kernel connection
// is closed before its outputs are removed): its view falls silent as a gone page's, and the
// next view that page opens tells the kernel it is gone. Each view pings every PING_MS
// ({type: "ping", id}) from a worker's clock (a hidden tab's timers are throttled to one a
// minute; a worker's are not), so the kernel keeps a session while a page may come back and
// frees it once none is heard (liveness.py). A view that opens first gets the stream's last
// bytes ({type: "replay", view, at}, replay.py): a reloaded page draws the same screen, and the
// live bytes it had before are dropped by their offset. When the session ends, a view sends its
// screen as text ({type: "screen", text}) for the saved notebook.
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";

const encoder = new TextEncoder();
const PING_MS = 5000;
// This page's views of every terminal, on the page's global: anywidget imports this module
// again for each notebook's widget manager (a reopened notebook's, say).
const thisPage = (globalThis.jupyterDockerTerminalViews ??= {
  id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
  shown: new Set(),
  count: 0,
});

// One clock per page for every view's ping: a worker's interval (not throttled in a hidden tab),
// else the page's own.
const tickers = new Set();
let clock = null;
function everyFewSeconds(fn) {
  tickers.add(fn);
  if (!clock) {
    const tick = () => tickers.forEach(f => { try { f(); } catch (e) { /* gone */ } });
    const fallback = () => { clock = setInterval(tick, PING_MS); };
    try {
      const source = `setInterval(() => postMessage(0), ${PING_MS});`;
      clock = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
      clock.onmessage = tick;
      clock.onerror = fallback;  // a page whose policy forbids blob workers
    } catch (e) {
      fallback();
    }
  }
  return () => tickers.delete(fn);
}

// The terminal's buffer as text: its lines up to the last one with something on it.
function screenText(term) {
  const buffer = term.buffer.active;
  const lines = [];
  for (let i = 0; i < buffer.length; i++) {
    lines.push(buffer.getLine(i)?.translateToString(true) ?? "");
  }
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines.join("\n");
}

// Copy and paste as in terminals: Ctrl-C copies when text is selected (else it is the
// container's ^C), Ctrl-Shift-C always copies; Ctrl-Shift-V (Cmd-V on a Mac) pastes, and Ctrl-V
// is the container's ^V (a literal next character in a shell, vi's block select). For the
// copies and pastes xterm.js does not send a control character: the browser's own copy and
// paste events happen instead, which xterm.js answers (the selection to the clipboard, the
// clipboard as typed text, bracketed when the program asked for it).
function copyPasteKeys(term) {
  return ev => {
    if (ev.type !== "keydown" || !(ev.ctrlKey || ev.metaKey) || ev.altKey) return true;
    const key = ev.key.toLowerCase();
    if (key === "c" && ev.shiftKey) {
      if (term.hasSelection() && navigator.clipboard) {
        navigator.clipboard.writeText(term.getSelection()).catch(() => {});
      }
      ev.preventDefault();  // not the browser's Ctrl-Shift-C (its element picker)
      return false;
    }
    if (key === "c") return !term.hasSelection();
    return key !== "v" || !(ev.shiftKey || ev.metaKey);
  };
}

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "jd-terminal";
  const screen = document.createElement("div");
  screen.className = "jd-terminal-screen";
  const bar = document.createElement("div");
  bar.className = "jd-terminal-bar";
  const status = document.createElement("div");
  status.className = "jd-terminal-status";
  const detach = document.createElement("button");
  detach.className = "jd-terminal-detach jp-mod-styled";
  detach.textContent = "Detach";
  detach.title = "Detach from the terminal (as the detach keys do): the container keeps running";
  bar.append(status, detach);
  box.append(screen, bar);
  el.append(box);

  // A steady cursor: the DOM renderer blinks it with a CSS animation, which keeps the page
  // drawing every frame, so each echo waited a whole frame to be drawn (measured: a key's
  // drawing 13.6-15.7 ms with the blink, 2.8-4.0 ms without; bench/terminal.py).
  const term = new Terminal({ rows: model.get("rows"), cols: 80, convertEol: false,
                              cursorBlink: false, scrollback: model.get("scrollback") ?? 5000,
                              fontSize: 13 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(screen);
  term.attachCustomKeyEventHandler(copyPasteKeys(term));
  if (model.get("status")) term.write(model.get("screen").replace(/\n/g, "\r\n"));  // until
  // the replay comes (none where no kernel has the widget: a notebook's saved widget state)

  const send = (content, buffers) => model.send(content, undefined, buffers);
  const id = `${thisPage.id}.${++thisPage.count}`;
  let shown = false;
  let notebook = null;  // the notebook panel drawing this view, once it is on the page
  const open = () => {
    if (shown) return;
    shown = true;
    thisPage.shown.add(id);
    send({ type: "view", open: true, id, here: [...thisPage.shown] });
  };
  const gone = page => {  // once per view: its removal or the page's unload, whichever first
    if (!shown) return;
    shown = false;
    thisPage.shown.delete(id);
    try {
      send({ type: "view", open: false, id, page, here: [...thisPage.shown] });
    } catch (e) { /* the model or its kernel connection is gone */ }
  };
  const hidden = () => gone(true);
  const back = ev => {  // back from the browser's back-forward cache: replayed again
    if (!ev.persisted) return;
    replayed = false;
    open();
  };
  open();
  const stopPings = everyFewSeconds(() => { if (shown) send({ type: "ping", id }); });
  window.addEventListener("pagehide", hidden);
  window.addEventListener("pageshow", back);
  let size = "";
  const resize = () => {
    if (!screen.isConnected || screen.clientWidth === 0) return;
    notebook ??= el.closest(".jp-NotebookPanel");
    try { fit.fit(); } catch (e) { return; }
    const now = `${term.rows}x${term.cols}`;
    if (now === size) return;
    size = now;
    send({ type: "resize", rows: term.rows, cols: term.cols, id,  // what it keeps: the kernel
           scrollback: term.options.scrollback });  // drops none of it (fastforward.py)
  };
  const observer = new ResizeObserver(() => resize());
  observer.observe(screen);
  requestAnimationFrame(resize);

  // Flow control: once xterm.js has written a message's bytes, the page acknowledges the
  // stream's offset after them ({type: "ack", at}), at least every `ack_every` bytes; the
  // kernel stops reading the container while too much is unacknowledged (flow.py).
  // The replay for this view comes first (what the stream said so far): "out" messages before
  // it, and those it already holds (their offset `at` is not past its own), are dropped.
  let acked = 0;
  let replayed = false;
  let at = 0;
  const written = offset => {
    if (offset - acked < model.get("ack_every")) return;
    acked = offset;
    send({ type: "ack", at: offset });
  };
  const asBytes = buffer => new Uint8Array(buffer.buffer ?? buffer, buffer.byteOffset ?? 0,
                                           buffer.byteLength);
  const onMessage = (content, buffers) => {
    const parts = buffers || [];
    if (content?.type === "replay" && content.view === id && !replayed) {
      replayed = true;
      at = content.at;
      const bytes = parts.length ? asBytes(parts[0]) : new Uint8Array(0);
      if (bytes.length) term.reset();  // the replay draws the screen instead of its text
      term.write(bytes, () => {
        written(content.at);
        if (content.at === 0 && !model.get("status")) term.focus();  // a new terminal
        showStatus();
      });
      return;
    }
    if (content?.type !== "out" || !replayed || content.at <= at) return;
    at = content.at;
    parts.forEach((buffer, i) => {
      if (i < parts.length - 1) term.write(asBytes(buffer));
      else term.write(asBytes(buffer), () => written(content.at));
    });
  };
  model.on("msg:custom", onMessage);
  const typed = term.onData(data => {
    if (model.get("status")) return;  // the session ended: keys go nowhere
    send({ type: "in" }, [encoder.encode(data)]);
  });
  const typedBinary = term.onBinary(data => {
    if (model.get("status")) return;
    send({ type: "in" }, [Uint8Array.from(data, c => c.charCodeAt(0) & 0xff)]);
  });
  detach.addEventListener("click", () => send({ type: "detach" }));
  let sent = false;
  const showStatus = () => {
    const text = model.get("status");
    status.textContent = text;
    status.hidden = !text;
    detach.hidden = Boolean(text);
    box.classList.toggle("jd-terminal-ended", Boolean(text));
    if (text && replayed && !model.get("screen") && !sent) {  // written bytes are drawn
      sent = true;  // once xterm parsed them
      term.write("", () => send({ type: "screen", text: screenText(term) }));
    }
  };
  model.on("change:status", showStatus);
  showStatus();

  return () => {
    observer.disconnect();
    typed.dispose();
    typedBinary.dispose();
    model.off("msg:custom", onMessage);
    model.off("change:status", showStatus);
    term.dispose();
    stopPings();
    window.removeEventListener("pagehide", hidden);
    window.removeEventListener("pageshow", back);
    gone(!!notebook && !notebook.isConnected);  // its notebook closed (Lumino disposes a
    // closed document's widget whole: it leaves the page first, then its outputs go), not a
    // cleared output, a re-run or a deleted cell (taken out of a notebook still shown)
  };
}

export default { render };
