/** How `suggest` and `constraints` show the machines they left out (src/compare/unsupported.ts). */
import { escapeText } from '../escape.js';
import type { UnsupportedMachine } from '../compare/unsupported.js';
import type { Style } from './text.js';

/** "left out, a machine with an error no order changes:" and one line per machine and error; nothing when none. */
export function unsupportedLines(machines: readonly UnsupportedMachine[], style: Style): string[] {
  if (machines.length === 0) return [];
  return [
    `left out, ${machines.length === 1 ? 'a machine' : `${machines.length} machines`} with an error no order of the calls changes (its kernel, configuration, machine or command line):`,
    ...machines.flatMap((u) => u.findings.map((f) => `  ${escapeText(u.machine)}: ${style.error('error')} ${style.bold(f.rule)}: ${escapeText(f.message)}`)),
  ];
}

export function unsupportedJson(machines: readonly UnsupportedMachine[]): unknown {
  return machines.map((u) => ({ machine: u.machine, findings: u.findings.map((f) => ({ rule: f.rule, message: f.message })) }));
}
