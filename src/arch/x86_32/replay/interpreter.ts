/**
 * The one interpreter of the effect vocabulary: applies an effect of the call
 * catalog to the model state and records what happened as trace events.
 */
import type { CmdlineParam } from '../cmdline.js';
import type { Condition, Effect, PagetableEffect } from '../effects.js';
import { fixToVirt, type SlotName } from '../fixmap.js';
import { MiB, PAGE_SIZE, VA_TOP, pmdBase, pmdRoundUp } from '../geometry.js';
import {
  fixaddrTopFor, maxmemPfn, pkmapBase, vmallocParamReserve, vmiReserve, xenHoleStart, xenReserve,
} from '../layout.js';
import { ACPI_TABLE_HEADER_SIZE, ACPI_TABLE_SIZE, OFW_MIN } from '../machine-facts.js';
import { MAX_NONPAE_PFN, findLowPfnRange } from '../low-pfn-range.js';
import { acpiOn, holds, ioapicOn, lapicOn, maxmemInputs, offText, relevance, type ReplayContext } from './context.js';
import { earlyIoremap, earlyIounmap, remapLiveMappings } from './early-ioremap.js';
import type { E820Edit, RelocationSource, StepRef, TraceEvent } from './events.js';
import { initrdPlan, initrdSkipText, runIoremapProgram } from './ioremap-users.js';
import { addValue, covers, hasValue, type E820UserRange, type ModelState } from './state.js';
import { limitBuiltMap, limitEntries } from '../e820-params.js';
import { acpiTableFound } from './context.js';

export type Emit = (event: TraceEvent) => void;

/** ACPI tables "at the top of RAM" (below 4 GiB, where the BIOS puts them) or in low memory */
const ACPI_LOW_PHYS = 0x000f0000;
const ACPI_TOP_GAP = 64 * 1024;
/** arch/x86/kernel/acpi/boot.c (2.6.26): tables below 8 MiB are used through the direct map */
const ACPI_DIRECT_LIMIT_2626 = 8 * MiB;
/** arch/x86/kernel/olpc_ofw.c: OFW_BOUND */
const OFW_BOUND = MiB;

/**
 * Whether an effect maps through early_ioremap() on the machines where it
 * applies: the catalog's early_ioremap users, and from 2.6.30-rc1 ACPI's
 * table maps (__acpi_map_table() is early_ioremap(), acpiMap). Switched off
 * on this machine by its `when`, such an effect still reads bm_pte
 * (latentBmPte), so it is never a no-op (effect-free.ts).
 */
export function mapsThroughBmPte(ctx: ReplayContext, effect: Effect): boolean {
  return effect.op === 'early_ioremap' || ((effect.op === 'map_acpi_tables' || effect.op === 'acpi_madt') && ctx.acpiMap === 'early_ioremap');
}

/** A need that is met: it matters, and there is nothing to say about it (one object, read only, for the most frequent event). */
const PRESENT = { matters: true, harmless: false, text: '' } as const;

/**
 * Applies one effect. Returns 'returned' when the call returns there (a returns_unless guard whose value is
 * unset): the caller runs none of the call's later effects.
 */
