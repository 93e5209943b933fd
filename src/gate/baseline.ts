/**
 * Baselines (ESLint's bulk suppressions): a previous `--format json` report
 * lists the findings a project has accepted for now; `run --baseline FILE`
 * fails only on findings that are not in it. Findings are matched by the
 * result's display name (file and variant) and findingKey, never by line,
 * so edits that move steps do not make old findings new.
 */
import * as z from 'zod/mini';
import { displayName } from '../scenario/types.js';
import type { AbsentFinding } from './types.js';

const FindingSchema = z.looseObject({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  key: z.optional(z.string()),
  message: z.string(),
  line: z.number(),
  column: z.number(),
});

const ResultSchema = z.looseObject({
  file: z.string(),
  variant: z.optional(z.string()),
  arch: z.optional(z.string()),
  findings: z.array(FindingSchema),
});

/** The part of a JSON report (format version 1) a baseline needs. */
const BaselineSchema = z.looseObject({
  version: z.literal(1),
  results: z.array(ResultSchema),
});

export interface BaselineIndex {
  /** whether the baseline has this finding of this scenario or variant */
  has(name: string, key: string): boolean;
  /** the baseline findings of this scenario or variant whose keys are not among `present` */
  absent(name: string, present: ReadonlySet<string>): AbsentFinding[];
}

export type BaselineParse = { ok: true; index: BaselineIndex } | { ok: false; message: string };

/**
 * Reads a baseline from the text of a JSON report.
 * @param defaultArch the architecture of results that do not name one (reports before `arch` was written)
 * @returns the index, or why the text is no usable baseline (one line)
 */
export function parseBaseline(text: string, defaultArch: string): BaselineParse {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not a JSON report (${err instanceof Error ? err.message : String(err)}); a baseline is the output of run --format json` };
  }
  const parsed = BaselineSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : issue.path.map(String).join('.');
    return { ok: false, message: `not a bootreplay JSON report of format version 1${where === '' ? '' : ` (at ${where}: ${issue?.message ?? ''})`}; a baseline is the output of run --format json` };
  }
  const byName = new Map<string, AbsentFinding[]>();
  for (const r of parsed.data.results) {
    const name = displayName(r);
    const list = byName.get(name) ?? [];
    for (const f of r.findings) {
      if (f.key === undefined) {
        return { ok: false, message: `finding ${f.rule} of ${name} has no "key": the report was written by an older bootreplay; write a new baseline with --update-baseline` };
      }
      list.push({ file: r.file, variant: r.variant, arch: r.arch ?? defaultArch, rule: f.rule, severity: f.severity, key: f.key, message: f.message, line: f.line, column: f.column });
    }
    byName.set(name, list);
  }
  return {
    ok: true,
    index: {
      has: (name, key) => byName.get(name)?.some((f) => f.key === key) ?? false,
      absent: (name, present) => (byName.get(name) ?? []).filter((f) => !present.has(f.key)),
    },
  };
}
