/**
 * Property-based fuzzing of the JSON reports bootreplay reads back: the
 * shard reports `merge` joins and the baseline `run --baseline` gates
 * against (issue 12, kinds 4 and 8; the scenarios are fuzzed by fuzz.test.ts
 * and cli.fuzz.test.ts). Cases are mutated reports of a real run
 * (report-arbitraries.ts), read as the CLI reads them (decodeText, then
 * mergeReports or parseBaseline). For every case:
 *
 * - nothing throws (an exception here is the CLI's "internal error");
 * - a refusal is one line per message, escaped as the CLI writes it, and
 *   a `FILE:line:col` it names lies inside that file;
 * - what merge accepts is valid JSON whose failed count is its results',
 *   and, without input problems, a report `--baseline` reads: merge never
 *   writes a report the next run refuses as its baseline;
 * - the same input gives the same answer.
 *
 * `npm test` runs FUZZ_REPORT_RUNS cases of each (default 300); `npm run
 * fuzz` runs many more (--report-n). FUZZ_SEED and FUZZ_PATH replay a failure.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_TEXT } from '../../src/cli/run-options.js';
import { escapeText } from '../../src/escape.js';
import { parseBaseline } from '../../src/gate/baseline.js';
import { mergeReports } from '../../src/report/merge.js';
import { readProblem } from '../../src/scenario/compose/reader.js';
import { decodeText } from '../../src/scenario/files.js';
import { formatProblem, type InputProblem } from '../../src/scenario/problems.js';
import { expectInside, expectSafeLines, linesOf } from './properties.js';
import { editedText, reportEdit, reportSeeds, type ReportEdit, type ReportSeeds } from './report-arbitraries.js';

const RUNS = Number.parseInt(process.env['FUZZ_REPORT_RUNS'] ?? '', 10) || 300;
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number.parseInt(process.env['FUZZ_SEED'], 10);
const PATH = process.env['FUZZ_PATH'];
const PARAMS = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH !== undefined ? { path: PATH } : {}), endOnFailure: false };

/** A result of the run as the index is asked about it: its file, variant and findings' keys. */
type Unit = { file: string; variant?: string; findings: { key: string }[] };

let seeds: ReportSeeds;
/** the results of seeds.full, parsed once (parsed again in every baseline case, 60 KB each time) */
let units: readonly Unit[];
beforeAll(async () => {
  seeds = await reportSeeds();
  units = (JSON.parse(seeds.full) as { results: Unit[] }).results;
}, 180_000);

/** The text as the CLI reads the file: UTF-8 bytes, decoded strictly (a BOM dropped); or its read problem. */
function asRead(file: string, text: string): { ok: true; text: string } | { ok: false; problem: InputProblem } {
  const d = decodeText(Buffer.from(text, 'utf8'), REPORT_TEXT);
  return d.ok ? { ok: true, text: d.text } : { ok: false, problem: readProblem(file, d) };
}

/** Throws unless the problem's one line is safe and its place lies inside the text. */
function expectLocated(p: InputProblem, text: string): void {
  const line = formatProblem(p);
  expectSafeLines(line, 'problem');
  if (line.includes('\n')) throw new Error(`a problem of more than one line: ${JSON.stringify(line)}`);
  expectInside(p, linesOf(text));
}

const POSITION = /^([^:]+):(\d+):(\d+): /;

