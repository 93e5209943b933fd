/**
 * Shared phrasing for riscv findings: step labels, the step that switched
 * to swapper (setup_vm_final), value names, positions of scenario keys.
 */
import type { Value } from '../effects.js';
import type { EventOf, RiscvEvent, StepRef } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { eventIndex } from '../../../replay/event-index.js';
import { positionOf, type Pos } from '../../../scenario/types.js';

import { exactSum } from '../../../units.js';

export { hex, size } from '../../../units.js';
export { permText } from '../profile.js';

/**
 * The address of an access's first byte, exactly: its page plus its offset
 * (the DTB's 0xffffffe07fdffff8, not the double 0xffffffe07fe00000); a
 * bigint when it is above 2^53 and not page-aligned.
 */
export function firstByte(e: EventOf<'access'>): number | bigint {
  return exactSum(e.va, e.offset);
}

export function label(step: StepRef): string {
  return step.implicit ? `${step.name} (before start_kernel)` : `${step.name} (step ${step.index})`;
}

/** The step whose setup_vm_final() switched satp to swapper_pg_dir, if any. */
export function finalStep(trace: RiscvTrace): StepRef | undefined {
  for (const e of eventIndex(trace.events).of('satp')) if (e.to === 'swapper') return e.step;
  return undefined;
}

/** The first event of a kind that satisfies a predicate. */
export function firstEvent<K extends RiscvEvent['kind']>(trace: RiscvTrace, kind: K, pred: (e: Extract<RiscvEvent, { kind: K }>) => boolean = () => true): Extract<RiscvEvent, { kind: K }> | undefined {
  for (const e of trace.events) {
    if (e.kind === kind && pred(e as Extract<RiscvEvent, { kind: K }>)) return e as Extract<RiscvEvent, { kind: K }>;
  }
  return undefined;
}

/** The position of the first of these scenario keys that the file has, else the fallback. */
export function keyPos(trace: RiscvTrace, keys: readonly string[], fallback: Pos): Pos {
  for (const k of keys) {
    const p = trace.scenario.positions[k];
    if (p !== undefined) return p;
  }
  return fallback;
}

export function docPos(trace: RiscvTrace, key: string): Pos {
  return positionOf(trace.scenario, key);
}

/** "init_resources() writes mem_res[]", from an access's "code: object" text. */
export function accessText(e: EventOf<'access'>): string {
  const i = e.what.indexOf(': ');
  const who = i < 0 ? e.what : e.what.slice(0, i);
  const obj = i < 0 ? (e.dtb ? 'the DTB' : 'memory') : `${e.what.slice(i + 2)}${e.dtb ? ' in the DTB' : ''}`;
  return `${who} ${e.write ? 'writes' : 'reads'} ${obj}`;
}

export const VALUE_NAMES: Readonly<Record<Value, string>> = {
  fdt: 'the flattened DTB (initial_boot_params, memblock.memory)',
  early_ioremap: 'the early_ioremap slots',
  memblock: 'memblock with the kernel and the DTB reserved',
  linear_map: 'the linear map (setup_vm_final)',
  device_tree: 'the unflattened device tree',
  memmap: 'the struct pages and zones (sparse_init, zone_sizes_init)',
  efi_memory: 'memblock.memory from the EFI memory map (efi_init → reserve_regions())',
};

export const VALUE_SETTERS: Readonly<Record<Value, string>> = {
  fdt: 'parse_dtb',
  early_ioremap: 'early_ioremap_setup',
  memblock: 'setup_bootmem (5.14: paging_init)',
  linear_map: 'paging_init',
  device_tree: 'unflatten_device_tree',
  memmap: 'misc_mem_init (5.10: paging_init)',
  efi_memory: 'efi_init',
};

/** The first step that sets a value after setup_arch step `after`, if any. */
export function setterOf(trace: RiscvTrace, value: Value, after = -1): StepRef | undefined {
  for (const e of eventIndex(trace.events).of('value-set')) if (e.value === value && e.step.index > after) return e.step;
  return undefined;
}

/** The remedy of a MAXPHYSMEM_2GB kernel from 5.13 (layout-collision, linear-map-empty): the option was removed for being broken. */
export const MAXPHYSMEM_2GB_FIX = 'build with CMODEL_MEDANY and MAXPHYSMEM_128GB ("riscv: Get rid of MAXPHYSMEM configs" removed the 2 GB option, Fixes: 2bfc6cd81bd1)';
