/**
 * fixmap-pagetables-replaced: early_ioremap_init() ran after the fixmap's
 * page tables were built, and its pmd_populate_kernel() swapped the PTE page
 * that held live fixmap mappings for an empty bm_pte.
 *
 * early_ioremap_init() (arch/x86/mm/ioremap.c, v2.6.27 3fa8749e58, lines
 * 453-462) does `memset(bm_pte, 0, sizeof(bm_pte)); pmd_populate_kernel(
 * &init_mm, pmd, bm_pte);` for the PMD of FIX_BTMAP_BEGIN, unconditionally.
 * Before page_table_range_init() builds the fixmap's page tables
 * (init_memory_mapping from 2.6.27, paging_init in 2.6.26) that PMD holds
 * head_32.S's swapper_pg_fixmap or nothing, and replacing it is the design.
 * After it, the PMD holds the real fixmap PTE page: every set_fixmap() mapping
 * in that PMD (FIX_APIC_BASE, FIX_IO_APIC_BASE_*, an early_ioremap that
 * early_ioremap_reset() re-set) is gone, and kmap_pte, which kmap_init()
 * (arch/x86/mm/init_32.c, line 298 at v2.6.27) pointed at the PTE of
 * FIX_KMAP_BEGIN in that page, now points into a page no PMD references.
 */
import { eventIndex, selectKinds } from '../../../replay/event-index.js';
import type { StepRef } from '../../../replay/trace.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';
import type { PtPart } from '../pagetables/events.js';
import type { EventOf } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label } from './describe.js';
import { builtFrames, replacesBuiltTable } from './fixmap-tables.js';

const ID = 'fixmap-pagetables-replaced';

/** A mapping the replaced PTE page held (a set_fixmap, an early_ioremap re-set by early_ioremap_reset, or kmap_pte). */
type Lost = EventOf<'fixmap-use'>;

interface Hit {
  readonly init: StepRef;
  /** PMD base bm_pte was hooked into (bytes) */
  readonly pmd: number;
  /** the replaced PTE page: its origin and pfn, and the step whose page_table_range_init built it */
  readonly replaced: { readonly what: string; readonly frame: number; readonly builtBy: StepRef };
  readonly lost: readonly Lost[];
}

/** Mappings named in a message; the rest are counted. */
const SHOWN = 3;

function lostText(l: Lost): string {
  return l.via === 'kmap_init' ? `kmap_pte (${l.slot} ${hex(l.vaddr)})` : `${l.slot} ${hex(l.vaddr)} (${label(l.step)})`;
}

/** The builder of the replaced page, then each other step whose set_fixmap mapping is lost (kmap_init's is the builder's paging_init or its own step). */
function relatedSteps({ replaced, lost }: Pick<Hit, 'replaced' | 'lost'>): StepRef[] {
  const out: StepRef[] = [replaced.builtBy];
  for (const l of lost) if (l.via !== 'kmap_init' && !out.includes(l.step)) out.push(l.step);
  return out;
}

function findingFor(hit: Hit): Finding {
  const { init, pmd, replaced, lost } = hit;
  const kmap = lost.some((l) => l.via === 'kmap_init');
  const slots = lost.filter((l) => l.via !== 'kmap_init');
  const shown = lost.slice(0, SHOWN).map(lostText).join(', ') + (lost.length > SHOWN ? ` and ${lost.length - SHOWN} more` : '');
  const consequences: string[] = [];
  if (slots.length > 0) consequences.push(`the next access through ${slots.map((l) => l.slot).filter((s, i, a) => a.indexOf(s) === i).slice(0, SHOWN).join(', ')} faults on a PTE that memset(bm_pte, 0) cleared ("BUG: unable to handle kernel paging request")`);
  if (kmap) consequences.push('kmap_atomic() writes its PTEs through kmap_pte into the orphaned page, so every kmap_atomic() mapping faults the same way (arch/x86/mm/highmem_32.c)');
  return {
    rule: ID,
    severity: 'error',
    step: init,
    pos: init.pos,
    slot: 'FIX_BTMAP_BEGIN',
    message: `${init.name} hooks an empty bm_pte into the PMD at ${hex(pmd)}, replacing the fixmap PTE page ${label(replaced.builtBy)} built (${replaced.what} pfn 0x${replaced.frame.toString(16)}): ${shown} lose${lost.length === 1 ? 's' : ''} ${lost.length === 1 ? 'its' : 'their'} mapping`,
    related: relatedSteps(hit).map((step) => (step === replaced.builtBy
      ? { step, role: `built the fixmap PTE page (${replaced.what} pfn 0x${replaced.frame.toString(16)}) for the PMD at ${hex(pmd)}` }
      : { step, role: `mapped ${slots.filter((l) => l.step === step).map((l) => `${l.slot} at ${hex(l.vaddr)}`).join(', ')}` })),
    addresses: { pmd, replaced_pfn: replaced.frame, ...(slots[0] === undefined ? {} : { first_lost_vaddr: slots[0].vaddr }) },
    consequence: `memset(bm_pte, 0) and pmd_populate_kernel() (arch/x86/mm/ioremap.c early_ioremap_init) leave the PMD pointing at an empty page: ${consequences.join('; ')}`,
    // setup_arch: early_cpu_init(); early_ioremap_init(); in 2.6.26 (setup_32.c:765-766 @bce7f793da),
    // 2.6.27 (setup.c:604-605 @3fa8749e58) and 2.6.28 (setup.c:800-801 @4a6908a3a05)
    fix: `early_ioremap_init has to run before ${label(replaced.builtBy)} builds the fixmap page tables (setup_arch calls it right after early_cpu_init)`,
  };
}

