/**
 * The gates of one run: `expect:` and `allow:` entries of each scenario, then
 * a baseline report, over the findings of every result. Pure: results and
 * options in, gated results and input problems out.
 */
import { cachedFor, keptUpTo } from '../memo.js';
import { findingKeys, stepCallRefs } from '../rules/identity.js';
import { compileSelector, parseVariantName, type SelectorMatcher, type VariantPair } from '../scenario/compose/variant-name.js';
import { selectorsPicking, type Picking } from './selector-search.js';
import { placeKey, unmetAt, unusedAt, type PlaceColumn } from './place-table.js';
import type { CallRef } from '../scenario/order-edit.js';
import type { Allowance, Expectation } from '../scenario/types.js';
import type { ScenarioResult } from '../report/result.js';
import type { BaselineIndex } from './baseline.js';
import type { Finding, Severity } from '../rules/types.js';
import type { StepRef } from '../replay/trace.js';
import type { AbsentFinding, CheckedFinding, Elsewhere, ElsewherePlace, FindingState, GatedResult, OnlyIn, Shortfall, Taker, UnusedAllow, VariantsHaving } from './types.js';

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
  return keptUpTo(MATCHERS, MATCHERS_KEPT, selector, () => compileSelector(selector));
}

/**
 * The selectors of a list of entries, compiled once per list: `matchers[i]` is entry i's compiled selector
 * (undefined: it names no variant), `first[i]` the index of the first entry of the list with entry i's selector
 * text (i itself for the first, and for an entry without one).
 */
interface ListSelectors {
  readonly matchers: readonly (SelectorMatcher | undefined)[];
  readonly first: readonly number[];
}

/**
 * ListSelectors by entry list. A matrix's variants share their file's lists (compose.ts entriesReader), so each
 * list is read once, not once per variant: per variant, each entry's selector text (up to max-file-bytes long) was
 * looked up twice by its text, once for the compiled selector and once for the answer of an equal selector
 * before it (32,000 entries × variants of the glob-selectors limit file). Lists are never changed (readonly).
 */
const LIST_SELECTORS = new WeakMap<readonly Expectation[], ListSelectors>();

function selectorsOf(entries: readonly Expectation[]): ListSelectors {
  let known = LIST_SELECTORS.get(entries);
  if (known === undefined) {
    const firstOf = new Map<string, number>();
    const first = entries.map((e, i) => {
      if (e.variant === undefined) return i;
      const f = firstOf.get(e.variant);
      if (f !== undefined) return f;
      firstOf.set(e.variant, i);
      return i;
    });
    known = { matchers: entries.map((e) => (e.variant === undefined ? undefined : matcherOf(e.variant))), first };
    LIST_SELECTORS.set(entries, known);
  }
  return known;
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
  if (variant === undefined) return entries.filter((e) => e.variant === undefined);
  if (entries.length === 0) return [];
  const { matchers, first } = selectorsOf(entries);
  const pairs = pairsOf(variant);
  // picks[i]: whether entry i's selector picks the variant (an entry with the selector of one before it: its answer)
  const picks: boolean[] = [];
  const out: E[] = [];
  entries.forEach((e, i) => {
    const f = first[i] ?? i;
    const match = matchers[i];
    const p = match === undefined || (f < i ? picks[f] === true : match(variant, pairs));
    picks.push(p);
    if (p) out.push(e);
  });
  return out;
}

/**
 * What an expect:/allow: entry and a finding are matched on: rule, call name
 * and occurrence, as JSON so that no name, however written, collides with another.
 */
function entryKey(rule: string, call: CallRef): string {
  return JSON.stringify([rule, call.name, call.occurrence]);
}

/**
 * entryKey of an entry, made once per entry: a matrix's variants share their file's entries (compose.ts
 * entriesReader), and each variant's gate asks for the key of every entry (65,000 JSON texts for 128 entries
 * over 512 variants).
 */
const ENTRY_KEYS = new WeakMap<Expectation, string>();

function keyOfEntry(e: Expectation): string {
  let key = ENTRY_KEYS.get(e);
  if (key === undefined) {
    key = entryKey(e.rule, e.step);
    ENTRY_KEYS.set(e, key);
  }
  return key;
}

/** Least severe first: the order in which an entry without `severity:` takes findings. */
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** What matching did with one entry in one result (filled in by assign). */
interface EntryUse {
  /** the findings it took (indexes into the result's findings) */
  readonly taken: number[];
  /** findings of its rule and step (and severity, if pinned), whichever entry took them */
  occurred: number;
  /** a pinned entry: the findings of its rule and step with another severity (indexes), whichever entry took them */
  readonly others: number[];
  /** findings counted in `occurred` that an entry before it took (indexes) */
  readonly before: number[];
}

/**
 * Which findings each entry takes. An entry takes at most `count` findings of
 * its rule and culprit step, and with `severity:` only findings of that
 * severity. Order, so that the result is deterministic and no entry written
 * for a warning hides an error:
 *  1. `expect:` before `allow:` (a finding both name is expected);
 *  2. within each list, entries with `severity:` before those without (a
 *     pinned entry gets the findings it names), then in the order written;
 *  3. an entry without `severity:` takes the least severe of the findings
 *     left first (info, warning, error), then in report order: a new error
 *     next to the warning an entry was written for stays live.
 * A finding is taken by one entry at most.
 * @param findings the result's findings, with each one's entry key
 */
function assign<E extends Expectation>(lists: readonly (readonly E[])[], findings: readonly { readonly key: string; readonly severity: Severity }[]): Map<E, EntryUse> {
  const byKey = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const list = byKey.get(f.key);
    if (list === undefined) byKey.set(f.key, [i]);
    else list.push(i);
  });
  const rank = (i: number): number => SEVERITY_RANK[findings[i]?.severity ?? 'error'];
  for (const list of byKey.values()) list.sort((a, b) => rank(a) - rank(b) || a - b);
  const taken = new Set<number>();
  const uses = new Map<E, EntryUse>();
  for (const entries of lists) {
    const ordered = [...entries.filter((e) => e.severity !== undefined), ...entries.filter((e) => e.severity === undefined)];
    for (const e of ordered) {
      const found = byKey.get(keyOfEntry(e));
      // (most entries of a matrix find nothing in most variants: one empty use for them, never written to)
      if (found === undefined) {
        uses.set(e, NO_USE);
        continue;
      }
      const use: EntryUse = { taken: [], occurred: 0, others: [], before: [] };
      for (const i of found) {
        const severity = findings[i]?.severity ?? 'error';
        if (e.severity !== undefined && severity !== e.severity) {
          use.others.push(i);
          continue;
        }
        use.occurred++;
        if (taken.has(i)) use.before.push(i);
        else if (use.taken.length < e.count) {
          use.taken.push(i);
          taken.add(i);
        }
      }
      uses.set(e, use);
    }
  }
  return uses;
}

/**
 * The use of an entry that no finding has the key of: nothing taken, occurred or taken before. Shared by all such
 * entries, so never written to: assign fills only the uses of entries some finding has the key of.
 */
const NO_USE: EntryUse = { taken: [], occurred: 0, others: [], before: [] };

/** The severities, most severe first: the order `otherSeverities` lists them in. */
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Counts by severity with the keys in SEVERITIES' order (deterministic JSON). */
function bySeverity(counts: Readonly<Partial<Record<Severity, number>>>): Partial<Record<Severity, number>> {
  const out: Partial<Record<Severity, number>> = {};
  for (const s of SEVERITIES) if (counts[s] !== undefined) out[s] = counts[s];
  return out;
}

/**
 * An entry and how far it fell short in one result: `matched` of its `count`, and the findings of its rule and
 * step with another severity that no entry of `rivals` took (another such entry's are no remedy for this one:
 * break-211 F2). For an expect: entry the rivals are the other expect: entries only: an allow: entry takes what
 * they leave (expect: before allow:), so a finding an allow: took goes to this entry once its severity: is changed,
 * and the bug still shows (break-250 F2: "did not occur … drop the expect: entry" for an error an allow: took).
 * @param takenBy the findings (indexes) `rivals` took
 * @param allowedBy for an expect: entry, the allow: entry that took each finding: said of those counted
 * @param expectedBy for an expect: entry, the expect: entry that took each finding: those of `takenBy` it took are
 *   said too (break-250 follow-up: an error another expect: took was "no longer reproduced … drop the expect: entry
 *   if the bug is fixed", though the bug shows and is expected)
 */
