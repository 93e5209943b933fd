/**
 * The inputs of a riscv scenario as `diff` compares them: every `config:`
 * and `machine:` key after defaults, in schema order, written the way a
 * scenario writes it (addresses in hex, sizes with a binary unit, lists and
 * mappings as compact YAML-like text).
 */
import type { InputValue } from '../../types.js';
import { hex } from '../../../units.js';
import { inputPaths } from '../../../scenario/input-paths.js';
import { configSchema, machineSchema } from '../schema.js';
import type { RiscvScenario } from '../types.js';

/** Keys whose values are physical addresses (hex), not sizes. */
const ADDRESSES: ReadonlySet<string> = new Set(['ram_base', 'load_address', 'dtb_address', 'base']);

function size(bytes: number): string {
  for (const [unit, n] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= n && bytes % n === 0) return `${bytes / n}${unit}`;
  }
  return String(bytes);
}

function text(key: string, v: string | number | bigint | boolean): string {
  if (typeof v === 'number') return ADDRESSES.has(key) ? hex(v) : key === 'reserved_regions' ? String(v) : size(v);
  return String(v);
}

/**
 * Nested mappings by key path (`machine.x.y`); lists as compact flow text.
 * The RAM comes first as `machine.memory_banks`: `memory:`, `ram_base:` and
 * `memory_banks:` all resolve to the banks, which the schema's key list does
 * not name (a diff of 2 GiB against 4 GiB said "inputs: same").
 */
export function inputsRiscv(s: RiscvScenario): readonly InputValue[] {
  const banks = s.machine.banks.map((b) => `{base: ${hex(b.start)}, size: ${size(b.end - b.start)}}`).join(', ');
  return [
    ...inputPaths('config', Object.keys(configSchema().def.shape), s.config, text),
    // written back as memory_banks (same {base, size} items), set by a file that writes any of the three
    // named by the key riscv has (memory_banks), not the resolved shape's banks, which no riscv file can write (helper-181, 5)
    { key: 'machine.memory_banks', value: `[${banks}]`, writtenAs: { key: 'machine.memory_banks', from: ['machine.memory', 'machine.ram_base', 'machine.memory_banks'] } },
    ...inputPaths('machine', Object.keys(machineSchema().def.shape), s.machine, text),
  ];
}
