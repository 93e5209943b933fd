/**
 * merge (src/report/merge.ts) joins the shards of one run only: shards whose
 * recorded options differ (format, -v, --layout, --no-allow, the baseline's
 * content, --variant) are refused, naming each difference.
 */
import { describe, expect, it } from 'vitest';
import type { ShardOptions } from '../../src/gate/types.js';
import { mergeReports } from '../../src/report/merge.js';
import { shardOf } from '../../src/gate/shard.js';
import { limitMessage } from '../../src/scenario/limits.js';
import { textShape } from '../../src/gate/json-position.js';

const OPTIONS: ShardOptions = { format: 'json', verbose: false, layout: false, allow: true, baseline: null, variant: null, maxFindings: 8192 };
const UNITS = ['a.yaml', 'b.yaml'];
/** A baseline digest as run records it ("sha256:" and 64 hex digits). */
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
/** where run places each file's max-findings problem (the shard header records it for merge) */
const PLACES = UNITS.map((file) => ({ file, key: 'setup_arch', at: { file, line: 6, column: 1 } }));
/** The summary of one passing result with no findings, as run --format json writes it. */
const ONE_PASS = { scenarios: 1, failed: 0, passed: 1, errors: 0, warnings: 0, infos: 0, expected: 0, suppressed: 0, baseline: 0, unmet: 0, unusedAllows: 0, invalid: 0 };

/** Shard `index` of 2, holding one of the two scenarios, written as run writes it (2-space indent: problems are placed on its lines). */
function shard(index: number, options: Partial<ShardOptions> = {}): { file: string; text: string } {
  const report = {
    version: 1,
    // with --baseline run records the absent findings (none here) in the header and the summary
    shard: { index, count: 2, units: UNITS, options: { ...OPTIONS, ...options }, maxFindingsAt: PLACES, ...(typeof options.baseline === 'string' ? { absent: [] } : {}) },
    results: [{ file: UNITS[index - 1], status: 'pass', findings: [], unmet: [], unusedAllows: [] }],
    summary: { ...ONE_PASS, ...(typeof options.baseline === 'string' ? { absent: 0 } : {}) },
    problems: [],
  };
  return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
}

