/**
 * What the CI gates make of findings (DESIGN §5a, issue "CI"): each finding
 * of a replay is live, expected (`expect:`), suppressed (`allow:`) or known
 * from a baseline report; a scenario fails on a live error or an expected
 * finding that did not occur. Architecture-neutral: gates see rule ids,
 * calls and finding keys, never what a rule means.
 */
import type { Finding, Severity } from '../rules/types.js';
import type { InputProblem } from '../scenario/problems.js';
import type { CallRef } from '../scenario/order-edit.js';
import type { Allowance, Expectation, Pos } from '../scenario/types.js';
import type { ScenarioResult } from '../report/result.js';
import type { FindingsBlame } from './max-findings.js';

/**
 * - live: counts (an error fails the scenario)
 * - expected: an `expect:` entry asked for it (the regression still reproduces)
 * - suppressed: an `allow:` entry accepts it, with a reason
 * - baseline: the `--baseline` report already had it
 */
export type FindingState = 'live' | 'expected' | 'suppressed' | 'baseline';

export interface CheckedFinding {
  readonly finding: Finding;
  /** findingKey (src/rules/identity.ts): rule|culprit call|related calls */
  readonly key: string;
  readonly state: FindingState;
  readonly expectedBy?: Expectation | undefined;
  readonly allowedBy?: Allowance | undefined;
  /** only with --baseline: whether the baseline report has this finding (SARIF baselineState) */
  readonly inBaseline?: boolean | undefined;
}

/** An entry that took findings before another one: its list, where it is written, whether it pins a severity, how many. */
export interface Taker {
  readonly list: 'expect' | 'allow';
  readonly pos: Pos;
  readonly severity: boolean;
  readonly count: number;
}

/**
 * An entry that took fewer findings than its `count` in a result: an unmet
 * expectation, or an unused allow.
 */
export type Shortfall<E extends Expectation> = E & {
  /** the findings it took (fewer than its count) */
  readonly matched: number;
  /** findings of its rule and step (and its severity, if pinned) in the result, whichever entry took them */
  readonly occurred: number;
  /**
   * an entry with `severity:`: findings of its rule and step that have another severity, by severity, that no entry
   * took that its own severity: change would not take them from: for an `expect:`, no other `expect:` entry (those an
   * `allow:` took are counted: an expect: takes first); for an `allow:`, no other entry
   */
  readonly otherSeverities: Readonly<Partial<Record<Severity, number>>>;
  /**
   * an unmet `expect:`: the allow: entries that took findings of `otherSeverities`, each with how many (the advice
   * says so: they show as suppressed, and the allow: is left with none once this entry takes them); text only
   */
  readonly othersAllowed?: readonly { readonly pos: Pos; readonly count: number }[] | undefined;
  /**
   * an unmet `expect:` with `severity:`: the findings of its rule and step with another severity that another
   * `expect:` entry took, per entry and severity (changing this entry's severity would not take them: that entry
   * takes them first; the advice is to drop this one if it is the same bug); text only
   */
  readonly othersExpected?: readonly { readonly pos: Pos; readonly severity: Severity; readonly count: number }[] | undefined;
  /**
   * an unused `allow:`: the findings of its rule and step with another severity that an unmet `expect:` entry, or
   * an unused `allow:` before it, is told to take (its advice names their step or severity), and the findings
   * where its own call is the one they conflict with that such an entry is told to take: per entry and severity.
   * Told to change its severity or step as well, following both messages wrote two entries for one finding
   * (break-280 N3, break-290 F7); the advice is to drop this one if it is the same bug; text only
   */
  readonly othersClaimed?: readonly { readonly pos: Pos; readonly severity: Severity; readonly count: number; readonly entry: 'expect' | 'allow' }[] | undefined;
  /** the entries that took the findings of `occurred` it did not, before it (gate.ts assign); text only */
  readonly takenBy?: readonly Taker[] | undefined;
  /**
   * an unmet `expect:` entry: a finding of its rule (and severity, if pinned) at another culprit step, the one
   * its `step:` most likely meant (gate.ts elsewhereOf); an unused `allow:`: only such a finding with the entry's
   * call as the call it conflicts with (`related`); absent when there is none
   */
  readonly elsewhere?: Elsewhere | undefined;
  /**
   * an unmet `expect:` of a matrix: the other variants of the run where the entry is met (or, when none is and it
   * took nothing here, where its rule occurs at its step), found over the file's results (gate.ts fileUnmet)
   */
  readonly inVariants?: VariantsHaving | undefined;
  /**
   * an unmet `expect:` with `severity:` of a matrix whose findings are there with another severity: leaving
   * `severity:` out takes `count:` findings in every variant of the file it applies to (all replayed), so that one
   * edit is the advice in every variant, not a `variant:` restriction that leaves those findings live (break-251 F3);
   * `write`, the severities that have `count:` findings in every such variant (none meeting it), which `write
   * severity:` takes there too
   */
  readonly severityOut?: { readonly write: readonly Severity[] } | undefined;
  /**
   * an unmet `expect:` of a matrix that no variant of the run meets: how many variants it applies to the run did
   * not replay (--variant, --shard), which may still have the bug (gate.ts fileUnmet); absent when none
   */
  readonly notRun?: number | undefined;
  /**
   * an unmet `expect:` of a matrix that no variant of the run meets, whose variants took different numbers of
   * findings: the count each took and a selector of the variants that took it (none that took another), for an
   * entry each in place of this one (break-218 F2: each variant said its own "lower count: to N", and following
   * one left the others unmet); absent when some group has no selector. In a run that left out variants (`notRun`),
   * the groups are of the variants it replayed (break-219 F9)
   */
  readonly keptByVariants?: readonly { readonly count: number; readonly selector: string }[] | undefined;
};

