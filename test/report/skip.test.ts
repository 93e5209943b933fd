/**
 * JUnit's <skipped> and KTAP's `# SKIP` for a whole scenario come from one
 * predicate (src/report/skip.ts): a passing scenario with nothing live in it.
 * A reviewer found JUnit skipping 2.6.27.6-vmi-early-dmi, whose expected
 * findings come with a live missing-prerequisite warning, while KTAP (rightly)
 * said plain `ok`: JUnit skipped="30" against KTAP's 24 `# SKIP` over the tree.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/gate/types.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatKtap } from '../../src/report/ktap.js';
import { skipReason } from '../../src/report/skip.js';
import { parseBaseline } from '../../src/gate/baseline.js';
import { formatJson } from '../../src/report/json.js';
import { CTX, RC1_VMI, reportOf, shipped, withoutExpect } from './helpers.js';

const EARLY_DMI = 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml';

/** Each testcase's name → its <skipped message>, or null when it is not skipped. */
function junitSkips(report: Report): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const tc of formatJunit(report).split('<testcase ').slice(1)) {
    const file = /file="([^"]*)"/.exec(tc)?.[1] ?? '';
    out.set(file, /<skipped message="([^"]*)"\/>/.exec(tc.slice(0, tc.indexOf('</testcase>')))?.[1] ?? null);
  }
  return out;
}

/** Each top-level KTAP test's name → its `# SKIP` reason, or null. */
function ktapSkips(report: Report): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const line of formatKtap(report, CTX).split('\n')) {
    const m = /^(?:not )?ok \d+ (\S+)(?: # SKIP (.*))?$/.exec(line);
    if (m !== null) out.set(m[1] ?? '', m[2] ?? null);
  }
  return out;
}

