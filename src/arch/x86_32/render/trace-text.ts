/**
 * `bootreplay trace` for x86_32: one line per model event, so a finding can
 * be followed back to the steps that set up the bad state.
 */
import type { TraceEvent } from '../replay/events.js';
import { hex, size } from '../../../units.js';
import type { DmiScanEvent, FixmapUseEvent } from '../replay/events.js';
import { describePagetableEvent } from '../pagetables/describe.js';
import { faultPastMapping } from '../replay/early-ioremap.js';

function fixmapUse(e: FixmapUseEvent): string {
  const pages = e.pages === 1 ? '' : ` (${e.pages} pages)`;
  const slot = e.btmapSlot !== null ? ` slot ${e.btmapSlot}` : '';
  if (e.failed !== null) return `${e.via}${slot}: WARN, returns NULL (${e.failed === 'too-big' ? `${e.pages} pages > NR_FIX_BTMAPS` : 'no free slot'}): ${e.what}`;
  const where = e.pte === 'bm_pte'
    ? `bm_pte (in PMD ${e.bmPtePmd === null ? 'none' : hex(e.bmPtePmd)}, address in PMD ${hex(e.pmd)})${e.unserved !== null ? `, page ${e.unserved.page} at ${hex(e.unserved.vaddr)} not served` : ''}`
    : `page tables${e.uncovered === null ? '' : ` (none cover ${hex(e.uncovered.vaddr)})`}${e.unserved !== null ? ` for ${hex(e.unserved.pteVaddr)}, the pointer (slot_virt[]) not served` : ''}`;
  // a pointer inside its page whose reads run past the pages mapped (FIXADDR_TOP not page-aligned): the call faults there
  const past = faultPastMapping(e);
  const fault = past !== null ? `; its reads run past the pages mapped into ${hex(past)}: page fault, the call does not return` : '';
  return `${e.via} ${e.slot}${slot} (idx ${e.idx}) at ${hex(e.vaddr)}${pages} via ${where}${e.counted ? `, counted ${e.counts}` : ''}${e.held && e.via === 'early_ioremap' ? ', left mapped' : ''}: ${e.what}${fault}`;
}

/** dmi_scan_machine() through a pointer `offset` bytes into its page: what dmi_present() meets, and where the reads end */
function dmiScan(e: DmiScanEvent): string {
  const off = `0x${e.offset.toString(16)}`;
  const where = e.via === 'efi'
    ? `dmi_present(p + 0x10) reads ${off} bytes past "_DMI_" at efi.smbios + 0x10`
    : `dmi_present() steps 16 bytes from a pointer ${off} bytes into its page, ${e.found ? 'a multiple of 16: it meets "_DMI_" if the anchor lies at or above phys 0xf0000 + ' + off + ' (assumed), and reads the table as far off' : `${e.offset % 16} bytes off the 16-byte boundaries "_DMI_" sits on`}`;
  if (e.found) return `DMI scan: ${where}`;
  const end = e.faultAt !== null
    ? `it reads on past the pages it mapped into ${hex(e.faultAt)} (the page fault above), so dmi_scan_machine does not return and dmi is not set`
    : '"DMI not present or invalid."';
  return `DMI scan: ${where}: no DMI found; ${end}`;
}

/**
 * 2.6.26's memmap=SIZE#START / SIZE$START: appended, never sanitized, so the RAM under the range stays RAM
 * (e820-params.ts); the model has no bootmem map to show the pages handed out, so the trace says it.
 */
function e820Unsanitized(e: Extract<TraceEvent, { kind: 'e820-edit' }>): string {
  const type = e.edit === 'acpi' ? 'E820_ACPI' : 'E820_RESERVED';
  const appended = `${e.param}: ${type} entry appended (add_memory_region()); 2.6.26 never sanitizes the user's map`;
  const used = 'propagate_e820_map() counts that RAM, and the kernel uses the range as RAM (register_bootmem_low_pages() frees its lowmem part to bootmem)';
  if (e.unsanitized?.overRam === null) return `${appended}, so any RAM the BIOS map brings under it stays E820_RAM: ${used}`;
  if (e.unsanitized?.overRam === true) return `${appended}, so the RAM under it stays E820_RAM: ${used}; e820 RAM ends at ${hex(e.ramEnd ?? 0)}`;
  return `${appended}; e820 RAM ends at ${hex(e.ramEnd ?? 0)}, below the range`;
}

