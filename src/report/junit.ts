/**
 * `--format junit`: JUnit XML as Jenkins, GitLab (artifacts:reports:junit)
 * and GitHub test reporters read it. A <testsuite> per scenario file, a
 * <testcase> per scenario or variant (with kernel, architecture and the
 * architecture's labels as properties), one <failure> when the scenario
 * fails (JUnit readers take one per testcase): its message counts the live
 * error findings and unmet expectations and names the first, its type is the
 * first's rule id, and its body holds every one of them (location, related
 * steps, consequence and fix), <skipped> when KTAP says `# SKIP`
 * (skip.ts: a passing scenario with nothing live, like an xfail), and
 * warnings, info (what the replay could not model), suppressed and baselined
 * findings in <system-out>. A file that
 * cannot be loaded is a testcase with an <error>. No timestamps or durations.
 */
import { problemOwner, problemText, type InputProblem } from '../scenario/problems.js';
import { totals, type CheckedFinding, type GatedResult, type Report } from '../gate/types.js';
import { escapeText } from '../escape.js';
import { xmlAttr, xmlPathAttr, xmlText } from './escape.js';
import { UNMET_RULE, stateWord, unmetMessage, unusedAllowMessage } from './gate-text.js';
import { inOwnFile, locationText } from './location.js';
import { plural } from './plural.js';
import { skipReason } from './skip.js';
import { stepText } from './step-text.js';

/**
 * An attribute of user text (a test name, a class or suite name, a message): one line,
 * as text output shows it (escapeText: `\n`, `\x1b`, `\u202e`), then XML-escaped.
 * Test reporters show names on one line, and an ESC would otherwise be lost
 * to U+FFFD (XML 1.0 has no such character). Not the `file` attribute, which
 * must name the real file (xmlPathAttr).
 */
function oneLineAttr(s: string): string {
  return xmlAttr(escapeText(s));
}


/**
 * A finding as lines of a <failure> or <system-out> body. Each line is
 * escaped like the text report (escapeText): a newline or a bidi control in a
 * file name or `name:` must not make a CI viewer show a forged line.
 */
function details(r: GatedResult, c: CheckedFinding): string {
  const f = c.finding;
  return [
    `${locationText(r, f.pos)}: ${f.severity} ${f.rule}: ${f.message} (${stepText(f.step.index, f.step.name)})`,
    ...f.related.map((rel) => `related: ${stepText(rel.step.index, rel.step.name)} at ${locationText(r, rel.step.pos)}: ${rel.role}`),
    `kernel: ${f.consequence}`,
    `fix: ${f.fix}`,
  ].map(escapeText).join('\n');
}

