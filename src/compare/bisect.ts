/**
 * `bootreplay bisect GOOD BAD`: which of the differences between two
 * scenarios makes a finding of BAD appear? Both sides are written as plain
 * scenario data (scenario-data.ts: whatever file, variant or revision they
 * came from), the edit script from GOOD to BAD (edit-script.ts: order
 * moves/inserts/removes/replaces, kernel, config and machine keys, changed
 * definitions) is minimized by delta debugging (ddmin.ts): each subset is
 * applied to GOOD, loaded and replayed, and it fails when the finding is
 * there at BAD's severity or worse, whatever other findings the intermediate
 * has: paired with BAD's finding as `diff` pairs findings (findings.ts
 * pairFindings: by key, then a finding about a leaf or an entry at another
 * address, which an edit of the layout moves, counts as the same one). GOOD
 * lacks the finding in the same sense, or has it less severe (a warning that
 * became an error in BAD: diff's regression, and the question which edit made
 * it an error). An intermediate the loader
 * rejects (a call its kernel does not have), or whose replay stops before
 * setup_arch() so that it cannot be judged, is unresolved, like
 * `git bisect skip`. The result is 1-minimal: without any one of its edits
 * the finding goes or the intermediate is unresolved. An edit of it is a
 * culprit when leaving it out makes the finding go. When leaving it out
 * gives an unresolved intermediate, an order edit is there only to make the
 * intermediates loadable (remove a call the new kernel lacks) and is
 * reported apart, unless it moves or inserts a call the finding names; a
 * kernel, config, machine or define: edit is a culprit marked inseparable
 * (a kernel change that the minimal set's new calls need: no loadable
 * intermediate tells the two apart). Culprit order edits are
 * named by where the call lands in the intermediate (the anchor in BAD may
 * not be there); input edits read as `diff` shows inputs (effective values).
 * Like ktest's config bisect, over a boot order. Pure: the caller loads the
 * scenarios and supplies the loader.
 */
import { quoted } from '../scenario/quote.js';
import { didYouMean } from '../scenario/suggest.js';
import { replayWith } from '../replay/replay.js';
import { findingKeys } from '../rules/identity.js';
import { check, verdicts } from '../rules/index.js';
import type { Finding, Severity, Verdict } from '../rules/types.js';
import { callOfRaw, applySubset, editScript, type RawStep, type ScenarioEdit } from './edit-script.js';
import { indexOfRef, refAt, type OrderEdit } from '../scenario/order-edit.js';
import { ddmin, type Outcome } from './ddmin.js';
import { aSeverity, pairFindings, severityRose } from './findings.js';
import { checkBudget, MAX_PLANNED_EVENTS } from './judge.js';
import { displayName } from '../scenario/types.js';
import { inputChange, pairData, type InputChangeText, type Loaded } from './scenario-data.js';

/** A loaded side: the validated scenario and its plug-in. */
export type Side = Loaded;

/**
 * Loads scenario data (the real loader): the scenario, null when it is rejected, and the characters of YAML
 * the loader read for it (what loading cost: the loader is linear in them).
 */
export type Loader = (data: Readonly<Record<string, unknown>>, label: string) => { readonly loaded: Loaded | null; readonly chars: number };

/**
 * Characters of YAML the loader reads in the time a replay makes one trace event or finding, for charging an
 * intermediate's load against the work limit: an arm64 intermediate with 2,041 RAM banks is 80 KB that load in
 * about 80 ms, while its replay and rules make 15,700 events and findings in about 58 ms (measured here, the
 * warm loader and replay of break-209 F1's hc.yaml); the load was most of what 392 intermediates cost.
 */
const CHARS_PER_EVENT = 4;

/** What the user can do when bisect's plan or its work is over the limit (a refusal, or a search stopped there). */
export const BISECT_CLOSER = 'bisect two scenarios closer together (an intermediate version as GOOD or BAD)';