/** What a mem=/memmap= option did to the e820 map (replay/interpreter.ts applyParam, sanitizeUserRanges). */
function e820Edit(e: Extract<TraceEvent, { kind: 'e820-edit' }>): string {
  if (e.unsanitized !== undefined) return e820Unsanitized(e);
  if (e.droppedBy !== undefined) return `${e.param}: dropped (${e.droppedBy} empties the map, e820.nr_map = 0${e.edit === 'ram' ? '' : ', before it is sanitized'})`;
  const took = e.took !== undefined ? `; it took the RAM it covers of ${e.took.join(' ')}` : '';
  // finish_e820_parsing() before setup_memory_map: the user's entries alone (break-251 F2)
  if (e.sanitized === true && e.applied && e.ramEnd === null) return `${e.param}: sanitized against the user's other entries only (finish_e820_parsing() → sanitize_e820_map() before the e820 map is built: the larger type wins an overlap)${took}; the BIOS map appended later is not sanitized against it, so the BIOS's RAM under it stays E820_RAM`;
  if (e.sanitized === true && e.applied) return `${e.param}: sanitized (finish_e820_parsing() → sanitize_e820_map(), after all options: the larger type wins an overlap)${took}${took === '' ? ',' : ';'} e820 RAM ends at ${hex(e.ramEnd ?? 0)}`;
  if (e.pending === true) {
    const type = e.edit === 'acpi' ? 'E820_ACPI' : 'E820_RESERVED';
    // finish_e820_parsing() already ran (with userdef 0 if nothing was parsed before it): it did not see this entry (break-251 N8)
    if (e.sanitizedBefore !== undefined) return `${e.param}: ${type} entry appended${e.ramEnd === null ? ' to the e820 map before it is built' : ''}; finish_e820_parsing() ran before it (${e.sanitizedBefore.name} step ${e.sanitizedBefore.index}), so its sanitize_e820_map() did not see the entry: unless finish_e820_parsing() runs again, the RAM under it stays E820_RAM`;
    return e.ramEnd === null
      ? `${e.param}: ${type} entry appended to the e820 map before it is built; the BIOS map appended to it later keeps it. finish_e820_parsing() → sanitize_e820_map() gives it the RAM it covers if it runs after that map is built (before it, only the RAM of the user's other entries)`
      : `${e.param}: ${type} entry appended; finish_e820_parsing() → sanitize_e820_map() gives it the RAM it covers`;
  }
  // before the map is built the entry is kept, only not counted (break-251 N8: "e820 RAM ends at 0x00000000")
  if (e.applied && e.aboveMaxArchPfn !== undefined && e.ramEnd === null) return `${e.param}: added to the e820 map before it is built; the BIOS map appended to it later keeps the range, which starts at or above MAX_ARCH_PFN (${hex(e.aboveMaxArchPfn)}): e820_end_of_ram_pfn() does not count it`;
  if (e.applied && e.aboveMaxArchPfn !== undefined) return `${e.param}: e820 RAM ends at ${hex(e.ramEnd ?? 0)}; the range starts at or above MAX_ARCH_PFN (${hex(e.aboveMaxArchPfn)}), which e820_end_of_ram_pfn() does not count`;
  // 2.6.26 (e820-params.ts maxArchPfn false)
  const b = e.beyondPhysLimit;
  const beyond = b === undefined ? ''
    : `; the range ends past ${hex(b.limit)}: propagate_e820_map() counts it (it has no limit), ${b.cut ? 'find_max_low_pfn() (setup_memory) cuts max_pfn back' : 'and find_max_low_pfn() has none with CONFIG_HIGHMEM64G: max_pfn stays past what PAE addresses'}`;
  // a range added before the map is built (ramEnd null): kept, the BIOS map is appended after it (break-242 N3:
  // "e820 RAM ends at 0x00000000")
  if (e.applied && e.ramEnd === null) return `${e.param}: added to the e820 map before it is built; the BIOS map appended to it later keeps the range${beyond}`;
  if (e.applied) return `${e.param}: e820 RAM ends at ${hex(e.ramEnd ?? 0)}${beyond}`;
  const cut = e.cut !== undefined ? `; it cut only ${e.cut.join(' ')}, appended before it` : '';
  return `${e.param}: lost (the e820 map is empty until ${e.lostAt ?? 'setup_memory_map'} appends the BIOS map)${cut}`;
}

