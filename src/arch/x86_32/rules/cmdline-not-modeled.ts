/**
 * cmdline-not-modeled (info): command-line options the replay does not model,
 * and options this kernel version does not have, said once per scenario so
 * that nothing on the command line is silently dropped.
 */
import type { CmdlineParam } from '../cmdline.js';
import { readDebugPortInits, type DbgpInit } from '../early-dbgp.js';
import { earlyPciOffText } from '../early-pci.js';
import { readEarlyprintk, type EarlyprintkReading } from '../earlyprintk.js';
import { acpiValues, readAcpiParams, type RejectedAcpiParam } from '../acpi-params.js';
import { cite, EARLYCON_MMIO32, EARLYPRINTK_DBGP, EARLYPRINTK_MULTI, KGDBDBGP, has } from '../history.js';
import { cmdlineNotModeledFinding, CMDLINE_NOT_MODELED } from '../../../rules/cmdline-not-modeled.js';
import type { X86Trace as Trace } from '../types.js';
import type { Rule } from '../../../rules/types.js';

const ID = CMDLINE_NOT_MODELED;

/** Options this kernel version ignores although later (or earlier) ones know them. */
function versionGap(k: Trace['scenario']['kernel'], p: CmdlineParam, ep: EarlyprintkReading): string | null {
  if (p.name === 'earlyprintk' && p === ep.effective && ep.dbgpMissing) return `${p.text} (the EHCI debug port console came with ${cite(EARLYPRINTK_DBGP)}; ${k.text} ignores it)`;
  if (p.name === 'earlyprintk' && p === ep.effective && ep.dbgpNotAtStart) {
    return `${p.text} (${k.text} sets up only the console the value starts with and never looks at the dbgp after it; setting up every console the value names came with ${cite(EARLYPRINTK_MULTI)})`;
  }
  if (p.name === 'earlycon' && p.iotype === 'mmio32' && !has(k, EARLYCON_MMIO32)) return `${p.text} (mmio32 came with ${cite(EARLYCON_MMIO32)}; ${k.text} sets up no console)`;
  if (p.name === 'kgdbdbgp' && !has(k, KGDBDBGP)) return `${p.text} (kgdbdbgp= came with ${cite(KGDBDBGP)}; ${k.text} ignores it)`;
  return null;
}

/**
 * An acpi= value parse_acpi() rejects (acpi-params.ts): do_early_param() prints "Malformed early option 'acpi'"
 * and ACPI's flags stay as the parameters before it left them (arch/x86/kernel/acpi/boot.c:1748-1782,
 * init/main.c:485-496 at caglar10ur/linux-2.6.27.y@3fa8749e584b; break-290 N3).
 */
function acpiRejectedText(k: Trace['scenario']['kernel'], r: RejectedAcpiParam): string {
  const why = r.change === null ? '' : r.removed ? `removed by ${cite(r.change)}; ` : `came with ${cite(r.change)}; `;
  return `${r.param.text} (${why}${k.text}'s parse_acpi() takes ${acpiValues(k).join(', ')}, compared whole and case-sensitively, and returns -EINVAL for anything else: the kernel prints "Malformed early option 'acpi'" and ACPI stays as the parameters before it left it)`;
}

/**
 * Why a debug-port parameter maps nothing (early-dbgp.ts), or, for a bare
 * kgdbdbgp, what the replay leaves out; null when it maps.
 */
function dbgpMissText(d: DbgpInit): string | null {
  const m = d.miss;
  if (m === null) return null;
  switch (m.why) {
    case 'early-pci-off':
      return `${d.param.text} maps nothing: ${earlyPciOffText(m.off)} before it turns early PCI config access off, and early_dbgp_init() returns at !early_pci_allowed() before its set_fixmap_nocache(FIX_DBGP_BASE) (early_pci_allowed(), arch/x86/pci/early.c)`;
    case 'no-port':
      return `${d.param.text} finds no EHCI debug port (machine.ehci_debug_port: false) and maps nothing`;
    case 'set-up-already':
      return `${d.param.text} maps nothing: ${m.by.text} set up the debug port before it (kgdbdbgp_parse_config() calls early_dbgp_init() only \`if (!ehci_debug)\`, drivers/usb/early/ehci-dbgp.c)`;
    case 'null-value':
      return null;
  }
}

/** A bare kgdbdbgp on a kernel that has kgdbdbgp= (early-dbgp.ts) */
const BARE_KGDBDBGP = 'a bare kgdbdbgp hands kgdbdbgp_parse_config() NULL, which early_dbgp_init() (`if (*s)`) or, once the port is set up, strchr(str, \',\') dereferences: a page fault inside parse_early_param that the replay does not model; write kgdbdbgp=N, N the debug controller (drivers/usb/early/ehci-dbgp.c)';

/** Why setup_early_printk() skips the earlyprintk= parameters it skips (earlyprintk.ts). */
function ignoredWhy(ep: EarlyprintkReading): string {
  const bare = ep.ignored.some((p) => p.value === null);
  const later = ep.ignored.some((p) => p.value !== null);
  return [
    ...(later ? ['setup_early_printk() sets up the first earlyprintk= only: later ones return at once on early_console_initialized (arch/x86/kernel/early_printk.c)'] : []),
    ...(bare ? ['a bare earlyprintk hands it no value (`if (!buf) return 0`)'] : []),
  ].join('; ');
}

