/**
 * The inputs of an x86_32 scenario as `diff` compares them: every `config:`
 * and `machine:` key after defaults, in schema order, written the way a
 * scenario writes it (sizes with a binary unit, addresses in hex, the
 * command line quoted, without the separators at either end).
 */
import type { InputValue } from '../../types.js';
import { quoteText } from '../../../escape.js';
import { hex } from '../../../units.js';
import { inputPaths, type LeafText } from '../../../scenario/input-paths.js';
import { argsSpan, type ArgSeparators } from '../../kernel-args.js';
import { argSeparators } from '../history.js';
import { ConfigSchema, MachineSchema } from '../schema.js';
import type { X86Scenario } from '../types.js';

/** Keys whose values are virtual addresses (hex), not sizes. */
const ADDRESSES: ReadonlySet<string> = new Set(['page_offset', 'vmi_virtual_top', 'xen_virt_start', 'xen_pt_base', '_text', '__init_end', '_end']);

function size(bytes: number): string {
  for (const [unit, n] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= n && bytes % n === 0) return `${bytes / n}${unit}`;
  }
  return String(bytes);
}

/**
 * How a leaf is written; the command line as the kernel splits it (argsSpan):
 * the separators at either end that `separators` names are no part of it,
 * as 536870912 and 512MiB are one memory size.
 */
function leafText(separators: ArgSeparators): LeafText {
  return (key, v) => {
    if (typeof v === 'number') return ADDRESSES.has(key) ? hex(v) : key === 'memory' ? size(v) : String(v);
    if (typeof v === 'string') return key === 'cmdline' ? quoteText(argsSpan(v, separators)) : v;
    return String(v);
  };
}

/** Nested mappings (machine.cpu, config.system_map) by key path: `machine.cpu.pse`. */
export function inputsX86(s: X86Scenario): readonly InputValue[] {
  // a hypervisor's own keys only on its machines: the Xen page-table defaults follow the memory size,
  // and a VMI 512 MiB vs 4 GiB diff listing them would name values no VMI boot reads
  const machineKeys = Object.keys(MachineSchema.def.shape).filter((k) => (HYPERVISOR_KEYS[k] ?? s.machine.hypervisor) === s.machine.hypervisor);
  // before 2.6.32-rc1 only ' ' separates: a tab at the end is part of the last parameter there
  const text = leafText(argSeparators(s.kernel));
  return [
    ...inputPaths('config', Object.keys(ConfigSchema.def.shape), s.config, text),
    ...inputPaths('machine', machineKeys, s.machine, text),
  ];
}

/** machine: keys only one hypervisor reads (vmi_rom, start_info and the hypervisor hole), by key. */
const HYPERVISOR_KEYS: Readonly<Record<string, X86Scenario['machine']['hypervisor']>> = {
  vmi_virtual_top: 'vmi',
  xen_virt_start: 'xen',
  xen_pt_base: 'xen',
  xen_nr_pt_frames: 'xen',
};
