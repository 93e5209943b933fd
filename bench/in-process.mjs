// The in-process measuring pieces shared by bench/run.mjs (x86_32 throughput, sizes, the matrix) and
// bench/arch-throughput.mjs (riscv, arm64): the built program's loader, replay and rules, and the loops
// that time them.
import { median, msSince, nowNs, round, ROUNDS } from './measure.mjs';

/** replays + checks per second, per architecture (the in-process target) */
export const TARGET_REPLAYS_PER_S = 10_000;
/** 64 GiB against 64 MiB: the model is not per-page, so the size must not change a replay's cost */
export const TARGET_SIZE_RATIO = 1.1;

export const { parseScenario } = await import('../dist/scenario/loader.js');
const { replayWith } = await import('../dist/replay/replay.js');
const rules = await import('../dist/rules/index.js');
const { archById, loadArches } = await import('../dist/arch/index.js');
await loadArches();
/** The replay and the findings of a loaded scenario, by the plug-in its arch: names. */
export const replay = (s) => replayWith(archById(s.arch), s);
export const check = (trace) => rules.check(trace, archById(trace.scenario.arch));

/** The setup_arch calls of a scenario text, in order (`- name` or `- call: name` items). */
export function callsOf(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^setup_arch:\s*$/.test(l));
  if (start < 0) throw new Error('no setup_arch in a shipped scenario');
  const calls = [];
  for (const l of lines.slice(start + 1)) {
    if (/^\S/.test(l)) break;
    const m = /^ {2}- (?:call: )?([a-z0-9_]+)\s*$/.exec(l);
    if (m !== null) calls.push(m[1]);
  }
  return calls;
}

/** replays of one scenario per timed loop of timeIter */
export const ITER = 2000;
/** ITER replays (and checks, `withCheck`) of one scenario: `{ ms, n }`, n a checksum so the work is not optimized away */
export function timeIter(s, withCheck) {
  const t0 = nowNs();
  let n = 0;
  for (let i = 0; i < ITER; i++) {
    const trace = replay(s);
    n += withCheck ? check(trace).length : trace.events.length;
  }
  return { ms: msSince(t0), n };
}

/**
 * timeIter of a big and a small machine's scenario, interleaved over 2 × ROUNDS + 1 rounds (alternating
 * which goes first), after one untimed warm-up each.
 * @returns `{ bigMs, smallMs }`: the milliseconds of each round, per size
 */
export function timeSizes(big, small, withCheck) {
  timeIter(big, withCheck);
  timeIter(small, withCheck);
  const bigMs = [];
  const smallMs = [];
  for (let r = 0; r < 2 * ROUNDS + 1; r++) {
    const order = r % 2 === 0 ? [[big, bigMs], [small, smallMs]] : [[small, smallMs], [big, bigMs]];
    for (const [s, sink] of order) sink.push(timeIter(s, withCheck).ms);
  }
  return { bigMs, smallMs };
}

/**
 * Replays+checks of one architecture's generated variants per second over
 * ROUNDS rounds (the findings must be the same every round).
 * @returns the throughput record of the JSON report, and the loader's rejections
 */
export function measureThroughput(arch, texts) {
  const scenarios = [];
  const rejected = [];
  for (const [i, text] of texts.entries()) {
    const r = parseScenario(text, `${arch}-variant-${i}.yaml`);
    if (r.ok) scenarios.push(r.scenario);
    else rejected.push(r.problems[0]);
  }
  if (scenarios.length === 0) throw new Error(`every ${arch} variant was rejected, e.g. ${JSON.stringify(rejected[0])}`);
  const pass = () => {
    let n = 0;
    for (const sc of scenarios) n += check(replay(sc)).length;
    return n;
  };
  const findings = pass();
  const rates = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = nowNs();
    const n = pass();
    const ms = msSince(t0);
    if (n !== findings) throw new Error(`non-deterministic ${arch} replay: ${n} findings vs ${findings}`);
    rates.push(scenarios.length / (ms / 1000));
  }
  const throughput = {
    variants: texts.length,
    parsed: scenarios.length,
    rejected: rejected.length,
    findings_per_pass: findings,
    rounds: ROUNDS,
    replays_per_s_median: Math.round(median(rates)),
    replays_per_s_min: Math.round(Math.min(...rates)),
    replays_per_s_max: Math.round(Math.max(...rates)),
    us_per_replay: round(1e6 / median(rates), 1),
    target: TARGET_REPLAYS_PER_S,
    pass: median(rates) >= TARGET_REPLAYS_PER_S,
  };
  return { throughput, rejected };
}
