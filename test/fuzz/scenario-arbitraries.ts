/**
 * Structure-aware generators of scenario files for property tests (fast-check).
 *
 * Every case starts from a shipped scenario of any architecture
 * (scenarios/{x86_32,arm64,riscv}/*.yaml without extends:, as data), applies
 * a few data mutations of that architecture's keys, calls and matrix axes
 * (64-bit values such as arm64's kaslr_seed included) (move, drop, duplicate and insert
 * calls; wrong types; odd text; unknown keys and calls with typos; sizes and
 * command lines at and beyond the kernel's ranges; deep nesting; long lists),
 * renders it as YAML in a random style, then applies a few text mutations
 * (tags, anchors and aliases, CR and CRLF line breaks, a BOM, indentation
 * slips, stray characters, a second document, cut lines). Everything is a
 * plain record of choices, so fast-check shrinks a failure to a small one,
 * and `describeCase` prints the text it came to.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { CALL_NAMES as X86_CALLS } from '../../src/arch/x86_32/catalog-names.js';
import { KERNEL_CHOICES as X86_KERNELS } from '../../src/arch/x86_32/kernel-version.js';
import { CALL_NAMES as ARM64_CALLS } from '../../src/arch/arm64/catalog-names.js';
import { KERNEL_CHOICES as ARM64_KERNELS } from '../../src/arch/arm64/kernel-version.js';
import { CALL_NAMES as RISCV_CALLS } from '../../src/arch/riscv/catalog-names.js';

/** What a case of one architecture mutates: its keys, calls, kernels, matrix axes (with valid values) and rules. */
interface ArchProfile {
  readonly arch: string;
  readonly config: readonly string[];
  readonly machine: readonly string[];
  readonly calls: readonly string[];
  readonly kernels: readonly string[];
  readonly axes: readonly (readonly [string, readonly unknown[]])[];
  readonly rules: readonly string[];
}

const PROFILES: readonly ArchProfile[] = [
  {
    arch: 'x86_32',
    config: ['pae', 'nr_cpus', 'page_offset', 'highmem', 'debug_highmem', 'local_apic', 'io_apic', 'acpi', 'acpi_numa', 'pci_mmconfig', 'paravirt', 'ohci1394_dma_init'],
    machine: ['memory', 'hypervisor', 'vmi_virtual_top', 'xen_virt_start', 'cmdline', 'efi', 'setup_data', 'initrd', 'acpi_tables', 'ohci1394_dma_early'],
    calls: X86_CALLS,
    kernels: X86_KERNELS,
    axes: [['machine.hypervisor', ['none', 'vmi', 'xen']], ['machine.memory', ['512MiB', '4GiB', '64GiB']], ['config.pae', [false, true]],
      ['kernel', ['2.6.27-rc1', '2.6.27-rc3', '2.6.26', '2.6.28']], ['config.nr_cpus', [1, 8, 35]], ['machine.cmdline', ['', 'reservetop=16M', 'vmi=disable_pse']]],
    rules: ['fixmap-before-relocation', 'stale-early-ioremap', 'missing-prerequisite', 'layout-overlap', 'fixmap-before-relocatoin'],
  },
  {
    arch: 'arm64',
    config: ['va_bits', 'kasan', 'randomize_base', 'debug_rodata', 'debug_align_rodata', 'page_size', 'image'],
    machine: ['memory', 'phys_offset', 'banks', 'fdt_phys', 'fdt_size', 'kaslr_seed', 'cmdline', 'efi', 'acpi'],
    calls: ARM64_CALLS,
    kernels: ARM64_KERNELS,
    // kaslr_seed: a 64-bit value, a bigint once read (its matrix values were an internal error, helper-176)
    axes: [['machine.kaslr_seed', [0x1234, '0xfedcba9876543210', 0]], ['config.va_bits', [39, 48]], ['machine.memory', ['1GiB', '2GiB', '4GiB']],
      ['kernel', ['v4.4', 'v4.6', 'v4.7']], ['machine.efi', [false, true]], ['machine.acpi', [false, true]], ['config.randomize_base', [false, true]]],
    rules: ['fixmap-slot-busy', 'memblock-alloc-panic', 'linear-map-before-map-mem', 'missing-prerequisite', 'duplicate-call'],
  },
  {
    arch: 'riscv',
    config: ['paging', 'cmodel', 'maxphysmem', 'strict_kernel_rwx', 'kasan', 'builtin_dtb', 'set_fixmap_fence'],
    machine: ['memory', 'ram_base', 'memory_banks', 'load_address', 'kernel', 'dtb_address', 'dtb_size', 'reserved_regions', 'efi'],
    calls: RISCV_CALLS,
    kernels: ['5.10', '5.12', '5.13-rc1', '5.13', '5.14'],
    axes: [['kernel', ['5.10', '5.12', '5.13', '5.14']], ['machine.memory', ['1GiB', '2GiB', '4GiB']], ['config.maxphysmem', ['2GB', '128GB']],
      ['config.kasan', [false, true]], ['config.strict_kernel_rwx', [false, true]]],
    rules: ['missing-prerequisite', 'duplicate-call', 'phase-order'],
  },
];

