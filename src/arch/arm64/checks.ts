/**
 * arm64 semantic checks: values the schema accepts but the model cannot take
 * (16K/64K pages, VA_BITS other than 39/48) or that describe no machine
 * (unaligned RAM, a DTB outside RAM or too big). Each reports at its key.
 */
import type { ProblemSink, RawArchInput } from '../types.js';
import { sizeOrUndefined as sizeOf } from '../../scenario/size-schema.js';
import { GiB, MiB, TiB, sizeText } from './addr.js';
import { COMMAND_LINE_SIZE, parseCmdline } from './cmdline.js';
import { cmdlineNulProblem, cmdlineSizeProblem } from '../cmdline-size.js';
import { DEFAULT_IMAGE, DEFAULT_VA_BITS, defaultDebugRodata } from './defaults.js';
import { MAX_FDT_SIZE } from './fixmap.js';
import { PAGE_SIZE, SECTION_SIZE, TEXT_OFFSET } from './geometry.js';
import { imageSize } from './layout.js';
import { addMemory, emptyMemblock } from './mm/memblock.js';
import { V4_4 } from './kernel-version.js';
import { banksOf, defaultFdtPhys } from './resolve.js';
import type { Bank, ImageSizes } from './types.js';
import { hexDigits, sizeAgainstLimit } from '../../units.js';

