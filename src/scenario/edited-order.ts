/**
 * An order being edited in place, indexed by call name: what `patch:`
 * (compose/patch.ts) applies a file's edits to, one after the other.
 *
 * Why: each edit resolves its references (`vmi_init#2`) against the order the
 * previous edits left. applyEdits (order-edit.ts) copies the order, maps it to
 * names and scans it for every edit, O(calls) each; a file of 2,048 edits over
 * a 2,000-call order, at each of 8 levels of extends, took over 2 s (break-216
 * F2). Here an edit costs O(log calls), and a patch O((calls + edits) log calls).
 *
 * Shape:
 * - the calls in a treap by position: a binary tree whose in-order walk is the
 *   order, balanced in expectation by a heap of pseudo-random priorities. Each
 *   node knows its subtree's size, so its position is counted on the way up
 *   to the root (O(log n)), and a call is put at or taken from a position by
 *   splitting and merging the tree (O(log n)).
 * - `byName`: for each call name, its nodes in order, so that `name#N` is
 *   entry N - 1 (O(1)). A node is put into or taken from its name's list at
 *   the place a binary search by position finds (O(log m · log n) for m calls
 *   of that name, plus moving the m pointers of the array).
 *
 * The priorities come from a fixed seed: the shape, and so the work, is the
 * same on every run; the order itself never depends on them.
 */
import type { CallRef, OrderEdit, Placement } from './order-edit.js';

/** A call of the order. Callers read `item` and `name`; the other fields are the tree's. */
export interface OrderNode<T> {
  item: T;
  /** the call name of `item`, fixed: a call of another name is another node */
  readonly name: string;
  readonly priority: number;
  /** nodes in this subtree, this one included */
  size: number;
  left: OrderNode<T> | undefined;
  right: OrderNode<T> | undefined;
  parent: OrderNode<T> | undefined;
}

export interface EditedOrder<T> {
  root: OrderNode<T> | undefined;
  /** each call name's nodes in order (never an empty list: a name with no call left is deleted) */
  readonly byName: Map<string, OrderNode<T>[]>;
  readonly nameOf: (item: T) => string;
  /** xorshift32 state for the next priority */
  seed: number;
}

/** An edit whose references were found: the nodes they name in the order as it was before the edit. */
export type ResolvedEdit<T> =
  | { readonly op: 'move'; readonly call: OrderNode<T>; readonly where: Placement; readonly anchor: OrderNode<T> }
  | { readonly op: 'insert'; readonly name: string; readonly where: Placement; readonly anchor: OrderNode<T> }
  | { readonly op: 'remove'; readonly call: OrderNode<T> }
  | { readonly op: 'replace'; readonly call: OrderNode<T>; readonly with: string };

function sizeOf<T>(n: OrderNode<T> | undefined): number {
  return n === undefined ? 0 : n.size;
}

/** Recounts a node's size after its children changed, and points them back at it. */
function update<T>(n: OrderNode<T>): OrderNode<T> {
  n.size = 1 + sizeOf(n.left) + sizeOf(n.right);
  if (n.left !== undefined) n.left.parent = n;
  if (n.right !== undefined) n.right.parent = n;
  return n;
}

/** The first `k` nodes of a tree and the rest, as two trees (their roots' parents still to be cleared). */
function split<T>(n: OrderNode<T> | undefined, k: number): [OrderNode<T> | undefined, OrderNode<T> | undefined] {
  if (n === undefined) return [undefined, undefined];
  const leftSize = sizeOf(n.left);
  if (k <= leftSize) {
    const [a, b] = split(n.left, k);
    n.left = b;
    return [a, update(n)];
  }
  const [a, b] = split(n.right, k - leftSize - 1);
  n.right = a;
  return [update(n), b];
}

/** One tree of the nodes of `a` followed by those of `b`. */
function merge<T>(a: OrderNode<T> | undefined, b: OrderNode<T> | undefined): OrderNode<T> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    return update(a);
  }
  b.left = merge(a, b.left);
  return update(b);
}

function setRoot<T>(o: EditedOrder<T>, root: OrderNode<T> | undefined): void {
  if (root !== undefined) root.parent = undefined;
  o.root = root;
}

function nextPriority<T>(o: EditedOrder<T>): number {
  let x = o.seed;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  o.seed = x >>> 0;
  return o.seed;
}

function newNode<T>(o: EditedOrder<T>, item: T): OrderNode<T> {
  return { item, name: o.nameOf(item), priority: nextPriority(o), size: 1, left: undefined, right: undefined, parent: undefined };
}

/** The 0-based position of a node in the order: the calls before it, counted on the way to the root. */
export function positionOf<T>(n: OrderNode<T>): number {
  let at = sizeOf(n.left);
  for (let c = n; c.parent !== undefined; c = c.parent) {
    if (c.parent.right === c) at += sizeOf(c.parent.left) + 1;
  }
  return at;
}

