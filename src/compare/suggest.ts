/**
 * `bootreplay suggest`: where may a call go? For the culprit and the related
 * calls of each error finding (or one named call), every position of the
 * call is replayed on every machine; the positions where no error depends on
 * where the call is form windows ("vmi_init may go between
 * find_low_pfn_range (step 21) and init_memory_mapping (step 22)"). Each
 * window lists the warnings of its parts (the warning-free part marked) and
 * the findings that close it at each end, in the words of the rules. Errors
 * that hold wherever the call goes (a Xen reserve that is not PMD-aligned)
 * are reported apart: they are not about this call's position. When no call
 * has a window, moves of two calls are tried.
 *
 * Over several machines (a matrix) a position belongs to a window only if it
 * does on every machine. Architecture-neutral: verdicts, keys and step names.
 */
import { findingKeys } from '../rules/identity.js';
import { callDidYouMean, occurrenceMiss } from '../scenario/call-text.js';
import { haltPoint, reachedUpTo } from '../rules/halting.js';
import type { Finding, Severity, Verdict } from '../rules/types.js';
import { callRefText, indexOfRef, type CallRef, type OrderEdit } from '../scenario/order-edit.js';
import { displayName, oneFileOf, type Step } from '../scenario/types.js';
import type { ReplayEngine } from './engine.js';
import { addedBlockers, involvedPositions, jumped } from './fix-hints.js';
import { machinesText } from './machines-text.js';
import { checkBudget, errorKeys, findingStays, MoveTable, type Judgement, type KeptFindings, type PlannedWork } from './judge.js';
import { moveEdit, movesToReach } from './move-edits.js';
import { displacement, restOf, slotRangeText, stepLabel } from './slot-text.js';
import { supportedOnly, type UnsupportedMachine } from './unsupported.js';
import { reachedOf } from './reached.js';

/** Orders with two calls moved that `suggest` replays at most, over all machines. */
export const MAX_SUGGEST_PAIR_REPLAYS = 40_000;
/**
 * Steps the pair searches of one whole command replay at most (every group: each machine is answered on
 * its own without --matrix): the orders tried times their calls. The pair search is not in the planned
 * work (it runs only when single moves fail), and its orders grow with the order's length: 40,000 orders
 * of a 108-call riscv order were 4.3 million steps, most of a 19 s suggest of one machine, and every
 * machine of a file paid it again. 3,000,000 is every pair order of a 59-call x86_32 order on one machine
 * (the full MAX_SUGGEST_PAIR_REPLAYS), about 5 s here; a 108-call riscv order's cost about 13 s.
 */
export const MAX_SUGGEST_PAIR_STEPS = 3_000_000;
/**
 * Trace events and findings the pair searches of one whole command judge at most: each order counted at
 * what judging it made (its trace's events, ReplayEngine.judgedEvents, and its findings; the planned work,
 * judge.ts MAX_PLANNED_EVENTS, estimates every order at its machine's own replay's): steps alone let an
 * arm64 order with 2,041 RAM banks and paging_init 30 times (51 calls, about 1,800 events a replay) run
 * its pair searches for 211 s on 11 machines (break-204 F5), and the own replay's events alone let the
 * same calls with the memblock calls last (a cheap own replay, expensive moved orders) run 69 s on 60
 * (break-206 F6). 4,000,000 keeps the whole pair search of the 59-call x86_32 order on one machine (40,000
 * orders, 3.4 million events) and is about 19 s on that arm64 machine (4.7 µs an event).
 */
export const MAX_SUGGEST_PAIR_EVENTS = 4_000_000;

/** What is left of a command's pair-search steps and events (MAX_SUGGEST_PAIR_STEPS, MAX_SUGGEST_PAIR_EVENTS), shared by its groups' suggest() calls. */
export interface PairBudget {
  steps: number;
  events: number;
  /**
   * the groups (suggest() calls) still to answer, the next one included: each pair search may spend an equal share
   * of what is left, so that the first machine's search does not leave the others none (break-209 F2: on 6 machines
   * of an expensive order, machines 2 to 6 tried 0 orders); a share a search leaves goes to the later ones
   */
  groups: number;
}

/**
 * A command's pair-search budget, MAX_SUGGEST_PAIR_STEPS steps and MAX_SUGGEST_PAIR_EVENTS events, shared by `groups`
 * answers (each machine without --matrix).
 */
