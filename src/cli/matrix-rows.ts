/** The rows of `run`'s matrix tables: each loaded variant with its verdict. */
import type { MatrixTable } from '../report/matrix-table.js';
import type { GatedResult } from '../gate/types.js';
import type { LoadedFile } from './load.js';

export function matrixRows(files: readonly LoadedFile[], results: readonly GatedResult[]): MatrixTable[] {
  const tables: MatrixTable[] = [];
  // each variant's result by file and variant name, looked up once per row (a 4,096-variant matrix made a scan of every result per row quadratic)
  const byVariant = new Map<string, Map<string | undefined, GatedResult>>();
  for (const r of results) {
    let m = byVariant.get(r.file);
    if (m === undefined) byVariant.set(r.file, (m = new Map()));
    if (!m.has(r.variant)) m.set(r.variant, r);
  }
  for (const f of files) {
    if (f.matrix === undefined) continue;
    const rows = f.entries.map((e) => {
      if (!e.ok) return { variant: e.variant, status: 'invalid' as const, errors: 0, warnings: 0 };
      const r = byVariant.get(e.scenario.file)?.get(e.scenario.variant);
      // the table counts what the gate counts: live findings (expected, suppressed and baselined ones do not)
      const live = r?.checked.filter((x) => x.state === 'live').map((x) => x.finding) ?? [];
      const errors = live.filter((x) => x.severity === 'error').length;
      const expected = r?.checked.filter((x) => x.state === 'expected').length ?? 0;
      // info (what the replay could not model) is neither: it never fails a variant
      const warnings = live.filter((x) => x.severity === 'warning').length;
      return { variant: e.scenario.variant ?? '', status: r?.status ?? 'pass', errors, warnings, expected };
    });
    tables.push({ file: f.file, keys: f.matrix.keys, rows });
  }
  return tables;
}