/**
 * Where an unmet entry of a matrix is met in other variants of the run (break-212 F1: those variants were told
 * the scenario "no longer reproduces it" and to drop the entry, which the variants that have it need).
 */
export interface VariantsHaving {
  /** the names of those variants, in run order */
  readonly names: readonly string[];
  /** whether the entry is met there (took count: findings), else its rule only occurs at its step there */
  readonly met: boolean;
  /**
   * a selector that picks those variants and none of the other variants of the run the entry applies to
   * (`hypervisor=xen`, `memory=*GiB`), or undefined when none does (gate/selector-search.ts)
   */
  readonly selector?: string | undefined;
  /**
   * when no one selector picks those variants: selectors that together pick them and none of the others, no two the
   * same variant, for an entry each (break-218 N3); undefined when a selector does, or when no cover does
   */
  readonly cover?: readonly string[] | undefined;
  /** how many variants of the file the run did not replay (--variant, file.yaml[…], --shard): nothing is known of them */
  readonly notRun: number;
  /**
   * when the entry is met nowhere: the number of findings every one of those variants took, where it is below the
   * entry's count (the count the entry needs there too; break-219 F2: "write variant:" alone left it unmet)
   */
  readonly took?: number;
  /**
   * where the entry is met: the entries of their own that keep the findings it took in the variants that do not meet
   * it, the same in every variant (break-223 F3: a variant that took none named no other's; a variant that took
   * another number named only its own): for each number taken, a selector of the variants that took it (none of the
   * rest of the run), or an entry each of a cover (break-223 F4: the variant's full name); `variants`, how many
   * variants that number's group has, `mine`, whether this variant is among them. Empty when none took any.
   */
  readonly owns: readonly { readonly count: number; readonly selector: string; readonly variants: number; readonly mine: boolean }[];
}

/**
 * A finding of an unmet entry's rule whose culprit is another call: `related` when the entry's `step:` is a
 * call the finding conflicts with (one of its related steps), so that `step:` named the wrong one of the two.
 */
export interface Elsewhere {
  /** the finding's culprit call, as an entry's `step:` names it */
  readonly culprit: CallRef;
  /** the culprit's step number (0: a boot step before setup_arch) */
  readonly index: number;
  /**
   * how many findings no entry took are at the culprit, of the severity the advice names (the entry's, or
   * `severity`): "point step:" is offered only where they are as many as the entry's count (break-212 F4)
   */
  readonly count: number;
  readonly related: boolean;
  /** another expect: or allow: entry already took that finding (break-204 F8: pointing step: at it would leave this entry unmet again) */
  readonly taken?: boolean;
  /** the finding's severity, when the entry pins another one (`severity:`) and no finding of that severity is there */
  readonly severity?: Severity;
  /**
   * findings no entry took at further culprits, one per culprit: related, those with the entry's call among their
   * related steps; otherwise those of the entry's rule (and severity) at other culprits
   */
  readonly alsoAt?: readonly ElsewherePlace[];
  /**
   * the variant these findings are in (its name, `hypervisor=vmi`): for an unused allow: of a matrix, reported once per
   * file; for an unmet expect: of a matrix, when they are another variant's and this one has none (gate.ts fileUnmet)
   */
  readonly variant?: string;
  /** see ElsewherePlace.onlyIn: for the first culprit */
  readonly onlyIn?: OnlyIn | undefined;
  /**
   * an unmet expect: of a matrix whose variants have the rule at different culprits (or with different numbers of
   * findings there): the variants of the run the places are gathered from, when the culprits are the union of theirs,
   * each with the selector of the variants that have it with that count (gate.ts fileElsewhere), the one edit every
   * variant gives (break-223 F1, F2: each variant's own left another's findings live)
   */
  readonly from?: readonly string[];
}

