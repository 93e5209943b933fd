/**
 * x86_32 semantic checks: values the schema accepts but that cannot describe
 * a machine or a kernel (cmdline, impossible sizes and addresses). Each check
 * runs on its own part of the raw data, so a file with schema problems still
 * gets these reported where they can be.
 */
import type { ProblemSink, RawArchInput } from '../types.js';
import type { Path } from '../../scenario/path-text.js';
import { e820EditsLost, layoutRangeProblem } from './cmdline-layout.js';
import { e820EditsLostText, e820ParamsFor } from './e820-params.js';
import { effectsOf } from './catalog.js';
import { isCallName } from './catalog-names.js';
import { resolveX86 } from './resolve.js';
import { ConfigSchema, MachineSchema } from './schema.js';
import { sizeOrUndefined as sizeOf } from '../../scenario/size-schema.js';
import { COMMAND_LINE_SIZE, parseCmdline } from './cmdline.js';
import { cmdlineNulProblem, cmdlineSizeProblem } from '../cmdline-size.js';
import { DEFAULT_CONFIG, DEFAULT_MACHINE } from './defaults.js';
import { DEFAULT_SIZE_FACTS, RAMDISK_MAX } from './machine-facts.js';
import { GiB, MiB, PAGE_SIZE } from './geometry.js';
import { argSeparators, cite, EARLY_IOREMAP_PHYS_ADDR_T, EARLYCON_MMIO32, has, NR_CPUS_4096, NR_CPUS_512 } from './history.js';
import { NEWEST_KERNEL, parseKernelVersion, x86Kernel, type KernelVersion } from './kernel-version.js';
import { checkPagetables } from './pagetables/checks.js';
import { DEFAULT_END_OFFSET } from './pagetables/image.js';

