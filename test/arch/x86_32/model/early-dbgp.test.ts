/**
 * early_dbgp_init() inside parse_early_param(), and early_pci_allowed() along
 * the command line:
 * - early_dbgp_init() returns -1 at `if (!early_pci_allowed())` before its
 *   set_fixmap_nocache(FIX_DBGP_BASE) (arch/x86/kernel/early_printk.c:782-783 and
 *   :828 at 2.6.28 4a6908a3a05 and 2.6.29-rc3 18e352e4a73;
 *   drivers/usb/early/ehci-dbgp.c:844-845 and :890 at 2.6.32-rc1 17d857be649,
 *   :843-844 and :889 at 2.6.36 f6f94e2ab1b);
 * - early_pci_allowed() is `(pci_probe & (PCI_PROBE_CONF1|PCI_PROBE_NOEARLY)) ==
 *   PCI_PROBE_CONF1` (arch/x86/pci/early.c:60-64 at 2.6.28); pci= is an
 *   early_param (drivers/pci/pci.c:2071 at 2.6.28, :3022 at 2.6.36) whose options
 *   go to pcibios_setup() in turn: off, noearly, bios, conf2 turn it off, conf1 on
 *   (arch/x86/pci/common.c:434-524 at 2.6.28, 456-563 at 2.6.36);
 * - kgdbdbgp= (4fe1da4ebc1, 2.6.35-rc1): kgdbdbgp_parse_config() calls
 *   early_dbgp_init() only `if (!ehci_debug)` (ehci-dbgp.c:1041-1044 at 2.6.36).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCmdline } from '../../../../src/arch/x86_32/cmdline.js';
import { readDebugPortInits } from '../../../../src/arch/x86_32/early-dbgp.js';
import { earlyPciAfterOption, earlyPciStates } from '../../../../src/arch/x86_32/early-pci.js';
import { readEarlyprintk } from '../../../../src/arch/x86_32/earlyprintk.js';
import { parseKernelVersion } from '../../../../src/arch/x86_32/kernel-version.js';
import { replayWith } from '../../../../src/replay/replay.js';
import { check } from '../../../../src/rules/index.js';
import { parseScenario } from '../../../../src/scenario/loader.js';

function kernel(text: string) {
  const k = parseKernelVersion(text);
  if (!k.ok) throw new Error(k.reason);
  return k.version;
}

/** per debug-port parameter: its text, the set_fixmaps it makes, why none */
function inits(cmdline: string, k: string, port = true) {
  const { params } = parseCmdline(cmdline);
  const v = kernel(k);
  return readDebugPortInits(params, v, port, readEarlyprintk(params, v)).map((d) => [d.param.text, d.maps, d.miss?.why ?? null]);
}

describe('early_pci_allowed() along the command line', () => {
  it('pcibios_setup(): off, noearly, bios and conf2 turn early PCI config access off, conf1 on; the rest leave it', () => {
    expect(['off', 'noearly', 'bios', 'conf2'].map(earlyPciAfterOption)).toEqual([false, false, false, false]);
    expect(earlyPciAfterOption('conf1')).toBe(true);
    for (const o of ['nobios', 'nommconf', 'noacpi', 'earlydump', 'routeirq', 'nomsi', 'biosirq', 'use_crs', 'offx', 'Off']) expect(earlyPciAfterOption(o)).toBeNull();
  });

  it('in command-line order, each pci= option in turn; the last one that decides wins', () => {
    const off = (cmdline: string) => earlyPciStates(parseCmdline(cmdline).params).map((s) => (s === null ? null : s.option));
    // index i: before params[i]; the last: after the command line
    expect(off('earlyprintk=dbgp pci=off')).toEqual([null, null, 'off']);
    expect(off('pci=off earlyprintk=dbgp')).toEqual([null, 'off', 'off']);
    expect(off('pci=noearly,conf1 earlyprintk=dbgp')).toEqual([null, null, null]);
    expect(off('pci=conf1,noearly earlyprintk=dbgp')).toEqual([null, 'noearly', 'noearly']);
    expect(off('pci=off pci=conf1 x pci=nomsi')).toEqual([null, 'off', null, null, null]);
    // pci_setup() skips empty options; a bare pci (NULL) and pci= give none
    expect(off('pci=,,noearly,')).toEqual([null, 'noearly']);
    expect(off('pci pci=')).toEqual([null, null, null]);
  });
});

