/**
 * The sidebar's Terminal action: a container's shell in a main-area tab.
 *
 * The tab holds an output area drawn with the notebook's rendermime (which renders that
 * kernel's widgets, as "Create New View for Output" does) and fed by one execute request
 * of our own on the notebook's kernel: `jupyter_docker.lab.terminal(NAME, KEY)` displays
 * the same `exec -it` terminal the magic gives. Nothing is added to the notebook or its
 * history. Closing the tab asks the kernel to close that terminal (its exec stream, socket
 * and thread); the tab closes itself when the notebook or its kernel goes.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { Kernel } from '@jupyterlab/services';
import { terminalIcon } from '@jupyterlab/ui-components';

const GONE: Kernel.Status[] = ['dead', 'restarting', 'autorestarting'];
const MODULE = "__import__('jupyter_docker.lab', fromlist=['terminal'])";

/** A Python string literal for `text` (JSON's escapes are Python's for these names). */
const literal = (text: string) => JSON.stringify(text);

/** Open a tab "Terminal: NAME" with a shell in container `name`, through `notebook`'s kernel. */
export function openTerminal(
  app: JupyterFrontEnd,
  notebook: NotebookPanel,
  name: string
): MainAreaWidget<OutputArea> | null {
  const kernel = notebook.sessionContext.session?.kernel ?? null;
  if (!kernel) {
    return null;
  }
  const key = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const content = new OutputArea({
    model: new OutputAreaModel({ trusted: true }),
    rendermime: notebook.content.rendermime
  });
  content.addClass('jp-DockerTerminal-output');
  const tab = new MainAreaWidget({ content });
  tab.id = `jupyter-docker-terminal-${key}`;
  tab.addClass('jp-DockerTerminal');
  tab.title.label = `Terminal: ${name}`;
  tab.title.caption = `docker exec -it ${name} sh (bash when it has it), through the kernel of ${notebook.title.label}`;
  tab.title.icon = terminalIcon;
  tab.title.closable = true;
  tab.node.dataset.container = name;

  content.future = kernel.requestExecute({
    code: `${MODULE}.terminal(${literal(name)}, ${literal(key)})`,
    silent: false, // its display_data is the terminal
    store_history: false,
    allow_stdin: false,
    stop_on_error: false
  });

  const session = notebook.sessionContext;
  const closeWithKernel = () => tab.dispose();
  const onStatus = (_: unknown, status: Kernel.Status) => {
    if (GONE.includes(status)) {
      tab.dispose(); // the widget and its session are gone with the kernel
    }
  };
  session.kernelChanged.connect(closeWithKernel);
  session.statusChanged.connect(onStatus);
  notebook.disposed.connect(closeWithKernel);
  tab.disposed.connect(() => {
    session.kernelChanged.disconnect(closeWithKernel);
    session.statusChanged.disconnect(onStatus);
    notebook.disposed.disconnect(closeWithKernel);
    if (!kernel.isDisposed && !GONE.includes(kernel.status)) {
      void closeInKernel(kernel, key);
    }
  });
  app.shell.add(tab, 'main', { activate: true });
  return tab;
}

/** Close the terminal `key` in the kernel: a silent request, nothing shown anywhere. */
async function closeInKernel(kernel: Kernel.IKernelConnection, key: string): Promise<void> {
  try {
    await kernel.requestExecute({
      code: `${MODULE}.close_terminal(${literal(key)})`,
      silent: true,
      store_history: false,
      allow_stdin: false,
      stop_on_error: false
    }).done;
  } catch {
    // the kernel went away meanwhile: the terminal went with it
  }
}
