/**
 * The edit script between two scenarios: how to turn A into B.
 *
 * - The order: diffOrder's minimal script (order.ts): a longest common
 *   subsequence of the two setup_arch() lists (calls matched by name, so
 *   duplicates align wherever they keep the most calls in place) stays in
 *   place; every other call in both is moved, calls only in B are inserted,
 *   calls only in A removed, and a removal and an insertion at the same
 *   place are one `replace`. No call is both removed and inserted.
 * - The rest of the data: kernel, every config/machine leaf key that differs
 *   (a key set on one side only is set or unset: the default applies), and
 *   every define: entry that differs.
 *
 * The edits are independent units, so subsets can be applied (bisect's
 * ddmin): applySubset() puts each moved or inserted call right after the
 * nearest call that precedes it in B and is in place, which reproduces B
 * when every edit is applied. Pure data in, data out; architecture-neutral
 * (config and machine are compared as plain data, never interpreted).
 */
import { isRecord } from '../scenario/is-record.js';
import { editText, type OrderEdit } from '../scenario/order-edit.js';
import { alignOrders, diffOrder } from './order.js';

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

/**
 * The keys not compared as values: setup_arch is the order, name and
 * description are words, and expect:/allow: are what CI makes of the
 * findings, not inputs of the boot (an edit of them changes no finding, so
 * it is never a culprit and only lengthens the script).
 */
const IGNORED = new Set(['setup_arch', 'name', 'description', 'expect', 'allow']);
/** Mappings compared key by key. */
const MAPPINGS = new Set(['config', 'machine']);


/**
 * The order part of the script: diffOrder's edits (order.ts, the alignment
 * `diff` shows), with their positions. Calls are aligned by name over a
 * longest common subsequence, so a repeated call (two dmi_scan_machine)
 * stays put when either occurrence can; a call swapped for another in the
 * same place is one `replace`. Applied in sequence to A they give B.
 */
export function orderScript(a: readonly string[], b: readonly string[]): OrderChange[] {
  return diffOrder(a, b).map((c) => ({
    kind: 'order',
    edit: c.edit,
    ...(c.a !== undefined ? { inA: c.a - 1 } : {}),
    ...(c.b !== undefined ? { inB: c.b - 1 } : {}),
  }));
}

/**
 * Value changes between two scenario data trees (kernel, config.*, machine.*,
 * define.*, other top-level keys): config: and machine: leaf by leaf, nested
 * mappings included (machine.cpu.pse), so a change names the key that
 * changed; define: by call (a definition is one value); lists are one value.
 */
export function valueScript(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): ValueChange[] {
  const out: ValueChange[] = [];
  const walk = (path: readonly string[], x: unknown, y: unknown, deep: boolean): void => {
    if ((isRecord(x) || x === undefined) && (isRecord(y) || y === undefined) && (x !== undefined || y !== undefined)) {
      const xa = x ?? {};
      const yb = y ?? {};
      for (const leaf of [...new Set([...Object.keys(xa), ...Object.keys(yb)])]) {
        const p = [...path, leaf];
        if (deep) walk(p, xa[leaf], yb[leaf], true);
        else if (JSON.stringify(xa[leaf]) !== JSON.stringify(yb[leaf])) out.push({ kind: 'value', path: p, from: xa[leaf], to: yb[leaf] });
      }
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      out.push({ kind: 'value', path, from: x, to: y });
    }
  };
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !IGNORED.has(k));
  for (const k of keys) {
    if (MAPPINGS.has(k) || k === 'define') walk([k], a[k], b[k], MAPPINGS.has(k));
    else if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push({ kind: 'value', path: [k], from: a[k], to: b[k] });
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

/** `data` with the value at `path` set (copying the mappings on the way), or deleted when `value` is undefined. */
function setAt(data: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    if (value === undefined) delete data[head];
    else data[head] = value;
    return;
  }
  const inner = isRecord(data[head]) ? { ...(data[head] as Record<string, unknown>) } : {};
  setAt(inner, rest, value);
  data[head] = inner;
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
  // where each kept A item sits in B (for anchoring): the alignment the script was made from
  const bIndexOfA = alignOrders(stepsA.map(callOfRaw), stepsB.map(callOfRaw)).aToB;
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
    setAt(out, e.path, e.to);
  });
  return out;
}
