/**
 * The one-line summary of a run, as the text report ends with it and the
 * github log and the HTML page head say it: what was replayed (and, in a
 * shard, of how many), what did not load, the verdicts, the finding counts,
 * the gate's counts and the input problems. One builder, so the formats
 * never count differently (a reviewer found github and HTML leaving out the
 * invalid files and the input problems the text line had).
 */
import { totals, type GatedResult, type Report, type ShardInfo } from '../gate/types.js';
import { gateTotals } from './gate-text.js';
import { plural } from './plural.js';
import { problemCount } from '../scenario/problems.js';

/** What a summary counts besides the results. */
export interface SummaryInputs {
  /** inputs that did not load (files, and variants the model rejected) */
  readonly invalid: number;
  /** input problems, written on stderr (text) or as annotations (github): problemCount, a "… and N more" line counting N */
  readonly problems: number;
  /** in a sharded run: the shard, and every scenario and variant of the run (`units`) */
  readonly shard?: Pick<ShardInfo, 'index' | 'count' | 'units'> | undefined;
  /** baseline findings of the replayed scenarios that no longer occur (fixed): counted, with how to prune them */
  readonly absent?: number | undefined;
  /**
   * in a sharded run: the files of `invalid` this shard refused while replaying (max-events), and how many of
   * `shard.units` are theirs. Such a file loaded in every shard, but only the shard replaying the variant
   * over the limit refuses it.
   */
  readonly refusedInShard?: RefusedInShard | undefined;
}

/** Files a shard refused while replaying its variants (max-events), and their units (`ShardInfo.units`). */
export interface RefusedInShard {
  readonly files: number;
  readonly units: number;
}

/**
 * "2 scenarios", or in a shard "1 of 2 scenarios in shard 1/2": a shard's
 * summary counts what it replayed, and must not read as the whole run's.
 * What did not load is counted in every shard (`invalid`, in both numbers);
 * a file the shard refused replaying counts once, in place of its units.
 */
function countText(here: number, noun: string, shard: SummaryInputs['shard'], invalid: number, refused: RefusedInShard | undefined): string {
  if (shard === undefined) return plural(here, noun);
  return `${here} of ${plural(shard.units.length - (refused?.units ?? 0) + invalid, noun)} in shard ${shard.index}/${shard.count}`;
}

/**
 * What a shard says of its invalid inputs: " (in every shard)" for what did not load, which every shard
 * reports alike (or the shards' counts would seem to add up wrong), and which of them only this shard
 * refused, replaying a variant over max-events.
 */
function invalidWhere(invalid: number, shard: SummaryInputs['shard'], refused: RefusedInShard | undefined): string {
  if (shard === undefined || shard.count <= 1) return '';
  const here = refused?.files ?? 0;
  if (here === 0) return ' (in every shard)';
  const replays = `refused replaying this shard's variants`;
  return here === invalid ? ` (${replays})` : ` (${invalid - here} in every shard, ${here} ${replays})`;
}

/** What a report's summary counts besides its results: the same for every format that says it. */
export function reportSummaryInputs(report: Pick<Report, 'invalid' | 'problems' | 'shard' | 'absent' | 'refusedInShard'>): SummaryInputs {
  return { invalid: report.invalid ?? 0, problems: problemCount(report.problems), shard: report.shard, absent: report.absent.length, refusedInShard: report.refusedInShard };
}

/**
 * "3 files: 1 invalid, 0 failed, 2 passed": what was replayed and the
 * verdicts, the head of the summary line (and of github's job summary).
 */
export function summaryVerdicts(results: readonly GatedResult[], inputs: SummaryInputs): string {
  const t = totals(results);
  const { invalid, shard, refusedInShard } = inputs;
  // inputs that did not load are counted, so that a partial run never reads as complete
  const noun = invalid > 0 && !results.some((r) => r.variant !== undefined) ? 'file' : 'scenario';
  const verdicts = `${invalid > 0 ? `${invalid} invalid${invalidWhere(invalid, shard, refusedInShard)}, ` : ''}${t.failed} failed, ${t.scenarios - t.failed} passed`;
  return `${countText(t.scenarios + invalid, noun, shard, invalid, refusedInShard)}: ${verdicts}`;
}

/**
 * "0 errors, 1 warning; 2 expected; 4 input problems" (`where`, e.g.
 * " on stderr", follows the problems): the finding counts, the gate's counts
 * and the input problems, the tail of the summary line.
 */
export function summaryCounts(results: readonly GatedResult[], inputs: SummaryInputs, where = ''): string {
  const t = totals(results);
  const gated = gateTotals(t);
  const { problems } = inputs;
  return `${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}${t.infos > 0 ? `, ${t.infos} info` : ''}`
    + (gated.length > 0 ? `; ${gated.join(', ')}` : '')
    // a baseline that still accepts fixed findings would let them come back unnoticed
    + ((inputs.absent ?? 0) > 0 ? `; ${plural(inputs.absent ?? 0, 'baselined finding')} no longer found (prune with --update-baseline)` : '')
    // a problem need not make a file invalid (a link or a FIFO a directory walk skipped), yet it makes the exit 2
    + (problems > 0 ? `; ${plural(problems, 'input problem')}${where}` : '');
}

/**
 * "3 files: 1 invalid, 0 failed, 2 passed; 0 errors, 1 warning; 2 expected;
 * 4 input problems" (`where`, e.g. " on stderr", follows the problems). No
 * styling and no user text: each format escapes or styles around it.
 */
export function summaryLine(results: readonly GatedResult[], inputs: SummaryInputs, where = ''): string {
  return `${summaryVerdicts(results, inputs)}; ${summaryCounts(results, inputs, where)}`;
}
