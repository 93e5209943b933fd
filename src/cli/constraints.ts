/**
 * `bootreplay constraints FILE… [--matrix] [--set PATH=V,…] [--format text|json|dot|mermaid]`:
 * the ordering contract derived by replay (src/compare/constraints.ts).
 */
import { constraints, constraintsWork } from '../compare/constraints.js';
import { ReplayEngine } from '../compare/engine.js';
import { UnsupportedError } from '../compare/unsupported.js';
import { answerGroups } from '../compare/answer-groups.js';
import { filesText } from '../compare/machines-text.js';
import { BudgetError, JudgedWork, KeptFindings, MAX_KEPT_FINDINGS, MoveTable } from '../compare/judge.js';
import { formatConstraintsDot, formatConstraintsJson, formatConstraintsMermaid, formatConstraintsProblemsJson, formatConstraintsText } from '../report/constraints.js';
import { styleForStdout } from './color.js';
import { escapeText } from '../escape.js';
import { PLAIN } from '../report/text.js';
import { writeErr, writeOut } from './stdio.js';
import { fewerMachines } from './machines.js';
import { machinesToReason } from './reasoning-machines.js';
import { reasoningErrorText } from './reasoning-error.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export type ConstraintsFormat = 'text' | 'json' | 'dot' | 'mermaid';

export interface ConstraintsOptions {
  readonly matrix: boolean;
  readonly set: readonly string[];
  readonly format: ConstraintsFormat;
}

export async function constraintsCommand(files: readonly string[], options: ConstraintsOptions): Promise<number> {
  // -f json: invalid inputs give the report too, with their problems (as run's)
  const machines = await machinesToReason(files, options, 'constraints', options.format === 'json' ? formatConstraintsProblemsJson : undefined);
  if (machines === undefined) return EXIT_USAGE;
  const count = machines.length;
  if (!options.matrix && count > 1 && (options.format === 'dot' || options.format === 'mermaid' || options.format === 'json')) {
    writeErr(`${escapeText(`bootreplay: ${count} scenarios give ${count} graphs, and -f ${options.format} writes one: use --matrix for one graph over all of them, or name one scenario (a file, or a variant as file.yaml[key=value,…]); text gives each its own answer`)}\n`);
    return EXIT_USAGE;
  }
  const style = options.format === 'text' ? await styleForStdout(process.env) : PLAIN;
  let reports;
  try {
    // one answer per group: its tables share one findings budget and are planned all together first (answer-groups.ts),
    // so 100 machines without --matrix are 100 answers of one machine each, not one plan of 100
    const groups = options.matrix ? [machines] : machines.map((m) => [m]);
    // the work of every group counts against one limit of trace events (judge.ts JudgedWork: break-206 F6)
    const work = new JudgedWork(fewerMachines(options.set));
    const tables = groups.map((g) => {
      const kept = new KeptFindings(MAX_KEPT_FINDINGS, work);
      return g.map((m) => new MoveTable(new ReplayEngine(m.plugin, m.scenario), kept));
    });
    reports = answerGroups(tables, (t) => constraintsWork(t), (t) => constraints(t), (n) => `constraints for ${n} machines of ${filesText(machines.map((m) => m.scenario))}, each answered on its own,`, fewerMachines(options.set));
  } catch (err) {
    if (!(err instanceof BudgetError) && !(err instanceof UnsupportedError)) throw err;
    writeErr(reasoningErrorText(err));
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
  writeOut(out.join('\n'));
  return EXIT_OK;
}