export function applyEffect(ctx: ReplayContext, s: ModelState, step: StepRef, effect: Exclude<Effect, PagetableEffect>, emit: Emit): 'returned' | undefined {
  // the guard read as a field, not with `in`: effects of every shape pass here (a megamorphic has-property
  // check per effect of every replayed step cost about 1% of the many-replay engine)
  const when = (effect as { readonly when?: Condition }).when;
  if (when !== undefined && !holds(ctx, when, s.earlyParamsStep !== null)) {
    if (mapsThroughBmPte(ctx, effect)) latentBmPte(ctx, s, step, 'what' in effect ? effect.what : 'the ACPI tables', when, emit);
    // the call ran without setting it (efi_init() is called only if efi_enabled): a later need names this step (break-290 N7)
    else if (effect.op === 'sets') s.setsOff = [{ value: effect.value, step, when }, ...s.setsOff];
    return;
  }
  const { geometry, fixmap, scenario } = ctx;
  switch (effect.op) {
    case 'needs': {
      // relevance (a string built per call) only matters when the value is missing
      const present = hasValue(s, effect.value);
      let r = present ? PRESENT : relevance(ctx, effect.relevance, s.earlyParamsStep !== null);
      if (!present && s.setsOff.length > 0 && setterOff(s, step, effect, r, emit)) return;
      if (!present && r.matters && effect.relevance.kind === 'initrd-copy') {
        // a need of the copy alone: harmless where the kernel copies nothing at this step (helper-186 1)
        const { skip } = initrdPlan(ctx, s, effect.relevance.decided !== true || hasValue(s, 'bootmem'));
        if (skip !== null) r = { matters: false, harmless: true, text: `harmless here: ${initrdSkipText(skip)}` };
      }
      // two literals, not a conditional spread: one of the most frequent events of a replay
      if (effect.consequence === undefined) emit({ kind: 'need', step, value: effect.value, present, matters: r.matters, harmless: r.harmless, why: effect.why, relevance: r.text });
      else emit({ kind: 'need', step, value: effect.value, present, matters: r.matters, harmless: r.harmless, why: effect.why, relevance: r.text, consequence: effect.consequence });
      return;
    }
    case 'sets':
      // a call whose reads faulted (ModelState.faultedIn) never gets to set it
      if (s.faultedIn !== null && s.faultedIn.index === step.index && s.faultedIn.name === step.name) return;
      addValue(s, effect.value);
      emit({ kind: 'value-set', step, value: effect.value });
      return;
    case 'returns_unless':
      if (hasValue(s, effect.value)) return;
      emit({ kind: 'returned-early', step, value: effect.value, what: effect.what });
      return 'returned';
    case 'relocate': {
      const m = scenario.machine;
      if (effect.source === 'olpc') {
        // olpc_ofw_detect(): a cif below OFW_MIN disables OFW; else reserve_top_address(-round_down(cif, 1 MiB))
        if (m.olpc_ofw_cif < OFW_MIN) return;
        relocate(ctx, s, step, 'olpc', VA_TOP - (m.olpc_ofw_cif - (m.olpc_ofw_cif % OFW_BOUND)), emit);
        return;
      }
      if (effect.source === 'vmi') relocate(ctx, s, step, 'vmi', vmiReserve(m.vmi_virtual_top), emit);
      else relocate(ctx, s, step, 'xen', xenReserve(m.xen_virt_start, ctx.xenPadding), emit, xenHoleStart(m.xen_virt_start));
      return;
    }
    case 'reserve_top_address':
      relocate(ctx, s, step, 'reserve_top_address', effect.bytes, emit);
      return;
    case 'parse_early_param':
      parseEarlyParam(ctx, s, step, emit);
      return;
    case 'early_ioremap_init':
      earlyIoremapInit(ctx, s, step, 'call', emit);
      return;
    case 'early_ioremap':
      runIoremapProgram(ctx, s, step, effect.program, effect.what, emit, effect.bytes);
      return;
    case 'set_fixmap': {
      if (fixmap.slots[effect.slot] === undefined) return;
      // init_ohci1394_dma_on_all_controllers(): `if (!early_pci_allowed()) return;` before its PCI scan
      // (drivers/ieee1394/init_ohci1394_dma.c:251-252 at 2.6.26 bce7f793dae, 2.6.28 4a6908a3a05, 2.6.36
      // f6f94e2ab1b): pci=off or pci=noearly, once parse_early_param has run, leaves FIX_OHCI1394_BASE alone
      if (effect.per === 'ohci1394_controller' && s.earlyParamsStep !== null && ctx.earlyPciOff !== null) return;
      const times = effect.per === 'ohci1394_controller' ? scenario.machine.ohci1394_controllers : 1;
      for (let i = 0; i < times; i++) setFixmap(ctx, s, step, effect.slot, 0, effect.what, emit);
      return;
    }
    case 'kmap_init':
      if (fixmap.slots.FIX_KMAP_BEGIN !== undefined) lookup(ctx, s, step, 'FIX_KMAP_BEGIN', 'kmap_pte (kmap_get_fixmap_pte)', emit);
      return;
    case 'build_e820': {
      // setup_memory_map() / memory_setup() append the BIOS map (append_e820_map, add_memory_region) to the entries
      // there without resetting e820.nr_map: what mem=/memmap= cut of the empty map before is lost (the BIOS's RAM is
      // all there), the memmap=SIZE@START entries stay, and #/$ entries wait for finish_e820_parsing (e820-params.ts)
      const bios = Math.min(scenario.machine.memory, geometry.physLimit);
      const limit = geometry.physLimit;
      let added = 0;
      let addedBelowMaxArch = 0;
      for (const e of s.e820Added) {
        added = Math.max(added, e.end);
        // e820_end_pfn(MAX_ARCH_PFN): an entry that starts at or above the limit does not count, one across it ends there
        if (e.start < limit) addedBelowMaxArch = Math.max(addedBelowMaxArch, Math.min(e.end, limit));
      }
      s.e820BiosEnd = Math.max(s.e820BiosEnd ?? 0, bios);
      s.e820RamEnd = Math.max(s.e820RamEnd ?? 0, bios, added);
      s.e820RamEndBelowMaxArch = Math.max(s.e820RamEndBelowMaxArch ?? 0, bios, addedBelowMaxArch);
      return;
    }
    case 'sanitize_e820':
      // sanitize_e820_map() runs on what e820.map holds now (finish_e820_parsing(), arch/x86/kernel/e820.c:1242-1254
      // @3fa8749e584b): on a map not built yet that is the user's entries alone, sanitized against each other, and
      // the BIOS map setup_memory_map() appends later (e820.c:1302-1334, 1358-1366) is not sanitized against them
      // (finish_e820_parsing's need of e820 says so). With no user entry yet (userdef 0) it sanitizes nothing, and a
      // #/$ range parsed after it stays unsanitized (the trace names this step then)
      if (s.e820SanitizeStep === null) s.e820SanitizeStep = step;
      if (s.e820Pending.length === 0) return;
      sanitizeUserRanges(ctx, s, step, s.e820Pending, emit);
      s.e820Pending = [];
      return;
    case 'compute_max_pfn': {
      // the need for e820 is reported; without the map the rest of the replay goes on with the BIOS's RAM.
      // 2.6.26's propagate_e820_map() has no limit (e820_32.c:478-497 at bce7f793da): find_max_low_pfn() cuts max_pfn
      // later (compute_max_low_pfn); e820_end_of_ram_pfn() stops at MAX_ARCH_PFN (e820.c:1055-1092 at 3fa8749e584b)
      const end = effect.ram === 'below-max-arch-pfn' ? s.e820RamEndBelowMaxArch : s.e820RamEnd;
      const ram = effect.ram === 'below-max-arch-pfn' ? Math.min(end ?? scenario.machine.memory, geometry.physLimit) : end ?? scenario.machine.memory;
      s.maxPfn = Math.floor(ram / PAGE_SIZE);
      emit({ kind: 'max-pfn', step, maxPfn: s.maxPfn });
      return;
    }
    case 'compute_max_low_pfn': {
      // find_max_low_pfn() (2.6.26) / find_low_pfn_range() (low-pfn-range.ts): MAXMEM_PFN with the
      // reserve in force now, highmem_pages as parse_early_param left it (-1 before it). highmem_pages is
      // not written back: the kernel calls this once per boot
      const limit = maxmemPfn(maxmemInputs(ctx, s.fixaddrTop, s.vmallocReserve));
      const maxPfnIn = s.maxPfn ?? 0;
      const r = findLowPfnRange(scenario.kernel, { maxPfn: maxPfnIn, maxmemPfn: limit, highmemPages: s.highmemPages, highmem: scenario.config.highmem, maxNonPaePfn: geometry.pae ? null : MAX_NONPAE_PFN });
      s.maxPfn = s.maxPfn === null ? null : r.maxPfn;
      s.maxLowPfn = r.maxLowPfn;
      emit({
        kind: 'max-low-pfn', step, maxPfn: r.maxPfn, maxLowPfn: r.maxLowPfn, vmallocReserve: s.vmallocReserve, fixaddrTop: s.fixaddrTop,
        maxPfnBefore: maxPfnIn, maxmemPfn: limit, highmemPages: s.highmemPages, highmemParam: r.highmemParam,
        ...(r.nonPaeCut !== undefined ? { nonPaeCut: r.nonPaeCut.note } : {}),
      });
      return;
    }
    case 'build_direct_map': {
      const pages = s.maxLowPfn ?? 0;
      s.maxLowPfnMapped = pages;
      const start = scenario.config.page_offset;
      emit({ kind: 'direct-map', step, start, end: start + pages * PAGE_SIZE, maxLowPfn: pages });
      return;
    }
    case 'build_fixmap_pagetables': {
      // init_32.c early_ioremap_page_table_range_init() (2.6.27+) and the same
      // lines in pagetable_init() (2.6.26): early_ioremap_clear() (until
      // 2.6.29-rc2), page tables for every PMD of the fixmap at the current
      // FIXADDR_TOP, early_ioremap_reset().
      const clearedPmd = ctx.ioremap.resetRemaps ? pmdBase(geometry, fixToVirt(s.fixaddrTop, slotIdx(ctx, 'FIX_BTMAP_BEGIN'))) : null;
      const start = pmdBase(geometry, fixToVirt(s.fixaddrTop, fixmap.endOfFixed - 1));
      const end = pmdRoundUp(geometry, s.fixaddrTop);
      // the same range is built again by every later call at the same FIXADDR_TOP: keep one,
      // so that covers() stays proportional to the distinct tops, not to the calls
      if (!s.fixmapTables.some((t) => t.start === start && t.end === end)) s.fixmapTables.push({ start, end });
      emit({ kind: 'fixmap-pagetables', step, start, end, fixaddrTop: s.fixaddrTop, boot: false });
      const remapped = ctx.ioremap.resetRemaps ? remapLiveMappings(ctx, s, step, emit) : 0;
      emit({ kind: 'early-ioremap-reset', step, clearedPmd, bmPtePmd: s.bmPtePmd, remapped });
      s.afterPagingInit = true;
      return;
    }
    case 'build_pkmap_pagetables': {
      // permanent_kmaps_init(): page tables at PKMAP_BASE, which hangs off FIXADDR_BOOT_START
      const base = pkmapBase(geometry, fixmap, s.fixaddrTop);
      emit({ kind: 'pkmap-pagetables', step, start: base, end: base + geometry.lastPkmap * PAGE_SIZE, fixaddrTop: s.fixaddrTop });
      return;
    }
    case 'map_acpi_tables': {
      // acpi_table_parse() finds nothing before acpi_boot_table_init() (catalog.ts needsAcpiTables)
      if (effect.parsed === true && !hasValue(s, 'acpi_tables')) return;
      const paramsParsed = s.earlyParamsStep !== null;
      // acpi_boot_table_init() (not parsed: acpi_table_init() maps the root table) fills the list when past its
      // bail-out; a parsed table (the SRAT) is looked up in that list, not under the flags of now (break-290 F2)
      const found = effect.parsed === true ? acpiTableFound(ctx, s.acpiTableList, paramsParsed) : acpiOn(ctx, paramsParsed);
      if (effect.parsed !== true && found) s.acpiTableList = true;
      mapAcpiTable(ctx, s, step, effect.what, emit, found);
      return;
    }
    case 'acpi_madt': {
      const paramsParsed = s.earlyParamsStep !== null;
      // acpi=ht on 2.6.32-rc1 – 2.6.34: past the bail-out, but acpi_table_parse(ACPI_SIG_MADT) returns -ENODEV on
      // acpi_disabled (context.ts acpiTableFound): no MADT, nothing registered
      if (acpiOn(ctx, paramsParsed) && hasValue(s, 'acpi_tables') && !acpiTableFound(ctx, s.acpiTableList, paramsParsed)) {
        mapAcpiTable(ctx, s, step, 'ACPI MADT', emit, false);
        return;
      }
      acpiMadt(ctx, s, step, effect.ioapics, emit);
      return;
    }
    case 'get_smp_config':
      getSmpConfig(ctx, s, step, emit);
      return;
    case 'init_apic_mappings':
      initApicMappings(ctx, s, step, emit);
      return;
    case 'ioapic_init_mappings':
      // io_apic.c ioapic_init_mappings(): set_fixmap_nocache(FIX_IO_APIC_BASE_0 + i) for i < nr_ioapics
      if (!scenario.config.io_apic) return;
      for (let i = 0; i < s.apic.ioapics; i++) setFixmap(ctx, s, step, 'FIX_IO_APIC_BASE_0', i, `IO-APIC ${i} registers`, emit);
      return;
    case 'vmi_map_lowmem': {
      const pages = effect.upTo === 'max_low_pfn' ? s.maxLowPfn ?? 0 : maxmemPfn(maxmemInputs(ctx, s.fixaddrTop, s.vmallocReserve));
      emit({ kind: 'vmi-lowmem-map', step, pages, upTo: effect.upTo });
      return;
    }
  }
}

