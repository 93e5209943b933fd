/**
 * The many-replay engine (DESIGN §8): replays of one scenario's machine with
 * other setup_arch() orders, where orders that share a prefix with the
 * scenario's own order share its work.
 *
 * The engine replays the scenario once (when an order is first judged, not
 * when it is built) and keeps a snapshot of the model state after every step
 * (the plug-in's clone()) together with the length of the event trace at
 * that point. An order whose first p calls are the
 * scenario's first p calls (the very same Step objects) resumes from snapshot
 * p: a copy of the state, the first events, and only the suffix is replayed.
 * Every single-call move of an n-call order therefore costs about the
 * suffixes, not n whole replays. Pure and deterministic: no I/O, no clocks.
 *
 * Once an order is the scenario's own again (the same Steps to the end), the
 * engine asks the plug-in after each step whether the state has rejoined
 * the recorded one (ArchPlugin.sameState), up to the renumbering: a call
 * that moved gives the calls it passed other step numbers, and the state
 * remembers steps (which one wrote a page-table entry), so the states are
 * compared step by step of the order, not by number. On a rejoin the rest
 * of the trace is the recording, with the StepRefs of the renumbered steps
 * exchanged wherever the recorded suffix and final state hold them
 * (step-paths.ts: found by identity in the plain trace data, architecture-
 * neutral).
 *
 * A scenario the plug-in halts (ArchPlugin.init returns `halt`: no kernel
 * these sources build) is replayed by no order: every order's trace is the
 * halted one, with its steps listed, so only the rules that check halted
 * replays (RuleMeta.checksHalted) judge it, as in src/replay/replay.ts.
 */
import { lowerBound } from '../ascending.js';
import type { ArchPlugin } from '../arch/types.js';
import { limitedEmit } from '../replay/event-limit.js';
import { recordedEventIndex, spliceEventIndex, type EventIndex } from '../replay/event-index.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import type { StepRef, Trace, TraceEvent } from '../replay/trace.js';
import { check, verdicts } from '../rules/index.js';
import type { Finding, Rule, Verdict } from '../rules/types.js';
import type { Scenario, Step } from '../scenario/types.js';
import { stepPaths, swapSteps, type StepPath } from './step-paths.js';

interface Snapshot {
  readonly state: unknown;
  /** how many events the trace had at this point */
  readonly events: number;
}

/** The scenario's own replay as the engine keeps it (record()). */
interface Recording {
  /** after the implicit steps, then after each base step */
  readonly snapshots: readonly Snapshot[];
  readonly events: readonly TraceEvent[];
  /** implicit steps, then one StepRef per base step */
  readonly refs: readonly StepRef[];
  /** how many implicit steps lead `refs` */
  readonly implicit: number;
  /** why the plug-in stopped before setup_arch(), when it did: no step is ever applied then */
  readonly halted: string | undefined;
}

/** Replays the scenario's own order once, keeping the state (plugin.clone) after every step. */
function record(plugin: ArchPlugin, scenario: Scenario): Recording {
  const snapshots: Snapshot[] = [];
  const events: TraceEvent[] = [];
  const refs: StepRef[] = [];
  const emit = limitedEmit(scenario, events, DEFAULT_LIMITS.maxEvents);
  const { state, implicit, halt } = plugin.init(scenario, emit);
  for (const r of implicit) refs.push(r);
  snapshots.push({ state: plugin.clone(state), events: events.length });
  for (const s of scenario.steps) {
    const ref: StepRef = { index: s.index, name: s.call, pos: s.pos, implicit: false };
    refs.push(ref);
    if (halt === undefined) plugin.apply(state, ref, emit);
    snapshots.push({ state: plugin.clone(state), events: events.length });
  }
  return { snapshots, events, refs, implicit: implicit.length, halted: halt };
}

/**
 * An order as the engine takes it: Step objects in order. Steps taken from
 * the scenario (engine.base) keep their identity, which is how the engine
 * finds the shared prefix; their `index` is renumbered for the new order.
 */
export type Order = readonly Step[];

/** Where the recorded trace holds StepRefs. */
interface Recorded {
  /** in the final part of the trace (not its steps, events or scenario) */
  readonly final: readonly StepPath[];
  /** the StepRefs found there, once each */
  readonly finalSteps: readonly StepRef[];
  /** the events that hold other StepRefs than their own step, ascending, and where */
  readonly eventAt: readonly number[];
  readonly event: readonly (readonly StepPath[])[];
  /** per event: every StepRef it holds, its own step included */
  readonly all: readonly (readonly StepPath[])[];
  /** per event: the position of the base step whose replay emitted it (-1: an implicit step) */
  readonly owner: readonly number[];
  /** per event: it holds no StepRef but its own, which is its owner's */
  readonly onlyOwn: readonly boolean[];
  /**
   * The events finish() added after the recorded ones (arm64, riscv: mm_init()'s need on the last
   * setup_arch() step), each with where it holds StepRefs
   */
  readonly added: readonly { readonly event: TraceEvent; readonly paths: readonly StepPath[] }[];
}