export function pairBudget(groups = 1): PairBudget {
  return { steps: MAX_SUGGEST_PAIR_STEPS, events: MAX_SUGGEST_PAIR_EVENTS, groups: Math.max(1, groups) };
}
/** Calls whose pairs are tried. */
export const MAX_SUGGEST_PAIR_CALLS = 4;
/** Pair moves reported. */
export const MAX_PAIR_RESULTS = 3;
/** Runs of blocked positions described for a call without a window. */
export const MAX_BLOCKED_RUNS = 8;

/** A machine of the matrix: its engine and the single-move judgements. */
export interface SuggestMachine {
  readonly name: string;
  readonly table: MoveTable;
}

/** @param kept the findings budget shared by all machines of the command (judge.ts KeptFindings) */
export function suggestMachine(engine: ReplayEngine, kept?: KeptFindings): SuggestMachine {
  return { name: displayName(engine.scenario), table: new MoveTable(engine, kept) };
}

/** A finding in the report: what it is, on which machines. */
export interface Found {
  readonly key: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly harmless: boolean;
  readonly machines: readonly string[];
  /** the message of the first machine it was found on, when it was formatted */
  readonly message?: string;
  /**
   * when the machines word it differently (a page-table page or a __va() that differs per
   * machine): each wording with the machines that have it, in machine order; `message` is the first's
   */
  readonly messages?: readonly { readonly message: string; readonly machines: readonly string[] }[];
}

/** An error finding of the machines' own orders, with the calls it names that can move (culprit first). */
export interface Target {
  readonly key: string;
  readonly rule: string;
  readonly steps: readonly Step[];
  readonly machines: readonly string[];
}

/** One end of a window: the call it stops at and the findings that close it there. */
export interface Boundary {
  readonly call: Step;
  /** the slot replayed there (the moved call is step slot + 1 of that order, which the messages number) */
  readonly slot: number;
  readonly findings: readonly Found[];
}

/** A run of positions inside a window with the same warnings. */
export interface Part {
  readonly lo: number;
  readonly hi: number;
  readonly text: string;
  readonly warnings: readonly Found[];
  /** no warning that is a hazard (harmless-here warnings allowed) */
  readonly warningFree: boolean;
}

export interface Window {
  readonly lo: number;
  readonly hi: number;
  readonly text: string;
  readonly parts: readonly Part[];
  readonly below?: Boundary;
  readonly above?: Boundary;
  /** whether the call's own position is in it */
  readonly current: boolean;
  /** a move into the window (its best position), unless the call is already there */
  readonly move?: OrderEdit;
  /**
   * what that move adds that keeps it from being a fix, by run's criterion (fix-hints.ts addedBlockers:
   * a new error, or a new missing prerequisite, a warning too); empty: the move is a verified fix.
   * Non-empty only when no position of the window is free of them.
   */
  readonly adds?: readonly Found[];
}

export interface BlockedRun {
  readonly lo: number;
  readonly hi: number;
  readonly text: string;
  readonly findings: readonly Found[];
}

export interface CallReport {
  readonly call: Step;
  readonly ref: CallRef;
  /** errors that hold wherever the call goes (not about its position) */
  readonly everywhere: readonly Found[];
  readonly windows: readonly Window[];
  /** when there is no window: what each run of positions breaks */
  readonly blocked: readonly BlockedRun[];
  readonly blockedMore: number;
}

export interface PairMove {
  readonly edits: readonly OrderEdit[];
  readonly warnings: readonly Found[];
}

export interface PairReport {
  /**
   * why pairs were tried: some errors no single move removes ('stuck'), or
   * each error has a single move but none removes them all at once ('together')
   */
  readonly reason: 'stuck' | 'together';
  /** the errors the pairs try to remove */
  readonly stuck: readonly Target[];
  readonly calls: readonly string[];
  readonly tried: number;
  readonly stopped: boolean;
  readonly moves: readonly PairMove[];
}

export interface SuggestReport {
  /** the machines reasoned over */
  readonly machines: readonly string[];
  /** the scenario file they all come from, when they come from one (scenario/types.ts oneFileOf) */
  readonly file?: string;
  /** machines left out: an error no order changes breaks them (src/compare/unsupported.ts) */
  readonly unsupported: readonly UnsupportedMachine[];
  readonly order: readonly Step[];
  readonly targets: readonly Target[];
  /** error findings that name no call of setup_arch() (only steps before it): no move can touch them */
  readonly unplaceable: readonly { readonly key: string; readonly rule: string; readonly machines: readonly string[] }[];
  readonly calls: readonly CallReport[];
  readonly pairs?: PairReport;
  readonly replays: number;
}

export class SuggestError extends Error {}

