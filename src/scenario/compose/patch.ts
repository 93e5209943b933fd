/**
 * `patch:`: edits of the inherited setup_arch, applied in order, in the
 * vocabulary of order-edit.ts. Each edit's references are resolved against
 * the order the previous edits left; a reference that names no call is a
 * located error at that reference, with did-you-mean (or, for a call an
 * earlier edit of this order removed or replaced, which edit did), and the
 * edit is skipped so that every bad edit is reported at once. An edit that
 * changes nothing, or that removes the last call, is an error too.
 */
import { otherArchCall } from '../arch-hints.js';
import { occurrenceMiss, occurrencesText } from '../call-text.js';
import { isRecord } from '../is-record.js';
import { limitMessage } from '../limits.js';
import { applyResolved, countOf, editedOrder, itemsOf, lengthOf, moveKeepsNames, namesOf, resolveEdit, type EditedOrder } from '../edited-order.js';
import { callRefText, parseCallRef, type CallRef, type OrderEdit, type Placement } from '../order-edit.js';
import { pathText, type Path } from '../path-text.js';
import { clipped } from '../quote.js';
import { suggest } from '../suggest.js';
import { placeOf, report } from '../yaml-positions.js';
import type { Layer } from './layer.js';
import { PATCH_EDITS, PATCH_OPS } from './schema.js';
import { layerPos, type ComposedStep } from './steps.js';

interface Item {
  readonly edit: OrderEdit;
  readonly note: string | undefined;
  /** where each reference of the edit is written */
  readonly callPath: Path;
  readonly anchorPath: Path | undefined;
}

function ref(v: unknown): CallRef | null {
  return typeof v === 'string' ? parseCallRef(v) : null;
}

/**
 * The edit of an item its own schema accepts (others are reported by the
 * schema and skipped here), or a problem: before/after missing or both given.
 */
function itemOf(layer: Layer, raw: Readonly<Record<string, unknown>>, i: number): Item | undefined {
  const at: Path = ['patch', i];
  const ops = PATCH_OPS.filter((o) => Object.hasOwn(raw, o));
  const op = ops[0];
  if (op === undefined || ops.length > 1 || !PATCH_EDITS[op].safeParse(raw).success) return undefined;
  const note = typeof raw['note'] === 'string' ? raw['note'] : undefined;
  if (op === 'remove' || op === 'replace') {
    const call = ref(raw[op]);
    if (call === null) return undefined;
    if (op === 'remove') return { edit: { op, call }, note, callPath: [...at, op], anchorPath: undefined };
    const withName = raw['with'];
    return typeof withName === 'string' ? { edit: { op, call, with: withName }, note, callPath: [...at, op], anchorPath: [...at, 'with'] } : undefined;
  }
  if (op !== 'move' && op !== 'insert') return undefined;
  const places = (['before', 'after'] as const).filter((p) => Object.hasOwn(raw, p));
  const where: Placement | undefined = places[0];
  if (where === undefined || places.length > 1) {
    const why = places.length > 1 ? 'give before: or after:, not both' : `say where: before: CALL or after: CALL`;
    report(layer.ctx, placeOf(layer.doc, at), `${pathText(at)}: ${op} ${String(raw[op])}: ${why}`);
    return undefined;
  }
  const anchor = ref(raw[where]);
  if (anchor === null) return undefined;
  const anchorPath: Path = [...at, where];
  if (op === 'insert') {
    const name = raw['insert'];
    return typeof name === 'string' ? { edit: { op, call: name, where, anchor }, note, callPath: [...at, op], anchorPath } : undefined;
  }
  const call = ref(raw['move']);
  return call === null ? undefined : { edit: { op, call, where, anchor }, note, callPath: [...at, op], anchorPath };
}

/**
 * A call an edit took out of the order (remove:, or the call a replace:
 * replaced), so that a later edit naming it is told where it went instead
 * of "not in the setup_arch" with a did-you-mean for another call.
 */
export interface Gone {
  /** "patch[0] (line 3)", or "patch[0] of d/m.yaml (line 3)" for a base's patch */
  readonly by: string;
  /** the call that took its place (replace:) */
  readonly with: string | undefined;
}

/** The latest removal of each call name, over the patches applied to one order (a base's and then the file's). */
export type GoneCalls = ReadonlyMap<string, Gone>;

