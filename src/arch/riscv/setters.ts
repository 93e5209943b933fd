/**
 * The catalog calls of one riscv kernel that set a value (effects.ts Value)
 * on one machine: what a missing-prerequisite finding about a value no step
 * of the order sets names as the calls to insert (Finding.setters), read
 * from the catalog under the scenario's profile rather than spelled per
 * value, so that they follow the kernel: memblock is setup_bootmem's up to
 * 5.13 and paging_init's on 5.14, which calls setup_bootmem itself
 * (f842f5ff6aaf, arch/riscv/mm/init.c; catalog.ts's paging_init).
 */
import { availability, CATALOG, effectsOf } from './catalog.js';
import { CALL_NAMES, type CallName } from './catalog-names.js';
import type { Value } from './effects.js';
import { holds } from './replay/context.js';
import type { RiscvTrace } from './types.js';

/**
 * The calls `trace`'s kernel makes in setup_arch() (not the late steps) that
 * set `value` on its machine and config (an effect whose `when` holds), in
 * catalog order.
 */
export function settersOf(value: Value, trace: Pick<RiscvTrace, 'scenario' | 'profile'>): readonly CallName[] {
  const { scenario, profile } = trace;
  return CALL_NAMES.filter((c) => CATALOG[c].late === undefined && availability(c, scenario.kernel).ok
    && effectsOf(c, profile).some((e) => e.op === 'sets' && e.value === value && (e.when === undefined || holds({ scenario }, e.when))));
}
