// The terminal widget's view: xterm.js in an anywidget ES module (bundled by build.sh into
// jupyter_docker/terminal/terminal.js). The kernel sends the container's bytes as custom
// messages with one binary buffer ({type: "out", at}); keys go back the same way ({type: "in"}),
// and the fit addon's size as {type: "resize", rows, cols}. The first resize is also the
// kernel's cue to start the session, so no byte is sent before a view can draw it.
// A view says when it opens and closes ({type: "view", open}), also when the page goes
// (a reload or a closed tab removes no view): with none left the kernel closes the session. When the session ends, the view that drew it sends its screen as text
// ({type: "screen", text}) for the saved notebook; a view drawn later shows that text.
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";

const encoder = new TextEncoder();

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

// Copy and paste as in a browser and in terminals: Ctrl-C copies when text is selected (else
// it is the container's ^C), Ctrl-Shift-C always copies; Ctrl-V and Ctrl-Shift-V paste. xterm.js
// would send those keys as control characters; here the browser's own copy and paste events
// happen instead, which xterm.js answers (the selection to the clipboard, the clipboard as
// typed text, bracketed when the program asked for it).
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
    return key !== "v";
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

  const term = new Terminal({ rows: model.get("rows"), cols: 80, convertEol: false,
                              cursorBlink: true, scrollback: 5000, fontSize: 13 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(screen);
  term.attachCustomKeyEventHandler(copyPasteKeys(term));
  const live = !model.get("status");  // this view draws the session (else: its last screen)
  if (!live) term.write(model.get("screen").replace(/\n/g, "\r\n"));

  const send = (content, buffers) => model.send(content, undefined, buffers);
  send({ type: "view", open: true });
  let shown = true;
  const gone = () => {  // once per view: its removal or the page's unload, whichever first
    if (!shown) return;
    shown = false;
    try { send({ type: "view", open: false }); } catch (e) { /* the model is gone */ }
  };
  window.addEventListener("pagehide", gone);
  let size = "";
  const resize = () => {
    if (!screen.isConnected || screen.clientWidth === 0) return;
    try { fit.fit(); } catch (e) { return; }
    const now = `${term.rows}x${term.cols}`;
    if (now === size) return;
    size = now;
    send({ type: "resize", rows: term.rows, cols: term.cols });
  };
  const observer = new ResizeObserver(() => resize());
  observer.observe(screen);
  requestAnimationFrame(resize);

  // Flow control: once xterm.js has written a message's bytes, the page acknowledges the
  // stream's offset after them ({type: "ack", at}), at least every `ack_every` bytes; the
  // kernel stops reading the container while too much is unacknowledged (flow.py).
  let acked = 0;
  const written = at => {
    if (at - acked < model.get("ack_every")) return;
    acked = at;
    send({ type: "ack", at });
  };
  const onMessage = (content, buffers) => {
    if (content?.type !== "out") return;
    const parts = buffers || [];
    parts.forEach((buffer, i) => {
      const bytes = new Uint8Array(buffer.buffer ?? buffer, buffer.byteOffset ?? 0,
                                   buffer.byteLength);
      if (i < parts.length - 1 || typeof content.at !== "number") term.write(bytes);
      else term.write(bytes, () => written(content.at));
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
    if (text && live && !sent) {  // written bytes are drawn once xterm parsed them
      sent = true;
      term.write("", () => send({ type: "screen", text: screenText(term) }));
    }
  };
  model.on("change:status", showStatus);
  showStatus();
  if (live) term.focus();

  return () => {
    observer.disconnect();
    typed.dispose();
    typedBinary.dispose();
    model.off("msg:custom", onMessage);
    model.off("change:status", showStatus);
    term.dispose();
    window.removeEventListener("pagehide", gone);
    gone();
  };
}

export default { render };