/**
 * A need whose value's setter already ran with its `when` off (ModelState.setsOff: efi_init() skipped,
 * `if (efi_enabled) efi_init();`, arch/x86/kernel/setup.c:711-712 at caglar10ur/linux-2.6.27.y@3fa8749e584b;
 * break-290 N7). One that matters here is missing and names that step: no later position of the setter sets it.
 * One that does not (the DMI scan takes its legacy path without EFI) is met, as once that call's place is passed.
 * @returns whether it emitted the need (false: no such setter, the caller goes on)
 */
function setterOff(s: ModelState, step: StepRef, effect: Extract<Effect, { op: 'needs' }>, r: { readonly matters: boolean }, emit: Emit): boolean {
  const off = s.setsOff.find((o) => o.value === effect.value);
  if (off === undefined) return false;
  if (!r.matters) {
    emit({ kind: 'need', step, value: effect.value, present: true, matters: true, harmless: false, why: effect.why, relevance: '' });
    return true;
  }
  // missing-prerequisite says "<step> set nothing (<this>)"
  const relevance = offText(off.when);
  if (effect.consequence === undefined) emit({ kind: 'need', step, value: effect.value, present: false, matters: true, harmless: false, why: effect.why, relevance, offAt: off.step });
  else emit({ kind: 'need', step, value: effect.value, present: false, matters: true, harmless: false, why: effect.why, relevance, offAt: off.step, consequence: effect.consequence });
  return true;
}