describe('early_dbgp_init() calls and their set_fixmap(FIX_DBGP_BASE)', () => {
  it('earlyprintk=dbgp maps unless pci=off / pci=noearly / pci=bios / pci=conf2 comes before it, at every version that has it', () => {
    for (const k of ['2.6.28-rc1', '2.6.28', '2.6.29-rc3', '2.6.32-rc1', '2.6.36']) {
      expect(inits('earlyprintk=dbgp', k)).toEqual([['earlyprintk=dbgp', 1, null]]);
      expect(inits('earlyprintk=dbgp pci=off', k)).toEqual([['earlyprintk=dbgp', 1, null]]);
      for (const o of ['off', 'noearly', 'bios', 'conf2', 'nomsi,noearly']) expect(inits(`pci=${o} earlyprintk=dbgp`, k)).toEqual([['earlyprintk=dbgp', 0, 'early-pci-off']]);
      expect(inits('pci=off pci=conf1 earlyprintk=dbgp', k)).toEqual([['earlyprintk=dbgp', 1, null]]);
      // the pci check comes first in early_dbgp_init(), before find_dbgp()
      expect(inits('pci=off earlyprintk=dbgp', k, false)).toEqual([['earlyprintk=dbgp', 0, 'early-pci-off']]);
      expect(inits('earlyprintk=dbgp', k, false)).toEqual([['earlyprintk=dbgp', 0, 'no-port']]);
    }
    // before 2.6.28-rc1 (5c05917e7fe) no early_dbgp_init() at all
    expect(inits('earlyprintk=dbgp', '2.6.27')).toEqual([]);
    // every "dbgp" from 2.6.32-rc1 (c9530948bc6): all of them see the same pci_probe
    expect(inits('earlyprintk=dbgp,dbgp1', '2.6.32-rc1')).toEqual([['earlyprintk=dbgp,dbgp1', 2, null]]);
    expect(inits('pci=noearly earlyprintk=dbgp,dbgp1', '2.6.32-rc1')).toEqual([['earlyprintk=dbgp,dbgp1', 0, 'early-pci-off']]);
  });

  it('kgdbdbgp= from 2.6.35-rc1 (4fe1da4ebc1): maps while no debug port is set up (`if (!ehci_debug)`)', () => {
    expect(inits('kgdbdbgp=0', '2.6.34')).toEqual([]);
    for (const k of ['2.6.35-rc1', '2.6.35', '2.6.36']) {
      expect(inits('kgdbdbgp=0', k)).toEqual([['kgdbdbgp=0', 1, null]]);
      expect(inits('kgdbdbgp=0,10', k)).toEqual([['kgdbdbgp=0,10', 1, null]]);
      expect(inits('pci=noearly kgdbdbgp=0', k)).toEqual([['kgdbdbgp=0', 0, 'early-pci-off']]);
      expect(inits('kgdbdbgp=0', k, false)).toEqual([['kgdbdbgp=0', 0, 'no-port']]);
      // set up by earlyprintk=dbgp first: kgdbdbgp_parse_config() skips early_dbgp_init()
      expect(inits('earlyprintk=dbgp kgdbdbgp=0', k)).toEqual([['earlyprintk=dbgp', 1, null], ['kgdbdbgp=0', 0, 'set-up-already']]);
      // setup_early_printk() does not look at ehci_debug: both map
      expect(inits('kgdbdbgp=0 earlyprintk=dbgp', k)).toEqual([['kgdbdbgp=0', 1, null], ['earlyprintk=dbgp', 1, null]]);
      // a failed first call leaves ehci_debug NULL: the next kgdbdbgp= tries again
      expect(inits('pci=off kgdbdbgp=0 pci=conf1 kgdbdbgp=1', k)).toEqual([['kgdbdbgp=0', 0, 'early-pci-off'], ['kgdbdbgp=1', 1, null]]);
      expect(inits('kgdbdbgp=0 kgdbdbgp=1', k)).toEqual([['kgdbdbgp=0', 1, null], ['kgdbdbgp=1', 0, 'set-up-already']]);
      // a bare kgdbdbgp: NULL, harmless only while early PCI is off and nothing is set up
      expect(inits('kgdbdbgp', k)).toEqual([['kgdbdbgp', 0, 'null-value']]);
      expect(inits('pci=off kgdbdbgp', k)).toEqual([['kgdbdbgp', 0, 'early-pci-off']]);
      expect(inits('earlyprintk=dbgp pci=off kgdbdbgp', k)).toEqual([['earlyprintk=dbgp', 1, null], ['kgdbdbgp', 0, 'null-value']]);
    }
  });
});

