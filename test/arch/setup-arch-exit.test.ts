/**
 * The reader between setup_arch() and kernel_init() (start_kernel()'s
 * mm_init() on arm64 and riscv): its need is reported once, attached to the
 * last setup_arch() step of the whole order, wherever late steps are written
 * (one among the setup_arch() calls is phase-order's finding, not where
 * setup_arch() returns), and never for an order without a setup_arch() step.
 */
import { describe, expect, it } from 'vitest';
import { afterStep, needAtEnd, type ExitReader, type SetupArchExit } from '../../src/arch/setup-arch-exit.js';
import type { NeedEvent, StepRef } from '../../src/replay/trace.js';

const READER: ExitReader = { value: 'memmap', why: 'writes struct pages', reader: 'start_kernel() → mm_init()' };
const pos = { line: 1, col: 1 };
const step = (index: number, name: string): StepRef => ({ index, name, pos, implicit: false });

/** Replays `order` ([name, late, sets memmap]) through the helpers as a plug-in's apply() and finish() do. */
function replay(order: readonly (readonly [string, boolean, boolean?])[]): NeedEvent | undefined {
  const values = new Set<string>();
  const track: SetupArchExit = { values, lastSetupArchStep: null };
  order.forEach(([name, late, sets], i) => {
    if (sets === true) values.add('memmap');
    afterStep(track, step(i + 1, name), late);
  });
  return needAtEnd(track, READER);
}

describe('setup_arch() exit reader', () => {
  it('the need is on the last setup_arch() step, after late steps too', () => {
    const need = replay([['paging_init', false], ['bootmem_init', false], ['free_initmem', true], ['mark_rodata_ro', true]]);
    expect([need?.step.name, need?.value, need?.present, need?.reader]).toEqual(['bootmem_init', 'memmap', false, 'start_kernel() → mm_init()']);
  });
  it('present when a setup_arch() step set the value', () => {
    expect(replay([['paging_init', false], ['bootmem_init', false, true]])?.present).toBe(true);
  });
  it('no setup_arch() step: no need at all', () => {
    expect(replay([['free_initmem', true]])).toBeUndefined();
  });
  it('a late step written among the setup_arch() calls does not move where setup_arch() returns (review 19a, F6)', () => {
    // free_initmem after parse_dtb: phase-order reports it; mm_init still follows misc_mem_init, which set memmap
    const need = replay([['parse_dtb', false], ['free_initmem', true], ['misc_mem_init', false, true], ['riscv_fill_hwcap', false]]);
    expect([need?.step.name, need?.present]).toEqual(['riscv_fill_hwcap', true]);
    // a late step first: the need is still there
    expect(replay([['free_initmem', true], ['parse_dtb', false]])?.step.name).toBe('parse_dtb');
  });
  it('trace reads every shipped arm64 and riscv scenario in step order, the mm_init() need on its step before the late steps (helper-176)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { parseScenario } = await import('../../src/scenario/loader.js');
    const { replayWith } = await import('../../src/replay/replay.js');
    const { formatTrace } = await import('../../src/report/trace-text.js');
    const { PLAIN } = await import('../../src/report/text.js');
    let needs = 0;
    let checked = 0;
    for (const arch of ['arm64', 'riscv']) {
      const dir = new URL(`../../scenarios/${arch}/`, import.meta.url);
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
        const text = readFileSync(new URL(f, dir), 'utf8');
        if (/^(extends|matrix):/m.test(text)) continue;
        const r = parseScenario(text, f);
        if (!r.ok) continue;
        const lines = formatTrace(r.plugin, replayWith(r.plugin, r.scenario), PLAIN, true).split('\n').slice(1);
        // the step number a line starts (blank for the step's further lines)
        const steps = lines.map((l) => /^ *(\d+) /.exec(l)?.[1]).filter((x) => x !== undefined).map(Number);
        expect(steps.every((x, i) => i === 0 || x >= (steps[i - 1] ?? 0)), `${arch}/${f}: ${steps.join(' ')}`).toBe(true);
        if (lines.some((l) => l.includes('then start_kernel() → mm_init()'))) needs++;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(needs).toBeGreaterThan(10);
  });
});
