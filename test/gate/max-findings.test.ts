/**
 * Where and how a file refused at max-findings is said (src/gate/max-findings.ts),
 * the same for run and merge (review 13c, 1.1 and 4.2).
 */
import { describe, expect, it } from 'vitest';
import { findingsBlame, findingsLimitReached, tooManyFindings } from '../../src/gate/max-findings.js';
import { parseVariants } from '../../src/scenario/loader.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import type { Scenario } from '../../src/scenario/types.js';

const ORDER = 'kernel: 2.6.27-rc1\nmachine:\n  hypervisor: vmi\nsetup_arch:\n  - early_cpu_init\n  - vmi_init\n';
const MATRIX = 'matrix:\n  machine.memory: [512MiB, 1GiB]\n';

/** the first variant of `file` as loaded from `files` */
function first(file: string, files: Record<string, string>): Scenario {
  const r = parseVariants(files[file] ?? '', file, memoryReader(files));
  const v = r.ok ? r.variants[0] : undefined;
  if (v === undefined || !v.ok) throw new Error(`${file} does not load`);
  return v.scenario;
}

describe('max-findings: the blame', () => {
  it('a file of one variant: at its setup_arch', () => {
    expect(findingsBlame(first('a.yaml', { 'a.yaml': ORDER }), 1)).toEqual({ file: 'a.yaml', key: 'setup_arch', at: { file: 'a.yaml', line: 4, column: 1 } });
  });

  it('a matrix: at the matrix: that multiplied the findings; one variant of it picked (--variant): at setup_arch', () => {
    const m = first('m.yaml', { 'm.yaml': ORDER + MATRIX });
    expect(findingsBlame(m, 2)).toEqual({ file: 'm.yaml', key: 'matrix', at: { file: 'm.yaml', line: 7, column: 1 } });
    expect(findingsBlame(m, 1)).toMatchObject({ key: 'setup_arch', at: { line: 4 } });
  });

  it('an extends chain: at the matrix: of the file that holds it, naming the setup_arch of the base', () => {
    const files = { 'base.yaml': ORDER, 'child.yaml': `extends: base.yaml\n${MATRIX}`, 'gc.yaml': 'extends: child.yaml\nname: gc\n' };
    const blame = findingsBlame(first('gc.yaml', files), 2);
    expect(blame).toEqual({ file: 'gc.yaml', key: 'matrix', at: { file: 'child.yaml', line: 2, column: 1 }, setupArch: 'base.yaml:4:1' });
    expect(tooManyFindings(blame, 9000, 2, 2, 8192)).toEqual({
      file: 'child.yaml', line: 2, col: 1, scenario: 'gc.yaml',
      message: 'matrix: 9000 findings in the first 2 variants of 2 (of the setup_arch at base.yaml:4:1); the file is not reported (limit 8192 findings per file, max-findings; '
        + 'a real order has a handful, 256 variants of one a few thousand)',
    });
    // a matrix: null in the file given drops the base's: one variant, at the setup_arch
    const dropped = first('d.yaml', { ...files, 'd.yaml': 'extends: child.yaml\nmatrix: null\n' });
    expect(findingsBlame(dropped, 1)).toEqual({ file: 'd.yaml', key: 'setup_arch', at: { file: 'base.yaml', line: 4, column: 1 } });
  });

  it('the limit is reached at the first prefix of the variants whose findings reach it', () => {
    expect(findingsLimitReached([3, 0, 5, 9], 8)).toEqual({ found: 8, replayed: 3 });
    expect(findingsLimitReached([3, 4], 8)).toBeUndefined();
    expect(findingsLimitReached([], 1)).toBeUndefined();
    expect(findingsLimitReached([9000], 8192)).toEqual({ found: 9000, replayed: 1 });
  });
});