/**
 * renumbering(): the order's positions of the base steps it renumbers, then
 * their base positions. The engine's one scratch array (valid until the next
 * order: nothing keeps it past the verdicts() or trace() call it is made for).
 */
type Moved = Int32Array;

/** A recorded StepRef → the order's StepRef of the same step, or undefined when it keeps its number. */
type Swap = (y: StepRef) => StepRef | undefined;

/** A base step at another number, for renumbered orders (ReplayEngine.renumbered1). */
interface Renumbered {
  readonly step: Step;
  readonly ref: StepRef;
  /** recorded events (emitted by this step) with this StepRef, by position: renumberedEvent(), made on first use */
  copies: Map<number, TraceEvent> | undefined;
}

export class ReplayEngine {
  /** the scenario's own order */
  readonly base: Order;
  /** replays run so far (the scenario's own replay included), for reports and benches */
  replays = 0;
  /** replays that rejoined the recorded one before the end (ArchPlugin.sameState) */
  rejoined = 0;
  /** the scenario's own replay with its snapshots, made on first use (record()) */
  private recording: Recording | undefined;
  private baseTrace: Trace | undefined;
  /**
   * the scenario's Steps are numbered 1 … n in order (always, for a loaded
   * scenario), so a base Step's position is its index - 1 (basePosOf); when
   * not, a reordered order only rejoins a state that holds none of its
   * renumbered steps
   */
  private readonly numberedInOrder: boolean;
  /** where the recorded trace holds StepRefs, found on the first rejoin that renumbers (see recorded()) */
  private paths: Recorded | undefined;
  /** per base step: the call is inert on this scenario (ArchPlugin.inert) */
  private readonly inertAt: readonly boolean[];
  /** replays answered by renumbering the recording (orders that differ only in where inert calls are) */
  renumbered = 0;
  /** [base position][step number]: renumbered1() */
  private readonly numbered: ((Renumbered | undefined)[] | undefined)[] = [];
  /** finalTrace(): the recorded final part, by the numbers of the steps it names */
  private readonly finals = new Map<number | string, Trace>();
  /**
   * The state of the last replayed permutation part-way (replayFrom), for
   * the next order with the same first `at` steps: every permutation names
   * its steps alike (the shared StepRefs of renumbered1 and the scenario's
   * own), so those steps replay to the same state and events. `events`,
   * `steps` and `refs` are that replay's arrays, read up to `eventCount`
   * and `at` (later entries are its own); its first `recordedEvents` events
   * are the recording's (spliceEventIndex).
   */
  private cont: { readonly order: Order; readonly at: number; readonly state: unknown; readonly events: readonly TraceEvent[]; readonly eventCount: number; readonly recordedEvents: number; readonly steps: readonly Step[]; readonly refs: readonly StepRef[] } | undefined;
  /** replays that started from a continuation (cont) rather than a snapshot of the recording */
  continued = 0;
  /**
   * Trace events of the orders verdicts() judged, the scenario's own included: each order's whole trace
   * (the recording's length for one that is the recording renumbered). The work a search really did,
   * where the planned work estimates every order at ownEventCount (suggest's pair search: break-206 F6).
   */
  judgedEvents = 0;
  /** renumbering()'s array */
  private scratch = new Int32Array(0);
  /** recordedIndex() */
  private recIndex: EventIndex<TraceEvent> | undefined;
  /** rulePlan() */
  private plan: { readonly reuse: readonly (readonly Verdict[] | null)[]; readonly skip: Uint8Array } | undefined;

  /**
   * Replays nothing: the scenario's own replay and its snapshots are made
   * when an order is first judged (record()). A caller that finds the order
   * too long for any search (orderTooLong) asks for nothing, and pays
   * nothing: the snapshots of an order are O(steps × state), which for 2,048
   * arm64 paging_init calls (each adding its tables to the state) ran V8 out
   * of heap at 4.3 GB before the fix search even looked at the length
   * (review 17b, 2.1).
   */
  constructor(readonly plugin: ArchPlugin, readonly scenario: Scenario) {
    this.base = scenario.steps;
    // the scenario's own replay counts as run (record() runs it when first needed): a caller's
    // replays - before is the same whenever that happens
    this.replays = 1;
    this.numberedInOrder = this.base.every((st, i) => st.index === i + 1);
    const inert = plugin.inert;
    this.inertAt = this.base.map((st) => inert !== undefined && inert.call(plugin, st.call, scenario));
  }

