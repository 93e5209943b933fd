/**
 * The inputs of a riscv scenario as `diff` compares them: every `config:`
 * and `machine:` key after defaults, in schema order, written the way a
 * scenario writes it (addresses in hex, sizes with a binary unit, lists and
 * mappings as compact YAML-like text).
 */
import type { InputValue } from '../../types.js';
import { hex } from '../../../units.js';
import { ConfigSchema, MachineSchema } from '../schema.js';
import type { RiscvScenario } from '../types.js';

/** Keys whose values are physical addresses (hex), not sizes. */
const ADDRESSES: ReadonlySet<string> = new Set(['ram_base', 'load_address', 'dtb_address', 'base']);

function size(bytes: number): string {
  for (const [unit, n] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= n && bytes % n === 0) return `${bytes / n}${unit}`;
  }
  return String(bytes);
}

function text(key: string, v: unknown): string {
  if (typeof v === 'number') return ADDRESSES.has(key) ? hex(v) : key === 'reserved_regions' ? String(v) : size(v);
  if (Array.isArray(v)) return `[${v.map((x) => text(key, x)).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return `{${Object.entries(v).map(([k, x]) => `${k}: ${text(k, x)}`).join(', ')}}`;
  return String(v);
}

export function inputsRiscv(s: RiscvScenario): readonly InputValue[] {
  const out: InputValue[] = [];
  const config = new Map<string, unknown>(Object.entries(s.config));
  const machine = new Map<string, unknown>(Object.entries(s.machine));
  for (const key of Object.keys(ConfigSchema.def.shape)) if (config.has(key)) out.push({ key: `config.${key}`, value: text(key, config.get(key)) });
  for (const key of Object.keys(MachineSchema.def.shape)) if (machine.has(key)) out.push({ key: `machine.${key}`, value: text(key, machine.get(key)) });
  return out;
}
