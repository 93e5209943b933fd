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

/**
 * For each event, the step of the first event of `kind` in a later step
 * (boot page tables aside): one pass from the end instead of a scan per
 * finding. The events of one step are contiguous and step indices ascend.
 */
function laterSteps(trace: Trace, kind: 'early-ioremap-init' | 'fixmap-pagetables'): (StepRef | undefined)[] {
  const out = new Array<StepRef | undefined>(trace.events.length);
  let block: number | undefined;
  let fromLaterStep: StepRef | undefined;
  let first: StepRef | undefined;
  for (let i = trace.events.length - 1; i >= 0; i--) {
    const e = trace.events[i];
    if (e === undefined) continue;
    if (e.step.index !== block) {
      block = e.step.index;
      fromLaterStep = first;
    }
    out[i] = fromLaterStep;
    if (e.kind === kind && !(e.kind === 'fixmap-pagetables' && e.boot)) first = e.step;
  }
  return out;
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
    consequence: `${e.why}; without it the call works on a default or zero value`,
    fix: setter !== undefined ? `move ${label(e.step)} after ${label(setter)}` : `call ${VALUE_SETTERS[e.value]} before ${label(e.step)}`,
  };
}

export const missingPrerequisite: Rule<Trace> = {
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a call needs something not yet set: max_pfn, max_low_pfn, early params, the direct map, bm_pte, fixmap page tables',
    explanation: `Each call of the catalog declares what it reads (bootreplay steps shows it). A call that runs
before its input exists computes with a zero or default value:
  - find_low_pfn_range/setup_memory need max_pfn; init_memory_mapping and (2.6.26) paging_init need
    max_low_pfn; 2.6.27 paging_init needs the direct map that init_memory_mapping builds;
  - vmi_init before 2.6.27-rc3 needs max_low_pfn (activate_vmi maps lowmem up to it);
  - vmi_init before 2.6.28 and vmi_activate need the early parameters (the vmi= options), and
    e820_end_of_ram_pfn needs them for mem=; this is only a warning when the command line has no such
    option, since then nothing changes for this machine;
  - early_ioremap() needs early_ioremap_init() (bm_pte hooked into the page tables);
  - set_fixmap() and kmap_init() need a page table under the slot: head_32's covers only the PMD below the
    default FIXADDR_TOP, the rest comes from init_memory_mapping (2.6.26: paging_init). Without one,
    set_pte_vaddr() hits BUG(). When the tables exist but at an old FIXADDR_TOP, fixmap-before-relocation
    reports the cause instead.

Where the kernel does it (v2.6.27, 4b5127df): find_low_pfn_range() in arch/x86/mm/init_32.c,
activate_vmi() and the vmi= early_param in arch/x86/kernel/vmi_32.c, bm_pte and early_ioremap_init() in
arch/x86/mm/ioremap.c, set_pte_vaddr()'s BUG() on a missing page table in arch/x86/mm/pgtable_32.c.

Fix: move the call after the step that provides its input; the finding names it.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    // the FIXADDR_TOPs the fixmap page tables were built at (a Set: the same top is built at again and again)
    const builtAt = new Set<number>();
    let inits: (StepRef | undefined)[] | undefined;
    let builds: (StepRef | undefined)[] | undefined;
    trace.events.forEach((e, at) => {
      if (e.kind === 'need' && !e.present) findings.push(needFinding(trace, e));
      if (e.kind === 'fixmap-pagetables' && !e.boot) builtAt.add(e.fixaddrTop);
      if (e.kind !== 'fixmap-use') return;
      if (e.pte === 'bm_pte' && e.bmPtePmd === null) {
        const init = (inits ??= laterSteps(trace, 'early-ioremap-init'))[at];
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
      if (e.pte === 'pagetables' && !e.covered && (builtAt.size === 0 || (builtAt.size === 1 && builtAt.has(e.fixaddrTop)))) {
        const build = (builds ??= laterSteps(trace, 'fixmap-pagetables'))[at];
        findings.push({
          rule: ID, severity: 'error', step: e.step, pos: e.step.pos, slot: e.slot,
          message: `${e.step.name} ${e.via === 'kmap_init' ? 'looks up the PTE of' : 'sets'} ${e.slot} at ${hex(e.vaddr)} before any page table covers it` + (build !== undefined ? ` (${label(build)} builds the fixmap page tables later)` : ''),
          related: build !== undefined ? [{ step: build, role: 'builds the fixmap page tables' }] : [],
          addresses: { vaddr: e.vaddr, pmd: e.pmd, FIXADDR_TOP: e.fixaddrTop },
          consequence: 'set_pte_vaddr() finds no page table for the slot: BUG() (arch/x86/mm/pgtable_32.c)',
          fix: build !== undefined ? `move ${label(e.step)} after ${label(build)}` : `build the fixmap page tables (init_memory_mapping; 2.6.26: paging_init) before ${label(e.step)}`,
        });
      }
    });
    return findings;
  },
};
