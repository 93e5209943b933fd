/**
 * Whole numbers written in YAML's float notation (break-255 N7): YAML 1.2's core schema reads `1.0e9`,
 * `2147483648.0` and `1E10` as floats, which a double holds as 1000000000 etc. Every number a scenario
 * gives is an integer (the kernel's memparse() and Kconfig's int symbols read integers), and `2.5` and
 * `2.5GiB` are refused as fractions, so a float that happens to be whole is refused too, with the
 * integer to write. Must-fail and must-pass rows, each through the whole loader.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { floatNotationInteger, isFloatNotation } from '../../src/scenario/float-notation.js';

function problems(text: string): string[] {
  const r = parseScenario(text, 'x.yaml');
  return r.ok ? [] : r.problems.map((p) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
}

const X86 = (machine: string, config = ''): string => `kernel: 2.6.27\n${config}machine: {${machine}}\nsetup_arch: [early_cpu_init]\n`;

describe('YAML 1.2 core float notation', () => {
  it.each([
    ['1.0e9', '1000000000'], ['2147483648.0', '2147483648'], ['1E10', '10000000000'], ['-0.0', '0'], ['.5e1', '5'],
    ['+4.', '4'], ['1e+3', '1000'],
  ])('%s is a whole number written as a float: %s', (text, whole) => {
    expect(isFloatNotation(text)).toBe(true);
    expect(floatNotationInteger(text)).toBe(whole);
  });

  it.each(['4096', '-7', '0x1000', '0o17', '512MiB', '.inf', '.nan', '1_000', '2.6.27'])('%s is not float notation', (text) => {
    expect(floatNotationInteger(text)).toBeUndefined();
  });

  it('a fraction or a value past 2^53 has no integer to write', () => {
    expect(floatNotationInteger('2.5')).toBeUndefined();
    expect(floatNotationInteger('1e30')).toBeUndefined();
  });
});

describe('a whole number written as a float is refused where an integer is read', () => {
  it.each([
    ['memory: 2147483648.0', '2:19: machine.memory: "2147483648.0" is written as a float (with a point or an exponent); sizes and addresses are integers: write 2147483648 (2GiB)'],
    ['memory: 1.0e9', '2:19: machine.memory: "1.0e9" is written as a float (with a point or an exponent); sizes and addresses are integers: write 1000000000'],
    ['memory: 1E10', '2:19: machine.memory: "1E10" is written as a float (with a point or an exponent); sizes and addresses are integers: write 10000000000'],
    ['memory: -0.0', '2:19: machine.memory: "-0.0" is written as a float (with a point or an exponent); sizes and addresses are integers: write 0'],
    // quoted, the text reads the same way: no quotes to take off, the integer to write
    ['memory: "1.0e9"', '2:19: machine.memory: "1.0e9" is written as a float (with a point or an exponent); sizes and addresses are integers: write 1000000000'],
  ])('x86_32 %s', (machine, message) => {
    expect(problems(X86(machine))).toEqual([message]);
  });

  it('an integer key (Kconfig int) says what to write', () => {
    expect(problems(X86('memory: 512MiB', 'config: {nr_cpus: 4.0}\n'))).toEqual([
      '2:19: config.nr_cpus: expected a whole number, got 4.0, written as a float (with a point or an exponent); write 4',
    ]);
    expect(problems(X86('memory: 512MiB', 'config: {nr_cpus: 1e2}\n'))).toEqual([
      '2:19: config.nr_cpus: expected a whole number, got 1e2, written as a float (with a point or an exponent); write 100',
    ]);
  });

  it('a quoted whole float in an integer key is told the integer, not just to take the quotes off (which would leave 4.0, refused above)', () => {
    expect(problems(X86('memory: 512MiB', 'config: {nr_cpus: "4.0"}\n'))).toEqual([
      '2:19: config.nr_cpus: expected a number, got the string "4.0"; write 4, without quotes',
    ]);
    expect(problems(X86('memory: 512MiB', 'config: {nr_cpus: "4"}\n'))).toEqual([
      '2:19: config.nr_cpus: expected a number, got the string "4"; write it without quotes',
    ]);
  });

  it('an integer key written as a float past 2^53 is out of its range, as 100000000000000000000 is (was "the string", break-270 N1)', () => {
    for (const v of ['1e16', '1e22', '-2.5e20', '1e308']) {
      expect(problems(X86('memory: 512MiB', `config: {nr_cpus: ${v}}\n`))).toEqual([`2:19: config.nr_cpus: ${v} is out of range; allowed: 1 to 4096`]);
    }
    expect(problems(`${X86('memory: 512MiB')}expect: [{rule: fixmap-before-relocation, step: early_cpu_init, count: 1e16}]\n`)).toEqual([
      '4:72: expect[0].count: 1e16 is out of range; allowed: 1 to 65536',
    ]);
  });

  it('riscv: a RAM bank\'s size', () => {
    const text = 'arch: riscv\nkernel: "5.14"\nmachine: {memory_banks: [{base: 0x80000000, size: 1e3}]}\nsetup_arch: [parse_dtb]\n';
    expect(problems(text)).toEqual([
      '3:51: machine.memory_banks[0].size: "1e3" is written as a float (with a point or an exponent); sizes and addresses are integers: write 1000',
    ]);
  });

  it('arm64: a 64-bit value (kaslr_seed)', () => {
    const text = 'arch: arm64\nkernel: v4.6\nconfig: {randomize_base: true}\nmachine: {kaslr_seed: 1.5e3}\nsetup_arch: [setup_machine_fdt]\n';
    expect(problems(text)).toEqual([
      '4:23: machine.kaslr_seed: "1.5e3" is written as a float (with a point or an exponent), not an unsigned 64-bit integer, decimal or hex (0 … 0xffffffffffffffff): write 1500',
    ]);
  });

  it('a matrix value is read the same way, at its place', () => {
    const text = 'kernel: 2.6.27\nmachine: {memory: 512MiB}\nmatrix: {machine.memory: [512MiB, 1.0e9]}\nsetup_arch: [early_cpu_init]\n';
    expect(problems(text)).toEqual([
      '3:35: matrix["machine.memory"][1]: "1.0e9" is written as a float (with a point or an exponent); sizes and addresses are integers: write 1000000000',
    ]);
  });
});

describe('must pass: integers, and what was always read so', () => {
  it.each(['memory: 2147483648', 'memory: 2GiB', 'memory: 0x80000000', 'memory: 2G'])('%s', (machine) => {
    expect(problems(X86(machine))).toEqual([]);
  });

  it('a fraction keeps its own message (memparse reads an integer)', () => {
    expect(problems(X86('memory: 2.5'))[0]).toContain('fractions are not accepted');
  });

  it('!!float on an integer is the float the tag asks for (YAML 1.2.2 §10.3.2), read as its value', () => {
    expect(problems(X86('memory: !!float 536870912'))).toEqual([]);
  });
});
