/**
 * The findings diff: A's and B's findings matched by identity (rule +
 * culprit call + related calls, src/rules/identity.ts), never by step number
 * or line, which shift with every edit. A finding in both is unchanged, or
 * changed when its severity, slot or addresses differ.
 */
import type { StepRef } from '../replay/trace.js';
import { findingKeys } from '../rules/identity.js';
import type { Finding, Severity } from '../rules/types.js';

/** What changed in a finding present on both sides. */
export interface FindingChange {
  readonly key: string;
  readonly a: Finding;
  readonly b: Finding;
  /** [a, b] when the severity differs */
  readonly severity?: readonly [Severity, Severity] | undefined;
  /** [a, b] when the slot differs */
  readonly slot?: readonly [string | undefined, string | undefined] | undefined;
  /** each address that differs (null: absent on that side), in bytes */
  readonly addresses: Readonly<Record<string, readonly [number | bigint | null, number | bigint | null]>>;
}

/** A finding with its identity (findingKey). */
export interface KeyedFinding {
  readonly key: string;
  readonly finding: Finding;
}

export interface FindingsDiff {
  /** B's findings A lacks */
  readonly new: readonly KeyedFinding[];
  /** A's findings B lacks */
  readonly fixed: readonly KeyedFinding[];
  readonly changed: readonly FindingChange[];
  readonly unchanged: readonly { readonly key: string; readonly a: Finding; readonly b: Finding }[];
}

/** key → findings with it, in report order (two findings may share a key: the n-th pairs with the n-th). */
function keyed(findings: readonly Finding[], _steps: readonly StepRef[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  findingKeys(findings).forEach((k, i) => {
    const f = findings[i];
    if (f !== undefined) out.set(k, [...(out.get(k) ?? []), f]);
  });
  return out;
}

function addressChanges(a: Finding, b: Finding): Record<string, readonly [number | bigint | null, number | bigint | null]> {
  const out: Record<string, readonly [number | bigint | null, number | bigint | null]> = {};
  for (const name of new Set([...Object.keys(a.addresses), ...Object.keys(b.addresses)])) {
    const x = a.addresses[name] ?? null;
    const y = b.addresses[name] ?? null;
    if (x !== y) out[name] = [x, y];
  }
  return out;
}

export function diffFindings(a: readonly Finding[], aSteps: readonly StepRef[], b: readonly Finding[], bSteps: readonly StepRef[]): FindingsDiff {
  const ka = keyed(a, aSteps);
  const kb = keyed(b, bSteps);
  const added: KeyedFinding[] = [];
  const fixed: KeyedFinding[] = [];
  const changed: FindingChange[] = [];
  const unchanged: { key: string; a: Finding; b: Finding }[] = [];
  for (const [key, bs] of kb) {
    const as = ka.get(key) ?? [];
    bs.forEach((fb, i) => {
      const fa = as[i];
      if (fa === undefined) {
        added.push({ key, finding: fb });
        return;
      }
      const addresses = addressChanges(fa, fb);
      const severity = fa.severity !== fb.severity ? [fa.severity, fb.severity] as const : undefined;
      const slot = fa.slot !== fb.slot ? [fa.slot, fb.slot] as const : undefined;
      if (severity === undefined && slot === undefined && Object.keys(addresses).length === 0) unchanged.push({ key, a: fa, b: fb });
      else changed.push({ key, a: fa, b: fb, severity, slot, addresses });
    });
  }
  for (const [key, as] of ka) {
    const bs = kb.get(key) ?? [];
    for (const finding of as.slice(bs.length)) fixed.push({ key, finding });
  }
  return { new: added, fixed, changed, unchanged };
}
