/**
 * Edits of a setup_arch() order: the one vocabulary shared by `patch:` in
 * scenarios (issue "variants"), verified fix hints (`fix.edits` in reports),
 * SARIF fixes, `diff`'s edit script and `bisect`'s culprit edits.
 *
 * A call is referred to by name and occurrence (`vmi_init#2` is the second
 * vmi_init), because a real order may name a call twice (a merge error, or
 * parse_early_param in some trees). Pure functions; architecture-neutral.
 */

/** A call of an order: its name and which occurrence (1-based). */
export interface CallRef {
  readonly name: string;
  /** 1 = the first (and usually only) occurrence */
  readonly occurrence: number;
}

export type Placement = 'before' | 'after';

export type OrderEdit =
  /** take `call` out and put it back next to `anchor` */
  | { readonly op: 'move'; readonly call: CallRef; readonly where: Placement; readonly anchor: CallRef }
  /** add a new call next to `anchor` */
  | { readonly op: 'insert'; readonly call: string; readonly where: Placement; readonly anchor: CallRef }
  | { readonly op: 'remove'; readonly call: CallRef }
  /** put `with` where `call` was */
  | { readonly op: 'replace'; readonly call: CallRef; readonly with: string };

/** "vmi_init" or "vmi_init#2": how users write a CallRef, and how reports print one. */
export function callRefText(ref: CallRef): string {
  return ref.occurrence === 1 ? ref.name : `${ref.name}#${ref.occurrence}`;
}

/**
 * Parses "name" or "name#N" (N ≥ 1); null when malformed. Exact: white space
 * at either end is no part of a name (call-text.ts: an expect:/allow: step
 * was trimmed here and matched, where setup_arch and patch: refuse it).
 */
export function parseCallRef(text: string): CallRef | null {
  // a C identifier or a dotted ops-table member (x86_init.oem.arch_setup), then #N
  const m = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?:#([1-9]\d*))?$/.exec(text);
  if (m === null || m[1] === undefined) return null;
  const occurrence = m[2] === undefined ? 1 : Number(m[2]);
  // past 2^53 the number is not the one written (it was echoed back as #100000000000000000000)
  if (!Number.isSafeInteger(occurrence)) return null;
  return { name: m[1], occurrence };
}

/** One line for people: "move vmi_init after find_low_pfn_range". */
export function editText(e: OrderEdit): string {
  switch (e.op) {
    case 'move': return `move ${callRefText(e.call)} ${e.where} ${callRefText(e.anchor)}`;
    case 'insert': return `insert ${e.call} ${e.where} ${callRefText(e.anchor)}`;
    case 'remove': return `remove ${callRefText(e.call)}`;
    case 'replace': return `replace ${callRefText(e.call)} with ${e.with}`;
  }
}

/** The edit as data for JSON reports and `patch:` (e.g. `{move: vmi_init, after: find_low_pfn_range}`). */
export function editData(e: OrderEdit): Record<string, string> {
  switch (e.op) {
    case 'move': return { move: callRefText(e.call), [e.where]: callRefText(e.anchor) };
    case 'insert': return { insert: e.call, [e.where]: callRefText(e.anchor) };
    case 'remove': return { remove: callRefText(e.call) };
    case 'replace': return { replace: callRefText(e.call), with: e.with };
  }
}

/** The index of a CallRef in an order, or -1. */
export function indexOfRef(order: readonly string[], ref: CallRef): number {
  let seen = 0;
  for (let i = 0; i < order.length; i++) {
    if (order[i] === ref.name && ++seen === ref.occurrence) return i;
  }
  return -1;
}

/** The CallRef of position i of an order (its name and occurrence so far). */
export function refAt(order: readonly string[], i: number): CallRef {
  const name = order[i];
  if (name === undefined) throw new RangeError(`position ${i} out of range`);
  let occurrence = 0;
  for (let j = 0; j <= i; j++) if (order[j] === name) occurrence++;
  return { name, occurrence };
}

export type EditResult<T> = { ok: true; order: T[] } | { ok: false; missing: CallRef; edit: number };

/**
 * Applies edits in order to a list of items (call names, or richer step
 * records: `nameOf` reads the call name). Each edit's references are resolved
 * against the order as the previous edits left it.
 *
 * @param make builds the item of an inserted or replacing call from its name and the edit's index
 * @returns the new order, or the first reference that names no call (for a located error)
 */
export function applyEdits<T>(
  order: readonly T[], edits: readonly OrderEdit[], nameOf: (item: T) => string, make: (name: string, edit: number) => T,
): EditResult<T> {
  const cur = [...order];
  const names = (): string[] => cur.map(nameOf);
  for (let k = 0; k < edits.length; k++) {
    const e = edits[k];
    if (e === undefined) continue;
    switch (e.op) {
      case 'move': {
        // both references name calls of the order as it is before this edit: X#2 in `move X after X#2`
        // is the second X there, not the second of what is left once X is taken out
        const list = names();
        const from = indexOfRef(list, e.call);
        if (from < 0) return { ok: false, missing: e.call, edit: k };
        const anchor = indexOfRef(list, e.anchor);
        if (anchor < 0) return { ok: false, missing: e.anchor, edit: k };
        if (anchor === from) break;
        const [item] = cur.splice(from, 1);
        if (item === undefined) return { ok: false, missing: e.call, edit: k };
        const at = anchor > from ? anchor - 1 : anchor;
        cur.splice(e.where === 'before' ? at : at + 1, 0, item);
        break;
      }
      case 'insert': {
        const at = indexOfRef(names(), e.anchor);
        if (at < 0) return { ok: false, missing: e.anchor, edit: k };
        cur.splice(e.where === 'before' ? at : at + 1, 0, make(e.call, k));
        break;
      }
      case 'remove': {
        const at = indexOfRef(names(), e.call);
        if (at < 0) return { ok: false, missing: e.call, edit: k };
        cur.splice(at, 1);
        break;
      }
      case 'replace': {
        const at = indexOfRef(names(), e.call);
        if (at < 0) return { ok: false, missing: e.call, edit: k };
        cur.splice(at, 1, make(e.with, k));
        break;
      }
    }
  }
  return { ok: true, order: cur };
}

/** applyEdits over plain call names. */
export function applyEditsToNames(order: readonly string[], edits: readonly OrderEdit[]): EditResult<string> {
  return applyEdits(order, edits, (n) => n, (n) => n);
}
