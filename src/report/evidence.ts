/**
 * Evidence for reports that show how a finding came about (SARIF code flows,
 * the HTML report): for each finding, the path of steps from the first state
 * change that matters to it, each with what it changed; and the address-space
 * maps after every step that moved a region. Computed once when the result is
 * built, so formatters only lay it out.
 *
 * A finding's path, generically: its culprit and related steps (the rule
 * named them), plus every step between the first and the last of them that
 * moved a region of the address space (a relocation-like change the finding
 * may depend on), in replay order; each step's message is what its events
 * changed, in the words of `bootreplay trace`.
 */
import type { ArchPlugin } from '../arch/types.js';
import { layoutTimeline, pointOfStep, type LayoutPoint } from '../replay/timeline.js';
import { isNeed, type StepRef, type Trace, type TraceEvent } from '../replay/trace.js';
import type { Finding } from '../rules/types.js';
import { fixTextOf, type TextFix } from './fix-text.js';
import { stepKey } from './step-text.js';
import { describeShared } from './trace-text.js';

export type PathRole = 'culprit' | 'related' | 'layout';

export interface PathStep {
  readonly step: StepRef;
  readonly role: PathRole;
  /** what the step changed (its events), or the rule's words for it when it changed nothing the trace records */
  readonly message: string;
}

/** An address an event touched (ArchPlugin.eventMarks), with the step that touched it. */
export interface StepMark {
  readonly label: string;
  readonly address: number;
  readonly step: StepRef;
}

export interface Evidence {
  /** one path per finding, in the order of the result's findings */
  readonly paths: readonly (readonly PathStep[])[];
  /** the layout after the implicit steps and after every step that moved a region */
  readonly timeline: readonly LayoutPoint[];
  /** per finding (same order): its verified fix (Finding.fixEdits) as a change of the file's text, when it has one */
  readonly fixes: readonly (TextFix | undefined)[];
  /** per timeline point (same order): the addresses events touched while its layout was in force */
  readonly marks: readonly (readonly StepMark[])[];
}

function eventTexts(plugin: ArchPlugin, events: readonly TraceEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (isNeed(e) && e.present) continue;
    const text = describeShared(e) ?? plugin.describeEvent(e);
    if (text !== '') out.add(text);
  }
  if (out.size <= STEP_TEXTS_SHOWN) return [...out];
  return [...[...out].slice(0, STEP_TEXTS_SHOWN), `… and ${out.size - STEP_TEXTS_SHOWN} more (bootreplay trace shows every event of the step)`];
}

/**
 * Events a path step says of its step; the rest are counted. A real setup_arch() call makes a few; a step of a
 * long order can make hundreds (a 2.6.26 Xen paging_init rewriting the direct map over each page-table page
 * made before it: one event per frame), and every finding's path repeats its steps' texts, so the SARIF and
 * HTML reports grew with the cube of the calls (break-230 F1).
 */
const STEP_TEXTS_SHOWN = 24;

/** What a step changed, in trace words ('' when it changed nothing the trace records), by step key. */
type StepChanges = (key: string) => string;

/** A step's key (stepKey) and replay rank (its index in `Trace.steps`, the last of its key's). */
interface Ranked {
  readonly key: string;
  readonly rank: number;
}

/** A step of a finding's path before its message is looked up: its key and rank, and the words it falls back to. */
interface PathEntry extends Ranked {
  readonly step: StepRef;
  readonly role: PathRole;
  readonly words: string;
}

/**
 * Each step's key and rank, by the step object, and the ranks by key for a step that is not the trace's own object.
 * Why: a finding's culprit and related steps are mostly the trace's step objects, so their key and rank are one
 * lookup of the object, not a key made and hashed for each step of each finding (6,120 findings of the fixmap-users
 * limit file).
 */
interface Ranks {
  readonly byKey: ReadonlyMap<string, number>;
  readonly byStep: ReadonlyMap<StepRef, Ranked>;
}

function rankedOf(s: StepRef, ranks: Ranks): Ranked {
  const known = ranks.byStep.get(s);
  if (known !== undefined) return known;
  const key = stepKey(s);
  return { key, rank: ranks.byKey.get(key) ?? 0 };
}

