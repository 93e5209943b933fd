/**
 * linear-map-unmapped: an access through the linear map (__va(), a memblock
 * allocation) after setup_vm_final() switched satp to swapper_pg_dir, at an
 * address setup_vm_final() did not map. memblock keeps handing out RAM that
 * swapper has no entry for: 5.14's RAM past __pa(PAGE_OFFSET) + memory_limit,
 * RAM that joined memblock.memory after setup_vm_final(), RAM of the kernel's
 * bank below the load address. The DTB read through __va(dtb_early_pa) is
 * dtb-early-va-stale's, a linear map with no RAM at all linear-map-empty's.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';
import { linearClip, linearLimitWraps } from '../layout.js';
import type { EventOf, StepRef } from '../replay/events.js';
import type { Interval, RiscvTrace } from '../types.js';
import { accessText, firstByte, hex, label, MAXPHYSMEM_2GB_FIX, size } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'linear-map-unmapped';

/**
 * Why setup_vm_final() left the accessed RAM unmapped:
 * - clip: 5.14 ends every range at __pa(PAGE_OFFSET) + memory_limit (`clip`, a physical address) and the RAM is
 *   above it; `memory` is memblock.memory when setup_vm_final() ran (sorted physical ranges);
 * - wrapped: the same end wrapped below the load address (MAXPHYSMEM_2GB), some RAM below it still mapped;
 * - late: the RAM joined memblock.memory in `adder`, after setup_vm_final();
 * - below-load: the RAM lies in the kernel's bank below the load address, which setup_vm_final() maps from the
 *   load address up (`bank` is that bank);
 * - other: none of these.
 */
type Cause =
  | { readonly kind: 'clip'; readonly clip: number; readonly memory: readonly Interval[] }
  | { readonly kind: 'wrapped'; readonly clip: number }
  | { readonly kind: 'late'; readonly adder: StepRef }
  | { readonly kind: 'below-load'; readonly bank: Interval }
  | { readonly kind: 'other' };

/** The first unmapped linear-map access under swapper (the kernel stops there), the step that switched to swapper, and why. */
interface Hit {
  readonly e: EventOf<'access'>;
  readonly final: StepRef;
  readonly cause: Cause;
}

/**
 * memblock.memory as setup_vm_final() walked it, and the step that switched to swapper: the banks of the last
 * `memblock` event before the satp switch (physical ranges); undefined when the order never switches.
 */
function atFinal(trace: RiscvTrace): { readonly final: StepRef; readonly memory: readonly Interval[]; readonly at: number } | undefined {
  let memory: readonly Interval[] = [];
  for (const [at, e] of trace.events.entries()) {
    if (e.kind === 'memblock') memory = e.banks;
    if (e.kind === 'satp' && e.to === 'swapper') return { final: e.step, memory, at };
  }
  return undefined;
}

/**
 * The largest mem= (bytes, page-aligned) with which 5.14 maps all the RAM memblock keeps: early_mem() makes
 * memory_limit min(mem=, memory_limit) (R514 mm/init.c:145-159); memblock_enforce_memory_limit() keeps the lowest
 * `limit` bytes of memblock.memory, up to __find_max_addr(limit) (mm/memblock.c:1634-1673), and setup_vm_final()
 * maps up to loadPa + limit (:741-742). The kept end is start_i + (limit - below_i) inside range i (below_i: the
 * bytes of the ranges before it), so the whole of range i fits iff start_i - below_i ≤ loadPa, a difference that
 * only grows with i: the answer is the RAM of the ranges before the first that fails, at most `memoryLimit`.
 *
 * @param memory memblock.memory, sorted physical ranges
 * @param loadPa __pa(PAGE_OFFSET), the load address
 * @param memoryLimit the built-in memory_limit, bytes
 * @returns bytes; 0 when even the first range fails (no mem= helps)
 */
export function largestMemParam(memory: readonly Interval[], loadPa: number, memoryLimit: number): number {
  let below = 0;
  for (const r of memory) {
    if (r.start - below > loadPa) break;
    below += r.end - r.start;
  }
  return Math.min(below, memoryLimit) - (Math.min(below, memoryLimit) % 4096);
}

/** A size as memparse() reads it: "2G", "1536M", "524284K". */
export function memparseText(bytes: number): string {
  if (bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30}G`;
  if (bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20}M`;
  return `${bytes / 1024}K`;
}

