/**
 * Colour only on a terminal: FORCE_COLOR wins (0/false turns it off), then a
 * non-empty NO_COLOR turns it off (no-color.org), then TTY and TERM decide.
 */
import { Chalk } from 'chalk';
import { PLAIN, type Style } from '../report/text.js';

export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2' || force === '3') return Number(force) as 2 | 3;
    return 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return 1;
}

export function styleFor(level: 0 | 1 | 2 | 3): Style {
  if (level === 0) return PLAIN;
  const c = new Chalk({ level });
  return { error: c.red.bold, warning: c.yellow.bold, pass: c.green, dim: c.dim, bold: c.bold };
}