  /** The recording (made on first use): the scenario's own replay, with a snapshot after every step. */
  private get rec(): Recording {
    return (this.recording ??= record(this.plugin, this.scenario));
  }

  private get snapshots(): readonly Snapshot[] {
    return this.rec.snapshots;
  }

  /** How many events the scenario's own replay has (implicit steps included): the measure of a step's work (fix-hints.ts). */
  get ownEventCount(): number {
    return this.rec.events.length;
  }

  private get events(): readonly TraceEvent[] {
    return this.rec.events;
  }

  /** implicit steps, then one StepRef per base step */
  private get refs(): readonly StepRef[] {
    return this.rec.refs;
  }

  private get implicit(): number {
    return this.rec.implicit;
  }

  /** why the plug-in stopped before setup_arch(), when it did: no step is ever applied then */
  get halted(): string | undefined {
    return this.rec.halted;
  }

  /** How many leading steps an order shares with the scenario's (by identity). */
  sharedPrefix(order: Order): number {
    // the base in a local: this runs for every order judged, over about half its steps
    const base = this.base;
    const max = Math.min(order.length, base.length);
    let p = 0;
    while (p < max && order[p] === base[p]) p++;
    return p;
  }

  /** The trace of an order on this scenario's machine, kernel and config. */
  trace(order: Order): Trace {
    const { trace } = this.traceOf(order);
    return typeof trace === 'function' ? trace() : trace;
  }

  /**
   * trace(), and for a renumbered order the StepRef exchange that makes it
   * from the recording, with the trace itself made only when asked (a
   * function): verdicts() reuses the recorded verdicts of most rules for
   * such an order, and often needs no trace at all.
   */
  private traceOf(order: Order): { trace: Trace | (() => Trace); swap?: Swap; permutation?: true } {
    const p = this.sharedPrefix(order);
    if (p === order.length && p === this.base.length) return { trace: this.ownTrace() };
    if (this.halted !== undefined) return { trace: this.haltedTrace(order) };
    const snap = this.snapshots[p];
    if (snap === undefined) throw new RangeError(`no snapshot after step ${p}`);
    this.replays++;
    // from `tail` on the order is the scenario's own again
    const tail = this.sharedSuffix(order);
    // the order's positions of the base steps p … tail-1, when the order renumbers them (a permutation)
    let moved: Moved | null | undefined = order.length === this.base.length ? this.renumbering(order, p, tail) : undefined;
    if (moved !== null && moved !== undefined && this.sameEffects(order, p, tail)) {
      this.renumbered++;
      const swap = this.swapper(p, tail, moved);
      // `moved` is the scratch array: the trace, when asked, is made before the next order
      return { trace: () => this.renumber(p, tail, moved, swap), swap, permutation: true };
    }
    const trace = this.replayFrom(order, p, tail, moved, snap);
    // the same Steps in another order (moved: their new positions), so the same calls
    return moved instanceof Int32Array ? { trace, permutation: true } : { trace };
  }

