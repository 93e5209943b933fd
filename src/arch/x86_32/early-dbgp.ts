/**
 * The early_dbgp_init() calls of parse_early_param(), in command-line order,
 * and which of them set_fixmap_nocache(FIX_DBGP_BASE).
 *
 * early_dbgp_init(s) (arch/x86/kernel/early_printk.c 771-851 at 2.6.28
 * 4a6908a3a05 and 2.6.29-rc3 18e352e4a73; drivers/usb/early/ehci-dbgp.c 833-914
 * at 2.6.32-rc1 17d857be649, 832-913 at 2.6.36 f6f94e2ab1b) returns -1 before
 * its set_fixmap_nocache(FIX_DBGP_BASE, …) (early_printk.c:828; ehci-dbgp.c:890,
 * :889) when
 * - early PCI config access is off: `if (!early_pci_allowed()) return -1;` is
 *   its first statement (early_printk.c:782-783; ehci-dbgp.c:844-845, :843-844),
 *   so a pci=off or pci=noearly before it on the command line (early-pci.ts)
 *   leaves the slot alone, and one after it comes too late;
 * - find_dbgp() finds no EHCI controller with a debug port (machine.ehci_debug_port).
 * Failures after the set_fixmap (ehci_setup(), which also resets ehci_debug to
 * NULL: ehci-dbgp.c:906 at 2.6.36) are not modeled: a found port is taken to
 * work.
 *
 * Its callers inside parse_early_param():
 * - setup_early_printk(), for the first earlyprintk= with a value, once per
 *   "dbgp" it looks at (earlyprintk.ts), without looking at ehci_debug
 *   (early_printk.c:968-969 at 2.6.28; :235 at 2.6.36);
 * - kgdbdbgp_parse_config() (ehci-dbgp.c 1037-1055 at 2.6.35-rc1 67a3e12b05e
 *   and 2.6.36; 4fe1da4ebc1, 2.6.35-rc1; CONFIG_KGDB taken as set, as
 *   CONFIG_EARLY_PRINTK_DBGP is), for every kgdbdbgp=: `if (!ehci_debug) { if
 *   (early_dbgp_init(str)) return -1; }` (1041-1044): only while no earlier
 *   early_dbgp_init() has set up the port (ehci_debug is set right after the
 *   set_fixmap, :896). A bare "kgdbdbgp" hands it NULL, which early_dbgp_init()
 *   dereferences once early PCI is allowed (`if (*s)`, :847), and strchr(str,
 *   ',') (:1045) once the port is set up: a page fault the model does not replay.
 */
import type { CmdlineParam } from './cmdline.js';
import type { EarlyprintkParam, EarlyprintkReading } from './earlyprintk.js';
import { earlyPciStates, type EarlyPciOff } from './early-pci.js';
import { has, KGDBDBGP } from './history.js';
import type { KernelVersion } from './kernel-version.js';

export type KgdbdbgpParam = Extract<CmdlineParam, { name: 'kgdbdbgp' }>;
export type DbgpParam = EarlyprintkParam | KgdbdbgpParam;

/** Why a parameter's early_dbgp_init() maps nothing. */
export type DbgpMiss =
  /** early_pci_allowed() is false: the pci= option before it that turned early PCI config access off */
  | { readonly why: 'early-pci-off'; readonly off: EarlyPciOff }
  /** find_dbgp() finds no debug port (machine.ehci_debug_port false) */
  | { readonly why: 'no-port' }
  /** kgdbdbgp=: ehci_debug is set, by this earlier parameter's early_dbgp_init(): the handler does not call it */
  | { readonly why: 'set-up-already'; readonly by: DbgpParam }
  /** a bare kgdbdbgp: a NULL dereference (not modeled) */
  | { readonly why: 'null-value' };

export interface DbgpInit {
  readonly param: DbgpParam;
  /** set_fixmap_nocache(FIX_DBGP_BASE) calls (one per early_dbgp_init() that reaches it) */
  readonly maps: number;
  /** why it maps nothing; null when it maps */
  readonly miss: DbgpMiss | null;
}

/**
 * The parameters that call early_dbgp_init() (the effective earlyprintk= when
 * it looks at a "dbgp"; each kgdbdbgp= on kernels that have it), in command-line order.
 */
export function readDebugPortInits(params: readonly CmdlineParam[], k: KernelVersion, ehciDebugPort: boolean, ep: EarlyprintkReading): readonly DbgpInit[] {
  const states = earlyPciStates(params);
  const kgdb = has(k, KGDBDBGP);
  const out: DbgpInit[] = [];
  /** ehci_debug: the parameter whose early_dbgp_init() set up the port */
  let setUp: DbgpParam | null = null;
  params.forEach((p, i) => {
    const off = states[i] ?? null;
    const init = (param: DbgpParam, calls: number): DbgpInit => {
      const miss: DbgpMiss | null = off !== null ? { why: 'early-pci-off', off } : !ehciDebugPort ? { why: 'no-port' } : null;
      if (miss === null) setUp = param;
      return { param, maps: miss === null ? calls : 0, miss };
    };
    if (p.name === 'earlyprintk' && p === ep.effective && ep.dbgpCalls > 0) out.push(init(p, ep.dbgpCalls));
    else if (p.name === 'kgdbdbgp' && kgdb) {
      if (p.value === null && (setUp !== null || off === null)) out.push({ param: p, maps: 0, miss: { why: 'null-value' } });
      else if (setUp !== null) out.push({ param: p, maps: 0, miss: { why: 'set-up-already', by: setUp } });
      else out.push(init(p, 1));
    }
  });
  return out;
}
