/**
 * kernel-mapping-user: direct-map entries (the kernel image and lowmem) keep
 * _PAGE_USER, so user space can read and write kernel memory. head_32.S
 * writes its boot PTEs with PTE_ATTR 0x007 (P|RW|USER) up to 2.6.27.y; if
 * pagetable_init does not rewrite them (seed 004's proposal 4,
 * no-overwrite), they stay. 2.6.28 writes PTE_IDENT_ATTR 0x003 (no USER).
 */
import type { StepRef } from '../replay/events.js';
import type { PtKeptEvent } from '../pagetables/events.js';
import { PAGE_SIZE } from '../geometry.js';
import type { PagetableState, PtContext } from '../pagetables/model.js';
import { _PAGE_USER, attrText, present } from '../pagetables/prot.js';
import { pieces } from '../pagetables/runs.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, size } from './describe.js';
import { directMapWriters } from '../setters.js';
import type { RelatedStep, Rule } from '../../../rules/types.js';
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';

const ID = 'kernel-mapping-user';

interface UserRun {
  readonly start: number;
  end: number;
  readonly attrs: number;
  readonly by: StepRef;
}

/** Present direct-map entries in [PAGE_OFFSET, high_memory) with _PAGE_USER, merged per writer and attributes. */
function userRuns(cx: PtContext, s: PagetableState, highMemory: number): UserRun[] {
  const { geometry, pageOffset } = cx;
  const out: UserRun[] = [];
  const push = (start: number, end: number, attrs: number, by: StepRef): void => {
    const last = out[out.length - 1];
    if (last !== undefined && last.end === start && last.by === by && last.attrs === attrs) last.end = end;
    else out.push({ start, end, attrs, by });
  };
  for (const p of pieces(s.pmds, pageOffset / geometry.pmdSize, Math.ceil(highMemory / geometry.pmdSize))) {
    if (p.v === undefined) continue;
    const start = p.from * geometry.pmdSize;
    const end = Math.min(highMemory, p.to * geometry.pmdSize);
    if (p.v.kind === 'large') {
      if (p.v.attrs & _PAGE_USER) push(start, end, p.v.attrs, p.v.by);
      continue;
    }
    for (const l of pieces(s.leaves, start / PAGE_SIZE, end / PAGE_SIZE)) {
      if (l.v !== undefined && present(l.v.attrs) && (l.v.attrs & _PAGE_USER) !== 0) push(l.from * PAGE_SIZE, l.to * PAGE_SIZE, l.v.attrs, l.v.by);
    }
  }
  return out;
}

/**
 * The last answer of userRuns(), by the run lists it read. Traces of the
 * many-replay engine that end in the same recorded final state share those
 * lists (runs.ts never changes one in place), and consecutive orders often
 * do: the walk over the direct map is then done once for them.
 */
let last: { cx: PtContext; pmds: unknown; leaves: unknown; highMemory: number; runs: readonly UserRun[] } | undefined;

function lastUserRuns(cx: PtContext, s: PagetableState, highMemory: number): readonly UserRun[] {
  if (last === undefined || last.cx !== cx || last.pmds !== s.pmds || last.leaves !== s.leaves || last.highMemory !== highMemory) {
    last = { cx, pmds: s.pmds, leaves: s.leaves, highMemory, runs: userRuns(cx, s, highMemory) };
  }
  return last.runs;
}

/** One finding: the step that kept (or wrote) the runs, the runs, who wrote them and, for head_32's entries nobody kept, the calls that ran kernel_physical_mapping_init. */
interface Hit {
  readonly step: StepRef;
  readonly runs: UserRun[];
  readonly keptBy: PtKeptEvent | undefined;
  /** the steps that wrote the runs, in the order first met */
  writers: StepRef[];
  /** only head_32 (before setup_arch) wrote them and nobody kept them */
  bootOnly?: boolean;
  mappers: StepRef[];
}

