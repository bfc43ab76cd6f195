/**
 * The Docker sidebar: containers and images as the current notebook's kernel sees them.
 *
 * It only reads (see snapshot.ts). Its buttons insert `%docker ...` cells that the
 * user runs, so every change to the engine is a command the user saw.
 */
import { Kernel } from '@jupyterlab/services';
import { INotebookTracker, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { refreshIcon } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { dockerIcon } from './icon';
import { fetchSnapshot, IContainerRow, IImageRow, ISnapshot } from './snapshot';

/** Seconds between refreshes while the panel is visible. */
export const POLL_SECONDS = 5;

/** What a container button asks for: insert a cell for `action` on `name`. */
export type ContainerAction = (action: string, name: string, magicLoaded: boolean) => void;

interface IButtonSpec {
  action: string;
  label: string;
  title: string;
  when: (state: string) => boolean;
}

const running = (state: string) => state === 'running';
const CONTAINER_BUTTONS: IButtonSpec[] = [
  { action: 'logs', label: 'Logs', title: 'Insert %docker logs -f', when: () => true },
  { action: 'inspect', label: 'Inspect', title: 'Insert %docker inspect', when: () => true },
  { action: 'exec', label: 'Exec', title: 'Insert %docker exec (edit the command)', when: running },
  { action: 'stop', label: 'Stop', title: 'Insert %docker stop', when: running },
  { action: 'start', label: 'Start', title: 'Insert %docker start', when: s => !running(s) }
];

export class DockerPanel extends Widget {
  constructor(
    private readonly tracker: INotebookTracker,
    private readonly onAction: ContainerAction
  ) {
    super();
    this.id = 'jupyter-docker-panel';
    this.addClass('jp-DockerPanel');
    this.title.icon = dockerIcon;
    this.title.caption = 'Docker';
    this.node.innerHTML = `
      <div class="jp-DockerPanel-header">
        <h2>Docker</h2>
        <button class="jp-DockerPanel-refresh jp-mod-styled" title="Refresh"></button>
      </div>
      <div class="jp-DockerPanel-message" role="status"></div>
      <div class="jp-DockerPanel-body"></div>
      <div class="jp-DockerPanel-footer"></div>`;
    const refresh = this.node.querySelector('.jp-DockerPanel-refresh') as HTMLElement;
    refreshIcon.element({ container: refresh, tag: 'span' });
    refresh.addEventListener('click', () => void this.refresh());
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
    this.lastJson = '';
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
    const footer = this.node.querySelector('.jp-DockerPanel-footer') as HTMLElement;
    footer.textContent = `Updated ${new Date().toLocaleTimeString()} from the kernel of ${
      notebook.title.label
    }${kernel.name ? ` (${kernel.name})` : ''}`;
    const json = JSON.stringify([snapshot.containers, snapshot.images]);
    if (json === this.lastJson) {
      return; // unchanged: keep the DOM (and any button under the pointer)
    }
    this.lastJson = json;
    const body = this.node.querySelector('.jp-DockerPanel-body') as HTMLElement;
    body.replaceChildren(
      section('Containers', snapshot.containers.map(c => this.containerItem(c)), 'No containers.'),
      section('Images', snapshot.images.map(imageItem), 'No images.')
    );
  }

  private containerItem(container: IContainerRow): HTMLElement {
    const item = element('li', 'jp-DockerPanel-container');
    item.dataset.containerName = container.name;
    item.dataset.state = container.state;
    const head = element('div', 'jp-DockerPanel-row');
    const badge = element('span', `jp-DockerPanel-badge jp-mod-${container.state}`, container.state);
    head.append(badge, element('span', 'jp-DockerPanel-name', container.name));
    const details = [container.image, container.status, container.ports].filter(Boolean);
    const info = element('div', 'jp-DockerPanel-info', details.join(' · '));
    info.title = details.join('\n');
    const actions = element('div', 'jp-DockerPanel-actions');
    for (const spec of CONTAINER_BUTTONS.filter(b => b.when(container.state))) {
      const button = element('button', 'jp-DockerPanel-action jp-mod-styled', spec.label);
      button.dataset.action = spec.action;
      button.title = spec.title;
      button.addEventListener('click', () =>
        this.onAction(spec.action, container.name, this.magicLoaded)
      );
      actions.append(button);
    }
    item.append(head, info, actions);
    return item;
  }

  private showOnly(message: string): void {
    this.lastJson = '';
    this.setMessage(message);
    (this.node.querySelector('.jp-DockerPanel-body') as HTMLElement).replaceChildren();
    (this.node.querySelector('.jp-DockerPanel-footer') as HTMLElement).textContent = '';
  }

  private setMessage(message: string): void {
    const node = this.node.querySelector('.jp-DockerPanel-message') as HTMLElement;
    node.textContent = message;
    node.hidden = !message;
  }

  private watched: NotebookPanel | null = null;
  private waitingForKernel = false;
  private pending = false;
  private timer = 0;
  private lastJson = '';
  private magicLoaded = true;
}

function imageItem(image: IImageRow): HTMLElement {
  const item = element('li', 'jp-DockerPanel-image');
  item.dataset.reference = image.reference;
  item.title = `${image.reference}\n${image.id} · ${image.size_text}`;
  item.append(
    element('span', 'jp-DockerPanel-name', image.reference),
    element('span', 'jp-DockerPanel-size', image.size_text)
  );
  return item;
}

function section(title: string, items: HTMLElement[], empty: string): HTMLElement {
  const node = element('section', `jp-DockerPanel-section jp-DockerPanel-${title.toLowerCase()}`);
  node.append(element('h3', '', `${title} (${items.length})`));
  if (items.length) {
    const list = element('ul', '');
    list.append(...items);
    node.append(list);
  } else {
    node.append(element('p', 'jp-DockerPanel-empty', empty));
  }
  return node;
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
