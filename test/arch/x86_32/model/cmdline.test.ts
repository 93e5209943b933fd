import { describe, expect, it } from 'vitest';
import { kernelMemparse, memparse, parseCmdline } from '../../../../src/arch/x86_32/cmdline.js';
import { parseKernelVersion } from '../../../../src/arch/x86_32/kernel-version.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml } from '../../../rules/rule-tester.js';

describe('memparse (lib/cmdline.c)', () => {
  it.each([
    ['16M', 16 * 2 ** 20], ['16m', 16 * 2 ** 20], ['1G', 2 ** 30], ['512k', 512 * 1024],
    ['0x2ff000', 0x2ff000], ['4096', 4096], ['010', 8], ['0', 0],
  ])('%s = %i', (text, bytes) => expect(memparse(text)).toBe(bytes));

  it.each(['16Q', '', 'M', '1.5G', '-4M', '16MiB'])('refuses %j', (text) => expect(memparse(text)).toBeNull());
});

describe('kernelMemparse (lib/cmdline.c memparse() over simple_strtoull(ptr, &end, 0), as parse_reservetop() runs it)', () => {
  it.each([
    ['16MB', 16n * 2n ** 20n, 3], ['abc', 0n, 0], ['', 0n, 0], ['0x', 0n, 1], ['0X10k', 16n * 1024n, 5], ['08', 0n, 1],
    ['017', 15n, 3], ['-4M', 0n, 0], ['1gG', 2n ** 30n, 2], ['0xfffffffffffffffff', 0xfffffffffffffffffn, 19],
  ] as const)('%j = %s (%i characters read)', (text, value, length) => expect(kernelMemparse(text)).toEqual({ value, length }));

  it('reservetop= takes the kernel\'s value where no size starts it; text after a size and a bare reservetop (-EINVAL) are refused', () => {
    const { params, problems } = parseCmdline('reservetop=16MB reservetop=abc reservetop= reservetop');
    expect(params.map((p) => (p.name === 'reservetop' ? p.bytes : null))).toEqual([0, 0]);
    expect(problems.map((p) => p.offset)).toEqual([0, 43]);
  });
});

