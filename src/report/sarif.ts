/**
 * SARIF 2.1.0 (OASIS), the format GitHub code scanning and SARIF viewers
 * read. One run; `tool.driver.rules` lists the rules that ran: every rule of
 * each architecture the report's scenarios replayed (not the other
 * architectures', which no result can name), plus the two gate pseudo-rules,
 * each with its `explain` text as help.
 *
 * Rule ids are `ARCH/RULE` (x86_32/fixmap-before-relocation) for every
 * architecture, always: rule ids are unique within an architecture only, and
 * prefixing only on a collision would rename existing rules (and reopen their
 * alerts) the day another architecture adds the same id. The gates report as
 * `bootreplay/unmet-expectation` and `bootreplay/unused-allow`.
 *
 * Per result: the culprit step as location, related steps as
 * relatedLocations, the finding's path (src/report/evidence.ts) as a code
 * flow, the verified fix as `fixes`, `partialFingerprints` from the artifact,
 * the variant and findingKey (stable when lines move), expected and allowed
 * findings as `suppressions` (in source), and `baselineState` with --baseline
 * on every result (the gates' results are always `new`: gateBaselineState).
 * Baseline findings that no longer occur are left out (formatSarif says why).
 * Deterministic: no timestamps, no absolute paths, no GUIDs.
 */
import { hash } from 'node:crypto';
import { escapeText as escapeLine } from '../escape.js';
import { rulesOfArches } from '../rules/index.js';
import type { Finding, Severity } from '../rules/types.js';
import { problemWhose, type InputProblem } from '../scenario/problems.js';
import { displayName, type Expectation, type Pos } from '../scenario/types.js';
import type { CheckedFinding, GatedResult, Report } from '../gate/types.js';
import type { PathStep } from './evidence.js';
import { explainMarkdown, firstParagraph } from './explain-markdown.js';
import type { TextFix } from './fix-text.js';
import type { FormatContext } from './format-context.js';
import { GATE_RULE_TEXTS, UNMET_RULE, UNUSED_ALLOW_RULE, entryText, unmetMessage, unusedAllowMessage } from './gate-text.js';
import { fileOf, type Owner } from './location.js';
import { afterHaltText } from './halt-point.js';
import { stepText } from './step-text.js';
import { constantJson, jsonChunks, jsonText, JsonSequence } from './json-text.js';
import type { ChunkedText } from './report-text.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/**
 * The partialFingerprints key: bump the version if what it hashes changes
 * (v2: findingKeys name calls without occurrence numbers and add the subject).
 */
export const FINGERPRINT = 'bootreplayFinding/v2';
const GATE_ARCH = 'bootreplay';

/** SARIF levels: info (what the replay could not model) is a "note", which never fails a code-scanning check. */
type Level = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): Level {
  return severity === 'info' ? 'note' : severity;
}

/** The SARIF rule id of a rule of an architecture. */
export function sarifRuleId(arch: string, rule: string): string {
  return `${arch}/${rule}`;
}

interface RuleDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly help: { readonly text: string; readonly markdown: string };
  readonly defaultConfiguration: { readonly level: Level };
  readonly properties: { readonly tags: readonly string[] };
}

function descriptor(arch: string, id: string, severity: Severity, doc: string, explanation: string): RuleDescriptor {
  // never changed once made (descriptors, GATE_RULES): written from the text it had the first time (constantJson)
  return constantJson({
    id: sarifRuleId(arch, id),
    name: id,
    shortDescription: { text: doc },
    fullDescription: { text: firstParagraph(explanation) },
    help: { text: `${doc}\n\n${explanation}\n`, markdown: explainMarkdown(id, doc, explanation) },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: { tags: [arch, 'boot-order'] },
  });
}

// the gates' texts are GATE_RULE_TEXTS (gate-text.ts), which `bootreplay explain` shows too: one source
const GATE_RULES: readonly RuleDescriptor[] = GATE_RULE_TEXTS.map((g) => descriptor(GATE_ARCH, g.id, g.severity, g.doc, g.explanation));

