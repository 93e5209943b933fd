/**
 * What must hold for any input whatsoever (the CLI contract of DESIGN §6):
 *
 * - nothing throws: a file either loads or gets input problems (exit 2);
 *   a loaded scenario replays, is checked and is reported without an error
 *   (an "internal error" is always a bug, never an expected outcome);
 * - every problem is located inside the file: line 1 … number of lines,
 *   column 1 … length of the line + 1 (or no position: a whole-file problem);
 * - every message and every output line is one line, without control or
 *   format characters (user text is escaped), and JSON output parses;
 * - the same input gives the same output, byte for byte.
 *
 * `checkText` runs the pipeline in process; test/fuzz/cli.fuzz.test.ts holds
 * the same properties for whole runs of the built program.
 */
import { replayWith } from '../../src/replay/replay.js';
import { formatJson } from '../../src/report/json.js';
import { resultOf } from '../../src/report/result.js';
import { PLAIN, formatText } from '../../src/report/text.js';
import { formatTrace } from '../../src/report/trace-text.js';
import { check } from '../../src/rules/index.js';
import { DEFAULT_LIMITS } from '../../src/scenario/limits.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { formatProblem, type InputProblem } from '../../src/scenario/problems.js';

/** What no output line may hold: controls, format characters (bidi, zero-width), line and paragraph separators. */
export const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** The file's lines as an editor shows them (CRLF, CR and LF all end a line), without a leading BOM. */
export function linesOf(text: string): string[] {
  return text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
}

/** Throws unless the problem is located inside the file (or is about the whole file). */
export function expectInside(p: InputProblem, lines: readonly string[]): void {
  if (p.line === undefined) {
    if (p.col !== undefined) throw new Error(`a column without a line: ${JSON.stringify(p)}`);
    return;
  }
  const line = lines[p.line - 1];
  const col = p.col ?? 1;
  if (!Number.isInteger(p.line) || line === undefined || !Number.isInteger(col) || col < 1 || col > line.length + 1) {
    throw new Error(`problem outside the file (${lines.length} lines; line ${p.line} is ${JSON.stringify(line)}): ${JSON.stringify(p)}`);
  }
}

/** Throws unless each line of `out` is free of unsafe characters. */
export function expectSafeLines(out: string, what: string): void {
  for (const line of out.split('\n')) {
    if (UNSAFE.test(line)) throw new Error(`${what}: unescaped character in ${JSON.stringify(line)}`);
  }
}

/** Everything the program would print for this file, in process. */
function outputs(text: string, file: string): string[] {
  const r = parseScenario(text, file);
  if (!r.ok) {
    const lines = linesOf(text);
    if (r.problems.length === 0) throw new Error('not loaded, yet no problem');
    if (r.problems.length > DEFAULT_LIMITS.maxProblems + 1) throw new Error(`${r.problems.length} problems: the cap did not apply`);
    const formatted = r.problems.map((p) => {
      if (p.file !== file) throw new Error(`problem about another file: ${JSON.stringify(p)}`);
      expectInside(p, lines);
      const line = formatProblem(p);
      if (line.includes('\n')) throw new Error(`a problem on two lines: ${JSON.stringify(line)}`);
      expectSafeLines(line, 'problem');
      return line;
    });
    const json = formatJson([], r.problems);
    JSON.parse(json);
    return [...formatted, json];
  }
  const trace = replayWith(r.plugin, r.scenario);
  const result = resultOf(r.plugin, trace, check(trace, r.plugin));
  const text1 = formatText([result], PLAIN, { verbose: true, layout: true });
  expectSafeLines(text1, 'text report');
  const json = formatJson([result], []);
  JSON.parse(json);
  const traceText = formatTrace(r.plugin, trace, PLAIN, true);
  expectSafeLines(traceText, 'trace');
  return [text1, json, traceText];
}

/** The in-process properties for one file's text; throws a descriptive error when one fails. */
export function checkText(text: string, file = 'fuzz.yaml'): void {
  const first = outputs(text, file);
  // Determinism is checked on every case up to 64 KiB; the rare bigger ones (long lists past the
  // limits) would double the run's time, and the whole-program fuzz and the bench run them twice anyway.
  if (text.length > 65_536) return;
  const second = outputs(text, file);
  if (first.join('\u0000') !== second.join('\u0000')) throw new Error('the same input gave different output');
}
