/**
 * `define:`: calls the catalog lacks. Their names are checked here (a call
 * name, not one of the catalog's); their effects are the architecture's
 * vocabulary, validated by its schema and compiled by the plug-in. A derived
 * file inherits its bases' definitions and may redefine one.
 */
import { identifierFault, shownCall } from '../call-text.js';
import { clipped } from '../quote.js';
import { pathText } from '../path-text.js';
import type { ArchPlugin } from '../../arch/types.js';
import { isRecord } from '../is-record.js';
import type { DefinedCall } from '../types.js';
import { placeOf, report } from '../yaml-positions.js';
import type { Layer } from './layer.js';
import { layerPos } from './steps.js';

const CALL_NAME = /^[A-Za-z_]\w*$/;

/**
 * `__proto__` is a C identifier but cannot be a defined call: zod's record
 * parse (the `define:` schema) drops an own `__proto__` key without an issue,
 * so its entry would be neither validated nor compiled, and the call would
 * silently do nothing. No kernel function has that name, so it is refused at
 * its key instead (other Object.prototype names, `constructor`, `toString`,
 * work like any name: the compiled definitions live in a null-prototype object).
 */
const RESERVED_NAME = '__proto__';

/** Latin letters Cyrillic spells alike: a key typed with one (my_quіrk) reads as the name it copies. */
const LOOK_ALIKE: Readonly<Record<string, string>> = {
  а: 'a', в: 'B', е: 'e', і: 'i', ј: 'j', к: 'k', м: 'M', н: 'H', о: 'o', р: 'p', с: 'c', т: 'T', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w',
  А: 'A', В: 'B', Е: 'E', І: 'I', Ј: 'J', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', Ѕ: 'S', У: 'Y',
};

/**
 * The name a define: key of the wrong form was probably meant to be: white space at its ends and invisible
 * format characters (U+200B, U+202E, U+FEFF) dropped, fullwidth letters read as ASCII
 * (NFKC) and Cyrillic look-alikes as the Latin letters they copy; undefined unless that is a name define: takes
 * (a C identifier that is not `__proto__`; the caller checks the catalog).
 */
function keyGuess(name: string): string | undefined {
  // a control character inside (my_quirk\nx) may join two names: no guess; at the ends it goes with the white space
  const plain = Array.from(name.normalize('NFKC').replace(/\p{Cf}/gu, '').trim(), (c) => LOOK_ALIKE[c] ?? c).join('');
  return plain !== name && isCallName(plain) ? plain : undefined;
}

/** Whether `name` may name a defined call as far as its spelling goes (the catalog check is separate). */
export function isCallName(name: string): boolean {
  return CALL_NAME.test(name) && name !== RESERVED_NAME;
}

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
  const names = definedNames(layer);
  // a layer without define: (most) builds neither the catalog's set nor the plug-in's define schema
  if (names.length === 0) return;
  const catalog = new Set(plugin.callNames);
  const effects = Object.keys(plugin.defineSchema.def.shape);
  const entries = layer.data['define'];
  const keys = new Set(names);
  for (const name of names) {
    const at = placeOf(layer.doc, ['define'], name);
    const entry: unknown = isRecord(entries) && Object.hasOwn(entries, name) ? entries[name] : undefined;
    if (isRecord(entry)) {
      const given = Object.keys(entry).filter((k) => effects.includes(k));
      if (entry['none'] === true && given.length > 0) {
        report(layer.ctx, placeOf(layer.doc, ['define', name], 'none'), `${pathText(['define', name, 'none'])}: none: true says ${shownCall(name)} changes nothing, but it also has ${given.join(', ')}; keep one or the other`);
      } else if (entry['none'] === undefined && given.length === 0 && Object.keys(entry).every((k) => k === 'doc')) {
        report(layer.ctx, at, `${pathText(['define', name])}: no effect; give one or more of ${effects.join(', ')}, or none: true for a call that changes nothing the model tracks`);
      }
    }
    if (name === RESERVED_NAME) {
      report(layer.ctx, at, `${pathText(['define', name])}: not a call name here; ${RESERVED_NAME} is JavaScript's prototype key, which the loader cannot hold as a name (no kernel function has it); pick another C identifier`);
    } else if (!CALL_NAME.test(name)) {
      // what hides in it said, as wherever a call is named (call-text.ts); the did-you-mean is a name define: takes
      // (break-239 F1: " vmi_init" was offered vmi_init, which it then refused as a catalog call), else why not
      // a name another key of this define: has is no guess: following it makes a duplicate key (break-242 N1)
      const guess = keyGuess(name);
      const hint = guess === undefined || keys.has(guess) ? '' : catalog.has(guess)
        ? ` (read as ${clipped(guess)}, it is a call of the ${plugin.id} catalog, which define: cannot name)`
        : ` (did you mean ${clipped(guess)}?)`;
      report(layer.ctx, at, `${pathText(['define', name])}: not a call name${identifierFault(name)}${hint}; a defined call is named like a C function (letters, digits and _)`);
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
      // own keys only: a name like toString must not find Object.prototype's
      const entry = Object.hasOwn(entries, name) ? entries[name] : undefined;
      if (entry === undefined || !isRecord(rawEntry)) continue;
      // zod returns keys in schema order; effects run in the order written
      const effects: Record<string, unknown> = {};
      for (const key of Object.keys(rawEntry)) if (key !== 'doc' && key !== 'none') effects[key] = entry[key];
      out[name] = {
        name,
        doc: typeof entry['doc'] === 'string' ? entry['doc'] : '',
        pos: layerPos(layer, ['define'], own, name),
        keys: Object.fromEntries(Object.keys(rawEntry).map((key) => [key, layerPos(layer, ['define', name, key], own)])),
        compiled: plugin.compileDefine(name, effects),
        written: rawEntry,
      };
    }
  });
  return out;
}
