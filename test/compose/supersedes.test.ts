/**
 * ArchPlugin.supersedes: a derived file that gives RAM another way (arm64
 * `banks:` over a base's `memory:`/`phys_offset:`, riscv `memory_banks:` over
 * `memory:`/`ram_base:`, and back) drops what its bases wrote of the other
 * way, instead of an error at the base's lines that the user did not edit
 * (helper-178 F3). Both ways in one file is still an error there.
 */
import { describe, expect, it } from 'vitest';
import { composeScenario } from '../../src/scenario/compose/compose.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';

const ARM64 = 'arch: arm64\nkernel: v4.6\nmachine:\n  memory: 2GiB\n  phys_offset: 0x80000000\nsetup_arch: [early_fixmap_init, early_ioremap_init, setup_machine_fdt, parse_early_param, cpu_uninstall_idmap, arm64_memblock_init, paging_init]\n';
const RISCV = 'arch: riscv\nkernel: "5.14"\nmachine:\n  memory: 2GiB\n  ram_base: 0x80000000\nsetup_arch: [parse_dtb, setup_initial_init_mm, early_ioremap_setup, parse_early_param, paging_init]\n';

function composed(files: Readonly<Record<string, string>>): { problems: string[]; machine: unknown } {
  const r = composeScenario(files['d/s.yaml'] ?? '', 'd/s.yaml', memoryReader(files));
  if (!r.ok) return { problems: r.problems.map((p) => `${p.file}:${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`), machine: undefined };
  const [v] = r.variants;
  return v?.ok === true ? { problems: [], machine: v.scenario.machine } : { problems: v?.problems.map((p) => p.message) ?? [], machine: undefined };
}

