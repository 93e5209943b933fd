/**
 * The catalog calls of one kernel that provide something: a value
 * (effects.ts VALUES), the direct map, the fixmap page tables. What a finding
 * about something no step of the order provides names as the calls to insert
 * (Finding.setters), read from the catalog rather than spelled per rule, so
 * that they follow the kernel: max_low_pfn is find_low_pfn_range's from
 * 2.6.27-rc1, setup_memory's in 2.6.26; the direct map and the fixmap page
 * tables are init_memory_mapping's from 2.6.27-rc1, paging_init's
 * (pagetable_init) in 2.6.26.
 */
import { availability, effectsOf } from './catalog.js';
import { CALL_NAMES, type CallName } from './catalog-names.js';
import type { Effect, Value } from './effects.js';
import type { KernelVersion } from './kernel-version.js';

const cache = new Map<string, readonly CallName[]>();

/**
 * The calls `kernel`'s setup_arch() makes that have an effect `test` accepts with no `when` (on every machine), in catalog
 * order; with `anyMachine`, also under a `when`. `what` names the test for the cache.
 */
function callsWith(what: string, test: (e: Effect) => boolean, kernel: KernelVersion, anyMachine = false): readonly CallName[] {
  const key = `${what}|${anyMachine ? 'any' : 'every'}|${kernel.text}`;
  let out = cache.get(key);
  if (out === undefined) {
    out = CALL_NAMES.filter((c) => availability(c, kernel).ok && effectsOf(c, kernel).some((e) => test(e) && (anyMachine || !('when' in e && e.when !== undefined))));
    cache.set(key, out);
  }
  return out;
}

/**
 * The calls `kernel`'s setup_arch() makes that set `value` (catalog order), with no `when`: they set it on
 * every machine. bm_pte is early_ioremap_init's own effect (the interpreter records it as set).
 */
export function settersOf(value: Value, kernel: KernelVersion): readonly CallName[] {
  return callsWith(`sets ${value}`, (e) => (e.op === 'sets' && e.value === value) || (value === 'bm_pte' && e.op === 'early_ioremap_init'), kernel);
}

/**
 * The calls that set `value` on some machine: settersOf and those whose `sets` has a `when` (efi_init sets efi only
 * if efi_enabled, arch/x86/kernel/setup.c:711-712 at caglar10ur/linux-2.6.27.y@3fa8749e584b; break-290 N7).
 */
export function settersOnSomeMachine(value: Value, kernel: KernelVersion): readonly CallName[] {
  return callsWith(`sets ${value}`, (e) => (e.op === 'sets' && e.value === value) || (value === 'bm_pte' && e.op === 'early_ioremap_init'), kernel, true);
}

/**
 * The calls that rewrite the direct map with PAGE_KERNEL[_EXEC]
 * (kernel_physical_mapping_init): 2.6.26's paging_init → pagetable_init
 * (DerArtem/android-tegra-2.6.36-hc-dev@bce7f793dae:arch/x86/mm/init_32.c:401), from
 * 2.6.27-rc1 init_memory_mapping (4e29684c40f).
 */
export function directMapWriters(kernel: KernelVersion): readonly CallName[] {
  return callsWith('kernel_physical_mapping_init', (e) => e.op === 'kernel_physical_mapping_init', kernel);
}

/**
 * The calls that build the fixmap page tables (page_table_range_init over
 * the fixmap): 2.6.26's paging_init → pagetable_init (…@bce7f793dae:
 * arch/x86/mm/init_32.c:411), from 2.6.27-rc1
 * init_memory_mapping → early_ioremap_page_table_range_init
 * (DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05:arch/x86/mm/init_32.c:498-511).
 */
export function fixmapTableBuilders(kernel: KernelVersion): readonly CallName[] {
  return callsWith('build_fixmap_pagetables', (e) => e.op === 'build_fixmap_pagetables', kernel);
}