function causeOf(trace: RiscvTrace, pa: number, at: ReturnType<typeof atFinal> & object): Cause {
  const load = trace.scenario.machine.load_address;
  const { va } = trace.layout;
  if (va.clipsToMemoryLimit) {
    const clip = linearClip(va, load);
    if (linearLimitWraps(va, load)) return { kind: 'wrapped', clip };
    if (pa >= clip) return { kind: 'clip', clip, memory: at.memory };
  }
  if (!at.memory.some((r) => pa >= r.start && pa < r.end)) {
    for (const e of trace.events.slice(at.at)) {
      if (e.kind === 'memblock' && e.banks.some((r) => pa >= r.start && pa < r.end)) return { kind: 'late', adder: e.step };
    }
  }
  const bank = at.memory.find((r) => r.start <= load && load < r.end);
  if (bank !== undefined && pa >= bank.start && pa < load) return { kind: 'below-load', bank };
  return { kind: 'other' };
}

/** Why the address has no mapping, in words. */
function whyText(trace: RiscvTrace, cause: Cause): string {
  const load = trace.scenario.machine.load_address;
  const limit = trace.layout.va.memoryLimit;
  switch (cause.kind) {
    case 'clip': {
      const above = cause.memory.filter((r) => r.end > cause.clip).map((r) => `${hex(Math.max(r.start, cause.clip))}–${hex(r.end)}`);
      return `setup_vm_final() ends every memory range at __pa(PAGE_OFFSET) + memory_limit = ${hex(load)} + ${size(limit)} = ${hex(cause.clip)}, but memblock.memory keeps the RAM above it (${above.join(', ')}), and memblock allocates top down`;
    }
    case 'wrapped':
      return `setup_vm_final() ends every memory range at __pa(PAGE_OFFSET) + memory_limit, which wraps to ${hex(cause.clip)} (MAXPHYSMEM_2GB), and memblock keeps the RAM above it`;
    case 'late':
      return `that RAM joined memblock.memory in ${label(cause.adder)}, after setup_vm_final() mapped what memblock held`;
    case 'below-load':
      return `it lies in the kernel's bank (${hex(cause.bank.start)}–${hex(cause.bank.end)}) below the load address ${hex(load)}, and setup_vm_final() maps that bank only from the load address up`;
    case 'other':
      return 'setup_vm_final() did not map it';
  }
}

/**
 * What the fault does: the address is in the vmalloc or modules area, where do_page_fault() goes to
 * vmalloc_fault(), which finds no entry in init_mm.pgd (swapper_pg_dir itself); or anywhere else, where there is
 * no mm in setup_arch(); both end in no_context() (R514 mm/fault.c:37-58, 129-131, 238-266).
 */
function consequenceText(trace: RiscvTrace, va: number): string {
  const l = trace.layout.va;
  const inVmalloc = (va >= l.VMALLOC_START && va < l.vmallocEnd) || (va >= l.modules.start && va < l.modules.end);
  const path = inVmalloc
    ? 'the address lies in the vmalloc/modules area, so do_page_fault() calls vmalloc_fault(), which finds no entry for it in init_mm.pgd (swapper_pg_dir itself) and calls no_context()'
    : 'do_page_fault() finds no mm in setup_arch() and calls no_context()';
  return `a kernel page fault: ${path}: "Unable to handle kernel paging request at virtual address ${hex(va)}", an Oops, and do_exit() in the boot CPU's idle task panics ("Attempted to kill the idle task!")`;
}

/** The remedy, and whether no order of the calls can be one (Finding.noOrderFix). */
function fixOf(trace: RiscvTrace, hit: Hit): { readonly fix: string; readonly noOrderFix: boolean } {
  const { cause, final } = hit;
  const load = trace.scenario.machine.load_address;
  switch (cause.kind) {
    case 'clip': {
      const mem = largestMemParam(cause.memory, load, trace.layout.va.memoryLimit);
      const noOrder = `no order of the calls avoids it: every memblock allocation after ${label(final)} is taken top down from that RAM, and one before it faults on the missing linear map`;
      const mapAll = `give the machine no RAM at or above ${hex(cause.clip)}`;
      return {
        noOrderFix: true,
        fix: mem > 0
          ? `boot with mem=${memparseText(mem)}: early_mem() lowers memory_limit to it (R514 mm/init.c:145-159), so memblock_enforce_memory_limit() keeps only the lowest ${size(mem)} of RAM, all below the new end ${hex(load + mem)} up to which setup_vm_final() maps (a larger mem= keeps RAM above its own end); or ${mapAll}; ${noOrder}`
          : `${mapAll}; no mem= helps (it keeps the lowest RAM, and the end it maps to moves down with it); ${noOrder}`,
      };
    }
    case 'wrapped':
      return { noOrderFix: true, fix: MAXPHYSMEM_2GB_FIX };
    case 'late':
      return { noOrderFix: false, fix: `move ${label(cause.adder)} before ${label(final)}` };
    case 'below-load':
      return { noOrderFix: true, fix: `load the kernel at the start of its bank (${hex(cause.bank.start)}), so that setup_vm_final() maps all of it; no order of the calls changes where memblock allocates` };
    case 'other':
      return { noOrderFix: false, fix: `make the RAM part of memblock.memory, inside what ${label(final)} maps, before it allocates` };
  }
}

