/**
 * Baselines match results by file path normalised (src/gate/baseline.ts):
 * `./a.yaml` and `a.yaml` are one file, a baseline written on Windows
 * (`scenarios\x86_32\a.yaml`) matches on Linux, and a baseline written in
 * the repository root matches a run from scenarios/ (a path suffix of one
 * baseline file), but not when the suffix is ambiguous.
 */
import { describe, expect, it } from 'vitest';
import { baselinePath, parseBaseline } from '../../src/gate/baseline.js';
import { formatJson } from '../../src/report/json.js';
import { RC1_VMI, reportOf, shipped, withoutExpect } from '../report/helpers.js';

const bare = withoutExpect(shipped(RC1_VMI));

/** The baseline of the rc1 VMI scenario as run under the path `file`. */
function baselineAs(...files: string[]): ReturnType<typeof parseBaseline> & { ok: true } {
  const b = parseBaseline(formatJson(reportOf(files.map((file) => ({ file, text: bare })))), 'x86_32');
  if (!b.ok) throw new Error(b.message);
  return b;
}

function statesAs(file: string, b: ReturnType<typeof baselineAs>): string[] {
  const [r] = reportOf([{ file, text: bare }], { noAllow: false, baseline: b.index }).results;
  return r?.checked.map((c) => c.state) ?? [];
}

describe('baselinePath', () => {
  it('normalises separators, . and .. segments', () => {
    expect(baselinePath('./a.yaml')).toBe('a.yaml');
    expect(baselinePath('scenarios\\x86_32\\a.yaml')).toBe('scenarios/x86_32/a.yaml');
    expect(baselinePath('.\\scenarios//x86_32/../x86_32/./a.yaml')).toBe('scenarios/x86_32/a.yaml');
    expect(baselinePath('../up/a.yaml')).toBe('../up/a.yaml');
    expect(baselinePath('/abs/./a.yaml')).toBe('/abs/a.yaml');
  });
});

describe('a baseline matches the same file under another spelling of its path', () => {
  it('./a.yaml and a.yaml', () => {
    expect(statesAs('a.yaml', baselineAs('./a.yaml'))).toEqual(['baseline', 'baseline']);
    expect(statesAs('./a.yaml', baselineAs('a.yaml'))).toEqual(['baseline', 'baseline']);
  });

  it('Windows separators', () => {
    expect(statesAs('scenarios/x86_32/a.yaml', baselineAs('scenarios\\x86_32\\a.yaml'))).toEqual(['baseline', 'baseline']);
  });

  it('another working directory: a path suffix of exactly one baseline file', () => {
    // baseline written in the repository root, run from scenarios/ (and the other way round)
    expect(statesAs('x86_32/a.yaml', baselineAs('scenarios/x86_32/a.yaml'))).toEqual(['baseline', 'baseline']);
    expect(statesAs('../scenarios/x86_32/a.yaml', baselineAs('x86_32/a.yaml'))).toEqual(['baseline', 'baseline']);
    // no partial-name match: b-a.yaml is not a.yaml
    expect(statesAs('a.yaml', baselineAs('x86_32/b-a.yaml'))).toEqual(['live', 'live']);
    // ambiguous: two baseline files end in x86_32/a.yaml, neither is taken
    expect(statesAs('x86_32/a.yaml', baselineAs('one/x86_32/a.yaml', 'two/x86_32/a.yaml'))).toEqual(['live', 'live']);
  });
});
