/**
 * riscv semantic checks: values the schema accepts but no modeled kernel,
 * Kconfig or machine does (sv48 before v5.17, MAXPHYSMEM_2GB with medany on
 * 5.12+, BUILTIN_DTB where Kconfig cannot select it with an MMU, a kernel
 * that is not in RAM, …). Each check runs on its own part of the raw data, so
 * a file with schema problems still gets these reported where they can be.
 * Kconfig citations: arch/riscv/Kconfig of R510 (:104-106, 248-259, 417-420),
 * R512 (:257-272, 467-469; Kconfig.socs:25-27, 46) and R514 (:264-279,
 * 551-554; Kconfig.socs:34-36, 55).
 */
import type { ProblemSink, RawArchInput } from '../types.js';
import { sizeOrUndefined as sizeOf } from '../../scenario/size-schema.js';
import { isRecord } from '../../scenario/is-record.js';
import { GiB, KiB, MiB, PAGE_SIZE } from './geometry.js';
import { imageLayout } from './image.js';
import type { KernelVersion } from './kernel-version.js';
import { DEFAULT_LOAD_OFFSET, DEFAULT_MEMORY, DEFAULT_RAM_BASE } from './defaults.js';
import { profileOf } from './profile.js';
import { banksOf, resolveConfig, resolveMachine } from './resolve.js';
import { configSchema, machineSchema } from './schema.js';
import { hex } from '../../units.js';
import { MAX_SIZE } from '../../scenario/size.js';
import type { Interval } from './types.js';

/**
 * sv39 PTEs hold a 44-bit PPN (bits 53:10; the kernel shifts the pfn by _PAGE_PFN_SHIFT 10,
 * Kingdo777/linux-5.14.2-faascale-host@21101b62 arch/riscv/include/asm/pgtable-bits.h:36, pgtable-64.h:74):
 * physical addresses below 2^56.
 */
const PA_LIMIT = 2 ** 56;
/**
 * The end (exclusive) of the physical addresses the model takes: below 2^56, and exact as JavaScript numbers,
 * whose integers are exact up to 2^53 (geometry.ts; the schema's MAX_SIZE, 2^53 − 1, is the last byte).
 */
const PA_END = Math.min(PA_LIMIT, MAX_SIZE + 1);

/** Why PA_END: the model's exactness, inside sv39's reach. */
const PA_END_WHY = 'past the addresses bootreplay computes exactly (2^53; sv39 itself reaches 2^56)';

/** base + size as the exact end, for messages (past 2^53 a double would round it). */
function endText(base: number, size: number): string {
  return hex(BigInt(base) + BigInt(size));
}
/** sizeof(struct fdt_header) */
const FDT_HEADER_SIZE = 40;
/**
 * fdt_totalsize() is the 32-bit totalsize field of struct fdt_header, a field of the
 * devicetree blob format itself (scripts/dtc/libfdt/fdt.h: `uint32_t totalsize` in
 * dandel/linux-2.6.32.y@f472f49700ab:scripts/dtc/libfdt/fdt.h:8, `fdt32_t` in later trees)
 */
const FDT_MAX_TOTALSIZE = 0xffffffff;

