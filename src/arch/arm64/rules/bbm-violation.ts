/**
 * bbm-violation: a live translation-table entry changed from one valid
 * descriptor to another in a way that needs break-before-make, with no
 * invalid entry and TLB invalidation in between; or a translation made live
 * while the TLB may still hold a different one for the same address.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { cachedFor } from '../../../memo.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule, Verdict } from '../../../rules/types.js';
import { alignDown } from '../addr.js';
import { TABLE_SLOTS } from '../fixmap.js';
import { SECTION_SIZE } from '../geometry.js';
import { kernelXRange, mapMemCalls } from '../mm/map-mem.js';
import { bbmReasons, needsBreak } from '../prot.js';
import type { PteWriteEvent, TlbConflictEvent } from '../replay/events.js';
import { descText } from '../render/trace-text.js';
import type { Arm64Trace } from '../types.js';
import { hex, isV44, label, lastWriter, levelText } from './describe.js';

const ID = 'bbm-violation';

const TABLE_SLOT_NAMES: ReadonlySet<string> = new Set(TABLE_SLOTS);

function fixFor(trace: Arm64Trace, e: PteWriteEvent): string {
  const v44 = isV44(trace);
  switch (e.via) {
    case 'map_mem':
      return v44 && e.old.kind === 'table'
        ? `build the linear map in a new pgd and install it with cpu_replace_ttbr1() (v4.6: "arm64: mm: create new fine-grained mappings at boot", 068a17a5805d); on v4.4, ${debugRodataOnce(trace, e)}`
        : 'build the mapping in tables that are not live and switch to them with cpu_replace_ttbr1() (v4.6 paging_init())';
    case 'fixup_executable':
      return 'map the kernel in segments that never share a 2 MiB block, in a new pgd reached through FIX_PGD/PUD/PMD/PTE, and switch with cpu_replace_ttbr1() (Mark Rutland\'s proposal in seed 002; v4.6 map_kernel()); CONFIG_DEBUG_ALIGN_RODATA only aligns _stext and _etext in v4.4, not __init_end';
    case 'fixup_init':
      return v44
        ? 'map the init segment on its own at page granularity so fixup_init() changes no block (v4.6+ maps it per segment and fixup_init() unmaps it with unmap_kernel_range())'
        : 'keep the segment boundaries page-aligned and mapped per segment, so the late change is permission-only';
    case 'mark_rodata_ro':
      return 'map _stext … _etext per segment from the start (v4.6 map_kernel()), so mark_rodata_ro() only changes permissions';
    default:
      return 'break the entry first (write an invalid entry, TLBI, then the new one), or build the change in tables that are not live and switch to them with cpu_replace_ttbr1()';
  }
}

function range(start: number, end: number): string {
  return `${hex(start)}–${hex(end)}`;
}

/**
 * debugRodataText, made once per trace and block (the write's va, output address and end: all it reads of the
 * write). Why: an order that repeats paging_init() writes the same blocks again and again, and each write is a
 * finding with this text (14,200 findings of the arm64-v4.4-paging-init limit file, each replanning map_mem()).
 */
const DEBUG_RODATA_TEXTS = new WeakMap<Arm64Trace, Map<string, string>>();

function debugRodataOnce(trace: Arm64Trace, e: PteWriteEvent): string {
  return cachedFor(DEBUG_RODATA_TEXTS, trace, `${e.va}:${e.new.oa}:${e.end}`, () => debugRodataText(trace, e));
}

/**
 * What CONFIG_DEBUG_RODATA=y would make v4.4's map_mem() do with the region
 * holding this block, on this machine: the create_mapping() calls
 * __map_memblock() splits it into at kernel_x (round_down(__pa(_stext), 2M)
 * … round_up(__pa(__init_end), 2M)), and whether one of them still covers the
 * whole block (rivsidn/linux-4.4.155@a1961d75:arch/arm64/mm/mmu.c:309-340).
 * Where it does not, the text also says what stays: fixup_executable()
 * (mmu.c:405-420, DEBUG_RODATA only) then splits the live 2 MiB sections
 * holding an unaligned _stext and __init_end into page tables, block → table
 * on the live swapper_pg_dir, which this rule reports there.
 * `e` is a write of the linear map, so __pa(x) = x - e.va + e.new.oa.
 */
