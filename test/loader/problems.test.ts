import { describe, expect, it } from 'vitest';
import { capProblems, formatProblem, metLoading, problemCount, problemOwner, problemText, sortProblems, type InputProblem } from '../../src/scenario/problems.js';

describe('formatProblem', () => {
  it('writes file:line:col: message', () => {
    expect(formatProblem({ file: 'scenarios/a.yaml', line: 3, col: 7, message: 'config.pae: bad' })).toBe('scenarios/a.yaml:3:7: config.pae: bad');
  });

  it('writes file: message for a problem with the whole file', () => {
    expect(formatProblem({ file: 'nope.yaml', message: 'no such file or directory' })).toBe('nope.yaml: no such file or directory');
  });

  it('ends a problem in a base with the derived file it makes invalid, as a finding in an inherited line names its scenario', () => {
    const p: InputProblem = { file: 'base.yaml', line: 18, col: 5, message: 'setup_arch[0] (step 1): bad', scenario: 'c.yaml' };
    expect(formatProblem(p)).toBe('base.yaml:18:5: setup_arch[0] (step 1): bad in c.yaml');
    expect(problemText(p)).toBe('base.yaml:18:5: setup_arch[0] (step 1): bad in c.yaml');
    expect(problemOwner(p)).toBe('c.yaml');
    expect(problemOwner({ file: 'base.yaml', message: 'x' })).toBe('base.yaml');
    // the derived file's name is user text: escaped like the rest of the line
    expect(formatProblem({ ...p, scenario: 'c\n.yaml' })).toBe('base.yaml:18:5: setup_arch[0] (step 1): bad in c\\n.yaml');
    expect(formatProblem({ ...p, scenario: 'c\x1b[31m.yaml' })).toBe('base.yaml:18:5: setup_arch[0] (step 1): bad in c\\x1b[31m.yaml');
  });
});

describe('metLoading', () => {
  it('names the scenario on the problems in other files only, and never renames one that already has its scenario', () => {
    const ps = metLoading('c.yaml', [
      { file: 'c.yaml', line: 3, col: 9, message: 'own' },
      { file: 'base.yaml', line: 18, col: 5, message: 'inherited' },
      { file: 'base.yaml', line: 1, col: 1, message: 'already', scenario: 'mid.yaml' },
    ]);
    expect(ps.map((p) => p.scenario)).toEqual([undefined, 'c.yaml', 'mid.yaml']);
  });
});