/** What suggest will do for one group of machines, worked out from their own orders before any move is judged. */
interface SuggestPlan {
  readonly machines: readonly SuggestMachine[];
  readonly unsupported: readonly UnsupportedMachine[];
  readonly order: readonly Step[];
  readonly names: readonly string[];
  readonly targets: readonly Target[];
  /** the indexes (from 0) of the calls whose every position is judged */
  readonly positions: readonly number[];
  readonly replaysBefore: number;
  readonly work: PlannedWork;
}

/**
 * The work `suggest(all, call)` will plan, from the machines' own orders
 * (already replayed when their tables were built): for a command to bound
 * all its groups together before it answers any (judge.ts checkCommandBudget).
 * @throws SuggestError, UnsupportedError, BudgetError as suggest does (the group alone over the limits)
 */
export function suggestWork(all: readonly SuggestMachine[], call?: CallRef): PlannedWork {
  return checkedPlan(all, call).work;
}

/** @throws BudgetError when the group alone is over the limits (judge.ts checkBudget) */
function checkedPlan(all: readonly SuggestMachine[], call: CallRef | undefined): SuggestPlan {
  const plan = planOf(all, call);
  const { machines, names, positions } = plan;
  checkBudget(
    plan.work.replays, names.length,
    // names the machines (machines-text.ts), as constraints does: with several files the user could not tell which order it was
    `suggest for ${positions.length} calls of a ${names.length}-call order on ${machinesText(machines.map((m) => m.table.engine.scenario))}`,
    machines.length === 1 ? (call === undefined ? 'name one call with --call' : 'shorten the order') : `use fewer machines${call === undefined ? ' or --call' : ''}`,
    plan.work.findings, plan.work.events,
  );
  return plan;
}

