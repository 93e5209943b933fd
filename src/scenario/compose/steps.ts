/**
 * The setup_arch of a composition while it is built: each call with where it
 * comes from, so that findings and problems point at text a user can edit
 * (the base file's item, or the patch item that inserted or moved it).
 */
import { isRecord } from '../is-record.js';
import type { Path } from '../path-text.js';
import type { Pos } from '../types.js';
import { placeOf, posOf } from '../yaml-positions.js';
import type { Layer } from './layer.js';

export interface ComposedStep {
  readonly call: string;
  readonly note: string | undefined;
  /** where the call is written (Pos.file set when it is not the scenario's own file) */
  readonly pos: Pos;
  /** the key path of the call's name in its file, for messages: setup_arch[3], setup_arch[4].call, patch[0].insert */
  readonly path: Path;
  /** where the call's name is written (problems about the call point there) */
  readonly at: Pos;
}

/** A position in a layer (of the value at `path`, or of `key` in the mapping there), with the layer's file unless it is the scenario's own. */
export function layerPos(layer: Layer, path: Path, own: boolean, key?: string): Pos {
  const pos = posOf(layer.ctx, placeOf(layer.doc, path, key));
  return own ? pos : { ...pos, file: layer.file };
}

/**
 * The steps a layer's own setup_arch lists. Items that are neither a name nor
 * {call: NAME} are left out: the schema reports them.
 */
export function stepsOfLayer(layer: Layer, own: boolean): ComposedStep[] | undefined {
  const items = layer.data['setup_arch'];
  if (!Array.isArray(items)) return undefined;
  const out: ComposedStep[] = [];
  items.forEach((item: unknown, i) => {
    const record = isRecord(item);
    const call = record ? item['call'] : item;
    if (typeof call !== 'string') return;
    const note = record && typeof item['note'] === 'string' ? item['note'] : undefined;
    const path: Path = record ? ['setup_arch', i, 'call'] : ['setup_arch', i];
    // the step's position is the item (the "- " entry), as findings have always pointed
    out.push({ call, note, pos: layerPos(layer, ['setup_arch', i], own), path, at: layerPos(layer, path, own) });
  });
  return out;
}