function shortfall<E extends Expectation>(
  e: E, use: EntryUse | undefined, findings: readonly { readonly severity: Severity }[], takenBy: ReadonlySet<number>,
  allowedBy?: ReadonlyMap<number, Allowance>, expectedBy?: ReadonlyMap<number, Expectation>, claimedBy?: ReadonlyMap<number, Expectation>,
): Shortfall<E> {
  // an entry no finding has the key of falls short alike in every variant: one answer per entry, shared
  if (use === NO_USE) return unusedShort(e);
  const others: Partial<Record<Severity, number>> = {};
  // most entries have no findings of another severity: their maps stay empty, and are made only when one has
  // (two maps for each unused entry of each variant: 65,000 of them for 128 entries over 512 variants)
  if (use === undefined || use.others.length === 0) return shortOf(e, use, others, [], []);
  const allowed = new Map<Allowance, number>();
  const expected = new Map<string, { pos: Expectation['pos']; severity: Severity; count: number }>();
  const claimed = new Map<string, { pos: Expectation['pos']; severity: Severity; count: number; entry: 'expect' | 'allow' }>();
  // one count per entry and severity
  const count = <T extends { count: number }>(into: Map<string, T>, by: Expectation, severity: Severity, made: () => T): void => {
    const key = `${by.pos.file ?? ''}:${by.pos.line}:${by.pos.col}:${severity}`;
    const known = into.get(key);
    if (known !== undefined) known.count += 1;
    else into.set(key, made());
  };
  for (const i of use.others) {
    const severity = findings[i]?.severity;
    if (severity === undefined) continue;
    if (takenBy.has(i)) {
      const by = expectedBy?.get(i);
      if (by !== undefined && by !== e) count(expected, by, severity, () => ({ pos: by.pos, severity, count: 1 }));
      continue;
    }
    // told to an unmet expect: entry (its advice): not this entry's to take by another severity too
    const told = claimedBy?.get(i);
    if (told !== undefined) {
      count(claimed, told, severity, () => ({ pos: told.pos, severity, count: 1, entry: 'reason' in told ? 'allow' as const : 'expect' as const }));
      continue;
    }
    others[severity] = (others[severity] ?? 0) + 1;
    const a = allowedBy?.get(i);
    if (a !== undefined) allowed.set(a, (allowed.get(a) ?? 0) + 1);
  }
  return shortOf(e, use, others, [...allowed].map(([a, count]) => ({ pos: a.pos, count })), [...expected.values()], [...claimed.values()]);
}

/**
 * shortfall of an entry with NO_USE (no finding has its key): nothing matched or occurred, no other severity. Made
 * once per entry and shared by the results of every variant it applies to (shortfalls are never changed: the
 * unused allow: entries of a file are joined into copies, unusedOncePerFile). Why: kept in each variant's result
 * until the file's are joined, the 128 entries of 512 variants made 32,000 such objects, each copied when the
 * young generation was collected.
 */
const UNUSED_SHORT = new WeakMap<Expectation, Shortfall<Expectation>>();

function unusedShort<E extends Expectation>(e: E): Shortfall<E> {
  const known = UNUSED_SHORT.get(e);
  // (stored for this very entry: a Shortfall of its own type)
  if (known !== undefined) return known as Shortfall<E>;
  const made = shortOf(e, NO_USE, {}, [], []);
  UNUSED_SHORT.set(e, made);
  return made;
}

/** shortfall's answer from what it counted: the entry with its counts (the lists only when not empty). */
function shortOf<E extends Expectation>(
  e: E, use: EntryUse | undefined, others: Partial<Record<Severity, number>>,
  othersAllowed: readonly { readonly pos: Expectation['pos']; readonly count: number }[],
  othersExpected: readonly { readonly pos: Expectation['pos']; readonly severity: Severity; readonly count: number }[],
  othersClaimed: readonly { readonly pos: Expectation['pos']; readonly severity: Severity; readonly count: number; readonly entry: 'expect' | 'allow' }[] = [],
): Shortfall<E> {
  const matched = use?.taken.length ?? 0;
  const occurred = use?.occurred ?? 0;
  // without the lists, one literal: a spread after the first is a runtime call even of `{}` (two for each unused
  // entry of each variant of a matrix)
  if (othersAllowed.length === 0 && othersExpected.length === 0 && othersClaimed.length === 0) return { ...e, matched, occurred, otherSeverities: bySeverity(others) };
  return {
    ...e, matched, occurred, otherSeverities: bySeverity(others),
    ...(othersAllowed.length > 0 ? { othersAllowed } : {}),
    ...(othersExpected.length > 0 ? { othersExpected } : {}),
    ...(othersClaimed.length > 0 ? { othersClaimed } : {}),
  };
}

/**
 * The entries that took findings of an entry's rule and step (and severity) before it, each with how many, in the
 * order of the findings (Shortfall.takenBy: break-251 N9b, "taken by another entry" named none).
 */
function takersOf(use: EntryUse | undefined, expectedBy: ReadonlyMap<number, Expectation>, allowedBy: ReadonlyMap<number, Allowance>): Taker[] {
  // (most entries were taken before by none: no map for them, each unused entry of each variant asks)
  if (use === undefined || use.before.length === 0) return [];
  const out = new Map<Expectation, Taker>();
  for (const i of use.before) {
    const by = expectedBy.get(i);
    const entry = by ?? allowedBy.get(i);
    if (entry === undefined) continue;
    const known = out.get(entry);
    out.set(entry, { list: by !== undefined ? 'expect' : 'allow', pos: entry.pos, severity: entry.severity !== undefined, count: (known?.count ?? 0) + 1 });
  }
  return [...out.values()];
}

function sameRef(a: CallRef, b: CallRef): boolean {
  return a.name === b.name && a.occurrence === b.occurrence;
}

/**
 * For an unmet expect: entry, the finding of its rule (and severity, if pinned) at another culprit that its
 * `step:` most likely meant, or undefined: first one with the entry's call among its related steps (the call
 * it conflicts with, not an example), one no other entry took before one taken; else one no entry took at
 * any other culprit. An entry pointing at the related call of a finding that does occur must not be told the
 * scenario "no longer reproduces it" (break-201 F4): that advice would drop a valid guard. A related finding
 * comes with the further culprits of such findings no entry took (`alsoAt`: break-204 F8, dmi_scan_machine
 * and init_memory_mapping both conflict with vmi_init in 2.6.27-rc1). When the entry pins a severity no
 * such finding has, a related finding of another severity is named with its severity.
 * @param taken the findings (indexes) some entry took
 * @param relatedOnly a related finding or undefined, none at another culprit: what an unused allow: is told of
 *   (the rest is not looked for: each variant of a matrix asks for each of its unused entries)
 */
function elsewhereOf(
  e: Expectation, findings: readonly Finding[], refOf: (s: StepRef) => CallRef, taken: ReadonlySet<number>, claimed?: ReadonlySet<number>,
  relatedOnly = false,
): Elsewhere | undefined {
  const others = (severity: Expectation['severity']): number[] => {
    const found: number[] = [];
    findings.forEach((f, i) => {
      if (f.rule === e.rule && (severity === undefined || f.severity === severity) && !sameRef(refOf(f.step), e.step)) found.push(i);
    });
    return found;
  };
  const relates = (i: number): boolean => findings[i]?.related.some((r) => r.example !== true && sameRef(refOf(r.step), e.step)) ?? false;
  // (nor one another entry names or is told to add: break-251 F4, two entries for one finding)
  const free = (i: number): boolean => !taken.has(i) && claimed?.has(i) !== true;
  // the findings of `list` no entry took at `culprit` that an entry of `severity` (none: any) would take
  const countAt = (list: readonly number[], culprit: CallRef, severity: Severity | undefined): number => list.filter((i) => {
    const g = findings[i];
    return free(i) && g !== undefined && sameRef(refOf(g.step), culprit) && (severity === undefined || g.severity === severity);
  }).length;
  // the further culprits of the findings no entry took, one each, after `culprit`
  const furtherCulprits = (list: readonly number[], culprit: CallRef, severity: Severity | undefined): { culprit: CallRef; index: number; count: number }[] => {
    const alsoAt: { culprit: CallRef; index: number; count: number }[] = [];
    for (const i of list.filter(free)) {
      const g = findings[i];
      const c = g === undefined ? undefined : refOf(g.step);
      if (g === undefined || c === undefined || sameRef(c, culprit) || alsoAt.some((a) => sameRef(a.culprit, c))) continue;
      alsoAt.push({ culprit: c, index: g.step.index, count: countAt(list, c, severity) });
    }
    return alsoAt;
  };
  const related = (candidates: readonly number[]): Elsewhere | undefined => {
    const list = candidates.filter(relates);
    const pick = list.find(free) ?? list[0];
    const f = pick === undefined ? undefined : findings[pick];
    if (pick === undefined || f === undefined) return undefined;
    const culprit = refOf(f.step);
    // an entry that pins a severity is told to write the findings' own (counted by it); one without takes any
    const severity = e.severity === undefined ? undefined : f.severity;
    const alsoAt = furtherCulprits(list, culprit, severity);
    return {
      culprit, index: f.step.index, count: countAt(list, culprit, severity), related: true, ...(!free(pick) ? { taken: true } : {}),
      ...(e.severity !== undefined && f.severity !== e.severity ? { severity: f.severity } : {}), ...(alsoAt.length > 0 ? { alsoAt } : {}),
    };
  };
  const pinned = others(e.severity);
  const found = related(pinned) ?? (e.severity !== undefined ? related(others(undefined)) : undefined);
  if (found !== undefined || relatedOnly) return found;
  // of the pinned severity if any is free, else of any (break-211 F7: severity: warning named no culprit of the errors)
  const list = pinned.some(free) || e.severity === undefined ? pinned : others(undefined);
  const other = list.find(free);
  const f = other === undefined ? undefined : findings[other];
  if (other === undefined || f === undefined) return undefined;
  // every culprit it occurred at, as for a related finding (break-209 F4: step: head_32 named init_memory_mapping only)
  const severity = e.severity === undefined ? undefined : f.severity;
  const alsoAt = furtherCulprits(list, refOf(f.step), severity);
  return {
    culprit: refOf(f.step), index: f.step.index, count: countAt(list, refOf(f.step), severity), related: false,
    ...(e.severity !== undefined && f.severity !== e.severity ? { severity: f.severity } : {}), ...(alsoAt.length > 0 ? { alsoAt } : {}),
  };
}

