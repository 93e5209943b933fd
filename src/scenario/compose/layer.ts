/**
 * One file of a composition (a scenario, or a base it extends): its YAML
 * document with source positions and its plain data. Composing works on
 * layers, root base first, the file the user named last.
 */
import { LineCounter } from 'yaml';
import type { InputProblem } from '../problems.js';
import { isRecord } from '../is-record.js';
import { parseSingleDocument, toData } from '../yaml-document.js';
import type { Ctx, Doc } from '../yaml-positions.js';

export interface Layer {
  /** the file as reports name it */
  readonly file: string;
  readonly ctx: Ctx;
  readonly doc: Doc;
  /** the document as plain data (the top level is a mapping) */
  readonly data: Readonly<Record<string, unknown>>;
}

export type LayerResult = { readonly ok: true; readonly layer: Layer } | { readonly ok: false; readonly problems: InputProblem[] };

/**
 * YAML text → a layer, or its syntax and document-shape problems
 * (yaml-document.ts) when there is no sound tree to go on with. Pure.
 */
export function parseLayer(text: string, file: string): LayerResult {
  const ctx: Ctx = { file, text, lines: new LineCounter(), problems: [] };
  // A NUL never occurs in YAML text; it means an image, an archive, UTF-16…
  if (text.includes('\u0000')) {
    return { ok: false, problems: [{ file, message: 'not a text file (it contains NUL bytes); a scenario is UTF-8 YAML' }] };
  }
  const doc = parseSingleDocument(ctx);
  const data = doc === undefined ? undefined : toData(ctx, doc);
  if (doc === undefined || !isRecord(data)) return { ok: false, problems: ctx.problems };
  // Problems that leave a sound tree (a duplicate key, a YAML warning) stay in
  // ctx.problems: validation still runs and reports the rest with them.
  return { ok: true, layer: { file, ctx, doc, data } };
}