/**
 * The shipped 2.6.28 earlyprintk=dbgp scenario with other command lines: its
 * error findings (rule@step). The 2.6.28 stale-early-ioremap of reservetop=
 * (dmi_scan_machine, fixed by e67a807f3d9 in 2.6.34-rc7) is another bug and
 * stays.
 */
function errors(cmdline: string): string[] {
  const file = 'scenarios/x86_32/2.6.28-earlyprintk-dbgp.yaml';
  const text = readFileSync(file, 'utf8')
    .replace(/^ {2}cmdline: earlyprintk=dbgp$/m, `  cmdline: "${cmdline}"`)
    .replace(/^expect:\n(?: {2}- .*\n)+/m, '');
  expect(text).toContain(`cmdline: "${cmdline}"`);
  expect(text).not.toMatch(/^expect:/m);
  const loaded = parseScenario(text, file);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return check(replayWith(loaded.plugin, loaded.scenario), loaded.plugin).filter((f) => f.severity === 'error').map((f) => `${f.rule}@${f.step.name}`);
}

describe('the shipped 2.6.28-earlyprintk-dbgp.yaml with pci= on the command line', () => {
  const LOST = 'fixmap-pte-lost@parse_early_param';
  const STALE = 'stale-early-ioremap@dmi_scan_machine';
  it.each([
    ['earlyprintk=dbgp', [LOST]],
    ['earlyprintk=dbgp pci=off', [LOST]],
    ['earlyprintk=dbgp pci=noearly', [LOST]],
    ['pci=off pci=conf1 earlyprintk=dbgp', [LOST]],
    ['pci=noearly,conf1 earlyprintk=dbgp', [LOST]],
    ['earlyprintk=dbgp reservetop=16M', ['fixmap-before-relocation@parse_early_param', STALE]],
    ['reservetop=16M earlyprintk=dbgp', ['missing-prerequisite@parse_early_param', STALE]],
  ])('must fail: %s', (cmdline, want) => {
    expect(errors(cmdline).sort()).toEqual([...want].sort());
  });
  it.each([
    ['pci=off earlyprintk=dbgp', []],
    ['pci=noearly earlyprintk=dbgp', []],
    ['pci=nomsi,noearly earlyprintk=dbgp', []],
    ['pci=bios earlyprintk=dbgp', []],
    ['pci=conf2 earlyprintk=dbgp', []],
    ['pci=off earlyprintk=dbgp reservetop=16M', [STALE]],
    ['pci=noearly reservetop=16M earlyprintk=dbgp', [STALE]],
  ])('must pass (no debug-port finding): %s', (cmdline, want) => {
    expect(errors(cmdline)).toEqual(want);
  });
});
