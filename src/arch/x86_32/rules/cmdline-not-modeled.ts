/**
 * cmdline-not-modeled (info): command-line options the replay does not model,
 * and options this kernel version does not have, said once per scenario so
 * that nothing on the command line is silently dropped.
 */
import type { CmdlineParam } from '../cmdline.js';
import { readEarlyprintk, type EarlyprintkReading } from '../earlyprintk.js';
import { cite, EARLYCON_MMIO32, EARLYPRINTK_DBGP, EARLYPRINTK_MULTI, ACPI_HT_REMOVED, has } from '../history.js';
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
  if (p.name === 'acpi' && p.value === 'ht' && has(k, ACPI_HT_REMOVED)) return `${p.text} (removed by ${cite(ACPI_HT_REMOVED)})`;
  return null;
}

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
    // an earlyprintk= value naming no console this kernel knows: the replay (like the kernel) sets up none
    const unknown = params.filter((p) => p.name === 'other' || (p === ep.effective && ep.unknown)).map((p) => p.text);
    const gaps = params.map((p) => versionGap(kernel, p, ep)).filter((x): x is string => x !== null);
    const dbgpWithoutPort = ep.effective !== null && ep.dbgpCalls > 0 && !machine.ehci_debug_port ? ep.effective.text : null;
    parts = [
      ...(unknown.length > 0 ? [`not modeled: ${unknown.join(' ')}`] : []),
      ...(gaps.length > 0 ? [`not in ${kernel.text}: ${gaps.join('; ')}`] : []),
      ...(ep.ignored.length > 0 ? [`ignored: ${ep.ignored.map((p) => p.text).join(' ')} (${ignoredWhy(ep)})`] : []),
      ...(dbgpWithoutPort !== null ? [`${dbgpWithoutPort} finds no EHCI debug port (machine.ehci_debug_port: false) and maps nothing`] : []),
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
noefi, acpi=, nolapic, noapic, ohci1394_dma=early; and it knows a list of options that cannot touch them
(root=, quiet, console=tty0, …). Anything else is reported here once, as info: the replay ran as if it were
not there. Options the chosen kernel does not have (earlyprintk=dbgp before 2.6.28-rc1, earlycon=…,mmio32
before 2.6.36-rc1, earlyprintk=vga,dbgp before 2.6.32-rc1, which looks at the value's start only) are reported
here too: that kernel ignores them, and so does the replay. So are earlyprintk= parameters after the first
(setup_early_printk() returns on early_console_initialized: only the first sets up a console) and an earlyprintk=
value that names no console the kernel knows.
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
