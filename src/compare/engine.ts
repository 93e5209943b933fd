/**
 * The many-replay engine (DESIGN §8): replays of one scenario's machine with
 * other setup_arch() orders, where orders that share a prefix with the
 * scenario's own order share its work.
 *
 * The engine replays the scenario once and keeps a snapshot of the model
 * state after every step (the plug-in's clone()) together with the length of
 * the event trace at that point. An order whose first p calls are the
 * scenario's first p calls (the very same Step objects) resumes from snapshot
 * p: a copy of the state, the first events, and only the suffix is replayed.
 * Every single-call move of an n-call order therefore costs about the
 * suffixes, not n whole replays. Pure and deterministic: no I/O, no clocks.
 *
 * A scenario the plug-in halts (ArchPlugin.init returns `halt`: no kernel
 * these sources build) is replayed by no order: every order's trace is the
 * halted one, with its steps listed, so only the rules that check halted
 * replays (RuleMeta.checksHalted) judge it, as in src/replay/replay.ts.
 */
import type { ArchPlugin } from '../arch/types.js';
import type { StepRef, Trace, TraceEvent } from '../replay/trace.js';
import { check, verdicts } from '../rules/index.js';
import type { Finding, Verdict } from '../rules/types.js';
import type { Scenario, Step } from '../scenario/types.js';

interface Snapshot {
  readonly state: unknown;
  /** how many events the trace had at this point */
  readonly events: number;
}

/**
 * An order as the engine takes it: Step objects in order. Steps taken from
 * the scenario (engine.base) keep their identity, which is how the engine
 * finds the shared prefix; their `index` is renumbered for the new order.
 */
export type Order = readonly Step[];

export class ReplayEngine {
  /** the scenario's own order */
  readonly base: Order;
  /** replays run so far (the scenario's own replay included), for reports and benches */
  replays = 0;
  /** replays that rejoined the recorded one before the end (ArchPlugin.sameState) */
  rejoined = 0;
  private readonly snapshots: Snapshot[] = [];
  private readonly events: TraceEvent[] = [];
  /** implicit steps, then one StepRef per base step */
  private readonly refs: StepRef[] = [];
  private readonly implicit: number;
  private baseTrace: Trace | undefined;
  /** why the plug-in stopped before setup_arch(), when it did: no step is ever applied then */
  readonly halted: string | undefined;

  constructor(readonly plugin: ArchPlugin, readonly scenario: Scenario) {
    this.base = scenario.steps;
    const emit = (e: TraceEvent): void => { this.events.push(e); };
    const { state, implicit, halt } = plugin.init(scenario, emit);
    this.halted = halt;
    for (const r of implicit) this.refs.push(r);
    this.implicit = implicit.length;
    this.snapshots.push({ state: plugin.clone(state), events: this.events.length });
    for (const s of this.base) {
      const ref: StepRef = { index: s.index, name: s.call, pos: s.pos, implicit: false };
      this.refs.push(ref);
      if (halt === undefined) plugin.apply(state, ref, emit);
      this.snapshots.push({ state: plugin.clone(state), events: this.events.length });
    }
    this.replays = 1;
  }

  /** How many leading steps an order shares with the scenario's (by identity). */
  sharedPrefix(order: Order): number {
    const max = Math.min(order.length, this.base.length);
    let p = 0;
    while (p < max && order[p] === this.base[p]) p++;
    return p;
  }

  /** The trace of an order on this scenario's machine, kernel and config. */
  trace(order: Order): Trace {
    const p = this.sharedPrefix(order);
    if (p === order.length && p === this.base.length) return this.ownTrace();
    if (this.halted !== undefined) return this.haltedTrace(order);
    const snap = this.snapshots[p];
    if (snap === undefined) throw new RangeError(`no snapshot after step ${p}`);
    this.replays++;
    const state = this.plugin.clone(snap.state);
    const events = this.events.slice(0, snap.events);
    const emit = (e: TraceEvent): void => { events.push(e); };
    const refs = this.refs.slice(0, this.implicit + p);
    const steps = this.base.slice(0, p);
    // from `tail` on the order is the scenario's own again; once the state has
    // rejoined the recorded one there, the rest of the replay is the recording
    const tail = this.sharedSuffix(order);
    for (let i = p; i < order.length; i++) {
      const item = order[i];
      if (item === undefined) continue;
      if (i >= tail && i > p && this.plugin.sameState !== undefined) {
        const snap = this.snapshots[i];
        if (snap !== undefined && this.plugin.sameState(state, snap.state)) {
          this.rejoined++;
          // finish() treats the state as read-only (ArchPlugin contract): the recorded one will do
          return this.plugin.finish(
            { ...this.scenario, steps: steps.concat(this.base.slice(i)) },
            (this.snapshots[this.base.length] as Snapshot).state,
            refs.concat(this.refs.slice(this.implicit + i)),
            events.concat(this.events.slice(snap.events)),
          );
        }
      }
      const index = i + 1;
      // a literal, not a spread: this runs for every step of every replay
      const step: Step = item.index === index ? item : { call: item.call, note: item.note, index, pos: item.pos };
      const ref: StepRef = { index, name: step.call, pos: step.pos, implicit: false };
      steps.push(step);
      refs.push(ref);
      this.plugin.apply(state, ref, emit);
    }
    return this.plugin.finish({ ...this.scenario, steps }, state, refs, events);
  }

  /** The first position from which an order is the scenario's own to the end (by identity). */
  private sharedSuffix(order: Order): number {
    if (order.length !== this.base.length) return order.length;
    let q = order.length;
    while (q > 0 && order[q - 1] === this.base[q - 1]) q--;
    return q;
  }

  /** The verdicts of an order: what the rules find, without formatting any message. */
  verdicts(order: Order): { trace: Trace; verdicts: Verdict[] } {
    const trace = this.trace(order);
    return { trace, verdicts: verdicts(trace, this.plugin) };
  }

  /** The findings of an order, formatted and in file order (for what is printed). */
  findings(order: Order): { trace: Trace; findings: Finding[] } {
    const trace = this.trace(order);
    return { trace, findings: check(trace, this.plugin) };
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
    const steps: Step[] = order.map((item, i) => (item.index === i + 1 ? item : { call: item.call, note: item.note, index: i + 1, pos: item.pos }));
    const refs = this.refs.slice(0, this.implicit).concat(steps.map((s) => ({ index: s.index, name: s.call, pos: s.pos, implicit: false })));
    const first = this.snapshots[0] as Snapshot;
    const trace = this.plugin.finish({ ...this.scenario, steps }, first.state, refs, this.events.slice(0, first.events));
    return { ...trace, halted };
  }
}

/** The order with the step at `from` taken out and put back at `slot` of the rest (0 … n-1; slot = from is the order itself). */
export function moveTo<T>(order: readonly T[], from: number, slot: number): T[] {
  const item = order[from];
  if (item === undefined) throw new RangeError(`no step at ${from}`);
  const rest = [...order.slice(0, from), ...order.slice(from + 1)];
  rest.splice(slot, 0, item);
  return rest;
}
