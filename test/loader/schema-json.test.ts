/**
 * schema/scenario.schema.json is generated from the zod schemas by
 * scripts/gen-schema.mjs and committed (editors read it). This regenerates it
 * in-process, from src, with the script's own render function, and compares:
 * the committed file cannot drift from the schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allArches, DEFAULT_ARCH, loadArches } from '../../src/arch/index.js';
import { scenarioSchemaFor, type ScenarioSchema } from '../../src/scenario/schema.js';

interface GenSchemaModule {
  readonly SCHEMA_ID: string;
  renderScenarioSchema(arches: readonly { id: string; schema: ScenarioSchema }[]): string;
}

// Imported by URL so that TypeScript does not look for declarations of the plain .mjs script.
const SCRIPT = new URL('../../scripts/gen-schema.mjs', import.meta.url).href;
const COMMITTED = new URL('../../schema/scenario.schema.json', import.meta.url);

await loadArches();
const ORDERED = [DEFAULT_ARCH, ...allArches().filter((a) => a !== DEFAULT_ARCH)].map((a) => ({ id: a.id, schema: scenarioSchemaFor(a) }));

describe('schema/scenario.schema.json', () => {
  it('matches the zod schemas', async () => {
    const { renderScenarioSchema } = (await import(SCRIPT)) as GenSchemaModule;
    expect(readFileSync(COMMITTED, 'utf8'), 'stale: run `npm run schema`').toBe(renderScenarioSchema(ORDERED));
  });

  it('is a draft-07 schema of the input, one strict branch per architecture chosen by arch:, x86_32 when arch: is left out', async () => {
    const { SCHEMA_ID } = (await import(SCRIPT)) as GenSchemaModule;
    const schema: unknown = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    const strict = (machineKey: string, configKey: string): unknown => ({
      type: 'object',
      additionalProperties: false,
      properties: {
        machine: { additionalProperties: false, properties: { [machineKey]: { type: ['number', 'string'] } } },
        config: { additionalProperties: false, properties: { [configKey]: {} } },
        extends: { type: 'string' },
        patch: { type: 'array' },
        define: { type: 'object' },
      },
    });
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: SCHEMA_ID,
      anyOf: [{ required: ['setup_arch'] }, { required: ['extends'] }],
      if: { properties: { arch: { const: 'arm64' } }, required: ['arch'] },
      then: strict('phys_offset', 'va_bits'),
      else: {
        if: { properties: { arch: { const: 'riscv' } }, required: ['arch'] },
        then: strict('load_address', 'maxphysmem'),
        else: strict('memory', 'pae'),
      },
    });
  });

  it('describes the composing keys for editors: patch edits, matrix axes, define effects', () => {
    // the x86_32 branch (the default, the innermost `else`) carries x86's define: vocabulary and matrix axes
    type Branch = { else?: Branch; properties: Record<string, { items?: { anyOf?: unknown[] }; additionalProperties?: { properties?: Record<string, unknown> }; anyOf?: { type?: string; properties?: Record<string, unknown> }[] }> };
    let schema = JSON.parse(readFileSync(COMMITTED, 'utf8')) as Branch;
    while (schema.else !== undefined) schema = schema.else;
    expect(schema.properties['patch']?.items?.anyOf).toHaveLength(4);
    expect(Object.keys(schema.properties['define']?.additionalProperties?.properties ?? {})).toEqual(
      ['doc', 'none', 'needs', 'sets', 'early_ioremap', 'set_fixmap', 'relocate', 'build_fixmap_pagetables'],
    );
    // a mapping of axes, or null (drops an inherited matrix)
    const matrix = schema.properties['matrix']?.anyOf ?? [];
    expect(matrix.map((m) => m.type)).toEqual(['object', 'null']);
    expect(Object.keys(matrix[0]?.properties ?? {})).toContain('config.pae');
  });
});
