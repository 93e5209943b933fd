/**
 * Values outside the kernel's range are input errors, reported at the value
 * (reservetop=4G used to be accepted and printed as `0x0-402000`), and every
 * address the reports print is a checked 32-bit value.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { hex } from '../../src/units.js';

function problems(text: string): string[] {
  const r = parseScenario(text, 'x.yaml');
  return r.ok ? [] : r.problems.map((p) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
}

const withCmdline = (cmdline: string, config = ''): string => `${config}machine:\n  cmdline: "${cmdline}"\nsetup_arch: [early_cpu_init]\n`;

describe('the kernel command line', () => {
  it('refuses a reservation as large as the kernel part of the address space (4 GiB − PAGE_OFFSET)', () => {
    expect(problems(withCmdline('quiet reservetop=4G'))).toEqual([
      "2:19: machine.cmdline: reservetop=4G: 4 GiB does not fit in the kernel's part of the address space (4 GiB − PAGE_OFFSET 0xc0000000 = 1 GiB); reservetop= must be less",
    ]);
    expect(problems(withCmdline('reservetop=1G'))).toHaveLength(1);
    expect(problems(withCmdline('reservetop=1023M'))).toEqual([]);
    // with the 1G/3G split the kernel part is 3 GiB
    expect(problems(withCmdline('reservetop=2G', 'config: {page_offset: 0x40000000}\n'))).toEqual([]);
  });

  it('refuses a reservetop= that puts __FIXADDR_TOP = -reserve - PAGE_SIZE below PAGE_OFFSET; takes up to 4 GiB − PAGE_OFFSET − PAGE_SIZE', () => {
    expect(problems(withCmdline('reservetop=0x3ffff001'))).toEqual([
      '2:13: machine.cmdline: reservetop=0x3ffff001: __FIXADDR_TOP = -reserve - PAGE_SIZE = 0xbfffffff lies below PAGE_OFFSET 0xc0000000, in user space; reservetop= is at most 0x3ffff000 (4 GiB − PAGE_OFFSET − PAGE_SIZE)',
    ]);
    expect(problems(withCmdline('reservetop=0x3fffffff'))).toHaveLength(1);
    expect(problems(withCmdline('reservetop=0x3ffff000'))).toEqual([]);
    expect(problems(withCmdline('reservetop=0xbffff000', 'config: {page_offset: 0x40000000}\n'))).toEqual([]);
    expect(problems(withCmdline('reservetop=0xbffff001', 'config: {page_offset: 0x40000000}\n'))).toHaveLength(1);
  });

  it('reads reservetop= as parse_reservetop() does: memparse() of a prefix, the rest ignored; a bare reservetop is -EINVAL', () => {
    for (const ok of ['reservetop=16MB', 'reservetop=abc', 'reservetop=', 'reservetop=0x', 'reservetop=16M,junk']) expect(problems(withCmdline(ok))).toEqual([]);
    expect(problems(withCmdline('reservetop'))).toEqual([
      `2:13: machine.cmdline: reservetop: no value; parse_reservetop() returns -EINVAL without one (the kernel prints "Malformed early option 'reservetop'" and reserves nothing); write reservetop=SIZE (e.g. reservetop=16M)`,
    ]);
    expect(problems(withCmdline('reservetop=0x20000000000000'))).toEqual([
      '2:13: machine.cmdline: reservetop=0x20000000000000: the value 0x20000000000000 is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)',
    ]);
  });

  it('refuses a memparse() value past 2^53 − 1 as too large, not as "not a size"', () => {
    expect(problems(withCmdline('mem=0x20000000000000'))).toEqual([
      '2:13: machine.cmdline: mem=0x20000000000000: the value 0x20000000000000 is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)',
    ]);
    expect(problems(withCmdline('mem=0x1fffffffffffff'))).toEqual([]);
  });

  it('refuses a memmap= range whose end (start + size, u64 in parse_memmap_opt) is past 2^53 − 1, printed exactly', () => {
    expect(problems(withCmdline('memmap=0x1fffffffffffff@2'))).toEqual([
      '2:13: machine.cmdline: memmap=0x1fffffffffffff@2: the end 0x2 + 0x1fffffffffffff = 0x20000000000001 is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)',
    ]);
    expect(problems(withCmdline('memmap=1$0x1fffffffffffff'))).toHaveLength(1);
    expect(problems(withCmdline('memmap=0x20000000000000#0'))).toEqual([
      '2:13: machine.cmdline: memmap=0x20000000000000#0: the size 0x20000000000000 is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)',
    ]);
    expect(problems(withCmdline('memmap=0x1ffffffffffffe@1'))).toEqual([]);
  });

  it('refuses a vmalloc= area larger than the kernel part', () => {
    expect(problems(withCmdline('vmalloc=2G'))).toEqual([
      "2:13: machine.cmdline: vmalloc=2G: 2 GiB does not fit in the kernel's part of the address space (4 GiB − PAGE_OFFSET 0xc0000000 = 1 GiB); vmalloc= must be less",
    ]);
  });

  it('refuses a command line longer than COMMAND_LINE_SIZE - 1 (2047 bytes)', () => {
    expect(problems(withCmdline('x'.repeat(2047)))).toEqual([]);
    expect(problems(withCmdline('x'.repeat(2048)))).toEqual(['2:12: machine.cmdline: 2048 bytes, longer than the kernel takes (COMMAND_LINE_SIZE 2048: at most 2047 bytes)']);
  });
});

describe('machine facts the boot protocol hands over in 32-bit fields (bootparam.h)', () => {
  const withMachine = (machine: string): string => `config: {pae: false}\nmachine: {${machine}}\nsetup_arch: [early_cpu_init]\n`;

  it('olpc_ofw_cif: olpc_ofw_header.cif_handler is a __u32', () => {
    expect(problems(withMachine('olpc_ofw_cif: 0x100000000'))).toEqual([
      '2:25: machine.olpc_ofw_cif: 0x100000000 does not fit boot_params.olpc_ofw_header.cif_handler, a 32-bit address (__u32); at most 0xffffffff',
    ]);
    expect(problems(withMachine('olpc_ofw_cif: 0xffffffff'))).toEqual([]);
  });

  it('setup_data_length: struct setup_data\'s len is a __u32', () => {
    expect(problems(withMachine('setup_data: true, setup_data_length: 0x100000000'))).toEqual([
      "2:48: machine.setup_data_length: 4 GiB (0x100000000) does not fit struct setup_data's len (__u32); at most 0xffffffff bytes",
    ]);
    expect(problems(withMachine('setup_data: true, setup_data_length: 0xffffffff'))).toEqual([]);
  });

  it('efi_memmap_size: efi_info.efi_memmap_size is a __u32', () => {
    expect(problems(withMachine('efi: true, efi_memmap_size: 9007199254740991'))).toEqual([
      '2:39: machine.efi_memmap_size: 9007199254740991 bytes (0x1fffffffffffff) does not fit boot_params.efi_info.efi_memmap_size (__u32); at most 0xffffffff bytes',
    ]);
    expect(problems(withMachine('efi: true, efi_memmap_size: 0xffffffff'))).toEqual([]);
  });
});

describe('hex', () => {
  it('prints addresses, the exclusive end 2^32, and page-aligned 64-bit addresses exactly', () => {
    expect(hex(0xfbfff000)).toBe('0xfbfff000');
    expect(hex(2 ** 32)).toBe('0x100000000');
    expect(hex(0x1000)).toBe('0x00001000');
    expect(hex(0xffffffc000000000)).toBe('0xffffffc000000000');
  });

  it('never prints a minus sign: a value below 0 is the unsigned long it wraps to (x86 once printed reservetop=4G as "0x0-402000")', () => {
    for (const n of [-0x1000, -1, 2 ** 64 + 0x1000]) expect(hex(n)).toMatch(/^0x[0-9a-f]+$/);
    expect(hex(-0x1000)).toBe('0xfffffffffffff000');
  });
});
