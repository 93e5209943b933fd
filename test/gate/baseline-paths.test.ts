/**
 * Baselines match results by file path normalised (src/gate/baseline.ts):
 * `./a.yaml` and `a.yaml` are one file, a baseline written on Windows
 * (`scenarios\x86_32\a.yaml`) matches on Linux, and a baseline written in
 * another working directory matches by path suffix, one to one (pairFiles):
 * the same path wins, and a suffix pairs two files only when each is the
 * other's only suffix partner among the run's files and the baseline's.
 */
import { describe, expect, it } from 'vitest';
import { baselinePath, goneFiles, pairFiles, parseBaseline } from '../../src/gate/baseline.js';
import { formatJson } from '../../src/report/json.js';
import { RC1_VMI, reportOf, shipped, withoutExpect } from '../report/helpers.js';

const bare = withoutExpect(shipped(RC1_VMI));

/** The baseline of the rc1 VMI scenario as run under the paths `files`, paired with the run's files `run`. */
function baselineAs(files: readonly string[], run: readonly string[]): ReturnType<typeof parseBaseline> & { ok: true } {
  const b = parseBaseline(formatJson(reportOf(files.map((file) => ({ file, text: bare })))), 'x86_32', run);
  if (!b.ok) throw new Error(b.message);
  return b;
}

/** The states of the findings of each run file (the rc1 VMI scenario under each name) against a baseline of `baselineFiles`. */
function statesAs(run: readonly string[], baselineFiles: readonly string[]): string[][] {
  const b = baselineAs(baselineFiles, run);
  return reportOf(run.map((file) => ({ file, text: bare })), { noAllow: false, baseline: b.index }).results.map((r) => r.checked.map((c) => c.state));
}

const IN = ['baseline', 'baseline'];
const NEW = ['live', 'live'];

describe('baselinePath', () => {
  it('normalises separators, . and .. segments', () => {
    expect(baselinePath('./a.yaml')).toBe('a.yaml');
    expect(baselinePath('scenarios\\x86_32\\a.yaml')).toBe('scenarios/x86_32/a.yaml');
    expect(baselinePath('.\\scenarios//x86_32/../x86_32/./a.yaml')).toBe('scenarios/x86_32/a.yaml');
    expect(baselinePath('../up/a.yaml')).toBe('../up/a.yaml');
    expect(baselinePath('/abs/./a.yaml')).toBe('/abs/a.yaml');
  });
});

