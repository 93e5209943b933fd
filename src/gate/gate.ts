/**
 * The gates of one run: `expect:` and `allow:` entries of each scenario, then
 * a baseline report, over the findings of every result. Pure: results and
 * options in, gated results and input problems out.
 */
import { findingKeys, stepCallRefs } from '../rules/identity.js';
import { compileSelector, parseVariantName, type SelectorMatcher } from '../scenario/compose/variant-name.js';
import type { CallRef } from '../scenario/order-edit.js';
import type { Allowance, Expectation } from '../scenario/types.js';
import type { ScenarioResult } from '../report/result.js';
import type { Severity } from '../rules/types.js';
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

/**
 * The compiled selectors of the entries seen so far, by selector text: a
 * run gates each variant of a file with the same entries, so each selector
 * is read once, not once per (entry, variant). Bounded: cleared when full.
 */
const MATCHERS = new Map<string, SelectorMatcher>();
const MATCHERS_KEPT = 4096;

function matcherOf(selector: string): SelectorMatcher {
  let m = MATCHERS.get(selector);
  if (m === undefined) {
    if (MATCHERS.size >= MATCHERS_KEPT) MATCHERS.clear();
    m = compileSelector(selector);
    MATCHERS.set(selector, m);
  }
  return m;
}

/**
 * Which entries are for this result: every entry that names no variant, else
 * those whose selector picks the result's variant (a full name, some
 * key=value pairs, or a glob: as `file.yaml[…]` and `run --variant` read it).
 * The variant's name is parsed once and each distinct selector matched once;
 * loading bounded entries × variants (max-gate-entries).
 * Without the matrix's key paths: loading checked each entry's selector with
 * them (entry-checks.ts), so a key written as a path here is its key's own.
 */
function applying<E extends Expectation>(entries: readonly E[], variant: string | undefined): E[] {
  const pairs = variant === undefined ? [] : parseVariantName(variant) ?? [];
  const picked = new Map<string, boolean>();
  return entries.filter((e) => {
    if (e.variant === undefined) return true;
    if (variant === undefined) return false;
    let p = picked.get(e.variant);
    if (p === undefined) {
      p = matcherOf(e.variant)(variant, pairs);
      picked.set(e.variant, p);
    }
    return p;
  });
}

/**
 * What an expect:/allow: entry and a finding are matched on: rule, call name
 * and occurrence, as JSON so that no name, however written, collides with another.
 */
function entryKey(rule: string, call: CallRef): string {
  return JSON.stringify([rule, call.name, call.occurrence]);
}

/** The first entry of a list for each rule and call (entries are matched in the order written). */
function firstByKey<E extends Expectation>(entries: readonly E[]): Map<string, E> {
  const byKey = new Map<string, E>();
  for (const e of entries) {
    const k = entryKey(e.rule, e.step);
    if (!byKey.has(k)) byKey.set(k, e);
  }
  return byKey;
}

/**
 * Gates one result.
 * @returns the gated result, and the baseline's findings of it that no longer occur
 */
export function gateResult(r: ScenarioResult, entries: GateEntries, options: GateOptions): { result: GatedResult; absent: AbsentFinding[] } {
  const expect = applying(entries.expect, r.variant);
  const allow = options.noAllow ? [] : applying(entries.allow, r.variant);

  const metExpect = new Set<Expectation>();
  const usedAllow = new Set<Allowance>();
  const keyList = findingKeys(r.findings);
  const expectBy = firstByKey(expect);
  const allowBy = firstByKey(allow);
  // indexes built once per result: a finding costs lookups, not scans of the steps and entries;
  // without entries (most scenarios) no finding needs its entry key, a JSON text each ('' matches nothing)
  const refOf = expectBy.size > 0 || allowBy.size > 0 ? stepCallRefs(r.steps) : undefined;
  const checked = r.findings.map((finding, i): CheckedFinding => {
    const key = keyList[i] ?? '';
    const k = refOf !== undefined ? entryKey(finding.rule, refOf(finding.step)) : '';
    const expectedBy = expectBy.get(k);
    const allowedBy = expectedBy === undefined ? allowBy.get(k) : undefined;
    const inBaseline = options.baseline?.has(r, key, finding.severity);
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
  // the keys as a set only for a baseline to compare with
  const absent = options.baseline?.absent(r, new Set(keyList)) ?? [];
  return { result: { ...r, status: gatedStatus({ checked, unmet, unusedAllows }), checked, unmet, unusedAllows }, absent };
}

/**
 * A gated result's status from its gated parts: fail on a live error or an
 * unmet expectation (an unused allow is a warning). The one definition:
 * `merge` recomputes each shard result's status with it (src/report/merge.ts).
 */
export function gatedStatus(r: {
  readonly checked: readonly { readonly state: FindingState; readonly finding: { readonly severity: Severity } }[];
  readonly unmet: readonly unknown[];
  readonly unusedAllows: readonly unknown[];
}): 'pass' | 'fail' {
  return r.unmet.length > 0 || r.checked.some((c) => c.state === 'live' && c.finding.severity === 'error') ? 'fail' : 'pass';
}
