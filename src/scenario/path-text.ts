/**
 * Paths into the scenario: as zod reports them (keys and 0-based list
 * indices), and as messages and Scenario.positions spell them.
 */
import { clip, quoteText } from '../escape.js';

export type Path = readonly PropertyKey[];

/** machine.cmdline, setup_arch[3].call: list indices are 0-based, as in JSON paths and jq. Odd keys are quoted, long ones clipped. */
export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) out = childPathText(out, seg);
  return out;
}

/**
 * pathText of a path one segment longer: `childPathText(pathText(p), seg)`
 * is `pathText([...p, seg])`. For walks that name every node of a document
 * (keyEntries: 30,000 paths in a 10,000-call file) without copying the path
 * and spelling it again from the root at each node.
 */
export function childPathText(parent: string, seg: PropertyKey): string {
  if (typeof seg === 'number') return `${parent}[${seg}]`;
  const s = String(seg);
  if (/^[\w-]+$/.test(s)) return parent === '' ? clip(s) : `${parent}.${clip(s)}`;
  return `${parent}[${quoteText(clip(s))}]`;
}

/** As messages spell a path: pathText, plus the 1-based step number findings use for setup_arch items. */
export function messageLabel(path: Path): string {
  const text = pathText(path);
  return path[0] === 'setup_arch' && typeof path[1] === 'number' ? `${text} (step ${path[1] + 1})` : text;
}