describe('pairFiles: one to one, the same path first, then a suffix unique both ways', () => {
  const cases: { name: string; run: string[]; baseline: string[]; pairs: [string, string][]; clashes?: [string, string, string[]][] }[] = [
    { name: 'the same path', run: ['a.yaml'], baseline: ['a.yaml'], pairs: [['a.yaml', 'a.yaml']] },
    { name: 'baseline written in the repository root, run from scenarios/', run: ['x86_32/a.yaml'], baseline: ['scenarios/x86_32/a.yaml'], pairs: [['x86_32/a.yaml', 'scenarios/x86_32/a.yaml']] },
    { name: 'baseline written in scenarios/, run from the root: the other way round', run: ['scenarios/x86_32/a.yaml'], baseline: ['x86_32/a.yaml'], pairs: [['scenarios/x86_32/a.yaml', 'x86_32/a.yaml']] },
    { name: 'absolute run paths', run: ['/repo/scenarios/a.yaml'], baseline: ['scenarios/a.yaml'], pairs: [['/repo/scenarios/a.yaml', 'scenarios/a.yaml']] },
    { name: 'no partial-name match: b-a.yaml is not a.yaml', run: ['a.yaml'], baseline: ['x86_32/b-a.yaml'], pairs: [] },
    // review 9 (CI) 1.1, first repro: the baseline names a.yaml only; x86_32/a.yaml is new
    { name: 'an exact match takes the baseline file out of suffix pairing', run: ['a.yaml', 'x86_32/a.yaml'], baseline: ['a.yaml'], pairs: [['a.yaml', 'a.yaml']] },
    { name: 'an exact match takes the run file out of suffix pairing', run: ['x86_32/a.yaml'], baseline: ['x86_32/a.yaml', 'scenarios/x86_32/a.yaml'], pairs: [['x86_32/a.yaml', 'x86_32/a.yaml']] },
    {
      name: 'an exact match elsewhere: the suffix partner left pairs', run: ['scenarios/x86_32/a.yaml', 'x86_32/b.yaml'], baseline: ['scenarios/x86_32/a.yaml', 'b.yaml'],
      pairs: [['scenarios/x86_32/a.yaml', 'scenarios/x86_32/a.yaml'], ['x86_32/b.yaml', 'b.yaml']],
    },
    // review 9 (CI) 1.1, second repro: a baseline written inside vmi/ (rc1.yaml, rc2.yaml); new/rc1.yaml is a copy of vmi/rc1.yaml
    {
      name: 'a baseline file that ends several run files pairs with none',
      run: ['scenarios/vmi/rc1.yaml', 'scenarios/vmi/rc2.yaml', 'scenarios/new/rc1.yaml'], baseline: ['rc1.yaml', 'rc2.yaml'],
      pairs: [['scenarios/vmi/rc2.yaml', 'rc2.yaml']], clashes: [['baseline', 'rc1.yaml', ['scenarios/vmi/rc1.yaml', 'scenarios/new/rc1.yaml']]],
    },
    {
      name: 'a run file that ends several baseline files pairs with none', run: ['x86_32/a.yaml'], baseline: ['one/x86_32/a.yaml', 'two/x86_32/a.yaml'],
      pairs: [], clashes: [['run', 'x86_32/a.yaml', ['one/x86_32/a.yaml', 'two/x86_32/a.yaml']]],
    },
    {
      name: 'a clash leaves its partners unpaired, even one whose only partner it is',
      run: ['x86_32/a.yaml', 'b/a.yaml'], baseline: ['a.yaml', 'one/x86_32/a.yaml'],
      // a.yaml ends both run files; x86_32/a.yaml ends both baseline files
      pairs: [], clashes: [['baseline', 'a.yaml', ['x86_32/a.yaml', 'b/a.yaml']], ['run', 'x86_32/a.yaml', ['a.yaml', 'one/x86_32/a.yaml']]],
    },
    // a run of that one file cannot tell this baseline from one written inside x86_32/: it pairs
    { name: 'one file run alone against a baseline of its last segment', run: ['x86_32/a.yaml'], baseline: ['a.yaml'], pairs: [['x86_32/a.yaml', 'a.yaml']] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { pairs, clashes } = pairFiles(c.run, c.baseline);
      expect([...pairs]).toEqual(c.pairs);
      expect(clashes.map((x) => [x.side, x.file, x.partners])).toEqual(c.clashes ?? []);
    });
  }
});

