/**
 * Where an unclosed quote or flow collection opens, for yaml's syntax errors that say where it was found
 * unclosed instead.
 *
 * yaml reports "Missing closing "quote" where its lexer ran out of text: a quoted scalar may span lines
 * (YAML 1.2.2 §7.3), so a quote left open runs to the end of the file, and the error was given a line past
 * the last one, twice (with "Flow map in block collection must be … end with a }" at the same place), never
 * naming the line where the quote opens (break-275 F3). A `[` or `{` left open in block context is reported
 * at the next line that is not indented deeper ("Flow sequence in block collection must be sufficiently
 * indented and end with a ]"). The CST token of the scalar or collection has the offset of its opening
 * character; these helpers find it.
 */
import type { CST } from 'yaml';
import { lowerBound } from '../ascending.js';

/** An opening quote or bracket: its offset in the text (UTF-16 units) and the character that closes it. */
export interface Opening {
  readonly offset: number;
  readonly closer: '"' | "'" | ']' | '}';
}

/**
 * Every CST token under `tokens`, depth first (document order). With a stack of its own, not recursion: the
 * tokens of a file cut at max-depth nest as deep as its brackets went (50,000 in a 100 KB file).
 */
function* walk(tokens: readonly CST.Token[]): Generator<CST.Token> {
  const stack: CST.Token[] = [...tokens].reverse();
  for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
    yield t;
    const children = childrenOf(t);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as CST.Token);
  }
}

function childrenOf(t: CST.Token): CST.Token[] {
  switch (t.type) {
    case 'document':
      return [...t.start, ...(t.value !== undefined ? [t.value] : []), ...(t.end ?? [])];
    case 'block-map':
    case 'block-seq':
      return t.items.flatMap(itemTokens);
    case 'flow-collection':
      return [t.start, ...t.items.flatMap(itemTokens), ...t.end];
    case 'block-scalar':
      return [...t.props];
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      return t.end ?? [];
    default:
      return [];
  }
}

function itemTokens(item: CST.CollectionItem): CST.Token[] {
  return [...item.start, ...(item.key ? [item.key] : []), ...(item.sep ?? []), ...(item.value ? [item.value] : [])];
}

/** Items in document order, with their offsets as an ascending list for lowerBound. */
interface InOrder<T> {
  readonly starts: readonly number[];
  readonly items: readonly T[];
}

/** A quoted scalar: its opening quote, and the offset just past the text the lexer took into it. */
interface Quote extends Opening {
  readonly end: number;
}

/** The quoted scalars and the unclosed flow lists and mappings of a text. */
export interface Openings {
  readonly quotes: InOrder<Quote>;
  readonly lists: InOrder<Opening>;
  readonly mappings: InOrder<Opening>;
}

function inOrder<T extends Opening>(items: T[]): InOrder<T> {
  return { starts: items.map((i) => i.offset), items };
}

/** One walk over the CST tokens (linear); the lookups below are binary searches, so many errors cost n log n. */
export function openingsOf(tokens: readonly CST.Token[]): Openings {
  const quotes: Quote[] = [];
  const lists: Opening[] = [];
  const mappings: Opening[] = [];
  for (const t of walk(tokens)) {
    if (t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') {
      quotes.push({ offset: t.offset, end: t.offset + t.source.length, closer: t.type === 'double-quoted-scalar' ? '"' : "'" });
    } else if (t.type === 'flow-collection') {
      const closer = t.start.source === '[' ? ']' : '}';
      if (!t.end.some((e) => e.source === closer)) (closer === ']' ? lists : mappings).push({ offset: t.offset, closer });
    }
  }
  return { quotes: inOrder(quotes), lists: inOrder(lists), mappings: inOrder(mappings) };
}

/** The last item that opens before `offset`, or undefined. */
function lastBefore<T>(list: InOrder<T>, offset: number): T | undefined {
  return list.items[lowerBound(list.starts, offset) - 1];
}

/** The quoted scalar that runs up to `offset` (where yaml found its closing quote missing), or undefined. */
export function unclosedQuote(openings: Openings, offset: number): Opening | undefined {
  const q = lastBefore(openings.quotes, offset);
  return q !== undefined && q.end >= offset ? { offset: q.offset, closer: q.closer } : undefined;
}

/**
 * The innermost flow collection (`[` or `{`) that opens before `offset` and is not closed, or undefined.
 * @param closer the bracket yaml says is missing ("… end with a ]")
 */
export function unclosedFlow(openings: Openings, offset: number, closer: ']' | '}'): Opening | undefined {
  return lastBefore(closer === ']' ? openings.lists : openings.mappings, offset);
}
