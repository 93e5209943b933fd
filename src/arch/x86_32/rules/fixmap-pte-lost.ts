/**
 * fixmap-pte-lost: a set_fixmap() PTE (an early console's FIX_DBGP_BASE or
 * FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE, …) was written into a PTE page that a
 * later step took out of its PMD without carrying the entry over.
 *
 * Two kernel paths do that (arch/x86/mm/ioremap.c at 2.6.28 4a6908a3a05):
 * - early_ioremap_clear() (lines 559-570: pmd_clear() of the PMD of
 *   FIX_BTMAP_BEGIN), called by early_ioremap_page_table_range_init()
 *   (arch/x86/mm/init_32.c lines 498-511; 2.6.26: pagetable_init()) before
 *   page_table_range_init() hooks a fresh, zeroed PTE page there, after which
 *   early_ioremap_reset() (lines 572-587) re-sets only FIX_BTMAP_BEGIN …
 *   FIX_BTMAP_END from bm_pte. Every other fixmap PTE that set_fixmap() wrote
 *   into bm_pte is gone. a3c6018e565 (2.6.29-rc3, Jan Beulich) removed
 *   early_ioremap_clear(); its message: "This also fixes potential issues with
 *   FIX_* entries sharing the leaf page table with the early ioremap ones
 *   getting discarded by early_ioremap_clear() and not restored by
 *   early_ioremap_reset()".
 * - early_ioremap_init() (lines 536-538: memset(bm_pte, 0);
 *   pmd_populate_kernel()) run after a set_fixmap() wrote into the page the PMD
 *   held (head_32.S's swapper_pg_fixmap, or bm_pte itself): the entry is gone.
 *   That is reason 4 of eda6da9286a, the revert of 8126dec3273 (parse_early_param()
 *   before early_ioremap_init()): "early_dbgp and early_console".
 * early_ioremap_init() over a page page_table_range_init() built is
 * fixmap-pagetables-replaced's (it also loses kmap_pte); not reported here.
 */
import { eventIndex, selectKinds } from '../../../replay/event-index.js';
import type { StepRef } from '../../../replay/trace.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';
import { PAGE_SIZE } from '../geometry.js';
import { ORIGIN_NAMES } from '../pagetables/model.js';
import type { PtPtesDroppedEvent, TableOrigin } from '../pagetables/events.js';
import type { EventOf } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { readEarlyprintk } from '../earlyprintk.js';
import { contextFor } from '../replay/context.js';
import { EARLY_FAULT_PRINTK, has } from '../history.js';
import { INIT_MEMORY_MAPPING_32 } from '../setup-arch-history.js';
import { hex, label, pageFaultHandlerStep, pageFaultText } from './describe.js';
import { builtFrames, replacesBuiltTable } from './fixmap-tables.js';

const ID = 'fixmap-pte-lost';
const KINDS = ['pt-step', 'fixmap-use', 'pt-ptes-dropped'] as const;

type Use = EventOf<'fixmap-use'>;

/**
 * Slots losing whose PTE is harmless, left out like a slot nobody mapped:
 * - FIX_ACPI_*, __acpi_map_table()'s: "we can map up to MAX_IO_APICS pages
 *   temporarily, i.e. until the next __va_range() call"
 *   (arch/x86/kernel/acpi/boot.c lines 110-116 at 2.6.28 4a6908a3a05): every
 *   call clear_fixmap()s and re-sets them, so no caller keeps the mapping and
 *   losing it is no worse than the next call.
 * - FIX_OHCI1394_BASE: its one user is init_ohci1394_controller(), which
 *   set_fixmap_nocache()s it, points a local struct ti_ohci at it and resets
 *   the controller through it before it returns
 *   (drivers/ieee1394/init_ohci1394_dma.c 225-241 at 2.6.26 bce7f793dae,
 *   2.6.28, 2.6.32-rc1 17d857be649 and 2.6.36 f6f94e2ab1b; `git grep
 *   FIX_OHCI1394_BASE` finds no other user outside the fixmap headers), so
 *   nothing reads the slot once init_ohci1394_dma_on_all_controllers() is done.
 */
function transient(slot: string): boolean {
  return slot === 'FIX_ACPI_BEGIN' || slot === 'FIX_ACPI_END' || slot === 'FIX_OHCI1394_BASE';
}

