// The bench's small measuring helpers, shared by bench/run.mjs and bench/reasoning.mjs.

export const nowNs = () => process.hrtime.bigint();
export const msSince = (t0) => Number(nowNs() - t0) / 1e6;

/** Nearest rank: the smallest value with at least q of the sample at or below it. */
export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * s.length));
  return s[rank - 1];
}

export const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const round = (x, digits = 2) => Number(x.toFixed(digits));

/** Rounds of each in-process measurement (BENCH_ROUNDS, at least 3). */
export const ROUNDS = Math.max(3, Number.parseInt(process.env.BENCH_ROUNDS ?? '', 10) || 7);
