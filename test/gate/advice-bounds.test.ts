/**
 * The advice of an unused allow: or an unmet expect: names the culprits the
 * rule occurred at and the entries to write: of a long run of one call's
 * occurrences alike but for the occurrence, the first few, how many more
 * (which) and the last; every other item in full (break-239 F3),
 * so a message stays a line whatever the order's length (break-232 N3: an
 * allow: at a call repeated 2,040 times gave a 150 KB line).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LISTED_RUN, unmetMessage, unusedAllowMessage } from '../../src/report/gate-text.js';
import { reportOf } from '../report/helpers.js';

const N = 2040;
const repeated = `kernel: 2.6.27\nsetup_arch:\n${'  - early_cpu_init\n'.repeat(N)}`;

function messages(text: string): string[] {
  const { results } = reportOf([{ file: 'x.yaml', text }]);
  return results.flatMap((r) => [...r.unmet.map((e) => unmetMessage(e)), ...r.unusedAllows.map((a) => unusedAllowMessage(a))]);
}

describe('advice over many culprits (break-232 N3)', () => {
  it('must fail: an unused allow: at a call repeated 2,040 times names the count, the first few, the run left out and the last', () => {
    const said = messages(`${repeated}allow:\n  - {rule: duplicate-call, step: early_cpu_init, count: ${N - 1}, reason: x}\n`);
    expect(said).toEqual([
      `allow: ${N - 1} duplicate-call findings at early_cpu_init matched no finding; duplicate-call occurred at early_cpu_init#2 (step 2), at early_cpu_init#3 (step 3), `
      + `at early_cpu_init#4 (step 4), at ${N - 5} more culprits (early_cpu_init#5 to early_cpu_init#${N - 1}) and at early_cpu_init#${N} (step ${N}), each with early_cpu_init as the `
      + `call it conflicts with: step: names the culprit call (an entry each, ${N - 1} in all: step: early_cpu_init#2, step: early_cpu_init#3, `
      + `step: early_cpu_init#4, ${N - 5} more the same for early_cpu_init#5 to early_cpu_init#${N - 1}, step: early_cpu_init#${N}; leave count: out)`,
    ]);
    expect(said[0]?.length).toBeLessThan(1000);
  });

  it('must pass: the entries it names, written, leave no allow: unused (50 calls: 2,039 entries are more than max-file-bytes holds)', () => {
    const fifty = `kernel: 2.6.27\nsetup_arch:\n${'  - early_cpu_init\n'.repeat(50)}`;
    const [advice] = messages(`${fifty}allow:\n  - {rule: duplicate-call, step: early_cpu_init, count: 49, reason: x}\n`);
    // count: 1, the default, said once for all: "with count: 1" after each of them spelled it out (break-250 N4)
    expect(advice).toContain('(an entry each, 49 in all: step: early_cpu_init#2, step: early_cpu_init#3, step: early_cpu_init#4, '
      + '45 more the same for early_cpu_init#5 to early_cpu_init#49, step: early_cpu_init#50; leave count: out)');
    const each = Array.from({ length: 49 }, (_, i) => `  - {rule: duplicate-call, step: early_cpu_init#${i + 2}, count: 1, reason: x}\n`).join('');
    expect(messages(`${fifty}allow:\n${each}`)).toEqual([]);
  });

  it('must fail: an unmet expect: names the culprits and the entries of "point step:" and "add an entry each" the same way', () => {
    const [elsewhere] = messages(`${repeated}expect:\n  - {rule: duplicate-call, step: head_32}\n`);
    expect(elsewhere).toContain(`though duplicate-call occurred at early_cpu_init#2 (step 2), at early_cpu_init#3 (step 3), at early_cpu_init#4 (step 4), at ${N - 5} more culprits (early_cpu_init#5 to early_cpu_init#${N - 1}) and at early_cpu_init#${N} (step ${N})`);
    expect(elsewhere).toContain(`point step: at the culprit if that is the same bug (an entry each, ${N - 1} in all: step: early_cpu_init#2, step: early_cpu_init#3, step: early_cpu_init#4, ${N - 5} more the same for early_cpu_init#5 to early_cpu_init#${N - 1}, step: early_cpu_init#${N})`);
    expect(elsewhere?.length).toBeLessThan(1000);
    const [kept] = messages(`${repeated}expect:\n  - {rule: duplicate-call, step: early_cpu_init#2, count: 2}\n`);
    expect(kept).toContain(`lower count: to 1 and add an entry each, ${N - 2} in all: step: early_cpu_init#3; step: early_cpu_init#4; step: early_cpu_init#5; ${N - 6} more the same for early_cpu_init#6 to early_cpu_init#${N - 1}; step: early_cpu_init#${N} if that is the same bug`);
    expect(kept?.length).toBeLessThan(1000);
  });

  it(`writes lists in full up to ${LISTED_RUN} items, and past that every item but the middle of a run of one call longer than that (break-239 N4)`, () => {
    const calls = (n: number): string => `kernel: 2.6.27\nsetup_arch:\n${Array.from({ length: n }, (_, i) => ['early_cpu_init', 'copy_edd', 'dmi_scan_machine', 'parse_early_param', 'acpi_boot_init', 'efi_init', 'paging_init'][i] ?? '').flatMap((c) => [`  - ${c}\n`, `  - ${c}\n`]).join('')}`;
    const at = (n: number): string => messages(`${calls(n)}expect:\n  - {rule: duplicate-call, step: head_32}\n`)[0] ?? '';
    expect(at(5)).toContain('occurred at early_cpu_init#2 (step 2), at copy_edd#2 (step 4), at dmi_scan_machine#2 (step 6), at parse_early_param#2 (step 8) and at acpi_boot_init#2 (step 10) (fix');
    // must fail: different calls are written, not counted ("at 3 more culprits", "3 more")
    expect(at(7)).toContain('occurred at early_cpu_init#2 (step 2), at copy_edd#2 (step 4), at dmi_scan_machine#2 (step 6), at parse_early_param#2 (step 8), at acpi_boot_init#2 (step 10), at efi_init#2 (step 12) and at paging_init#2 (step 14) (fix');
    expect(at(7)).toContain('(an entry each: step: early_cpu_init#2, step: copy_edd#2, step: dmi_scan_machine#2, step: parse_early_param#2, step: acpi_boot_init#2, step: efi_init#2, step: paging_init#2)');
    // must fail: a run of one call of LISTED_RUN items (9 calls) is written in full; of one more, shortened
    const run = (n: number): string => messages(`kernel: 2.6.27\nsetup_arch:\n${'  - early_cpu_init\n'.repeat(n)}allow:\n  - {rule: duplicate-call, step: early_cpu_init, count: ${n - 1}, reason: x}\n`)[0] ?? '';
    expect(run(LISTED_RUN + 1)).toContain(`(an entry each: ${Array.from({ length: LISTED_RUN }, (_, i) => `step: early_cpu_init#${i + 2}`).join(', ')}; leave count: out)`);
    expect(run(LISTED_RUN + 2)).toContain(`(an entry each, ${LISTED_RUN + 1} in all: step: early_cpu_init#2, step: early_cpu_init#3, step: early_cpu_init#4, `
      + `${LISTED_RUN - 3} more the same for early_cpu_init#5 to early_cpu_init#${LISTED_RUN + 1}, step: early_cpu_init#${LISTED_RUN + 2}; leave count: out)`);
  });
});

/** The entries "an entry each[, N in all]: …" names, as expect:/allow: entries: a run "N more the same for A#i to A#j" expanded. */
function entriesOf(advice: string): string[] {
  // every entry of count: 1, the default, is said once after the list (break-250 N4)
  const list = /an entry each(?:, \d+ in all)?: (.*?)(?:; leave count: out)?\)(?: |$)/.exec(advice)?.[1];
  if (list === undefined) throw new Error(`no entries in ${advice}`);
  return list.split(/, (?=step: |\d+ more the same)/).flatMap((item) => {
    const run = /^\d+ more the same for (\w+)#(\d+) to \w+#(\d+)$/.exec(item);
    if (run === null) return [item];
    const [, name, from, to] = run;
    // the same as the item before but for its culprit (the runs of these tests have count: 1 and no variant:)
    return Array.from({ length: Number(to) - Number(from) + 1 }, (_, k) => `step: ${name ?? ''}#${Number(from) + k} with count: 1`);
  }).map((item) => {
    const m = /^step: (\S+)(?: with count: (\d+))?(?:, variant: ("[^"]*"))?$/.exec(item);
    if (m === null) throw new Error(`not an entry: ${item}`);
    return `{rule: fixmap-before-relocation, step: ${m[1] ?? ''}, count: ${m[2] ?? '1'}${m[3] !== undefined ? `, variant: ${m[3]}` : ''}}`;
  });
}

