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
import { ReplayEngine } from '../../src/compare/engine.js';
import { machinesOf } from '../compare/load.js';
import { expectVerdictsAgree, forEachMove } from './verdict-agrees.js';
import type { Trace } from '../../src/replay/trace.js';
import type { Rule } from '../../src/rules/types.js';

const FILES = readdirSync('scenarios/x86_32').filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/x86_32/${f}`);

/** The x86_32 rules still judged through check() (src/rules/types.ts Rule.verdict). */
const WITHOUT_VERDICT = ['config-unsupported', 'cmdline-not-modeled'];

describe.each(FILES)('%s', (file) => {
  it("each rule's verdict() is its check() without the words, on the order and on single-call moves", { timeout: 120_000 }, async () => {
    let orders = 0;
    for (const { plugin, scenario } of await machinesOf(file)) {
      expect(plugin.rules.filter((r) => r.verdict === undefined).map((r) => r.meta.id)).toEqual(WITHOUT_VERDICT);
      const engine = new ReplayEngine(plugin, scenario);
      forEachMove(engine, (trace, from, slot) => {
        for (const rule of plugin.rules) expectVerdictsAgree(rule, trace, `${scenario.file}: ${engine.base[from]?.call} to slot ${slot}`);
        orders++;
      }, (from, slot) => Math.abs(slot - from) <= 1 || (slot + from) % 7 === 0);
    }
    expect(orders).toBeGreaterThan(0);
  });
});

/**
 * The agreement above proves something only where the rules find something: on these scenarios each rule
 * that was judged through check() until it gained a verdict() fires on the file's own order and on moved
 * orders, and passes on others; and a verdict() that always says "pass", or that drops a related step,
 * disagrees with its check() there.
 */
const FIRING: readonly (readonly [string, string])[] = [
  ['kernel-mapping-user', 'scenarios/x86_32/2.6.26-seed004-native-no-overwrite.yaml'],
  ['kernel-mapping-user', 'scenarios/x86_32/2.6.26-seed004-native-pae-no-overwrite.yaml'],
  ['nx-missing', 'scenarios/x86_32/2.6.26-seed004-native-pae-no-overwrite.yaml'],
  ['nx-missing', 'scenarios/x86_32/2.6.26-seed004-xen-pae-no-overwrite.yaml'],
  ['xen-writable-pagetable', 'scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml'],
];

describe.each(FIRING)('%s on %s', (id, file) => {
  it('fires on the order and on moved orders, passes on others, and a verdict that passes every order or drops its related steps disagrees', { timeout: 120_000 }, async () => {
    const seen = { own: 0, movedFail: 0, movedPass: 0, related: 0, disagreeAlwaysPass: 0, disagreeNoRelated: 0 };
    for (const { plugin, scenario } of await machinesOf(file)) {
      const rule = plugin.rules.find((r) => r.meta.id === id);
      if (rule?.verdict === undefined) throw new Error(`${id} has no verdict()`);
      const alwaysPass = { ...rule, verdict: () => [] };
      const noRelated = { ...rule, verdict: (t: Parameters<NonNullable<typeof rule.verdict>>[0]) => rule.verdict?.(t).map((v) => ({ ...v, related: [] })) ?? [] };
      forEachMove(new ReplayEngine(plugin, scenario), (trace, from, slot) => {
        const found = rule.check(trace);
        expectVerdictsAgree(rule, trace, `${file}: step ${from + 1} to slot ${slot}`);
        if (slot === from) seen.own += found.length;
        else if (found.length > 0) seen.movedFail++;
        else seen.movedPass++;
        if (found.some((f) => f.related.length > 0)) seen.related++;
        if (found.length > 0 && !agrees(alwaysPass, trace)) seen.disagreeAlwaysPass++;
        if (found.some((f) => f.related.length > 0) && !agrees(noRelated, trace)) seen.disagreeNoRelated++;
      });
    }
    expect(seen.own).toBeGreaterThan(0);
    expect(seen.movedFail).toBeGreaterThan(0);
    expect(seen.movedPass).toBeGreaterThan(0);
    expect(seen.disagreeAlwaysPass).toBe(seen.own > 0 ? seen.movedFail + 1 : seen.movedFail);
    expect(seen.related).toBeGreaterThan(0);
    expect(seen.disagreeNoRelated).toBe(seen.related);
  });
});

function agrees(rule: Rule, trace: Trace): boolean {
  try {
    expectVerdictsAgree(rule, trace, 'mutant');
    return true;
  } catch {
    return false;
  }
}
