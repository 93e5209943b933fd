/**
 * btmap-pmd-straddle: FIX_BTMAP_BEGIN and FIX_BTMAP_END fall in different
 * PMDs when early_ioremap_init() runs, so one bm_pte cannot map all the
 * boot-time slots (arch/x86/mm/ioremap.c: WARN_ON "pmd %p != %p").
 */
import type { RelocationEvent } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, mib } from './describe.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'btmap-pmd-straddle';

export const btmapPmdStraddle: Rule<Trace> = {
  meta: {
    id: ID,
    severity: 'error',
    doc: 'FIX_BTMAP_BEGIN and FIX_BTMAP_END in different PMDs when early_ioremap_init runs',
    explanation: `The 256 boot-time slots FIX_BTMAP_END..FIX_BTMAP_BEGIN must share one page table: early_ioremap_init()
(arch/x86/mm/ioremap.c) hooks the single static bm_pte into the PMD of FIX_BTMAP_BEGIN and WARNs
("pmd %p != %p") when FIX_BTMAP_END is in another PMD. include/asm-x86/fixmap_32.h aligns FIX_BTMAP_END
(to 256 slots from 2.6.27 on, 512 in 2.6.26) so that this holds when FIXADDR_TOP + PAGE_SIZE is PMD-aligned,
as with the default top 0xfffff000.

A reservation that is not a multiple of PMD_SIZE breaks that assumption: Xen's
reserve_top_address(-HYPERVISOR_VIRT_START + 2 * PAGE_SIZE) gives FIXADDR_TOP 0xf57fd000, and
reservetop= takes any size. Early mappings in the slots outside bm_pte's PMD then write PTEs no page table
uses. Later kernels round the reserve: __FIXADDR_TOP = round_down(-reserve, 1 << PMD_SHIFT) - PAGE_SIZE.

Fix: keep the reserve PMD-aligned (PMD_SIZE is 4 MiB, 2 MiB with PAE), or align FIX_BTMAP_END to
PTRS_PER_PTE slots.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    let lastRelocation: RelocationEvent | undefined;
    for (const e of trace.events) {
      if (e.kind === 'relocation') lastRelocation = e;
      if (e.kind !== 'early-ioremap-init' || e.pmdBegin === e.pmdEnd) continue;
      const r = lastRelocation;
      findings.push({
        rule: ID,
        severity: 'error',
        step: e.step,
        pos: e.step.pos,
        slot: 'FIX_BTMAP_BEGIN',
        message: `FIX_BTMAP_BEGIN ${hex(e.btmapBegin)} and FIX_BTMAP_END ${hex(e.btmapEnd)} lie in different PMDs (${hex(e.pmdBegin)} and ${hex(e.pmdEnd)}) under FIXADDR_TOP ${hex(e.fixaddrTop)}`
          + (r !== undefined ? `, set by ${r.step.implicit ? 'xen_reserve_top' : label(r.step)} (reserve ${mib(r.reserve)})` : ''),
        related: r !== undefined ? [{ step: r.step, role: `relocates FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}` }] : [],
        addresses: { FIX_BTMAP_BEGIN: e.btmapBegin, FIX_BTMAP_END: e.btmapEnd, pmd_begin: e.pmdBegin, pmd_end: e.pmdEnd, FIXADDR_TOP: e.fixaddrTop },
        consequence: 'early_ioremap_init() WARNs ("pmd != pmd"); early_ioremap slots in the PMD of FIX_BTMAP_END are written to bm_pte but mapped by another page table',
        fix: `make the reserve a multiple of PMD_SIZE (${mib(trace.geometry.pmdSize)}), as later kernels do with round_down(-reserve, 1 << PMD_SHIFT), or align FIX_BTMAP_END to PTRS_PER_PTE (${trace.geometry.ptrsPerPte}) slots`,
      });
    }
    return findings;
  },
};
