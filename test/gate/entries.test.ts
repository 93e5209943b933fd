/**
 * How many findings an expect:/allow: entry takes (src/gate/gate.ts assign):
 * at most `count:` (default 1) of its rule and culprit step, with
 * `severity:` only of that severity, without it the least severe first; a
 * repeated entry is an input problem; a matrix's unused allow: is reported
 * once per file (review 9: 1.2, 3.2, 4.4). Real orders: the shipped rc3 fix
 * run on 2.6.27-rc2 (where vmi_init also needs max_low_pfn), arm64 v4.4's
 * three break-before-make violations at fixup_init, the rc3-fix matrix.
 */
import { describe, expect, it } from 'vitest';
import { fileUnmet, fileUnusedAllows, type FileVariants } from '../../src/gate/gate.js';
import type { GatedResult, Report } from '../../src/gate/types.js';
import { shardOf } from '../../src/gate/shard.js';
import { formatReport } from '../../src/report/formats.js';
import { textOf as reportTextOf } from '../../src/report/report-text.js';
import { unmetMessage, unusedAllowMessage } from '../../src/report/gate-text.js';
import { formatJson } from '../../src/report/json.js';
import { mergeReports } from '../../src/report/merge.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { displayName } from '../../src/scenario/types.js';
import { CTX, gatedEach, RC1_VMI, reportOf, shipped, withoutExpect } from '../report/helpers.js';

const RC3 = 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml';
const rc3 = shipped(RC3);
/** Kataria's first proposal's kernel under the applied order: vmi_init then needs max_low_pfn too (an error), next to the harmless early-parameters warning. */
const rc2Bare = withoutExpect(rc3.replace(/^kernel: 2\.6\.27-rc3$/m, 'kernel: 2.6.27-rc2'));
const rc3Bare = withoutExpect(rc3);
const V44 = 'scenarios/arm64/v4.4.yaml';
const v44Bare = withoutExpect(shipped(V44));
/** arm64 v4.4 with KASAN: a ttbr-switch-unsafe warning and error at kasan_init, among others */
const kasanBare = withoutExpect(shipped('scenarios/arm64/v4.4-debug-rodata-kasan.yaml'));

/** 2.6.27-rc1 on VMI: fixmap-before-relocation at init_memory_mapping and dmi_scan_machine, each conflicting with vmi_init */
const rc1Bare = withoutExpect(shipped(RC1_VMI));

const LATENT = '  - {rule: early-ioremap-init-before-relocation, step: early_ioremap_init}\n';
const entries = (list: 'expect' | 'allow', lines: readonly string[]): string => `${list}:\n${lines.map((l) => `  - {${l}}\n`).join('')}`;

interface Row {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly status: 'pass' | 'fail';
  /** the state of each finding at the entries' rule and step, in report order, as "severity state" */
  readonly states: readonly string[];
  readonly rule: string;
  readonly step: string;
  /** the unmet (expect) or unused (allow) messages */
  readonly short?: readonly string[];
}

