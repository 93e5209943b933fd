/**
 * Judging orders: the verdicts of a replay keyed by finding identity
 * (findingKeys: rule + culprit call + related calls + subject), and the table of every
 * single-call move of a call, which fix hints, `suggest` and `constraints`
 * all read. Architecture-neutral: it sees only verdicts and step names.
 */
import { baseKey, findingKeys } from '../rules/identity.js';
import type { Verdict } from '../rules/types.js';
import type { Scenario, Step } from '../scenario/types.js';
import { moveTo, type Order, type ReplayEngine } from './engine.js';
import { machinesText } from './machines-text.js';

/**
 * Replayed steps one command may plan at most (single-move tables over all
 * machines: replays × steps per replay, an upper bound): about 13 s of work
 * at the rate measured with the rules on a matrix of the shipped rc1 order
 * (about 1.6 µs a step; 30,000,000 let plans of 42 s through). A longer
 * order or a larger matrix is refused with the estimate, rather than left to
 * run for a minute.
 */
export const MAX_PLANNED_STEPS = 8_000_000;

/**
 * Trace events and findings (PlannedWork.events) one reasoning command may
 * replay in all, beside MAX_PLANNED_STEPS: a step is a poor measure of time
 * when it does more than an x86 one. An arm64 file with 2,041 RAM banks (128
 * of them in memblock.memory) maps and KASAN-populates every region in each
 * replay, 14 times v4.4's events, and a 128-variant `constraints --matrix`
 * of it took 61 s and 1 GB within the step limit (break-201 1): 15.5 million
 * events. Measured on this machine (`constraints … --matrix` over --set
 * matrices, start-up subtracted): 1.1 to 2.3 µs an event on the shipped
 * orders of every architecture (x86_32 rc1: 1.4 events a step, so x86 plans
 * reach this at 5.6 million steps, about 9 s), 4.7 µs on that many-bank
 * arm64 machine; so this is at most about 38 s, the "three times" the step
 * limit allows riscv.
 */
export const MAX_PLANNED_EVENTS = 8_000_000;

/**
 * Calls an order may have for the commands that move every call (suggest,
 * constraints) or replay many intermediates of two orders (bisect): a setup_arch() has 50 to 80 calls (2.6.36); a longer order is
 * not a kernel's, and its single-move tables grow with the square of it (a 230-call order
 * took 4 GB before it was refused).
 */
export const MAX_ORDER_CALLS = 120;

/**
 * Machines (files and variants) one `suggest` or `constraints` run reasons
 * over, with or without --matrix. Each is its own snapshot engine, replayed
 * once per move of each of its calls, so the work grows with their number
 * whatever the step budget says: MAX_PLANNED_STEPS is calibrated on x86_32
 * orders, whose 55 calls reach it at about 50 machines, while a riscv
 * order's 18 calls let 889 machines through, which took 48 s of CPU and
 * 1.3 GB with --matrix (helper-166). Measured on this machine under load:
 * about 45 ms of CPU a riscv v5.12 machine and 85 ms an arm64 v4.6 one, so
 * this many take at most about 11 s (arm64).
 */
export const MAX_REASONING_MACHINES = 128;

/** Judgements of other orders (MoveTable.judgeOrder) kept at once. */
export const MAX_KEPT_ORDERS = 5_000;

/**
 * Findings the single-move tables of one command (suggest, constraints: all
 * machines together) or of one scenario's fix search may hold. Each kept
 * finding costs about 460 bytes (a 120-call order with 124 findings, measured
 * with --expose-gc), so this is about 230 MB; a 120-call order with 124
 * findings on 16 machines asked for 28 million of them and ran out of memory
 * at 4 GB. MAX_PLANNED_STEPS bounds the time only: the findings grow with
 * the findings of each order, not with its length.
 */
export const MAX_KEPT_FINDINGS = 500_000;

/**
 * Findings the judged orders of one whole command may hold in all (every
 * group of machines: `suggest` and `constraints` answer each machine on its
 * own without --matrix, each group within MAX_KEPT_FINDINGS at once). Judging
 * is what the time goes to: about 160,000 findings a second here (a
 * 116-call order whose 500,000 findings take 3.1 s), so this is about 12 s;
 * a file of 64 machine sizes at the per-group limit each asked for minutes.
 */
export const MAX_JUDGED_FINDINGS = 2_000_000;