/**
 * The shipped scenarios as data, with their architecture's profile: the starting points of every case.
 * Files that extend another are left out (a case's in-memory files hold only base.yaml).
 */
export const SEEDS: readonly Record<string, unknown>[] = PROFILES.flatMap((p) => {
  const dir = new URL(`../../scenarios/${p.arch}/`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parse(readFileSync(new URL(f, dir), 'utf8')) as Record<string, unknown>)
    .filter((d) => d['extends'] === undefined);
});
/** SEEDS[i]'s profile */
function profileOf(seed: number): ArchProfile {
  const arch = SEEDS[seed % SEEDS.length]?.['arch'] ?? 'x86_32';
  return PROFILES.find((p) => p.arch === arch) ?? (PROFILES[0] as ArchProfile);
}

const TOP_KEYS = ['name', 'description', 'kernel', 'arch', 'config', 'machine', 'setup_arch'];
const ALL_KEYS = [...new Set([...TOP_KEYS, ...PROFILES.flatMap((p) => [...p.config, ...p.machine])])];

/** Text that has broken tools before: control and format characters, YAML indicators, long runs. */
const ODD = [
  '\n', '\r', '\r\n', '\t', '\u0000', '\u0002', '\u001b[2J', '\u001b]0;x\u0007', '\u202e', '\u2066', '\u200b', '\ufeff',
  '\u2028', '\u0085', '\\', '"', "'", '#', ': ', '- ', '&a', '*a', '!!str', '!x', '%', '@', '`', '{', '}', '[', ']',
  '|', '>', ',', '?', '---', '...', '\ud800', '😀', 'é', 'ǅ',
  // what the GitHub Actions runner reads as a workflow command at the start of a line, or anywhere (legacy form)
  '::', '::error file=x.yaml::', '\n::stop-commands::t', '\u2028::', '##[', '##[add-mask]',
];
const oddText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(...ODD),
  fc.array(fc.constantFrom(...ODD, 'a', 'b', ' ', '_', '0'), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.integer({ min: 0, max: 3000 }).map((n) => 'x'.repeat(n)),
);

/** A real name, a one-letter slip of one, or odd text. */
function nameLike(names: readonly string[]): fc.Arbitrary<string> {
  const real = fc.constantFrom(...names);
  const slip = fc.tuple(real, fc.nat(40), fc.constantFrom('drop', 'double', 'swap', 'upper', 'suffix')).map(([n, at, how]) => {
    const i = at % Math.max(1, n.length);
    switch (how) {
      case 'drop': return n.slice(0, i) + n.slice(i + 1);
      case 'double': return n.slice(0, i) + (n[i] ?? '') + n.slice(i);
      case 'swap': return n.slice(0, i) + (n[i + 1] ?? '') + (n[i] ?? '') + n.slice(i + 2);
      case 'upper': return n.toUpperCase();
      default: return `${n}_x`;
    }
  });
  return fc.oneof({ weight: 6, arbitrary: real }, { weight: 3, arbitrary: slip }, { weight: 1, arbitrary: oddText });
}


