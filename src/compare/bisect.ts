/**
 * `bootreplay bisect GOOD BAD`: which of the differences between two
 * scenarios makes a finding of BAD appear? The edit script from GOOD to BAD
 * (edit-script.ts: order moves/inserts/removes, kernel, config and machine
 * changes) is minimized by delta debugging (ddmin.ts): each subset is applied
 * to GOOD, loaded and replayed; it fails when the finding (matched by
 * findingKeys, as diff and baselines match findings) is there. Intermediates
 * the loader rejects (a call the kernel version does not have) and those
 * broken by another error (one neither GOOD nor BAD has) are unresolved, like
 * `git bisect skip`: they never count as "the finding appears". Of the
 * minimal set, an edit is a culprit when leaving it out makes the finding go,
 * or when it changes a model value or moves a call the finding names; the
 * other edits are there only to make intermediates valid (remove a call the
 * new kernel lacks, insert one its order needs) and are reported apart.
 * Culprit order edits are named by where the call lands in the intermediate
 * (the anchor in BAD may not be there). Changes of keys that are not the
 * model's (expect, allow, name, description) are not edits. Like ktest's
 * config bisect, over a boot order. Pure: the caller loads the scenarios and
 * supplies the loader.
 */
import type { ArchPlugin } from '../arch/types.js';
import { replayWith } from '../replay/replay.js';
import { findingKeys } from '../rules/identity.js';
import { check, verdicts } from '../rules/index.js';
import type { Finding } from '../rules/types.js';
import { callOfRaw, applySubset, editScript, type RawStep, type ScenarioEdit } from './edit-script.js';
import type { Scenario } from '../scenario/types.js';
import { indexOfRef, refAt, type OrderEdit } from '../scenario/order-edit.js';
import { ddmin, type Outcome } from './ddmin.js';

/** A loaded side: its raw data (as written) and the validated scenario. */
export interface Side {
  readonly data: Readonly<Record<string, unknown>>;
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
}

/** Loads scenario data (the real loader); null when it is rejected. */
export type Loader = (data: Readonly<Record<string, unknown>>, label: string) => { plugin: ArchPlugin; scenario: Scenario } | null;

export interface BisectReport {
  /** the edits GOOD → BAD (order and model values; see `ignored`) */
  readonly script: readonly ScenarioEdit[];
  /** changes between GOOD and BAD that are not edits of the order or the model (expect:, allow:, name, …) */
  readonly ignored: readonly string[];
  /** the finding of BAD, as BAD reports it */
  readonly finding: Finding;
  readonly key: string;
  /** indices into script: leaving one out makes the finding go, or it changes a value or a call the finding names */
  readonly culprits: readonly number[];
  /** indices into script: in the minimal set only because without them the intermediates are rejected or broken by another error */
  readonly enabling: readonly number[];
  /** culprit order edits as they apply to the intermediate (where the call lands there), when that differs from the script's anchor in BAD */
  readonly anchored: ReadonlyMap<number, OrderEdit>;
  readonly replays: number;
  /** intermediates skipped: the loader rejects them */
  readonly unloadable: number;
  /** intermediates skipped: an error neither GOOD nor BAD has */
  readonly broken: number;
  readonly unresolved: number;
  /** distinct subsets tried (replayed or unresolved) */
  readonly tests: number;
}

export class BisectError extends Error {}

/** There is nothing to bisect (BAD has no finding GOOD lacks): an answer, not a usage error. */
export class NothingToBisect extends Error {}

/** Top-level keys that are not the model's: changing them changes no finding. */
const NOT_MODEL = new Set(['expect', 'allow', 'name', 'description']);

/** "rule (culprit, related…)" for a finding key "rule|culprit|related…". */
export function keyText(key: string): string {
  const [rule = '', ...calls] = key.split('|');
  return calls.length > 0 ? `${rule} (${calls.join(', ')})` : rule;
}

/**
 * The finding to bisect: `spec` ("rule", "rule:call[:call…]": the finding's
 * rule and some of its calls, in any order; or a full key "rule|culprit|…"),
 * else the first error BAD has and GOOD lacks, else the first such warning.
 *
 * @throws BisectError when `spec` matches no finding of BAD (a usage error)
 * @throws NothingToBisect when BAD has no finding GOOD lacks
 */
