/**
 * Writes schema/scenario.schema.json, the JSON Schema editors use to complete
 * and check scenario files (the `# yaml-language-server: $schema=` comment of
 * DESIGN §5). It is generated from the zod schema, the single source of truth;
 * test/loader/schema-json.test.ts fails when the committed file is stale.
 *
 * Usage: npx tsc -p tsconfig.json && node scripts/gen-schema.mjs
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toJSONSchema } from 'zod/mini';

/** A URN rather than a URL: the schema ships in the package, it is not served anywhere. */
export const SCHEMA_ID = 'urn:bootreplay:scenario-schema:1';
export const SCHEMA_TITLE = 'bootreplay scenario (setup_arch() replay)';

/** The keys whose schema is the architecture's own (the rest are shared). */
const PER_ARCH = ['kernel', 'config', 'machine', 'setup_arch'];

/**
 * The input side of the schema (io: 'input'): what a user may write, with
 * every field optional and sizes as numbers or strings, not the defaulted output.
 *
 * One schema for every architecture (draft-07): the shared keys at the top,
 * and per architecture an `if` on `arch` whose `then` gives its `kernel`,
 * `config`, `machine` and `setup_arch`. The default architecture's `if`
 * also holds when `arch:` is left out, as in the loader.
 *
 * @param {{ id: string, schema: import('zod/mini').ZodMiniType }[]} arches every architecture, in registry order
 * @param {string} defaultId the architecture of a scenario without `arch:`
 * @returns {string} the file's text
 */
export function renderScenarioSchema(arches, defaultId) {
  const parts = arches.map((a) => ({ id: a.id, json: toJSONSchema(a.schema, { io: 'input', target: 'draft-07' }) }));
  const base = parts.find((p) => p.id === defaultId) ?? parts[0];
  if (base === undefined) throw new Error('no architecture');
  const { $schema, type, properties, required, additionalProperties } = base.json;
  const shared = Object.fromEntries(Object.entries(properties).map(([k, v]) => {
    if (!PER_ARCH.includes(k)) return [k, v];
    if (k === 'setup_arch') return [k, { type: 'array', minItems: 1, description: 'the calls in order (see `bootreplay steps --arch A`)' }];
    if (k === 'kernel') return [k, { type: 'string', description: 'the kernel version; what is modeled depends on arch' }];
    return [k, { type: 'object', description: `the architecture's ${k} (see arch)` }];
  }));
  const allOf = parts.map((p) => ({
    if: p.id === defaultId
      ? { properties: { arch: { const: p.id } } }
      : { properties: { arch: { const: p.id } }, required: ['arch'] },
    then: { properties: Object.fromEntries(PER_ARCH.map((k) => [k, p.json.properties[k]])) },
  }));
  return `${JSON.stringify({ $schema, $id: SCHEMA_ID, title: SCHEMA_TITLE, type, properties: shared, required, additionalProperties, allOf }, null, 2)}\n`;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  // Imported here, not at the top, so that the test can import this module without a build.
  const { scenarioSchemaFor } = await import('../dist/scenario/schema.js');
  const { ARCHES, DEFAULT_ARCH } = await import('../dist/arch/index.js');
  const out = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, renderScenarioSchema(ARCHES.map((a) => ({ id: a.id, schema: scenarioSchemaFor(a) })), DEFAULT_ARCH.id));
  process.stdout.write(`wrote ${out}\n`);
}
