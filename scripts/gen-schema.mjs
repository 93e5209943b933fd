/**
 * Writes schema/scenario.schema.json, the JSON Schema editors use to complete
 * and check scenario files (the `# yaml-language-server: $schema=` comment of
 * DESIGN §5). It is generated from the zod schemas, the single source of
 * truth; test/loader/schema-json.test.ts fails when the committed file is stale.
 *
 * One draft-07 schema per architecture (each with its own strict `config:`,
 * `machine:` and call names), chained with if/then/else on `arch`: every
 * architecture other than the default is an `if: {arch: ID} then: …` branch,
 * and the default one (x86_32, for files without `arch:`) is the last `else`.
 *
 * Usage: npx tsc -p tsconfig.json && node scripts/gen-schema.mjs
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toJSONSchema } from 'zod/mini';

/** A URN rather than a URL: the schema ships in the package, it is not served anywhere. */
export const SCHEMA_ID = 'urn:bootreplay:scenario-schema:1';

/**
 * The input side of the schema (io: 'input'): what a user may write, with
 * every field optional and sizes as numbers or strings, not the defaulted output.
 * A file lists setup_arch or inherits it with extends: the zod schema of a
 * file cannot say "one of the two" as a type, so it is added here as anyOf.
 * @param {readonly { id: string; schema: import('zod/mini').ZodMiniType }[]} arches every architecture with its scenario schema, default first
 * @returns {string} the file's text
 */
export function renderScenarioSchema(arches) {
  const [fallback, ...others] = arches;
  if (fallback === undefined) throw new Error('no architecture');
  const draft = (schema) => toJSONSchema(schema, { io: 'input', target: 'draft-07' });
  const branch = (schema) => {
    const { $schema, ...rest } = draft(schema);
    return rest;
  };
  let body = branch(fallback.schema);
  for (const a of [...others].reverse()) {
    body = { if: { properties: { arch: { const: a.id } }, required: ['arch'] }, then: branch(a.schema), else: body };
  }
  const title = `bootreplay scenario (setup_arch() replay: ${arches.map((a) => a.id).join(', ')})`;
  const oneOfTwo = { anyOf: [{ required: ['setup_arch'] }, { required: ['extends'] }] };
  return `${JSON.stringify({ $schema: draft(fallback.schema).$schema, $id: SCHEMA_ID, title, ...body, ...oneOfTwo }, null, 2)}\n`;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  // Imported here, not at the top, so that the test can import this module without a build.
  const { scenarioSchemaFor } = await import('../dist/scenario/schema.js');
  const { allArches, DEFAULT_ARCH, loadArches } = await import('../dist/arch/index.js');
  await loadArches();
  const ordered = [DEFAULT_ARCH, ...allArches().filter((a) => a !== DEFAULT_ARCH)];
  const out = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, renderScenarioSchema(ordered.map((a) => ({ id: a.id, schema: scenarioSchemaFor(a) }))));
  process.stdout.write(`wrote ${out}\n`);
}
