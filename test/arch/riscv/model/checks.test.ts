/**
 * Bad riscv RAM input gets one message per problem, all at once, at its key:
 * banks that are not whole pages, banks that overlap, a kernel outside RAM.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../src/scenario/loader.js';

function problems(text: string): string[] {
  const r = parseScenario(text, 'bad.yaml');
  return r.ok ? [] : r.problems.map((p) => `${p.line ?? 0}:${p.col ?? 0}: ${p.message}`);
}

const HEAD = 'arch: riscv\nkernel: "5.12"\nsetup_arch: [parse_dtb, parse_early_param, paging_init]\n';

describe('riscv RAM checks', () => {
  it('reports overlapping banks with the other banks\' problems, at the later bank (helper-181, 8: only after the rest was fixed)', () => {
    const banks = 'machine:\n  memory_banks:\n    - {base: 0x80000000, size: 1GiB}\n    - {base: 0x80000000, size: 1GiB}\n    - {base: 0x100000001, size: 0x300001}\n';
    expect(problems(`${HEAD}${banks}`)).toEqual([
      '7:7: machine.memory_banks[1]: the banks at 0x80000000 and 0x80000000 overlap',
      '8:7: machine.memory_banks[2]: banks are whole pages: base and size must be multiples of 4 KiB',
    ]);
    // written out of order: the pair is found by base, and named by the bank written later
    expect(problems(`${HEAD}machine:\n  memory_banks:\n    - {base: 0xc0000000, size: 1GiB}\n    - {base: 0x80000000, size: 2GiB}\n`)).toEqual([
      '7:7: machine.memory_banks[1]: the banks at 0x80000000 and 0xc0000000 overlap',
    ]);
  });

  it('a ram_base off a page is reported at ram_base, not at memory (helper-183 3); a memory size off a page at memory', () => {
    expect(problems(`${HEAD}machine: {ram_base: 0x80000001}\n`)).toEqual(['4:21: machine.ram_base: 0x80000001 is not a multiple of 4 KiB; RAM starts on a page']);
    expect(problems(`${HEAD}machine:\n  ram_base: 0x80000001\n  memory: 1GiB\n`)).toEqual(['5:13: machine.ram_base: 0x80000001 is not a multiple of 4 KiB; RAM starts on a page']);
    // both at once (helper-184 9: the ram_base was reported only once the size was fixed)
    expect(problems(`${HEAD}machine:\n  ram_base: 0x80000800\n  memory: 1MiB\n`)).toEqual([
      '5:13: machine.ram_base: 0x80000800 is not a multiple of 4 KiB; RAM starts on a page',
      '6:11: machine.memory: 1 MiB of RAM is too little; the model takes banks of at least 2 MiB',
    ]);
    expect(problems(`${HEAD}machine:\n  memory: 0x40000001\n`)).toEqual(['5:11: machine.memory: banks are whole pages: base and size must be multiples of 4 KiB']);
  });

  it('a default load address outside RAM is said to be the default', () => {
    expect(problems(`${HEAD}machine:\n  memory_banks: [{base: 0x80000000, size: 2MiB}, {base: 0x90000000, size: 1GiB}]\n`)).toEqual([
      expect.stringMatching(/^5:3: machine\.load_address \(not set: the default, the first bank's base \+ 2 MiB as OpenSBI's fw_jump loads it, is 0x80200000; write machine\.load_address where the boot loader puts the kernel\): the kernel at 0x80200000 is not in RAM \(0x80000000–0x80200000, 0x90000000–0xd0000000\)/),
    ]);
  });
});