  /** trace() for an order that is not the recording renumbered: resume after the shared prefix, rejoin where the state does. */
  private replayFrom(order: Order, p: number, tail: number, movedIn: Moved | null | undefined, snap: Snapshot): Trace {
    let moved = movedIn;
    const cont = this.cont;
    // where the replay starts: after the shared prefix, or later, where the last permutation replayed left off
    let start = p;
    let state: unknown;
    let events: TraceEvent[];
    let refs: StepRef[];
    let steps: Step[];
    // how many leading events are the recording's own (copied from it): the event index takes their kinds from it
    let recordedEvents: number;
    if (cont !== undefined && cont.at > p && moved instanceof Int32Array && sameUpTo(order, cont.order, cont.at)) {
      // taken, not copied: the next order that can use a continuation is this one's
      this.cont = undefined;
      this.continued++;
      start = cont.at;
      state = cont.state;
      events = cont.events.slice(0, cont.eventCount);
      refs = cont.refs.slice(0, this.implicit + start);
      steps = cont.steps.slice(0, start);
      recordedEvents = cont.recordedEvents;
    } else {
      state = this.plugin.clone(snap.state);
      events = this.events.slice(0, snap.events);
      refs = this.refs.slice(0, this.implicit + p);
      steps = this.base.slice(0, p);
      recordedEvents = snap.events;
    }
    const emit = limitedEmit(this.scenario, events, DEFAULT_LIMITS.maxEvents);
    // once the state has rejoined the recorded one after `tail`, the rest of the replay is the recording
    const sameState = this.plugin.sameState;
    const implicit = this.implicit;
    const ownRefs = this.refs;
    const base = this.base;
    // x held by the replayed state, y by the recorded one: the same step of the order
    const sameStep = (x: StepRef, y: StepRef): boolean => {
      if (x === y) return true;
      if (moved === null || moved === undefined || x.implicit || y.implicit) return false;
      const j = x.index - 1;
      const b = y.index - 1;
      return refs[implicit + j] === x && ownRefs[implicit + b] === y && order[j] === base[b];
    };
    let nextCheck = 0;
    let gap = 1;
    for (let i = start; i < order.length; i++) {
      const item = order[i];
      if (item === undefined) continue;
      if (i === tail - 1 && i > start && moved instanceof Int32Array && item !== base[i - 1]) {
        // A permutation whose window ends in a step that is not the base's run shifted by one (a call
        // moved later: base steps p+1 … tail-1, then the call). The next such move of the same call,
        // one place later, has these first i steps too: keep the state here (continuation).
        this.cont = { order, at: i, state: this.plugin.clone(state), events, eventCount: events.length, recordedEvents, steps, refs };
      }
      if (i >= tail && i > p && sameState !== undefined && i >= nextCheck) {
        // Checked at tail, then 1, 2, 4, … steps later: states that are the same stay the same, so a
        // later check only replays a little longer, and an order that never rejoins (a call whose
        // move changes the rest of the boot) asks a few times instead of after every step.
        nextCheck = i + gap;
        gap *= 2;
        const rec = this.snapshots[i];
        if (moved === undefined) moved = this.renumbering(order, p, tail);
        if (rec !== undefined && sameState.call(this.plugin, state, rec.state, sameStep)) {
          this.rejoined++;
          return this.rejoin(rec, i, p, tail, moved, steps, refs, events, recordedEvents);
        }
      }
      if (i >= tail && this.numberedInOrder) {
        // the scenario's own step at its own place: its recorded StepRef (the same number)
        const ref = ownRefs[implicit + i] as StepRef;
        steps.push(item);
        refs.push(ref);
        this.plugin.apply(state, ref, emit);
        continue;
      }
      const index = i + 1;
      if (moved !== null && moved !== undefined && i < tail) {
        // a base step at another number: the StepRef every order shares for it (renumbered1)
        const one = this.renumbered1(moved[tail - p + i - p] as number, index);
        steps.push(one.step);
        refs.push(one.ref);
        this.plugin.apply(state, one.ref, emit);
        continue;
      }
      const step: Step = item.index === index ? item : numbered(item, index);
      const ref: StepRef = { index, name: step.call, pos: step.pos, implicit: false };
      steps.push(step);
      refs.push(ref);
      this.plugin.apply(state, ref, emit);
    }
    const trace = this.plugin.finish({ ...this.scenario, steps }, state, refs, events);
    // no recorded events after the replayed ones: those (and any finish() appended) are read
    spliceEventIndex(trace.events, trace.events.length, this.recordedIndex(), this.events.length, recordedEvents);
    return trace;
  }

  /**
   * Whether positions p … tail-1 of the order hold the base steps p … tail-1
   * that are not inert in the base's order (inert ones anywhere): then the
   * order replays exactly like the scenario, only numbered otherwise.
   * Requires a renumbering (positions p … tail-1 are a permutation of them).
   */
  private sameEffects(order: Order, p: number, tail: number): boolean {
    if (!this.numberedInOrder) return false;
    let a = p;
    let b = p;
    for (;;) {
      while (a < tail && this.inertAt[this.basePosOf(order[a] as Step)] === true) a++;
      while (b < tail && this.inertAt[b] === true) b++;
      if (a === tail || b === tail) return a === tail && b === tail;
      if (order[a] !== this.base[b]) return false;
      a++;
      b++;
    }
  }