/**
 * init/main.c parse_early_param(): once (`static int done`), every parameter
 * left to right (parse_args → do_early_param).
 */
function parseEarlyParam(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  if (s.earlyParamsStep !== null) {
    emit({ kind: 'early-params-skipped', step, first: s.earlyParamsStep });
    return;
  }
  s.earlyParamsStep = step;
  for (const p of ctx.scenario.machine.params) applyParam(ctx, s, step, p, emit);
}

/**
 * finish_e820_parsing() → sanitize_e820_map() (2.6.27-rc1 on): parse_memmap_opt() only appends the #/$ entry
 * (e820_add_region(), arch/x86/kernel/e820.c:113-126, 1229-1234 at caglar10ur/linux-2.6.27.y@3fa8749e584b), and
 * finish_e820_parsing() sanitizes the map as it then is (e820.c:1242-1254; setup.c:671 parse_early_param, :700
 * finish_e820_parsing), where of overlapping ranges the larger type wins (e820.c:333-339): a reserved/ACPI range beats
 * RAM whatever the order of the options, including RAM a later memmap=SIZE@START adds (break-239 F4), and the BIOS's
 * RAM setup_memory_map() appended after entries parsed before it. The RAM is the memmap=SIZE@START ranges
 * (e820Added) and the BIOS's [0, e820BiosEnd); the end of RAM is the highest byte of them no range covers
 * (e820_end_pfn() takes the highest E820_RAM end, e820.c:1055-1087), so a range over an @ range above a hole leaves
 * the BIOS's end (break-251 F1). The BIOS's RAM is taken to have no hole (docs/model-x86_32.md "Known
 * approximations"): its end only falls, to a range's start, when the range covers it; highest start first, so a range
 * that covers the end only once a higher one cut it down is seen after it. On a map not built yet only the @ ranges
 * are there to lose their RAM (break-251 F2).
 */
function sanitizeUserRanges(ctx: ReplayContext, s: ModelState, step: StepRef, ranges: readonly E820UserRange[], emit: Emit): void {
  const order = ranges.map((r, i) => ({ r, i })).sort((a, b) => b.r.at - a.r.at || a.i - b.i);
  for (const { r } of order) {
    const start = r.at;
    const end = r.at + r.bytes;
    const took = [...new Set(s.e820Added.filter((e) => e.start < end && e.end > start).map((e) => e.param))];
    s.e820Added = s.e820Added.flatMap((e) => (e.start >= end || e.end <= start ? [e]
      : [...(e.start < start ? [{ ...e, end: start }] : []), ...(e.end > end ? [{ ...e, start: end }] : [])]));
    const bios = s.e820BiosEnd;
    if (bios !== null && start < bios && end >= bios) s.e820BiosEnd = start;
    const edit = r.kind === 'acpi' ? 'acpi' : 'reserved';
    const tookField = took.length > 0 ? { took } : {};
    if (s.e820RamEnd === null) {
      emit({ kind: 'e820-edit', step, param: r.text, edit, applied: true, ramEnd: null, sanitized: true, ...tookField });
      continue;
    }
    recomputeRamEnds(ctx, s);
    emit({ kind: 'e820-edit', step, param: r.text, edit, applied: true, ramEnd: s.e820RamEnd, sanitized: true, ...tookField });
  }
}

/** memmap=exactmap: e820.nr_map = 0 drops every entry the options appended before it (e820.c:1215; 2.6.26 e820_32.c:710) */
function dropAppended(s: ModelState, step: StepRef, by: string, emit: Emit): void {
  for (const r of s.e820Pending) emit({ kind: 'e820-edit', step, param: r.text, edit: r.kind === 'acpi' ? 'acpi' : 'reserved', applied: false, ramEnd: null, droppedBy: by });
  // on a built map the end of RAM falls to 0 with them (editE820); on the empty one their "kept" line is undone here
  if (s.e820RamEnd === null) for (const e of s.e820Added) emit({ kind: 'e820-edit', step, param: e.param, edit: 'ram', applied: false, ramEnd: null, droppedBy: by });
  s.e820Pending = [];
  s.e820Added = [];
}