/** Sizes and addresses: the forms the loader accepts and the ones it must refuse. */
const size: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('512MiB', '4GiB', '64GiB', '2TiB', '1M', '0x0', '0xfc000000', '0xF8000000', '0xfff00000', '0xffffffff', '0x100000000', '512MB', '1.5G', '-1', '', 'lots', '0x', '99999999999999999999'),
  fc.integer({ min: -10, max: 2 ** 33 }),
  fc.constantFrom(0, 1, 4095, 4096, 2 ** 20, 2 ** 30, 2 ** 32, 2 ** 36, 2 ** 40, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 0.5, -0, 1e300),
  fc.nat(64).map((n) => `${n}${['', 'K', 'M', 'G', 'T', 'KiB', 'MiB', 'GiB', 'TiB', 'k', 'kB'][n % 11]}`),
);

/** A command-line parameter the model reads, with values inside and outside the kernel's ranges, or another token. */
const cmdlineParam: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('reservetop', 'vmalloc', 'mem', 'highmem'), fc.constantFrom('16M', '1M', '4G', '1G', '1023M', '0', '0x1000', '077', 'x', '', '64G', '99999999999G', '16Q'))
    .map(([k, v]) => `${k}=${v}`),
  fc.constantFrom('noexec=on', 'noexec=off', 'noexec=maybe', 'vmi=disable_pse', 'vmi=disable_pse,disable_pge', 'vmi=', 'vmi=bogus', 'quiet', 'mem=nopentium', 'console=ttyS0'),
  oddText,
);
const cmdline = fc.oneof(
  fc.array(cmdlineParam, { maxLength: 8 }).map((ps) => ps.join(' ')),
  fc.integer({ min: 1, max: 300 }).map((n) => Array.from({ length: n }, (_, i) => `reservetop=${(i % 7) + 1}M`).join(' ')),
  fc.integer({ min: 2040, max: 2060 }).map((n) => 'q'.repeat(n)),
);

/** Any value, for wrong types: scalars of every kind, lists, mappings. */
const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 'yes', 'no', 'on', '', '2.6', 2.6),
    oddText,
    size,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...ALL_KEYS, 'call', 'note', '__proto__', 'constructor'), oddText), tie('v'), { maxKeys: 3 }),
  ),
})).v;

/** RAM banks as arm64's banks: and riscv's memory_banks: take them, in and out of order, aligned or not. */
const banks: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(fc.record({ base: size, size }), { minLength: 1, maxLength: 3 }),
  fc.constantFrom([{ base: '0x80000000', size: '1GiB' }, { base: '0x100000000', size: '1GiB' }], [{ base: '0x100000000', size: '1GiB' }, { base: '0x80000000', size: '1GiB' }], []),
);

/** A 64-bit value as kaslr_seed takes it, and the forms past it. */
const u64: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 1, 0x1234, '0xfedcba9876543210', '0xffffffffffffffff', '0x10000000000000000', 18446744073709551615, -1, 2 ** 53 + 2, '12', 'x', 1.5),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => `0x${n.toString(16)}`),
);