/** How many nodes of a name's list come before `position` (a binary search: the list is in order). */
function countBefore<T>(list: readonly OrderNode<T>[], position: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positionOf(list[mid] as OrderNode<T>) < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Puts a node (not in the tree) at `position`, and into its name's list. */
function place<T>(o: EditedOrder<T>, n: OrderNode<T>, position: number): void {
  const [a, b] = split(o.root, position);
  setRoot(o, merge(merge(a, n), b));
  const list = o.byName.get(n.name);
  if (list === undefined) o.byName.set(n.name, [n]);
  else list.splice(countBefore(list, position), 0, n);
}

/** Takes a node out of the tree and of its name's list; it is left alone, ready to be placed again. */
function takeOut<T>(o: EditedOrder<T>, n: OrderNode<T>): void {
  const position = positionOf(n);
  const list = o.byName.get(n.name) ?? [];
  // the node is at the list's index of its position, as the list is in order
  list.splice(countBefore(list, position), 1);
  if (list.length === 0) o.byName.delete(n.name);
  const [a, rest] = split(o.root, position);
  const [, b] = split(rest, 1);
  setRoot(o, merge(a, b));
  n.left = undefined;
  n.right = undefined;
  n.parent = undefined;
  n.size = 1;
}

/** The position a call placed `where` an anchor goes to (the anchor being where it is now). */
function besidePosition<T>(where: Placement, anchor: OrderNode<T>): number {
  const at = positionOf(anchor);
  return where === 'before' ? at : at + 1;
}

/** An order of `items` to edit; `nameOf` reads an item's call name. O(n log n). */
export function editedOrder<T>(items: readonly T[], nameOf: (item: T) => string): EditedOrder<T> {
  const o: EditedOrder<T> = { root: undefined, byName: new Map(), nameOf, seed: 0x9e3779b9 };
  for (const item of items) {
    const n = newNode(o, item);
    setRoot(o, merge(o.root, n));
    const list = o.byName.get(n.name);
    if (list === undefined) o.byName.set(n.name, [n]);
    else list.push(n);
  }
  return o;
}

/** How many calls the order has. */
export function lengthOf<T>(o: EditedOrder<T>): number {
  return sizeOf(o.root);
}

/** How many calls of this name the order has. */
export function countOf<T>(o: EditedOrder<T>, name: string): number {
  return o.byName.get(name)?.length ?? 0;
}

/** The call a CallRef names (`vmi_init#2`: the second vmi_init), or undefined. O(1). */
export function callAt<T>(o: EditedOrder<T>, ref: CallRef): OrderNode<T> | undefined {
  return o.byName.get(ref.name)?.[ref.occurrence - 1];
}

/** The items in order. O(n). */
export function itemsOf<T>(o: EditedOrder<T>): T[] {
  const out: T[] = [];
  // an in-order walk with a stack of the left spine: no recursion as deep as the tree
  const stack: OrderNode<T>[] = [];
  let n = o.root;
  while (n !== undefined || stack.length > 0) {
    while (n !== undefined) {
      stack.push(n);
      n = n.left;
    }
    const top = stack.pop() as OrderNode<T>;
    out.push(top.item);
    n = top.right;
  }
  return out;
}

/** The call names of the order, each once, in the order of their first calls (did-you-mean's preference). O(n). */
export function namesOf<T>(o: EditedOrder<T>): string[] {
  return [...new Set(itemsOf(o).map(o.nameOf))];
}

/**
 * Finds the calls an edit names, in the order as it is now; else the first
 * reference that names none (for a move, its call before its anchor), the
 * edit's own CallRef object. The same references applyEdits resolves.
 */
export function resolveEdit<T>(o: EditedOrder<T>, e: OrderEdit): { ok: true; edit: ResolvedEdit<T> } | { ok: false; missing: CallRef } {
  switch (e.op) {
    case 'move': {
      const call = callAt(o, e.call);
      if (call === undefined) return { ok: false, missing: e.call };
      const anchor = callAt(o, e.anchor);
      return anchor === undefined ? { ok: false, missing: e.anchor } : { ok: true, edit: { op: 'move', call, where: e.where, anchor } };
    }
    case 'insert': {
      const anchor = callAt(o, e.anchor);
      return anchor === undefined ? { ok: false, missing: e.anchor } : { ok: true, edit: { op: 'insert', name: e.call, where: e.where, anchor } };
    }
    case 'remove':
    case 'replace': {
      const call = callAt(o, e.call);
      if (call === undefined) return { ok: false, missing: e.call };
      return { ok: true, edit: e.op === 'remove' ? { op: 'remove', call } : { op: 'replace', call, with: e.with } };
    }
  }
}

/**
 * Whether moving `call` next to `anchor` leaves the names in the same order:
 * it does when every call it passes over has its name (a swap of two calls
 * of one function, or a move to where it already is). O(log m · log n),
 * counting the calls of its name among those passed over.
 */
export function moveKeepsNames<T>(o: EditedOrder<T>, call: OrderNode<T>, where: Placement, anchor: OrderNode<T>): boolean {
  const from = positionOf(call);
  const to = positionOf(anchor);
  // the positions [lo, hi) it passes over: up to the anchor (included when after it), or back to it
  const lo = to > from ? from + 1 : where === 'before' ? to : to + 1;
  const hi = to > from ? (where === 'after' ? to + 1 : to) : from;
  if (hi <= lo) return true;
  const list = o.byName.get(call.name) ?? [];
  return countBefore(list, hi) - countBefore(list, lo) === hi - lo;
}

/**
 * Applies a resolved edit, as applyEdits would: a move takes the call out and
 * puts it next to its anchor (a move next to itself changes nothing), an
 * insert or a replace puts `make(name)` in.
 *
 * @returns the node put in its new place: the moved, inserted or replacing call (undefined for a remove)
 */
export function applyResolved<T>(o: EditedOrder<T>, e: ResolvedEdit<T>, make: (name: string) => T): OrderNode<T> | undefined {
  switch (e.op) {
    case 'move': {
      if (e.call === e.anchor) return e.call;
      takeOut(o, e.call);
      place(o, e.call, besidePosition(e.where, e.anchor));
      return e.call;
    }
    case 'insert': {
      const n = newNode(o, make(e.name));
      place(o, n, besidePosition(e.where, e.anchor));
      return n;
    }
    case 'remove':
      takeOut(o, e.call);
      return undefined;
    case 'replace': {
      const at = positionOf(e.call);
      takeOut(o, e.call);
      const n = newNode(o, make(e.with));
      place(o, n, at);
      return n;
    }
  }
}
