// The terminal widget's view: xterm.js in an anywidget ES module (bundled by build.sh into
// jupyter_docker/terminal/terminal.js). The kernel sends the container's bytes as custom
// messages with one binary buffer ({type: "out"}); keys go back the same way ({type: "in"}),
// and the fit addon's size as {type: "resize", rows, cols}. The first resize is also the
// kernel's cue to start the session, so no byte is sent before a view can draw it.
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";

const encoder = new TextEncoder();

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "jd-terminal";
  const screen = document.createElement("div");
  screen.className = "jd-terminal-screen";
  const status = document.createElement("div");
  status.className = "jd-terminal-status";
  box.append(screen, status);
  el.append(box);

  const term = new Terminal({ rows: model.get("rows"), cols: 80, convertEol: false,
                              cursorBlink: true, scrollback: 5000, fontSize: 13 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(screen);

  const send = (content, buffers) => model.send(content, undefined, buffers);
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

  const onMessage = (content, buffers) => {
    if (content?.type !== "out") return;
    for (const buffer of buffers || []) {
      term.write(new Uint8Array(buffer.buffer ?? buffer, buffer.byteOffset ?? 0,
                                buffer.byteLength));
    }
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
  const showStatus = () => {
    const text = model.get("status");
    status.textContent = text;
    status.hidden = !text;
    box.classList.toggle("jd-terminal-ended", Boolean(text));
  };
  model.on("change:status", showStatus);
  showStatus();
  if (!model.get("status")) term.focus();

  return () => {
    observer.disconnect();
    typed.dispose();
    typedBinary.dispose();
    model.off("msg:custom", onMessage);
    model.off("change:status", showStatus);
    term.dispose();
  };
}

export default { render };
