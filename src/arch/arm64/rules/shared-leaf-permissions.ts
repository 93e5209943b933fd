/**
 * shared-leaf-permissions: a block entry maps parts of two kernel segments
 * (or a segment and other memory) and one of them later changes
 * permissions, so the block has to be split.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { ImageSymbols } from '../layout.js';
import type { StepRef } from '../../../replay/trace.js';
import type { LeafSplitEvent, PteWriteEvent } from '../replay/events.js';
import type { Arm64Trace } from '../types.js';
import { hex, isV44, label, levelText } from './describe.js';

const ID = 'shared-leaf-permissions';

const SYMBOLS: readonly (keyof ImageSymbols)[] = ['_text', '_stext', '__start_rodata', '_etext', '__init_begin', '__init_end', '_data', '_end'];

/**
 * Symbols the model places only approximately, not named as boundaries: in v4.4 .altinstructions lies
 * between __init_end and _data, and without DEBUG_RODATA ALIGN_DEBUG_RO is empty, so _etext ends .notes
 * unaligned and only __init_begin is page-aligned (rivsidn/linux-4.4.155@a1961d75
 * arch/arm64/kernel/vmlinux.lds.S:65-73, :120-124, :153-165). The model counts .altinstructions in init
 * and takes section sizes as page multiples (layout.ts imageSymbols), so it has _etext = __init_begin and
 * __init_end = _data there; a message must not say so (audit-arm64 4).
 */
function approximate(trace: Arm64Trace): ReadonlySet<keyof ImageSymbols> {
  if (!isV44(trace)) return new Set();
  return new Set<keyof ImageSymbols>(trace.scenario.config.debug_rodata ? ['_data'] : ['_etext', '_data']);
}

/** The image's section boundaries strictly inside the block (v4.4: the kernel's addresses are linear-map addresses). */
function boundariesIn(trace: Arm64Trace, e: LeafSplitEvent): string[] {
  const img = trace.final.image;
  const byVa = new Map<number, string[]>();
  const skip = approximate(trace);
  for (const name of SYMBOLS) {
    if (skip.has(name)) continue;
    const va = img[name];
    if (va <= e.va || va >= e.end) continue;
    byVa.set(va, [...(byVa.get(va) ?? []), name]);
  }
  return [...byVa.entries()].map(([va, names]) => `${names.join(' = ')} ${hex(va)}`);
}

/** A split that changes part of a block, and the last write that made the block, if any. */
interface Hit {
  readonly e: LeafSplitEvent;
  readonly creator: PteWriteEvent | undefined;
}

/** which block: one step may split several */
function subjectOf(e: LeafSplitEvent): string {
  return `block ${hex(e.va)}`;
}