/**
 * Descriptors made so far, by SARIF rule id: a rule's metadata never changes
 * in a process, and its help Markdown is most of the work of a small report.
 */
const descriptors = new Map<string, RuleDescriptor>();

/** The architectures a report's results come from (absent baseline findings are no results: formatSarif). */
export function reportArches(report: Report): Set<string> {
  return new Set(report.results.map((r) => r.arch));
}

function ruleTable(report: Report): { rules: RuleDescriptor[]; index: Map<string, number> } {
  const rules = [
    ...rulesOfArches(reportArches(report)).map(({ arch, rule: { meta } }) => {
      const id = sarifRuleId(arch, meta.id);
      let d = descriptors.get(id);
      if (d === undefined) {
        d = descriptor(arch, meta.id, meta.severity, meta.doc, meta.explanation);
        descriptors.set(id, d);
      }
      return d;
    }),
    ...GATE_RULES,
  ];
  return { rules, index: new Map(rules.map((r, i) => [r.id, i])) };
}

/**
 * `properties.scenario`: the scenario's file as its artifact URI's path
 * (relative to --sarif-root, as every artifactLocation), with the variant: the file as the
 * command line named it made the report depend on the working directory, and
 * an absolute argument put the checkout's path in it (helper-179).
 */
function scenarioName(ctx: FormatContext, file: string, variant: string | undefined): string {
  // the path of the URI as text (`sarif dir/ü.yaml`, not `sarif%20dir/%C3%BC.yaml`): a name, as the other formats print it (helper-180, 7)
  return displayName({ file: decodeURIComponent(ctx.artifactUri(file)), variant });
}

/** A physical location in the scenario `owner` or, for an inherited step or key, in the base file its position names. */
function located(ctx: FormatContext, owner: Owner, pos: Pos): unknown {
  return physical(ctx.artifactUri(fileOf(owner, pos)), pos);
}

function physical(uri: string, pos: Pos | undefined): unknown {
  return {
    artifactLocation: { uri },
    ...(pos !== undefined && pos.line > 0 ? { region: { startLine: pos.line, startColumn: Math.max(1, pos.col) } } : {}),
  };
}


function fingerprint(uri: string, variant: string | undefined, key: string): Record<string, string> {
  const id = `${uri}${variant !== undefined ? `[${variant}]` : ''}|${key}`;
  // crypto.hash, one call: a Hash object per result (createHash, update, digest) was 4 % of a 2,048-result log
  return { [FINGERPRINT]: hash('sha256', id, 'hex').slice(0, 32) };
}

function codeFlow(at: (pos: Pos) => unknown, f: Finding, path: readonly PathStep[]): unknown {
  return {
    message: { text: `how ${f.step.name} came to break ${f.rule}` },
    threadFlows: [{
      locations: path.map((p, i) => ({
        location: { physicalLocation: at(p.step.pos), message: { text: escapeText(`${stepText(p.step.index, p.step.name)}: ${p.message}`) } },
        importance: p.role === 'layout' ? 'important' : 'essential',
        executionOrder: i + 1,
      })),
    }],
  };
}

function sarifFix(uri: string, fix: TextFix): unknown {
  return {
    description: { text: fix.description },
    artifactChanges: [{
      artifactLocation: { uri },
      // in file order, none overlapping, each region of the file as written and within its lines (fix-text.ts editsOf)
      replacements: fix.edits.map((e) => ({
        deletedRegion: { startLine: e.startLine, startColumn: e.startColumn, endLine: e.endLine, endColumn: e.endColumn },
        insertedContent: { text: e.text },
      })),
    }],
  };
}

/** SARIF suppressions (§3.35): the justification is user text (an `allow:` reason) that viewers show to people, so it is escaped as messages are (break-275 N8). */
function suppression(at: (pos: Pos) => unknown, c: CheckedFinding): unknown[] | undefined {
  if (c.expectedBy !== undefined) {
    return [{
      kind: 'inSource', status: 'accepted',
      justification: 'expected: the scenario reproduces this known bug on purpose (expect: entry)',
      location: { physicalLocation: at(c.expectedBy.pos) },
    }];
  }
  if (c.allowedBy !== undefined) {
    return [{ kind: 'inSource', status: 'accepted', justification: escapeLine(c.allowedBy.reason), location: { physicalLocation: at(c.allowedBy.pos) } }];
  }
  return undefined;
}