function testcase(r: GatedResult): string[] {
  const name = r.variant !== undefined ? `${r.name} [${r.variant}]` : r.name;
  // the testcase's file is the scenario's: its line, only from a finding that points into that file
  const firstLine = r.checked.find((c) => inOwnFile(r, c.finding.pos))?.finding.pos.line;
  const props = [['arch', r.arch], ['kernel', r.kernel], ...Object.entries(r.fields).map(([k, v]) => [k, String(v)]), ...(r.variant !== undefined ? [['variant', r.variant]] : [])];
  const out = [`    <testcase classname="${oneLineAttr(r.file)}" name="${oneLineAttr(name)}" file="${xmlPathAttr(r.file)}"${firstLine !== undefined && firstLine > 0 ? ` line="${firstLine}"` : ''}>`];
  out.push('      <properties>', ...props.map(([k, v]) => `        <property name="${oneLineAttr(k ?? '')}" value="${oneLineAttr(v ?? '')}"/>`), '      </properties>');
  // One <failure> per testcase: Jenkins (hudson.tasks.junit.CaseResult reads elementText("failure"), the
  // first) and test-results-parser keep only the first, GitLab (Hash.from_xml) gets an array. So the
  // message counts the errors and names the first; the body holds every one of them.
  const errors = [
    ...r.checked.filter((c) => c.state === 'live' && c.finding.severity === 'error')
      .map((c) => ({ message: c.finding.message, type: c.finding.rule, body: details(r, c) })),
    // the whole message, as the text report says it: the entry's count, severity and variant with it (helper-179, 5)
    ...r.unmet.map((e) => ({ message: unmetMessage(e), type: UNMET_RULE, body: escapeText(`${locationText(r, e.pos)}: ${unmetMessage(e)}`) })),
  ];
  const [first] = errors;
  if (first !== undefined) {
    // counted as the summary counts them: an unmet expectation is not a finding
    const unmet = r.unmet.length;
    const live = errors.length - unmet;
    const counts = [...(live > 0 ? [plural(live, 'error')] : []), ...(unmet > 0 ? [plural(unmet, 'unmet expectation')] : [])].join(' and ');
    const message = errors.length === 1 ? first.message : `${counts}; the first: ${first.message}`;
    out.push(`      <failure message="${oneLineAttr(message)}" type="${oneLineAttr(first.type)}">${xmlText(errors.map((e) => e.body).join('\n\n'))}</failure>`);
  }
  const reason = skipReason(r);
  if (reason !== undefined) {
    // KTAP's words (skip.ts), and the findings, which KTAP shows as subtests; each with its state when they are
    // in more than one, since the reason names one state only (an allowed finding beside an expected one is
    // suppressed, not expected)
    const mixed = r.checked.some((c) => c.state !== r.checked[0]?.state);
    const what = r.checked.map((c) => `${mixed ? `${stateWord(c.state)} ` : ''}${c.finding.rule} at ${c.finding.step.name}`).join(', ');
    out.push(`      <skipped message="${oneLineAttr(`${reason} (${what})`)}"/>`);
  }
  const notes = [
    ...r.checked.filter((c) => !(c.state === 'live' && c.finding.severity === 'error')).map((c) =>
      `${c.state === 'live' ? '' : `${stateWord(c.state)} `}${details(r, c)}${c.allowedBy !== undefined ? `\nallowed: ${escapeText(c.allowedBy.reason)}` : ''}`),
    ...r.unusedAllows.map((a) => escapeText(`${locationText(r, a.pos)}: warning ${unusedAllowMessage(a)}`)),
  ];
  if (notes.length > 0) out.push(`      <system-out>${xmlText(notes.join('\n\n'))}</system-out>`);
  out.push('    </testcase>');
  return out;
}

/**
 * A file's input problems as one errored test case: the body has each
 * problem's line, and the message the first's, whole (its place, which can
 * be a base the file extends, and then ` in FILE`), as the body has it.
 */
function problemCase(file: string, problems: readonly InputProblem[]): string[] {
  const text = problems.map((p) => escapeText(problemText(p))).join('\n');
  const [first] = problems;
  return [
    `    <testcase classname="${oneLineAttr(file)}" name="load" file="${xmlPathAttr(file)}">`,
    `      <error message="${oneLineAttr(first === undefined ? 'invalid input' : problemText(first))}" type="input-problem">${xmlText(text)}</error>`,
    '    </testcase>',
  ];
}

export function formatJunit(report: Report): string {
  const files: string[] = [];
  const byFile = new Map<string, { results: GatedResult[]; problems: InputProblem[] }>();
  const entry = (file: string): { results: GatedResult[]; problems: InputProblem[] } => {
    let e = byFile.get(file);
    if (e === undefined) {
      e = { results: [], problems: [] };
      byFile.set(file, e);
      files.push(file);
    }
    return e;
  };
  for (const r of report.results) entry(r.file).results.push(r);
  // a problem in a base file fails the derived file that reached it (its suite), not the base
  for (const p of report.problems) entry(problemOwner(p)).problems.push(p);

  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const file of files) {
    const { results, problems } = byFile.get(file) ?? { results: [], problems: [] };
    const t = totals(results);
    const sTests = results.length + (problems.length > 0 ? 1 : 0);
    // counts of testcases, as JUnit readers count them
    const sFailures = t.failed;
    const sErrors = problems.length > 0 ? 1 : 0;
    const sSkipped = results.filter((r) => skipReason(r) !== undefined).length;
    tests += sTests;
    failures += sFailures;
    errors += sErrors;
    skipped += sSkipped;
    suites.push(`  <testsuite name="${oneLineAttr(file)}" tests="${sTests}" failures="${sFailures}" errors="${sErrors}" skipped="${sSkipped}" time="0">`);
    for (const r of results) for (const c of testcase(r)) suites.push(c);
    if (problems.length > 0) for (const c of problemCase(file, problems)) suites.push(c);
    suites.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bootreplay" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
