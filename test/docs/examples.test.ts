/**
 * docs/ci.md's example CI files are valid YAML of the shape their CI system
 * reads, and every bootreplay command in them works: each is run, as the CI
 * job would run it (bash, `npx bootreplay` → the built CLI), in a copy of a
 * few shipped scenarios, matrix values filled in, jobs in order.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { copySmallCorpus } from '../small-corpus.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = join(ROOT, 'docs/examples');
const BIN = join(ROOT, 'bin/bootreplay.js');

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function load(name: string): Record<string, unknown> {
  const doc = parseDocument(readFileSync(join(EXAMPLES, name), 'utf8'), { uniqueKeys: true, prettyErrors: false });
  expect(doc.errors.map((e) => e.message), name).toEqual([]);
  expect(doc.warnings.map((e) => e.message), name).toEqual([]);
  return doc.toJS() as Record<string, unknown>;
}

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; name?: string }
interface Job { 'runs-on': string; steps: Step[]; needs?: string; if?: string; strategy?: { matrix: Record<string, unknown[]> } }

/**
 * Whether a job or step with this `if:` runs after a failure before it (a failed step of its job, or a
 * failed job it needs): GitHub applies `success()` unless the condition calls a status function, so only
 * `always()`, `!cancelled()` or `failure()` run then (docs.github.com, "Expressions", status check functions).
 */
function runsAfterFailure(condition: string | undefined): boolean {
  return condition !== undefined && /\balways\(\)|!\s*cancelled\(\)|\bfailure\(\)/.test(condition);
}

/** Runs a shell line of a CI job the way the runner does (bash -e), with bootreplay from this checkout. */
function sh(line: string, cwd: string, env: Record<string, string> = {}): { code: number | null; out: string } {
  const script = line.replace(/\bnpx bootreplay\b/g, `node ${JSON.stringify(BIN)}`);
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * A fresh directory with a few shipped scenarios (test/small-corpus.ts): what is tested is that each command
 * of the example, as written, runs and writes its report; a corpus with every architecture, a matrix,
 * expected errors and verified fix hints exercises each format's writer and every shard as the whole does
 * (these runs took 50 s over all the shipped scenarios, most of it fix-hint searches).
 */
function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bootreplay-docs-'));
  dirs.push(d);
  return copySmallCorpus(d);
}

function githubJobs(file: string): Record<string, Job> {
  const wf = load(file);
  expect(Object.keys(wf)).toEqual(expect.arrayContaining(['name', 'on', 'jobs']));
  const jobs = wf['jobs'] as Record<string, Job>;
  for (const [id, job] of Object.entries(jobs)) {
    expect(typeof job['runs-on'], id).toBe('string');
    for (const step of job.steps) expect(step.uses !== undefined || step.run !== undefined, `${id}: a step uses an action or runs a command`).toBe(true);
  }
  return jobs;
}

/** The `run:` lines of a job that call bootreplay, with ${{ matrix.X }} filled in. */
function commands(job: Job, matrix: Record<string, string> = {}): string[] {
  return job.steps.flatMap((s) => (s.run !== undefined && s.run.includes('bootreplay') ? [s.run] : []))
    .map((c) => c.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, k: string) => matrix[k] ?? ''));
}

let shipped: number | undefined;
/**
 * How many scenarios (and matrix variants) `run scenarios/` replays in a workdir(): counted once, from the
 * text summary (no fix search), so a change to the corpus needs no edit here.
 */
function shippedCount(): number {
  if (shipped !== undefined) return shipped;
  const r = spawnSync(process.execPath, [BIN, 'run', 'scenarios/'], { cwd: workdir(), encoding: 'utf8' });
  const m = /^(\d+) scenarios: /m.exec(r.stdout);
  if (m === null) throw new Error(`no summary line in the output of run scenarios/:\n${r.stdout}${r.stderr}`);
  shipped = Number(m[1]);
  return shipped;
}

