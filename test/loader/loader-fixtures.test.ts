/**
 * The bad-input fixtures, as a table: each file and exactly the problems it
 * must produce (line:col: message). Read it as the catalogue of what the
 * loader says to a user.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { availability } from '../../src/arch/x86_32/catalog.js';
import type { CallName } from '../../src/arch/x86_32/catalog-names.js';
import { MODELED_KERNELS_TEXT as MODELED, parseKernelVersion } from '../../src/arch/x86_32/kernel-version.js';
import { loadScenarioFile } from '../../src/scenario/files.js';
import type { InputProblem } from '../../src/scenario/problems.js';
import { SIZE_FORMS } from '../../src/scenario/size.js';

const DIR = relative(process.cwd(), fileURLToPath(new URL('./fixtures/', import.meta.url))).replaceAll('\\', '/');
const TOP_KEYS = 'name, description, kernel, arch, config, machine, setup_arch, extends, patch, matrix, define, expect, allow';
const MACHINE_KEYS = 'memory, hypervisor, vmi_virtual_top, xen_virt_start, cmdline, efi, setup_data, initrd, acpi_tables, ohci1394_dma_early, dmi_table_base, dmi_table_length, efi_memmap_size, setup_data_length, initrd_size, io_apics, ohci1394_controllers, mptable, ehci_debug_port, tboot, olpc_ofw_cif, cpu, xen_pt_base, xen_nr_pt_frames';
const X86_RULES = 'fixmap-before-relocation, stale-early-ioremap, early-ioremap-init-before-relocation, lowmem-before-relocation, missing-prerequisite, btmap-pmd-straddle, fixaddr-top-unaligned, layout-overlap, config-unsupported, cmdline-not-modeled, xen-writable-pagetable, kmap-pte-noncontiguous, fixmap-pagetables-replaced, fixmap-pte-lost, pagetable-alloc-panic, kernel-mapping-user, pse-not-used, nx-missing, phase-order, duplicate-call';
const X86_CONFIG_KEYS = 'pae, nr_cpus, page_offset, highmem, debug_highmem, local_apic, io_apic, acpi, acpi_numa, pci_mmconfig, paravirt, ohci1394_dma_init, intel_txt, compat_vdso, system_map, pagetable_init_policy';
const VMALLOC_16Q = 'vmalloc=16Q: text after the size: the kernel\'s memparse() reads 16 and ignores "Q", which bootreplay refuses as a likely typo; vmalloc= takes a number with an optional K, M or G suffix (e.g. vmalloc=16M)';

// Reasons written by kernel-version.ts and the catalog are theirs; the loader's part is the path, the place and the did-you-mean.
function kernelReason(text: string): string {
  const p = parseKernelVersion(text);
  if (p.ok) throw new Error(`${text} is modeled`);
  return p.reason;
}

function absence(call: CallName, kernel: string): string {
  const v = parseKernelVersion(kernel);
  const a = v.ok ? availability(call, v.version) : undefined;
  if (a === undefined || a.ok) throw new Error(`${call} exists in ${kernel}`);
  return a.reason;
}

async function problemsOf(name: string): Promise<string[]> {
  const file = `${DIR}/bad/${name}`;
  const r = await loadScenarioFile(file);
  if (r.ok) throw new Error(`${name} loaded without problems`);
  for (const p of r.problems) expect(p.file).toBe(file);
  return r.problems.map((p: InputProblem) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
}

const TABLE: readonly (readonly [file: string, problems: readonly string[]])[] = [
  // did-you-mean and the allowed list for every architecture's keys, values and calls (arm64/riscv like x86_32)
  ['arm64-typos.yaml', [
    '4:3: config.va_bit: unknown key (did you mean va_bits?); allowed in config: page_size, va_bits, kasan, randomize_base, debug_rodata, debug_align_rodata, dma_cma, cma_size_mbytes, image',
    '6:5: config.image.txt: unknown key (did you mean text?); allowed in config.image: text, rodata, init, data',
    '8:3: machine.memroy: unknown key (did you mean memory?); allowed in machine: memory, phys_offset, banks, fdt_phys, fdt_size, kaslr_seed, cmdline, efi, acpi',
    '10:7: machine.banks[0].base: missing',
    '10:8: machine.banks[0].bse: unknown key (did you mean base?); allowed in machine.banks[0]: base, size',
    '11:15: machine.kaslr_seed: "0x10000000000000000" is not an unsigned 64-bit integer, decimal or hex (0 … 0xffffffffffffffff)',
    '12:33: setup_arch[1] (step 2): unknown call early_fixmap_int (did you mean early_fixmap_init?); run `bootreplay steps --arch arm64` for the catalog',
  ]],
  // did-you-mean and the allowed list for every architecture's keys, values and calls (arm64/riscv like x86_32)
  ['riscv-typos.yaml', [
    '4:3: config.pagin: unknown key (did you mean paging?); allowed in config: paging, cmodel, maxphysmem, strict_kernel_rwx, kasan, builtin_dtb, set_fixmap_fence',
    '5:11: config.cmodel: unknown value "medlo" (did you mean medlow?); allowed: medany, medlow',
    '6:15: config.maxphysmem: unknown value "128G" (did you mean 128GB?); allowed: 2GB, 128GB',
    '8:3: machine.ram_bas: unknown key (did you mean ram_base?); allowed in machine: memory, ram_base, memory_banks, load_address, kernel, dtb_address, dtb_size, reserved_regions, efi',
    '10:5: machine.kernel.txt: unknown key (did you mean text?); allowed in machine.kernel: text, init_text, init_data, rodata, data',
    '11:25: setup_arch[1] (step 2): unknown call paging_int (did you mean paging_init?); run `bootreplay steps --arch riscv` for the catalog',
  ]],
  ['invalid-yaml.yaml', ['3:5: invalid YAML: the [ opened here is not closed with ] before line 4: a flow list in a block ends with ], and its lines after the first are indented deeper than the item it is in']],
  ['duplicate-key.yaml', ['5:3: machine.memory: duplicate key (first set on line 3); each key may appear once in a mapping']],
  ['multi-document.yaml', ['3:1: a second YAML document starts here; a file holds one scenario (2 documents found), so put each in its own file']],
  ['empty.yaml', ['1:1: empty scenario: expected a mapping with at least setup_arch']],
  ['comments-only.yaml', ['1:1: empty scenario: expected a mapping with at least setup_arch']],
  ['top-list.yaml', ['1:1: the top level must be a mapping of scenario keys (name, kernel, config, machine, setup_arch, …), got a list']],
  ['top-scalar.yaml', ['1:1: the top level must be a mapping of scenario keys (name, kernel, config, machine, setup_arch, …), got the scalar "early_cpu_init"']],
  ['alias-bomb.yaml', ['6:8: aliases expand to too many nodes, the pattern of a "billion laughs" attack; write the values out (limit 10000 nodes added by aliases, max-alias-nodes; a scenario needs few aliases, if any)']],
  ['unknown-key.yaml', [`3:3: machine.hypervsor: unknown key (did you mean hypervisor?); allowed in machine: ${MACHINE_KEYS}`]],
  ['unknown-call.yaml', [
    '3:5: setup_arch[1] (step 2): unknown call dmi_scan_machin (did you mean dmi_scan_machine?); run `bootreplay steps` for the catalog',
    '4:11: setup_arch[2].call (step 3): unknown call vmi_inti (did you mean vmi_init?); run `bootreplay steps` for the catalog',
  ]],
  ['wrong-types.yaml', [
    '1:7: name: expected a string, got the number 42; quote it to make it a string, as in "42"',
    '2:9: kernel: expected a string, got the number 2.6; quote it to make it a string, as in "2.6"',
    '4:8: config.pae: expected true or false, got the string "yes" (YAML 1.2 reads yes as a string; write true or false)',
    '5:12: config.nr_cpus: expected a number, got the string "8"; write it without quotes',
    '7:15: machine.hypervisor: expected one of none, vmi, xen, got a list',
    '8:8: machine.efi: expected true or false, got the number 1',
    '9:3: machine.cmdline: expected a string, got an empty value',
    '10:13: setup_arch: expected a list, got the string "early_cpu_init"',
  ]],
  ['bad-size.yaml', [
    '3:11: machine.memory: "512MB" is not a size: decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel; write 512MiB',
    `4:20: machine.vmi_virtual_top: "lots" is not a size; use ${SIZE_FORMS}`,
    '5:19: machine.xen_virt_start: "0x10000000000000000" is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)',
    '6:19: machine.dmi_table_base: "-0x1000" is negative; sizes and addresses are 0 or more',
  ]],
  // a fraction or a decimal unit: the integer form in the largest unit that keeps it whole, or why there is none
  ['fractional-size.yaml', [
    '3:11: machine.memory: "1.5GB" is not a size: decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel; fractions are not accepted (the kernel\'s memparse() reads an integer); write 1536MiB',
    '4:16: machine.initrd_size: "1.5GiB" is not a size: fractions are not accepted (the kernel\'s memparse() reads an integer); write 1536MiB',
    `5:20: machine.efi_memmap_size: "1.3GiB" is not a size: fractions are not accepted (the kernel's memparse() reads an integer); that is 1395864371.2 bytes, not a whole number; use ${SIZE_FORMS}`,
    `6:22: machine.setup_data_length: "1.3GB" is not a size: decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel; fractions are not accepted (the kernel's memparse() reads an integer); read as GiB, that is 1395864371.2 bytes, not a whole number; use ${SIZE_FORMS}`,
    `7:21: machine.dmi_table_length: "1.5" is not a size: fractions are not accepted (the kernel's memparse() reads an integer); that is 1.5 bytes, not a whole number; use ${SIZE_FORMS}`,
    '8:20: machine.vmi_virtual_top: "1024MB" is not a size: decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel; write 1GiB',
    '9:19: machine.xen_virt_start: "1.25M" is not a size: fractions are not accepted (the kernel\'s memparse() reads an integer); write 1280K',
    '10:19: machine.dmi_table_base: "0.5KiB" is not a size: fractions are not accepted (the kernel\'s memparse() reads an integer); write 512',
    '12:16: config.page_offset: "9999999.5TB" is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)',
  ]],
  // review 9's indentation slips: said as lines and indentation, at the line that is off
  ['over-indented-key.yaml', [
    '5:4: invalid YAML: line 5 is indented more than line 4 (3 spaces against 2): it is read as a continuation of the value on line 4 ("true"), which makes a key of two lines; indent line 5 as pae: on line 4',
  ]],
  ['folded-item.yaml', [
    '3:1: config: expected a mapping, got an empty value',
    `4:1: pae: unknown key (pae belongs under config:); allowed at the top level: ${TOP_KEYS}`,
    '8:3: setup_arch[0] (step 1): unknown call early_ioremap_init - parse_early_param (two lines folded into one by their indentation): line 9 is indented more than line 8 (2 spaces against 0): it is read as a continuation of the list item on line 8 ("early_ioremap_init"); indent line 9 as the - on line 8',
  ]],
  ['dmi-earlycon-range.yaml', [
    '5:21: machine.dmi_table_length: the table 0xfffff000 + 8192 bytes runs past 4 GiB, and early_ioremap() refuses a range that wraps (WARN_ON, NULL); its sum is 32-bit without PAE or before 2.6.30-rc2 (9b987aeb4a7); at most 4096 bytes at this base',
    '6:13: machine.cmdline: earlycon=uart8250,mmio,0x1fed00000: 0x1fed00000 does not fit the 32-bit unsigned long simple_strtoul() parses it into (early_serial8250_setup would map 0xfed00000); at most 0xffffffff',
  ]],
  ['dmi-default-length-wraps.yaml', [
    '4:19: machine.dmi_table_base: the table 0xffffff00 + the default dmi_table_length 3699 bytes runs past 4 GiB, and early_ioremap() refuses a range that wraps (WARN_ON, NULL); its sum is 32-bit without PAE or before 2.6.30-rc2 (9b987aeb4a7); at most 0xfffff18d as the base of a 3699-byte table, or give machine.dmi_table_length (at most 256 bytes at this base)',
  ]],
  ['dmi-length-zero.yaml', [
    '3:21: machine.dmi_table_length: 0 maps nothing: early_ioremap(base, 0) WARNs and returns NULL, so dmi_scan_machine() finds no table; give the length the entry point says, 1 – 65535 bytes (or leave it out for 3699)',
  ]],
  ['non-finite.yaml', [
    '4:12: config.nr_cpus: expected a number, got .nan (not a number)',
    `6:11: machine.memory: expected ${SIZE_FORMS}, got -.inf (an infinite number)`,
  ]],
  ['overflowed-numeral.yaml', [
    '4:12: config.nr_cpus: 1e400 is out of range; allowed: 1 to 4096',
    `6:11: machine.memory: expected ${SIZE_FORMS}, got -1E999 (past the largest number YAML reads, about 1.8e308: read as -.inf)`,
  ]],
  ['image-past-memory.yaml', [
    '4:11: machine.memory: 4 MiB does not hold the kernel: the kernel image ends at physical 0x600000 (the default system_map._end 0xc0600000 − PAGE_OFFSET 0xc0000000) and head_32.S writes its first page table (pg0) after it; the machine needs at least 6 MiB + 4 KiB (0x601000)',
  ]],
  ['image-past-default-memory.yaml', [
    '4:22: config.system_map._end: the kernel image ends at physical 0x30000000 (system_map._end 0xf0000000 − PAGE_OFFSET 0xc0000000) and head_32.S writes its first page table (pg0) after it, past machine.memory (512 MiB, the default); give machine.memory at least 768 MiB + 4 KiB (0x30001000)',
  ]],
  ['impossible-size.yaml', [
    '3:16: config.page_offset: 0xc0100000 is not a multiple of 4 MiB (one page-directory entry); e.g. 0xc0000000, 0xb0000000, 0x80000000',
    '5:11: machine.memory: 0 bytes of RAM is impossible; the model takes 1 MiB to 1 TiB',
    '6:20: machine.vmi_virtual_top: 0xfc000800 is not page-aligned (a multiple of 0x1000)',
    '7:19: machine.xen_virt_start: 0xfffff000 leaves no room for the fixmap below 4 GiB; at most 0xfff00000',
  ]],
  ['kernel-version.yaml', [`1:9: kernel: ${kernelReason('2.6.25')} (did you mean 2.6.26?); modeled: ${MODELED}`]],
  ['kernel-rc.yaml', [`1:9: kernel: ${kernelReason('2.6.27-rc')} (did you mean 2.6.27-rc1?); modeled: ${MODELED}`]],
  // rc0 and .0 are of the form; what is wrong is that no such release exists (they were told "not of the form")
  ['kernel-rc0.yaml', [`1:9: kernel: kernel 2.6.27-rc0 is not modeled (2.6.27 had release candidates rc1 … rc9) (did you mean 2.6.27-rc1?); modeled: ${MODELED}`]],
  ['kernel-stable-0.yaml', [`1:9: kernel: kernel 2.6.27.0 is not modeled (stable updates 2.6.27.1 … 2.6.27.57 are) (did you mean 2.6.27?); modeled: ${MODELED}`]],
  // a stable number written with a leading zero: the modeled stable update without it, as for -rc01 (break-279 N9:
  // it said 2.6.27); one past the last modeled stable update still gets its release
  ['kernel-stable-zero.yaml', [`1:9: kernel: ${kernelReason('2.6.27.06')} (did you mean 2.6.27.6?); modeled: ${MODELED}`]],
  ['kernel-stable-zero-past.yaml', [`1:9: kernel: ${kernelReason('2.6.32.029')} (did you mean 2.6.32?); modeled: ${MODELED}`]],
  // a version past the last modeled: the nearest modeled version, not the nearest spelling (2.6.27)
  ['kernel-past.yaml', [`1:9: kernel: ${kernelReason('2.6.37')} (did you mean 2.6.36?); modeled: ${MODELED}`]],
  // a version cut short is as likely any of the modeled ones it begins: all of them, not one guess (2.6.26)
  ['kernel-cut-short.yaml', [`1:9: kernel: ${kernelReason('2.6.3')} (did you mean one of 2.6.30 … 2.6.36?); modeled: ${MODELED}`]],
  // a tarball's spelling
  ['kernel-linux-prefix.yaml', [`1:9: kernel: ${kernelReason('linux-2.6.30')} (did you mean 2.6.30?); modeled: ${MODELED}`]],
  // a riscv scenario that left out arch: is read as x86_32: its kernel and calls say so
  ['riscv-without-arch.yaml', [
    `1:9: kernel: ${kernelReason('5.12')}: it is a riscv kernel version, and this scenario is x86_32 (the default: no file sets arch:; add arch: riscv); modeled: ${MODELED}`,
    '2:14: setup_arch[0] (step 1): unknown call parse_dtb: it is a riscv call, and this scenario is x86_32 (the default: no file sets `arch:`); run `bootreplay steps` for this one',
  ]],
  // what uname -m says is no typo of an id, yet means one
  ['arch-alias.yaml', ['1:7: arch: unknown value "aarch64" (did you mean arm64?); allowed: x86_32, arm64, riscv']],
  // another architecture's call is said to be one, beside the nearest spelling of this one's
  ['other-arch-call.yaml', [
    '2:14: setup_arch[0] (step 1): unknown call early_fixmap_init (did you mean early_ioremap_init?): it is an arm64 call, and this scenario is x86_32 (the default: no file sets `arch:`); run `bootreplay steps` for this one',
    '2:33: setup_arch[1] (step 2): unknown call setup_vm_finl; run `bootreplay steps` for the catalog',
  ]],
  // an expect:/allow: entry copied from another architecture's file: its rule is said to be that architecture's
  // (without loading the plug-in: rule-ids.ts), beside the nearest spelling; a typo of this one's only gets that
  ['other-arch-rule.yaml', [
    '4:12: expect[0].rule: unknown value "fixmap-before-init": it is an arm64 rule, and this scenario is x86_32 (the default: no file sets `arch:`); allowed: ' + X86_RULES,
    '6:12: allow[0].rule: unknown value "shared-leaf-permissions": it is an arm64 and a riscv rule, and this scenario is x86_32 (the default: no file sets `arch:`); allowed: ' + X86_RULES,
    '7:12: allow[1].rule: unknown value "fixmap-before-relocaton" (did you mean fixmap-before-relocation?); allowed: ' + X86_RULES,
  ]],
  ['other-arch-rule-arm64.yaml', ['5:12: expect[0].rule: unknown value "fixmap-before-relocation": it is an x86_32 rule, and this scenario is arm64; allowed: bbm-violation, ttbr-switch-unsafe, fixmap-before-init, linear-map-before-map-mem, pgtable-alloc-outside-map, memblock-alloc-panic, fixmap-slot-busy, shared-leaf-permissions, missing-prerequisite, cmdline-not-modeled, phase-order, duplicate-call']],
  // another architecture's config: or machine: key is said to be one, as its calls and kernel versions are
  ['other-arch-key.yaml', [
    `2:10: config.va_bits: unknown key: it is an arm64 key, and this scenario is x86_32 (the default: no file sets arch:; add arch: arm64); allowed in config: ${X86_CONFIG_KEYS}`,
    `2:23: config.kasan: unknown key: it is an arm64 and a riscv key, and this scenario is x86_32 (the default: no file sets arch:; add arch: arm64); allowed in config: ${X86_CONFIG_KEYS}`,
    `3:11: machine.banks: unknown key: it is an arm64 key, and this scenario is x86_32 (the default: no file sets arch:; add arch: arm64); allowed in machine: ${MACHINE_KEYS}`,
    `3:43: machine.memroy: unknown key (did you mean memory?); allowed in machine: ${MACHINE_KEYS}`,
  ]],
  // without arch:, the one arch: advised is one that has every other-architecture name of the file (config.kasan is
  // arm64's and riscv's, machine.memory_banks riscv's: riscv), or none when no one has them all (break-211 F8)
  ['riscv-keys-without-arch.yaml', [
    `1:9: kernel: ${kernelReason('5.12')}: it is a riscv kernel version, and this scenario is x86_32 (the default: no file sets arch:; add arch: riscv); modeled: ${MODELED}`,
    `2:10: config.kasan: unknown key: it is an arm64 and a riscv key, and this scenario is x86_32 (the default: no file sets arch:; add arch: riscv); allowed in config: ${X86_CONFIG_KEYS}`,
    `3:11: machine.memory_banks: unknown key: it is a riscv key, and this scenario is x86_32 (the default: no file sets arch:; add arch: riscv); allowed in machine: ${MACHINE_KEYS}`,
    '4:14: setup_arch[0] (step 1): unknown call parse_dtb: it is a riscv call, and this scenario is x86_32 (the default: no file sets `arch:`); run `bootreplay steps` for this one',
  ]],
  ['mixed-arch-keys.yaml', ['2:10: config.va_bits: unknown key: it is an arm64 key', '3:11: machine.memory_banks: unknown key: it is a riscv key'].map((head) =>
    `${head}, and this scenario is x86_32 (the default: no file sets arch:; its keys are of several architectures: add the arch: it is written for, and leave out the others' keys); allowed in ${head.includes('config') ? `config: ${X86_CONFIG_KEYS}` : `machine: ${MACHINE_KEYS}`}`)],
  // riscv's config.paging beside x86_32's machine.hypervisor: arch: riscv would refuse the other (break-215 F7)
  ['riscv-and-x86-keys.yaml', [`2:10: config.paging: unknown key: it is a riscv key, and this scenario is x86_32 (the default: no file sets arch:; its keys are of several architectures: add the arch: it is written for, and leave out the others' keys); allowed in config: ${X86_CONFIG_KEYS}`]],
  // machine.kernel on x86_32 is a misplaced kernel: and riscv's key: one hint, the one whose schema takes the value (break-211 F8)
  ['machine-kernel-version.yaml', [`2:11: machine.kernel: unknown key (kernel belongs at the top level); allowed in machine: ${MACHINE_KEYS}`]],
  ['machine-kernel-mapping.yaml', [`2:11: machine.kernel: unknown key: it is a riscv key, and this scenario is x86_32 (the default: no file sets arch:; add arch: riscv); allowed in machine: ${MACHINE_KEYS}`]],
  // arch: set in the file itself: nothing to add about where it comes from; a nested key no other architecture has gets no hint
  ['riscv-other-arch-key.yaml', [
    '3:10: config.pae: unknown key: it is an x86_32 key, and this scenario is riscv; allowed in config: paging, cmodel, maxphysmem, strict_kernel_rwx, kasan, builtin_dtb, set_fixmap_fence',
    '4:11: machine.hypervisor: unknown key: it is an x86_32 key, and this scenario is riscv; allowed in machine: memory, ram_base, memory_banks, load_address, kernel, dtb_address, dtb_size, reserved_regions, efi',
    '4:49: machine.kernel.init: unknown key; allowed in machine.kernel: text, init_text, init_data, rodata, data',
  ]],
  ['unavailable-vmi-activate.yaml', [`5:5: setup_arch[1] (step 2): ${absence('vmi_activate', '2.6.27')}`]],
  ['unavailable-init-memory-mapping.yaml', [`4:11: setup_arch[1].call (step 2): ${absence('init_memory_mapping', '2.6.26')}`]],
  ['cmdline.yaml', [`3:27: machine.cmdline: ${VMALLOC_16Q}`]],
  // independent problems of one file in one run: none waits for another to be fixed
  ['matrix-repeat-and-unknown.yaml', [
    '3:29: matrix["machine.hypervisor"][1]: vmi repeats item 0 of the axis (the same value)',
    '3:34: matrix["machine.hypervisor"][2]: unknown value "xne" (did you mean xen?); allowed: none, vmi, xen',
    '4:26: matrix["machine.memory"][1]: 1024MiB repeats item 0 of the axis (the same value)',
  ]],
  ['expect-variant-without-matrix.yaml', [
    `1:9: kernel: ${kernelReason('2.6.27-rc9x')} (did you mean 2.6.27-rc9?); modeled: ${MODELED}`,
    '4:50: expect[0].variant: this file has no matrix:, so it has no variants; remove variant:',
  ]],
  ['expect-entries-unavailable-call.yaml', [
    `2:30: setup_arch[1] (step 2): ${absence('visws_early_detect', '2.6.26')}`,
    '4:28: expect[0].step: early_cpu_inti is neither in setup_arch nor an implicit step (head_32) (did you mean early_cpu_init?)',
    '5:50: expect[1].variant: this file has no matrix:, so it has no variants; remove variant:',
  ]],
  ['expect-typo-and-invalid-variant.yaml', [
    `1:30: [kernel=2.6.26] setup_arch[1] (step 2): ${absence('visws_early_detect', '2.6.26')}`,
    '5:28: expect[0].step: early_cpu_inti is neither in setup_arch nor an implicit step (head_32) (did you mean early_cpu_init?)',
  ]],
  // a name or description value names its variant: kept exact, so white space at either end is refused, not trimmed
  ['matrix-name-spaces.yaml', [
    '3:13: matrix.name[1]: "a " has white space at its end: the name would show as "a" while the variant\'s name and selectors need name="a "; write "a"',
    '5:14: matrix.include[0].name: "  " is only white space: the name would show nothing; write some text',
    '5:33: matrix.include[0].description: " d" has white space at its start: the description would show as "d" while the variant\'s name and selectors need description=" d"; write "d"',
  ]],
  ['many-problems.yaml', [
    '4:8: config.pae: expected true or false, got the string "maybe"',
    '6:11: machine.memory: 0 bytes of RAM is impossible; the model takes 1 MiB to 1 TiB',
    '7:15: machine.hypervisor: unknown value "vmware"; allowed: none, vmi, xen',
    `8:12: machine.cmdline: ${VMALLOC_16Q}`,
    `11:5: setup_arch[1] (step 2): ${absence('find_low_pfn_range', '2.6.26')}`,
    '12:5: setup_arch[2] (step 3): unknown call dmi_scan_machin (did you mean dmi_scan_machine?); run `bootreplay steps` for the catalog',
    `13:1: frobnicate: unknown key; allowed at the top level: ${TOP_KEYS}`,
  ]],
];

describe('bad fixtures', () => {
  it.each(TABLE)('%s', async (file, problems) => {
    expect(await problemsOf(file)).toEqual(problems);
  });
});

describe('good fixtures', () => {
  it.each(['minimal.yaml', 'full.yaml'])('%s loads', async (file) => {
    const r = await loadScenarioFile(`${DIR}/good/${file}`);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });
});