  /**
   * The recording, renumbered for an order that differs from the scenario's
   * only in where inert calls are (sameEffects): every event is the recorded
   * one, those of base steps p … tail-1 and any that name them with the
   * order's StepRefs.
   */
  private renumber(p: number, tail: number, moved: Moved, swap: Swap): Trace {
    const implicit = this.implicit;
    const steps = this.base.slice();
    const refs = this.refs.slice();
    for (let b = p; b < tail; b++) {
      const j = moved[b - p] as number;
      const one = this.renumbered1(b, j + 1);
      steps[j] = one.step;
      refs[implicit + j] = one.ref;
    }
    const paths = this.recorded();
    const events = this.events.slice();
    const first = (this.snapshots[p] as Snapshot).events;
    const last = (this.snapshots[tail] as Snapshot).events;
    for (let k = first; k < last; k++) {
      const own = paths.owner[k] as number;
      // an event that names only its own step: one copy per step number, kept (thousands of orders share them)
      events[k] = paths.onlyOwn[k] === true
        ? this.renumberedEvent(this.renumbered1(own, (moved[own - p] as number) + 1), k)
        : swapSteps(events[k] as TraceEvent, paths.all[k] ?? [], swap);
    }
    for (let a = lowerBound(paths.eventAt, last); a < paths.eventAt.length; a++) {
      const k = paths.eventAt[a] as number;
      events[k] = swapSteps(events[k] as TraceEvent, paths.event[a] ?? [], swap);
    }
    const trace = this.finalTrace(steps, refs, events, swap);
    // every event has the recorded one's kind (and any finish() appended are read)
    spliceEventIndex(trace.events, 0, this.recordedIndex(), 0);
    return trace;
  }

  /**
   * Base step b numbered `index`: its Step, its StepRef and its recorded
   * events with that StepRef, made once and shared by every renumbered order
   * (plain read-only data: the same step at the same number is the same).
   */
  private renumbered1(b: number, index: number): Renumbered {
    let row = this.numbered[b];
    // a row per base step, every number's entry there from the start (packed): entries made in the order
    // orders ask for them left a row with holes, which every lookup of every replayed step paid for
    if (row === undefined) this.numbered[b] = row = new Array<Renumbered | undefined>(this.base.length + 2).fill(undefined);
    let one = row[index];
    if (one === undefined) {
      const item = this.base[b] as Step;
      const step: Step = item.index === index ? item : numbered(item, index);
      const ref: StepRef = index === b + 1 ? (this.refs[this.implicit + b] as StepRef) : { index, name: step.call, pos: step.pos, implicit: false };
      // no event copies yet (renumberedEvent): only orders renumbered without a replay ask for them, while a
      // new engine makes an entry for every number each step takes in any order
      one = row[index] = { step, ref, copies: undefined };
    }
    return one;
  }

  /** Recorded event k (emitted by the entry's step) with the entry's StepRef, copied once per entry and kept. */
  private renumberedEvent(one: Renumbered, k: number): TraceEvent {
    const copies = (one.copies ??= new Map());
    let e = copies.get(k);
    if (e === undefined) copies.set(k, (e = { ...(this.events[k] as TraceEvent), step: one.ref }));
    return e;
  }

  /**
   * A recorded StepRef of base steps p … tail-1 → the order's StepRef of the
   * same step (moved: renumbering()): the shared one of renumbered1, which
   * is the one every permutation's trace holds for that step at that number.
   */
  private swapper(p: number, tail: number, moved: Moved | null): Swap {
    const implicit = this.implicit;
    const ownRefs = this.refs;
    return (y) => {
      if (moved === null || y.implicit) return undefined;
      const b = y.index - 1;
      if (b < p || b >= tail || ownRefs[implicit + b] !== y) return undefined;
      return this.renumbered1(b, (moved[b - p] as number) + 1).ref;
    };
  }

  /**
   * For an order that is the scenario's from `tail` on and shares its first
   * `p` steps: moved[b - p] = the order's position of base step b (p ≤ b <
   * tail), and after those, the base position of each order position p …
   * tail-1, when positions p … tail-1 hold exactly base steps p … tail-1;
   * else null (steps not of the scenario, or repeated).
   */
  private renumbering(order: Order, p: number, tail: number): Moved | null {
    if (!this.numberedInOrder) return null;
    const w = tail - p;
    // moved[b - p]: the order's position of base step b; moved[w + j - p]: the base position of the order's step j
    // one scratch array for every order (allocating one per order cost more than the rest of this function)
    if (this.scratch.length < 2 * w) this.scratch = new Int32Array(2 * this.base.length);
    const moved = this.scratch;
    moved.fill(-1, 0, 2 * w);
    for (let j = p; j < tail; j++) {
      const item = order[j];
      const b = item === undefined ? -1 : this.basePosOf(item);
      if (b < p || b >= tail || moved[b - p] !== -1) return null;
      moved[b - p] = j;
      moved[w + j - p] = b;
    }
    return moved;
  }