export interface BisectReport {
  /** the edits GOOD → BAD: order, kernel, config, machine and define: (names, descriptions, expect: and allow: are no edits) */
  readonly script: readonly ScenarioEdit[];
  /** per edit of the script: for an input edit, its key and values as `diff` shows them (effective values); undefined for order edits */
  readonly inputs: readonly (InputChangeText | undefined)[];
  /** the finding of BAD, as BAD reports it */
  readonly finding: Finding;
  readonly key: string;
  /**
   * the finding's severity in GOOD when GOOD has it less severe (a warning that became an error: what `diff`
   * counts as a regression); the culprits are then the edits that make it as severe in GOOD as in BAD
   */
  readonly severityInGood?: Severity | undefined;
  /**
   * the finding's subject in GOOD + the minimal set, when it is another than
   * in BAD (the same rule and calls about a leaf or an entry at another
   * address: the edits left out move the layout, not the finding)
   */
  readonly movedTo?: string | undefined;
  /** BAD's file as the user named it (the finding's position may be in a base it extends: Pos.file) */
  readonly badFile: string;
  /** BAD's variant of a matrix file (`cmdline="",memory=1GiB`), undefined for a file without one */
  readonly badVariant?: string | undefined;
  /** indices into script: leaving one out of the minimal set makes the finding go (or see `inseparable`) */
  readonly culprits: readonly number[];
  /**
   * culprits without which every intermediate is rejected or cannot be
   * judged (a kernel change the minimal set's new calls need): necessary,
   * but no loadable intermediate tells whether the finding needs them or only the calls
   */
  readonly inseparable: ReadonlySet<number>;
  /** indices into script: in the minimal set only because without them the intermediates are rejected or cannot be judged */
  readonly enabling: readonly number[];
  /**
   * culprit order edits (a stopped search's: those of `stopped.appearsWith`) as they apply to the intermediate
   * (where the call lands there), when that differs from the script's anchor in BAD
   */
  readonly anchored: ReadonlyMap<number, OrderEdit>;
  readonly replays: number;
  /** intermediates skipped: the loader rejects them */
  readonly unloadable: number;
  /** intermediates skipped: their replay stops before setup_arch() (an unsupported machine), and the finding is not there */
  readonly unjudged: number;
  readonly unresolved: number;
  /** distinct subsets tried (replayed or unresolved) */
  readonly tests: number;
  /**
   * the search stopped at the limit of its work before the set was minimal:
   * `culprits`, `enabling` and `inseparable` are then empty, and `appearsWith`
   * is the smallest set found, with which the finding appears in GOOD
   */
  readonly stopped?: StoppedSearch | undefined;
}

/** Where a bisect stopped at the limit of its work (BisectReport.stopped). */
export interface StoppedSearch {
  /** indices into script, in script order: GOOD with these edits has the finding (not 1-minimal) */
  readonly appearsWith: readonly number[];
  /** the work the intermediates cost: trace events and findings of their replays, and their loads (CHARS_PER_EVENT) */
  readonly events: number;
  /** the limit they reached (MAX_PLANNED_EVENTS unless a caller gave another) */
  readonly limit: number;
}

export class BisectError extends Error {}

/** There is nothing to bisect (BAD has no finding GOOD lacks): an answer, not a usage error. */
export class NothingToBisect extends Error {}

/** "rule (culprit, related…)" for a finding key "rule|culprit|related…". */
export function keyText(key: string): string {
  const [rule = '', ...calls] = key.split('|');
  return calls.length > 0 ? `${rule} (${calls.join(', ')})` : rule;
}

/**
 * `text` as one word of a POSIX shell command line to copy: itself when it has only characters no shell treats
 * specially (a rule and calls: `fixmap-before-relocation:dmi_scan_machine`), else in single quotes (a key's
 * `|`, an address part's spaces and parentheses), a `'` in it written `'\''`.
 */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./#-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * Why `--finding SPEC` is of no form that names a finding, or undefined: an
 * empty RULE or CALL part (a script's `--finding "$RULE:$CALL"` with CALL
 * unset) matched nothing, and was said as "BAD has no such finding" next to
 * the very finding it meant (break-206 F10). No finding's key has an empty
 * part. The did-you-mean is the spec without its empty parts.
 */
export function findingSpecProblem(spec: string): string | undefined {
  const sep = spec.includes('|') ? '|' : ':';
  const parts = spec.split(sep);
  // a part of spaces is as empty (`--finding "$RULE: $CALL"` with CALL unset: break-208 F8)
  const blank = (p: string): boolean => p.trim() === '';
  const empty = parts.findIndex(blank);
  if (empty < 0) return undefined;
  const what = blank(spec) ? 'empty' : empty === 0 ? 'its RULE part is empty' : `the CALL part after ${parts.slice(0, empty).join(sep)}${sep} is empty`;
  const form = sep === '|' ? "a finding's key, RULE|CALL|…" : 'RULE, or RULE:CALL:… with some of its calls';
  const kept = parts.filter((p) => !blank(p)).map((p) => p.trim()).join(sep);
  // quoted: `--finding : empty` and `--finding RULE:: …` read as misprints
  return `--finding ${quoted(spec)}: ${what}: expected ${form}, no part empty${!blank(parts[0] ?? '') && kept !== '' ? ` (did you mean ${kept}?)` : ''}`;
}

