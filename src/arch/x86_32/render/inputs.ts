/**
 * The inputs of an x86_32 scenario as `diff` compares them: every `config:`
 * and `machine:` key after defaults, in schema order, written the way a
 * scenario writes it (sizes with a binary unit, addresses in hex).
 */
import type { InputValue } from '../../types.js';
import { hex } from '../../../units.js';
import { ConfigSchema, MachineSchema } from '../schema.js';
import type { X86Scenario } from '../types.js';

/** Keys whose values are virtual addresses (hex), not sizes. */
const ADDRESSES: ReadonlySet<string> = new Set(['page_offset', 'vmi_virtual_top', 'xen_virt_start']);

function size(bytes: number): string {
  for (const [unit, n] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= n && bytes % n === 0) return `${bytes / n}${unit}`;
  }
  return String(bytes);
}

function text(key: string, v: unknown): string {
  if (typeof v === 'number') return ADDRESSES.has(key) ? hex(v) : key === 'memory' ? size(v) : String(v);
  if (typeof v === 'string') return key === 'cmdline' ? JSON.stringify(v) : v;
  return String(v);
}

export function inputsX86(s: X86Scenario): readonly InputValue[] {
  const out: InputValue[] = [];
  const config: Readonly<Record<string, unknown>> = s.config;
  const machine: Readonly<Record<string, unknown>> = s.machine;
  for (const key of Object.keys(ConfigSchema.def.shape)) out.push({ key: `config.${key}`, value: text(key, config[key]) });
  for (const key of Object.keys(MachineSchema.def.shape)) out.push({ key: `machine.${key}`, value: text(key, machine[key]) });
  return out;
}
