/**
 * arm64's hasEffect (src/arch/arm64/effect-free.ts) against the replay: on
 * every shipped scenario, each call it calls effect-free emits nothing and
 * leaves the model as it was wherever it is replayed in the order, and each
 * call with an effect does something somewhere; which calls those are on a
 * DT and on an ACPI + UEFI machine.
 */
import { describe, expect, it } from 'vitest';
import { arm64, isArm64Scenario } from '../../../../src/arch/arm64/plugin.js';
import type { Arm64State } from '../../../../src/arch/arm64/replay/replay.js';
import { ReplayEngine } from '../../../../src/compare/engine.js';
import { check, shipped } from '../../effect-free-check.js';
import { machinesOf } from '../../../compare/load.js';

/** the model without what every step rewrites: mm_init()'s setup_arch() step, the step's BUG flag, the reachability cache */
const normal = (s: Arm64State): unknown => ({ ...s.model, lastSetupArchStep: null, bug: false, reach: null });

describe('arm64 hasEffect agrees with the replay', () => {
  it.each(shipped('arm64'))('%s', async (file) => {
    for (const v of await check(arm64, isArm64Scenario, file, normal)) expect(v.problems).toEqual([]);
  });

  it('v4.7 on a DT machine without KASAN (DEBUG_RODATA on): the catalog\'s "none" calls, efi_init, acpi_boot_table_init and kasan_init', async () => {
    const [v] = await check(arm64, isArm64Scenario, 'scenarios/arm64/v4.7.yaml', normal);
    expect(v?.effectFree).toEqual([
      'local_async_enable', 'efi_init', 'acpi_boot_table_init', 'kasan_init', 'psci_acpi_init', 'xen_early_init', 'cpu_read_bootcpu_ops',
      'smp_build_mpidr_hash',
    ]);
  });

  it('on an ACPI + UEFI machine with KASAN and DEBUG_RODATA the DT readers have none, efi_init, kasan_init and mark_rodata_ro one', async () => {
    const [m] = await machinesOf('scenarios/arm64/v4.7.yaml', ['machine.acpi=true', 'machine.efi=true', 'config.kasan=true', 'config.debug_rodata=true']);
    if (m === undefined) throw new Error('no machine');
    const e = new ReplayEngine(m.plugin, m.scenario);
    expect(['unflatten_device_tree', 'psci_dt_init', 'smp_init_cpus'].some((c) => e.hasEffect(c))).toBe(false);
    expect(['efi_init', 'acpi_boot_table_init', 'kasan_init', 'mark_rodata_ro'].every((c) => e.hasEffect(c))).toBe(true);
  });
});
