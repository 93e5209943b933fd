/**
 * `--format ktap`: KTAP version 1 (the kernel's
 * Documentation/dev-tools/ktap.rst), what kunit_tool, kernelci and LKFT
 * parse. One test per scenario or variant, in a plan; its findings are
 * subtests (two-space indented, with their own version line, a
 * `# Subtest: NAME` line as kunit prints it, and a plan):
 * `not ok` for a live error and for an expected finding that did not occur,
 * `ok` for a warning or an info (what the replay could not model; the
 * diagnostic says `info`), `ok … # SKIP` for an expected, suppressed or baselined
 * finding. `# ` diagnostic lines before each result carry the finding in the
 * `file:line:col: severity rule: message` shape (-v adds related steps, the
 * kernel consequence and the fix). A passing scenario with nothing live in
 * it is itself `ok … # SKIP` with the reason JUnit's <skipped> gives
 * (skip.ts: the known bug still reproduces); a file
 * that cannot be loaded is `not ok … # ERROR`.
 */
import { callRefText } from '../scenario/order-edit.js';
import { problemOwner, problemText, type InputProblem } from '../scenario/problems.js';
import { displayName } from '../scenario/types.js';
import type { CheckedFinding, GatedResult, Report, ShardInfo } from '../gate/types.js';
import { ktapLine } from './escape.js';
import type { FormatContext } from './format-context.js';
import { UNMET_RULE, stateWord, unmetMessage, unusedAllowMessage } from './gate-text.js';
import { locationText } from './location.js';
import { EXPECTED_REASON, skipReason } from './skip.js';
import { stepText } from './step-text.js';
import { plural } from './plural.js';

const INDENT = '  ';


function diag(text: string): string {
  return `# ${ktapLine(text, false)}`;
}

function subtest(r: GatedResult, c: CheckedFinding, n: number, verbose: boolean): string[] {
  const f = c.finding;
  const lines = [diag(`${locationText(r, f.pos)}: ${c.state === 'live' ? '' : `${stateWord(c.state)} `}${f.severity} ${f.rule}: ${f.message} (${stepText(f.step.index, f.step.name)})`)];
  if (verbose) {
    for (const rel of f.related) lines.push(diag(`related: ${stepText(rel.step.index, rel.step.name)} at ${locationText(r, rel.step.pos)}: ${rel.role}`));
    lines.push(diag(`kernel: ${f.consequence}`), diag(`fix: ${f.fix}`));
  }
  const name = ktapLine(`${f.rule}:${f.step.name}`, true);
  const directive = c.state === 'expected' ? ` # SKIP ${EXPECTED_REASON}`
    : c.state === 'suppressed' ? ` # SKIP suppressed: ${ktapLine(c.allowedBy?.reason ?? '', false)}`
      : c.state === 'baseline' ? ' # SKIP in baseline'
        : '';
  const ok = c.state !== 'live' || f.severity !== 'error';
  lines.push(`${ok ? 'ok' : 'not ok'} ${n} ${name}${directive}`);
  return lines;
}

function scenarioTest(r: GatedResult, n: number, verbose: boolean): string[] {
  const sub: string[] = [];
  let k = 0;
  for (const c of r.checked) for (const l of subtest(r, c, ++k, verbose)) sub.push(l);
  for (const e of r.unmet) {
    sub.push(diag(`${locationText(r, e.pos)}: error ${UNMET_RULE}: ${unmetMessage(e)}`));
    sub.push(`not ok ${++k} ${ktapLine(`${UNMET_RULE}:${e.rule}:${callRefText(e.step)}`, true)}`);
  }
  const out: string[] = [];
  const name = ktapLine(displayName(r), true);
  // `# Subtest: NAME` (a diagnostic line, allowed anywhere by ktap.rst, and what kunit itself prints): kunit_tool
  // before 5.18 reads a nested version line as a new top-level header and then fails the numbering
  // ("Expected test number 2 but found 1"); with the header it reads the version line as a diagnostic and the
  // nested plan as NAME's (linux v5.17 tools/testing/kunit/kunit_parser.py parse_test, parse_test_header;
  // NAME must equal the result line's name, peek_test_name_match)
  if (k > 0) for (const l of ['KTAP version 1', `# Subtest: ${name}`, `1..${k}`, ...sub]) out.push(`${INDENT}${l}`);
  for (const a of r.unusedAllows) out.push(diag(`${locationText(r, a.pos)}: warning ${unusedAllowMessage(a)}`));
  out.push(diag(`${displayName(r)}: ${r.name} [${[r.kernel, ...r.tags].join(', ')}]`));
  const reason = skipReason(r);
  const skip = reason !== undefined ? ` # SKIP ${reason}` : '';
  out.push(`${r.status === 'fail' ? 'not ok' : 'ok'} ${n} ${name}${skip}`);
  return out;
}

function problemTest(file: string, problems: readonly InputProblem[], n: number): string[] {
  return [
    ...problems.map((p) => diag(problemText(p))),
    `not ok ${n} ${ktapLine(file, true)} # ERROR ${ktapLine(problems[0]?.message ?? 'invalid input', false)}`,
  ];
}

/**
 * The KTAP of a shard that holds no scenario: one skipped test for the
 * shard, `ok 1 shard 3/4 # SKIP 0 of 10 scenarios in shard 3/4`. Not the
 * plan `1..0`: ktap.rst (linux v5.17 Documentation/dev-tools/ktap.rst) has
 * plan lines "1..N" and no directive on them (TAP's skip-all `1..0 # SKIP`
 * is not KTAP), and kunit_tool of 5.17 calls a test with no subtests an
 * error whatever its plan says (kunit_parser.py parse_test: "0 tests run!",
 * status NO_TESTS); a skipped test is what both read as "nothing failed"
 * (kunit_tool: status SKIPPED, no error). docs/ci.md says the rest.
 */
function emptyShard(shard: Pick<ShardInfo, 'index' | 'count' | 'units'>, version: string): string {
  const where = `shard ${shard.index}/${shard.count}`;
  return ['KTAP version 1', '1..1', diag(`bootreplay ${version}`), `ok 1 ${where} # SKIP 0 of ${plural(shard.units.length, 'scenario')} in ${where}`, ''].join('\n');
}

export function formatKtap(report: Report, ctx: FormatContext): string {
  const problemFiles: string[] = [];
  const byFile = new Map<string, InputProblem[]>();
  // a problem in a base file is a test of the derived file that reached it
  for (const p of report.problems) {
    const file = problemOwner(p);
    if (!byFile.has(file)) problemFiles.push(file);
    byFile.set(file, [...(byFile.get(file) ?? []), p]);
  }
  const { shard } = report;
  if (shard !== undefined && report.results.length + problemFiles.length === 0) return emptyShard(shard, ctx.version);
  const lines = ['KTAP version 1', `1..${report.results.length + problemFiles.length}`, diag(`bootreplay ${ctx.version}`)];
  let n = 0;
  for (const r of report.results) for (const l of scenarioTest(r, ++n, ctx.verbose)) lines.push(l);
  for (const file of problemFiles) for (const l of problemTest(file, byFile.get(file) ?? [], ++n)) lines.push(l);
  return `${lines.join('\n')}\n`;
}
