/**
 * The loader validates each file against a form of its architecture's schema
 * that builds the matrix:, define:, expect: and allow: schemas only when the
 * file writes those keys (scenarioSchemaFor's `written`, a cold-start cost).
 * That form must say exactly what the whole schema says of the file: the
 * same data when it is valid, the same issues when it is not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { archById, DEFAULT_ARCH, loadArches } from '../../src/arch/index.js';
import { ON_DEMAND_KEYS, scenarioSchemaFor, writtenKeys } from '../../src/scenario/schema.js';
import { ZOD_PARSE_PARAMS } from '../../src/scenario/zod-issues.js';

await loadArches();

const ROOT = new URL('../../scenarios/', import.meta.url).pathname;
const FILES = readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Both forms' verdicts on one file's data: success and data, or the issues' codes, paths and messages. */
function verdicts(data: Record<string, unknown>) {
  const plugin = (typeof data['arch'] === 'string' ? archById(data['arch']) : undefined) ?? DEFAULT_ARCH;
  const defined = isRecord(data['define']) ? Object.keys(data['define']) : [];
  const derived = Object.hasOwn(data, 'extends');
  const shown = (r: ReturnType<ReturnType<typeof scenarioSchemaFor>['safeParse']>) => (r.success
    ? { ok: true, data: r.data }
    : { ok: false, issues: r.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })) });
  return {
    onDemand: shown(scenarioSchemaFor(plugin, defined, derived, writtenKeys(data)).safeParse(data, ZOD_PARSE_PARAMS)),
    whole: shown(scenarioSchemaFor(plugin, defined, derived).safeParse(data, ZOD_PARSE_PARAMS)),
  };
}

describe('the on-demand form of a scenario schema', () => {
  it('the shipped scenarios include files that write some of the keys and files that write none', () => {
    const written = FILES.map((f) => parse(readFileSync(join(ROOT, f), 'utf8')) as Record<string, unknown>).map(writtenKeys);
    expect(written.some((w) => ON_DEMAND_KEYS.some((k) => w[k]))).toBe(true);
    expect(written.some((w) => ON_DEMAND_KEYS.every((k) => !w[k]))).toBe(true);
  });

  it.each(FILES)('%s: the same verdict as the whole schema', (file) => {
    const data = parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
    const { onDemand, whole } = verdicts(data);
    expect(onDemand).toEqual(whole);
  });

  it.each([
    ['a bad matrix axis', { kernel: '2.6.27', setup_arch: ['vmi_init'], matrix: { 'machine.memry': ['512MiB'] } }],
    ['a bad define effect', { kernel: '2.6.27', setup_arch: ['my_call'], define: { my_call: { doc: 'x', early_ioremap: '0' } } }],
    ['an expect: of an unknown rule', { kernel: '2.6.27', setup_arch: ['vmi_init'], expect: [{ rule: 'fixmap-before-relocaton', step: 'vmi_init' }] }],
    ['an allow: without a reason', { kernel: '2.6.27', setup_arch: ['vmi_init'], allow: [{ rule: 'duplicate-call', step: 'vmi_init' }] }],
    ['a key that is none of them', { kernel: '2.6.27', setup_arch: ['vmi_init'], matirx: {} }],
  ])('%s: the same issues as the whole schema', (_name, data) => {
    const { onDemand, whole } = verdicts(data);
    expect(whole.ok).toBe(false);
    expect(onDemand).toEqual(whole);
  });

  it.each([
    ['a matrix', { kernel: '2.6.27', setup_arch: ['vmi_init'], matrix: { 'machine.memory': ['512MiB', '4GiB'] } }],
    ['a define', { kernel: '2.6.27', setup_arch: ['my_call'], define: { my_call: { doc: 'x', early_ioremap: 4096 } } }],
    ['an expect: and an allow:', {
      kernel: '2.6.27', setup_arch: ['vmi_init', 'vmi_init'],
      expect: [{ rule: 'duplicate-call', step: 'vmi_init#2' }],
      allow: [{ rule: 'duplicate-call', step: 'vmi_init#2', reason: 'on purpose' }],
    }],
  ])('%s: the same data as the whole schema', (_name, data) => {
    const { onDemand, whole } = verdicts(data);
    expect(whole.ok).toBe(true);
    expect(onDemand).toEqual(whole);
  });

  it('a file that writes none of the keys is not given their schemas: its form accepts only their absence', () => {
    const schema = scenarioSchemaFor(DEFAULT_ARCH, [], false, writtenKeys({}));
    const r = schema.safeParse({ kernel: '2.6.27', setup_arch: ['vmi_init'], matrix: { kernel: ['2.6.27'] } });
    expect(r.success).toBe(false);
    expect(scenarioSchemaFor(DEFAULT_ARCH, [], false).safeParse({ kernel: '2.6.27', setup_arch: ['vmi_init'], matrix: { kernel: ['2.6.27'] } }).success).toBe(true);
  });
});
