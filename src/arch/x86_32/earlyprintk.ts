/**
 * earlyprintk= as setup_early_printk() (arch/x86/kernel/early_printk.c) reads
 * it, per version. Only its debug-port console touches the fixmap:
 * early_dbgp_init() set_fixmap_nocache()s FIX_DBGP_BASE (early_printk.c 828
 * at 2.6.28 4a6908a3a05; drivers/usb/early/ehci-dbgp.c 889 at 2.6.36
 * f6f94e2ab1b). serial/ttyS (I/O ports), vga (the text buffer through the
 * direct map), simnow and xen (calls) map nothing.
 *
 * - Only the first earlyprintk= counts: `if (early_console_initialized)
 *   return 0; early_console_initialized = 1;` (early_printk.c 218-220 at 2.6.26
 *   bce7f793dae, 945-947 at 2.6.28, 201-203 at 2.6.32-rc1 17d857be649, 209-211
 *   at 2.6.36), set before the value is looked at, so also when the first one
 *   sets up nothing. A bare "earlyprintk" (no "=") is handed NULL and returns
 *   before the flag is set (`if (!buf) return 0`).
 * - Before c9530948bc6 (2.6.32-rc1) the value's start selects one console
 *   (`if (!strncmp(buf, "serial", 6)) … else if (!strncmp(buf, "dbgp", 4))`,
 *   951-982 at 2.6.28); from it every offset is tried (`while (*buf != '\0')
 *   { … buf++; }`, 207-232 at 2.6.32-rc1), so each "dbgp" in the value calls
 *   early_dbgp_init(buf + 4). 2.6.36's skip over "serial" and ",ttyS"
 *   (ea3acb199a5, lines 216-222) jumps over no "dbgp": those letters hold no d.
 * - early_dbgp_init(s) reads the controller number from what follows "dbgp"
 *   (`if (*s) dbgp_num = simple_strtoul(s, &e, 10)`: "dbgp,keep" is controller
 *   0) and fails before the set_fixmap when early PCI is off (pci=off or
 *   pci=noearly before it on the command line) or find_dbgp() finds no such
 *   EHCI debug controller (machine.ehci_debug_port): early-dbgp.ts says which
 *   calls map. A later failure (ehci_setup()) comes after the set_fixmap.
 */
import type { CmdlineParam } from './cmdline.js';
import { EARLYPRINTK_DBGP, EARLYPRINTK_MULTI, EARLYPRINTK_SIMNOW_REMOVED, has } from './history.js';
import type { KernelVersion } from './kernel-version.js';

export type EarlyprintkParam = Extract<CmdlineParam, { name: 'earlyprintk' }>;

/** What setup_early_printk() of one kernel does with a command line's earlyprintk= parameters. */
export interface EarlyprintkReading {
  /** the one it sets up: the first with a value (null: none) */
  readonly effective: EarlyprintkParam | null;
  /** the others: later ones (early_console_initialized) and bare "earlyprintk"s (no value) */
  readonly ignored: readonly EarlyprintkParam[];
  /** early_dbgp_init() calls for the effective value (each set_fixmap_nocache(FIX_DBGP_BASE) when the port is found) */
  readonly dbgpCalls: number;
  /** the effective value holds "dbgp" that this kernel does not look at (not at its start, before c9530948bc6) */
  readonly dbgpNotAtStart: boolean;
  /** the effective value holds "dbgp" and this kernel has no debug-port console (before 5c05917e7fe) */
  readonly dbgpMissing: boolean;
  /** the effective value names no console this kernel knows */
  readonly unknown: boolean;
}

/** The console names setup_early_printk() compares with (CONFIG_EARLY_PRINTK_DBGP and CONFIG_HVC_XEN taken as set). */
function consoleNames(k: KernelVersion): readonly string[] {
  return [
    'serial', 'ttyS', 'vga',
    ...(has(k, EARLYPRINTK_SIMNOW_REMOVED) ? [] : ['simnow']),
    ...(has(k, EARLYPRINTK_DBGP) ? ['dbgp'] : []),
    'xen',
  ];
}

/** The offsets of "dbgp" in a value (it cannot overlap itself). */
function dbgpOffsets(value: string): number[] {
  const out: number[] = [];
  for (let i = value.indexOf('dbgp'); i >= 0; i = value.indexOf('dbgp', i + 4)) out.push(i);
  return out;
}

/** setup_early_printk() over the command line's earlyprintk= parameters (the replay context holds it per scenario). */
export function readEarlyprintk(params: readonly CmdlineParam[], k: KernelVersion): EarlyprintkReading {
  const all = params.filter((p): p is EarlyprintkParam => p.name === 'earlyprintk');
  const effective = all.find((p) => p.value !== null) ?? null;
  const ignored = all.filter((p) => p !== effective);
  const value = effective?.value ?? '';
  const scan = has(k, EARLYPRINTK_MULTI);
  const at = dbgpOffsets(value);
  const looked = scan ? at : at.filter((i) => i === 0);
  const dbgp = has(k, EARLYPRINTK_DBGP);
  const names = consoleNames(k);
  const known = scan ? names.some((n) => value.includes(n)) : names.some((n) => value.startsWith(n));
  return {
    effective,
    ignored,
    dbgpCalls: dbgp ? looked.length : 0,
    dbgpNotAtStart: dbgp && !scan && at.some((i) => i > 0),
    dbgpMissing: !dbgp && at.length > 0,
    unknown: effective !== null && !known && at.length === 0,
  };
}