function planOf(all: readonly SuggestMachine[], call: CallRef | undefined): SuggestPlan {
  const { supported: machines, unsupported } = supportedOnly(all, (m) => m.table.engine);
  const first = machines[0];
  if (first === undefined) throw new SuggestError('no scenario to work on');
  const order = first.table.engine.base;
  const names = order.map((s) => s.call);
  for (const m of machines) {
    if (m.table.engine.base.map((s) => s.call).join(' ') !== names.join(' ')) {
      throw new SuggestError(`${m.name} has another setup_arch order than ${first.name}: windows over a matrix need one order (compare them one by one, or with bisect)`);
    }
  }
  const replaysBefore = machines.reduce((n, m) => n + m.table.engine.replays, 0);
  const targets = targetsOf(machines);
  let positions: number[];
  if (call !== undefined) {
    const at = indexOfRef(names, call);
    if (at < 0) {
      const times = names.filter((n) => n === call.name).length;
      // the name is there, fewer times than the occurrence asks: say so, not a similar name
      if (times > 0) throw new SuggestError(`--call ${occurrenceMiss(call.name, call.occurrence, times, `setup_arch of ${first.name}`)}`);
      // a call of the catalog that the order lacks is no typo: say what suggest places instead of a similar name
      const engine = first.table.engine;
      const defined = Object.hasOwn(engine.scenario.defined, call.name);
      const available = defined ? { ok: true as const } : engine.plugin.callNames.includes(call.name) ? engine.plugin.availability(call.name, engine.scenario.kernel) : undefined;
      // a call this kernel lacks cannot be added: say why, as the loader would
      // a typo of NAME#N is offered that occurrence, when the order has it (call-text.ts), not the first (break-250 N5)
      const hint = available === undefined ? callDidYouMean(callRefText(call), [...new Set(names)], 'ref', (name) => names.filter((n) => n === name).length)
        : available.ok ? `; suggest places the calls an order has: add ${call.name} to setup_arch first (or patch: insert it) to see where it may go`
          : `; ${available.reason}`;
      throw new SuggestError(`--call ${call.name}${call.occurrence > 1 ? `#${call.occurrence}` : ''}: not in setup_arch of ${first.name}${hint}`);
    }
    positions = [at];
  } else {
    positions = [];
    for (const t of targets) for (const s of t.steps) if (!positions.includes(s.index - 1)) positions.push(s.index - 1);
  }
  const work: PlannedWork = {
    replays: positions.length * names.length * machines.length,
    steps: names.length,
    findings: machines.reduce((n, m) => n + positions.length * names.length * (m.table.own.findings.size + 1), 0),
    events: machines.reduce((n, m) => n + positions.length * names.length * (m.table.engine.ownEventCount + m.table.own.findings.size), 0),
  };
  return { machines, unsupported, order, names, targets, positions, replaysBefore, work };
}

/**
 * @param call a call to place ("vmi_init", "parse_early_param#2"); by default the calls of every error finding
 * @param pairs the command's pair-search steps left, shared by its groups (spent here: the search stops when it runs out)
 * @throws SuggestError when the machines do not share one order or the call is not in it
 * @throws UnsupportedError when the kernel can build or run none of the machines
 */
export function suggest(all: readonly SuggestMachine[], call?: CallRef, pairs: PairBudget = pairBudget()): SuggestReport {
  // this group's share of the pair searches' budget, taken before anything can throw: the later groups' shares follow
  const share = { steps: Math.floor(pairs.steps / pairs.groups), events: Math.floor(pairs.events / pairs.groups) };
  pairs.groups = Math.max(1, pairs.groups - 1);
  const plan = checkedPlan(all, call);
  const { machines, positions } = plan;
  const { unsupported, order, targets, replaysBefore } = plan;
  const calls = positions.map((from) => callReport(machines, from));
  // errors no single move removes (with --call: those of the named call that moving it does not remove)
  const stuck = targets.filter((t) => {
    const movable = t.steps.map((s) => s.index - 1).filter((p) => positions.includes(p));
    return movable.length > 0 && !movable.some((p) => removable(machines, t, p));
  });
  let pairReport: PairReport | undefined;
  if (stuck.length > 0) pairReport = pairSearch(machines, stuck, 'stuck', pairs, share);
  else if (call === undefined && targets.length > 1 && !clearsAll(machines, positions, targets)) pairReport = pairSearch(machines, targets, 'together', pairs, share);
  const replays = machines.reduce((n, m) => n + m.table.engine.replays, 0) - replaysBefore;
  const file = oneFileOf(machines.map((m) => m.table.engine.scenario));
  return { machines: machines.map((m) => m.name), ...(file !== undefined ? { file } : {}), unsupported, order, targets, unplaceable: unplaceableOf(machines), calls, ...(pairReport !== undefined ? { pairs: pairReport } : {}), replays };
}

/** The error findings of the machines' own orders that name no call of setup_arch(), merged by key. */
function unplaceableOf(machines: readonly SuggestMachine[]): SuggestReport['unplaceable'] {
  const out = new Map<string, { key: string; rule: string; machines: string[] }>();
  for (const m of machines) {
    for (const [key, v] of m.table.own.findings) {
      if (v.severity !== 'error' || involvedPositions(v).length > 0) continue;
      const entry = out.get(key) ?? { key, rule: v.rule, machines: [] };
      entry.machines.push(m.name);
      out.set(key, entry);
    }
  }
  return [...out.values()];
}

/**
 * Up to which step the kernel gets before the first finding that halts it (reachedUpTo), or
 * Infinity: an error at a later step is one the kernel never reaches (run
 * marks it afterHalt and searches no fix for it), so suggest places the
 * calls of the errors before it only.
 */
function haltAt(findings: Iterable<Verdict>): number {
  let at = Number.POSITIVE_INFINITY;
  for (const v of findings) {
    const h = haltPoint(v);
    if (h !== undefined) at = Math.min(at, reachedUpTo(v, h));
  }
  return at;
}

/** The error findings of the machines' own orders that the kernel reaches, merged by key. */
function targetsOf(machines: readonly SuggestMachine[]): Target[] {
  const out = new Map<string, { t: Omit<Target, 'machines'>; machines: string[] }>();
  for (const m of machines) {
    const order = m.table.engine.base;
    const halt = haltAt(m.table.own.findings.values());
    for (const [key, v] of m.table.own.findings) {
      if (v.severity !== 'error' || v.step.index > halt) continue;
      const involved = involvedPositions(v);
      if (involved.length === 0) continue;
      const entry = out.get(key);
      if (entry !== undefined) {
        entry.machines.push(m.name);
        continue;
      }
      out.set(key, { t: { key, rule: v.rule, steps: involved.map((i) => order[i] as Step) }, machines: [m.name] });
    }
  }
  return [...out.values()].map(({ t, machines }) => ({ ...t, machines }));
}

function intersect(sets: readonly (readonly string[])[]): Set<string> {
  const [head, ...rest] = sets;
  const out = new Set(head ?? []);
  for (const s of rest) for (const k of [...out]) if (!s.includes(k)) out.delete(k);
  return out;
}

/** Per machine: the findings that depend on the call's position, slot by slot. */
interface Column {
  readonly machine: SuggestMachine;
  readonly slots: readonly Judgement[];
  readonly everyErrors: ReadonlySet<string>;
  readonly everyWarnings: ReadonlySet<string>;
}

function warningKeys(j: Judgement): string[] {
  const out: string[] = [];
  for (const [k, v] of j.findings) if (v.severity === 'warning') out.push(k);
  return out;
}

/**
 * The errors that keep position k from being a window, by machine: those the kernel reaches there
 * (reached.ts: none after a halt the move makes; helper-184 3 listed findings past it as what the position breaks).
 */
function blockersAt(cols: readonly Column[], k: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of cols) {
    const reached = reachedOf(c.slots[k] as Judgement, c.machine.table.own);
    for (const key of errorKeys(c.slots[k] as Judgement)) {
      if (c.everyErrors.has(key) || !reached.has(key)) continue;
      const ms = out.get(key) ?? [];
      ms.push(c.machine.name);
      out.set(key, ms);
    }
  }
  return out;
}

