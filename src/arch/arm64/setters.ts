/**
 * The catalog calls of one arm64 kernel that set a value (effects.ts Value)
 * on one machine: what a missing-prerequisite finding about a value no step
 * of the order sets names as the calls to insert (Finding.setters), read
 * from the catalog rather than spelled per value, so that they follow the
 * kernel and the machine: memmap is bootmem_init's on v4.7 and paging_init's
 * on v4.4 and v4.6 (which call bootmem_init themselves,
 * rivsidn/linux-4.4.155@a1961d75:arch/arm64/mm/mmu.c:455 in paging_init;
 * calebwilliamsd/linux-4.7.4-casio@01851de9:arch/arm64/kernel/setup.c:271);
 * memblock is setup_machine_fdt's on a DT machine and efi_init's under UEFI.
 */
import { availability, CATALOG, effectsOf } from './catalog.js';
import { CALL_NAMES, type CallName } from './catalog-names.js';
import type { Value } from './effects.js';
import { holds } from './replay/interpreter.js';
import type { Arm64Scenario } from './types.js';
import { cachedFor } from '../../memo.js';

/** settersOf's answers by scenario and value. */
const SETTERS = new WeakMap<Arm64Scenario, Map<Value, readonly CallName[]>>();

/**
 * The setup_arch() and kernel_init() calls (not the fixmap helpers) that
 * `scenario`'s kernel makes and that set `value` on its machine and config
 * (an effect whose `when` holds), in catalog order.
 */
export function settersOf(value: Value, scenario: Arm64Scenario): readonly CallName[] {
  // a scenario is an immutable value: the rules ask for each trace of it (every replay of a fix search)
  return cachedFor(SETTERS, scenario, value, () => settersOfUncached(value, scenario));
}

function settersOfUncached(value: Value, scenario: Arm64Scenario): readonly CallName[] {
  return CALL_NAMES.filter((c) => CATALOG[c].kind !== 'helper' && availability(c, scenario.kernel).ok
    && effectsOf(c, scenario.kernel).some((e) => e.op === 'sets' && e.value === value && (e.when === undefined || holds({ scenario }, e.when))));
}