  /**
   * The trace of an order whose state after its step i-1 is the recorded one
   * (up to renumbering): what was replayed, then the recording from step i,
   * with the recorded StepRefs of base steps p … tail-1 exchanged for the
   * order's (moved: their positions in the order).
   */
  private rejoin(rec: Snapshot, i: number, p: number, tail: number, moved: Moved | null, steps: Step[], refs: StepRef[], events: TraceEvent[], recordedEvents: number): Trace {
    const implicit = this.implicit;
    // a recorded StepRef of a renumbered step → the order's StepRef of the same step
    const swap = this.swapper(p, tail, moved);
    const paths = moved === null ? undefined : this.recorded();
    const start = events.length;
    for (let k = rec.events; k < this.events.length; k++) events.push(this.events[k] as TraceEvent);
    if (paths !== undefined) {
      // the recorded events that hold other steps than their own (few: which step wrote a table, …)
      for (let a = lowerBound(paths.eventAt, rec.events); a < paths.eventAt.length; a++) {
        const k = paths.eventAt[a] as number;
        const at = start + (k - rec.events);
        events[at] = swapSteps(events[at] as TraceEvent, paths.event[a] ?? [], swap);
      }
    }
    // appended in place (the replay's own arrays: a continuation reads them only up to its own length), not concat(slice())
    const allSteps = steps;
    const allRefs = refs;
    for (let b = i; b < this.base.length; b++) allSteps.push(this.base[b] as Step);
    for (let k = implicit + i; k < this.refs.length; k++) allRefs.push(this.refs[k] as StepRef);
    const trace = paths !== undefined
      ? this.finalTrace(allSteps, allRefs, events, swap)
      // finish() treats the state as read-only (ArchPlugin contract): the recorded one will do
      : this.plugin.finish({ ...this.scenario, steps: allSteps }, (this.snapshots[this.base.length] as Snapshot).state, allRefs, events);
    // the rules' event index: the kinds of the recorded parts (before the replay, and from the rejoin) are known
    spliceEventIndex(trace.events, start, this.recordedIndex(), rec.events, recordedEvents);
    return trace;
  }

  /**
   * The trace of an order that ends in the recorded final state: the
   * recorded final part with the renumbered steps exchanged, made once per
   * numbering of the steps it names and shared (the StepRefs are the shared
   * ones of renumbered1, and finish()'s result outside scenario, steps and
   * events depends only on the state: ArchPlugin.sameState), then this
   * order's scenario, steps and events.
   */
  private finalTrace(steps: Step[], refs: StepRef[], events: TraceEvent[], swap: Swap): Trace {
    const paths = this.recorded();
    // the numbers of the steps the final part names: digits of radix steps + 1 while they fit a double exactly
    // (6 steps of a 55-call order: every rejoined order asks, and a string of them cost its building and hashing)
    const finalSteps = paths.finalSteps;
    const radix = this.base.length + 1;
    let key: number | string = 0;
    if (radix ** finalSteps.length <= Number.MAX_SAFE_INTEGER) {
      for (let k = 0; k < finalSteps.length; k++) {
        const index = (swap(finalSteps[k] as StepRef) ?? (finalSteps[k] as StepRef)).index;
        // a number past the order's (none in a permutation of it) would share a digit: the text key then
        if (index < 0 || index >= radix) {
          key = '';
          break;
        }
        key = key * radix + index;
      }
    } else key = '';
    if (key === '') for (const r of finalSteps) key += `${(swap(r) ?? r).index},`;
    let body = this.finals.get(key);
    const scenario = { ...this.scenario, steps };
    if (body === undefined) {
      // the scenario's own trace, whose final part is finish() of the same recorded state (paths.final was found
      // in it): exchanged, it is that part for this numbering, sharing all but the copies on the way to the
      // exchanged StepRefs, where finish() again would freeze a copy of the whole state for every numbering
      body = swapSteps(this.ownTrace(), paths.final, swap);
      this.finals.set(key, body);
    }
    // finish() appends events of its own (ArchPlugin.sameState: they depend only on the state, as the rest
    // of its result), which the cached body's events are not: the recorded ones, their StepRefs exchanged
    const all = paths.added.length === 0 ? events : events.concat(paths.added.map((a) => swapSteps(a.event, a.paths, swap)));
    return { ...body, scenario, steps: refs, events: all };
  }

  /** The recorded events by kind (made once), for the event index of the traces made from them. */
  private recordedIndex(): EventIndex<TraceEvent> {
    return (this.recIndex ??= recordedEventIndex(this.events));
  }