/** The work a reasoning command plans for one group of machines, estimated from their own orders before any move is judged. */
export interface PlannedWork {
  /** orders it will replay, at most */
  readonly replays: number;
  /** calls of each (the longest order) */
  readonly steps: number;
  /** findings the judged orders will hold: each machine's own findings (+ 1) times its replays */
  readonly findings: number;
  /**
   * trace events and findings the replays will make: each machine's own replay's (ReplayEngine.ownEventCount +
   * its findings) times its replays, the measure of time when a step costs more than a step (MAX_PLANNED_EVENTS)
   */
  readonly events: number;
}

/**
 * Bounds a whole command, all its groups together, before any is answered
 * (each group is bounded on its own by checkBudget as it is answered).
 * @param what the command and what it was given, for the message
 * @throws BudgetError when the groups together would replay more than
 *   MAX_PLANNED_STEPS steps, judge orders holding more than MAX_JUDGED_FINDINGS findings, or make more than
 *   MAX_PLANNED_EVENTS trace events and findings
 */
export function checkCommandBudget(works: readonly PlannedWork[], what: string, remedy: string): void {
  if (works.length < 2) return; // one group: checkBudget says it, with the group's own remedy
  const steps = works.reduce((n, w) => n + w.replays * w.steps, 0);
  const replays = works.reduce((n, w) => n + w.replays, 0);
  if (steps > MAX_PLANNED_STEPS) {
    throw new BudgetError(`${what} would replay about ${steps} steps in all (${replays} orders over ${works.length} answers), more than the limit of ${MAX_PLANNED_STEPS}: ${remedy}`);
  }
  const events = works.reduce((n, w) => n + w.events, 0);
  const findings = works.reduce((n, w) => n + w.findings, 0);
  if (findings > MAX_JUDGED_FINDINGS) {
    throw new BudgetError(`${what} would judge orders holding about ${findings} findings in all (${replays} orders over ${works.length} answers), more than the limit of ${MAX_JUDGED_FINDINGS}: ${remedy}`);
  }
  // after the findings: an order with a finding in every position is refused for them, with their remedy
  if (events > MAX_PLANNED_EVENTS) {
    throw new BudgetError(`${what} would replay orders making about ${events} trace events and findings in all (${replays} orders over ${works.length} answers), more than the limit of ${MAX_PLANNED_EVENTS}: ${remedy}`);
  }
}

/** The plan is too large (see MAX_PLANNED_STEPS, MAX_ORDER_CALLS). */
export class BudgetError extends Error {}

/**
 * @param replays how many orders the command will replay (at most)
 * @param steps the length of each order
 * @param remedy what the user can do about a plan over the limit
 * @param findings the findings the judged orders will hold, estimated (the
 *   findings of each machine's own order times its orders), when they are kept
 * @param events the trace events and findings the replays will make, estimated (PlannedWork.events)
 * @throws BudgetError when steps exceeds MAX_ORDER_CALLS (checked first: no
 *   estimate is worth reading for an order that is not a kernel's), replays ×
 *   steps exceeds MAX_PLANNED_STEPS, findings exceeds MAX_KEPT_FINDINGS, or
 *   events exceeds MAX_PLANNED_EVENTS (checked in that order)
 */
export function checkBudget(replays: number, steps: number, what: string, remedy = 'use fewer machines', findings = 0, events = 0): void {
  const long = orderTooLong(steps);
  if (long !== undefined) throw new BudgetError(`${what}: ${long}: shorten the order`);
  const planned = replays * steps;
  if (planned > MAX_PLANNED_STEPS) {
    throw new BudgetError(`${what} would replay about ${planned} steps (${replays} orders of ${steps} calls), more than the limit of ${MAX_PLANNED_STEPS}: ${remedy}`);
  }
  if (findings > MAX_KEPT_FINDINGS) {
    throw new BudgetError(`${what} would keep about ${findings} findings of the orders it judges (${replays} orders), more than the limit of ${MAX_KEPT_FINDINGS}: ${remedy}, or remove what makes so many findings`);
  }
  // after the findings: an order with a finding in every position is refused for them, with their remedy
  if (events > MAX_PLANNED_EVENTS) {
    throw new BudgetError(`${what} would replay orders making about ${events} trace events and findings (${replays} orders of ${steps} calls), more than the limit of ${MAX_PLANNED_EVENTS}: ${remedy}`);
  }
}

