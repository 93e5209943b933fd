/**
 * The edit script between two scenarios: how to turn A into B.
 *
 * - The order: a longest common subsequence of the two setup_arch() lists
 *   (calls matched by name and occurrence, so a repeated call stays itself)
 *   stays in place; every other call of both is moved, calls only in B are
 *   inserted, calls only in A are removed. This is a minimal script with
 *   moves: no call is both removed and inserted.
 * - The rest of the data: kernel and every config/machine key that differs
 *   (a key set on one side only is set or unset: the default applies).
 *
 * The edits are independent units, so subsets can be applied (bisect's
 * ddmin): applySubset() puts each moved or inserted call right after the
 * nearest call that precedes it in B and is in place, which reproduces B
 * when every edit is applied. Pure data in, data out; architecture-neutral
 * (config and machine are compared as plain data, never interpreted).
 */
import { editText, refAt, type CallRef, type OrderEdit } from '../scenario/order-edit.js';

/** A setup_arch item as written: a name or {call, note}. */
export type RawStep = string | { readonly call: string; readonly note?: string };

export function callOfRaw(item: RawStep): string {
  return typeof item === 'string' ? item : item.call;
}

/** One order change, with what applySubset needs. */
export interface OrderChange {
  readonly kind: 'order';
  /** as people and patch: read it, anchored in B */
  readonly edit: OrderEdit;
  /** position in A (moves and removes) */
  readonly inA?: number;
  /** position in B (moves and inserts) */
  readonly inB?: number;
}

/** A change of a value: kernel, config.KEY, machine.KEY (undefined: not set, the default applies). */
export interface ValueChange {
  readonly kind: 'value';
  readonly path: readonly string[];
  readonly from: unknown;
  readonly to: unknown;
}

export type ScenarioEdit = OrderChange | ValueChange;

/** The keys compared as values; setup_arch is the order, name/description are words. */
const IGNORED = new Set(['setup_arch', 'name', 'description']);
/** Mappings compared key by key. */
const MAPPINGS = new Set(['config', 'machine']);

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** "vmi_init" or "vmi_init#2" for each item: the identity used to match calls. */
function tokens(order: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return order.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}#${n}`;
  });
}

/** Index pairs of a longest common subsequence (ties broken towards earlier matches in A). */
function lcs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = len[i] as number[];
    const below = len[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { pairs.push([i, j]); i++; j++; } else if ((len[i + 1]?.[j] ?? 0) >= (len[i]?.[j + 1] ?? 0)) i++; else j++;
  }
  return pairs;
}

/**
 * The order part of the script: removes first (in A's order), then moves
 * and inserts in B's order, each anchored after its predecessor in B (or
 * before B's first call). Applied in sequence to A they give B.
 */
export function orderScript(a: readonly string[], b: readonly string[]): OrderChange[] {
  const ta = tokens(a);
  const tb = tokens(b);
  const kept = lcs(ta, tb);
  const keptB = new Set(kept.map(([, j]) => j));
  const inA = new Map(ta.map((t, i) => [t, i]));
  const inBSet = new Set(tb);
  const changes: OrderChange[] = [];
  // removes, in A's order; references into A as the earlier removes leave it
  let cur = [...a];
  let curT = [...ta];
  ta.forEach((t, i) => {
    if (inBSet.has(t)) return;
    const at = curT.indexOf(t);
    changes.push({ kind: 'order', edit: { op: 'remove', call: refAt(cur, at) }, inA: i });
    cur = cur.filter((_, k) => k !== at);
    curT = curT.filter((_, k) => k !== at);
  });
  tb.forEach((t, j) => {
    if (keptB.has(j)) return;
    const name = b[j] as string;
    const from = inA.get(t);
    const rest = from !== undefined ? cur.filter((_, k) => curT[k] !== t) : cur;
    const restT = from !== undefined ? curT.filter((x) => x !== t) : curT;
    const predT = j > 0 ? tb[j - 1] : undefined;
    const at = predT === undefined ? 0 : restT.indexOf(predT) + 1;
    const anchor: CallRef = predT === undefined ? refAt(rest, 0) : refAt(rest, at - 1);
    const where = predT === undefined ? 'before' : 'after';
    const edit: OrderEdit = from !== undefined
      ? { op: 'move', call: refAt(cur, curT.indexOf(t)), where, anchor }
      : { op: 'insert', call: name, where, anchor };
    changes.push({ kind: 'order', edit, ...(from !== undefined ? { inA: from } : {}), inB: j });
    cur = [...rest.slice(0, at), name, ...rest.slice(at)];
    curT = [...restT.slice(0, at), t, ...restT.slice(at)];
  });
  return changes;
}

