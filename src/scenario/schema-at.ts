/**
 * Schema lookup by path: the zod schema that validates the value at a path of
 * the scenario, and the keys allowed in the mapping there.
 */
import * as z from 'zod/mini';
import type { Path } from './path-text.js';

type Schema = z.core.$ZodType;

function unwrap(s: Schema | undefined): Schema | undefined {
  let cur = s;
  while (cur instanceof z.ZodMiniOptional || cur instanceof z.ZodMiniNullable || cur instanceof z.ZodMiniDefault) cur = cur.def.innerType;
  return cur;
}

/** The mapping form of a schema: itself, or the mapping alternative of a union (a step). */
function objectOf(s: Schema | undefined): z.ZodMiniObject | undefined {
  const u = unwrap(s);
  if (u instanceof z.ZodMiniObject) return u;
  if (u instanceof z.ZodMiniUnion) {
    for (const option of u.def.options) {
      const o = unwrap(option);
      if (o instanceof z.ZodMiniObject) return o;
    }
  }
  return undefined;
}

/** The schema that validates the value at `path` under `root` (the source of truth for allowed keys and bounds). */
export function schemaAt(root: Schema, path: Path): Schema | undefined {
  let s: Schema | undefined = root;
  for (const seg of path) {
    const u = unwrap(s);
    if (u instanceof z.ZodMiniArray && typeof seg === 'number') s = u.def.element;
    // define: NAME → its entry (a record's values share one schema)
    else if (u instanceof z.ZodMiniRecord) s = u.def.valueType;
    else s = objectOf(u)?.def.shape[String(seg)];
  }
  return unwrap(s);
}

export function keysAt(root: Schema, path: Path): string[] {
  return Object.keys(objectOf(schemaAt(root, path))?.def.shape ?? {});
}
