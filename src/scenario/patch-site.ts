/**
 * Where `patch:` items go in a scenario's own file (types.ts PatchSite): a
 * verified fix of an order that comes from an `extends:` base is written as
 * items of the file's `patch:` (src/report/fix-text.ts), after its last item;
 * a file without `patch:` gets one before `expect:`/`allow:` (the key order
 * of the shipped scenarios), else after its last key. Comments and blank
 * lines after the last item or key stay below the new text.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { PatchSite } from './types.js';
import { keyText, type Ctx, type Doc } from './yaml-positions.js';

/** The 1-based line of the last character of a node (a block scalar's range ends after its line break; trailing blank lines are not in it). */
function lastLine(ctx: Ctx, node: Node): number | undefined {
  const r = node.range;
  if (r === undefined || r === null) return undefined;
  return ctx.lines.linePos(Math.max(r[0], r[1] - 1)).line;
}

/** The text of the line `offset` is on, up to `offset`. */
function lineHead(ctx: Ctx, offset: number): string {
  const line = ctx.lines.linePos(offset).line;
  return ctx.text.slice(ctx.lines.lineStarts[line - 1] ?? 0, offset);
}

/** @returns the site, or undefined when the document or its patch: is in flow style (`{…}`, `[…]`): no whole lines to add */
export function patchSite(ctx: Ctx, doc: Doc): PatchSite | undefined {
  const top = doc.contents;
  if (!isMap(top) || top.flow === true) return undefined;
  const pairs = top.items.filter((p) => isScalar(p.key));
  const patch = pairs.find((p) => keyText(p.key) === 'patch');
  if (patch !== undefined) {
    const list = patch.value;
    if (!isSeq(list) || list.flow === true || list.items.length === 0) return undefined;
    const first = list.items[0];
    const last = list.items[list.items.length - 1];
    const start = isMap(first) || isScalar(first) ? first.range?.[0] : undefined;
    // the items start their own lines after their `-` (a block list, as the schema's shape needs)
    const dash = start === undefined ? null : /^(\s*)-\s+$/.exec(lineHead(ctx, start));
    const end = isMap(last) || isScalar(last) ? lastLine(ctx, last) : undefined;
    if (dash === null || dash[1] === undefined || end === undefined) return undefined;
    return { line: end + 1, indent: dash[1], key: undefined };
  }
  const head = pairs[0];
  const keyStart = isScalar(head?.key) ? head.key.range?.[0] : undefined;
  if (keyStart === undefined) return undefined;
  const indent = lineHead(ctx, keyStart);
  if (!/^\s*$/.test(indent)) return undefined;
  const key = `${indent}patch:`;
  const gate = pairs.find((p) => keyText(p.key) === 'expect' || keyText(p.key) === 'allow');
  const gateStart = isScalar(gate?.key) ? gate.key.range?.[0] : undefined;
  if (gateStart !== undefined) return { line: ctx.lines.linePos(gateStart).line, indent: `${indent}  `, key };
  const tail = pairs[pairs.length - 1];
  const tailNode = isMap(tail?.value) || isSeq(tail?.value) || isScalar(tail?.value) ? tail.value : isScalar(tail?.key) ? tail.key : undefined;
  const end = tailNode === undefined ? undefined : lastLine(ctx, tailNode);
  return end === undefined ? undefined : { line: end + 1, indent: `${indent}  `, key };
}
