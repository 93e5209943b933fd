/**
 * `patch:`: edits of the inherited setup_arch, applied in order, in the
 * vocabulary of order-edit.ts. Each edit's references are resolved against
 * the order the previous edits left; a reference that names no call is a
 * located error at that reference, with did-you-mean, and the edit is
 * skipped so that every bad edit is reported at once.
 */
import { isRecord } from '../is-record.js';
import { limitMessage } from '../limits.js';
import { applyEdits, callRefText, indexOfRef, parseCallRef, type CallRef, type OrderEdit, type Placement } from '../order-edit.js';
import { pathText, type Path } from '../path-text.js';
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

/** "vmi_init#2: setup_arch has 1 vmi_init" or "find_low_pfn_rang: not in setup_arch (did you mean …?)" */
function missingText(missing: CallRef, names: readonly string[]): string {
  const count = names.filter((n) => n === missing.name).length;
  if (count > 0) {
    return `${callRefText(missing)}: the setup_arch this patch edits has ${count === 1 ? 'one' : count} ${missing.name}${count > 1 ? ` (${missing.name} to ${missing.name}#${count})` : ''}`;
  }
  const guess = suggest(missing.name, [...new Set(names)]);
  return `${missing.name} is not in the setup_arch this patch edits${guess !== undefined ? ` (did you mean ${guess}?)` : ''}`;
}

/**
 * Applies a layer's patch to the steps it inherits. Runs even when other
 * parts of the file are invalid, so that one pass reports every problem.
 *
 * @param own whether the layer is the scenario's own file (positions without a file)
 * @param known call names an insert or replace may add: the catalog's and the define: names
 * @returns the patched steps; problems go to the layer's ctx
 */
export function applyPatch(layer: Layer, steps: readonly ComposedStep[], own: boolean, known: ReadonlySet<string>, knownList: readonly string[], maxCalls: number): ComposedStep[] {
  const items = layer.data['patch'];
  if (!Array.isArray(items)) return [...steps];
  let cur: ComposedStep[] = [...steps];
  // a base already over the limit has said so at its own edit
  let over = steps.length > maxCalls;
  items.forEach((raw: unknown, i) => {
    // max-calls holds for the composed order too: a chain of bases, each inserting up to the limit,
    // would otherwise build an order of any length (and each edit costs its length)
    if (over || !isRecord(raw)) return;
    const item = itemOf(layer, raw, i);
    if (item === undefined) return;
    const { edit } = item;
    const say = (path: Path, message: string): void => report(layer.ctx, placeOf(layer.doc, path), `${pathText(path)}: ${message}`);
    const added = edit.op === 'insert' ? edit.call : edit.op === 'replace' ? edit.with : undefined;
    if (added !== undefined && !known.has(added)) {
      const guess = suggest(added, knownList);
      say(edit.op === 'insert' ? item.callPath : item.anchorPath ?? item.callPath,
        `unknown call ${added}${guess !== undefined ? ` (did you mean ${guess}?)` : ''}; a call of the catalog (run \`bootreplay steps\`) or of define:`);
      return;
    }
    if (edit.op === 'move' && edit.call.name === edit.anchor.name && edit.call.occurrence === edit.anchor.occurrence) {
      say(item.anchorPath ?? item.callPath, `cannot move ${callRefText(edit.call)} ${edit.where} itself`);
      return;
    }
    const pos = layerPos(layer, ['patch', i], own);
    const path: Path = ['patch', i, edit.op];
    const moving = edit.op === 'move' ? cur[indexOfRef(cur.map((s) => s.call), edit.call)] : undefined;
    // where the new call's name is written: insert: X, or replace's with: X
    const namePath = edit.op === 'replace' ? item.anchorPath ?? path : path;
    const at = layerPos(layer, namePath, own);
    const r = applyEdits(cur, [edit], (s) => s.call, (name) => ({ call: name, note: item.note, pos, path: namePath, at }));
    if (!r.ok) {
      const onCall = (edit.op === 'move' || edit.op === 'remove' || edit.op === 'replace') && r.missing === edit.call;
      say(onCall ? item.callPath : item.anchorPath ?? item.callPath, missingText(r.missing, cur.map((s) => s.call)));
      return;
    }
    // A moved call now comes from this patch item: that is where a user edits its place.
    cur = moving === undefined ? r.order : r.order.map((s) => (s === moving ? { ...s, note: item.note ?? s.note, pos, path, at } : s));
    if (cur.length > maxCalls) {
      over = true;
      say(path, limitMessage('max-calls', maxCalls, `setup_arch has ${cur.length} calls after this edit, composed from ${layer.file} and its bases`));
    }
  });
  return cur;
}
