/**
 * missing-prerequisite: a call runs before something it needs exists:
 * max_pfn, max_low_pfn, the e820 map, the early parameters, the direct map,
 * the VMI ROM, the VMI MMU ops (vmi_activate), the ACPI table list, bm_pte
 * (early_ioremap_init) or a page table under a fixmap slot.
 */
import type { Value } from '../effects.js';
import type { EventOf, StepRef } from '../replay/events.js';
import { faultPastMapping } from '../replay/early-ioremap.js';
import type { X86Trace as Trace } from '../types.js';
import { VALUE_NAMES, VALUE_SETTERS, hex, label, setPteFunction, setterOf } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import { fixmapTableBuilders, settersOf, settersOnSomeMachine } from '../setters.js';
import { eventIndex, mergeAscending } from '../../../replay/event-index.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'missing-prerequisite';
const FIXMAP_KINDS = ['fixmap-pagetables', 'fixmap-use'] as const;

/**
 * The positions of the events detect() reads, in trace order: the needs whose value is missing, the fixmap
 * page tables and the fixmap uses. A met need adds nothing, and most are met (about 40 of a setup_arch()
 * replay's 78 events): they are passed over in their own list, whose events have one shape, rather than each
 * read in the mixed walk (a megamorphic load per field), for every order the many-replay engine judges.
 */
function readPositions(trace: Trace): readonly number[] {
  const ix = eventIndex(trace.events);
  const needs = ix.of('need');
  const needAt = ix.at('need');
  let missing: number[] | undefined;
  for (let k = 0; k < needs.length; k++) if (!(needs[k] as EventOf<'need'>).present) (missing ??= []).push(needAt[k] as number);
  const fixmap = ix.atAny(FIXMAP_KINDS);
  return missing === undefined ? fixmap : mergeAscending(missing, fixmap);
}

/**
 * For each event, the step of the first event of `kind` in a later step
 * (boot page tables aside): one pass from the end instead of a scan per
 * hit. The events of one step are contiguous and step indices ascend.
 */
function laterSteps(trace: Trace, kind: 'early-ioremap-init' | 'fixmap-pagetables'): (StepRef | undefined)[] {
  const out = new Array<StepRef | undefined>(trace.events.length);
  let block: number | undefined;
  let fromLaterStep: StepRef | undefined;
  let first: StepRef | undefined;
  for (let i = trace.events.length - 1; i >= 0; i--) {
    const e = trace.events[i];
    if (e === undefined) continue;
    if (e.step.index !== block) {
      block = e.step.index;
      fromLaterStep = first;
    }
    out[i] = fromLaterStep;
    if (e.kind === kind && !(e.kind === 'fixmap-pagetables' && e.boot)) first = e.step;
  }
  return out;
}

/**
 * One missing input: a need event without its value, an early_ioremap before
 * bm_pte is hooked in, or a fixmap slot without a page table; with the step
 * that provides it later, if any.
 */
type Hit =
  | { readonly kind: 'need'; readonly e: EventOf<'need'>; readonly by: StepRef | undefined }
  | { readonly kind: 'bm_pte'; readonly e: EventOf<'fixmap-use'>; readonly by: StepRef | undefined }
  | { readonly kind: 'page-table'; readonly e: EventOf<'fixmap-use'>; readonly by: StepRef | undefined };

/** A missing input that cannot change the outcome here is a warning; harmless unless the model cannot judge it (machine-specific). */
function needSeverity(e: EventOf<'need'>): { severity: 'error' | 'warning'; harmless?: true } {
  if (e.matters) return { severity: 'error' };
  return e.harmless ? { severity: 'warning', harmless: true } : { severity: 'warning' };
}

/** What is missing (part of the identity: one call may lack max_pfn and the early params at once). */
function subjectOf(hit: Hit): string {
  return hit.kind === 'need' ? hit.e.value : hit.e.slot;
}

/**
 * The first step that sets `value` in this kernel's catalog but never returned: an early_ioremap()
 * pointer inside its page read past the pages mapped and page-faulted (the replay leaves the step
 * unfinished, ModelState.faultedIn, so the value stays unset: fixaddr-top-unaligned). A need at a later
 * step is never reached. One pass over the fixmap uses per value and trace: asked for every need at
 * every step, a scan up to the step was quadratic (2,048 calls of acpi_boot_init and fixmap users: 31 ms).
 */
