/**
 * Finding identity (src/rules/identity.ts) as the gates and SARIF use it:
 * findings of one rule at the same steps stay apart (the rule's subject, or
 * their order), a duplicate call inserted before an untouched one does not
 * rename the untouched call's finding, and a finding whose severity rose
 * since the baseline is new.
 */
import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/gate/baseline.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { baseKey, findingKeys } from '../../src/rules/identity.js';
import type { Finding } from '../../src/rules/types.js';
import { CTX, RC1_VMI, reportOf, shipped, withoutExpect, type Input } from '../report/helpers.js';

const bare = withoutExpect(shipped(RC1_VMI));
/** Xen PAE with vmalloc=64M: vmalloc= forgets Xen's hole, four layout-overlap findings at the same steps */
const xen = withoutExpect(shipped('scenarios/x86_32/2.6.27-rc1-xen-pae.yaml')).replace('machine:\n', 'machine:\n  cmdline: "vmalloc=64M"\n');

function baselineOf(inputs: readonly Input[]): ReturnType<typeof parseBaseline> & { ok: true } {
  const b = parseBaseline(formatJson(reportOf(inputs)), 'x86_32', inputs.map((i) => i.file));
  if (!b.ok) throw new Error(b.message);
  return b;
}

describe('findings of one rule at the same steps', () => {
  it('one finding per cause: the overlaps it explains are detail, not separate identities', () => {
    // layout-overlap reports the step that last moved the edges once, with every overlap it explains
    const [r] = reportOf([{ file: 'x.yaml', text: xen }]).results;
    const overlaps = r?.checked.filter((c) => c.finding.rule === 'layout-overlap') ?? [];
    expect(overlaps.map((c) => c.key)).toEqual(['layout-overlap|find_low_pfn_range|xen_start_kernel@0|parse_early_param']);
    // SARIF fingerprints do not collide
    const sarif = JSON.parse(formatSarif(reportOf([{ file: 'x.yaml', text: xen }]), CTX)) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    const prints = sarif.runs[0]?.results.map((x) => Object.values(x.partialFingerprints)[0]) ?? [];
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('a baseline without the overlap does not absorb it', () => {
    const withoutOverlap = (fs: Finding[]): Finding[] => fs.filter((f) => f.rule !== 'layout-overlap');
    const b = baselineOf([{ file: 'x.yaml', text: xen, edit: withoutOverlap }]);
    const [r] = reportOf([{ file: 'x.yaml', text: xen }], { noAllow: false, baseline: b.index }).results;
    expect(r?.checked.map((c) => [c.finding.rule, c.state]).filter(([rule]) => rule === 'layout-overlap')).toEqual([['layout-overlap', 'live']]);
    expect(r?.checked.filter((c) => c.finding.rule !== 'layout-overlap').every((c) => c.state === 'baseline')).toBe(true);
    expect(r?.status).toBe('fail');
  });

  it('without a subject, equal findings are told apart by their order (KEY, KEY|#2)', () => {
    const step = { index: 3, name: 'efi_init', pos: { line: 1, col: 1 }, implicit: false };
    const v = { rule: 'r', severity: 'error' as const, step, related: [] };
    expect(findingKeys([v, v, { ...v, subject: 's' }, v])).toEqual(['r|efi_init', 'r|efi_init|#2', 'r|efi_init|(s)', 'r|efi_init|#3']);
    expect(baseKey({ ...v, step: { ...step, index: 0, name: 'head_32', implicit: true } })).toBe('r|head_32@0');
  });
});

describe('a duplicate call', () => {
  it('inserted before an untouched one leaves the untouched call’s finding baselined (no dmi_scan_machine#2 rename)', () => {
    const b = baselineOf([{ file: 's.yaml', text: bare }]);
    // a second dmi_scan_machine early, before vmi_init relocates anything: it has no finding of its own
    const dup = bare.replace('  - early_ioremap_init\n', '  - early_ioremap_init\n  - dmi_scan_machine\n');
    const [r] = reportOf([{ file: 's.yaml', text: dup }], { noAllow: false, baseline: b.index }).results;
    // the untouched calls' errors keep their keys (the inserted call brings warnings of its own: DMI before efi_init, a duplicate)
    expect(r?.checked.filter((c) => c.finding.rule === 'fixmap-before-relocation').map((c) => [c.finding.step.index, c.key, c.state])).toEqual([
      [29, 'fixmap-before-relocation|init_memory_mapping|vmi_init', 'baseline'],
      [32, 'fixmap-before-relocation|dmi_scan_machine|vmi_init', 'baseline'],
    ]);
    expect(r?.checked.filter((c) => c.state === 'live').map((c) => c.finding.severity)).not.toContain('error');
    expect(r?.status).toBe('pass');
  });
});

describe('a finding whose severity rose since the baseline', () => {
  it('is new: a baselined warning that is now an error fails', () => {
    const asWarnings = (fs: Finding[]): Finding[] => fs.map((f) => ({ ...f, severity: 'warning' }));
    const b = baselineOf([{ file: 's.yaml', text: bare, edit: asWarnings }]);
    const [r] = reportOf([{ file: 's.yaml', text: bare }], { noAllow: false, baseline: b.index }).results;
    expect(r?.checked.map((c) => c.state)).toEqual(['live', 'live']);
    expect(r?.status).toBe('fail');
    // and one that fell (error → warning) stays baselined
    const e = baselineOf([{ file: 's.yaml', text: bare }]);
    const [w] = reportOf([{ file: 's.yaml', text: bare, edit: asWarnings }], { noAllow: false, baseline: e.index }).results;
    expect(w?.checked.map((c) => c.state)).toEqual(['baseline', 'baseline']);
  });
});

describe('related steps that are examples', () => {
  it('are not part of the key: moving the first fixmap user after an unaligned reservetop= leaves fixaddr-top-unaligned the same finding (helper-138)', () => {
    const text = shipped('scenarios/x86_32/2.6.34-reservetop.yaml');
    const [r] = reportOf([{ file: 'x.yaml', text }]).results;
    const f = r?.checked.find((c) => c.finding.rule === 'fixaddr-top-unaligned');
    // the DMI scan's page fault halts the kernel there: the set_fixmap user after it (early_acpi_boot_init) is not named
    expect(f?.finding.related.map((x) => x.step.name)).toEqual(['dmi_scan_machine']);
    expect(f?.key).toBe('fixaddr-top-unaligned|parse_early_param');
    // a related step that is what the finding is about stays in the key
    const step = (name: string, index: number): Finding['step'] => ({ name, index, implicit: false, pos: { line: 1, col: 1 } });
    const base = { rule: 'r', severity: 'error' as const, step: step('a', 1) };
    expect(baseKey({ ...base, related: [{ step: step('b', 2) }, { step: step('c', 3), example: true }] })).toBe('r|a|b');
  });
});
