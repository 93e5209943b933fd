/**
 * Small builders every scenario schema uses (generic and per architecture),
 * written against zod/mini (the functional API), which tree-shakes: the
 * classic API would put all of zod into the bundle that `run` loads.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini sets no locale; classic zod sets English on first use. Keep its
// issue messages (the fallback of zod-issues.ts) as they were.
if (z.config().localeError === undefined) z.config(en());

/** Attach a JSON Schema description (what classic zod's `.meta({ description })` did). */
export function described<T extends z.core.$ZodType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** An optional field (every field is: defaults come after validation), with its description if given. */
export function optional<T extends z.core.SomeType>(schema: T, description?: string): z.ZodMiniOptional<T> {
  const field = z.optional(schema);
  return description === undefined ? field : described(field, description);
}

/**
 * A list whose items are names that mean the same thing however often they are listed (a define:'s
 * needs, sets or set_fixmap slots): a repeat is a located problem at the repeat ("listed twice"), as
 * everywhere else the loader is strict, rather than silently one item.
 */
export function distinctItems<T extends z.ZodMiniArray<z.core.SomeType>>(list: T): T {
  return list.check((payload) => {
    const first = new Map<unknown, number>();
    payload.value.forEach((item, i) => {
      const at = first.get(item);
      if (at === undefined) first.set(item, i);
      else payload.issues.push({ code: 'custom', message: `${String(item)} is listed twice (item ${at + 1} names it already); list it once`, input: item, path: [i] });
    });
  }) as T;
}
