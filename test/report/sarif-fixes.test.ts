/**
 * SARIF `fixes` applied the way a strict consumer applies them (regions of
 * the file as written, from the last to the first, each within the file's
 * lines: helpers.ts applyRegions), on real orders: every fix of the shipped
 * scenarios, those of files that extend a base written as `patch:` items
 * (review 13a, 4.1), and a fix at the end of a file without a final line
 * break, in LF and CR LF (review 13c, 4.1). Applied, each gives exactly the
 * order the finding's verified edit (JSON `fixEdits`) describes, and the
 * finding is gone from the replay of the edited file.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/gate/types.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { parseVariants } from '../../src/scenario/loader.js';
import { applyEditsToNames, editData, editText } from '../../src/scenario/order-edit.js';
import { displayName } from '../../src/scenario/types.js';
import { replayWith } from '../../src/replay/replay.js';
import { check } from '../../src/rules/index.js';
import { findingKeys } from '../../src/rules/identity.js';
import { applyRegions, CTX, RC1_VMI, ROOT, reportOf, shipped, withoutExpect, type RegionEdit } from './helpers.js';

interface SarifFix { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: RegionEdit[] }[] }
interface Sarif { runs: { results: { fixes?: SarifFix[]; properties: { scenario: string; key: string } }[] }[] }

/** Every shipped scenario file, by path relative to the repository. */
function shippedFiles(dir = 'scenarios'): string[] {
  return readdirSync(join(ROOT, dir)).sort().flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return shippedFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** The loaded variant `name` (undefined: the file's one scenario) of a file among `files`. */
function variantOf(files: Readonly<Record<string, string>>, file: string, name: string | undefined) {
  const r = parseVariants(files[file] ?? '', file, memoryReader(files));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
  const v = r.variants.find((x) => (x.ok ? x.scenario.variant : x.variant) === name);
  if (v === undefined || !v.ok) throw new Error(`${file}[${String(name)}] did not load`);
  return { plugin: r.plugin, scenario: v.scenario };
}

/**
 * Applies each SARIF fix of the report to its file among `files` and checks
 * it: the edited file loads, its order is the one the finding's verified
 * edits give, and the finding is gone. @returns how many fixes were checked
 */
function checkFixes(report: Report, files: Readonly<Record<string, string>>): number {
  const sarif = JSON.parse(formatSarif(report, CTX)) as Sarif;
  const json = JSON.parse(formatJson(report)) as { results: { file: string; variant?: string; findings: { key: string; fixEdits?: Record<string, string>[] }[] }[] };
  let checked = 0;
  for (const result of sarif.runs[0]?.results ?? []) {
    const fix = result.fixes?.[0];
    if (fix === undefined) continue;
    const gated = report.results.find((r) => displayName(r) === result.properties.scenario);
    const finding = gated?.checked.find((c) => c.key === result.properties.key)?.finding;
    const edits = finding?.fixEdits;
    expect(gated !== undefined && edits !== undefined, result.properties.scenario).toBe(true);
    if (gated === undefined || edits === undefined) continue;
    // the fix SARIF writes is the edit JSON reports
    const jsonFinding = json.results.find((r) => r.file === gated.file && r.variant === gated.variant)?.findings.find((f) => f.key === result.properties.key);
    expect(jsonFinding?.fixEdits).toEqual(edits.map(editData));
    expect(fix.description.text).toBe(edits.map(editText).join('; '));
    const change = fix.artifactChanges[0];
    expect(fix.artifactChanges).toHaveLength(1);
    expect(change?.artifactLocation.uri).toBe(CTX.artifactUri(gated.file));
    const before = files[gated.file] ?? '';
    const after = applyRegions(before, change?.replacements ?? []);
    const edited = { ...files, [gated.file]: after };
    const was = variantOf(files, gated.file, gated.variant);
    const now = variantOf(edited, gated.file, gated.variant);
    const want = applyEditsToNames(was.scenario.steps.map((s) => s.call), edits);
    const where = `${result.properties.scenario}: ${fix.description.text}`;
    expect(want.ok && now.scenario.steps.map((s) => s.call), where).toEqual(want.ok && want.order);
    expect(findingKeys(check(replayWith(now.plugin, now.scenario), now.plugin)), where).not.toContain(result.properties.key);
    // nothing but the order changed: every comment line of the file is still there, and its final line break (or its absence)
    const comments = (t: string): string[] => t.split(/\r?\n/).filter((l) => /^\s*#/.test(l));
    expect(comments(after), where).toEqual(comments(before));
    expect(after.endsWith('\n'), where).toBe(before.endsWith('\n'));
    checked++;
  }
  return checked;
}

describe('SARIF fixes applied by a strict consumer', () => {
  it('every fix of the shipped scenarios gives the verified order and removes its finding; extending files get theirs as patch: items', { timeout: 600_000 }, () => {
    const paths = shippedFiles();
    // without their expect: lists, so that every finding is live: SARIF offers no fix for an expected one
    const files = Object.fromEntries(paths.map((p) => [p, withoutExpect(shipped(p))]));
    const report = reportOf(paths.map((file) => ({ file, text: files[file] ?? '', files })));
    const withEdits = report.results.flatMap((r) => r.checked.filter((c) => c.finding.fixEdits !== undefined).map(() => r.file));
    // every verified fix has a SARIF fix, those of files that extend a base too (16 had none: review 13a, 4.1)
    expect(checkFixes(report, files)).toBe(withEdits.length);
    const extending = withEdits.filter((f) => /^extends:/m.test(files[f] ?? ''));
    expect(extending.length).toBeGreaterThanOrEqual(15);
  });

  it('an expected or allowed finding gets no SARIF fix: applied, it would leave an unmet expect: or an unused allow: (review 15, 3)', () => {
    const expected = shipped(RC1_VMI);
    const live = withoutExpect(expected);
    const entries = /^expect:[^\n]*\n((?: {2}- [^\n]*\n)+)/m.exec(expected)?.[1] ?? '';
    expect(entries).not.toBe('');
    const allowed = `${live}allow:\n${entries.replace(/\}\n/g, ', reason: "reproduces the rc1 bug on purpose"}\n')}`;
    const fixesOf = (text: string): number => {
      const sarif = JSON.parse(formatSarif(reportOf([{ file: 'rc1.yaml', text }]), CTX)) as Sarif;
      return (sarif.runs[0]?.results ?? []).filter((r) => r.fixes !== undefined).length;
    };
    expect(fixesOf(live)).toBeGreaterThan(0);
    expect(fixesOf(expected)).toBe(0);
    expect(fixesOf(allowed)).toBe(0);
  });

  // the rc1 order with vmi_init (and its note) moved to the last line, as in review 13c, 4.1
  const item = /^ {2}- call: vmi_init\n(?: {4,}.*\n)+/m;
  const moved = ((): string => {
    const text = withoutExpect(shipped(RC1_VMI));
    const found = item.exec(text)?.[0] ?? '';
    return `${text.replace(item, '').replace(/\n+$/, '\n')}${found}`.replace(/\n$/, '');
  })();

  it.each([['LF', moved], ['CR LF', moved.replace(/\n/g, '\r\n')]])('the moved call on the last line of a file without a final line break (%s): regions within the file, the line breaks kept', (_kind, text) => {
    expect(text.endsWith('820)')).toBe(true);
    const file = 'eof.yaml';
    const report = reportOf([{ file, text }]);
    const lines = text.split('\n').length;
    const sarif = JSON.parse(formatSarif(report, CTX)) as Sarif;
    const regions = sarif.runs[0]?.results.flatMap((r) => r.fixes?.[0]?.artifactChanges[0]?.replacements ?? []) ?? [];
    expect(regions.length).toBeGreaterThan(0);
    for (const r of regions) expect(r.deletedRegion.endLine).toBeLessThanOrEqual(lines);
    expect(checkFixes(report, { [file]: text })).toBeGreaterThan(0);
    for (const result of sarif.runs[0]?.results ?? []) {
      const change = result.fixes?.[0]?.artifactChanges[0];
      if (change === undefined) continue;
      const after = applyRegions(text, change.replacements);
      if (text.includes('\r\n')) expect(after.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    }
  });

  it('a file whose line breaks are lone CRs gets its fixes with CR line breaks, not LF (break-275 N1)', () => {
    const text = moved.replace(/\n/g, '\r');
    const file = 'cr.yaml';
    const report = reportOf([{ file, text }]);
    const sarif = JSON.parse(formatSarif(report, CTX)) as Sarif;
    const fixed = (sarif.runs[0]?.results ?? []).filter((r) => r.fixes !== undefined);
    expect(fixed.length).toBeGreaterThan(0);
    for (const result of fixed) {
      const change = result.fixes?.[0]?.artifactChanges[0];
      expect(change?.replacements.some((r) => r.insertedContent.text.includes('\r'))).toBe(true);
      for (const r of change?.replacements ?? []) expect(r.insertedContent.text).not.toContain('\n');
      // a lone CR is a line break (YAML 1.2.2 §5.4), as LF is at the same offset: the regions are applied so
      const after = applyRegions(text.replace(/\r/g, '\n'), change?.replacements ?? []).replace(/\n/g, '\r');
      expect(after.includes('\n')).toBe(false);
      const keys = reportOf([{ file, text: after }]).results.flatMap((r) => r.checked.map((c) => c.key));
      expect(keys).not.toContain(result.properties.key);
    }
  });

  it('review 14, 4.5: the rc1 order cut after paging_init, vmi_init and its note last, no final line break: the deletion ends at the last line\'s end, not a line past it', () => {
    const text = withoutExpect(shipped(RC1_VMI));
    const cut = `${text.slice(0, text.indexOf('\n', text.indexOf('  - paging_init\n')) + 1).replace(item, '')}${item.exec(text)?.[0] ?? ''}`.replace(/\n$/, '');
    const lines = cut.split('\n');
    expect([lines.length, lines.at(-1)]).toEqual([62, '      820)']);
    const report = reportOf([{ file: 'last.yaml', text: cut }]);
    const sarif = JSON.parse(formatSarif(report, CTX)) as Sarif;
    const regions = sarif.runs[0]?.results.flatMap((r) => r.fixes?.[0]?.artifactChanges[0]?.replacements ?? []) ?? [];
    // it was {startLine: 60, endLine: 63, endColumn: 1} at 5bb9752, before the regions were kept within the file (372a173)
    expect(regions.map((r) => r.deletedRegion).filter((d) => d.endLine > 45)).toContainEqual({ startLine: 59, startColumn: 1, endLine: 62, endColumn: 11 });
    for (const r of regions) expect(r.deletedRegion.endLine).toBeLessThanOrEqual(62);
    expect(checkFixes(report, { 'last.yaml': cut })).toBeGreaterThan(0);
  });
});