/** early_ioremap_init()'s hook of bm_pte over a PTE page other than head_32's (the only case worth a look). */
function replacesATable(p: PtPart): boolean {
  return p.k === 'hook' && p.what === 'bm_pte' && p.replaced !== null && p.replaced.what !== 'swapper_pg_fixmap';
}

export const fixmapPagetablesReplaced: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'early_ioremap_init ran after the fixmap page tables were built and replaced their PTE page with an empty bm_pte: fixmap mappings and kmap_pte are lost',
    explanation: `early_ioremap_init() (arch/x86/mm/ioremap.c) clears bm_pte and hooks it into the PMD of
fix_to_virt(FIX_BTMAP_BEGIN) with pmd_populate_kernel(), whatever that PMD held. setup_arch() calls it
early, right after early_cpu_init(), when the PMD holds head_32.S's swapper_pg_fixmap or nothing. Once
page_table_range_init() has built the fixmap's page tables (init_memory_mapping from 2.6.27, paging_init
in 2.6.26), that PMD holds the real fixmap PTE page, and a later early_ioremap_init() throws it away:

- every fixmap slot mapped in that PMD by then (FIX_APIC_BASE from init_apic_mappings, an IO-APIC, an
  early_ioremap still held across early_ioremap_reset) reads an empty PTE: the next access faults;
- kmap_init() (paging_init) set kmap_pte to the PTE of FIX_KMAP_BEGIN in the old page: kmap_atomic()
  keeps writing PTEs there, into a page no PMD references, and every atomic kmap faults.

The model reports it only when something was mapped through the replaced page; an early_ioremap_init()
moved between the fixmap page tables and the first fixmap user swaps pages harmlessly (the later
set_fixmap()s write bm_pte, which stays in .bss) and is left alone.

Fix: keep early_ioremap_init() where setup_arch() calls it, before the step that builds the fixmap page
tables.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    // nearly every order hooks bm_pte over head_32's swapper_pg_fixmap or nothing: then there is nothing to find
    if (!eventIndex(trace.events).of('pt-step').some((e) => e.parts.some(replacesATable))) return hits;
    const built = new Map<number, StepRef>();
    const pmdSize = trace.geometry.pmdSize;
    // live mappings through the kernel page tables, by PMD base (a set_fixmap replaces an older one of the same slot)
    const live = new Map<number, Map<string, Lost>>();
    // only these two kinds matter, in trace order (the event index keeps rules from scanning every event)
    for (const e of selectKinds(trace.events, ['pt-step', 'fixmap-use'] as const)) {
      if (e.kind === 'pt-step') {
        builtFrames(e.parts, e.step, built);
        for (const p of e.parts) {
          if (p.k !== 'hook' || p.what !== 'bm_pte') continue;
          const builtBy = replacesBuiltTable(p.replaced, built);
          if (builtBy === undefined || p.replaced === null) continue;
          // in the order they were mapped
          const lost = [...(live.get(p.pmd)?.values() ?? [])].sort((a, b) => a.step.index - b.step.index || a.vaddr - b.vaddr);
          live.delete(p.pmd);
          if (lost.length > 0) hits.push({ init: e.step, pmd: p.pmd, replaced: { what: p.replaced.what, frame: p.replaced.frame, builtBy }, lost });
        }
      } else if (e.kind === 'fixmap-use' && e.pte === 'pagetables' && e.covered && e.held && e.failed === null) {
        const pmd = Math.floor(e.vaddr / pmdSize) * pmdSize;
        let slots = live.get(pmd);
        if (slots === undefined) live.set(pmd, (slots = new Map()));
        slots.set(e.via === 'kmap_init' ? 'kmap_pte' : e.slot, e);
      }
    }
    return hits;
  },
  verdict: (hit) => ({ rule: ID, severity: 'error', step: hit.init, related: relatedSteps(hit).map((step) => ({ step })) }),
  format: (hit) => findingFor(hit),
});
