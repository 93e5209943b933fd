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
