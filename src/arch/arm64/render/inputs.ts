/**
 * The inputs of a arm64 scenario as `diff` compares them: every `config:`
 * and `machine:` key after defaults, in schema order, written the way a
 * scenario writes it (addresses in hex, sizes with a binary unit, lists and
 * mappings as compact YAML-like text).
 */
import type { InputValue } from '../../types.js';
import { hex } from '../../../units.js';
import { inputPaths } from '../../../scenario/input-paths.js';
import { argsSpan } from '../../kernel-args.js';
import { quoteText } from '../../../escape.js';
import { configSchema, machineSchema } from '../schema.js';
import type { Arm64Scenario } from '../types.js';

/** Keys whose values are physical addresses (hex), not sizes. */
const ADDRESSES: ReadonlySet<string> = new Set(['phys_offset', 'base', 'fdt_phys']);

function size(bytes: number): string {
  for (const [unit, n] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= n && bytes % n === 0) return `${bytes / n}${unit}`;
  }
  return String(bytes);
}

function text(key: string, v: unknown): string {
  // a 64-bit value (kaslr_seed) is a register's bits: hex, as /chosen/kaslr-seed is written
  if (typeof v === 'bigint') return `0x${v.toString(16)}`;
  // the command line as its parameters make it (argsSpan), but only spaces trimmed: kaslr_early_init()
  // reads the raw line, where a nokaslr after a leading tab is not seen (cmdline.ts); quoted, as x86_32's is,
  // because bisect reads the text back as YAML: unquoted, "earlycon #x" was read as earlycon (a comment)
  if (typeof v === 'string' && key === 'cmdline') return quoteText(argsSpan(v, 'space'));
  if (typeof v === 'number') return ADDRESSES.has(key) ? hex(v) : key === 'va_bits' || key === 'kaslr_seed' || key === 'page_size' ? String(v) : size(v);
  return String(v);
}

/**
 * Nested mappings by key path (`machine.x.y`); lists as compact flow text.
 * The RAM is `machine.banks`, which a file sets with `memory:` and
 * `phys_offset:` as often as with `banks:`: the input says so (writtenAs), so
 * that `bisect` writes a 4 GiB GOOD's RAM into its plain data instead of
 * replaying it on the default 2 GiB (helper-176).
 */
export function inputsArm64(s: Arm64Scenario): readonly InputValue[] {
  return [
    ...inputPaths('config', Object.keys(configSchema().def.shape), s.config, text),
    ...inputPaths('machine', Object.keys(machineSchema().def.shape), s.machine, text).map((v) => (
      v.key === 'machine.banks' ? { ...v, writtenAs: { key: 'machine.banks', from: ['machine.memory', 'machine.phys_offset', 'machine.banks'] } } : v
    )),
  ];
}