/** "was removed by patch[0] (line 3)", "was replaced with copy_edd by patch[2] (line 6)"; an expect:/allow: step says it too */
export function goneText(gone: Gone): string {
  return gone.with === undefined ? `was removed by ${gone.by}` : `was replaced with ${clipped(gone.with)} by ${gone.by}`;
}

/**
 * "vmi_init#2: … has vmi_init once", "vmi_init was removed by patch[0] (line 3): …"
 * or "find_low_pfn_rang is not in … (did you mean …?)"
 *
 * @param count how many calls of the missing name the order has
 * @param names the order's call names, each once, first calls first: asked for only when a did-you-mean is needed (O(calls))
 * @param more how many the edits that did not apply (this patch's or a base's) would add
 */
function missingText(missing: CallRef, count: number, names: () => readonly string[], gone: GoneCalls, more = 0): string {
  const went = gone.get(missing.name);
  // a call name has no length limit: quoted as zod-issues.ts quotes an unknown call (review 17b, 4.1)
  const name = clipped(missing.name);
  // past what the edits that did not apply would add too: both counts, as an expect: step is told (entry-checks.ts)
  if (more > 0) {
    return `${clipped(callRefText(missing))}: the setup_arch this patch edits has ${count === 0 ? `no ${name}` : occurrencesText(missing.name, count)}, and would have ${occurrencesText(missing.name, count + more)} with the patch: edits that did not apply`;
  }
  if (count > 0) {
    return `${occurrenceMiss(missing.name, missing.occurrence, count, 'the setup_arch this patch edits')}${went !== undefined ? ` (another ${goneText(went)})` : ''}`;
  }
  if (went !== undefined) return `${name} ${goneText(went)}: the setup_arch this patch edits has no ${name} left`;
  const guess = suggest(missing.name, names());
  if (guess !== undefined) return `${name} is not in the setup_arch this patch edits (did you mean ${clipped(guess)}?)`;
  // a typo of a call that is gone: say both
  const goneGuess = suggest(missing.name, [...gone.keys()]);
  const was = goneGuess === undefined ? undefined : gone.get(goneGuess);
  return `${name} is not in the setup_arch this patch edits${goneGuess !== undefined && was !== undefined ? ` (did you mean ${clipped(goneGuess)}? it ${goneText(was)})` : ''}`;
}

/**
 * An edit that changes nothing whatever the order is (a move next to itself,
 * replace X with X): a mistake (a stale patch, a wrong anchor), not a way to
 * write nothing. Says so and returns true.
 */
function selfEdit(item: Item, say: (path: Path, message: string) => void): boolean {
  const { edit } = item;
  if (edit.op === 'move' && edit.call.name === edit.anchor.name && edit.call.occurrence === edit.anchor.occurrence) {
    say(item.anchorPath ?? item.callPath, `move ${callRefText(edit.call)} ${edit.where} itself changes nothing; ${edit.where}: names the call to put it next to`);
    return true;
  }
  if (edit.op === 'replace' && edit.call.name === edit.with) {
    say(item.anchorPath ?? item.callPath, `replace ${callRefText(edit.call)} with ${edit.with} changes nothing; with: names the call that takes its place`);
    return true;
  }
  return false;
}

/**
 * A patch whose order did not load (its base could not be read, or no file
 * of the chain lists a setup_arch): the problems of its items that hold
 * whatever the order, and one line at `patch:` saying its edits were not
 * checked (`why`). Its references are not resolved: against no order every
 * one would be "not in the setup_arch", a typo's did-you-mean lost among
 * them, and an inserted call may be one the unread base defines.
 */
export function checkUnappliedPatch(layer: Layer, why: string): void {
  const items = layer.data['patch'];
  if (!Array.isArray(items)) return;
  report(layer.ctx, placeOf(layer.doc, [], 'patch'), `patch: ${why}`);
  items.forEach((raw: unknown, i) => {
    if (!isRecord(raw)) return;
    const item = itemOf(layer, raw, i);
    if (item !== undefined) selfEdit(item, (path, message) => report(layer.ctx, placeOf(layer.doc, path), `${pathText(path)}: ${message}`));
  });
}

export interface Patched {
  readonly steps: ComposedStep[];
  /** `gone` with this layer's removals added */
  readonly gone: GoneCalls;
  /** the indices of the items that did not apply (a problem of theirs, or one before them that stopped the patch) */
  readonly unapplied: readonly number[];
}