function warningsAt(cols: readonly Column[], k: number): Map<string, { machines: string[]; harmless: boolean; rule: string }> {
  const out = new Map<string, { machines: string[]; harmless: boolean; rule: string }>();
  for (const c of cols) {
    const j = c.slots[k] as Judgement;
    const reached = reachedOf(j, c.machine.table.own);
    for (const key of warningKeys(j)) {
      if (c.everyWarnings.has(key) || !reached.has(key)) continue;
      const v = j.findings.get(key);
      if (v === undefined) continue;
      const e = out.get(key) ?? { machines: [], harmless: v.harmless === true, rule: v.rule };
      e.machines.push(c.machine.name);
      e.harmless &&= v.harmless === true;
      out.set(key, e);
    }
  }
  return out;
}

/** A canonical text of "which findings, on which machines", to compare positions. */
function signature(m: ReadonlyMap<string, readonly string[]>): string {
  return [...m.entries()].map(([k, machines]) => `${k}@${machines.join('+')}`).sort().join(';');
}

/**
 * Formats the findings with these keys at one position: one full replay per
 * machine that has one of them, so that a line standing for several machines
 * never quotes one machine's addresses for all (helper-176).
 */
function explain(cols: readonly Column[], from: number, k: number, keys: ReadonlyMap<string, readonly string[]>): Found[] {
  const first = new Map<string, Finding>();
  // key → message → the machines that word it so, in machine order
  const wordings = new Map<string, Map<string, string[]>>();
  for (const c of cols) {
    if (![...keys.values()].some((ms) => ms.includes(c.machine.name))) continue;
    const { findings } = c.machine.table.engine.findings(c.machine.table.orderAt(from, k));
    findingKeys(findings).forEach((key, i) => {
      const f = findings[i];
      if (f === undefined || keys.get(key)?.includes(c.machine.name) !== true) return;
      if (!first.has(key)) first.set(key, f);
      const byText = wordings.get(key) ?? new Map<string, string[]>();
      wordings.set(key, byText);
      const ms = byText.get(f.message);
      if (ms === undefined) byText.set(f.message, [c.machine.name]);
      else if (!ms.includes(c.machine.name)) ms.push(c.machine.name);
    });
  }
  return [...keys.entries()].map(([key, machines]) => {
    const f = first.get(key);
    const texts = [...(wordings.get(key) ?? new Map<string, string[]>()).entries()];
    return {
      key, rule: f?.rule ?? key.split('|')[0] ?? key, severity: f?.severity ?? 'error', harmless: f?.harmless === true, machines,
      ...(f !== undefined ? { message: f.message } : {}),
      ...(texts.length > 1 ? { messages: texts.map(([message, ms]) => ({ message, machines: ms })) } : {}),
    };
  });
}