function applyParam(ctx: ReplayContext, s: ModelState, step: StepRef, p: CmdlineParam, emit: Emit): void {
  switch (p.name) {
    case 'reservetop':
      relocate(ctx, s, step, 'reservetop', p.bytes, emit);
      // 2.6.34-rc7 parse_reservetop(): fixup_early_ioremap() → early_ioremap_init() at the new top
      if (ctx.ioremap.reservetopFixup) earlyIoremapInit(ctx, s, step, 'fixup_early_ioremap', emit);
      return;
    case 'vmalloc': {
      // parse_vmalloc() overwrites the reserve (with the guard hole added from
      // 2.6.28-rc1), so a reservation made before (Xen, VMI) is forgotten.
      const before = s.vmallocReserve;
      s.vmallocReserve = vmallocParamReserve(ctx.formulas, p.bytes);
      emit({ kind: 'vmalloc-reserve-set', step, before, after: s.vmallocReserve });
      return;
    }
    case 'mem':
      // parse_memopt(): e820_remove_range() of all RAM above the size; 2.6.26 parse_mem() → limit_regions() cuts the
      // map at the first RAM entry reaching the size and drops the entries after it: the same end of RAM while the
      // RAM below the size has no hole at it (e820-params.ts)
      limitE820(ctx, s, step, p.text, 'mem', p.bytes, emit);
      return;
    case 'memmap':
      switch (p.kind) {
        case 'limit': limitE820(ctx, s, step, p.text, 'limit', p.bytes, emit); return;
        // e820.nr_map = 0: only the user's regions given after it remain
        case 'exactmap':
          dropAppended(s, step, p.text, emit);
          editE820(ctx, s, step, p.text, 'exactmap', () => 0, emit);
          return;
        case 'ram': {
          // add_memory_region (2.6.26) / e820_add_region: appended, and kept by the BIOS map appended after it when the
          // map is not built yet (e820-params.ts). (2.6.26 never sanitizes the user's map, so a range over lowmem RAM the
          // map already has is RAM twice, which setup_bootmem_allocator() → register_bootmem_low_pages() frees twice
          // (e820_32.c:502-537), and free_bootmem_core() BUG()s on a page already free (mm/bootmem.c:216-218 at
          // bce7f793da). Not modeled: the model keeps the end of RAM, not the ranges.)
          s.e820Added = [...s.e820Added, { start: p.at, end: p.at + p.bytes, param: p.text }];
          if (s.e820RamEnd !== null) s.e820RamEnd = Math.max(s.e820RamEnd, p.at + p.bytes);
          const limit = ctx.geometry.physLimit;
          // e820_end_pfn(MAX_ARCH_PFN): a range that starts at or above the limit does not count, one across it ends there
          if (p.at < limit && s.e820RamEndBelowMaxArch !== null) s.e820RamEndBelowMaxArch = Math.max(s.e820RamEndBelowMaxArch, Math.min(p.at + p.bytes, limit));
          // past what the paging mode reaches: e820_end_of_ram_pfn() leaves it out (2.6.27+); 2.6.26's propagate_e820_map()
          // counts it, and find_max_low_pfn() cuts max_pfn back (e820-params.ts maxArchPfn)
          const beyond = p.at >= limit ? { aboveMaxArchPfn: limit } : {};
          const uncapped = !ctx.e820.maxArchPfn && p.at + p.bytes > limit ? { beyondPhysLimit: { limit, cut: !ctx.geometry.pae } } : {};
          emit({ kind: 'e820-edit', step, param: p.text, edit: 'ram', applied: true, ramEnd: s.e820RamEnd, ...(ctx.e820.maxArchPfn ? beyond : uncapped) });
          return;
        }
        case 'acpi':
        case 'reserved':
          if (!ctx.e820.sanitized) {
            // 2.6.26 parse_memmap(): add_memory_region(start_at, mem_size, E820_ACPI / E820_RESERVED) only appends the
            // entry, and no sanitize_e820_map() ever runs on the user's map (e820-params.ts; caglar10ur/linux-2.6.27.y@bce7f793da
            // arch/x86/kernel/e820_32.c:258-274, 722-730): propagate_e820_map() still takes max_pfn from the E820_RAM under
            // it (:478-497), and register_bootmem_low_pages() frees that RAM to bootmem (:502-537), which may hand the range
            // out. The model has no per-range e820 or bootmem map: the end of RAM stays, and the trace says so. (The one
            // sanitize of e820.map, update_e820() from mtrr_trim_uncached_memory() on a machine whose MTRRs leave RAM
            // uncached, cpu/mtrr/main.c:701-716, is not modeled: the model has no MTRRs.)
            emit({ kind: 'e820-edit', step, param: p.text, edit: p.kind, applied: true, ramEnd: s.e820RamEnd, unsanitized: { overRam: s.e820RamEnd === null ? null : p.at < s.e820RamEnd } });
            return;
          }
          // 2.6.27-rc1 on: e820_add_region() only appends the entry, also to the empty map (the BIOS map is appended after
          // it); finish_e820_parsing() → sanitize_e820_map() gives it the RAM it overlaps (op sanitize_e820), so a later
          // memmap=SIZE@START does not undo it
          s.e820Pending = [...s.e820Pending, p];
          emit({ kind: 'e820-edit', step, param: p.text, edit: p.kind, applied: true, ramEnd: s.e820RamEnd, pending: true, ...(s.e820SanitizeStep !== null ? { sanitizedBefore: s.e820SanitizeStep } : {}) });
          return;
      }
      return;
    case 'highmem':
      s.highmemPages = Math.floor(p.bytes / PAGE_SIZE);
      return;
    case 'noexec':
      s.nx = ctx.geometry.nx && p.on;
      return;
    case 'earlycon':
      // 8250_early.c early_serial8250_setup(): the first console only; mmio32 from 2.6.36-rc1
      if (s.earlyconMapped || p.iotype === 'io' || (p.iotype === 'mmio32' && !ctx.earlyconMmio32)) return;
      s.earlyconMapped = true;
      setFixmap(ctx, s, step, 'FIX_EARLYCON_MEM_BASE', 0, `early console ${p.text}`, emit);
      return;
    case 'earlyprintk':
    case 'kgdbdbgp': {
      // setup_early_printk() sets up the first earlyprintk= only, and calls early_dbgp_init() for each "dbgp" it
      // looks at (earlyprintk.ts); kgdbdbgp_parse_config() calls it while no debug port is set up (2.6.35-rc1+).
      // It set_fixmap_nocache(FIX_DBGP_BASE)s when early PCI config access is still allowed (no pci=off or
      // pci=noearly before it) and find_dbgp() finds the port (early-dbgp.ts): one PTE; fixmaps_set counts
      // every call, as for "dbgp,dbgp" from 2.6.32-rc1
      const init = ctx.debugPort.find((d) => d.param === p);
      if (init === undefined || init.maps === 0) return;
      setFixmap(ctx, s, step, 'FIX_DBGP_BASE', 0, `EHCI debug port (${p.text})`, emit, init.maps);
      return;
    }
    case 'vmi':
    case 'noefi':
    case 'acpi':
    case 'nolapic':
    case 'noapic':
    case 'ohci1394_dma':
    case 'pci':
    case 'known':
    case 'other':
      // read by the calls they configure (context.ts), or nothing the model tracks
      return;
  }
}