/** One further culprit of an Elsewhere. */
export interface ElsewherePlace {
  readonly culprit: CallRef;
  readonly index: number;
  readonly count: number;
  /**
   * in a matrix, when some variants of the run the entry applies to have no such finding at this culprit: a
   * selector that picks those that have it and none that lack it (gate.ts fileUnmet), the `variant:` an entry
   * added for this culprit needs (break-215 F10: without it the new entry was unmet in the other variants)
   */
  readonly onlyIn?: OnlyIn | undefined;
}

/**
 * The `variant:` selectors entries for a culprit need: one selector that picks the variants with findings there, or,
 * when none does, selectors that together pick them and none of the others, an entry each (break-218 F1: none was
 * said, and the entry written as told was unmet in the others; break-219 F5: three full names of six variants);
 * `more` counts the variants no selector picks apart from the others (gate/selector-search.ts Picking.left).
 */
export interface OnlyIn {
  readonly selectors: readonly string[];
  readonly more: number;
}

/**
 * An unused `allow:` entry as reported: in a matrix once per file, at the
 * first variant it applies to (src/gate/gate.ts fileUnusedAllows), with
 * `matched`/`occurred` the most of any variant and `variants` how many it
 * applied to; for a file without a matrix, `variants` is undefined.
 */
export type UnusedAllow = Shortfall<Allowance> & {
  readonly variants?: number | undefined;
  /**
   * how many variants of the file the entry applies to, when the run replayed fewer of them (`variants`): the
   * others may use it (break-212 F7: "remove it" under --variant and --shard); text only, not in JSON, so that
   * merged shards stay the unsharded report
   */
  readonly ofVariants?: number | undefined;
};

/** A scenario (or variant) after the gates. */
export interface GatedResult extends ScenarioResult {
  /** the gated status: fail iff a live error or an unmet expectation */
  readonly status: 'pass' | 'fail';
  /** every finding, in report order, with its state */
  readonly checked: readonly CheckedFinding[];
  /** `expect:` entries for this result that took fewer findings than their count: each fails the scenario */
  readonly unmet: readonly Shortfall<Expectation>[];
  /** `allow:` entries for this result that took fewer findings than their count (reported, not failing); in a matrix once per file */
  readonly unusedAllows: readonly UnusedAllow[];
  /** `allow:` entries for this result that took their count of findings here: in a matrix, such an entry is not unused in the other variants */
  readonly allowsUsed: readonly Allowance[];
}