const ROWS: readonly Row[] = [
  {
    name: 'must fail: an entry written for the harmless warning does not absorb the new error (review 9, 1.2)',
    file: 'rc2.yaml', text: `${rc2Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init}\n`,
    status: 'fail', rule: 'missing-prerequisite', step: 'vmi_init', states: ['error live', 'warning expected'],
  },
  {
    name: 'must fail: the same with allow:',
    file: 'rc2.yaml', text: `${rc2Bare}${entries('allow', ['rule: missing-prerequisite, step: vmi_init, reason: "no vmi="', 'rule: early-ioremap-init-before-relocation, step: early_ioremap_init, reason: latent'])}`,
    status: 'fail', rule: 'missing-prerequisite', step: 'vmi_init', states: ['error live', 'warning suppressed'],
  },
  {
    name: 'must pass: count: 2 states both',
    file: 'rc2.yaml', text: `${rc2Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init, count: 2}\n`,
    status: 'pass', rule: 'missing-prerequisite', step: 'vmi_init', states: ['error expected', 'warning expected'],
  },
  {
    name: 'must pass: one entry per severity',
    file: 'rc2.yaml', text: `${rc2Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init, severity: warning}\n  - {rule: missing-prerequisite, step: vmi_init, severity: error}\n`,
    status: 'pass', rule: 'missing-prerequisite', step: 'vmi_init', states: ['error expected', 'warning expected'],
  },
  {
    name: 'must pass: severity: error pinned takes the error, the unpinned entry written after it the warning',
    file: 'rc2.yaml', text: `${rc2Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init}\n  - {rule: missing-prerequisite, step: vmi_init, severity: error}\n`,
    status: 'pass', rule: 'missing-prerequisite', step: 'vmi_init', states: ['error expected', 'warning expected'],
  },
  {
    name: 'must fail: the shipped rc3 fix with its warning entry pinned to error: the warning is no error',
    file: 'rc3.yaml', text: `${rc3Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init, severity: error}\n`,
    status: 'fail', rule: 'missing-prerequisite', step: 'vmi_init', states: ['warning live'],
    short: ['expected error missing-prerequisite at vmi_init, which did not occur; it occurred as 1 warning: severity: error takes errors only: write severity: warning or leave severity: out if it is the same bug, or fix the order back if its change to a warning is the regression'],
  },
  {
    name: 'must fail, and not say the bug is gone: severity: warning pinned on an error that occurs (break-209 F4: "drop the expect: entry if the bug is fixed")',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning', 'rule: fixmap-before-relocation, step: dmi_scan_machine'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'init_memory_mapping', states: ['error live'],
    short: ['expected warning fixmap-before-relocation at init_memory_mapping, which did not occur; it occurred as 1 error: severity: warning takes warnings only: write severity: error or leave severity: out if it is the same bug, or fix the order back if its change to an error is the regression'],
  },
  {
    name: 'must fail: count: 3 pinned to warnings where 1 error occurs: 2 are gone, and the error is told how to be taken',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning, count: 3', 'rule: fixmap-before-relocation, step: dmi_scan_machine'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'init_memory_mapping', states: ['error live'],
    // one remedy that keeps the error (break-212 F4: "lower count: to 1" alone, and a second overlapping piece of advice)
    short: ['expected 3 warning fixmap-before-relocation findings at init_memory_mapping, 0 occurred; it occurred as 1 error: severity: warning takes warnings only: the scenario no longer reproduces the other 2 (fix the order back, or lower count: to 1 and leave severity: out if they are fixed)'],
  },
  {
    name: 'must pass: arm64 v4.4, count: 3 for the three break-before-make violations of fixup_init',
    file: 'v44.yaml', text: `${v44Bare}${entries('expect', ['rule: bbm-violation, step: paging_init', 'rule: bbm-violation, step: fixup_init, count: 3', 'rule: shared-leaf-permissions, step: fixup_init, count: 2'])}`,
    status: 'pass', rule: 'bbm-violation', step: 'fixup_init', states: ['error expected', 'error expected', 'error expected'],
  },
  {
    name: 'must fail: count: 2 of 3 leaves the third live',
    file: 'v44.yaml', text: `${v44Bare}${entries('expect', ['rule: bbm-violation, step: paging_init', 'rule: bbm-violation, step: fixup_init, count: 2', 'rule: shared-leaf-permissions, step: fixup_init, count: 2'])}`,
    status: 'fail', rule: 'bbm-violation', step: 'fixup_init', states: ['error expected', 'error expected', 'error live'],
  },
  {
    name: 'must fail: count: 4 where 3 occur is unmet, and says how many occurred',
    file: 'v44.yaml', text: `${v44Bare}${entries('expect', ['rule: bbm-violation, step: paging_init', 'rule: bbm-violation, step: fixup_init, count: 4', 'rule: shared-leaf-permissions, step: fixup_init, count: 2'])}`,
    status: 'fail', rule: 'bbm-violation', step: 'fixup_init', states: ['error expected', 'error expected', 'error expected'],
    short: ['expected 4 bbm-violation findings at fixup_init, 3 occurred: the scenario no longer reproduces 1 of them (fix the order back, or lower count: to 3 if they are fixed)'],
  },
  {
    name: 'must pass (a warning): allow: count: 3 where 2 occur is an unused allow that says so',
    file: 'v44.yaml', text: `${v44Bare}${entries('allow', ['rule: bbm-violation, step: paging_init, reason: r', 'rule: bbm-violation, step: fixup_init, count: 3, reason: r', 'rule: shared-leaf-permissions, step: fixup_init, count: 3, reason: r'])}`,
    status: 'pass', rule: 'shared-leaf-permissions', step: 'fixup_init', states: ['warning suppressed', 'warning suppressed'],
    short: ['allow: 3 shared-leaf-permissions findings at fixup_init matched 2; lower count: to 2'],
  },
  {
    name: 'must pass: an expect: before an allow: of the same finding (the expect: wins, the allow: is unused and says who took it)',
    file: 'rc3.yaml', text: `${rc3Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init}\n${entries('allow', ['rule: missing-prerequisite, step: vmi_init, reason: r'])}`,
    status: 'pass', rule: 'missing-prerequisite', step: 'vmi_init', states: ['warning expected'],
    short: ['allow: missing-prerequisite at vmi_init matched no finding; it was taken by the expect: entry at line 80 (an expect: entry takes findings first); remove it'],
  },
  {
    name: 'must fail, and say why: step: names the call the finding conflicts with (its related step), not its culprit (break-201 F4)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: vmi_init'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['expected fixmap-before-relocation at vmi_init, which did not occur there; fixmap-before-relocation occurred at dmi_scan_machine (step 31), with vmi_init as the call it conflicts with: step: names the culprit call (step: dmi_scan_machine)'],
  },
  {
    name: 'must fail, and say to drop it: step: names the related call of findings other entries already took (break-204 F8: the advice made a second unmet entry)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine', 'rule: fixmap-before-relocation, step: vmi_init'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error expected'],
    short: ['expected fixmap-before-relocation at vmi_init, which did not occur there; fixmap-before-relocation occurred at init_memory_mapping (step 28), with vmi_init as the call it conflicts with, and another entry already names it there: drop this entry'],
  },
  {
    name: 'must fail, and name both culprits: step: names the call two findings at two culprits conflict with (break-204 F8)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: vmi_init'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['expected fixmap-before-relocation at vmi_init, which did not occur there; fixmap-before-relocation occurred at init_memory_mapping (step 28) and at dmi_scan_machine (step 31), each with vmi_init as the call it conflicts with: step: names the culprit call (an entry each: step: init_memory_mapping, step: dmi_scan_machine)'],
  },
  {
    name: 'must fail: count: 3 at the related call says how many occurred there once, then where they did (break-204 F8)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: vmi_init, count: 3'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'init_memory_mapping', states: ['error live'],
    short: ['expected 3 fixmap-before-relocation findings at vmi_init, 0 occurred; fixmap-before-relocation occurred at init_memory_mapping (step 28) and at dmi_scan_machine (step 31), each with'],
  },
  {
    name: 'must fail: severity: warning at the related call of errors names them with their severity (break-204 F8)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: vmi_init, severity: warning'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['expected warning fixmap-before-relocation at vmi_init, which did not occur there; fixmap-before-relocation occurred as an error at dmi_scan_machine (step 31), with vmi_init as the call it conflicts with: step: names the culprit call (step: dmi_scan_machine, severity: error)'],
  },
  {
    name: 'must fail (the errors are live), and say where they are: allow: at the call the findings conflict with (break-206 F8: it said only "remove it")',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('allow', ['rule: fixmap-before-relocation, step: vmi_init, count: 2, reason: r'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['allow: 2 fixmap-before-relocation findings at vmi_init matched no finding; fixmap-before-relocation occurred at init_memory_mapping (step 28) and at dmi_scan_machine (step 31), each with vmi_init as the call it conflicts with: step: names the culprit call (an entry each: step: init_memory_mapping, step: dmi_scan_machine; leave count: out)'],
  },
  {
    name: 'must fail: an allow: for warnings at the related call of errors is not advised to take the errors (break-208 F3)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('allow', ['rule: fixmap-before-relocation, step: vmi_init, count: 2, severity: warning, reason: r'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['allow: 2 warning fixmap-before-relocation findings at vmi_init matched no finding; remove it'],
  },
  {
    name: 'must fail: step: names a call the rule\'s findings do not involve; the culprit it has is named',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: paging_init'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['expected fixmap-before-relocation at paging_init, which did not occur: the scenario no longer reproduces it at paging_init, though fixmap-before-relocation occurred at dmi_scan_machine (step 31) (fix the order back, point step: at dmi_scan_machine if that is the same bug, or drop the expect: entry if the bug is fixed)'],
  },
  {
    name: 'must fail, and say to change the severity: errors at the entry\'s own step, though another culprit names it as related (break-211 F1: "step: fixup_init")',
    file: 'v44.yaml', text: `${v44Bare}${entries('expect', ['rule: bbm-violation, step: paging_init, severity: warning', 'rule: bbm-violation, step: fixup_init, count: 3', 'rule: shared-leaf-permissions, step: fixup_init, count: 2'])}`,
    status: 'fail', rule: 'bbm-violation', step: 'paging_init', states: ['error live'],
    short: ['expected warning bbm-violation at paging_init, which did not occur; it occurred as 1 error: severity: warning takes warnings only: write severity: error or leave severity: out if it is the same bug, or fix the order back if its change to an error is the regression'],
  },
  {
    name: 'must fail, and offer only what takes count: findings: count: 2 over a warning and an error (break-211 F2: "write severity: error" then "write severity: warning")',
    file: 'rc2.yaml', text: `${rc2Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init, severity: warning, count: 2}\n`,
    status: 'fail', rule: 'missing-prerequisite', step: 'vmi_init', states: ['error live', 'warning expected'],
    short: ['expected 2 warning missing-prerequisite findings at vmi_init, 1 occurred; it occurred as 1 error: severity: warning takes warnings only: leave severity: out if it is the same bug, or fix the order back if its change to an error is the regression'],
  },
  {
    name: 'must fail: the other severity\'s finding taken by another entry is no remedy: lower count: (break-211 F2: the advice made a duplicate entry)',
    file: 'rc2.yaml', text: `${rc2Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init, severity: warning, count: 2}\n  - {rule: missing-prerequisite, step: vmi_init, severity: error}\n`,
    status: 'fail', rule: 'missing-prerequisite', step: 'vmi_init', states: ['error expected', 'warning expected'],
    short: ['expected 2 warning missing-prerequisite findings at vmi_init, 1 occurred: the scenario no longer reproduces 1 of them (fix the order back, or lower count: to 1 if they are fixed)'],
  },
  {
    name: 'must fail: a step the rule does not involve and a severity its findings lack: the culprits are named with their severity (break-211 F7)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: head_32, severity: warning'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['expected warning fixmap-before-relocation at head_32, which did not occur: the scenario no longer reproduces it at head_32, though fixmap-before-relocation occurred as an error at init_memory_mapping (step 28) and at dmi_scan_machine (step 31) (fix the order back, point step: at the culprit if that is the same bug (an entry each: step: init_memory_mapping, step: dmi_scan_machine; severity: error), or drop the expect: entry if the bug is fixed)'],
  },
  {
    name: 'must fail: step: names a call the rule\'s findings do not involve, and every culprit they have is named (break-209 F4: head_32 named one of two)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: head_32'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['expected fixmap-before-relocation at head_32, which did not occur: the scenario no longer reproduces it at head_32, though fixmap-before-relocation occurred at init_memory_mapping (step 28) and at dmi_scan_machine (step 31) (fix the order back, point step: at the culprit if that is the same bug (an entry each: step: init_memory_mapping, step: dmi_scan_machine), or drop the expect: entry if the bug is fixed)'],
  },
  {
    name: 'must fail: count: 2 with one finding here and one at another culprit: not "point step:" there, which has one too (break-212 F4)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: dmi_scan_machine, count: 2'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error expected'],
    short: ['expected 2 fixmap-before-relocation findings at dmi_scan_machine, 1 occurred: the scenario no longer reproduces 1 of them at dmi_scan_machine, though fixmap-before-relocation occurred at init_memory_mapping (step 28) (fix the order back, lower count: to 1 and add an entry step: init_memory_mapping if that is the same bug, or lower count: to 1 if they are fixed)'],
  },
  {
    name: 'must fail: severity: warning, count: 2 over an error here and one elsewhere: one set of remedies, each taking both (break-212 F4 r_5)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning, count: 2'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['expected 2 warning fixmap-before-relocation findings at init_memory_mapping, 0 occurred; it occurred as 1 error: severity: warning takes warnings only: the scenario no longer reproduces the other 1 at init_memory_mapping, though fixmap-before-relocation occurred as an error at dmi_scan_machine (step 31) (fix the order back, lower count: to 1, leave severity: out and add an entry step: dmi_scan_machine, severity: error if that is the same bug, or lower count: to 1 and leave severity: out if they are fixed)'],
  },
  {
    name: 'must fail: count: 2 at a step with none, one at each of two other culprits: each entry is told the count it takes (break-212 F4)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: head_32, count: 2'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'dmi_scan_machine', states: ['error live'],
    short: ['(fix the order back, point step: at the culprit if that is the same bug (an entry each: step: init_memory_mapping, step: dmi_scan_machine; leave count: out), or drop the expect: entry if the bug is fixed)'],
  },
  {
    name: 'must fail: an expect: short of its count because another entry took some is told to lower it, as an allow: is (break-212 F9)',
    file: 'k.yaml', text: `${kasanBare}${entries('expect', ['rule: ttbr-switch-unsafe, step: kasan_init, severity: error', 'rule: ttbr-switch-unsafe, step: kasan_init, count: 2'])}`,
    status: 'fail', rule: 'ttbr-switch-unsafe', step: 'kasan_init', states: ['warning expected', 'error expected'],
    short: ['expected 2 ttbr-switch-unsafe findings at kasan_init, 2 occurred; 1 of them was taken by the expect: entry at line 48 (an entry with severity: takes findings first); lower count: to 1'],
  },
  {
    name: 'must fail: an expect: whose findings other entries took is told to go, as an allow: is told "remove it" (break-212 F9)',
    file: 'k.yaml', text: `${kasanBare}${entries('expect', ['rule: ttbr-switch-unsafe, step: kasan_init', 'rule: ttbr-switch-unsafe, step: kasan_init, severity: warning', 'rule: ttbr-switch-unsafe, step: kasan_init, severity: error'])}`,
    status: 'fail', rule: 'ttbr-switch-unsafe', step: 'kasan_init', states: ['warning expected', 'error expected'],
    short: ['expected ttbr-switch-unsafe at kasan_init, which occurred; all of them were taken by the expect: entries at lines 49 and 50 (an entry with severity: takes findings first); drop this entry'],
  },
  {
    name: 'must fail: "taken by" names the entry that took the finding and why it came first (break-251 N9b, gate-compete-followed.yaml)',
    file: 'rc1.yaml', text: `${rc1Bare}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine', 'rule: fixmap-before-relocation, step: init_memory_mapping, severity: error'])}`,
    status: 'fail', rule: 'fixmap-before-relocation', step: 'init_memory_mapping', states: ['error expected'],
    short: ['expected fixmap-before-relocation at init_memory_mapping, which occurred; it was taken by the expect: entry at line 82 (an entry with severity: takes findings first); drop this entry'],
  },
];

function gated(file: string, text: string): GatedResult {
  const [r] = reportOf([{ file, text }]).results;
  if (r === undefined) throw new Error('no result');
  return r;
}

describe('an entry takes count: findings of its rule and step', () => {
  it.each(ROWS)('$name', (row) => {
    const r = gated(row.file, row.text);
    expect(r.status).toBe(row.status);
    expect(r.checked.filter((c) => c.finding.rule === row.rule && c.finding.step.name === row.step).map((c) => `${c.finding.severity} ${c.state}`)).toEqual(row.states);
    const short = [...r.unmet.map((e) => e.rule), ...r.unusedAllows.map((a) => a.rule)];
    if (row.short === undefined) expect(short).toEqual([]);
  });

  it.each(ROWS.filter((r) => r.short !== undefined))('says how it fell short: $name', async (row) => {
    const report = reportOf([{ file: row.file, text: row.text }]);
    const text = reportTextOf((await formatReport('text', report, CTX)).text);
    for (const message of row.short ?? []) expect(text).toContain(message);
  });

  it('the shipped rc2-order repro of review 9 exits as its error says: 2 entries no longer give "3 expected"', () => {
    const r = gated('rc2.yaml', `${rc2Bare}expect:\n${LATENT}  - {rule: missing-prerequisite, step: vmi_init}\n`);
    expect(r.checked.map((c) => c.state)).toEqual(['expected', 'live', 'expected']);
    expect(r.checked[1]?.finding.message).toMatch(/^vmi_init needs max_low_pfn, but find_low_pfn_range/);
  });

  it('is deterministic: pinned entries first, then the least severe, whatever order the entries are written in', () => {
    const unpinned = '  - {rule: missing-prerequisite, step: vmi_init}\n';
    const pinned = '  - {rule: missing-prerequisite, step: vmi_init, severity: error}\n';
    const a = gated('rc2.yaml', `${rc2Bare}expect:\n${LATENT}${unpinned}${pinned}`);
    const b = gated('rc2.yaml', `${rc2Bare}expect:\n${pinned}${unpinned}${LATENT}`);
    expect(a.checked.map((c) => `${c.state} by ${c.expectedBy?.severity ?? 'any'}`)).toEqual(['expected by any', 'expected by error', 'expected by any']);
    expect(b.checked.map((c) => `${c.state} by ${c.expectedBy?.severity ?? 'any'}`)).toEqual(a.checked.map((c) => `${c.state} by ${c.expectedBy?.severity ?? 'any'}`));
  });
});

/**
 * An entry's message, and the file edited as the message says: the gate then has nothing to say of the
 * entries (no unmet expect:, no unused allow:), so that no advice leads to the mirrored problem (break-212).
 */
interface Followed {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** what the message advises, quoted from it */
  readonly advice: string;
  /** the file with the advice followed */
  readonly after: string;
  /** the gated status after, when a finding no entry names stays live */
  readonly status?: 'pass' | 'fail';
  /** what the gate still says of the entries after, when the edit leaves another entry with nothing to take (a warning) */
  readonly left?: readonly string[];
}

const rc1Expect = (lines: readonly string[]): string => `${rc1Bare}${entries('expect', lines)}`;
/** rc1 with an expect: at init_memory_mapping (`pin`: its severity:, or nothing) whose error an allow: written after it takes (break-250 F2) */
const rc1AllowTook = (pin: string): string => `${rc1Expect([`rule: fixmap-before-relocation, step: init_memory_mapping${pin === '' ? '' : `, ${pin}`}`, 'rule: fixmap-before-relocation, step: dmi_scan_machine'])}`
  + entries('allow', ['rule: fixmap-before-relocation, step: init_memory_mapping, reason: r']);
/** what that allow: is told once the expect: takes the error */
const TOOK_FROM_ALLOW = 'allow: fixmap-before-relocation at init_memory_mapping matched no finding; it was taken by the expect: entry at line 80 (an expect: entry takes findings first); remove it';
const kasanExpect = (lines: readonly string[]): string => `${kasanBare}${entries('expect', lines)}`;

/** arm64 v4.4 without DEBUG_RODATA and KASAN: one bbm-violation at paging_init, three at fixup_init (paging_init their related call) */
const plainArm64 = kasanBare.replace('debug_rodata: true', 'debug_rodata: false').replace('kasan: true', 'kasan: false');

/**
 * 2.6.27 with finish_e820_parsing before setup_memory_map and parse_early_param: two missing-prerequisite findings
 * there, whose severities follow the command line (break-251 F3's mixbase.yaml): `mem=512M` a warning and an error,
 * `quiet` two warnings, `memmap=64M$960M` two errors
 */
const mixed = (lines: readonly string[]): string => 'name: mixed\nkernel: "2.6.27"\nmachine:\n  memory: 1GiB\n  hypervisor: none\n  cmdline: "mem=512M"\n'
  + 'setup_arch: [early_cpu_init, early_ioremap_init, finish_e820_parsing, setup_memory_map, parse_early_param, e820_end_of_ram_pfn, find_low_pfn_range]\n'
  + 'matrix:\n  machine.cmdline: ["mem=512M", "quiet", "memmap=64M$960M"]\n'
  + entries('expect', ['rule: kernel-mapping-user, step: head_32', ...lines]);

/** break-251 F4's gate-compete.yaml: count: 2 at vmi_init, and an entry of warnings at init_memory_mapping whose finding is an error */
const COMPETE = ['rule: fixmap-before-relocation, step: vmi_init, count: 2', 'rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning'];
/** break-250's gate-matrix.yaml: three entries competing for the init_memory_mapping and acpi_boot_table_init findings */
const competeMatrix = (lines: readonly string[]): string => `${rc1Bare}matrix:\n  machine.memory: [512MiB, 1GiB]\n  config.pae: [false, true]\n${entries('expect', lines)}`
  + entries('allow', ['rule: fixmap-before-relocation, step: init_memory_mapping, reason: "x", variant: "memory=1GiB"']);

const FOLLOWED: readonly Followed[] = [
  // break-251 F4: the entry at vmi_init no longer adds one at init_memory_mapping, where expect[1] is told to change its severity
  ...['severity: error', ''].map((pin): Followed => ({
    name: `competing entries: vmi_init's advice leaves out init_memory_mapping, which the other entry names ("${pin === '' ? 'leave severity: out' : 'write severity: error'}"; break-251 F4: an unmet entry or exit 2)`,
    file: 'rc1.yaml', text: rc1Expect(COMPETE),
    advice: 'with vmi_init as the call it conflicts with: step: names the culprit call (step: dmi_scan_machine, leave count: out)',
    after: rc1Expect(['rule: fixmap-before-relocation, step: dmi_scan_machine', `rule: fixmap-before-relocation, step: init_memory_mapping${pin === '' ? '' : `, ${pin}`}`]),
  })),
  {
    name: 'a matrix: two entries no longer both advise adding the same entries (break-251 F4, break-250 gate-matrix.yaml: two "repeats" input errors)',
    file: 'm.yaml', text: competeMatrix(['rule: fixmap-before-relocation, step: vmi_init', 'rule: fixmap-before-relocation, step: dmi_scan_machine, count: 3',
      'rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning, variant: "pae=true"']),
    advice: 'step: names the culprit call (an entry each: step: init_memory_mapping, variant: "memory=512MiB,pae=false", step: acpi_boot_table_init, variant: "memory=1GiB")',
    after: competeMatrix(['rule: fixmap-before-relocation, step: init_memory_mapping, variant: "memory=512MiB,pae=false"', 'rule: fixmap-before-relocation, step: acpi_boot_table_init, variant: "memory=1GiB"',
      'rule: fixmap-before-relocation, step: dmi_scan_machine, count: 1', 'rule: fixmap-before-relocation, step: init_memory_mapping, severity: error, variant: "pae=true"']),
  },
  // break-251 F3: in a matrix, "write variant: "cmdline=quiet" … and an entry with variant: …" left the errors live
  {
    name: 'a matrix: severity: warning, count: 2 over variants with errors: "leave severity: out" in every variant (break-251 F3: a variant: restriction)',
    file: 'mx2.yaml', text: mixed(['rule: missing-prerequisite, step: finish_e820_parsing, severity: warning, count: 2']),
    advice: 'severity: warning takes warnings only: leave severity: out (in every variant of this file it then takes 2 findings) if it is the same bug',
    after: mixed(['rule: missing-prerequisite, step: finish_e820_parsing, count: 2']),
  },
  {
    name: 'count: 2 at the related call of findings another entry names, one of its own taken (break-215 F1: "drop this entry" made it live)',
    file: 'a.yaml', text: `${plainArm64}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 3', 'rule: bbm-violation, step: paging_init, count: 2'])}`,
    advice: 'and another entry already names it there: lower count: to 1',
    after: `${plainArm64}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 3', 'rule: bbm-violation, step: paging_init, count: 1'])}`,
  },
  {
    name: 'count: 2 at dmi_scan_machine, one there and one at init_memory_mapping (break-212 F4 r_7a)',
    file: 'rc1.yaml', text: rc1Expect(['rule: fixmap-before-relocation, step: dmi_scan_machine, count: 2']),
    advice: 'lower count: to 1 and add an entry step: init_memory_mapping if that is the same bug',
    after: rc1Expect(['rule: fixmap-before-relocation, step: dmi_scan_machine', 'rule: fixmap-before-relocation, step: init_memory_mapping']),
  },
  {
    name: 'severity: warning, count: 2 over two errors, the same bug (break-212 F4 r_5)',
    file: 'rc1.yaml', text: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning, count: 2']),
    advice: 'lower count: to 1, leave severity: out and add an entry step: dmi_scan_machine, severity: error if that is the same bug',
    after: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine, severity: error']),
  },
  {
    name: 'severity: warning, count: 2 over two errors, the other one fixed (break-212 F4 r_5): the error elsewhere stays live, no entry is unmet',
    file: 'rc1.yaml', text: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning, count: 2']),
    advice: 'or lower count: to 1 and leave severity: out if they are fixed',
    after: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping']), status: 'fail',
  },
  {
    name: 'count: 3 pinned to warnings where one error occurs (break-212 F4: "lower count: to 1" alone stayed unmet)',
    file: 'rc1.yaml', text: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning, count: 3', 'rule: fixmap-before-relocation, step: dmi_scan_machine']),
    advice: 'or lower count: to 1 and leave severity: out if they are fixed',
    after: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine']),
  },
  {
    name: 'count: 2 at a step with none, one finding at each of two culprits (break-212 F4)',
    file: 'rc1.yaml', text: rc1Expect(['rule: fixmap-before-relocation, step: head_32, count: 2']),
    advice: 'an entry each: step: init_memory_mapping, step: dmi_scan_machine; leave count: out',
    // as said: count: left out (break-250 N4: "with count: 1" spelled out the default)
    after: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine']),
  },
  {
    name: 'an expect: with count: 2 of which another entry took one (break-212 F9): the kernel\'s other live errors stay',
    file: 'k.yaml', text: kasanExpect(['rule: ttbr-switch-unsafe, step: kasan_init, severity: error', 'rule: ttbr-switch-unsafe, step: kasan_init, count: 2']),
    advice: '; lower count: to 1',
    after: kasanExpect(['rule: ttbr-switch-unsafe, step: kasan_init, severity: error', 'rule: ttbr-switch-unsafe, step: kasan_init, count: 1']), status: 'fail',
  },
  {
    name: 'an expect: whose findings other entries took (break-212 F9)',
    file: 'k.yaml', text: kasanExpect(['rule: ttbr-switch-unsafe, step: kasan_init', 'rule: ttbr-switch-unsafe, step: kasan_init, severity: warning', 'rule: ttbr-switch-unsafe, step: kasan_init, severity: error']),
    advice: '; drop this entry',
    after: kasanExpect(['rule: ttbr-switch-unsafe, step: kasan_init, severity: warning', 'rule: ttbr-switch-unsafe, step: kasan_init, severity: error']), status: 'fail',
  },
  // break-250 F2: the error an allow: took is still the bug; the expect: edited as told takes it first, and the allow: is then
  // told it has nothing left (a warning: the run passes)
  ...['write severity: error', 'leave severity: out'].map((edit): Followed => ({
    name: `severity: warning over an error an allow: took: "${edit}" (break-250 F2: "drop the expect: entry")`,
    file: 'rc1.yaml', text: rc1AllowTook('severity: warning'),
    advice: 'write severity: error or leave severity: out if it is the same bug',
    after: rc1AllowTook(edit === 'write severity: error' ? 'severity: error' : ''),
    left: [TOOK_FROM_ALLOW],
  })),
  // an expect: of warnings whose error another expect: took: the duplicate goes, the other entry keeps the bug
  {
    name: 'severity: warning over an error another expect: took: "drop this entry" (was "no longer reproduces it")',
    file: 'rc1.yaml', text: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning', 'rule: fixmap-before-relocation, step: dmi_scan_machine']),
    advice: 'takes: drop this entry if it is the same bug',
    after: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine']),
  },
  // break-250 N4: an allow: whose findings occurred with another severity is told to change it, not to go
  {
    name: 'an allow: with severity: warning over an error at its step: "write severity: error" (break-250 N4: "remove it")',
    file: 'rc1.yaml', text: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping'])}${entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: warning, reason: r'])}`,
    advice: 'write severity: error or leave severity: out if it is the same bug',
    after: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping'])}${entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: error, reason: r'])}`,
  },
  {
    name: 'an allow: with severity: error over a warning at its step: "write severity: warning" (break-250 N4)',
    file: 'rc3.yaml', text: `${rc3Bare}${entries('allow', ['rule: missing-prerequisite, step: vmi_init, severity: error, reason: r', 'rule: early-ioremap-init-before-relocation, step: early_ioremap_init, reason: latent'])}`,
    advice: 'write severity: warning or leave severity: out if it is the same bug',
    after: `${rc3Bare}${entries('allow', ['rule: missing-prerequisite, step: vmi_init, severity: warning, reason: r', 'rule: early-ioremap-init-before-relocation, step: early_ioremap_init, reason: latent'])}`,
  },
  {
    name: 'an allow: with severity: warning, count: 2 over a warning and an error: "leave severity: out", which takes both (break-250 N4)',
    file: 'rc2.yaml', text: `${rc2Bare}${entries('allow', ['rule: missing-prerequisite, step: vmi_init, severity: warning, count: 2, reason: r', 'rule: early-ioremap-init-before-relocation, step: early_ioremap_init, reason: latent'])}`,
    advice: 'matched 1; it occurred as 1 error: severity: warning takes warnings only: leave severity: out if it is the same bug',
    after: `${rc2Bare}${entries('allow', ['rule: missing-prerequisite, step: vmi_init, count: 2, reason: r', 'rule: early-ioremap-init-before-relocation, step: early_ioremap_init, reason: latent'])}`,
  },
  {
    // break-280 N3: the allow: of warnings was told "write severity: error" for the error the unmet expect: is told to
    // take: followed, both took it (the allow: then unused, "taken by the expect: entry at line 3")
    name: 'an unmet expect: told to take an error, and an allow: of warnings at that step: the allow: is told the expect: takes it, to drop it',
    file: 'rc1.yaml',
    text: `${rc1Expect(['rule: fixmap-before-relocation, step: vmi_init, count: 2'])}${entries('allow', ['rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning, reason: x', 'rule: fixmap-before-relocation, step: "dmi_scan_machine#1", reason: x'])}`,
    advice: `allow: warning fixmap-before-relocation at init_memory_mapping matched no finding; it occurred as 1 error, which the expect: entry at line ${rc1Bare.split('\n').length + 1} is told to take: drop this entry if it is the same bug`,
    after: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping'])}${entries('allow', ['rule: fixmap-before-relocation, step: "dmi_scan_machine#1", reason: x'])}`,
  },
  {
    // break-290 F7: the allow: of warnings at dmi_scan_machine is told "write severity: error", and the allow: at vmi_init
    // (the call the dmi_scan_machine error conflicts with) was told "step: dmi_scan_machine" for the same error:
    // followed, both took it and one was an unused allow: again. The second is now not told to take what the first is
    name: 'two unused allow: entries whose advice would both take one finding: the second is not told to take it (break-290 F7)',
    file: 'rc1.yaml',
    text: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping'])}${entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: warning, reason: sev', 'rule: fixmap-before-relocation, step: vmi_init, reason: related'])}`,
    advice: 'with vmi_init as the call it conflicts with, and another entry already names it there: drop this entry',
    after: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping'])}${entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: error, reason: sev'])}`,
  },
  {
    // and between an unmet expect: and an unused allow: at the same call: the expect: at vmi_init is told "step:
    // dmi_scan_machine", and the allow: there was told the same; the expect: takes findings first, so the allow: is not
    name: 'an unmet expect: and an unused allow: at the call one error conflicts with: only the expect: is told to take it (break-290 F7)',
    file: 'rc1.yaml',
    text: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: vmi_init, count: 2'])}${entries('allow', ['rule: fixmap-before-relocation, step: vmi_init, reason: related'])}`,
    advice: 'with vmi_init as the call it conflicts with, and another entry already names it there: drop this entry',
    after: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine']),
  },
  {
    // the same between two allow: entries at one step pinned to other severities: the first is told "write severity:
    // error", the second that the first is told to take it
    name: 'two unused allow: entries of other severities at one step: the second is told the first takes the error, to drop it (break-290 F7)',
    file: 'rc1.yaml',
    text: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping'])}${entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: warning, reason: a', 'rule: fixmap-before-relocation, step: dmi_scan_machine, severity: info, reason: b'])}`,
    advice: `allow: info fixmap-before-relocation at dmi_scan_machine matched no finding; it occurred as 1 error, which the allow: entry at line ${rc1Bare.split('\n').length + 3} is told to take: drop this entry if it is the same bug`,
    after: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping'])}${entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: error, reason: a'])}`,
  },
];

