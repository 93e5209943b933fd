/**
 * `define:`: calls the catalog lacks. Their names are checked here (a call
 * name, not one of the catalog's); their effects are the architecture's
 * vocabulary, validated by its schema and compiled by the plug-in. A derived
 * file inherits its bases' definitions and may redefine one.
 */
import type { ArchPlugin } from '../../arch/types.js';
import { isRecord } from '../is-record.js';
import type { DefinedCall } from '../types.js';
import { placeOf, report } from '../yaml-positions.js';
import type { Layer } from './layer.js';
import { layerPos } from './steps.js';

const CALL_NAME = /^[A-Za-z_]\w*$/;

/** The names a layer defines, as written (valid or not: the checks below report the bad ones). */
export function definedNames(layer: Layer): string[] {
  const d = layer.data['define'];
  return isRecord(d) ? Object.keys(d) : [];
}

/**
 * Names that can be calls (a C identifier the catalog does not have), and
 * entries that say what they do (effects, or none: true, not both). Reports
 * the others at their key.
 */
export function checkDefines(layer: Layer, plugin: ArchPlugin): void {
  const catalog = new Set(plugin.callNames);
  const effects = Object.keys(plugin.defineSchema.def.shape);
  const entries = layer.data['define'];
  for (const name of definedNames(layer)) {
    const at = placeOf(layer.doc, ['define'], name);
    const entry: unknown = isRecord(entries) ? entries[name] : undefined;
    if (isRecord(entry)) {
      const given = Object.keys(entry).filter((k) => effects.includes(k));
      if (entry['none'] === true && given.length > 0) {
        report(layer.ctx, placeOf(layer.doc, ['define', name], 'none'), `define.${name}.none: none: true says ${name} changes nothing, but it also has ${given.join(', ')}; keep one or the other`);
      } else if (entry['none'] === undefined && given.length === 0 && Object.keys(entry).every((k) => k === 'doc')) {
        report(layer.ctx, at, `define.${name}: no effect; give one or more of ${effects.join(', ')}, or none: true for a call that changes nothing the model tracks`);
      }
    }
    if (!CALL_NAME.test(name)) {
      report(layer.ctx, at, `define.${name}: not a call name; a defined call is named like a C function (letters, digits and _)`);
    } else if (catalog.has(name)) {
      report(layer.ctx, at, `define.${name}: ${name} is a call of the ${plugin.id} catalog; a defined call needs a name the catalog lacks (\`bootreplay steps\` lists it)`);
    }
  }
}

/**
 * The compiled definitions of the layers, later layers overriding earlier
 * ones. `parsed` holds each layer's schema output for define (undefined when
 * the layer has none or is invalid).
 */
export function compileDefines(
  plugin: ArchPlugin, layers: readonly Layer[], parsed: readonly (Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined)[],
): Record<string, DefinedCall> {
  const out: Record<string, DefinedCall> = Object.create(null) as Record<string, DefinedCall>;
  layers.forEach((layer, i) => {
    const raw = layer.data['define'];
    const entries = parsed[i];
    if (!isRecord(raw) || entries === undefined) return;
    const own = i === layers.length - 1;
    for (const [name, rawEntry] of Object.entries(raw)) {
      const entry = entries[name];
      if (entry === undefined || !isRecord(rawEntry)) continue;
      // zod returns keys in schema order; effects run in the order written
      const effects: Record<string, unknown> = {};
      for (const key of Object.keys(rawEntry)) if (key !== 'doc' && key !== 'none') effects[key] = entry[key];
      out[name] = {
        name,
        doc: typeof entry['doc'] === 'string' ? entry['doc'] : '',
        pos: layerPos(layer, ['define'], own, name),
        compiled: plugin.compileDefine(name, effects),
        written: rawEntry,
      };
    }
  });
  return out;
}
