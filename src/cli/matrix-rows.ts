/** The rows of `run`'s matrix tables: each loaded variant with its verdict. */
import type { MatrixTable } from '../report/matrix-table.js';
import type { GatedResult } from '../gate/types.js';
import type { LoadedFile } from './load.js';

export function matrixRows(files: readonly LoadedFile[], results: readonly GatedResult[]): MatrixTable[] {
  const tables: MatrixTable[] = [];
  for (const f of files) {
    if (f.matrix === undefined) continue;
    const rows = f.entries.map((e) => {
      if (!e.ok) return { variant: e.variant, status: 'invalid' as const, errors: 0, warnings: 0 };
      const r = results.find((x) => x.file === e.scenario.file && x.variant === e.scenario.variant);
      // the table counts what the gate counts: live findings (expected, suppressed and baselined ones do not)
      const live = r?.checked.filter((x) => x.state === 'live').map((x) => x.finding) ?? [];
      const errors = live.filter((x) => x.severity === 'error').length;
      const expected = r?.checked.filter((x) => x.state === 'expected').length ?? 0;
      return { variant: e.scenario.variant ?? '', status: r?.status ?? 'pass', errors, warnings: live.length - errors, expected };
    });
    tables.push({ file: f.file, keys: f.matrix.keys, rows });
  }
  return tables;
}
