/**
 * A key that a `matrix:` sets, also written as a plain value: which one
 * counts. Every other key follows "the later file wins", but a matrix's
 * values are applied to each variant after merging, so without these checks
 * a plain value would lose to the matrix without a word:
 *
 * - a file that extends a matrix file (directly or through other bases) and
 *   writes a key the inherited matrix sets (an axis, or a key of an include
 *   entry) is an error at that key: the user asked for a value the variants
 *   would not get. The message names the matrix's file:line and the ways to
 *   say what they mean: `matrix: null` (one machine), a `matrix:` of their
 *   own, or `--variant` to run some of the variants.
 * - in the matrix's own file and the files it extends, a plain value is
 *   what the matrix varies: the matrix's values win, and the plain value is
 *   that of the variants the matrix leaves it to (an include entry's own
 *   combination, a key include entries set for some variants only). That is
 *   how a user turns one machine into a matrix: add `matrix:` to the file
 *   (or to a file that extends it), keep the rest.
 *
 * Problems go to the layer's ctx, at the key.
 */
import { isRecord } from '../is-record.js';
import { getPath } from '../key-path.js';
import type { Path } from '../path-text.js';
import { placeOf, posOf, report } from '../yaml-positions.js';
import type { Layer } from './layer.js';
import { axesOf, valueKey, writtenText } from './matrix.js';

/** The key paths a matrix sets (`machine.cpu.pge`), each with where it is first written in the matrix. */
interface Assigned {
  readonly path: string;
  readonly axis: boolean;
  /** the axis key, or the key in the first include entry that sets it */
  readonly at: Path;
  readonly key: string;
}

function assignedBy(matrix: Readonly<Record<string, unknown>>): Assigned[] {
  const out: Assigned[] = [];
  for (const path of axesOf(matrix)) out.push({ path, axis: true, at: ['matrix'], key: path });
  const includes = matrix['include'];
  if (Array.isArray(includes)) {
    includes.forEach((entry: unknown, k) => {
      if (!isRecord(entry)) return;
      for (const path of Object.keys(entry)) {
        if (!out.some((a) => a.path === path)) out.push({ path, axis: false, at: ['matrix', 'include', k], key: path });
      }
    });
  }
  return out;
}

/** The value at a dotted key path of a file's data, or undefined (null counts as not written: the schema reports it). */
function valueAt(data: unknown, path: string): unknown {
  return getPath(data, path.split('.')) ?? undefined;
}

/** "d/m.yaml:12:3": where the matrix sets a path. */
function whereText(layer: Layer, a: Assigned): string {
  const pos = posOf(layer.ctx, placeOf(layer.doc, a.at, a.key));
  return `${layer.file}:${pos.line}:${pos.col}`;
}

/**
 * Reports each key a layer after the matrix's writes that the matrix sets.
 *
 * @param matrixIndex the index in `layers` of the last layer with a `matrix:` mapping
 * @param parsed each layer's validated data (undefined for an invalid layer: values are then compared as written)
 */
export function checkInheritedAxes(layers: readonly Layer[], matrixIndex: number, parsed: readonly (Readonly<Record<string, unknown>> | undefined)[]): void {
  const matrixLayer = layers[matrixIndex];
  const matrix = matrixLayer?.data['matrix'];
  if (matrixLayer === undefined || !isRecord(matrix)) return;
  const assigned = assignedBy(matrix);
  for (let j = matrixIndex + 1; j < layers.length; j++) {
    const layer = layers[j] as Layer;
    for (const a of assigned) {
      const value = valueAt(layer.data, a.path);
      if (value === undefined) continue;
      const keys = a.path.split('.');
      const parent = keys.slice(0, -1);
      const from = whereText(matrixLayer, a);
      const at = placeOf(layer.doc, parent, keys[keys.length - 1]);
      const fix = 'for one machine, drop the matrix (matrix: null) or write a matrix: of your own';
      if (!a.axis) {
        report(layer.ctx, at, `${a.path}: set by include entries of the matrix inherited from ${from}, so the variants they reach take this key from the matrix and this value would be ignored there; ${fix}`);
        continue;
      }
      const list = matrix[a.path];
      const values = Array.isArray(list) ? list : [];
      const texts = values.map((v, k) => writtenText(matrixLayer, ['matrix', a.path, k], v));
      const mine = writtenText(layer, keys, value);
      const parsedMine = valueAt(parsed[j], a.path);
      const parsedList = parsed[matrixIndex]?.['matrix'];
      const parsedValues = isRecord(parsedList) && Array.isArray(parsedList[a.path]) ? parsedList[a.path] as unknown[] : undefined;
      const among = parsedMine !== undefined && parsedValues !== undefined
        ? parsedValues.some((v) => valueKey(v) === valueKey(parsedMine))
        : texts.includes(mine);
      // a selector value is a glob, and , = ] end it (variant-name.ts): quote nothing, name the plain ones
      const pick = !among
        ? ` (${mine} is not one of its values: ${texts.join(', ')})`
        : /^[^\s,=[\]'"*?]+$/.test(mine) ? `; to run some of its variants: --variant ${a.path}=${mine}` : '; to run some of its variants: --variant';
      report(layer.ctx, at, `${a.path}: an axis of the matrix inherited from ${from}, so its variants take this key from the matrix and this value would be ignored; ${fix}${pick}`);
    }
  }
}