/** A value of the right type for a path (or near it), else anything. */
function valueFor(path: readonly string[], p: ArchProfile): fc.Arbitrary<unknown> {
  const key = path[path.length - 1] ?? '';
  if (key === 'kernel' && path.length === 1) return fc.oneof(nameLike(p.kernels), fc.constantFrom(2.6, 2.627, '2.6.27-rc', '2.6.27.4', '2.6.29', '3.0', 'v4.5', '4.4.100', '5.11', 'v5.14'));
  if (key === 'kaslr_seed') return u64;
  if (key === 'banks' || key === 'memory_banks') return fc.oneof({ weight: 3, arbitrary: banks }, { weight: 1, arbitrary: anyValue });
  if (key === 'va_bits') return fc.oneof(fc.constantFrom(39, 48, 42, 47, 36, 52), anyValue);
  if (key === 'page_size') return nameLike(['4K', '16K', '64K']);
  if (key === 'paging') return nameLike(['sv39', 'sv48', 'sv57']);
  if (key === 'cmodel') return nameLike(['medany', 'medlow']);
  if (key === 'maxphysmem') return nameLike(['2GB', '128GB']);
  if (key === 'set_fixmap_fence') return nameLike(['set-and-clear', 'clear-only']);
  if (key === 'reserved_regions') return fc.oneof(fc.integer({ min: -1, max: 200 }), anyValue);
  if (key === 'image' || (key === 'kernel' && path[0] === 'machine')) return fc.oneof(fc.record({ text: size, rodata: size, init: size, data: size }, { requiredKeys: [] }), anyValue);
  if (['phys_offset', 'fdt_phys', 'fdt_size', 'ram_base', 'load_address', 'dtb_address', 'dtb_size'].includes(key)) return size;
  if (key === 'cmdline') return cmdline;
  if (key === 'hypervisor') return nameLike(['none', 'vmi', 'xen']);
  if (key === 'initrd') return nameLike(['none', 'lowmem', 'above-lowmem']);
  if (key === 'acpi_tables') return nameLike(['top-of-ram', 'low']);
  if (key === 'arch') return nameLike(['x86_32', 'arm64', 'riscv']);
  if (key === 'nr_cpus') return fc.oneof(fc.integer({ min: -1, max: 300 }), anyValue);
  if (['memory', 'page_offset', 'vmi_virtual_top', 'xen_virt_start'].includes(key)) return size;
  if (key === 'name' || key === 'description') return fc.oneof(oddText, anyValue);
  return fc.oneof({ weight: 3, arbitrary: fc.boolean() }, { weight: 1, arbitrary: anyValue });
}

/** One change to the data of a scenario. */
export type DataOp =
  | { op: 'set'; path: readonly string[]; value: unknown }
  | { op: 'drop'; path: readonly string[] }
  | { op: 'unknown-key'; at: readonly string[]; key: string; value: unknown }
  | { op: 'move-call'; from: number; to: number }
  | { op: 'drop-call'; at: number }
  | { op: 'insert-call'; at: number; call: unknown }
  | { op: 'repeat-calls'; at: number; times: number }
  | { op: 'nest'; path: readonly string[]; depth: number; flow: boolean }
  | { op: 'many-calls'; count: number; call: string }
  | { op: 'many-keys'; at: readonly string[]; count: number }
  // composing (extends, matrix) and gating (expect, allow): the paths variants and CI brought
  | { op: 'extends'; base: unknown; drop: readonly string[] }
  | { op: 'matrix'; matrix: unknown }
  | { op: 'gate'; key: 'expect' | 'allow'; entries: unknown };