/**
 * Whether a lost set_fixmap is an early console's, which every printk writes
 * through: earlyprintk=dbgp's FIX_DBGP_BASE (arch/x86/kernel/early_printk.c;
 * drivers/usb/early/ehci-dbgp.c from 2.6.32-rc1) or earlycon=uart8250,mmio's
 * FIX_EARLYCON_MEM_BASE (drivers/serial/8250_early.c), both mapped by
 * parse_early_param (a define:d call mapping these slots is no console).
 * kgdbdbgp= alone maps FIX_DBGP_BASE for kgdb's I/O, no console
 * (kgdbdbgp_parse_config() registers kgdbdbgp_io_ops, not early_dbgp_console:
 * ehci-dbgp.c 1037-1055 at 2.6.36 f6f94e2ab1b); when earlyprintk=dbgp maps it
 * too, the PTE the console writes through is the same.
 */
function isConsole(u: Use, trace: Trace): boolean {
  if (u.step.name !== 'parse_early_param') return false;
  if (u.slot === 'FIX_EARLYCON_MEM_BASE') return true;
  return u.slot === 'FIX_DBGP_BASE' && contextFor(trace.scenario).debugPort.some((d) => d.param.name === 'earlyprintk' && d.maps > 0);
}

/** The set_fixmap()s of one step whose PTEs one unhooking dropped. */
interface Hit {
  /** the step that mapped them (the finding's culprit) */
  readonly step: StepRef;
  readonly uses: readonly Use[];
  readonly drop: PtPtesDroppedEvent;
  /** per use, the later set_fixmap of the same slot that maps it again, if any */
  readonly again: readonly (StepRef | undefined)[];
}

function pageName(origin: TableOrigin | null): string {
  return origin === null ? 'a PTE page' : ORIGIN_NAMES[origin];
}

function pfn(n: number): string {
  return `pfn 0x${n.toString(16)}`;
}

/** Lost for good: some slot is never mapped again (else only the window until the re-map is). */
function severityOf(hit: Pick<Hit, 'again'>): 'error' | 'warning' {
  return hit.again.some((a) => a === undefined) ? 'error' : 'warning';
}

function unhookText(drop: PtPtesDroppedEvent): string {
  const page = `${pageName(drop.table.origin)} (${pfn(drop.table.frame)})`;
  const now = drop.now === null ? '' : `, and the PMD now holds ${pageName(drop.now.origin)} (${pfn(drop.now.frame)})`;
  return drop.fn === 'early_ioremap_clear'
    ? `early_ioremap_clear() pmd_clear()s the PMD at ${hex(drop.pmd)}, which held ${page}${now}; early_ioremap_reset() re-sets only FIX_BTMAP_BEGIN … FIX_BTMAP_END`
    : `early_ioremap_init() memset()s bm_pte and hooks it into the PMD at ${hex(drop.pmd)} over ${page}`;
}

const HLT = 'halts in hlt_loop';
const XEN_FAULT = 'the guest takes a page fault before trap_init() (what Xen then reports is not verified)';

/**
 * Where head_32.S's early_fault writes "BUG: Int 14: CR2 …" when the fault
 * is an early console's write, i.e. inside printk's console loop with
 * console_sem held (release_console_sem → call_console_drivers, kernel/printk.c):
 * - before 34707bcd045 (2.6.30-rc1) it calls early_printk() (CONFIG_EARLY_PRINTK,
 *   default y), which writes to early_printk.c's early_console: the console
 *   the first earlyprintk= set up, else early_vga_console (`static struct console
 *   *early_console = &early_vga_console`, early_printk.c 922 at 2.6.28). An
 *   earlycon= console is an 8250 boot console register_console()d by
 *   8250_early.c (line 232), never early_console. dump_stack()'s printks then
 *   find console_sem taken (acquire_console_semaphore_for_printk()) and only
 *   fill the log buffer.
 * - from 34707bcd045 it calls printk(), which fills the log buffer only, for the
 *   same reason: nothing reaches a console.
 * - from 2.6.35-rc1, once early_trap_init() ran before the step that dropped
 *   the PTE (`at`), the fault is do_page_fault()'s: an oops, and the idle
 *   task's do_exit() panics (describe.ts pageFaultText); their printks find
 *   console_sem held as well, and panic()'s bust_spinlocks(0) → console_unblank()
 *   only try-locks it under oops_in_progress: nothing reaches a console either.
 */
