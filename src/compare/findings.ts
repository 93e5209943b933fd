/**
 * The findings diff: A's and B's findings matched by identity (rule +
 * culprit call + related calls + subject, src/rules/identity.ts), never by
 * step number or line, which shift with every edit; then, among those left
 * unmatched, a finding whose subject differs only in an address (the leaf a
 * layout edit moved: identity.ts movedKey). A finding in both is unchanged,
 * or changed when its severity, slot, subject or addresses differ.
 */
import type { StepRef } from '../replay/trace.js';
import { findingKeys, movedKey } from '../rules/identity.js';
import type { Finding, Severity, Verdict } from '../rules/types.js';

/** How severe each severity is, so that a change of severity reads as worse or better. */
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/**
 * Whether a finding both sides have is more severe on side B than on side A
 * (a harmless warning that became an error once the machine used the input
 * it misses). `diff` counts one that became an error as a new error, and
 * `bisect` takes one as a finding to bisect: one predicate, so that both
 * call the same change a regression.
 */
export function severityRose(a: Severity, b: Severity): boolean {
  return SEVERITY_RANK[b] > SEVERITY_RANK[a];
}

/** A severity as a noun with its article: "an error", "a warning", "an info". */
export function aSeverity(s: Severity): string {
  return s === 'warning' ? 'a warning' : `an ${s}`;
}

/** Which findings of two replays are the same finding (indices into each side's list). */
export interface Pairing {
  /** [index in A, index in B], in B's order */
  readonly pairs: readonly (readonly [number, number])[];
  /** A's findings B lacks, in A's order */
  readonly onlyA: readonly number[];
  /** B's findings A lacks, in B's order */
  readonly onlyB: readonly number[];
}

/**
 * A's and B's findings paired: first by key (findingKeys: the n-th finding
 * of a key with the n-th), then what is left by movedKey, in report order:
 * the same rule at the same calls about a leaf or an entry a layout edit
 * moved is the same finding, moved. Exact keys go first, so two findings of
 * one side (two leaves) pair with two of the other side or stay apart: a
 * finding is never paired twice, and one whose exact key the other side has
 * is never paired by its address-free key.
 * @param a,b the findings (or verdicts) of each replay, in report order
 */
export function pairFindings(a: readonly Verdict[], b: readonly Verdict[]): Pairing {
  const ka = findingKeys(a);
  const kb = findingKeys(b);
  const exact = new Map(ka.map((k, i) => [k, i]));
  const inB: (number | undefined)[] = kb.map((k) => exact.get(k));
  const usedA = new Set<number>();
  for (const i of inB) if (i !== undefined) usedA.add(i);
  // what the keys leave: A's by address-free key, each queue in A's order
  const moved = new Map<string, number[]>();
  a.forEach((f, i) => {
    const m = usedA.has(i) ? undefined : movedKey(f);
    if (m !== undefined) moved.set(m, [...(moved.get(m) ?? []), i]);
  });
  b.forEach((f, j) => {
    if (inB[j] !== undefined) return;
    const m = movedKey(f);
    const i = m === undefined ? undefined : moved.get(m)?.shift();
    if (i === undefined) return;
    inB[j] = i;
    usedA.add(i);
  });
  const pairs: (readonly [number, number])[] = [];
  const onlyB: number[] = [];
  inB.forEach((i, j) => (i === undefined ? onlyB.push(j) : pairs.push([i, j])));
  return { pairs, onlyA: a.map((_, i) => i).filter((i) => !usedA.has(i)), onlyB };
}

/** What changed in a finding present on both sides. */
export interface FindingChange {
  /** B's key (A's differs when the subject does) */
  readonly key: string;
  readonly a: Finding;
  readonly b: Finding;
  /** [a, b] when the severity differs */
  readonly severity?: readonly [Severity, Severity] | undefined;
  /** [a, b] when the slot differs */
  readonly slot?: readonly [string | undefined, string | undefined] | undefined;
  /** [a, b] when the subject differs (only in an address: the finding moved, identity.ts movedKey) */
  readonly subject?: readonly [string | undefined, string | undefined] | undefined;
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

function addressChanges(a: Finding, b: Finding): Record<string, readonly [number | bigint | null, number | bigint | null]> {
  const out: Record<string, readonly [number | bigint | null, number | bigint | null]> = {};
  for (const name of new Set([...Object.keys(a.addresses), ...Object.keys(b.addresses)])) {
    const x = a.addresses[name] ?? null;
    const y = b.addresses[name] ?? null;
    if (x !== y) out[name] = [x, y];
  }
  return out;
}

export function diffFindings(a: readonly Finding[], _aSteps: readonly StepRef[], b: readonly Finding[], _bSteps: readonly StepRef[]): FindingsDiff {
  const ka = findingKeys(a);
  const kb = findingKeys(b);
  const { pairs, onlyA, onlyB } = pairFindings(a, b);
  const added: KeyedFinding[] = onlyB.map((j) => ({ key: kb[j] ?? '', finding: b[j] as Finding }));
  const fixed: KeyedFinding[] = onlyA.map((i) => ({ key: ka[i] ?? '', finding: a[i] as Finding }));
  const changed: FindingChange[] = [];
  const unchanged: { key: string; a: Finding; b: Finding }[] = [];
  for (const [i, j] of pairs) {
    const fa = a[i] as Finding;
    const fb = b[j] as Finding;
    const key = kb[j] ?? '';
    const addresses = addressChanges(fa, fb);
    const severity = fa.severity !== fb.severity ? [fa.severity, fb.severity] as const : undefined;
    const slot = fa.slot !== fb.slot ? [fa.slot, fb.slot] as const : undefined;
    const subject = fa.subject !== fb.subject ? [fa.subject, fb.subject] as const : undefined;
    if (severity === undefined && slot === undefined && subject === undefined && Object.keys(addresses).length === 0) unchanged.push({ key, a: fa, b: fb });
    else changed.push({ key, a: fa, b: fb, severity, slot, subject, addresses });
  }
  return { new: added, fixed, changed, unchanged };
}