/**
 * A line of a SARIF plain text message: as text output shows it (escapeLine), and never an embedded link.
 * SARIF 2.1.0 §3.11.6 reads `[link text](N)` in a plain text message as a link to the result's related
 * location N, and `[link text](URI)` as one to the URI (GitHub code scanning links related locations so);
 * user text (a name, a matrix value, the command line) beside bootreplay's own `[variant] ` prefix made
 * `[name="x](1) …` a link a pull request wrote (break-270 N5). Every embedded link has `](`, and no message
 * of bootreplay's own does: `](` is written `]\(`, which reads as the same characters and links nothing.
 */
function escapeText(line: string): string {
  const shown = escapeLine(line);
  return shown.includes('](') ? shown.replaceAll('](', ']\\(') : shown;
}

/**
 * A message's lines, each as text output shows it (escapeText: a newline,
 * ESC or U+202E in user text as `\n`, `\x1b`, `\u202e`), joined by the
 * report's own line breaks. SARIF viewers (code scanning) show message text
 * to people: a bidi override would reorder it (Trojan Source), a newline in a
 * name would forge a `kernel:` or `fix:` line (review 19b, F6).
 */
function shownLines(lines: readonly string[]): string {
  return lines.map(escapeText).join('\n');
}

function resultFor(r: GatedResult, c: CheckedFinding, i: number, ctx: FormatContext, rules: Map<string, number>, withBaseline: boolean): unknown {
  const f = c.finding;
  // the scenario's own artifact: the fingerprint and the fix (fixTextOf only rewrites the scenario's file: its
  // setup_arch list, or its patch: when the order comes from a base)
  const uri = ctx.artifactUri(r.file);
  const at = (pos: Pos): unknown => located(ctx, r, pos);
  const ruleId = sarifRuleId(r.arch, f.rule);
  const prefix = r.variant !== undefined ? `[${r.variant}] ` : '';
  const path = r.evidence?.paths[i];
  const fix = r.evidence?.fixes[i];
  const suppressions = suppression(at, c);
  return {
    ruleId,
    ...(rules.has(ruleId) ? { ruleIndex: rules.get(ruleId) } : {}),
    level: sarifLevel(f.severity),
    message: {
      text: shownLines([
        `${prefix}${f.message} (${stepText(f.step.index, f.step.name)})`,
        ...(f.afterHalt !== undefined ? [`note: ${afterHaltText(f.afterHalt)}`] : []),
        `kernel: ${f.consequence}`,
        `fix: ${f.fix}`,
      ]),
    },
    locations: [{ physicalLocation: at(f.pos), logicalLocations: [{ name: f.step.name, kind: 'function' }] }],
    ...(f.related.length > 0
      ? { relatedLocations: f.related.map((rel, k) => ({ id: k + 1, physicalLocation: at(rel.step.pos), message: { text: escapeText(`${stepText(rel.step.index, rel.step.name)}: ${rel.role}`) } })) }
      : {}),
    ...(path !== undefined && path.length > 0 ? { codeFlows: [codeFlow(at, f, path)] } : {}),
    // An expected or allowed finding is there on purpose: applying its fix would leave an unmet
    // expect: or an unused allow: entry, and turn the passing gate red (review 15, 3). Its verified
    // fix stays in the message, JSON and HTML.
    ...(fix !== undefined && suppressions === undefined ? { fixes: [sarifFix(uri, fix)] } : {}),
    partialFingerprints: fingerprint(uri, r.variant, c.key),
    ...(suppressions !== undefined ? { suppressions } : {}),
    ...(withBaseline ? { baselineState: c.inBaseline === true ? 'unchanged' : 'new' } : {}),
    properties: {
      scenario: scenarioName(ctx, r.file, r.variant),
      state: c.state,
      step: f.step.name,
      index: f.step.index,
      key: c.key,
      ...(f.slot !== undefined ? { slot: f.slot } : {}),
      ...(f.afterHalt !== undefined ? { afterHalt: { rule: f.afterHalt.rule, step: f.afterHalt.step.name, index: f.afterHalt.step.index } } : {}),
    },
  };
}

