/**
 * `bootreplay constraints FILE… [--matrix] [--set PATH=V,…] [--format text|json|dot|mermaid]`:
 * the ordering contract derived by replay (src/compare/constraints.ts).
 */
import { constraints } from '../compare/constraints.js';
import { ReplayEngine } from '../compare/engine.js';
import { UnsupportedError } from '../compare/unsupported.js';
import { BudgetError, MoveTable } from '../compare/judge.js';
import { formatConstraintsDot, formatConstraintsJson, formatConstraintsMermaid, formatConstraintsText } from '../report/constraints.js';
import { formatProblem, sortProblems } from '../scenario/problems.js';
import { colorLevel, styleFor } from './color.js';
import { loadMachines } from './machines.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export type ConstraintsFormat = 'text' | 'json' | 'dot' | 'mermaid';

export interface ConstraintsOptions {
  readonly matrix: boolean;
  readonly set: readonly string[];
  readonly format: ConstraintsFormat;
}

export async function constraintsCommand(files: readonly string[], options: ConstraintsOptions): Promise<number> {
  const loaded = await loadMachines(files, options.set);
  if (!loaded.ok) {
    if (loaded.usage !== undefined) process.stderr.write(`bootreplay: ${loaded.usage}\n`);
    for (const p of sortProblems(loaded.problems)) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT_USAGE;
  }
  const tables = loaded.machines.map((m) => new MoveTable(new ReplayEngine(m.plugin, m.scenario)));
  const groups = options.matrix ? [tables] : tables.map((t) => [t]);
  if (!options.matrix && groups.length > 1 && (options.format === 'dot' || options.format === 'mermaid' || options.format === 'json')) {
    process.stderr.write(`bootreplay: ${groups.length} scenarios give ${groups.length} graphs, and -f ${options.format} writes one: use --matrix for one graph over all of them, or name one scenario (a file, or a variant as file.yaml[key=value,…]); text gives each its own answer\n`);
    return EXIT_USAGE;
  }
  const style = styleFor(colorLevel(process.env, process.stdout.isTTY === true));
  let reports;
  try {
    reports = groups.map((g) => constraints(g));
  } catch (err) {
    if (!(err instanceof BudgetError) && !(err instanceof UnsupportedError)) throw err;
    process.stderr.write(`bootreplay: ${err.message}\n`);
    return EXIT_USAGE;
  }
  const out = reports.map((r) => {
    switch (options.format) {
      case 'json': return formatConstraintsJson(r);
      case 'dot': return formatConstraintsDot(r);
      case 'mermaid': return formatConstraintsMermaid(r);
      case 'text': return formatConstraintsText(r, style);
    }
  });
  process.stdout.write(out.join('\n'));
  return EXIT_OK;
}