/** The finding bisect takes, and what it needs to judge intermediates by (pickFinding). */
export interface PickedFinding {
  readonly finding: Finding;
  readonly key: string;
  /** BAD's findings, to pair an intermediate's with */
  readonly bad: readonly Finding[];
  /** the finding's index among them */
  readonly index: number;
  /** GOOD's severity of it, when GOOD has it less severe (BisectReport.severityInGood) */
  readonly severityInGood?: Severity | undefined;
}

/**
 * The finding to bisect: `spec` ("rule", "rule:call[:call…]": the finding's
 * rule and some of its calls, in any order; or a full key "rule|culprit|…"),
 * else the first error BAD has and GOOD lacks or has less severe, else the
 * first such finding. A finding GOOD has less severe (a warning that became
 * an error) is one to bisect, as `diff` counts it a regression (findings.ts
 * severityRose); one GOOD has as severe is not.
 *
 * @throws BisectError when `spec` has an empty part, matches no finding of BAD, or several to bisect (a usage error)
 * @throws NothingToBisect when BAD has no finding to bisect
 * @returns the finding, its key, and BAD's findings with its index among them (to pair intermediates with)
 */
export function pickFinding(good: Side, bad: Side, spec?: string): PickedFinding {
  const goodTrace = replayWith(good.plugin, good.scenario);
  const goodVerdicts = verdicts(goodTrace, good.plugin);
  const badTrace = replayWith(bad.plugin, bad.scenario);
  const badFindings = check(badTrace, bad.plugin);
  const badKeys = findingKeys(badFindings);
  // what GOOD has too, as diff pairs findings (by key, or about a leaf at another address), with GOOD's severity
  const pairing = pairFindings(goodVerdicts, badFindings);
  const inGood = new Map(pairing.pairs.map(([i, j]) => [j, goodVerdicts[i]?.severity ?? 'info'] as const));
  const found = badFindings.map((f, i) => {
    const goodSeverity = inGood.get(i);
    // to bisect: GOOD lacks it, or has it less severe (diff's "changed … severity warning → error", a regression)
    const rose = goodSeverity !== undefined && severityRose(goodSeverity, f.severity);
    return { finding: f, key: badKeys[i] ?? '', index: i, goodSeverity, rose, target: goodSeverity === undefined || rose };
  });
  type Found = (typeof found)[number];
  const result = (f: Found): PickedFinding =>
    ({ finding: f.finding, key: f.key, bad: badFindings, index: f.index, ...(f.rose ? { severityInGood: f.goodSeverity } : {}) });
  /** "(a warning in GOOD)" after a finding GOOD has less severe: said wherever one is named as a finding to bisect */
  const lesser = (f: Found): string => (f.rose && f.goodSeverity !== undefined ? ` (${aSeverity(f.goodSeverity)} in GOOD)` : '');
  if (spec !== undefined) {
    const form = findingSpecProblem(spec);
    if (form !== undefined) throw new BisectError(form);
    const [rule, ...calls] = spec.includes('|') ? spec.split('|') : spec.split(':');
    const callsOf = (key: string): string[] => key.split('|').slice(1).map((c) => c.replace(/@\d+$/, ''));
    const matches = (key: string, r: string | undefined, cs: readonly string[]): boolean =>
      key.split('|')[0] === r && cs.every((c) => callsOf(key).includes(c) || key.split('|').includes(c));
    // a full key names one finding exactly (KEY is contained in KEY|#2: matched by its parts, it named both)
    const hits = spec.includes('|') ? found.filter((f) => f.key === spec) : found.filter((f) => matches(f.key, rule, calls));
    const once = (fs: readonly Found[]): Found[] => fs.filter((f, i, a) => a.findIndex((o) => o.key === f.key) === i);
    // as a shell word to copy: a key's address part has spaces and parentheses (helper-214: offered unquoted)
    const spelled = (k: string): string => `${keyText(k)} = ${shellWord(keyText(k).replace(/ \((.*)\)$/, (_, c: string) => `:${c.split(', ').join(':')}`))}`;
    // two findings to bisect that both match: bisecting either one silently would answer a question not asked
    const targets = once(hits.filter((f) => f.target));
    if (targets.length > 1) {
      const keys = targets.map((f) => f.key);
      // each named by RULE:CALL:… where that picks it alone, else by its full key (which always does)
      const alone = (k: string): boolean => keys.filter((o) => matches(o, k.split('|')[0], k.split('|').slice(1))).length === 1;
      const names = targets.map((f) => `${alone(f.key) ? spelled(f.key) : `${keyText(f.key)} = ${shellWord(f.key)}`}${lesser(f)}`).join('; ');
      throw new BisectError(`--finding ${spec}: ${targets.length} findings BAD has and GOOD lacks${targets.some((f) => f.rose) ? ' or has less severe' : ''} match it; name one with more of its calls or by its key: ${names}`);
    }
    const hit = targets[0] ?? hits[0];
    if (hit === undefined) {
      // only the findings bisect can take are offered to copy (break-212 F10: one GOOD has too, copied, was "nothing to bisect");
      // the others are named apart, without the spelling to copy
      const can = once(found.filter((f) => f.target)).map((f) => `${spelled(f.key)}${lesser(f)}`).join('; ');
      const cannot = once(found.filter((f) => !f.target)).map((f) => keyText(f.key)).join('; ');
      const has = found.length === 0 ? 'BAD has no finding'
        : `findings of BAD to bisect, which GOOD lacks or has less severe: ${can || 'none'}${cannot !== '' ? `; findings of BAD that GOOD has too (nothing to bisect): ${cannot}` : ''}`;
      // a typo of a rule or call (fixmap-before-relocaton, …:dmi_scan_machin): the nearest spelling of a finding to bisect
      // (break-280 N4), as explain, --call and step: offer theirs
      const spellings = [...new Set(once(found.filter((f) => f.target)).flatMap((f) => {
        const r = f.key.split('|')[0] ?? '';
        const cs = callsOf(f.key);
        return [r, `${r}:${cs.join(':')}`, ...cs.map((c) => `${r}:${c}`)];
      }))];
      throw new BisectError(`--finding ${spec}: BAD has no such finding${didYouMean(spec, spellings)} (RULE, or RULE:CALL:… with some of its calls); ${has}`);
    }
    if (!hit.target) {
      const g = hit.goodSeverity ?? hit.finding.severity;
      const as = g === hit.finding.severity ? `${aSeverity(g)} in both` : `${aSeverity(g)} there, ${aSeverity(hit.finding.severity)} in BAD`;
      throw new NothingToBisect(`--finding ${spec}: GOOD has ${keyText(hit.key)} too (${as}): nothing to bisect`);
    }
    return result(hit);
  }
  const targets = found.filter((f) => f.target);
  // errors first, as diff's gate counts them: new ones and those that became errors
  const pick = targets.find((f) => f.finding.severity === 'error') ?? targets[0];
  if (pick === undefined) {
    // what BAD lacks or has less severe than GOOD, in GOOD's order: the sides may be swapped
    const goodKeys = findingKeys(goodVerdicts);
    const milder = new Map(pairing.pairs.map(([i, j]) => [i, badFindings[j]?.severity ?? 'error'] as const));
    const lost = goodVerdicts.map((v, i) => ({ v, i, inBad: milder.get(i) }))
      .filter(({ v, inBad }) => inBad === undefined || severityRose(inBad, v.severity));
    const lostText = lost.map(({ v, i, inBad }) => `${keyText(goodKeys[i] ?? '')}${inBad !== undefined ? ` (${aSeverity(v.severity)} in GOOD, ${aSeverity(inBad)} in BAD)` : ''}`).join(', ');
    const what = lost.some((l) => l.inBad !== undefined) ? 'BAD lacks or has less severe' : 'BAD lacks';
    throw new NothingToBisect(`BAD has no finding that GOOD lacks or has less severe: nothing to bisect${lost.length > 0 ? ` (GOOD has ${lost.length === 1 ? 'a finding' : `${lost.length} findings`} ${what}, ${lostText}: are GOOD and BAD swapped?)` : ''}`);
  }
  return result(pick);
}

