/**
 * Which arm64 calls can change anything on a given scenario: the
 * ArchPlugin.hasEffect hook, for the reasoning commands (`constraints`
 * leaves calls without an effect out of the ordering contract, `suggest`
 * and the fix hints do not count moves past them, `bisect` reports them).
 *
 * Derived from the call catalog (catalog.ts), as applyArm64 replays it: a
 * call's effects under the scenario's kernel, or a `define:` call's own, and
 * the interpreter (replay/interpreter.ts applyEffect) runs an effect only when
 * its `when` holds, a test of the scenario's config and machine alone. So a
 * call has an effect when one of its effects has no `when` or one that holds;
 * every other call leaves the model as it is and emits nothing wherever it
 * stands (test/arch/arm64/model/effect-free.test.ts replays each on the
 * shipped scenarios). What is left on a machine:
 *   - catalog entries documented "none": local_async_enable,
 *     relocate_initrd (the model has no mem=), psci_acpi_init,
 *     xen_early_init, cpu_read_bootcpu_ops, smp_build_mpidr_hash
 *     (rivsidn/linux-4.4.155@a1961d75 arch/arm64/kernel/setup.c:303-341);
 *   - efi_init without machine.efi, acpi_boot_table_init without
 *     machine.acpi, unflatten_device_tree, psci_dt_init and smp_init_cpus
 *     with machine.acpi (the DT paths setup_arch() skips when acpi_disabled
 *     is false), kasan_init without config.kasan, mark_rodata_ro without
 *     config.debug_rodata.
 * Every such call still runs in setup_arch() (or kernel_init()): the
 * generic phase-order and duplicate-call rules still judge where it is
 * written, as `run` shows.
 */
import { effectsOf } from './catalog.js';
import { isCallName } from './catalog-names.js';
import { holds } from './replay/interpreter.js';
import type { Arm64Scenario } from './types.js';

export function hasEffectArm64(call: string, scenario: Arm64Scenario): boolean {
  // a call the scenario defines (define:) has the effects it declares, as applyArm64 runs them
  const effects = scenario.defined[call]?.compiled ?? (isCallName(call) ? effectsOf(call, scenario.kernel) : undefined);
  return effects !== undefined && effects.some((e) => e.when === undefined || holds({ scenario }, e.when));
}
