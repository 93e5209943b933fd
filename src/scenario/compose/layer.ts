/**
 * One file of a composition (a scenario, or a base it extends): its YAML
 * document with source positions and its plain data. Composing works on
 * layers, root base first, the file the user named last.
 */
import { LineCounter } from 'yaml';
import type { InputProblem } from '../problems.js';
import { isRecord } from '../is-record.js';
import { DEFAULT_LIMITS, limitMessage, type Limits } from '../limits.js';
import { textPosition } from '../text-position.js';
import { parseSingleDocument, toData } from '../yaml-document.js';
import type { Ctx, Doc } from '../yaml-positions.js';
import type { LineBreak } from '../types.js';

export interface Layer {
  /** the file as reports name it */
  readonly file: string;
  readonly ctx: Ctx;
  readonly doc: Doc;
  /** the document as plain data (the top level is a mapping) */
  readonly data: Readonly<Record<string, unknown>>;
  /** YAML tokens counted for max-tokens in this file and those read before it for the same scenario (the files extending it) */
  readonly tokens?: number;
  /** the file's first line break as written (ctx.text reads a lone CR as LF); LF when it has none */
  readonly lineBreak: LineBreak;
}

export type LayerResult = { readonly ok: true; readonly layer: Layer } | { readonly ok: false; readonly problems: InputProblem[] };

/**
 * A lone CR is a line break in YAML 1.2 (and in every editor), but the yaml
 * package reads it as an ordinary character: positions after it would be a
 * line early. Replacing it with LF changes no offset, and inside scalars YAML
 * normalizes line breaks to LF anyway.
 */
function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The first line break of a text as written (YAML 1.2.2 §5.4: CR LF, CR or LF), or LF when it has none. */
function firstLineBreak(text: string): LineBreak {
  const m = /\r\n|\r|\n/.exec(text);
  return m === null ? '\n' : (m[0] as LineBreak);
}

/** A leading byte order mark is not part of the text an editor shows (files.ts's decoder drops it too); columns count from after it. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * YAML text → a layer, or its syntax and document-shape problems
 * (yaml-document.ts) when there is no sound tree to go on with. The limits
 * of limits.ts (size, nesting, keys, items, calls, aliases) are checked here,
 * before any later stage walks the tree. Pure.
 * @param tokensBefore max-tokens counted in the files that extend this one (readChain): one budget for a chain
 */
export function parseLayer(text: string, file: string, limits: Limits = DEFAULT_LIMITS, tokensBefore = 0): LayerResult {
  // A NUL never occurs in YAML text; it means an image, an archive, UTF-16…
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    // placed like every other problem (text-position.ts), in the text without its BOM
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const at = textPosition(withoutBom(text), nul - bom);
    return { ok: false, problems: [{ file, line: at.line, col: at.col, message: 'not a text file (it contains NUL bytes); a scenario is UTF-8 YAML' }] };
  }
  // files.ts checks the size before reading; this covers text from elsewhere (tests, fuzzing, git show)
  if (text.length > limits.maxFileBytes / 3 && Buffer.byteLength(text) > limits.maxFileBytes) {
    return { ok: false, problems: [{ file, message: limitMessage('max-file-bytes', limits.maxFileBytes, 'too large') }] };
  }
  const ctx: Ctx = { file, text: normalizeLineBreaks(withoutBom(text)), lines: new LineCounter(), problems: [] };
  const parsed = parseSingleDocument(ctx, limits, tokensBefore);
  const data = parsed === undefined ? undefined : toData(ctx, parsed.doc, limits);
  if (parsed === undefined || !isRecord(data)) return { ok: false, problems: ctx.problems };
  // Problems that leave a sound tree (a duplicate key, a YAML warning) stay in
  // ctx.problems: validation still runs and reports the rest with them.
  return { ok: true, layer: { file, ctx, doc: parsed.doc, data, tokens: parsed.tokens, lineBreak: firstLineBreak(text) } };
}