function firstUnfinishedSetter(trace: Trace, value: Value): StepRef | undefined {
  let calls: readonly string[] | undefined;
  for (const e of eventIndex(trace.events).of('fixmap-use')) {
    if (faultPastMapping(e) === null) continue;
    calls ??= settersOf(value, trace.scenario.kernel);
    if (calls.includes(e.step.name)) return e.step;
  }
  return undefined;
}

/**
 * The first step after `after` whose call sets `value` only on some machines (a `sets` under a `when`: efi_init), whether
 * or not it did here; undefined when no such call follows. Found through that call's own need events (efi_init needs
 * the early params on every machine), not trace.steps: the rule reads only events (RuleMeta.eventsOnly).
 */
function laterSetterCall(trace: Trace, value: Value, after: number): StepRef | undefined {
  const always: readonly string[] = settersOf(value, trace.scenario.kernel);
  const calls: readonly string[] = settersOnSomeMachine(value, trace.scenario.kernel).filter((c) => !always.includes(c));
  if (calls.length === 0) return undefined;
  for (const e of eventIndex(trace.events).of('need')) if (e.step.index > after && calls.includes(e.step.name)) return e.step;
  return undefined;
}

function findingFor(hit: Hit, trace: Trace): Finding {
  const { e, by } = hit;
  switch (hit.kind) {
    case 'need': {
      const v = hit.e;
      // offAt: its setter ran with its condition off and set nothing (efi_init() without efi_enabled; break-290 N7)
      const off = v.offAt;
      // a need that matters with no setter after it, but a call that sets it on other machines (efi_init with noefi parsed)
      const idle = off === undefined && by === undefined ? laterSetterCall(trace, v.value, e.step.index) : undefined;
      const where = off !== undefined ? `${label(off)} set nothing`
        : by !== undefined ? `${label(by)} only comes later`
        : idle !== undefined ? `no step sets it here (${label(idle)} comes later but sets nothing there)`
        : `no step sets it (${VALUE_SETTERS[v.value]})`;
      return {
        rule: ID,
        ...needSeverity(v),
        step: e.step,
        pos: e.step.pos,
        subject: subjectOf(hit),
        message: `${e.step.name} needs ${VALUE_NAMES[v.value]}, but ${where}` + (v.relevance !== '' ? ` (${v.relevance})` : ''),
        related: off !== undefined ? [{ step: off, role: `sets nothing here (${v.relevance})` }] : by !== undefined ? [{ step: by, role: `sets ${VALUE_NAMES[v.value]}` }] : [],
        addresses: {},
        // never set, max_low_pfn is 0 (a zero-initialised global, mm/bootmem.c:22 at caglar10ur/linux-2.6.27.y@16fa49cbc7):
        // layout-overlap leaves the empty lowmem to this finding (layout-overlap.ts lowmemUnsetAndNeeded), so it says it here
        consequence: v.consequence !== undefined ? `${v.why}: ${v.consequence}`
          : by === undefined && v.value === 'max_low_pfn' && v.matters ? `${v.why}; no step sets it, so it stays 0: lowmem is empty, the direct map maps nothing and bootmem gets no pages`
          : `${v.why}; without it the call works on a default or zero value`,
        fix: off !== undefined ? `no place of ${e.step.name} after ${label(off)} gets ${VALUE_NAMES[v.value]} on this machine (${v.relevance}): drop the need, or what switches ${off.name} off`
          : by !== undefined ? `${e.step.name} has to run after ${label(by)}, which sets ${VALUE_NAMES[v.value]}` : `call ${VALUE_SETTERS[v.value]} before ${label(e.step)}`,
        ...(by === undefined && off === undefined ? { setters: settersOnSomeMachine(v.value, trace.scenario.kernel) } : {}),
      };
    }
    case 'bm_pte': {
      const u = hit.e;
      return {
        rule: ID, severity: 'error', step: u.step, pos: u.step.pos, slot: u.slot, subject: subjectOf(hit),
        message: `${u.step.name} early_ioremaps ${u.slot} at ${hex(u.vaddr)} before early_ioremap_init has hooked bm_pte into the page tables` + (by !== undefined ? ` (${label(by)} comes later)` : ''),
        related: by !== undefined ? [{ step: by, role: 'installs bm_pte' }] : [],
        addresses: { vaddr: u.vaddr, pmd: u.pmd },
        consequence: 'the PTE is written into a bm_pte no PMD points to: the access faults',
        fix: by !== undefined ? `${u.step.name} has to run after ${label(by)}, which installs bm_pte` : `call early_ioremap_init before ${label(u.step)}`,
      };
    }
    case 'page-table': {
      const u = hit.e;
      const vaddr = u.uncovered?.vaddr ?? u.vaddr;
      return {
        rule: ID, severity: 'error', step: u.step, pos: u.step.pos, slot: u.slot, subject: subjectOf(hit),
        message: `${u.step.name} ${u.via === 'kmap_init' ? 'looks up the PTE of' : 'sets'} ${u.slot} at ${hex(vaddr)} (${u.what}) before any page table covers it` + (by !== undefined ? ` (${label(by)} builds the fixmap page tables later)` : ''),
        related: by !== undefined ? [{ step: by, role: 'builds the fixmap page tables' }] : [],
        addresses: { vaddr: u.vaddr, pmd: u.pmd, FIXADDR_TOP: u.fixaddrTop },
        consequence: `${setPteFunction(trace)} finds no page table for the slot: BUG() (arch/x86/mm/pgtable_32.c)`,
        fix: u.step.name === 'parse_early_param'
          ? 'reservetop= has moved the fixmap where no page table exists yet: drop the option that maps it (earlycon=…,mmio / earlyprintk=dbgp / kgdbdbgp=) or reservetop= (the reason 2.6.32-rc1 reverted "parse_early_param before early_ioremap_init", eda6da9286a)'
          : by !== undefined ? `${u.step.name} has to run after ${label(by)}, which builds the fixmap page tables` : `build the fixmap page tables (init_memory_mapping; 2.6.26: paging_init) before ${label(u.step)}`,
        // no later step builds them: the calls of this kernel that do, for the fix search to insert (the order may lack them)
        ...(by === undefined ? { setters: fixmapTableBuilders(trace.scenario.kernel) } : {}),
      };
    }
  }
}