/**
 * What the finding says, per machine and kernel (the objects a scenario and
 * every reordered copy of it share): it depends on nothing else, and the
 * many-replay engine judges thousands of orders of one scenario.
 */
const partsByMachine = new WeakMap<object, WeakMap<object, readonly string[]>>();

function partsOf(scenario: Trace['scenario']): readonly string[] {
  const { machine, kernel } = scenario;
  let byKernel = partsByMachine.get(machine);
  if (byKernel === undefined) partsByMachine.set(machine, (byKernel = new WeakMap()));
  let parts = byKernel.get(kernel);
  if (parts === undefined) {
    const params = machine.params;
    const ep = readEarlyprintk(params, kernel);
    const inits = readDebugPortInits(params, kernel, machine.ehci_debug_port, ep);
    const nulls = new Set<CmdlineParam>(inits.filter((d) => d.miss?.why === 'null-value').map((d) => d.param));
    // an earlyprintk= value naming no console this kernel knows: the replay (like the kernel) sets up none
    const unknown = params.filter((p) => p.name === 'other' || (p === ep.effective && ep.unknown) || nulls.has(p))
      .map((p) => (nulls.has(p) ? `${p.text} (${BARE_KGDBDBGP})` : p.text));
    // configAcpi does not change which values are rejected, only whether they would have acted
    const acpiRejected = readAcpiParams(params, kernel, true).rejected;
    const gaps = [
      ...params.map((p) => versionGap(kernel, p, ep)).filter((x): x is string => x !== null),
      ...acpiRejected.filter((r) => r.change !== null).map((r) => acpiRejectedText(kernel, r)),
    ];
    const rejected = acpiRejected.filter((r) => r.change === null).map((r) => acpiRejectedText(kernel, r));
    const misses = inits.map(dbgpMissText).filter((x): x is string => x !== null);
    parts = [
      ...(unknown.length > 0 ? [`not modeled: ${unknown.join(' ')}`] : []),
      ...(gaps.length > 0 ? [`not in ${kernel.text}: ${gaps.join('; ')}`] : []),
      ...(rejected.length > 0 ? [`rejected: ${rejected.join('; ')}`] : []),
      ...(ep.ignored.length > 0 ? [`ignored: ${ep.ignored.map((p) => p.text).join(' ')} (${ignoredWhy(ep)})`] : []),
      ...misses,
    ];
    byKernel.set(kernel, parts);
  }
  return parts;
}

export const cmdlineNotModeled: Rule<Trace> = {
  meta: {
    // whether it says anything depends on the machine and the kernel only, never on the order
    emptyUnderReordering: true,
    id: ID,
    severity: 'info',
    doc: 'command-line options the replay does not model, or that this kernel version does not have (said once)',
    explanation: `The replay models the early parameters that touch the fixmap, e820 or the layout: reservetop=,
vmalloc=, mem=, memmap=, highmem=, noexec, vmi=, earlycon=/console=uart8250,mmio,ADDR, earlyprintk=dbgp,
kgdbdbgp=, pci=off/noearly/conf1/conf2/bios (early PCI config access, which the debug port and OHCI-1394
early DMA need), noefi, acpi=, nolapic, noapic, ohci1394_dma=early; and it knows a list of options that cannot
touch them (root=, quiet, console=tty0, …). Anything else is reported here once, as info: the replay ran as if
it were not there; so is a bare kgdbdbgp, whose NULL value the kernel dereferences. Options the chosen kernel
does not have (earlyprintk=dbgp before 2.6.28-rc1, kgdbdbgp= before 2.6.35-rc1, earlycon=…,mmio32 before
2.6.36-rc1, earlyprintk=vga,dbgp before 2.6.32-rc1, which looks at the value's start only) are reported here
too: that kernel ignores them, and so does the replay. So are earlyprintk= parameters after the first
(setup_early_printk() returns on early_console_initialized: only the first sets up a console), an earlyprintk=
value that names no console the kernel knows, and a debug-port parameter that maps nothing: after pci=off or
pci=noearly on the command line (early_dbgp_init() returns at !early_pci_allowed()), without an EHCI debug
port (machine.ehci_debug_port: false), or a kgdbdbgp= after the port is set up (\`if (!ehci_debug)\`).
So is an acpi= value parse_acpi() does not take (acpi=bogus, acpi=Off, acpi=off,x; rsdt before 2.6.29-rc1,
copy_dsdt before 2.6.35-rc1, ht from 2.6.35-rc1): it returns -EINVAL, the kernel prints "Malformed early
option 'acpi'", and ACPI stays as the acpi= parameters before it left it (arch/x86/kernel/acpi/boot.c:1748-1782).
Where: parse_early_param() (init/main.c:504-516 at caglar10ur/linux-2.6.27.y@3fa8749e584b) hands each option
to the early_param() handler that registered it (include/linux/init.h), and setup_arch() calls it.
Fix: drop the option from machine.cmdline if it does not matter to the early boot, or check by hand what its
handler maps before trusting a pass.`,
  },
  check(trace) {
    const parts = partsOf(trace.scenario);
    if (parts.length === 0) return [];
    const step = trace.steps.find((s) => s.name === 'parse_early_param') ?? trace.steps[0];
    if (step === undefined) return [];
    return [cmdlineNotModeledFinding(trace.scenario, step, parts, 'the fixmap, e820 or the layout')];
  },
};
