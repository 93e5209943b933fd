/**
 * riscv's ArchPlugin.sameState (src/arch/riscv/replay/same-state.ts) on
 * states built from the v5.14 order: the same state reached with other
 * StepRefs or by commuting calls is the same; any difference in a mapping,
 * a fixmap slot's pending fence, memblock, a flag or a held StepRef is not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { riscv } from '../../../../src/arch/riscv/plugin.js';
import type { RiscvState } from '../../../../src/arch/riscv/replay/replay.js';
import { sameRiscv } from '../../../../src/arch/riscv/replay/same-state.js';
import type { RiscvScenario } from '../../../../src/arch/riscv/types.js';
import { replaySteps, sameCall } from '../../replay-steps.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { ROOT } from '../../../compare/load.js';

const FILE = 'scenarios/riscv/v5.14.yaml';
const loaded = parseScenario(readFileSync(`${ROOT}/${FILE}`, 'utf8'), FILE);
if (!loaded.ok) throw new Error(`${FILE} does not load`);
const scenario = loaded.scenario as RiscvScenario;
const calls = scenario.steps.map((s) => s.call);

const { ref, after } = replaySteps(riscv, scenario);


const same = (a: RiscvState, b: RiscvState): boolean => sameRiscv(a, b, sameCall);
const PREFIX = calls.slice(0, calls.indexOf('paging_init') + 1);
const base = after(PREFIX);

describe('riscv sameState', () => {
  it('the same calls with other StepRefs are the same state; sameStep decides about the steps', () => {
    const rest = calls.slice(PREFIX.length);
    const a = after(rest, base, PREFIX.length + 1);
    const b = after(rest, base, PREFIX.length + 5);
    expect(same(a, b)).toBe(true);
    expect(sameRiscv(a, b, () => false)).toBe(false);
  });

  it('two calls that commute, in either order, followed by the same call, are the same state; two that do not, not', () => {
    const a = after(['sbi_init', 'setup_smp', 'riscv_fill_hwcap'], base, 20);
    const b = after(['setup_smp', 'sbi_init', 'riscv_fill_hwcap'], base, 30);
    expect(same(a, b)).toBe(true);
    // paging_init (setup_vm_final) before parse_dtb (memblock.memory from /memory): other mappings
    const start = after([]);
    const good = after(['parse_dtb', 'paging_init', 'riscv_fill_hwcap'], start);
    const early = after(['paging_init', 'parse_dtb', 'riscv_fill_hwcap'], start);
    expect(same(good, early)).toBe(false);
    expect(good.model.lastSetupArchStep?.name).toBe(early.model.lastSetupArchStep?.name);
  });

  it('any one difference', () => {
    const step = ref('paging_init', 7);
    const edits: ((s: RiscvState) => void)[] = [
      (s) => { s.model.roots.swapper.push({ kind: 'linear', start: 0, end: 4096, pa: 0, leaf: 4096, perm: { r: true, w: true, x: false } }); },
      (s) => {
        const m = s.model.roots.swapper[0];
        if (m === undefined) throw new Error('no swapper mapping');
        s.model.roots.swapper[0] = { ...m, perm: { ...m.perm, x: !m.perm.x } };
      },
      (s) => { s.model.fixmap.FIX_PTE = { pa: 0x80000000, pending: true, setBy: step }; },
      (s) => { s.model.btmap = s.model.btmap.map((h, i) => (i === 0 ? { what: 'fdt', pa: 0, step } : h)); },
      (s) => { s.model.allocs = [...s.model.allocs, { start: 0, end: 4096 }]; },
      (s) => { s.model.memory = []; },
      (s) => { s.model.linearFinal = !s.model.linearFinal; },
      (s) => { s.model.satp = s.model.satp === 'swapper' ? 'early_pg_dir' : 'swapper'; },
      (s) => { s.model.touched.add('text'); },
      (s) => { s.model.values.add('test-value' as never); },
      (s) => { s.model.bpfNext += 4096; },
      (s) => { s.model.lastSetupArchStep = ref('efi_init', 6); },
    ];
    for (const [i, edit] of edits.entries()) {
      const b = riscv.clone(base);
      edit(b);
      expect(same(base, b) || same(b, base), `edit ${i}`).toBe(false);
    }
    expect(same(riscv.clone(base), base)).toBe(true);
  });
});
