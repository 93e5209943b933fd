/**
 * The advice of an unused allow: or an unmet expect: names the culprits the
 * rule occurred at and the entries to write: of many, the first few, how many
 * more (which, when they are one call's occurrences in a row) and the last,
 * so a message stays a line whatever the order's length (break-232 N3: an
 * allow: at a call repeated 2,040 times gave a 150 KB line).
 */
import { describe, expect, it } from 'vitest';
import { LISTED_FIRST, unmetMessage, unusedAllowMessage } from '../../src/report/gate-text.js';
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
      + `call it conflicts with: step: names the culprit call (an entry each, ${N - 1} in all: step: early_cpu_init#2 with count: 1, step: early_cpu_init#3 with count: 1, `
      + `step: early_cpu_init#4 with count: 1, ${N - 5} more the same for early_cpu_init#5 to early_cpu_init#${N - 1}, step: early_cpu_init#${N} with count: 1)`,
    ]);
    expect(said[0]?.length).toBeLessThan(1000);
  });

  it('must pass: the entries it names, written, leave no allow: unused (50 calls: 2,039 entries are more than max-file-bytes holds)', () => {
    const fifty = `kernel: 2.6.27\nsetup_arch:\n${'  - early_cpu_init\n'.repeat(50)}`;
    const [advice] = messages(`${fifty}allow:\n  - {rule: duplicate-call, step: early_cpu_init, count: 49, reason: x}\n`);
    expect(advice).toContain('(an entry each, 49 in all: step: early_cpu_init#2 with count: 1, step: early_cpu_init#3 with count: 1, step: early_cpu_init#4 with count: 1, '
      + '45 more the same for early_cpu_init#5 to early_cpu_init#49, step: early_cpu_init#50 with count: 1)');
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

  it(`lists up to ${LISTED_FIRST + 2} culprits in full; of more, those left out are counted, a run of one call named`, () => {
    const calls = (n: number): string => `kernel: 2.6.27\nsetup_arch:\n${Array.from({ length: n }, (_, i) => ['early_cpu_init', 'copy_edd', 'dmi_scan_machine', 'parse_early_param', 'acpi_boot_init', 'efi_init', 'paging_init'][i] ?? '').flatMap((c) => [`  - ${c}\n`, `  - ${c}\n`]).join('')}`;
    const at = (n: number): string => messages(`${calls(n)}expect:\n  - {rule: duplicate-call, step: head_32}\n`)[0] ?? '';
    expect(at(5)).toContain('occurred at early_cpu_init#2 (step 2), at copy_edd#2 (step 4), at dmi_scan_machine#2 (step 6), at parse_early_param#2 (step 8) and at acpi_boot_init#2 (step 10) (fix');
    // different calls left out: counted, none named as a run
    expect(at(7)).toContain('occurred at early_cpu_init#2 (step 2), at copy_edd#2 (step 4), at dmi_scan_machine#2 (step 6), at 3 more culprits and at paging_init#2 (step 14) (fix');
    expect(at(7)).toContain('(an entry each, 7 in all: step: early_cpu_init#2, step: copy_edd#2, step: dmi_scan_machine#2, 3 more, step: paging_init#2)');
  });
});
