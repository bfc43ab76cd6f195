/**
 * The sidebar's filter: words typed in its box and two checkboxes, matched in the browser
 * against the last snapshot (no kernel request per keystroke).
 *
 * Every word must match. `label=KEY` keeps objects with that label, `label=KEY=VALUE`
 * those with that value; any other word is a case-insensitive part of the name, image,
 * id, state, status, ports or a `key=value` label.
 */
import { IContainerRow, IImageRow } from './snapshot';

export interface IFilter {
  text: string;
  /** Only what this notebook's kernel created. */
  mine: boolean;
  /** Only running containers (images are not affected). */
  running: boolean;
}

export const NO_FILTER: IFilter = { text: '', mine: false, running: false };

export function isFiltering(filter: IFilter): boolean {
  return filter.text.trim() !== '' || filter.mine || filter.running;
}

function labelWordMatches(word: string, labels: Record<string, string>): boolean {
  const spec = word.slice('label='.length);
  const eq = spec.indexOf('=');
  if (eq < 0) {
    return spec in labels;
  }
  const key = spec.slice(0, eq);
  return key in labels && labels[key] === spec.slice(eq + 1);
}

function wordsMatch(text: string, haystack: string[], labels: Record<string, string>): boolean {
  const lower = haystack
    .concat(Object.entries(labels).map(([k, v]) => `${k}=${v}`))
    .map(s => s.toLowerCase());
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .every(word =>
      word.startsWith('label=')
        ? labelWordMatches(word, labels)
        : lower.some(s => s.includes(word.toLowerCase()))
    );
}

export function containerMatches(row: IContainerRow, filter: IFilter): boolean {
  if ((filter.mine && !row.mine) || (filter.running && row.state !== 'running')) {
    return false;
  }
  return wordsMatch(
    filter.text,
    [row.name, row.image, row.id, row.state, row.status, row.ports],
    row.labels
  );
}

export function imageMatches(row: IImageRow, filter: IFilter): boolean {
  if (filter.mine && !row.mine) {
    return false;
  }
  return wordsMatch(filter.text, [row.reference, row.id], row.labels);
}