function callReport(machines: readonly SuggestMachine[], from: number): CallReport {
  const order = (machines[0] as SuggestMachine).table.engine.base;
  const rest = restOf(order, from);
  const n = order.length;
  const cols: Column[] = machines.map((machine) => {
    const slots = machine.table.slots(from);
    return { machine, slots, everyErrors: intersect(slots.map(errorKeys)), everyWarnings: intersect(slots.map(warningKeys)) };
  });
  const blockers = Array.from({ length: n }, (_, k) => blockersAt(cols, k));
  const ok = blockers.map((b) => b.size === 0);
  const every = new Map<string, { rule: string; machines: string[] }>();
  for (const c of cols) {
    for (const key of c.everyErrors) {
      const e = every.get(key) ?? { rule: c.slots[from]?.findings.get(key)?.rule ?? key, machines: [] };
      e.machines.push(c.machine.name);
      every.set(key, e);
    }
  }
  const everywhere: Found[] = [...every.entries()].map(([key, e]) => ({ key, rule: e.rule, severity: 'error', harmless: false, machines: e.machines }));
  // warnings that hold wherever the call goes, listed like those errors: a window's "warning-free" part is
  // free of the warnings its position decides, and these say what no position of this call removes
  const everyWarning = new Map<string, { rule: string; harmless: boolean; machines: string[] }>();
  for (const c of cols) {
    for (const key of c.everyWarnings) {
      const v = c.slots[from]?.findings.get(key);
      const e = everyWarning.get(key) ?? { rule: v?.rule ?? key, harmless: v?.harmless === true, machines: [] };
      e.machines.push(c.machine.name);
      everyWarning.set(key, e);
    }
  }
  for (const [key, e] of everyWarning) everywhere.push({ key, rule: e.rule, severity: 'warning', harmless: e.harmless, machines: e.machines });
  const windows: Window[] = [];
  for (let lo = 0; lo < n; lo++) {
    if (!ok[lo]) continue;
    let hi = lo;
    while (hi + 1 < n && ok[hi + 1]) hi++;
    windows.push(windowOf(cols, order, rest, from, lo, hi, blockers, ok));
    lo = hi;
  }
  const blocked: BlockedRun[] = [];
  let blockedMore = 0;
  if (windows.length === 0) {
    for (let lo = 0; lo < n; lo++) {
      const sig = signature(blockers[lo] as Map<string, string[]>);
      let hi = lo;
      while (hi + 1 < n && signature(blockers[hi + 1] as Map<string, string[]>) === sig) hi++;
      if (blocked.length < MAX_BLOCKED_RUNS) {
        blocked.push({ lo, hi, text: lo === 0 && hi === n - 1 ? 'anywhere' : slotRangeText(rest, lo, hi), findings: explain(cols, from, lo === from && hi > lo ? lo + 1 : lo, blockers[lo] as Map<string, string[]>) });
      } else blockedMore++;
      lo = hi;
    }
  }
  return { call: order[from] as Step, ref: refOf(order, from), everywhere, windows, blocked, blockedMore };
}

function refOf(order: readonly Step[], at: number): CallRef {
  const name = (order[at] as Step).call;
  return { name, occurrence: order.slice(0, at + 1).filter((s) => s.call === name).length };
}

function windowOf(
  cols: readonly Column[], order: readonly Step[], rest: readonly Step[], from: number, lo: number, hi: number,
  blockers: readonly Map<string, string[]>[], ok: readonly boolean[],
): Window {
  const parts: Part[] = [];
  const atSlot = new Map<number, { w: ReturnType<typeof warningsAt>; sig: string }>();
  const warningsOf = (k: number): { w: ReturnType<typeof warningsAt>; sig: string } => {
    let x = atSlot.get(k);
    if (x === undefined) {
      const w = warningsAt(cols, k);
      x = { w, sig: signature(new Map([...w.entries()].map(([key, v]) => [key, v.machines]))) };
      atSlot.set(k, x);
    }
    return x;
  };
  for (let a = lo; a <= hi; a++) {
    const { w, sig } = warningsOf(a);
    let b = a;
    while (b + 1 <= hi && warningsOf(b + 1).sig === sig) b++;
    const warnings: Found[] = [...w.entries()].map(([key, v]) => ({ key, rule: v.rule, severity: 'warning', harmless: v.harmless, machines: v.machines }));
    parts.push({ lo: a, hi: b, text: slotRangeText(rest, a, b), warnings, warningFree: warnings.every((x) => x.harmless) });
    a = b;
  }
  const below = lo > 0 ? { call: rest[lo - 1] as Step, slot: lo - 1, findings: explain(cols, from, lo - 1, blockers[lo - 1] as Map<string, string[]>) } : undefined;
  const above = hi < order.length - 1 ? { call: rest[hi] as Step, slot: hi + 1, findings: explain(cols, from, hi + 1, blockers[hi + 1] as Map<string, string[]>) } : undefined;
  const current = from >= lo && from <= hi;
  let move: OrderEdit | undefined;
  let adds: Found[] = [];
  if (!current) {
    const effect = (call: string): boolean => cols.some((c) => c.machine.table.engine.hasEffect(call));
    let best: { k: number; score: number[]; adds: Found[] } | undefined;
    for (let k = lo; k <= hi; k++) {
      let hazards = 0;
      let harmless = 0;
      for (const c of cols) {
        const j = c.slots[k] as Judgement;
        hazards += j.warnings;
        harmless += j.harmless;
      }
      const added = addedAt(cols, k);
      // a position run's fix search would take first: one that adds no missing prerequisite
      const score = [added.length > 0 ? 1 : 0, hazards, harmless, displacement(order, from, k, effect), Math.abs(k - from)];
      if (best === undefined || compareScores(score, best.score) < 0) best = { k, score, adds: added };
    }
    if (best !== undefined) {
      move = moveEdit(order.map((s) => s.call), from, best.k, sideOf(ok, best.k));
      adds = best.adds;
    }
  }
  return {
    lo, hi, text: lo === 0 && hi === order.length - 1 ? 'anywhere' : slotRangeText(rest, lo, hi), parts,
    ...(below !== undefined ? { below } : {}), ...(above !== undefined ? { above } : {}), current, ...(move !== undefined ? { move } : {}),
    ...(adds.length > 0 ? { adds } : {}),
  };
}

