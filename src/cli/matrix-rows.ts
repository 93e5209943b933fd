/** The rows of `run`'s matrix tables: each loaded variant with its verdict. */
import type { MatrixRow, MatrixTable } from '../report/matrix-table.js';
import { totals, type GatedResult, type ShardInfo } from '../gate/types.js';
import type { LoadedFile } from './load.js';

/**
 * One table per matrix file: a row for each variant this run replayed, with
 * the verdict of its result, and one for each variant the model rejected.
 * A variant with no result here (in a sharded run: replayed by another
 * shard) has no row, only a count (`notHere`): a verdict for it would be
 * made up, and a shard's table once said PASS for a variant that failed in
 * the next shard.
 *
 * A file refused at max-findings has no table, as a matrix the loader
 * refused (max-variants) has none: its input problem on stderr says what
 * was replayed, and a table of "0 of 4096 variants replayed" under the
 * summary line contradicted it (review 19b, F5).
 *
 * @param shard the shard this run is, to name it in the tables' headings
 * @param refused the scenario files refused at max-findings (Scenario.file, as their results name them)
 */
export function matrixRows(
  files: readonly LoadedFile[], results: readonly GatedResult[], shard?: Pick<ShardInfo, 'index' | 'count'>, refused: ReadonlySet<string> = new Set(),
): MatrixTable[] {
  const tables: MatrixTable[] = [];
  // each variant's result by file and variant name, looked up once per row (a 4,096-variant matrix made a scan of every result per row quadratic)
  const byVariant = new Map<string, Map<string | undefined, GatedResult>>();
  for (const r of results) {
    let m = byVariant.get(r.file);
    if (m === undefined) byVariant.set(r.file, (m = new Map()));
    if (!m.has(r.variant)) m.set(r.variant, r);
  }
  for (const f of files) {
    if (f.matrix === undefined || f.entries.some((e) => e.ok && refused.has(e.scenario.file))) continue;
    const rows: MatrixRow[] = [];
    let notHere = 0;
    for (const e of f.entries) {
      if (!e.ok) {
        rows.push({ variant: e.variant, status: 'invalid' });
        continue;
      }
      const r = byVariant.get(e.scenario.file)?.get(e.scenario.variant);
      if (r === undefined) notHere++;
      else rows.push(rowOf(e.scenario.variant ?? '', r));
    }
    tables.push({ file: f.file, keys: f.matrix.keys, rows, ...(notHere > 0 || shard !== undefined ? { notHere, shard } : {}) });
  }
  return tables;
}

/** A replayed variant's row: its verdict, and its counts as its PASS/FAIL line gives them (suppressed ones too). */
function rowOf(variant: string, r: GatedResult): MatrixRow {
  return { variant, status: r.status, totals: totals([r]) };
}
