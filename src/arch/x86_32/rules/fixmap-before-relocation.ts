/**
 * fixmap-before-relocation: the fixmap was used, or its page tables were set
 * up, at a FIXADDR_TOP that a later reserve_top_address() moved.
 * The 2.6.27-rc1 VMI regression (seeds 000/001): init_memory_mapping() built
 * the fixmap page tables and dmi_scan_machine() set a fixmap slot before
 * vmi_init() relocated the fixmap.
 */
import type { EventOf, RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { has, RESERVETOP_FIXUP_EARLY_IOREMAP } from '../history.js';
import { fixmapCounter, hex, label, relocationLabel, setPteFunction } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import { eventIndex } from '../../../replay/event-index.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'fixmap-before-relocation';

type Culprit = EventOf<'fixmap-use'> | EventOf<'fixmap-pagetables'> | EventOf<'pkmap-pagetables'>;
const CULPRIT_KINDS: readonly Culprit['kind'][] = ['fixmap-use', 'fixmap-pagetables', 'pkmap-pagetables'];

/** One finding: a fixmap user, the relocation that hurts it, and the first user before that relocation. */
interface Hit {
  readonly culprit: Culprit;
  readonly relocation: RelocationEvent;
  readonly first: StepRef;
}

/** The remedy in words; the verified order change comes from src/compare/fix-hints.ts. */
function remedy(r: RelocationEvent, first: StepRef, fixup: boolean): string {
  // parse_args() runs the handlers left to right: earlycon=/earlyprintk=dbgp/kgdbdbgp= before reservetop=
  if (r.source === 'reservetop' && first.index === r.step.index) {
    // before 2.6.34-rc7 the option after a reservetop= that moves FIXADDR_TOP sets a slot of the moved fixmap that
    // no page table covers (set_pte_vaddr() BUG(): the model's missing-prerequisite), so swapping the two does not boot either
    return fixup || r.oldTop === r.newTop ? 'put reservetop= before the option that maps the fixmap on machine.cmdline (parse_args() handles them left to right), or drop reservetop='
      : 'drop reservetop= or the option that maps the fixmap before it: before 2.6.34-rc7 (e67a807f3d9a) parse_reservetop() does not re-run early_ioremap_init(), so with reservetop= first the option maps a slot of the moved fixmap that no page table covers';
  }
  const base = `the relocation (${relocationLabel(r)}) has to happen before the first fixmap user, ${label(first)}`;
  return r.source === 'reservetop' ? `${base}, or drop reservetop= from machine.cmdline` : base;
}

/** "moves FIXADDR_TOP 0x… → 0x…", or, for a repeated reserve that does not move it, says so */
function moves(r: RelocationEvent): string {
  return r.oldTop === r.newTop
    ? `runs reserve_top_address() again without moving FIXADDR_TOP (${hex(r.newTop)})`
    : `moves FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}`;
}

/** What the findings of one relocation (with its first user) say alike. */
interface RelocationWords {
  readonly relocation: RelocationEvent;
  readonly first: StepRef;
  /** the related step's role */
  readonly role: string;
  readonly fix: string;
  /** relocationLabel, and "moves FIXADDR_TOP …" (moves) */
  readonly label: string;
  readonly moves: string;
  readonly newTop: string;
}

/**
 * The last relocation's words: every finding of a relocation says the same
 * about it, and a long order has thousands of fixmap users before one
 * relocation (the hits of one check come grouped by relocation).
 */
let lastWords: RelocationWords | undefined;

function wordsFor(r: RelocationEvent, first: StepRef, fixup: boolean): RelocationWords {
  if (lastWords !== undefined && lastWords.relocation === r && lastWords.first === first) return lastWords;
  lastWords = {
    relocation: r,
    first,
    role: r.oldTop === r.newTop ? `reserve_top_address() again, FIXADDR_TOP stays ${hex(r.newTop)}` : `relocates FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}`,
    fix: remedy(r, first, fixup),
    label: relocationLabel(r),
    moves: moves(r),
    newTop: hex(r.newTop),
  };
  return lastWords;
}

/**
 * A counted set_fixmap() before a relocation halts the kernel in the relocating call, before it
 * relocates anything: reserve_top_address() starts with BUG_ON(fixmaps_set > 0) (2.6.26: fixmaps), and before
 * trap_init() the ud2 stops the CPU in head_32.S's early_illegal_opcode (hlt_loop). Sources:
 * caglar10ur/linux-2.6.27.y@3fa8749e584b (v2.6.27) arch/x86/mm/pgtable_32.c:107-115
 * (reserve_top_address), pgtable.c:318-330 (__native_set_fixmap: fixmaps_set++),
 * arch/x86/kernel/head_32.S:528-564. Page tables built too early break only the next
 * set_fixmap() after the relocation (a later step the model does not name): no halt here. When
 * one step holds both (earlycon= before reservetop= in parse_early_param), it halts in that step,
 * before the relocation; its own findings are reached (halting.ts reachedUpTo).
 */
function haltsAt({ culprit, relocation }: Hit): { halts?: true; haltBefore?: StepRef } {
  if (culprit.kind !== 'fixmap-use' || !culprit.counted) return {};
  // earlycon= before reservetop= in one parse_early_param: the kernel stops inside the culprit step, after its
  // set_fixmap but before the relocation: the state shown is as before that step (the slot is not in the layout)
  return { halts: true, haltBefore: relocation.step };
}

/** @param first the earliest fixmap user before the same relocation: that is where the relocation must go */
function findingFor(trace: Trace, hit: Hit): Finding {
  const { culprit: c, relocation: r, first } = hit;
  const counter = fixmapCounter(trace);
  const w = wordsFor(r, first, has(trace.scenario.kernel, RESERVETOP_FIXUP_EARLY_IOREMAP));
  const related = [{ step: r.step, role: w.role }];
  // each finding is written out as one literal: `{ ...base, more }` cost V8 (node 20) microseconds an object,
  // most of the time of this rule on a file of 10,000 fixmap users
  if (c.kind === 'fixmap-use') {
    const how = c.via === 'early_ioremap' ? 'early_ioremap() after early_ioremap_reset, i.e. real set_fixmaps'
      : c.via === 'early_ioremap_reset' ? `early_ioremap_reset() re-sets the still mapped ${c.what} with set_fixmap`
        : c.via;
    const pages = c.pages > 1 ? ` (${c.pages} pages)` : '';
    return {
      rule: ID, severity: 'error', step: c.step, pos: c.step.pos, related, fix: w.fix,
      ...haltsAt(hit),
      slot: c.slot,
      message: `${c.step.name} maps ${c.slot} at ${hex(c.vaddr)}${pages} (${how}) before ${w.label} ${w.moves}`,
      addresses: { vaddr: c.vaddr, old_FIXADDR_TOP: r.oldTop, new_FIXADDR_TOP: r.newTop },
      consequence: c.counted
        ? `${counter} is ${r.fixmapsSet} when reserve_top_address() runs: BUG_ON(${counter} > 0) (arch/x86/mm/pgtable_32.c; pgtable.c from 2.6.30); before trap_init() the ud2 lands in head_32.S's early_illegal_opcode, which prints "BUG: Int 6: …" (with an early console) and halts`
        : 'kmap_pte points at the PTE of the old FIX_KMAP_BEGIN: every kmap_atomic() after the relocation maps the wrong address (arch/x86/mm/init_32.c kmap_init)',
    };
  }
  const what = c.kind === 'pkmap-pagetables' ? 'the pkmap page tables' : 'the fixmap page tables';
  return {
    rule: ID, severity: 'error', step: c.step, pos: c.step.pos, related, fix: w.fix,
    message: `${c.step.name} builds ${what} for ${hex(c.start)}–${hex(c.end)} under FIXADDR_TOP ${hex(c.fixaddrTop)} before ${w.label} moves it to ${w.newTop}`,
    addresses: { start: c.start, end: c.end, old_FIXADDR_TOP: r.oldTop, new_FIXADDR_TOP: r.newTop },
    consequence: c.kind === 'pkmap-pagetables'
      ? 'PKMAP_BASE moves with FIXADDR_TOP: kmap() uses pkmap_page_table at the old address (arch/x86/mm/highmem_32.c)'
      : `the relocated fixmap has no page tables: the next set_fixmap() hits BUG() in ${setPteFunction(trace)} (arch/x86/mm/pgtable_32.c)`,
  };
}

export const fixmapBeforeRelocation: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'a real set_fixmap, or fixmap/pkmap page tables, before reserve_top_address() moves FIXADDR_TOP',
    // DerArtem/android-tegra-2.6.36-hc-dev@577c9c456f0:arch/x86/mm/pgtable.c:323 (2.6.30-rc1); before, pgtable_32.c
    explanation: `reserve_top_address() (arch/x86/mm/pgtable_32.c; pgtable.c from 2.6.30) moves the fixmap down
to make room for a hypervisor: __FIXADDR_TOP = -reserve - PAGE_SIZE. It starts with BUG_ON(fixmaps_set > 0) (2.6.26: fixmaps),
because every address derived from FIXADDR_TOP before that point is wrong afterwards. Callers: vmi_init()
on a VMware VMI host, xen_reserve_top() before setup_arch() on Xen, and reservetop= in parse_early_param().

This rule fires when, before such a relocation,
  - a real set_fixmap() happened (fixmaps_set > 0: the kernel BUGs in reserve_top_address), including an
    early_ioremap() after early_ioremap_reset(), which is a set_fixmap; the kernel stops in the relocating
    call before it moves anything, so findings at later steps are ones it never reaches, and \`layout\`
    shows the address space before that call;
  - the fixmap page tables were built (init_memory_mapping() → early_ioremap_page_table_range_init() in
    2.6.27, pagetable_init() in 2.6.26): they cover the old addresses, and the next set_fixmap() at the new
    address finds no page table and hits BUG() in set_pte_vaddr() (2.6.26: set_pte_pfn());
  - kmap_init() cached the PTE of FIX_KMAP_BEGIN, or the pkmap page tables were built: both sit at the old
    addresses.

The 2.6.27-rc1 regression (LKML, "Fix broken VMI in 2.6.27-rc..", Alok Kataria): commit e7b37895 made
init_memory_mapping() build the fixmap page tables, and 1c6e5503 moved dmi_scan_machine() (early_ioremap)
ahead of vmi_init(). The fix in 2.6.27-rc3 moved vmi_init() right after early_ioremap_init().

Fix: move the relocating call before the first fixmap user; the finding names both steps.`,
  },
  detect(trace) {
    const pairs: { culprit: Culprit; relocation: RelocationEvent }[] = [];
    const events = trace.events;
    const ix = eventIndex(events);
    // the judgement runs for every replayed order: walk the few relocations and culprits, not every event
    const relocations = ix.of('relocation');
    const relocationAt = ix.at('relocation');
    if (relocations.length === 0) return [];
    // the steps reported, made on the first hit: most orders the many-replay engine judges have none
    let reported: Set<number> | undefined;
    // r: the first relocation after the culprit (culprits come in trace order)
    let r = 0;
    for (const at of ix.atAny(CULPRIT_KINDS)) {
      while (r < relocationAt.length && (relocationAt[r] as number) < at) r++;
      if (r === relocationAt.length) break;
      const e = events[at];
      if (e === undefined) continue;
      const isCulprit =
        (e.kind === 'fixmap-use' && e.pte === 'pagetables' && e.failed === null) ||
        (e.kind === 'fixmap-pagetables' && !e.boot) ||
        e.kind === 'pkmap-pagetables';
      if (!isCulprit || reported?.has(e.step.index) === true) continue;
      // the first relocation after it that hurts: any reserve_top_address()
      // BUGs after a counted set_fixmap; page tables only suffer if the top moves
      let hit: RelocationEvent | undefined;
      if (e.kind === 'fixmap-use' && e.counted) hit = relocations[r];
      else {
        for (let k = r; k < relocations.length; k++) {
          const x = relocations[k] as RelocationEvent;
          if (x.newTop !== x.oldTop) { hit = x; break; }
        }
      }
      if (hit === undefined) continue;
      (reported ??= new Set()).add(e.step.index);
      pairs.push({ culprit: e, relocation: hit });
    }
    if (pairs.length === 0) return [];
    const firstUser = new Map<RelocationEvent, StepRef>();
    for (const { culprit, relocation } of pairs) if (!firstUser.has(relocation)) firstUser.set(relocation, culprit.step);
    return pairs.map(({ culprit, relocation }) => ({ culprit, relocation, first: firstUser.get(relocation) ?? culprit.step }));
  },
  verdict: (hit) => ({ rule: ID, severity: 'error', step: hit.culprit.step, related: [{ step: hit.relocation.step }], ...haltsAt(hit) }),
  format: (hit, trace) => findingFor(trace, hit),
});
