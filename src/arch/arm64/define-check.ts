/**
 * Per-variant checks of `define:` calls (ArchPlugin.checkDefined): a
 * `linear_alloc:` larger than any RAM range of the variant's machine. The
 * schema cannot know the machine (a matrix varies it), so the check runs on
 * the resolved variant.
 *
 * memblock allocates within one memblock.memory region (adjacent banks are
 * merged into one by memblock_add_range()), and when nothing fits
 * memblock_alloc() = memblock_alloc_base(size, align, MEMBLOCK_ALLOC_ACCESSIBLE)
 * panics "ERROR: Failed to allocate 0x%llx bytes below 0x%llx."
 * (chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:1208-1219; the same in
 * v4.4 and v4.7, memblock.ts MEMBLOCK_ALLOC_PANIC). The replay does not model
 * that panic for a defined call's allocation, so an allocation that cannot fit
 * in the machine is refused here, naming the machine's memory.
 */
import type { DefinedProblem } from '../types.js';
import { sizeText } from './addr.js';
import type { Arm64Scenario, Bank } from './types.js';
import { hex, hexDigits, sizeAgainstLimit } from '../../units.js';

interface Range {
  readonly start: number;
  readonly end: number;
}

/** The banks as memblock.memory holds them: adjacent banks merged (banks are ascending, non-overlapping). */
function ranges(banks: readonly Bank[]): Range[] {
  const out: Range[] = [];
  for (const b of banks) {
    const last = out[out.length - 1];
    if (last !== undefined && last.end === b.base) out[out.length - 1] = { start: last.start, end: b.base + b.size };
    else out.push({ start: b.base, end: b.base + b.size });
  }
  return out;
}

export function checkDefinedArm64(scenario: Arm64Scenario): DefinedProblem[] {
  const out: DefinedProblem[] = [];
  const used = new Set(scenario.steps.map((s) => s.call));
  const memory = ranges(scenario.machine.banks);
  let largest: Range | undefined;
  for (const r of memory) if (largest === undefined || r.end - r.start > largest.end - largest.start) largest = r;
  if (largest === undefined) return out;
  const max = largest.end - largest.start;
  const where = memory.length === 1
    ? `the machine's memory (${sizeText(max)} at ${hex(largest.start)}…${hex(largest.end)})`
    : `the machine's largest RAM range (${sizeText(max)} at ${hex(largest.start)}…${hex(largest.end)}; memblock allocates within one range)`;
  for (const [name, def] of Object.entries(scenario.defined)) {
    if (!used.has(name)) continue;
    for (const effect of def.compiled) {
      if (effect.op !== 'linear_alloc' || effect.size <= max) continue;
      // at the value, and the limit exact: "at most 2.00 GiB" hid 2050 MiB (helper-181, 9)
      out.push({
        call: name,
        key: 'linear_alloc',
        message: `define.${name}.linear_alloc: ${sizeAgainstLimit(effect.size, max, sizeText)} is more than ${where}; memblock_alloc() finds no such range and panics ("ERROR: Failed to allocate 0x${hexDigits(effect.size)} bytes below 0x0.", mm/memblock.c memblock_alloc_base()); at most 0x${hexDigits(max)} bytes (${sizeText(max)})`,
      });
    }
  }
  return out;
}