describe('following the advice: the gate then passes for the entries (break-212)', () => {
  it.each(FOLLOWED)('$name', async (row) => {
    const before = reportTextOf((await formatReport('text', reportOf([{ file: row.file, text: row.text }]), CTX)).text);
    expect(before).toContain(row.advice);
    // every variant of a matrix (one result without)
    const after = reportOf([{ file: row.file, text: row.after }]).results;
    expect(after.flatMap((r) => [...r.unmet.map((e) => unmetMessage(e)), ...r.unusedAllows.map((a) => unusedAllowMessage(a))])).toEqual(row.left ?? []);
    expect(after.map((r) => r.status)).toEqual(after.map(() => row.status ?? 'pass'));
  });
});

describe('an unmet count in every format', () => {
  const row = ROWS.find((r) => r.short?.[0]?.startsWith('expected 4 ') === true);
  const message = row?.short?.[0] ?? '';
  const report = (): Report => reportOf([{ file: row?.file ?? '', text: row?.text ?? '' }]);

  it.each(['text', 'sarif', 'junit', 'ktap', 'github', 'html'] as const)('%s says how many were expected and how many occurred', async (format) => {
    const out = reportTextOf((await formatReport(format, report(), CTX)).text);
    // nothing in this message is escaped by any format
    expect(out).toContain(message);
  });

  it('json: the entry with count, matched and occurred', () => {
    const json = JSON.parse(formatJson(report())) as { results: { unmet: unknown[] }[]; summary: { unmet: number } };
    expect(json.results[0]?.unmet).toEqual([{ rule: 'bbm-violation', step: 'fixup_init', count: 4, line: expect.any(Number) as number, column: 5, matched: 3, occurred: 3 }]);
    expect(json.summary.unmet).toBe(1);
  });
});

