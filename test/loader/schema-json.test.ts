/**
 * schema/scenario.schema.json is generated from the zod schemas by
 * scripts/gen-schema.mjs and committed (editors read it). This regenerates it
 * in-process, from src, with the script's own render function, and compares:
 * the committed file cannot drift from the schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARCHES, DEFAULT_ARCH } from '../../src/arch/index.js';
import { scenarioSchemaFor, type ScenarioSchema } from '../../src/scenario/schema.js';

interface GenSchemaModule {
  readonly SCHEMA_ID: string;
  renderScenarioSchema(arches: readonly { id: string; schema: ScenarioSchema }[], defaultId: string): string;
}

// Imported by URL so that TypeScript does not look for declarations of the plain .mjs script.
const SCRIPT = new URL('../../scripts/gen-schema.mjs', import.meta.url).href;
const COMMITTED = new URL('../../schema/scenario.schema.json', import.meta.url);

interface Branch {
  if: { properties: { arch: { const: string } }; required?: string[] };
  then: { properties: Record<string, unknown> };
}

function branch(schema: { allOf: Branch[] }, id: string): Branch | undefined {
  return schema.allOf.find((b) => b.if.properties.arch.const === id);
}

describe('schema/scenario.schema.json', () => {
  it('matches the zod schemas', async () => {
    const { renderScenarioSchema } = (await import(SCRIPT)) as GenSchemaModule;
    const expected = renderScenarioSchema(ARCHES.map((a) => ({ id: a.id, schema: scenarioSchemaFor(a) })), DEFAULT_ARCH.id);
    expect(readFileSync(COMMITTED, 'utf8'), 'stale: run `npm run schema`').toBe(expected);
  });

  it('is a draft-07 schema of the input: shared keys strict at the top, setup_arch required', async () => {
    const { SCHEMA_ID } = (await import(SCRIPT)) as GenSchemaModule;
    const schema: unknown = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: SCHEMA_ID,
      type: 'object',
      required: ['setup_arch'],
      additionalProperties: false,
      properties: { arch: { enum: ARCHES.map((a) => a.id) }, config: { type: 'object' }, machine: { type: 'object' } },
    });
  });

  it('gives each architecture its kernel/config/machine/setup_arch under an if on arch; the default also without arch:', () => {
    const schema = JSON.parse(readFileSync(COMMITTED, 'utf8')) as { allOf: Branch[] };
    const x86 = branch(schema, 'x86_32');
    const arm64 = branch(schema, 'arm64');
    // no `required: [arch]`: a file without arch: is an x86_32 scenario, as in the loader
    expect(x86?.if.required).toBeUndefined();
    expect(arm64?.if.required).toEqual(['arch']);
    expect(x86?.then.properties).toMatchObject({
      machine: { additionalProperties: false, properties: { memory: { type: ['number', 'string'] }, hypervisor: { enum: ['none', 'vmi', 'xen'] } } },
      config: { additionalProperties: false, properties: { pae: { type: 'boolean' } } },
    });
    expect(arm64?.then.properties).toMatchObject({
      machine: { additionalProperties: false, properties: { memory: { type: ['number', 'string'] }, kaslr_seed: { type: ['number', 'string'] } } },
      config: { additionalProperties: false, properties: { page_size: { enum: ['4K', '16K', '64K'] }, kasan: { type: 'boolean' } } },
    });
    const calls = (arm64?.then.properties['setup_arch'] as { items: { anyOf: { enum?: string[] }[] } }).items.anyOf[0]?.enum;
    expect(calls).toEqual(expect.arrayContaining(['paging_init', 'fixup_init', 'pte_set_fixmap']));
    expect(calls).not.toContain('vmi_init');
  });
});
