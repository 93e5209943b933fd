/**
 * A ReplayEngine replays nothing until an order is judged: run's fix search
 * (withVerifiedFixes) finds an order over MAX_ORDER_CALLS too long and
 * searches nothing, and the snapshots it no longer takes first were
 * O(steps × state): 2,048 arm64 paging_init calls ran V8 out of heap at
 * 4.3 GB with -f json (review 17b, 2.1).
 */
import { describe, expect, it } from 'vitest';
import type { ArchPlugin } from '../../src/arch/types.js';
import { ReplayEngine } from '../../src/compare/engine.js';
import { withVerifiedFixes } from '../../src/compare/fix-hints.js';
import { MAX_ORDER_CALLS } from '../../src/compare/judge.js';
import { replayWith } from '../../src/replay/replay.js';
import { check } from '../../src/rules/index.js';
import { load } from './load.js';

/** The plug-in, counting the states it copies (every snapshot is one). */
function counting(plugin: ArchPlugin): { plugin: ArchPlugin; clones: () => number } {
  let n = 0;
  const clone = (state: unknown): unknown => {
    n++;
    return plugin.clone(state);
  };
  return { plugin: { ...plugin, clone }, clones: () => n };
}

describe('an order too long for the fix search', () => {
  // with the shipped order, within max-calls (2,048)
  const calls = 1900;
  const { plugin, scenario } = load('scenarios/arm64/v4.7.yaml', (text) => text.replace(/^setup_arch:\n/m, `setup_arch:\n${'  - paging_init\n'.repeat(calls)}`));

  it('is refused with the orderTooLong text, and no state is copied', () => {
    expect(scenario.steps.length).toBeGreaterThan(calls);
    const findings = check(replayWith(plugin, scenario), plugin);
    expect(findings.length).toBeGreaterThan(0);
    const c = counting(plugin);
    const fixed = withVerifiedFixes(new ReplayEngine(c.plugin, scenario), findings);
    expect(c.clones()).toBe(0);
    const searched = fixed.filter((f) => f.severity !== 'info' && !f.fix.startsWith('no move') && !f.fix.startsWith('no order change'));
    expect(searched.length).toBeGreaterThan(0);
    for (const f of searched) expect(f.fix).toMatch(new RegExp(`^no fix was searched: the order has ${scenario.steps.length} calls, more than the limit of ${MAX_ORDER_CALLS}`));
  });

  it('an engine records its scenario once, on the first order it judges', () => {
    const short = load('scenarios/arm64/v4.7.yaml');
    const c = counting(short.plugin);
    const engine = new ReplayEngine(c.plugin, short.scenario);
    expect(c.clones()).toBe(0);
    expect(engine.replays).toBe(1);
    engine.trace(engine.base);
    expect(c.clones()).toBe(short.scenario.steps.length + 1);
    engine.trace(engine.base.slice(1));
    expect(c.clones()).toBe(short.scenario.steps.length + 2);
  });
});