export function describeX86Event(e: TraceEvent): string {
  switch (e.kind) {
    case 'relocation':
      return `reserve_top_address(${size(e.reserve)}) by ${e.source}: FIXADDR_TOP ${e.oldTop === e.newTop ? `stays ${hex(e.newTop)}` : `${hex(e.oldTop)} → ${hex(e.newTop)}`}, __VMALLOC_RESERVE ${size(e.vmallocReserveBefore)} → ${size(e.vmallocReserveAfter)}, fixmaps_set ${e.fixmapsSet}${e.fixmapsSet > 0 ? ' (BUG_ON)' : ''}`;
    case 'fixmap-use':
      return fixmapUse(e);
    case 'early-ioremap-init':
      return `${e.via === 'fixup_early_ioremap' ? 'fixup_early_ioremap → early_ioremap_init: ' : ''}bm_pte → PMD ${hex(e.pmdBegin)}${e.previousPmd !== null && e.previousPmd !== e.pmdBegin ? ` (was ${hex(e.previousPmd)})` : ''} (FIX_BTMAP_BEGIN ${hex(e.btmapBegin)}, FIX_BTMAP_END ${hex(e.btmapEnd)}${e.pmdBegin !== e.pmdEnd ? ` in PMD ${hex(e.pmdEnd)}: WARN` : ''})${e.wiped > 0 ? `, wiping ${e.wiped} live mapping${e.wiped === 1 ? '' : 's'}` : ''}`;
    case 'e820-edit':
      return e820Edit(e);
    case 'returned-early':
      return `returns at once (if (!${e.value}) return;): ${e.what} does not run`;
    case 'early-params-skipped':
      return `parse_early_param again: returns at once (static int done; ${e.first.name} step ${e.first.index} parsed them)`;
    case 'fixmap-pagetables':
      return `${e.boot ? 'boot ' : ''}fixmap page tables ${hex(e.start)}–${hex(e.end)} under FIXADDR_TOP ${hex(e.fixaddrTop)}`;
    case 'pkmap-pagetables':
      return `pkmap page tables ${hex(e.start)}–${hex(e.end)}`;
    case 'early-ioremap-reset':
      return `early_ioremap_reset: early_ioremap is set_fixmap from now on${e.clearedPmd !== null ? ` (early_ioremap_clear cleared PMD ${hex(e.clearedPmd)})` : ''}${e.remapped > 0 ? `; ${e.remapped} live page${e.remapped === 1 ? '' : 's'} re-set with set_fixmap` : ''}`;
    case 'value-set':
    case 'need':
      return ''; // shared events: src/report/trace-text.ts describes them
    case 'max-pfn':
      return `max_pfn ${e.maxPfn}`;
    case 'max-low-pfn':
      return `max_low_pfn ${e.maxLowPfn} (max_pfn ${e.maxPfn}, __VMALLOC_RESERVE ${size(e.vmallocReserve)})${e.highmemParam === null ? '' : `; highmem=${e.highmemParam.applied ? '' : ' ignored'}: ${e.highmemParam.note}`}${e.nonPaeCut === undefined ? '' : `; ${e.nonPaeCut}`}`;
    case 'direct-map':
      return `direct map ${hex(e.start)}–${hex(e.end)}`;
    case 'acpi-map':
      return `${e.what} at phys ${hex(e.phys)}: ${e.via === 'direct' ? `direct map (limit ${hex(e.limit)})` : e.via === 'fixmap' ? `FIX_ACPI (above ${hex(e.limit)})` : 'early_ioremap'}`;
    case 'vmi-lowmem-map':
      return `VMI lowmem mapping: ${e.pages} pages (${e.upTo})`;
    case 'vmalloc-reserve-set':
      return `vmalloc=: __VMALLOC_RESERVE ${size(e.before)} → ${size(e.after)}`;
    case 'dmi-scan':
      return dmiScan(e);
    case 'initrd-not-copied': {
      const where = `initrd ${hex(e.image)}–${hex(e.image + e.size)} (${size(e.size)}), end_of_lowmem ${hex(e.endOfLowmem)} (${e.limit}${e.endOfLowmem === 0 ? ' not set yet' : ''})`;
      if (e.reason === 'not-decided') return `initrd ${hex(e.image)}–${hex(e.image + e.size)} (${size(e.size)}): do_relocate_initrd is still false, as setup_memory() has not run reserve_initrd(): relocate_initrd() returns at once; nothing copied, and the place reserve_initrd() reserves later is never filled`;
      return e.reason === 'too-large'
        ? `${where}: ramdisk_size >= end_of_lowmem / 2: "initrd too large to handle, disabling initrd"; nothing copied, the kernel boots without it`
        : `${where}: all in lowmem, left where it is; nothing copied`;
    }
    case 'pt-step':
    case 'pt-kept':
    case 'pt-rw-pagetable':
    case 'pt-kmap':
    case 'pt-panic':
    case 'pt-ptes-dropped':
      return describePagetableEvent(e);
  }
}
