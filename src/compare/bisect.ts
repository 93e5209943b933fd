/**
 * `bootreplay bisect GOOD BAD`: which of the differences between two
 * scenarios makes a finding of BAD appear? The edit script from GOOD to BAD
 * (edit-script.ts: order moves/inserts/removes, kernel, config and machine
 * changes) is minimized by delta debugging (ddmin.ts): each subset is applied
 * to GOOD, loaded and replayed; it fails when the finding (matched by
 * findingKey, as diff and baselines match findings) is there. Intermediates
 * the loader rejects (a call the kernel version does not have) are
 * unresolved, like `git bisect skip`. Like ktest's config bisect, over a
 * boot order. Pure: the caller loads the scenarios and supplies the loader.
 */
import type { ArchPlugin } from '../arch/types.js';
import { replayWith } from '../replay/replay.js';
import { findingKey } from '../rules/identity.js';
import { check, verdicts } from '../rules/index.js';
import type { Finding } from '../rules/types.js';
import type { Scenario } from '../scenario/types.js';
import { ddmin } from './ddmin.js';
import { applySubset, editScript, type ScenarioEdit } from './edit-script.js';

/** A loaded side: its raw data (as written) and the validated scenario. */
export interface Side {
  readonly data: Readonly<Record<string, unknown>>;
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
}

/** Loads scenario data (the real loader); null when it is rejected. */
export type Loader = (data: Readonly<Record<string, unknown>>, label: string) => { plugin: ArchPlugin; scenario: Scenario } | null;

export interface BisectReport {
  readonly script: readonly ScenarioEdit[];
  /** the finding of BAD, as BAD reports it */
  readonly finding: Finding;
  readonly key: string;
  /** indices into script */
  readonly culprits: readonly number[];
  /** culprit order edits that touch a call with no effect on either machine */
  readonly effectFree: readonly number[];
  readonly replays: number;
  readonly unresolved: number;
  /** distinct subsets tried (replayed or unresolved) */
  readonly tests: number;
}

export class BisectError extends Error {}

/**
 * The finding to bisect: `spec` ("rule", "rule:culprit[:related…]" or a full
 * key "rule|culprit|…"), else the first error BAD has and GOOD lacks, else
 * the first such warning.
 */
export function pickFinding(good: Side, bad: Side, spec?: string): { finding: Finding; key: string } {
  const goodTrace = replayWith(good.plugin, good.scenario);
  const goodKeys = new Set(verdicts(goodTrace, good.plugin).map((v) => findingKey(v, goodTrace.steps)));
  const badTrace = replayWith(bad.plugin, bad.scenario);
  const found = check(badTrace, bad.plugin).map((f) => ({ finding: f, key: findingKey(f, badTrace.steps) }));
  if (spec !== undefined) {
    const parts = spec.split(/[|:]/);
    const hit = found.find((f) => parts.every((p, i) => f.key.split('|')[i] === p));
    if (hit === undefined) throw new BisectError(`--finding ${spec}: BAD has no such finding; it has ${found.map((f) => f.key).join(', ') || 'none'}`);
    if (goodKeys.has(hit.key)) throw new BisectError(`--finding ${spec}: GOOD has it too (${hit.key}): nothing to bisect`);
    return hit;
  }
  const fresh = found.filter((f) => !goodKeys.has(f.key));
  const pick = fresh.find((f) => f.finding.severity === 'error') ?? fresh[0];
  if (pick === undefined) throw new BisectError('BAD has no finding that GOOD lacks: nothing to bisect');
  return pick;
}

export function bisect(good: Side, bad: Side, load: Loader, spec?: string): BisectReport {
  const { finding, key } = pickFinding(good, bad, spec);
  const script = editScript(good.data, bad.data);
  let replays = 0;
  const result = ddmin(script.map((_, i) => i), (subset) => {
    const data = applySubset(good.data, bad.data, script, new Set(subset));
    const loaded = load(data, `${good.scenario.file} + ${subset.length} edits`);
    if (loaded === null) return 'unresolved';
    replays++;
    const trace = replayWith(loaded.plugin, loaded.scenario);
    return verdicts(trace, loaded.plugin).some((v) => findingKey(v, trace.steps) === key) ? 'fail' : 'pass';
  });
  const callOf = (e: ScenarioEdit): string | undefined => {
    if (e.kind !== 'order') return undefined;
    if (e.edit.op === 'insert') return e.edit.call;
    if (e.edit.op === 'replace') return e.edit.with;
    return e.edit.call.name;
  };
  const effect = (call: string): boolean =>
    (good.plugin.hasEffect?.(call, good.scenario) ?? true) || (bad.plugin.hasEffect?.(call, bad.scenario) ?? true);
  const effectFree = result.result.filter((i) => {
    const call = callOf(script[i] as ScenarioEdit);
    return call !== undefined && !effect(call);
  });
  return { script, finding, key, culprits: result.result, effectFree, replays, unresolved: result.unresolved, tests: result.tests };
}