/** Above this many steps a path looks its keys up in a set, not by scanning what it holds (a finding has a few). */
const PATH_SCAN = 16;

function pathOf(f: Finding, changes: StepChanges, ranks: Ranks, movers: readonly PathEntry[]): PathStep[] {
  const culprit = rankedOf(f.step, ranks);
  const entries: PathEntry[] = [{ key: culprit.key, rank: culprit.rank, step: f.step, role: 'culprit', words: f.message }];
  let keys: Set<string> | undefined;
  const has = (key: string): boolean => {
    if (keys === undefined && entries.length > PATH_SCAN) keys = new Set(entries.map((e) => e.key));
    return keys !== undefined ? keys.has(key) : entries.some((e) => e.key === key);
  };
  const add = (e: PathEntry): void => {
    entries.push(e);
    keys?.add(e.key);
  };
  let lo = culprit.rank;
  let hi = culprit.rank;
  for (const r of f.related) {
    const at = rankedOf(r.step, ranks);
    if (has(at.key)) continue;
    add({ key: at.key, rank: at.rank, step: r.step, role: 'related', words: r.role });
    if (at.rank < lo) lo = at.rank;
    if (at.rank > hi) hi = at.rank;
  }
  // a step between them that moved a region (the range is the culprit's and related steps' only)
  for (const m of movers) if (m.rank > lo && m.rank < hi && !has(m.key)) add(m);
  // (stable: steps of one rank stay in the order added)
  if (entries.length > 1) entries.sort((a, b) => a.rank - b.rank);
  return entries.map(({ key, step, role, words }) => ({ step, role, message: changes(key) || words }));
}

/**
 * @param trace the replay the findings come from
 * @param timeline that replay's layout timeline, when it was made with it
 *   (replayWithTimeline); else it is replayed once more
 * @returns paths for `findings` (same order) and the layout timeline
 */
export function evidenceOf(plugin: ArchPlugin, trace: Trace, findings: readonly Finding[], timeline: readonly LayoutPoint[] = layoutTimeline(plugin, trace.scenario)): Evidence {
  // ranks: implicit steps first (in trace order), then setup_arch order; each step's key made once
  const keys = trace.steps.map(stepKey);
  const byKey = new Map<string, number>();
  keys.forEach((k, i) => byKey.set(k, i));
  const byStep = new Map<StepRef, Ranked>();
  trace.steps.forEach((st, i) => {
    const key = keys[i] ?? stepKey(st);
    byStep.set(st, { key, rank: byKey.get(key) ?? i });
  });
  const ranks: Ranks = { byKey, byStep };
  const eventsAt = new Map<string, TraceEvent[]>();
  for (const e of trace.events) {
    const k = rankedOf(e.step, ranks).key;
    const list = eventsAt.get(k);
    if (list === undefined) eventsAt.set(k, [e]);
    else list.push(e);
  }
  // (a step not in the trace ranks -1: never between a path's steps)
  const movers = timeline.slice(1).map((p): PathEntry => {
    const key = stepKey(p.step);
    return { key, rank: byKey.get(key) ?? -1, step: p.step, role: 'layout', words: 'moves a region of the address space' };
  });
  const marks: StepMark[][] = timeline.map(() => []);
  if (plugin.eventMarks !== undefined) {
    for (const e of trace.events) {
      for (const m of plugin.eventMarks(e)) marks[pointOfStep(timeline, e.step.index)]?.push({ ...m, step: e.step });
    }
  }
  // once per step: many findings share a step (2,040 duplicate-calls of one paging_init each name the first)
  const changed = new Map<string, string>();
  const changes: StepChanges = (k) => {
    let text = changed.get(k);
    if (text === undefined) {
      text = eventTexts(plugin, eventsAt.get(k) ?? []).join('; ');
      changed.set(k, text);
    }
    return text;
  };
  return {
    marks,
    paths: findings.map((f) => pathOf(f, changes, ranks, movers)),
    timeline,
    fixes: findings.map((f) => (f.fixEdits !== undefined ? fixTextOf(trace.scenario, f.fixEdits) : undefined)),
  };
}
