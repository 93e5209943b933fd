/**
 * The gates of one run: `expect:` and `allow:` entries of each scenario, then
 * a baseline report, over the findings of every result. Pure: results and
 * options in, gated results and input problems out.
 */
import { findingKey, stepCallRef } from '../rules/identity.js';
import type { StepRef } from '../replay/trace.js';
import type { Finding } from '../rules/types.js';
import type { CallRef } from '../scenario/order-edit.js';
import { displayName, type Allowance, type Expectation } from '../scenario/types.js';
import type { ScenarioResult } from '../report/result.js';
import type { BaselineIndex } from './baseline.js';
import type { AbsentFinding, CheckedFinding, FindingState, GatedResult } from './types.js';

/** The gate inputs of one result: its scenario's entries. */
export interface GateEntries {
  readonly expect: readonly Expectation[];
  readonly allow: readonly Allowance[];
}

export interface GateOptions {
  /** --no-allow: every `allow:` entry is ignored, so the findings it covers count */
  readonly noAllow: boolean;
  readonly baseline?: BaselineIndex | undefined;
}

function applies(e: Expectation, variant: string | undefined): boolean {
  return e.variant === undefined || e.variant === variant;
}

function sameCall(a: CallRef, b: CallRef): boolean {
  return a.name === b.name && a.occurrence === b.occurrence;
}

function matches(e: Expectation, f: Finding, steps: readonly StepRef[]): boolean {
  return e.rule === f.rule && sameCall(e.step, stepCallRef(f.step, steps));
}

/**
 * Gates one result.
 * @returns the gated result, and the baseline's findings of it that no longer occur
 */
export function gateResult(r: ScenarioResult, entries: GateEntries, options: GateOptions): { result: GatedResult; absent: AbsentFinding[] } {
  const name = displayName(r);
  const expect = entries.expect.filter((e) => applies(e, r.variant));
  const allow = options.noAllow ? [] : entries.allow.filter((a) => applies(a, r.variant));

  const metExpect = new Set<Expectation>();
  const usedAllow = new Set<Allowance>();
  const keys = new Set<string>();
  const checked = r.findings.map((finding): CheckedFinding => {
    const key = findingKey(finding, r.steps);
    keys.add(key);
    const expectedBy = expect.find((e) => matches(e, finding, r.steps));
    const allowedBy = expectedBy === undefined ? allow.find((a) => matches(a, finding, r.steps)) : undefined;
    const inBaseline = options.baseline?.has(name, key);
    let state: FindingState = 'live';
    if (expectedBy !== undefined) {
      state = 'expected';
      metExpect.add(expectedBy);
    } else if (allowedBy !== undefined) {
      state = 'suppressed';
      usedAllow.add(allowedBy);
    } else if (inBaseline === true) {
      state = 'baseline';
    }
    return { finding, key, state, expectedBy, allowedBy, inBaseline };
  });
  const unmet = expect.filter((e) => !metExpect.has(e));
  const unusedAllows = allow.filter((a) => !usedAllow.has(a));
  const failed = unmet.length > 0 || checked.some((c) => c.state === 'live' && c.finding.severity === 'error');
  const absent = options.baseline?.absent(name, keys) ?? [];
  return { result: { ...r, status: failed ? 'fail' : 'pass', checked, unmet, unusedAllows }, absent };
}