/** The base every `extends:` of a case can name (properties.ts reads it through an in-memory reader). */
export const BASE_FILE = 'base.yaml';
/** A case's data mutations, over its architecture's keys, calls and matrix axes (made once per profile). */
function dataOpsOf(p: ArchProfile): fc.Arbitrary<DataOp> {
  const callName = nameLike(p.calls);
  const AXES = p.axes;
  /** An axis of the shipped model and some of its valid values, or one of them with a wrong value added, or a slip of an axis with odd values. */
  const axisPair: fc.Arbitrary<readonly [string, readonly unknown[]]> = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...AXES).chain(([axis, values]) => fc.subarray([...values], { minLength: 1 }).map((v) => [axis, v] as const)) },
    { weight: 1, arbitrary: fc.constantFrom(...AXES).chain(([axis, values]) => fc.oneof(oddText, anyValue, fc.constantFrom(...values)).map((v) => [axis, [...values, v]] as const)) },
    { weight: 1, arbitrary: fc.tuple(nameLike(AXES.map(([a]) => a)), fc.array(fc.oneof(oddText, anyValue), { maxLength: 3 })) },
  );
  /** Entries of exclude/include over the chosen axes: their own values mostly, now and then another key or odd text. */
  const entriesOver = (axes: readonly (readonly [string, readonly unknown[]])[], maxLength: number): fc.Arbitrary<unknown[]> => {
    if (axes.length === 0) return fc.constant([]);
    const pair = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...axes).chain(([axis, values]) => (values.length > 0 ? fc.constantFrom(...values) : fc.constant(null)).map((v) => [axis, v] as const)) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', ...AXES.map(([a]) => a)), oddText) },
    );
    return fc.array(fc.uniqueArray(pair, { minLength: 1, maxLength: 2, selector: ([k]) => k }).map((pairs) => Object.fromEntries(pairs)), { maxLength });
  };
  const matrixValue: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: fc.uniqueArray(axisPair, { maxLength: 2, selector: ([a]) => a }).chain((axes) => fc.record({ exclude: fc.option(entriesOver(axes, 3)), include: fc.option(entriesOver(axes, 2)) })
      .map(({ exclude, include }) => ({ ...Object.fromEntries(axes), ...(exclude !== null ? { exclude } : {}), ...(include !== null ? { include } : {}) }))) },
    { weight: 1, arbitrary: anyValue },
  );
  const gateEntry: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ rule: fc.constantFrom(...p.rules), step: fc.oneof(callName, callName.map((c) => `${c}#2`), oddText), reason: fc.option(oddText), variant: fc.option(fc.oneof(oddText, fc.constant(`${(AXES[0]?.[0] ?? 'x').split('.').at(-1) ?? 'x'}=${String(AXES[0]?.[1][0])}`))) }, { requiredKeys: ['rule', 'step'] })
      .map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null))) },
    { weight: 1, arbitrary: anyValue },
  );
  const paths: readonly (readonly string[])[] = [...TOP_KEYS.map((k) => [k]), ...p.config.map((k) => ['config', k]), ...p.machine.map((k) => ['machine', k])];
  const pathArb = fc.constantFrom(...paths);
  const index = fc.nat(80);

  return fc.oneof(
    { weight: 5, arbitrary: pathArb.chain((path) => valueFor(path, p).map((value): DataOp => ({ op: 'set', path, value }))) },
    { weight: 2, arbitrary: pathArb.map((path): DataOp => ({ op: 'drop', path })) },
    { weight: 2, arbitrary: fc.record({ at: fc.constantFrom([], ['config'], ['machine']), key: nameLike([...TOP_KEYS, ...p.config, ...p.machine]), value: anyValue }).map((r): DataOp => ({ op: 'unknown-key', ...r })) },
    { weight: 4, arbitrary: fc.record({ from: index, to: index }).map((r): DataOp => ({ op: 'move-call', ...r })) },
    { weight: 2, arbitrary: index.map((at): DataOp => ({ op: 'drop-call', at })) },
    { weight: 4, arbitrary: fc.record({ at: index, call: fc.oneof({ weight: 4, arbitrary: callName }, { weight: 1, arbitrary: anyValue }, { weight: 1, arbitrary: fc.record({ call: callName, note: fc.option(oddText) }) }) }).map((r): DataOp => ({ op: 'insert-call', ...r })) },
    { weight: 2, arbitrary: fc.record({ at: index, times: fc.integer({ min: 1, max: 40 }) }).map((r): DataOp => ({ op: 'repeat-calls', ...r })) },
    { weight: 1, arbitrary: fc.record({ path: pathArb, depth: fc.integer({ min: 1, max: 80 }), flow: fc.boolean() }).map((r): DataOp => ({ op: 'nest', ...r })) },
    // Past max-calls by more than the other operations can drop: a whole replay of 10,000 calls takes
    // a good part of a second, which belongs in `npm run bench`, not in every hundredth fuzz case.
    // Refusing one still writes and parses 200 KB or more (50 to 90 ms): at 1 in 31 of these, the 1% of
    // cases that had one took a seventh of the long run's parsing; at 1 in 100, a 100,000-case run
    // still refuses some hundreds.
    { weight: 1, arbitrary: fc.record({ count: fc.oneof({ weight: 100, arbitrary: fc.integer({ min: 50, max: 200 }) }, { weight: 1, arbitrary: fc.constant(10_050) }), call: fc.constantFrom(...p.calls) }).map((r): DataOp => ({ op: 'many-calls', ...r })) },
    { weight: 1, arbitrary: fc.record({ at: fc.constantFrom(['config'], ['machine'], [] as string[]), count: fc.constantFrom(999, 1001) }).map((r): DataOp => ({ op: 'many-keys', ...r })) },
    { weight: 2, arbitrary: fc.record({ base: fc.oneof({ weight: 6, arbitrary: fc.constant(BASE_FILE) }, { weight: 1, arbitrary: fc.constantFrom('fuzz.yaml', 'nope.yaml', './base.yaml', '../base.yaml') }, { weight: 1, arbitrary: oddText }), drop: fc.subarray(TOP_KEYS) }).map((r): DataOp => ({ op: 'extends', ...r })) },
    { weight: 2, arbitrary: matrixValue.map((matrix): DataOp => ({ op: 'matrix', matrix })) },
    { weight: 2, arbitrary: fc.record({ key: fc.constantFrom('expect' as const, 'allow' as const), entries: fc.oneof({ weight: 5, arbitrary: fc.array(gateEntry, { maxLength: 3 }) }, { weight: 1, arbitrary: anyValue }) }).map((r): DataOp => ({ op: 'gate', ...r })) },
  );
}
const DATA_OPS = new Map(PROFILES.map((p) => [p.arch, dataOpsOf(p)]));