/** " and 2 other machines sharing the limit (3 machines of v.yaml)" when a limit's machines are several, else "". */
function sharingText(machines: ReadonlySet<Pick<Scenario, 'file' | 'variant' | 'positions'>>): string {
  const others = machines.size - 1;
  return others <= 0 ? '' : ` and ${others} other machine${others === 1 ? '' : 's'} sharing the limit (${machinesText([...machines])})`;
}

/**
 * Trace events and findings the judged orders of one whole command made (ReplayEngine.judgedEvents), its
 * single-move tables (every group's, every machine's) and suggest's pair search together, against `limit`.
 * The plan (checkBudget, checkCommandBudget) estimates every order at its machine's own replay's events;
 * an order whose own replay is cheap but whose moved orders are not (arm64 memblock filled by the last
 * calls, 2,041 RAM banks) made far more than its estimate, and suggest ran 69 s on 60 machines within every
 * planned limit (break-206 F6). This bounds what is done, as the plan bounds what is expected.
 */
export class JudgedWork {
  private events = 0;
  /** the planned single-move events of the groups not answered yet (reserve, release): the pair search leaves them */
  private reserved = 0;
  /** the machines whose tables made events, in the order they first did (for the message) */
  private readonly machines = new Set<Pick<Scenario, 'file' | 'variant' | 'positions'>>();

  /**
   * @param remedy what the user can do, said after the refusal (the command's own: --call, fewer machines; '' for none)
   * @param limit trace events and findings in all
   * @param of what the limit is, as the refusal names it
   */
  constructor(readonly remedy = 'use fewer machines', readonly limit = MAX_PLANNED_EVENTS, readonly of = 'the limit of the work of one command') {}

  /**
   * What is left of `limit` for work no plan counted (suggest's pair search stops there): less what was made, and
   * less what the groups not answered yet planned for their single moves, so that a best-effort pair search never
   * takes what a later group's answer needs (heavy30.yaml on 11 machines was refused, its first pair search
   * having taken 4 million).
   */
  get left(): number {
    return Math.max(0, this.limit - this.events - this.reserved);
  }

  /** Sets aside a group's planned single-move events (answer-groups.ts plans every group before answering any). */
  reserve(n: number): void {
    this.reserved += n;
  }

  /** Gives back a group's reservation as it is answered: its single moves then count as they are made. */
  release(n: number): void {
    this.reserved = Math.max(0, this.reserved - n);
  }

  /** The trace events and findings made so far. */
  get made(): number {
    return this.events;
  }

  /** Counts work done outside the single-move tables (MoveTable.judgeOrder: the pair searches, which stop at `left` themselves). */
  spend(n: number): void {
    this.events += n;
  }

  /**
   * @param n the trace events and findings a table's judgements of one call's moves made
   * @param machine the scenario whose table made them (named in the refusal)
   * @throws BudgetError when the command's judged orders made more than `limit`
   */
  add(n: number, machine: Pick<Scenario, 'file' | 'variant' | 'positions'>): void {
    this.events += n;
    this.machines.add(machine);
    if (this.events > this.limit) {
      const sharing = sharingText(this.machines);
      throw new BudgetError(`the orders judged for the moves of ${machinesText([machine])}${sharing} made more than ${this.limit} trace events and findings (${this.of}); `
        + `the plan, estimated from each machine's own order, was far less, since moving these calls changes what the rest of the boot does${this.remedy === '' ? '' : `: ${this.remedy}`}`);
    }
  }
}

/**
 * Findings kept by the single-move tables that share it (all machines of
 * one command, or one scenario's fix search), against MAX_KEPT_FINDINGS;
 * and the work of the command they belong to (JudgedWork, which may be
 * shared by the KeptFindings of several groups).
 */
export class KeptFindings {
  private count = 0;
  /** the machines whose tables added findings, in the order they first did (for the message) */
  private readonly machines = new Set<Pick<Scenario, 'file' | 'variant' | 'positions'>>();

  constructor(readonly limit = MAX_KEPT_FINDINGS, readonly work = new JudgedWork()) {}