export const sharedLeafPermissions: Rule<Arm64Trace> = lazyRule<Arm64Trace, Hit>({
  meta: {
    id: ID,
    severity: 'warning',
    doc: 'two segments share a block (last-level) entry and one of them later changes permissions, forcing a split',
    explanation: `Mark Rutland (seed 002, "[PATCH v3 3/7] arm64: split off early mapping code from early_fixmap_init()",
3 Dec 2015): "things are mapped at the largest possible granularity that permits later permission
changes without breaking/making sections … so we'd map the kernel and memory in segments, where no two
segments share a common last-level entry (i.e. they're all at least page-aligned, and don't share a
section with another segment)": memory below TEXT_OFFSET, text, rodata, init, data/bss, memory above
_end. He notes "permission changes at sub-section granularity (e.g. in fixup_init)".

v4.4 maps the kernel through the linear map at 2 MiB granularity (head.S, then map_mem()), so the
boundaries _stext, _etext/__init_begin and __init_end fall inside blocks; fixup_executable(),
fixup_init() and mark_rodata_ro() then give part of a block other permissions and have to split it
(which, on live tables, is also a bbm-violation). CONFIG_DEBUG_ALIGN_RODATA aligns _stext and _etext
to 2 MiB but not __init_end. v4.6's map_kernel() maps each segment on its own, so no block spans two;
v4.7 aligns the segments to SEGMENT_ALIGN (64 KiB, or 2 MiB with DEBUG_ALIGN_RODATA).

The rule reports the split of a block whose two parts end up with different permissions; when a
1 GiB block is split on the way to a 2 MiB one, only the last-level split is reported.

Fix: align the segments so that no last-level entry is shared (CONFIG_DEBUG_ALIGN_RODATA in arch/arm64/Kconfig.debug, v4.7's SEGMENT_ALIGN in arch/arm64/kernel/vmlinux.lds.S), or map each segment on its own as v4.6's map_kernel() does.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    const splits = eventIndex(trace.events).of('leaf-split');
    // the splits of each step: a split is measured against its own step's only (against every split of the
    // trace, 2,000 paging_init calls of v4.4 with KASAN and DEBUG_RODATA took seconds)
    const ofStep = new Map<StepRef, LeafSplitEvent[]>();
    for (const e of splits) {
      const mine = ofStep.get(e.step);
      if (mine === undefined) ofStep.set(e.step, [e]);
      else mine.push(e);
    }
    const reported = new Set<LeafSplitEvent>();
    for (const e of splits) {
      const partial = e.mapVa > e.va || e.mapEnd < e.end;
      if (!partial || e.oldProt === e.newProt) continue;
      // a 1 GiB block split on the way down: report the 2 MiB split below it instead
      if ((ofStep.get(e.step) ?? []).some((x) => x !== e && x.level > e.level && x.va >= e.va && x.end <= e.end && x.mapVa >= e.mapVa && x.mapEnd <= e.mapEnd)) continue;
      reported.add(e);
    }
    if (reported.size === 0) return hits;
    // the block each reported split splits: the last block write on its table that covers it, before it. One
    // pass over the events, each table's block writes kept in order and searched from the latest, which is
    // the one that made the block unless a later write over other entries of that table came between
    const blockWrites = new Map<string, PteWriteEvent[]>();
    for (const w of trace.events) {
      if (w.kind === 'pte-write' && w.new.kind === 'block') {
        const mine = blockWrites.get(w.table);
        if (mine === undefined) blockWrites.set(w.table, [w]);
        else mine.push(w);
      } else if (w.kind === 'leaf-split' && reported.has(w)) {
        const writes = blockWrites.get(w.table) ?? [];
        let creator: PteWriteEvent | undefined;
        for (let i = writes.length - 1; i >= 0 && creator === undefined; i--) {
          const b = writes[i] as PteWriteEvent;
          if (b.va <= w.va && b.end >= w.end) creator = b;
        }
        hits.push({ e: w, creator });
      }
    }
    return hits;
  },
  verdict: ({ e, creator }) => ({
    rule: ID, severity: 'warning', step: e.step, subject: subjectOf(e), related: creator !== undefined && creator.step !== e.step ? [{ step: creator.step }] : [],
  }),
  format: ({ e, creator }, trace) => {
    const bounds = boundariesIn(trace, e);
    return {
      rule: ID,
      severity: 'warning',
      step: e.step,
      pos: e.step.pos,
      subject: subjectOf(e),
      message: `${e.via} gives ${hex(e.mapVa)}–${hex(e.mapEnd)} ${e.newProt} inside the ${levelText(trace, e.level)} block ${hex(e.va)}–${hex(e.end)} (${e.oldProt ?? '?'})`
        + `${bounds.length > 0 ? `, which also maps the other side of ${bounds.join(', ')}` : ''}: the segments share a last-level entry, so the block is split`,
      related: creator !== undefined && creator.step !== e.step ? [{ step: creator.step, role: `${creator.via} mapped the block that spans the segment boundary` }] : [],
      addresses: { block: e.va, block_end: e.end, start: e.mapVa, end: e.mapEnd },
      consequence: `${e.via} must split the block into a table of smaller entries${e.live ? ' on the live tables (see bbm-violation)' : ''}; the segments on both sides lose the large mapping, and without the split no permission can differ between them (arch/arm64/mm/mmu.c split_pmd/split_pud)`,
      fix: `map each kernel segment with its own mapping at page granularity so that no two segments share a block (seed 002; v4.6 map_kernel()), or align the boundary to 2 MiB (CONFIG_DEBUG_ALIGN_RODATA for _stext and _etext; v4.7 SEGMENT_ALIGN)${creator !== undefined ? `; the block comes from ${label(creator.step)}` : ''}`,
    };
  },
});
