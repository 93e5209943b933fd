/**
 * The events of a trace by kind, built once per trace and shared by every
 * rule that judges it.
 *
 * Why: an event trace mixes a dozen event shapes, so a loop that reads
 * `e.kind` on every event is a megamorphic property load (about 15 ns an
 * event in V8). Fifteen rules each scanning the ~60 events of a setup_arch()
 * replay cost more than the replay; the many-replay engine (src/compare/)
 * judges thousands of orders. The index reads each event's kind once; a rule
 * then walks only the kinds it reads (a few events of one shape each).
 * Rules that must see several kinds in trace order (a relocation between two
 * fixmap uses) ask for them together (select) or compare positions (at).
 *
 * Plain data, read-only; the last one built is kept (a trace's events never
 * change after the replay), so the rules that judge a trace share it.
 */
import { lowerBound } from '../ascending.js';
import type { TraceEvent } from './trace.js';

/** The events of kind K of the union E. */
export type KindOf<E extends TraceEvent, K extends E['kind']> = Extract<E, { kind: K }>;

/** A trace's events by kind (eventIndex). */
export interface EventIndex<E extends TraceEvent> {
  /** the events of one kind, in trace order (empty when there are none) */
  of<K extends E['kind']>(kind: K): readonly KindOf<E, K>[];
  /** the positions in trace.events of the events of one kind, ascending */
  at(kind: E['kind']): readonly number[];
  /** whether the trace has an event of this kind */
  has(kind: E['kind']): boolean;
  /** the positions of the events of any of the given kinds, ascending (trace order) */
  atAny(kinds: readonly E['kind'][]): readonly number[];
}

const NONE: readonly never[] = [];

/** Two ascending lists of positions as one ascending list. */
export function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = (a[i] as number) < (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}

class Index<E extends TraceEvent> implements EventIndex<E> {
  private readonly events: readonly E[];
  /** how many events it indexes */
  get length(): number {
    return this.events.length;
  }

  /** positions as two parallel arrays, made once (spliceEventIndex walks a recorded index's for every trace made from it: a Map's entries iterator allocates an entry per kind) */
  private split: { readonly kinds: readonly string[]; readonly at: readonly (readonly number[])[] } | undefined;

  get byKind(): { readonly kinds: readonly string[]; readonly at: readonly (readonly number[])[] } {
    if (this.split === undefined) {
      const kinds: string[] = [];
      const at: number[][] = [];
      this.positions.forEach((p, k) => {
        kinds.push(k);
        at.push(p);
      });
      this.split = { kinds, at };
    }
    return this.split;
  }

  /** kind → its positions, ascending; shared read-only by the indexes of traces with the same kinds at the same places */
  readonly positions: Map<string, number[]>;
  private readonly lists = new Map<string, E[]>();

  /** @param positions the positions by kind, when known (spliceEventIndex); else read from the events */
  constructor(events: readonly E[], positions?: Map<string, number[]>) {
    this.events = events;
    if (positions !== undefined) this.positions = positions;
    else {
      this.positions = new Map();
      addPositions(this.positions, events, 0, events.length);
    }
  }

  at(kind: E['kind']): readonly number[] {
    return this.positions.get(kind) ?? NONE;
  }

  has(kind: E['kind']): boolean {
    return this.positions.has(kind);
  }

  atAny(kinds: readonly E['kind'][]): readonly number[] {
    // merge the kinds' position lists (a few events each), not a scan of every event
    let out: number[] | undefined;
    let only: readonly number[] | undefined;
    for (const k of kinds) {
      const p = this.positions.get(k);
      if (p === undefined) continue;
      if (only === undefined) only = p;
      else {
        // both ascending: merge them (a sort with a comparator cost more than the rules that ask)
        out = mergeAscending(out ?? only, p);
      }
    }
    return out ?? only ?? NONE;
  }

  of<K extends E['kind']>(kind: K): readonly KindOf<E, K>[] {
    let list = this.lists.get(kind);
    if (list === undefined) {
      const p = this.positions.get(kind);
      if (p === undefined) return NONE;
      // a loop, not map(): every rule of every order the many-replay engine judges asks
      list = [];
      for (let i = 0; i < p.length; i++) list.push(this.events[p[i] as number] as E);
      this.lists.set(kind, list);
    }
    return list as KindOf<E, K>[];
  }
}

/** The positions first … end-1 of the events, by kind, added to `into`. */
function addPositions(into: Map<string, number[]>, events: readonly TraceEvent[], first: number, end: number): void {
  for (let i = first; i < end; i++) {
    const k = (events[i] as TraceEvent).kind;
    const p = into.get(k);
    if (p === undefined) into.set(k, [i]);
    else p.push(i);
  }
}

