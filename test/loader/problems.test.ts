import { describe, expect, it } from 'vitest';
import { formatProblem, sortProblems, type InputProblem } from '../../src/scenario/problems.js';

describe('formatProblem', () => {
  it('writes file:line:col: message', () => {
    expect(formatProblem({ file: 'scenarios/a.yaml', line: 3, col: 7, message: 'config.pae: bad' })).toBe('scenarios/a.yaml:3:7: config.pae: bad');
  });

  it('writes file: message for a problem with the whole file', () => {
    expect(formatProblem({ file: 'nope.yaml', message: 'no such file or directory' })).toBe('nope.yaml: no such file or directory');
  });
});

describe('sortProblems', () => {
  it('orders by line and column within a file, whole-file problems first, files in first-seen order', () => {
    const ps: InputProblem[] = [
      { file: 'b.yaml', line: 9, col: 1, message: 'b late' },
      { file: 'a.yaml', line: 5, col: 3, message: 'a 5:3' },
      { file: 'a.yaml', line: 2, col: 8, message: 'a 2:8' },
      { file: 'b.yaml', line: 1, col: 1, message: 'b early' },
      { file: 'a.yaml', line: 5, col: 1, message: 'a 5:1' },
      { file: 'a.yaml', message: 'a whole' },
    ];
    expect(sortProblems(ps).map((p) => p.message)).toEqual(['b early', 'b late', 'a whole', 'a 2:8', 'a 5:1', 'a 5:3']);
  });

  it('keeps the found order at one position and drops exact duplicates', () => {
    const ps: InputProblem[] = [
      { file: 'a.yaml', line: 1, col: 1, message: 'first' },
      { file: 'a.yaml', line: 1, col: 1, message: 'second' },
      { file: 'a.yaml', line: 1, col: 1, message: 'first' },
    ];
    expect(sortProblems(ps).map((p) => p.message)).toEqual(['first', 'second']);
  });
});