describe('docs/examples', () => {
  it('are all covered here', () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(['github-actions-sharded.yml', 'github-actions.yml', 'gitlab-ci.yml', 'kernel-ci-ktap.sh']);
  });

  it('github-actions.yml: the github gate, SARIF for upload-sarif, the HTML artifact', { timeout: 120_000 }, () => {
    const jobs = githubJobs('github-actions.yml');
    const job = jobs['bootreplay'];
    expect(job?.steps.map((s) => s.uses ?? 'run')).toContain('github/codeql-action/upload-sarif@v3');
    const d = workdir();
    const summary = join(d, 'summary.md');
    for (const c of commands(job as Job)) expect(sh(c, d, { GITHUB_STEP_SUMMARY: summary }).code, c).toBe(0);
    const sarif = JSON.parse(readFileSync(join(d, 'bootreplay.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(job?.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))?.with?.['sarif_file']).toBe('bootreplay.sarif');
    expect(readFileSync(join(d, 'bootreplay.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(summary, 'utf8')).toMatch(new RegExp(`^## bootreplay: ${shippedCount()} scenarios: 0 failed, ${shippedCount()} passed`));
  });

  it('github-actions-sharded.yml: every shard of the matrix, then merge, equals one unsharded run', { timeout: 120_000 }, () => {
    const jobs = githubJobs('github-actions-sharded.yml');
    const replay = jobs['replay'] as Job;
    const shards = replay.strategy?.matrix['shard'] ?? [];
    expect(shards).toEqual([1, 2, 3, 4]);
    expect(jobs['merge']?.needs).toBe('replay');
    const d = workdir();
    for (const shard of shards) for (const c of commands(replay, { shard: String(shard) })) expect(sh(c, d).code, c).toBe(0);
    for (const c of commands(jobs['merge'] as Job)) expect(sh(c, d).code, c).toBe(0);
    const whole = sh('npx bootreplay run scenarios/ --format json', d);
    expect(readFileSync(join(d, 'bootreplay.json'), 'utf8')).toBe(whole.out);
  });

  it('github-actions-sharded.yml: merge is a check that can be required: after a shard fails on an invalid scenario, the reports are uploaded and merge runs and fails (review 14, 1.1)', { timeout: 120_000 }, () => {
    const jobs = githubJobs('github-actions-sharded.yml');
    const replay = jobs['replay'] as Job;
    const merge = jobs['merge'] as Job;
    // GitHub skips a job whose needs failed, and a skipped job passes a required check ("Troubleshooting
    // required status checks", docs.github.com): merge must run after a failed shard
    expect(merge.if).toBe('${{ !cancelled() }}');
    const d = workdir();
    writeFileSync(join(d, 'scenarios/x86_32/pr-typo.yaml'), 'name: typo in a PR\nkernel: 2.6.27\nsetup_arch: [early_ioremap_inti]\n');
    let failed = false;
    for (const shard of replay.strategy?.matrix['shard'] ?? []) {
      // the steps of one shard's job in order: after a failed step, only those whose if: runs after a failure
      let stepFailed = false;
      for (const step of replay.steps) {
        if (stepFailed && !runsAfterFailure(step.if)) continue;
        if (step.run !== undefined && step.run.includes('bootreplay')) {
          const [c] = commands({ ...replay, steps: [step] }, { shard: String(shard) });
          if (sh(c ?? '', d).code !== 0) stepFailed = true;
        } else if (step.uses?.startsWith('actions/upload-artifact') === true) {
          // the upload runs: the shard's report, written with exit 2 too, reaches merge
          expect(existsSync(join(d, String(step.with?.['path']).replace(/\$\{\{\s*matrix\.shard\s*\}\}/, String(shard)))), `shard ${String(shard)}`).toBe(true);
        }
      }
      expect(stepFailed, `shard ${String(shard)} fails on the invalid scenario`).toBe(true);
      failed ||= stepFailed;
    }
    expect(failed && runsAfterFailure(merge.if)).toBe(true);
    const [mergeCommand] = commands(merge);
    const r = sh(mergeCommand ?? '', d);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^scenarios\/x86_32\/pr-typo\.yaml:3:\d+: .*early_ioremap_inti/m);
    // the merge job's report upload runs too
    expect(runsAfterFailure(merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.if)).toBe(true);
  });

  it('gitlab-ci.yml: a job whose JUnit report GitLab reads', { timeout: 120_000 }, () => {
    const ci = load('gitlab-ci.yml');
    const job = ci['bootreplay'] as { script: string[]; artifacts: { when: string; reports: { junit: string } } };
    expect(job.artifacts.when).toBe('always');
    const d = workdir();
    for (const c of job.script.filter((l) => l.includes('bootreplay'))) expect(sh(c, d).code, c).toBe(0);
    expect(readFileSync(join(d, job.artifacts.reports.junit), 'utf8')).toMatch(new RegExp(`^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n<testsuites name="bootreplay" tests="${shippedCount()}" failures="0"`));
  });

  it('kernel-ci-ktap.sh: KTAP on stdout and in a file, the replay\'s exit status', { timeout: 120_000 }, () => {
    const d = workdir();
    const r = sh(readFileSync(join(EXAMPLES, 'kernel-ci-ktap.sh'), 'utf8'), d);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^KTAP version 1\\n1\\.\\.${shippedCount()}\\n`));
    expect(readFileSync(join(d, 'bootreplay.ktap'), 'utf8')).toBe(r.out);
  });
});