describe('a repeated entry is an input problem (review 9, 3.2)', () => {
  const problems = (text: string): string[] => {
    const r = parseScenario(text, 'x.yaml');
    return r.ok ? [] : r.problems.map((p) => `${p.line ?? 0}:${p.col ?? 0}: ${p.message}`);
  };
  const rc1 = shipped('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
  const last = rc1.split('\n').length;

  it('names the entry it repeats and its line, and says how to ask for more', () => {
    expect(problems(`${rc1}  - {rule: fixmap-before-relocation, step: dmi_scan_machine}\n`))
      .toEqual([`${last}:5: expect[2]: repeats expect[1] (line ${last - 1}), which already takes that finding; for 2 findings write count: 2 in expect[1] and remove this one`]);
    expect(problems(`${rc1}  - {rule: fixmap-before-relocation, step: dmi_scan_machine, count: 2}\n`)[0])
      .toMatch(/repeats expect\[1\] .*which already takes that finding; for 3 findings write count: 3 in expect\[1\]/);
  });

  it('also in allow:; but not entries that differ in severity or variant, nor an expect: and an allow:', () => {
    const base = withoutExpect(rc1);
    const allow = (extra: string): string => `${base}allow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: a, count: 2}\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: b${extra}}\n`;
    expect(problems(allow(''))).toEqual([`${base.split('\n').length + 2}:5: allow[1]: repeats allow[0] (line ${base.split('\n').length + 1}), which already takes 2 such findings; for 3 findings write count: 3 in allow[0] and remove this one`]);
    // helper-147: two counts whose sum is past what count: takes are not told to write the sum
    const big = `${base}allow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: a, count: 40000}\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: b, count: 40000}\n`;
    expect(problems(big)).toEqual([`${base.split('\n').length + 2}:5: allow[1]: repeats allow[0] (line ${base.split('\n').length + 1}), which already takes 40000 such findings; together they ask for 80000 findings, more than a count: takes (at most 65536: no replay has more findings at one step): remove this one`]);
    expect(problems(allow(', severity: error'))).toEqual([]);
    expect(problems(`${base}expect:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine}\nallow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: r}\n`)).toEqual([]);
  });

  it('count: and severity: are checked by the schema, with what is allowed', () => {
    const base = 'setup_arch: [early_ioremap_init, dmi_scan_machine]\nexpect:\n';
    expect(problems(`${base}  - {rule: stale-early-ioremap, step: dmi_scan_machine, count: 0}\n`)).toEqual(['3:64: expect[0].count: 0 is out of range; allowed: 1 to 65536']);
    expect(problems(`${base}  - {rule: stale-early-ioremap, step: dmi_scan_machine, count: 1.5}\n`)).toEqual(['3:64: expect[0].count: expected a whole number, got the number 1.5']);
    expect(problems(`${base}  - {rule: stale-early-ioremap, step: dmi_scan_machine, severity: fatal}\n`)).toEqual(['3:67: expect[0].severity: unknown value "fatal"; allowed: error, warning, info']);
  });
});

describe('a matrix allow: is unused once per file, when no variant used it (review 9, 4.4)', () => {
  const BASE = 'scenarios/x86_32/variants/2.6.27-rc3-fix.yaml';
  const files = {
    'v/2.6.27-rc3-fix.yaml': shipped(BASE),
    'v/base-2.6.27-rc1-vmi.yaml': shipped('scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'),
  };
  // review 9's mx.yaml: 10 variants; the two allows are used by the VMI variants only
  const mx = 'extends: 2.6.27-rc3-fix.yaml\nmatrix:\n  machine.hypervisor: [none, vmi, xen]\n  machine.memory: [512MiB, 4GiB]\n  config.pae: [false, true]\n'
    + '  exclude:\n    - {machine.hypervisor: xen, config.pae: false}\nexpect:\n  - {rule: btmap-pmd-straddle, step: early_ioremap_init, variant: "hypervisor=xen"}\n'
    + 'allow:\n  - {rule: early-ioremap-init-before-relocation, step: early_ioremap_init, reason: "latent"}\n  - {rule: missing-prerequisite, step: vmi_init, reason: "no vmi="}\n';
  const never = `${mx}  - {rule: btmap-pmd-straddle, step: early_ioremap_init, reason: "never", count: 2}\n  - {rule: missing-prerequisite, step: vmi_init, severity: error, reason: "pinned"}\n`;
  const report = (text: string): Report => reportOf([{ file: 'v/mx.yaml', text, files }]);

  it('used by some variants: no unused-allow at all (was one per variant that did not need it)', () => {
    const r = report(mx);
    expect(r.results).toHaveLength(10);
    expect(r.results.flatMap((x) => x.unusedAllows)).toEqual([]);
  });

  it('used by none: one unused-allow per entry, at the first variant, over all of them', async () => {
    const r = report(never);
    expect(r.results.map((x) => x.unusedAllows.length)).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const text = reportTextOf((await formatReport('text', r, CTX)).text);
    expect(text).toContain('warning unused-allow: allow: 2 btmap-pmd-straddle findings at early_ioremap_init matched no finding in any of its 10 variants; it was taken by the expect: entry at line 9 (an expect: entry takes findings first); remove it');
    // the warning it does not take is the "no vmi=" entry's: no remedy for this one (break-211 F2)
    expect(text).toContain('warning unused-allow: allow: error missing-prerequisite at vmi_init matched no finding in any of its 10 variants; remove it');
    expect(text).toMatch(/2 unused allows/);
  });

  it('an unused allow: at the related call says where the findings are, from whichever variant has them, whatever the axis order (break-208 F2)', async () => {
    const allow = `${entries('allow', ['rule: fixmap-before-relocation, step: vmi_init, reason: x'])}`;
    for (const axis of ['[none, vmi]', '[vmi, none]']) {
      const text = `${rc1Bare}matrix:\n  machine.hypervisor: ${axis}\n${allow}`;
      const out = reportTextOf((await formatReport('text', reportOf([{ file: 'm.yaml', text }]), CTX)).text);
      expect(out, axis).toContain('allow: fixmap-before-relocation at vmi_init matched no finding in any of its 2 variants; fixmap-before-relocation occurred in variant hypervisor=vmi at init_memory_mapping (step 28) and at dmi_scan_machine (step 31), each with vmi_init as the call it conflicts with');
      expect(out, axis).not.toContain('remove it');
    }
  });

  it('an expect: without variant: stays per variant: unmet in each variant that does not reproduce it', () => {
    const text = `${mx.replace(/expect:\n.*\n/, '')}expect:\n  - {rule: btmap-pmd-straddle, step: early_ioremap_init}\n`;
    expect(report(text).results.map((x) => x.unmet.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });

  // every variant of mx.yaml, as run loads them before --variant or --shard picks some
  const names = (text: string): FileVariants => new Map([['v/mx.yaml', gatedEach([{ file: 'v/mx.yaml', text, files }]).results.map((x) => x.variant ?? '')]]);
  const textOf = async (results: readonly GatedResult[]): Promise<string> => reportTextOf((await formatReport('text', { results, problems: [], baseline: false, absent: [] }, CTX)).text);
  const noVariant = `${mx.replace(/expect:\n.*\n/, '')}expect:\n  - {rule: btmap-pmd-straddle, step: early_ioremap_init}\n`;

  it('an unmet expect: of a matrix that another variant meets names it and advises variant:, not "drop the expect: entry" (break-212 F1)', async () => {
    const text = await textOf(report(noVariant).results);
    expect(text).toContain('expected btmap-pmd-straddle at early_ioremap_init, which did not occur in this variant; the entry is met in variants hypervisor=xen,memory=512MiB,pae=true and hypervisor=xen,memory=4GiB,pae=true of this file: write variant: "hypervisor=xen" in the entry if only such variants have the bug');
    expect(text).not.toContain('drop the expect: entry');
    expect(text).not.toContain('no longer reproduces');
  });

  it('following it: variant: "hypervisor=xen" leaves no variant unmet (break-212 F1)', () => {
    const followed = noVariant.replace('early_ioremap_init}', 'early_ioremap_init, variant: "hypervisor=xen"}');
    expect(report(followed).results.flatMap((x) => x.unmet)).toEqual([]);
  });

  it('the variant: advised avoids every variant without the finding, not only those the old selector picked, and followed leaves nothing unmet (break-215 F2)', async () => {
    const base = `${rc1Bare}matrix:\n  machine.hypervisor: [none, vmi]\n  machine.memory: [512MiB, 4GiB]\n`;
    const two = (lowmem: string, acpi: string): string => `${base}${entries('expect', [
      `rule: lowmem-before-relocation, step: find_low_pfn_range, variant: "${lowmem}"`, 'rule: fixmap-before-relocation, step: init_memory_mapping, variant: "hypervisor=vmi"',
      'rule: fixmap-before-relocation, step: dmi_scan_machine, variant: "hypervisor=vmi"', `rule: fixmap-before-relocation, step: acpi_boot_table_init, variant: "${acpi}"`])}`;
    const text = await textOf(report(two('memory=4GiB', 'hypervisor=vmi')).results);
    expect(text).toContain('write variant: "hypervisor=vmi,memory=4GiB" in the entry');
    expect(text).not.toMatch(/write variant: "(hypervisor=vmi|memory=4GiB)" in/);
    expect(report(two('hypervisor=vmi,memory=4GiB', 'hypervisor=vmi,memory=4GiB')).results.flatMap((x) => x.unmet)).toEqual([]);
  });

  it('an entry to add for a culprit only some variants have names their variant:, and followed leaves nothing unmet (break-215 F10)', async () => {
    // 2.6.27: acpi_boot_table_init maps the ACPI tables through FIX_ACPI_* when they lie above max_low_pfn_mapped, as with 4 GiB (catalog.ts)
    const base = `${rc1Bare}matrix:\n  machine.hypervisor: [vmi]\n  machine.memory: [512MiB, 4GiB]\n  config.pae: [false, true]\n`;
    const text = await textOf(report(`${base}${entries('expect', ['rule: fixmap-before-relocation, step: dmi_scan_machine, count: 3'])}`).results);
    // every variant gives the one edit, the 512MiB variants too (break-223 F2: they named init_memory_mapping alone)
    const same = 'lower count: to 1 and add an entry each: step: init_memory_mapping; step: acpi_boot_table_init, variant: "memory=4GiB" if that is the same bug';
    expect(text.split('\n').filter((l) => l.includes('unmet-expectation')).map((l) => l.includes(same))).toEqual([true, true, true, true]);
    const followed = `${base}${entries('expect', ['rule: fixmap-before-relocation, step: dmi_scan_machine, count: 1',
      'rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: acpi_boot_table_init, variant: "memory=4GiB"'])}`;
    expect(report(followed).results.flatMap((x) => x.unmet.map((e) => unmetMessage(e)))).toEqual([]);
  });

  it('where no one selector of key=value pairs picks the variants that have a culprit, a glob does: one entry, and followed nothing is unmet (break-218 F1, break-219 F5)', async () => {
    const base = `${rc1Bare}matrix:\n  machine.hypervisor: [none, vmi]\n  machine.memory: [512MiB, 1GiB, 4GiB]\n`;
    const text = await textOf(report(`${base}${entries('expect', ['rule: fixmap-before-relocation, step: vmi_init, count: 3'])}`).results);
    expect(text).toContain('step: acpi_boot_table_init, variant: "hypervisor=vmi,memory=*GiB"; leave count: out)');
    const followed = (acpi: readonly string[]): string => `${base}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping, count: 1, variant: "hypervisor=vmi"',
      'rule: fixmap-before-relocation, step: dmi_scan_machine, count: 1, variant: "hypervisor=vmi"',
      ...acpi.map((v) => `rule: fixmap-before-relocation, step: acpi_boot_table_init, count: 1, variant: "${v}"`)])}`;
    expect(report(followed(['hypervisor=vmi,memory=*GiB'])).results.flatMap((x) => x.unmet.map((e) => unmetMessage(e)))).toEqual([]);
    // the full names, an entry each, as advised before, still do
    expect(report(followed(['hypervisor=vmi,memory=1GiB', 'hypervisor=vmi,memory=4GiB'])).results.flatMap((x) => x.unmet.map((e) => unmetMessage(e)))).toEqual([]);
  });

  describe('more than 3 variants that no one selector picks: a cover, every entry written, the axes that play no part left out (break-219 F5, break-218 N3)', () => {
    // acpi_boot_table_init maps through the fixmap with 1GiB and 4096MiB of VMI, whatever pae: 4 variants of 12, and
    // 1GiB and 4096MiB share no end that 512MiB lacks, so no glob picks them
    const base = `${rc1Bare}matrix:\n  machine.hypervisor: [none, vmi]\n  machine.memory: [512MiB, 1GiB, 4096MiB]\n  config.pae: [false, true]\n`;
    const vmi = ['rule: fixmap-before-relocation, step: init_memory_mapping, count: 1, variant: "hypervisor=vmi"', 'rule: fixmap-before-relocation, step: dmi_scan_machine, count: 1, variant: "hypervisor=vmi"'];
    const acpi = (more: string): string[] => ['hypervisor=vmi,memory=1GiB', 'hypervisor=vmi,memory=4096MiB'].map((v) => `rule: fixmap-before-relocation, step: acpi_boot_table_init${more}, variant: "${v}"`);
    const unmet = (text: string): string[] => report(text).results.flatMap((x) => x.unmet.map((e) => unmetMessage(e)));
    const lines = async (text: string): Promise<string[]> => (await textOf(report(text).results)).split('\n').filter((l) => l.includes('unmet-expectation'));

    it('an entry at the call it conflicts with: step: names the culprit, an entry for each selector, and followed nothing is unmet', async () => {
      const out = await lines(`${base}${entries('expect', ['rule: fixmap-before-relocation, step: vmi_init, count: 3'])}`);
      const advice = 'step: acpi_boot_table_init, variant: "hypervisor=vmi,memory=1GiB" and one more with variant: "hypervisor=vmi,memory=4096MiB"; leave count: out)';
      // every variant, with those findings or not, with 2 culprits or 3, gives that one edit (the 4 with all 3 culprits'
      // findings: the others name the variant they are in)
      expect(out).toHaveLength(12);
      expect(out.filter((l) => l.includes(advice))).toHaveLength(12);
      // no variant left unnamed, no axis that plays no part in a selector
      expect(out.join('\n')).not.toMatch(/the same for|variant: "[^"]*pae=/);
      expect(unmet(`${base}${entries('expect', [...vmi, ...acpi(', count: 1')])}`)).toEqual([]);
    });

    it('an entry met in those 4 variants: the others are told the entries to write in its place, and followed nothing is unmet', async () => {
      const out = await lines(`${base}${entries('expect', [...vmi, 'rule: fixmap-before-relocation, step: acpi_boot_table_init'])}`);
      expect(out).toHaveLength(8);
      for (const l of out) {
        expect(l).toContain('the entry is met in 4 variants (hypervisor=vmi,memory=1GiB,pae=false, …) of this file: write an entry each in place of this one: '
          + 'variant: "hypervisor=vmi,memory=1GiB"; variant: "hypervisor=vmi,memory=4096MiB" if only such variants have the bug');
      }
      expect(unmet(`${base}${entries('expect', [...vmi, ...acpi('')])}`)).toEqual([]);
    });

    it('count: 2 that none meets: every variant is told the same entries, count: and all, and followed nothing is unmet', async () => {
      const out = await lines(`${base}${entries('expect', [...vmi, 'rule: fixmap-before-relocation, step: acpi_boot_table_init, count: 2'])}`);
      const each = 'write an entry each in place of this one: count: 1, variant: "hypervisor=vmi,memory=1GiB"; count: 1, variant: "hypervisor=vmi,memory=4096MiB"';
      expect(out.map((l) => l.includes(each))).toEqual(out.map(() => true));
      expect(out).toHaveLength(12);
      expect(unmet(`${base}${entries('expect', [...vmi, ...acpi(', count: 1')])}`)).toEqual([]);
    });
  });

  it('a count no variant meets, the variants taking different numbers: one advice in every variant, an entry each, and followed nothing is unmet (break-218 F2)', async () => {
    // shared-leaf-permissions at fixup_init: twice with debug_rodata=false, once with true
    const base = `${kasanBare.replace('kasan: true', 'kasan: false')}matrix:\n  config.debug_rodata: [false, true]\n`;
    const text = await textOf(report(`${base}${entries('expect', ['rule: shared-leaf-permissions, step: fixup_init, count: 4'])}`).results);
    const advice = 'or write an entry each in place of this one: count: 2, variant: "debug_rodata=false"; count: 1, variant: "debug_rodata=true" if they are fixed';
    expect(text.split('\n').filter((l) => l.includes('unmet-expectation')).map((l) => l.includes(advice))).toEqual([true, true]);
    const followed = `${base}${entries('expect', ['rule: shared-leaf-permissions, step: fixup_init, count: 2, variant: "debug_rodata=false"',
      'rule: shared-leaf-permissions, step: fixup_init, count: 1, variant: "debug_rodata=true"'])}`;
    expect(report(followed).results.flatMap((x) => x.unmet.map((e) => unmetMessage(e)))).toEqual([]);
  });

  // break-219: every variant that reports an unmet entry gives one advice, and that advice followed once makes every variant pass it
  const unmetLines = (text: string): string[] => text.split('\n').filter((l) => l.includes('unmet-expectation'));
  const unmetIn = (text: string): string[] => report(text).results.flatMap((x) => x.unmet.map((e) => unmetMessage(e)));
  const rodata = `${v44Bare}matrix:\n  config.debug_rodata: [false, true]\n`;
  // the fixup_init entries of break-219 f3/m.yaml, written per variant (3 and 1 bbm-violation, 2 and 1 shared-leaf-permissions)
  const perVariant = ['rule: bbm-violation, step: fixup_init, count: 3, variant: "debug_rodata=false"', 'rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=true"',
    'rule: shared-leaf-permissions, step: fixup_init, count: 2, variant: "debug_rodata=false"', 'rule: shared-leaf-permissions, step: fixup_init, count: 1, variant: "debug_rodata=true"',
    'rule: shared-leaf-permissions, step: paging_init, count: 2, variant: "debug_rodata=true"'];

  it('a count at the related call of findings another entry names, the variants taking different numbers: an entry each in every variant, and followed every variant passes (break-219 F3)', async () => {
    const text = await textOf(report(`${rodata}${entries('expect', [...perVariant, 'rule: bbm-violation, step: paging_init, count: 3'])}`).results);
    const advice = 'with paging_init as the call it conflicts with, and another entry already names it there: write an entry each in place of this one: count: 2, variant: "debug_rodata=true"; count: 1, variant: "debug_rodata=false" in v/mx.yaml[';
    expect(unmetLines(text).map((l) => l.includes(advice))).toEqual([true, true]);
    // each variant's own count was the other's unmet entry (follow-false.yaml: a live error; follow-true.yaml: unmet)
    expect(text).not.toContain('lower count:');
    const followed = `${rodata}${entries('expect', [...perVariant, 'rule: bbm-violation, step: paging_init, count: 2, variant: "debug_rodata=true"',
      'rule: bbm-violation, step: paging_init, count: 1, variant: "debug_rodata=false"'])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(report(followed).results.map((x) => x.status)).toEqual(['pass', 'pass']);
  });

  const liveOf = (text: string, rule: string): string[] => report(text).results.flatMap((x) => x.checked.filter((c) => c.state === 'live' && c.finding.rule === rule).map((c) => `${x.variant ?? ''}: ${c.finding.message}`));
  it('a variant without the findings of an entry whose step: is their related call gives the advice of the variant that has them, not "drop the expect: entry"; followed every variant passes (break-219 F4)', async () => {
    const base = `${rc1Bare}matrix:\n  machine.hypervisor: [none, vmi]\n`;
    const text = await textOf(report(`${base}${entries('expect', ['rule: fixmap-before-relocation, step: vmi_init, count: 2'])}`).results);
    const advice = 'each with vmi_init as the call it conflicts with: step: names the culprit call (an entry each: step: init_memory_mapping, variant: "hypervisor=vmi", step: dmi_scan_machine, variant: "hypervisor=vmi"; leave count: out) in';
    expect(unmetLines(text).map((l) => l.includes(advice))).toEqual([true, true]);
    // said of the variant the findings are in
    expect(text).toContain('expected 2 fixmap-before-relocation findings at vmi_init, 0 occurred in this variant; fixmap-before-relocation occurred in variant hypervisor=vmi at init_memory_mapping (step 28) and at dmi_scan_machine (step 31), each with');
    expect(text).not.toContain('drop');
    expect(text).not.toContain('no longer reproduces');
    const followed = `${base}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping, count: 1, variant: "hypervisor=vmi"',
      'rule: fixmap-before-relocation, step: dmi_scan_machine, count: 1, variant: "hypervisor=vmi"'])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(report(followed).results.map((x) => x.status)).toEqual(['pass', 'pass']);
  });

  it('a variant whose related finding another entry took is not told "drop this entry" while another variant has a free one: the same advice; followed every variant passes (break-219 F4, f5 entry 3)', async () => {
    // 4 GiB: acpi_boot_table_init also conflicts with vmi_init; 512 MiB: only init_memory_mapping, which the first entry names
    const base = `${rc1Bare}matrix:\n  machine.memory: [512MiB, 4GiB]\n`;
    const named = ['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine'];
    const text = await textOf(report(`${base}${entries('expect', [...named, 'rule: fixmap-before-relocation, step: vmi_init'])}`).results);
    const advice = 'with vmi_init as the call it conflicts with: step: names the culprit call (step: acpi_boot_table_init, variant: "memory=4GiB") in';
    expect(unmetLines(text).map((l) => l.includes(advice))).toEqual([true, true]);
    expect(text).toContain('expected fixmap-before-relocation at vmi_init, which did not occur in this variant; fixmap-before-relocation occurred in variant memory=4GiB at acpi_boot_table_init (step 33)');
    expect(text).not.toContain('drop this entry');
    const followed = `${base}${entries('expect', [...named, 'rule: fixmap-before-relocation, step: acpi_boot_table_init, variant: "memory=4GiB"'])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(liveOf(followed, 'fixmap-before-relocation')).toEqual([]);
  });

  // break-219 f6/m.yaml: bbm-violation at fixup_init 3 times with debug_rodata=false, once with true (and once more at paging_init)
  const f6Base = `${v44Bare}matrix:\n  config.debug_rodata: [false, true]\n  config.kasan: [false, true]\n`;
  const f6 = `${f6Base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 4', 'rule: bbm-violation, step: paging_init', 'rule: shared-leaf-permissions, step: fixup_init'])}`;
  const f6Groups = 'write an entry each in place of this one: count: 3, variant: "debug_rodata=false"; count: 1, variant: "debug_rodata=true"';

  it('"if that is the same bug" keeps what each variant took, as "if they are fixed" does, not a count of one variant for all; followed every variant passes the entries (break-219 F6)', async () => {
    const text = await textOf(report(f6).results);
    const lines = unmetLines(text);
    expect(lines).toHaveLength(4);
    const same = `(fix the order back, ${f6Groups}, and add an entry step: paging_init, variant: "debug_rodata=true" if that is the same bug, or ${f6Groups} if they are fixed)`;
    // the debug_rodata=false variants, without findings at paging_init, give it too (break-223 F2)
    expect(lines.map((l) => l.includes(same))).toEqual([true, true, true, true]);
    expect(lines.map((l) => l.includes(`or ${f6Groups} if they are fixed`))).toEqual([true, true, true, true]);
    // follow-same-bug.yaml: count: 1 for every variant, and the debug_rodata=false variants' 3 findings were live
    expect(text).not.toContain('lower count:');
    const followed = `${f6Base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 3, variant: "debug_rodata=false"', 'rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=true"',
      'rule: bbm-violation, step: paging_init, variant: "debug_rodata=true"', 'rule: bbm-violation, step: paging_init', 'rule: shared-leaf-permissions, step: fixup_init'])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(liveOf(followed, 'bbm-violation')).toEqual([]);
  });

  // break-225 F1/m.yaml: two entries on bbm-violation at fixup_init; in the debug_rodata=true GiB variants the first takes
  // both findings, so the second is short there though met in the other 8
  it('an entry whose findings another entry took in some variants, met in the others, is told the variant: of those, not "drop this entry"; followed with the other entry\'s advice every variant passes (break-225 F1)', async () => {
    const base = `${v44Bare}matrix:\n  config.debug_rodata: [false, true]\n  config.kasan: [false, true]\n  machine.memory: [512MiB, 1GiB, 2GiB]\n`;
    const rest = ['rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=false,memory=512MiB"', 'rule: bbm-violation, step: paging_init, count: 2, variant: "debug_rodata=true"',
      'rule: bbm-violation, step: paging_init, count: 1, variant: "debug_rodata=false,memory=*GiB"'];
    const text = await textOf(report(`${base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 2, variant: "memory=*GiB"', 'rule: bbm-violation, step: fixup_init, count: 1', ...rest])}`).results);
    const second = unmetLines(text).filter((l) => l.includes('expected bbm-violation at fixup_init,'));
    expect(second).toHaveLength(4);
    for (const l of second) {
      expect(l).toContain('which occurred in this variant; it was taken by the expect: entry at line 51 (an entry written before this one takes findings first)');
      expect(l).toContain('the entry is met in 8 variants');
      expect(l).toContain('write an entry each in place of this one: variant: "debug_rodata=false"; variant: "debug_rodata=true,memory=512MiB" if only such variants have the bug');
    }
    expect(text).not.toContain('drop this entry');
    const followed = `${base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 2, variant: "debug_rodata=false,memory=*GiB"', 'rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=true,memory=*GiB"',
      'rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=false"', 'rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=true,memory=512MiB"', ...rest])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(liveOf(followed, 'bbm-violation')).toEqual([]);
  });

  // break-223 F1/m.yaml: the vmi variants' culprits of the findings that conflict with vmi_init differ, and none holds all the others'
  const f1Base = `${rc1Bare}matrix:\n  machine.hypervisor: [none, vmi]\n  machine.memory: [512MiB, 1GiB]\n  machine.ohci1394_dma_early: [false, true]\n`
    + '  exclude:\n    - {machine.memory: 1GiB, machine.ohci1394_dma_early: true}\n';

  it('where no variant\'s culprits hold the others\', every variant gives the union, each culprit with its variant:, not "drop the expect: entry" nor an edit of its own; followed every variant passes (break-223 F1)', async () => {
    const lines = unmetLines(await textOf(report(`${f1Base}${entries('expect', ['rule: fixmap-before-relocation, step: vmi_init, count: 2'])}`).results));
    expect(lines).toHaveLength(6);
    const union = 'step: names the culprit call (an entry each: step: init_memory_mapping, variant: "hypervisor=vmi", step: init_ohci1394_dma_on_all_controllers, '
      + 'variant: "hypervisor=vmi,ohci1394_dma_early=true", step: dmi_scan_machine, variant: "hypervisor=vmi", step: acpi_boot_table_init, variant: "hypervisor=vmi,memory=1GiB"; leave count: out) in';
    expect(lines.map((l) => l.includes(union))).toEqual([true, true, true, true, true, true]);
    expect(lines.join('\n')).not.toContain('drop the expect: entry');
    const followed = `${f1Base}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping, count: 1, variant: "hypervisor=vmi"',
      'rule: fixmap-before-relocation, step: init_ohci1394_dma_on_all_controllers, count: 1, variant: "hypervisor=vmi,ohci1394_dma_early=true"',
      'rule: fixmap-before-relocation, step: dmi_scan_machine, count: 1, variant: "hypervisor=vmi"', 'rule: fixmap-before-relocation, step: acpi_boot_table_init, count: 1, variant: "hypervisor=vmi,memory=1GiB"'])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(liveOf(followed, 'fixmap-before-relocation')).toEqual([]);
  });

  // break-223 F2/m.yaml: bbm-violation at paging_init once with debug_rodata=false (none at 512MiB), twice with true
  const f2Base = `${v44Bare}matrix:\n  config.debug_rodata: [false, true]\n  machine.memory: [512MiB, 1GiB, 1536MiB, 2GiB, 4GiB]\n`;

  it('"if that is the same bug" is one edit in every variant, with the count each group of variants has at the culprit, not one variant\'s count on every selector; followed every variant passes (break-223 F2)', async () => {
    const lines = unmetLines(await textOf(report(`${f2Base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 4'])}`).results));
    expect(lines).toHaveLength(10);
    const same = 'and add an entry each: step: paging_init, count: 2, variant: "debug_rodata=true"; step: paging_init, variant: "debug_rodata=false,memory=1GiB" and 3 more, one each with '
      + 'variant: "debug_rodata=false,memory=1536MiB", variant: "debug_rodata=false,memory=2GiB", variant: "debug_rodata=false,memory=4GiB" if that is the same bug';
    expect(lines.every((l) => l.includes(same))).toBe(true);
    expect(lines.join('\n')).not.toContain('at paging_init (step 9) and at paging_init');
    const kept = ['count: 3, variant: "debug_rodata=false,memory=1GiB"', 'count: 3, variant: "debug_rodata=false,memory=1536MiB"', 'count: 3, variant: "debug_rodata=false,memory=2GiB"',
      'count: 3, variant: "debug_rodata=false,memory=4GiB"', 'count: 2, variant: "debug_rodata=false,memory=512MiB"', 'count: 1, variant: "debug_rodata=true"'];
    const followed = `${f2Base}${entries('expect', [...kept.map((k) => `rule: bbm-violation, step: fixup_init, ${k}`), 'rule: bbm-violation, step: paging_init, count: 2, variant: "debug_rodata=true"',
      ...['1GiB', '1536MiB', '2GiB', '4GiB'].map((m) => `rule: bbm-violation, step: paging_init, variant: "debug_rodata=false,memory=${m}"`)])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(liveOf(followed, 'bbm-violation')).toEqual([]);
  });

  // break-223 F3/m.yaml, m2.yaml: an entry met in some variants, the others took different numbers (or none)
  const f3Base = `${v44Bare}matrix:\n  config.debug_rodata: [false, true]\n  machine.memory: [512MiB, 1GiB]\n`;
  const unmetOf = (text: string, step: string): string[] => report(text).results.flatMap((x) => x.unmet.filter((e) => e.step.name === step).map((e) => `${x.variant ?? ''}: ${unmetMessage(e)}`));
  const liveAt = (text: string, step: string): string[] => report(text).results.flatMap((x) => x.checked.filter((c) => c.state === 'live' && c.finding.rule === 'bbm-violation' && c.finding.step.name === step)
    .map((c) => `${x.variant ?? ''}: ${c.finding.message}`));

  it('an entry met in some variants: every other variant names the entries of their own of every group that took some, the one that took none too; followed no finding at its step is live (break-223 F3)', () => {
    const m = `${f3Base}${entries('expect', ['rule: bbm-violation, step: paging_init, count: 2'])}`;
    const lines = unmetOf(m, 'paging_init');
    expect(lines).toHaveLength(2);
    const edit = 'write variant: "debug_rodata=true" in the entry, and an entry with variant: "debug_rodata=false,memory=1GiB" and count: 1 for';
    expect(lines.map((l) => l.includes(edit))).toEqual([true, true]);
    const followed = `${f3Base}${entries('expect', ['rule: bbm-violation, step: paging_init, count: 2, variant: "debug_rodata=true"', 'rule: bbm-violation, step: paging_init, count: 1, variant: "debug_rodata=false,memory=1GiB"'])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(liveAt(followed, 'paging_init')).toEqual([]);
    // m2.yaml: met in false/1GiB, 2 taken in false/512MiB, 1 in the true variants: each named only its own group
    const m2 = `${f3Base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 3'])}`;
    const lines2 = unmetOf(m2, 'fixup_init');
    expect(lines2).toHaveLength(3);
    const edit2 = 'write variant: "debug_rodata=false,memory=1GiB" in the entry, and an entry each: variant: "debug_rodata=false,memory=512MiB" and count: 2; variant: "debug_rodata=true" and count: 1 for';
    expect(lines2.map((l) => l.includes(edit2))).toEqual([true, true, true]);
    const followed2 = `${f3Base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 3, variant: "debug_rodata=false,memory=1GiB"',
      'rule: bbm-violation, step: fixup_init, count: 2, variant: "debug_rodata=false,memory=512MiB"', 'rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=true"'])}`;
    expect(unmetIn(followed2)).toEqual([]);
    expect(liveAt(followed2, 'fixup_init')).toEqual([]);
  });

  it('the entries of their own are a cover where no one selector picks a group, not each variant\'s full name; followed no finding at its step is live (break-223 F4)', () => {
    const base = `${v44Bare}matrix:\n  config.debug_rodata: [false, true]\n  machine.memory: [512MiB, 1GiB, 1536MiB, 2GiB]\n`;
    const lines = unmetOf(`${base}${entries('expect', ['rule: bbm-violation, step: paging_init, count: 2'])}`, 'paging_init');
    expect(lines).toHaveLength(4);
    const edit = 'write variant: "debug_rodata=true" in the entry, and an entry each: variant: "debug_rodata=false,memory=1GiB" and count: 1; '
      + 'variant: "debug_rodata=false,memory=1536MiB" and count: 1; variant: "debug_rodata=false,memory=2GiB" and count: 1 for';
    expect(lines.map((l) => l.includes(edit))).toEqual([true, true, true, true]);
    const followed = `${base}${entries('expect', ['rule: bbm-violation, step: paging_init, count: 2, variant: "debug_rodata=true"',
      ...['1GiB', '1536MiB', '2GiB'].map((m) => `rule: bbm-violation, step: paging_init, count: 1, variant: "debug_rodata=false,memory=${m}"`)])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(liveAt(followed, 'paging_init')).toEqual([]);
  });

  it('a run of some variants advises no variant: that picks a variant it did not replay: the edit of the full run, which followed passes every variant (break-223 F5)', async () => {
    const base = `${rc1Bare}matrix:\n  machine.hypervisor: [none, vmi]\n  machine.memory: [512MiB, 1GiB, 4GiB]\n`;
    const m = `${base}${entries('expect', ['rule: fixmap-before-relocation, step: vmi_init, count: 2'])}`;
    const each = gatedEach([{ file: 'v/mx.yaml', text: m, files }]).results;
    const all = new Map([['v/mx.yaml', each.map((x) => x.variant ?? '')]]);
    const picked = each.filter((x) => x.variant?.startsWith('hypervisor=vmi') === true);
    const lines = unmetLines(await textOf(fileUnusedAllows(fileUnmet(picked, all), all)));
    expect(lines).toHaveLength(3);
    // it said "step: init_memory_mapping with count: 1, …, variant: "memory=*GiB"": the none variants' too, never replayed
    const edit = '(an entry each: step: init_memory_mapping, variant: "hypervisor=vmi", step: dmi_scan_machine, variant: "hypervisor=vmi", '
      + 'step: acpi_boot_table_init, variant: "hypervisor=vmi,memory=*GiB"; leave count: out); the run did not replay 3 other variants';
    expect(lines.map((l) => l.includes(edit))).toEqual([true, true, true]);
    const followed = `${base}${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping, count: 1, variant: "hypervisor=vmi"',
      'rule: fixmap-before-relocation, step: dmi_scan_machine, count: 1, variant: "hypervisor=vmi"', 'rule: fixmap-before-relocation, step: acpi_boot_table_init, count: 1, variant: "hypervisor=vmi,memory=*GiB"'])}`;
    expect(unmetIn(followed)).toEqual([]);
    expect(liveOf(followed, 'fixmap-before-relocation')).toEqual([]);
  });

  it('a run of some variants gives the variants it replayed one edit, whose selectors pick none it did not replay (break-225 F2)', async () => {
    const base = `${v44Bare}matrix:\n  config.debug_rodata: [false, true]\n  config.kasan: [false, true]\n  machine.memory: [512MiB, 1GiB, 2GiB]\n`;
    const text = `${base}${entries('expect', ['rule: bbm-violation, step: paging_init, count: 2', 'rule: bbm-violation, step: fixup_init, count: 3, severity: error, variant: "debug_rodata=false,memory=*GiB"',
      'rule: bbm-violation, step: fixup_init, count: 2, severity: error, variant: "debug_rodata=false,memory=512MiB"', 'rule: bbm-violation, step: fixup_init, count: 1, severity: error, variant: "debug_rodata=true"'])}`;
    const each = gatedEach([{ file: 'v/mx.yaml', text, files }]).results;
    const all = new Map([['v/mx.yaml', each.map((x) => x.variant ?? '')]]);
    const picked = each.filter((x) => x.variant?.startsWith('debug_rodata=false,kasan=false') === true);
    const lines = unmetLines(await textOf(fileUnusedAllows(fileUnmet(picked, all), all))).filter((l) => l.includes('at paging_init'));
    expect(lines).toHaveLength(3);
    // the 512MiB variant took none: the others' edit, not "drop this entry", which left their findings live
    const edit = 'another entry already names it there: lower count: to 1 and write variant: "debug_rodata=false,kasan=false,memory=*GiB" in the entry; the run did not replay 9 other variants';
    expect(lines.map((l) => l.includes(edit))).toEqual([true, true, true]);
  });

  it('a run of some variants tells those it replayed one edit for them, once a run of every variant says so (break-219 F9)', async () => {
    const all = new Map([['v/mx.yaml', gatedEach([{ file: 'v/mx.yaml', text: f6, files }]).results.map((x) => x.variant ?? '')]]);
    const each = gatedEach([{ file: 'v/mx.yaml', text: f6, files }]).results;
    const picked = each.filter((x) => x.variant?.endsWith('kasan=false') === true);
    const lines = unmetLines(await textOf(fileUnusedAllows(fileUnmet(picked, all), all)));
    expect(lines).toHaveLength(2);
    // each said "lower count: to 3" and "lower count: to 1"
    // the selectors pick none of the variants it did not replay (break-225 F2)
    const partialGroups = 'write an entry each in place of this one: count: 3, variant: "debug_rodata=false,kasan=false"; count: 1, variant: "debug_rodata=true,kasan=false"';
    const fixed = `or, once a run of every variant says so, ${partialGroups} if they are fixed); the run did not replay 2 other variants it applies to, so whether they have it is not known`;
    expect(lines.map((l) => l.includes(fixed))).toEqual([true, true]);
    expect(lines.join('\n')).not.toContain('lower count:');
    for (const count of [2, 3]) {
      for (let i = 1; i <= count; i++) {
        const mine = each.filter((x) => shardOf(displayName(x), count) === i);
        // a shard of one variant knows only its own count; two that took different numbers are not told each their own
        const counts = new Set(unmetLines(await textOf(fileUnusedAllows(fileUnmet(mine, all), all))).flatMap((l) => [...l.matchAll(/lower count: to (\d+)/g)].map((m) => m[1])));
        expect(counts.size, `${i}/${count}`).toBeLessThanOrEqual(1);
      }
    }
    // once every variant ran: the same groups, and followed no entry is unmet
    const followed = `${f6Base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 3, variant: "debug_rodata=false"', 'rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=true"',
      'rule: bbm-violation, step: paging_init', 'rule: shared-leaf-permissions, step: fixup_init'])}`;
    expect(unmetIn(followed)).toEqual([]);
  });

  it('the entry of its own for the variants that took fewer is one selector for all of them, and followed leaves nothing unmet (break-215 F10 km1)', async () => {
    const base = `${kasanBare}matrix:\n  config.debug_rodata: [false, true]\n  config.kasan: [false, true]\n  config.va_bits: [39, 48]\n  exclude:\n    - {config.kasan: false, config.va_bits: 48}\n`;
    const text = await textOf(report(`${base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 3', 'rule: bbm-violation, step: paging_init, count: 2'])}`).results);
    expect(text).toContain('write variant: "debug_rodata=false" in the entry, and an entry with variant: "debug_rodata=true" and count: 1 for this one and the others it picks');
    expect(text).toContain('write variant: "debug_rodata=true" in the entry, and an entry with variant: "debug_rodata=false" and count: 1 for this one and the others it picks');
    expect(text).not.toMatch(/an entry with variant: "debug_rodata=\w+,/);
    const followed = `${base}${entries('expect', ['rule: bbm-violation, step: fixup_init, count: 3, variant: "debug_rodata=false"', 'rule: bbm-violation, step: fixup_init, count: 1, variant: "debug_rodata=true"',
      'rule: bbm-violation, step: paging_init, count: 2, variant: "debug_rodata=true"', 'rule: bbm-violation, step: paging_init, count: 1, variant: "debug_rodata=false"'])}`;
    expect(report(followed).results.flatMap((x) => x.unmet.map((e) => unmetMessage(e)))).toEqual([]);
  });

  it('a variant: that picks too many is told the selector that picks those that have it (break-212 F1 m8.yaml)', async () => {
    const wide = noVariant.replace('early_ioremap_init}', 'early_ioremap_init, variant: "pae=true"}');
    const text = await textOf(report(wide).results);
    expect(text).toContain('in variant pae=true, which did not occur in this variant; the entry is met in variants hypervisor=xen,memory=512MiB,pae=true and hypervisor=xen,memory=4GiB,pae=true of this file: write variant: "hypervisor=xen" in the entry');
  });

  it('count: 2 that no variant meets: the variants without it are told where it occurs, the one with it to lower count:; both followed, nothing is unmet (break-212 F1)', async () => {
    const two = noVariant.replace('early_ioremap_init}', 'early_ioremap_init, count: 2}');
    const text = await textOf(report(two).results);
    // the same edit as the variants that have it, count and all (break-219 F2: "write variant:" alone stayed unmet)
    expect(text).toContain('expected 2 btmap-pmd-straddle findings at early_ioremap_init, 0 occurred in this variant; btmap-pmd-straddle occurs at early_ioremap_init in variants hypervisor=xen,memory=512MiB,pae=true and hypervisor=xen,memory=4GiB,pae=true of this file: lower count: to 1 and write variant: "hypervisor=xen" in the entry if only such variants have the bug');
    expect(text).toContain('expected 2 btmap-pmd-straddle findings at early_ioremap_init, 1 occurred: the scenario no longer reproduces 1 of them (fix the order back, or lower count: to 1 and write variant: "hypervisor=xen" in the entry if they are fixed) in v/mx.yaml[hypervisor=xen,memory=512MiB,pae=true]');
    expect(text).not.toContain('drop the expect: entry');
    const followed = two.replace('early_ioremap_init, count: 2}', 'early_ioremap_init, count: 1, variant: "hypervisor=xen"}');
    expect(report(followed).results.flatMap((x) => x.unmet)).toEqual([]);
  });

  it('a run of some variants claims only what it replayed: where none has it, the others are said to be unknown (break-212 F1)', async () => {
    const all = names(noVariant);
    const each = gatedEach([{ file: 'v/mx.yaml', text: noVariant, files }]).results;
    const picked = each.filter((x) => x.variant?.includes('pae=false') === true);
    const text = await textOf(fileUnusedAllows(fileUnmet(picked, all), all));
    expect(text).toContain('the run did not replay 6 other variants it applies to, so whether they have it is not known');
    // said of this variant, and no "drop the expect: entry" before the others are run (break-215 F8)
    expect(text).toContain('this variant no longer reproduces it (fix the order back, or, once a run of every variant says so, drop the expect: entry if the bug is fixed)');
    expect(text).not.toContain('the scenario no longer reproduces');
    // the 512MiB variants replayed, one of them Xen's: it meets the entry, and the 5 variants left out are unknown
    const some = each.filter((x) => x.variant?.includes('memory=512MiB') === true);
    const partly = await textOf(fileUnusedAllows(fileUnmet(some, all), all));
    expect(partly).toContain('the entry is met in variant hypervisor=xen,memory=512MiB,pae=true of this file: write variant: "hypervisor=xen,memory=512MiB" in the entry if only such variants have the bug; the run did not replay 5 other variants');
  });

  it('an allow: unused in the variants a shard or --variant replayed is not told "remove it" when others were left out (break-212 F7)', async () => {
    const all = names(mx);
    const each = gatedEach([{ file: 'v/mx.yaml', text: mx, files }]).results;
    // the VMI variants use both allows; without them, each is unused in what was replayed
    const none = each.filter((x) => x.variant?.startsWith('hypervisor=none') === true);
    const text = await textOf(fileUnusedAllows(fileUnmet(none, all), all));
    expect(text).toContain('warning unused-allow: allow: early-ioremap-init-before-relocation at early_ioremap_init matched no finding in the 4 of its 10 variants this run replayed; the 6 other variants may use it: run them all before removing it');
    expect(text).not.toContain('remove it in');
    for (const count of [2, 3, 5]) {
      for (let i = 1; i <= count; i++) {
        const mine = each.filter((x) => shardOf(displayName(x), count) === i);
        expect(await textOf(fileUnusedAllows(fileUnmet(mine, all), all)), `${i}/${count}`).not.toContain('remove it');
      }
    }
    // following it: run them all, and neither is unused
    expect(fileUnusedAllows(fileUnmet(each, all), all).flatMap((x) => x.unusedAllows)).toEqual([]);
  });

  it('shards merged give the unsharded JSON report byte for byte, the unused allows once', () => {
    const each = gatedEach([{ file: 'v/mx.yaml', text: never, files }]).results;
    const units = each.map((x) => displayName(x));
    const options = { format: 'json', verbose: false, layout: false as const, allow: true, baseline: null, variant: null, maxFindings: 8192 };
    const maxFindingsAt = [{ file: 'v/mx.yaml', key: 'matrix' as const, at: { file: 'v/mx.yaml', line: 1, column: 1 } }];
    const expected = formatJson({ results: fileUnusedAllows(each), problems: [], baseline: false, absent: [] });
    for (const count of [2, 3, 5]) {
      // each shard reports its own variants, its unused allows once over those (as run --shard i/n does)
      const shards = Array.from({ length: count }, (_, i) => ({
        file: `s${i + 1}.json`,
        text: formatJson({
          results: fileUnusedAllows(each.filter((x) => shardOf(displayName(x), count) === i + 1)),
          problems: [], baseline: false, absent: [], shard: { index: i + 1, count, units, options, maxFindingsAt },
        }),
      }));
      const merged = mergeReports(shards);
      expect(merged.ok && merged.text).toBe(expected);
    }
    expect(JSON.parse(expected)).toMatchObject({ summary: { unusedAllows: 2 } });
  });
});

