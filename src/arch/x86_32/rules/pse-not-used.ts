/**
 * pse-not-used: on a PSE-capable native machine the direct map stays on 4K
 * pages because existing entries were not overwritten: head_32.S's pg0 page
 * tables survive where kernel_physical_mapping_init would have installed
 * large pages (seed 004's proposal 4).
 */
import { has, KPMI_TWO_PASS, PTE_IDENT_ATTR } from '../history.js';
import type { PtKeptEvent } from '../pagetables/events.js';
import { pmdAt, pmdOf } from '../pagetables/model.js';
import { attrText, _PAGE_GLOBAL, _PAGE_USER } from '../pagetables/prot.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, size } from './describe.js';
import type { Finding, Rule, Verdict } from '../../../rules/types.js';
import { eventIndex } from '../../../replay/event-index.js';

const ID = 'pse-not-used';

/** The PMDs whose existing entries were kept and still sit on PTE pages at the end, merged per step and origin (none on Xen, which has no PSE). */
function keptRuns(trace: Trace): PtKeptEvent[] {
  if (trace.scenario.machine.hypervisor === 'xen') return [];
  const { cx, s } = trace.pagetables;
  const kept: PtKeptEvent[] = [];
  for (const e of eventIndex(trace.events).of('pt-kept')) {
    if (e.level !== 'pmd') continue;
    // only PMDs still on PTE pages at the end
    if (pmdAt(s, pmdOf(cx, e.start))?.v.kind !== 'table') continue;
    const last = kept[kept.length - 1];
    if (last !== undefined && last.step === e.step && last.end === e.start && last.origin === e.origin) kept[kept.length - 1] = { ...last, end: e.end };
    else kept.push(e);
  }
  return kept;
}

export const pseNotUsed: Rule<Trace> = {
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'warning',
    doc: 'native, PSE-capable, and the direct map stays on 4K pages because existing entries were not overwritten',
    explanation: `With cpu_has_pse, kernel_physical_mapping_init (arch/x86/mm/init_32.c) maps lowmem with 2/4 MiB pages
(set_pmd(pmd, pfn_pmd(pfn, PAGE_KERNEL_LARGE[_EXEC])), unconditional), except the first PMD and unaligned ends
from 2.6.27 on (a04ad82d0bf). It finds head_32.S's pg0 PTE pages there: head_32 maps the image and
INIT_MAP_BEYOND_END past it (12 MiB without PAE, 16 MiB with PAE for pa(pg0) = 6 MiB) with 4K entries.

Seed 004's proposal 4, "if we're given a template pagetable, then don't overwrite any existing mapping", keeps
them: "It works for Xen, but it currently prevents non-PAE native booting from properly constructing a PSE mapping
for the kernel." Since 2.6.25 (551889a6e2 "x86: construct 32-bit boot time page tables in native format") head_32
builds PAE tables too, so on the modeled kernels PAE loses the large pages of head's extent the same way. The
kept entries also keep head_32's attributes: PTE_ATTR 0x007 (with _PAGE_USER, see kernel-mapping-user) up to
2.6.27.y, no _PAGE_GLOBAL, no NX (see nx-missing).

2.6.28 runs kernel_physical_mapping_init twice (a2699e477b8 "x86, cpa: make the kernel physical mapping
initialization a two pass sequence"): set_pmd(pmd, pfn_pmd(pfn, PTE_IDENT_ATTR | _PAGE_PSE)), then
set_pmd(pmd, pfn_pmd(pfn, PAGE_KERNEL_LARGE[_EXEC])), both unconditional
(dandel/linux-2.6.32.y@4a6908a3a0:arch/x86/mm/init_32.c:245-266); keeping existing entries skips both, and the
kept entries carry head_32's PTE_IDENT_ATTR 0x003 (no _PAGE_USER, no _PAGE_GLOBAL).

Xen pv guests never see PSE (the hypervisor clears it from CPUID), so the rule is about native machines.

Fix: keep the merged policy (config.pagetable_init_policy: xen-mask-rw), which overwrites head_32's entries so kernel_physical_mapping_init can map large pages; never-overwrite (proposal 4) is what loses them.`,
  },
  check(trace) {
    const { cx } = trace.pagetables;
    const twoPass = has(trace.scenario.kernel, KPMI_TWO_PASS);
    const headAttr = has(trace.scenario.kernel, PTE_IDENT_ATTR) ? 'PTE_IDENT_ATTR 0x003' : 'PTE_ATTR 0x007';
    return keptRuns(trace).map((e): Finding => {
      const pmds = (e.end - e.start) / cx.geometry.pmdSize;
      const stale = [e.have & _PAGE_USER ? '_PAGE_USER' : '', e.have & _PAGE_GLOBAL ? '' : 'no _PAGE_GLOBAL'].filter((x) => x !== '').join(', ');
      const passes = twoPass
        ? ' (neither of kernel_physical_mapping_init\'s two passes installs them: set_pmd with PTE_IDENT_ATTR | _PAGE_PSE, then with PAGE_KERNEL_LARGE[_EXEC])'
        : '';
      return {
        rule: ID,
        severity: 'warning',
        step: e.step,
        pos: e.step.pos,
        message: `${hex(e.start)}-${hex(e.end)} (${pmds} PMD${pmds === 1 ? '' : 's'}, ${size(e.end - e.start)}) stays on ${e.origin ?? 'existing'} 4K page tables instead of ${size(cx.geometry.pmdSize)} pages: config.pagetable_init_policy ${e.policy} keeps existing entries${passes}`,
        related: [{ step: e.haveBy, role: `wrote the entries that stay (${attrText(e.have)})` }],
        addresses: { start: e.start, end: e.end },
        consequence: `${covers(cx.image.text, cx.image.end, e.start, e.end)} ${e.end - e.start === 4096 ? 'is' : 'are'} mapped by ${(e.end - e.start) / 4096} 4K entries instead of ${pmds} large page${pmds === 1 ? '' : 's'} (more TLB misses)${stale !== '' ? `; the entries keep head_32's ${headAttr} (${stale})` : ''}`,
        fix: `install the large pages over the boot page tables (kernel_physical_mapping_init's set_pmd is unconditional in the merged code${twoPass ? ', in both passes' : ''}): config.pagetable_init_policy: xen-mask-rw (Xen's page tables are protected by xen_set_pte_init instead, and Xen has no PSE); ${label(e.step)} then maps them with PSE`,
      };
    });
  },
  verdict(trace) {
    // check()'s findings without the words: the run's step, and the step that wrote the entries that stay
    return keptRuns(trace).map((e): Verdict => ({ rule: ID, severity: 'warning', step: e.step, related: [{ step: e.haveBy }] }));
  },
};

/** What [start, end) of the direct map holds, in words: the kernel image [text, end) or the lowmem around it. */
function covers(text: number, imageEnd: number, start: number, end: number): string {
  const lo = Math.max(start, text);
  const hi = Math.min(end, imageEnd);
  if (hi <= lo) return `lowmem ${hex(start)}-${hex(end)}`;
  const parts: string[] = [];
  if (start < text) parts.push(`the lowmem below the kernel image (${hex(start)}-${hex(text)})`);
  parts.push(lo === text && hi === imageEnd ? `the kernel image (${hex(lo)}-${hex(hi)})` : `part of the kernel image (${hex(lo)}-${hex(hi)})`);
  if (end > imageEnd) parts.push(`the lowmem after it (${hex(imageEnd)}-${hex(end)}, the rest of head_32's boot mapping)`);
  return parts.length === 1 ? parts[0] ?? '' : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