function earlyConsoleFault(trace: Trace, uses: readonly Use[], at: StepRef): string {
  const { kernel, machine } = trace.scenario;
  const handler = pageFaultHandlerStep(trace, at);
  if (handler !== undefined) {
    const xen = machine.hypervisor === 'xen' ? ' (what Xen then reports is not verified)' : '';
    return `the fault goes to do_page_fault(), installed by ${label(handler)} (29c843912a0, 2.6.35-rc1): "BUG: unable to handle kernel paging request", an Oops, and do_exit() of the idle task panics ("Attempted to kill the idle task!"); inside the faulting printk's console write (console_sem held) all of it only fills the log buffer: the boot hangs without a message${xen} (arch/x86/mm/fault.c, kernel/exit.c, kernel/printk.c)`;
  }
  if (machine.hypervisor === 'xen') return XEN_FAULT;
  if (has(kernel, EARLY_FAULT_PRINTK)) {
    return `before trap_init() head_32.S's early_page_fault calls printk() for its "BUG: Int 14: CR2 …" (${EARLY_FAULT_PRINTK.commit}), which, inside the faulting printk's console write (console_sem held), only fills the log buffer, as dump_stack() does; it then ${HLT}: the boot hangs without a message (arch/x86/kernel/head_32.S, kernel/printk.c)`;
  }
  if (uses.some((u) => u.slot === 'FIX_DBGP_BASE')) {
    return `before trap_init() head_32.S's early_page_fault calls early_printk() for its "BUG: Int 14: CR2 …", whose console is this debug port (early_console = &early_dbgp_console): it faults again, until early_recursion_flag reaches 2 and it ${HLT}: the boot hangs without a message (arch/x86/kernel/head_32.S, arch/x86/kernel/early_printk.c)`;
  }
  const ep = readEarlyprintk(machine.params, kernel).effective;
  const own = ep === null
    ? 'the VGA text screen (no earlyprintk=: early_console stays early_vga_console), so only a machine with one shows it'
    : `the console ${ep.text} set up (the VGA text screen if it set up none)`;
  return `before trap_init() head_32.S's early_page_fault prints "BUG: Int 14: CR2 …" with early_printk(), not through the lost earlycon (an 8250 boot console, 8250_early.c, which early_printk() never writes to) but to early_printk's own console, ${own}; dump_stack()'s printks after it only fill the log buffer (console_sem is held by the faulting printk), and it ${HLT} (arch/x86/kernel/head_32.S, arch/x86/kernel/early_printk.c)`;
}

/** What the CPU does with a page fault at `cr2` through a slot that is no console, after step `at`, per machine. */
function earlyFault(trace: Trace, at: StepRef, cr2: number): string {
  if (pageFaultHandlerStep(trace, at) !== undefined) return pageFaultText(trace, at, cr2);
  if (trace.scenario.machine.hypervisor === 'xen') return XEN_FAULT;
  // native and VMI boot through head_32.S, whose setup_idt() installs the early handlers
  return `before trap_init() head_32.S's early_page_fault prints "BUG: Int 14: CR2 …" and ${HLT}; later it is "BUG: unable to handle kernel paging request"`;
}

function consequenceFor(trace: Trace, hit: Hit): string {
  const slots = (us: readonly Use[]): string => us.map((u) => `${u.slot} ${hex(u.vaddr)}`).join(', ');
  const consoles = hit.uses.filter((u) => isConsole(u, trace));
  const others = hit.uses.filter((u) => !isConsole(u, trace));
  const out: string[] = [];
  if (consoles.length > 0) out.push(`the early console's next write (the next printk) page-faults on the empty PTE of ${slots(consoles)}: ${earlyConsoleFault(trace, consoles, hit.drop.step)}`);
  if (others.length > 0) out.push(`the next access through ${slots(others)} page-faults: ${earlyFault(trace, hit.drop.step, (others[0] as Use).vaddr)}`);
  hit.uses.forEach((u, i) => {
    const a = hit.again[i];
    if (a !== undefined) out.push(`${label(a)} maps ${u.slot} again, so only accesses before it fault`);
  });
  return out.join('; ');
}

/** Where the kernel says the fixmap is ready: after the step that calls early_ioremap_clear() (paging_init in 2.6.26). */
function readyNote(trace: Trace): string {
  const note = '"NOTE: On x86-32, only from this point on, fixmaps are ready for use"';
  return has(trace.scenario.kernel, INIT_MEMORY_MAPPING_32)
    ? `arch/x86/kernel/setup.c after init_memory_mapping, 2.6.27 – 2.6.29-rc2: ${note}`
    : `arch/x86/kernel/setup_32.c after paging_init, whose pagetable_init() calls early_ioremap_clear(), 2.6.26: ${note}`;
}

function fixFor(trace: Trace, hit: Hit): string {
  const slots = hit.uses.map((u) => u.slot).filter((s, i, a) => a.indexOf(s) === i).join(', ');
  if (hit.drop.fn === 'early_ioremap_clear') {
    return `map ${slots} only after ${label(hit.drop.step)} has built the fixmap page tables (${readyNote(trace)}), or use a kernel with a3c6018e565 (2.6.29-rc3), which drops early_ioremap_clear(): page_table_range_init() keeps bm_pte and its entries`;
  }
  return `early_ioremap_init has to run before ${label(hit.step)} maps ${slots} (setup_arch calls it right after early_cpu_init; eda6da9286a reverted 8126dec3273, parse_early_param first, for breaking "early_dbgp and early_console")`;
}

