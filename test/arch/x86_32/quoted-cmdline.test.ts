/**
 * Quoted command-line parameters on the shipped scenarios (review12 §1.1): the
 * handlers get next_arg()'s value with its quotes stripped
 * (DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05:kernel/params.c:107-114), and a
 * space inside quotes does not split (:90, :96-97). The 2.6.28 scenario, its
 * expect: removed, with the command line replaced.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayWith } from '../../../src/replay/replay.js';
import { check } from '../../../src/rules/index.js';
import { parseScenario } from '../../../src/scenario/loader.js';

const DBGP = 'scenarios/x86_32/2.6.28-earlyprintk-dbgp.yaml';
const VMI = 'scenarios/x86_32/2.6.35-vmi.yaml';

function withCmdline(file: string, cmdline: string): string {
  const text = readFileSync(file, 'utf8')
    .replace(/^expect:\n(?: {2}- .*\n)*/m, '')
    .replace(/^ {2}cmdline: .*$/m, '')
    .replace(/^ {2}hypervisor: \w+$/m, `  hypervisor: none\n  cmdline: '${cmdline}'`);
  expect(text).not.toMatch(/^expect:/m);
  return text;
}

function findings(file: string, cmdline: string): string[] {
  const loaded = parseScenario(withCmdline(file, cmdline), file);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line ?? 0}:${p.col ?? 0}: ${p.message}`).join('; '));
  return check(replayWith(loaded.plugin, loaded.scenario), loaded.plugin)
    .filter((f) => f.severity !== 'warning')
    .map((f) => `${f.severity} ${f.rule} @${f.step.name}: ${f.message}`);
}

describe('quoted parameters on 2.6.28 (earlyprintk=dbgp scenario)', () => {
  it('must fail: earlyprintk="dbgp" is earlyprintk=dbgp to setup_early_printk(), and its FIX_DBGP_BASE PTE is lost', () => {
    const f = findings(DBGP, 'earlyprintk="dbgp"');
    expect(f.filter((x) => x.startsWith('error '))).toEqual([expect.stringMatching(/^error fixmap-pte-lost @parse_early_param: parse_early_param maps FIX_DBGP_BASE .*\(EHCI debug port \(earlyprintk="dbgp"\)\)/)]);
    expect(f.filter((x) => x.includes('cmdline-not-modeled'))).toEqual([]);
  });

  it('must fail: "earlyprintk=dbgp" (a quote around the whole parameter) too', () => {
    expect(findings(DBGP, '"earlyprintk=dbgp"').filter((x) => x.startsWith('error '))).toEqual([expect.stringMatching(/^error fixmap-pte-lost @parse_early_param: /)]);
  });

  it('must pass: pci="off" is pci=off, so early_dbgp_init() returns at !early_pci_allowed() and maps nothing', () => {
    const f = findings(DBGP, 'pci="off" earlyprintk=dbgp');
    expect(f.filter((x) => x.startsWith('error '))).toEqual([]);
    expect(f).toEqual([expect.stringMatching(/^info cmdline-not-modeled @parse_early_param: .*earlyprintk=dbgp maps nothing: pci="off" before it turns early PCI config access off/)]);
  });

  it('must pass: foo="x earlyprintk=dbgp" is one parameter foo, no console', () => {
    expect(findings(DBGP, 'foo="x earlyprintk=dbgp"')).toEqual([expect.stringMatching(/^info cmdline-not-modeled @parse_early_param: machine\.cmdline: not modeled: foo="x earlyprintk=dbgp"/)]);
    // an unterminated quote runs to the end of the command line
    expect(findings(DBGP, 'foo="x earlyprintk=dbgp').filter((x) => x.startsWith('error '))).toEqual([]);
  });

  it('reservetop="16M" is memparse("16M"): replayed as reservetop=16M, not refused', () => {
    expect(findings(DBGP, 'reservetop="16M"')).toEqual(findings(DBGP, 'reservetop=16M'));
    expect(findings(DBGP, 'reservetop="16M"').filter((x) => x.startsWith('error '))).not.toEqual([]);
  });

  it('a bad quoted value is refused at the parameter as written', () => {
    const text = withCmdline(DBGP, 'quiet vmalloc="16X"');
    const loaded = parseScenario(text, DBGP);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes('vmalloc="16X"')) + 1;
    const col = (text.split('\n')[line - 1] ?? '').indexOf('vmalloc') + 1;
    expect(loaded.problems.map((p) => [p.line, p.col, p.message])).toEqual([
      [line, col, expect.stringMatching(/^machine\.cmdline: vmalloc="16X": text after the size: .*; vmalloc= takes a number/)],
    ]);
  });

  it('"noefi" is the unknown parameter noefi" on 2.6.x (its closing quote stays without a value, params.c:101-115)', () => {
    expect(findings(DBGP, 'earlyprintk=dbgp "noefi"')).toContainEqual(expect.stringMatching(/^info cmdline-not-modeled @parse_early_param: machine\.cmdline: not modeled: "noefi"/));
  });
});

describe('quoted parameters on 2.6.35 (2.6.35-vmi scenario, bare metal)', () => {
  it('must pass: pci="off" earlyprintk=dbgp reservetop=16M maps nothing before the relocation', () => {
    expect(findings(VMI, 'pci="off" earlyprintk=dbgp reservetop=16M').filter((x) => x.startsWith('error '))).toEqual([]);
  });
  it('must fail: earlyprintk="dbgp" reservetop=16M maps FIX_DBGP_BASE before reservetop= moves it', () => {
    expect(findings(VMI, 'earlyprintk="dbgp" reservetop=16M').filter((x) => x.startsWith('error '))).toContainEqual(expect.stringMatching(/^error fixmap-before-relocation @parse_early_param: parse_early_param maps FIX_DBGP_BASE/));
  });
});
