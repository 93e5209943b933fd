/**
 * missing-prerequisite: a call runs before something it needs exists:
 * max_pfn, max_low_pfn, the e820 map, the early parameters, the direct map,
 * the VMI ROM, bm_pte (early_ioremap_init) or a page table under a fixmap slot.
 */
import type { EventOf, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { VALUE_NAMES, VALUE_SETTERS, hex, label, setterOf } from './describe.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'missing-prerequisite';

function laterStepOf(trace: Trace, kind: 'early-ioremap-init' | 'fixmap-pagetables', after: StepRef): StepRef | undefined {
  for (const e of trace.events) {
    if (e.kind === kind && e.step.index > after.index && !(e.kind === 'fixmap-pagetables' && e.boot)) return e.step;
  }
  return undefined;
}

function needFinding(trace: Trace, e: EventOf<'need'>): Finding {
  const setter = setterOf(trace, e.value, e.step.index);
  const where = setter !== undefined ? `${label(setter)} only comes later` : `no step sets it (${VALUE_SETTERS[e.value]})`;
  return {
    rule: ID,
    severity: e.matters ? 'error' : 'warning',
    step: e.step,
    pos: e.step.pos,
    message: `${e.step.name} needs ${VALUE_NAMES[e.value]}, but ${where}` + (e.relevance !== '' ? ` (${e.relevance})` : ''),
    related: setter !== undefined ? [{ step: setter, role: `sets ${VALUE_NAMES[e.value]}` }] : [],
    addresses: {},
    consequence: e.consequence !== undefined ? `${e.why}: ${e.consequence}` : `${e.why}; without it the call works on a default or zero value`,
    fix: setter !== undefined ? `move ${label(e.step)} after ${label(setter)}` : `call ${VALUE_SETTERS[e.value]} before ${label(e.step)}`,
  };
}

export const missingPrerequisite: Rule<Trace> = {
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a call needs something not yet set: the e820 map, early params, max_pfn, max_low_pfn, the direct map, bootmem, the EFI tables, DMI, the VMI ROM, the APIC addresses, bm_pte, a fixmap page table',
    explanation: `Each call of the catalog declares what it reads (bootreplay steps shows it; docs/model-x86_32.md lists
them). A call that runs before its input exists computes with a zero or default value, or loses its work:
  - parse_early_param needs the e820 map when the command line has mem= or memmap=: they edit the map in
    place, and on the still empty map the edit is lost when setup_memory_map() appends the BIOS map (the
    reason the 2.6.32-rc1 "parse_early_param first" fix was reverted);
  - e820_end_of_ram_pfn needs the map and the early parameters (mem=, memmap=); find_low_pfn_range and
    setup_memory need max_pfn (and vmalloc=, highmem=, reservetop=); init_memory_mapping and 2.6.26's
    paging_init need max_low_pfn; initmem_init, 2.6.27+ paging_init and reserve_initrd (from 2.6.31-rc1 and
    2.6.27.26) need the direct map init_memory_mapping builds;
  - bootmem (setup_memory in 2.6.26, initmem_init after): 2.6.26's dmi_scan_machine (dmi_alloc is
    alloc_bootmem) and paging_init, paging_init with highmem, find_smp_config until 2.6.33, and the others
    that allocate or reserve with it;
  - dmi_scan_machine on EFI firmware needs efi_init: it finds SMBIOS through efi.smbios (DMI before it
    maps page 0 and DMI is lost, 2.6.27.6 – 2.6.27.24 and 2.6.28-rc1 – 2.6.29-rc7); init_hypervisor needs
    DMI to detect VMware; the DMI quirk tables need DMI too (a warning: only a machine that needs the quirk
    suffers);
  - vmi_init before 2.6.27-rc3 needs max_low_pfn; vmi_init before the split and vmi_activate need the vmi=
    options; vmi_activate needs the ROM vmi_init found;
  - early_ioremap() needs early_ioremap_init() (bm_pte hooked into the page tables);
  - set_fixmap() and kmap_init() need a page table under the slot: head_32's covers only the PMD below the
    default FIXADDR_TOP, early_ioremap_init makes bm_pte the table of its PMD, the rest comes from
    init_memory_mapping (2.6.26: paging_init). Without one, set_pte_vaddr() hits BUG(). When the tables
    exist but at an old FIXADDR_TOP, fixmap-before-relocation reports the cause instead.
A missing input that cannot change the outcome on this machine (no vmi= option, no EFI, no initrd) is a
warning: a hazard for other machines.

Fix: move the call after the step that provides its input; the finding names it.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    const builtAt: number[] = [];
    const seen = new Set<string>();
    const once = (key: string): boolean => {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const e of trace.events) {
      if (e.kind === 'need' && !e.present && once(`${e.step.index}|${e.value}`)) findings.push(needFinding(trace, e));
      if (e.kind === 'fixmap-pagetables' && !e.boot) builtAt.push(e.fixaddrTop);
      if (e.kind !== 'fixmap-use' || e.failed !== null) continue;
      if (e.pte === 'bm_pte' && e.bmPtePmd === null && once(`${e.step.index}|bm_pte`)) {
        const init = laterStepOf(trace, 'early-ioremap-init', e.step);
        findings.push({
          rule: ID, severity: 'error', step: e.step, pos: e.step.pos, slot: e.slot,
          message: `${e.step.name} early_ioremaps ${e.slot} at ${hex(e.vaddr)} before early_ioremap_init has hooked bm_pte into the page tables` + (init !== undefined ? ` (${label(init)} comes later)` : ''),
          related: init !== undefined ? [{ step: init, role: 'installs bm_pte' }] : [],
          addresses: { vaddr: e.vaddr, pmd: e.pmd },
          consequence: 'the PTE is written into a bm_pte no PMD points to: the access faults',
          fix: init !== undefined ? `move ${label(e.step)} after ${label(init)}` : `call early_ioremap_init before ${label(e.step)}`,
        });
      }
      // tables built at another FIXADDR_TOP: fixmap-before-relocation reports the cause
      if (e.pte === 'pagetables' && e.uncovered !== null && !builtAt.some((top) => top !== e.fixaddrTop) && once(`${e.step.index}|${e.slot}`)) {
        const build = laterStepOf(trace, 'fixmap-pagetables', e.step);
        findings.push({
          rule: ID, severity: 'error', step: e.step, pos: e.step.pos, slot: e.slot,
          message: `${e.step.name} ${e.via === 'kmap_init' ? 'looks up the PTE of' : 'sets'} ${e.slot} at ${hex(e.uncovered.vaddr)} (${e.what}) before any page table covers it` + (build !== undefined ? ` (${label(build)} builds the fixmap page tables later)` : ''),
          related: build !== undefined ? [{ step: build, role: 'builds the fixmap page tables' }] : [],
          addresses: { vaddr: e.vaddr, pmd: e.pmd, FIXADDR_TOP: e.fixaddrTop },
          consequence: 'set_pte_vaddr() finds no page table for the slot: BUG() (arch/x86/mm/pgtable_32.c)',
          fix: e.step.name === 'parse_early_param'
            ? 'reservetop= has moved the fixmap where no page table exists yet: drop the option that maps it (earlycon=…,mmio / earlyprintk=dbgp) or reservetop= (the reason 2.6.32-rc1 reverted "parse_early_param before early_ioremap_init", eda6da9286a)'
            : build !== undefined ? `move ${label(e.step)} after ${label(build)}` : `build the fixmap page tables (init_memory_mapping; 2.6.26: paging_init) before ${label(e.step)}`,
        });
      }
    }
    return findings;
  },
};
