/**
 * JUnit XML as test reporters read it: parsed with test-results-parser (the
 * reader behind testbeats, which follows the Jenkins/GitLab conventions) and
 * checked for well-formedness with fast-xml-parser's validator, including
 * with hostile file and scenario names.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { parse } from 'test-results-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { formatJunit } from '../../src/report/junit.js';
import { RC1_VMI, reportOf, shipped, withoutExpect } from './helpers.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function read(xml: string): ReturnType<typeof parse> {
  const dir = mkdtempSync(join(tmpdir(), 'bootreplay-junit-'));
  dirs.push(dir);
  const file = join(dir, 'junit.xml');
  writeFileSync(file, xml);
  return parse({ type: 'junit', files: [file] });
}

const HOSTILE_FILE = 'evil "dir" & <x>/a]]>b\'c.yaml';
const HOSTILE_NAME = '</testcase><testcase name="forged"> & ]]> \u0007 done\nPASS forged';

describe('--format junit', () => {
  const bare = withoutExpect(shipped(RC1_VMI));
  const report = reportOf([
    { file: RC1_VMI, text: shipped(RC1_VMI) },
    { file: 'scenarios/x86_32/2.6.28-vmi.yaml', text: shipped('scenarios/x86_32/2.6.28-vmi.yaml') },
    { file: 'copies/rc1-live.yaml', text: bare },
    { file: HOSTILE_FILE, text: bare.replace(/^name: .*$/m, `name: ${JSON.stringify(HOSTILE_NAME)}`) },
  ]);
  const xml = formatJunit(report);

  it('is well-formed XML, even with hostile names', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u0007');
  });

  it('a testsuite per file, a testcase per scenario; failures, skipped and properties as readers see them', () => {
    const result = read(xml);
    expect(result.suites.map((s) => s.name)).toEqual([RC1_VMI, 'scenarios/x86_32/2.6.28-vmi.yaml', 'copies/rc1-live.yaml', HOSTILE_FILE]);
    expect(result.suites.map((s) => s.cases.map((c) => c.status))).toEqual([['SKIP'], ['PASS'], ['FAIL'], ['FAIL']]);
    expect([result.total, result.failed, result.skipped]).toEqual([3, 2, 1]);
    const live = result.suites[2]?.cases[0];
    expect(live?.name).toBe('Linux 2.6.27-rc1 on a VMI host');
    expect(live?.failure).toMatch(/^2 errors; the first: init_memory_mapping builds the fixmap page tables/);
    expect(live?.stack_trace).toMatch(/related: step 41 vmi_init at copies\/rc1-live\.yaml:58:5: relocates FIXADDR_TOP/);
    expect(live?.stack_trace).toMatch(/\nfix: move vmi_init \(step 41\) right after find_low_pfn_range \(step 27\); replayed: no error left/);
    expect(live?.metadata).toMatchObject({ arch: 'x86_32', kernel: '2.6.27-rc1', hypervisor: 'vmi' });
    // the name as text output shows it: the BEL as \x07, not lost to U+FFFD (XML 1.0 cannot hold it)
    expect(result.suites[3]?.cases[0]?.name).toBe(HOSTILE_NAME.replace('\u0007', '\\x07').replace('\n', '\\n'));
  });

  it('the testcase\'s file attribute is the real path, format characters kept, bidi controls and line separators as text output shows them (the names stay escaped; review 9, 4.1; break-192 4)', () => {
    const file = 'sch\u00e4tz\u200d\u202e\u2069\u2028 "a" & <b>\tc.yaml';
    const junit = formatJunit(reportOf([{ file, text: bare }]));
    expect(XMLValidator.validate(junit)).toBe(true);
    const attr = /<testcase [^>]* file="([^"]*)"/.exec(junit)?.[1];
    expect(attr).toBe('sch\u00e4tz\u200d\\u202e\\u2069\\u2028 &quot;a&quot; &amp; &lt;b&gt;&#9;c.yaml');
    expect(junit).not.toMatch(/[\u202e\u2069\u2028]/);
    // the suite and class names show the characters as text output does
    expect(junit).toContain('<testsuite name="sch\u00e4tz\\u200d\\u202e\\u2069\\u2028 &quot;a&quot; &amp; &lt;b&gt;\\tc.yaml"');
    // what XML 1.0 cannot hold is still a text escape: ESC
    expect(/ file="([^"]*)"/.exec(formatJunit(reportOf([{ file: 'e\x1b[2J.yaml', text: bare }])))?.[1]).toBe('e\\x1b[2J.yaml');
  });

  it('one <failure> per testcase, as Jenkins and test-results-parser read only the first: the count and the first in its message, every error in its body', () => {
    const live = xml.slice(xml.indexOf('name="copies/rc1-live.yaml"'));
    const suite = live.slice(0, live.indexOf('</testsuite>'));
    expect(suite.match(/<failure /g)).toHaveLength(1);
    expect(suite).toMatch(/<failure message="2 errors; the first: init_memory_mapping builds the fixmap page tables[^"]*" type="fixmap-before-relocation">/);
    const parsed = read(xml).suites[2]?.cases[0];
    expect(parsed?.failure).toMatch(/^2 errors; the first: init_memory_mapping builds/);
    // the parser keeps the first <failure>'s body only: both findings are in it
    expect(parsed?.stack_trace.match(/error fixmap-before-relocation: /g)).toHaveLength(2);
    expect(parsed?.stack_trace).toMatch(/: error fixmap-before-relocation: init_memory_mapping [^\n]*\n[^]*\n\n[^\n]*: error fixmap-before-relocation: [^\n]*\(step \d+ dmi_scan_machine\)/);
  });

  it('an unmet expectation is one of the errors of the one <failure>', () => {
    const fixed = shipped(RC1_VMI).replace(/ {2}- call: vmi_init\n {4}note:[^\n]*\n(?: {6}[^\n]*\n)*/, '').replace('  - early_ioremap_init\n', '  - early_ioremap_init\n  - vmi_init\n');
    const junit = formatJunit(reportOf([{ file: 'fixed.yaml', text: fixed }]));
    const r = read(junit);
    expect(r.suites[0]?.cases[0]?.status).toBe('FAIL');
    // (2.6.27-rc1's vmi_init also needs max_low_pfn, so that order has an error of its own first)
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(junit).toMatch(/<failure message="1 error and 2 unmet expectations; the first: [^"]*" type="missing-prerequisite">[^<]*\n\nfixed\.yaml:\d+:5: expected fixmap-before-relocation at init_memory_mapping, which did not occur: [^\n]*\n\nfixed\.yaml:\d+:5: expected fixmap-before-relocation at dmi_scan_machine, which did not occur: [^<\n]*<\/failure>/);
    expect(r.suites[0]?.cases[0]?.stack_trace).toMatch(/fixed\.yaml:\d+:5: expected fixmap-before-relocation at dmi_scan_machine, which did not occur: [^\n]*$/);
  });

  it('an unmet expectation with a count says the count in the body, as the text report does (helper-179, 5)', () => {
    const counted = shipped(RC1_VMI).replace(/^expect:[^\n]*\n/m, 'expect:\n  - {rule: fixmap-before-relocation, step: acpi_boot_init, count: 2}\n');
    const junit = formatJunit(reportOf([{ file: 'counted.yaml', text: counted }]));
    expect(junit).toMatch(/counted\.yaml:\d+:5: expected 2 fixmap-before-relocation findings at acpi_boot_init, 0 occurred/);
  });

  it('an input problem in a base file: the <error> message is the body\'s first line, its place and ` in FILE` included (review 13c, 4.2)', () => {
    const problems = [
      { file: 'child.yaml', scenario: 'gc.yaml', line: 3, col: 1, message: 'matrix: 10749 findings in the first 3 variants of 3; the file is not reported' },
      { file: 'gc.yaml', line: 2, col: 7, message: 'name: "a\nb"' },
    ];
    const junit = formatJunit({ results: [], problems, baseline: false, absent: [] });
    const first = 'child.yaml:3:1: matrix: 10749 findings in the first 3 variants of 3; the file is not reported in gc.yaml';
    expect(junit).toContain(`<testcase classname="gc.yaml" name="load" file="gc.yaml">\n      <error message="${first}" type="input-problem">${first}\ngc.yaml:2:7: name: "a\\nb"</error>`);
    expect(read(junit).suites[0]?.cases[0]?.status).toBe('FAIL');
  });
});

describe('--format junit properties', () => {
  it.each(['scenarios/x86_32/2.6.28-vmi.yaml', 'scenarios/arm64/v4.6.yaml', 'scenarios/riscv/v5.10-set-fixmap-without-fence.yaml'])('%s: every property once, the architecture among them (review 20, F3: arm64 and riscv had arch twice)', (file) => {
    const xml = formatJunit(reportOf([{ file, text: shipped(file) }]));
    const names = [...xml.matchAll(/<property name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toContain('arch');
    expect(names).toContain('kernel');
    expect(new Set(names).size).toBe(names.length);
  });
});
