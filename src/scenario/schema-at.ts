/**
 * Schema lookup by path: the zod schema that validates the value at a path of
 * the scenario, and the keys allowed in the mapping there.
 */
import { z } from 'zod';
import type { Path } from './path-text.js';
import { ScenarioSchema } from './schema.js';

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
  return cur;
}

/** The mapping form of a schema: itself, or the mapping alternative of a union (a step). */
function objectOf(s: z.ZodType | undefined): z.ZodObject | undefined {
  const u = unwrap(s);
  if (u instanceof z.ZodObject) return u;
  if (u instanceof z.ZodUnion) {
    for (const option of u.options) {
      const o = unwrap(option as z.ZodType);
      if (o instanceof z.ZodObject) return o;
    }
  }
  return undefined;
}

/** The schema that validates the value at `path` (the schema is the source of truth for allowed keys and bounds). */
export function schemaAt(path: Path): z.ZodType | undefined {
  let s: z.ZodType | undefined = ScenarioSchema;
  for (const seg of path) {
    const u = unwrap(s);
    if (u instanceof z.ZodArray && typeof seg === 'number') s = u.element as z.ZodType;
    else s = (objectOf(u)?.shape as Record<string, z.ZodType> | undefined)?.[String(seg)];
  }
  return unwrap(s);
}

export function keysAt(path: Path): string[] {
  return Object.keys(objectOf(schemaAt(path))?.shape ?? {});
}
