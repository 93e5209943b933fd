/**
 * Every input problem that can be known is said in the first run (break-250 F3): an entry's unknown step is not
 * held back while another entry is malformed or a patch: edit failed, and a step is never said to be missing from
 * an order that a failed edit left incomplete, when that edit would add it.
 */
import { describe, expect, it } from 'vitest';
import { problems } from './helpers.js';

const STEP = 'write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)';

describe('input problems all at once (break-250 F3)', () => {
  it('must fail: a malformed entry and a failed patch: edit hold back no other entry\'s unknown step', () => {
    expect(problems({
      'd/s.yaml': 'setup_arch: [early_ioremap_init, copy_edd, paging_init, copy_edd]\npatch:\n  - {insert: early_cpu_init, after: paging_init#2}\n'
        + 'expect:\n  - {rule: duplicate-call, step: paging_int}\n  - {rule: duplicate-call, step: "copy_edd#02"}\n',
    })).toEqual([
      'd/s.yaml:3:37: patch[0].after: paging_init#2: the setup_arch this patch edits has paging_init once',
      'd/s.yaml:5:28: expect[0].step: paging_int is neither in setup_arch nor an implicit step (head_32) (did you mean paging_init?)',
      `d/s.yaml:6:34: expect[1].step: "copy_edd#02" is not a step (did you mean copy_edd#2?); ${STEP}`,
    ]);
  });

  it('must fail: a step a failed patch: edit would add is not said to be missing; one past what it would add is', () => {
    const file = (steps: string, after = 'early_ioremap_inti'): Record<string, string> => ({
      'd/s.yaml': `extends: base.yaml\npatch:\n  - {insert: early_cpu_init, after: ${after}}\nexpect:\n${steps}`,
    });
    const typo = 'd/s.yaml:3:37: patch[0].after: early_ioremap_inti is not in the setup_arch this patch edits (did you mean early_ioremap_init?)';
    expect(problems(file('  - {rule: duplicate-call, step: early_cpu_init}\n'))).toEqual([typo]);
    expect(problems(file('  - {rule: duplicate-call, step: early_cpu_init#2}\n'))).toEqual([
      typo,
      'd/s.yaml:5:28: expect[0].step: early_cpu_init#2: setup_arch has no early_cpu_init, and would have early_cpu_init once with the patch: edits that did not apply',
    ]);
    // with the anchor fixed, the same entry is met by the inserted call
    expect(() => problems(file('  - {rule: duplicate-call, step: early_cpu_init}\n', 'early_ioremap_init'))).toThrow('loaded without problems');
  });

  it('must fail: a failed edit in a base counts as one of the file\'s own; a patch: item that is no edit could add any call, not a name that is none', () => {
    expect(problems({
      'd/m.yaml': 'extends: base.yaml\npatch:\n  - {insert: vmi_init, after: paging_int}\n',
      'd/s.yaml': 'extends: m.yaml\nexpect:\n  - {rule: duplicate-call, step: vmi_init#2}\n  - {rule: duplicate-call, step: vmi_init#3}\n',
    })).toEqual([
      'd/m.yaml:3:31: patch[0].after: paging_int is not in the setup_arch this patch edits (did you mean paging_init?)',
      'd/s.yaml:4:28: expect[1].step: vmi_init#3: setup_arch has vmi_init once, and would have vmi_init twice (vmi_init and vmi_init#2) with the patch: edits that did not apply',
    ]);
    const said = problems({ 'd/s.yaml': 'extends: base.yaml\npatch:\n  - {insrt: copy_edd, after: paging_init}\nexpect:\n  - {rule: duplicate-call, step: copy_edd}\n  - {rule: duplicate-call, step: copy_eddd}\n' });
    expect(said).toHaveLength(2);
    expect(said[1]).toMatch(/^d\/s\.yaml:6:28: expect\[1\]\.step: copy_eddd is neither in setup_arch nor an implicit step \(head_32\)/);
  });

  it('must fail: a patch: anchor a failed earlier edit (this file\'s or a base\'s) would add is not said to be missing (break-251 F6)', () => {
    const typo = (file: string): string => `${file}:3:37: patch[0].after: early_ioremap_inti is not in the setup_arch this patch edits (did you mean early_ioremap_init?)`;
    const insert = '  - {insert: early_cpu_init, after: early_ioremap_inti}\n';
    expect(problems({ 'd/s.yaml': `extends: base.yaml\npatch:\n${insert}  - {move: vmi_init, after: early_cpu_init}\n` })).toEqual([typo('d/s.yaml')]);
    expect(problems({
      'd/m.yaml': `extends: base.yaml\npatch:\n${insert}`,
      'd/s.yaml': 'extends: m.yaml\npatch:\n  - {move: vmi_init, after: early_cpu_init}\n  - {move: vmi_init, after: early_cpu_init#2}\n',
    })).toEqual([
      typo('d/m.yaml'),
      'd/s.yaml:4:29: patch[1].after: early_cpu_init#2: the setup_arch this patch edits has no early_cpu_init, and would have early_cpu_init once with the patch: edits that did not apply',
    ]);
    // an insert of a name that is no call counts as the call it is offered
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\npatch:\n  - {insert: vmi_init#2, after: paging_init}\nexpect:\n  - {rule: duplicate-call, step: vmi_init#2}\n' })).toHaveLength(1);
  });

  it('must fail: two identical entries are said beside a failed patch: edit (break-251 F5)', () => {
    const said = problems({ 'd/s.yaml': 'extends: base.yaml\npatch:\n  - {insert: early_cpu_init, after: paging_int}\nexpect:\n  - {rule: duplicate-call, step: paging_init}\n  - {rule: duplicate-call, step: paging_init}\n' });
    expect(said).toHaveLength(2);
    expect(said[1]).toMatch(/^d\/s\.yaml:6:5: expect\[1\]: repeats expect\[0\] \(line 5\)/);
  });

  it('must fail: a variant: that picks no variant is said beside a bad severity: or a failed patch: edit (break-251 F5)', () => {
    const matrix = 'extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 1GiB]\n';
    const entry = '  - {rule: fixmap-before-relocation, step: dmi_scan_machine, variant: "memory=2GiB"}\n';
    const picksNone = (line: number): string => `d/s.yaml:${line}:62: expect[0].variant: memory=2GiB picks none of the 2 variants: no variant has memory=2GiB (did you mean memory=1GiB?); memory is one of 512MiB, 1GiB`;
    expect(problems({ 'd/s.yaml': `${matrix}expect:\n${entry}  - {rule: fixmap-before-relocation, step: init_memory_mapping, severity: errror}\n` })).toEqual([
      picksNone(5),
      'd/s.yaml:6:75: expect[1].severity: unknown value "errror" (did you mean error?); allowed: error, warning, info',
    ]);
    expect(problems({ 'd/s.yaml': `${matrix}patch:\n  - {insert: early_cpu_init, after: paging_int}\nexpect:\n${entry}` })).toEqual([
      'd/s.yaml:5:37: patch[0].after: paging_int is not in the setup_arch this patch edits (did you mean paging_init?)',
      picksNone(7),
    ]);
    // a base's matrix too; a variant: that is no text is the schema's alone; a matrix that does not expand (an exclude
    // value no axis has) says its own problem, and no entry's variant: is judged against it
    expect(problems({
      'd/m.yaml': matrix,
      'd/s.yaml': 'extends: m.yaml\nexpect:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, variant: 5}\n  - {rule: fixmap-before-relocation, step: vmi_init, variant: "memory=2GiB", count: 0}\n',
    })).toEqual([
      'd/s.yaml:3:71: expect[0].variant: expected a string, got the number 5; quote it to make it a string, as in "5"',
      'd/s.yaml:4:54: expect[1].variant: memory=2GiB picks none of the 2 variants: no variant has memory=2GiB (did you mean memory=1GiB?); memory is one of 512MiB, 1GiB',
      expect.stringMatching(/^d\/s\.yaml:4:\d+: expect\[1\]\.count: /),
    ]);
    expect(problems({ 'd/s.yaml': `${matrix}  exclude:\n    - {machine.memory: 2GiB}\nexpect:\n${entry}  - {rule: fixmap-before-relocation, step: init_memory_mapping, severity: errror}\n` })).toEqual([
      'd/s.yaml:5:24: matrix.exclude[0]["machine.memory"]: 2GiB is not a value of the axis (did you mean 1GiB?); values: 512MiB, 1GiB',
      'd/s.yaml:8:75: expect[1].severity: unknown value "errror" (did you mean error?); allowed: error, warning, info',
    ]);
  });
});