/**
 * Where a finding and an entry are placed by gateResult: rule and call (name and occurrence), as one text. No two
 * places share a text: a rule name has no NUL, and the occurrence (a number) is what follows the last `#`.
 */
function placeOf(rule: string, ref: CallRef): string {
  return `${rule}\u0000${ref.name}#${ref.occurrence}`;
}

/**
 * The places (placeOf) that some finding's related steps name, examples aside, each with the finding's rule: the
 * only places at which elsewhereOf(…, relatedOnly) can find anything (a related finding names the entry's call
 * among its related steps). Why: a matrix's every variant asks that of each unused allow: entry (32,000 asks
 * for 127 entries over 256 variants, the glob-selectors limit file), and a variant's findings seldom name any.
 */
function relatedPlaces(findings: readonly Finding[], refOf: (s: StepRef) => CallRef): Set<string> {
  const places = new Set<string>();
  for (const f of findings) for (const r of f.related) if (r.example !== true) places.add(placeOf(f.rule, refOf(r.step)));
  return places;
}

/**
 * Gates one result.
 * @returns the gated result, and the baseline's findings of it that no longer occur
 */
export function gateResult(r: ScenarioResult, entries: GateEntries, options: GateOptions): { result: GatedResult; absent: AbsentFinding[] } {
  const expect = applying(entries.expect, r.variant);
  const allow = options.noAllow ? [] : applying(entries.allow, r.variant);
  const keyList = findingKeys(r.findings);
  // without entries (most scenarios) no finding needs its entry key, a JSON text each
  const expectedBy = new Map<number, Expectation>();
  const allowedBy = new Map<number, Allowance>();
  let unmet: Shortfall<Expectation>[] = [];
  let unusedAllows: UnusedAllow[] = [];
  const allowsUsed: Allowance[] = [];
  if (expect.length > 0 || allow.length > 0) {
    const refOf = stepCallRefs(r.steps);
    const findings = r.findings.map((f) => ({ key: entryKey(f.rule, refOf(f.step)), severity: f.severity }));
    const uses = assign<Expectation>([expect, allow], findings);
    for (const e of expect) for (const i of uses.get(e)?.taken ?? []) expectedBy.set(i, e);
    for (const a of allow) for (const i of uses.get(a)?.taken ?? []) allowedBy.set(i, a);
    // (no array of every entry's use, nor one of their taken findings, per variant: most take nothing)
    const taken = new Set<number>();
    for (const u of uses.values()) for (const i of u.taken) taken.add(i);
    const expected = new Set(expectedBy.keys());
    // the findings of each expect: entry's rule at the step another expect: entry names (of another severity, it is
    // told to change that): not for this one to add an entry for; nor those an earlier unmet entry is told to add
    // one for (break-251 F4: followed, both made two entries for one finding, an unmet entry or exit 2)
    const claimed = new Set<number>();
    // which unmet entry's advice claimed each (an unused allow: of another severity is told so, break-280 N3)
    const claimedBy = new Map<number, Expectation>();
    // the findings no entry took, by rule and culprit call, in order: each entry below reads only its own lists
    // (a scan of every finding for every pair of entries was entries² × findings at max-gate-entries)
    const freeAt = new Map<string, number[]>();
    // the rules of the findings no entry took (an entry of another rule has no free finding at its step: no place
    // string made for it), and of every finding (an entry of another rule has no finding elsewhere: elsewhereOf, which
    // scans every finding with closures of its own, is not asked; it was for each unmet entry of each variant, 128
    // entries of rules that mostly did not occur over 512 variants in matrix-unmet-expect)
    const freeRules = new Set<string>();
    const rulesFound = new Set<string>();
    r.findings.forEach((f, i) => {
      rulesFound.add(f.rule);
      if (taken.has(i)) return;
      freeRules.add(f.rule);
      const key = placeOf(f.rule, refOf(f.step));
      const list = freeAt.get(key);
      if (list === undefined) freeAt.set(key, [i]);
      else list.push(i);
    });
    // the expect: entries of each rule, each with its free findings' list: namedBy reads only its own rule's, so an
    // entry's look at the others is that rule's entries, not all of them (and no place string made per pair: 512
    // variants with 128 unmet entries each made 8 million, break-255 F1)
    const sameRule = new Map<string, { readonly o: Expectation; readonly free: readonly number[] }[]>();
    if (freeAt.size > 0) {
      for (const o of expect) {
        if (!freeRules.has(o.rule)) continue;
        const free = freeAt.get(placeOf(o.rule, o.step));
        if (free === undefined) continue;
        const list = sameRule.get(o.rule);
        if (list === undefined) sameRule.set(o.rule, [{ o, free }]);
        else list.push({ o, free });
      }
    }
    const namedBy = (e: Expectation): Set<number> => {
      // (as many as such an entry lacks: the findings past its count: are free for this one's advice)
      const named = new Set<number>();
      for (const { o, free } of sameRule.get(e.rule) ?? []) {
        if (o === e) continue;
        let lacks = o.count - (uses.get(o)?.taken.length ?? 0);
        for (const i of free) {
          if (lacks <= 0) break;
          if (named.has(i)) continue;
          named.add(i);
          lacks--;
        }
      }
      return named;
    };
    unmet = expect.filter((e) => (uses.get(e)?.taken.length ?? 0) < e.count)
      .map((e) => {
        // (no entry of its rule with free findings: what it may not name is just what earlier entries claimed, read
        // before anything is added to it; not a copy of it for each unmet entry of each variant)
        let named: ReadonlySet<number> = claimed;
        if (sameRule.has(e.rule)) {
          const own = namedBy(e);
          for (const i of claimed) own.add(i);
          named = own;
        }
        // (no finding of its rule: none elsewhere either, elsewhereOf's answer without its scan)
        const elsewhere = rulesFound.has(e.rule) ? elsewhereOf(e, r.findings, refOf, taken, named) : undefined;
        if (elsewhere !== undefined) {
          for (const c of [elsewhere, ...(elsewhere.alsoAt ?? [])]) {
            for (const i of freeAt.get(placeOf(e.rule, c.culprit)) ?? []) {
              claimed.add(i);
              if (!claimedBy.has(i)) claimedBy.set(i, e);
            }
          }
        }
        const takenBy = takersOf(uses.get(e), expectedBy, allowedBy);
        const short = shortfall(e, uses.get(e), findings, expected, allowedBy, expectedBy);
        // (the shortfall itself when nothing is added, as for an unused allow: below: an entry no finding has the key
        // of has one shared by every variant, and 128 such entries over 512 variants made 65,000 copies of them that
        // each scavenge copied again while the run's results were kept)
        if (takenBy.length === 0 && elsewhere === undefined) return short;
        return { ...short, ...(takenBy.length > 0 ? { takenBy } : {}), ...(elsewhere !== undefined ? { elsewhere } : {}) };
      });
    const relatedAt = relatedPlaces(r.findings, refOf);
    // the findings the advice of an unused allow: before this one claims (a severity to write, a step to name): a
    // later entry is not told to take them too (break-290 F7: followed, two entries took one finding and one was an
    // unused allow: again); made only when an entry's advice claims one
    let toldBy: Map<number, Expectation> | undefined;
    const claim = (i: number, a: Expectation): void => {
      if (taken.has(i) || claimedBy.has(i) || toldBy?.has(i) === true) return;
      (toldBy ??= new Map()).set(i, a);
    };
    unusedAllows = allow.filter((a) => (uses.get(a)?.taken.length ?? 0) < a.count)
      .map((a) => {
        // an allow: at the call its findings conflict with is told where they are, as an expect: is (break-206 F8):
        // "remove it" alone would leave the errors it was written for live
        // (related ones only: an unused allow: says no other, and each variant of a matrix asks; none where no
        // finding names its call as related)
        const related = relatedAt.size > 0 && relatedAt.has(placeOf(a.rule, a.step));
        // what the unmet expect: entries' advice claims too (an expect: takes findings first): not for this one to take
        const earlier = toldBy === undefined ? (claimed.size > 0 ? claimed : undefined) : new Set([...claimed, ...toldBy.keys()]);
        const elsewhere = related ? elsewhereOf(a, r.findings, refOf, taken, earlier, true) : undefined;
        // not findings of another severity: an entry written for warnings is never advised to take errors (break-208 F3)
        const takenBy = takersOf(uses.get(a), expectedBy, allowedBy);
        const claims = toldBy === undefined ? claimedBy : new Map([...claimedBy, ...toldBy]);
        const short = shortfall(a, uses.get(a), findings, taken, undefined, undefined, claims.size > 0 ? claims : undefined);
        const told = elsewhere?.related === true && elsewhere.severity === undefined;
        // what its own advice claims: findings of another severity at its step (write severity: …), or the findings
        // where its call is the one they conflict with (step: names the culprit call)
        if (Object.values(short.otherSeverities ?? {}).some((n) => (n ?? 0) > 0)) for (const i of uses.get(a)?.others ?? []) claim(i, a);
        if (told && elsewhere !== undefined) {
          for (const c of [elsewhere, ...(elsewhere.alsoAt ?? [])]) for (const i of freeAt.get(placeOf(a.rule, c.culprit)) ?? []) claim(i, a);
        }
        // (the shortfall itself when nothing is added: no copy of it for each unused entry of each variant)
        return takenBy.length === 0 && !told ? short : { ...short, ...(takenBy.length > 0 ? { takenBy } : {}), ...(told ? { elsewhere } : {}) };
      });
    for (const a of allow) if ((uses.get(a)?.taken.length ?? 0) >= a.count) allowsUsed.push(a);
  }
  const checked = r.findings.map((finding, i): CheckedFinding => {
    const key = keyList[i] ?? '';
    const byExpect = expectedBy.get(i);
    const byAllow = allowedBy.get(i);
    const inBaseline = options.baseline?.has(r, key, finding.severity);
    const state: FindingState = byExpect !== undefined ? 'expected' : byAllow !== undefined ? 'suppressed' : inBaseline === true ? 'baseline' : 'live';
    return { finding, key, state, expectedBy: byExpect, allowedBy: byAllow, inBaseline };
  });
  // the keys as a set only for a baseline to compare with
  const absent = options.baseline?.absent(r, new Set(keyList)) ?? [];
  return { result: { ...r, status: gatedStatus({ checked, unmet, unusedAllows }), checked, unmet, unusedAllows, allowsUsed }, absent };
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

/**
 * Values by where an entry is written (file → line → column): what tells the entries of one file apart across its
 * variants. Maps of numbers, not a text per place: a place is looked up for every entry of every variant (32,000
 * for 128 entries over 512 variants), and a text made for each had to be built and hashed. A number key is the
 * same key where its text was (SameValueZero: 0 and -0 alike, as `${-0}` is "0").
 */
type PlaceMap<V> = Map<string, Map<number, Map<number, V>>>;

function placeGet<V>(m: PlaceMap<V>, file: string, p: { readonly line: number; readonly col: number }): V | undefined {
  return m.get(file)?.get(p.line)?.get(p.col);
}

function placeSet<V>(m: PlaceMap<V>, file: string, p: { readonly line: number; readonly col: number }, value: V): void {
  let lines = m.get(file);
  if (lines === undefined) m.set(file, (lines = new Map()));
  let cols = lines.get(p.line);
  if (cols === undefined) lines.set(p.line, (cols = new Map()));
  cols.set(p.col, value);
}

/** How fileUnusedAllows reads and rebuilds one kind of result: gated results (run), or JSON ones (merge). */
export interface UnusedAllowView<R, U> {
  readonly file: (r: R) => string;
  readonly variant: (r: R) => string | undefined;
  /** the result's unused allow: entries, each with its line and column in the file */
  readonly unused: (r: R) => readonly U[];
  readonly used: (r: R) => readonly { readonly line: number; readonly col: number }[];
  readonly at: (u: U) => { readonly line: number; readonly col: number };
  /**
   * an entry of `unused(r)` as the copy of result `r` that the answer holds (run counts the variant it was
   * unused in); without it, the entry itself. Asked only of the copies the answer reads whole (merge's `own`):
   * made for every copy, the 128 entries of 512 variants made 65,000 copies that merging then dropped
   */
  readonly own?: (r: R, u: U) => U;
  /**
   * one entry's unused copies, two or more, in result order, as one (mergeUnusedAll); `own(i)` is copy i as
   * view.own makes it: what merge reads of a copy beyond its counts
   */
  readonly merge: (copies: readonly U[], own: (i: number) => U) => U;
  readonly with: (r: R, unused: U[]) => R;
}

/**
 * The unused `allow:` entries of a run, once per file (review 9, 4.4): an
 * entry of a matrix applies to several variants, and is unused only when no
 * variant of the run it applies to used it up (took `count` findings), as
 * ESLint reports an unused directive once. It is then reported at the first
 * of those variants, with the most findings it took in any of them
 * (`matched`, `occurred`) and how many variants it applied to (`variants`),
 * so that `merge` can join the once-per-shard reports of a sharded run
 * (each shard's variants add up). `expect:` entries stay per variant: each
 * variant must reproduce what its entries expect. Results without a variant
 * are left as they are. Pure; results in, results out in the same order.
 * Costs O(n log n) in the entries (each result's are sorted): `merge`
 * reads them from shard reports, whose size alone bounds how many.
 */
export function unusedOncePerFile<R, U>(results: readonly R[], view: UnusedAllowView<R, U>): R[] {
  const used: PlaceMap<true> = new Map();
  for (const r of results) if (view.variant(r) !== undefined) for (const p of view.used(r)) placeSet(used, view.file(r), p, true);
  // each entry's copies, merged once all are known: merged one at a time, the 128 entries of 512 variants made
  // 65,000 objects, each copying the entry (a sixth of a run of them)
  // (and the result of each copy, for view.own)
  const home: PlaceMap<{ at: number; copies: U[]; of: number[] }> = new Map();
  const homes: { at: number; copies: U[]; of: number[] }[] = [];
  const unused = results.map((r) => (view.variant(r) === undefined ? [] : view.unused(r)));
  results.forEach((r, at) => {
    const file = view.file(r);
    for (const u of unused[at] ?? []) {
      const place = view.at(u);
      if (placeGet(used, file, place) !== undefined) continue;
      const first = placeGet(home, file, place);
      if (first === undefined) {
        const made = { at, copies: [u], of: [at] };
        placeSet(home, file, place, made);
        homes.push(made);
      } else {
        first.copies.push(u);
        first.of.push(at);
      }
    }
  });
  const own = view.own;
  // pushed, not copied per entry: a shard report read by merge may hold any number of them (review 16a, 2.2)
  const byResult = new Map<number, U[]>();
  for (const { at, copies, of } of homes) {
    const ownAt = (i: number): U => {
      const u = copies[i] as U;
      return own === undefined ? u : own(results[of[i] ?? at] as R, u);
    };
    const entry = copies.length === 1 ? ownAt(0) : view.merge(copies, ownAt);
    const list = byResult.get(at);
    if (list === undefined) byResult.set(at, [entry]);
    else list.push(entry);
  }
  return results.map((r, i) => {
    if (view.variant(r) === undefined || unused[i]?.length === 0) return r;
    // in the order the entries are written
    const mine = (byResult.get(i) ?? []).sort((a, b) => view.at(a).line - view.at(b).line || view.at(a).col - view.at(b).col);
    return view.with(r, mine);
  });
}

/** What an unused entry says of how it fell short (UnusedAllow, and its JSON form). */
interface ShortCounts {
  readonly matched: number;
  readonly occurred: number;
  readonly otherSeverities?: Readonly<Partial<Record<Severity, number>>> | undefined;
  readonly variants?: number | undefined;
  /** run's copies only (JSON has no messages): the entries that took its findings first */
  readonly takenBy?: readonly Taker[] | undefined;
}

/**
 * One unused entry over several sets of variants (its copies, at least one, in result order): the first copy's
 * entry with the most it took and found in any (of each other severity too), the variants added up (one each
 * when not yet counted). The four fields last, in this order, as json.ts writes them, so that merge's JSON is
 * run's byte for byte. Made at once: merging two copies at a time made an object for each copy (65,000 for
 * the 128 entries of a 512-variant matrix, a sixth of that run).
 */
export function mergeUnusedAll<U extends ShortCounts>(copies: readonly U[]): U {
  const [first, ...rest] = copies;
  if (first === undefined) throw new Error('mergeUnusedAll: no copies');
  if (rest.length === 0) return first;
  const { matched: firstMatched, occurred: firstOccurred, otherSeverities, variants: firstVariants, takenBy: firstTakers, ...entry } = first;
  const others: Partial<Record<Severity, number>> = { ...otherSeverities };
  // the entries that took its findings in any variant, each with the most it took in one (as `occurred` is the most)
  const takers = new Map<string, Taker>();
  for (const c of copies) {
    for (const t of c.takenBy ?? []) {
      const key = `${t.list}:${t.pos.file ?? ''}:${t.pos.line}:${t.pos.col}`;
      const known = takers.get(key);
      if (known === undefined || known.count < t.count) takers.set(key, t);
    }
  }
  let matched = firstMatched;
  let occurred = firstOccurred;
  let variants = firstVariants ?? 1;
  for (const b of rest) {
    matched = Math.max(matched, b.matched);
    occurred = Math.max(occurred, b.occurred);
    variants += b.variants ?? 1;
    if (b.otherSeverities === undefined) continue;
    for (const s of SEVERITIES) {
      const n = b.otherSeverities[s];
      if (n !== undefined) others[s] = Math.max(others[s] ?? 0, n);
    }
  }
  const sorted = bySeverity(others);
  return {
    ...entry,
    matched,
    occurred,
    ...(otherSeverities !== undefined || Object.keys(sorted).length > 0 ? { otherSeverities: sorted } : {}),
    variants,
    ...(firstTakers !== undefined || takers.size > 0 ? { takenBy: [...takers.values()] } : {}),
    // U with these four fields replaced (TypeScript cannot see that a rest of U plus them is a U)
  } as unknown as U;
}

/**
 * The names of every variant of each file with a matrix, as loaded before any was picked (file.yaml[…],
 * --variant, --shard): what a run knows of the variants it did not replay. Without it (a run built in code)
 * the results hold every variant.
 */
export type FileVariants = ReadonlyMap<string, readonly string[]>;

/** Whether an entry applies to the variant `name`: it names no variant, or its selector picks that one. */
function appliesTo(e: Expectation, name: string): boolean {
  return e.variant === undefined || matcherOf(e.variant)(name, pairsOf(name));
}

/** Variant names read into pairs, each once: fileUnmet and fileUnusedAllows ask of every entry and name. Bounded: cleared when full. */
const PAIRS = new Map<string, readonly VariantPair[]>();

function pairsOf(name: string): readonly VariantPair[] {
  return keptUpTo(PAIRS, MATCHERS_KEPT, name, () => (parseVariantName(name) ?? []).map((p) => ({ key: p.key, value: oneOf(p.value) })));
}

/**
 * Axis values, one string for each text. Why: a compiled selector remembers its glob's answer per value
 * (compileSelector), and each name read makes its values new strings; a Map compares a key that is another
 * string of the same text whole, so 128 selectors over 512 variants of a 1,900-character value compared
 * 120 million characters. The same string compares at once. Bounded as PAIRS is.
 */
const VALUES = new Map<string, string>();

function oneOf(value: string): string {
  return keptUpTo(VALUES, MATCHERS_KEPT, value, () => value);
}

/** The results of each file's matrix variants, in result order (fileUnmet's and unusedUnion's `mates`). */
function variantsByFile(results: readonly GatedResult[]): Map<string, GatedResult[]> {
  const byFile = new Map<string, GatedResult[]>();
  for (const r of results) {
    if (r.variant === undefined) continue;
    const list = byFile.get(r.file);
    if (list === undefined) byFile.set(r.file, [r]);
    else list.push(r);
  }
  return byFile;
}

/**
 * The run's gated results with each matrix's unmet `expect:` entries told where the entry is met in other
 * variants of the run (Shortfall.inVariants): an entry without `variant:` is checked per variant, and a
 * variant without the finding was told the scenario "no longer reproduces it" and to drop the entry, which
 * the variant that has it needs (break-212 F1). Only what the run replayed is claimed: the variants it did
 * not replay are counted (`notRun`), never guessed. Pure; results in, results out in the same order.
 * @param all every variant of each file (FileVariants); without it the results hold every variant
 */
export function fileUnmet(results: readonly GatedResult[], all?: FileVariants): GatedResult[] {
  const byFile = variantsByFile(results);
  // answers that are the same in every variant of a file (keyed by its results, `mates`): made once per file,
  // not once per result (each looks at every variant's findings)
  const culpritAnswers = new WeakMap<readonly GatedResult[], Map<string, (culprit: CallRef) => OnlyIn | undefined>>();
  const keptAnswers = new WeakMap<readonly GatedResult[], Map<string, { readonly kept: ReturnType<typeof keptByVariants> }>>();
  const relatedAnswers = new WeakMap<readonly GatedResult[], Map<string, { readonly shared: Elsewhere | undefined }>>();
  const wideAnswers = new WeakMap<readonly GatedResult[], Map<string, { readonly wide: Elsewhere | undefined }>>();
  return results.map((r) => {
    const variant = r.variant;
    const mates = byFile.get(r.file);
    // one variant replayed of several (--variant, --shard) has no mates, but may have variants left out
    if (variant === undefined || mates === undefined || r.unmet.length === 0) return r;
    const names = all?.get(r.file);
    // the variant: selectors of the culprits of an entry's rule (and the severity its advice names)
    const onlyInOf = (u: Shortfall<Expectation>): Shortfall<Expectation> => {
      const severity = u.elsewhere?.severity ?? u.severity;
      return placesOnlyIn(u, cachedFor(culpritAnswers, mates, JSON.stringify([u.rule, severity ?? null]), () => culpritSelectors(u.rule, severity, mates, names)));
    };
    const unmet = r.unmet.map((u) => {
      // its place, made once: every answer below is kept by it (the copies e0 and e below keep u's place)
      const key = placeKey(u);
      // the severity edit that passes every variant wins over the per-variant grouping (break-251 F3)
      const severityOut = severityOutEverywhere(u, key, mates, names);
      if (severityOut !== undefined) return { ...u, severityOut };
      const e0 = u.elsewhere === undefined ? u : onlyInOf(u);
      const having = variantsHaving(e0, key, r, mates, names);
      if (having !== undefined) return { ...e0, inVariants: having };
      // the rule at other culprits, where the variants disagree on where or how many: the union, in every variant
      // (break-223 F2: each variant's "add an entry step: …" wrote its own count on every variant's selector)
      const { wide } = u.elsewhere === undefined || !u.elsewhere.related
        ? cachedFor(wideAnswers, mates, key, () => ({ wide: fileElsewhere(unmetAt(mates, key), mates, names, false) }))
        : { wide: undefined };
      const e = wide !== undefined ? { ...e0, elsewhere: wide } : e0;
      // the variants the run left out may have it: the advice to drop it or lower count: must say so
      const notRun = notRunOf(e, mates, names);
      const { kept } = cachedFor(keptAnswers, mates, key, () => ({ kept: keptByVariants(e, key, mates, names) }));
      if (kept !== undefined) return { ...e, keptByVariants: kept, ...(notRun > 0 ? { notRun } : {}) };
      // none here, where another variant has it with this step: as the call it conflicts with: that variant's advice
      // (break-219 F4: "no longer reproduces … drop the expect: entry" left the other's findings live)
      // (and a variant with fewer of those findings' culprits than another: the other's, which holds them all)
      const free = freeRelated(e);
      const { shared } = e.occurred === 0 || free
        ? cachedFor(relatedAnswers, mates, key, () => ({ shared: relatedElsewhere(unmetAt(mates, key), mates, onlyInOf, names) }))
        : { shared: undefined };
      const own = free && e.elsewhere !== undefined && shared !== undefined && shared.from === undefined && culpritsOf(e.elsewhere).length === culpritsOf(shared).length;
      const found = shared !== undefined && shared.variant !== variant && !own ? { ...e, elsewhere: shared } : e;
      return notRun > 0 ? { ...found, notRun } : found;
    });
    return { ...r, unmet };
  });
}

/**
 * For an entry's rule (and the severity its advice names), which variants of the run have free findings (no entry
 * took them) at a culprit: a selector of those, or their names when no selector does (OnlyIn), or undefined when all
 * or none have them. Each culprit's answer is worked out once.
 */
function culpritSelectors(
  rule: string, severity: Severity | undefined, mates: readonly GatedResult[], names: readonly string[] | undefined,
): (culprit: CallRef) => OnlyIn | undefined {
  const ran = mates.filter((m) => m.variant !== undefined);
  const unrun = unreplayed(mates, names);
  // each variant's culprits of free findings of the rule, as "name#occurrence"
  const culprits = ran.map((m) => {
    const refOf = stepCallRefs(m.steps);
    const at = new Set<string>();
    for (const c of m.checked) {
      if (c.finding.rule !== rule || (c.state !== 'live' && c.state !== 'baseline') || (severity !== undefined && c.finding.severity !== severity)) continue;
      const ref = refOf(c.finding.step);
      at.add(`${ref.name}#${ref.occurrence}`);
    }
    return at;
  });
  const answer = (key: string): OnlyIn | undefined => {
    const have = ran.filter((_, i) => culprits[i]?.has(key) === true).map((m) => m.variant ?? '');
    if (have.length === 0 || (have.length === ran.length && unrun.length === 0)) return undefined;
    // never the variants the run did not replay: nothing is known of their findings (break-223 F5: "memory=*GiB" of a
    // --variant hypervisor=vmi run claimed the bug in the none and xen GiB variants)
    const avoid = [...ran.filter((_, i) => culprits[i]?.has(key) !== true).map((m) => m.variant ?? ''), ...unrun];
    // one selector, or an entry each for a cover (break-219 F5: three full names "and the same for the 3 other variants")
    const { selectors, left } = selectorsPicking(have, avoid, names ?? []);
    return { selectors, more: left.length };
  };
  // at most one answer per culprit of the rule
  const answers = new Map<string, OnlyIn | undefined>();
  return (culprit) => {
    const key = `${culprit.name}#${culprit.occurrence}`;
    if (!answers.has(key)) answers.set(key, answer(key));
    return answers.get(key);
  };
}

/** Whether the entry's rule occurred, free (no entry took it), with the entry's step: as the call it conflicts with. */
function freeRelated(e: Shortfall<Expectation>): boolean {
  return e.elsewhere?.related === true && e.elsewhere.taken !== true;
}

/**
 * fileUnmet for an entry whose findings, in the variants that have them free, name its step: as the call they
 * conflict with: the Elsewhere of the variant of the run (`mates`) whose culprits hold every other such variant's,
 * each with as many findings, with the selectors of their culprits (`onlyInOf`) and that variant's name. Every
 * variant of the entry then gives that one edit (break-219 F4: a variant without them said "the scenario no longer
 * reproduces them … drop the expect: entry"; and a variant with fewer culprits than another gave an edit that
 * left the other's findings at its further culprit live). Undefined when no variant has such findings, or when
 * none holds all the others' culprits (each variant then gives its own).
 */
function relatedElsewhere(
  column: PlaceColumn<Shortfall<Expectation>>, mates: readonly GatedResult[], onlyInOf: (u: Shortfall<Expectation>) => Shortfall<Expectation>,
  names: readonly string[] | undefined,
): Elsewhere | undefined {
  const having: { variant: string; u: Shortfall<Expectation> }[] = [];
  mates.forEach((m, i) => {
    const u = column[i];
    if (m.variant !== undefined && u !== undefined && freeRelated(u)) having.push({ variant: m.variant, u });
  });
  const places = (u: Shortfall<Expectation>): Map<string, number> => {
    const w = u.elsewhere;
    const all = w === undefined ? [] : [{ culprit: w.culprit, count: w.count }, ...(w.alsoAt ?? [])];
    return new Map(all.map((c) => [JSON.stringify([c.culprit.name, c.culprit.occurrence]), c.count]));
  };
  const sets = having.map((h) => places(h.u));
  const covering = having.findIndex((_, i) => sets.every((other) => [...other].every(([c, n]) => sets[i]?.get(c) === n)));
  const best = having[covering];
  // none holds the others': the union of their culprits, each with the selector of the variants that have it (break-223 F1:
  // each gave its own edit, and those without findings "drop the expect: entry", each leaving another's findings live)
  if (best === undefined) return fileElsewhere(column, mates, names, true);
  const w = onlyInOf(best.u).elsewhere;
  return w === undefined ? undefined : { ...w, variant: best.variant };
}

/**
 * fileUnmet for an entry (each variant's copy in `column`, by its index in `mates`): the places of its rule at other culprits (Elsewhere, `related` or not) over every variant
 * of the run (`mates`) it is unmet in, as one edit: the union of their culprits, a place for each culprit and number
 * of findings, with the selector of the variants that have that many there (none when all variants of the run do).
 * Undefined when no variant has such places, or, for places not related, when every variant the entry is unmet in
 * (without related places) has the same ones (each variant's own is then that edit).
 */
function fileElsewhere(
  column: PlaceColumn<Shortfall<Expectation>>, mates: readonly GatedResult[], names: readonly string[] | undefined, related: boolean,
): Elsewhere | undefined {
  const everyName: string[] = [];
  const unrun = unreplayed(mates, names);
  const having: { variant: string; w: Elsewhere }[] = [];
  const signatures = new Set<string>();
  for (let i = 0; i < mates.length; i++) {
    const m = mates[i];
    if (m === undefined || m.variant === undefined) continue;
    everyName.push(m.variant);
    const u = column[i];
    if (u === undefined) continue;
    const w = u.elsewhere;
    if (w !== undefined && w.related !== related) continue;
    const usable = w !== undefined && (!related || w.taken !== true) ? w : undefined;
    const places = usable === undefined ? [] : [usable, ...(usable.alsoAt ?? [])].filter((c) => c.count > 0);
    signatures.add(placesSignature(places));
    if (usable !== undefined && places.length > 0) having.push({ variant: m.variant ?? '', w: usable });
  }
  const [head] = having;
  if (head === undefined || (!related && signatures.size < 2)) return undefined;
  // culprit -> its step and, by number of findings, the variants that have that many there
  const byCulprit = new Map<string, { culprit: CallRef; index: number; byCount: Map<number, string[]> }>();
  for (const h of having) {
    for (const c of [h.w, ...(h.w.alsoAt ?? [])]) {
      if (c.count <= 0) continue;
      const k = JSON.stringify([c.culprit.name, c.culprit.occurrence]);
      let p = byCulprit.get(k);
      if (p === undefined) {
        p = { culprit: c.culprit, index: c.index, byCount: new Map() };
        byCulprit.set(k, p);
      }
      const list = p.byCount.get(c.count);
      if (list === undefined) p.byCount.set(c.count, [h.variant]);
      else list.push(h.variant);
    }
  }
  const places: ElsewherePlace[] = [];
  for (const p of [...byCulprit.values()].sort((a, b) => a.index - b.index)) {
    for (const [count, pick] of [...p.byCount].sort((a, b) => b[0] - a[0])) {
      if (pick.length === everyName.length && unrun.length === 0) {
        places.push({ culprit: p.culprit, index: p.index, count });
        continue;
      }
      const avoid = [...everyName.filter((n) => !pick.includes(n)), ...unrun];
      const { selectors, left } = searched(mates, pick, () => selectorsPicking(pick, avoid, names ?? []));
      places.push({ culprit: p.culprit, index: p.index, count, onlyIn: { selectors, more: left.length } });
    }
  }
  const [first, ...rest] = places;
  if (first === undefined) return undefined;
  const severity = head.w.severity;
  return {
    ...first, related, ...(severity !== undefined ? { severity } : {}), ...(rest.length > 0 ? { alsoAt: rest } : {}),
    from: having.map((h) => h.variant),
  };
}

/**
 * fileElsewhere's text for a variant's places (culprit and count), the same for the same places in any order and
 * another for any others: each place is its culprit's name prefixed by its length (any name, one reading), its
 * occurrence and count, and several are sorted. Why: asked of every variant for every unmet entry, a JSON array of
 * arrays, sorted, was most of fileElsewhere's time (matrix-unmet-expect); no place or one makes no array.
 */
function placesSignature(places: readonly ElsewherePlace[]): string {
  if (places.length === 0) return '';
  const one = (c: ElsewherePlace): string => `${c.culprit.name.length}:${c.culprit.name}#${c.culprit.occurrence}*${c.count};`;
  const [first] = places;
  if (places.length === 1 && first !== undefined) return one(first);
  return places.map(one).sort().join('');
}

/** The culprits of an Elsewhere, its first and its further ones. */
function culpritsOf(w: Elsewhere): CallRef[] {
  return [w.culprit, ...(w.alsoAt ?? []).map((c) => c.culprit)];
}

/**
 * fileUnmet for the culprits an unmet entry `e` is told to add entries for (Elsewhere): each that only some
 * variants of the run have findings at gets a selector of those (ElsewherePlace.onlyIn, from culpritSelectors), so
 * an entry added as told is not unmet in the others (break-215 F10: "add an entry step: acpi_boot_table_init" in
 * the 4GiB variants of a memory axis).
 */
function placesOnlyIn(e: Shortfall<Expectation>, onlyIn: (culprit: CallRef) => OnlyIn | undefined): Shortfall<Expectation> {
  const w = e.elsewhere;
  if (w === undefined) return e;
  const first = onlyIn(w.culprit);
  const alsoAt = w.alsoAt?.map((c) => {
    const sel = onlyIn(c.culprit);
    return sel === undefined ? c : { ...c, onlyIn: sel };
  });
  return { ...e, elsewhere: { ...w, ...(first !== undefined ? { onlyIn: first } : {}), ...(alsoAt !== undefined ? { alsoAt } : {}) } };
}

/**
 * fileUnmet for an entry unmet in every variant of the run it applies to, where they took different numbers of
 * findings (all of them, none met): each number and a selector of the variants that took it, or undefined when the
 * numbers are the same (one "lower count:" fits all) or a group has no selector. A run that left out variants of the
 * file (--variant, --shard) groups those it replayed, so that they are told one edit (break-219 F9: each its own
 * "lower count:"); the advice says the others are unknown (Shortfall.notRun).
 */
function keptByVariants(
  e: Shortfall<Expectation>, key: string, mates: readonly GatedResult[], names: readonly string[] | undefined,
): { count: number; selector: string }[] | undefined {
  const column = unmetAt(mates, key);
  const took = new Map<number, string[]>();
  for (let i = 0; i < mates.length; i++) {
    const m = mates[i];
    if (m === undefined || m.variant === undefined || !appliesTo(e, m.variant)) continue;
    const short = column[i];
    if (short === undefined) return undefined;
    const list = took.get(short.matched);
    if (list === undefined) took.set(short.matched, [m.variant ?? '']);
    else list.push(m.variant ?? '');
  }
  if (took.size < 2) return undefined;
  const everyName = mates.map((m) => m.variant ?? '');
  const groups: { count: number; selector: string }[] = [];
  for (const [count, group] of [...took].sort((a, b) => b[0] - a[0])) {
    if (count === 0) continue;
    // several selectors for one count: an entry each, with that count
    // never the variants the run did not replay: what they took is not known (break-225 F2: "memory=*GiB" of a
    // --variant run picked the debug_rodata=true variants it never replayed, which took another number)
    const { selectors, left } = selectorsPicking(group, [...everyName.filter((n) => !group.includes(n)), ...unreplayed(mates, names)], names ?? []);
    if (left.length > 0) return undefined;
    for (const selector of selectors) groups.push({ count, selector });
  }
  return groups.length > 0 ? groups : undefined;
}

/** unreplayed's answer per file's results: asked for every entry, culprit and count group of every variant. */
const UNREPLAYED = new WeakMap<readonly GatedResult[], Map<string, readonly string[]>>();

/** The variants of a file (`names`, the same for one file's results) the run did not replay: not among its results `mates`. */
function unreplayed(mates: readonly GatedResult[], names: readonly string[] | undefined): readonly string[] {
  if (names === undefined) return [];
  return cachedFor(UNREPLAYED, mates, '', () => {
    const ran = new Set(mates.map((m) => m.variant));
    return names.filter((n) => !ran.has(n));
  });
}

/** How many of `names` (a file's variants) entry `e` applies to that are not among the run's results `mates`. */
function notRunOf(e: Expectation, mates: readonly GatedResult[], names: readonly string[] | undefined): number {
  if (names === undefined) return 0;
  // the same for every entry with that selector: asked for every unmet entry of every variant
  return cachedFor(NOT_RUN, mates, e.variant, () => unreplayed(mates, names).filter((n) => appliesTo(e, n)).length);
}

/** notRunOf's answer per file's results and `variant:` selector (undefined: none). */
const NOT_RUN = new WeakMap<readonly GatedResult[], Map<string | undefined, number>>();

/**
 * The selector searches of one file's results (`mates`), by the variants to pick: the variants to avoid are always
 * the rest of the file's (the run's others and those it did not replay), and variantsHaving asks the same of each
 * variant an entry is unmet in.
 */
const SEARCHES = new WeakMap<readonly GatedResult[], Map<string, Picking>>();

function searched(mates: readonly GatedResult[], pick: readonly string[], search: () => Picking): Picking {
  return cachedFor(SEARCHES, mates, JSON.stringify(pick), search);
}

/**
 * Whether leaving out the `severity:` of unmet entry `e` makes it met in every variant of its file it applies to:
 * it has `severity:`, findings of another severity are here, every such variant was replayed, and in each one that
 * does not meet it the findings it took and those of another severity no other expect: took make `count:`
 * (break-251 F3: `severity: warning, count: 2` over variants with errors was told `variant:` restrictions only,
 * which left those errors live). A variant that meets it takes `count:` still, the least severe first.
 */
function severityOutEverywhere(
  e: Shortfall<Expectation>, key: string, mates: readonly GatedResult[], names: readonly string[] | undefined,
): { readonly write: readonly Severity[] } | undefined {
  const severity = e.severity;
  if (severity === undefined || otherCount(e) === 0) return undefined;
  // the rest reads only the entry (its place, severity:, count: and variant:) and every variant's copy of it: the
  // same answer for each variant it is unmet in, worked out once per file
  return cachedFor(SEVERITY_OUT, mates, key, () => ({ out: severityOutOf(e, severity, unmetAt(mates, key), mates, names) })).out;
}

/** severityOutEverywhere's answer per file's results and entry place. */
const SEVERITY_OUT = new WeakMap<readonly GatedResult[], Map<string, { readonly out: { readonly write: readonly Severity[] } | undefined }>>();

/** severityOutEverywhere past the checks of the variant's own copy `e` (whose `severity:` is `severity`; every variant's copy in `column`). */
function severityOutOf(
  e: Shortfall<Expectation>, severity: Severity, column: PlaceColumn<Shortfall<Expectation>>, mates: readonly GatedResult[], names: readonly string[] | undefined,
): { readonly write: readonly Severity[] } | undefined {
  if (notRunOf(e, mates, names) > 0) return undefined;
  let write: readonly Severity[] = SEVERITIES.filter((s) => s !== severity);
  for (let i = 0; i < mates.length; i++) {
    const m = mates[i];
    if (m === undefined || m.variant === undefined || !appliesTo(e, m.variant)) continue;
    const u = column[i];
    // met there: its count: of its own severity, which another severity: would not take
    if (u === undefined) {
      write = [];
      continue;
    }
    if (u.matched + otherCount(u) < u.count) return undefined;
    write = write.filter((s) => (u.otherSeverities[s] ?? 0) >= u.count);
  }
  return { write };
}

function otherCount(e: Shortfall<Expectation>): number {
  return Object.values(e.otherSeverities).reduce((n, k) => n + k, 0);
}

/**
 * fileUnmet for one unmet entry `e` of `r` (at place `key`): the variants of `mates` (r's file's results) where it is
 * met, or undefined.
 */
function variantsHaving(
  e: Shortfall<Expectation>, key: string, r: GatedResult, mates: readonly GatedResult[], names: readonly string[] | undefined,
): VariantsHaving | undefined {
  // the same for every variant the entry is unmet in, but for whether the variant itself took some of its findings
  // (e.occurred) and which group of `owns` it is in: worked out once per file, entry and e.occurred === 0
  const { having } = cachedFor(e.occurred === 0 ? HAVING_NONE : HAVING_SOME, mates, key, () => ({ having: havingOf(e, key, mates, names) }));
  if (having === undefined) return undefined;
  // owns keeps its place among the keys (a spread key given again keeps its position)
  return { ...having, owns: having.owns.map(({ group, ...own }) => ({ ...own, mine: group.has(r) })) };
}

/**
 * variantsHaving's answer per file's results and entry place, for an asking variant whose copy did not occur at all
 * (HAVING_NONE) and for one whose did (HAVING_SOME): two maps, not a key made of both per variant and entry.
 */
const HAVING_NONE = new WeakMap<readonly GatedResult[], Map<string, { readonly having: ReturnType<typeof havingOf> }>>();
const HAVING_SOME = new WeakMap<readonly GatedResult[], Map<string, { readonly having: ReturnType<typeof havingOf> }>>();

/**
 * variantsHaving for any variant the entry (`e`, at place `key`) is unmet in, with e.occurred as that variant's:
 * `owns` with each group's variants (`group`) in place of whether the variant is among them. The variant itself is
 * never among those `having` (it does not meet the entry, and when it took none of its findings, none occurred).
 */
function havingOf(
  e: Shortfall<Expectation>, key: string, mates: readonly GatedResult[], names: readonly string[] | undefined,
): (Omit<VariantsHaving, 'owns'> & { readonly owns: readonly { readonly count: number; readonly selector: string; readonly variants: number; readonly group: ReadonlySet<GatedResult> }[] }) | undefined {
  const column = unmetAt(mates, key);
  // each variant the entry applies to, with its copy there (undefined: met there)
  const applying: { readonly m: GatedResult; readonly u: Shortfall<Expectation> | undefined }[] = [];
  mates.forEach((m, i) => {
    if (m.variant !== undefined && appliesTo(e, m.variant)) applying.push({ m, u: column[i] });
  });
  const met = applying.filter((a) => a.u === undefined);
  // none met: the variants where its rule occurs at its step, for one that has none of it here (one with some
  // is told to lower count:, and the others' partial findings are theirs)
  const having = met.length > 0 ? met : e.occurred === 0 ? applying.filter((a) => (a.u?.occurred ?? 0) > 0) : [];
  if (having.length === 0) return undefined;
  const picked = new Set(having.map((a) => a.m));
  const pick = having.map((a) => a.m.variant ?? '');
  // every other variant of the run, not only those the entry's selector applies to: the new selector replaces the
  // old one, so one that picked a variant the old one left out was advised back and forth (break-215 F2)
  // nor any the run did not replay: nothing is known of them (break-225 F2, F3)
  const avoid = [...mates.filter((m) => m.variant !== undefined && !picked.has(m)).map((m) => m.variant ?? ''), ...unreplayed(mates, names)];
  const notRun = notRunOf(e, mates, names);
  // one selector, else an entry each (break-218 N3: "give the entry a variant: that picks those variants" gave nothing to copy)
  const { selectors, left } = searched(mates, pick, () => selectorsPicking(pick, avoid, names ?? []));
  const [selector] = selectors;
  const cover = left.length === 0 && selectors.length > 1 ? selectors : undefined;
  // the entries of their own, for the variants that do not meet it and took some findings: every group of them, in
  // every variant (break-223 F3: a variant that took none, or another number, named only its own group or none), a
  // cover where no one selector picks a group (break-223 F4: the variant's full name, another in each variant)
  const owns: { count: number; selector: string; variants: number; group: ReadonlySet<GatedResult> }[] = [];
  if (met.length > 0) {
    const took = new Map<number, GatedResult[]>();
    for (const { m, u } of applying) {
      const n = picked.has(m) ? 0 : u?.matched ?? 0;
      if (n === 0) continue;
      const list = took.get(n);
      if (list === undefined) took.set(n, [m]);
      else list.push(m);
    }
    for (const [count, group] of [...took].sort((a, b) => b[0] - a[0])) {
      const groupNames = group.map((m) => m.variant ?? '');
      const members = new Set(group);
      // and none the run did not replay (break-225 F3: `debug_rodata=false` of a --variant memory=1GiB run picked the
      // 512MiB variants, which took none)
      const others = [...mates.filter((m) => m.variant !== undefined && !members.has(m)).map((m) => m.variant ?? ''), ...unreplayed(mates, names)];
      const found = searched(mates, groupNames, () => selectorsPicking(groupNames, others, names ?? []));
      // a name no selector picks apart from the others: its own name, said as before
      for (const selector of [...found.selectors, ...found.left]) owns.push({ count, selector, variants: group.length, group: members });
    }
  }
  // met nowhere: what those variants took, when they all took the same number (below the count)
  const takes = met.length > 0 ? [] : [...new Set(having.map((a) => a.u?.matched ?? 0))];
  const took = takes.length === 1 && (takes[0] ?? 0) > 0 ? takes[0] : undefined;
  return {
    names: pick, met: met.length > 0, ...(selector !== undefined && selectors.length === 1 && left.length === 0 ? { selector } : {}),
    ...(cover !== undefined ? { cover } : {}), notRun, owns, ...(took !== undefined ? { took } : {}),
  };
}

/**
 * unusedOncePerFile over gated results: what `run` reports. With `all`, an entry unused in the variants the
 * run replayed, of more that it applies to, says so (UnusedAllow.ofVariants), so that no "remove it" is
 * said of an entry another variant may use (break-212 F7).
 */
export function fileUnusedAllows(results: readonly GatedResult[], all?: FileVariants): GatedResult[] {
  const once = unusedUnion(results, fileUnusedOnce(results), all);
  if (all === undefined) return once;
  // how many of a file's variants each selector picks, counted once per file and selector, not once per result
  const counted = new WeakMap<readonly string[], Map<string | undefined, number>>();
  const countOf = (names: readonly string[], a: Expectation): number => cachedFor(counted, names, a.variant, () => names.filter((name) => appliesTo(a, name)).length);
  return once.map((r) => {
    const names = all.get(r.file);
    if (r.variant === undefined || names === undefined || r.unusedAllows.length === 0) return r;
    const unusedAllows = r.unusedAllows.map((a) => {
      const of = countOf(names, a);
      return a.variants !== undefined && of > a.variants ? { ...a, ofVariants: of } : a;
    });
    return { ...r, unusedAllows };
  });
}

/**
 * fileUnusedAllows for an unused entry whose rule occurred, free, with its step: as the call it conflicts with, in
 * several variants of the run (`results`, before unusedOncePerFile): the union of their culprits, each with the
 * selector of the variants that have it with that count (none when every variant of the run does), as fileUnmet
 * gives an unmet expect: (fileElsewhere). Said once per file, at its first variant (`once`), the first variant's
 * culprits alone left the others' live (break-242 N2: acpi_boot_table_init of the 4GiB variants of a memory axis).
 */
function unusedUnion(results: readonly GatedResult[], once: GatedResult[], all: FileVariants | undefined): GatedResult[] {
  const byFile = variantsByFile(results);
  return once.map((r) => {
    const mates = byFile.get(r.file);
    if (r.variant === undefined || mates === undefined || mates.length < 2 || !r.unusedAllows.some((a) => a.matched === 0 && freeRelated(a))) return r;
    const unusedAllows = r.unusedAllows.map((a) => {
      if (a.matched !== 0 || !freeRelated(a)) return a;
      const wide = fileElsewhere(unusedAt(mates, placeKey(a)), mates, all?.get(r.file), true);
      return wide === undefined ? a : { ...a, elsewhere: wide };
    });
    return { ...r, unusedAllows };
  });
}

/** unusedOncePerFile over gated results, over the variants the run replayed. */
function fileUnusedOnce(results: readonly GatedResult[]): GatedResult[] {
  return unusedOncePerFile<GatedResult, UnusedAllow>(results, {
    file: (r) => r.file,
    variant: (r) => r.variant,
    unused: (r) => r.unusedAllows,
    // a matrix variant's entry counts its variant (the one it was unused in) before any merging
    // (and the variant its related findings are in: break-208 F2)
    own: (r, a) => {
      const variant = r.variant;
      return variant === undefined || a.variants !== undefined
        ? a
        : { ...a, variants: 1, ...(a.elsewhere !== undefined ? { elsewhere: { ...a.elsewhere, variant } } : {}) };
    },
    used: (r) => r.allowsUsed.map((a) => a.pos),
    at: (a) => a.pos,
    // where the findings are, from any variant that has them, whatever the order of the axis values (break-208 F2:
    // a first variant without them brought back "remove it", which would leave the others' errors live)
    // (the first copy that has them: what merging them one at a time gave)
    // The copies after the first are merged as gated, not owned: mergeUnusedAll reads their counts alone, and
    // counts a copy without `variants` as one variant, as owning it would write.
    merge: (copies, own) => {
      const [, ...rest] = copies;
      const merged = mergeUnusedAll([own(0), ...rest]);
      if (merged.elsewhere !== undefined) return merged;
      const having = copies.findIndex((a) => a.elsewhere !== undefined);
      const elsewhere = having < 0 ? undefined : own(having).elsewhere;
      return elsewhere !== undefined ? { ...merged, elsewhere } : merged;
    },
    with: (r, unusedAllows) => ({ ...r, unusedAllows }),
  });
}
