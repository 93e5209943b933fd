/**
 * yaml's "All mapping items must start at the same column" (BAD_INDENT) said in
 * terms of the file's lines (break-290 N5): which lines around the one it is
 * about hold the keys it is neither beside nor under, and how far each is
 * indented; and, when the line ends a block scalar (`description: |` whose
 * text the line was meant to go on), that it is a line of the scalar indented
 * less than its first.
 */
import type { Ctx } from './yaml-positions.js';
import { positionAt } from './yaml-positions.js';

/** A line above the one in question that opens an indentation level: its number (1-based) and indentation (spaces). */
interface Level {
  readonly line: number;
  readonly indent: number;
  readonly text: string;
}

/** Line `n` (1-based) of the text, without its line break. */
function lineText(ctx: Ctx, n: number): string {
  const starts = ctx.lines.lineStarts;
  const start = starts[n - 1] ?? ctx.text.length;
  const end = starts[n] ?? ctx.text.length;
  return ctx.text.slice(start, end).replace(/\r?\n$|\r$/, '');
}

function indentOf(text: string): number {
  return /^ */.exec(text)?.[0].length ?? 0;
}

/** Blank, or only a comment: it opens no level. */
function isFiller(text: string): boolean {
  return /^\s*(#.*)?$/.test(text);
}

/** What a reader sees at the start of a line: `memory:`, `the -`, or `line N`. */
function what(level: Level): string {
  const body = level.text.trimStart();
  if (body.startsWith('- ') || body === '-') return `the - on line ${level.line}`;
  const key = /^([^\s:#][^:#]{0,40}?):(\s|$)/.exec(body)?.[1];
  return key === undefined ? `line ${level.line}` : `${key}: on line ${level.line}`;
}

/** `key: |`, `- >-`, `text: |2 # note`: a line that starts a block scalar, its text on the lines below. */
const BLOCK_SCALAR_START = /(^|:\s+|^-\s+|\s-\s+)[|>][1-9+-]{0,2}\s*(#.*)?$/;

function spaces(n: number): string {
  return `${n} space${n === 1 ? '' : 's'}`;
}

/**
 * The words for a BAD_INDENT "All mapping items must start at the same column" at `offset` (the start of the
 * line yaml found misplaced), or undefined when the lines above do not show two levels around it.
 */
export function mappingColumnWords(ctx: Ctx, offset: number): string | undefined {
  const n = positionAt(ctx, offset).line;
  const here = lineText(ctx, n);
  const c = indentOf(here);
  // the levels open above it, innermost first: each line indented less than every line after it
  const levels: Level[] = [];
  let least = Number.POSITIVE_INFINITY;
  for (let k = n - 1; k >= 1 && least > 0; k--) {
    const text = lineText(ctx, k);
    if (isFiller(text)) continue;
    const indent = indentOf(text);
    if (indent < least) {
      levels.push({ line: k, indent, text });
      least = indent;
    }
  }
  const outer = levels.find((l) => l.indent < c);
  const inner = [...levels].reverse().find((l) => l.indent > c);
  if (outer === undefined || inner === undefined) return undefined;
  if (BLOCK_SCALAR_START.test(outer.text)) {
    const indicator = c > outer.indent ? `, or give the scalar its indentation: ${outer.text.trim().replace(/([|>])[1-9]?/, `$1${c - outer.indent}`)}` : '';
    return `line ${n} is indented ${spaces(c)}, less than the first line of the block scalar that ${what(outer)} starts (line ${inner.line}, `
      + `${spaces(inner.indent)}): a block scalar ends at the first line indented less than its first, and what follows is read as keys; `
      + `indent line ${n} by ${spaces(inner.indent)} to keep it in the scalar${indicator}`;
  }
  return `line ${n} is indented ${spaces(c)}, between ${what(inner)} (${spaces(inner.indent)}) and ${what(outer)} (${spaces(outer.indent)}): `
    + `the keys of one mapping start at the same column; indent line ${n} as ${what(inner)} to be a key beside it, `
    + `or as ${what(outer)} to be one beside that`;
}
