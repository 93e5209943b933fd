/**
 * The rule registry: each architecture's rules (src/arch/<name>/rules/),
 * and how findings are ordered.
 */
import { allArches, archesOf } from '../arch/index.js';
import type { ArchPlugin } from '../arch/types.js';
import type { Trace } from '../replay/trace.js';
import type { Finding, Rule, Verdict } from './types.js';

/** A rule with the architecture it belongs to. */
export interface RegisteredRule {
  readonly arch: string;
  readonly rule: Rule;
}

/**
 * Every rule of every architecture (its own, then the generic ones it lists:
 * src/rules/generic.ts), in registry order. Throws unless every plug-in is
 * loaded (src/arch/index.ts loadArches).
 */
export function allRules(): RegisteredRule[] {
  return rulesOf(allArches());
}

/**
 * The rules of the named architectures, in registry order (ARCH_IDS, then
 * each plug-in's own order). Throws unless each of them is loaded.
 */
export function rulesOfArches(ids: Iterable<string>): RegisteredRule[] {
  return rulesOf(archesOf(ids));
}

function rulesOf(arches: readonly ArchPlugin[]): RegisteredRule[] {
  return arches.flatMap((a) => a.rules.map((rule) => ({ arch: a.id, rule })));
}

/** The rules with this id (one per architecture that has it). */
export function rulesById(id: string): RegisteredRule[] {
  return allRules().filter((r) => r.rule.meta.id === id);
}

/** Whether a finding points at its culprit step (rather than at a key such as machine.hypervisor). */
function atStep(f: Finding): boolean {
  return f.pos.line === f.step.pos.line && f.pos.col === f.step.pos.col && f.pos.file === f.step.pos.file;
}

/**
 * Reading order, stable for diffs: findings at a key first, in file order
 * (line, column); then findings at a step, in setup_arch order. In one file
 * that is file order (keys come before setup_arch); for a scenario composed
 * from several files (extends, patch) it is the order of the same scenario
 * written out flat. Ties: step, then rule id.
 */
export function compareFindings(a: Finding, b: Finding): number {
  const sa = atStep(a);
  const sb = atStep(b);
  if (sa !== sb) return sa ? 1 : -1;
  return (sa ? a.step.index - b.step.index : 0) || compareWithin(a, b);
}

/**
 * All findings of a trace, by the rules of the plug-in that replayed it
 * (its own, then the generic ones it lists; or the given rules), in file order. A halted replay
 * (an unsupported scenario) is checked only by the rules that report it.
 */
export function check(trace: Trace, plugin: ArchPlugin, rules: readonly Rule[] = plugin.rules): Finding[] {
  const active = trace.halted === undefined ? rules : rules.filter((r) => r.meta.checksHalted === true);
  return sortFindings(active.flatMap((r) => r.check(trace)));
}

/**
 * The findings in compareFindings order (a stable sort). The numbers it
 * compares are read once per finding into arrays and the positions are
 * sorted: findings of different rules are objects of different shapes, and
 * 30,000 of them (a 10,000-call file) spent their sort reading them again at
 * each comparison. `place` folds the two groups into one number: -1 for a
 * finding at a key, the step index (0 or more) for one at its step.
 */
function sortFindings(findings: readonly Finding[]): Finding[] {
  const n = findings.length;
  const place = new Float64Array(n);
  const line = new Float64Array(n);
  const col = new Float64Array(n);
  const index = new Float64Array(n);
  const rule: string[] = [];
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = findings[i] as Finding;
    place[i] = atStep(f) ? f.step.index : -1;
    line[i] = f.pos.line;
    col[i] = f.pos.col;
    index[i] = f.step.index;
    rule.push(f.rule);
    order.push(i);
  }
  order.sort((a, b) => {
    const ra = rule[a] as string;
    const rb = rule[b] as string;
    return (place[a] as number) - (place[b] as number) || (line[a] as number) - (line[b] as number) || (col[a] as number) - (col[b] as number)
      || (index[a] as number) - (index[b] as number) || (ra < rb ? -1 : ra > rb ? 1 : 0);
  });
  return order.map((i) => findings[i] as Finding);
}

/** compareFindings for two findings that both point at their step, or both at a key, after the place. */
function compareWithin(a: Finding, b: Finding): number {
  return a.pos.line - b.pos.line || a.pos.col - b.pos.col || a.step.index - b.step.index || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/**
 * The verdicts of a trace (what check() finds, without its words, by the
 * same rules, halted replays included), for judging many orders: a rule's
 * verdict() where it has one, else its check().
 * Not sorted: callers match verdicts by findingKey, not by position.
 */
export function verdicts(trace: Trace, plugin: ArchPlugin, rules: readonly Rule[] = plugin.rules): Verdict[] {
  const active = trace.halted === undefined ? rules : rules.filter((r) => r.meta.checksHalted === true);
  const out: Verdict[] = [];
  for (const r of active) for (const v of r.verdict !== undefined ? r.verdict(trace) : r.check(trace)) out.push(v);
  return out;
}