/**
 * The finding of BAD (index `index` of `bad`) among an intermediate's
 * verdicts, paired as diff pairs them: undefined when it is not there.
 */
function findingIn(verdictsOf: readonly Verdict[], bad: readonly Finding[], index: number): Verdict | undefined {
  const pair = pairFindings(verdictsOf, bad).pairs.find(([, j]) => j === index);
  return pair === undefined ? undefined : verdictsOf[pair[0]];
}

/** The call an order edit moves, inserts, or puts in place of another. */
function orderCall(e: OrderEdit): string {
  switch (e.op) {
    case 'insert': return e.call;
    case 'replace': return e.with;
    default: return e.call.name;
  }
}

/** Where a moved or inserted call lands in an intermediate order, as an edit anchored there. */
function anchoredIn(order: readonly string[], e: OrderEdit, occurrence: number): OrderEdit | undefined {
  if (e.op !== 'move' && e.op !== 'insert') return undefined;
  const name = e.op === 'move' ? e.call.name : e.call;
  let at = indexOfRef(order, { name, occurrence });
  if (at < 0) at = order.indexOf(name);
  if (at < 0) return undefined;
  const where = at > 0 ? 'after' as const : 'before' as const;
  const anchor = refAt(order, at > 0 ? at - 1 : at + 1);
  if (where === e.where && anchor.name === e.anchor.name && anchor.occurrence === e.anchor.occurrence) return undefined;
  return e.op === 'move' ? { ...e, where, anchor } : { ...e, where, anchor };
}