function hex(n: number): string {
  return `0x${hexDigits(n)}`;
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The banks as written, when every value is a valid size (otherwise the schema reports). */
function rawBanks(machine: Readonly<Record<string, unknown>>): Bank[] | undefined {
  const banks = machine['banks'];
  if (banks === undefined) {
    const memory = sizeOf(machine['memory']);
    const base = sizeOf(machine['phys_offset']);
    if ((machine['memory'] !== undefined && memory === undefined) || (machine['phys_offset'] !== undefined && base === undefined)) return undefined;
    return [...banksOf({ memory, phys_offset: base })];
  }
  if (!Array.isArray(banks)) return undefined;
  const out: Bank[] = [];
  for (const b of banks) {
    if (!isRecord(b)) return undefined;
    const base = sizeOf(b['base']);
    const size = sizeOf(b['size']);
    if (base === undefined || size === undefined) return undefined;
    out.push({ base, size });
  }
  return out;
}

export function checkArm64(input: RawArchInput, sink: ProblemSink): void {
  const { config, machine, kernel } = input;

  const pageSize = config['page_size'];
  if (pageSize === '16K' || pageSize === '64K') {
    sink.at(['config', 'page_size'], `config.page_size: ${pageSize} pages are not modeled: only 4K (CONFIG_ARM64_4K_PAGES), whose 2 MiB sections, 3- or 4-level tables and fixmap layout the model encodes; 16K/64K change the levels, the section size and the FDT mapping`);
  }
  const vaBits = config['va_bits'];
  // a number that is not an integer the schema reports
  if (typeof vaBits === 'number' && Number.isInteger(vaBits) && vaBits !== 39 && vaBits !== 48) {
    const other = vaBits === 42 ? ' (42 is a 64K-page choice)' : vaBits === 47 || vaBits === 36 ? ' (a 16K-page choice)' : '';
    sink.at(['config', 'va_bits'], `config.va_bits: ${vaBits}${other} is not a 4K-page VA size; CONFIG_ARM64_VA_BITS is 39 or 48 with 4K pages`);
  }
  if (config['randomize_base'] === true && kernel?.key === V4_4) {
    sink.at(['config', 'randomize_base'], 'config.randomize_base: CONFIG_RANDOMIZE_BASE does not exist in v4.4; KASLR arrived in v4.6 ("arm64: add support for kernel ASLR", f80fb3a3d508)');
  }
  const debugRodata = typeof config['debug_rodata'] === 'boolean' ? config['debug_rodata'] : kernel === undefined ? undefined : defaultDebugRodata(kernel.key);
  if (config['debug_align_rodata'] === true && debugRodata === false) {
    sink.at(['config', 'debug_align_rodata'], `config.debug_align_rodata: DEBUG_ALIGN_RODATA depends on DEBUG_RODATA, which is off${config['debug_rodata'] === undefined ? ' (its default in v4.4)' : ''}; set config.debug_rodata: true`);
  }
  const image = config['image'];
  if (isRecord(image)) {
    let total = 0;
    for (const key of ['text', 'rodata', 'init', 'data']) {
      const size = sizeOf(image[key]);
      if (size === undefined) continue;
      total += size;
      if (size === 0 || size % PAGE_SIZE !== 0) sink.at(['config', 'image', key], `config.image.${key}: ${hex(size)} is not a positive multiple of the page size (0x1000); the model places sections at page granularity`);
    }
    if (total > 256 * MiB) sink.at(['config', 'image'], `config.image: ${sizeAgainstLimit(total, 256 * MiB, sizeText)} of sections; the model takes an Image of at most 256 MiB`);
  }

  const vb = vaBits === 39 || vaBits === 48 ? vaBits : DEFAULT_VA_BITS;
  const sizeOrDefault = (k: keyof ImageSizes): number => {
    const v = isRecord(image) ? sizeOf(image[k]) : undefined;
    return v !== undefined && v > 0 && v % PAGE_SIZE === 0 ? v : DEFAULT_IMAGE[k];
  };
  const sizes: ImageSizes = { text: sizeOrDefault('text'), rodata: sizeOrDefault('rodata'), init: sizeOrDefault('init'), data: sizeOrDefault('data') };
  // without a kernel version (its own problem is reported) the Image's extent is unknown: no overlap check
  const span = kernel === undefined ? null : imageSize(kernel.key, vb, sizes, config['debug_align_rodata'] === true);
  checkMachine(machine, sink, vb, span, kernel?.key);
}

/**
 * @param imageSpan image_size (_end - _text), bytes, from the kernel version and config; null when unknown
 */
function checkMachine(machine: Readonly<Record<string, unknown>>, sink: ProblemSink, vaBits: number, imageSpan: number | null, kernelKey: number | undefined): void {
  const cmdline = machine['cmdline'];
  if (typeof cmdline === 'string') {
    const tooLong = cmdlineSizeProblem(cmdline, COMMAND_LINE_SIZE);
    const nul = cmdlineNulProblem(cmdline);
    if (tooLong !== undefined) sink.at(['machine', 'cmdline'], tooLong);
    else if (nul !== undefined) sink.at(['machine', 'cmdline'], nul.message, nul.offset);
    else for (const p of parseCmdline(cmdline).problems) sink.at(['machine', 'cmdline'], `machine.cmdline: ${p.message}`, p.offset);
  }
  // arm64 finds the RSDP only in the UEFI configuration table: acpi_os_get_root_pointer() (drivers/acpi/osl.c)
  // returns efi.acpi20/efi.acpi under efi_enabled(EFI_CONFIG_TABLES), and arm64 does not select
  // ACPI_LEGACY_TABLES_LOOKUP; without UEFI acpi_table_init() fails and acpi_boot_table_init() calls
  // disable_acpi() (arch/arm64/kernel/acpi.c; chenlihao92/archlinux-4.6.5@b9b6ded1): a DT boot, not the ACPI one
  if (machine['acpi'] === true && machine['efi'] !== true) {
    // a derived file's efi: false makes the base's acpi: true wrong: say where it is written (helper-177)
    const acpiAt = sink.writtenAt?.(['machine', 'acpi']);
    const efiAt = machine['efi'] === undefined ? undefined : sink.writtenAt?.(['machine', 'efi']);
    const efiFrom = efiAt !== undefined && acpiAt !== undefined && efiAt.file !== acpiAt.file ? `; machine.efi: ${String(machine['efi'])} is set at ${efiAt.file}:${efiAt.line}:${efiAt.col}` : '';
    sink.at(['machine', 'acpi'], `machine.acpi: an ACPI boot needs machine.efi: true; arm64 takes the RSDP from the UEFI configuration table only (acpi_os_get_root_pointer(), drivers/acpi/osl.c), so without UEFI acpi_boot_table_init() disables ACPI and the kernel boots from the DT${efiFrom}`);
  }
  if (machine['banks'] !== undefined) {
    for (const key of ['memory', 'phys_offset']) {
      // an empty value (null) is already its own problem (the schema's "got an empty value"), not a second RAM
      if (machine[key] !== undefined && machine[key] !== null) sink.at(['machine', key], `machine.${key}: give either banks: or memory:/phys_offset:, not both`);
    }
  }
  const banks = rawBanks(machine);
  if (banks === undefined) return;
  const where = (i: number, key: string): (string | number)[] => (machine['banks'] === undefined ? ['machine', key === 'base' ? 'phys_offset' : 'memory'] : ['machine', 'banks', i, key]);
  const label = (i: number, key: string): string => (machine['banks'] === undefined ? `machine.${key === 'base' ? 'phys_offset' : 'memory'}` : `machine.banks[${i}].${key}`);
  let ok = true;
  let prevEnd = -1;
  // RAM may lie anywhere below 2^48 (PHYS_MASK_SHIFT) with either VA_BITS: what lies past the linear region is
  // dropped (the span check below). Only the Image is bound to 2^VA_BITS, by the model (IDMAP_LIMIT below).
  const physLimit = 2 ** 48;
  banks.forEach((b, i) => {
    if (b.base % SECTION_SIZE !== 0) {
      ok = false;
      // booting.txt constrains where the Image goes, which the model puts at the first bank's base + TEXT_OFFSET;
      // for the other banks it is the model's own limit, and says so (helper-178 F7)
      sink.at(where(i, 'base'), i === 0
        ? `${label(i, 'base')}: ${hex(b.base)} is not 2 MiB-aligned; the model loads the Image at the first bank's base + TEXT_OFFSET, and Documentation/arm64/booting.txt asks for a 2 MiB-aligned base there`
        : `${label(i, 'base')}: ${hex(b.base)} is not 2 MiB-aligned; the model takes only banks at 2 MiB-aligned bases (a limit of the model: booting.txt constrains only where the Image goes)`);
    }
    if (b.size < 2 * MiB || b.size % PAGE_SIZE !== 0 || b.size > 4 * TiB) {
      ok = false;
      // exact when not a whole unit: "4.00 KiB" was 4097 bytes (helper-181, 9)
      const shown = /\.\d/.test(sizeText(b.size)) ? `${b.size} bytes (${hex(b.size)})` : sizeText(b.size);
      sink.at(where(i, 'size'), `${label(i, 'size')}: ${shown} is not a bank the model takes (a page multiple of 2 MiB to 4 TiB)`);
    }
    if (b.base < prevEnd) {
      ok = false;
      sink.at(where(i, 'base'), `${label(i, 'base')}: ${hex(b.base)} overlaps or precedes the bank before it; list banks in ascending order`);
    }
    const beyond = '2^48 (PHYS_MASK_SHIFT)';
    if (b.base >= physLimit) {
      // the base itself is out of range: said at the base (phys_offset: or base:), not at the size the user may not have written
      ok = false;
      sink.at(where(i, 'base'), `${label(i, 'base')}: ${hex(b.base)} is beyond ${beyond}; RAM ends at or below ${hex(physLimit)}`);
    } else if (b.size > physLimit - b.base) {
      ok = false;
      sink.at(where(i, 'size'), `${label(i, 'size')}: RAM up to ${hex(b.base + b.size)} is beyond ${beyond}`);
    }
    prevEnd = b.base + b.size;
  });
  const first = banks[0];
  const last = banks[banks.length - 1];
  if (!ok || first === undefined || last === undefined) return;
  // head.S gives the idmap an extra translation level when the page of __idmap_text_end needs more than VA_BITS
  // bits (`adrp x5, __idmap_text_end; clz x5, x5; cmp x5, TCR_T0SZ(VA_BITS); b.ge 1f` … idmap_t0sz,
  // arch/arm64/kernel/head.S:374-384 at chenlihao92/archlinux-4.6.5@b9b6ded1, :369-379 at
  // rivsidn/linux-4.4.155@a1961d75, :371-381 at calebwilliamsd/linux-4.7.4-casio@01851de9): it depends on where the
  // Image lies, not on the top of RAM (break-252 N4). The model does not add that level, so it keeps the Image
  // (image_size from _text, or the 32 MiB it asks of the first bank) below 2^VA_BITS.
  const imageEnd = first.base + TEXT_OFFSET + (imageSpan ?? 32 * MiB - TEXT_OFFSET);
  if (vaBits === 39 && imageEnd > 2 ** 39) {
    sink.at(where(0, 'base'), `${label(0, 'base')}: the Image at ${hex(first.base + TEXT_OFFSET)}…${hex(imageEnd)} is not below 2^39: head.S would give the idmap an extra level (idmap_t0sz), which the model does not add; load it lower (VA_BITS=48 takes the Image anywhere below 2^48)`);
    return;
  }
  // the linear map covers 2^(VA_BITS-1) bytes from memstart_addr: v4.4's head.S saves the Image's base less
  // TEXT_OFFSET (__PHYS_OFFSET, head.S:213,428 at rivsidn/linux-4.4.155@a1961d75), and early_init_dt_add_memory_arch()
  // ignores RAM past MAX_MEMBLOCK_ADDR = memstart_addr - PAGE_OFFSET - 1 ("Ignoring memory range", drivers/of/fdt.c:1001-1011,
  // asm/memory.h:117); v4.6+ rounds the start of DRAM down to 1 GiB and arm64_memblock_init() memblock_remove()s what
  // lies past the linear region (chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/mm/init.c:191-193) (helper-181, 10)
  const v44 = kernelKey !== undefined && kernelKey <= V4_4;
  const span = last.base + last.size - (v44 ? first.base : first.base - (first.base % GiB));
  if (span > 2 ** (vaBits - 1)) {
    // early_init_dt_add_memory_arch() says "block" for a bank wholly past the limit, "range" for the part of one (fdt.c:1001-1011)
    const limitEnd = (v44 ? first.base : first.base - (first.base % GiB)) + 2 ** (vaBits - 1);
    const drops = kernelKey === undefined ? 'the kernel would drop the rest'
      : v44 ? `early_init_dt_add_memory_arch() would ignore the rest ("Ignoring memory ${last.base >= limitEnd ? 'block' : 'range'}", past MAX_MEMBLOCK_ADDR)`
        : 'arm64_memblock_init() would drop the rest (memblock_remove())';
    // a rounded size says so: "510.00 GiB" was 0x7f7fe00000 bytes (helper-182, 8)
    const spanText = sizeAgainstLimit(span, 2 ** (vaBits - 1), sizeText);
    const shownSpan = /\.\d/.test(spanText) && !spanText.includes('bytes') ? `${spanText} (${hex(span)} bytes)` : spanText;
    sink.at(where(banks.length - 1, 'size'), `${label(banks.length - 1, 'size')}: RAM spans ${shownSpan}, more than the ${sizeText(2 ** (vaBits - 1))} linear region of VA_BITS=${vaBits}; ${drops}`);
  }
  if (first.size < 32 * MiB) {
    sink.at(where(0, 'size'), `${label(0, 'size')}: the first bank holds the Image at ${hex(first.base + TEXT_OFFSET)}; the model needs at least 32 MiB there`);
  }

  const fdtRaw = machine['fdt_phys'];
  const fdt = fdtRaw === undefined ? defaultFdtPhys(first) : sizeOf(fdtRaw);
  const fdtSize = sizeOf(machine['fdt_size']) ?? 64 * 1024;
  if (machine['fdt_size'] !== undefined && (fdtSize === 0 || fdtSize > MAX_FDT_SIZE)) {
    sink.at(['machine', 'fdt_size'], `machine.fdt_size: ${fdtSize === 0 ? '0 bytes is empty' : `${sizeAgainstLimit(fdtSize, MAX_FDT_SIZE, sizeText)} is over MAX_FDT_SIZE (${sizeText(MAX_FDT_SIZE)})`}; fixmap_remap_fdt() refuses it and setup_machine_fdt() hangs after "invalid device tree blob"`);
  }
  if (fdt === undefined) return;
  // a default the model picked from a first bank too small for the Image: that bank's own problem says it all (helper-181, 7)
  if (fdtRaw === undefined && first.size < 32 * MiB) return;
  const at = fdtRaw === undefined ? where(0, 'base') : ['machine', 'fdt_phys'];
  // the DTB's address the model picked itself is said to be the default, and how to choose another (helper-181, 7)
  const name = fdtRaw === undefined ? `machine.fdt_phys (not set: the default, the first bank's base + min(128 MiB, half the bank rounded down to 2 MiB), is ${hex(fdt)}; write machine.fdt_phys to place the DTB elsewhere)` : 'machine.fdt_phys';
  // the RAM the DTB must lie in, where a derived file writes it (helper-181, 6)
  const ramKeys: readonly (readonly string[])[] = [['machine', 'banks'], ['machine', 'memory'], ['machine', 'phys_offset']];
  if (fdt >= physLimit) {
    sink.at(at, `${name}: ${hex(fdt)} is beyond 2^48 (PHYS_MASK_SHIFT), outside every RAM bank; the DTB is in RAM, below ${hex(physLimit)}`, undefined, ramKeys);
    return;
  }
  if (fdt === 0 || fdt % 8 !== 0) {
    sink.at(at, `${name}: ${hex(fdt)} is ${fdt === 0 ? 'zero' : 'not 8-byte aligned (MIN_FDT_ALIGN)'}; fixmap_remap_fdt() returns NULL and setup_machine_fdt() hangs after "invalid device tree blob"`, undefined, ramKeys);
    return;
  }
  // touching banks are one memblock region (memblock_merge_regions()), so a DTB across their seam is in RAM (helper-178 F7)
  const ram = emptyMemblock();
  addMemory(ram, banks, Infinity);
  if (!ram.memory.some((r) => fdt >= r.start && fdt + fdtSize <= r.end)) {
    sink.at(at, `${name}: the DTB at ${hex(fdt)}…${hex(fdt + fdtSize)} is not inside a RAM bank`, undefined, ramKeys);
  }
  // booting.txt asks only for image_size bytes from _text to be free; the DTB may share a 2 MiB block with
  // the Image (it is mapped cacheable through FIX_FDT, "not within any 2M region which must be mapped with
  // any specific attributes", booting.txt:48-51), so a DTB from _end on is a valid placement
  const kernelStart = first.base + TEXT_OFFSET;
  // what moves the Image's extent: its sections and the first bank's base; the default DTB address also follows a
  // first bank under 256 MiB (helper-182, 6: not memory:, which leaves both alone above that)
  const imageKeys: readonly (readonly string[])[] = [['config', 'image'], ['machine', 'banks'], ['machine', 'phys_offset'], ...(fdtRaw === undefined && first.size < 256 * MiB ? [['machine', 'memory']] : [])];
  if (imageSpan !== null && fdt + fdtSize > kernelStart && fdt < kernelStart + imageSpan) {
    sink.at(at, `${name}: the DTB at ${hex(fdt)}…${hex(fdt + fdtSize)} overlaps the Image's image_size bytes, _text ${hex(kernelStart)} … _end ${hex(kernelStart + imageSpan)} (Documentation/arm64/booting.txt: "At least image_size bytes from the start of the image must be free for use by the kernel"); place it wholly below ${hex(kernelStart)}, or at ${hex(kernelStart + imageSpan)} or above`, undefined, imageKeys);
  }
}
