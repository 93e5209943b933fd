/**
 * Integers past 2^53 − 1 reach the schemas as their source text (a double
 * would round them), so a number schema sees a string: the message must
 * say the number is out of range, not tell the user to drop quotes they
 * never wrote (helper-139).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';

function problems(text: string): string[] {
  const r = parseScenario(text, 'x.yaml');
  return r.ok ? [] : r.problems.map((p) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
}

describe('a whole number too large to be exact', () => {
  it('is out of the key\'s range when the key has one', () => {
    expect(problems('config: {nr_cpus: 99999999999999999999999}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '1:19: config.nr_cpus: 99999999999999999999999 is out of range; allowed: 1 to 4096',
    ]);
    expect(problems('config: {nr_cpus: -0x100000000000000000}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '1:19: config.nr_cpus: -0x100000000000000000 is out of range; allowed: 1 to 4096',
    ]);
  });

  it('a small signed hex (a string to YAML) is no huge number', () => {
    expect(problems('config: {nr_cpus: -0x10}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '1:19: config.nr_cpus: expected a number, got the string "-0x10"',
    ]);
  });

  it('a quoted small number is still told to drop its quotes', () => {
    expect(problems('config: {nr_cpus: "8"}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '1:19: config.nr_cpus: expected a number, got the string "8"; write it without quotes',
    ]);
  });
});

describe('a size of one byte', () => {
  it('is "1 byte", not "1 bytes" (helper-139)', () => {
    expect(problems('machine: {memory: 1}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '1:19: machine.memory: 1 byte (0x1) is too little; the model takes 1 MiB to 1 TiB',
    ]);
  });
});
