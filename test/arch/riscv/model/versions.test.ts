/**
 * How riscv scenarios name kernels, and the checks that reject what no
 * modeled kernel, Kconfig or machine allows (with their messages).
 */
import { describe, expect, it } from 'vitest';
import { parseKernelVersion } from '../../../../src/arch/riscv/kernel-version.js';
import { problemsOf } from './helpers.js';

describe('kernel versions', () => {
  it.each(['5.10', 'v5.10', '5.12', '5.13-rc1', 'v5.13-rc7', '5.13', '5.14', ' 5.14 '])('accepts %s', (text) => {
    expect(parseKernelVersion(text).ok).toBe(true);
  });
  it.each([
    ['5.11', /5\.11 is not modeled \(no 5\.11 tree was read, 5\.10 and 5\.12 bracket it\)/],
    ['5.10.7', /stable point releases .* write 5\.10 \(the 5\.10 profile follows the 5\.10\.7 source\)/],
    ['5.13-rc8', /rc1 … rc7 are/],
    ['5.12-rc1', /no release candidate of 5\.12/],
    ['4.19', /not modeled/],
    ['five', /not a kernel version/],
  ])('rejects %s', (text, why) => {
    const p = parseKernelVersion(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toMatch(why);
  });
  it('orders release candidates before their release', () => {
    const key = (t: string): number => {
      const p = parseKernelVersion(t);
      return p.ok ? p.version.key : -1;
    };
    expect(key('5.12') < key('5.13-rc1') && key('5.13-rc6') < key('5.13-rc7') && key('5.13-rc7') < key('5.13') && key('5.13') < key('5.14')).toBe(true);
  });
  it('offers a did-you-mean in the loader', () => {
    expect(problemsOf({ kernel: 'v5.1O' })[0]).toMatch(/did you mean v5\.10\?/);
  });
});

describe('config checks', () => {
  it('sv48 arrived in v5.17', () => {
    expect(problemsOf({ kernel: '5.14', config: { paging: 'sv48' } })).toEqual([
      'config.paging: sv48 arrived in v5.17 (e8a62cc26ddf "riscv: Implement sv48 support"); in 5.10–5.14 CONFIG_VA_BITS is 39 for 64BIT, so only sv39 exists',
    ]);
  });
  it('MAXPHYSMEM_2GB with medany: allowed in 5.10, not from 5.12', () => {
    expect(problemsOf({ kernel: '5.10', config: { maxphysmem: '2GB' } })).toEqual([]);
    expect(problemsOf({ kernel: '5.12', config: { maxphysmem: '2GB' } })[0]).toMatch(/depends on 64BIT && CMODEL_MEDLOW/);
    expect(problemsOf({ kernel: '5.12', config: { maxphysmem: '128GB', cmodel: 'medlow' } })[0]).toMatch(/MAXPHYSMEM_128GB depends on 64BIT && CMODEL_MEDANY/);
  });
  it('BUILTIN_DTB only where Kconfig allows it with an MMU (5.14, through XIP_KERNEL)', () => {
    expect(problemsOf({ kernel: '5.10', config: { builtin_dtb: true } })[0]).toMatch(/depends on RISCV_M_MODE/);
    expect(problemsOf({ kernel: '5.12', config: { builtin_dtb: true } })[0]).toMatch(/SOC_CANAAN depends on !MMU/);
    expect(problemsOf({ kernel: '5.14', config: { builtin_dtb: true } })[0]).toMatch(/add strict_kernel_rwx: false/);
    expect(problemsOf({ kernel: '5.14', config: { builtin_dtb: true, strict_kernel_rwx: false } })).toEqual([]);
  });
});

describe('machine checks', () => {
  it('the kernel must be in RAM and fit in its bank', () => {
    expect(problemsOf({ kernel: '5.12', machine: { load_address: 0x20000000 } })[0]).toMatch(/is not in RAM/);
    expect(problemsOf({ kernel: '5.12', machine: { memory: '16MiB' } })[0]).toMatch(/runs past the end of its RAM bank/);
  });
  it('banks: whole pages, no overlap, not both forms', () => {
    expect(problemsOf({ kernel: '5.12', machine: { memory_banks: [{ base: 0x80000000, size: '1GiB' }, { base: 0xa0000000, size: '1GiB' }] } })[0]).toMatch(/overlap/);
    expect(problemsOf({ kernel: '5.12', machine: { memory: '1GiB', memory_banks: [{ base: 0x80000000, size: '1GiB' }] } })[0]).toMatch(/either as memory/);
    expect(problemsOf({ kernel: '5.12', machine: { memory: 0x40000800 } })[0]).toMatch(/multiples of 4 KiB/);
  });
  it('the DTB: 8-byte aligned, at least a header, at most a 32-bit totalsize, not given with BUILTIN_DTB', () => {
    expect(problemsOf({ kernel: '5.12', machine: { dtb_address: 0x82200004 } })[0]).toMatch(/not 8-byte aligned/);
    expect(problemsOf({ kernel: '5.12', machine: { dtb_size: 16 } })[0]).toMatch(/smaller than the FDT header/);
    expect(problemsOf({ kernel: '5.12', machine: { dtb_size: '4GiB' } })).toEqual(['machine.dtb_size: 4 GiB does not fit fdt_totalsize(), the header\'s 32-bit totalsize; at most 0xffffffff bytes']);
    // a DTB outside RAM (in flash) is a machine the kernel boots on: dtb-early-va-stale reports what follows
    expect(problemsOf({ kernel: '5.12', machine: { dtb_address: 0x20000000 } })).toEqual([]);
    expect(problemsOf({ kernel: '5.14', config: { builtin_dtb: true, strict_kernel_rwx: false }, machine: { dtb_address: 0x82200000 } })[0]).toMatch(/leave dtb_address out/);
  });
  it('RAM and the DTB end at or below 2^53, the addresses the model computes exactly (inside sv39\'s 2^56)', () => {
    // the default 2 GiB from a ram_base that is itself a valid size: said at ram_base, with the exact end
    expect(problemsOf({ kernel: '5.14', machine: { ram_base: 0x1fffffffe00000 } })).toEqual([
      'machine.ram_base: RAM 0x1fffffffe00000…0x2000007fe00000 ends past the addresses bootreplay computes exactly (2^53; sv39 itself reaches 2^56); RAM ends at or below 0x20000000000000',
    ]);
    expect(problemsOf({ kernel: '5.14', machine: { memory_banks: [{ base: 0x80000000, size: '2GiB' }, { base: 0x1fffffffe00000, size: '4MiB' }] } })).toEqual([
      'machine.memory_banks[1]: RAM 0x1fffffffe00000…0x20000000200000 ends past the addresses bootreplay computes exactly (2^53; sv39 itself reaches 2^56); RAM ends at or below 0x20000000000000',
    ]);
    expect(problemsOf({ kernel: '5.14', machine: { dtb_address: 0x1ffffffffffff8 } })).toEqual([
      'machine.dtb_address: the DTB at 0x1ffffffffffff8…0x2000000000fff8 ends past the addresses bootreplay computes exactly (2^53; sv39 itself reaches 2^56); the DTB ends at or below 0x20000000000000',
    ]);
    // the largest: RAM and a DTB that end at 2^53 exactly
    expect(problemsOf({ kernel: '5.14', machine: { ram_base: 0x1fffff80000000, memory: '2GiB' } })).toEqual([]);
    expect(problemsOf({ kernel: '5.14', machine: { dtb_address: 0x1fffffffff0000 } })).toEqual([]);
  });
  it('reserved_regions: at most INIT_MEMBLOCK_REGIONS', () => {
    expect(problemsOf({ kernel: '5.12', machine: { reserved_regions: 129 } })[0]).toMatch(/out of range; allowed: 1 to 128/);
  });
});
