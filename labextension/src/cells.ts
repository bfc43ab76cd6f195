/**
 * Put a command into the notebook as a new cell: the user sees it and runs it.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';

/** Insert a code cell holding `source` below the active cell of the current notebook. */
export function insertCellBelow(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  source: string
): boolean {
  const panel = tracker.currentWidget;
  if (!panel) {
    return false;
  }
  const notebook = panel.content;
  NotebookActions.insertBelow(notebook);
  NotebookActions.changeCellType(notebook, 'code');
  const cell = notebook.activeCell;
  if (!cell) {
    return false;
  }
  cell.model.sharedModel.setSource(source);
  app.shell.activateById(panel.id);
  notebook.mode = 'edit';
  cell.editor?.setCursorPosition({ line: 0, column: source.split('\n')[0].length });
  return true;
}
