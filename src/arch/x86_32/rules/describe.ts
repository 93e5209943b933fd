/**
 * Shared phrasing for findings: step labels, addresses and value names. The
 * placement hints ("move vmi_init after find_low_pfn_range") are not written
 * here: they are replayed and verified by src/compare/fix-hints.ts.
 */
import type { Value } from '../effects.js';
import type { EventOf, RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { FIXMAPS_SET_COUNTER, SET_PTE_VADDR, has } from '../history.js';
import { hex } from '../../../units.js';
import { eventIndex } from '../../../replay/event-index.js';
export { hex, size } from '../../../units.js';

export function label(step: StepRef): string {
  return step.implicit ? `${step.name} (before setup_arch)` : `${step.name} (step ${step.index})`;
}

/** the function of __set_fixmap() that BUG()s on a missing page table: set_pte_pfn() in 2.6.26 (history.ts SET_PTE_VADDR) */
export function setPteFunction(trace: Trace): string {
  return has(trace.scenario.kernel, SET_PTE_VADDR) ? 'set_pte_vaddr()' : 'set_pte_pfn()';
}

/** fixmaps_set was called fixmaps in 2.6.26's pgtable_32.c (history.ts FIXMAPS_SET_COUNTER) */
export function fixmapCounter(trace: Trace): string {
  return has(trace.scenario.kernel, FIXMAPS_SET_COUNTER) ? 'fixmaps_set' : 'fixmaps';
}

export const VALUE_NAMES: Readonly<Record<Value, string>> = {
  e820: 'the e820 map',
  max_pfn: 'max_pfn',
  max_low_pfn: 'max_low_pfn',
  early_params: 'the early parameters',
  direct_map: 'the direct map',
  vmi_rom: 'the VMI ROM',
  bootmem: 'the bootmem allocator',
  efi: 'the EFI tables (efi.smbios)',
  dmi: 'the DMI data',
  smp_config: 'the MP table pointer (smp_found_config)',
  apic_config: 'the APIC addresses (mp_lapic_addr, nr_ioapics)',
  low_64k_reserved: 'the low 64 KiB reserved in e820 (the bad_bios_dmi_table quirk, CONFIG_X86_RESERVE_LOW_64K)',
  acpi_tables: 'the ACPI table list (acpi_table_init)',
  bm_pte: 'bm_pte hooked into the page tables',
  page_fault_handler: 'the page-fault handler (do_page_fault) in the IDT',
  vmi_mmu_ops: 'the VMI MMU ops (pv_mmu_ops.alloc_pte = vmi_allocate_pte, …, which activate_vmi() installs)',
};

export const VALUE_SETTERS: Readonly<Record<Value, string>> = {
  e820: 'setup_memory_map (2.6.26: memory_setup)',
  max_pfn: 'e820_end_of_ram_pfn (2.6.26: propagate_e820_map)',
  max_low_pfn: 'find_low_pfn_range (2.6.26: setup_memory)',
  early_params: 'parse_early_param',
  direct_map: 'init_memory_mapping (2.6.26: paging_init)',
  vmi_rom: 'vmi_init',
  bootmem: 'initmem_init (2.6.26: setup_memory)',
  efi: 'efi_init',
  dmi: 'dmi_scan_machine',
  smp_config: 'find_smp_config (2.6.26: setup_memory)',
  apic_config: 'acpi_boot_init (or get_smp_config without ACPI)',
  low_64k_reserved: 'dmi_check_system (after dmi_scan_machine)',
  acpi_tables: 'acpi_boot_table_init',
  bm_pte: 'early_ioremap_init',
  page_fault_handler: 'early_trap_init (2.6.35-rc1+; else trap_init, after setup_arch)',
  vmi_mmu_ops: 'vmi_activate, after vmi_init',
};

export function relocationLabel(r: RelocationEvent): string {
  switch (r.source) {
    case 'vmi': return `${label(r.step)}`;
    case 'xen': return 'xen_reserve_top (before setup_arch)';
    case 'reservetop': return `reservetop= in ${label(r.step)}`;
    case 'olpc': return `${label(r.step)} (OpenFirmware)`;
    case 'reserve_top_address': return `reserve_top_address() in ${label(r.step)}`;
  }
}

/**
 * Per trace: how often setterOf() was asked, and from the SCAN_ASKS-th ask
 * on, the steps that set each value, in order. Rules ask once per finding: a
 * scan of the value-set events each time was quadratic on a file of
 * thousands of calls; an index for every trace cost the many-replay engine
 * more than the one or two asks of a real order. The last trace's is kept
 * (the findings of one trace are judged together; a WeakMap entry per trace
 * cost the engine more in garbage collection).
 */
let setters: { readonly trace: Trace; asks: number; index: Map<Value, StepRef[]> | undefined } | undefined;

/** asks per trace answered by a scan before the index is built */
const SCAN_ASKS = 4;

/**
 * The first step that sets a value (after setup_arch step `after`, when
 * given), if any. A scan of the trace's value-set events for the first
 * SCAN_ASKS asks of a trace, then O(log n) after one pass.
 */
export function setterOf(trace: Trace, value: Value, after = -1): StepRef | undefined {
  if (setters?.trace !== trace) setters = { trace, asks: 0, index: undefined };
  const sets = eventIndex(trace.events).of('value-set');
  if (setters.index === undefined && ++setters.asks <= SCAN_ASKS) {
    for (const e of sets) if (e.value === value && e.step.index > after) return e.step;
    return undefined;
  }
  let index = setters.index;
  if (index === undefined) {
    index = new Map();
    for (const e of sets) {
      const list = index.get(e.value);
      if (list === undefined) index.set(e.value, [e.step]);
      else if (list[list.length - 1] !== e.step) list.push(e.step);
    }
    setters.index = index;
  }
  const steps = index.get(value) ?? [];
  // steps are in replay order, so their indices ascend: the first one after `after`
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] as StepRef).index > after) hi = mid;
    else lo = mid + 1;
  }
  return steps[lo];
}