  /** Where the recorded trace holds StepRefs (found once, by identity: step-paths.ts). */
  private recorded(): Recorded {
    if (this.paths === undefined) {
      const own = new Set<object>(this.refs);
      const isStep = (x: object): boolean => own.has(x);
      const eventAt: number[] = [];
      const event: StepPath[][] = [];
      const all: StepPath[][] = [];
      const owner: number[] = [];
      const onlyOwn: boolean[] = [];
      let b = 0;
      this.events.forEach((e, k) => {
        // the base step whose replay emitted it (-1: an implicit step)
        while (b < this.base.length && (this.snapshots[b + 1] as Snapshot).events <= k) b++;
        const step = k < (this.snapshots[0] as Snapshot).events ? -1 : b;
        owner.push(step);
        const found = stepPaths(e, isStep);
        all.push(found);
        const others = found.filter((path) => path.length !== 1 || path[0] !== 'step');
        onlyOwn.push(step >= 0 && others.length === 0 && e.step === this.refs[this.implicit + step]);
        if (others.length > 0) {
          eventAt.push(k);
          event.push(others);
        }
      });
      const own0 = this.ownTrace();
      const final = stepPaths(own0, isStep, ['steps', 'events', 'scenario']);
      const finalSteps = [...new Set(final.map((path) => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], own0) as StepRef))];
      const added = own0.events.slice(this.events.length).map((e) => ({ event: e, paths: stepPaths(e, isStep) }));
      this.paths = { final, finalSteps, eventAt, event, all, owner, onlyOwn, added };
    }
    return this.paths;
  }

  /**
   * A Step's position in the scenario's order (-1: not one of the
   * scenario's Steps). Its index, not a Map: this runs for every moved step
   * of every order. Requires numberedInOrder.
   */
  private basePosOf(item: Step): number {
    const b = item.index - 1;
    return this.base[b] === item ? b : -1;
  }

  /** The first position from which an order is the scenario's own to the end (by identity). */
  private sharedSuffix(order: Order): number {
    const base = this.base;
    if (order.length !== base.length) return order.length;
    let q = order.length;
    while (q > 0 && order[q - 1] === base[q - 1]) q--;
    return q;
  }

  /** The verdicts of an order: what the rules find, without formatting any message. */
  verdicts(order: Order): Verdict[] {
    const judged = this.traceOf(order);
    const { swap, permutation } = judged;
    let trace = typeof judged.trace === 'function' ? undefined : judged.trace;
    // the order's trace, made on the first rule that reads it
    const made = (): Trace => (trace ??= (judged.trace as () => Trace)());
    // a renumbered recording has the recording's events, whether or not its trace is made
    this.judgedEvents += trace !== undefined ? trace.events.length : this.ownEventCount;
    if (swap === undefined && permutation === undefined) return verdicts(made(), this.plugin);
    // The recording renumbered (swap): the events and the final state are the recorded ones with
    // the StepRefs exchanged, so a rule that reads only those (RuleMeta.eventsOnly) finds what it
    // found in the scenario's own order, renumbered. Any reordering of the scenario's calls
    // (permutation): a rule that found nothing in the scenario's order and finds nothing in any
    // order of the same calls (RuleMeta.emptyUnderReordering) is not run. The others run, in
    // verdicts()'s order.
    const { reuse, skip } = this.rulePlan();
    const rules = this.plugin.rules;
    const out: Verdict[] = [];
    for (let i = 0; i < rules.length; i++) {
      const mine = reuse[i];
      if (swap !== undefined && mine !== null && mine !== undefined) {
        for (let k = 0; k < mine.length; k++) out.push(swapVerdict(mine[k] as Verdict, swap));
        continue;
      }
      if (permutation === true && skip[i] === 1) continue;
      const r = rules[i] as Rule;
      const t = made();
      const found = r.verdict !== undefined ? r.verdict(t) : r.check(t);
      for (let k = 0; k < found.length; k++) out.push(found[k] as Verdict);
    }
    return out;
  }

  /**
   * Per rule of the plug-in, made once: `reuse`, the scenario's own verdicts
   * of an eventsOnly rule (null for the others); `skip`, 1 for an
   * emptyUnderReordering rule (or one whose emptyUnderReorderingOf says so for
   * this scenario) that found nothing in the scenario's order.
   */
  private rulePlan(): { readonly reuse: readonly (readonly Verdict[] | null)[]; readonly skip: Uint8Array } {
    if (this.plan === undefined) {
      const trace = this.ownTrace();
      const own = (r: Rule): Verdict[] => (r.verdict !== undefined ? r.verdict(trace) : r.check(trace));
      const rules = this.plugin.rules;
      this.plan = {
        reuse: rules.map((r) => (r.meta.eventsOnly === true ? own(r) : null)),
        skip: Uint8Array.from(rules, (r) => ((r.meta.emptyUnderReordering === true || r.emptyUnderReorderingOf?.(trace) === true) && own(r).length === 0 ? 1 : 0)),
      };
    }
    return this.plan;
  }

  /** The findings of an order, formatted and in file order (for what is printed). */
  findings(order: Order): { trace: Trace; findings: Finding[] } {
    const trace = this.trace(order);
    return { trace, findings: check(trace, this.plugin) };
  }

  /**
   * Whether a call changes nothing and emits nothing on this scenario,
   * wherever it is (ArchPlugin.inert, by which this engine renumbers instead
   * of replaying; false without the hook).
   */
  inert(call: string): boolean {
    return this.plugin.inert !== undefined && this.plugin.inert(call, this.scenario);
  }

  /** Whether a call can change anything on this scenario (ArchPlugin.hasEffect; true without the hook). */
  hasEffect(call: string): boolean {
    return this.plugin.hasEffect === undefined || this.plugin.hasEffect(call, this.scenario);
  }

  private ownTrace(): Trace {
    if (this.baseTrace === undefined) {
      const last = this.snapshots[this.snapshots.length - 1];
      if (last === undefined) throw new Error('internal: no snapshot');
      const trace = this.plugin.finish(this.scenario, last.state, this.refs, this.events.slice());
      const halted = this.halted;
      this.baseTrace = halted === undefined ? trace : { ...trace, halted };
    }
    return this.baseTrace;
  }

  /** A halted scenario under another order: the steps renumbered, nothing applied (the state before setup_arch). */
  private haltedTrace(order: Order): Trace {
    const halted = this.halted ?? '';
    this.replays++;
    const steps: Step[] = order.map((item, i) => (item.index === i + 1 ? item : numbered(item, i + 1)));
    const refs = this.refs.slice(0, this.implicit).concat(steps.map((s) => ({ index: s.index, name: s.call, pos: s.pos, implicit: false })));
    const first = this.snapshots[0] as Snapshot;
    const trace = this.plugin.finish({ ...this.scenario, steps }, first.state, refs, this.events.slice(0, first.events));
    return { ...trace, halted };
  }
}