export const kernelMappingUser: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'direct-map entries of the kernel keep _PAGE_USER: user space can read and write kernel memory',
    explanation: `The U/S bit is checked at every level of a walk, and the kernel's PMD and PDE entries all carry _PAGE_USER
(_PAGE_TABLE 0x067, the same as head_32.S's PDE_ATTR; 2.6.28's pgtable.h: "For PDE_IDENT_ATTR include USER bit.
As the PDE and PTE protection bits are combined, this will alow user to access the high address mapped VDSO"). So
the leaf decides: a kernel mapping must not have _PAGE_USER, or any process can read and write it.

head_32.S default_entry writes its boot PTEs (pg0: the kernel image and INIT_MAP_BEYOND_END past it) with
PTE_ATTR 0x007 = PRESENT+RW+USER in 2.6.26 and 2.6.27.y (caglar10ur/linux-2.6.27.y@3fa8749e58:
arch/x86/kernel/head_32.S:175), and with PTE_IDENT_ATTR 0x003 = PRESENT+RW from 2.6.28
(dandel/linux-2.6.32.y@4a6908a3a0: arch/x86/include/asm/pgtable.h:156). The merged code rewrites every direct-map
entry with PAGE_KERNEL[_EXEC] (no USER) in kernel_physical_mapping_init. Seed 004's proposal 4, "don't
overwrite any existing mapping" (config.pagetable_init_policy: no-overwrite), keeps head_32's entries: on 2.6.26
and 2.6.27 the kernel image stays user-accessible and writable. (nx-missing reports the missing NX of the same
entries; pse-not-used the missing large pages.)

The finding names the range, the attributes that stayed, the call that wrote them and the call that kept them;
when no call kept them and only head_32 wrote them, the call that ran kernel_physical_mapping_init too early
(up to the max_low_pfn of then) or, when the order has none, the call to add (2.6.26: paging_init; from
2.6.27-rc1: init_memory_mapping).

Fix: keep the merged policy (config.pagetable_init_policy: xen-mask-rw), whose set_pte rewrites head_32's entries
with PAGE_KERNEL; on Xen, xen_set_pte_init masks only _PAGE_RW.`,
  },
  detect(trace) {
    const { cx, s } = trace.pagetables;
    const runs = lastUserRuns(cx, s, trace.layout.high_memory);
    if (runs.length === 0) return [];
    const kept = eventIndex(trace.events).of('pt-kept').filter((e) => (e.have & _PAGE_USER) !== 0 && (e.want & _PAGE_USER) === 0);
    // one finding per step that kept (or, without a kept event, wrote) the entries
    const groups = new Map<StepRef, Hit>();
    for (const r of runs) {
      const k = kept.find((e) => e.start < r.end && e.end > r.start);
      const step = k?.step ?? r.by;
      const g = groups.get(step);
      if (g !== undefined) g.runs.push(r);
      else groups.set(step, { step, runs: [r], keptBy: k, writers: [], mappers: [] });
    }
    const hits = [...groups.values()];
    for (const g of hits) {
      g.writers = [...new Set(g.runs.map((r) => r.by))];
      // Nobody kept them and only head_32 (before setup_arch) wrote them: no kernel_physical_mapping_init
      // reached them. When a call ran it, it mapped only up to max_low_pfn as it was then (before
      // setup_memory, 0): name it, so that the fix search moves it. When none ran, the order lacks the call:
      // format() names that (Finding.setters), so that the search inserts it. Either way it is an ordering problem.
      if (g.keptBy === undefined && g.writers.every((w) => w.implicit)) {
        g.bootOnly = true;
        g.mappers = [...new Set(eventIndex(trace.events).of('pt-step').filter((e) => e.fn === 'kernel_physical_mapping_init').map((e) => e.step))];
      }
    }
    return hits;
  },
  verdict: ({ step, writers, mappers }) => ({
    rule: ID, severity: 'error', step,
    related: [...writers.filter((w) => w !== step), ...mappers].map((s) => ({ step: s })),
  }),
  format: ({ step, runs, keptBy: k, writers, mappers, bootOnly }, trace) => {
    const { cx } = trace.pagetables;
    const first = runs[0] ?? { start: 0, end: 0, attrs: 0, by: step };
    const image = runs.some((r) => r.start <= cx.image.text && r.end > cx.image.text);
    const ranges = runs.map((r) => `${hex(r.start)}-${hex(r.end)} (${size(r.end - r.start)}, ${attrText(r.attrs)}, written by ${label(r.by)})`).join(', ');
    const related: RelatedStep[] = writers.filter((w) => w !== step).map((w) => ({ step: w, role: 'wrote the entries with _PAGE_USER' }));
    for (const m of mappers) related.push({ step: m, role: 'mapped the direct map with PAGE_KERNEL only up to max_low_pfn as it was then' });
    const missing = bootOnly && mappers.length === 0 ? directMapWriters(trace.scenario.kernel).filter((c) => !trace.steps.some((s) => s.name === c)) : [];
    return {
      rule: ID,
      severity: 'error',
      step,
      pos: step.pos,
      message: `the kernel's direct map is user-accessible: ${ranges}${k !== undefined ? ` kept by ${label(k.step)} under config.pagetable_init_policy ${k.policy} instead of ${attrText(k.want)}` : ''}${image ? `; this includes the kernel image (_text ${hex(cx.image.text)})` : ''}`,
      related,
      addresses: { start: first.start, end: runs[runs.length - 1]?.end ?? first.end, _text: cx.image.text },
      consequence: 'any user process can read and write these kernel pages (text, data, page tables): the PTE has _PAGE_USER and every upper level allows user access (_PAGE_TABLE has _PAGE_USER)',
      fix: k !== undefined
        ? 'rewrite existing entries with PAGE_KERNEL (set_pte is unconditional in the merged code; Xen\'s xen_set_pte_init masks only _PAGE_RW): config.pagetable_init_policy: xen-mask-rw'
        : missing.length > 0
          ? `call ${missing.join(' or ')}, which maps the direct map with PAGE_KERNEL[_EXEC] (kernel_physical_mapping_init over all of lowmem)`
          : 'map the direct map with PAGE_KERNEL[_EXEC] (kernel_physical_mapping_init over all of lowmem)',
      ...(missing.length > 0 ? { setters: missing } : {}),
    };
  },
});
