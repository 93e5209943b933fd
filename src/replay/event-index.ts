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

/** A trace's positions by kind number (Index): the kinds' numbers, each number's positions (undefined: none), and any kinds without a number. */
interface Positions {
  /** kind → its number: a recorded index's own, shared by the indexes spliced from it */
  readonly ids: ReadonlyMap<string, number>;
  /** per kind number, its positions, ascending; shared read-only by indexes of traces with the same kinds at the same places */
  readonly byId: readonly (readonly number[] | undefined)[];
  /** the kinds a spliced index's recording has none of (the replay made them) */
  readonly extra: ReadonlyMap<string, readonly number[]> | undefined;
}

class Index<E extends TraceEvent> implements EventIndex<E> {
  private readonly events: readonly E[];
  readonly positions: Positions;
  /** per kind number, its events (of()), made on first ask; by kind for the kinds without a number */
  private lists: (readonly E[] | undefined)[] | undefined;
  private extraLists: Map<string, readonly E[]> | undefined;

  /** how many events it indexes */
  get length(): number {
    return this.events.length;
  }

  /** @param positions the positions by kind, when known (spliceEventIndex); else read from the events */
  constructor(events: readonly E[], positions?: Positions) {
    this.events = events;
    this.positions = positions ?? positionsOf(events);
  }

  /** the positions of a kind's events, or undefined when there are none */
  private find(kind: string): readonly number[] | undefined {
    const id = this.positions.ids.get(kind);
    return id !== undefined ? this.positions.byId[id] : this.positions.extra?.get(kind);
  }

  at(kind: E['kind']): readonly number[] {
    return this.find(kind) ?? NONE;
  }

  has(kind: E['kind']): boolean {
    return this.find(kind) !== undefined;
  }

  atAny(kinds: readonly E['kind'][]): readonly number[] {
    // merge the kinds' position lists (a few events each), not a scan of every event
    let out: number[] | undefined;
    let only: readonly number[] | undefined;
    for (const k of kinds) {
      const p = this.find(k);
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
    const id = this.positions.ids.get(kind);
    if (id === undefined) return this.extraOf(kind) as readonly KindOf<E, K>[];
    const lists = (this.lists ??= []);
    let list = lists[id];
    if (list === undefined) {
      const p = this.positions.byId[id];
      if (p === undefined) return NONE;
      list = lists[id] = this.eventsAt(p);
    }
    return list as readonly KindOf<E, K>[];
  }

  /** of() for a kind without a number (one a spliced index's recording has none of) */
  private extraOf(kind: string): readonly E[] {
    const p = this.positions.extra?.get(kind);
    if (p === undefined) return NONE;
    const lists = (this.extraLists ??= new Map());
    let list = lists.get(kind);
    if (list === undefined) lists.set(kind, (list = this.eventsAt(p)));
    return list;
  }

  /** The events at these positions (a loop, not map(): every rule of every order the many-replay engine judges asks). */
  private eventsAt(p: readonly number[]): E[] {
    // as long as it will be: a list grown by push() from empty gets room for 16 (V8), where most kinds have 1 to 3 events
    const list = new Array<E>(p.length);
    for (let i = 0; i < p.length; i++) list[i] = this.events[p[i] as number] as E;
    return list;
  }
}

/** The positions of the events by kind, each kind numbered in order of its first event. */
function positionsOf(events: readonly TraceEvent[]): Positions {
  const ids = new Map<string, number>();
  const byId: number[][] = [];
  for (let i = 0; i < events.length; i++) {
    const k = (events[i] as TraceEvent).kind;
    const id = ids.get(k);
    if (id !== undefined) (byId[id] as number[]).push(i);
    else {
      ids.set(k, byId.length);
      byId.push([i]);
    }
  }
  return { ids, byId, extra: undefined };
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
  last = { events, index: undefined, build: () => new Index(events, splicedPositions(events, head, rec, from, prefix)) };
}

/**
 * The positions spliceEventIndex() announces, by the recording's kind numbers (no Map of its own per
 * trace: one with an entry per kind, grown and rehashed as they came, was most of what building an index
 * cost the many-replay engine): each kind's positions are the recorded ones before `prefix`, the read
 * ones from `prefix` to `head`, the recorded ones from `from` on shifted to `head` (as far as the events
 * go), then any read past them. A kind with only recorded positions, unshifted, shares the recorded list.
 */
function splicedPositions(events: readonly TraceEvent[], head: number, rec: Index<TraceEvent>, from: number, prefix: number): Positions {
  const n = events.length;
  const recorded = rec.length;
  const { ids, byId: recById } = rec.positions;
  if (head === 0 && from === 0 && n === recorded) return rec.positions;
  const byId: (number[] | undefined)[] = [];
  for (let id = 0; id < recById.length; id++) {
    const at = recById[id] as readonly number[];
    if (prefix === 0 || (at[0] as number) >= prefix) {
      byId.push(undefined);
      continue;
    }
    if ((at[at.length - 1] as number) < prefix) {
      // all of the kind's recorded positions are in the prefix: the recorded list itself, copied only if more come
      byId.push(at as number[]);
      continue;
    }
    const p: number[] = [];
    for (let k = 0; k < at.length && (at[k] as number) < prefix; k++) p.push(at[k] as number);
    byId.push(p);
  }
  const extra = readPositions(byId, recById, ids, undefined, events, prefix, head);
  // the recorded part, as far as the events go (a trace may stop before the recording's end)
  const end = Math.min(n, head + (recorded - from));
  const shift = head - from;
  if (end > head) {
    for (let id = 0; id < recById.length; id++) {
      const at = recById[id] as number[];
      let k = lowerBound(at, from);
      if (k === at.length || (at[k] as number) + shift >= end) continue;
      let p = byId[id];
      if (p === undefined && k === 0 && shift === 0 && (at[at.length - 1] as number) < end) {
        // all of the kind's recorded positions, where they were: the recorded list itself (read-only)
        byId[id] = at;
        continue;
      }
      if (p === undefined) byId[id] = p = [];
      else if (p === at) byId[id] = p = p.slice();
      for (; k < at.length && (at[k] as number) + shift < end; k++) p.push((at[k] as number) + shift);
    }
  }
  return { ids, byId, extra: readPositions(byId, recById, ids, extra, events, end, n) };
}

/**
 * Adds the positions first … end-1 of the events to `byId` by kind number, copying a list shared with the
 * recording before adding to it; a kind without a number goes to `extra` (made when needed, returned).
 */
function readPositions(byId: (number[] | undefined)[], recById: readonly (readonly number[] | undefined)[], ids: ReadonlyMap<string, number>, extraIn: Map<string, number[]> | undefined, events: readonly TraceEvent[], first: number, end: number): Map<string, number[]> | undefined {
  let extra = extraIn;
  for (let i = first; i < end; i++) {
    const kind = (events[i] as TraceEvent).kind;
    const id = ids.get(kind);
    if (id === undefined) {
      extra ??= new Map();
      const p = extra.get(kind);
      if (p === undefined) extra.set(kind, [i]);
      else p.push(i);
      continue;
    }
    let p = byId[id];
    if (p === undefined) byId[id] = [i];
    else {
      if (p === recById[id]) byId[id] = p = p.slice();
      p.push(i);
    }
  }
  return extra;
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