/** How the data is written: block or flow collections, quoting, indentation. */
export interface Style {
  readonly collectionStyle: 'any' | 'block' | 'flow';
  readonly defaultStringType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
  readonly indent: number;
}

const style: fc.Arbitrary<Style> = fc.record({
  collectionStyle: fc.constantFrom('any', 'any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  indent: fc.integer({ min: 1, max: 6 }),
});

/** One change to the YAML text. Positions are fractions of the text, so they survive other edits. */
export type TextOp =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'dup-line'; at: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'line-breaks'; to: '\r' | '\r\n' }
  | { op: 'bom' }
  | { op: 'anchor-alias'; from: number; to: number; onKey: boolean }
  | { op: 'tag'; at: number; tag: string }
  | { op: 'second-document'; text: string }
  | { op: 'cut'; at: number };

const frac = fc.double({ min: 0, max: 1, noNaN: true });
const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ at: frac, text: fc.oneof(oddText, fc.constantFrom(...ODD)) }).map((r): TextOp => ({ op: 'insert', ...r })) },
  { weight: 2, arbitrary: fc.record({ at: frac, length: fc.integer({ min: 1, max: 30 }) }).map((r): TextOp => ({ op: 'delete', ...r })) },
  { weight: 1, arbitrary: frac.map((at): TextOp => ({ op: 'dup-line', at })) },
  { weight: 1, arbitrary: fc.record({ at: frac, by: fc.integer({ min: -4, max: 4 }) }).map((r): TextOp => ({ op: 'indent', ...r })) },
  { weight: 1, arbitrary: fc.constantFrom('\r' as const, '\r\n' as const).map((to): TextOp => ({ op: 'line-breaks', to })) },
  { weight: 1, arbitrary: fc.constant<TextOp>({ op: 'bom' }) },
  { weight: 2, arbitrary: fc.record({ from: frac, to: frac, onKey: fc.boolean() }).map((r): TextOp => ({ op: 'anchor-alias', ...r })) },
  { weight: 2, arbitrary: fc.record({ at: frac, tag: fc.constantFrom('!!str', '!!int', '!!map', '!!seq', '!!binary', '!!set', '!foo', '!<tag:x>', '!!null', '!!bool', '!!float', '!') }).map((r): TextOp => ({ op: 'tag', ...r })) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(''), oddText, fc.constant('setup_arch: [early_cpu_init]')).map((text): TextOp => ({ op: 'second-document', text })) },
  { weight: 1, arbitrary: frac.map((at): TextOp => ({ op: 'cut', at })) },
);

