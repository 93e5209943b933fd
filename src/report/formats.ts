/**
 * The formatters by `--format` name. Each takes a Report (gated results and
 * input problems) and a FormatContext, never the CLI, so `diff` and `merge`
 * can reuse them. The heavier ones load when asked for.
 */
import type { Report } from '../gate/types.js';
import type { FormatContext } from './format-context.js';
import { formatJsonChunks } from './json.js';
import type { ReportText } from './report-text.js';
import { formatText } from './text.js';
import { reportSummaryInputs } from './summary-line.js';

/** `run --format` values (DESIGN §6 and the CI issue). */
export type Format = 'text' | 'json' | 'sarif' | 'github' | 'junit' | 'ktap' | 'html';

/** Formats that show finding paths, fixes or layout maps (evidence.ts): only they pay for computing them. */
export function needsEvidence(format: Format): boolean {
  return format === 'sarif' || format === 'html';
}

/**
 * @returns the report's text (json and sarif in pieces made as they are written: jsonChunks), and for
 *   `github` the Markdown job summary
 */
export async function formatReport(format: Format, report: Report, ctx: FormatContext): Promise<{ text: ReportText; summary?: string }> {
  switch (format) {
    case 'text': return { text: formatText(report.results, ctx.style, { ...ctx, ...reportSummaryInputs(report) }) };
    case 'json': return { text: formatJsonChunks(report) };
    case 'sarif': {
      // the rule descriptors list the rules of the report's architectures (already loaded when this process replayed them)
      const sarif = await import('../report/sarif.js');
      await (await import('../arch/index.js')).loadArches([...sarif.reportArches(report)]);
      return { text: sarif.formatSarifChunks(report, ctx) };
    }
    case 'github': return (await import('../report/github.js')).formatGithub(report, ctx);
    case 'junit': return { text: (await import('../report/junit.js')).formatJunit(report) };
    case 'ktap': return { text: (await import('../report/ktap.js')).formatKtap(report, ctx) };
    case 'html': return { text: (await import('../report/html.js')).formatHtmlChunks(report, ctx) };
  }
}
