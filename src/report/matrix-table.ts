/**
 * The end of `run` on a matrix file: one compact table per matrix, variants ×
 * verdict, like a CI matrix view. Rows in the matrix's order; one column per
 * variant-name key, then the verdict.
 */
import { escapeText, quoteText, startsCommand, withoutLegacyCommands } from '../escape.js';
import { parseVariantName, quoteValue } from '../scenario/compose/variant-name.js';
import type { Totals } from '../gate/types.js';
import { countsText } from './gate-text.js';
import type { Style } from './text.js';
import { plural } from './plural.js';

export interface MatrixRow {
  /** the variant name ("hypervisor=xen,memory=4GiB") */
  readonly variant: string;
  /** invalid: the model rejected the combination (its problems are on stderr) */
  readonly status: 'pass' | 'fail' | 'invalid';
  /** its counts, as its PASS/FAIL line says them (live findings, and expected, suppressed, … ones); none for an invalid one */
  readonly totals?: Totals | undefined;
}

export interface MatrixTable {
  readonly file: string;
  /** the name keys, as columns */
  readonly keys: readonly string[];
  /** the variants this run replayed, and those the model rejected */
  readonly rows: readonly MatrixRow[];
  /** variants of the matrix this run did not replay (another shard did): counted in the heading, no row */
  readonly notHere?: number | undefined;
  /** the shard this run is, in a sharded run */
  readonly shard?: { readonly index: number; readonly count: number } | undefined;
}

/**
 * "2 variants", or in a shard "1 of 2 variants in shard 1/2": a shard's
 * table states only what the shard replayed, and says so.
 */
function variantsText(t: MatrixTable): string {
  const notHere = t.notHere ?? 0;
  if (t.shard === undefined && notHere === 0) return plural(t.rows.length, 'variant');
  const where = t.shard !== undefined ? `in shard ${t.shard.index}/${t.shard.count}` : 'replayed';
  return `${t.rows.length} of ${plural(t.rows.length + notHere, 'variant')} ${where}`;
}

function verdict(row: MatrixRow, style: Style): string {
  if (row.status === 'invalid') return style.warning('INVALID');
  const counts = row.totals === undefined ? '' : countsText(row.totals, row.totals);
  const tag = row.status === 'fail' ? style.error('FAIL') : style.pass('PASS');
  return counts === '' ? tag : `${tag}  ${counts}`;
}

export function formatMatrixTables(tables: readonly MatrixTable[], style: Style): string {
  const out: string[] = [];
  for (const t of tables) {
    if (t.rows.length === 0 && (t.notHere ?? 0) === 0) continue;
    const n = (s: MatrixRow['status']): number => t.rows.filter((r) => r.status === s).length;
    const parts = [`${n('pass')} passed`, `${n('fail')} failed`, ...(n('invalid') > 0 ? [`${n('invalid')} invalid`] : [])];
    out.push('', style.bold(`matrix ${escapeText(t.file)}: ${variantsText(t)}: ${parts.join(', ')}`));
    // a shard that holds none of the matrix says so, with no table under it
    if (t.rows.length === 0) continue;
    // keys and values come from the file's matrix: (user text), escaped before the widths are taken; a
    // value is written as the variant name writes it (quoted when it holds `*`, `,`, a space, …), so
    // `file.yaml[key=cell]` picks that row's value and no other
    const keys = t.keys.map(escapeText);
    const cells = t.rows.map((r) => {
      const pairs = parseVariantName(r.variant) ?? [];
      return t.keys.map((k, i) => {
        const pair = pairs.find((p) => p.key === k);
        if (pair === undefined) return '·';
        // the first cell starts the row's line: a value such as `::error::x` or `::stop-commands::t`
        // would be a workflow command in an Actions log (linePath); quoted, it is the same selector value
        // `##[` as the output layer writes it (withoutRunnerCommands), before the widths are taken
        return withoutLegacyCommands(escapeText(i === 0 && startsCommand(pair.value) ? quoteText(pair.value) : quoteValue(pair.value)));
      });
    });
    const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => (c[i] ?? '').length)));
    out.push(style.dim(`  ${keys.map((k, i) => k.padEnd(widths[i] ?? 0)).join('  ')}  verdict`));
    t.rows.forEach((r, j) => out.push(`  ${(cells[j] ?? []).map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}  ${verdict(r, style)}`));
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
