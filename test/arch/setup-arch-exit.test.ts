/**
 * The reader between setup_arch() and kernel_init() (start_kernel()'s
 * mm_init() on arm64 and riscv): its need is reported once, attached to the
 * last setup_arch() step, whether the order goes on to late steps or ends
 * inside setup_arch(), and never for an order without a setup_arch() step.
 */
import { describe, expect, it } from 'vitest';
import { afterStep, beforeStep, needAtEnd, type ExitReader, type SetupArchExit } from '../../src/arch/setup-arch-exit.js';
import type { NeedEvent, StepRef } from '../../src/replay/trace.js';

const READER: ExitReader = { value: 'memmap', why: 'writes struct pages', reader: 'start_kernel() → mm_init()' };
const pos = { line: 1, col: 1 };
const step = (index: number, name: string): StepRef => ({ index, name, pos, implicit: false });

/** Replays `order` ([name, late]) through the helpers as a plug-in's apply() and finish() do. */
function replay(order: readonly (readonly [string, boolean])[], values: readonly string[]): { emitted: NeedEvent[]; atEnd: NeedEvent | undefined } {
  const track: SetupArchExit = { values: new Set(values), lastSetupArchStep: null, leftSetupArch: false };
  const emitted: NeedEvent[] = [];
  order.forEach(([name, late], i) => {
    const s = step(i + 1, name);
    beforeStep(track, late, READER, (e) => emitted.push(e));
    afterStep(track, s, late);
  });
  return { emitted, atEnd: needAtEnd(track, READER) };
}

describe('setup_arch() exit reader', () => {
  it('reports the need once, at the first late step, on the last setup_arch() step', () => {
    const r = replay([['paging_init', false], ['bootmem_init', false], ['free_initmem', true], ['mark_rodata_ro', true]], []);
    expect(r.emitted.map((e) => [e.step.name, e.value, e.present, e.reader])).toEqual([['bootmem_init', 'memmap', false, 'start_kernel() → mm_init()']]);
    expect(r.atEnd).toBeUndefined();
  });
  it('an order ending inside setup_arch() gets the need at the end (present when set)', () => {
    const r = replay([['paging_init', false], ['bootmem_init', false]], ['memmap']);
    expect(r.emitted).toEqual([]);
    expect(r.atEnd?.step.name).toBe('bootmem_init');
    expect(r.atEnd?.present).toBe(true);
  });
  it('no setup_arch() step: no need at all', () => {
    const r = replay([['free_initmem', true]], []);
    expect(r.emitted).toEqual([]);
    expect(r.atEnd).toBeUndefined();
  });
  it('a setup_arch() step written after a late step does not move where the need is reported', () => {
    const r = replay([['paging_init', false], ['free_initmem', true], ['bootmem_init', false]], []);
    expect(r.emitted.map((e) => e.step.name)).toEqual(['paging_init']);
    expect(r.atEnd).toBeUndefined();
  });
});