/** A baseline finding that no longer occurs (SARIF baselineState "absent"). */
export interface AbsentFinding {
  /** the result's file and variant as the baseline names them */
  readonly file: string;
  readonly variant?: string | undefined;
  readonly arch: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly key: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The run options that change what a JSON report says, as a shard records
 * them: `merge` joins only shards of one run, so it refuses shards whose
 * options differ (and says which).
 */
export interface ShardOptions {
  /** --format (merge reads json; recorded so a mix is named, not misread) */
  readonly format: string;
  /** -v */
  readonly verbose: boolean;
  /** --layout[=VIEW], false without */
  readonly layout: false | 'map' | 'ptdump';
  /** false with --no-allow */
  readonly allow: boolean;
  /**
   * the baseline the gates used: null without, "updated" with
   * --update-baseline, else "sha256:HEX" of the --baseline file's bytes
   * (runners check it out under other paths; the content is what gates)
   */
  readonly baseline: string | null;
  /** --variant PATTERN, null without */
  readonly variant: string | null;
  /**
   * the max-findings limit (src/scenario/limits.ts) of the run: a shard
   * counts no limit over its part of a file, and merge applies this one to
   * every file's variants together, as the unsharded run does
   */
  readonly maxFindings: number;
}

/** Which part of the scenario list a sharded run replayed. */
export interface ShardInfo {
  /** 1-based */
  readonly index: number;
  readonly count: number;
  /** the display names of every scenario and variant of the unsharded run, in its order (merge puts results back in it) */
  readonly units: readonly string[];
  readonly options: ShardOptions;
  /**
   * every file of the run with a scenario to replay (every shard's), in the
   * run's order: where its max-findings problem goes, should merge find
   * its variants together past the limit
   */
  readonly maxFindingsAt: readonly FindingsBlame[];
  /**
   * with --baseline: the baseline's findings of this shard's results that no
   * longer occur, by file, for the files that have any, then those of the
   * baseline's files under a directory replayed that the run did not find
   * whose scenario names (file and variant) hash to this shard, by file and
   * variant; the counts add up to the summary's `absent` (merge checks it,
   * and that each gone file's entry hashes to this shard); merge drops a file
   * refused at max-findings from its `absent` count
   */
  readonly absent?: readonly { readonly file: string; readonly variant?: string; readonly count: number }[];
  /**
   * the files this shard refused at max-events, with the findings of its variants replayed before (absent
   * when there are none): merge counts max-findings over every shard's variants in the run's order, as the
   * unsharded run does, and this shard's results of the file are gone
   */
  readonly overEvents?: readonly OverEventsCounts[];
}

/**
 * A file a shard refused at max-events (src/replay/event-limit.ts), and the findings the rules reported for
 * each variant it checked before: `unit` as `ShardInfo.units` names it, in the run's order. The last is the
 * variant over the limit when its own replay ended within it and a fix search met the limit.
 */
export interface OverEventsCounts {
  readonly file: string;
  readonly found: readonly { readonly unit: string; readonly findings: number }[];
}

/** Everything a formatter reads: results after the gates, input problems and the run's options that shape output. */
export interface Report {
  readonly results: readonly GatedResult[];
  readonly problems: readonly InputProblem[];
  /** whether --baseline was given (SARIF then sets baselineState on every result) */
  readonly baseline: boolean;
  /** with --baseline: baseline findings of the replayed scenarios that no longer occur */
  readonly absent: readonly AbsentFinding[];
  readonly shard?: ShardInfo | undefined;
  /** inputs that did not load (files, and variants the model rejected): the text summary counts them */
  readonly invalid?: number | undefined;
  /**
   * in a shard: the files of `invalid` it refused replaying its variants (max-events) and how many of
   * `shard.units` are theirs (the summaries say so; the JSON report does not carry it)
   */
  readonly refusedInShard?: { readonly files: number; readonly units: number } | undefined;
}

export interface Totals {
  readonly scenarios: number;
  readonly failed: number;
  /** live findings */
  readonly errors: number;
  readonly warnings: number;
  /** live info findings (what the replay could not model): never fail a scenario */
  readonly infos: number;
  readonly expected: number;
  readonly suppressed: number;
  readonly baseline: number;
  readonly unmet: number;
  readonly unusedAllows: number;
}

/**
 * What totals() counts of a result: a gated result, or one read back from a
 * JSON report (merge counts a shard's results itself, src/report/merge.ts).
 */
export interface Countable {
  readonly status: GatedResult['status'];
  readonly checked: readonly { readonly state: CheckedFinding['state']; readonly finding: { readonly severity: CheckedFinding['finding']['severity'] } }[];
  readonly unmet: readonly unknown[];
  readonly unusedAllows: readonly unknown[];
}

export function totals(results: readonly Countable[]): Totals {
  const t = { scenarios: results.length, failed: 0, errors: 0, warnings: 0, infos: 0, expected: 0, suppressed: 0, baseline: 0, unmet: 0, unusedAllows: 0 };
  for (const r of results) {
    if (r.status === 'fail') t.failed++;
    t.unmet += r.unmet.length;
    t.unusedAllows += r.unusedAllows.length;
    // counted in locals, each by name (not t[key]++): a result can have 30,000 findings
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    let expected = 0;
    let suppressed = 0;
    let baseline = 0;
    for (const c of r.checked) {
      switch (c.state) {
        case 'live': {
          const severity = c.finding.severity;
          if (severity === 'error') errors++;
          else if (severity === 'warning') warnings++;
          else infos++;
          break;
        }
        case 'expected': expected++; break;
        case 'suppressed': suppressed++; break;
        case 'baseline': baseline++; break;
      }
    }
    t.errors += errors;
    t.warnings += warnings;
    t.infos += infos;
    t.expected += expected;
    t.suppressed += suppressed;
    t.baseline += baseline;
  }
  return t;
}