function debugRodataText(trace: Arm64Trace, e: PteWriteEvent): string {
  const img = trace.final.image;
  const paOf = (va: number): number => va - e.va + e.new.oa;
  const kernelX = kernelXRange(paOf(img._stext), paOf(img.__init_end));
  const regions = trace.scenario.machine.banks.map((b) => ({ start: b.base, end: b.base + b.size }));
  const calls = mapMemCalls(regions, trace.final.memstart ?? e.new.oa, kernelX);
  const region = regions.find((r) => r.start <= e.new.oa && e.new.oa < r.end);
  const mine = region === undefined ? calls : calls.filter((c) => c.start >= region.start && c.end <= region.end);
  const first = mine[0];
  const last = mine[mine.length - 1];
  if (first === undefined || last === undefined) return 'CONFIG_DEBUG_RODATA=y does not change this write';
  const blockEnd = e.new.oa + (e.end - e.va);
  const list = mine.map((c) => `${range(c.start, c.end)} ${c.prot}`).join(', ');
  const head = `CONFIG_DEBUG_RODATA=y makes __map_memblock() map ${range(first.start, last.end)} in ${mine.length} create_mapping() ${mine.length === 1 ? 'call' : 'calls'} (${list}; kernel_x ${range(kernelX.start, kernelX.end)})`;
  const covering = mine.find((c) => c.start <= e.new.oa && blockEnd <= c.end);
  const splits = (['_stext', '__init_end'] as const).filter((s) => img[s] % SECTION_SIZE !== 0).map((s) => `${hex(alignDown(img[s], SECTION_SIZE))} (holding ${s})`);
  const stays = splits.length === 0
    ? 'and fixup_executable() has nothing to split (_stext and __init_end are 2 MiB-aligned)'
    : `but fixup_executable() then splits the live 2 MiB ${splits.length === 1 ? 'block' : 'blocks'} at ${splits.join(' and ')} into page tables, block → table on the live swapper_pg_dir: DEBUG_RODATA moves the break-before-make problem to fixup_executable() rather than removing it`;
  return covering === undefined
    ? `${head}, none of which covers all of ${range(e.new.oa, blockEnd)}, so no 1 GiB block replaces head.S's table there; ${stays}`
    : `${head}, but ${range(covering.start, covering.end)} still covers all of ${range(e.new.oa, blockEnd)}: the 1 GiB block replaces head.S's table all the same`;
}

const SET_LEVEL = ['pgd', 'pud', 'pmd', 'pte'] as const;

/**
 * The walker function that does a write (arch/arm64/mm/mmu.c): a block at L1
 * is put by alloc_init_pud(), at L2 by alloc_init_pmd(); a table entry is
 * populated by the function for the level below (alloc_init_pmd() populates
 * the pud with a pmd table, alloc_init_pte() the pmd with a pte table).
 */
function walkerOf(e: PteWriteEvent): string {
  if (e.new.kind === 'table') return `alloc_init_${['pud', 'pmd', 'pte', 'pte'][e.level] ?? 'pte'}`;
  return `alloc_init_${SET_LEVEL[e.level]}`;
}

/**
 * The walker's table writes, per version (index: the level written):
 * v4.4 alloc_init_pud() pgd_populate(), alloc_init_pmd() pud_populate(),
 * alloc_init_pte() __pmd_populate() (rivsidn/linux-4.4.155@a1961d75:
 * arch/arm64/mm/mmu.c:205,150,106); v4.6 and v4.7 __pgd_populate(),
 * __pud_populate(), __pmd_populate() (chenlihao92/archlinux-4.6.5@b9b6ded1
 * and calebwilliamsd/linux-4.7.4-casio@01851de9: arch/arm64/mm/mmu.c:260,201,132).
 */
const POPULATE_V4_4: readonly string[] = ['pgd_populate', 'pud_populate', '__pmd_populate'];
const POPULATE_V4_6: readonly string[] = ['__pgd_populate', '__pud_populate', '__pmd_populate'];

/**
 * What the walker of later releases does with the write: v4.10 checks a new leaf with
 * pgattr_change_is_safe() (:137 pte, :181 pmd, :240 pud), refuses to split a live block with
 * BUG_ON(pmd_sect()) in alloc_init_pte() (:115) or BUG_ON(pud_sect()) in alloc_init_pmd() (:155), and BUG()s
 * when a live table entry changes (BUG_ON(pXd_val(old) != 0 && pXd_val(old) != pXd_val(*pXd)), :187 pmd,
 * :246 pud) (pengdonglin137/linux-4.10.17@6962d94c arch/arm64/mm/mmu.c; the same in 4.11) (audit-arm64 3).
 */
