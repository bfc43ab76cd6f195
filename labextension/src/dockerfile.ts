/**
 * Dockerfile colours for the body of a `%%docker build` cell (CodeMirror 6).
 *
 * The notebook highlights the cell as Python; when its first line is a
 * `%%docker build` (or `image build` / `buildx build`) line, this plugin marks the
 * Dockerfile instructions, comments and `$VARIABLES` of the lines below it.
 */
import { RangeSetBuilder } from '@codemirror/state';
import { Decoration, DecorationSet, EditorView, ViewPlugin, ViewUpdate } from '@codemirror/view';

const BUILD_LINE = /^\s*%%docker\s+(?:(?:image|buildx)\s+)?build\b/;
const INSTRUCTION =
  /^(\s*)(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\b/i;
const VARIABLE = /\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::[-+][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)/g;

const keyword = Decoration.mark({ class: 'jp-DockerfileKeyword' });
const comment = Decoration.mark({ class: 'jp-DockerfileComment' });
const variable = Decoration.mark({ class: 'jp-DockerfileVariable' });

/** True when `firstLine` makes the rest of the cell a Dockerfile. */
export function isBuildCell(firstLine: string): boolean {
  return BUILD_LINE.test(firstLine);
}

function decorate(view: EditorView): DecorationSet {
  const doc = view.state.doc;
  if (doc.lines < 2 || !isBuildCell(doc.line(1).text)) {
    return Decoration.none;
  }
  const builder = new RangeSetBuilder<Decoration>();
  let continued = false; // the previous line ended with a backslash
  for (let n = 2; n <= doc.lines; n++) {
    const line = doc.line(n);
    const text = line.text;
    if (/^\s*#/.test(text)) {
      builder.add(line.from, line.to, comment);
      continue; // a comment line does not end a continued instruction
    }
    const match = continued ? null : INSTRUCTION.exec(text);
    if (match) {
      const start = line.from + match[1].length;
      builder.add(start, start + match[2].length, keyword);
    }
    for (const found of text.matchAll(VARIABLE)) {
      const start = line.from + (found.index ?? 0);
      builder.add(start, start + found[0].length, variable);
    }
    continued = /\\\s*$/.test(text);
  }
  return builder.finish();
}

export const dockerfileHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged) {
        this.decorations = decorate(update.view);
      }
    }
  },
  { decorations: plugin => plugin.decorations }
);
