/**
 * x86_32's rules with a verdict() agree with their check() (verdict-agrees.ts)
 * on every shipped x86_32 scenario, on the order and on single-call moves of
 * every call (every seventh slot, and next to where it was: all slots of all
 * calls of 37 scenarios would be some 100,000 replays). The rules without one
 * are listed: the fix search builds their words for every order it judges,
 * so a rule that gains a verdict() leaves the list.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReplayEngine, moveTo } from '../../src/compare/engine.js';
import { machinesOf } from '../compare/load.js';
import { expectVerdictsAgree } from './verdict-agrees.js';

const FILES = readdirSync('scenarios/x86_32').filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/x86_32/${f}`);

/** The x86_32 rules still judged through check() (src/rules/types.ts Rule.verdict). */
const WITHOUT_VERDICT = ['config-unsupported', 'cmdline-not-modeled', 'xen-writable-pagetable', 'kernel-mapping-user', 'nx-missing'];

describe.each(FILES)('%s', (file) => {
  it("each rule's verdict() is its check() without the words, on the order and on single-call moves", { timeout: 120_000 }, async () => {
    let orders = 0;
    for (const { plugin, scenario } of await machinesOf(file)) {
      expect(plugin.rules.filter((r) => r.verdict === undefined).map((r) => r.meta.id)).toEqual(WITHOUT_VERDICT);
      const engine = new ReplayEngine(plugin, scenario);
      const n = engine.base.length;
      for (let from = 0; from < n; from++) {
        for (let slot = 0; slot < n; slot++) {
          // the order itself once, not once per call
          if (slot === from && from > 0) continue;
          if (slot !== from && Math.abs(slot - from) > 1 && (slot + from) % 7 !== 0) continue;
          const trace = engine.trace(moveTo(engine.base, from, slot));
          for (const rule of plugin.rules) expectVerdictsAgree(rule, trace, `${scenario.file}: ${engine.base[from]?.call} to slot ${slot}`);
          orders++;
        }
      }
    }
    expect(orders).toBeGreaterThan(0);
  });
});