/**
 * mem=SIZE / memmap=SIZE: the RAM above SIZE is cut off the map, and off the memmap=SIZE@START entries appended before
 * them (e820-params.ts limitEntries); on the empty map that is all they cut, and the BIOS map appended later has all
 * of its RAM.
 */
function limitE820(ctx: ReplayContext, s: ModelState, step: StepRef, param: string, kind: 'mem' | 'limit', bytes: number, emit: Emit): void {
  const before = s.e820Added;
  if (s.e820RamEnd === null) {
    s.e820Added = limitEntries(ctx.e820, before, bytes);
    // limitEntries() keeps an entry it leaves alone as it is
    const cut = before.filter((e) => !s.e820Added.includes(e)).map((e) => e.param);
    editE820(ctx, s, step, param, kind, (end) => Math.min(end, bytes), emit, false, cut);
    return;
  }
  // on the built map the end of RAM is the highest RAM entry left, not SIZE (e820-params.ts limitBuiltMap)
  const left = limitBuiltMap(ctx.e820, s.e820BiosEnd ?? 0, before, bytes);
  s.e820Added = left.added;
  s.e820BiosEnd = left.bios;
  recomputeRamEnds(ctx, s);
  emit({ kind: 'e820-edit', step, param, edit: kind, applied: true, ramEnd: s.e820RamEnd });
}

/**
 * The end of RAM from the map's RAM (the BIOS's [0, e820BiosEnd) and the memmap=SIZE@START ranges): the highest
 * E820_RAM end (e820_end_pfn(), e820.c:1055-1087 at 3fa8749e584b; propagate_e820_map() on 2.6.26), and the one
 * e820_end_pfn(MAX_ARCH_PFN) sees, where a range at or above the limit does not count and one across it ends there.
 */
function recomputeRamEnds(ctx: ReplayContext, s: ModelState): void {
  const limit = ctx.geometry.physLimit;
  const biosEnd = s.e820BiosEnd ?? 0;
  s.e820RamEnd = Math.max(biosEnd, ...s.e820Added.map((e) => e.end));
  s.e820RamEndBelowMaxArch = Math.max(biosEnd, ...s.e820Added.filter((e) => e.start < limit).map((e) => Math.min(e.end, limit)));
}

/** mem=/memmap= edit e820 in place: on an empty map (before setup_memory_map, 2.6.26: memory_setup) the edit is lost when the BIOS map is appended */
function editE820(ctx: ReplayContext, s: ModelState, step: StepRef, param: string, kind: E820Edit, edit: (end: number) => number, emit: Emit, sanitized = false, cut: readonly string[] = []): void {
  const at = sanitized ? { sanitized: true as const } : {};
  if (s.e820RamEnd === null) {
    emit({ kind: 'e820-edit', step, param, edit: kind, applied: false, ramEnd: null, lostAt: ctx.e820.build, ...at, ...(cut.length > 0 ? { cut } : {}) });
    return;
  }
  s.e820RamEnd = edit(s.e820RamEnd);
  // the BIOS's RAM is [0, end): mem=/memmap=SIZE cut it, exactmap drops it (sanitizeUserRanges reads it)
  if (s.e820BiosEnd !== null) s.e820BiosEnd = edit(s.e820BiosEnd);
  if (s.e820RamEndBelowMaxArch !== null) s.e820RamEndBelowMaxArch = edit(s.e820RamEndBelowMaxArch);
  emit({ kind: 'e820-edit', step, param, edit: kind, applied: true, ramEnd: s.e820RamEnd, ...at });
}


/**
 * early_ioremap_init(): bm_pte into the PMD of fix_to_virt(FIX_BTMAP_BEGIN)
 * at the current FIXADDR_TOP (memset first: live early mappings lose their
 * PTEs), slot_virt[] cached at this top (2.6.30+).
 */
function earlyIoremapInit(ctx: ReplayContext, s: ModelState, step: StepRef, via: 'call' | 'fixup_early_ioremap', emit: Emit): void {
  const begin = fixToVirt(s.fixaddrTop, slotIdx(ctx, 'FIX_BTMAP_BEGIN'));
  const end = fixToVirt(s.fixaddrTop, slotIdx(ctx, 'FIX_BTMAP_END'));
  const previousPmd = s.bmPtePmd;
  const wiped = s.slots.filter((m) => m !== null && m.inBmPte).length;
  s.bmPtePmd = pmdBase(ctx.geometry, begin);
  s.bmPteTop = s.fixaddrTop;
  emit({
    kind: 'early-ioremap-init', step, via, previousPmd, wiped, fixaddrTop: s.fixaddrTop, btmapBegin: begin, btmapEnd: end,
    pmdBegin: s.bmPtePmd, pmdEnd: pmdBase(ctx.geometry, end),
  });
  addValue(s, 'bm_pte');
  emit({ kind: 'value-set', step, value: 'bm_pte' });
}

/**
 * An early_ioremap() user that maps nothing on this machine (no EFI, no
 * setup_data, no initrd above lowmem, ACPI off) still needs bm_pte where it
 * does map: arch/x86/kernel/setup.c parse_setup_data(), e820_reserve_setup_data()
 * and reserve_early_setup_data() early_ioremap(pa_data, …) each boot_params
 * setup_data node, efi_init() the EFI system table (caglar10ur/linux-2.6.27.y@3fa8749e58:
 * arch/x86/kernel/setup.c:418-433, 644-646; DerArtem/android-tegra-2.6.36-hc-dev@bce7f793dae:
 * arch/x86/kernel/efi.c efi_init()). A harmless need (a warning), as for the
 * other machine-conditional inputs, so that a fix that moves
 * early_ioremap_init past it is refused: it breaks every machine that has
 * one. Satisfied once bm_pte is hooked, or after early_ioremap_reset (the
 * mapping is then a real set_fixmap through the page tables).
 */
