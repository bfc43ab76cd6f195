// The browser side of FollowView (follow.py): a scroll box that follows its newest item the
// way `docker logs -f` does in a terminal. Repaints replace the box's content; this keeps the
// view at the bottom while it follows, and where the reader is once they scroll up (anchored on
// the item at the top of the view, by its data-seq), with a "N new lines ↓" button that jumps
// back and follows again. While the reader is away the kernel keeps drawing from the first
// item they had (`hold`), so what they read does not slide away under them. Without `follow` it only keeps the scroll position across repaints.

const SLACK = 4; // px from the bottom that still count as "at the bottom"

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "jd-follow-box";
  const content = document.createElement("div");
  content.className = "jd-follow-content";
  box.append(content);
  const jump = document.createElement("button");
  jump.className = "jd-follow-jump";
  jump.hidden = true;
  el.classList.add("jd-follow");
  el.append(box, jump);

  let following = model.get("follow");
  let seenAt = model.get("received"); // items received when the reader scrolled away

  const atBottom = () => box.scrollHeight - box.scrollTop - box.clientHeight <= SLACK;
  const toBottom = () => { box.scrollTop = box.scrollHeight; };

  function anchor() { // [seq, offset] of the first item not above the view's top edge
    const top = box.getBoundingClientRect().top;
    for (const item of content.querySelectorAll("[data-seq]")) {
      const rect = item.getBoundingClientRect();
      if (rect.bottom > top) return [Number(item.dataset.seq), rect.top - top];
    }
    return null;
  }

  function restore(held) { // the held item (or the next one still there) back at its offset
    for (const item of content.querySelectorAll("[data-seq]")) {
      if (Number(item.dataset.seq) >= held[0]) {
        const top = box.getBoundingClientRect().top;
        box.scrollTop += item.getBoundingClientRect().top - top - held[1];
        return;
      }
    }
  }

  function showJump() {
    const follows = model.get("follow");
    jump.hidden = !follows || following;
    const n = Math.max(0, model.get("received") - seenAt);
    const noun = model.get("noun");
    jump.textContent = n ? `${n} new ${noun}${n === 1 ? "" : "s"} ↓` : `newest ${noun} ↓`;
  }

  // A repaint that continues what is drawn (its items, by data-seq, are the drawn ones minus
  // some at the top plus new ones at the bottom) only drops and appends those: a 500-line
  // view redrawn ten times a second would otherwise be laid out again each time. An item's
  // number names its content for good (a log line, an event), so numbers are compared.
  function patch(value) {
    const old = content.querySelectorAll("[data-seq]");
    if (!old.length) return false;
    const template = document.createElement("template");
    template.innerHTML = value;
    const fresh = template.content.querySelectorAll("[data-seq]");
    if (!fresh.length) return false;
    const parent = old[0].parentElement;
    if (fresh[0].parentElement.tagName !== parent.tagName) return false;
    const first = Number(fresh[0].dataset.seq);
    let gone = 0;
    while (gone < old.length && Number(old[gone].dataset.seq) < first) gone++;
    const kept = old.length - gone;
    if (!kept || kept > fresh.length) return false;
    for (let k = 0; k < kept; k++) {
      if (old[gone + k].dataset.seq !== fresh[k].dataset.seq) return false;
    }
    for (let k = 0; k < gone; k++) old[k].remove();
    parent.append(...[...fresh].slice(kept));
    return true;
  }

  function paint() {
    box.style.maxHeight = `${model.get("max_height")}px`;
    const follows = model.get("follow");
    const held = follows && !following ? anchor() : null;
    const left = box.scrollLeft, top = box.scrollTop;
    if (!patch(model.get("value"))) content.innerHTML = model.get("value");
    box.scrollLeft = left;
    if (follows && following) toBottom();
    else if (held) restore(held);
    else box.scrollTop = top;
    showJump();
  }

  function hold(seq) { // ask the kernel to keep drawing from `seq` on (-1: the newest)
    if (model.get("hold") === seq) return;
    model.set("hold", seq);
    model.save_changes();
  }

  function onScroll() {
    if (!model.get("follow")) return;
    const bottom = atBottom();
    if (following && !bottom) { // the reader scrolled away: hold what they are reading
      seenAt = model.get("received");
      const first = content.querySelector("[data-seq]");
      hold(first ? Number(first.dataset.seq) : -1);
    } else if (!following && bottom) {
      hold(-1);
    }
    following = bottom;
    showJump();
  }

  function onJump() {
    following = true;
    hold(-1);
    toBottom();
    showJump();
  }

  box.addEventListener("scroll", onScroll);
  jump.addEventListener("click", onJump);
  model.on("change:value", paint);
  model.on("change:max_height", paint);
  model.on("change:received", showJump);
  paint();
  // the first layout may come after render (the output area is attached later)
  requestAnimationFrame(() => { if (following && model.get("follow")) toBottom(); });
  return () => {
    box.removeEventListener("scroll", onScroll);
    jump.removeEventListener("click", onJump);
    model.off("change:value", paint);
    model.off("change:max_height", paint);
    model.off("change:received", showJump);
  };
}

export default { render };
