// The browser side of TreeView (tree_widget.py): an image's merged file system as of one
// layer. The kernel sends the rows in sight (`rows`); a click on a folder adds it to or takes
// it from `expanded`, the slider sets `layer`, the check boxes `changes`, and the kernel
// answers with new rows. Sizes are decimal, as `docker images` prints them.

function human(n) {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = n, i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return (i === 0 ? String(v) : v.toPrecision(3).replace(/\.?0+$/, "")) + units[i];
}

function el_(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function render({ model, el }) {
  el.classList.add("jd-tree");
  const head = el_("div", "jd-tree-head");
  const title = el_("div", "jd-tree-title");
  const controls = el_("div", "jd-tree-controls");
  const sliderBox = el_("label", "jd-tree-layer");
  const slider = el_("input", "jd-tree-slider");
  slider.type = "range";
  slider.dataset.lmSuppressShortcuts = "true"; // arrow keys move the slider, not the notebook
  slider.min = 0;
  slider.step = 1;
  const layerText = el_("span", "jd-tree-layer-text");
  sliderBox.append(slider, layerText);
  const filters = el_("div", "jd-tree-filters");
  const boxes = {};
  for (const change of ["added", "modified", "removed", "unchanged"]) {
    const label = el_("label", `jd-tree-filter jd-tree-${change}`);
    const box = el_("input");
    box.type = "checkbox";
    box.value = change;
    boxes[change] = box;
    label.append(box, document.createTextNode(" " + change));
    filters.append(label);
    box.addEventListener("change", () => {
      model.set("changes", Object.keys(boxes).filter(k => boxes[k].checked));
      model.save_changes();
    });
  }
  controls.append(sliderBox, filters);
  head.append(title, controls);
  const columns = el_("div", "jd-tree-row jd-tree-columns");
  columns.append(el_("span", "jd-tree-name", "path"), el_("span", "jd-tree-size", "size"),
                 el_("span", "jd-tree-count", "files"), el_("span", "jd-tree-change", "change"));
  const body = el_("div", "jd-tree-body");
  el.append(head, columns, body);

  function layers() { return model.get("layers") || []; }

  function showLayer() {
    const all = layers();
    slider.max = Math.max(0, all.length - 1);
    const at = model.get("layer");
    const pos = all.findIndex(l => l.index === at);
    slider.value = pos < 0 ? 0 : pos;
    const layer = all[pos] || {};
    layerText.textContent = `layer ${at} of ${all.length ? all[all.length - 1].index : 0}` +
      (layer.size !== undefined ? ` · ${human(layer.size)}` : "") +
      (layer.label ? ` · ${layer.label}` : "");
    layerText.title = layer.label || "";
  }

  function showFilters() {
    const on = new Set(model.get("changes"));
    for (const [k, box] of Object.entries(boxes)) box.checked = on.has(k);
  }

  function toggle(path) {
    const open = new Set(model.get("expanded"));
    if (open.has(path)) open.delete(path); else open.add(path);
    model.set("expanded", [...open]);
    model.save_changes();
  }

  function showRows() {
    const rows = model.get("rows") || [];
    const top = rows.length ? Math.max(rows[0][5], 1) : 1;
    const frag = document.createDocumentFragment();
    for (const [path, name, depth, kind, change, size, files, link, has, open] of rows) {
      const row = el_("div", `jd-tree-row jd-tree-entry jd-tree-${change || "more"}`);
      row.dataset.path = path;
      row.dataset.kind = kind;
      const cell = el_("span", "jd-tree-name");
      cell.style.paddingLeft = `${depth * 16 + 4}px`;
      const twist = el_("span", "jd-tree-twist", has ? (open ? "▾" : "▸") : "");
      cell.append(twist);
      const label = kind === "dir" ? name + (path === "/" ? "" : "/") : name;
      cell.append(el_("span", "jd-tree-label", label));
      if (link) cell.append(el_("span", "jd-tree-link", ` → ${link}`));
      if (has) {
        row.classList.add("jd-tree-folder");
        row.addEventListener("click", () => toggle(path));
      }
      const sizeCell = el_("span", "jd-tree-size");
      if (kind !== "more") {
        const bar = el_("span", "jd-tree-bar");
        bar.style.width = `${Math.min(100, (100 * size) / top).toFixed(1)}%`;
        sizeCell.append(bar, el_("span", "jd-tree-size-text", human(size)));
      }
      row.append(cell, sizeCell,
                 el_("span", "jd-tree-count", kind === "dir" || kind === "more" ? files.toLocaleString() : ""),
                 el_("span", "jd-tree-change", change === "unchanged" ? "" : change));
      frag.append(row);
    }
    body.replaceChildren(frag);
    if (!rows.length) body.append(el_("div", "jd-tree-empty", "nothing to show with these filters"));
  }

  slider.addEventListener("input", () => {
    const layer = layers()[Number(slider.value)];
    if (layer) {
      model.set("layer", layer.index);
      model.save_changes();
      showLayer();
    }
  });
  title.textContent = model.get("title");
  model.on("change:rows", showRows);
  model.on("change:layer", showLayer);
  model.on("change:layers", showLayer);
  model.on("change:changes", showFilters);
  showLayer();
  showFilters();
  showRows();
}

export default { render };
