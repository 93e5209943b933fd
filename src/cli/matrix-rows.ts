/** The rows of `run`'s matrix tables: each loaded variant with its verdict. */
import type { MatrixTable } from '../report/matrix-table.js';
import type { ScenarioResult } from '../report/result.js';
import type { LoadedFile } from './load.js';

export function matrixRows(files: readonly LoadedFile[], results: readonly ScenarioResult[]): MatrixTable[] {
  const tables: MatrixTable[] = [];
  for (const f of files) {
    if (f.matrix === undefined) continue;
    const rows = f.entries.map((e) => {
      if (!e.ok) return { variant: e.variant, status: 'invalid' as const, errors: 0, warnings: 0 };
      const r = results.find((x) => x.file === e.scenario.file && x.variant === e.scenario.variant);
      const errors = r?.findings.filter((x) => x.severity === 'error').length ?? 0;
      return { variant: e.scenario.variant ?? '', status: r?.status ?? 'pass', errors, warnings: (r?.findings.length ?? 0) - errors };
    });
    tables.push({ file: f.file, keys: f.matrix.keys, rows });
  }
  return tables;
}