/**
 * What the patch: items that did not apply, over an order and its bases, would add to it (OrderGaps,
 * entry-checks.ts): a later edit's anchor or an entry's step within that is not known to be missing (break-251 F6).
 */
export interface PendingAdds {
  /** per call name, how many the items that did not apply would add */
  readonly adds: Map<string, number>;
  /** whether one of them could add any call (a patch: or item not readable as edits) */
  anyCall: boolean;
}

/**
 * Counts what a patch: item that did not apply would add into `pending`. A name that is no call (a typo, NAME#N)
 * counts as the call it would be offered, which following the did-you-mean adds; with none, it could be any call.
 */
export function noteUnapplied(raw: unknown, pending: PendingAdds, known: ReadonlySet<string>, knownList: readonly string[]): void {
  // an item that is no edit (a scalar, a misspelt op) could be an insert of any call once fixed
  if (!isRecord(raw) || !PATCH_OPS.some((o) => Object.hasOwn(raw, o))) {
    pending.anyCall = true;
    return;
  }
  for (const key of ['insert', 'with'] as const) {
    if (!Object.hasOwn(raw, key) && !(key === 'with' && Object.hasOwn(raw, 'replace'))) continue;
    const name = raw[key];
    const call = typeof name !== 'string' ? undefined : known.has(name) ? name : suggest(name, knownList);
    if (call === undefined) pending.anyCall = true;
    else pending.adds.set(call, (pending.adds.get(call) ?? 0) + 1);
  }
}

/** The catalog a patch's calls are checked against: its architecture, and how to list it. */
export interface PatchCatalog {
  readonly arch: string;
  /** `bootreplay steps`, with --arch for a non-default architecture */
  readonly stepsCommand: string;
}

/**
 * The call names of an order, each once, first calls first (for did-you-mean),
 * computed once per state of the order: a patch of many edits that name no
 * call between two that apply pays for one walk, not one per edit.
 */
function namesCache(order: EditedOrder<ComposedStep>): { readonly names: () => readonly string[]; readonly changed: () => void } {
  let names: readonly string[] | undefined;
  return {
    names: () => (names ??= namesOf(order)),
    changed: () => { names = undefined; },
  };
}

/**
 * Applies a layer's patch to the steps it inherits. Runs even when other
 * parts of the file are invalid, so that one pass reports every problem.
 * Besides a missing reference, an edit is an error when it changes nothing
 * (replace X with X, a move to where the call already is) and when it
 * removes the last call (a scenario replays at least one, as `setup_arch: []`
 * says); the edits after that one are not applied (their anchors cannot be in
 * an empty order).
 *
 * All the edits go to one EditedOrder (edited-order.ts), indexed by call
 * name: an edit costs O(log calls), not a copy and scans of the whole order
 * (break-216 F2: 2,048 edits over 2,000 calls at 8 levels of extends took 2 s).
 *
 * @param own whether the layer is the scenario's own file (positions without a file)
 * @param known call names an insert or replace may add: the catalog's and the define: names
 * @param gone the calls earlier patches of this order removed (a base's), for messages
 * @returns the patched steps and the removals so far; problems go to the layer's ctx
 */
