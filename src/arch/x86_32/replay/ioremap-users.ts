/**
 * The early_ioremap() users of setup_arch(), each the sequence of maps and
 * unmaps its kernel code does (effects.ts IoremapProgram), with sizes from
 * the machine facts (machine-facts.ts). Sources per user are in the comments.
 */
import type { IoremapProgram } from '../effects.js';
import { PAGE_SIZE } from '../geometry.js';
import * as F from '../machine-facts.js';
import { efiOn, type ReplayContext } from './context.js';
import { earlyIoremap, earlyIounmap, faultPastMapping, pointerTop, type MapRequest } from './early-ioremap.js';
import type { FixmapUseEvent, StepRef } from './events.js';
import type { Emit } from './interpreter.js';
import { hasValue, type ModelState } from './state.js';

/** map, run the nested mappings, unmap: the LIFO shape of every user but efi_init's memory map */
function scoped(ctx: ReplayContext, s: ModelState, step: StepRef, req: MapRequest, emit: Emit, nested: () => void = () => undefined): void {
  const slot = earlyIoremap(ctx, s, step, req, true, emit);
  if (slot !== null) nested();
  earlyIounmap(s, slot);
}

/**
 * drivers/firmware/dmi_scan.c dmi_scan_machine() (machine-facts.ts DMI_SCAN_STEP for the lines, the same
 * in every modelled kernel): with efi_enabled, dmi_ioremap(efi.smbios, 32) and dmi_present(p + 0x10)
 * (efi.smbios is 0 until efi_init: page 0, "DMI not present"); else the 64 KiB F-segment, dmi_present(q)
 * at q = p, p + 16, … while q < p + 0x10000, held while dmi_present() → dmi_walk_early() maps the table,
 * nested. dmi_ioremap is early_ioremap on x86 (arch/x86/include/asm/dmi.h at e40152ee1e1c :16).
 *
 * The anchor "_DMI_" lies on a 16-byte boundary of the F-segment (the SMBIOS spec's placement, at +0x10 of
 * a 16-byte aligned "_SM_") and at efi.smbios + 0x10. The pointer early_ioremap() returns lies
 * FIXADDR_TOP % PAGE_SIZE bytes into its page (fixaddr-top-unaligned), and so does every q: dmi_present()
 * reads the F-segment that many bytes further on. Off by no multiple of 16, the scan never meets the
 * anchor, so it reads its last 15-byte window at p + 0xfff0 and, 2 or more bytes off, past the 16 pages it
 * mapped, into a slot page nothing maps: a page fault, and dmi_scan_machine() never returns (head_32.S's
 * early_page_fault halts in hlt_loop; from 2.6.35-rc1 do_page_fault() oopses and panics: describe.ts
 * pageFaultText). Off by a multiple of 16, it meets the anchor if it lies at or above phys 0xF0000 + the
 * offset (the model assumes so) and reads the table as far off. On EFI any offset moves the read off
 * "_DMI_". What the scan finds is a `dmi-scan` event when the pointer is off (else the ordinary scan
 * finds DMI); the fault leaves the step unfinished (ModelState.faultedIn): `dmi` is not set.
 */
function dmiScan(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  const m = ctx.scenario.machine;
  const offset = pointerTop(ctx, s) % PAGE_SIZE;
  // dmi_table() stops after dmi_num structures or at dmi_len (dmi_scan.c :69-96 at f6f94e2ab1b): read through a
  // shifted pointer its headers are other bytes, so where it stops is not known
  const table: MapRequest = { what: 'DMI table (dmi_walk_early)', phys: m.dmi_table_base, size: m.dmi_table_length, reads: offset === 0 ? m.dmi_table_length : null };
  // the scan's own mapping (the first fixmap-use it emits), to know where its reads end
  const first: { use: FixmapUseEvent | undefined } = { use: undefined };
  const tap: Emit = (e) => {
    if (e.kind === 'fixmap-use' && first.use === undefined) first.use = e;
    emit(e);
  };
  // dmi_scan_machine() reads efi_enabled when it runs: noefi counts only once parse_early_param() has parsed it
  const efi = efiOn(ctx, s.earlyParamsStep !== null);
  let found: boolean;
  if (efi) {
    const entry = hasValue(s, 'efi');
    found = entry && offset === 0;
    const what = entry ? 'SMBIOS entry point at efi.smbios' : 'SMBIOS entry point at efi.smbios = 0 (efi_init has not run)';
    scoped(ctx, s, step, { what, phys: entry ? F.EFI_SMBIOS_PHYS : 0, size: F.DMI_EFI_ENTRY_SIZE, reads: F.DMI_EFI_ANCHOR_OFFSET + F.DMI_PRESENT_READ }, tap, () => {
      if (found) scoped(ctx, s, step, table, emit);
    });
  } else {
    found = offset % F.DMI_SCAN_STEP === 0;
    // found: it stops at the anchor, where the model does not know; else every window up to the last one
    const reads = found ? null : F.DMI_SCAN_SIZE - F.DMI_SCAN_STEP + F.DMI_PRESENT_READ;
    scoped(ctx, s, step, { what: 'DMI entry-point scan of the F-segment (64 KiB)', phys: F.DMI_SCAN_BASE, size: F.DMI_SCAN_SIZE, reads }, tap, () => {
      if (found) scoped(ctx, s, step, table, emit);
    });
  }
  // early_ioremap() returned NULL: `goto error`, nothing is read; an offset of 0 is the ordinary scan
  const use = first.use;
  if (use === undefined || use.failed !== null || offset === 0) return;
  // a page before the end that is not served faults (or reads elsewhere) first: stale-early-ioremap's, not followed
  // here; a fault past the end left the step unfinished (earlyIoremap sets ModelState.faultedIn)
  const faultAt = faultPastMapping(use);
  emit({ kind: 'dmi-scan', step, via: efi ? 'efi' : 'f-segment', vaddr: use.vaddr, offset, found, faultAt });
}