describe('merge and the options of a run', () => {
  it('joins shards run with the same options, dropping the shard header', () => {
    const r = mergeReports([shard(2, { baseline: DIGEST }), shard(1, { baseline: DIGEST })]);
    const result = (file: string): unknown => ({ file, status: 'pass', findings: [], unmet: [], unusedAllows: [] });
    expect(r.ok && JSON.parse(r.text)).toEqual({ version: 1, results: [result('a.yaml'), result('b.yaml')], summary: { ...ONE_PASS, scenarios: 2, passed: 2, absent: 0 }, problems: [] });
  });

  it('refuses a summary absent that is no count or not what the header\'s per-file counts add up to (break-253 F3)', () => {
    /** shard `index` run with --baseline, its summary's absent and its header's shard.absent set (undefined: the key left out) */
    const withAbsent = (index: number, summed: number | undefined, listed: { file: string; variant?: string; count: number }[] | undefined): { file: string; text: string } => {
      const report = JSON.parse(shard(index, { baseline: DIGEST }).text) as { shard: Record<string, unknown>; summary: Record<string, number> };
      if (summed === undefined) delete report.summary['absent'];
      else report.summary['absent'] = summed;
      if (listed === undefined) delete report.shard['absent'];
      else report.shard['absent'] = listed;
      return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
    };
    // a baselined file the run did not find (deleted) is counted in the shard its findings hash to, under its own name
    // (gone.yaml and old.yaml[memory=1G] hash to shard 1 of 2, old.yaml to shard 2: shardOf, sha256 of the name)
    const gone = mergeReports([withAbsent(1, 3, [{ file: 'a.yaml', count: 1 }, { file: 'gone.yaml', count: 2 }]), withAbsent(2, 0, [])]);
    expect(gone.ok && JSON.parse(gone.text)).toMatchObject({ summary: { scenarios: 2, absent: 3 } });
    const goneVariant = mergeReports([withAbsent(1, 2, [{ file: 'old.yaml', variant: 'memory=1G', count: 2 }]), withAbsent(2, 0, [])]);
    expect(goneVariant.ok && JSON.parse(goneVariant.text)).toMatchObject({ summary: { absent: 2 } });
    const refused = (s1: { file: string; text: string }): string | undefined => {
      const r = mergeReports([s1, withAbsent(2, 0, [])]);
      return r.ok ? undefined : r.messages.join('\n');
    };
    const WHY = /^s1\.json:\d+:\d+: its summary does not count its results \((.*)\); was the report edited\?/;
    const why = (s1: { file: string; text: string }): string | undefined => WHY.exec(refused(s1) ?? '')?.[1];
    expect(why(withAbsent(1, 5, [{ file: 'a.yaml', count: 2 }]))).toBe('absent 5, its header\'s shard.absent 2');
    expect(why(withAbsent(1, -1, []))).toBe('absent -1, not a count');
    expect(why(withAbsent(1, 0.5, []))).toBe('absent 0.5, not a count');
    expect(why(withAbsent(1, 2, undefined))).toBe('absent 2, but its header counts none (no shard.absent)');
    expect(why(withAbsent(1, undefined, [{ file: 'a.yaml', count: 1 }]))).toBe('absent missing, its header counts absent findings (shard.absent)');
    expect(why(withAbsent(1, 2, [{ file: 'a.yaml', count: 1 }, { file: 'a.yaml', count: 1 }]))).toBe('shard.absent counts a.yaml twice');
    // b.yaml is the run's and shard 2's: shard 1 cannot have found its baseline findings gone
    expect(why(withAbsent(1, 1, [{ file: 'b.yaml', count: 1 }]))).toBe('shard.absent counts b.yaml, a file of the run this shard holds no result of');
    // a gone file's findings are counted by the shard its scenario name hashes to; moved to another shard, or renamed
    // to a name that hashes elsewhere, the entry is refused (break-255 N2)
    expect(why(withAbsent(1, 2, [{ file: 'old.yaml', count: 2 }]))).toBe('shard.absent counts old.yaml, a file the run did not find whose name hashes to shard 2/2, not this one');
    expect(why(withAbsent(1, 2, [{ file: 'gone.yaml', count: 1 }, { file: 'gone.yaml', count: 1 }]))).toBe('shard.absent counts gone.yaml twice');
    expect(why(withAbsent(1, 2, [{ file: 'old.yaml', variant: 'memory=1G', count: 1 }, { file: 'old.yaml', variant: 'memory=1G', count: 1 }]))).toBe('shard.absent counts old.yaml[memory=1G] twice');
    // a count that is none is said in our words, not zod's "Too small: expected number to be >=1" (break-255 N4)
    expect(refused(withAbsent(1, 0, [{ file: 'a.yaml', count: 0 }]))).toMatch(/\(at shard\.absent\.0\.count: got 0; allowed: a whole number from 1 \(the baseline findings of the file no longer found\)\)$/);
    expect(refused(withAbsent(1, 0, [{ file: 'a.yaml', count: 1e300 }]))).toMatch(/\(at shard\.absent\.0\.count: got 1e\+300; allowed: a whole number from 1 \(/);
  });

  it('counts the input problems once, as invalid (every shard reads every file), and refuses a count its problems do not match', () => {
    const PROBLEM = { file: 't/broken.yaml', line: null, column: null, message: 'a symbolic link whose target does not exist; not read' };
    const withProblem = (index: number, problems: number): { file: string; text: string } => {
      const report = JSON.parse(shard(index).text) as { summary: Record<string, number>; problems: unknown[] };
      report.summary['problems'] = problems;
      report.problems = [PROBLEM];
      return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
    };
    const r = mergeReports([withProblem(1, 1), withProblem(2, 1)]);
    expect(r.ok && JSON.parse(r.text)).toMatchObject({ summary: { scenarios: 2, invalid: 0, problems: 1 }, problems: [PROBLEM] });
    expect(r.ok && r.problems).toEqual([{ file: 't/broken.yaml', message: PROBLEM.message }]);
    expect(mergeReports([withProblem(1, 2), withProblem(2, 1)])).toMatchObject({ ok: false, messages: [expect.stringMatching(/^s1\.json:\d+:\d+: its summary does not count its results \(problems 2, its problems 1\)/)] });
  });

  it('counts a "… and N more problems" entry (max-problems) as N, as run counts it, and refuses a summary that counts the entries', () => {
    const SHOWN = { file: 'many.yaml', line: 101, column: 5, message: 'setup_arch[99] (step 100): unknown call bad_call_99' };
    const MORE = { file: 'many.yaml', line: 101, column: 5, message: '… and 50 more problems in this file (limit 100 problems per file, max-problems)', more: 50 };
    const withMore = (index: number, problems: number): { file: string; text: string } => {
      const report = JSON.parse(shard(index).text) as { summary: Record<string, number>; problems: unknown[] };
      report.summary['problems'] = problems;
      report.problems = [SHOWN, MORE];
      return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
    };
    const r = mergeReports([withMore(1, 51), withMore(2, 51)]);
    expect(r.ok && JSON.parse(r.text)).toMatchObject({ summary: { problems: 51 }, problems: [SHOWN, MORE] });
    expect(r.ok && r.problems[1]).toMatchObject({ more: 50 });
    expect(mergeReports([withMore(1, 2), withMore(2, 51)])).toMatchObject({ ok: false, messages: [expect.stringMatching(/^s1\.json:\d+:\d+: its summary does not count its results \(problems 2, its problems 51\)/)] });
  });

  it.each([
    [{ allow: false }, '--no-allow here, allow: entries honoured (no --no-allow) there'],
    [{ baseline: DIGEST }, '--baseline with other content (sha256:0123456789ab…) here, no --baseline there'],
    [{ verbose: true }, '-v here, no -v there'],
    [{ variant: 'hypervisor=xen' }, '--variant hypervisor=xen here, no --variant there'],
  ] as [Partial<ShardOptions>, string][])('refuses shards that differ in %j, naming the difference', (options, words) => {
    const r = mergeReports([shard(1), shard(2, options)]);
    expect(r).toEqual({ ok: false, messages: [`s2.json: run with other options than s1.json: ${words}; merge joins the shards of one run`] });
  });

  it('refuses a shard of an older bootreplay (no recorded options) mixed with a new one', () => {
    const old = shard(2);
    const data = JSON.parse(old.text) as { shard: { options?: unknown } };
    delete data.shard.options;
    const r = mergeReports([shard(1), { file: 'old.json', text: JSON.stringify(data) }]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.messages.join('\n')).toMatch(/^old\.json: run with other options than s1\.json: no recorded options \(an older bootreplay\) here/);
  });
});

describe('merge and the shard headers', () => {
  /** shard(index) with its header's index and count replaced (as a hand-edited or hostile report would have them). */
  function header(index: unknown, count: unknown): { file: string; text: string } {
    const s = shard(1);
    const report = JSON.parse(s.text) as { shard: Record<string, unknown> };
    report.shard['index'] = index;
    report.shard['count'] = count;
    return { file: 's1.json', text: `${JSON.stringify(report, null, 2)}\n` };
  }

  // a count of 1,000,000,000 made merge build a list of every shard: V8 aborted ("invalid table size");
  // the problem is placed at the header's `{` (line 3: `  "shard": {`)
  it.each([[1, 1_000_000_000], [1, 1025], [0, 2], [3, 2], [1.5, 2], [1, 2.5], [-1, 2], [1, 0]])('refuses shard %j/%j before building anything from it', (index, count) => {
    expect(mergeReports([shard(2), header(index, count)])).toEqual({
      ok: false, messages: [`s1.json:3:12: shard header ${index}/${count} is no shard of a run: run --shard i/n writes integers 1 ≤ i ≤ n ≤ 1024`],
    });
  });

  it('names shard counts of mixed runs in words that agree with them (1 shard, 2 shards)', () => {
    expect(mergeReports([shard(1), header(1, 1)])).toEqual({ ok: false, messages: ['s1.json: shard 1/1 is from a run with 1 shard, s1.json from one with 2'] });
    expect(mergeReports([header(1, 1), shard(2)])).toEqual({ ok: false, messages: ['s2.json: shard 2/2 is from a run with 2 shards, s1.json from one with 1'] });
  });

  it('counts results and scenarios in words that agree with them', () => {
    // one shard of one run over one scenario, holding no result
    const report = JSON.parse(header(1, 1).text) as { shard: { units: string[] }; results: unknown[]; summary: Record<string, number> };
    report.shard.units = ['a.yaml'];
    report.results = [];
    report.summary = { ...ONE_PASS, scenarios: 0, passed: 0 };
    expect(mergeReports([{ file: 's1.json', text: JSON.stringify(report) }])).toEqual({ ok: false, messages: ['s1.json: holds no result of a.yaml, which its shard replays (the name hashes to shard 1/1); was the report edited? merge reads reports as run --shard i/n --format json writes them'] });
  });

  it('reads the largest header run --shard writes (and then misses the other shards)', () => {
    const r = mergeReports([header(1024, 1024)]);
    expect(r.ok ? '' : r.messages.join('\n')).toMatch(/^shards 1\/1024, 2\/1024, .* 1023\/1024 missing: merge needs the report of every shard$/);
  });
});

describe('merge reads each shard as --baseline reads a report', () => {
  /** shard(index) with one finding replaced by `finding` (a hand-edited or truncated report) */
  function withFinding(index: number, findings: unknown, summary: Record<string, number> = {}): { file: string; text: string } {
    const report = JSON.parse(shard(index).text) as { results: { findings: unknown }[]; summary: Record<string, number> };
    const r = report.results[0];
    if (r !== undefined) r.findings = findings;
    Object.assign(report.summary, summary);
    return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
  }
  const GOOD = { rule: 'layout-overlap', severity: 'error', key: 'k', message: 'm', line: 3, column: 5, state: 'expected' };

  it('refuses findings that are not a list, or an unknown severity: one located problem per bad shard, nothing merged', () => {
    expect(mergeReports([withFinding(1, 'x'), withFinding(2, [{ ...GOOD, severity: 'fatal' }])])).toEqual({
      ok: false,
      messages: [
        's1.json:44:19: not a bootreplay JSON report of format version 1 (at results.0.findings: expected a list, got a string)',
        's2.json:47:23: not a bootreplay JSON report of format version 1 (at results.0.findings.0.severity: got "fatal"; allowed: error, warning, info)',
      ],
    });
  });

  it('names a number as the report writes it, not as JSON.parse reads it (1e999 is Infinity, which JSON.stringify writes as null)', () => {
    const r = mergeReports([shard(1), { file: 's2.json', text: shard(2).text.replace('"version": 1', '"version": 1e999') }]);
    expect(r).toEqual({ ok: false, messages: ['s2.json:2:14: not a bootreplay JSON shard report of format version 1 (at version: got 1e999; allowed: 1)'] });
  });

  it('refuses a finding field out of its range or kind, located, with what is allowed (a forged value is never copied into the merged report)', () => {
    const refusal = (edit: Record<string, unknown>): string => {
      const r = mergeReports([shard(1), withFinding(2, [{ ...GOOD, step: 'paging_init', index: 3, ...edit }])]);
      return r.ok ? '' : (r.messages[0] ?? '');
    };
    expect(refusal({ line: 1e308 })).toMatch(/^s2\.json:\d+:\d+: not a bootreplay JSON report of format version 1 \(at results\.0\.findings\.0\.line: got 1e\+308; allowed: a whole number from 1 \(a line or column of a scenario file\)\)$/);
    expect(refusal({ column: 0 })).toMatch(/\(at results\.0\.findings\.0\.column: got 0; allowed: a whole number from 1 /);
    expect(refusal({ index: -5 })).toMatch(/\(at results\.0\.findings\.0\.index: got -5; allowed: a whole number from 0 \(a step before setup_arch\) to 2048 \(max-calls/);
    expect(refusal({ index: 1.5 })).toMatch(/\(at results\.0\.findings\.0\.index: got 1\.5; allowed: a whole number from 0 /);
    expect(refusal({ rule: 'nope\n::error::x' })).toMatch(/\(at results\.0\.findings\.0\.rule: got "nope\\n::error::x"; allowed: a rule id /);
    expect(refusal({ rule: 'layout-overlaps' })).toMatch(/\(at results\.0\.findings\.0\.rule: got "layout-overlaps", no x86_32 rule \(did you mean layout-overlap\?\); allowed: fixmap-before-relocation, .*, duplicate-call\)$/);
    expect(refusal({ step: 'a b' })).toMatch(/\(at results\.0\.findings\.0\.step: got "a b"; allowed: a call name /);
    expect(refusal({ related: [{ step: 'vmi_init', index: 4, line: -1, column: 5 }] })).toMatch(/\(at results\.0\.findings\.0\.related\.0\.line: got -1; allowed: a whole number from 1 /);
    // the same finding within range is read (what is refused then is the summary the edit left as it was)
    expect(refusal({})).not.toMatch(/findings\.0/);
  });

  it('refuses a finding without the key --baseline matches by', () => {
    const { key: _key, ...unkeyed } = GOOD;
    expect(mergeReports([shard(1), withFinding(2, [unkeyed])])).toEqual({
      ok: false, messages: ['s2.json:45:9: finding layout-overlap of b.yaml has no "key": the report was written by an older bootreplay'],
    });
  });

  it('locates what is wrong in the shard header or summary, and names every bad shard', () => {
    const noSummary = JSON.parse(shard(2).text) as Record<string, unknown>;
    delete noSummary['summary'];
    // a truncated report ends where JSON.parse ran out (1:14); a missing key is placed at the mapping that lacks it
    const r = mergeReports([{ file: 's1.json', text: '{"version": 1' }, { file: 's2.json', text: `${JSON.stringify(noSummary, null, 2)}\n` }]);
    expect(r).toEqual({
      ok: false,
      messages: [
        's1.json:1:14: not JSON; merge reads the reports of run --shard i/n --format json',
        's2.json:1:1: not a bootreplay JSON shard report of format version 1 (at summary: missing)',
      ],
    });
  });

  it('counts the results itself: a shard whose summary does not count its results is refused (an edited verdict cannot pass)', () => {
    const failing = JSON.parse(withFinding(2, [{ ...GOOD, state: 'live' }]).text) as { results: { status: string }[] };
    const r0 = failing.results[0];
    if (r0 !== undefined) r0.status = 'fail';
    // the summary still says 0 failed, 0 errors: the exit code must not follow it
    expect(mergeReports([shard(1), { file: 's2.json', text: `${JSON.stringify(failing, null, 2)}\n` }])).toEqual({
      ok: false, messages: ['s2.json:59:14: its summary does not count its results (failed 0, its results 1; passed 1, its results 0; errors 0, its results 1); was the report edited? merge reads reports as run --shard i/n --format json writes them'],
    });
    expect(mergeReports([withFinding(1, [], { failed: -1, passed: 2 }), shard(2)])).toMatchObject({ ok: false, messages: [expect.stringMatching(/^s1\.json:\d+:\d+: its summary does not count its results \(failed -1, its results 0; passed 2, its results 1\)/)] });
    expect(mergeReports([withFinding(1, [], { invalid: 0.5 }), shard(2)])).toMatchObject({ ok: false, messages: [expect.stringMatching(/invalid 0\.5, not a count/)] });
  });

  it('derives each result\'s status as the gate does: a "pass" over live errors (summary edited to match) is refused at that status (review 9, 3.1)', () => {
    /** shard(index) whose result has `findings` and `unmet`, said to be `status`, its summary counting it as that status */
    const edited = (index: number, findings: unknown[], unmet: unknown[], status: 'pass' | 'fail', errors: number): { file: string; text: string } => {
      const report = JSON.parse(withFinding(index, findings).text) as { results: { status: string; unmet: unknown[] }[]; summary: Record<string, number> };
      const r = report.results[0];
      if (r !== undefined) Object.assign(r, { status, unmet });
      Object.assign(report.summary, { failed: status === 'fail' ? 1 : 0, passed: status === 'fail' ? 0 : 1, errors, unmet: unmet.length });
      return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
    };
    const live = { ...GOOD, state: 'live' };
    const entry = { rule: 'layout-overlap', step: 'vmi_init', line: 9, column: 5 };
    const cases: [string, { file: string; text: string }, string][] = [
      ['two live errors said to pass', edited(2, [live, { ...live, key: 'k|#2' }], [], 'pass', 2), 's2.json:43:17: result b.yaml says "pass", but it has 2 live errors: its status is "fail"'],
      ['an unmet expectation said to pass', edited(2, [], [entry], 'pass', 0), 's2.json:43:17: result b.yaml says "pass", but it has 1 unmet expectation: its status is "fail"'],
      ['a live error and an unmet expectation', edited(2, [live], [entry], 'pass', 1), 's2.json:43:17: result b.yaml says "pass", but it has 1 live error and 1 unmet expectation: its status is "fail"'],
      ['an expected error said to fail', edited(2, [GOOD], [], 'fail', 1), 's2.json:43:17: result b.yaml says "fail", but it has no live error and no unmet expectation: its status is "pass"'],
    ];
    for (const [name, s2, message] of cases) {
      expect(mergeReports([shard(1), s2]), name).toEqual({ ok: false, messages: [`${message}; was the report edited? merge reads reports as run --shard i/n --format json writes them`] });
    }
    // a live warning does not fail, as the gate has it: merged
    expect(mergeReports([shard(1), withFinding(2, [{ ...live, severity: 'warning' }], { warnings: 1 })])).toMatchObject({ ok: true, failed: 0 });
  });

  it('refuses a finding in a state the shard\'s recorded options cannot give, at that state: an error relabelled to pass cannot merge to exit 0 (review 14, 4.4)', () => {
    /** withFinding(index, findings, summary) run with `options` (both shards alike, or merge refuses the difference first) */
    const under = (index: number, options: Partial<ShardOptions>, findings: unknown[] = [], summary: Record<string, number> = {}): { file: string; text: string } => {
      const report = JSON.parse(withFinding(index, findings, summary).text) as { shard: { options: Record<string, unknown>; absent?: unknown[] }; summary: Record<string, number> };
      Object.assign(report.shard.options, options);
      // with --baseline run records the absent findings (none here)
      if (typeof options.baseline === 'string') Object.assign(report, { shard: { ...report.shard, absent: [] }, summary: { ...report.summary, absent: 0 } });
      return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
    };
    const baselined = { ...GOOD, state: 'baseline' };
    const suppressed = { ...GOOD, state: 'suppressed', reason: 'known, fixed upstream' };
    const cases: [string, Partial<ShardOptions>, unknown, Record<string, number>, string][] = [
      ['"baseline" without --baseline', {}, baselined, { baseline: 1 },
        's2.json:52:20: result b.yaml: its finding layout-overlap at line 3 is "baseline", but the shard was run without --baseline (its header records "baseline": null), so no finding of it is in a baseline'],
      ['"suppressed" under --no-allow', { allow: false }, suppressed, { suppressed: 1 },
        's2.json:52:20: result b.yaml: its finding layout-overlap at line 3 is "suppressed", but the shard was run with --no-allow (its header records "allow": false), under which no allow: entry suppresses a finding'],
      ['"suppressed" without a reason', {}, { ...GOOD, state: 'suppressed' }, { suppressed: 1 },
        's2.json:52:20: result b.yaml: its finding layout-overlap at line 3 is "suppressed", but it has no "reason", which the allow: entry that suppresses a finding always gives'],
    ];
    for (const [name, options, finding, summary, message] of cases) {
      expect(mergeReports([under(1, options), under(2, options, [finding], summary)]), name).toEqual({
        ok: false, messages: [`${message}; was the report edited? merge reads reports as run --shard i/n --format json writes them`],
      });
    }
    // what the options can give merges: a baseline state with a baseline, a suppressed one with its reason and allow: honoured
    const withBaseline = { baseline: DIGEST };
    expect(mergeReports([under(1, withBaseline), under(2, withBaseline, [baselined], { baseline: 1 })])).toMatchObject({ ok: true, failed: 0 });
    expect(mergeReports([under(1, {}), under(2, {}, [suppressed], { suppressed: 1 })])).toMatchObject({ ok: true, failed: 0 });
    expect(mergeReports([under(1, { allow: false }), under(2, { allow: false }, [GOOD], { expected: 1 })])).toMatchObject({ ok: true, failed: 0 });
  });

  it('reads only a shard\'s own keys: a summary or options key named like Object.prototype\'s finds nothing in the other shard', () => {
    const edited = JSON.parse(shard(1).text) as { summary: Record<string, number>; shard: { options: Record<string, unknown> } };
    edited.summary['toString'] = 1;
    const r = mergeReports([{ file: 's1.json', text: JSON.stringify(edited) }, shard(2)]);
    // neither 1 + Object.prototype.toString (a string of its source) nor 1: a key run does not count is not merged (review 16a, 4.2)
    expect(r.ok && Object.keys((JSON.parse(r.text) as { summary: Record<string, unknown> }).summary)).toEqual(Object.keys((JSON.parse(shard(1).text) as { summary: object }).summary));
    edited.shard.options['constructor'] = 'x';
    expect(mergeReports([{ file: 's1.json', text: JSON.stringify(edited) }, shard(2)])).toEqual({
      ok: false, messages: ['s1.json:1:206: shard.options.constructor: a key run never writes here; was the report edited? merge reads reports as run --shard i/n --format json writes them'],
    });
  });

  it('merges shards with well-formed findings', () => {
    const r = mergeReports([withFinding(1, [GOOD], { expected: 1 }), shard(2)]);
    expect(r.ok && (JSON.parse(r.text) as { summary: unknown }).summary).toEqual({ ...ONE_PASS, scenarios: 2, passed: 2, expected: 1 });
  });
});

describe('merge and the order of the scenarios', () => {
  it('says that shards listing the same scenarios in another order were given the files in another order', () => {
    const reversed = JSON.parse(shard(2).text) as { shard: { units: string[] } };
    reversed.shard.units = [...UNITS].reverse();
    const r = mergeReports([shard(1), { file: 's2.json', text: `${JSON.stringify(reversed, null, 2)}\n` }]);
    expect(r).toEqual({
      ok: false,
      messages: ['s2.json: lists the same 2 scenarios as s1.json in a different order (number 1 is b.yaml here, a.yaml there); '
        + 'the merged report is the report of one run, in the order it read its files, so every shard must be given the files in the same order: '
        + "name a directory (bootreplay reads a directory's files in byte order of their paths, on every machine) or a sorted list, "
        + "not a shell glob (sorted by the runner's locale) or a list that differs between runners"],
    });
  });

  it('locates a result of no scenario the run listed in its shard, at its file or at its variant', () => {
    const edited = (edit: (r: Record<string, unknown>) => void): { file: string; text: string } => {
      const report = JSON.parse(shard(2).text) as { results: Record<string, unknown>[] };
      const r = report.results[0];
      if (r !== undefined) edit(r);
      return { file: 's2.json', text: `${JSON.stringify(report, null, 2)}\n` };
    };
    const byFile = mergeReports([shard(1), edited((r) => { r['file'] = 'x\n::error::forged'; })]);
    expect(byFile).toEqual({ ok: false, messages: [expect.stringMatching(/^s2\.json:42:15: result x\n::error::forged is a file the run did not list \(.*\); was the report edited\?/)] });
    const byVariant = mergeReports([shard(1), edited((r) => { r['variant'] = 'hypervisor=kvm'; })]);
    expect(byVariant).toEqual({ ok: false, messages: [expect.stringMatching(/^s2\.json:\d+:18: result b\.yaml\[hypervisor=kvm\] is a variant of b\.yaml that the run did not list/)] });
  });

  it('still says other scenarios are another run', () => {
    const other = JSON.parse(shard(2).text) as { shard: { units: string[] } };
    other.shard.units = ['a.yaml', 'c.yaml'];
    expect(mergeReports([shard(1), { file: 's2.json', text: `${JSON.stringify(other, null, 2)}\n` }])).toEqual({ ok: false, messages: ['s2.json: not from the same run as s1.json (they list different scenarios)'] });
  });
});

/**
 * max-findings over shards (review 13c, 1.1): each shard counts no limit, so
 * merge counts every file's findings variant by variant in the run's order,
 * with the limit and the places the shards record, and refuses a file as the
 * unsharded run does. The limit here is the one recorded: small, so the
 * reports stay small (the CLI test in test/cli/hardening.test.ts has 8192).
 */
describe('merge and max-findings', () => {
  const M = ['m.yaml[v=1]', 'm.yaml[v=2]', 'm.yaml[v=3]'];
  const PLACE_M = { file: 'm.yaml', key: 'matrix', at: { file: 'm.yaml', line: 9, column: 1 } };
  const EARLIER = { file: 'a.yaml', line: 2, column: 3, message: 'kernel: unknown' };
  /** one live warning per finding, as run writes them (key unique in its result) */
  const findings = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ rule: 'layout-overlap', severity: 'warning', key: `k|#${i + 1}`, message: 'm', line: 3, column: 5, state: 'live' }));
  /**
   * shard `index` of 2 of a run over m.yaml's 3 variants (findings `counts[i]` each) and b.yaml (1 finding):
   * shard 1 holds m.yaml[v=1] and b.yaml, shard 2 the other two variants
   */
  function limitShard(index: number, counts: readonly number[], options: Record<string, unknown> = {}, header: Record<string, unknown> = {}): { file: string; text: string } {
    const units = [...M, 'b.yaml'];
    // the units whose names hash to this shard, as run --shard picks them (shard 1: v=2, v=3; shard 2: v=1, b.yaml)
    const mine = units.map((_, u) => u).filter((u) => shardOf(units[u] ?? '', 2) === index);
    const results = mine.map((u) => {
      const [file, variant] = (units[u] ?? '').replace(/\]$/, '').split('[');
      return { file, ...(variant !== undefined ? { variant } : {}), status: 'pass', findings: findings(u === 3 ? 1 : counts[u] ?? 0), unmet: [], unusedAllows: [] };
    });
    const warnings = results.reduce((n, r) => n + r.findings.length, 0);
    const report = {
      version: 1,
      shard: { index, count: 2, units, options: { ...OPTIONS, maxFindings: 4, ...options }, maxFindingsAt: [PLACE_M, { ...PLACE_M, file: 'b.yaml', key: 'setup_arch', at: { file: 'b.yaml', line: 6, column: 1 } }], ...header },
      results,
      summary: { ...ONE_PASS, scenarios: 2, passed: 2, warnings, invalid: 1, problems: 1 },
      problems: [EARLIER],
    };
    return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
  }

  it('refuses a file at the first variant its findings, counted in order, reach the limit: as run words and places it, counted invalid, exit 2', () => {
    // 1 + 3 = 4 findings in the first 2 variants: no shard has more than 3 of the file's own
    const r = mergeReports([limitShard(2, [1, 3, 9]), limitShard(1, [1, 3, 9])], 4);
    const message = 'matrix: 4 findings in the first 2 variants of 3; the file is not reported and the rest are not replayed (limit 4 findings per file, max-findings; '
      + 'a real order has a handful, 256 variants of one a few thousand)';
    expect(r.ok && JSON.parse(r.text)).toEqual({
      version: 1,
      results: [{ file: 'b.yaml', status: 'pass', findings: findings(1), unmet: [], unusedAllows: [] }],
      summary: { ...ONE_PASS, scenarios: 1, passed: 1, warnings: 1, invalid: 2, problems: 2 },
      // after the problems of the files the loader met, as run sorts them (withRefused)
      problems: [EARLIER, { file: 'm.yaml', line: 9, column: 1, message }],
    });
    expect(r.ok && r.problems.map((p) => p.message)).toEqual([EARLIER.message, message]);
    // one finding fewer: under the limit, every result merged
    const under = mergeReports([limitShard(1, [1, 2, 0]), limitShard(2, [1, 2, 0])], 4);
    expect(under.ok && (JSON.parse(under.text) as { results: unknown[]; summary: unknown }).summary).toMatchObject({ scenarios: 4, invalid: 1, problems: 1, warnings: 4 });
    // all of them needed: "in the first 3 variants of 3", with nothing left unreplayed
    const last = mergeReports([limitShard(1, [1, 1, 2]), limitShard(2, [1, 1, 2])], 4);
    expect(last.ok && last.problems[1]?.message).toMatch(/^matrix: 4 findings in the first 3 variants of 3; the file is not reported \(limit 4 /);
  });

  it('takes a refused file\'s baseline findings that no longer occur off `absent`, and keeps the others\'', () => {
    const withAbsent = (index: number, absent: { file: string; count: number }[]): { file: string; text: string } => {
      const s = limitShard(index, [4, 0, 0], { baseline: DIGEST }, { absent });
      const report = JSON.parse(s.text) as { summary: Record<string, number> };
      report.summary['absent'] = absent.reduce((n, a) => n + a.count, 0);
      return { file: s.file, text: `${JSON.stringify(report, null, 2)}\n` };
    };
    const r = mergeReports([withAbsent(1, [{ file: 'm.yaml', count: 5 }]), withAbsent(2, [{ file: 'm.yaml', count: 7 }, { file: 'b.yaml', count: 2 }])], 4);
    expect(r.ok && JSON.parse(r.text)).toMatchObject({ summary: { scenarios: 1, invalid: 2, problems: 2, absent: 2 } });
  });

  it('refuses shards that record other limits or other places, and shards that record none (an older bootreplay)', () => {
    expect(mergeReports([limitShard(1, [0, 0, 0]), limitShard(2, [0, 0, 0], { maxFindings: 8192 })], 4)).toEqual({
      ok: false, messages: ['s2.json: run with other options than s1.json: max-findings 8192 here, max-findings 4 there; merge joins the shards of one run'],
    });
    expect(mergeReports([limitShard(1, [0, 0, 0]), limitShard(2, [0, 0, 0], {}, { maxFindingsAt: [PLACE_M] })], 4)).toEqual({
      ok: false, messages: ['s2.json: records other places for max-findings problems than s1.json (shard.maxFindingsAt); the shards did not read the same files'],
    });
    // every shard agrees on 4, but run counts 8,192: an edited header (review 15, 2)
    expect(mergeReports([limitShard(1, [0, 0, 0]), limitShard(2, [0, 0, 0])])).toEqual({
      ok: false, messages: ['s1.json: records max-findings 4, but run always counts 8192 (no option changes it): the shard was written by another bootreplay or edited; run every shard with this bootreplay'],
    });
    const older = (index: number): { file: string; text: string } => {
      const report = JSON.parse(limitShard(index, [0, 0, 0]).text) as { shard: { options: Record<string, unknown>; maxFindingsAt?: unknown } };
      delete report.shard.options['maxFindings'];
      delete report.shard.maxFindingsAt;
      return { file: `s${index}.json`, text: JSON.stringify(report) };
    };
    expect(mergeReports([older(1), limitShard(2, [0, 0, 0])], 4)).toMatchObject({ ok: false, messages: [expect.stringMatching(/^s2\.json: run with other options than s1\.json: max-findings 4 here, no recorded max-findings \(an older bootreplay\) there;/)] });
    expect(mergeReports([older(1), older(2)], 4)).toEqual({
      ok: false,
      messages: ['s1.json: records no max-findings limit and places (written by an older bootreplay): merge applies max-findings to every shard\'s variants of a file together, '
        + 'as the unsharded run does, and needs them; run every shard with this bootreplay'],
    });
  });
});

describe('merge and max-events', () => {
  // max-events is met replaying a variant, so only the shard whose variants include it refuses the file; the
  // unsharded run refuses it at the first variant over the limit, in the run's order. Units go to the shards as
  // run assigns them (shardOf): e.yaml[v=2] and [v=4] to shard 1, [v=1], [v=3] and b.yaml to shard 2.
  const UNITS_E = ['e.yaml[v=1]', 'e.yaml[v=2]', 'e.yaml[v=3]', 'e.yaml[v=4]', 'b.yaml'];
  const PLACES_E = [
    { file: 'e.yaml', key: 'matrix', at: { file: 'e.yaml', line: 9, column: 1 } },
    { file: 'b.yaml', key: 'setup_arch', at: { file: 'b.yaml', line: 6, column: 1 } },
  ];
  const EARLIER = { file: 'a.yaml', line: 2, column: 3, message: 'kernel: unknown' };
  const findings = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ rule: 'layout-overlap', severity: 'warning', key: `k|#${i + 1}`, message: 'm', line: 3, column: 5, state: 'live' }));
  const overAt = (v: number): Record<string, unknown> => ({
    file: 'e.yaml', variant: `v=${v}`, line: 40 + v, column: 5,
    message: `variant v=${v}: ${limitMessage('max-events', 131072, 'paging_init (step 30) made model event 131073 of the replay')}`,
  });
  /**
   * Shard `index` of 2 as run writes it: its variants of e.yaml replayed in order, the file refused at the
   * first one in `over` (no result of the file then); `counts[i]` findings for e.yaml's variant i + 1, and
   * b.yaml passes with none. `extra` adds results to it (an edited shard). `searchMetIt`: the variant over the
   * limit was checked (a fix search met the limit), so its findings are recorded too.
   */
  function eventsShard(index: number, over: readonly number[], counts: readonly number[] = [0, 0, 0, 0], extra: readonly number[] = [], searchMetIt = false): { file: string; text: string } {
    const mine = UNITS_E.filter((u) => shardOf(u, 2) === index);
    const refusedAt = mine.map((u) => Number(/\[v=(\d)\]$/.exec(u)?.[1])).find((v) => over.includes(v));
    const result = (u: string): Record<string, unknown> => {
      const v = Number(/\[v=(\d)\]$/.exec(u)?.[1]);
      const found = findings(Number.isNaN(v) ? 0 : counts[v - 1] ?? 0);
      return { file: u.replace(/\[.*$/, ''), ...(Number.isNaN(v) ? {} : { variant: `v=${v}` }), status: 'pass', findings: found, unmet: [], unusedAllows: [] };
    };
    const kept = mine.filter((u) => refusedAt === undefined || !u.startsWith('e.yaml['));
    const results = [...kept, ...extra.map((v) => `e.yaml[v=${v}]`)].sort((a, b) => UNITS_E.indexOf(a) - UNITS_E.indexOf(b)).map(result);
    const problems = [EARLIER, ...(refusedAt !== undefined ? [overAt(refusedAt)] : [])];
    // what the shard checked of the file before the variant over the limit, whose results it dropped
    const checked = mine.filter((u) => u.startsWith('e.yaml[') && Number(/\[v=(\d)\]$/.exec(u)?.[1]) < (refusedAt ?? 0) + (searchMetIt ? 1 : 0));
    const overEvents = refusedAt === undefined ? {} : { overEvents: [{ file: 'e.yaml', found: checked.map((u) => ({ unit: u, findings: counts[Number(/\[v=(\d)\]$/.exec(u)?.[1]) - 1] ?? 0 })) }] };
    const warnings = results.reduce((n, r) => n + (r['findings'] as unknown[]).length, 0);
    const report = {
      version: 1,
      shard: { index, count: 2, units: UNITS_E, options: { ...OPTIONS, maxFindings: 4 }, maxFindingsAt: PLACES_E, ...overEvents },
      results,
      summary: { ...ONE_PASS, scenarios: results.length, passed: results.length, warnings, invalid: problems.length, problems: problems.length },
      problems,
    };
    return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
  }

  it('refuses the file at the first variant over the limit in the run\'s order, whichever shard met it: the unsharded run\'s report', () => {
    // shard 2 meets it at v=3, shard 1 at v=4: the unsharded run replays v=1 and v=2 and stops at v=3
    const r = mergeReports([eventsShard(1, [3, 4]), eventsShard(2, [3, 4])], 4);
    expect(r.ok && JSON.parse(r.text)).toEqual({
      version: 1,
      results: [{ file: 'b.yaml', status: 'pass', findings: [], unmet: [], unusedAllows: [] }],
      summary: { ...ONE_PASS, invalid: 2, problems: 2 },
      problems: [EARLIER, overAt(3)],
    });
    expect(r.ok && r.problems.map((p) => p.variant)).toEqual([undefined, 'v=3']);
  });

  it('drops the file\'s results of the shards that did not meet the limit, and their counts', () => {
    // only v=4 is over: shard 2 replayed v=1 and v=3 (3 warnings) and keeps them; the merged report does not
    const r = mergeReports([eventsShard(2, [4], [1, 0, 2, 0]), eventsShard(1, [4], [1, 0, 2, 0])], 4);
    expect(r.ok && JSON.parse(r.text)).toMatchObject({ results: [{ file: 'b.yaml' }], summary: { scenarios: 1, passed: 1, warnings: 0, invalid: 2, problems: 2 }, problems: [EARLIER, overAt(4)] });
  });

  it('refuses the file at max-findings when the variants before the one over max-events reach it: the unsharded run stops there', () => {
    // v=1 and v=2 have 4 findings, the limit: the run never replays v=4
    const r = mergeReports([eventsShard(1, [4], [2, 2, 0, 0]), eventsShard(2, [4], [2, 2, 0, 0])], 4);
    expect(r.ok && r.problems.map((p) => p.message)).toEqual([
      EARLIER.message,
      'matrix: 4 findings in the first 2 variants of 4; the file is not reported and the rest are not replayed (limit 4 findings per file, max-findings; a real order has a handful, 256 variants of one a few thousand)',
    ]);
  });

  it('counts the variant over max-events too when its own replay was checked (a fix search met the limit): run counts its findings first', () => {
    const over = mergeReports([eventsShard(1, [4], [1, 1, 1, 1], [], true), eventsShard(2, [4], [1, 1, 1, 1])], 4);
    expect(over.ok && over.problems[1]?.message).toMatch(/^matrix: 4 findings in the first 4 variants of 4; the file is not reported \(limit 4 /);
    // its own replay met the limit (nothing recorded of it): 3 findings before it, max-events
    const under = mergeReports([eventsShard(1, [4], [1, 1, 1, 1]), eventsShard(2, [4], [1, 1, 1, 1])], 4);
    expect(under.ok && under.problems[1]).toEqual({ file: 'e.yaml', variant: 'v=4', line: 44, col: 5, message: overAt(4)['message'] });
  });

  it('refuses a refusing shard that does not record the findings of the variants it checked before (an edited or older report)', () => {
    const bare = JSON.parse(eventsShard(1, [4], [1, 1, 1, 1]).text) as { shard: Record<string, unknown> };
    delete bare.shard['overEvents'];
    // the record lists the file, but not a variant the shard checked before it
    const short = JSON.parse(eventsShard(1, [4], [1, 1, 1, 1]).text) as { shard: { overEvents: { found: unknown[] }[] } };
    (short.shard.overEvents[0] as { found: unknown[] }).found = [];
    expect(mergeReports([{ file: 's1.json', text: JSON.stringify(short, null, 2) }, eventsShard(2, [4])], 4)).toEqual({
      ok: false, messages: ['e.yaml: no shard reports the findings of e.yaml[v=2], before the variant a shard refused the file at max-events; a shard was run over other files'],
    });
    expect(mergeReports([{ file: 's1.json', text: JSON.stringify(bare, null, 2) }, eventsShard(2, [4])], 4)).toEqual({
      ok: false, messages: ['s1.json: refuses e.yaml at max-events without recording what merge needs for it (shard.overEvents: the findings of the variants the shard checked before); run every shard with this bootreplay'],
    });
  });

  it('refuses a record or a refusal of a variant another shard replays (an edited report): the arguments\' order cannot change the merged report', () => {
    // shard 1 records e.yaml[v=1], which hashes to shard 2 (break-238 F2: the later argument's record won)
    const forged = JSON.parse(eventsShard(1, [4], [1, 1, 1, 1]).text) as { shard: { overEvents: { found: { unit: string; findings: number }[] }[] } };
    forged.shard.overEvents[0]?.found.push({ unit: 'e.yaml[v=1]', findings: 4 });
    for (const shards of [[{ file: 's1.json', text: JSON.stringify(forged, null, 2) }, eventsShard(2, [4], [1, 1, 1, 1])], [eventsShard(2, [4], [1, 1, 1, 1]), { file: 's1.json', text: JSON.stringify(forged, null, 2) }]]) {
      expect(mergeReports(shards, 4)).toEqual({
        ok: false, messages: ['s1.json: records the findings of e.yaml[v=1] for e.yaml (shard.overEvents), which is not a variant of the file it checked before e.yaml[v=4]; was the report edited? merge reads reports as run --shard i/n --format json writes them'],
      });
    }
    // shard 1's refusal edited to name v=3, which shard 2 replayed and passed
    const moved = JSON.parse(eventsShard(1, [4]).text) as { problems: { variant?: string; message: string }[] };
    const refusal = moved.problems[1];
    if (refusal !== undefined) {
      refusal.variant = 'v=3';
      refusal.message = refusal.message.replace('variant v=4', 'variant v=3');
    }
    expect(mergeReports([{ file: 's1.json', text: JSON.stringify(moved, null, 2) }, eventsShard(2, [])], 4)).toEqual({
      ok: false, messages: ['s1.json: refuses e.yaml[v=3] at max-events, a variant of another shard (its name hashes to shard 2/2); was the report edited? merge reads reports as run --shard i/n --format json writes them'],
    });
  });

  it('still refuses shards whose other input problems differ, and a shard that refused the file but holds a result of it', () => {
    const other = JSON.parse(eventsShard(1, []).text) as { problems: unknown[]; summary: Record<string, number> };
    other.problems.push({ file: 'z.yaml', line: 1, column: 1, message: 'kernel: unknown' });
    other.summary['invalid'] = 2;
    other.summary['problems'] = 2;
    expect(mergeReports([{ file: 's1.json', text: JSON.stringify(other, null, 2) }, eventsShard(2, [])], 4)).toEqual({
      ok: false, messages: ['s2.json: reports other input problems than s1.json; the shards did not read the same files'],
    });
    expect(mergeReports([eventsShard(1, [4], [0, 0, 0, 0], [2]), eventsShard(2, [4])], 4)).toEqual({
      ok: false, messages: ['s1.json:57:18: result e.yaml[v=2], of a file this shard refused at max-events (its problems), whose results the shard drops; was the report edited? merge reads reports as run --shard i/n --format json writes them'],
    });
  });
});

describe('merge and hostile nesting', () => {
  it('refuses a shard nested deeper than 64 levels at the first bracket too deep, before reading it (fuzz: JSON.stringify of the merged report overflowed the stack)', () => {
    const deep = shard(1).text.replace('"findings": []', `"extra": ${'['.repeat(100_000)}1${']'.repeat(100_000)}, "findings": []`);
    const line = deep.split('\n').findIndex((l) => l.includes('"extra"')) + 1;
    const col = (deep.split('\n')[line - 1] ?? '').indexOf('[') + 1 + 61;
    expect(mergeReports([{ file: 's1.json', text: deep }, shard(2)])).toEqual({
      ok: false,
      messages: [`s1.json:${line}:${col}: nested deeper than 64 levels of lists and mappings; a report of run --format json nests 7; was the report edited? merge reads reports as run --shard i/n --format json writes them`],
    });
  });
});

describe('merge reads only what run --shard writes, within one budget for all shards (break-253)', () => {
  /** shard(index, options) with `edit` applied to its parsed report */
  const edited = (index: number, edit: (report: { results: Record<string, unknown>[]; shard: { options: Record<string, unknown> } } & Record<string, unknown>) => void, options: Partial<ShardOptions> = {}): { file: string; text: string } => {
    const report = JSON.parse(shard(index, options).text) as Parameters<typeof edit>[0];
    edit(report);
    return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
  };
  const EDITED = 'was the report edited? merge reads reports as run --shard i/n --format json writes them';

  it('holds the JSON values of all shards together to max-merge-values, counted before a shard past it is parsed (F4)', () => {
    const values = (t: string): number => textShape(t, Number.MAX_SAFE_INTEGER).values;
    const [a, b] = [shard(1), shard(2)];
    const budget = values(a.text) + values(b.text);
    expect(mergeReports([a, b], 8192, budget)).toMatchObject({ ok: true });
    expect(mergeReports([a, b], 8192, budget - 1)).toEqual({
      ok: false,
      messages: [expect.stringMatching(new RegExp(`^s2\\.json:\\d+:\\d+: the shard reports up to this one hold more JSON values \\(limit ${budget - 1} JSON values of shard reports together, max-merge-values; merge holds every shard at once`))],
    });
  });

  it('refuses a key run never writes, at the top, in the header, in a result or in a finding, located, rather than copying or holding its value (N1, F4)', () => {
    const cases: [string, { file: string; text: string }, string][] = [
      ['top', edited(1, (r) => { r['zz'] = []; }), 'zz'],
      ['result', edited(1, (r) => { if (r.results[0]) r.results[0]['zz'] = 'forged'; }), 'results.0.zz'],
      ['another architecture\'s field', edited(1, (r) => { if (r.results[0]) Object.assign(r.results[0], { arch: 'x86_32', va_bits: 48 }); }), 'results.0.va_bits'],
      ['finding', edited(1, (r) => { if (r.results[0]) r.results[0]['findings'] = [{ rule: 'layout-overlap', severity: 'error', key: 'k', message: 'm', line: 3, column: 5, state: 'expected', zz: 1 }]; }), 'results.0.findings.0.zz'],
    ];
    for (const [name, s1, path] of cases) {
      expect(mergeReports([s1, shard(2)]), name).toEqual({ ok: false, messages: [expect.stringMatching(new RegExp(`^s1\\.json:\\d+:\\d+: ${path.replace(/\./g, '\\.')}: a key run never writes here; ${EDITED.replace(/\?/g, '\\?')}$`))] });
    }
    // the field of the result's own architecture is run's
    expect(mergeReports([edited(1, (r) => { if (r.results[0]) Object.assign(r.results[0], { arch: 'x86_32', hypervisor: 'vmi' }); }), shard(2)])).toMatchObject({ ok: true });
  });

  it.each([
    [{ baseline: 'x' }, 'baseline', 'got "x"; allowed: null (no --baseline) or "sha256:" and the 64 hex digits of the baseline\'s SHA-256'],
    [{ baseline: 'updated' }, 'baseline', 'got "updated"; allowed: null (no --baseline) or "sha256:" and the 64 hex digits of the baseline\'s SHA-256'],
    [{ format: 'text' }, 'format', 'got "text"; allowed: json'],
    [{ layout: 'ptdump' }, 'layout', 'got "ptdump"; allowed: false'],
    [{ verbose: 'maybe' }, 'verbose', 'expected a boolean, got a string'],
    [{ allow: null }, 'allow', 'expected a boolean, got null'],
    [{ variant: 5 }, 'variant', 'got 5; allowed: null (no --variant) or the --variant pattern, a string'],
  ] as [Record<string, unknown>, string, string][])('refuses a recorded option run --shard -f json never writes, %j, located, even in every shard (F5)', (options, key, what) => {
    const r = mergeReports([shard(1, options as Partial<ShardOptions>), shard(2, options as Partial<ShardOptions>)]);
    expect(!r.ok && r.messages[0]).toMatch(new RegExp(`^s1\\.json:\\d+:\\d+: not a bootreplay JSON shard report of format version 1 \\(at shard\\.options\\.${key}: `));
    expect(!r.ok && r.messages[0]).toContain(what);
  });

  it('refuses a key written twice in one mapping, at the second, naming the first (break-255 N3)', () => {
    // JSON.parse keeps the last value silently: a reviewer reads the first
    const { text } = shard(1);
    const twice = text.replace('"status": "pass",', '"status": "fail",\n      "status": "pass",');
    const line = twice.split('\n').findIndex((l) => l.includes('"status": "pass"')) + 1;
    expect(mergeReports([{ file: 's1.json', text: twice }, shard(2)])).toEqual({
      ok: false, messages: [`s1.json:${line}:7: results.0.status: the key is written twice in this mapping, first at ${line - 1}:7 (JSON.parse keeps the last value, a reader sees the first); ${EDITED}`],
    });
    // keys compare as JSON.parse reads them; the same key in two mappings is no repeat
    const escaped = text.replace('"status": "pass",', '"status": "pass",\n      "st\\u0061tus": "pass",');
    expect(!mergeReports([{ file: 's1.json', text: escaped }, shard(2)]).ok).toBe(true);
    expect(mergeReports([shard(1), shard(2)])).toMatchObject({ ok: true });
  });

  it('refuses an option key run never records (F5)', () => {
    expect(mergeReports([edited(1, (r) => { r.shard.options['extra'] = true; }), shard(2)])).toEqual({
      ok: false, messages: [expect.stringMatching(/^s1\.json:\d+:\d+: shard\.options\.extra: a key run never writes here;/)],
    });
  });
});

describe('merge checks what a shard holds against its own name and summary (break-253 F1, F2, N3)', () => {
  type Report = { results: Record<string, unknown>[]; summary: Record<string, number>; shard: Record<string, unknown> };
  const edited = (index: number, edit: (report: Report) => void, options: Partial<ShardOptions> = {}): { file: string; text: string } => {
    const report = JSON.parse(shard(index, options).text) as Report;
    edit(report);
    return { file: `s${index}.json`, text: `${JSON.stringify(report, null, 2)}\n` };
  };
  const EDITED = 'was the report edited? merge reads reports as run --shard i/n --format json writes them';

  it('refuses a result in a shard its name does not hash to, at its file (F1)', () => {
    // a.yaml hashes to shard 1, b.yaml to 2: swapped, each summary still counting one result
    const swap = (index: number): { file: string; text: string } => edited(index, (r) => { if (r.results[0]) r.results[0]['file'] = UNITS[2 - index]; });
    expect(mergeReports([swap(1), swap(2)])).toEqual({ ok: false, messages: [expect.stringMatching(new RegExp(`^s1\\.json:\\d+:\\d+: result b\\.yaml is a scenario of another shard \\(its name hashes to shard 2/2, this is shard 1/2\\); ${EDITED.replace('?', '\\?')}$`))] });
  });

  it('refuses invalid inputs without as many input problems (F2)', () => {
    const r = mergeReports([edited(1, (r) => { r.summary['invalid'] = 3; }), edited(2, (r) => { r.summary['invalid'] = 3; })]);
    expect(r).toMatchObject({ ok: false, messages: [expect.stringMatching(/^s1\.json:\d+:\d+: its summary does not count its results \(invalid 3, but 0 input problems \(each input that did not load has one\)\)/), expect.anything()] });
  });

  it('names the shard and the scenario of a result held twice (N3)', () => {
    const twice = edited(1, (r) => { r.results.push({ ...r.results[0] }); Object.assign(r.summary, { scenarios: 2, passed: 2 }); });
    expect(mergeReports([twice, shard(2)])).toEqual({ ok: false, messages: [expect.stringMatching(/^s1\.json:\d+:\d+: result a\.yaml again \(also results\.0 of this shard\); was the report edited\?/)] });
  });
});
