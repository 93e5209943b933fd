/**
 * schema/scenario.schema.json is generated from the zod schema by
 * scripts/gen-schema.mjs and committed (editors read it). This regenerates it
 * in-process, from src, with the script's own render function, and compares:
 * the committed file cannot drift from the schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ARCH } from '../../src/arch/index.js';
import { scenarioSchemaFor, type ScenarioSchema } from '../../src/scenario/schema.js';

interface GenSchemaModule {
  readonly SCHEMA_ID: string;
  renderScenarioSchema(schema: ScenarioSchema): string;
}

// Imported by URL so that TypeScript does not look for declarations of the plain .mjs script.
const SCRIPT = new URL('../../scripts/gen-schema.mjs', import.meta.url).href;
const COMMITTED = new URL('../../schema/scenario.schema.json', import.meta.url);

describe('schema/scenario.schema.json', () => {
  it('matches the zod schema', async () => {
    const { renderScenarioSchema } = (await import(SCRIPT)) as GenSchemaModule;
    expect(readFileSync(COMMITTED, 'utf8'), 'stale: run `npx tsc -p tsconfig.json && node scripts/gen-schema.mjs`').toBe(renderScenarioSchema(scenarioSchemaFor(DEFAULT_ARCH)));
  });

  it('is a draft-07 schema of the input: strict objects, setup_arch required, sizes as numbers or strings', async () => {
    const { SCHEMA_ID } = (await import(SCRIPT)) as GenSchemaModule;
    const schema: unknown = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: SCHEMA_ID,
      type: 'object',
      required: ['setup_arch'],
      additionalProperties: false,
      properties: {
        machine: { additionalProperties: false, properties: { memory: { type: ['number', 'string'] } } },
        config: { additionalProperties: false },
      },
    });
  });
});