export const linearMapUnmapped: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a linear-map access (memblock allocation, __va()) after setup_vm_final() to RAM it did not map: 5.14\'s RAM past __pa(PAGE_OFFSET) + memory_limit, RAM added later',
    explanation: `setup_vm_final() (arch/riscv/mm/init.c) maps memblock.memory into the linear map of swapper_pg_dir and switches
satp to it; from then on memblock_alloc*() returns __va(pa) of the highest free RAM (top down, no current limit on
64-bit) and memsets it. RAM that memblock holds but setup_vm_final() did not map is then handed out and faults:
  - 5.14 ends every range at __pa(PAGE_OFFSET) + memory_limit (R514 mm/init.c:741-742), memory_limit =
    -PAGE_OFFSET - SZ_4G = 124 GiB (:140), while setup_bootmem()'s memblock_enforce_memory_limit(memory_limit)
    (:172) limits only the total size (mm/memblock.c __find_max_addr()): a bank 124 GiB or more above the load
    address stays in memblock, unmapped, and the first allocation after paging_init (unflatten_device_tree()'s
    in the released order) lands there. 5.10 and 5.12 do not clip: setup_vm_final() maps every range
    (R510 mm/init.c:569-581, R512:516-528), and memblock_enforce_memory_limit(-PAGE_OFFSET) caps the total
    (R510:177, R512:117); RAM whose __va() wraps past 2^64 is layout-collision's.
  - RAM that joins memblock.memory after setup_vm_final() (the /memory banks or efi_init()'s EFI memory map added
    after paging_init) has no linear mapping.
  - setup_vm_final() maps the kernel's bank from the load address up: its RAM below the load address is never
    mapped.
The fault: do_page_fault() sends an address in the vmalloc or modules area to vmalloc_fault(), which finds no
entry in init_mm.pgd and calls no_context(); anything else has no mm in setup_arch() and goes to no_context()
(R514 mm/fault.c:37-58, 238-266): "Unable to handle kernel paging request", and the boot CPU's idle task dies.
The DTB read through __va(dtb_early_pa) is dtb-early-va-stale's; 5.14 with MAXPHYSMEM_2GB, which maps no RAM at
all, is linear-map-empty's.

Sources: ${SOURCE_TREES_TEXT}.

Fix: for 5.14's limit, boot with a mem= small enough that memblock keeps no RAM at or above the load address +
mem= (the finding computes it), or keep all RAM within 124 GiB of the load address: no order of the calls avoids
it. For RAM added late, add it (parse_dtb, efi_init) before paging_init.`,
  },
  detect(trace) {
    const ix = eventIndex(trace.events);
    // no RAM mapped at all: linear-map-empty reports the configuration
    if (ix.of('linear-empty').length > 0) return [];
    let at: ReturnType<typeof atFinal> | null = null;
    for (const e of ix.of('access')) {
      if (e.via !== 'linear' || e.mapped || e.root !== 'swapper' || e.dtb || e.pa === null) continue;
      at ??= atFinal(trace);
      if (at === undefined) return [];
      // the first such access faults and the boot stops there
      return [{ e, final: at.final, cause: causeOf(trace, e.pa, at) }];
    }
    return [];
  },
  verdict: ({ e, final, cause }) => ({
    rule: ID, severity: 'error', step: e.step, halts: true,
    related: cause.kind === 'late' ? [{ step: final }, { step: cause.adder }] : [{ step: final }],
  }),
  format: (hit, trace): Finding => {
    const { e, final, cause } = hit;
    const pa = e.pa ?? 0;
    const { fix, noOrderFix } = fixOf(trace, hit);
    const where = firstByte(e);
    return {
      rule: ID, severity: 'error', step: e.step, halts: true, pos: e.step.pos,
      message: `${e.step.name}: ${accessText(e)} at ${hex(where)} = __va(${hex(pa)}) under swapper_pg_dir, which maps nothing there: ${whyText(trace, cause)}`,
      related: [
        { step: final, role: 'setup_vm_final(): the linear map of swapper_pg_dir, without that RAM' },
        ...(cause.kind === 'late' ? [{ step: cause.adder, role: 'adds the RAM to memblock.memory' }] : []),
      ],
      addresses: {
        va: where, pa,
        ...(cause.kind === 'clip' || cause.kind === 'wrapped' ? { memory_limit: trace.layout.va.memoryLimit, range_end: cause.clip } : {}),
      },
      consequence: consequenceText(trace, e.va),
      fix,
      ...(noOrderFix ? { noOrderFix: true } : {}),
    };
  },
});
