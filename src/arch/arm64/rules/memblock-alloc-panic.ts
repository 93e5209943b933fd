/**
 * memblock-alloc-panic: an early allocation of data (not a page table:
 * pgtable-alloc-outside-map says those) that memblock cannot satisfy, so
 * the allocator panics and the boot stops in that step: memblock still
 * empty (no call has added RAM), or no free range as large as asked for.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { AllocFailEvent, StepRef } from '../replay/events.js';
import { dataAllocPanic, noRangeText } from '../mm/memblock.js';
import type { Arm64Trace } from '../types.js';
import { hex, label } from './describe.js';
import { settersOf } from '../setters.js';
import { sizeText } from '../addr.js';

const ID = 'memblock-alloc-panic';

/**
 * The first failed allocation of a step; for an empty memblock, the later
 * step that adds RAM (the fix moves it before), or, when the order has no
 * such call, the calls that would (settersOf('memblock'): setup_machine_fdt
 * on a DT boot, efi_init on a UEFI one).
 */
interface Hit {
  readonly e: AllocFailEvent;
  readonly laterOk: StepRef | undefined;
  readonly memory: readonly string[];
}

export const memblockAllocPanic: Rule<Arm64Trace> = lazyRule<Arm64Trace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'an early data allocation (memblock_alloc, memblock_virt_alloc, alloc_bootmem_low) that memblock cannot satisfy: the kernel panics',
    explanation: `Early boot allocates data from memblock: the unflattened device tree (early_init_dt_alloc_memory_arch() =
__va(memblock_alloc())), struct resource (alloc_bootmem_low()), the sparse usemap and vmemmap blocks
(memblock_virt_alloc*()), v4.4's zero page (early_alloc()), and a scenario's define: linear_alloc. None of
these returns NULL early in boot: when memblock has no free range of the size below the limit, each panics
(v4.4-v4.7 mm/memblock.c memblock_alloc_base() "ERROR: Failed to allocate 0x%llx bytes below 0x%llx.",
memblock_virt_alloc_try_nid() "Failed to allocate %llu bytes", mm/nobootmem.c ___alloc_bootmem() "Out of
memory"). memblock has no RAM at all until early_init_dt_scan() (setup_machine_fdt) or, booted through UEFI,
efi_init()'s reserve_regions() adds it; after that, what is free is the RAM minus the kernel image, the FDT and
everything allocated before.

Fix: allocate after the call that adds RAM to memblock; for a size no free range holds, allocate less (no order
makes a range larger than the machine's free RAM).`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    const failed = eventIndex(trace.events).of('alloc-fail');
    if (failed.length === 0) return hits;
    const memory: readonly string[] = settersOf('memblock', trace.scenario);
    const adder = trace.steps.find((st) => memory.includes(st.name));
    const seen = new Set<StepRef>();
    for (const e of failed) {
      // the step stopped at its first failure (ModelState.bug): one finding a step
      if (seen.has(e.step)) continue;
      seen.add(e.step);
      const laterOk = e.empty && adder !== undefined && adder.index > e.step.index ? adder : undefined;
      hits.push({ e, laterOk, memory: e.empty && adder === undefined ? memory : [] });
    }
    return hits;
  },
  verdict: ({ e, laterOk }) => ({ rule: ID, severity: 'error', step: e.step, related: laterOk !== undefined ? [{ step: laterOk }] : [], halts: true }),
  format: ({ e, laterOk, memory }) => {
    // the range the allocation needs, as both remedies name it; bytes where the two sizes round alike
    const exact = sizeText(e.size) === sizeText(e.largestFree);
    const bytes = (n: number): string => (exact ? `${hex(n)} bytes` : sizeText(n));
    const range = `${bytes(e.size)}${e.limit !== null ? ` below ${hex(e.limit)}` : ''}`;
    return {
      rule: ID,
      severity: 'error',
      halts: true,
      step: e.step,
      pos: e.step.pos,
      message: `${allocationText(e)} with ${e.allocator}(): ${noRangeText(e)}`,
      related: laterOk !== undefined ? [{ step: laterOk, role: `adds RAM to memblock (${laterOk.name === 'efi_init' ? 'reserve_regions()' : 'early_init_dt_scan()'})` }] : [],
      addresses: { size: e.size, ...(e.empty ? {} : { largest_free: e.largestFree, ...(e.largestFit < e.largestFree ? { largest_fit: e.largestFit } : {}) }), ...(e.limit !== null ? { limit: e.limit } : {}) },
      consequence: `${dataAllocPanic(e.allocator, e.size)}: the boot stops in ${label(e.step)}`,
      fix: laterOk !== undefined
        ? `move ${label(laterOk)} before ${label(e.step)}`
        : memory.length > 0
          ? `memblock has no RAM before ${label(e.step)}: call ${memory.join(' or ')} before it`
          : e.empty
            ? `memblock has no RAM before ${label(e.step)}: add it first`
            // what is free here, not what every order leaves: before paging_init and sparse_init take the
            // top of RAM a larger range may be free (helper-176); the verified-fix search says which moves help
            : e.largestFit < e.largestFree
              // the range's start is off the alignment: what fits is less than the range (helper-177: "0x75deffff bytes, short of 0x75deffff bytes")
              ? `memblock's largest free range at ${label(e.step)} is ${hex(e.largestFree)} bytes, but at ${sizeText(e.align)} alignment no free range holds more than ${hex(e.largestFit)} bytes, short of ${hex(e.size)} bytes${e.limit !== null ? ` below ${hex(e.limit)}` : ''}: allocate at most ${hex(e.largestFit)} bytes, or give the machine more memory`
              : `memblock's largest free range at ${label(e.step)} is ${bytes(e.largestFree)}, short of ${range}: allocate less, or give the machine more memory`,
      // when RAM comes later but no order gets it there in time (or the size fits no range it frees)
      ...(laterOk !== undefined ? { otherwise: `allocate less (memblock must have a free range of ${range} once ${label(laterOk)} adds RAM), or give the machine more memory` } : {}),
      ...(memory.length > 0 ? { setters: memory } : {}),
    };
  },
});

/**
 * "sparse_init allocates the section usemap (memblock_virt_alloc) (4 KiB)"; without what repeats itself
 * (helper-180 F7.2): a define's own allocation is "hog (define:) allocates 64 MiB", and an object whose
 * name already gives the size is not followed by it again.
 */
function allocationText(e: { readonly via: string; readonly what: string; readonly size: number }): string {
  const size = sizeText(e.size);
  if (e.what === `${e.via} (define:)`) return `${e.what} allocates ${size}`;
  return `${e.via} allocates ${e.what}${e.what.includes(size) ? '' : ` (${size})`}`;
}
