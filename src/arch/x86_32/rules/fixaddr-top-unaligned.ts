/**
 * fixaddr-top-unaligned: a relocation whose reserve is not a multiple of
 * PAGE_SIZE leaves FIXADDR_TOP inside a page. reserve_top_address() does not
 * round: `__FIXADDR_TOP = -reserve - PAGE_SIZE` (arch/x86/mm/pgtable.c,
 * DerArtem/android-tegra-2.6.36-hc-dev@e40152ee1e1c, Linux 2.6.34, :347-355;
 * the same line in arch/x86/mm/pgtable_32.c before 2.6.30: :172 at
 * bce7f793dae (2.6.26), :112 at 4a6908a3a05 (2.6.28) and 8e0ee43bc2c
 * (2.6.29); pgtable.c :329 at 07a2039b8eb (2.6.30)), and parse_reservetop() hands it memparse()'s
 * value as given (arch/x86/mm/pgtable_32.c :123-135). So every
 * `__fix_to_virt(idx) = FIXADDR_TOP - (idx << PAGE_SHIFT)` is that far into
 * a page, while set_pte_vaddr() and early_ioremap's bm_pte index write the PTE
 * of the page that contains it: each fixmap pointer addresses
 * `FIXADDR_TOP % PAGE_SIZE` bytes past the start of what was mapped.
 * VMI, Xen and OLPC reserve whole pages (64 MiB, HYPERVISOR_VIRT_START, 1 MiB
 * boundaries); reservetop= takes any number (e67a807f3d9's own example is
 * 0xbadc0de).
 *
 * A user whose reads run past the pages it mapped (FixmapUseEvent.readEnd:
 * the DMI scan that never meets "_DMI_", dmi_scan.c :395-406 at e40152ee1e1c)
 * touches a slot page nothing maps. Inside setup_arch() nothing but head_32.S's
 * early handlers are in the IDT (trap_init() runs after setup_arch(),
 * init/main.c :562, :584 at e40152ee1e1c): setup_idt's set_early_handler
 * puts early_page_fault at vector 14, and early_fault prints "BUG: Int 14" and
 * spins in hlt_loop (arch/x86/kernel/head_32.S :530, :548-571 there; the same
 * in caglar10ur/linux-2.6.27.y@16fa49cbc714 :519-562); from 2.6.35-rc1
 * do_page_fault() oopses and panics (describe.ts pageFaultText). Either way
 * the kernel stops in that user's step: the finding halts it there
 * (Verdict.haltIn) and names no user after it.
 */
import type { EventOf, RelocationEvent } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { PAGE_SIZE, VA_TOP } from '../geometry.js';
import { hex, label, pageFaultText, relocationLabel } from './describe.js';
import { reservetopInRange } from '../cmdline-layout.js';
import { readPastMapping } from '../replay/early-ioremap.js';
import type { Finding, RelatedStep, Rule } from '../../../rules/types.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import { eventIndex } from '../../../replay/event-index.js';

const ID = 'fixaddr-top-unaligned';
const KINDS = ['relocation', 'fixmap-use'] as const;

/** A byte offset inside a page, unpadded (hex() pads addresses to 8 digits). */
function off16(n: number): string {
  return `0x${n.toString(16)}`;
}

interface Open {
  readonly r: RelocationEvent;
  ioremap: EventOf<'fixmap-use'> | undefined;
  fixmap: EventOf<'fixmap-use'> | undefined;
  /** the first fixmap user after it whose page is not mapped at all (another rule's fault, which comes first) */
  unmapped: EventOf<'fixmap-use'> | undefined;
  /** the first early_ioremap() user after it whose reads run past its pages into a slot page nothing maps: the kernel stops there */
  fault: { readonly e: EventOf<'fixmap-use'>; readonly at: number } | undefined;
  /** another relocation of the order that reserves again, page-aligned (realignerOf), set when detect() ends */
  realigner: RelocationEvent | undefined;
}

/** Whether the kernel has stopped at a user after the relocation: later users are never reached. */
function stopped(o: Open): boolean {
  return o.unmapped !== undefined || o.fault !== undefined;
}

