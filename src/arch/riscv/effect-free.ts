/**
 * Which riscv steps can change anything on a given scenario: the
 * ArchPlugin.hasEffect hook, for the reasoning commands (`constraints`
 * leaves steps without an effect out of the ordering contract, `suggest`
 * and the fix hints do not count moves past them, `bisect` reports them).
 *
 * Derived from the step catalog (catalog.ts), as applyRiscv replays it: a
 * step's effects under the scenario's profile (kernel and
 * STRICT_KERNEL_RWX), or a `define:` call's own, and the interpreter
 * (replay/interpreter.ts applyEffect) runs an effect only when its `when`
 * holds, a test of the scenario's config and machine alone. So a step has an
 * effect when one of its effects has no `when` or one that holds; every
 * other step leaves the model as it is and emits nothing wherever it stands
 * (test/arch/riscv/model/effect-free.test.ts replays each on the shipped
 * scenarios). What is left on a machine:
 *   - catalog entries that do nothing the model tracks:
 *     setup_initial_init_mm, jump_label_init, parse_early_param (the model
 *     has no command line), sbi_init (arch/riscv/kernel/setup.c
 *     setup_arch(): ejga2001/linux-5.10.7@d71d8a767497 :67-110,
 *     Kingdo777/linux-5.14.2-faascale-host@21101b620aab :263-298);
 *   - kasan_init without config.kasan, mark_rodata_ro without
 *     config.strict_kernel_rwx.
 * Every such step still runs in its phase: the generic phase-order and
 * duplicate-call rules still judge where it is written, as `run` shows.
 */
import { effectsOf } from './catalog.js';
import { isCallName } from './catalog-names.js';
import { profileOf } from './profile.js';
import { holds } from './replay/context.js';
import type { RiscvScenario } from './types.js';

export function hasEffectRiscv(call: string, scenario: RiscvScenario): boolean {
  // a call the scenario defines (define:) has the effects it declares, as applyRiscv runs them
  const effects = scenario.defined[call]?.compiled
    ?? (isCallName(call) ? effectsOf(call, profileOf(scenario.kernel, scenario.config)) : undefined);
  // as applyEffect tests it: an op without a `when` always runs
  return effects !== undefined && effects.some((e) => !('when' in e) || e.when === undefined || holds({ scenario }, e.when));
}
