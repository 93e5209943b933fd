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
import type { TraceEvent } from './trace.js';

/** The events of kind K of the union E. */
export type KindOf<E extends TraceEvent, K extends E['kind']> = Extract<E, { kind: K }>;

/** A trace's events by kind (eventIndex). */
export interface EventIndex<E extends TraceEvent> {
  /** the events' kinds, parallel to trace.events */
  readonly kinds: readonly E['kind'][];
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
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
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
  readonly kinds: E['kind'][];
  private readonly events: readonly E[];
  private readonly positions = new Map<string, number[]>();
  private readonly lists = new Map<string, E[]>();

  constructor(events: readonly E[]) {
    this.events = events;
    const kinds: E['kind'][] = new Array<E['kind']>(events.length);
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as E;
      const k: E['kind'] = e.kind;
      kinds[i] = k;
      const p = this.positions.get(k);
      if (p === undefined) this.positions.set(k, [i]);
      else p.push(i);
    }
    this.kinds = kinds;
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
      list = p.map((i) => this.events[i] as E);
      this.lists.set(kind, list);
    }
    return list as KindOf<E, K>[];
  }
}

/**
 * The last index built: the rules of one check() or verdicts() ask for the
 * same trace one after the other. One slot, not a WeakMap keyed by every
 * trace: the many-replay engine makes thousands of short-lived traces, and a
 * WeakMap entry per trace cost more garbage collection than the index saved.
 */
let last: { readonly events: readonly TraceEvent[]; readonly index: Index<TraceEvent> } | undefined;

/**
 * The index of a trace's events (built on first use, then shared by the
 * lookups that follow for the same trace).
 * @param events a trace's events (trace.events); must not change afterwards
 */
export function eventIndex<E extends TraceEvent>(events: readonly E[]): EventIndex<E> {
  if (last === undefined || last.events !== events) last = { events, index: new Index<TraceEvent>(events) };
  return last.index as unknown as EventIndex<E>;
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