/** Where the initrd is and what the kernel does with it at one step (initrdPlan). */
export interface InitrdPlan {
  /** why nothing is copied, or null when the part above end_of_lowmem is */
  readonly skip: 'too-large' | 'in-lowmem' | 'not-decided' | null;
  /** boot_params.hdr.ramdisk_image (bytes, physical) */
  readonly image: number;
  /** ramdisk_size (bytes) */
  readonly size: number;
  /** the limit (ReplayContext.initrdLimit) << PAGE_SHIFT at this step, 0 while it is unset (bytes) */
  readonly endOfLowmem: number;
}

/**
 * What reserve_initrd() (2.6.27+) or relocate_initrd() (2.6.26) does with an initrd the boot loader put
 * above lowmem, at this step. The loader puts it as high as it can below ramdisk_max 0x7fffffff and the end
 * of RAM (machine-facts.ts RAMDISK_MAX), page-aligned. With end_of_lowmem = the limit << PAGE_SHIFT, the kernel
 * - disables the initrd when ramdisk_size >= end_of_lowmem / 2 ("initrd too large to handle, disabling
 *   initrd"): nothing is copied, and the kernel boots without it;
 * - leaves an initrd that ends at or below end_of_lowmem where it is ("All in lowmem, easy case");
 * - else copies the part below end_of_lowmem through __va() and the part above it with one early_ioremap()
 *   per MAX_MAP_CHUNK (64 pages).
 * In 2.6.26 those tests are reserve_initrd()'s, inside setup_memory() (setup_bootmem_allocator()), which sets
 * do_relocate_initrd; relocate_initrd() returns at once while it is false (`decided` false: not-decided).
 * Sources (caglar10ur/linux-2.6.27.y): 2.6.26 arch/x86/kernel/setup_32.c:559-645 at bce7f793da; 2.6.27-rc1
 * arch/x86/kernel/setup.c:256-363 at 6e86841d05; 2.6.27.y (max_low_pfn_mapped) setup.c:254-354 at 16fa49cbc7.
 * @param decided false for 2.6.26's relocate_initrd() before setup_memory() has run (no bootmem yet)
 */
export function initrdPlan(ctx: ReplayContext, s: ModelState, decided = true): InitrdPlan {
  const size = ctx.scenario.machine.initrd_size;
  const ramdiskEnd = Math.min(ctx.scenario.machine.memory, F.RAMDISK_MAX + 1);
  const image = Math.floor((ramdiskEnd - size) / PAGE_SIZE) * PAGE_SIZE;
  const limitPfn = ctx.initrdLimit === 'max_low_pfn' ? s.maxLowPfn ?? 0 : s.maxLowPfnMapped;
  const endOfLowmem = limitPfn * PAGE_SIZE;
  const skip = !decided ? 'not-decided' : size >= endOfLowmem / 2 ? 'too-large' : image + size <= endOfLowmem ? 'in-lowmem' : null;
  return { skip, image, size, endOfLowmem };
}

/** What a skipped initrd copy means, for a need that only the copy has (interpreter.ts: harmless here). */
export function initrdSkipText(skip: NonNullable<InitrdPlan['skip']>): string {
  switch (skip) {
    case 'too-large': return 'the initrd is "too large to handle" for the end of lowmem at this step, so the kernel disables it and copies nothing';
    case 'in-lowmem': return 'the initrd lies within lowmem at this step, so it stays where it is and nothing is copied';
    case 'not-decided': return 'do_relocate_initrd is still false, as setup_memory() has not run reserve_initrd(), so relocate_initrd() returns at once';
  }
}