describe('capProblems', () => {
  it('the "… and N more" problem stays with the scenario the capped problems belong to, at the first problem not shown', () => {
    const ps: InputProblem[] = [1, 2, 3].map((line) => ({ file: 'base.yaml', line, col: 1, message: `m${line}`, scenario: 'c.yaml' }));
    const capped = capProblems(ps, 2);
    expect(capped).toHaveLength(3);
    expect(capped[2]).toMatchObject({ file: 'base.yaml', line: 3, scenario: 'c.yaml' });
    expect(formatProblem(capped[2] as InputProblem)).toMatch(/^base\.yaml:3:1: … and 1 more problem in this file .* in c\.yaml$/);
  });

  it('problems hidden in several files of an extends chain are counted as in N files, at the first of them (helper-183 5)', () => {
    const ps: InputProblem[] = ['p0.yaml', 'p1.yaml', 'p2.yaml'].flatMap((file) => [1, 2].map((line) => ({ file, line, col: 1, message: `${file} m${line}`, scenario: 'p2.yaml' })));
    const capped = capProblems(ps, 3);
    // p2.yaml's own two first (ownFileFirst), then p0.yaml's first; p0.yaml:2 and p1.yaml's two are counted
    expect(capped.slice(0, 3).map((p) => `${p.file}:${p.line}`)).toEqual(['p2.yaml:1', 'p2.yaml:2', 'p0.yaml:1']);
    expect(capped[3]).toMatchObject({ file: 'p0.yaml', line: 2, more: 3 });
    expect(capped[3]?.message).toMatch(/^… and 3 more problems in 2 files \(limit 3 problems per file, max-problems/);
  });

  it('capping a capped list again keeps the files its "… and N more" line stands for (break-220 F1: suggest said "in this file")', () => {
    const ps: InputProblem[] = ['p0.yaml', 'p1.yaml', 'p2.yaml'].flatMap((file) => [1, 2].map((line) => ({ file, line, col: 1, message: `${file} m${line}`, scenario: 'p2.yaml' })));
    const once = capProblems(ps, 3);
    const twice = capProblems(sortProblems(once), 3);
    expect(twice.map((p) => p.message)).toEqual(once.map((p) => p.message));
    expect(twice[3]?.message).toMatch(/^… and 3 more problems in 2 files /);
    expect(problemCount(twice)).toBe(6);
  });

  it('over the limit, the file named shows its own problems before its bases\' (helper-184 8); under it, reading order stays', () => {
    // mp-base.yaml (70) ← mp-mid.yaml (70) ← mp-leaf.yaml (5): all 5 of the leaf's own lines were among the 45 hidden
    const lines = (file: string, n: number) => Array.from({ length: n }, (_, i) => ({ file, line: i + 1, col: 1, message: `${file} m${i}`, scenario: 'mp-leaf.yaml' }));
    const ps = sortProblems([...lines('mp-base.yaml', 70), ...lines('mp-mid.yaml', 70), ...lines('mp-leaf.yaml', 5)]);
    expect(ps[0]?.file).toBe('mp-base.yaml');
    const capped = capProblems(ps, 100);
    expect(capped.slice(0, 5).map((p) => p.file)).toEqual(Array(5).fill('mp-leaf.yaml'));
    expect(capped[5]).toMatchObject({ file: 'mp-base.yaml', line: 1 });
    expect(capped[100]).toMatchObject({ file: 'mp-mid.yaml', line: 26, more: 45 });
    expect(capProblems(ps, 145).map((p) => p.file)).toEqual(ps.map((p) => p.file));
  });

  it('the "… and N more" problem carries N, and the capped list counts as many problems as the list it caps (150, not 101)', () => {
    const ps: InputProblem[] = Array.from({ length: 150 }, (_, i) => ({ file: 'x.yaml', line: i + 2, col: 5, message: `m${i}` }));
    const capped = capProblems(ps, 100);
    expect(capped).toHaveLength(101);
    expect(capped[100]?.more).toBe(50);
    expect(capped.slice(0, 100).every((p) => p.more === undefined)).toBe(true);
    expect(problemCount(capped)).toBe(150);
    expect(problemCount(ps)).toBe(150);
  });

  it('capping the variants a run picks again counts what each variant\'s own "… and N more" line stands for', () => {
    // two variants of 5 problems each, capped at 2 per variant (compose.ts), then at 3 for the file (cli/load.ts)
    // each named after its cap, as compose.ts names them
    const variant = (v: string): InputProblem[] => capProblems(Array.from({ length: 5 }, (_, i) => ({ file: 'm.yaml', line: i + 1, col: 1, message: `m${i}` })), 2, 'variant')
      .map((p) => ({ ...p, message: `[${v}] ${p.message}`, variant: v }));
    const both = sortProblems([...variant('a'), ...variant('b')]);
    expect(problemCount(both)).toBe(10);
    const capped = capProblems(both, 3);
    expect(capped).toHaveLength(4);
    // shown: [a] m0, [b] m0, [a] m1; hidden: [b] m1 (1), a's "3 more" (3), b's "3 more" (3)
    expect(capped[3]?.more).toBe(7);
    expect(capped[3]?.message).toMatch(/^… and 7 more problems in this file /);
    expect(problemCount(capped)).toBe(10);
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

  it('a duplicate is the same text at the same place for the same scenario: col 1 and no col are one place, whole-file problems theirs', () => {
    const ps: InputProblem[] = [
      { file: 'a.yaml', line: 2, col: 1, message: 'm' },
      { file: 'a.yaml', line: 2, message: 'm' },
      { file: 'a.yaml', line: 2, col: 2, message: 'm' },
      { file: 'a.yaml', message: 'm' },
      { file: 'a.yaml', message: 'm' },
      { file: 'b.yaml', line: 2, col: 1, message: 'm' },
      { file: 'a.yaml', line: 2, col: 1, message: 'm', scenario: 'd.yaml' },
      { file: 'a.yaml', line: 2, col: 1, message: 'm', scenario: 'd.yaml' },
    ];
    expect(sortProblems(ps).map(formatProblem)).toEqual(['a.yaml: m', 'a.yaml:2:1: m', 'a.yaml:2:2: m', 'b.yaml:2:1: m', 'a.yaml:2:1: m in d.yaml']);
  });

  it('the same base line reached from two derived files is two problems, grouped by the file each makes invalid', () => {
    const base = { file: 'base.yaml', col: 5, message: 'visws_early_detect is not a setup_arch() call in 2.6.26' };
    const ps: InputProblem[] = [
      { ...base, line: 18, scenario: 'c.yaml' },
      { ...base, line: 23, scenario: 'c.yaml' },
      { file: 'c.yaml', line: 2, col: 1, message: 'c own' },
      { ...base, line: 18, scenario: 'd.yaml' },
      { ...base, line: 23, scenario: 'd.yaml' },
      { ...base, line: 18, scenario: 'c.yaml' },
      { ...base, line: 18 },
    ];
    expect(sortProblems(ps).map((p) => `${problemOwner(p)} ${p.file}:${p.line}`)).toEqual([
      'c.yaml base.yaml:18', 'c.yaml base.yaml:23', 'c.yaml c.yaml:2',
      'd.yaml base.yaml:18', 'd.yaml base.yaml:23',
      'base.yaml base.yaml:18',
    ]);
  });
});