function human(n: number): string {
  for (const [unit, size] of [['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} byte${n === 1 ? '' : 's'}`;
}

function asKernel(k: RawArchInput['kernel']): KernelVersion | undefined {
  // the riscv plug-in's parse produced it, so it carries minor and rc
  return k !== undefined && 'minor' in k ? (k as KernelVersion) : undefined;
}

function checkConfig(config: Readonly<Record<string, unknown>>, kernel: KernelVersion | undefined, sink: ProblemSink): void {
  if (config['paging'] === 'sv48') {
    sink.at(['config', 'paging'], 'config.paging: sv48 arrived in v5.17 (e8a62cc26ddf "riscv: Implement sv48 support"); in 5.10–5.14 CONFIG_VA_BITS is 39 for 64BIT, so only sv39 exists');
  }
  const cmodel = config['cmodel'] === 'medlow' ? 'medlow' : 'medany';
  const maxphys = config['maxphysmem'];
  if (maxphys === '128GB' && cmodel === 'medlow') {
    sink.at(['config', 'maxphysmem'], 'config.maxphysmem: MAXPHYSMEM_128GB depends on 64BIT && CMODEL_MEDANY; with cmodel: medlow Kconfig offers only 2GB');
  }
  if (maxphys === '2GB' && cmodel === 'medany' && kernel !== undefined && kernel.minor >= 12) {
    sink.at(['config', 'maxphysmem'], `config.maxphysmem: from 5.12 MAXPHYSMEM_2GB depends on 64BIT && CMODEL_MEDLOW (5.10 still allowed it with medany); set cmodel: medlow for a 2 GB kernel on ${kernel.text}`);
  }
  if (config['builtin_dtb'] === true && kernel !== undefined) {
    const path = ['config', 'builtin_dtb'];
    if (kernel.minor === 10) {
      sink.at(path, 'config.builtin_dtb: in 5.10 BUILTIN_DTB depends on RISCV_M_MODE: only kernels without an MMU have it, and setup_vm() has no built-in DTB case');
    } else if (kernel.minor < 14) {
      sink.at(path, `config.builtin_dtb: in ${kernel.text} only SOC_CANAAN_K210_DTB_BUILTIN selects BUILTIN_DTB, and SOC_CANAAN depends on !MMU; Kconfig cannot build an MMU kernel with it (5.14 can, through XIP_KERNEL)`);
    } else if (config['strict_kernel_rwx'] !== false) {
      sink.at(path, 'config.builtin_dtb: with an MMU, 5.14 gets BUILTIN_DTB only from XIP_KERNEL (default y if XIP_KERNEL), which turns STRICT_KERNEL_RWX off (ARCH_HAS_STRICT_KERNEL_RWX if MMU && !XIP_KERNEL); add strict_kernel_rwx: false (the model does not map the XIP flash part)');
    }
  }
}

function overlapping<T extends Interval>(banks: readonly T[]): [T, T] | undefined {
  for (let i = 1; i < banks.length; i++) {
    const a = banks[i - 1];
    const b = banks[i];
    if (a !== undefined && b !== undefined && b.start < a.end) return [a, b];
  }
  return undefined;
}

function checkBanks(machine: Readonly<Record<string, unknown>>, sink: ProblemSink): boolean {
  let ok = true;
  if (machine['memory_banks'] !== undefined && (machine['memory'] !== undefined || machine['ram_base'] !== undefined)) {
    const key = machine['memory'] !== undefined ? 'memory' : 'ram_base';
    sink.at(['machine', key], `machine.${key}: give RAM either as memory (and ram_base) or as memory_banks, not both`);
    ok = false;
  }
  /** at: where an end past PA_END or a base off a page is reported instead of path (machine.ram_base when written: the address is what is wrong) */
  const check = (path: (string | number)[], base: number | undefined, size: number | undefined, at?: (string | number)[]): void => {
    const label = path.join('.').replace(/\.(\d+)/g, '[$1]');
    const baseOffPage = base !== undefined && base % PAGE_SIZE !== 0;
    if (at !== undefined && baseOffPage) {
      // the written ram_base is what is off a page (helper-183 3: it was reported at machine.memory), whatever the
      // size says (helper-184 9: it was hidden behind "too little" until that was fixed)
      sink.at(at, `machine.ram_base: ${hex(base)} is not a multiple of 4 KiB; RAM starts on a page`);
      ok = false;
    }
    if (size !== undefined && size < 2 * MiB) {
      sink.at(path, `${label}: ${human(size)} of RAM is too little; the model takes banks of at least 2 MiB`);
      ok = false;
    } else if ((at === undefined && baseOffPage) || (size !== undefined && size % PAGE_SIZE !== 0)) {
      sink.at(path, `${label}: banks are whole pages: base and size must be multiples of 4 KiB`);
      ok = false;
    } else if (!baseOffPage && base !== undefined && size !== undefined && size > PA_END - base) {
      sink.at(at ?? path, `${at === undefined ? label : 'machine.ram_base'}: RAM ${hex(base)}…${endText(base, size)} ends ${PA_END_WHY}; RAM ends at or below ${hex(PA_END)}`);
      ok = false;
    }
  };
  const banks = machine['memory_banks'];
  if (Array.isArray(banks)) {
    const read: { start: number; end: number; i: number }[] = [];
    banks.forEach((b: unknown, i) => {
      if (!isRecord(b)) return;
      const base = sizeOf(b['base']);
      const size = sizeOf(b['size']);
      check(['machine', 'memory_banks', i], base, size);
      if (base !== undefined && size !== undefined) read.push({ start: base, end: base + size, i });
    });
    // with the other banks' problems, not after they are fixed (helper-181, 8): at the later bank of the first pair
    read.sort((a, b) => a.start - b.start || a.i - b.i);
    const pair = overlapping(read);
    if (pair !== undefined) {
      const later = pair[0].i > pair[1].i ? pair[0] : pair[1];
      sink.at(['machine', 'memory_banks', later.i], `machine.memory_banks[${later.i}]: the banks at ${hex(pair[0].start)} and ${hex(pair[1].start)} overlap`);
      ok = false;
    }
  } else {
    // the defaults (resolve.ts) where a key is left out, so the end is the one the model will use (an invalid value the schema reports)
    const base = machine['ram_base'] === undefined ? DEFAULT_RAM_BASE : sizeOf(machine['ram_base']);
    const size = machine['memory'] === undefined ? DEFAULT_MEMORY : sizeOf(machine['memory']);
    check(['machine', 'memory'], base, size, machine['ram_base'] === undefined ? undefined : ['machine', 'ram_base']);
  }
  return ok;
}

function checkPlacement(input: RawArchInput, kernel: KernelVersion | undefined, sink: ProblemSink): void {
  const parsedMachine = machineSchema().safeParse(input.machine);
  const parsedConfig = configSchema().safeParse(input.config);
  if (!parsedMachine.success) return;
  const banks = banksOf(parsedMachine.data);
  const m = resolveMachine(parsedMachine.data);
  const load = m.load_address;
  if (input.machine['load_address'] !== undefined && load % PAGE_SIZE !== 0) {
    sink.at(['machine', 'load_address'], `machine.load_address: ${hex(load)} is not page-aligned; _start is the first byte of a page in every image (2 MiB alignment is the kernel's own rule, which setup_vm checks)`);
    return;
  }
  const home = banks.find((b) => load >= b.start && load < b.end);
  if (home === undefined) {
    // the default the model picked is said to be one, and where the RAM that rules it out is written (helper-181, 6 and 7)
    const written = input.machine['load_address'] !== undefined;
    const name = written ? 'machine.load_address' : `machine.load_address (not set: the default, the first bank's base + ${DEFAULT_LOAD_OFFSET / MiB} MiB as OpenSBI's fw_jump loads it, is ${hex(load)}; write machine.load_address where the boot loader puts the kernel)`;
    sink.at(['machine', written ? 'load_address' : 'memory'], `${name}: the kernel at ${hex(load)} is not in RAM (${banks.map((b) => `${hex(b.start)}–${hex(b.end)}`).join(', ')}); the boot loader cannot have put it there`, undefined, [['machine', 'memory_banks'], ['machine', 'memory'], ['machine', 'ram_base']]);
    return;
  }
  if (kernel !== undefined && parsedConfig.success) {
    const size = imageLayout(profileOf(kernel, resolveConfig(parsedConfig.data)), m.kernel).size;
    if (load + size > home.end) {
      // loaded where no file says: the default load address is part of the story (helper-182, 7)
      const from = input.machine['load_address'] === undefined ? ` from the default load address ${hex(load)} (the first bank's base + ${DEFAULT_LOAD_OFFSET / MiB} MiB; write machine.load_address to place it)` : ` from ${hex(load)}`;
      sink.at(['machine', 'kernel'], `machine.kernel: the image (${human(size)} as ${kernel.text} lays it out)${from} runs past the end of its RAM bank at ${hex(home.end)}`, undefined, [['machine', 'memory_banks'], ['machine', 'memory']]);
    }
  }
  if (input.config['builtin_dtb'] === true && input.machine['dtb_address'] !== undefined) {
    sink.at(['machine', 'dtb_address'], 'machine.dtb_address: with config.builtin_dtb the DTB is linked into the image (__dtb_start, in .init.data); leave dtb_address out');
  }
  const dtb = sizeOf(input.machine['dtb_address']);
  if (dtb !== undefined && dtb % 8 !== 0) {
    sink.at(['machine', 'dtb_address'], `machine.dtb_address: ${hex(dtb)} is not 8-byte aligned, which a flattened device tree must be`);
  }
  const dtbSize = sizeOf(input.machine['dtb_size']);
  if (dtb !== undefined && (dtbSize ?? m.dtb_size) > PA_END - dtb) {
    sink.at(['machine', 'dtb_address'], `machine.dtb_address: the DTB at ${hex(dtb)}…${endText(dtb, dtbSize ?? m.dtb_size)} ends ${PA_END_WHY}; the DTB ends at or below ${hex(PA_END)}`);
  }
  if (dtbSize !== undefined && dtbSize < FDT_HEADER_SIZE) {
    sink.at(['machine', 'dtb_size'], `machine.dtb_size: ${dtbSize} bytes is smaller than the FDT header (${FDT_HEADER_SIZE} bytes)`);
  } else if (dtbSize !== undefined && dtbSize > FDT_MAX_TOTALSIZE) {
    sink.at(['machine', 'dtb_size'], `machine.dtb_size: ${human(dtbSize)} does not fit fdt_totalsize(), the header's 32-bit totalsize; at most ${hex(FDT_MAX_TOTALSIZE)} bytes`);
  }
  const text = isRecord(input.machine['kernel']) ? sizeOf(input.machine['kernel']['text']) : undefined;
  if (text !== undefined && text < PAGE_SIZE) {
    sink.at(['machine', 'kernel', 'text'], 'machine.kernel.text: the kernel has at least a page of text (head.S)');
  }
}

export function checkRiscv(input: RawArchInput, sink: ProblemSink): void {
  const kernel = asKernel(input.kernel);
  checkConfig(input.config, kernel, sink);
  if (checkBanks(input.machine, sink)) checkPlacement(input, kernel, sink);
}
