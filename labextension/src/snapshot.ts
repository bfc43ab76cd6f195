/**
 * Ask a notebook's kernel what the Docker engine holds.
 *
 * One silent execute request with a user expression that calls
 * `jupyter_docker.lab.panel_reply()`: no server extension, nothing added to the
 * user's namespace or history, and the kernel sees the same engine as the notebook.
 */
import { Kernel, KernelMessage } from '@jupyterlab/services';

/** A published TCP port: `url` is where a browser reaches it (http://127.0.0.1:PORT). */
export interface IPortLink {
  port: number;
  private: number;
  url: string;
}

export interface IContainerRow {
  id: string;
  name: string;
  image: string;
  state: string;
  status: string;
  ports: string;
  links: IPortLink[];
  labels: Record<string, string>;
  /** Created by this notebook's kernel (since it started). */
  mine: boolean;
}

export interface IImageRow {
  id: string;
  /** `repository:tag`, `<none>:<none>` when untagged. */
  reference: string;
  /** What commands name: the reference, or the id of an untagged image. */
  target: string;
  size: number;
  size_text: string;
  labels: Record<string, string>;
  /** Built or committed by this notebook's kernel (since it started). */
  mine: boolean;
}

export interface ISnapshot {
  containers: IContainerRow[];
  images: IImageRow[];
  /** One line from the engine when it could not be reached, else null. */
  error: string | null;
  /** The engine that answered (`%docker`'s in this kernel), e.g. `unix:///var/run/docker.sock`. */
  engine: string | null;
  /** Whether `%docker` is registered in the kernel (`%load_ext jupyter_docker`). */
  magic_loaded: boolean;
}

/** Evaluated in the kernel; `__import__` keeps the user's namespace untouched. */
export const SNAPSHOT_EXPRESSION =
  "__import__('jupyter_docker.lab', fromlist=['panel_reply']).panel_reply()";

const NOT_INSTALLED =
  "jupyter_docker is not installed in this notebook's kernel (pip install jupyter-docker-magics).";

/** Run the snapshot expression in `kernel`; rejects with a one-line Error. */
export async function fetchSnapshot(
  kernel: Kernel.IKernelConnection,
  timeoutMs = 30000
): Promise<ISnapshot> {
  const future = kernel.requestExecute(
    {
      code: '',
      silent: true,
      store_history: false,
      allow_stdin: false,
      stop_on_error: false,
      user_expressions: { snapshot: SNAPSHOT_EXPRESSION }
    },
    true
  );
  let timer = 0;
  const timeout = new Promise<never>((_, reject) => {
    timer = window.setTimeout(
      () => reject(new Error('The kernel did not answer in time.')),
      timeoutMs
    );
  });
  try {
    const reply = await Promise.race([future.done, timeout]);
    return parseReply(reply as KernelMessage.IExecuteReplyMsg);
  } finally {
    window.clearTimeout(timer);
  }
}

function parseReply(reply: KernelMessage.IExecuteReplyMsg): ISnapshot {
  const content = reply.content;
  if (content.status !== 'ok') {
    throw new Error(`The kernel refused the request (${content.status}).`);
  }
  const value = content.user_expressions['snapshot'] as any;
  if (!value || value.status !== 'ok') {
    const ename = value?.ename ?? 'Error';
    if (ename === 'ModuleNotFoundError' || ename === 'ImportError') {
      throw new Error(NOT_INSTALLED);
    }
    throw new Error(`${ename}: ${value?.evalue ?? 'no answer'}`);
  }
  return JSON.parse(value.data['text/plain']) as ISnapshot;
}