/**
 * The last index built: the rules of one check() or verdicts() ask for the
 * same trace one after the other. One slot, not a WeakMap keyed by every
 * trace: the many-replay engine makes thousands of short-lived traces, and a
 * WeakMap entry per trace cost more garbage collection than the index saved.
 * `build` makes it on first use, for one announced by spliceEventIndex().
 */
let last: { readonly events: readonly TraceEvent[]; index: Index<TraceEvent> | undefined; readonly build?: () => Index<TraceEvent> } | undefined;

/**
 * The index of a trace's events (built on first use, then shared by the
 * lookups that follow for the same trace).
 * @param events a trace's events (trace.events); must not change afterwards
 */
export function eventIndex<E extends TraceEvent>(events: readonly E[]): EventIndex<E> {
  if (last === undefined || last.events !== events) last = { events, index: new Index<TraceEvent>(events) };
  else if (last.index === undefined) last.index = last.build === undefined ? new Index<TraceEvent>(events) : last.build();
  return last.index as unknown as EventIndex<E>;
}

/**
 * An index of events kept apart from eventIndex()'s slot: for a caller that
 * makes traces out of a recorded one (spliceEventIndex).
 */
export function recordedEventIndex<E extends TraceEvent>(events: readonly E[]): EventIndex<E> {
  return new Index<TraceEvent>(events) as unknown as EventIndex<E>;
}

/**
 * Announces that a new trace's `events` are, from position `head` on, of the
 * same kinds as recorded events from `from` on, and that its first `prefix`
 * events (prefix ≤ head) are the recorded ones at the same places (the
 * many-replay engine's resumed, rejoined and renumbered traces: the
 * recording's events, some with other StepRefs). The next
 * eventIndex(events) then takes those positions from `recorded` instead of
 * reading every event's kind (a megamorphic load), and shares them outright
 * when the whole trace has the recording's kinds (head = from = 0, as many
 * events). The events from `prefix` to `head`, and any past the recorded
 * ones (finish() may append), are read. Nothing is built until a rule asks.
 * @param recorded recordedEventIndex() of the recorded events
 * @param from the recorded position of event `head` (the recording's length: no recorded events after `head`)
 */
export function spliceEventIndex(events: readonly TraceEvent[], head: number, recorded: EventIndex<TraceEvent>, from: number, prefix = 0): void {
  const rec = recorded as unknown as Index<TraceEvent>;
  const build = (): Index<TraceEvent> => {
    const n = events.length;
    const recorded = rec.length;
    if (head === 0 && from === 0 && n === recorded) return new Index(events, rec.positions);
    // each kind's positions ascending: the prefix's, then the read ones, then the recorded ones shifted
    const positions = new Map<string, number[]>();
    const { kinds, at: recAt } = rec.byKind;
    if (prefix > 0) {
      for (let i = 0; i < kinds.length; i++) {
        const at = recAt[i] as readonly number[];
        if ((at[0] as number) >= prefix) continue;
        const p: number[] = [];
        for (let k = 0; k < at.length && (at[k] as number) < prefix; k++) p.push(at[k] as number);
        positions.set(kinds[i] as string, p);
      }
    }
    addPositions(positions, events, prefix, head);
    // the recorded part, as far as the events go (a trace may stop before the recording's end)
    const end = Math.min(n, head + (recorded - from));
    const shift = head - from;
    if (end > head) {
      for (let i = 0; i < kinds.length; i++) {
        const at = recAt[i] as readonly number[];
        let k = lowerBound(at, from);
        if (k === at.length || (at[k] as number) + shift >= end) continue;
        const kind = kinds[i] as string;
        let p = positions.get(kind);
        if (p === undefined) positions.set(kind, (p = []));
        for (; k < at.length && (at[k] as number) + shift < end; k++) p.push((at[k] as number) + shift);
      }
    }
    addPositions(positions, events, end, n);
    return new Index(events, positions);
  };
  last = { events, index: undefined, build };
}

/**
 * The events of any of the given kinds, in trace order: for rules whose
 * judgement depends on how events of different kinds interleave.
 */
export function selectKinds<E extends TraceEvent, K extends E['kind']>(events: readonly E[], kinds: readonly K[]): KindOf<E, K>[] {
  const ix = eventIndex(events);
  const out: KindOf<E, K>[] = [];
  for (const i of ix.atAny(kinds)) out.push(events[i] as KindOf<E, K>);
  return out;
}
