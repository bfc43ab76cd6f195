/**
 * Teaching snippets: each inserts one ready-to-run cell.
 */

/** The base image `make lab` provisions (scripts/provision.sh): snippets work offline. */
export const BASE_IMAGE = 'jupyter-docker/busybox';

export interface ISnippet {
  /** Command id suffix, e.g. `snippet-ps`. */
  id: string;
  label: string;
  caption: string;
  source: string;
}

export const SNIPPETS: ISnippet[] = [
  {
    id: 'snippet-load-ext',
    label: 'Load %docker (%load_ext jupyter_docker)',
    caption: 'Register %docker and %%docker in this kernel',
    source: '%load_ext jupyter_docker'
  },
  {
    id: 'snippet-ps',
    label: 'List all containers (%docker ps -a)',
    caption: 'Every container, running or not, as a table',
    source: '%docker ps -a'
  },
  {
    id: 'snippet-images',
    label: 'List images (%docker images)',
    caption: 'The images this engine holds, as a table',
    source: '%docker images'
  },
  {
    id: 'snippet-build',
    label: 'Build an image from this cell (%%docker build)',
    caption: 'A tiny Dockerfile in the cell body, built and tagged',
    source: [
      '%%docker build -t my-first-image .',
      '# A Dockerfile: start from a base image, change it, say what to run.',
      `FROM ${BASE_IMAGE}`,
      'RUN echo "Hello from my first image" > /hello.txt',
      'CMD ["cat", "/hello.txt"]'
    ].join('\n')
  }
];

/** The magic a panel button inserts for `action` on container `name`. */
export function containerCommand(action: string, name: string): string {
  switch (action) {
    case 'logs':
      return `%docker logs -f ${name}`;
    case 'exec':
      return `%docker exec ${name} ls /`;
    default:
      return `%docker ${action} ${name}`;
  }
}

/** The magic a panel button inserts for `action` on image `target` (a reference or an id). */
export function imageCommand(action: string, target: string): string {
  switch (action) {
    case 'run':
      return `%docker run --form ${target}`;
    default:
      return `%docker ${action} ${target}`;
  }
}
