/**
 * A boot that a finding halts (Verdict.halts) has no state "after boot": the
 * layout views show the order replayed up to the halting step and say so in
 * their head, generically (src/replay/halt-point.ts), for `layout`,
 * `layout --ptdump` and `run --layout`.
 */
import { describe, expect, it } from 'vitest';
import { firstHalt, haltView } from '../../src/replay/halt-point.js';
import { replayWith } from '../../src/replay/replay.js';
import type { StepRef } from '../../src/replay/trace.js';
import { check } from '../../src/rules/index.js';
import type { Verdict } from '../../src/rules/types.js';
import { resultOf } from '../../src/report/result.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { parseVariants } from '../../src/scenario/loader.js';
import { shipped, withoutExpect } from './helpers.js';

/** Loads a scenario that extends a shipped base file, replays it and runs the rules. */
function replayed(base: string, text: string) {
  const r = parseVariants(text, 'x/derived.yaml', memoryReader({ 'x/base.yaml': withoutExpect(shipped(base)) }));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const v = r.variants[0];
  if (v === undefined || !v.ok) throw new Error('no variant');
  const trace = replayWith(r.plugin, v.scenario);
  return { plugin: r.plugin, trace, findings: check(trace, r.plugin) };
}

const step = (index: number, name: string): StepRef => ({ index, name, pos: { line: 1, col: 1 }, implicit: false });
const verdict = (index: number, halts?: true): Verdict => ({ rule: 'r', severity: 'error', step: step(index, `s${index}`), related: [], ...(halts ? { halts } : {}) });

describe('firstHalt', () => {
  it('is the halting finding at the earliest step, whatever the list order', () => {
    expect(firstHalt([verdict(2), verdict(9, true), verdict(4, true), verdict(1)])?.step.index).toBe(4);
    expect(firstHalt([verdict(2), verdict(3)])).toBeUndefined();
  });
});

describe('riscv 5.10 with KASAN: kasan_init() faults (kasan-shadow-fault halts)', () => {
  const { plugin, trace, findings } = replayed('scenarios/riscv/v5.10.yaml', 'extends: base.yaml\nname: k\nconfig: {kasan: true}\n');
  const r = resultOf(plugin, trace, findings, undefined, { ptdump: true });
  it('the dump and the map are of the tables when kasan_init halts the kernel, not after boot', () => {
    expect(r.ptdumpText?.head).toMatch(/^x\/derived\.yaml: kernel_page_tables as they are when step \d+ kasan_init halts the kernel \(kasan-shadow-fault\), without the \d+ steps after it \(riscv 5\.10,/);
    expect(r.ptdumpText?.head).not.toMatch(/after boot/);
    expect(r.layoutText?.head).toMatch(/^x\/derived\.yaml: layout when step \d+ kasan_init halts the kernel \(kasan-shadow-fault\), without the \d+ steps after it: sv39,/);
  });
  it('the later steps are not in it: the linear map is still PAGE_KERNEL_EXEC (mark_rodata_ro() never runs)', () => {
    const linear = r.ptdumpText?.rows.filter((row) => row.startsWith('0xffffffe0')) ?? [];
    expect(linear).toEqual(['0xffffffe000000000-0xffffffe07fe00000    0x0000000080200000      2046M PMD     D A . . X W R V']);
    expect(haltView(plugin, trace, findings)?.trace.steps.at(-1)?.name).toBe('kasan_init');
  });
});

describe('a boot no finding halts', () => {
  it('riscv 5.12 with KASAN: after boot', () => {
    const { plugin, trace, findings } = replayed('scenarios/riscv/v5.12.yaml', 'extends: base.yaml\nname: k\nconfig: {kasan: true}\n');
    expect(haltView(plugin, trace, findings)).toBeUndefined();
    expect(resultOf(plugin, trace, findings, undefined, { ptdump: true }).ptdumpText?.head).toMatch(/kernel_page_tables after boot \(riscv 5\.12,/);
  });
});

describe('arm64 v4.6 with paging_init first: early_pgtable_alloc() finds no memory (pgtable-alloc-outside-map halts)', () => {
  const { plugin, trace, findings } = replayed('scenarios/arm64/v4.6.yaml', 'extends: base.yaml\nname: p\npatch:\n  - move: paging_init\n    before: setup_machine_fdt\n');
  it('the dump is of swapper_pg_dir when paging_init halts the kernel', () => {
    const r = resultOf(plugin, trace, findings, undefined, { ptdump: true });
    expect(r.ptdumpText?.head).toMatch(/^x\/derived\.yaml: kernel_page_tables as they are when step 3 paging_init halts the kernel \(pgtable-alloc-outside-map\), without the \d+ steps after it \(arm64 v4\.6,/);
    expect(r.layoutText?.head).toMatch(/^x\/derived\.yaml: layout when step 3 paging_init halts the kernel/);
  });
});
