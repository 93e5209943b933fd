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

/** An opening quote or bracket: its offset in the text (UTF-16 units) and the character that closes it. */
export interface Opening {
  readonly offset: number;
  readonly closer: '"' | "'" | ']' | '}';
}

/** Every CST token under `tokens`, depth first (document order). */
function* walk(tokens: readonly CST.Token[]): Generator<CST.Token> {
  for (const t of tokens) {
    yield t;
    yield* walk(childrenOf(t));
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

/**
 * The quoted scalar that runs up to `offset` (where yaml found its closing quote missing), or undefined.
 * @param tokens the parser's CST tokens of the whole text
 */
export function unclosedQuote(tokens: readonly CST.Token[], offset: number): Opening | undefined {
  let found: Opening | undefined;
  for (const t of walk(tokens)) {
    if ((t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') && t.offset < offset && t.offset + t.source.length >= offset) {
      found = { offset: t.offset, closer: t.type === 'double-quoted-scalar' ? '"' : "'" };
    }
  }
  return found;
}

/**
 * The innermost flow collection (`[` or `{`) that opens before `offset` and is not closed, or undefined.
 * @param closer the bracket yaml says is missing ("… end with a ]")
 */
export function unclosedFlow(tokens: readonly CST.Token[], offset: number, closer: ']' | '}'): Opening | undefined {
  const opener = closer === ']' ? '[' : '{';
  let found: Opening | undefined;
  for (const t of walk(tokens)) {
    if (t.type !== 'flow-collection' || t.start.source !== opener || t.offset >= offset) continue;
    if (t.end.some((e) => e.source === closer)) continue;
    found = { offset: t.offset, closer };
  }
  return found;
}
