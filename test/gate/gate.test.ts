/**
 * The CI gates over real replays: expect: entries turn the findings of a
 * reproduced regression into expected ones, allow: entries suppress with a
 * reason, baselines keep known findings from failing, and each of them says
 * when it no longer matches anything.
 */
import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/gate/baseline.js';
import { totals } from '../../src/gate/types.js';
import { formatJson } from '../../src/report/json.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { RC1_VMI, reportOf, shipped, withoutExpect } from '../report/helpers.js';

const rc1 = shipped(RC1_VMI);
const bare = withoutExpect(rc1);

describe('expect:', () => {
  it('the shipped regression passes while it reproduces, every finding expected', () => {
    const [r] = reportOf([{ file: RC1_VMI, text: rc1 }]).results;
    expect(r?.status).toBe('pass');
    expect(r?.checked.map((c) => [c.finding.step.name, c.state])).toEqual([['init_memory_mapping', 'expected'], ['dmi_scan_machine', 'expected']]);
    expect(r?.unmet).toEqual([]);
  });

  it('without expect: the same findings fail the scenario', () => {
    const [r] = reportOf([{ file: RC1_VMI, text: bare }]).results;
    expect(r?.status).toBe('fail');
    expect(r?.checked.every((c) => c.state === 'live')).toBe(true);
  });

  it('an expectation nothing meets fails the scenario, even with no finding at all', () => {
    // the rc3 fix: vmi_init right after early_ioremap_init; the rc1 regression no longer reproduces
    const fixed = rc1.replace('  - early_ioremap_init\n', '  - early_ioremap_init\n  - vmi_init\n').replace(/ {2}- call: vmi_init\n {4}note:[^\n]*\n/, '');
    const loaded = parseScenario(fixed, 'fixed.yaml');
    expect(loaded.ok).toBe(true);
    const [r] = reportOf([{ file: 'fixed.yaml', text: fixed }]).results;
    expect(r?.status).toBe('fail');
    expect(r?.unmet.map((e) => `${e.rule}@${e.step.name}`)).toEqual(['fixmap-before-relocation@init_memory_mapping', 'fixmap-before-relocation@dmi_scan_machine']);
    expect(totals(r === undefined ? [] : [r]).unmet).toBe(2);
  });

  it('an extra error next to the expected ones still fails', () => {
    const one = rc1.replace(/ {2}- \{rule: fixmap-before-relocation, step: dmi_scan_machine\}\n/, '');
    const [r] = reportOf([{ file: RC1_VMI, text: one }]).results;
    expect(r?.status).toBe('fail');
    expect(r?.checked.map((c) => c.state)).toEqual(['expected', 'live']);
  });

  it('applies to one variant only when it names one', () => {
    const text = rc1.replace('step: init_memory_mapping}', 'step: init_memory_mapping, variant: "hypervisor=xen"}');
    const [r] = reportOf([{ file: RC1_VMI, text }]).results;
    // this scenario is no variant, so the entry does not apply and its finding stays live
    expect(r?.checked.map((c) => c.state)).toEqual(['live', 'expected']);
    expect(r?.unmet).toEqual([]);
  });
});