const KiB = 2 ** 10;
const TiB = 2 ** 40;
/** CONFIG_PAGE_OFFSET range: from the 1G/3G split (VMSPLIT_1G) to the default 3G/1G. */
export const MIN_PAGE_OFFSET = 0x40000000;
const MAX_PAGE_OFFSET = 0xc0000000;
/** Highest accepted start of a hypervisor hole: the hole is at least 1 MiB. */
const MAX_HOLE_START = 0xfff00000;
/** highmem_pages' "not given" (-1 in an unsigned int): highmem= must give fewer pages than this */
const HIGHMEM_PAGES_UNSET = 0xffffffff;

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function human(n: number): string {
  for (const [unit, size] of [['TiB', TiB], ['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return n === 1 ? '1 byte' : `${n} bytes`;
}

export function checkX86(input: RawArchInput, sink: ProblemSink): void {
  const { machine, config } = input;
  checkPagetables(input, sink);

  const memory = sizeOf(machine['memory']);
  if (memory !== undefined && (memory < MiB || memory > TiB)) {
    const what = memory === 0 ? '0 bytes of RAM is impossible' : `${human(memory)} (${hex(memory)}) is ${memory < MiB ? 'too little' : 'too much'}`;
    sink.at(['machine', 'memory'], `machine.memory: ${what}; the model takes 1 MiB to 1 TiB`);
  }

  checkInitrdSize(input, memory ?? DEFAULT_MACHINE.memory, sink);
  checkInitrdPlace(machine, sink);

  const nrCpus = config['nr_cpus'];
  // beyond 1 – 4096 the schema reports it
  if (typeof nrCpus === 'number' && Number.isInteger(nrCpus) && nrCpus >= 1 && nrCpus <= 4096 && input.kernel !== undefined) checkNrCpus(sink, nrCpus, input.kernel.text);

  const pageOffset = sizeOf(config['page_offset']);
  const pageOffsetOk = pageOffset === undefined || checkPageOffset(sink, pageOffset);
  const floor = pageOffset ?? DEFAULT_CONFIG.page_offset;
  const cmdline = machine['cmdline'];
  const counted = counting(sink);
  if (typeof cmdline === 'string') checkCmdline(counted, cmdline, pageOffsetOk ? floor : DEFAULT_CONFIG.page_offset, x86Kernel(input.kernel));
  // a PAE kernel from 2.6.30-rc2 sums early_ioremap()'s range in 64 bits: a table past 4 GiB does not wrap there (break-218 F3)
  // (no kernel: given is the newest modeled, as the replay takes it)
  const kernel = input.kernel === undefined ? parseKernelVersion(NEWEST_KERNEL) : undefined;
  const version = kernel?.ok === true ? kernel.version : x86Kernel(input.kernel);
  const wraps = !(config['pae'] === true && version !== null && has(version, EARLY_IOREMAP_PHYS_ADDR_T));
  checkDmiTable(sink, sizeOf(machine['dmi_table_base']), sizeOf(machine['dmi_table_length']), wraps);
  checkU32Facts(sink, machine);
  for (const key of ['vmi_virtual_top', 'xen_virt_start'] as const) {
    const value = sizeOf(machine[key]);
    if (value === undefined) continue;
    const path = ['machine', key];
    if (value % PAGE_SIZE !== 0) {
      sink.at(path, `machine.${key}: ${hex(value)} is not page-aligned (a multiple of 0x1000)`);
    } else if (value > MAX_HOLE_START) {
      sink.at(path, `machine.${key}: ${hex(value)} leaves no room for the fixmap below 4 GiB; at most ${hex(MAX_HOLE_START)}`);
    } else if (pageOffsetOk && value <= floor) {
      // Compared with a page_offset that is itself wrong, this would only add noise.
      sink.at(path, `machine.${key}: ${hex(value)} is not above PAGE_OFFSET (${hex(floor)}); the hypervisor hole lies in kernel space`);
    } else continue;
    counted.problems++;
  }
  // the layout the reserves and sizes give together, once each value is in range on its own
  if (counted.problems === 0 && pageOffsetOk && (memory === undefined || (memory >= MiB && memory <= TiB))) checkLayoutRange(sink, input);
}

/** A sink that counts what it passes on. */
function counting(sink: ProblemSink): ProblemSink & { problems: number } {
  const counted = {
    problems: 0,
    at(path: Path, message: string, offset?: number): void {
      counted.problems++;
      sink.at(path, message, offset);
    },
  };
  return counted;
}

/**
 * reservetop=, vmalloc= and a hypervisor's reserve together (cmdline-layout.ts): refused where the kernel's
 * MAXMEM / __VMALLOC_RESERVE / VMALLOC_START arithmetic wraps or the direct map runs into the vmalloc area.
 * Needs the config and machine with their defaults, so only a schema-valid config and machine are judged.
 */
function checkLayoutRange(sink: ProblemSink, input: RawArchInput): void {
  const kernel = x86Kernel(input.kernel);
  const config = ConfigSchema.safeParse(input.config);
  const machine = MachineSchema.safeParse(input.machine);
  if (kernel === null || !config.success || !machine.success) return;
  const resolved = resolveX86(config.data, machine.data, kernel);
  const lost = input.order !== undefined && e820EditsLost(input.order, (c) => (isCallName(c) ? effectsOf(c, kernel) : []));
  const problem = layoutRangeProblem(kernel, resolved.config, resolved.machine, lost);
  if (problem === null) return;
  // the same command line in an order that keeps its mem=/memmap= limits would have been in range: say why not
  const why = lost && layoutRangeProblem(kernel, resolved.config, resolved.machine) === null
    ? `; ${e820EditsLostText(kernel)}`
    : '';
  sink.at(['machine', problem.key], `${problem.message}${why}`, problem.offset);
}

/**
 * The command line: no longer than the kernel takes, every modeled parameter
 * well-formed, and reservations that fit in the kernel's part of the address
 * space (above PAGE_OFFSET): reserve_top_address() puts __FIXADDR_TOP at
 * -reserve - PAGE_SIZE, and vmalloc= sizes an area between lowmem and the
 * fixmap. Anything as large as that part is not a layout the kernel can have
 * (and reservetop=4G is 0 in its unsigned long).
 */
function checkCmdline(sink: ProblemSink, cmdline: string, pageOffset: number, kernel: KernelVersion | null): void {
  const path = ['machine', 'cmdline'];
  const tooLong = cmdlineSizeProblem(cmdline, COMMAND_LINE_SIZE);
  if (tooLong !== undefined) {
    sink.at(path, tooLong);
    return;
  }
  const nul = cmdlineNulProblem(cmdline);
  if (nul !== undefined) {
    sink.at(path, nul.message, nul.offset);
    return;
  }
  const { params, problems } = parseCmdline(cmdline, argSeparators(kernel), e820ParamsFor(kernel));
  for (const p of problems) sink.at(path, `machine.cmdline: ${p.message}`, p.offset);
  for (const p of params) {
    // drivers/serial/8250_early.c:148 (2.6.27): port->mapbase = simple_strtoul(), an unsigned long
    // an mmio32 console before 2.6.36-rc1 is no console at all (cmdline-not-modeled says so): its address is never parsed
    const parsedAddress = p.name === 'earlycon' && (p.iotype === 'mmio' || (p.iotype === 'mmio32' && kernel !== null && has(kernel, EARLYCON_MMIO32)));
    if (p.name === 'earlycon' && parsedAddress && p.address >= 2 ** 32) {
      sink.at(path, `machine.cmdline: ${p.text}: ${hex(p.address)} does not fit the 32-bit unsigned long simple_strtoul() parses it into (early_serial8250_setup would map ${hex(p.address % 2 ** 32)}); at most 0xffffffff`, p.offset);
    }
    if (p.name === 'highmem' && Math.floor(p.bytes / PAGE_SIZE) >= HIGHMEM_PAGES_UNSET) {
      // parse_highmem(): `static unsigned int highmem_pages = -1;` … `highmem_pages = memparse(arg, &arg) >> PAGE_SHIFT;`
      // (arch/x86/kernel/setup_32.c:182,301 at 2.6.26 DerArtem/android-tegra-2.6.36-hc-dev@bce7f793dae;
      // arch/x86/mm/init_32.c:614,626 at 2.6.28 @4a6908a3a05, :597,609 at 2.6.36 @f6f94e2ab1b)
      const pages = Math.floor(p.bytes / PAGE_SIZE);
      const kept = pages % 2 ** 32;
      const what = kept === HIGHMEM_PAGES_UNSET ? 'is -1 in the kernel\'s unsigned int highmem_pages, its "no highmem= given"'
        : `wraps in the kernel's unsigned int highmem_pages to ${kept}${kept === 0 ? ' ("no highmem")' : ''}`;
      sink.at(path, `machine.cmdline: ${p.text}: memparse() >> PAGE_SHIFT = ${pages} pages (${hex(pages)}) ${what}; highmem= is less than ${hex(HIGHMEM_PAGES_UNSET * PAGE_SIZE)} (16 TiB − 4 KiB)`, p.offset);
    }
    if (p.name !== 'reservetop' && p.name !== 'vmalloc') continue;
    const problem = kernelSpaceProblem(`${p.name}=`, p.bytes, pageOffset);
    if (problem !== null) sink.at(path, `machine.cmdline: ${p.text}: ${problem}`, p.offset);
  }
}

/**
 * Whether a reservation fits in the kernel's part of the address space (above PAGE_OFFSET), or the
 * problem in words (without the key it is given at), naming the bound as `what` (e.g. "reservetop=",
 * "vmalloc=", "relocate:"). The same bound holds wherever the size comes from: reservetop= and a define:d
 * call's `relocate: SIZE` are both reserve_top_address(SIZE) (define-check.ts).
 * - anything as large as 4 GiB − PAGE_OFFSET is no layout the kernel can have (vmalloc= sizes an area
 *   between lowmem and the fixmap; reservetop=4G is 0 in its unsigned long);
 * - a reserve (not vmalloc=) past 4 GiB − PAGE_OFFSET − PAGE_SIZE: reserve_top_address() sets
 *   __FIXADDR_TOP = -reserve - PAGE_SIZE (arch/x86/mm/pgtable_32.c reserve_top_address() :112 of 2.6.27
 *   caglar10ur/linux-2.6.27.y@3fa8749e584b and of 2.6.28 @4a6908a3a05; arch/x86/mm/pgtable.c:353 of 2.6.34,
 *   DerArtem/android-tegra-2.6.36-hc-dev@e40152ee1e1), so the top itself falls below PAGE_OFFSET, into user
 *   space (as a VMI virtual_top must lie above PAGE_OFFSET, so must the top a reserve leaves).
 * The wrap of MAXMEM or __VMALLOC_RESERVE with the other reserves is cmdline-layout.ts's.
 */
export function kernelSpaceProblem(what: 'reservetop=' | 'vmalloc=' | 'relocate:', bytes: number, pageOffset: number): string | null {
  const kernelHalf = 2 ** 32 - pageOffset;
  if (bytes >= kernelHalf) {
    return `${human(bytes)} does not fit in the kernel's part of the address space (4 GiB − PAGE_OFFSET ${hex(pageOffset)} = ${human(kernelHalf)}); ${what} must be less`;
  }
  if (what !== 'vmalloc=' && bytes > kernelHalf - PAGE_SIZE) {
    return `__FIXADDR_TOP = -reserve - PAGE_SIZE = ${hex(2 ** 32 - bytes - PAGE_SIZE)} lies below PAGE_OFFSET ${hex(pageOffset)}, in user space; ${what} is at most ${hex(kernelHalf - PAGE_SIZE)} (4 GiB − PAGE_OFFSET − PAGE_SIZE)`;
  }
  return null;
}

/**
 * The SMBIOS structure table as the entry point gives it: dmi_present() reads
 * a u16 length and a u32 base (drivers/firmware/dmi_scan.c:93-94,343-344 of
 * 2.6.27, caglar10ur/linux-2.6.27.y@3fa8749e584b), and dmi_scan_machine() maps
 * it with early_ioremap(), which refuses a zero size or a range that wraps past
 * 4 GiB ("Don't allow wraparound or zero size": WARN_ON, NULL;
 * arch/x86/mm/ioremap.c:582-586). Such a table maps nothing; the model
 * replays a mapping, so it takes only tables the kernel maps.
 */
/** Where the wrap is 32-bit: said with each refusal, so that a PAE user knows a newer kernel maps it. */
const WRAP_NOTE = `; its sum is 32-bit without PAE or before ${EARLY_IOREMAP_PHYS_ADDR_T.mainline} (${EARLY_IOREMAP_PHYS_ADDR_T.commit})`;

/** "1 byte", "256 bytes": a count of bytes as the DMI messages write it. */
function bytesText(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

function checkDmiTable(sink: ProblemSink, base: number | undefined, length: number | undefined, wraps: boolean): void {
  const U32 = 2 ** 32;
  if (base !== undefined && base >= U32) {
    sink.at(['machine', 'dmi_table_base'], `machine.dmi_table_base: ${hex(base)} does not fit the entry point's 32-bit table address; at most 0xffffffff`);
    return;
  }
  if (length === undefined) {
    // the default length is replayed too (break-216 F1: a base near 4 GiB passed unchecked when the length was left out)
    const fallback = DEFAULT_SIZE_FACTS.dmi_table_length;
    if (wraps && base !== undefined && base + fallback > U32) {
      sink.at(['machine', 'dmi_table_base'], `machine.dmi_table_base: the table ${hex(base)} + the default dmi_table_length ${fallback} bytes runs past 4 GiB, and early_ioremap() refuses a range that wraps (WARN_ON, NULL)${WRAP_NOTE}; at most ${hex(U32 - fallback)} as the base of a ${fallback}-byte table, or give machine.dmi_table_length (at most ${bytesText(U32 - base)} at this base)`);
    }
    return;
  }
  if (length === 0) {
    sink.at(['machine', 'dmi_table_length'], 'machine.dmi_table_length: 0 maps nothing: early_ioremap(base, 0) WARNs and returns NULL, so dmi_scan_machine() finds no table; give the length the entry point says, 1 – 65535 bytes (or leave it out for 3699)');
  } else if (length > 0xffff) {
    sink.at(['machine', 'dmi_table_length'], `machine.dmi_table_length: ${human(length)} does not fit the entry point's 16-bit length; at most 65535 bytes`);
  } else if (wraps && base !== undefined && base + length > U32) {
    sink.at(['machine', 'dmi_table_length'], `machine.dmi_table_length: the table ${hex(base)} + ${length} bytes runs past 4 GiB, and early_ioremap() refuses a range that wraps (WARN_ON, NULL)${WRAP_NOTE}; at most ${bytesText(U32 - base)} at this base`);
  }
}

/**
 * Machine facts the boot protocol hands over in 32-bit fields, so that no
 * firmware or boot loader can give more (arch/x86/include/asm/bootparam.h of
 * 2.6.28, DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05: struct setup_data
 * :17-22, struct efi_info :72-81; of 2.6.36 @f6f94e2ab1b: struct
 * olpc_ofw_header :74-79; include/asm-x86/bootparam.h of 2.6.26 @bce7f793dae
 * has the same setup_data and efi_info):
 * - olpc_ofw_cif: `__u32 cif_handler`, the OpenFirmware callback's 32-bit
 *   virtual address; olpc_ofw_detect() (arch/x86/kernel/olpc_ofw.c:80-102 of
 *   2.6.36) takes any value, disabling OFW below OFW_MIN and reserving
 *   -round_down(cif, 1 MiB) from it on;
 * - setup_data_length: `__u32 len` of struct setup_data (parse_e820_ext()
 *   adds the 16-byte header in a u32, e820.c:675 of 2.6.36);
 * - efi_memmap_size: `__u32 efi_memmap_size` of struct efi_info (efi_init()
 *   maps nr_map * desc_size of it, arch/x86/kernel/efi.c:289-293,444-445 of 2.6.36).
 */
const U32_FACTS = [
  ['olpc_ofw_cif', "boot_params.olpc_ofw_header.cif_handler, a 32-bit address (__u32)"],
  ['setup_data_length', "struct setup_data's len (__u32)"],
  ['efi_memmap_size', "boot_params.efi_info.efi_memmap_size (__u32)"],
] as const;

function checkU32Facts(sink: ProblemSink, machine: Record<string, unknown>): void {
  for (const [key, field] of U32_FACTS) {
    const value = sizeOf(machine[key]);
    if (value === undefined || value <= 0xffffffff) continue;
    const what = key === 'olpc_ofw_cif' ? hex(value) : `${human(value)} (${hex(value)})`;
    sink.at(['machine', key], `machine.${key}: ${what} does not fit ${field}; at most 0xffffffff${key === 'olpc_ofw_cif' ? '' : ' bytes'}`);
  }
}

/** CONFIG_PAGE_OFFSET: the VMSPLIT choices are all PGD-aligned, between the 1G/3G and 3G/1G splits. */
function checkPageOffset(sink: ProblemSink, value: number): boolean {
  const path = ['config', 'page_offset'];
  if (value % (4 * MiB) !== 0) {
    sink.at(path, `config.page_offset: ${hex(value)} is not a multiple of 4 MiB (one page-directory entry); e.g. 0xc0000000, 0xb0000000, 0x80000000`);
    return false;
  }
  if (value < MIN_PAGE_OFFSET || value > MAX_PAGE_OFFSET) {
    sink.at(path, `config.page_offset: ${hex(value)} is outside ${hex(MIN_PAGE_OFFSET)}…${hex(MAX_PAGE_OFFSET)} (the 1G/3G to 3G/1G splits)`);
    return false;
  }
  return true;
}

/**
 * CONFIG_NR_CPUS as arch/x86/Kconfig of the kernel allows it: 1 is a !SMP
 * kernel (include/linux/threads.h: NR_CPUS 1 without CONFIG_SMP), an SMP
 * kernel takes "range 2 255" in 2.6.26 (caglar10ur/linux-2.6.27.y@bce7f793daec:arch/x86/Kconfig:565-567),
 * 2 – 4096 in 2.6.27-rc1 – rc4 (1184dc2ffe2) and 2 – 512 from 2.6.27-rc5 (d25e26b61d5) on.
 * From 2.6.30 (2a3313f494c) more than 8 needs CONFIG_X86_BIGSMP, which the model does not
 * have as a knob: it accepts up to 512 there, as with X86_BIGSMP=y.
 */
function checkNrCpus(sink: ProblemSink, value: number, kernelText: string): void {
  const k = parseKernelVersion(kernelText);
  if (!k.ok || value === 1) return;
  const [max, why] = has(k.version, NR_CPUS_512)
    ? [512, `range 2 512 since ${cite(NR_CPUS_512)}`]
    : has(k.version, NR_CPUS_4096)
      ? [4096, `range 2 4096 since ${cite(NR_CPUS_4096)}`]
      : [255, 'range 2 255 in arch/x86/Kconfig of 2.6.26'];
  if (value < 2 || value > max) {
    sink.at(['config', 'nr_cpus'], `config.nr_cpus: ${value} is outside what ${kernelText} allows: 1 (CONFIG_SMP=n) or 2 – ${max} (CONFIG_NR_CPUS ${why})`);
  }
}

/**
 * The initrd the boot loader can load: boot_params.hdr.ramdisk_size is a 32-bit field, and the loader puts
 * the image in RAM below ramdisk_max = 0x7fffffff (arch/x86/boot/header.S:172,199 in
 * caglar10ur/linux-2.6.27.y@16fa49cbc7), so it is at most min(RAM, 2 GiB) (helper-183 2: 8000 TiB was replayed
 * as 33554432000 chunks). reserve_initrd()'s own "initrd too large to handle, disabling initrd" (ramdisk_size >=
 * end_of_lowmem / 2, arch/x86/kernel/setup.c:329-333 there) depends on the lowmem limit the replay sets, so
 * the replay models it (replay/ioremap-users.ts initrdCopy), not the loader.
 */
function checkInitrdSize(input: RawArchInput, memory: number, sink: ProblemSink): void {
  const { machine, config } = input;
  const size = sizeOf(machine['initrd_size']);
  if (size === undefined || machine['initrd'] === 'none') return;
  // the loader puts the initrd above the kernel image, which starts in low memory: at most what lies between
  // the image's end and min(RAM, 2 GiB) (helper-186 10: initrd_size = memory put it at physical 0)
  const pageOffset = sizeOf(config['page_offset']) ?? 0xc0000000;
  const map = config['system_map'];
  const end = (typeof map === 'object' && map !== null && !Array.isArray(map) ? sizeOf((map as Record<string, unknown>)['_end']) : undefined) ?? pageOffset + DEFAULT_END_OFFSET;
  const imageEnd = Math.min(Math.max(end - pageOffset, 0), memory);
  const top = Math.min(memory, RAMDISK_MAX + 1);
  const most = Math.max(top - Math.ceil(imageEnd / PAGE_SIZE) * PAGE_SIZE, 0);
  if (size > most) {
    sink.at(['machine', 'initrd_size'], `machine.initrd_size: ${human(size)} is more than the boot loader can load: it puts the initrd in RAM above the kernel image (which ends at physical ${hex(imageEnd)}) and below ${top === memory ? 'the end of RAM (machine.memory)' : 'ramdisk_max 0x7fffffff (arch/x86/boot/header.S)'}, at most ${human(most)} here`);
  }
}

/**
 * A Xen PV guest has no boot loader: the domain builder loads the initrd into the guest's initial mapping,
 * after the kernel, and xen_start_kernel() hands it on as boot_params.hdr.ramdisk_image = mod_start -
 * __PAGE_OFFSET (arch/x86/xen/enlighten.c:1231-1233 at caglar10ur/linux-2.6.27.y@bce7f793da, 2.6.26;
 * :1733-1735 at 6e86841d05, 2.6.27-rc1): always in lowmem, never copied through early_ioremap (helper-186 4).
 */
function checkInitrdPlace(machine: Readonly<Record<string, unknown>>, sink: ProblemSink): void {
  if (machine['initrd'] !== 'above-lowmem' || machine['hypervisor'] !== 'xen') return;
  sink.at(['machine', 'initrd'], 'machine.initrd: above-lowmem cannot happen on Xen: the domain builder loads the initrd into the guest\'s initial mapping after the kernel (xen_start_kernel(): ramdisk_image = xen_start_info->mod_start - __PAGE_OFFSET, arch/x86/xen/enlighten.c), which is lowmem; write initrd: lowmem');
}