/**
 * What the call at slot k adds on each machine that keeps the order from
 * being a fix, by run's own check (fix-hints.ts addedBlockers against the
 * machine's order), merged by key.
 */
function addedAt(cols: readonly Column[], k: number): Found[] {
  const out = new Map<string, { key: string; rule: string; severity: Severity; harmless: boolean; machines: string[] }>();
  for (const c of cols) {
    const own = c.machine.table.own;
    const blockers = addedBlockers(c.slots[k] as Judgement, new Set(errorKeys(own)), own.findings);
    if (blockers.length === 0) continue;
    const keys = new Map([...(c.slots[k] as Judgement).findings].map(([key, v]) => [v, key]));
    for (const v of blockers) {
      const key = keys.get(v) ?? v.rule;
      const e = out.get(key) ?? { key, rule: v.rule, severity: v.severity, harmless: v.harmless === true, machines: [] };
      e.machines.push(c.machine.name);
      out.set(key, e);
    }
  }
  return [...out.values()];
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function sideOf(ok: readonly boolean[], k: number): 'after' | 'before' | 'nearest' {
  if (k > 0 && ok[k - 1] !== true) return 'after';
  if (k < ok.length - 1 && ok[k + 1] !== true) return 'before';
  return 'nearest';
}

/** Whether some position of the call removes the finding on every machine that has it. */
function removable(machines: readonly SuggestMachine[], t: Target, from: number): boolean {
  const on = machines.filter((m) => t.machines.includes(m.name));
  const n = (machines[0] as SuggestMachine).table.size;
  for (let k = 0; k < n; k++) if (on.every((m) => !findingStays(m.table.slots(from)[k] as Judgement, t.key, m.table.own.findings.get(t.key)))) return true;
  return false;
}

/** The errors an order may keep on each machine: its own, less the targets (errors no move of these calls can touch). */
function baselines(machines: readonly SuggestMachine[], targets: readonly Target[]): Set<string>[] {
  const keys = new Set(targets.map((t) => t.key));
  return machines.map((m) => new Set(errorKeys(m.table.own).filter((k) => !keys.has(k))));
}

/** Whether one single move (of a call at one of `positions`) removes every target on every machine without a new error. */
function clearsAll(machines: readonly SuggestMachine[], positions: readonly number[], targets: readonly Target[]): boolean {
  const baseline = baselines(machines, targets);
  const n = (machines[0] as SuggestMachine).table.size;
  for (const from of positions) {
    for (let k = 0; k < n; k++) {
      if (machines.every((m, mi) => errorKeys(m.table.slots(from)[k] as Judgement).every((key) => (baseline[mi] as Set<string>).has(key)))) return true;
    }
  }
  return false;
}

/**
 * The orders' answer: the calls that are not inert on some machine
 * (ReplayEngine.inert), in the order's sequence. Orders with the same answer
 * replay alike on every machine (an inert call changes nothing and emits
 * nothing wherever it is): they differ only in where a moved call lands
 * among calls without an effect.
 */
function answerOf(order: readonly Step[], inert: ReadonlySet<Step>): string {
  let out = '';
  for (const s of order) if (!inert.has(s)) out += `${s.index},`;
  return out;
}

/** How far the moved calls are from where the order has them, in positions. */
function distance(base: readonly Step[], order: readonly Step[], moved: ReadonlySet<Step>): number {
  let d = 0;
  for (const s of moved) d += Math.abs(order.indexOf(s) - base.indexOf(s));
  return d;
}

/**
 * Moves of two calls, for errors no single move removes, or that no single
 * move removes together: the orders that remove them on every machine and
 * add no error. The calls tried first are those most of the errors name
 * (at most MAX_SUGGEST_PAIR_CALLS of them). Orders that differ only in where
 * a call lands among calls inert on every machine are one answer (answerOf),
 * reported once: the one whose moved calls stay closest to where they were
 * (the first tried of those).
 */
function pairSearch(machines: readonly SuggestMachine[], stuck: readonly Target[], reason: PairReport['reason'], budget: PairBudget, share: { readonly steps: number; readonly events: number }): PairReport {
  const order = (machines[0] as SuggestMachine).table.engine.base;
  const positions: number[] = [];
  for (const t of stuck) for (const s of t.steps) if (!positions.includes(s.index - 1)) positions.push(s.index - 1);
  const named = (p: number): number => stuck.filter((t) => t.steps.some((s) => s.index - 1 === p)).length;
  // stable: ties keep the order the errors name them in
  const calls = positions.map((p, i) => ({ p, i, n: named(p) })).sort((a, b) => b.n - a.n || a.i - b.i).map((x) => x.p).slice(0, MAX_SUGGEST_PAIR_CALLS);
  // the errors an order may keep: the machine's own, less the ones to remove
  const baseline = baselines(machines, stuck);
  const found = new Map<string, { order: Step[]; moved: Set<Step>; warnings: Map<string, Found>; score: number[] }>();
  const inert = new Set(order.filter((s) => machines.every((m) => m.table.engine.inert(s.call))));
  let tried = 0;
  let stopped = false;
  // An order is charged what judging it made: its trace's events and its findings (ReplayEngine.judgedEvents;
  // nothing for an order judged before). The next order is expected to cost what the machines' own replays
  // do. Charged at the own replay's alone, an order whose own replay is cheap but whose moved orders are not
  // (arm64 memblock filled only at the end, 2,041 banks) ran 31 s on one machine and 69 s on 60 (break-206 F6).
  const perCandidate = machines.reduce((n, m) => n + m.table.engine.ownEventCount + m.table.own.findings.size, 0);
  // the command's work in all stays within MAX_PLANNED_EVENTS: the pair search has what the single moves made so far
  // and the ones the later groups planned leave (JudgedWork.left)
  const work = (machines[0] as SuggestMachine).table.kept.work;
  const limit = Math.min(share.events, work.left);
  // what the orders judged here made (MoveTable.judgeOrder counts it as the command's work)
  const madeBefore = work.made;
  const effect = (call: string): boolean => machines.some((m) => m.table.engine.hasEffect(call));
  outer:
  for (let a = 0; a < calls.length; a++) {
    for (let b = a + 1; b < calls.length; b++) {
      const x = order[calls[a] as number] as Step;
      const y = order[calls[b] as number] as Step;
      const rest = order.filter((s) => s !== x && s !== y);
      for (let i = 0; i <= rest.length; i++) {
        const withX = [...rest.slice(0, i), x, ...rest.slice(i)];
        for (let j = 0; j <= withX.length; j++) {
          const candidate = [...withX.slice(0, j), y, ...withX.slice(j)];
          if (candidate.every((s, n) => s === order[n])) continue;
          if (tried + machines.length > MAX_SUGGEST_PAIR_REPLAYS || (tried + machines.length) * order.length > share.steps || work.made - madeBefore + perCandidate > limit) { stopped = true; break outer; }
          let good = true;
          const warnings = new Map<string, { key: string; rule: string; severity: 'warning'; harmless: boolean; machines: string[] }>();
          let hazards = 0;
          for (const [mi, m] of machines.entries()) {
            tried++;
            const jm = m.table.judgeOrder(candidate);
            if (errorKeys(jm).some((k) => !(baseline[mi] as Set<string>).has(k))) { good = false; break; }
            hazards += jm.warnings;
            for (const [k, v] of jm.findings) {
              if (v.severity !== 'warning') continue;
              const w = warnings.get(k);
              if (w !== undefined) w.machines.push(m.name);
              else warnings.set(k, { key: k, rule: v.rule, severity: 'warning', harmless: v.harmless === true, machines: [m.name] });
            }
          }
          if (!good) continue;
          const cost = jumped(order, candidate, x, effect) + jumped(order, candidate, y, effect);
          const moved = new Set([x, y]);
          const answer = answerOf(candidate, inert);
          const score = [hazards, cost, distance(order, candidate, moved)];
          const same = found.get(answer);
          // one answer, kept where it was first found (the report order stays the enumeration's)
          if (same === undefined || compareScores(score, same.score) < 0) found.set(answer, { order: candidate, moved, warnings, score });
        }
      }
    }
  }
  budget.steps -= tried * order.length;
  budget.events -= work.made - madeBefore;
  const answers = [...found.values()].sort((p, q) => compareScores(p.score.slice(0, 2), q.score.slice(0, 2)));
  const moves = answers.slice(0, MAX_PAIR_RESULTS).map((p) => ({
    edits: movesToReach(order, p.order, p.moved, (s) => s.call),
    warnings: [...p.warnings.values()],
  }));
  return { reason, stuck, calls: calls.map((c) => stepLabel(order[c] as Step)), tried, stopped, moves };
}
