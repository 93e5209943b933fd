/**
 * fixmap-before-relocation: the fixmap was used, or its page tables were set
 * up, at a FIXADDR_TOP that a later reserve_top_address() moved.
 * The 2.6.27-rc1 VMI regression (seeds 000/001): init_memory_mapping() built
 * the fixmap page tables and dmi_scan_machine() set a fixmap slot before
 * vmi_init() relocated the fixmap.
 */
import type { EventOf, RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { fixmapCounter, hex, moveBefore, relocationLabel } from './describe.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'fixmap-before-relocation';

type Culprit = EventOf<'fixmap-use'> | EventOf<'fixmap-pagetables'> | EventOf<'pkmap-pagetables'>;

function fix(trace: Trace, r: RelocationEvent, culprit: StepRef): string {
  if (r.source === 'reservetop') return `${moveBefore(trace, r.step, culprit)}, or drop reservetop= from machine.cmdline`;
  return moveBefore(trace, r.step, culprit);
}

/**
 * @param first the earliest fixmap user before the same relocation: that is where the relocation must go
 * @param fixText the fix for that relocation and first user, computed once for all its culprits
 */
function findingFor(trace: Trace, c: Culprit, r: RelocationEvent, first: StepRef, fixText: string): Finding {
  const counter = fixmapCounter(trace);
  const related = [{ step: r.step, role: `relocates FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}` }];
  const hint = fixText + (first !== c.step ? ` (${first.name} is the first fixmap user before it)` : '');
  const base = { rule: ID, severity: 'error' as const, step: c.step, pos: c.step.pos, related, fix: hint };
  if (c.kind === 'fixmap-use') {
    const how = c.via === 'early_ioremap' ? 'early_ioremap() after early_ioremap_reset, i.e. a real set_fixmap' : c.via;
    return {
      ...base,
      slot: c.slot,
      message: `${c.step.name} maps ${c.slot} at ${hex(c.vaddr)} (${how}) before ${relocationLabel(r)} moves FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}`,
      addresses: { vaddr: c.vaddr, old_FIXADDR_TOP: r.oldTop, new_FIXADDR_TOP: r.newTop },
      consequence: c.counted
        ? `${counter} is ${r.fixmapsSet} when reserve_top_address() runs: BUG_ON(${counter} > 0) (arch/x86/mm/pgtable_32.c)`
        : 'kmap_pte points at the PTE of the old FIX_KMAP_BEGIN: every kmap_atomic() after the relocation maps the wrong address (arch/x86/mm/init_32.c kmap_init)',
    };
  }
  const what = c.kind === 'pkmap-pagetables' ? 'the pkmap page tables' : 'the fixmap page tables';
  return {
    ...base,
    message: `${c.step.name} builds ${what} for ${hex(c.start)}–${hex(c.end)} under FIXADDR_TOP ${hex(c.fixaddrTop)} before ${relocationLabel(r)} moves it to ${hex(r.newTop)}`,
    addresses: { start: c.start, end: c.end, old_FIXADDR_TOP: r.oldTop, new_FIXADDR_TOP: r.newTop },
    consequence: c.kind === 'pkmap-pagetables'
      ? 'PKMAP_BASE moves with FIXADDR_TOP: kmap() uses pkmap_page_table at the old address (arch/x86/mm/highmem_32.c)'
      : 'the relocated fixmap has no page tables: the next set_fixmap() hits BUG() in set_pte_vaddr() (arch/x86/mm/pgtable_32.c)',
  };
}

export const fixmapBeforeRelocation: Rule<Trace> = {
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a real set_fixmap, or fixmap/pkmap page tables, before reserve_top_address() moves FIXADDR_TOP',
    explanation: `reserve_top_address() (arch/x86/mm/pgtable_32.c) moves the fixmap down to make room for a
hypervisor: __FIXADDR_TOP = -reserve - PAGE_SIZE. It starts with BUG_ON(fixmaps_set > 0) (2.6.26: fixmaps),
because every address derived from FIXADDR_TOP before that point is wrong afterwards. Callers: vmi_init()
on a VMware VMI host, xen_reserve_top() before setup_arch() on Xen, and reservetop= in parse_early_param().

This rule fires when, before such a relocation,
  - a real set_fixmap() happened (fixmaps_set > 0: the kernel BUGs in reserve_top_address), including an
    early_ioremap() after early_ioremap_reset(), which is a set_fixmap;
  - the fixmap page tables were built (init_memory_mapping() → early_ioremap_page_table_range_init() in
    2.6.27, pagetable_init() in 2.6.26): they cover the old addresses, and the next set_fixmap() at the new
    address finds no page table and hits BUG() in set_pte_vaddr();
  - kmap_init() cached the PTE of FIX_KMAP_BEGIN, or the pkmap page tables were built: both sit at the old
    addresses.

The 2.6.27-rc1 regression (LKML, "Fix broken VMI in 2.6.27-rc..", Alok Kataria): commit e7b37895 made
init_memory_mapping() build the fixmap page tables, and 1c6e5503 moved dmi_scan_machine() (early_ioremap)
ahead of vmi_init(). The fix in 2.6.27-rc3 moved vmi_init() right after early_ioremap_init().

Fix: move the relocating call before the first fixmap user; the finding names both steps.`,
  },
  check(trace) {
    const pairs: { culprit: Culprit; relocation: RelocationEvent }[] = [];
    const reported = new Set<number>();
    // The first relocation after each event, and the first one that moves FIXADDR_TOP:
    // one pass from the end instead of a scan per culprit (80,000 fixmap users took 19 s).
    const events = trace.events;
    const nextAny: (RelocationEvent | undefined)[] = new Array<RelocationEvent | undefined>(events.length);
    const nextMoving: (RelocationEvent | undefined)[] = new Array<RelocationEvent | undefined>(events.length);
    let any: RelocationEvent | undefined;
    let moving: RelocationEvent | undefined;
    for (let i = events.length - 1; i >= 0; i--) {
      nextAny[i] = any;
      nextMoving[i] = moving;
      const e = events[i];
      if (e?.kind === 'relocation') {
        any = e;
        if (e.newTop !== e.oldTop) moving = e;
      }
    }
    events.forEach((e, at) => {
      const isCulprit =
        (e.kind === 'fixmap-use' && e.pte === 'pagetables') ||
        (e.kind === 'fixmap-pagetables' && !e.boot) ||
        e.kind === 'pkmap-pagetables';
      if (!isCulprit || reported.has(e.step.index)) return;
      // the first relocation after it that hurts: any reserve_top_address()
      // BUGs after a counted set_fixmap; page tables only suffer if the top moves
      const counted = e.kind === 'fixmap-use' && e.counted;
      const r = counted ? nextAny[at] : nextMoving[at];
      if (r === undefined) return;
      reported.add(e.step.index);
      pairs.push({ culprit: e, relocation: r });
    });
    const firstUser = new Map<RelocationEvent, StepRef>();
    for (const { culprit, relocation } of pairs) if (!firstUser.has(relocation)) firstUser.set(relocation, culprit.step);
    // every culprit of one relocation shares its fix (move the relocation before the first user)
    const fixes = new Map<RelocationEvent, string>();
    const fixOf = (r: RelocationEvent, first: StepRef): string => {
      let f = fixes.get(r);
      if (f === undefined) fixes.set(r, (f = fix(trace, r, first)));
      return f;
    };
    return pairs.map(({ culprit, relocation }) => {
      const first = firstUser.get(relocation) ?? culprit.step;
      return findingFor(trace, culprit, relocation, first, fixOf(relocation, first));
    });
  },
};