function laterCheck(e: PteWriteEvent): string {
  const at = 'v4.10 arch/arm64/mm/mmu.c';
  if (e.new.kind === 'block' || e.new.kind === 'page') {
    return `from v4.10 pgattr_change_is_safe() BUG()s on such a write (${at}:${({ 1: 240, 2: 181, 3: 137 } as Record<number, number>)[e.level] ?? 137})`;
  }
  if (e.old.kind === 'block') {
    return e.level === 1
      ? `from v4.10 alloc_init_pmd() BUG()s on such a split (BUG_ON(pud_sect(*pud)), ${at}:155)`
      : `from v4.10 alloc_init_pte() BUG()s on such a split (BUG_ON(pmd_sect(*pmd)), ${at}:115)`;
  }
  if (e.level === 1 || e.level === 2) {
    return `from v4.10 the walker BUG()s when a live table entry changes (BUG_ON(${e.level === 1 ? 'pud' : 'pmd'}_val(old) != 0 && … != new), ${at}:${e.level === 1 ? 246 : 187})`;
  }
  // a pgd entry (L0) that changes table: v4.10's alloc_init_pud() checks only pgd_bad() (:222)
  return '';
}

/** set_pmd(), pud_populate(), __pmd_populate(), … for a write by the create_mapping walker of the version modeled */
function writer_(trace: Arm64Trace, e: PteWriteEvent): string {
  const lvl = SET_LEVEL[e.level];
  if (e.new.kind !== 'table') return `set_${lvl}()`;
  return `${(isV44(trace) ? POPULATE_V4_4 : POPULATE_V4_6)[e.level] ?? `${lvl}_populate`}()`;
}

/**
 * One finding: a live write that needs break-before-make, with the write
 * that put the old entry there (when another step did), or a translation
 * made live over stale TLB entries.
 */
type Hit =
  | { readonly kind: 'write'; readonly e: PteWriteEvent; readonly writer: PteWriteEvent | undefined }
  | { readonly kind: 'conflict'; readonly e: TlbConflictEvent };

/** the entry a write changes: two writes of one step are two findings */
function writeSubject(e: PteWriteEvent): string {
  return `L${e.level} ${hex(e.va)}`;
}

/** the writer is related when it is another step */
function otherWriter(e: PteWriteEvent, writer: PteWriteEvent | undefined): PteWriteEvent | undefined {
  return writer !== undefined && writer.step.index !== e.step.index ? writer : undefined;
}

function writeFinding(trace: Arm64Trace, e: PteWriteEvent, lastWrite: PteWriteEvent | undefined): Finding {
  const writer = otherWriter(e, lastWrite);
  const reasons = bbmReasons(e.old, e.new);
  const where = `${levelText(trace, e.level)} ${e.entries === 1 ? 'entry' : `entries ×${e.entries}`} at ${hex(e.va)} in ${e.table}`;
  return {
    rule: ID,
    severity: 'error',
    step: e.step,
    pos: e.step.pos,
    subject: writeSubject(e),
    message: `${e.via} replaces the live ${where} (${descText(e.old)}) with ${descText(e.new)} without break-before-make: ${reasons.join(', ')} change`,
    // e.old, not writer.new: a write of a run of entries (map_mem's blocks) holds the first entry's output address
    // (break-254 N6: "block → 0x80200000" for the block at 0x80c00000); the entry it left at e.va is e.old
    related: writer !== undefined ? [{ step: writer.step, role: `${writer.via} wrote the ${e.old.kind} (${descText(e.old)})` }] : [],
    addresses: { va: e.va, end: e.end, old_oa: e.old.oa, new_oa: e.new.oa },
    consequence: `${writer_(trace, e)} writes the new descriptor over the live one${e.then !== null ? ` and ${e.then}() runs only afterwards` : ''} (arch/arm64/mm/mmu.c ${walkerOf(e)}()): the TLB may hold the old ${e.old.kind} and the new ${e.new.kind} for the same address at once, a TLB conflict abort or a mix of both translations (ARM ARM break-before-make)${laterCheck(e) === '' ? '' : `; ${laterCheck(e)}`}`,
    fix: fixFor(trace, e),
  };
}

function verdictOf(hit: Hit): Verdict {
  if (hit.kind === 'conflict') return { rule: ID, severity: 'error', step: hit.e.step, subject: hex(hit.e.va), related: [{ step: hit.e.since }] };
  const writer = otherWriter(hit.e, hit.writer);
  return { rule: ID, severity: 'error', step: hit.e.step, subject: writeSubject(hit.e), related: writer !== undefined ? [{ step: writer.step }] : [] };
}

