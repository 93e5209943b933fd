/**
 * dtb-early-va-stale: the DTB read through a VA that does not map it:
 * dtb_early_va (the DTB window of early_pg_dir) after the switch to
 * swapper, a DTB that runs past the 4 MiB window, or a DTB outside the linear
 * map (not in memblock memory, or below the kernel's load address) when
 * unflatten_device_tree() reads it through __va(dtb_early_pa).
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';
import { DTB_EARLY_BASE_VA, DTB_WINDOW_SIZE, linearClip, linearLimitWraps } from '../layout.js';
import type { EventOf, StepRef } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { accessText, finalStep, firstByte, hex, keyPos, label, setterOf } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';
import { settersOf } from '../setters.js';

const ID = 'dtb-early-va-stale';

function inWindow(va: number): boolean {
  return va >= DTB_EARLY_BASE_VA && va < DTB_EARLY_BASE_VA + DTB_WINDOW_SIZE;
}

/**
 * 5.14 with MAXPHYSMEM_2GB: setup_vm_final()'s __pa(PAGE_OFFSET) + memory_limit wrapped (layout.ts linearClip), so
 * it mapped none of the RAM it knew (`empty`: the linear-empty event, linear-map-empty's) or only RAM below the
 * wrapped end (`partial`: a bank below the load address); undefined when the limit did not cut the DTB off.
 */
function wrappedLimit(trace: RiscvTrace): { readonly kind: 'empty' | 'partial'; readonly clip: string } | undefined {
  const load = trace.scenario.machine.load_address;
  const clip = hex(linearClip(trace.layout.va, load));
  if (eventIndex(trace.events).of('linear-empty').length > 0) return { kind: 'empty', clip };
  if (linearLimitWraps(trace.layout.va, load) && trace.final.swapper.some((m) => m.kind === 'linear')) return { kind: 'partial', clip };
  return undefined;
}

/** Why the DTB's physical address is not in the final linear map. */
function whyNotLinear(trace: RiscvTrace, pa: number, wrapped: ReturnType<typeof wrappedLimit>): string {
  const load = trace.scenario.machine.load_address;
  // no bank at all: the /memory banks were never added, and the linear map (setup_vm_final() maps memblock.memory) is empty
  if (trace.final.memory.length === 0) return 'memblock.memory is empty (no step added the DTB\'s /memory banks), so setup_vm_final() mapped no RAM at all';
  if (wrapped?.kind === 'empty') return `setup_vm_final() mapped no RAM at all: __pa(PAGE_OFFSET) + memory_limit wraps to ${wrapped.clip}, below every memory range (MAXPHYSMEM_2GB; linear-map-empty)`;
  if (wrapped?.kind === 'partial') return `setup_vm_final() ends every memory range at ${wrapped.clip} (__pa(PAGE_OFFSET) + memory_limit wraps with MAXPHYSMEM_2GB), and the DTB lies above it`;
  const bank = trace.final.memory.find((b) => pa >= b.start && pa < b.end);
  if (bank === undefined) return `it is not in memblock memory (${trace.final.memory.map((b) => `${hex(b.start)}–${hex(b.end)}`).join(', ')})`;
  if (pa < load && bank.end > load) return `it lies below the kernel's load address ${hex(load)} in the same bank, and setup_vm_final() maps that bank only from the load address up (va_pa_offset ties PAGE_OFFSET to the load address)`;
  return 'its linear-map pages are not mapped';
}

/**
 * An unmapped read of the DTB: through dtb_early_va after the switch to
 * swapper (stale, one per step), past the early window (once), or through
 * the linear map outside it (once); with the step that switched to swapper.
 */
interface Hit {
  readonly kind: 'stale' | 'window' | 'linear';
  readonly e: EventOf<'access'>;
  readonly final: StepRef | undefined;
}

