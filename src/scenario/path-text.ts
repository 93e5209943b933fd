/**
 * Paths into the scenario: as zod reports them (keys and 0-based list
 * indices), and as messages and Scenario.positions spell them.
 */
import { clip } from '../escape.js';

export type Path = readonly PropertyKey[];

/** machine.cmdline, setup_arch[3].call: list indices are 0-based, as in JSON paths and jq. Odd keys are quoted, long ones clipped. */
export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) {
    const s = String(seg);
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[\w-]+$/.test(s)) out += out === '' ? clip(s) : `.${clip(s)}`;
    else out += `[${JSON.stringify(clip(s))}]`;
  }
  return out;
}

/** As messages spell a path: pathText, plus the 1-based step number findings use for setup_arch items. */
export function messageLabel(path: Path): string {
  const text = pathText(path);
  return path[0] === 'setup_arch' && typeof path[1] === 'number' ? `${text} (step ${path[1] + 1})` : text;
}