/**
 * The baselineState of a gate's result (an unmet expectation, an unused
 * allow) in a --baseline run: always `new`. SARIF 2.1.0 §3.27.24 says `new`
 * for a result "detected in the current run but not detected in the
 * baseline run", `unchanged` for one detected in both. A baseline is read for
 * its findings only (src/gate/baseline.ts), so it never holds a gate's
 * result, and the gate fails on one whatever the baseline holds: `unchanged`
 * would claim the baseline accepted what it cannot, and viewers that hide
 * unchanged results would hide a failing gate. Absent without --baseline,
 * as for findings (the property is only meaningful against a baseline).
 */
function gateBaselineState(withBaseline: boolean): { baselineState?: 'new' } {
  return withBaseline ? { baselineState: 'new' } : {};
}

function gateResultFor(r: GatedResult, e: Expectation, rule: string, message: string, level: 'error' | 'warning', ctx: FormatContext, rules: Map<string, number>, withBaseline: boolean): unknown {
  const uri = ctx.artifactUri(r.file);
  const ruleId = sarifRuleId(GATE_ARCH, rule);
  const prefix = r.variant !== undefined ? `[${r.variant}] ` : '';
  return {
    ruleId,
    ruleIndex: rules.get(ruleId),
    level,
    message: { text: escapeText(`${prefix}${message}`) },
    locations: [{ physicalLocation: located(ctx, r, e.pos) }],
    partialFingerprints: fingerprint(uri, r.variant, `${rule}|${entryText(e)}`),
    ...gateBaselineState(withBaseline),
    properties: { scenario: scenarioName(ctx, r.file, r.variant) },
  };
}

/**
 * An input problem. One in a base file that a derived scenario reached says
 * whose it is, in the text (` in c.yaml`, as the text report) and as
 * `properties.scenario` (the derived file, with the variant, as a result's).
 */
function notification(p: InputProblem, ctx: FormatContext): unknown {
  return {
    level: 'error',
    // one line, as text output and stderr show it (formatProblem)
    message: { text: escapeText(`${p.message}${problemWhose(p)}`) },
    locations: [{ physicalLocation: physical(ctx.artifactUri(p.file), p.line !== undefined ? { line: p.line, col: p.col ?? 1 } : undefined) }],
    ...(p.scenario !== undefined ? { properties: { scenario: scenarioName(ctx, p.scenario, p.variant) } } : {}),
  };
}

/**
 * The most results one run may hold: GitHub code scanning rejects a whole
 * upload with more ("Results per run: 25,000", and it stores the 5,000 most
 * severe), docs.github.com code-security, "SARIF results exceed limit".
 */
export const MAX_SARIF_RESULTS = 25_000;

const LEVEL_ORDER: readonly Level[] = ['error', 'warning', 'note'];

/**
 * At most `max` results, the most severe first (errors, then warnings, then
 * notes), each kept in report order. Chosen by level before any is built: a
 * result with its code flow is about 3 KB, and a run of 172,000 findings
 * (seven copies of a 4,096-variant matrix) built them all only to keep 25,000.
 *
 * @returns the kept results, each built when the log's text reaches it (JsonSequence), and how many were left out
 */
function capped(results: readonly { level: Level; make: () => unknown }[], max: number): { kept: JsonSequence; left: number } {
  const keep = new Set<number>();
  if (results.length > max) {
    for (const level of LEVEL_ORDER) {
      results.forEach((r, i) => {
        if (r.level === level && keep.size < max) keep.add(i);
      });
    }
  }
  const kept = results.length > max ? results.filter((_, i) => keep.has(i)) : results;
  return { kept: new JsonSequence(kept.length, (i) => (kept[i] as { make: () => unknown }).make()), left: results.length - kept.length };
}