/**
 * The severity advice of an entry whose findings occurred with another severity (break-250 F2, N4): said whether
 * or not an allow: took them, the same edit in every variant of a matrix, and for an allow: too (the bug still
 * shows: change the severity, not drop the entry). Each row: what every message of the run must say, and must not.
 */
describe('findings with another severity: change the severity, whoever took them (break-250 F2, N4)', () => {
  const base = shipped('scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml');
  // the break-250 gate-matrix.yaml: allow[0] takes the init_memory_mapping error in the 1GiB variants only
  const matrix = 'extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 1GiB]\n  config.pae: [false, true]\n'
    + entries('expect', ['rule: fixmap-before-relocation, step: dmi_scan_machine', 'rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning, variant: "pae=true"'])
    + entries('allow', ['rule: fixmap-before-relocation, step: init_memory_mapping, reason: "x", variant: "memory=1GiB"']);
  const severityEdit = 'severity: warning takes warnings only: write severity: error or leave severity: out if it is the same bug, or fix the order back if its change to an error is the regression';
  interface Said {
    readonly name: string;
    readonly text: string;
    readonly noAllow?: boolean;
    /** how many messages the run gives */
    readonly messages: number;
    /** each message must say all of these */
    readonly says: readonly string[];
    readonly saysNot: readonly string[];
  }
  const ROWS_SAID: readonly Said[] = [
    {
      name: 'an expect: of warnings over an error an allow: took: the severity edit, and which allow: took it (F2: "did not occur … drop the expect: entry")',
      text: rc1AllowTook('severity: warning'), messages: 1,
      says: [`expected warning fixmap-before-relocation at init_memory_mapping, which did not occur; it occurred as 1 error, suppressed by the allow: entry at line ${rc1AllowTook('').split('\n').length - 1} (an expect: entry takes findings first): ${severityEdit}`],
      saysNot: ['no longer reproduces', 'drop the expect: entry', 'remove it'],
    },
    {
      name: 'the same with --no-allow: the same edit, no allow: named',
      text: rc1AllowTook('severity: warning'), noAllow: true, messages: 1,
      says: [`which did not occur; it occurred as 1 error: ${severityEdit}`],
      saysNot: ['no longer reproduces', 'suppressed by'],
    },
    {
      name: 'count: 2 of warnings over one error an allow: took: the other one is gone, the error kept (lower count:, leave severity: out)',
      text: rc1AllowTook('severity: warning, count: 2'), messages: 1,
      says: ['it occurred as 1 error, suppressed by the allow: entry at line', 'the scenario no longer reproduces the other 1 (fix the order back, or lower count: to 1 and leave severity: out if they are fixed)'],
      saysNot: ['drop the expect: entry'],
    },
    {
      name: 'must not: an error another expect: took is no remedy for this one (break-211 F2), allow: or not',
      text: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning', 'rule: fixmap-before-relocation, step: init_memory_mapping, severity: error', 'rule: fixmap-before-relocation, step: dmi_scan_machine'])}${entries('allow', ['rule: fixmap-before-relocation, step: init_memory_mapping, reason: r'])}`,
      messages: 2,
      says: [],
      saysNot: ['write severity: error', 'suppressed by'],
    },
    {
      name: 'an expect: of warnings over an error another expect: took: that entry has the bug, drop this one (was "no longer reproduces it … drop the expect: entry if the bug is fixed")',
      text: rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: init_memory_mapping, severity: warning', 'rule: fixmap-before-relocation, step: dmi_scan_machine']),
      messages: 1,
      says: ['expected warning fixmap-before-relocation at init_memory_mapping, which did not occur; it occurred as 1 error, which the expect: entry at line',
        ' takes: drop this entry if it is the same bug, or fix the order back if its change to an error is the regression'],
      saysNot: ['no longer reproduces', 'if the bug is fixed', 'write severity', 'suppressed by'],
    },
    {
      name: 'a matrix: both variants of the entry get one edit, allow: or not (F2: "point step: at acpi_boot_table_init" where allow[0] took it)',
      text: matrix, messages: 2,
      says: ['expected warning fixmap-before-relocation at init_memory_mapping in variant pae=true, which did not occur; it occurred as 1 error', severityEdit],
      saysNot: ['no longer reproduces', 'point step:', 'drop the expect: entry', 'acpi_boot_table_init'],
    },
    {
      name: 'an allow: of warnings over an error at its step: change the severity (N4: "remove it")',
      text: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping'])}${entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: warning, reason: r'])}`,
      messages: 1,
      says: [`allow: warning fixmap-before-relocation at dmi_scan_machine matched no finding; it occurred as 1 error: ${severityEdit}`],
      saysNot: ['remove it', 'suppressed by'],
    },
    {
      name: 'must not: an allow: whose other-severity finding an expect: took is told to go, not to take it',
      text: `${rc1Expect(['rule: fixmap-before-relocation, step: init_memory_mapping', 'rule: fixmap-before-relocation, step: dmi_scan_machine'])}${entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: warning, reason: r'])}`,
      messages: 1,
      says: ['allow: warning fixmap-before-relocation at dmi_scan_machine matched no finding; remove it'],
      saysNot: ['write severity:', 'leave severity: out'],
    },
  ];

  it.each(ROWS_SAID)('$name', async (row) => {
    const report = reportOf([{ file: 'm.yaml', text: row.text, files: { 'base.yaml': base } }], { noAllow: row.noAllow === true });
    const said = report.results.flatMap((r) => [...r.unmet.map((e) => unmetMessage(e)), ...r.unusedAllows.map((a) => unusedAllowMessage(a))])
      .filter((m) => m.includes('at init_memory_mapping') || m.startsWith('allow:'));
    expect(said).toHaveLength(row.messages);
    for (const m of said) {
      for (const s of row.says) expect(m).toContain(s);
      for (const s of row.saysNot) expect(m).not.toContain(s);
    }
  });

  it('a matrix: the edit followed once leaves the entry unmet in no variant, and allow[0] still used (F2)', () => {
    const followed = matrix.replace('severity: warning, variant: "pae=true"', 'severity: error, variant: "pae=true"');
    const results = reportOf([{ file: 'm.yaml', text: followed, files: { 'base.yaml': base } }]).results;
    expect(results.flatMap((r) => r.unmet.filter((e) => e.step.name === 'init_memory_mapping'))).toEqual([]);
    expect(results.flatMap((r) => r.unusedAllows)).toEqual([]);
  });

  it('an allow: of warnings over an error in the variants a run replayed, of more: run them all before changing it', async () => {
    const text = `${rc1Bare}matrix:\n  machine.memory: [512MiB, 1GiB]\n${entries('expect', ['rule: fixmap-before-relocation, step: init_memory_mapping'])}`
      + entries('allow', ['rule: fixmap-before-relocation, step: dmi_scan_machine, severity: warning, reason: r']);
    const each = gatedEach([{ file: 'm.yaml', text }]).results;
    const all: FileVariants = new Map([['m.yaml', each.map((x) => x.variant ?? '')]]);
    const some = each.filter((x) => x.variant === 'memory=512MiB');
    const said = fileUnusedAllows(fileUnmet(some, all), all).flatMap((r) => r.unusedAllows.map((a) => unusedAllowMessage(a)));
    expect(said).toEqual(['allow: warning fixmap-before-relocation at dmi_scan_machine matched no finding in the 1 of its 2 variants this run replayed; it occurred as 1 error: '
      + 'severity: warning takes warnings only: the other variant may use it: run them all before changing it']);
    // every variant replayed: the edit itself
    expect(fileUnusedAllows(fileUnmet(each, all), all).flatMap((r) => r.unusedAllows.map((a) => unusedAllowMessage(a)))).toEqual([
      `allow: warning fixmap-before-relocation at dmi_scan_machine matched no finding in any of its 2 variants; it occurred as up to 1 error in a variant: ${severityEdit}`]);
  });

  it('severity: out over every variant is offered only when every variant ran; a run of some says what it did not replay (break-251 F3 under --variant/--shard)', () => {
    const each = gatedEach([{ file: 'm.yaml', text: mixed(['rule: missing-prerequisite, step: finish_e820_parsing, severity: warning, count: 2']) }]).results;
    const all: FileVariants = new Map([['m.yaml', each.map((x) => x.variant ?? '')]]);
    const said = (pick: readonly string[]): string[] => fileUnmet(each.filter((x) => pick.includes(x.variant ?? '')), all).flatMap((r) => r.unmet.filter((e) => e.step.name === 'finish_e820_parsing').map((e) => `${r.variant ?? ''}: ${unmetMessage(e)}`));
    const EVERY = 'leave severity: out (in every variant of this file it then takes 2 findings)';
    // every variant: one edit, the same in each
    expect(said(each.map((x) => x.variant ?? '')).every((m) => m.includes(EVERY))).toBe(true);
    // some: each its own edit, never "in every variant", and what was not replayed
    for (const pick of [['cmdline="mem=512M"'], ['cmdline="mem=512M"', 'cmdline="memmap=64M$960M"']]) {
      const got = said(pick);
      expect(got).toHaveLength(pick.length);
      for (const m of got) {
        expect(m).not.toContain('in every variant');
        expect(m).toMatch(pick.length === 1 ? /; the run did not replay 2 other variants it applies to, so whether they have it is not known$/ : /; the run did not replay 1 other variant it applies to, so whether it has it is not known$/);
      }
    }
    expect(said(['cmdline="memmap=64M$960M"'])).toEqual(['cmdline="memmap=64M$960M": expected 2 warning missing-prerequisite findings at finish_e820_parsing, 0 occurred; it occurred as 2 errors: severity: warning takes warnings only: '
      + 'write severity: error or leave severity: out if it is the same bug, or fix the order back if its change to an error is the regression; the run did not replay 2 other variants it applies to, so whether they have it is not known']);
  });

  it('an unused allow: said once for a matrix gives each count as the most of any variant, and says so (break-251 mx4)', () => {
    // finish_e820_parsing before setup_memory_map and parse_early_param: with mem=512M one missing-prerequisite is a
    // warning and one an error, with memmap=64M$960M both are errors. Said in the first variant, "it occurred as 2
    // errors" quoted the second one's count as this one's.
    const mixed = 'kernel: "2.6.27"\nmachine:\n  memory: 1GiB\n  hypervisor: none\n'
      + 'setup_arch: [early_cpu_init, early_ioremap_init, finish_e820_parsing, setup_memory_map, parse_early_param, e820_end_of_ram_pfn, find_low_pfn_range]\n'
      + 'matrix:\n  machine.cmdline: ["mem=512M", "memmap=64M$960M"]\n'
      + entries('allow', ['rule: missing-prerequisite, step: finish_e820_parsing, severity: warning, count: 2, reason: r']);
    const each = gatedEach([{ file: 'm.yaml', text: mixed }]).results;
    const all: FileVariants = new Map([['m.yaml', each.map((x) => x.variant ?? '')]]);
    const counts = each.map((r) => [r.variant, r.findings.filter((f) => f.rule === 'missing-prerequisite').map((f) => f.severity).sort().join(' ')]);
    expect(counts).toEqual([['cmdline="mem=512M"', 'error warning'], ['cmdline="memmap=64M$960M"', 'error error']]);
    expect(fileUnusedAllows(fileUnmet(each, all), all).flatMap((r) => r.unusedAllows.map((a) => unusedAllowMessage(a)))).toEqual([
      'allow: 2 warning missing-prerequisite findings at finish_e820_parsing matched at most 1 in any of its 2 variants; it occurred as up to 2 errors in a variant: '
      + 'severity: warning takes warnings only: write severity: error or leave severity: out if it is the same bug, or fix the order back if its change to an error is the regression']);
  });
});
