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
export const SCHEMA_TITLE = 'bootreplay scenario (x86_32 setup_arch() replay)';

/**
 * The input side of the schema (io: 'input'): what a user may write, with
 * every field optional and sizes as numbers or strings, not the defaulted output.
 * @param {import('zod/mini').ZodMiniType} schema
 * @returns {string} the file's text
 */
export function renderScenarioSchema(schema) {
  const { $schema, ...rest } = toJSONSchema(schema, { io: 'input', target: 'draft-07' });
  return `${JSON.stringify({ $schema, $id: SCHEMA_ID, title: SCHEMA_TITLE, ...rest }, null, 2)}\n`;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  // Imported here, not at the top, so that the test can import this module without a build.
  const { scenarioSchemaFor } = await import('../dist/scenario/schema.js');
  const { DEFAULT_ARCH } = await import('../dist/arch/index.js');
  const ScenarioSchema = scenarioSchemaFor(DEFAULT_ARCH);
  const out = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, renderScenarioSchema(ScenarioSchema));
  process.stdout.write(`wrote ${out}\n`);
}