  /**
   * @param machine the scenario whose table adds them: the refusal names it (and how many other
   *   machines share the limit), since with several files the user could not tell which order makes so many findings
   * @throws BudgetError when the tables would hold more than `limit` findings with `n` more
   */
  add(n: number, machine: Pick<Scenario, 'file' | 'variant' | 'positions'>): void {
    this.count += n;
    this.machines.add(machine);
    if (this.count > this.limit) {
      const sharing = sharingText(this.machines);
      throw new BudgetError(`the orders judged for the moves of ${machinesText([machine])}${sharing} would hold more than ${this.limit} findings (the limit of what is kept at once), since every position of a call has many findings`);
    }
  }
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

/**
 * The verdicts of one replay by finding key, with the count of each kind.
 * @param interned keys already made (KeyInterner), shared by the judgements of
 *   one table: a table keeps thousands of judgements whose keys are mostly the
 *   same few strings, and a key built anew for each (a string concatenated,
 *   then flattened to be hashed) kept both forms alive, whose garbage
 *   collection cost more than the judging of many orders
 */
export function judgementOf(verdicts: readonly Verdict[], interned?: KeyInterner): Judgement {
  const findings = new Map<string, Verdict>();
  if (verdicts.length === 0) return { findings, errors: 0, warnings: 0, harmless: 0 };
  const keys = interned !== undefined ? interned.keys(verdicts) : findingKeys(verdicts);
  let errors = 0;
  let warnings = 0;
  let harmless = 0;
  // a loop, not forEach(): this runs for every order a table judges
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i] as Verdict;
    // info verdicts say what the replay could not model: they judge no order
    if (v.severity === 'info') continue;
    findings.set(keys[i] ?? '', v);
    if (v.severity === 'error') errors++;
    else if (v.harmless === true) harmless++;
    else warnings++;
  }
  return { findings, errors, warnings, harmless };
}

/** The judgement of one order on the engine's machine (interned: judgementOf). */
export function judge(engine: ReplayEngine, order: Order, interned?: KeyInterner): Judgement {
  return judgementOf(engine.verdicts(order), interned);
}

/** Keys one table interns at most (KeyInterner) before it starts again: about 100 bytes each. */
const MAX_INTERNED_KEYS = 100_000;

/**
 * One step of a finding's identity (KeyInterner): the key of the finding whose
 * identity ends here (undefined until one does), and the parts that go on from here.
 */
interface KeyNode {
  key: string | undefined;
  /** the next call, by name (a setup_arch() call) */
  readonly calls: Map<string, KeyNode>;
  /** the next call, by name (an implicit step: `name@0` in the key) */
  readonly implicitCalls: Map<string, KeyNode>;
  /** the subject, ending the identity (`|(subject)` in the key) */
  readonly subjects: Map<string, KeyNode>;
  /** [k]: the key of the k-th finding (k ≥ 2) with this identity in one replay (`key|#k`) */
  readonly nth: (string | undefined)[];
}

function keyNode(): KeyNode {
  return { key: undefined, calls: new Map(), implicitCalls: new Map(), subjects: new Map(), nth: [] };
}

/**
 * findingKeys() of a table's judged orders, each key string made once and then
 * found again by the verdict's parts (rule, calls, subject: strings the rules
 * share, already hashed), not by a key concatenated for every verdict and hashed
 * to be looked up (most of what judging cost beside the replay: thousands of
 * orders with the same few findings). Same keys as findingKeys, in the same order.
 */
export class KeyInterner {
  private root = new Map<string, KeyNode>();
  /** nodes made since the last start (bounded: MAX_INTERNED_KEYS) */
  private size = 0;
  /** keys(): the identities met so far in the replay being keyed, for its `|#k` */
  private readonly seen: KeyNode[] = [];

  /** The node of a verdict's identity (baseKey's parts), made as needed. */
  private nodeOf(v: Verdict): KeyNode {
    let node = this.root.get(v.rule);
    if (node === undefined) this.root.set(v.rule, (node = this.made()));
    node = this.next(node, v.step);
    const related = v.related;
    for (let i = 0; i < related.length; i++) {
      const r = related[i] as Verdict['related'][number];
      if (r.example !== true) node = this.next(node, r.step);
    }
    if (v.subject !== undefined) {
      let s = node.subjects.get(v.subject);
      if (s === undefined) node.subjects.set(v.subject, (s = this.made()));
      node = s;
    }
    return node;
  }

  private next(node: KeyNode, step: Verdict['step']): KeyNode {
    const calls = step.implicit ? node.implicitCalls : node.calls;
    let n = calls.get(step.name);
    if (n === undefined) calls.set(step.name, (n = this.made()));
    return n;
  }

  private made(): KeyNode {
    this.size++;
    return keyNode();
  }