function latentBmPte(ctx: ReplayContext, s: ModelState, step: StepRef, what: string, when: Condition, emit: Emit): void {
  const present = s.bmPtePmd !== null || s.afterPagingInit;
  const r = present ? { matters: true, harmless: false, text: '' } : relevance(ctx, { kind: 'condition', condition: when }, s.earlyParamsStep !== null);
  emit({
    kind: 'need', step, value: 'bm_pte', present, matters: r.matters, harmless: r.harmless, relevance: r.text,
    why: `it early_ioremap()s ${what} where the machine has it`,
    consequence: 'there the PTE is written into a bm_pte no PMD points to, and the access faults',
  });
}

/**
 * __acpi_map_table() for one table: the direct map below 8 MiB (2.6.26) or
 * below max_low_pfn_mapped (2.6.27 – 2.6.29), else set_fixmap(FIX_ACPI_*)
 * (2.6.27+: clear_fixmap then set_fixmap, two counts); early_ioremap from 2.6.30-rc1.
 * @param found whether the table is read: by default ACPI on at this point (acpiOn); a table acpi_table_parse()
 *   looks up passes acpiTableFound()
 */
function mapAcpiTable(ctx: ReplayContext, s: ModelState, step: StepRef, what: string, emit: Emit, found = acpiOn(ctx, s.earlyParamsStep !== null)): void {
  const { scenario } = ctx;
  if (!found) {
    // ACPI off (acpi=off once parsed), or the table is not found: nothing is mapped here; on the machines with ACPI on it is early_ioremap()ed (2.6.30+)
    if (ctx.acpiMap === 'early_ioremap') latentBmPte(ctx, s, step, what, 'acpi_enabled', emit);
    return;
  }
  const phys = scenario.machine.acpi_tables === 'low'
    ? ACPI_LOW_PHYS
    : Math.min(scenario.machine.memory, VA_TOP) - ACPI_TOP_GAP;
  if (ctx.acpiMap === 'early_ioremap') {
    emit({ kind: 'acpi-map', step, what, phys, via: 'early_ioremap', limit: 0 });
    earlyIounmap(s, earlyIoremap(ctx, s, step, { what: `${what} at phys 0x${phys.toString(16)}`, phys, size: ACPI_TABLE_SIZE, reads: ACPI_TABLE_HEADER_SIZE }, true, emit));
    return;
  }
  const limit = ctx.acpiMap === 'low_8mib' ? ACPI_DIRECT_LIMIT_2626 : s.maxLowPfnMapped * PAGE_SIZE;
  const direct = ctx.acpiMap === 'low_8mib' ? phys + ACPI_TABLE_SIZE < limit : phys + ACPI_TABLE_SIZE <= limit;
  emit({ kind: 'acpi-map', step, what, phys, via: direct ? 'direct' : 'fixmap', limit });
  if (!direct) setFixmap(ctx, s, step, 'FIX_ACPI_END', 0, `${what} at phys 0x${phys.toString(16)}`, emit, ctx.acpiMap === 'max_low_pfn_mapped' ? 2 : 1);
}

/**
 * acpi_boot_init() / early_acpi_boot_init() with ACPI on: the MADT's local
 * APIC address through acpi_register_lapic_address() → set_fixmap_nocache(FIX_APIC_BASE)
 * (unless nolapic), and, late, each IO-APIC through mp_register_ioapic() →
 * set_fixmap_nocache(FIX_IO_APIC_BASE_0 + n) (unless noapic). nolapic and noapic count once
 * parse_early_param() has parsed them (lapicOn, ioapicOn).
 */
function acpiMadt(ctx: ReplayContext, s: ModelState, step: StepRef, ioapics: boolean, emit: Emit): void {
  const { machine } = ctx.scenario;
  if (!acpiOn(ctx, s.earlyParamsStep !== null)) {
    mapAcpiTable(ctx, s, step, 'ACPI MADT', emit);
    return;
  }
  // acpi_table_parse(ACPI_SIG_MADT) before acpi_boot_table_init(): "not present", nothing registered (catalog.ts needsAcpiTables)
  if (!hasValue(s, 'acpi_tables')) return;
  const parsed = s.earlyParamsStep !== null;
  mapAcpiTable(ctx, s, step, 'ACPI MADT', emit);
  if (lapicOn(ctx, parsed)) {
    setFixmap(ctx, s, step, 'FIX_APIC_BASE', 0, 'local APIC registers (MADT)', emit);
    s.apic.lapicMappedBy = 'acpi';
  }
  s.apic.from = 'acpi';
  if (ioapics && ioapicOn(ctx, parsed)) {
    for (let i = 0; i < machine.io_apics; i++) setFixmap(ctx, s, step, 'FIX_IO_APIC_BASE_0', i, `IO-APIC ${i} registers (MADT)`, emit);
    s.apic.ioapics = machine.io_apics;
  }
  if (ioapics) {
    addValue(s, 'apic_config');
    emit({ kind: 'value-set', step, value: 'apic_config' });
  }
}

/**
 * get_smp_config(): when ACPI did not configure the APICs and the BIOS has an
 * MP table: early_ioremap of the table (2.6.30-rc1), set_fixmap(FIX_APIC_BASE)
 * for its local APIC address (2.6.36-rc1), the IO-APICs it lists.
 */
function getSmpConfig(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  const { machine } = ctx.scenario;
  if (s.apic.from === 'acpi' || !machine.mptable || !hasValue(s, 'smp_config')) return;
  if (ctx.apic.mptableIoremap) runIoremapProgram(ctx, s, step, 'mptable', 'MP table', emit);
  const parsed = s.earlyParamsStep !== null;
  if (ctx.apic.mptableMapsLapic && lapicOn(ctx, parsed)) {
    setFixmap(ctx, s, step, 'FIX_APIC_BASE', 0, 'local APIC registers (MP table)', emit);
    s.apic.lapicMappedBy = 'mptable';
  }
  s.apic.from = 'mptable';
  if (ioapicOn(ctx, parsed)) s.apic.ioapics = machine.io_apics;
  addValue(s, 'apic_config');
  emit({ kind: 'value-set', step, value: 'apic_config' });
}