/**
 * Tests ddmin makes at most over `edits` changes (Zeller and Hildebrandt
 * 2002, section 4: n² + 3n in the worst case), each one replay: the plan
 * bisect is held to, as suggest and constraints are.
 */
export function ddminWorstCase(edits: number): number {
  return edits * edits + 3 * edits;
}

/**
 * @throws BudgetError (src/compare/judge.ts) when GOOD or BAD has more than
 *   MAX_ORDER_CALLS calls (checked before anything is replayed: the edit
 *   script's LCS grows with |GOOD| × |BAD|), or when ddmin's worst case over
 *   the edit script would replay more than MAX_PLANNED_STEPS steps
 * @param limit the work the intermediates may cost in all, in trace events and
 *   findings of their replays, each load charged as one event per CHARS_PER_EVENT characters of its YAML: the plan counts steps,
 *   and an arm64 order with 2,041 RAM banks costs far more a step (break-206 F6: 196 intermediates took 28.5 s of
 *   CPU; break-209 F1: 392 took 47.6 s). Past it no new intermediate is tried, and the report says the search
 *   stopped, with the smallest failing set found (BisectReport.stopped). Not planned ahead: ddmin's worst case
 *   (n² + 3n intermediates) is far above what a search usually tries (392 of 10,098 there), so a plan of events
 *   would refuse searches that finish.
 */