/** One generated case: a seed, what was done to its data and its text, and the text it came to. */
export interface Case {
  readonly seed: number;
  readonly dataOps: readonly DataOp[];
  readonly style: Style;
  readonly textOps: readonly TextOp[];
  readonly text: string;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function getIn(data: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = data;
  for (const k of path) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function parentOf(data: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let v: Record<string, unknown> = data;
  for (const k of path.slice(0, -1)) {
    const next = v[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      const fresh: Record<string, unknown> = {};
      Object.defineProperty(v, k, { value: fresh, enumerable: true, writable: true, configurable: true });
      v = fresh;
    } else v = next as Record<string, unknown>;
  }
  return v;
}

function setIn(data: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const last = path[path.length - 1];
  if (last === undefined) return;
  const parent = parentOf(data, path);
  // defineProperty only for __proto__, which an assignment would take as the prototype: it is several
  // times slower, and many-keys sets a thousand keys (a fifth of generating a case)
  if (last === '__proto__') Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  else parent[last] = value;
}

function calls(data: Record<string, unknown>): unknown[] {
  const c = data['setup_arch'];
  if (Array.isArray(c)) return c;
  const fresh: unknown[] = [];
  data['setup_arch'] = fresh;
  return fresh;
}

function applyDataOp(data: Record<string, unknown>, op: DataOp): void {
  switch (op.op) {
    case 'set': setIn(data, op.path, clone(op.value)); return;
    case 'drop': {
      const last = op.path[op.path.length - 1];
      const parent = getIn(data, op.path.slice(0, -1));
      if (last !== undefined && typeof parent === 'object' && parent !== null) Reflect.deleteProperty(parent, last);
      return;
    }
    case 'unknown-key': setIn(data, [...op.at, op.key], clone(op.value)); return;
    case 'move-call': {
      const c = calls(data);
      if (c.length === 0) return;
      const [item] = c.splice(op.from % c.length, 1);
      c.splice(op.to % (c.length + 1), 0, item);
      return;
    }
    case 'drop-call': {
      const c = calls(data);
      if (c.length > 0) c.splice(op.at % c.length, 1);
      return;
    }
    case 'insert-call': {
      const c = calls(data);
      c.splice(op.at % (c.length + 1), 0, clone(op.call));
      return;
    }
    case 'repeat-calls': {
      const c = calls(data);
      if (c.length === 0) return;
      const item = c[op.at % c.length];
      for (let i = 0; i < op.times; i++) c.splice(op.at % c.length, 0, clone(item));
      return;
    }
    case 'nest': {
      let v: unknown = getIn(data, op.path) ?? 'x';
      for (let i = 0; i < op.depth; i++) v = op.flow ? [v] : { a: v };
      setIn(data, op.path, v);
      return;
    }
    case 'many-calls':
      data['setup_arch'] = Array.from({ length: op.count }, () => op.call);
      return;
    case 'many-keys':
      for (let i = 0; i < op.count; i++) setIn(data, [...op.at, `k${i}`], i);
      return;
    case 'extends':
      for (const key of op.drop) Reflect.deleteProperty(data, key);
      data['extends'] = clone(op.base);
      return;
    case 'matrix': data['matrix'] = clone(op.matrix); return;
    case 'gate': data[op.key] = clone(op.entries); return;
  }
}

function at(text: string, f: number): number {
  return Math.min(text.length, Math.floor(f * (text.length + 1)));
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', Math.max(0, i - 1)) + 1;
}

function applyTextOp(text: string, op: TextOp): string {
  switch (op.op) {
    case 'insert': { const i = at(text, op.at); return text.slice(0, i) + op.text + text.slice(i); }
    case 'delete': { const i = at(text, op.at); return text.slice(0, i) + text.slice(i + op.length); }
    case 'dup-line': {
      const s = lineStart(text, at(text, op.at));
      const e = text.indexOf('\n', s);
      const line = text.slice(s, e < 0 ? text.length : e + 1);
      return text.slice(0, s) + line + text.slice(s);
    }
    case 'indent': {
      const s = lineStart(text, at(text, op.at));
      if (op.by >= 0) return text.slice(0, s) + ' '.repeat(op.by) + text.slice(s);
      let n = 0;
      while (n < -op.by && text[s + n] === ' ') n++;
      return text.slice(0, s) + text.slice(s + n);
    }
    case 'line-breaks': return text.replaceAll('\n', op.to);
    case 'bom': return `\ufeff${text}`;
    case 'anchor-alias': {
      // "key: value" lines: give one value (or its key, review 17b 1.1) an anchor and make a later one an
      // alias to it; two such ops give two anchors of one name, the later one being what the alias means
      const lines = text.split('\n');
      const valued = lines.map((l, i) => (/^\s*(- )?[\w-]+: \S/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (valued.length === 0) return text;
      const a = valued[Math.floor(op.from * valued.length) % valued.length] as number;
      const b = valued[Math.floor(op.to * valued.length) % valued.length] as number;
      const [first, second] = a <= b ? [a, b] : [b, a];
      lines[first] = (lines[first] as string).replace(op.onKey ? /^(\s*(?:- )?)/ : /: /, op.onKey ? '$1&fz ' : ': &fz ');
      if (second !== first) lines[second] = (lines[second] as string).replace(/: .*$/, ': *fz');
      return lines.join('\n');
    }
    case 'tag': {
      const i = at(text, op.at);
      const colon = text.indexOf(': ', i);
      if (colon < 0) return text;
      return `${text.slice(0, colon + 2)}${op.tag} ${text.slice(colon + 2)}`;
    }
    case 'second-document': return `${text}---\n${op.text}\n`;
    case 'cut': return text.slice(0, at(text, op.at));
  }
}

function render(data: Record<string, unknown>, s: Style): string {
  return stringify(data, { collectionStyle: s.collectionStyle, defaultStringType: s.defaultStringType, indent: s.indent, lineWidth: 0 });
}

/** Builds the text of a case from its choices (exported for reproducers). */
export function buildText(seed: number, dataOps: readonly DataOp[], s: Style, textOps: readonly TextOp[]): string {
  const data = clone(SEEDS[seed % SEEDS.length] ?? {});
  for (const op of dataOps) applyDataOp(data, op);
  let text = render(data, s);
  for (const op of textOps) text = applyTextOp(text, op);
  return text;
}

/** The text mutations of a case: none, or one to four. */
const textOps: fc.Arbitrary<readonly TextOp[]> = fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 4 }) });
/** The choices of a case of each seed, made once (the same arbitraries as made anew for every case, the same values) */
const CHOICES_OF_SEED: readonly fc.Arbitrary<Omit<Case, 'text'>>[] = SEEDS.map((_, seed) => fc.record({
  seed: fc.constant(seed),
  dataOps: fc.array(DATA_OPS.get(profileOf(seed).arch) as fc.Arbitrary<DataOp>, { maxLength: 6 }),
  style,
  textOps,
}));

/** A scenario file's text, built from a shipped one by data and text mutations. */
export const scenarioCase: fc.Arbitrary<Case> = fc
  .nat(SEEDS.length - 1)
  .chain((seed) => CHOICES_OF_SEED[seed] as fc.Arbitrary<Omit<Case, 'text'>>)
  .map((r) => ({ ...r, text: buildText(r.seed, r.dataOps, r.style, r.textOps) }));

/** A case as a failure report shows it: the text first (JSON-quoted, so every character is visible), then the choices. */
export function describeCase(c: Case): string {
  return `scenario text: ${JSON.stringify(c.text)}\nchoices: ${JSON.stringify({ seed: c.seed, dataOps: c.dataOps, style: c.style, textOps: c.textOps })}`;
}