export const dtbEarlyVaStale: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'dtb_early_va used after the switch to swapper, a DTB past the 4 MiB early window, or a DTB outside the linear map',
    explanation: `setup_vm() maps the DTB for the early boot in a window of its own: early_pg_dir[pgd_index(DTB_EARLY_BASE_VA)]
→ early_dtb_pmd with two consecutive 2 MiB PAGE_KERNEL leaves of dtb_pa & ~(PMD_SIZE - 1) at DTB_EARLY_BASE_VA =
PGDIR_SIZE (0x40000000, a user-half address), and dtb_early_va = 0x40000000 + (dtb_pa & (PMD_SIZE - 1))
(R510 mm/init.c:495-504, R512:435-444, R514:641-650). parse_dtb() scans it there and sets initial_boot_params =
dtb_early_va; efi_init() and setup_bootmem() (fdt_totalsize(dtb_early_va), early_init_fdt_scan_reserved_mem())
read it there too.
  - swapper_pg_dir has no DTB window: every use of dtb_early_va must come before paging_init() (setup_vm_final)
    switches satp; unflatten_device_tree() first re-points initial_boot_params with
    early_init_dt_verify(__va(dtb_early_pa)) (R510 setup.c:84-91). In 5.14 setup_bootmem() runs inside
    paging_init(), ahead of setup_vm_final().
  - The window is 4 MiB from the 2 MiB boundary below dtb_pa; nothing checks that
    (dtb_pa & (2 MiB - 1)) + fdt_totalsize fits.
  - After the switch the DTB is read through the linear map, which covers memblock memory from the kernel's load
    address up: a DTB outside RAM, or in RAM below the kernel, is not mapped. This is one of the "unwritten rules
    about where things need to be loaded" of seed 003.
With BUILTIN_DTB, dtb_early_va is a linear (5.12) or kernel-mapping (5.14) address inside the image and stays valid.

Sources: ${SOURCE_TREES_TEXT}.

Fix: use dtb_early_va only before paging_init; place the DTB in RAM above the kernel, with
(dtb_pa mod 2 MiB) + its size ≤ 4 MiB.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    let final: StepRef | undefined | null = null;
    const reported = new Set<string>();
    const once = (key: string): boolean => {
      if (reported.has(key)) return false;
      reported.add(key);
      return true;
    };
    for (const e of eventIndex(trace.events).of('access')) {
      if (!e.dtb || e.mapped) continue;
      const hole = e.hole ?? e.va;
      let kind: Hit['kind'] | undefined;
      if ((e.via === 'dtb_early_va' || e.via === 'initial_boot_params') && inWindow(e.va)) {
        if (e.root === 'swapper') {
          if (once(`stale@${e.step.index}`)) kind = 'stale';
        } else if (hole >= DTB_EARLY_BASE_VA + DTB_WINDOW_SIZE && once('window')) kind = 'window';
      } else if (e.via === 'linear' && e.root === 'swapper' && e.pa !== null && once('linear')) kind = 'linear';
      if (kind === undefined) continue;
      final ??= finalStep(trace);
      hits.push({ kind, e, final });
    }
    return hits;
  },
  // every kind is an unmapped read: do_page_fault() finds no mm in setup_arch(), no_context() Oopses and do_exit()
  // in the boot CPU's idle task panics ("Attempted to kill the idle task!", R510 mm/fault.c:36-37,
  // kernel/exit.c:729): the boot stops in the reading step
  verdict: ({ kind, e, final }) => ({ rule: ID, severity: 'error', step: e.step, related: kind !== 'window' && final !== undefined ? [{ step: final }] : [], halts: true }),
  format: ({ kind, e, final }, trace) => {
    if (kind === 'stale') return stale(trace, e, final);
    if (kind === 'window') {
      return {
        rule: ID, severity: 'error', step: e.step, halts: true, pos: keyPos(trace, ['machine.dtb_size', 'machine.dtb_address'], e.step.pos),
        message: `${e.step.name}: ${accessText(e)} through dtb_early_va ${hex(firstByte(e))}, but the DTB (pa ${hex(e.pa ?? 0)}, ${trace.scenario.machine.dtb_size} bytes) runs past the 4 MiB early window at ${hex(DTB_EARLY_BASE_VA + DTB_WINDOW_SIZE)}`,
        related: [],
        addresses: { dtb_pa: e.pa ?? 0, dtb_early_va: firstByte(e), window_end: DTB_EARLY_BASE_VA + DTB_WINDOW_SIZE },
        consequence: 'the FDT scan reads an unmapped address: a page fault with only the early trap handler, before any console',
        fix: 'place the DTB so that (dtb_pa mod 2 MiB) + fdt_totalsize ≤ 4 MiB, e.g. at a 2 MiB boundary (setup_vm maps two 2 MiB leaves and checks nothing)',
      };
    }
    const pa = e.pa ?? 0;
    const wrapped = wrappedLimit(trace);
    const why = whyNotLinear(trace, pa, wrapped);
    // the machine is not the cause when memblock has no memory: the call that adds it is missing (missing-prerequisite
    // names it too), and the fix search inserts it (Finding.setters)
    const adders = trace.final.memory.length === 0 ? settersOf('fdt', trace) : [];
    return {
      rule: ID, severity: 'error', step: e.step, halts: true, pos: keyPos(trace, ['machine.dtb_address'], e.step.pos),
      message: `${e.step.name}: ${accessText(e)} at ${hex(firstByte(e))} = __va(${hex(pa)}), but the linear map does not cover the DTB: ${why}`,
      related: final !== undefined ? [{ step: final, role: wrapped?.kind === 'empty' ? 'setup_vm_final(): maps no RAM (memory_limit wraps)' : wrapped?.kind === 'partial' ? `setup_vm_final(): maps only RAM below ${wrapped.clip} (memory_limit wraps)` : 'setup_vm_final(): the linear map covers memblock memory from the load address up' }] : [],
      addresses: { dtb_pa: pa, va: firstByte(e), load_address: trace.scenario.machine.load_address },
      consequence: 'early_init_dt_verify(__va(dtb_early_pa)) faults on an unmapped address (or, if something else is mapped there, finds no FDT: "No DTB found in kernel mappings" and no device tree)',
      fix: adders.length > 0
        ? `add the RAM first: call ${adders.join(' or ')} before ${final !== undefined ? label(final) : label(e.step)}, whose linear map then covers the DTB`
        : wrapped?.kind === 'empty' ? 'no placement of the DTB helps while the linear map is empty: build with CMODEL_MEDANY and MAXPHYSMEM_128GB (linear-map-empty)'
          : wrapped?.kind === 'partial' ? `build with CMODEL_MEDANY and MAXPHYSMEM_128GB; with this configuration only RAM below ${wrapped.clip} is mapped, so only a DTB there is read` : `load the DTB into RAM above the kernel (at or above ${hex(trace.scenario.machine.load_address + trace.image.size)}), where the linear map reaches it`,
      ...(adders.length > 0 ? { setters: adders } : {}),
    };
  },
});

function stale(trace: RiscvTrace, e: EventOf<'access'>, final: StepRef | undefined): Finding {
  const unflatten = setterOf(trace, 'device_tree');
  const related = final !== undefined ? [{ step: final, role: 'setup_vm_final(): satp = swapper_pg_dir, which has no DTB window' }] : [];
  const fix = final === undefined
    ? `use dtb_early_va only while early_pg_dir is live`
    : e.via === 'initial_boot_params' && unflatten !== undefined && unflatten.index > e.step.index
      ? `move ${label(e.step)} before ${label(final)}, or after ${label(unflatten)}, whose early_init_dt_verify(__va(dtb_early_pa)) moves initial_boot_params into the linear map`
      : `move ${label(e.step)} before ${label(final)}`;
  return {
    rule: ID, severity: 'error', step: e.step, halts: true, pos: e.step.pos,
    message: `${e.step.name}: ${accessText(e)} through ${e.via === 'dtb_early_va' ? 'dtb_early_va' : 'initial_boot_params (= dtb_early_va)'} ${hex(firstByte(e))} after the switch to swapper_pg_dir, which has no early DTB window`,
    related,
    addresses: { dtb_early_va: firstByte(e), dtb_pa: e.pa ?? 0 },
    consequence: 'a page fault on the unmapped window address 0x40000000+ (a user-half address in swapper: "Unable to handle kernel paging request"), then a panic',
    fix,
  };
}
