/**
 * The snapshot engine against the plain pipeline: every single-call move of
 * a real order, replayed by resuming from a snapshot, must give exactly the
 * trace and findings of a replay from scratch; and every rule's cheap
 * verdict() must agree with its check().
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReplayEngine, moveTo } from '../../src/compare/engine.js';
import { replayWith } from '../../src/replay/replay.js';
import { check, verdicts } from '../../src/rules/index.js';
import type { ArchPlugin } from '../../src/arch/types.js';
import type { Trace } from '../../src/replay/trace.js';
import type { Scenario } from '../../src/scenario/types.js';
import { expectVerdictsAgree } from '../rules/verdict-agrees.js';
import { load, machinesOf, ROOT } from './load.js';

const FILES = [
  'scenarios/x86_32/2.6.27-rc1-vmi-pae-4g.yaml',
  'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml',
  'test/compare/fixtures/2.6.26-vmi-2g.yaml',
  'test/compare/fixtures/2.6.27-xen-pae.yaml',
  // the order `npm run bench` moves every call of
  'test/compare/fixtures/2.6.27-vmi.yaml',
  'scenarios/arm64/v4.6-kaslr.yaml',
  'scenarios/arm64/seed-002-rutland-fixmap-pgtables.yaml',
  'scenarios/riscv/v5.14.yaml',
  'scenarios/riscv/v5.12-memblock-resize-before-final.yaml',
];

/**
 * Every shipped arm64 and riscv scenario not in FILES (those that extend another file too, loaded as the CLI
 * does): their plug-ins' sameState (arm64) and finish()'s own events (mm_init()'s need) meet the engine here.
 */