describe('shortened advice names every entry it leaves out (break-239 F3)', () => {
  const base = readFileSync(new URL('../../scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml', import.meta.url), 'utf8');
  const quirks = `define:\n${['q1', 'q2', 'q3', 'q4'].map((q) => `  ${q}: {doc: d, needs: [e820], early_ioremap: 4KiB}\n`).join('')}`;
  // interleaved calls, and q1's occurrences with gaps: no item can be worked out from the others
  const inserts = `patch:\n${['q1', 'q2', 'q1', 'q3', 'q1', 'q4', 'q2', 'q2', 'q3', 'q1'].map((q) => `  - {insert: ${q}, before: vmi_init}\n`).join('')}`;
  const report = (text: string): ReturnType<typeof reportOf> => reportOf([{ file: 'x.yaml', text, files: { 'base.yaml': base } }]);
  const gated = (text: string): string[] => report(text).results.flatMap((r) => [...r.unmet.map((e) => unmetMessage(e)), ...r.unusedAllows.map((a) => unusedAllowMessage(a))]);
  // what fails the gate or is left over: unmet expect:, unused allow:, live errors
  const failed = (text: string): number => report(text).results
    .reduce((n, r) => n + r.unmet.length + r.unusedAllows.length + r.checked.filter((c) => c.state === 'live' && c.finding.severity === 'error').length, 0);

  it('must fail: a matrix, each entry with its variant: (one culprit in the 4GiB variants only): every entry written, and followed the gate passes', () => {
    const head = 'extends: base.yaml\nname: mx\nmatrix:\n  machine.hypervisor: [vmi, none]\n  machine.memory: [512MiB, 4GiB]\n';
    const said = gated(`${head}${quirks}${inserts}expect:\n  - {rule: fixmap-before-relocation, step: vmi_init, count: 12}\n`);
    expect(said.length).toBeGreaterThan(0);
    for (const m of said) expect(m).not.toMatch(/\d+ more(?! the same for)/);
    const entries = entriesOf(said[0] ?? '');
    expect(entries).toHaveLength(13);
    expect(entries).toContain('{rule: fixmap-before-relocation, step: acpi_boot_table_init, count: 1, variant: "hypervisor=vmi,memory=4GiB"}');
    expect(failed(`${head}${quirks}${inserts}expect:\n${entries.map((e) => `  - ${e}\n`).join('')}`)).toBe(0);
  });

  it('must fail: a matrix\'s unused allow:, said once, names every variant\'s culprits with their variant: (break-242 N2), and followed the gate passes', () => {
    // said at the first variant (vmi, 512MiB), it named that one's culprits alone, no variant:, and written as told the
    // 4GiB variant's acpi_boot_table_init stayed a live error
    const head = 'extends: base.yaml\nname: mx\nmatrix:\n  machine.hypervisor: [vmi, none]\n  machine.memory: [512MiB, 4GiB]\n';
    const said = gated(`${head}${quirks}${inserts}allow:\n  - {rule: fixmap-before-relocation, step: vmi_init, count: 12, reason: x}\n`);
    expect(said).toHaveLength(1);
    for (const m of said) expect(m).not.toMatch(/\d+ more(?! the same for)/);
    const entries = entriesOf(said[0] ?? '');
    expect(entries).toHaveLength(13);
    expect(entries).toContain('{rule: fixmap-before-relocation, step: acpi_boot_table_init, count: 1, variant: "hypervisor=vmi,memory=4GiB"}');
    expect(entries).toContain('{rule: fixmap-before-relocation, step: dmi_scan_machine, count: 1, variant: "hypervisor=vmi"}');
    expect(failed(`${head}${quirks}${inserts}allow:\n${entries.map((e) => `  - ${e.replace(/}$/, ', reason: x}')}\n`).join('')}`)).toBe(0);
  });

  it('must fail: interleaved calls and a run with gaps: every entry written, and followed the gate passes', () => {
    const head = 'extends: base.yaml\nname: gaps\n';
    const said = gated(`${head}${quirks}${inserts}allow:\n  - {rule: fixmap-before-relocation, step: vmi_init, count: 12, reason: x}\n`);
    expect(said).toHaveLength(1);
    expect(said[0]).not.toMatch(/\d+ more/);
    const entries = entriesOf(said[0] ?? '');
    expect(entries).toHaveLength(12);
    expect(entries.slice(2)).toEqual(['q1', 'q2', 'q1#2', 'q3', 'q1#3', 'q4', 'q2#2', 'q2#3', 'q3#2', 'q1#4']
      .map((q) => `{rule: fixmap-before-relocation, step: ${q}, count: 1}`));
    expect(failed(`${head}${quirks}${inserts}allow:\n${entries.map((e) => `  - ${e.replace(/}$/, ', reason: x}')}\n`).join('')}`)).toBe(0);
  });

  it('must fail: calls taking turns (q1, q2, q1, q2, …) are each shortened as a run of their own, and followed the gate passes (break-242 F1)', () => {
    // 20 of each in turn: in the items' order no run is longer than one item, so nothing was shortened (900 of each: 90 KB)
    const turns = `patch:\n${Array.from({ length: 40 }, (_, i) => `  - {insert: ${i % 2 === 0 ? 'q1' : 'q2'}, before: vmi_init}\n`).join('')}`;
    const head = 'extends: base.yaml\nname: turns\n';
    const said = gated(`${head}${quirks}${turns}allow:\n  - {rule: fixmap-before-relocation, step: vmi_init, count: 42, reason: x}\n`);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/16 more the same for q1#4 to q1#19, step: q1#20, step: q2/);
    expect(said[0]).toMatch(/16 more the same for q2#4 to q2#19, step: q2#20; leave count: out\)/);
    const entries = entriesOf(said[0] ?? '');
    expect(entries).toHaveLength(42);
    expect(failed(`${head}${quirks}${turns}allow:\n${entries.map((e) => `  - ${e.replace(/}$/, ', reason: x}')}\n`).join('')}`)).toBe(0);
  });

  it('must fail: a long run of one call with gaps taken by other entries is written in full', () => {
    const order = `kernel: 2.6.27\nsetup_arch:\n${'  - early_cpu_init\n'.repeat(12)}`;
    const [said] = messages(`${order}allow:\n  - {rule: duplicate-call, step: early_cpu_init#5, reason: a}\n  - {rule: duplicate-call, step: early_cpu_init#9, reason: b}\n  - {rule: duplicate-call, step: early_cpu_init, count: 9, reason: c}\n`);
    expect(said).toContain(`(an entry each: ${[2, 3, 4, 6, 7, 8, 10, 11, 12].map((k) => `step: early_cpu_init#${k}`).join(', ')}; leave count: out)`);
  });
});