describe('a derived file gives RAM another way than its base', () => {
  it('arm64: banks: over memory:/phys_offset:, and memory: over banks:', () => {
    const banks = composed({ 'd/base.yaml': ARM64, 'd/s.yaml': 'extends: base.yaml\nmachine:\n  banks:\n    - {base: 0x80000000, size: 1GiB}\n    - {base: 0x100000000, size: 1GiB}\n' });
    expect(banks.problems).toEqual([]);
    expect(banks.machine).toMatchObject({ banks: [{ base: 0x80000000, size: 2 ** 30 }, { base: 0x100000000, size: 2 ** 30 }] });
    const back = composed({ 'd/base.yaml': 'extends: mid.yaml\nmachine:\n  memory: 512MiB\n', 'd/mid.yaml': 'extends: root.yaml\nmachine:\n  banks: [{base: 0x80000000, size: 1GiB}]\n', 'd/root.yaml': ARM64, 'd/s.yaml': 'extends: base.yaml\n' });
    expect(back.problems).toEqual([]);
    // memory: drops the banks mid.yaml gave (which had dropped root.yaml's phys_offset): 512 MiB at the default base
    expect(back.machine).toMatchObject({ banks: [{ size: 512 * 2 ** 20 }] });
  });

  it('arm64: both ways in one file is still the error, at that file\'s lines', () => {
    const both = composed({ 'd/base.yaml': ARM64, 'd/s.yaml': 'extends: base.yaml\nmachine:\n  memory: 1GiB\n  banks: [{base: 0x80000000, size: 1GiB}]\n' });
    expect(both.problems).toEqual(['d/s.yaml:3:11: machine.memory: give either banks: or memory:/phys_offset:, not both']);
  });

  it('riscv: memory_banks: over memory:/ram_base:', () => {
    const banks = composed({ 'd/base.yaml': RISCV, 'd/s.yaml': 'extends: base.yaml\nmachine:\n  memory_banks: [{base: 0x80000000, size: 1GiB}, {base: 0x100000000, size: 1GiB}]\n' });
    expect(banks.problems).toEqual([]);
    expect(banks.machine).toMatchObject({ banks: [{ start: 0x80000000, end: 0xc0000000 }, { start: 0x100000000, end: 0x140000000 }] });
  });

  it('a superseded key has no position left: findings about RAM point at the way the derived file gives it (helper-180, 2)', () => {
    const r = composeScenario('extends: base.yaml\nmachine:\n  memory_banks: [{base: 0x80001000, size: 1GiB}]\n', 'd/s.yaml', memoryReader({ 'd/base.yaml': RISCV }));
    const v = r.ok ? r.variants[0] : undefined;
    if (v?.ok !== true) throw new Error('did not load');
    expect(v.scenario.positions['machine.ram_base']).toBeUndefined();
    expect(v.scenario.positions['machine.memory']).toBeUndefined();
    expect(v.scenario.positions['machine.memory_banks']).toEqual({ line: 3, col: 3 });
  });

  it('a matrix axis gives RAM the other way per variant, over a base that gives banks (helper-181, 1)', () => {
    const BANKS = 'extends: root.yaml\nmachine:\n  banks: [{base: 0x80000000, size: 1GiB}, {base: 0x100000000, size: 1GiB}]\n';
    const r = composeScenario('extends: base.yaml\nmatrix:\n  machine.memory: [1GiB, 4GiB]\n', 'd/s.yaml', memoryReader({ 'd/root.yaml': ARM64, 'd/base.yaml': BANKS }));
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
    // each variant is one bank of its size at the root's phys_offset (0x80000000): the base's banks are gone
    expect(r.variants.map((v) => (v.ok ? v.scenario.machine : v.problems))).toMatchObject([
      { banks: [{ base: 0x80000000, size: 2 ** 30 }] }, { banks: [{ base: 0x80000000, size: 4 * 2 ** 30 }] },
    ]);
    const riscv = composeScenario('extends: base.yaml\nmatrix:\n  machine.memory: [1GiB, 2GiB]\n', 'd/s.yaml', memoryReader({
      'd/root.yaml': RISCV, 'd/base.yaml': 'extends: root.yaml\nmachine:\n  memory_banks: [{base: 0x80000000, size: 1GiB}, {base: 0x100000000, size: 1GiB}]\n',
    }));
    if (!riscv.ok) throw new Error(riscv.problems.map((p) => p.message).join('; '));
    expect(riscv.variants.map((v) => (v.ok ? v.scenario.machine : v.problems))).toMatchObject([
      { banks: [{ start: 0x80000000, end: 0xc0000000 }] }, { banks: [{ start: 0x80000000, end: 0x100000000 }] },
    ]);
    // the file that gives banks: and a memory axis gives RAM both ways itself: still the error, at its lines
    const both = composeScenario(`${BANKS}matrix:\n  machine.memory: [1GiB, 4GiB]\n`, 'd/s.yaml', memoryReader({ 'd/root.yaml': ARM64 }));
    expect(both.ok ? [] : both.problems.map((p) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`)).toContain('5:20: [memory=1GiB] machine.memory: give either banks: or memory:/phys_offset:, not both');
  });

  it('a base\'s key that the derived file\'s RAM makes wrong says where that RAM is written (helper-181, 6)', () => {
    const base = ARM64.replace('  phys_offset: 0x80000000\n', '  phys_offset: 0x80000000\n  fdt_phys: 0x88000000\n');
    expect(composed({ 'd/base.yaml': base, 'd/s.yaml': 'extends: base.yaml\nmachine:\n  banks:\n    - {base: 0x100000000, size: 1GiB}\n' }).problems).toEqual([
      'd/base.yaml:6:13: machine.fdt_phys: the DTB at 0x88000000…0x88010000 is not inside a RAM bank; machine.banks is set at d/s.yaml:4:5',
    ]);
    const rv = RISCV.replace('  ram_base: 0x80000000\n', '  ram_base: 0x80000000\n  load_address: 0x80200000\n');
    expect(composed({ 'd/base.yaml': rv, 'd/s.yaml': 'extends: base.yaml\nmachine:\n  memory_banks: [{base: 0x100000000, size: 2GiB}]\n' }).problems).toEqual([
      'd/base.yaml:6:17: machine.load_address: the kernel at 0x80200000 is not in RAM (0x100000000–0x180000000); the boot loader cannot have put it there; machine.memory_banks is set at d/s.yaml:3:17',
    ]);
  });

  it('an address the model picked itself is said to be the default (helper-181, 7)', () => {
    expect(composed({ 'd/base.yaml': RISCV, 'd/s.yaml': 'extends: base.yaml\nmachine:\n  memory_banks: [{base: 0x80000000, size: 2MiB}, {base: 0x90000000, size: 1GiB}]\n' }).problems).toEqual([
      expect.stringMatching(/^d\/s\.yaml:3:3: machine\.load_address \(not set: the default, the first bank's base \+ 2 MiB as OpenSBI's fw_jump loads it, is 0x80200000; write machine\.load_address where the boot loader puts the kernel\): the kernel at 0x80200000 is not in RAM/),
    ]);
    // a first bank too small for the Image: its own problem, not a second one about the DTB address picked from it
    expect(composed({ 'd/base.yaml': ARM64, 'd/s.yaml': 'extends: base.yaml\nmachine:\n  banks: [{base: 0x0, size: 2MiB}, {base: 0x80000000, size: 2GiB}]\n' }).problems).toEqual([
      expect.stringMatching(/machine\.banks\[0\]\.size: the first bank holds the Image at 0x80000; the model needs at least 32 MiB there$/),
    ]);
  });
});
