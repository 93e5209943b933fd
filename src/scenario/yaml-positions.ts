/**
 * Source positions. The document is parsed with a LineCounter, so every node
 * keeps its source range: a problem found at a zod/JS path into the data is
 * reported at the node as written, as line:col. Also lists every key and list
 * item with its node, for duplicate-key messages and Scenario.positions.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { pathText, type Path } from './path-text.js';
import type { InputProblem } from './problems.js';
import type { Pos } from './types.js';

export type Doc = Document.Parsed;

/** Everything the stages share: where to report, and how to turn a node into line:col. */
export interface Ctx {
  readonly file: string;
  readonly text: string;
  readonly lines: LineCounter;
  readonly problems: InputProblem[];
}

export function report(ctx: Ctx, node: Node | undefined, message: string): void {
  const pos = posOf(ctx, node);
  ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message });
}

export function posOf(ctx: Ctx, node: Node | null | undefined): Pos {
  const start = node?.range?.[0];
  return start === undefined ? { line: 1, col: 1 } : ctx.lines.linePos(start);
}

export function hasSource(node: Node | null | undefined): node is Node {
  const r = node?.range;
  return r !== undefined && r !== null && r[1] > r[0];
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

export function deref(doc: Doc, node: unknown): unknown {
  // Alias.resolve() rescans the document; only done along one path per issue, so it stays cheap.
  return isAlias(node) ? node.resolve(doc) : node;
}

interface Located {
  /** the key node of the last path segment, when it is a mapping key */
  readonly key: Node | undefined;
  /** the node at the path, or undefined when the path is missing */
  readonly value: Node | undefined;
  /** where to point when the path is missing: the mapping or list that lacks it */
  readonly deepest: Node | undefined;
}

export function asNode(x: unknown): Node | undefined {
  return isNode(x) ? x : undefined;
}

/** Walks a zod/JS path into the YAML tree, through aliases, as doc.toJS() did. */
function locate(doc: Doc, path: Path): Located {
  let key: Node | undefined;
  let value: unknown = doc.contents;
  for (const seg of path) {
    const node = deref(doc, value);
    let next: { key: Node | undefined; value: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (pair !== undefined) next = { key: asNode(pair.key), value: pair.value };
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      next = { key: undefined, value: node.items[seg] };
    }
    if (next === undefined) {
      const container = asNode(node);
      return { key: undefined, value: undefined, deepest: hasSource(container) ? container : key ?? container };
    }
    ({ key, value } = next);
  }
  return { key, value: asNode(value), deepest: asNode(value) ?? key };
}

/**
 * Where to point for a problem at `path`: the value as written, or its key
 * when the value is empty (`config:` with nothing after it), or, for a
 * missing key, the mapping that lacks it. With `key`, the path names a
 * mapping and the problem is about one of its keys (unknown key).
 */
export function placeOf(doc: Doc, path: Path, key?: string): Node | undefined {
  if (key !== undefined) {
    const inner = locate(doc, [...path, key]);
    return inner.key ?? inner.deepest;
  }
  const at = locate(doc, path);
  if (hasSource(at.value)) return at.value;
  return at.key ?? at.value ?? at.deepest;
}

export interface KeyEntry {
  /** dotted path as in messages and Scenario.positions: "machine.cmdline", "setup_arch[2].note" */
  readonly path: string;
  readonly key: Node;
}

/**
 * Every mapping key and sequence item of the document as written, in source
 * order. Aliases are not followed: a position is where the text is.
 */
export function keyEntries(doc: Doc): KeyEntry[] {
  const out: KeyEntry[] = [];
  const walk = (node: unknown, prefix: readonly PropertyKey[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const path = [...prefix, keyText(pair.key)];
        out.push({ path: pathText(path), key: pair.key });
        walk(pair.value, path);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const path = [...prefix, i];
        const node = asNode(item);
        if (node !== undefined) out.push({ path: pathText(path), key: node });
        walk(item, path);
      });
    }
  };
  walk(doc.contents, []);
  return out;
}