describe('fuzz: JSON reports read back', () => {
  it('the seeds are whole: the merged shards are a baseline, with fixes and variants in several results', () => {
    expect(parseBaseline(seeds.full, 'x86_32', seeds.files).ok).toBe(true);
    // findings with fixes, in several results and both shards: the mutations reach deep paths
    expect(JSON.parse(seeds.full).results.length).toBeGreaterThan(5);
    expect(seeds.full).toMatch(/"fix"/);
    expect(seeds.full).toMatch(/"variant"/);
    for (const s of seeds.shards) expect(JSON.parse(s).results.length).toBeGreaterThan(1);
  });

  const mergeCase = fc.record({
    a: reportEdit,
    b: reportEdit,
    // which reports merge reads: both shards, one of them twice, one alone, or the unsharded report with a shard
    shape: fc.constantFrom('ab', 'ba', 'aa', 'a', 'full-b'),
  });

  it(`merge: any mutated shard reports are merged or refused with located one-line messages, deterministically (${RUNS} cases)`, () => {
    fc.assert(fc.property(mergeCase, ({ a, b, shape }) => {
      const text = (which: 0 | 1, e: ReportEdit): string => editedText(seeds.shards[which], e);
      const picked: { file: string; text: string }[] = shape === 'ab' ? [{ file: 's1.json', text: text(0, a) }, { file: 's2.json', text: text(1, b) }]
        : shape === 'ba' ? [{ file: 's2.json', text: text(1, b) }, { file: 's1.json', text: text(0, a) }]
          : shape === 'aa' ? [{ file: 's1.json', text: text(0, a) }, { file: 's1b.json', text: text(0, b) }]
            : shape === 'a' ? [{ file: 's1.json', text: text(0, a) }]
              : [{ file: 'full.json', text: editedText(seeds.full, a) }, { file: 's2.json', text: text(1, b) }];
      const reports: { file: string; text: string }[] = [];
      for (const r of picked) {
        const read = asRead(r.file, r.text);
        if (!read.ok) { expectLocated(read.problem, r.text); return; }
        reports.push({ file: r.file, text: read.text });
      }
      const merged = mergeReports(reports);
      expect(mergeReports(reports)).toEqual(merged);
      if (!merged.ok) {
        expect(merged.messages.length).toBeGreaterThan(0);
        for (const m of merged.messages) {
          const line = `bootreplay merge: ${escapeText(m)}`;
          expectSafeLines(line, 'merge message');
          if (line.includes('\n')) throw new Error(`a message of more than one line: ${JSON.stringify(line)}`);
          const pos = POSITION.exec(m);
          const of = pos === null ? undefined : reports.find((r) => r.file === pos[1]);
          if (pos !== null && of !== undefined) expectInside({ file: of.file, line: Number(pos[2]), col: Number(pos[3]), message: m }, linesOf(of.text));
        }
        return;
      }
      const out = JSON.parse(merged.text) as { results: { status: string }[]; summary: { failed: number }; problems: unknown[] };
      const failing = out.results.filter((r) => r.status === 'fail').length;
      expect(merged.failed).toBe(failing);
      expect(out.summary.failed).toBe(failing);
      for (const p of merged.problems) expectSafeLines(formatProblem(p), 'merged problem');
      if (merged.problems.length === 0) {
        const b = parseBaseline(merged.text, 'x86_32', seeds.files);
        if (!b.ok) throw new Error(`merge wrote a report --baseline refuses: ${b.message}`);
      }
    }), PARAMS);
  }, 600_000);

  const baselineCase = fc.record({ edit: reportEdit, fromShard: fc.boolean(), updating: fc.boolean() });

  it(`--baseline: any mutated report is read or refused with one located line, deterministically (${RUNS} cases)`, () => {
    fc.assert(fc.property(baselineCase, ({ edit, fromShard, updating }) => {
      const raw = editedText(fromShard ? seeds.shards[0] : seeds.full, edit);
      const read = asRead('baseline.json', raw);
      if (!read.ok) { expectLocated(read.problem, raw); return; }
      const parsed = parseBaseline(read.text, 'x86_32', seeds.files, { updating });
      const again = parseBaseline(read.text, 'x86_32', seeds.files, { updating });
      if (!parsed.ok) {
        expect(again).toEqual(parsed);
        expectLocated({ file: 'baseline.json', line: parsed.line, col: parsed.col, message: parsed.message }, read.text);
        return;
      }
      if (!again.ok) throw new Error('the same baseline read twice: read once, refused once');
      // the index answers for every result of the run without throwing, and alike twice
      for (const u of units) {
        const present = new Set(u.findings.slice(1).map((f) => f.key));
        for (const f of u.findings) {
          expect(parsed.index.has(u, f.key, 'error')).toBe(again.index.has(u, f.key, 'error'));
        }
        expect(parsed.index.absent(u, present)).toEqual(again.index.absent(u, present));
        expect(parsed.index.names(u)).toBe(again.index.names(u));
      }
      for (const f of parsed.index.files) expect(parsed.index.findingsOfFile(f)).toEqual(again.index.findingsOfFile(f));
    }), PARAMS);
  }, 600_000);
});