export const missingPrerequisite: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    alsoReports: ['warning'],
    doc: 'a call needs something not yet set: the e820 map, early params, max_pfn, max_low_pfn, the direct map, bootmem, the EFI tables, DMI, the low-64K DMI quirk, the VMI ROM, the VMI MMU ops, the APIC addresses, the ACPI table list, bm_pte, a fixmap page table',
    explanation: `Each call of the catalog declares what it reads (bootreplay steps shows it; docs/model-x86_32.md lists
them). A call that runs before its input exists computes with a zero or default value, or loses its work:
  - parse_early_param needs the e820 map when the command line has mem=, memmap=SIZE or memmap=exactmap:
    they edit the map in place, and on the still empty map the edit is lost when setup_memory_map() (2.6.26:
    memory_setup()) appends the BIOS map (the reason the 2.6.32-rc1 "parse_early_param first" fix was
    reverted); memmap=SIZE@START, SIZE#START and SIZE$START only append an entry, which that append keeps
    (a harmless warning); finish_e820_parsing needs the map when the command line has memmap=SIZE#START or
    SIZE$START: sanitize_e820_map() gives the entry the RAM it covers only if the BIOS map is there;
  - acpi_mps_check (acpi=off, acpi=noirq, pci=noacpi), early_dump_pci_devices (pci=earlydump),
    finish_e820_parsing (mem=/memmap= set userdef) and efi_init (noefi) read the early parameters;
    reserve_early_setup_data comes after them so that reserve_early()'s panic on an overlapping setup_data
    node reaches the early console (setup.c: "after early param, so could get panic from serial"; a warning);
  - e820_end_of_ram_pfn needs the map and the early parameters (mem=, memmap=); find_low_pfn_range and
    setup_memory need max_pfn (and vmalloc=, highmem=, reservetop=); init_memory_mapping and 2.6.26's
    paging_init need max_low_pfn; initmem_init, 2.6.27+ paging_init and reserve_initrd (from 2.6.31-rc1 and
    2.6.27.26) need the direct map init_memory_mapping builds;
  - bootmem (setup_memory in 2.6.26, initmem_init after): 2.6.26's dmi_scan_machine (dmi_alloc is
    alloc_bootmem) and paging_init, paging_init with highmem, find_smp_config until 2.6.33, and the others
    that allocate or reserve with it;
  - dmi_scan_machine on EFI firmware needs efi_init: it finds SMBIOS through efi.smbios (DMI before it
    maps page 0 and DMI is lost, 2.6.27.6 – 2.6.27.24 and 2.6.28-rc1 – 2.6.29-rc7); init_hypervisor needs
    DMI to detect VMware; the DMI quirk tables need DMI too (a warning: only a machine that needs the quirk
    suffers);
  - from 2.6.27.6 and 2.6.28-rc1 (2216d199b1) dmi_check_system(bad_bios_dmi_table) reserves the low 64 KiB
    in e820 on the BIOSes that corrupt them; init_memory_mapping (page tables from 0x7000 up), initmem_init
    (bootmem) and 2.6.33's reserve_trampoline_memory and acpi_reserve_wakeup_memory (find_e820_area(0, 1 MiB))
    need it first (a warning, like the other DMI quirks);
  - vmi_init before 2.6.27-rc3 needs max_low_pfn; vmi_init before the split and vmi_activate need the vmi=
    options; vmi_activate needs the ROM vmi_init found (without it vmi_activate() returns at once and VMI is
    never activated); from the split (2.6.28-rc9, 2.6.27.10) init_memory_mapping on a VMI host needs the VMI
    MMU ops vmi_activate installs (setup.c: "Must be before kernel pagetables are setup"): before them its PTE
    pages are never handed to the VMI ROM (vmi_allocate_pte);
  - early_ioremap() needs early_ioremap_init() (bm_pte hooked into the page tables), also where a call maps
    nothing on this machine but does on others (parse_setup_data, e820_reserve_setup_data and
    reserve_early_setup_data without setup_data, efi_init without EFI, relocate_initrd without an initrd
    above lowmem): a harmless warning here, so that no fix moves early_ioremap_init past them;
  - acpi_numa_init, early_acpi_boot_init and acpi_boot_init need the ACPI table list acpi_boot_table_init
    builds (acpi_table_init): before it acpi_table_parse() finds no SRAT, MADT, FADT or HPET, and they
    register nothing (an error with ACPI on; the SRAT a warning: only a NUMA machine has one);
  - set_fixmap() and kmap_init() need a page table under the slot: head_32's covers only the PMD below the
    default FIXADDR_TOP, early_ioremap_init makes bm_pte the table of its PMD, the rest comes from
    init_memory_mapping (2.6.26: paging_init). Without one, set_pte_vaddr() (2.6.26: set_pte_pfn()) hits BUG(). When the tables
    exist but at an old FIXADDR_TOP, fixmap-before-relocation reports the cause instead.
A missing input that cannot change the outcome on this machine (no vmi= option, no EFI, no initrd) is a
warning: a hazard for other machines.

Where the kernel does it (v2.6.27, 4b5127df): find_low_pfn_range() in arch/x86/mm/init_32.c,
activate_vmi() and the vmi= early_param in arch/x86/kernel/vmi_32.c, bm_pte and early_ioremap_init() in
arch/x86/mm/ioremap.c, set_pte_vaddr()'s (2.6.26: set_pte_pfn()'s) BUG() on a missing page table in arch/x86/mm/pgtable_32.c.

Fix: the call has to run after the step that provides its input; the finding names it.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    // the FIXADDR_TOP the fixmap page tables were first built at, and whether they were built at another too
    let builtAt: number | undefined;
    let builtAtOthers = false;
    // one hit per step and missing thing (a call may use the same slot many times); made on the first
    // hit: most orders the many-replay engine judges have none
    let seen: Set<string> | undefined;
    const once = (key: string): boolean => {
      seen ??= new Set();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    // the first unfinished setter of each value asked about (values are a fixed catalog)
    let unfinished: Map<Value, StepRef | undefined> | undefined;
    const unfinishedBefore = (value: Value, index: number): boolean => {
      unfinished ??= new Map();
      if (!unfinished.has(value)) unfinished.set(value, firstUnfinishedSetter(trace, value));
      const at = unfinished.get(value);
      return at !== undefined && at.index < index;
    };
    // a setter that returned at its guard before the need (vmi_activate before vmi_init: `if (!vmi_rom) return;`)
    // is reported there, lacking the guard's value: the need here has that cause and that fix. Such events are rare
    const returnedBefore = (value: Value, index: number): boolean => {
      const returned = eventIndex(trace.events).of('returned-early');
      if (returned.length === 0) return false;
      const calls: readonly string[] = settersOf(value, trace.scenario.kernel);
      return returned.some((r) => r.step.index < index && calls.includes(r.step.name));
    };
    let inits: (StepRef | undefined)[] | undefined;
    let builds: (StepRef | undefined)[] | undefined;
    const events = trace.events;
    // only the kinds it reads (src/replay/event-index.ts): the judgement runs for every replayed order
    for (const at of readPositions(trace)) {
      const e = events[at];
      if (e === undefined) continue;
      if (e.kind === 'need' && !e.present && once(`${e.step.index}|${e.value}`)) {
        // a need that does not matter here names the later call that sets it on the machines where it does (efi_init
        // without EFI sets nothing, ModelState.setsOff: a hazard for other machines, break-290 N7)
        const by = setterOf(trace, e.value, e.step.index) ?? (e.matters ? undefined : laterSetterCall(trace, e.value, e.step.index));
        // a setter that ran and never returned stops the kernel in its own step (fixaddr-top-unaligned
        // says where): the call that needs the value is never reached, and nothing is missing from the order
        if (by !== undefined || (!unfinishedBefore(e.value, e.step.index) && !returnedBefore(e.value, e.step.index))) hits.push({ kind: 'need', e, by });
      }
      if (e.kind === 'fixmap-pagetables' && !e.boot) {
        if (builtAt === undefined) builtAt = e.fixaddrTop;
        else if (builtAt !== e.fixaddrTop) builtAtOthers = true;
      }
      if (e.kind !== 'fixmap-use' || e.failed !== null) continue;
      if (e.pte === 'bm_pte' && e.bmPtePmd === null && once(`${e.step.index}|bm_pte`)) {
        hits.push({ kind: 'bm_pte', e, by: (inits ??= laterSteps(trace, 'early-ioremap-init'))[at] });
      }
      // tables built at another FIXADDR_TOP: fixmap-before-relocation reports the cause
      if (e.pte === 'pagetables' && e.uncovered !== null && (builtAt === undefined || (!builtAtOthers && builtAt === e.fixaddrTop)) && once(`${e.step.index}|${e.slot}`)) {
        hits.push({ kind: 'page-table', e, by: (builds ??= laterSteps(trace, 'fixmap-pagetables'))[at] });
      }
    }
    return hits;
  },
  verdict: (hit) => {
    // literals, not spreads of needSeverity(): an object spread is a slow generic copy, and this runs for every order judged
    // a need whose setter ran with its condition off names that step (findingFor): the same key
    const rel = hit.kind === 'need' && hit.e.offAt !== undefined ? hit.e.offAt : hit.by;
    const related = rel !== undefined ? [{ step: rel }] : [];
    if (hit.kind !== 'need' || hit.e.matters) return { rule: ID, severity: 'error', step: hit.e.step, related, subject: subjectOf(hit) };
    return hit.e.harmless
      ? { rule: ID, severity: 'warning', harmless: true, step: hit.e.step, related, subject: subjectOf(hit) }
      : { rule: ID, severity: 'warning', step: hit.e.step, related, subject: subjectOf(hit) };
  },
  format: (hit, trace) => findingFor(hit, trace),
});