/**
 * Whether the page a fixmap user addresses is mapped at all: early_ioremap's
 * first page served by bm_pte, set_fixmap's covered by a page table.
 * Otherwise the first access faults (stale-early-ioremap: bm_pte hooked at
 * the old PMD, as before 2.6.34-rc7 without fixup_early_ioremap()) or
 * set_pte_vaddr() BUG()s (missing-prerequisite) before any shifted read.
 */
function mapped(e: EventOf<'fixmap-use'>): boolean {
  return e.pte === 'bm_pte' ? e.unserved === null || e.unserved.page > 0 : e.uncovered === null;
}

/** What the DMI scan makes of the shifted pointer (the replay's dmi-scan event of that mapping), or '' for another user. */
function dmiText(trace: Trace, e: EventOf<'fixmap-use'>, off: number): string {
  const scan = eventIndex(trace.events).of('dmi-scan').find((d) => d.step.index === e.step.index && d.vaddr === e.vaddr);
  if (scan === undefined) return '';
  if (scan.via === 'efi') return ` (dmi_present(p + 0x10) compares "_DMI_" ${off16(off)} bytes past where it is: no DMI)`;
  if (scan.found) return ` (its 16-byte steps are still aligned, ${off16(off)} being a multiple of 16: it meets "_DMI_" if the anchor lies at or above phys ${hex(0xf0000 + off)}, and reads the DMI table as far off)`;
  return ` (dmi_present() compares "_DMI_" at 16-byte steps from the pointer, ${off16(off % 16)} bytes off the 16-byte boundaries the anchor sits on: it never meets it and reads on to the end of the F-segment${scan.faultAt === null ? ', "DMI not present or invalid."; DMI quirks are lost' : ''})`;
}

/** What the first early_ioremap() after the relocation gets: data `off` bytes further on. */
function ioremapText(trace: Trace, e: EventOf<'fixmap-use'>, off: number): string {
  return `${label(e.step)} gets a pointer ${off16(off)} bytes past the page early_ioremap() mapped (${e.what}): it reads what lies ${off16(off)} bytes further on${dmiText(trace, e, off)}`;
}

/** An early_ioremap() user whose reads run past its pages into `at`: the page fault stops the kernel. */
function faultText(trace: Trace, e: EventOf<'fixmap-use'>, at: number): string {
  return `then the kernel stops: ${label(e.step)} reads past its ${e.pages === 1 ? 'page' : `${e.pages} pages`} into ${hex(at)}, a boot-time slot page nothing mapped: ${pageFaultText(trace, e.step, at)}`;
}

/** What a set_fixmap() user after the relocation addresses: each byte `off` bytes off, the upper ones in the next slot's page. */
function fixmapText(e: EventOf<'fixmap-use'>, off: number): string {
  return `${label(e.step)} maps ${e.slot} (${e.what}) and addresses it through fix_to_virt(${e.slot}) = ${hex(e.vaddr)}: byte r of it (a register, a table entry) is read and written at r + ${off16(off)} `
    + `of the mapped page, and from r = ${off16(PAGE_SIZE - off)} on in the next fixmap slot's page`;
}

/**
 * The users a finding relates, in step order: the first early_ioremap() and
 * the first set_fixmap() after the relocation, and the early_ioremap() whose
 * reads fault when it is not the first (verdict() and format() both read it).
 */
function usersOf(o: Open): { readonly kind: 'ioremap' | 'fixmap' | 'fault'; readonly e: EventOf<'fixmap-use'> }[] {
  const users: { kind: 'ioremap' | 'fixmap' | 'fault'; e: EventOf<'fixmap-use'> }[] = [];
  if (o.ioremap !== undefined) users.push({ kind: 'ioremap', e: o.ioremap });
  if (o.fixmap !== undefined) users.push({ kind: 'fixmap', e: o.fixmap });
  // a later early_ioremap() user than the first (which read inside its pages) is where the kernel stops
  if (o.fault !== undefined && o.fault.e !== o.ioremap) users.push({ kind: 'fault', e: o.fault.e });
  return users.sort((a, b) => a.e.step.index - b.e.step.index);
}