export function applyPatch(
  layer: Layer, steps: readonly ComposedStep[], own: boolean, known: ReadonlySet<string>, knownList: readonly string[], maxCalls: number,
  gone: GoneCalls = new Map(),
  catalog?: PatchCatalog,
  pending: PendingAdds = { adds: new Map(), anyCall: false },
): Patched {
  const items = layer.data['patch'];
  if (!Array.isArray(items)) {
    // a patch: that is no list could be any edits
    pending.anyCall = true;
    return { steps: [...steps], gone, unapplied: [] };
  }
  const order = editedOrder(steps, (s) => s.call);
  const unapplied: number[] = [];
  const names = namesCache(order);
  const removed = new Map(gone);
  // a base already over the limit has said so at its own edit
  let over = steps.length > maxCalls;
  let empty = false;
  items.forEach((raw: unknown, i) => {
    // every return before the edit is applied is an item that did not apply: noted once, here
    if (applyItem(raw, i)) return;
    unapplied.push(i);
    // noted before the next item is read: its anchor may be what this one adds (break-251 F6)
    noteUnapplied(raw, pending, known, knownList);
  });
  return { steps: itemsOf(order), gone: removed, unapplied };

  /** Applies item i; false when it did not apply. */
  function applyItem(raw: unknown, i: number): boolean {
    // max-calls holds for the composed order too: a chain of bases, each inserting up to the limit,
    // would otherwise build an order of any length
    if (over || empty || !isRecord(raw)) return false;
    const item = itemOf(layer, raw, i);
    if (item === undefined) return false;
    const { edit } = item;
    const say = (path: Path, message: string): void => report(layer.ctx, placeOf(layer.doc, path), `${pathText(path)}: ${message}`);
    const added = edit.op === 'insert' ? edit.call : edit.op === 'replace' ? edit.with : undefined;
    if (added !== undefined && !known.has(added)) {
      const guess = suggest(added, knownList);
      const steps = catalog?.stepsCommand ?? 'bootreplay steps';
      // another architecture's call: said, as in setup_arch: (zod-issues.ts)
      const other = catalog === undefined ? undefined : otherArchCall(added, catalog.arch);
      const why = other !== undefined ? `${other}; run \`${steps}\` for this one` : `; a call of the catalog (run \`${steps}\`) or of define:`;
      say(edit.op === 'insert' ? item.callPath : item.anchorPath ?? item.callPath, `unknown call ${clipped(added)}${guess !== undefined ? ` (did you mean ${clipped(guess)}?)` : ''}${why}`);
      return false;
    }
    if (selfEdit(item, say)) return false;
    const found = resolveEdit(order, edit);
    if (!found.ok) {
      const count = countOf(order, found.missing.name);
      // an edit that did not apply (here or in a base) would supply it: not known to be missing, and "has X once"
      // would be false once that edit is fixed (break-251 F6); that edit's own problem is said
      const more = pending.adds.get(found.missing.name) ?? 0;
      if (found.missing.occurrence <= count + more || (pending.anyCall && known.has(found.missing.name))) return false;
      const onCall = (edit.op === 'move' || edit.op === 'remove' || edit.op === 'replace') && found.missing === edit.call;
      say(onCall ? item.callPath : item.anchorPath ?? item.callPath, missingText(found.missing, count, names.names, removed, more));
      return false;
    }
    const r = found.edit;
    if (edit.op === 'move' && r.op === 'move' && moveKeepsNames(order, r.call, r.where, r.anchor)) {
      say(item.callPath, edit.call.name === edit.anchor.name
        ? `moving ${callRefText(edit.call)} ${edit.where} ${callRefText(edit.anchor)} only swaps two calls of ${edit.call.name} in the setup_arch this patch edits: the move changes nothing`
        : `${callRefText(edit.call)} is already ${edit.where} ${callRefText(edit.anchor)} in the setup_arch this patch edits: the move changes nothing`);
      return false;
    }
    if (edit.op === 'remove' && lengthOf(order) === 1) {
      empty = true;
      say(item.callPath, `${callRefText(edit.call)} is the last call left: removing it leaves setup_arch empty, and a scenario replays at least one call`);
      return false;
    }
    const pos = layerPos(layer, ['patch', i], own);
    const path: Path = ['patch', i, edit.op];
    // where the new call's name is written: insert: X, or replace's with: X
    const namePath = edit.op === 'replace' ? item.anchorPath ?? path : path;
    const at = layerPos(layer, namePath, own);
    const taken = r.op === 'remove' || r.op === 'replace' ? r.call.item : undefined;
    const placed = applyResolved(order, r, (name) => ({ call: name, note: item.note, pos, path: namePath, at }));
    names.changed();
    if (taken !== undefined) {
      const by = `${pathText(['patch', i])}${own ? '' : ` of ${layer.file}`} (line ${pos.line})`;
      removed.set(taken.call, { by, with: edit.op === 'replace' ? edit.with : undefined });
    }
    // A moved call now comes from this patch item: that is where a user edits its place.
    if (r.op === 'move' && placed !== undefined) placed.item = { ...placed.item, note: item.note ?? placed.item.note, pos, path, at };
    if (lengthOf(order) > maxCalls) {
      over = true;
      say(path, limitMessage('max-calls', maxCalls, `setup_arch has ${lengthOf(order)} calls after this edit, composed from ${layer.file} and its bases`));
    }
    return true;
  }
}
