/**
 * layout-overlap: in the final layout, two regions of the kernel's virtual
 * address space overlap, or one that must not be empty is.
 */
import type { Region } from '../arch/x86_32/layout.js';
import type { StepRef } from '../replay/events.js';
import type { Trace } from '../replay/replay.js';
import { hex, label } from './describe.js';
import type { Finding, Rule } from './types.js';

const ID = 'layout-overlap';

/** The last step that moved the layout: a relocation, max_low_pfn, or vmalloc=. */
function lastLayoutStep(trace: Trace): { step: StepRef; related: StepRef[] } {
  const movers: StepRef[] = [];
  for (const e of trace.events) {
    if (e.kind === 'relocation' || e.kind === 'max-low-pfn' || e.kind === 'vmalloc-reserve-set') movers.push(e.step);
  }
  const step = movers[movers.length - 1] ?? trace.steps[0];
  if (step === undefined) throw new Error('internal: a trace always has an implicit step');
  const related = [...new Map(movers.filter((s) => s !== step).map((s) => [s.index, s])).values()];
  return { step, related };
}

function span(r: Region): string {
  return `${r.name} ${hex(r.start)}–${hex(r.end)}`;
}

export const layoutOverlap: Rule = {
  meta: {
    id: ID,
    severity: 'error',
    doc: 'final regions (lowmem, vmalloc, pkmap, fixmap, hypervisor hole) overlap or are empty',
    explanation: `After the replay the model lays out the kernel's virtual address space the way the headers do
(page_32.h, pgtable_32.h, highmem.h, fixmap_32.h):
  lowmem      PAGE_OFFSET .. high_memory = PAGE_OFFSET + max_low_pfn * PAGE_SIZE
  vmalloc     VMALLOC_START = ALIGN(high_memory + VMALLOC_OFFSET, VMALLOC_OFFSET) .. VMALLOC_END
  pkmap       PKMAP_BASE = (FIXADDR_BOOT_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK
  fixmap      FIXADDR_BOOT_START .. FIXADDR_TOP + PAGE_SIZE
  hypervisor  the lowest reserved -reserve .. 4 GiB
Any overlap means two users map the same virtual addresses; an empty vmalloc area or lowmem means the
kernel cannot boot. Typical causes: a reserve larger than __VMALLOC_RESERVE leaves room for, vmalloc=
parsed after Xen's reservation (parse_vmalloc assigns __VMALLOC_RESERVE, forgetting the reserve), or a
max_low_pfn computed before a relocation (see lowmem-before-relocation).

Fix: make the reservations fit (smaller vmalloc=, reservetop=, or more address space via VMSPLIT), or
compute max_low_pfn after every relocation.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    const { regions } = trace.layout;
    const { step, related } = lastLayoutStep(trace);
    const rel = related.map((s) => ({ step: s, role: 'also shapes the layout' }));
    const report = (message: string, addresses: Record<string, number>, consequence: string, fix: string): void => {
      findings.push({ rule: ID, severity: 'error', step, pos: step.pos, message, related: rel, addresses, consequence, fix });
    };
    for (const r of regions) {
      if (r.end > r.start || r.name === 'hypervisor') continue;
      report(
        `${r.name} is empty: ${hex(r.start)}–${hex(r.end)}` + (r.name === 'lowmem' ? ' (no step set max_low_pfn)' : ''),
        { start: r.start, end: r.end },
        r.name === 'lowmem' ? 'no direct map: the kernel cannot allocate memory' : 'no vmalloc space: vmalloc() and ioremap() fail',
        r.name === 'lowmem' ? 'call find_low_pfn_range (2.6.26: setup_memory)' : `shrink the reservations or vmalloc=; the last change is ${label(step)}`,
      );
    }
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i];
        const b = regions[j];
        if (a === undefined || b === undefined || a.end <= a.start || b.end <= b.start) continue;
        if (a.start < b.end && b.start < a.end) {
          report(
            `${span(a)} overlaps ${span(b)}`,
            { [`${a.name}_start`]: a.start, [`${a.name}_end`]: a.end, [`${b.name}_start`]: b.start, [`${b.name}_end`]: b.end },
            `the kernel maps ${a.name} and ${b.name} at the same virtual addresses`,
            `compute max_low_pfn after every relocation and keep the reservations within __VMALLOC_RESERVE; the last change is ${label(step)}`,
          );
        }
      }
    }
    return findings;
  },
};
