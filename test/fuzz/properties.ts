/**
 * What must hold for any input whatsoever (the CLI contract of DESIGN §6):
 *
 * - nothing throws: a file either loads or gets input problems (exit 2);
 *   a loaded scenario replays, is checked and is reported without an error
 *   (an "internal error" is always a bug, never an expected outcome);
 * - every problem is located inside the file: line 1 … number of lines,
 *   column 1 … length of the line + 1 (or no position: a whole-file problem);
 * - every message and every output line is one line, without control or
 *   format characters (user text is escaped), and XML output holds only
 *   characters XML allows;
 * - no line is a GitHub workflow command (`::` at its start) but the github
 *   format's own annotations, and XML and HTML hold no `##[`;
 * - the same input gives the same output, byte for byte.
 *
 * `checkText` runs the pipeline in process; test/fuzz/cli.fuzz.test.ts holds
 * the same properties for whole runs of the built program.
 */
import { readFileSync } from 'node:fs';
import { gateResult } from '../../src/gate/gate.js';
import type { Report } from '../../src/gate/types.js';
import { replayWith } from '../../src/replay/replay.js';
import { evidenceOf } from '../../src/report/evidence.js';
import type { FormatContext } from '../../src/report/format-context.js';
import { formatReport, type Format } from '../../src/report/formats.js';
import { resultOf } from '../../src/report/result.js';
import { PLAIN } from '../../src/report/text.js';
import { formatTrace } from '../../src/report/trace-text.js';
import { check } from '../../src/rules/index.js';
import { DEFAULT_LIMITS } from '../../src/scenario/limits.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { parseVariants } from '../../src/scenario/loader.js';
import { formatProblem, type InputProblem } from '../../src/scenario/problems.js';
import { textOf } from '../../src/report/report-text.js';
import { BASE_FILE } from './scenario-arbitraries.js';

/** What `extends: base.yaml` of a case reads: a shipped scenario (its own problems are none, so any is the case's). */
const BASE_TEXT = readFileSync(new URL('../../scenarios/x86_32/2.6.27-rc1-vmi.yaml', import.meta.url), 'utf8');

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

/** UNSAFE but the line break that separates lines: one scan of a whole output. */
const UNSAFE_IN_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/u; // \p{Cc} but LF, without a lookahead at every character

/** Throws unless each line of `out` is free of unsafe characters (naming the first line that is not). */
export function expectSafeLines(out: string, what: string): void {
  if (!UNSAFE_IN_LINES.test(out)) return;
  const line = out.split('\n').find((l) => UNSAFE.test(l));
  throw new Error(`${what}: unescaped character in ${JSON.stringify(line)}`);
}

/** White space the runner's TrimStart removes. */
const SPACE_ONLY = /^[\s\x85]*$/;
/** The workflow commands the github format writes itself (at a line's start). */
const OWN_COMMAND = /^::(?:error|warning|notice) /;

/**
 * Throws when a line of `out` would be a workflow command in an Actions log (`::` after nothing but
 * white space: TryParseV2 trims, then StartsWith("::")) but is not one of the github format's own
 * (`commands`): user text never starts a line with `::` (src/escape.ts withoutRunnerCommands is the
 * net under the formatters; this holds the formatters themselves). Looks only at the lines that hold
 * `::` (a regex tried at every line start of every output was 5% of a case).
 */
export function expectNoCommandLines(out: string, what: string, commands = false): void {
  for (let at = out.indexOf('::'); at >= 0;) {
    const start = out.lastIndexOf('\n', at) + 1;
    const end = out.indexOf('\n', at);
    const line = out.slice(start, end < 0 ? undefined : end);
    if (SPACE_ONLY.test(out.slice(start, at)) && !(commands && start === at && OWN_COMMAND.test(line))) {
      throw new Error(`${what}: a line that is a workflow command: ${JSON.stringify(line)}`);
    }
    if (end < 0) return;
    at = out.indexOf('::', end);
  }
}

const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github', 'junit', 'ktap', 'html'];
const CTX: FormatContext = { verbose: true, layout: 'map', style: PLAIN, version: '0.0.0-fuzz', artifactUri: (f) => encodeURIComponent(f) };

/** C0 controls but tab, LF and CR: what no XML document may hold. */
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** Each format's own promise about user text: text lines are escaped; JSON parses; line formats stay line-shaped; XML stays valid. */
function expectFormatSafe(format: Format, out: string): void {
  // JSON.stringify's lines start with white space and punctuation: only the other formats can start one with user text
  if (format !== 'json' && format !== 'sarif') expectNoCommandLines(out, format, format === 'github');
  switch (format) {
    case 'text': expectSafeLines(out, 'text report'); return;
    // Both are one JSON.stringify (json.ts, sarif.ts), whose output always parses (well-formed
    // JSON.stringify, ES2019): parsing 110 KB of SARIF twice a case was a sixth of the run, for a
    // check that cannot fail. The whole-program fuzz parses the written -o file, after the
    // runner-command escaping that rewrites the text (src/escape.ts).
    case 'json':
    case 'sarif': return;
    case 'github':
    case 'ktap': {
      // one scan of the whole output (tab and LF, which ends lines, are the control characters allowed)
      const control = /[\u0000-\u0008\u000b-\u001f\u007f]/;
      if (control.test(out)) throw new Error(`${format}: a control character in ${JSON.stringify(out.split('\n').find((l) => control.test(l)))}`);
      return;
    }
    case 'junit':
    case 'html':
      if (XML_INVALID.test(out)) throw new Error(`${format}: a character XML cannot hold`);
      // the runner's legacy command form (xmlText writes ##&#91;, which XML and HTML read as ##[)
      if (out.includes('##[')) throw new Error(`${format}: ##[ in ${JSON.stringify(out.split('\n').find((l) => l.includes('##[')))}`);
  }
}