/**
 * @param maxResults the most results the run holds (MAX_SARIF_RESULTS; tests pass less): past it the most severe
 *   are kept and a tool notification says how many were left out
 */
export function formatSarif(report: Report, ctx: FormatContext, maxResults = MAX_SARIF_RESULTS): string {
  return jsonText(sarifLog(report, ctx, maxResults));
}

/** formatSarif's text in pieces, each result made as it is written (jsonChunks): what `run -f sarif` writes. */
export function formatSarifChunks(report: Report, ctx: FormatContext, maxResults = MAX_SARIF_RESULTS): ChunkedText {
  return { chunks: jsonChunks(sarifLog(report, ctx, maxResults)) };
}

/** The SARIF 2.1.0 log of a report, its results made when written (JsonSequence). */
function sarifLog(report: Report, ctx: FormatContext, maxResults: number): unknown {
  const { rules, index } = ruleTable(report);
  const all: { level: Level; make: () => unknown }[] = [];
  for (const r of report.results) {
    r.checked.forEach((c, i) => all.push({ level: sarifLevel(c.finding.severity), make: () => resultFor(r, c, i, ctx, index, report.baseline) }));
    for (const e of r.unmet) all.push({ level: 'error', make: () => gateResultFor(r, e, UNMET_RULE, unmetMessage(e), 'error', ctx, index, report.baseline) });
    for (const a of r.unusedAllows) all.push({ level: 'warning', make: () => gateResultFor(r, a, UNUSED_ALLOW_RULE, unusedAllowMessage(a), 'warning', ctx, index, report.baseline) });
  }
  // A baseline finding that no longer occurs (report.absent) is no result here (review 14, 3.1). SARIF
  // 2.1.0 §3.27.24 has baselineState "absent" for a result "detected in the baseline run but not detected
  // in the current run", but GitHub code scanning, the consumer docs/ci.md sets up, uses only some
  // properties of a result (ruleId, ruleIndex, rule, level, message, locations, partialFingerprints, code
  // flows, related locations) and ignores the rest, baselineState and kind among them (docs.github.com,
  // "SARIF support for code scanning", "result object"). An "absent" result with the finding's fingerprint
  // kept its alert open, placed at a line that now holds another call. kind "pass" with level "none"
  // (§3.27.9, §3.27.10) would not help: code scanning ignores kind and opens alerts for "pass" results
  // (microsoft/PSRule#955, complytime/complyctl#868). Code scanning closes an alert whose result the next
  // analysis of its category no longer holds (the same page: a result whose path changes gets a new alert
  // "and the old one will be closed"), so the finding is left out and the alert closes as fixed. What reads
  // baselines still gets new or unchanged on every result; a log without absent results is valid SARIF,
  // and a result matcher (sarif-multitool match-results-forward) derives them from two logs. The text
  // summary and the JSON report's summary.absent count them.
  const { kept: results, left } = capped(all, maxResults);
  const notifications = [
    ...report.problems.map((p) => notification(p, ctx)),
    ...(left > 0
      ? [{ level: 'warning', message: { text: `${left} of ${all.length} results left out: code scanning rejects a run of more than ${maxResults} results; the ${maxResults} kept are the most severe (the JSON report has them all)` } }]
      : []),
  ];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      // the rules one at a time (JsonSequence), each written from the text it had the first time (constantJson)
      tool: { driver: { name: 'bootreplay', version: ctx.version, semanticVersion: ctx.version, ...(ctx.informationUri !== undefined ? { informationUri: ctx.informationUri } : {}), rules: new JsonSequence(rules.length, (i) => rules[i]) } },
      ...(report.shard !== undefined ? { automationDetails: { id: `bootreplay/shard-${report.shard.index}-of-${report.shard.count}/` } } : {}),
      invocations: [{
        executionSuccessful: report.problems.length === 0,
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      }],
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}