function conflictFinding(e: TlbConflictEvent): Finding {
  return {
    rule: ID,
    severity: 'error',
    step: e.step,
    pos: e.step.pos,
    subject: hex(e.va),
    message: `${e.via} makes ${hex(e.va)}–${hex(e.end)} translate to ${descText(e.now)} while the TLB may still hold ${descText(e.stale)} from ${label(e.since)}: ${e.reasons.join(', ')} change with no TLB invalidation in between`,
    related: [{ step: e.since, role: 'its translations were live and never invalidated' }],
    addresses: { va: e.va, end: e.end, stale_oa: e.stale.oa, new_oa: e.now.oa },
    consequence: e.via === '__enable_mmu'
      ? 'head.S turns the MMU off, rebuilds the tables at the KASLR address and turns it back on without invalidating the TLB (v4.6 arch/arm64/kernel/head.S __enable_mmu): entries of the first pass that overlap the new kernel mapping can still hit, so the CPU fetches the wrong physical page or takes a TLB conflict abort'
      : 'the old translation was removed without TLB invalidation: the TLB may return it, or conflict with the new one',
    fix: e.via === '__enable_mmu'
      ? 'invalidate the TLB before the MMU goes back on (tlbi vmalle1; dsb nsh; isb), as 4.7.4\'s head.S does ("Remove any stale TLB entries"; a stable backport, not in v4.7-rc3)'
      : 'flush the TLB (flush_tlb_kernel_range) after clearing the entry and before installing the new one',
  };
}

export const bbmViolation: Rule<Arm64Trace> = lazyRule<Arm64Trace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a live page-table entry changes kind, size, output address or memory type with no break (invalid + TLBI) in between',
    explanation: `The architecture requires break-before-make when a translation that may be cached in a TLB
changes anything but its permissions (ARM ARM, "break-before-make", R_WHZWS): the descriptor kind
or block size (table ↔ block, a 1 GiB block split into 2 MiB ones, a 2 MiB block into pages), the
output address, the memory type or shareability, the contiguous bit, or nG → G. The entry must first
be made invalid, the TLB invalidated, and only then the new entry written. Otherwise the TLB can hold
both translations: a TLB conflict abort, or an access through a mix of the two.

Permission-only changes (AP/RDONLY, PXN, UXN, DBM/WRITE, software bits, AF 0→1) and creating or
removing an entry are fine.

v4.4 builds the linear map in the live swapper_pg_dir (arch/arm64/mm/mmu.c alloc_init_pud/pmd/pte):
map_mem() puts a 1 GiB block over head.S's pmd table when it can (no DEBUG_RODATA, PHYS_OFFSET
1 GiB-aligned); fixup_executable(), fixup_init() and mark_rodata_ro() split live 2 MiB (and 1 GiB)
blocks into tables (split_pud/split_pmd, then pXd_populate over the live entry and only then
flush_tlb_all()). v4.6 ("arm64: mm: create new fine-grained mappings at boot", Mark Rutland) builds
the new tables off-line through the FIX_PGD/PUD/PMD/PTE slots and installs them with
cpu_replace_ttbr1(); from v4.10 the walker BUG()s on such writes (pgattr_change_is_safe() for a new
leaf, BUG_ON(pmd_sect()/pud_sect()) for a split of a live block).

The rule also reports a translation made live while the TLB may still hold another for the same
address: v4.6's KASLR path turns the MMU off, rebuilds the kernel mapping at the randomized address and
turns it back on without TLBI; when the new kernel range overlaps the old one the stale entries can
hit. 4.7.4, the tree the v4.7 profile is read from, adds "tlbi vmalle1" there; v4.7-rc3 does not have it
(a stable backport), so on v4.7.0 the hazard most likely remained.

Writes to the FIX_PTE/PMD/PUD/PGD slots are left to fixmap-slot-busy.

Fix: build the new tables off-line and switch TTBR1 with cpu_replace_ttbr1() (what v4.6's paging_init does, arch/arm64/mm/mmu.c), or break before make: write an invalid entry, flush_tlb_all(), then the new entry.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    for (const e of eventIndex(trace.events).of('pte-write')) {
      if (!e.live || e.old.kind === 'invalid' || e.new.kind === 'invalid') continue;
      if (e.slot !== null && TABLE_SLOT_NAMES.has(e.slot)) continue;
      if (needsBreak(e.old, e.new)) hits.push({ kind: 'write', e, writer: lastWriter(trace, e) });
    }
    for (const e of eventIndex(trace.events).of('tlb-conflict')) hits.push({ kind: 'conflict', e });
    return hits;
  },
  verdict: verdictOf,
  format: (hit, trace) => (hit.kind === 'write' ? writeFinding(trace, hit.e, hit.writer) : conflictFinding(hit.e)),
});