/** Whether two orders hold the same Steps at positions 0 … n-1. */
function sameUpTo(a: Order, b: Order, n: number): boolean {
  if (a.length < n || b.length < n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A step at another place of the order: a literal, not a spread (this runs for every step of every replay). */
function numbered(item: Step, index: number): Step {
  return { call: item.call, note: item.note, index, pos: item.pos, lines: item.lines };
}

/** The order with the step at `from` taken out and put back at `slot` of the rest (0 … n-1; slot = from is the order itself). */
export function moveTo<T>(order: readonly T[], from: number, slot: number): T[] {
  const item = order[from];
  if (item === undefined) throw new RangeError(`no step at ${from}`);
  if (slot < 0 || slot >= order.length) throw new RangeError(`no slot ${slot} in an order of ${order.length}`);
  // one copy, then the steps between `from` and `slot` shifted by one (this runs for every order judged)
  const out = order.slice();
  if (slot > from) for (let i = from; i < slot; i++) out[i] = order[i + 1] as T;
  else for (let i = from; i > slot; i--) out[i] = order[i - 1] as T;
  out[slot] = item;
  return out;
}

/** A verdict with its StepRefs (step, related, haltBefore, haltIn) exchanged (a recorded StepRef of a renumbered step → the order's), a copy only when one changes. */
function swapVerdict(v: Verdict, swap: Swap): Verdict {
  const step = swap(v.step);
  let related: Verdict['related'] | undefined;
  v.related.forEach((r, i) => {
    const to = swap(r.step);
    if (to === undefined) return;
    related ??= v.related.slice();
    (related as { step: StepRef }[])[i] = { ...r, step: to };
  });
  const haltBefore = v.haltBefore !== undefined ? swap(v.haltBefore) : undefined;
  const haltIn = v.haltIn !== undefined ? swap(v.haltIn) : undefined;
  if (step === undefined && related === undefined && haltBefore === undefined && haltIn === undefined) return v;
  return { ...v, step: step ?? v.step, related: related ?? v.related, ...(haltBefore !== undefined ? { haltBefore } : {}), ...(haltIn !== undefined ? { haltIn } : {}) };
}