describe('the scenario-level skip, one predicate for JUnit and KTAP', () => {
  const report = reportOf([
    { file: EARLY_DMI, text: shipped(EARLY_DMI) },
    { file: RC1_VMI, text: shipped(RC1_VMI) },
    { file: 'scenarios/x86_32/2.6.28-vmi.yaml', text: shipped('scenarios/x86_32/2.6.28-vmi.yaml') },
  ]);

  it('a live warning beside expected findings is a pass in both, not a skip', () => {
    const r = report.results[0];
    expect(r?.status).toBe('pass');
    expect(r?.checked.map((c) => [c.state, c.finding.severity])).toContainEqual(['live', 'warning']);
    expect(r?.checked.some((c) => c.state === 'expected')).toBe(true);
    expect(skipReason(r!)).toBeUndefined();
    expect(junitSkips(report).get(EARLY_DMI)).toBeNull();
    expect(ktapSkips(report).get(EARLY_DMI)).toBeNull();
    expect(formatJunit(report)).toMatch(new RegExp(`<testsuite name="${EARLY_DMI}" tests="1" failures="0" errors="0" skipped="0"`));
  });

  it('every finding expected is a skip in both, with the same reason; findings that are only warnings are a pass', () => {
    expect(ktapSkips(report).get(RC1_VMI)).toBe('expected: reproduces the known bug');
    expect(junitSkips(report).get(RC1_VMI)).toMatch(/^expected: reproduces the known bug \(/);
    expect(junitSkips(report).get('scenarios/x86_32/2.6.28-vmi.yaml')).toBeNull();
    expect(ktapSkips(report).get('scenarios/x86_32/2.6.28-vmi.yaml')).toBeNull();
  });

  it('expected and suppressed findings together: the skip says expected, and JUnit names each finding with its state', () => {
    // helper-156: JUnit said "expected: … (fixmap-before-relocation at init_memory_mapping, fixmap-before-relocation at
    // dmi_scan_machine)" when allow: had suppressed the second, which KTAP (`SKIP suppressed`) got right
    const text = `${withoutExpect(shipped(RC1_VMI))}expect:\n  - {rule: fixmap-before-relocation, step: init_memory_mapping}\n`
      + 'allow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: known}\n';
    const mixed = reportOf([{ file: 'mixed.yaml', text }]);
    expect(mixed.results[0]?.checked.map((c) => c.state).sort()).toEqual(['expected', 'suppressed']);
    expect(ktapSkips(mixed).get('mixed.yaml')).toBe('expected: reproduces the known bug');
    expect(junitSkips(mixed).get('mixed.yaml')).toBe('expected: reproduces the known bug (expected fixmap-before-relocation at init_memory_mapping, suppressed fixmap-before-relocation at dmi_scan_machine)');
    // one state only: the reason names it, the findings are listed without it
    expect(junitSkips(report).get(RC1_VMI)).toBe('expected: reproduces the known bug (fixmap-before-relocation at init_memory_mapping, fixmap-before-relocation at dmi_scan_machine)');
  });

  it('an unused allow: is a live warning: no skip', () => {
    const text = `${shipped(RC1_VMI)}allow:\n  - {rule: fixmap-before-relocation, step: early_ioremap_init, reason: "never occurs"}\n`;
    const unused = reportOf([{ file: 'unused.yaml', text }]);
    expect(unused.results[0]?.unusedAllows).toHaveLength(1);
    expect(junitSkips(unused).get('unused.yaml')).toBeNull();
    expect(ktapSkips(unused).get('unused.yaml')).toBeNull();
  });

  it('the counts agree: <testsuites skipped> is the number of KTAP # SKIP scenarios and of skipReason', () => {
    const skipped = Number(/<testsuites [^>]*skipped="(\d+)"/.exec(formatJunit(report))?.[1]);
    expect(skipped).toBe([...ktapSkips(report).values()].filter((v) => v !== null).length);
    expect(skipped).toBe(report.results.filter((r) => skipReason(r) !== undefined).length);
    expect(skipped).toBe(1);
  });
});

describe('a scenario whose findings are all accepted: the same verdict and words in JUnit and KTAP', () => {
  const bare = withoutExpect(shipped(RC1_VMI));
  const baseline = parseBaseline(formatJson(reportOf([{ file: 'rc1.yaml', text: bare }])), 'x86_32', ['rc1.yaml']);
  if (!baseline.ok) throw new Error(baseline.message);
  const allowOne = `${bare}allow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: "tracked"}\n`;
  const report = reportOf([{ file: 'rc1.yaml', text: bare }], { noAllow: false, baseline: baseline.index });
  const mixedBaseline = parseBaseline(formatJson(reportOf([{ file: 'mixed.yaml', text: bare }])), 'x86_32', ['mixed.yaml']);
  if (!mixedBaseline.ok) throw new Error(mixedBaseline.message);
  const mixed = reportOf([{ file: 'mixed.yaml', text: allowOne }], { noAllow: false, baseline: mixedBaseline.index });

  it('every finding baselined: skipped in both, "every finding baselined" (not "suppressed", which is allow:)', () => {
    expect(report.results[0]?.checked.map((c) => c.state)).toEqual(['baseline', 'baseline']);
    expect(ktapSkips(report).get('rc1.yaml')).toBe('every finding baselined');
    expect(junitSkips(report).get('rc1.yaml')).toMatch(/^every finding baselined \(/);
    expect(formatJunit(report)).toMatch(/<testsuite name="rc1\.yaml" tests="1" failures="0" errors="0" skipped="1"/);
  });

  it('suppressed and baselined findings: "every finding suppressed or baselined" in both', () => {
    expect(mixed.results[0]?.checked.map((c) => c.state).sort()).toEqual(['baseline', 'suppressed']);
    expect(ktapSkips(mixed).get('mixed.yaml')).toBe('every finding suppressed or baselined');
    expect(junitSkips(mixed).get('mixed.yaml')).toMatch(/^every finding suppressed or baselined \(/);
  });
});
