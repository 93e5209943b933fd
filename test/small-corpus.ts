/**
 * A few shipped scenarios, copied into a fresh directory as `scenarios/…`, for the CLI tests whose property
 * is about the command (its exit code, its output's shape, shards and merge, a CI recipe), not about every
 * shipped order: a run of the whole corpus with verified fix hints (-f json/sarif/html/junit/ktap, -v) takes
 * about 5 s, this one about a tenth of it. Some tests still run over the whole of scenarios/ on purpose
 * (test/cli/cli.test.ts: determinism of the JSON report; test/cli/ci.test.ts: shards merged equal the
 * unsharded report; the summary counts of `run scenarios/`).
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every architecture, a matrix (10 variants), an extends chain, expected errors (rc1-vmi: 2, the variants),
 * a passing order without findings (bare metal) and verified fix hints: every kind of result a report renders.
 */
export const SMALL_CORPUS: readonly string[] = [
  'scenarios/x86_32/2.6.27-rc1-vmi.yaml',
  'scenarios/x86_32/2.6.27-rc1-bare-metal.yaml',
  'scenarios/x86_32/variants',
  'scenarios/arm64/v4.7.yaml',
  'scenarios/riscv/seed-003-kernel-at-end-of-address-space.yaml',
];

/** Copies SMALL_CORPUS into dir (as dir/scenarios/…) and returns dir. */
export function copySmallCorpus(dir: string): string {
  for (const f of SMALL_CORPUS) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  return dir;
}