/**
 * Another relocation of this order that a setup_arch() call makes page-aligned (vmi_init()'s
 * reserve_top_address(-vmi_rom->virtual_top): arch/x86/kernel/vmi_32.c :974; the formula: arch/x86/mm/pgtable_32.c :112; both at caglar10ur/linux-2.6.27.y@3fa8749e584b),
 * or undefined. reserve_top_address() sets `__FIXADDR_TOP = -reserve - PAGE_SIZE` each time, so that call put
 * after the unaligned reserve and before the first fixmap user leaves nothing off (detect() drops the finding
 * then): where it sits decides, and the finding is not the machine's alone (Finding.orderMayFix, break-280 F1).
 * A relocation before setup_arch() (xen_start_kernel, an implicit step) cannot move.
 */
function realignerOf(trace: Trace, r: RelocationEvent): RelocationEvent | undefined {
  return eventIndex(trace.events).of('relocation').find((e) => e !== r && !e.step.implicit && e.newTop % PAGE_SIZE === 0);
}

export const fixaddrTopUnaligned: Rule<Trace> = lazyRule<Trace, Open>({
  meta: {
    eventsOnly: true,
    // the reserve is the command line's, not the order's: no move of a call is a fix, unless another call of the
    // order reserves again, page-aligned (a VMI host's vmi_init()): then where that call sits decides (orderMayFix)
    machineWide: true,
    id: ID,
    severity: 'error',
    doc: 'a relocation leaves FIXADDR_TOP inside a page (reservetop= not a multiple of 4 KiB): every fixmap and early_ioremap pointer is that far off its page',
    explanation: `reserve_top_address() does not round its argument: __FIXADDR_TOP = -reserve - PAGE_SIZE
(arch/x86/mm/pgtable_32.c; pgtable.c from 2.6.30), and parse_reservetop() passes reservetop='s number as memparse() read
it. With reservetop=0xbadc0de (the example of e67a807f3d9, "x86: Fix 'reservetop=' functionality", 2.6.34-rc7)
FIXADDR_TOP is 0xf4522f22: __fix_to_virt() of every slot is 0xf22 bytes into a page, while the PTE that
set_fixmap() (set_pte_vaddr()) or early_ioremap() (bm_pte[(addr >> PAGE_SHIFT) & 1023]) writes maps the page
that contains it. So every pointer into the fixmap is off by FIXADDR_TOP % PAGE_SIZE:
- early_ioremap() returns slot_virt[slot] + offset: the caller reads the mapped data that many bytes further
  on, and where it reads to the end of what it mapped, past the pages it mapped into a slot page nothing
  mapped: a page fault, and before trap_init() (after setup_arch(), init/main.c) vector 14 is head_32.S's
  early_page_fault, which prints "BUG: Int 14: CR2 …" and halts in hlt_loop (arch/x86/kernel/head_32.S,
  setup_idt; from 2.6.35-rc1 early_trap_init()'s do_page_fault() oopses and panics): the kernel stops in
  that call. dmi_scan_machine() calls dmi_present() at p, p + 16, … up to p + 0xfff0, each reading 15 bytes
  (drivers/firmware/dmi_scan.c), and "_DMI_" sits on a 16-byte boundary: with FIXADDR_TOP % 16 != 0 (0xf22 mod
  16 = 2) it never meets the anchor and reads on to the end of the F-segment, past it from 2 bytes off
  (1 byte off, the scan ends on the last mapped byte: "DMI not present or invalid." and DMI quirks are
  lost). An ACPI table reader reads at least the 36-byte table header, an EFI one its whole table.
- set_fixmap() users (the local APIC at FIX_APIC_BASE, IO-APICs, the early console's UART) read and write
  their registers that many bytes off, the upper registers in the next slot's page.
The relocation itself is reported where it happens, with the first users after it, in step order, up to
the first one whose page nothing maps or whose reads fault past its pages: the kernel stops there (the
finding halts it in that step), and no user after it is reached or named.

Fix: give reservetop= a multiple of PAGE_SIZE (4 KiB), better of PMD_SIZE (4 MiB, 2 MiB with PAE), which also
keeps the boot-time slots in one page table (btmap-pmd-straddle).`,
  },
  detect(trace) {
    const ix = eventIndex(trace.events);
    if (!ix.has('relocation')) return [];
    const open: Open[] = [];
    let current: Open | undefined;
    for (const at of ix.atAny(KINDS)) {
      const e = trace.events[at];
      if (e === undefined) continue;
      if (e.kind === 'relocation') {
        // a later reserve that moves the top again before anything used the fixmap (reservetop= given twice) leaves nothing off
        if (current !== undefined && current.ioremap === undefined && current.fixmap === undefined && current.unmapped === undefined) open.pop();
        // a set_fixmap before it (earlycon= before reservetop=): reserve_top_address() BUG()s before it sets
        // __FIXADDR_TOP (BUG_ON(fixmaps_set > 0), fixmap-before-relocation), so the top never moves
        current = e.newTop % PAGE_SIZE !== 0 && e.fixmapsSet === 0 ? { r: e, ioremap: undefined, fixmap: undefined, unmapped: undefined, fault: undefined, realigner: undefined } : undefined;
        if (current !== undefined) open.push(current);
        continue;
      }
      // a pointer from a stale slot_virt[] (cached before the relocation, 2.6.30 – 2.6.34-rc6) is page-aligned and is stale-early-ioremap's
      // after a user whose page nothing maps the kernel has faulted or BUG()ed: later users are never reached
      // and after a user whose reads run past its pages (the DMI scan that finds nothing) it has page-faulted
      if (current === undefined || stopped(current) || e.kind !== 'fixmap-use' || e.failed !== null || e.vaddr % PAGE_SIZE !== current.r.newTop % PAGE_SIZE) continue;
      if (!mapped(e)) {
        current.unmapped = e;
        continue;
      }
      if (e.via === 'early_ioremap' && current.ioremap === undefined) current.ioremap = e;
      if (e.via === 'set_fixmap' && current.fixmap === undefined) current.fixmap = e;
      const past = readPastMapping(e);
      if (past !== null) current.fault = { e, at: past };
    }
    for (const o of open) o.realigner = realignerOf(trace, o.r);
    return open;
  },
  verdict(o) {
    // the users in step order (usersOf), as format() relates them
    return {
      rule: ID,
      severity: 'error',
      step: o.r.step,
      related: [...usersOf(o).map((u) => ({ step: u.e.step, example: true })), ...(o.realigner !== undefined ? [{ step: o.realigner.step }] : [])],
      ...(o.fault !== undefined ? { halts: true, haltIn: o.fault.e.step } : {}),
    };
  },
  format(o, trace): Finding {
    const { r, unmapped, fault, realigner } = o;
    const off = r.newTop % PAGE_SIZE;
    // the users in step order, each with what it does
    const users = usersOf(o).map((u): { rel: RelatedStep; effect: string } => {
      switch (u.kind) {
        // examples of what the reserve does, not what the finding is: moving them does not make it another finding
        case 'ioremap': return { rel: { step: u.e.step, role: `first early_ioremap() after it: ${u.e.what} at ${hex(u.e.vaddr)}`, example: true }, effect: ioremapText(trace, u.e, off) };
        case 'fixmap': return { rel: { step: u.e.step, role: `first set_fixmap() after it: ${u.e.slot} at ${hex(u.e.vaddr)}`, example: true }, effect: fixmapText(u.e, off) };
        default: return { rel: { step: u.e.step, role: `reads past its early_ioremap() pages: ${u.e.what} at ${hex(u.e.vaddr)}`, example: true }, effect: ioremapText(trace, u.e, off) };
      }
    });
    const related: RelatedStep[] = users.map((u) => u.rel);
    // the call whose place decides (a call to move, so not an example)
    // detect() drops the finding when the realigner already sits between the reserve and the first user, so here it
    // runs before the reserve or after that user: say where it could go, and where it is (break-290 N6)
    if (realigner !== undefined) {
      const here = realigner.step.index < r.step.index ? `here it runs before ${label(r.step)} and re-aligns nothing` : 'here it runs after the first fixmap user';
      related.push({ step: realigner.step, role: `reserves again, page-aligned (FIXADDR_TOP ${hex(realigner.newTop)}): between ${label(r.step)} and the first fixmap user after it, it would leave nothing off; ${here}` });
    }
    const effects: string[] = users.map((u) => u.effect);
    if (fault !== undefined) {
      effects.push(faultText(trace, fault.e, fault.at));
    } else if (unmapped !== undefined) {
      effects.push(`${users.length === 0 ? 'the first fixmap user after it stops the kernel before anything is read off its page' : 'then the kernel stops'}: ${label(unmapped.step)} addresses ${unmapped.slot} at ${hex(unmapped.vaddr)}, a page nothing maps (${unmapped.pte === 'bm_pte' ? 'stale-early-ioremap' : 'missing-prerequisite'})`);
    } else if (effects.length === 0) {
      effects.push('no fixmap user in this order comes after it; after setup_arch() kmap_atomic() and the vDSO page (FIX_VDSO) are addressed as far off');
    }
    const pmd = trace.geometry.pmdSize;
    // under a hypervisor's or firmware's hole (VMI, Xen, OLPC) a smaller reserve puts the fixmap into it
    // (layout-overlap): the fix reserves at least that hole
    const hole = trace.layout.regions.find((g) => g.name === 'hypervisor' || g.name === 'firmware');
    const floor = hole === undefined ? 0 : VA_TOP - hole.start;
    // reservetop= takes at most 4 GiB − PAGE_OFFSET − PAGE_SIZE (FIXADDR_TOP above PAGE_OFFSET, checks.ts), and
    // less where MAXMEM would wrap (cmdline-layout.ts): round down when up would pass it
    const { kernel, config, machine } = trace.scenario;
    const kernelPart = VA_TOP - config.page_offset;
    const fits = (v: number): boolean => v > 0 && v >= floor && v <= kernelPart - PAGE_SIZE
      && (r.source !== 'reservetop' || reservetopInRange(kernel, config, machine, r.reserve, v));
    const up = Math.ceil(Math.max(r.reserve, floor) / pmd) * pmd;
    const down = Math.floor(r.reserve / pmd) * pmd;
    const pageUp = Math.ceil(Math.max(r.reserve, floor) / PAGE_SIZE) * PAGE_SIZE;
    const aligned = [up, down, pageUp, Math.floor(r.reserve / PAGE_SIZE) * PAGE_SIZE].find(fits) ?? up;
    const atLeast = r.reserve < floor && hole !== undefined ? ` (at least the ${hole.name} hole from ${hex(hole.start)})` : '';
    return {
      rule: ID,
      severity: 'error',
      step: r.step,
      // the page fault stops the kernel inside that user's step, after the relocation ran through
      ...(fault !== undefined ? { halts: true, haltIn: fault.e.step } : {}),
      ...(realigner !== undefined ? { orderMayFix: true } : {}),
      pos: r.step.pos,
      message: `${relocationLabel(r)} reserves 0x${r.reserve.toString(16)} bytes, not a multiple of PAGE_SIZE: FIXADDR_TOP ${hex(r.newTop)} lies ${off16(off)} bytes into a page, and so does every fix_to_virt() address`,
      related,
      addresses: { FIXADDR_TOP: r.newTop, reserve: r.reserve, offset_in_page: off },
      consequence: `reserve_top_address() does not round (__FIXADDR_TOP = -reserve - PAGE_SIZE, ${trace.scenario.kernel.sublevel >= 30 ? 'arch/x86/mm/pgtable.c' : 'arch/x86/mm/pgtable_32.c'}): ${effects.join('; ')}`,
      fix: r.source === 'reservetop'
        ? `give reservetop= a multiple of PAGE_SIZE, better of PMD_SIZE: reservetop=0x${aligned.toString(16)}${atLeast}`
        : `reserve a multiple of PAGE_SIZE (PMD_SIZE keeps the boot-time slots in one page table): 0x${aligned.toString(16)}${atLeast}`,
    };
  },
});