/**
 * init_apic_mappings(): set_fixmap_nocache(FIX_APIC_BASE, apic_phys) — always
 * in 2.6.27 – 2.6.30 (a fake alloc_bootmem page when no APIC is found); from
 * 2.6.31-rc1 not when ACPI mapped it, and not at all without an APIC
 * (apic_disable()); from 2.6.36-rc1 not when the MP table path mapped it.
 */
function initApicMappings(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  if (!ctx.scenario.config.local_apic) return;
  // nolapic once parsed: detect_init_APIC() returns -1 at `if (disable_apic)` (arch/x86/kernel/apic_32.c:1112 at
  // caglar10ur/linux-2.6.27.y@3fa8749e584b); before parse_early_param() the APIC is still there (lapicOn)
  const noApicFound = s.apic.from === null && !lapicOn(ctx, s.earlyParamsStep !== null);
  if (ctx.apic.skipWithAcpi && s.apic.lapicMappedBy === 'acpi') return;
  if (ctx.apic.mptableMapsLapic && s.apic.lapicMappedBy === 'mptable') return;
  if (ctx.apic.dummyOps && noApicFound) return;
  setFixmap(ctx, s, step, 'FIX_APIC_BASE', 0, noApicFound ? 'a fake local APIC page (alloc_bootmem_pages)' : 'local APIC registers', emit);
}

/**
 * reserve_top_address() (arch/x86/mm/pgtable_32.c; pgtable.c from 2.6.30):
 * __FIXADDR_TOP = -reserve - PAGE_SIZE, and until 2.6.31-rc6 also
 * __VMALLOC_RESERVE += reserve.
 * @param holeStart where the caller's own area starts (the hypervisor hole): -reserve, except for Xen
 *   before 2.6.27.8, whose reserve holds two pages of the kernel's padding below HYPERVISOR_VIRT_START
 *   (layout.ts xenHoleStart)
 */
export function relocate(ctx: ReplayContext, s: ModelState, step: StepRef, source: RelocationSource, reserve: number, emit: Emit, holeStart = VA_TOP - reserve): void {
  const oldTop = s.fixaddrTop;
  const before = s.vmallocReserve;
  s.fixaddrTop = fixaddrTopFor(reserve);
  // unsigned int __VMALLOC_RESERVE (include/asm-x86/page_32.h @ 6e86841d): the sum wraps at 2^32 as in the kernel
  if (ctx.formulas.reserveGrowsVmalloc) s.vmallocReserve = (s.vmallocReserve + reserve) % VA_TOP;
  // reservetop= only asks that the top be kept free, and the last reserve_top_address() wins;
  // a hypervisor or firmware lives in its hole whatever reserve comes later
  if (source === 'reservetop') s.reservetopHoleStart = VA_TOP - reserve;
  else {
    if (holeStart < s.hypervisorHoleStart) {
      s.hypervisorHoleStart = holeStart;
      s.hypervisorHoleOwner = source === 'olpc' ? 'firmware' : 'hypervisor';
    }
    s.reservetopHoleStart = VA_TOP;
  }
  emit({
    kind: 'relocation', step, source, reserve, oldTop, newTop: s.fixaddrTop, fixmapsSet: s.fixmapsSet,
    vmallocReserveBefore: before, vmallocReserveAfter: s.vmallocReserve,
  });
}

function slotIdx(ctx: ReplayContext, slot: SlotName): number {
  return ctx.fixmap.slots[slot] ?? 0;
}

/**
 * set_fixmap(slot + offset): __set_fixmap() → set_pte_vaddr() (2.6.26: set_pte_pfn()) through the
 * page tables, fixmaps_set++ (`counts` times: clear_fixmap + set_fixmap for ACPI).
 */
function setFixmap(ctx: ReplayContext, s: ModelState, step: StepRef, slot: SlotName, offset: number, what: string, emit: Emit, counts = 1): void {
  const idx = slotIdx(ctx, slot) + offset;
  const vaddr = fixToVirt(s.fixaddrTop, idx);
  s.fixmapsSet += counts;
  const covered = hasPageTable(ctx, s, vaddr);
  emit({
    kind: 'fixmap-use', step, slot, idx, vaddr, fixaddrTop: s.fixaddrTop, counted: true, counts, via: 'set_fixmap', what,
    phys: null, pages: 1, btmapSlot: null, held: true, bmPteTop: s.bmPteTop, unserved: null,
    uncovered: covered ? null : { page: 0, vaddr }, failed: null,
    pte: 'pagetables', bmPtePmd: s.bmPtePmd, pmd: pmdBase(ctx.geometry, vaddr), covered, readEnd: null,
  });
}

/**
 * Whether set_pte_vaddr() finds a page table for vaddr: the fixmap ranges
 * built so far (head_32's included), or bm_pte's PMD, which
 * early_ioremap_init() hooked bm_pte into (the permanent slots sharing that
 * PMD are then served by bm_pte).
 */
function hasPageTable(ctx: ReplayContext, s: ModelState, vaddr: number): boolean {
  return covers(s.fixmapTables, vaddr) || (s.bmPtePmd !== null && pmdBase(ctx.geometry, vaddr) === s.bmPtePmd);
}

/** kmap_init(): walks the page tables to cache the PTE of a slot, not counted */
function lookup(ctx: ReplayContext, s: ModelState, step: StepRef, slot: SlotName, what: string, emit: Emit): void {
  const idx = slotIdx(ctx, slot);
  const vaddr = fixToVirt(s.fixaddrTop, idx);
  const covered = hasPageTable(ctx, s, vaddr);
  emit({
    kind: 'fixmap-use', step, slot, idx, vaddr, fixaddrTop: s.fixaddrTop, counted: false, counts: 0, via: 'kmap_init', what,
    phys: null, pages: 1, btmapSlot: null, held: true, bmPteTop: s.bmPteTop, unserved: null,
    uncovered: covered ? null : { page: 0, vaddr }, failed: null,
    pte: 'pagetables', bmPtePmd: s.bmPtePmd, pmd: pmdBase(ctx.geometry, vaddr), covered, readEnd: null,
  });
}
