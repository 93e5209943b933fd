/**
 * missing-prerequisite: a call runs before something it needs exists:
 * max_pfn, max_low_pfn, the e820 map, the early parameters, the direct map,
 * the VMI ROM, bm_pte (early_ioremap_init) or a page table under a fixmap slot.
 */
import type { EventOf, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { VALUE_NAMES, VALUE_SETTERS, hex, label, setterOf } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'missing-prerequisite';

/**
 * For each event, the step of the first event of `kind` in a later step
 * (boot page tables aside): one pass from the end instead of a scan per
 * hit. The events of one step are contiguous and step indices ascend.
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

/**
 * One missing input: a need event without its value, an early_ioremap before
 * bm_pte is hooked in, or a fixmap slot without a page table; with the step
 * that provides it later, if any.
 */
type Hit =
  | { readonly kind: 'need'; readonly e: EventOf<'need'>; readonly by: StepRef | undefined }
  | { readonly kind: 'bm_pte'; readonly e: EventOf<'fixmap-use'>; readonly by: StepRef | undefined }
  | { readonly kind: 'page-table'; readonly e: EventOf<'fixmap-use'>; readonly by: StepRef | undefined };

function findingFor(hit: Hit): Finding {
  const { e, by } = hit;
  switch (hit.kind) {
    case 'need': {
      const v = hit.e;
      const where = by !== undefined ? `${label(by)} only comes later` : `no step sets it (${VALUE_SETTERS[v.value]})`;
      return {
        rule: ID,
        severity: v.matters ? 'error' : 'warning',
        ...(v.matters ? {} : { harmless: true }),
        step: e.step,
        pos: e.step.pos,
        message: `${e.step.name} needs ${VALUE_NAMES[v.value]}, but ${where}` + (v.relevance !== '' ? ` (${v.relevance})` : ''),
        related: by !== undefined ? [{ step: by, role: `sets ${VALUE_NAMES[v.value]}` }] : [],
        addresses: {},
        consequence: `${v.why}; without it the call works on a default or zero value`,
        fix: by !== undefined ? `${e.step.name} has to run after ${label(by)}, which sets ${VALUE_NAMES[v.value]}` : `call ${VALUE_SETTERS[v.value]} before ${label(e.step)}`,
      };
    }
    case 'bm_pte': {
      const u = hit.e;
      return {
        rule: ID, severity: 'error', step: u.step, pos: u.step.pos, slot: u.slot,
        message: `${u.step.name} early_ioremaps ${u.slot} at ${hex(u.vaddr)} before early_ioremap_init has hooked bm_pte into the page tables` + (by !== undefined ? ` (${label(by)} comes later)` : ''),
        related: by !== undefined ? [{ step: by, role: 'installs bm_pte' }] : [],
        addresses: { vaddr: u.vaddr, pmd: u.pmd },
        consequence: 'the PTE is written into a bm_pte no PMD points to: the access faults',
        fix: by !== undefined ? `${u.step.name} has to run after ${label(by)}, which installs bm_pte` : `call early_ioremap_init before ${label(u.step)}`,
      };
    }
    case 'page-table': {
      const u = hit.e;
      return {
        rule: ID, severity: 'error', step: u.step, pos: u.step.pos, slot: u.slot,
        message: `${u.step.name} ${u.via === 'kmap_init' ? 'looks up the PTE of' : 'sets'} ${u.slot} at ${hex(u.vaddr)} before any page table covers it` + (by !== undefined ? ` (${label(by)} builds the fixmap page tables later)` : ''),
        related: by !== undefined ? [{ step: by, role: 'builds the fixmap page tables' }] : [],
        addresses: { vaddr: u.vaddr, pmd: u.pmd, FIXADDR_TOP: u.fixaddrTop },
        consequence: 'set_pte_vaddr() finds no page table for the slot: BUG() (arch/x86/mm/pgtable_32.c)',
        fix: by !== undefined ? `${u.step.name} has to run after ${label(by)}, which builds the fixmap page tables` : `build the fixmap page tables (init_memory_mapping; 2.6.26: paging_init) before ${label(u.step)}`,
      };
    }
  }
}

export const missingPrerequisite: Rule<Trace> = lazyRule<Trace, Hit>({
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

Fix: the call has to run after the step that provides its input; the finding names it.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    // the FIXADDR_TOPs the fixmap page tables were built at (a Set: the same top is built at again and again)
    const builtAt = new Set<number>();
    let inits: (StepRef | undefined)[] | undefined;
    let builds: (StepRef | undefined)[] | undefined;
    trace.events.forEach((e, at) => {
      if (e.kind === 'need' && !e.present) hits.push({ kind: 'need', e, by: setterOf(trace, e.value, e.step.index) });
      if (e.kind === 'fixmap-pagetables' && !e.boot) builtAt.add(e.fixaddrTop);
      if (e.kind !== 'fixmap-use') return;
      if (e.pte === 'bm_pte' && e.bmPtePmd === null) hits.push({ kind: 'bm_pte', e, by: (inits ??= laterSteps(trace, 'early-ioremap-init'))[at] });
      // tables built at another FIXADDR_TOP: fixmap-before-relocation reports the cause
      if (e.pte === 'pagetables' && !e.covered && (builtAt.size === 0 || (builtAt.size === 1 && builtAt.has(e.fixaddrTop)))) {
        hits.push({ kind: 'page-table', e, by: (builds ??= laterSteps(trace, 'fixmap-pagetables'))[at] });
      }
    });
    return hits;
  },
  verdict: (hit) => ({
    rule: ID,
    severity: hit.kind === 'need' && !hit.e.matters ? 'warning' : 'error',
    ...(hit.kind === 'need' && !hit.e.matters ? { harmless: true } : {}),
    step: hit.e.step,
    related: hit.by !== undefined ? [{ step: hit.by }] : [],
  }),
  format: findingFor,
});
