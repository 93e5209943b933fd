/**
 * early_pci_allowed() along the command line: whether the early PCI config
 * space accesses (type 1, port 0xcf8) that early_dbgp_init() and
 * init_ohci1394_dma_on_all_controllers() need are allowed.
 *
 * - arch/x86/pci/early.c early_pci_allowed(): `return (pci_probe &
 *   (PCI_PROBE_CONF1|PCI_PROBE_NOEARLY)) == PCI_PROBE_CONF1;` (lines 55-59 at
 *   2.6.26 bce7f793dae, 60-64 at 2.6.28 4a6908a3a05 and 2.6.32-rc1
 *   17d857be649, 53-57 at 2.6.36 f6f94e2ab1b).
 * - pci_probe starts as PCI_PROBE_BIOS | PCI_PROBE_CONF1 | PCI_PROBE_CONF2 |
 *   PCI_PROBE_MMCONF (arch/x86/pci/common.c:20 at 2.6.26, 2.6.28 and 2.6.36,
 *   :19 at 2.6.32-rc1): allowed.
 * - pci= is an early_param (`early_param("pci", pci_setup)`, drivers/pci/pci.c
 *   1671 at 2.6.26, 2071 at 2.6.28, 2413 at 2.6.29-rc3 18e352e4a73, 2768 at
 *   2.6.32-rc1, 3022 at 2.6.36; since 0637a70a5db, 2006), so parse_early_param()
 *   runs it in command-line order with earlyprintk= and kgdbdbgp=. pci_setup()
 *   cuts the value at each ',' and hands every non-empty option to
 *   pcibios_setup() in turn (pci.c 1645-1651 at 2.6.26, 2045-2051 at 2.6.28: `char *k = strchr(str,
 *   ','); … if (*str && (str = pcibios_setup(str)) && *str)`).
 * - pcibios_setup() (arch/x86/pci/common.c 416-500 at 2.6.26, 434-524 at
 *   2.6.28, 442-543 at 2.6.32-rc1, 456-563 at 2.6.36): the options that touch
 *   PCI_PROBE_CONF1 or PCI_PROBE_NOEARLY are off (`pci_probe = 0`), noearly
 *   (`pci_probe |= PCI_PROBE_NOEARLY`), bios (`pci_probe = PCI_PROBE_BIOS`,
 *   CONFIG_PCI_BIOS), conf1 (`pci_probe = PCI_PROBE_CONF1 | PCI_NO_CHECKS`,
 *   CONFIG_PCI_DIRECT) and conf2 (`pci_probe = PCI_PROBE_CONF2 |
 *   PCI_NO_CHECKS`, CONFIG_PCI_DIRECT); the others set or clear other bits
 *   (pci_x86.h: PCI_PROBE_CONF1 0x0002, PCI_PROBE_NOEARLY 0x0010). Each of the
 *   five decides the outcome alone, so a boolean is the whole state: conf1
 *   turns it on again (also after noearly), the other four off. The model
 *   takes x86_32's default PCI access mode, CONFIG_PCI_GOANY (arch/x86/Kconfig
 *   1666-1668 at 2.6.28, 1875-1877 at 2.6.36), which builds both
 *   CONFIG_PCI_BIOS and CONFIG_PCI_DIRECT.
 * The same at every modeled version (2.6.26 – 2.6.36).
 */
import type { CmdlineParam } from './cmdline.js';

export type PciParam = Extract<CmdlineParam, { name: 'pci' }>;

/** The pci= option that turned early PCI config access off. */
export interface EarlyPciOff {
  readonly param: PciParam;
  /** the option of its value that did it (off, noearly, bios or conf2) */
  readonly option: string;
}

/** What pcibios_setup(option) does to early_pci_allowed(): on, off, or nothing (null). */
export function earlyPciAfterOption(option: string): boolean | null {
  switch (option) {
    case 'conf1': return true;
    case 'off':
    case 'noearly':
    case 'bios':
    case 'conf2': return false;
    default: return null;
  }
}

/**
 * The state of early PCI config access before each parameter of the command
 * line (index i: before params[i]) and after the last (index params.length):
 * null when allowed, else the pci= option that turned it off.
 */
export function earlyPciStates(params: readonly CmdlineParam[]): readonly (EarlyPciOff | null)[] {
  const out: (EarlyPciOff | null)[] = [];
  let off: EarlyPciOff | null = null;
  for (const p of params) {
    out.push(off);
    if (p.name !== 'pci') continue;
    for (const option of p.options) {
      const on = earlyPciAfterOption(option);
      if (on !== null) off = on ? null : { param: p, option };
    }
  }
  out.push(off);
  return out;
}

/** "pci=off", or "pci=nomsi,noearly (noearly)" when the value holds more than the option */
export function earlyPciOffText(off: EarlyPciOff): string {
  return off.param.options.length === 1 ? off.param.text : `${off.param.text} (${off.option})`;
}