describe('a baseline matches the same file under another spelling of its path', () => {
  it('./a.yaml and a.yaml', () => {
    expect(statesAs(['a.yaml'], ['./a.yaml'])).toEqual([IN]);
    expect(statesAs(['./a.yaml'], ['a.yaml'])).toEqual([IN]);
  });

  it('Windows separators', () => {
    expect(statesAs(['scenarios/x86_32/a.yaml'], ['scenarios\\x86_32\\a.yaml'])).toEqual([IN]);
  });

  it('another working directory: a path suffix, unique both ways', () => {
    // baseline written in the repository root, run from scenarios/ (and the other way round)
    expect(statesAs(['x86_32/a.yaml'], ['scenarios/x86_32/a.yaml'])).toEqual([IN]);
    expect(statesAs(['../scenarios/x86_32/a.yaml'], ['x86_32/a.yaml'])).toEqual([IN]);
    // no partial-name match: b-a.yaml is not a.yaml
    expect(statesAs(['a.yaml'], ['x86_32/b-a.yaml'])).toEqual([NEW]);
    // ambiguous: two baseline files end in x86_32/a.yaml, neither is taken
    expect(statesAs(['x86_32/a.yaml'], ['one/x86_32/a.yaml', 'two/x86_32/a.yaml'])).toEqual([NEW]);
  });

  it('a baseline file gates one file replayed: a new x86_32/a.yaml beside the baselined a.yaml is new (review 9, 1.1)', () => {
    const b = baselineAs(['a.yaml'], ['a.yaml', 'x86_32/a.yaml']);
    expect(statesAs(['a.yaml', 'x86_32/a.yaml'], ['a.yaml'])).toEqual([IN, NEW]);
    expect(b.index.names({ file: 'x86_32/a.yaml' })).toBe(false);
    expect(b.index.clashes).toEqual([]);
  });

  it('a baseline written inside vmi/ does not gate a copy new/rc1.yaml, nor vmi/rc1.yaml then (review 9, 1.1)', () => {
    const run = ['scenarios/vmi/rc1.yaml', 'scenarios/new/rc1.yaml'];
    expect(statesAs(run, ['rc1.yaml'])).toEqual([NEW, NEW]);
    expect(baselineAs(['rc1.yaml'], run).index.clashes).toEqual([{ side: 'baseline', file: 'rc1.yaml', partners: run }]);
  });
});

describe('goneFiles: baseline files under a directory walked that the walk did not find (review 14, 4.2)', () => {
  const gone = (baselineFiles: readonly string[], run: readonly string[], directories: readonly string[], found: readonly string[] = run): string[] =>
    goneFiles(baselineAs(baselineFiles, run).index, directories, found).map((g) => `${g.file}:${g.findings.length}`);

  it('names a deleted file of the directory, with its findings, and not one the walk found (replayed or not)', () => {
    expect(gone(['scenarios/a.yaml', 'scenarios/old.yaml'], ['scenarios/a.yaml'], ['scenarios'])).toEqual(['scenarios/old.yaml:2']);
    expect(gone(['scenarios/a.yaml', 'scenarios/old.yaml'], ['scenarios/a.yaml'], ['./scenarios/'])).toEqual(['scenarios/old.yaml:2']);
    // found by the walk but not replayed (it did not load): not gone
    expect(gone(['scenarios/a.yaml', 'scenarios/old.yaml'], ['scenarios/a.yaml'], ['scenarios'], ['scenarios/a.yaml', 'scenarios/old.yaml'])).toEqual([]);
  });

  it('only under a directory walked: a file named on the command line, or another tree, is not the run\'s business', () => {
    expect(gone(['scenarios/a.yaml', 'scenarios/old.yaml'], ['scenarios/a.yaml'], [])).toEqual([]);
    expect(gone(['scenarios/a.yaml', 'other/old.yaml'], ['scenarios/a.yaml'], ['scenarios'])).toEqual([]);
    expect(gone(['scenarios/a.yaml', 'scenarios-old/b.yaml'], ['scenarios/a.yaml'], ['scenarios'])).toEqual([]);
    // `run .`: every relative path is under it, none above it
    expect(gone(['a.yaml', 'x/old.yaml', '../up.yaml'], ['a.yaml'], ['.'])).toEqual(['x/old.yaml:2']);
  });

  it('a baseline written in another directory: a file the walk found by path suffix is not gone', () => {
    // written inside scenarios/ (x86_32/a.yaml), run from the top over `.`
    expect(gone(['x86_32/a.yaml', 'x86_32/b.yaml'], ['scenarios/x86_32/a.yaml'], ['.'], ['scenarios/x86_32/a.yaml', 'scenarios/x86_32/b.yaml'])).toEqual([]);
    expect(gone(['x86_32/a.yaml', 'x86_32/b.yaml'], ['scenarios/x86_32/a.yaml'], ['.'])).toEqual(['x86_32/b.yaml:2']);
  });
});
