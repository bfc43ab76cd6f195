/**
 * jupyter-docker-magics for JupyterLab: a Docker sidebar that reads through the
 * notebook's kernel (and opens a container's terminal in a tab), teaching snippets that
 * insert `%docker` cells, and Dockerfile colours in `%%docker build` cells.
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { EditorExtensionRegistry, IEditorExtensionRegistry } from '@jupyterlab/codemirror';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';
import { Menu } from '@lumino/widgets';

import { insertCellBelow } from './cells';
import { dockerfileHighlight } from './dockerfile';
import { dockerIcon } from './icon';
import { DockerPanel } from './panel';
import { containerCommand, imageCommand, SNIPPETS } from './snippets';
import { openTerminal } from './terminal';

const PREFIX = 'jupyter-docker';
const CATEGORY = 'Docker';

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-docker-magics:panel',
  description: 'A Docker sidebar and teaching snippets that insert %docker cells.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, IMainMenu, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    mainMenu: IMainMenu | null,
    restorer: ILayoutRestorer | null
  ) => {
    const { commands, shell } = app;
    const hasNotebook = () => tracker.currentWidget !== null;
    const insert = (source: string) => insertCellBelow(app, tracker, source);

    const panel = new DockerPanel(tracker, (kind, action, target, magicLoaded) => {
      if (kind === 'container' && action === 'terminal') {
        const notebook = tracker.currentWidget;
        if (notebook) {
          openTerminal(app, notebook, target);
        }
        return;
      }
      const line =
        kind === 'image' ? imageCommand(action, target) : containerCommand(action, target);
      insert(magicLoaded ? line : `%load_ext jupyter_docker\n${line}`);
    });
    shell.add(panel, 'left', { rank: 650, type: 'Docker' });
    restorer?.add(panel, 'jupyter-docker-panel');

    commands.addCommand(`${PREFIX}:open-panel`, {
      label: 'Show the Docker Panel',
      icon: dockerIcon,
      execute: () => shell.activateById(panel.id)
    });
    commands.addCommand(`${PREFIX}:refresh`, {
      label: 'Refresh the Docker Panel',
      execute: () => panel.refresh()
    });

    const menu = new Menu({ commands });
    menu.title.label = 'Docker';
    menu.id = 'jp-mainmenu-docker';
    for (const snippet of SNIPPETS) {
      const id = `${PREFIX}:${snippet.id}`;
      commands.addCommand(id, {
        label: snippet.label,
        caption: snippet.caption,
        isEnabled: hasNotebook,
        execute: () => void insert(snippet.source)
      });
      menu.addItem({ command: id });
      palette?.addItem({ command: id, category: CATEGORY });
    }
    menu.addItem({ type: 'separator' });
    menu.addItem({ command: `${PREFIX}:open-panel` });
    palette?.addItem({ command: `${PREFIX}:open-panel`, category: CATEGORY });
    palette?.addItem({ command: `${PREFIX}:refresh`, category: CATEGORY });
    mainMenu?.addMenu(menu, true, { rank: 1000 });
    tracker.currentChanged.connect(() => commands.notifyCommandChanged());
  }
};

const highlightPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-docker-magics:dockerfile-highlight',
  description: 'Dockerfile colours in the body of %%docker build cells.',
  autoStart: true,
  requires: [IEditorExtensionRegistry],
  activate: (_: JupyterFrontEnd, registry: IEditorExtensionRegistry) => {
    registry.addExtension({
      name: 'jupyter-docker-magics:dockerfile',
      factory: () => EditorExtensionRegistry.createImmutableExtension(dockerfileHighlight)
    });
  }
};

export default [panelPlugin, highlightPlugin];
