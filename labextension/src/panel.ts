/**
 * The Docker sidebar: containers and images as the current notebook's kernel sees them.
 *
 * It only reads (see snapshot.ts). Its buttons insert `%docker ...` cells that the
 * user runs, so every change to the engine is a command the user saw; Terminal opens a
 * container's shell in a tab of its own (terminal.ts), which changes nothing by itself.
 *
 * The lists stay put on a busy engine: items are sorted by name (not by creation time),
 * updated in place and keyed by id, so a refresh does not rebuild the list, move the
 * scroll position or take the button away from under the pointer. A filter (words,
 * `label=KEY[=VALUE]`, "created from this notebook", "running only") narrows them.
 */
import { Kernel } from '@jupyterlab/services';
import { INotebookTracker, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { refreshIcon } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { containerMatches, IFilter, imageMatches, isFiltering, NO_FILTER } from './filter';
import { dockerIcon } from './icon';
import { fetchSnapshot, IContainerRow, IImageRow, ISnapshot } from './snapshot';

/** Seconds between refreshes while the panel is visible. */
export const POLL_SECONDS = 5;

/**
 * What a button asks for: insert a cell for `action` on a container or image `target`
 * (Terminal: open a tab instead).
 */
export type PanelAction = (
  kind: 'container' | 'image',
  action: string,
  target: string,
  magicLoaded: boolean
) => void;

interface IButtonSpec {
  action: string;
  label: string;
  title: string;
  when: (state: string) => boolean;
}

const running = (state: string) => state === 'running';
const stopped = (state: string) => ['exited', 'created', 'dead'].includes(state);
const CONTAINER_BUTTONS: IButtonSpec[] = [
  { action: 'logs', label: 'Logs', title: 'Insert %docker logs -f', when: () => true },
  { action: 'inspect', label: 'Inspect', title: 'Insert %docker inspect', when: () => true },
  { action: 'exec', label: 'Exec', title: 'Insert %docker exec (edit the command)', when: running },
  {
    action: 'terminal',
    label: 'Terminal',
    title: "Open a shell in a tab (exec -it sh, bash when it has one) through this notebook's kernel; no cell is added",
    when: running
  },
  {
    action: 'stop',
    label: 'Stop',
    title: 'Insert %docker stop',
    when: s => running(s) || s === 'restarting'
  },
  { action: 'unpause', label: 'Unpause', title: 'Insert %docker unpause', when: s => s === 'paused' },
  { action: 'start', label: 'Start', title: 'Insert %docker start', when: stopped },
  { action: 'rm', label: 'Remove', title: 'Insert %docker rm', when: stopped }
];
const IMAGE_BUTTONS: IButtonSpec[] = [
  {
    action: 'run',
    label: 'Run…',
    title: 'Insert %docker run --form (a form for the run options)',
    when: () => true
  },
  { action: 'history', label: 'History', title: 'Insert %docker history', when: () => true },
  { action: 'rmi', label: 'Remove', title: 'Insert %docker rmi', when: () => true }
];

type Kind = 'containers' | 'images';

export class DockerPanel extends Widget {
  constructor(
    private readonly tracker: INotebookTracker,
    private readonly onAction: PanelAction
  ) {
    super();
    this.id = 'jupyter-docker-panel';
    this.addClass('jp-DockerPanel');
    this.title.icon = dockerIcon;
    this.title.caption = 'Docker';
    this.node.innerHTML = `
      <div class="jp-DockerPanel-top">
        <div class="jp-DockerPanel-header">
          <h2>Docker</h2>
          <button class="jp-DockerPanel-refresh jp-mod-styled" title="Refresh"></button>
        </div>
        <div class="jp-DockerPanel-filterbar">
          <input class="jp-DockerPanel-filter jp-mod-styled" type="search" spellcheck="false"
            placeholder="Filter: name, image, label=k=v"
            title="Every word must match: part of a name, image, id, status or port; label=KEY or label=KEY=VALUE for a label" />
          <label class="jp-DockerPanel-check" title="Containers and images this notebook's kernel created (run, create, build, commit) since it started">
            <input type="checkbox" class="jp-DockerPanel-mine" /> Created from this notebook
          </label>
          <label class="jp-DockerPanel-check">
            <input type="checkbox" class="jp-DockerPanel-running" /> Running only
          </label>
        </div>
      </div>
      <div class="jp-DockerPanel-message" role="status"></div>
      <div class="jp-DockerPanel-body"></div>
      <div class="jp-DockerPanel-footer"></div>`;
    const refresh = this.query('.jp-DockerPanel-refresh');
    refreshIcon.element({ container: refresh, tag: 'span' });
    refresh.addEventListener('click', () => void this.refresh());
    const text = this.query('.jp-DockerPanel-filter') as HTMLInputElement;
    const mine = this.query('.jp-DockerPanel-mine') as HTMLInputElement;
    const runningOnly = this.query('.jp-DockerPanel-running') as HTMLInputElement;
    const onFilter = () => {
      this.filter = { text: text.value, mine: mine.checked, running: runningOnly.checked };
      this.applyFilter();
    };
    text.addEventListener('input', onFilter);
    mine.addEventListener('change', onFilter);
    runningOnly.addEventListener('change', onFilter);
    const body = this.query('.jp-DockerPanel-body');
    body.append(this.section('containers', 'Containers'), this.section('images', 'Images'));
    tracker.currentChanged.connect(this.onNotebookChanged, this);
    NotebookActions.executed.connect(this.onCellExecuted, this);
    this.onNotebookChanged();
  }

  /**
   * Ask the kernel again and redraw. One request at a time, and only to an idle
   * kernel: a request sent while a cell runs would wait behind it.
   */
  async refresh(): Promise<void> {
    const notebook = this.tracker.currentWidget;
    const kernel = notebook?.sessionContext.session?.kernel ?? null;
    if (!notebook || !kernel) {
      this.waitingForKernel = true;
      this.showOnly(
        notebook
          ? 'This notebook has no running kernel: start one to see Docker here.'
          : 'Open a notebook: this panel asks its kernel what Docker holds.'
      );
      return;
    }
    if (this.pending) {
      this.again = true; // asked while a request is out (e.g. a cell just ran): once more
      return;
    }
    if (kernel.status !== 'idle') {
      this.waitingForKernel = true;
      this.setMessage(`Kernel ${kernel.status}: the lists update when it is idle.`);
      return;
    }
    this.pending = true;
    this.waitingForKernel = false;
    this.node.classList.add('jp-mod-loading');
    try {
      const snapshot = await fetchSnapshot(kernel);
      if (this.tracker.currentWidget === notebook) {
        this.draw(snapshot, notebook, kernel);
      }
    } catch (error) {
      this.showOnly((error as Error).message);
    } finally {
      this.pending = false;
      this.node.classList.remove('jp-mod-loading');
    }
    if (this.again) {
      this.again = false;
      await this.refresh();
    }
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this.refresh();
    window.clearInterval(this.timer);
    this.timer = window.setInterval(() => {
      if (this.isVisible && !document.hidden) {
        void this.refresh();
      }
    }, POLL_SECONDS * 1000);
  }

  protected onBeforeHide(msg: Message): void {
    window.clearInterval(this.timer);
    this.timer = 0;
    super.onBeforeHide(msg);
  }

  dispose(): void {
    window.clearInterval(this.timer);
    super.dispose();
  }

  private onNotebookChanged(): void {
    this.watched?.sessionContext.statusChanged.disconnect(this.onKernelStatus, this);
    this.watched = this.tracker.currentWidget;
    this.watched?.sessionContext.statusChanged.connect(this.onKernelStatus, this);
    if (this.isVisible) {
      void this.refresh();
    }
  }

  /** A kernel that was missing or busy when we asked is idle now: ask again. */
  private onKernelStatus(_: unknown, status: Kernel.Status): void {
    if (status === 'idle' && this.waitingForKernel && this.isVisible) {
      void this.refresh();
    }
  }

  private onCellExecuted(_: unknown, args: { notebook: unknown }): void {
    if (this.isVisible && args.notebook === this.tracker.currentWidget?.content) {
      void this.refresh();
    }
  }

  private draw(snapshot: ISnapshot, notebook: NotebookPanel, kernel: Kernel.IKernelConnection): void {
    this.magicLoaded = snapshot.magic_loaded;
    this.setMessage(snapshot.error ?? '');
    const footer = this.query('.jp-DockerPanel-footer');
    footer.textContent = `Updated ${new Date().toLocaleTimeString()} from the kernel of ${
      notebook.title.label
    }${kernel.name ? ` (${kernel.name})` : ''}`;
    if (snapshot.engine) {
      footer.append(element('div', 'jp-DockerPanel-engine', `Engine: ${snapshot.engine}`));
    }
    this.query('.jp-DockerPanel-body').hidden = false;
    const anchor = this.anchor();
    this.containers = byName(snapshot.containers, c => c.name);
    this.images = byName(snapshot.images, i => i.reference);
    this.reconcile(
      'containers',
      this.containers.map(c => [`${c.id}`, c, () => this.containerItem(c)] as const),
      (item, c) => patchContainer(item, c as IContainerRow)
    );
    this.reconcile(
      'images',
      this.images.map(i => [`${i.id} ${i.reference}`, i, () => this.imageItem(i)] as const)
    );
    this.applyFilter();
    this.restore(anchor);
  }

  /**
   * The first item at least partly below the sticky top bar, and the keys after it (in case
   * it goes), with its distance from the panel's top: what the user is looking at.
   */
  private anchor(): { keys: string[]; offset: number } | null {
    if (this.node.scrollTop === 0) {
      return null; // at the top: stay at the top
    }
    const top = this.query('.jp-DockerPanel-top').getBoundingClientRect().bottom;
    const items = Array.from(
      this.node.querySelectorAll('.jp-DockerPanel-section li:not([hidden])')
    ) as HTMLElement[];
    const first = items.findIndex(li => li.getBoundingClientRect().bottom > top);
    if (first < 0) {
      return null;
    }
    const keys = items.slice(first).map(li => li.dataset.key ?? '');
    return { keys, offset: items[first].getBoundingClientRect().top - top };
  }

  /** Scroll so that the anchored item (or the next one still there) is where it was. */
  private restore(anchor: { keys: string[]; offset: number } | null): void {
    if (!anchor) {
      return;
    }
    const items = Array.from(
      this.node.querySelectorAll('.jp-DockerPanel-section li:not([hidden])')
    ) as HTMLElement[];
    const byKey = new Map(items.map(li => [li.dataset.key ?? '', li]));
    const key = anchor.keys.find(k => byKey.has(k));
    if (key === undefined) {
      return;
    }
    const top = this.query('.jp-DockerPanel-top').getBoundingClientRect().bottom;
    const offset = (byKey.get(key) as HTMLElement).getBoundingClientRect().top - top;
    this.node.scrollTop += offset - anchor.offset;
  }

  /**
   * Make list `kind` hold exactly these items, in this order, touching only what changed:
   * an item whose row is the same keeps its DOM node (and any button under the pointer).
   */
  private reconcile(
    kind: Kind,
    rows: ReadonlyArray<readonly [string, IContainerRow | IImageRow, () => HTMLElement]>,
    patch: (item: HTMLElement, row: IContainerRow | IImageRow) => boolean = () => false
  ): void {
    const list = this.query(`.jp-DockerPanel-${kind} ul`);
    const old = new Map<string, HTMLElement>();
    for (const child of Array.from(list.children) as HTMLElement[]) {
      old.set(child.dataset.key ?? '', child);
    }
    let cursor = list.firstElementChild;
    for (const [key, row, make] of rows) {
      const json = JSON.stringify(row);
      let item = old.get(key);
      old.delete(key);
      if (item && item.dataset.json !== json && patch(item, row)) {
        item.dataset.json = json; // only its text changed ("Up 5 seconds"): same nodes
      }
      if (!item || item.dataset.json !== json) {
        const fresh = make();
        fresh.dataset.key = key;
        fresh.dataset.json = json;
        if (item) {
          item.replaceWith(fresh);
          if (cursor === item) {
            cursor = fresh;
          }
        }
        item = fresh;
      }
      if (item !== cursor) {
        list.insertBefore(item, cursor);
      } else {
        cursor = cursor.nextElementSibling;
      }
    }
    for (const gone of old.values()) {
      gone.remove();
    }
  }

  /** Hide what the filter leaves out; counts in the headings say how many are shown. */
  private applyFilter(): void {
    const filtering = isFiltering(this.filter);
    const apply = <T>(kind: Kind, rows: T[], matches: (row: T, f: IFilter) => boolean) => {
      const items = Array.from(this.query(`.jp-DockerPanel-${kind} ul`).children) as HTMLElement[];
      let shown = 0;
      items.forEach((item, i) => {
        const visible = !filtering || matches(rows[i], this.filter);
        item.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      const section = this.query(`.jp-DockerPanel-${kind}`);
      const count = section.querySelector('.jp-DockerPanel-count') as HTMLElement;
      count.textContent = filtering ? `${shown} of ${rows.length}` : `${rows.length}`;
      const empty = section.querySelector('.jp-DockerPanel-empty') as HTMLElement;
      empty.hidden = shown > 0;
      empty.textContent = rows.length ? 'Nothing matches the filter.' : `No ${kind}.`;
    };
    apply('containers', this.containers, containerMatches);
    apply('images', this.images, imageMatches);
  }

  private section(kind: Kind, title: string): HTMLElement {
    const node = element('section', `jp-DockerPanel-section jp-DockerPanel-${kind}`);
    const heading = element('button', 'jp-DockerPanel-heading');
    heading.setAttribute('aria-expanded', 'true');
    heading.title = `Show or hide the ${kind}`;
    heading.append(
      element('span', 'jp-DockerPanel-caret', '▾'),
      element('span', 'jp-DockerPanel-title', title),
      element('span', 'jp-DockerPanel-count', '')
    );
    const list = element('ul', '');
    const empty = element('p', 'jp-DockerPanel-empty');
    heading.addEventListener('click', () => {
      const open = heading.getAttribute('aria-expanded') !== 'true';
      heading.setAttribute('aria-expanded', String(open));
      (heading.firstElementChild as HTMLElement).textContent = open ? '▾' : '▸';
      node.classList.toggle('jp-mod-collapsed', !open);
    });
    node.append(heading, list, empty);
    return node;
  }

  private containerItem(container: IContainerRow): HTMLElement {
    const item = element('li', 'jp-DockerPanel-container');
    item.dataset.containerName = container.name;
    item.dataset.state = container.state;
    const head = element('div', 'jp-DockerPanel-row');
    const badge = element('span', `jp-DockerPanel-badge jp-mod-${container.state}`, container.state);
    const name = element('span', 'jp-DockerPanel-name', container.name);
    name.title = container.name;
    head.append(badge, name);
    const info = element('div', 'jp-DockerPanel-info');
    setInfo(info, container);
    const actions = this.buttons('container', CONTAINER_BUTTONS, container.state, container.name);
    for (const link of container.links) {
      const a = element('a', 'jp-DockerPanel-port', `${link.port} ↗`) as HTMLAnchorElement;
      a.href = link.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.title = `Open ${link.url} in a new tab (container port ${link.private})`;
      actions.append(a);
    }
    item.append(head, info, actions);
    return item;
  }

  private imageItem(image: IImageRow): HTMLElement {
    const item = element('li', 'jp-DockerPanel-image');
    item.dataset.reference = image.reference;
    item.title = `${image.reference}\n${image.id} · ${image.size_text}`;
    const head = element('div', 'jp-DockerPanel-row');
    head.append(
      element('span', 'jp-DockerPanel-name', image.reference),
      element('span', 'jp-DockerPanel-size', image.size_text)
    );
    item.append(head, this.buttons('image', IMAGE_BUTTONS, '', image.target));
    return item;
  }

  private buttons(
    kind: 'container' | 'image',
    specs: IButtonSpec[],
    state: string,
    target: string
  ): HTMLElement {
    const actions = element('div', 'jp-DockerPanel-actions');
    for (const spec of specs.filter(b => b.when(state))) {
      const button = element('button', 'jp-DockerPanel-action jp-mod-styled', spec.label);
      button.dataset.action = spec.action;
      button.title = spec.title;
      button.addEventListener('click', () =>
        this.onAction(kind, spec.action, target, this.magicLoaded)
      );
      actions.append(button);
    }
    return actions;
  }

  private showOnly(message: string): void {
    this.setMessage(message);
    this.containers = [];
    this.images = [];
    this.reconcile('containers', []);
    this.reconcile('images', []);
    this.query('.jp-DockerPanel-body').hidden = true;
    this.query('.jp-DockerPanel-footer').textContent = '';
  }

  private setMessage(message: string): void {
    const node = this.query('.jp-DockerPanel-message');
    node.textContent = message;
    node.hidden = !message;
  }

  private query(selector: string): HTMLElement {
    return this.node.querySelector(selector) as HTMLElement;
  }

  private watched: NotebookPanel | null = null;
  private waitingForKernel = false;
  private pending = false;
  private again = false;
  private timer = 0;
  private magicLoaded = true;
  private filter: IFilter = NO_FILTER;
  private containers: IContainerRow[] = [];
  private images: IImageRow[] = [];
}

/** The container's image · status · ports line, and its labels in the tooltip. */
function setInfo(info: HTMLElement, container: IContainerRow): void {
  const details = [container.image, container.status, container.ports].filter(Boolean);
  const labels = Object.entries(container.labels).map(([k, v]) => `${k}=${v}`);
  info.textContent = details.join(' · ');
  info.title = details.concat(labels.length ? ['labels:', ...labels] : []).join('\n');
}

/**
 * Update an item in place when only its text changed (status, ports text, labels): its
 * buttons stay the same nodes. False when its state, name or links changed (redraw it).
 */
function patchContainer(item: HTMLElement, container: IContainerRow): boolean {
  const old = JSON.parse(item.dataset.json ?? '{}') as IContainerRow;
  if (
    old.state !== container.state ||
    old.name !== container.name ||
    JSON.stringify(old.links) !== JSON.stringify(container.links)
  ) {
    return false;
  }
  setInfo(item.querySelector('.jp-DockerPanel-info') as HTMLElement, container);
  return true;
}

/** Sorted by name, so a new object does not push the others around (ps sorts by age). */
function byName<T>(rows: T[], name: (row: T) => string): T[] {
  return [...rows].sort((a, b) => name(a).localeCompare(name(b)));
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}
