/**
 * Colour only on a terminal: FORCE_COLOR wins (0/false turns it off), then a
 * non-empty NO_COLOR turns it off (no-color.org), then TTY and TERM decide.
 * chalk is loaded only when there is colour to write, so a piped or
 * redirected run (CI, the tests, the bench) never evaluates it.
 */
import { PLAIN, type Style } from '../report/text.js';
import { isTerminal } from './stdio.js';

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

export async function styleFor(level: 0 | 1 | 2 | 3): Promise<Style> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level });
  return { error: c.red.bold, warning: c.yellow.bold, pass: c.green, dim: c.dim, bold: c.bold };
}

/** The style for what goes to stdout: asks whether it is a terminal only when the environment leaves it open. */
export async function styleForStdout(env: NodeJS.ProcessEnv): Promise<Style> {
  const decided = env.FORCE_COLOR !== undefined || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
  return styleFor(colorLevel(env, decided ? false : await isTerminal(1)));
}