  /** findingKeys(verdicts): the keys of one replay's verdicts, in their order. */
  keys(verdicts: readonly Verdict[]): string[] {
    // bounded: a table of a long order judges orders with many distinct findings
    if (this.size > MAX_INTERNED_KEYS) {
      this.root = new Map();
      this.size = 0;
    }
    // seen[0 … met-1]: its entries past `met` are an earlier replay's (not cleared: length = 0 gave the array up)
    const seen = this.seen;
    let met = 0;
    const out = new Array<string>(verdicts.length);
    for (let i = 0; i < verdicts.length; i++) {
      const v = verdicts[i] as Verdict;
      const node = this.nodeOf(v);
      const key = (node.key ??= baseKey(v));
      // the k-th finding of this identity in the replay (few findings each: a scan, not a map)
      let n = 1;
      for (let k = 0; k < met; k++) if (seen[k] === node) n++;
      seen[met++] = node;
      out[i] = n === 1 ? key : (node.nth[n] ??= `${key}|#${n}`);
    }
    return out;
  }
}

/**
 * Whether the finding `key`, which the order itself has as `was`, is still
 * there in the judged order `j`: by identity, and for an error, as an error.
 * An error that a move leaves only as a warning is fixed: the harm the rule
 * names is gone on this machine (break-290 F4: a late noefi's DMI error is a
 * harmless warning once dmi_scan_machine follows parse_early_param, and
 * `run -v` said "the finding stays" where `suggest` offered that move).
 */
export function findingStays(j: Judgement, key: string, was: Verdict | undefined): boolean {
  const v = j.findings.get(key);
  if (v === undefined) return false;
  return was?.severity !== 'error' || v.severity === 'error';
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
  private othersFindings = 0;
  private readonly positions: ReadonlyMap<Step, number>;
  /** the finding keys of this table's judgements, each made once (judgementOf) */
  private readonly keys = new KeyInterner();

  /**
   * @param kept the findings budget shared with the other tables of the command
   *   (a table of its own by default); slots() throws BudgetError past it
   */
  constructor(readonly engine: ReplayEngine, readonly kept = new KeptFindings()) {
    this.own = judge(engine, engine.base, this.keys);
    this.positions = new Map(engine.base.map((s, i) => [s, i]));
  }

  /**
   * Any reordering of the scenario's steps, judged once (pair moves of several findings share them). What judging
   * it made (its trace's events and its findings) counts against the command's work (JudgedWork.spend: never
   * refused here; the pair searches stop at what is left, break-206 F6, break-208 F1); an order judged before is free.
   */
  judgeOrder(order: Order): Judgement {
    const key = order.map((s) => this.positions.get(s) ?? -1).join(',');
    let j = this.others.get(key);
    if (j === undefined) {
      const made = this.engine.judgedEvents;
      j = judge(this.engine, order, this.keys);
      this.kept.work.spend(this.engine.judgedEvents - made + j.findings.size);
      // bounded: a long order with many findings judged tens of thousands of pairs, and kept every one
      // (1.1 GB for 105 calls); a judgement forgotten is only replayed again. By findings too: 5,000
      // orders of 124 findings each would be 280 MB.
      if (this.others.size >= MAX_KEPT_ORDERS || this.othersFindings + j.findings.size > MAX_KEPT_FINDINGS / 4) {
        this.others.clear();
        this.othersFindings = 0;
      }
      this.others.set(key, j);
      this.othersFindings += j.findings.size;
    }
    return j;
  }

  get size(): number {
    return this.engine.base.length;
  }

  /** Whether the single moves of the call at `from` are judged already (slots() replays nothing for it). */
  has(from: number): boolean {
    return this.tables.has(from);
  }

  /** @throws BudgetError when the table's findings would pass the limit of its KeptFindings */
  slots(from: number): readonly Judgement[] {
    let t = this.tables.get(from);
    if (t === undefined) {
      const out: Judgement[] = [];
      let findings = 0;
      const events = this.engine.judgedEvents;
      for (let k = 0; k < this.size; k++) {
        const j = k === from ? this.own : judge(this.engine, moveTo(this.engine.base, from, k), this.keys);
        findings += j.findings.size;
        out.push(j);
      }
      // counted before it is kept: the table that would pass the limit is dropped
      this.kept.add(findings, this.engine.scenario);
      this.kept.work.add(this.engine.judgedEvents - events + findings, this.engine.scenario);
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
