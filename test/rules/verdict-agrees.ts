/**
 * What a rule's verdict() must be: exactly its check() without the words
 * (src/rules/types.ts Rule.verdict), finding for finding, in the same order,
 * with every field the finding's identity reads (src/rules/identity.ts
 * findingKeys: rule, culprit step, related steps and whether each is only an example, subject) and the fields
 * the engine judges by (severity, harmless, halts), and nothing else: no message,
 * no role, no position.
 */
import { expect } from 'vitest';
import { ReplayEngine, moveTo } from '../../src/compare/engine.js';
import type { Trace } from '../../src/replay/trace.js';
import { findingKeys } from '../../src/rules/identity.js';
import type { Rule, Verdict } from '../../src/rules/types.js';

const VERDICT_FIELDS: ReadonlySet<string> = new Set(['rule', 'severity', 'step', 'related', 'subject', 'harmless', 'halts', 'haltBefore', 'haltIn']);

/** A finding or a verdict reduced to what a verdict carries. */
export function verdictHead(v: Verdict): Record<string, unknown> {
  return {
    rule: v.rule, severity: v.severity, step: v.step, related: v.related.map((r) => (r.example === true ? { step: r.step, example: true } : r.step)), subject: v.subject, harmless: v.harmless === true, halts: v.halts === true, haltBefore: v.haltBefore, haltIn: v.haltIn,
  };
}

/**
 * Fails unless rule.verdict(trace) is rule.check(trace) reduced to verdicts,
 * with the same finding keys, and carries no field a Verdict does not have.
 * A rule without verdict() passes (the engine judges it by check()).
 */
export function expectVerdictsAgree(rule: Rule, trace: Trace, what: string): void {
  if (rule.verdict === undefined) return;
  const findings = rule.check(trace);
  const verdicts = rule.verdict(trace);
  expect(verdicts.map(verdictHead), `${rule.meta.id}: ${what}`).toEqual(findings.map(verdictHead));
  expect(findingKeys(verdicts), `${rule.meta.id}: ${what}`).toEqual(findingKeys(findings));
  for (const v of verdicts) {
    expect(Object.keys(v).filter((k) => !VERDICT_FIELDS.has(k)), `${rule.meta.id}: ${what}: fields a verdict has no use for`).toEqual([]);
    // `example` stays: it takes the step out of the finding's key (identity.ts baseKey)
    for (const r of v.related) expect(Object.keys(r).filter((k) => k !== 'example'), `${rule.meta.id}: ${what}: a related step of a verdict`).toEqual(['step']);
  }
}

/**
 * The engine's trace of the scenario's own order (from = slot = 0) and of each single-call move that
 * `keep` takes (all of them by default), with the call's index and its slot.
 */
export function forEachMove(engine: ReplayEngine, visit: (trace: Trace, from: number, slot: number) => void, keep: (from: number, slot: number) => boolean = () => true): void {
  const n = engine.base.length;
  for (let from = 0; from < n; from++) {
    for (let slot = 0; slot < n; slot++) {
      // the order itself once, not once per call
      if (slot === from && from > 0) continue;
      if (slot !== from && !keep(from, slot)) continue;
      visit(engine.trace(moveTo(engine.base, from, slot)), from, slot);
    }
  }
}
