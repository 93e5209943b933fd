/**
 * README.md's table of `define:` effects says, per architecture, what the
 * plug-in's zod DefineSchema accepts (the source of truth): the values of
 * `needs:`/`sets:` and every other effect key. A key added to a schema and not
 * documented (or documented and not accepted) fails here. The examples of
 * each architecture's define: are run by readme-examples.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DefineSchema as Arm64Define, VALUES as ARM64_VALUES } from '../../src/arch/arm64/define.js';
import { DefineSchema as RiscvDefine, VALUES as RISCV_VALUES } from '../../src/arch/riscv/define.js';
import { defineSchema as x86Define } from '../../src/arch/x86_32/define.js';
import { DEFINE_VALUES as X86_VALUES } from '../../src/arch/x86_32/effects.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The table row of an architecture: its values and the effect keys written as `key: …`. */
function row(arch: string): { values: string[]; effects: string[] } {
  const lines = readme.split('\n');
  const header = lines.findIndex((l) => l.startsWith('| arch | values (`needs:`/`sets:`) | other effects |'));
  if (header < 0) throw new Error('README.md has no define: table');
  const table = lines.slice(header + 2);
  const line = table.slice(0, table.findIndex((l) => !l.startsWith('|'))).find((l) => l.startsWith(`| \`${arch}\` |`));
  if (line === undefined) throw new Error(`README.md has no define: row for ${arch}`);
  const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
  const values = (cells[2] ?? '').split(',').map((v) => v.trim());
  const effects = [...(cells[3] ?? '').matchAll(/`(\w+): /g)].map((m) => m[1] ?? '');
  return { values, effects };
}

const CASES = [
  { arch: 'x86_32', schema: x86Define(), values: X86_VALUES },
  { arch: 'arm64', schema: Arm64Define, values: ARM64_VALUES },
  { arch: 'riscv', schema: RiscvDefine, values: RISCV_VALUES },
] as const;

describe('README.md define: table', () => {
  it.each(CASES)('$arch: the values and effects are the DefineSchema\'s', ({ arch, schema, values }) => {
    const r = row(arch);
    expect([...r.values].sort()).toEqual([...values].sort());
    const keys = Object.keys(schema.def.shape).filter((k) => k !== 'needs' && k !== 'sets');
    expect([...r.effects].sort()).toEqual(keys.sort());
  });
});
