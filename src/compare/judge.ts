/**
 * Judging orders: the verdicts of a replay keyed by finding identity
 * (findingKeys: rule + culprit call + related calls + subject), and the table of every
 * single-call move of a call, which fix hints, `suggest` and `constraints`
 * all read. Architecture-neutral: it sees only verdicts and step names.
 */
import { findingKeys } from '../rules/identity.js';
import type { Verdict } from '../rules/types.js';
import type { Step } from '../scenario/types.js';
import { moveTo, type Order, type ReplayEngine } from './engine.js';

/**
 * Replayed steps one command may plan at most (single-move tables over all
 * machines: replays × steps per replay, an upper bound): a few seconds of
 * work at the engine's rate (about 0.15 µs a step with the rules). A longer
 * order or a larger matrix is refused with the estimate, rather than left to
 * run for minutes.
 */
export const MAX_PLANNED_STEPS = 30_000_000;

/**
 * Calls an order may have for the commands that move every call (suggest,
 * constraints) or replay many intermediates of two orders (bisect): a setup_arch() has 50 to 80 calls (2.6.36); a longer order is
 * not a kernel's, and its single-move tables grow with the square of it (a 230-call order
 * took 4 GB before it was refused).
 */
export const MAX_ORDER_CALLS = 120;

/** Judgements of other orders (MoveTable.judgeOrder) kept at once. */
export const MAX_KEPT_ORDERS = 5_000;

/** The plan is too large (see MAX_PLANNED_STEPS, MAX_ORDER_CALLS). */
export class BudgetError extends Error {}

/**
 * @param replays how many orders the command will replay (at most)
 * @param steps the length of each order
 * @param remedy what the user can do about a plan over the limit
 * @throws BudgetError when replays × steps exceeds MAX_PLANNED_STEPS, or steps exceeds MAX_ORDER_CALLS
 */
export function checkBudget(replays: number, steps: number, what: string, remedy = `use fewer machines${what.startsWith('suggest') ? ' or --call' : ''}`): void {
  const planned = replays * steps;
  if (planned > MAX_PLANNED_STEPS) {
    throw new BudgetError(`${what} would replay about ${planned} steps (${replays} orders of ${steps} calls), more than the limit of ${MAX_PLANNED_STEPS}: ${remedy}`);
  }
  const long = orderTooLong(steps);
  if (long !== undefined) throw new BudgetError(`${what}: ${long}: shorten the order`);
}

/**
 * Why an order is too long for the commands that move every call (and for
 * run's fix hints), or undefined when it is not.
 */
export function orderTooLong(steps: number): string | undefined {
  return steps > MAX_ORDER_CALLS
    ? `the order has ${steps} calls, more than the limit of ${MAX_ORDER_CALLS} (a setup_arch() has about 55; the work grows with the square of the length)`
    : undefined;
}

/** What the rules find on one order, by identity. */
export interface Judgement {
  /** findingKey → verdict, in rule order */
  readonly findings: ReadonlyMap<string, Verdict>;
  readonly errors: number;
  /** warnings that are a hazard on this machine */
  readonly warnings: number;
  /** warnings the rules call harmless on this machine (Verdict.harmless) */
  readonly harmless: number;
}

export function judgementOf(verdicts: readonly Verdict[]): Judgement {
  const findings = new Map<string, Verdict>();
  if (verdicts.length === 0) return { findings, errors: 0, warnings: 0, harmless: 0 };
  const keys = findingKeys(verdicts);
  let errors = 0;
  let warnings = 0;
  let harmless = 0;
  verdicts.forEach((v, i) => {
    // info verdicts say what the replay could not model: they judge no order
    if (v.severity === 'info') return;
    const key = keys[i] ?? '';
    findings.set(key, v);
    if (v.severity === 'error') errors++;
    else if (v.harmless === true) harmless++;
    else warnings++;
  });
  return { findings, errors, warnings, harmless };
}

export function judge(engine: ReplayEngine, order: Order): Judgement {
  return judgementOf(engine.verdicts(order));
}

/** Keys of the errors of a judgement. */
export function errorKeys(j: Judgement): string[] {
  const out: string[] = [];
  for (const [k, v] of j.findings) if (v.severity === 'error') out.push(k);
  return out;
}

/** Keys of the warnings of a judgement that are a hazard on this machine (not harmless). */
export function hazardKeys(j: Judgement): string[] {
  const out: string[] = [];
  for (const [k, v] of j.findings) if (v.severity === 'warning' && v.harmless !== true) out.push(k);
  return out;
}

/**
 * Every single-call move of one scenario's order, judged once and kept:
 * slots(from)[k] is the judgement of the order with the call at position
 * `from` (0-based) taken out and put back before the k-th remaining call
 * (k = n - 1: at the end; k = from: the order itself).
 */
export class MoveTable {
  readonly own: Judgement;
  private readonly tables = new Map<number, readonly Judgement[]>();
  private readonly others = new Map<string, Judgement>();
  private readonly positions: ReadonlyMap<Step, number>;

  constructor(readonly engine: ReplayEngine) {
    this.own = judge(engine, engine.base);
    this.positions = new Map(engine.base.map((s, i) => [s, i]));
  }

  /** Any reordering of the scenario's steps, judged once (pair moves of several findings share them). */
  judgeOrder(order: Order): Judgement {
    const key = order.map((s) => this.positions.get(s) ?? -1).join(',');
    let j = this.others.get(key);
    if (j === undefined) {
      j = judge(this.engine, order);
      // bounded: a long order with many findings judged tens of thousands of pairs, and kept every one
      // (1.1 GB for 105 calls); a judgement forgotten is only replayed again
      if (this.others.size >= MAX_KEPT_ORDERS) this.others.clear();
      this.others.set(key, j);
    }
    return j;
  }

  get size(): number {
    return this.engine.base.length;
  }

  slots(from: number): readonly Judgement[] {
    let t = this.tables.get(from);
    if (t === undefined) {
      const out: Judgement[] = [];
      for (let k = 0; k < this.size; k++) out.push(k === from ? this.own : judge(this.engine, moveTo(this.engine.base, from, k)));
      t = out;
      this.tables.set(from, t);
    }
    return t;
  }

  /** The order of a slot (for replaying it again with full findings). */
  orderAt(from: number, slot: number): Order {
    return moveTo(this.engine.base, from, slot);
  }
}