function findingFor(trace: Trace, hit: Hit): Finding {
  const { step, uses, drop } = hit;
  const first = uses[0] as Use;
  const mapped = uses.map((u) => `${u.slot} at ${hex(u.vaddr)} (${u.what})`).join(', ');
  return {
    rule: ID,
    severity: severityOf(hit),
    step,
    pos: step.pos,
    slot: first.slot,
    message: `${step.name} maps ${mapped} in ${pageName(drop.table.origin)} (${pfn(drop.table.frame)}), which ${label(drop.step)} takes out of the PMD at ${hex(drop.pmd)}: the PTE${uses.length === 1 ? ' is' : 's are'} lost`,
    related: [{ step: drop.step, role: unhookText(drop) }],
    addresses: {
      vaddr: first.vaddr, pmd: drop.pmd, lost_pte_page_pfn: drop.table.frame,
      ...(drop.now === null ? {} : { new_pte_page_pfn: drop.now.frame }),
      FIXADDR_TOP: first.fixaddrTop,
    },
    consequence: consequenceFor(trace, hit),
    fix: fixFor(trace, hit),
  };
}

/** A set_fixmap and its rank among the trace's set_fixmaps (the order they were mapped in). */
interface Mapped {
  readonly use: Use;
  readonly seq: number;
}

/** The set_fixmap()s whose pages lie in one of the dropped runs, by step index, each step's in the order they were mapped. */
function usesDropped(drop: PtPtesDroppedEvent, mapped: ReadonlyMap<number, Mapped>, btmap: { readonly begin: number; readonly end: number }): Map<number, Use[]> {
  const byStep = new Map<number, Mapped[]>();
  for (const run of drop.ptes) {
    for (let va = run.start; va < run.end; va += PAGE_SIZE) {
      const m = mapped.get(va);
      // the leaf's writer is the set_fixmap that mapped it last (a later one of the same slot replaced it)
      if (m === undefined || m.use.step.index !== run.by.index || transient(m.use.slot)) continue;
      // early_ioremap_reset() re-sets FIX_BTMAP_* from bm_pte (a define:'s set_fixmap of one of them)
      if (drop.fn === 'early_ioremap_clear' && drop.table.origin === 'bm_pte' && m.use.idx >= btmap.end && m.use.idx <= btmap.begin) continue;
      const list = byStep.get(m.use.step.index);
      if (list === undefined) byStep.set(m.use.step.index, [m]);
      else list.push(m);
    }
  }
  return new Map([...byStep].map(([step, list]) => [step, list.sort((a, b) => a.seq - b.seq).map((x) => x.use)]));
}

