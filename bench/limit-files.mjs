// The files at the limits of `npm run bench` (section 7 of bench/run.mjs): each is within every input limit
// of src/scenario/limits.ts, at one or more of them, and is timed as a whole `bootreplay run FILE` (< 1 s).
// Run on its own, it writes them for a closer look (profiling one format of one file):
//
//   node bench/limit-files.mjs DIR     writes DIR/<id>.yaml (and the bases they extend) and prints each command
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCENARIO_DIR = 'scenarios/x86_32';

/**
 * The files at the limits, for the limits `DEFAULT_LIMITS` (the build's, dist/scenario/limits.js).
 * @returns `{ id, what, exit, text, args?, bases? }[]`: `text` the file, `args` after `run FILE`, `exit` the code
 *   the run must end with, `bases` the files (name → text) written beside it that it extends
 * @throws Error when a file would not be at the limit it is built for
 */
export function limitFiles(DEFAULT_LIMITS) {
  const MAX_CALLS = DEFAULT_LIMITS.maxCalls;
  const MAX_BYTES = DEFAULT_LIMITS.maxFileBytes;
  /** `n` calls cycling through `body`, after `prefix` and before `suffix` */
  function order(prefix, body, suffix, n = MAX_CALLS) {
    const calls = [...prefix];
    for (let i = 0; calls.length + suffix.length < n; i++) calls.push(body[i % body.length]);
    return [...calls, ...suffix];
  }
  const headText = 'kernel: 2.6.27-rc1\nmachine:\n  hypervisor: vmi\n  memory: 4GiB\n  cmdline: "reservetop=16M vmi=disable_pse"\nsetup_arch:\n';
  const PREFIX = ['early_cpu_init', 'setup_memory_map', 'early_ioremap_init', 'parse_early_param', 'e820_end_of_ram_pfn', 'find_low_pfn_range'];
  const FIXMAP_USERS = ['init_memory_mapping', 'dmi_scan_machine', 'acpi_boot_init', 'init_apic_mappings'];
  const fixmapUsers = headText + order(PREFIX, FIXMAP_USERS, ['vmi_init']).map((c) => `  - ${c}\n`).join('');
  /** max-calls calls, each with a note as long as keeps the file within max-file-bytes */
  function withNotes() {
    const calls = order(PREFIX, ['dmi_scan_machine', 'init_memory_mapping'], ['vmi_init']);
    const text = (n) => headText + calls.map((c) => `  - call: ${c}\n    note: "${'n'.repeat(n)}"\n`).join('');
    let n = Math.floor((MAX_BYTES - Buffer.byteLength(text(0))) / calls.length);
    while (n > 0 && Buffer.byteLength(text(n)) > MAX_BYTES) n--;
    return text(n);
  }
  /** lists of 2,000 flow mappings under an unknown key, as many as fit in max-file-bytes */
  function flowMappings() {
    const list = `  - [${Array(2000).fill('{a: 1, b: 2}').join(', ')}]\n`;
    let text = 'setup_arch: [early_cpu_init]\nx:\n';
    while (Buffer.byteLength(text + list) <= MAX_BYTES) text += list;
    return text;
  }
  /**
   * max-variants (16 × 32) of a 32-call order (max-replayed-calls) behind a max-extends-depth chain, with
   * 128 expect: entries of one variant each (max-gate-entries): every variant composed through 8 bases,
   * replayed, checked, gated and reported (helper-187 1: 4,096 variants of a 4-call order took 1.0-2.5 s).
   * The order is rc1's first 32 calls with init_memory_mapping before find_low_pfn_range.
   */
  function maxVariantsChain() {
    const order = ['visws_early_detect', 'pre_setup_arch_hook', 'early_cpu_init', 'early_ioremap_init', 'set_mca_bus', 'efi_reserve_early',
      'setup_memory_map', 'parse_setup_data', 'e820_reserve_setup_data', 'copy_edd', 'parse_early_param', 'reserve_early_setup_data',
      'acpi_mps_check', 'early_dump_pci_devices', 'finish_e820_parsing', 'probe_roms', 'insert_resource', 'insert_resource', 'insert_resource',
      'efi_init', 'ppro_with_ram_bug', 'e820_end_of_ram_pfn', 'early_reserve_e820_mpc_new', 'mtrr_bp_init', 'mtrr_trim_uncached_memory',
      'e820_end_of_ram_pfn', 'init_memory_mapping', 'find_low_pfn_range', 'init_ohci1394_dma_on_all_controllers', 'reserve_initrd',
      'dmi_scan_machine', 'io_delay_init'];
    const bases = { 'chain-0.yaml': `kernel: 2.6.27-rc1\nmachine: {memory: 512MiB, hypervisor: none}\nsetup_arch: [${order.join(', ')}]\n` };
    for (let i = 1; i < 8; i++) bases[`chain-${i}.yaml`] = `extends: chain-${i - 1}.yaml\nmachine: {cpu: {nx: ${i % 2 === 0}}}\n`;
    const cpus = Array.from({ length: 16 }, (_, i) => i + 1);
    const memory = Array.from({ length: 32 }, (_, i) => `${64 + 8 * i}MiB`);
    const entries = 128;
    const expect = Array.from({ length: entries }, (_, i) => `  - {rule: missing-prerequisite, step: init_memory_mapping, variant: "nr_cpus=${cpus[i % cpus.length]},memory=${memory[Math.floor(i / cpus.length)]}"}\n`).join('');
    // the file is at every one of these limits; a change of a limit must change it too
    const variants = cpus.length * memory.length;
    const at = { maxVariants: variants, maxReplayedCalls: variants * order.length, maxGateEntries: entries * variants, maxExtendsDepth: 8 };
    for (const [k, v] of Object.entries(at)) if (DEFAULT_LIMITS[k] !== v) throw new Error(`matrix-max-variants is built for ${k} ${v}, the limit is ${DEFAULT_LIMITS[k]}`);
    return { bases, text: `extends: chain-7.yaml\nmatrix:\n  config.nr_cpus: [${cpus.join(', ')}]\n  machine.memory: [${memory.join(', ')}]\nexpect:\n${expect}` };
  }
  const maxVariants = maxVariantsChain();
  /**
   * The same chain's max-variants, with max-gate-entries of expect: entries that apply to every variant and that no
   * variant meets (16 rules x 8 calls, count: 3): each unmet entry of each variant is told where the others stand
   * (fileUnmet). Looked up by a scan of every variant's entries, that was variants² x entries² (break-255 F1: 277
   * variants of the rc3 order with 128 such entries took 214 s of CPU)
   */
  function unmetEverywhere() {
    const rules = ['fixmap-before-relocation', 'stale-early-ioremap', 'early-ioremap-init-before-relocation', 'lowmem-before-relocation',
      'btmap-pmd-straddle', 'fixaddr-top-unaligned', 'layout-overlap', 'config-unsupported', 'xen-writable-pagetable', 'kmap-pte-noncontiguous',
      'fixmap-pagetables-replaced', 'fixmap-pte-lost', 'pagetable-alloc-panic', 'kernel-mapping-user', 'nx-missing', 'duplicate-call'];
    const steps = ['early_cpu_init', 'early_ioremap_init', 'setup_memory_map', 'parse_early_param', 'efi_init', 'init_memory_mapping', 'reserve_initrd', 'dmi_scan_machine'];
    const expect = rules.flatMap((rule) => steps.map((step) => `  - {rule: ${rule}, step: ${step}, count: 3}\n`)).join('');
    const entries = rules.length * steps.length;
    if (entries * DEFAULT_LIMITS.maxVariants !== DEFAULT_LIMITS.maxGateEntries) throw new Error(`matrix-unmet-expect is built for max-gate-entries ${entries * DEFAULT_LIMITS.maxVariants}, the limit is ${DEFAULT_LIMITS.maxGateEntries}`);
    const matrix = maxVariants.text.slice(0, maxVariants.text.indexOf('expect:\n'));
    return { bases: maxVariants.bases, text: `${matrix}expect:\n${expect}` };
  }
  const unmetFiles = unmetEverywhere();
  /**
   * A max-extends-depth chain of patches as long as max-tokens lets the whole chain be (break-216 F2, its gen.py): a
   * base of 2,000 calls of 250 define:d no-op calls, 8 of each, and 8 files each extending the one before with
   * remove: qK#2 / insert: qK, before: qM pairs. Each edit resolved its references over a copy of the whole order
   * (O(edits x calls) per level), and each file had a token budget of its own: nine files at max-items took 2.2-2.4 s.
   * Now a chain shares one max-tokens budget, and this one is near it.
   */
  function patchChain() {
    const names = 250;
    const calls = 2000;
    const pairs = 150;
    const base = ['name: base', 'kernel: 2.6.27-rc1', 'define:', ...Array.from({ length: names }, (_, k) => `  q${k}: {doc: x, none: true}`),
      'setup_arch:', ...Array.from({ length: calls }, (_, i) => `  - q${i % names}`)];
    const bases = { 'patch-chain-0.yaml': `${base.join('\n')}\n` };
    const level = (lvl) => {
      const lines = [`extends: patch-chain-${lvl - 1}.yaml`, `name: q${lvl}`, 'patch:'];
      for (let i = 0; i < pairs; i++) {
        const a = `q${(i * 7 + lvl) % names}`;
        lines.push(`  - {remove: ${a}#2}`, `  - {insert: ${a}, before: q${(i * 13 + 7 + lvl) % names}}`);
      }
      return `${lines.join('\n')}\n`;
    };
    const depth = DEFAULT_LIMITS.maxExtendsDepth;
    for (let lvl = 1; lvl < depth; lvl++) bases[`patch-chain-${lvl}.yaml`] = level(lvl);
    for (const text of Object.values(bases)) if (Buffer.byteLength(text) > MAX_BYTES) throw new Error('patch-chain: a base is over max-file-bytes');
    return { bases, text: level(depth) };
  }
  const patchChainFiles = patchChain();
  /**
   * max-variants of the shipped arm64 v4.4 order (21 calls, its expect: dropped), a memory each: every variant
   * has findings, so the formats that print fixes search them (helper-191 2: 2.9 s of CPU with -f json)
   */
  function arm64Matrix() {
    const own = readFileSync(new URL('../scenarios/arm64/v4.4.yaml', import.meta.url), 'utf8');
    const head = own.slice(0, own.indexOf('\nexpect:') + 1);
    if (head === '') throw new Error('scenarios/arm64/v4.4.yaml has no expect: to drop');
    const n = DEFAULT_LIMITS.maxVariants;
    return `${head}matrix:\n  machine.memory: [${Array.from({ length: n }, (_, i) => `${2048 + 64 * i}MiB`).join(', ')}]\n`;
  }
  const arm64Variants = arm64Matrix();
  /**
   * max-findings spread over a matrix without reaching it (helper-192 3): a 32-call rc1 order with SPREAD_PER_VARIANT
   * findings per variant (VMI, EFI, PAE, reservetop=0x1001 and memmap= on the command line), as many memory sizes as
   * fit under max-findings (46: 178 sizes, 8,188 findings), every one with its evidence and, in the formats that print
   * them, a fix or why none was searched. 44 until finish_e820_parsing needed the e820 map for a memmap=…$… (3d191c07):
   * it is called twice here before any setup_memory_map
   */
  const SPREAD_PER_VARIANT = 46;
  function spreadFindings() {
    const calls = ['reserve_ibft_region', 'pre_setup_arch_hook', 'prefill_possible_map', 'reserve_initrd', 'ppro_with_ram_bug',
      'init_ohci1394_dma_on_all_controllers', 'reserve_crashkernel', 'acpi_mps_check', 'acpi_numa_init', 'finish_e820_parsing', 'vmi_init',
      'insert_resource', 'io_delay_init', 'visws_early_detect', 'paging_init', 'efi_reserve_early'];
    const variants = Math.floor(DEFAULT_LIMITS.maxFindings / SPREAD_PER_VARIANT);
    return `name: spread\nkernel: 2.6.27-rc1\nmachine: {hypervisor: vmi, efi: true, cmdline: 'reservetop=0x1001 earlyprintk=dbgp mem=1G memmap=1M$2M'}\nconfig: {pae: true}\n`
      + `setup_arch: [${[...calls, ...calls].join(', ')}]\nmatrix:\n  machine.memory: [${Array.from({ length: variants }, (_, i) => `${1024 + 16 * i}M`).join(', ')}]\n`;
  }
  const spread = spreadFindings();
  /**
   * max-gate-entries of long glob selectors (break-216 F3: one `cmdline=*<900 a's>b` entry over 512 variants took 4.4 s):
   * 2 command lines of 1,900 characters × 256 nr_cpus, 126 allow: entries of `cmdline=*<800+ a's>x` (parts between stars
   * without ?, found in linear time) and two of `*a?a?…*x` that together cost most of max-glob-steps
   */
  function globSelectors() {
    const cmdlines = ['x', 'y'].map((c) => `"${'a'.repeat(1899)}${c}"`);
    const cpus = Array.from({ length: DEFAULT_LIMITS.maxVariants / 2 }, (_, i) => i + 1);
    const entries = DEFAULT_LIMITS.maxGateEntries / DEFAULT_LIMITS.maxVariants;
    // a ? part of 1,800 characters tried on both 1,900-character values: 6.8 million steps each, two of them
    const costly = ['x', 'y'].map((c) => `cmdline=*${'a?'.repeat(900)}*${c}`);
    if (2 * 2 * 1800 * 1900 > DEFAULT_LIMITS.maxGlobSteps) throw new Error('glob-selectors is built to stay within max-glob-steps');
    const allow = [...Array.from({ length: entries - 2 }, (_, i) => `cmdline=*${'a'.repeat(800 + i)}x`), ...costly]
      .map((v) => `  - {rule: layout-overlap, step: early_cpu_init, reason: r, variant: "${v}"}\n`).join('');
    return `name: globs\nkernel: 2.6.27-rc1\nsetup_arch: [early_cpu_init, early_ioremap_init]\nmatrix:\n  machine.cmdline: [${cmdlines.join(', ')}]\n  config.nr_cpus: [${cpus.join(', ')}]\nallow:\n${allow}`;
  }
  /**
   * max-replayed-calls with RAM banks (break-255 F3: 512 variants × 2,048 riscv banks took 5.3 s): 128 variants of a
   * 10-call riscv 5.14 order on as many banks as the limit lets each weigh past the first (119 banks, every one taken
   * by memblock and mapped by setup_vm_final(), the costliest a bank is)
   */
  function riscvBanks() {
    const calls = ['parse_dtb', 'setup_initial_init_mm', 'early_ioremap_setup', 'jump_label_init', 'parse_early_param', 'efi_init',
      'paging_init', 'unflatten_device_tree', 'misc_mem_init', 'init_resources'];
    const variants = 128;
    const banks = DEFAULT_LIMITS.maxReplayedCalls / variants - calls.length + 1;
    if (!Number.isInteger(banks) || banks > 128) throw new Error(`riscv-banks is built for 128 variants of up to 128 banks at max-replayed-calls, the limit is ${DEFAULT_LIMITS.maxReplayedCalls}`);
    // 2 GiB at 0x80000000 (the kernel's bank), then 2 MiB banks 2 MiB apart: memblock merges none of them
    const list = ['    - {base: 0x80000000, size: 2GiB}\n', ...Array.from({ length: banks - 1 }, (_, i) => `    - {base: 0x${(0x100000000 + i * 0x400000).toString(16)}, size: 2MiB}\n`)];
    const sizes = Array.from({ length: variants }, (_, i) => `${68 + 4 * i}KiB`);
    return `name: banks\narch: riscv\nkernel: "5.14"\nmachine:\n  memory_banks:\n${list.join('')}setup_arch: [${calls.join(', ')}]\nmatrix:\n  machine.dtb_size: [${sizes.join(', ')}]\n`;
  }
  /** a shipped scenario (its expect: dropped), then `call` up to max-calls calls */
  function repeatedAfter(file, call) {
    const own = readFileSync(new URL(file, import.meta.url), 'utf8');
    const head = own.slice(0, own.indexOf('\nexpect:') + 1);
    if (head === '') throw new Error(`${file} has no expect: to drop`);
    const calls = head.split('\n').filter((l) => /^ {2}- /.test(l)).length;
    return head + `  - ${call}\n`.repeat(MAX_CALLS - calls);
  }
  /** the formats a file at the limits is timed in beyond text: the ones that search fixes, draw evidence, or both */
  const FORMATS = [['-v', ['-v']], ['-json', ['-f', 'json']], ['-sarif', ['-f', 'sarif', '--sarif-root', tmpdir()]], ['-html', ['-f', 'html']]];
  const maxFiles = [
    { id: 'fixmap-users', what: `${MAX_CALLS} calls, each a fixmap user before vmi_init`, exit: 1, text: fixmapUsers },
    ...FORMATS.map(([suffix, args]) => ({ id: `fixmap-users${suffix}`, what: `the same, ${args.slice(0, 2).join(' ')}`, exit: 1, args, text: fixmapUsers })),
    ...[['', []], ...FORMATS].map(([suffix, args]) => ({
      id: `matrix-spread-findings${suffix}`,
      what: args.length === 0 ? `${SPREAD_PER_VARIANT * Math.floor(DEFAULT_LIMITS.maxFindings / SPREAD_PER_VARIANT)} findings (max-findings ${DEFAULT_LIMITS.maxFindings}) over ${Math.floor(DEFAULT_LIMITS.maxFindings / SPREAD_PER_VARIANT)} variants of a 32-call rc1 order` : `the same, ${args.slice(0, 2).join(' ')}`,
      exit: 1, args, text: spread,
    })),
    { id: 'glob-selectors', what: `${DEFAULT_LIMITS.maxGateEntries / DEFAULT_LIMITS.maxVariants} allow: entries with long glob selectors over ${DEFAULT_LIMITS.maxVariants} variants (max-gate-entries, max-glob-steps)`, exit: 1, text: globSelectors() },
    { id: 'stale-early-ioremap', what: `${MAX_CALLS} early_ioremaps after the relocation`, exit: 1,
      text: headText + order(['early_ioremap_init', 'vmi_init'], ['dmi_scan_machine'], []).map((c) => `  - ${c}\n`).join('') },
    { id: 'missing-prerequisite', what: `${MAX_CALLS} calls before their prerequisites`, exit: 1,
      text: headText + order([], ['find_low_pfn_range', 'init_memory_mapping', 'vmi_init', 'parse_early_param'], ['setup_memory_map']).map((c) => `  - ${c}\n`).join('') },
    { id: 'notes-max-bytes', what: `${MAX_CALLS} calls with notes, max-file-bytes`, exit: 1, text: withNotes() },
    { id: 'unknown-calls', what: `${MAX_CALLS} unknown call names (did-you-mean for each)`, exit: 2,
      text: headText + Array.from({ length: MAX_CALLS }, (_, i) => `  - early_ioremap_ini${String.fromCharCode(97 + (i % 26))}${i}\n`).join('') },
    // max-replayed-calls: the most a matrix may replay, of a real order
    { id: 'matrix-rc1-277', what: '277 variants of the 59-call rc1 order (max-replayed-calls)', exit: 0,
      text: `${readFileSync(new URL(`../${SCENARIO_DIR}/variants/base-2.6.27-rc1-vmi.yaml`, import.meta.url), 'utf8')}matrix:\n  machine.memory: [${Array.from({ length: 277 }, (_, i) => `${64 + i}MiB`).join(', ')}]\n` },
    { id: 'riscv-banks', what: `128 variants of a 10-call riscv 5.14 order on 119 RAM banks (max-replayed-calls: banks weigh as calls)`, exit: 0, text: riscvBanks() },
    // max-findings: 8 variants of the fixmap-users order (max-replayed-calls), stopped after the second
    { id: 'matrix-max-findings', what: `8 variants of the ${MAX_CALLS}-call fixmap-users order (stops at max-findings)`, exit: 2,
      text: `${fixmapUsers}matrix:\n  machine.memory: [${Array.from({ length: 8 }, (_, i) => `${512 + 64 * i}MiB`).join(', ')}]\n` },
    { id: 'keys-10000', what: '10,000 keys in one mapping (stops at max-keys)', exit: 2,
      text: `setup_arch: [early_cpu_init]\nconfig:\n${Array.from({ length: 10_000 }, (_, i) => `  k${i}: 1\n`).join('')}` },
    { id: 'nesting-50000', what: '50,000 nested brackets (stops at max-depth)', exit: 2,
      text: `setup_arch: [early_cpu_init]\nx: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n` },
    { id: 'flow-mappings', what: 'max-file-bytes of flow mappings (stops at max-tokens)', exit: 2, text: flowMappings() },
    // the model state grows with these calls: -f json built a snapshot after every step before the fix search
    // found the order too long (4.3 GB, then a V8 OOM), and the layout timeline froze every table after every
    // step (review 17b, 2.1)
    { id: 'arm64-paging-init-json', what: `arm64 v4.7 (kasan, debug_rodata): ${MAX_CALLS - 8} paging_init after the boot order, -f json`, exit: 0, args: ['-f', 'json'],
      text: `name: x\narch: arm64\nkernel: v4.7\nconfig: {va_bits: 48, kasan: true, debug_rodata: true}\nmachine:\n  memory: 4GiB\n  phys_offset: 2147483648\nsetup_arch:\n${
        order(['early_fixmap_init', 'early_ioremap_init', 'setup_machine_fdt', 'parse_early_param', 'cpu_uninstall_idmap', 'arm64_memblock_init', 'paging_init', 'bootmem_init'], ['paging_init'], []).map((c) => `  - ${c}\n`).join('')}` },
    { id: 'matrix-max-variants', what: '512 variants (max-variants) of a 32-call order through an 8-level extends chain, 128 expect: entries', exit: 1, ...maxVariants },
    { id: 'matrix-max-variants-html', what: 'the same, -f html', exit: 1, args: ['-f', 'html'], ...maxVariants },
    { id: 'matrix-unmet-expect', what: `${DEFAULT_LIMITS.maxVariants} variants (max-variants) of the same chain, ${DEFAULT_LIMITS.maxGateEntries / DEFAULT_LIMITS.maxVariants} expect: entries unmet in every variant (max-gate-entries)`, exit: 1, ...unmetFiles },
    { id: 'patch-chain', what: `${DEFAULT_LIMITS.maxExtendsDepth} levels of extends, each a patch of 300 edits over 2,000 calls (near max-tokens for the chain)`, exit: 1, ...patchChainFiles },
    // SARIF names files relative to its root: the bench's files are in the temporary directory
    ...[['', []], ...FORMATS].map(([suffix, args]) => ({
      id: `arm64-max-variants${suffix}`,
      what: args.length === 0 ? `${DEFAULT_LIMITS.maxVariants} variants (max-variants) of the arm64 v4.4 order, a memory size each` : `the same, ${args.slice(0, 2).join(' ')}`,
      exit: 1, args, text: arm64Variants,
    })),
    // max-events: on a 2.6.26 Xen PAE guest every paging_init makes a kernel PMD copy and rewrites the direct map over
    // each page-table page made before it, so the events grow with the square of the calls (2 million, 10 s, 1 GB before)
    { id: 'xen-paging-init', what: `2.6.26 Xen PAE (proposal 1): paging_init repeated to ${MAX_CALLS} calls (stops at max-events)`, exit: 2, text: repeatedAfter(`../${SCENARIO_DIR}/2.6.26-seed004-xen-pae-unconditional.yaml`, 'paging_init') },
    // shared-leaf-permissions compared each split with every split of the trace and scanned the trace for the block it
    // splits: 3.96 s before
    { id: 'arm64-v4.4-paging-init', what: `arm64 v4.4 (kasan, debug_rodata): paging_init repeated to ${MAX_CALLS} calls (stops at max-findings)`, exit: 2,
      text: repeatedAfter('../scenarios/arm64/v4.4-debug-rodata-kasan.yaml', 'paging_init') },
    // every paging_init allocates its tables from memblock: each allocation scanned every earlier one (review 17b, 2.2)
    { id: 'riscv-paging-init', what: `riscv 5.14: ${MAX_CALLS - 4} paging_init after parse_dtb`, exit: 1,
      text: `name: x\narch: riscv\nkernel: "5.14"\nsetup_arch:\n${
        order(['parse_dtb', 'setup_initial_init_mm', 'early_ioremap_setup', 'parse_early_param'], ['paging_init'], []).map((c) => `  - ${c}\n`).join('')}` },
  ];
  return maxFiles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: node bench/limit-files.mjs DIR\n');
    process.exit(2);
  }
  const { DEFAULT_LIMITS } = await import('../dist/scenario/limits.js');
  mkdirSync(dir, { recursive: true });
  for (const f of limitFiles(DEFAULT_LIMITS)) {
    const file = join(dir, `${f.id}.yaml`);
    writeFileSync(file, f.text);
    for (const [name, text] of Object.entries(f.bases ?? {})) writeFileSync(join(dir, name), text);
    process.stdout.write(`node bin/bootreplay.js run ${file}${(f.args ?? []).map((a) => ` ${a}`).join('')}   # exit ${f.exit}: ${f.what}\n`);
  }
}