export function bisect(good: Side, bad: Side, load: Loader, spec?: string, limit = MAX_PLANNED_EVENTS): BisectReport {
  const longest = Math.max(good.scenario.steps.length, bad.scenario.steps.length);
  checkBudget(1, longest, 'bisect');
  const { finding, key, bad: badFindings, index, severityInGood } = pickFinding(good, bad, spec);
  // a finding GOOD has less severe is bisected as BAD has it: "it becomes an error", not "it appears"
  const asBad = severityInGood !== undefined ? ` as ${aSeverity(finding.severity)}` : '';
  const [goodData, badData] = pairData(good, bad);
  // the plain data holds only the order and the model's inputs: every edit of it is one
  const script = editScript(goodData, badData);
  checkBudget(ddminWorstCase(script.length), longest, `bisect of ${displayName(good.scenario)} → ${displayName(bad.scenario)} over ${script.length} edits`, BISECT_CLOSER);
  const inputs = script.map((e) => (e.kind === 'order' ? undefined : inputChange(good, bad, e.path)));
  let replays = 0;
  let events = 0;
  let unloadable = 0;
  let unjudged = 0;
  // the subject the finding has in each intermediate that has it
  const subjects = new Map<string, string | undefined>();
  const test = (subset: readonly number[]): Outcome => {
    const data = applySubset(goodData, badData, script, new Set(subset));
    const { loaded, chars } = load(data, `${good.scenario.file} + ${subset.length} edits`);
    events += Math.ceil(chars / CHARS_PER_EVENT);
    if (loaded === null) { unloadable++; return 'unresolved'; }
    replays++;
    const trace = replayWith(loaded.plugin, loaded.scenario);
    const judged = verdicts(trace, loaded.plugin);
    events += trace.events.length + judged.length;
    // the finding is there, whatever else the intermediate has: other errors are not this finding's business;
    // but less severe than in BAD it is not BAD's finding (GOOD may have it as a warning, where BAD has an error)
    const there = findingIn(judged, badFindings, index);
    if (there !== undefined && !severityRose(there.severity, finding.severity)) { subjects.set(subset.join(','), there.subject); return 'fail'; }
    // a replay that stopped before setup_arch() (an unsupported machine) says nothing about the finding
    if (trace.halted !== undefined) { unjudged++; return 'unresolved'; }
    return 'pass';
  };
  const cache = new Map<string, Outcome>();
  const cached = (subset: readonly number[]): Outcome => {
    const k = subset.join(',');
    let r = cache.get(k);
    if (r === undefined) { r = test(subset); cache.set(k, r); }
    return r;
  };
  // GOOD written as plain data must be GOOD: loadable, judged, without the finding
  if (cached([]) !== 'pass') throw new BisectError(`${good.scenario.file}, written as a plain scenario to apply the edits to, ${unloadable > 0 ? 'does not load' : unjudged > 0 ? 'cannot be judged (its replay stops before setup_arch())' : `has ${keyText(key)}${asBad}`}: bisect cannot start from it`);
  let result;
  try {
    result = ddmin(script.map((_, i) => i), cached, () => events >= limit);
  } catch {
    throw new NothingToBisect(`applying every edit to GOOD does not give ${keyText(key)}${asBad}: nothing to bisect (the edits are ${script.length})`);
  }
  const inter = applySubset(goodData, badData, script, new Set(result.result));
  const there = subjects.get(result.result.join(','));
  const moved = there !== finding.subject ? there : undefined;
  const interOrder = (Array.isArray(inter['setup_arch']) ? inter['setup_arch'] as RawStep[] : []).map(callOfRaw);
  const badOrder = (Array.isArray(badData['setup_arch']) ? badData['setup_arch'] as RawStep[] : []).map(callOfRaw);
  /** The order edits among `ids` as they apply to the intermediate (where the call lands there), when that differs from BAD's anchor. */
  const anchoredEdits = (ids: readonly number[]): Map<number, OrderEdit> => {
    const anchored = new Map<number, OrderEdit>();
    for (const i of ids) {
      const e = script[i];
      if (e === undefined || e.kind !== 'order') continue;
      const name = e.edit.op === 'insert' ? e.edit.call : e.edit.op === 'move' ? e.edit.call.name : '';
      const occurrence = e.inB === undefined ? 1 : badOrder.slice(0, e.inB + 1).filter((c) => c === name).length;
      const a = anchoredIn(interOrder, e.edit, occurrence);
      if (a !== undefined) anchored.set(i, a);
    }
    return anchored;
  };
  if (result.stopped) {
    // telling culprits from enabling edits would take one more intermediate per edit of the set; the set's
    // edits are anchored in the intermediate, so that they can be applied to GOOD (break-211 F5: "insert n20
    // after n19" named a call neither GOOD nor the set has)
    return {
      script, inputs, finding, key, severityInGood, ...(moved !== undefined ? { movedTo: moved } : {}), badFile: bad.scenario.file, badVariant: bad.scenario.variant,
      culprits: [], inseparable: new Set(), enabling: [], anchored: anchoredEdits(result.result),
      replays, unloadable, unjudged, unresolved: unloadable + unjudged, tests: result.tests,
      stopped: { appearsWith: result.result, events, limit },
    };
  }
  const culprits: number[] = [];
  const enabling: number[] = [];
  const inseparable = new Set<number>();
  // the calls the finding names (culprit and related steps), without occurrence and step suffixes
  const named = new Set(key.split('|').slice(1).filter((c) => !c.startsWith('(') && !c.startsWith('#')));
  for (const i of result.result) {
    const e = script[i] as ScenarioEdit;
    const without = cached(result.result.filter((j) => j !== i));
    // a culprit: without it (and with the rest of the minimal set) the finding goes
    if (without === 'pass') culprits.push(i);
    // without it the intermediate is rejected: an input edit (a kernel change whose new calls the
    // minimal set inserts) or an edit of a call the finding names cannot be told apart from the
    // edits that need it, and is named as a culprit, marked so; other order edits (remove a call
    // the new kernel lacks) only make the intermediates loadable
    else if (e.kind !== 'order' || named.has(orderCall(e.edit))) {
      culprits.push(i);
      inseparable.add(i);
    } else enabling.push(i);
  }
  const anchored = anchoredEdits(culprits);
  return {
    script, inputs, finding, key, severityInGood, ...(moved !== undefined ? { movedTo: moved } : {}), badFile: bad.scenario.file, badVariant: bad.scenario.variant, culprits, inseparable, enabling, anchored, replays, unloadable, unjudged,
    unresolved: unloadable + unjudged, tests: result.tests,
  };
}