const SHIPPED = ['arm64', 'riscv'].flatMap((arch) => readdirSync(`${ROOT}/scenarios/${arch}`).filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/${arch}/${f}`))
  .filter((f) => !FILES.includes(f));
const SHIPPED_LOADED: { file: string; plugin: ArchPlugin; scenario: Scenario }[] = [];
for (const file of SHIPPED) {
  const [m] = await machinesOf(file);
  if (m === undefined) throw new Error(`${file}: no machine`);
  SHIPPED_LOADED.push({ file, ...m });
}

/** The trace without its scenario (an engine order's is a copy with the steps renumbered): every other field, final state included. */
function body(t: Trace): Omit<Trace, 'scenario'> {
  const { scenario: _, ...rest } = t;
  return rest;
}

describe.each(FILES)('%s', (file) => {
  const { plugin, scenario } = load(file);
  const engine = new ReplayEngine(plugin, scenario);
  const n = engine.base.length;

  it('resuming, rejoining and renumbering give the trace and findings of a replay from scratch, for every single-call move', { timeout: 120_000 }, () => {
    let compared = 0;
    for (let from = 0; from < n; from++) {
      for (let slot = 0; slot < n; slot++) {
        const order = moveTo(engine.base, from, slot);
        const fast = engine.trace(order);
        const plain = replayWith(plugin, { ...scenario, steps: order.map((s, i) => ({ ...s, index: i + 1 })) });
        const what = `${engine.base[from]?.call} to slot ${slot}`;
        // the whole trace: steps, events and the final state (page tables with the steps that wrote them)
        expect(body(fast), what).toEqual(body(plain));
        expect(fast.scenario.steps, what).toEqual(plain.scenario.steps);
        // one StepRef per step, as in a replay: the events name the trace's own steps
        const own = new Set(fast.steps);
        expect(fast.events.every((e) => own.has(e.step)), what).toBe(true);
        expect(verdicts(fast, plugin), what).toEqual(verdicts(plain, plugin));
        // and the engine's own verdicts (for an order that only moves inert calls: the scenario's, renumbered)
        expect(engine.verdicts(order), what).toEqual(verdicts(plain, plugin));
        expect(check(fast, plugin), what).toEqual(check(plain, plugin));
        compared++;
      }
    }
    expect(compared).toBe(n * n);
  });

  it("every rule's verdict() is exactly its check() without the words", () => {
    for (let from = 0; from < n; from += 2) {
      for (let slot = 0; slot < n; slot += 2) {
        const trace = engine.trace(moveTo(engine.base, from, slot));
        for (const rule of plugin.rules) expectVerdictsAgree(rule, trace, `${engine.base[from]?.call} to slot ${slot}`);
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

describe.each(SHIPPED_LOADED.map((m) => [m.file, m] as const))('%s (shipped)', (_file, { plugin, scenario }) => {
  it('every single-call move gives the trace and findings of a replay from scratch', { timeout: 120_000 }, () => {
    const engine = new ReplayEngine(plugin, scenario);
    const n = engine.base.length;
    for (let from = 0; from < n; from++) {
      for (let slot = 0; slot < n; slot++) {
        const order = moveTo(engine.base, from, slot);
        const plain = replayWith(plugin, { ...scenario, steps: order.map((s, i) => ({ ...s, index: i + 1 })) });
        const what = `${engine.base[from]?.call} to slot ${slot}`;
        expect(body(engine.trace(order)), what).toEqual(body(plain));
        expect(engine.verdicts(order), what).toEqual(verdicts(plain, plugin));
        expect(check(engine.trace(order), plugin), what).toEqual(check(plain, plugin));
      }
    }
  });
});

describe('hasEffect (the plug-in hook)', () => {
  it('says which calls can change anything on this machine', () => {
    const { plugin, scenario } = load('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
    const e = new ReplayEngine(plugin, scenario);
    expect(['vmi_init', 'early_ioremap_init', 'dmi_scan_machine', 'find_low_pfn_range', 'init_memory_mapping'].every((c) => e.hasEffect(c))).toBe(true);
    // "none" in the catalog; effects switched off on this machine (no setup_data, no ohci1394_dma=early)
    expect(['copy_edd', 'kvmclock_init', 'init_ohci1394_dma_on_all_controllers', 'early_quirks'].some((c) => e.hasEffect(c))).toBe(false);
    // an early_ioremap() user that maps nothing here (no setup_data, no EFI) still needs bm_pte where it maps:
    // early_ioremap_init before it is part of the contract (review 13a, 1.1)
    expect(['parse_setup_data', 'e820_reserve_setup_data', 'reserve_early_setup_data'].every((c) => e.hasEffect(c))).toBe(true);
    // a need that is harmless on this machine still has a place that matters: run before its input, the call is
    // reported (a latent warning) and the fix search refuses that order (acpi_mps_check: CONFIG_X86_MPPARSE=y;
    // early_dump_pci_devices: no pci=earlydump; finish_e820_parsing: no mem=/memmap=; reserve_initrd: no initrd)
    expect(['acpi_mps_check', 'early_dump_pci_devices', 'finish_e820_parsing', 'reserve_initrd'].every((c) => e.hasEffect(c))).toBe(true);
    // efi_init sets the EFI tables DMI reads even on a BIOS machine (kind 3), and io_delay_init needs DMI for its
    // quirk table (a hazard the model cannot judge on this machine): both have a place that matters
    expect(['efi_init', 'io_delay_init'].every((c) => e.hasEffect(c))).toBe(true);
  });
});

describe('rejoining and renumbering (x86_32: ArchPlugin.sameState and inert)', () => {
  it('most single moves of the 2.6.27 order reuse the recording: inert calls renumber it, the rest rejoin it after the moved range', () => {
    const { plugin, scenario } = load('test/compare/fixtures/2.6.27-vmi.yaml');
    const engine = new ReplayEngine(plugin, scenario);
    const n = engine.base.length;
    for (let from = 0; from < n; from++) for (let slot = 0; slot < n; slot++) if (slot !== from) engine.trace(moveTo(engine.base, from, slot));
    const moves = n * (n - 1);
    const inert = engine.base.filter((s) => plugin.inert?.(s.call, scenario) === true).length;
    // 21 of its 55 calls do nothing on this machine (copy_edd, kvmclock_init, …): each of their moves is renumbered,
    // and so are the moves of the other calls past inert calls only. (28 until acpi_mps_check, early_dump_pci_devices
    // and finish_e820_parsing got their early-param needs, 25 until reserve_early_setup_data did: a move before
    // parse_early_param reports them; 24 until parse_setup_data and e820_reserve_setup_data got their latent bm_pte
    // need and acpi_numa_init its need of the ACPI table list.)
    expect(inert).toBe(21);
    expect(engine.renumbered).toBeGreaterThan(inert * (n - 1));
    // the moves of the others mostly rejoin: the state after the moved range is the recorded one, renumbered
    expect(engine.rejoined).toBeGreaterThan((moves - engine.renumbered) / 2);
  });

  it('a call moved one place later than the last order resumes where that replay left off; in any other sequence the traces are the same', { timeout: 120_000 }, () => {
    const { plugin, scenario } = load('test/compare/fixtures/2.6.27-vmi.yaml');
    const n = scenario.steps.length;
    const moves: [number, number][] = [];
    for (let from = 0; from < n; from++) for (let slot = 0; slot < n; slot++) if (slot !== from) moves.push([from, slot]);
    const inOrder = new ReplayEngine(plugin, scenario);
    for (const [from, slot] of moves) inOrder.trace(moveTo(inOrder.base, from, slot));
    // MoveTable's order (slots ascending): most later moves continue the previous replay
    expect(inOrder.continued).toBeGreaterThan(400);
    // the same moves shuffled (a fixed linear congruential sequence), and each twice in a row: every trace is a plain replay's
    let seed = 12345;
    for (let i = moves.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [moves[i], moves[j]] = [moves[j] as [number, number], moves[i] as [number, number]];
    }
    const shuffled = new ReplayEngine(plugin, scenario);
    for (const [from, slot] of moves.slice(0, 600)) {
      const order = moveTo(shuffled.base, from, slot);
      const plain = replayWith(plugin, { ...scenario, steps: order.map((s, i) => ({ ...s, index: i + 1 })) });
      for (let twice = 0; twice < 2; twice++) {
        const fast = shuffled.trace(order);
        expect(body(fast), `${from} to ${slot}`).toEqual(body(plain));
        expect(shuffled.verdicts(order), `${from} to ${slot}`).toEqual(verdicts(plain, plugin));
      }
    }
    expect(shuffled.continued).toBeGreaterThan(0);
  });

  it('an inert call is one whose effects are all switched off on this machine', () => {
    const { plugin, scenario } = load('test/compare/fixtures/2.6.27-vmi.yaml');
    expect(plugin.inert?.('copy_edd', scenario)).toBe(true);
    expect(plugin.inert?.('vmi_init', scenario)).toBe(false);
    // parse_setup_data maps setup_data only on a machine that has it (when: machine.setup_data), and needs
    // bm_pte on every machine (a harmless need where it maps nothing): never inert
    expect(plugin.inert?.('parse_setup_data', scenario)).toBe(false);
    const withData = load('test/compare/fixtures/2.6.27-vmi.yaml', (t) => t.replace('  hypervisor: vmi\n', '  hypervisor: vmi\n  setup_data: true\n'));
    expect(plugin.inert?.('parse_setup_data', withData.scenario)).toBe(false);
  });
});
