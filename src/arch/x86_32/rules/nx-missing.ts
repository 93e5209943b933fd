/**
 * nx-missing: with PAE and NX, direct-map pages that kernel_physical_mapping_init
 * maps PAGE_KERNEL (with _PAGE_NX) keep entries without it, because existing
 * entries were not rewritten (stale permissions, seed 004's proposal 4).
 */
import type { StepRef } from '../replay/events.js';
import type { PtKeptEvent } from '../pagetables/events.js';
import { PAGE_SIZE } from '../geometry.js';
import type { PagetableState, PtContext } from '../pagetables/model.js';
import { _PAGE_NX, attrText, present } from '../pagetables/prot.js';
import { pieces } from '../pagetables/runs.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, size } from './describe.js';
import type { RelatedStep, Rule } from '../../../rules/types.js';
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';

const ID = 'nx-missing';

/** A contiguous executable range and the entries in it (one per writer and attribute set). */
interface Gap {
  readonly start: number;
  end: number;
  readonly parts: { readonly attrs: number; readonly by: StepRef; bytes: number }[];
}

/**
 * Present direct-map entries above __init_end without NX: 4K entries whose
 * page starts above __init_end, and large pages whose first byte is above it
 * (is_kernel_text() makes everything up to __init_end executable).
 */
function executableData(cx: PtContext, s: PagetableState, highMemory: number): Gap[] {
  const { geometry, pageOffset, image } = cx;
  const out: Gap[] = [];
  const push = (start: number, end: number, attrs: number, by: StepRef): void => {
    let last = out[out.length - 1];
    if (last === undefined || last.end !== start) {
      last = { start, end, parts: [] };
      out.push(last);
    }
    last.end = end;
    const part = last.parts.find((x) => x.by === by && x.attrs === attrs);
    if (part !== undefined) part.bytes += end - start;
    else last.parts.push({ attrs, by, bytes: end - start });
  };
  const firstNx = Math.floor(image.initEnd / PAGE_SIZE) + 1;
  for (const p of pieces(s.pmds, pageOffset / geometry.pmdSize, Math.ceil(highMemory / geometry.pmdSize))) {
    if (p.v === undefined) continue;
    const start = p.from * geometry.pmdSize;
    const end = Math.min(highMemory, p.to * geometry.pmdSize);
    if (p.v.kind === 'large') {
      const a = Math.max(start, Math.ceil((image.initEnd + 1) / geometry.pmdSize) * geometry.pmdSize);
      if (a < end && (p.v.attrs & _PAGE_NX) === 0) push(a, end, p.v.attrs, p.v.by);
      continue;
    }
    for (const l of pieces(s.leaves, Math.max(start / PAGE_SIZE, firstNx), end / PAGE_SIZE)) {
      if (l.v !== undefined && present(l.v.attrs) && (l.v.attrs & _PAGE_NX) === 0) push(l.from * PAGE_SIZE, l.to * PAGE_SIZE, l.v.attrs, l.v.by);
    }
  }
  return out;
}

/** One finding: an executable range, the pt-kept event over it (if any) and the step it blames. */
interface Hit {
  readonly gap: Gap;
  readonly kept: PtKeptEvent | undefined;
  readonly culprit: StepRef;
}

export const nxMissing: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // events and the final state; trace.steps only for its first (implicit) step, which no order renumbers
    eventsOnly: true,
    id: ID,
    severity: 'warning',
    doc: 'PAE with NX, and direct-map pages that should be NX kept entries without it (stale permissions)',
    explanation: `With PAE and an NX CPU, set_nx() turns on _PAGE_NX in __supported_pte_mask before the direct map is
built (paging_init in 2.6.26, init_memory_mapping from 2.6.27, arch/x86/mm/init_32.c), and
kernel_physical_mapping_init maps every page above __init_end PAGE_KERNEL, which has _PAGE_NX (up to
__init_end is_kernel_text() holds: the BIOS area, text, rodata, data and init stay executable).

Entries that already exist when the direct map is built carry no NX: head_32.S writes PTE_ATTR 0x007 (2.6.28:
0x003), Xen's domain builder P|RW|A, xen_map_identity_early PAGE_KERNEL_EXEC. If they are not rewritten, data,
bss and free memory stay executable. Eric Biederman in seed 004, on proposal 4 ("don't overwrite any existing
mapping"): "we still can wind up not failing to set _PAGE_NX in the appropriate places on 4K pages".

The finding names the range, the entries that stayed, the call that wrote them and the call that left them.

Fix: keep the merged policy (config.pagetable_init_policy: xen-mask-rw), which rewrites every leaf entry with the final attributes; never-overwrite (proposal 4) keeps the boot entries without NX.`,
  },
  detect(trace) {
    const { cx, s } = trace.pagetables;
    if (s.nx !== true) return [];
    const gaps = executableData(cx, s, trace.layout.high_memory);
    if (gaps.length === 0) return [];
    const kept = eventIndex(trace.events).of('pt-kept').filter((e) => (e.want & _PAGE_NX) !== 0);
    return gaps.map((g): Hit => {
      const k = kept.find((e) => e.start < g.end && e.end > g.start);
      // the step that kept the entries, else the one that wrote most of them (the first of equals)
      let main = g.parts[0];
      for (const p of g.parts) if (main !== undefined && p.bytes > main.bytes) main = p;
      const culprit = k?.step ?? main?.by ?? trace.steps[0] ?? { index: 0, name: '?', pos: { line: 1, col: 1 }, implicit: true };
      return { gap: g, kept: k, culprit };
    });
  },
  verdict: ({ gap, culprit }) => ({ rule: ID, severity: 'warning', step: culprit, related: [...new Set(gap.parts.map((p) => p.by))].map((step) => ({ step })) }),
  format: ({ gap: g, kept: k, culprit }, trace) => {
    const { cx } = trace.pagetables;
    const bySteps = new Map<StepRef, { attrs: string[]; bytes: number }>();
    for (const p of g.parts) {
      const w = bySteps.get(p.by) ?? { attrs: [], bytes: 0 };
      if (!w.attrs.includes(attrText(p.attrs))) w.attrs.push(attrText(p.attrs));
      w.bytes += p.bytes;
      bySteps.set(p.by, w);
    }
    const writers = [...bySteps].map(([by, w]) => `${label(by)} with ${w.attrs.join(' / ')} (${size(w.bytes)})`).join(', ');
    const related: RelatedStep[] = [...bySteps].map(([by, w]) => ({ step: by, role: `wrote entries without NX (${w.attrs.join(' / ')})` }));
    return {
      rule: ID,
      severity: 'warning',
      step: culprit,
      pos: culprit.pos,
      message: `direct map ${hex(g.start)}-${hex(g.end)} (${size(g.end - g.start)}) is executable: entries written by ${writers}${k !== undefined ? ` were kept by ${label(k.step)} under config.pagetable_init_policy ${k.policy}` : ''}; PAGE_KERNEL has NX above __init_end ${hex(cx.image.initEnd)}`,
      related,
      addresses: { start: g.start, end: g.end, __init_end: cx.image.initEnd },
      consequence: 'data, bss and free lowmem are executable although NX is enabled: stale permissions from the boot page tables',
      fix: k !== undefined
        ? 'rewrite existing entries (set_pte is unconditional in the merged code, which takes NX from PAGE_KERNEL; Xen\'s xen_set_pte_init masks only _PAGE_RW): config.pagetable_init_policy: xen-mask-rw'
        : 'map these pages with PAGE_KERNEL (set_pte over the whole direct map)',
    };
  },
});