export function pickFinding(good: Side, bad: Side, spec?: string): { finding: Finding; key: string } {
  const goodTrace = replayWith(good.plugin, good.scenario);
  const goodKeys = new Set(findingKeys(verdicts(goodTrace, good.plugin)));
  const badTrace = replayWith(bad.plugin, bad.scenario);
  const badFindings = check(badTrace, bad.plugin);
  const badKeys = findingKeys(badFindings);
  const found = badFindings.map((f, i) => ({ finding: f, key: badKeys[i] ?? '' }));
  if (spec !== undefined) {
    const [rule, ...calls] = spec.includes('|') ? spec.split('|') : spec.split(':');
    const callsOf = (key: string): string[] => key.split('|').slice(1).map((c) => c.replace(/@\d+$/, ''));
    const hits = found.filter((f) => f.key.split('|')[0] === rule && calls.every((c) => callsOf(f.key).includes(c) || f.key.split('|').includes(c)));
    const hit = hits.find((f) => !goodKeys.has(f.key)) ?? hits[0];
    if (hit === undefined) {
      throw new BisectError(`--finding ${spec}: BAD has no such finding (RULE, or RULE:CALL:… with some of its calls); BAD has: ${found.map((f) => f.key).filter((k, i, a) => a.indexOf(k) === i).map((k) => `${keyText(k)} = ${keyText(k).replace(/ \((.*)\)$/, (_, c: string) => `:${c.split(', ').join(':')}`)}`).join('; ') || 'none'}`);
    }
    if (goodKeys.has(hit.key)) throw new NothingToBisect(`--finding ${spec}: GOOD has ${keyText(hit.key)} too: nothing to bisect`);
    return hit;
  }
  const fresh = found.filter((f) => !goodKeys.has(f.key));
  const pick = fresh.find((f) => f.finding.severity === 'error') ?? fresh[0];
  if (pick === undefined) {
    const badSet = new Set(found.map((f) => f.key));
    const lost = [...goodKeys].filter((k) => !badSet.has(k));
    throw new NothingToBisect(`BAD has no finding that GOOD lacks: nothing to bisect${lost.length > 0 ? ` (GOOD has ${lost.length === 1 ? 'a finding' : `${lost.length} findings`} BAD lacks, ${lost.map(keyText).join(', ')}: are GOOD and BAD swapped?)` : ''}`);
  }
  return pick;
}

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

export function bisect(good: Side, bad: Side, load: Loader, spec?: string): BisectReport {
  const { finding, key } = pickFinding(good, bad, spec);
  const full = editScript(good.data, bad.data);
  const script = full.filter((e) => e.kind === 'order' || !NOT_MODEL.has(e.path[0] ?? ''));
  const ignored = full.filter((e) => e.kind !== 'order' && NOT_MODEL.has(e.path[0] ?? '')).map((e) => (e.kind === 'order' ? '' : e.path.join('.')));
  // the errors an intermediate may have besides the finding: GOOD's and BAD's
  const errorKeys = (s: Side): string[] => {
    const t = replayWith(s.plugin, s.scenario);
    const vs = verdicts(t, s.plugin);
    const ks = findingKeys(vs);
    return ks.filter((_, i) => vs[i]?.severity === 'error');
  };
  const known = new Set([...errorKeys(good), ...errorKeys(bad)]);
  let replays = 0;
  let unloadable = 0;
  let broken = 0;
  const test = (subset: readonly number[]): Outcome => {
    const data = applySubset(good.data, bad.data, script, new Set(subset));
    const loaded = load(data, `${good.scenario.file} + ${subset.length} edits`);
    if (loaded === null) { unloadable++; return 'unresolved'; }
    replays++;
    const trace = replayWith(loaded.plugin, loaded.scenario);
    const vs = verdicts(trace, loaded.plugin);
    const ks = findingKeys(vs);
    if (ks.some((k, i) => vs[i]?.severity === 'error' && !known.has(k))) { broken++; return 'unresolved'; }
    return ks.includes(key) ? 'fail' : 'pass';
  };
  const cache = new Map<string, Outcome>();
  const cached = (subset: readonly number[]): Outcome => {
    const k = subset.join(',');
    let r = cache.get(k);
    if (r === undefined) { r = test(subset); cache.set(k, r); }
    return r;
  };
  let result;
  try {
    result = ddmin(script.map((_, i) => i), cached);
  } catch {
    throw new NothingToBisect(`applying every edit to GOOD does not give ${keyText(key)} without another error: nothing to bisect (the edits are ${script.length})`);
  }
  const culprits: number[] = [];
  const enabling: number[] = [];
  // the calls the finding names (culprit and related steps), without occurrence suffixes
  const named = new Set(key.split('|').slice(1).map((c) => c.replace(/[@#]\d+$/, '')));
  for (const i of result.result) {
    // without a culprit the finding goes; an edit whose absence only gives a
    // skipped intermediate is a culprit when it changes the model's values or
    // moves a call the finding names, else it is there to make the
    // intermediate valid (remove a call the new kernel lacks, insert one
    // the new order needs)
    const e = script[i] as ScenarioEdit;
    const outcome = cached(result.result.filter((j) => j !== i));
    const touchesNamed = e.kind !== 'order' || named.has(orderCall(e.edit));
    (outcome === 'pass' || touchesNamed ? culprits : enabling).push(i);
  }
  const inter = applySubset(good.data, bad.data, script, new Set(result.result));
  const interOrder = (Array.isArray(inter['setup_arch']) ? inter['setup_arch'] as RawStep[] : []).map(callOfRaw);
  const badOrder = (Array.isArray(bad.data['setup_arch']) ? bad.data['setup_arch'] as RawStep[] : []).map(callOfRaw);
  const anchored = new Map<number, OrderEdit>();
  for (const i of culprits) {
    const e = script[i];
    if (e === undefined || e.kind !== 'order') continue;
    const name = e.edit.op === 'insert' ? e.edit.call : e.edit.op === 'move' ? e.edit.call.name : '';
    const occurrence = e.inB === undefined ? 1 : badOrder.slice(0, e.inB + 1).filter((c) => c === name).length;
    const a = anchoredIn(interOrder, e.edit, occurrence);
    if (a !== undefined) anchored.set(i, a);
  }
  return {
    script, ignored, finding, key, culprits, enabling, anchored, replays, unloadable, broken,
    unresolved: unloadable + broken, tests: result.tests,
  };
}
