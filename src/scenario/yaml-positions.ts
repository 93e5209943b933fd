/**
 * Source positions. The document is parsed with a LineCounter, so every node
 * keeps its source range: a problem found at a zod/JS path into the data is
 * reported at the node as written, as line:col. Also lists every key and list
 * item with its node, for duplicate-key messages and Scenario.positions.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Alias, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import { childPathText, type Path } from './path-text.js';
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
  return start === undefined ? { line: 1, col: 1 } : positionAt(ctx, start);
}

/**
 * A source offset as line:col (1-based). yaml points some errors (an unclosed
 * flow collection) at the line break itself; the LF of a CRLF would be one
 * column past the line's end, so it is reported where the line ends, as an
 * editor shows it.
 */
export function positionAt(ctx: Ctx, offset: number): Pos {
  const at = offset > 0 && ctx.text.charCodeAt(offset) === 0x0a && ctx.text.charCodeAt(offset - 1) === 0x0d ? offset - 1 : offset;
  return ctx.lines.linePos(at);
}

export function hasSource(node: Node | null | undefined): node is Node {
  const r = node?.range;
  return r !== undefined && r !== null && r[1] > r[0];
}

/**
 * A mapping key as the data spells it: the scalar's value as a string, "" for an empty (null) key, as yaml's toJS.
 * YAML 1.1's merge key is a scalar whose value is a Symbol (`%YAML 1.1`, `<<: {…}`): spelled as written, `<<`,
 * not "Symbol(<<)" (zod-issues.ts says merge keys are not supported).
 */
export function keyText(key: unknown): string {
  if (key === null || key === undefined) return '';
  // a null key as written (`null:`, `~:`; helper-183 13: it was shown as [""]), an empty one as ''
  if (isScalar(key)) return key.value === null || key.value === undefined ? (typeof key.source === 'string' ? key.source : '') : typeof key.value === 'symbol' ? key.value.description ?? '' : String(key.value);
  return String(key);
}

/**
 * The node each alias refers to, noted by toData's walk in document order.
 * (yaml's Alias.resolve() scans the whole document for every alias, which
 * is quadratic over a file of aliases.)
 */
const ALIAS_TARGETS = new WeakMap<Alias, Node>();

export function noteAliasTarget(alias: Alias, target: Node): void {
  ALIAS_TARGETS.set(alias, target);
}

/** The node an alias refers to (undefined when it refers to nothing), or the node itself. */
export function deref(_doc: Doc, node: unknown): unknown {
  return isAlias(node) ? ALIAS_TARGETS.get(node) : node;
}

/** Each mapping's pairs by key text, built on first use: a lookup per problem, not a scan. The last of duplicate keys wins, as in the data. */
const PAIRS = new WeakMap<YAMLMap, Map<string, Pair>>();

/** Up to this many pairs a mapping is scanned instead: a setup_arch item {call, note} is looked up twice, and an index of it cost more than the scans. */
const SCAN_PAIRS = 8;

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length <= SCAN_PAIRS) {
    for (let i = map.items.length - 1; i >= 0; i--) {
      const pair = map.items[i] as Pair;
      if ((pair.key === null || isScalar(pair.key)) && keyText(pair.key) === key) return pair;
    }
    return undefined;
  }
  let index = PAIRS.get(map);
  if (index === undefined) {
    index = new Map();
    for (const pair of map.items) if (pair.key === null || isScalar(pair.key)) index.set(keyText(pair.key), pair);
    PAIRS.set(map, index);
  }
  return index.get(key);
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
      const pair = pairOf(node, String(seg));
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
export function keyEntries(doc: Doc): readonly KeyEntry[] {
  // a parsed document does not change: its positions and its item lines (compose.ts) share one walk
  const known = entriesOf.get(doc);
  if (known !== undefined) return known;
  const out: KeyEntry[] = [];
  // each path is spelled once, from its parent's (not copied and spelled from the root at every node)
  const walk = (node: unknown, prefix: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const path = childPathText(prefix, keyText(pair.key));
        out.push({ path, key: pair.key });
        walk(pair.value, path);
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        const path = childPathText(prefix, i);
        const itemNode = asNode(item);
        if (itemNode !== undefined) out.push({ path, key: itemNode });
        walk(item, path);
      }
    }
  };
  walk(doc.contents, '');
  entriesOf.set(doc, out);
  return out;
}

/** keyEntries() by document (a 10,000-call file has 30,000 entries; compose reads them twice). */
const entriesOf = new WeakMap<Doc, readonly KeyEntry[]>();