export const fixmapPteLost: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    alsoReports: ['warning'],
    doc: 'a set_fixmap PTE (early console, APIC, …) lives in a PTE page that early_ioremap_clear or early_ioremap_init later takes out of its PMD: the mapping is lost',
    explanation: `set_fixmap() (set_pte_vaddr(); 2.6.26: set_pte_pfn(); arch/x86/mm/pgtable_32.c) writes the slot's PTE into whatever PTE page
the slot's PMD holds at that moment. Early in setup_arch() that is bm_pte, hooked by early_ioremap_init() into
the PMD of FIX_BTMAP_BEGIN, or head_32.S's swapper_pg_fixmap in the top PMD. Two steps later take such a page
out of its PMD without copying its entries:

- early_ioremap_clear() (arch/x86/mm/ioremap.c, 2.6.26 – 2.6.29-rc2): early_ioremap_page_table_range_init()
  (init_memory_mapping; 2.6.26: pagetable_init in paging_init) pmd_clear()s bm_pte's PMD, page_table_range_init()
  hooks a fresh, zeroed page, and early_ioremap_reset() re-sets only FIX_BTMAP_BEGIN … FIX_BTMAP_END from bm_pte.
  An early console set up by parse_early_param() (earlyprintk=dbgp: FIX_DBGP_BASE; earlycon=uart8250,mmio,…:
  FIX_EARLYCON_MEM_BASE) shares bm_pte's PMD with the FIX_BTMAP slots on the default configuration, so its
  mapping is gone once init_memory_mapping() has run. a3c6018e565 (2.6.29-rc3) removed early_ioremap_clear():
  "This also fixes potential issues with FIX_* entries sharing the leaf page table with the early ioremap ones
  getting discarded by early_ioremap_clear() and not restored by early_ioremap_reset()".
- early_ioremap_init() after the set_fixmap(): memset(bm_pte, 0) and pmd_populate_kernel() over the page that
  held the PTE (swapper_pg_fixmap, or bm_pte itself). That is why eda6da9286a reverted 8126dec3273
  (parse_early_param() before early_ioremap_init()): it "will break … early_dbgp and early_console".
kgdbdbgp= (2.6.35-rc1) maps FIX_DBGP_BASE the same way, for kgdb's I/O rather than as a console. An
earlyprintk=dbgp or kgdbdbgp= after pci=off or pci=noearly on the command line maps nothing (early_dbgp_init()
returns at !early_pci_allowed()), so it loses nothing.

The next access through the slot page-faults. For an early console that is the next printk, and before
trap_init() head_32.S's early_page_fault reports "BUG: Int 14: CR2 …": until 2.6.29 with early_printk(),
whose own console is earlyprintk='s (VGA without one), so a lost earlyprintk=dbgp faults again and halts in
hlt_loop without a word, while for a lost earlycon= the line reaches that other console; from 2.6.30-rc1
(34707bcd045) with printk(), which inside the faulting console write only fills the log buffer: a silent
hang; from 2.6.35-rc1 after early_trap_init() (29c843912a0) do_page_fault()'s oops and the idle task's panic,
just as silent there. A slot set again later (init_apic_mappings re-mapping FIX_APIC_BASE) is only missing in between: a
warning. Slots nobody reads after the call that maps them (FIX_ACPI_*, re-set by every __acpi_map_table();
FIX_OHCI1394_BASE, used only inside init_ohci1394_controller()) are left out. early_ioremap_init() over a page
page_table_range_init() built is fixmap-pagetables-replaced.

Fix: map the slot after the fixmap page tables are built ("NOTE: On x86-32, only from this point on, fixmaps
are ready for use": arch/x86/kernel/setup_32.c after paging_init in 2.6.26, setup.c after init_memory_mapping
from 2.6.27), keep early_ioremap_init() before any set_fixmap(), or, for 2.6.26 – 2.6.29-rc2 with an early
console, a kernel with a3c6018e565.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    const index = eventIndex(trace.events);
    if (!index.has('pt-ptes-dropped')) return hits;
    const begin = trace.fixmap.slots.FIX_BTMAP_BEGIN ?? -1;
    const btmap = { begin, end: trace.fixmap.slots.FIX_BTMAP_END ?? begin };
    const built = new Map<number, StepRef>();
    // the last set_fixmap of each page address; and, by slot and address, the lost uses no set_fixmap has
    // mapped again yet (a map, not a scan of every earlier hit: 10,000 calls that each lose one PTE were quadratic)
    const mapped = new Map<number, Mapped>();
    let seq = 0;
    const awaiting = new Map<string, { again: (StepRef | undefined)[]; i: number }[]>();
    for (const e of selectKinds(trace.events, KINDS)) {
      if (e.kind === 'pt-step') builtFrames(e.parts, e.step, built);
      else if (e.kind === 'fixmap-use') {
        if (e.via !== 'set_fixmap' || e.pte !== 'pagetables' || !e.covered) continue;
        mapped.set(e.vaddr, { use: e, seq: seq++ });
        const key = `${e.slot}@${e.vaddr}`;
        // the first set_fixmap of the slot after the loss maps it again, for every hit that lost it
        for (const w of awaiting.get(key) ?? []) w.again[w.i] = e.step;
        awaiting.delete(key);
      } else {
        if (e.fn === 'early_ioremap_init' && replacesBuiltTable({ what: e.table.origin ?? 'a PTE page', frame: e.table.frame }, built) !== undefined) continue;
        // one finding per step that mapped a lost PTE, in step order
        for (const [, uses] of [...usesDropped(e, mapped, btmap)].sort((a, b) => a[0] - b[0])) {
          const again: (StepRef | undefined)[] = uses.map(() => undefined);
          const hit: Hit = { step: (uses[0] as Use).step, uses, drop: e, again };
          hits.push(hit);
          uses.forEach((u, i) => {
            const key = `${u.slot}@${u.vaddr}`;
            const list = awaiting.get(key);
            if (list === undefined) awaiting.set(key, [{ again, i }]);
            else list.push({ again, i });
          });
        }
      }
    }
    return hits;
  },
  verdict: (hit) => ({ rule: ID, severity: severityOf(hit), step: hit.step, related: [{ step: hit.drop.step }] }),
  format: (hit, trace) => findingFor(trace, hit),
});
