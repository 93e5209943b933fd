/**
 * riscv's hasEffect (src/arch/riscv/effect-free.ts) against the replay: on
 * every shipped scenario, each step it calls effect-free emits nothing and
 * leaves the model as it was wherever it is replayed in the order, and each
 * step with an effect does something somewhere; which steps those are with
 * and without KASAN and STRICT_KERNEL_RWX.
 */
import { describe, expect, it } from 'vitest';
import { isRiscvScenario, riscv } from '../../../../src/arch/riscv/plugin.js';
import type { RiscvState } from '../../../../src/arch/riscv/replay/replay.js';
import { ReplayEngine } from '../../../../src/compare/engine.js';
import { check, shipped } from '../../effect-free-check.js';
import { machinesOf } from '../../../compare/load.js';

/** the model without what every step rewrites: the setup_arch() step mm_init() follows */
const normal = (s: RiscvState): unknown => ({ ...s.model, lastSetupArchStep: null });

describe('riscv hasEffect agrees with the replay', () => {
  it.each(shipped('riscv'))('%s', async (file) => {
    for (const v of await check(riscv, isRiscvScenario, file, normal)) expect(v.problems).toEqual([]);
  });

  it('5.14 without KASAN: the steps that do nothing the model tracks, and kasan_init', async () => {
    const [v] = await check(riscv, isRiscvScenario, 'scenarios/riscv/v5.14.yaml', normal);
    expect(v?.effectFree).toEqual(['setup_initial_init_mm', 'jump_label_init', 'parse_early_param', 'sbi_init', 'kasan_init']);
  });

  it('kasan_init has an effect with KASAN, mark_rodata_ro only with STRICT_KERNEL_RWX', async () => {
    const effect = async (sets: string[], call: string): Promise<boolean> => {
      const [m] = await machinesOf('scenarios/riscv/v5.12.yaml', sets);
      if (m === undefined) throw new Error('no machine');
      return new ReplayEngine(m.plugin, m.scenario).hasEffect(call);
    };
    expect(await effect(['config.kasan=true'], 'kasan_init')).toBe(true);
    expect(await effect(['config.kasan=false'], 'kasan_init')).toBe(false);
    expect(await effect(['config.strict_kernel_rwx=true'], 'mark_rodata_ro')).toBe(true);
    expect(await effect(['config.strict_kernel_rwx=false'], 'mark_rodata_ro')).toBe(false);
  });
});