describe('parseCmdline', () => {
  it('splits where next_arg() does: on ASCII isspace() (kernel/params.c), not on U+00A0 or U+2028', () => {
    const { params, problems } = parseCmdline('quiet\treservetop=16M\u00a0foo\u2028bar\nnoefi\r\vroot=/dev/sda1\f mem=64M');
    expect(params.map((p) => p.text)).toEqual(['quiet', 'noefi', 'root=/dev/sda1', 'mem=64M']);
    expect(params.map((p) => p.offset)).toEqual([0, 29, 36, 52]);
    // one parameter "reservetop=16M\u00a0foo\u2028bar": parse_reservetop()'s memparse() stops after 16M, and the rest is refused as text after the size
    expect(problems.map((p) => p.offset)).toEqual([6]);
  });

  it('before 2.6.32-rc1 only a space separates parameters (kernel/params.c:90 of 2.6.27: args[i] == \' \'): a tab joins two into one', () => {
    const { params, problems } = parseCmdline('quiet\treservetop=16M  noefi\nmem=64M', 'space');
    expect(params.map((p) => p.text)).toEqual(['quiet\treservetop=16M', 'noefi\nmem=64M']);
    expect(params.map((p) => p.offset)).toEqual([0, 22]);
    // "noefi\nmem=64M" is one parameter named "noefi\nmem": the model has no such key, the kernel ignores it
    expect(problems).toEqual([]);
    const bad = parseCmdline('mem=256M\tvmalloc=64M', 'space').problems;
    expect(bad).toEqual([{ offset: 0, message: expect.stringMatching(/^mem=256M\tvmalloc=64M: text after the size: the kernel's memparse\(\) reads 256M and ignores "\\tvmalloc=64M", .* \(before 2\.6\.32-rc1 only a space separates parameters: 26d052bfce79 .*this kernel reads one parameter here\)$/) as unknown }]);
    expect(parseCmdline('mem=256M\tvmalloc=64M').problems).toEqual([]);
  });

  it('reads the parameters the model knows, keeps the rest, with offsets', () => {
    const { params, problems } = parseCmdline('root=/dev/sda1 reservetop=16M vmi=disable_pse vmi=disable_pge mem=nopentium noexec=off foo=1');
    expect(problems).toEqual([]);
    expect(params.map((p) => p.name)).toEqual(['known', 'reservetop', 'vmi', 'vmi', 'known', 'noexec', 'other']);
    expect(params[1]).toMatchObject({ name: 'reservetop', bytes: 16 * 2 ** 20, offset: 15 });
  });

  // mem=, vmalloc= and highmem= handlers keep memparse()'s value and never read the rest (parse_memopt,
  // parse_vmalloc, parse_highmem); parse_memmap_opt() limits RAM when no @, # or $ follows the size
  it.each([
    ['mem=512MB', /^mem=512MB: text after the size: the kernel's memparse\(\) reads 512M and ignores "B", .*\(e\.g\. mem=512M\)$/],
    ['vmalloc=256m+', /reads 256m and ignores "\+", .*\(e\.g\. vmalloc=256m\)$/],
    ['highmem=1Gx', /reads 1G and ignores "x", .*\(e\.g\. highmem=1G\)$/],
    // the kernel reads 16 bytes: the example is not "vmalloc=16"
    ['vmalloc=16Q', /reads 16 and ignores "Q", .*\(e\.g\. vmalloc=16M\)$/],
    ['vmalloc=0x', /reads 0 and ignores "x", .*\(e\.g\. vmalloc=16M\)$/],
    ['mem=abc', /^mem=abc: not a size; mem= takes a number/],
    ['memmap=64MB@16M', /^memmap=64MB@16M: memmap= takes exactmap, .* \(the kernel reads the size 64M and, with no @, # or \$ right after it, limits RAM to it as memmap=64M does: /],
    ['memmap=64M@16MB', /^memmap=64M@16MB: the start after @ is not a size/],
  ])('a size with text after it: %s is refused, saying what the kernel reads', (cmdline, message) => {
    const { params, problems } = parseCmdline(cmdline);
    expect(params).toEqual([]);
    expect(problems).toEqual([{ offset: 0, message: expect.stringMatching(message) as unknown }]);
  });

  // break-232 N4: the handler named is the kernel's: 2.6.26 parse_memmap() → limit_regions() (arch/x86/kernel/e820_32.c:731-734
  // at caglar10ur/linux-2.6.27.y@bce7f793da), 2.6.27-rc1 on e820_remove_range() in parse_memmap_opt() (e820.c:1235-1236 at 6e86841d05)
  it.each([
    ['2.6.26', 'limit_regions() in parse_memmap(), arch/x86/kernel/e820_32.c'],
    ['2.6.27-rc1', 'e820_remove_range() in parse_memmap_opt(), arch/x86/kernel/e820.c'],
    ['2.6.27', 'e820_remove_range() in parse_memmap_opt(), arch/x86/kernel/e820.c'],
  ])('memmap=64MB@16M on %s names the handler that limits RAM: %s', (kernel, handler) => {
    const r = parseScenario(scenarioYaml({ kernel, order: ['early_cpu_init', 'parse_early_param'], cmdline: 'memmap=64MB@16M' }), 'mm.yaml');
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      `machine.cmdline: memmap=64MB@16M: memmap= takes exactmap, SIZE, SIZE@START, SIZE#START or SIZE$START (sizes with an optional K, M or G suffix) (the kernel reads the size 64M and, with no @, # or $ right after it, limits RAM to it as memmap=64M does: ${handler})`,
    ]);
  });

  it('reports bad values with their offset', () => {
    const { problems } = parseCmdline('quiet vmalloc=16Q vmi=disable_foo noexec=maybe');
    expect(problems.map((p) => p.offset)).toEqual([6, 18, 34]);
    expect(problems[1]?.message).toMatch(/allowed: disable_pge/);
  });

  it('kind 7: vmi= takes one option per occurrence (parse_vmi() strcmp), so a comma list is an input error with the fix', () => {
    const { problems } = parseCmdline('vmi=disable_pse,disable_pge');
    expect(problems[0]?.message).toMatch(/one option per occurrence.*write vmi=disable_pse vmi=disable_pge/);
    // a part that is no vmi option is a parameter of its own, not vmi=earlyprintk=vga
    expect(parseCmdline('vmi=disable_pse,earlyprintk=vga').problems[0]?.message).toMatch(/write vmi=disable_pse earlyprintk=vga$/);
  });

  it('kind 7: earlyprintk= keeps its value as given (which console it sets up depends on the version: earlyprintk.ts); a bare earlyprintk has none', () => {
    expect(parseCmdline('earlyprintk=dbgp,keep earlyprintk earlyprintk=').params).toMatchObject([
      { name: 'earlyprintk', value: 'dbgp,keep' }, { name: 'earlyprintk', value: null }, { name: 'earlyprintk', value: '' },
    ]);
  });

  it('kind 7: a bare noexec is noexec=on (noexec_setup)', () => {
    expect(parseCmdline('noexec').params[0]).toMatchObject({ name: 'noexec', on: true });
  });

  it('kind 7: memmap= forms, 8250 early consoles, earlyprintk=dbgp, noefi, acpi=off, nolapic, noapic', () => {
    const { params, problems } = parseCmdline('memmap=exactmap memmap=640K@0 memmap=64M$0x10000000 memmap=512M earlycon=uart8250,mmio,0xfed00000,115200n8 console=uart,io,0x3f8 console=ttyS0 earlyprintk=dbgp1 noefi acpi=off nolapic noapic');
    expect(problems).toEqual([]);
    expect(params).toMatchObject([
      { name: 'memmap', kind: 'exactmap' }, { name: 'memmap', kind: 'ram', bytes: 640 * 1024, at: 0 },
      { name: 'memmap', kind: 'reserved', bytes: 64 * 2 ** 20, at: 0x10000000 }, { name: 'memmap', kind: 'limit', bytes: 512 * 2 ** 20 },
      { name: 'earlycon', iotype: 'mmio', address: 0xfed00000 }, { name: 'earlycon', iotype: 'io', address: 0x3f8 },
      { name: 'known', key: 'console' }, { name: 'earlyprintk', value: 'dbgp1' }, { name: 'noefi' }, { name: 'acpi', value: 'off' },
      { name: 'nolapic' }, { name: 'noapic' },
    ]);
  });

  it('pci= (early_param("pci", pci_setup): each non-empty \',\'-separated option in turn) and kgdbdbgp= (a bare one is NULL)', () => {
    const { params, problems } = parseCmdline('pci=nomsi,,noearly, pci pci= kgdbdbgp=0,10 kgdbdbgp kgdbdbgp=');
    expect(problems).toEqual([]);
    expect(params).toMatchObject([
      { name: 'pci', options: ['nomsi', 'noearly'] }, { name: 'pci', options: [] }, { name: 'pci', options: [] },
      { name: 'kgdbdbgp', value: '0,10' }, { name: 'kgdbdbgp', value: null }, { name: 'kgdbdbgp', value: '' },
    ]);
  });
});

describe('kernel versions', () => {
  it.each([
    ['2.6.26', 269900], ['2.6.27-rc1', 270100], ['2.6.27-rc3', 270300], ['2.6.27', 279900], ['2.6.27.4', 279904], ['2.6.27.10', 279910], ['2.6.28-rc2', 280200], ['2.6.28', 289900],
  ])('%s has key %i: stable updates are kernels of their own, after their release', (text, key) => {
    const v = parseKernelVersion(text);
    expect(v.ok && v.version.key).toBe(key);
  });

  it.each(['2.6.29', '2.6.36', '2.6.36-rc8', '2.6.32.28', '2.6.36.3', '2.6.34-rc7'])('accepts %s', (text) => {
    expect(parseKernelVersion(text).ok).toBe(true);
  });

  it.each(['2.6.25', '2.6.37', '2.6.26-rc1', '2.6.27-rc10', '2.6.34-rc8', '2.6.27.0', '2.6.27.58', '2.6.32.29', '2.6.29.1', '3.0', 'latest'])('refuses %s', (text) => {
    expect(parseKernelVersion(text).ok).toBe(false);
  });
});

describe('earlycon addresses (input checks)', () => {
  const problems = (kernel: string, cmdline: string): string[] => {
    const r = parseScenario(scenarioYaml({ kernel, order: ['early_cpu_init', 'parse_early_param'], cmdline }), 'ec.yaml');
    return r.ok ? [] : r.problems.map((p) => p.message);
  };

  it('an mmio address past 32 bits is refused: simple_strtoul() parses it into an unsigned long (8250_early.c:148)', () => {
    expect(problems('2.6.27', 'earlycon=uart8250,mmio,0x1fed00000')).toEqual([
      'machine.cmdline: earlycon=uart8250,mmio,0x1fed00000: 0x1fed00000 does not fit the 32-bit unsigned long simple_strtoul() parses it into (early_serial8250_setup would map 0xfed00000); at most 0xffffffff',
    ]);
  });

  it('mmio32 before 2.6.36-rc1 sets up no console, so its address is never parsed: not refused', () => {
    expect(problems('2.6.27-rc1', 'earlycon=uart8250,mmio32,0x100000000')).toEqual([]);
    expect(problems('2.6.36-rc1', 'earlycon=uart8250,mmio32,0x100000000')).toHaveLength(1);
  });
});