describe('allow:', () => {
  const allowed = `${bare}allow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: "tracked in LKML thread"}\n  - {rule: fixmap-before-relocation, step: init_memory_mapping, reason: "same thread"}\n  - {rule: stale-early-ioremap, step: dmi_scan_machine, reason: "not here"}\n`;

  it('suppresses with its reason, stays visible, and reports an allow that matched nothing', () => {
    const [r] = reportOf([{ file: RC1_VMI, text: allowed }]).results;
    expect(r?.status).toBe('pass');
    expect(r?.checked.map((c) => [c.state, c.allowedBy?.reason])).toEqual([['suppressed', 'same thread'], ['suppressed', 'tracked in LKML thread']]);
    expect(r?.unusedAllows.map((a) => a.rule)).toEqual(['stale-early-ioremap']);
  });

  it('--no-allow makes the suppressed findings count again and reports no unused allow', () => {
    const [r] = reportOf([{ file: RC1_VMI, text: allowed }], { noAllow: true }).results;
    expect(r?.status).toBe('fail');
    expect(r?.checked.every((c) => c.state === 'live')).toBe(true);
    expect(r?.unusedAllows).toEqual([]);
  });

  it('a reason is mandatory and not empty; rules and steps are checked with did-you-mean', () => {
    const problems = (text: string): string[] => {
      const r = parseScenario(text, 'x.yaml');
      return r.ok ? [] : r.problems.map((p) => `${p.line ?? 0}:${p.col ?? 0}: ${p.message}`);
    };
    const base = 'setup_arch: [early_ioremap_init, dmi_scan_machine]\n';
    expect(problems(`${base}allow:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine}\n`)).toEqual(['3:5: allow[0].reason: missing']);
    expect(problems(`${base}allow:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine, reason: "  "}\n`))
      .toEqual(['3:65: allow[0].reason: empty; a suppression must say why the finding is acceptable here']);
    expect(problems(`${base}expect:\n  - {rule: stale-early-iorema, step: dmi_scan_machine}\n`)[0])
      .toMatch(/^3:12: expect\[0\]\.rule: unknown value "stale-early-iorema" \(did you mean stale-early-ioremap\?\); allowed: fixmap-before-relocation, /);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machin}\n`))
      .toEqual(['3:5: expect: step dmi_scan_machin is not in setup_arch nor an implicit step (head_32); did you mean dmi_scan_machine?']);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine#2}\n`))
      .toEqual(['3:5: expect: step dmi_scan_machine#2: dmi_scan_machine occurs once in setup_arch']);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: "dmi scan"}\n`)[0]).toMatch(/^3:39: expect\[0\]\.step: "dmi scan" is not a step; /);
    expect(problems(`${base}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine, severity: error}\n`)[0])
      .toMatch(/^3:57: expect\[0\]\.severity: unknown key; allowed in expect\[0\]: rule, step, variant$/);
    // an implicit step is a step findings can name (config-unsupported points at it)
    expect(problems(`${base}allow:\n  - {rule: config-unsupported, step: head_32, reason: "lab box"}\n`)).toEqual([]);
  });
});

describe('baselines', () => {
  const report = reportOf([{ file: RC1_VMI, text: bare }]);
  const baseline = parseBaseline(formatJson(report), 'x86_32');

  it('a previous JSON report is a baseline: its findings no longer fail', () => {
    expect(baseline.ok).toBe(true);
    if (!baseline.ok) return;
    const [r] = reportOf([{ file: RC1_VMI, text: bare }], { noAllow: false, baseline: baseline.index }).results;
    expect(r?.status).toBe('pass');
    expect(r?.checked.map((c) => [c.state, c.inBaseline])).toEqual([['baseline', true], ['baseline', true]]);
  });

  it('only new findings fail, matched by findingKey, not line; gone ones are absent', () => {
    if (!baseline.ok) return;
    // one finding goes (dmi_scan_machine after vmi_init), lines above it shift, the other stays
    const moved = bare.replace('  - dmi_scan_machine\n', '').replace('  - paravirt_pagetable_setup_start\n', '  - dmi_scan_machine\n  - paravirt_pagetable_setup_start\n');
    const r = reportOf([{ file: RC1_VMI, text: `# a comment that moves every line\n${moved}` }], { noAllow: false, baseline: baseline.index });
    expect(r.results[0]?.status).toBe('pass');
    expect(r.results[0]?.checked.map((c) => [c.finding.step.name, c.state])).toEqual([['init_memory_mapping', 'baseline']]);
    expect(r.absent.map((a) => a.key)).toEqual(['fixmap-before-relocation|dmi_scan_machine|vmi_init']);
    // a new finding in another scenario is not in the baseline
    const other = reportOf([{ file: 'other.yaml', text: bare }], { noAllow: false, baseline: baseline.index });
    expect(other.results[0]?.status).toBe('fail');
  });

  it('refuses what is not a usable baseline, in one line', () => {
    expect(parseBaseline('{', 'x86_32')).toMatchObject({ ok: false, message: expect.stringMatching(/^not a JSON report/) });
    expect(parseBaseline('{"version": 2, "results": []}', 'x86_32')).toMatchObject({ ok: false, message: expect.stringMatching(/format version 1 \(at version: /) });
    const old = formatJson(report).replace(/\n\s*"key": "[^"]*",/g, '');
    expect(parseBaseline(old, 'x86_32')).toMatchObject({ ok: false, message: expect.stringMatching(/has no "key": .*--update-baseline$/) });
  });
});