/**
 * What the kernel does when a page of an early mapping is not served by
 * bm_pte, per machine (audit §6): on bare metal the PMD is usually not present
 * and the access page-faults (pageFaultText: head_32.S's early_page_fault
 * before early_trap_init(), an oops and a panic after it); under VMI the same
 * fault is the BUG of the LKML reports; under Xen the guest faults and Xen
 * kills the domain (the exact message is not verified). A present PMD is
 * worse: the read silently goes through another page table.
 */
export function unservedConsequence(trace: Trace, e: EventOf<'fixmap-use'>): string {
  const u = e.unserved;
  if (u === null) return '';
  const written = u.pteVaddr !== u.vaddr
    ? `the PTE went to ${e.pte === 'bm_pte' ? 'bm_pte' : 'the fixmap page tables'} for ${hex(u.pteVaddr)}, but the caller reads ${hex(u.vaddr)} (slot_virt[] from before the relocation)`
    : `the PTE went into bm_pte, which PMD ${hex(u.pmd)} does not use`;
  if (u.present && u.pmd === e.bmPtePmd) {
    return `${written}; bm_pte has no entry at ${hex(u.vaddr)}: ${pageFaultText(trace, e.step, u.vaddr)}`;
  }
  if (u.present) return `${written}; PMD ${hex(u.pmd)} has another page table, so the read returns whatever it maps at ${hex(u.vaddr)}: silent garbage in ${e.step.name}`;
  return `${written}; PMD ${hex(u.pmd)} is not present: ${pageFaultText(trace, e.step, u.vaddr)}`;
}

/**
 * The early_trap_init() that put do_page_fault's page_fault into IDT vector 14
 * before `step`, if any: from 2.6.35-rc1 (29c843912a0, setup-arch-history.ts
 * EARLY_TRAP_INIT) it runs after vmi_init() and before early_cpu_init()
 * (DerArtem/android-tegra-2.6.36-hc-dev@9fe6206f400:arch/x86/kernel/setup.c:737-741,
 * traps.c early_trap_init()); before it, and in every older kernel until
 * trap_init() after setup_arch(), vector 14 is head_32.S's early_page_fault.
 */
export function pageFaultHandlerStep(trace: Trace, step: StepRef): StepRef | undefined {
  const s = setterOf(trace, 'page_fault_handler');
  return s !== undefined && s.index < step.index ? s : undefined;
}

/**
 * What a kernel-mode page fault at `cr2` during `step` does, by who holds IDT
 * vector 14 then:
 * - head_32.S's early_page_fault (setup_idt()): printk("BUG: Int 14: CR2 %p")
 *   and dump_stack(), then hlt_loop (…@9fe6206f400:arch/x86/kernel/head_32.S:528-571;
 *   the same code from 2.6.26);
 * - do_page_fault(), after early_trap_init(): a fixmap address is no
 *   vmalloc_fault() (it lies above VMALLOC_END), so bad_area_nosemaphore() →
 *   no_context() → show_fault_oops() "BUG: unable to handle kernel paging
 *   request at %p", __die("Oops"), oops_end() → do_exit(SIGKILL) of the idle
 *   task (pid 0) → panic("Attempted to kill the idle task!")
 *   (…@9fe6206f400:arch/x86/mm/fault.c:584-676, arch/x86/kernel/dumpstack.c:245-266,
 *   kernel/exit.c:898-901; with oops=panic oops_end() panics "Fatal exception" first).
 * Before a console is registered these lines reach only an early console.
 * VMI loads the guest's IDT through its ROM's SetIDT (vmi_32.c:689), Xen
 * converts it into a trap table (xen_load_idt(), arch/x86/xen/enlighten.c:601):
 * the guest's own handlers run there too.
 */
export function pageFaultText(trace: Trace, step: StepRef, cr2: number): string {
  const handler = pageFaultHandlerStep(trace, step);
  const hv = trace.scenario.machine.hypervisor;
  if (handler !== undefined) {
    const oops = `the access page-faults into do_page_fault(), installed by ${label(handler)} (29c843912a0, 2.6.35-rc1): "BUG: unable to handle kernel paging request at ${hex(cr2)}", an Oops, and do_exit() of the idle task panics: "Kernel panic - not syncing: Attempted to kill the idle task!" (arch/x86/mm/fault.c no_context(), kernel/exit.c; printed only with an early console)`;
    switch (hv) {
      case 'none': return oops;
      case 'vmi': return `${oops}; under VMware the guest stops there`;
      case 'xen': return `${oops}; Xen got the handler through xen_load_idt() (what Xen then reports is not verified)`;
    }
  }
  switch (hv) {
    case 'none': return `the access page-faults before trap_init(): early_page_fault prints "BUG: Int 14: CR2 …" with CR2 = ${hex(cr2)} (only with an early console) and the CPU halts in hlt_loop — the machine hangs (arch/x86/kernel/head_32.S)`;
    case 'vmi': return 'the access page-faults under VMware before trap_init(): the guest dies with the early fault the 2.6.27.x and 2.6.28-rc8 VMI reports show';
    case 'xen': return 'the access page-faults in the guest before trap_init(); Xen kills the domain (the exact report is not verified)';
  }
}
