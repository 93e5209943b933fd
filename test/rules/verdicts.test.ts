/**
 * Every rule's verdict() agrees with its check() (verdict-agrees.ts) on
 * every shipped scenario of arm64 and riscv, and on every single-call move
 * of it: the orders the fix search judges by verdict alone. Every rule of
 * those two plug-ins has a verdict(), so the search never writes a
 * finding's words (the rule fixtures check the same through rule-tester.ts).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReplayEngine } from '../../src/compare/engine.js';
import { machinesOf } from '../compare/load.js';
import { expectVerdictsAgree, forEachMove } from './verdict-agrees.js';

const FILES = ['arm64', 'riscv'].flatMap((arch) => readdirSync(`scenarios/${arch}`).filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/${arch}/${f}`));

describe.each(FILES)('%s', (file) => {
  it("every rule has a verdict(), and it is the rule's check() without the words, on the order and on every single-call move", { timeout: 60_000 }, async () => {
    let orders = 0;
    for (const { plugin, scenario } of await machinesOf(file)) {
      expect(plugin.rules.filter((r) => r.verdict === undefined).map((r) => r.meta.id)).toEqual([]);
      const engine = new ReplayEngine(plugin, scenario);
      forEachMove(engine, (trace, from, slot) => {
        for (const rule of plugin.rules) expectVerdictsAgree(rule, trace, `${scenario.file}: ${engine.base[from]?.call} to slot ${slot}`);
        orders++;
      });
    }
    expect(orders).toBeGreaterThan(0);
  });
});