/**
 * Everything the program would print for this file, in process: problems,
 * every report format, the trace. With `held` (the first pass), each
 * output is held to the properties as it is made; the second pass only
 * makes them again, to compare byte for byte.
 */
async function outputs(text: string, file: string, held: boolean, kept: boolean): Promise<string[]> {
  // the case may extend base.yaml (or itself: a cycle); a matrix gives variants, each checked
  const files: Readonly<Record<string, string>> = { [file]: text, [BASE_FILE]: BASE_TEXT };
  const r = parseVariants(text, file, memoryReader(files));
  const problems: InputProblem[] = [];
  const results = [];
  const traces: string[] = [];
  // each file's lines, split once for all its problems (split again for each, a case of a hundred problems in a
  // long file split it a hundred times)
  const linesOfFile = new Map<string, string[]>();
  const located = (list: readonly InputProblem[]): void => {
    if (!held) {
      for (const p of list) problems.push(p);
      return;
    }
    if (list.length > DEFAULT_LIMITS.maxProblems + 1) throw new Error(`${list.length} problems: the cap did not apply`);
    for (const p of list) {
      const source = files[p.file];
      if (source === undefined) throw new Error(`problem about a file the case cannot read: ${JSON.stringify(p)}`);
      let lines = linesOfFile.get(p.file);
      if (lines === undefined) {
        lines = linesOf(source);
        linesOfFile.set(p.file, lines);
      }
      expectInside(p, lines);
      const line = formatProblem(p);
      if (line.includes('\n')) throw new Error(`a problem on two lines: ${JSON.stringify(line)}`);
      expectSafeLines(line, 'problem');
      expectNoCommandLines(line, 'problem');
      problems.push(p);
    }
  };
  if (!r.ok) {
    if (r.problems.length === 0) throw new Error('not loaded, yet no problem');
    located(r.problems);
  } else {
    if (r.variants.length === 0) throw new Error('loaded, yet no scenario');
    for (const v of r.variants) {
      if (!v.ok) {
        if (v.problems.length === 0) throw new Error(`variant ${v.variant} refused, yet no problem`);
        located(v.problems);
        continue;
      }
      const trace = replayWith(r.plugin, v.scenario);
      const findings = check(trace, r.plugin);
      const result = resultOf(r.plugin, trace, findings, evidenceOf(r.plugin, trace, findings));
      results.push(gateResult(result, { expect: v.scenario.expect ?? [], allow: v.scenario.allow ?? [] }, { noAllow: false }).result);
      const traceText = formatTrace(r.plugin, trace, PLAIN, true);
      if (held) {
        expectSafeLines(traceText, 'trace');
        expectNoCommandLines(traceText, 'trace');
      }
      traces.push(traceText);
    }
  }
  const report: Report = { results, problems, baseline: false, absent: [] };
  const out = [...problems.map(formatProblem), ...traces];
  for (const format of FORMATS) {
    const made = (await formatReport(format, report, CTX)).text;
    if (typeof made !== 'string' && (format === 'json' || format === 'sarif')) {
      // Nothing of their text is checked (expectFormatSafe): each piece is made, as `run -f` writes it, and kept
      // only when it is compared; joined, the pieces of every case were 45 KB copied for nothing.
      for (const piece of made.chunks) if (kept) out.push(piece);
      out.push(`(end of ${format})`);
      continue;
    }
    const formatted = textOf(made);
    if (held) expectFormatSafe(format, formatted);
    out.push(formatted);
  }
  return out;
}

/**
 * The in-process properties for one file's text; throws a descriptive error when one fails.
 * With `twice` (the default), everything is made a second time and compared byte for byte:
 * the same input, in the same process, gives the same output.
 */
export async function checkText(text: string, file = 'fuzz.yaml', twice = true): Promise<void> {
  // Determinism is checked on cases up to 64 KiB; the rare bigger ones (long lists past the
  // limits) would double the run's time, and the whole-program fuzz and the bench run them twice anyway.
  const compared = twice && text.length <= 65_536;
  const first = await outputs(text, file, true, compared);
  if (!compared) return;
  const second = await outputs(text, file, false, true);
  const differs = first.findIndex((out, i) => out !== second[i]);
  if (differs >= 0 || first.length !== second.length) throw new Error(`the same input gave different output (output ${differs >= 0 ? differs + 1 : 'count'})`);
}
