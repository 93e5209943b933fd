/**
 * Lines YAML folded into one by their indentation. A line indented more than
 * the key or list item above it continues that line's plain scalar (YAML 1.2
 * §7.3.3, plain scalars fold their line breaks into spaces), so
 *
 *     config:                      setup_arch:
 *       pae: true                  - early_ioremap_init
 *        highmem: true               - parse_early_param
 *
 * read as the key `true highmem` (which the yaml package reports as
 * "Nested mappings are not allowed in compact mappings" and "Implicit keys
 * need to be on a single line", at `true`) and as the one call
 * `early_ioremap_init - parse_early_param`. These helpers find the line that
 * was folded in and say so in the user's terms: which line, indented how much
 * against which.
 */
import { quoted } from './quote.js';
import { isMap, isSeq } from 'yaml';
import type { Path } from './path-text.js';
import { placeOf, positionAt, type Ctx, type Doc } from './yaml-positions.js';
import type { Pos } from './types.js';

/** A plain scalar that starts on one line and continues on a later, more indented one. */
export interface Fold {
  /** the line the scalar starts on (1-based) */
  readonly line: number;
  /** the first later line it continues on */
  readonly next: number;
  /** where that line's text starts: the place to point at */
  readonly at: Pos;
  /** spaces before the continuation's text */
  readonly indent: number;
  /** the column it is measured against, 0-based: the key the scalar is the value of, the list item's `-`, or the key itself */
  readonly against: number;
  /** what the scalar is on its first line: a key's value, a list item, or a key */
  readonly kind: 'value' | 'item' | 'key';
  /** for a value, its key as written ("pae") */
  readonly key: string | undefined;
  /** the scalar's text on its first line ("true") */
  readonly head: string;
}

/** Start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The fold of the plain scalar that starts at `start` and whose source ends
 * at or before `end`, or undefined when it stays on one line or is not a
 * plain scalar (a quoted one may span lines as written), or is in a flow
 * collection (the caller knows when a flow collection began on a line above).
 */
export function foldAt(ctx: Ctx, start: number, end: number): Fold | undefined {
  const { text } = ctx;
  const first = text[start];
  if (first === undefined || '"\'[{|>'.includes(first)) return undefined;
  const from = lineStart(text, start);
  const prefix = text.slice(from, start);
  // in a flow collection ([a,\n b]) indentation means nothing: a line break there is a missing comma
  if (/[[\]{},]/.test(prefix)) return undefined;
  const value = /^( *(?:- +)*)([^\s#].*?):[ \t]+$/.exec(prefix);
  const item = value === null ? /^( *(?:- +)*)- +$/.exec(prefix) : null;
  const bare = value === null && item === null && /^ *$/.test(prefix);
  if (value === null && item === null && !bare) return undefined;
  const against = value !== null ? (value[1] ?? '').length : item !== null ? (item[1] ?? '').length : prefix.length;
  // the first non-blank line after the scalar's first line, inside its source
  const lineEnd = text.indexOf('\n', start);
  if (lineEnd < 0 || lineEnd >= end) return undefined;
  const head = text.slice(start, lineEnd).replace(/\r$/, '').trimEnd();
  let at = lineEnd + 1;
  for (;;) {
    const m = /^[ \t]*/.exec(text.slice(at, at + 1024));
    const lead = m?.[0].length ?? 0;
    const c = text[at + lead];
    if (c === '\n' || c === '\r') {
      at = text.indexOf('\n', at + lead) + 1;
      if (at === 0 || at >= end) return undefined;
      continue;
    }
    if (at + lead >= end) return undefined;
    const indent = /^ */.exec(text.slice(at, at + lead))?.[0].length ?? 0;
    if (indent <= against) return undefined;
    const line = positionAt(ctx, start).line;
    const pos = positionAt(ctx, at + lead);
    return { line, next: pos.line, at: pos, indent, against, kind: value !== null ? 'value' : item !== null ? 'item' : 'key', key: value?.[2], head };
  }
}

/**
 * The fold of the value at `path` (foldAt), for a message about that value;
 * none in a flow collection (`[a,\n  b]`: a missing comma, whatever the indentation).
 */
export function foldAtPath(ctx: Ctx, doc: Doc, path: Path): Fold | undefined {
  const parent = placeOf(doc, path.slice(0, -1));
  if ((isSeq(parent) || isMap(parent)) && parent.flow === true) return undefined;
  const range = placeOf(doc, path)?.range;
  return range === undefined || range === null ? undefined : foldAt(ctx, range[0], range[1]);
}

function spaces(n: number): string {
  return `${n} space${n === 1 ? '' : 's'}`;
}

/**
 * "line 5 is indented more than line 4 (3 spaces against 2): it is read as a
 * continuation of the value on line 4 ("true")", for both messages below.
 */
export function foldText(f: Fold): string {
  const what = f.kind === 'value' ? 'the value' : f.kind === 'item' ? 'the list item' : 'the key';
  return `line ${f.next} is indented more than line ${f.line} (${spaces(f.indent)} against ${f.against}): it is read as a continuation of ${what} on line ${f.line} (${quoted(f.head)})`;
}

/**
 * What to do about a fold: line the continuation up with what it was meant
 * to stand beside. `keyed`: the continuation holds a `key:` (a list item may
 * have been meant as a mapping).
 */
export function foldFix(f: Fold, keyed: boolean): string {
  if (f.kind === 'value') return `indent line ${f.next} as ${f.key ?? 'the key'}: on line ${f.line}`;
  if (f.kind === 'item') return `indent line ${f.next} as the - on line ${f.line}${keyed ? ', or make the item a mapping (- KEY: VALUE, its other keys under KEY)' : ''}`;
  return `indent line ${f.next} as line ${f.line}`;
}
