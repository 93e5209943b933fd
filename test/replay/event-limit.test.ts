/**
 * max-events (src/replay/event-limit.ts): a replay stops at the event over the limit, wherever it
 * replays (one order, the layout timeline, the many orders of the reasoning engine), and the problem
 * names the call that made it at its place in the file. The shape that needs it: on a 2.6.26 Xen PAE
 * guest every paging_init() makes a kernel PMD copy (xen_pagetable_setup_start) and rewrites the direct
 * map over every page-table page made before it, so the events grow with the square of the calls.
 */
import { describe, expect, it } from 'vitest';
import { archById, loadArches } from '../../src/arch/index.js';
import type { ArchPlugin } from '../../src/arch/types.js';
import { ReplayEngine } from '../../src/compare/engine.js';
import { MAX_ORDER_CALLS } from '../../src/compare/judge.js';
import { EventLimitError, limitedEmit } from '../../src/replay/event-limit.js';
import { replayWith } from '../../src/replay/replay.js';
import { replayWithTimeline } from '../../src/replay/timeline.js';
import { formatProblem } from '../../src/scenario/problems.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { DEFAULT_LIMITS } from '../../src/scenario/limits.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioYaml } from '../rules/rule-tester.js';
import { releaseOrder } from '../arch/x86_32/fixtures/orders.js';

await loadArches();

function load(yaml: string, file = 'xen.yaml'): Scenario {
  const loaded = parseScenario(yaml, file);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return loaded.scenario;
}

/** 2.6.26's order on a Xen PAE guest with Seed 004's proposal 1 (or another policy), then `n` more paging_init */
function xenPagingInits(n: number, policy = 'unconditional'): Scenario {
  const order = [...releaseOrder('2.6.26'), ...Array.from({ length: n }, () => 'paging_init')];
  return load(scenarioYaml({ kernel: '2.6.26', order, hypervisor: 'xen', pae: true, config: { pagetable_init_policy: policy } }));
}

function x86(): ArchPlugin {
  const plugin = archById('x86_32');
  if (plugin === undefined) throw new Error('no x86_32 plug-in');
  return plugin;
}

function thrown(f: () => unknown): EventLimitError {
  try {
    f();
  } catch (err) {
    if (err instanceof EventLimitError) return err;
    throw err;
  }
  throw new Error('no EventLimitError');
}

describe('max-events', () => {
  it('the events of repeated paging_init on a Xen PAE guest grow with the square of the calls', () => {
    const plugin = x86();
    const count = (n: number): number => replayWith(plugin, xenPagingInits(n)).events.length;
    const [none, a, b] = [count(0), count(100), count(200)];
    // each paging_init maps every PMD copy made before it: about n²/2 events, so the second hundred
    // makes over twice as many as the first (three times, less the linear part; linear growth makes as many)
    expect((b - a) / (a - none)).toBeGreaterThan(2);
  });

  it('a replay may make exactly max-events; the next event stops it, at the call that made it', () => {
    const plugin = x86();
    const s = xenPagingInits(60);
    const all = replayWith(plugin, s).events;
    expect(replayWith(plugin, s, all.length).events).toHaveLength(all.length);
    const limit = all.length - 1;
    const err = thrown(() => replayWith(plugin, s, limit));
    expect(err.step).toEqual(all[limit]?.step);
    expect(err.limit).toBe(limit);
    expect(formatProblem(err.problem)).toBe(`xen.yaml:${err.step.pos.line}:${err.step.pos.col}: paging_init (step ${err.step.index}) made model event ${limit + 1} of the replay (limit ${limit} model events in one replay, max-events; a shipped scenario makes at most 140; 64 for each of max-calls calls)`);
  });

  it('orders as long as bisect, suggest and constraints take stay far below it', () => {
    // order-length.ts: their -f json reports have no max-events path, since orders longer than MAX_ORDER_CALLS are
    // refused first; a bisect intermediate holds at most GOOD's calls and BAD's inserts. If a model change makes
    // this fail, those commands need diff's handling (src/cli/replay-shown.ts)
    const plugin = x86();
    const more = 2 * MAX_ORDER_CALLS - releaseOrder('2.6.26').length;
    for (const policy of ['unconditional', 'no-overwrite']) {
      expect({ policy, events: replayWith(plugin, xenPagingInits(more, policy)).events.length < DEFAULT_LIMITS.maxEvents / 4 }).toEqual({ policy, events: true });
    }
  });

  it('counts a recorded prefix too, and stops every replay of the default limit', () => {
    const events = [{ kind: 'x', step: { index: 1, name: 'a', pos: { line: 1, col: 1 }, implicit: false } }];
    const emit = limitedEmit(xenPagingInits(0), events, 2);
    emit({ kind: 'y', step: { index: 2, name: 'b', pos: { line: 2, col: 3 }, implicit: false } });
    expect(thrown(() => emit({ kind: 'z', step: { index: 3, name: 'c', pos: { line: 4, col: 5 }, implicit: false } })).step.name).toBe('c');
    // 600 paging_init make about 180,000 events: the one order, its layout timeline and the engine's recording all stop
    const s = xenPagingInits(600);
    const plugin = x86();
    for (const replay of [() => replayWith(plugin, s), () => replayWithTimeline(plugin, s), () => new ReplayEngine(plugin, s).trace(s.steps)]) {
      const err = thrown(replay);
      expect(err.limit).toBe(DEFAULT_LIMITS.maxEvents);
      expect(err.step.name).toBe('paging_init');
    }
  });
});