/** The copy itself: the model maps the first chunk and counts the rest (a set_fixmap and a clear_fixmap per page, once early_ioremap_reset has made early_ioremap set_fixmap). */
function initrdCopy(ctx: ReplayContext, s: ModelState, step: StepRef, what: string, emit: Emit, decided: boolean): void {
  const plan = initrdPlan(ctx, s, decided);
  if (plan.skip !== null) {
    emit({ kind: 'initrd-not-copied', step, reason: plan.skip, image: plan.image, size: plan.size, endOfLowmem: plan.endOfLowmem, limit: ctx.initrdLimit });
    return;
  }
  const from = Math.max(plan.image, plan.endOfLowmem);
  const above = plan.image + plan.size - from;
  const chunks = Math.ceil(above / F.INITRD_CHUNK);
  const first = Math.min(above, F.INITRD_CHUNK);
  const before = s.fixmapsSet;
  scoped(ctx, s, step, { what: `${what}: ${chunks} chunk${chunks === 1 ? '' : 's'} of up to 256 KiB`, phys: from, size: first }, emit);
  if (s.fixmapsSet > before) s.fixmapsSet += 2 * (Math.ceil(above / PAGE_SIZE) - Math.ceil(first / PAGE_SIZE));
}

/**
 * @param program a known user, or `defined`: a `define:` call's early_ioremap of `bytes` (default one page) at a page-aligned address
 */
export function runIoremapProgram(ctx: ReplayContext, s: ModelState, step: StepRef, program: IoremapProgram | 'defined', what: string, emit: Emit, bytes?: number): void {
  const m = ctx.scenario.machine;
  switch (program) {
    case 'setup_data_pages': {
      // arch/x86/kernel/setup.c parse_setup_data(): early_ioremap(pa_data, PAGE_SIZE) per node;
      // e820.c parse_e820_ext() maps the whole node, nested, when it is larger than the page:
      // `u32 map_len = sdata->len + sizeof(struct setup_data)` wraps past 4 GiB (e820.c:619-626 of 2.6.28,
      // DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05; :670-677 of 2.6.36 @f6f94e2ab1b), so a len of
      // 0xfffffff0 or more maps no more than the page
      const whole = (m.setup_data_length + F.SETUP_DATA_HEADER) % 2 ** 32;
      scoped(ctx, s, step, { what, phys: F.SETUP_DATA_PHYS, size: PAGE_SIZE }, emit, () => {
        if (whole > PAGE_SIZE) scoped(ctx, s, step, { what: `${what} (whole node, parse_e820_ext)`, phys: F.SETUP_DATA_PHYS, size: whole }, emit);
      });
      return;
    }
    case 'setup_data_headers':
      // e820_reserve_setup_data() / reserve_early_setup_data(): early_ioremap(pa_data, sizeof(*data))
      scoped(ctx, s, step, { what, phys: F.SETUP_DATA_PHYS, size: F.SETUP_DATA_HEADER }, emit);
      return;
    case 'efi_tables': {
      // arch/x86/kernel/efi.c efi_init(): four tables mapped and unmapped in turn, then the
      // memory map, left mapped until efi_enter_virtual_mode() (after setup_arch)
      const t = F.EFI_SYSTAB_PHYS;
      scoped(ctx, s, step, { what: 'EFI system table', phys: t, size: F.EFI_SYSTAB_SIZE }, emit);
      scoped(ctx, s, step, { what: 'EFI firmware vendor string', phys: t + F.EFI_SYSTAB_SIZE, size: F.EFI_FW_VENDOR_SIZE }, emit);
      scoped(ctx, s, step, { what: 'EFI configuration tables', phys: t + 0x100, size: F.EFI_CONFIG_TABLES * F.EFI_CONFIG_TABLE_SIZE }, emit);
      scoped(ctx, s, step, { what: 'EFI runtime services', phys: t + 0x200, size: F.EFI_RUNTIME_SIZE }, emit);
      earlyIoremap(ctx, s, step, { what: 'EFI memory map (left mapped)', phys: F.EFI_MEMMAP_PHYS, size: m.efi_memmap_size }, false, emit);
      return;
    }
    case 'dmi_scan':
      dmiScan(ctx, s, step, emit);
      return;
    case 'initrd_copy':
      initrdCopy(ctx, s, step, what, emit, true);
      return;
    case 'initrd_copy_decided':
      // 2.6.26: setup_memory() sets up bootmem, and its reserve_initrd() decides (do_relocate_initrd)
      initrdCopy(ctx, s, step, what, emit, hasValue(s, 'bootmem'));
      return;
    case 'mptable':
      // arch/x86/kernel/mpparse.c get_smp_config() → check_physptr() (2.6.30+): the header page, then the table
      scoped(ctx, s, step, { what: 'MP configuration table header', phys: F.MPTABLE_PHYS, size: PAGE_SIZE }, emit);
      scoped(ctx, s, step, { what: 'MP configuration table', phys: F.MPTABLE_PHYS, size: F.MPTABLE_LENGTH }, emit);
      return;
    case 'defined':
      // the scenario's define: says what it maps; where is its own business (page-aligned here)
      scoped(ctx, s, step, { what, phys: 0, size: bytes ?? PAGE_SIZE }, emit);
      return;
    case 'olpc_pgd':
      // arch/x86/kernel/olpc_ofw.c setup_olpc_ofw_pgd(): OpenFirmware's page directory
      scoped(ctx, s, step, { what, phys: 0, size: F.OLPC_PGD_SIZE }, emit);
      return;
  }
}
