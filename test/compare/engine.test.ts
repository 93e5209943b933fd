/**
 * The snapshot engine against the plain pipeline: every single-call move of
 * a real order, replayed by resuming from a snapshot, must give exactly the
 * trace and findings of a replay from scratch; and every rule's cheap
 * verdict() must agree with its check().
 */
import { describe, expect, it } from 'vitest';
import { ReplayEngine, moveTo } from '../../src/compare/engine.js';
import { replayWith } from '../../src/replay/replay.js';
import { check } from '../../src/rules/index.js';
import { load } from './load.js';

const FILES = [
  'scenarios/x86_32/2.6.27-rc1-vmi-pae-4g.yaml',
  'scenarios/x86_32/2.6.27.4-vmi-early-dmi.yaml',
  'test/compare/fixtures/2.6.26-vmi-2g.yaml',
  'test/compare/fixtures/2.6.27-xen-pae.yaml',
];

describe.each(FILES)('%s', (file) => {
  const { plugin, scenario } = load(file);
  const engine = new ReplayEngine(plugin, scenario);
  const n = engine.base.length;

  it('resuming from snapshots gives the trace of a replay from scratch, for every single-call move', () => {
    let compared = 0;
    for (let from = 0; from < n; from += 3) {
      for (let slot = 0; slot < n; slot++) {
        const order = moveTo(engine.base, from, slot);
        const fast = engine.trace(order);
        const plain = replayWith(plugin, { ...scenario, steps: order.map((s, i) => ({ ...s, index: i + 1 })) });
        expect(fast.steps).toEqual(plain.steps);
        expect(fast.events).toEqual(plain.events);
        expect(fast.layout).toEqual(plain.layout);
        expect(check(fast, plugin)).toEqual(check(plain, plugin));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(n * 10);
  });

  it("every rule's verdict() is exactly its check() without the words", () => {
    for (let from = 0; from < n; from += 2) {
      for (let slot = 0; slot < n; slot += 2) {
        const trace = engine.trace(moveTo(engine.base, from, slot));
        for (const rule of plugin.rules) {
          if (rule.verdict === undefined) continue;
          const heads = rule.check(trace).map((f) => ({
            rule: f.rule, severity: f.severity, step: f.step, related: f.related.map((r) => r.step), harmless: f.harmless === true,
          }));
          const verdicts = rule.verdict(trace).map((v) => ({
            rule: v.rule, severity: v.severity, step: v.step, related: v.related.map((r) => r.step), harmless: v.harmless === true,
          }));
          expect(verdicts, `${rule.meta.id}, ${engine.base[from]?.call} to slot ${slot}`).toEqual(heads);
        }
      }
    }
  });

  it('the order itself is the scenario replay, and snapshots are not disturbed by replays', () => {
    const first = engine.trace(moveTo(engine.base, n - 1, 0));
    engine.trace(moveTo(engine.base, 0, n - 1));
    expect(engine.trace(moveTo(engine.base, n - 1, 0)).events).toEqual(first.events);
    expect(engine.trace(engine.base).events).toEqual(replayWith(plugin, scenario).events);
  });
});

describe('hasEffect (the plug-in hook)', () => {
  it('says which calls can change anything on this machine', () => {
    const { plugin, scenario } = load('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
    const e = new ReplayEngine(plugin, scenario);
    expect(['vmi_init', 'early_ioremap_init', 'dmi_scan_machine', 'find_low_pfn_range', 'init_memory_mapping'].every((c) => e.hasEffect(c))).toBe(true);
    // "none" in the catalog; effects switched off on this machine (no setup_data, no initrd, no EFI)
    expect(['copy_edd', 'io_delay_init', 'kvmclock_init', 'parse_setup_data', 'reserve_initrd', 'efi_init'].some((c) => e.hasEffect(c))).toBe(false);
  });
});