/** Value changes between two scenario data trees (kernel, config.*, machine.*, other top-level keys). */
export function valueScript(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): ValueChange[] {
  const out: ValueChange[] = [];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !IGNORED.has(k));
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (MAPPINGS.has(k) && (isObject(x) || x === undefined) && (isObject(y) || y === undefined)) {
      const xa = x ?? {};
      const yb = y ?? {};
      for (const leaf of [...new Set([...Object.keys(xa), ...Object.keys(yb)])]) {
        if (JSON.stringify(xa[leaf]) !== JSON.stringify(yb[leaf])) out.push({ kind: 'value', path: [k, leaf], from: xa[leaf], to: yb[leaf] });
      }
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      out.push({ kind: 'value', path: [k], from: x, to: y });
    }
  }
  return out;
}

/** The whole script from scenario data A to B: order changes, then value changes. */
export function editScript(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): ScenarioEdit[] {
  const stepsOf = (d: Readonly<Record<string, unknown>>): RawStep[] => (Array.isArray(d['setup_arch']) ? d['setup_arch'] as RawStep[] : []);
  return [...orderScript(stepsOf(a).map(callOfRaw), stepsOf(b).map(callOfRaw)), ...valueScript(a, b)];
}

function valueText(v: unknown): string {
  return v === undefined ? '(default)' : typeof v === 'string' ? v : JSON.stringify(v);
}

export function scenarioEditText(e: ScenarioEdit): string {
  return e.kind === 'order' ? editText(e.edit) : `${e.path.join('.')}: ${valueText(e.from)} → ${valueText(e.to)}`;
}

/** The edit as data (JSON reports): an OrderEdit's editData shape, or {set: path, from, to}. */
export function scenarioEditData(e: ScenarioEdit, editData: (o: OrderEdit) => Record<string, string>): Record<string, unknown> {
  return e.kind === 'order' ? editData(e.edit) : { set: e.path.join('.'), from: e.from ?? null, to: e.to ?? null };
}

/**
 * A's data with a subset of the script applied. Calls of A that are not
 * moved or removed keep their places; a moved or inserted call goes right
 * after the nearest call that precedes it in B and is already placed.
 */
export function applySubset(
  a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>, script: readonly ScenarioEdit[], chosen: ReadonlySet<number>,
): Record<string, unknown> {
  const stepsA = Array.isArray(a['setup_arch']) ? a['setup_arch'] as RawStep[] : [];
  const stepsB = Array.isArray(b['setup_arch']) ? b['setup_arch'] as RawStep[] : [];
  const removed = new Set<number>();
  const placedB = new Map<number, RawStep>();
  /** A items that the script moves: until their move is chosen they are not where B has them */
  const movedA = new Set<number>();
  script.forEach((e, i) => {
    if (e.kind !== 'order') return;
    if (e.inA !== undefined && e.inB !== undefined) movedA.add(e.inA);
    if (!chosen.has(i)) return;
    if (e.inA !== undefined) removed.add(e.inA);
    if (e.inB !== undefined) placedB.set(e.inB, stepsB[e.inB] as RawStep);
  });
  // where each kept A item sits in B (for anchoring): matched by name and occurrence
  const tb = tokens(stepsB.map(callOfRaw));
  const ta = tokens(stepsA.map(callOfRaw));
  const bIndexOfA = ta.map((t) => tb.indexOf(t));
  /** b: the item's place in B when it is in its B-relative place (an anchor), else -1 */
  type Slot = { item: RawStep; b: number };
  const order: Slot[] = [];
  stepsA.forEach((item, i) => { if (!removed.has(i)) order.push({ item, b: movedA.has(i) ? -1 : bIndexOfA[i] ?? -1 }); });
  for (const j of [...placedB.keys()].sort((x, y) => x - y)) {
    // the nearest B predecessor that is in the order now
    let at = -1;
    for (let p = j - 1; p >= 0 && at < 0; p--) at = order.findIndex((s) => s.b === p);
    order.splice(at + 1, 0, { item: placedB.get(j) as RawStep, b: j });
  }
  const out: Record<string, unknown> = { ...a, setup_arch: order.map((s) => s.item) };
  script.forEach((e, i) => {
    if (!chosen.has(i) || e.kind !== 'value') return;
    const [head, leaf] = e.path;
    if (head === undefined) return;
    if (leaf === undefined) {
      if (e.to === undefined) delete out[head];
      else out[head] = e.to;
      return;
    }
    const inner = isObject(out[head]) ? { ...(out[head] as Record<string, unknown>) } : {};
    if (e.to === undefined) delete inner[leaf];
    else inner[leaf] = e.to;
    out[head] = inner;
  });
  return out;
}
