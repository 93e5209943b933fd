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
    // with the 1G/3G split the kernel part is 3 GiB
    expect(problems(withCmdline('reservetop=2G', 'config: {page_offset: 0x40000000}\n'))).toEqual([]);
  });

  it('refuses a reservetop= that puts __FIXADDR_TOP = -reserve - PAGE_SIZE below PAGE_OFFSET; takes up to 4 GiB − PAGE_OFFSET − PAGE_SIZE', () => {
    expect(problems(withCmdline('reservetop=0x3ffff001'))).toEqual([
      '2:13: machine.cmdline: reservetop=0x3ffff001: __FIXADDR_TOP = -reserve - PAGE_SIZE = 0xbfffffff lies below PAGE_OFFSET 0xc0000000, in user space; reservetop= is at most 0x3ffff000 (4 GiB − PAGE_OFFSET − PAGE_SIZE)',
    ]);
    expect(problems(withCmdline('reservetop=0x3fffffff'))).toHaveLength(1);
    expect(problems(withCmdline('reservetop=0xbffff001', 'config: {page_offset: 0x40000000}\n'))).toHaveLength(1);
    // at 4 GiB − PAGE_OFFSET − PAGE_SIZE FIXADDR_TOP is PAGE_OFFSET itself, which leaves no room for MAXMEM (below)
    expect(problems(withCmdline('reservetop=0x3ffff000'))[0]).toMatch(/^2:13: machine\.cmdline: reservetop=0x3ffff000: VMALLOC_END 0xbf7fe000 lies below PAGE_OFFSET 0xc0000000 .* wraps to 0xf77fe000, .* reservetop= is at most 886 MiB \+ 76 KiB \(0x37613000\) here \(2\.6\.36, this config\)$/);
  });

  it('reads reservetop= as parse_reservetop() does where no size starts it (0); a bare reservetop is -EINVAL', () => {
    for (const ok of ['reservetop=16M', 'reservetop=0x1000', 'reservetop=abc', 'reservetop=']) expect(problems(withCmdline(ok))).toEqual([]);
    expect(problems(withCmdline('reservetop'))).toEqual([
      `2:13: machine.cmdline: reservetop: no value; parse_reservetop() returns -EINVAL without one (the kernel prints "Malformed early option 'reservetop'" and reserves nothing); write reservetop=SIZE (e.g. reservetop=16M)`,
    ]);
    expect(problems(withCmdline('reservetop=0x20000000000000'))).toEqual([
      '2:13: machine.cmdline: reservetop=0x20000000000000: the value 0x20000000000000 is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)',
    ]);
  });

  // parse_reservetop() (2.6.27 arch/x86/mm/pgtable_32.c:143, 3fa8749e584b) reserves memparse()'s size and ignores the rest, as parse_memopt/parse_vmalloc/parse_highmem do
  it.each([
    ['reservetop=16Mxyz', '16M', '"xyz"'],
    ['reservetop=16MB', '16M', '"B"'],
    ['reservetop=16M,junk', '16M', '",junk"'],
    ['reservetop=0x', '0', '"x"'],
    // a bidi override after the number: the ignored text is quoted escaped, as for mem= (the CLI escapes the rest)
    ['reservetop=0x1000\u202e', '0x1000', '"\\u202e"'],
  ])('refuses text after the size in %j as mem=, vmalloc= and highmem= do', (arg, read, ignored) => {
    expect(problems(withCmdline(arg))).toEqual([
      `2:13: machine.cmdline: ${arg}: text after the size: the kernel's memparse() reads ${read} and ignores ${ignored}, which bootreplay refuses as a likely typo; reservetop= takes a number with an optional K, M or G suffix (e.g. reservetop=16M)`,
    ]);
  });

  // simple_strtoull() accumulates in unsigned long long with no overflow check (2.6.27 lib/vsprintf.c:92-118, 3fa8749e584b): the kernel wraps these
  it.each([
    ['mem=18446744073709551616', 'the value 18446744073709551616'],
    ['mem=17179869184G', 'the value 17179869184G'],
    ['reservetop=999999999999999999999999', 'the value 999999999999999999999999'],
    ['vmalloc=18446744073709551616', 'the value 18446744073709551616'],
    ['highmem=0x10000000000000000', 'the value 0x10000000000000000'],
    ['memmap=18446744073709551616@0', 'the size 18446744073709551616'],
    ['memmap=64M$18446744073709551616', 'the start after $ 18446744073709551616'],
  ])('refuses %j as past 64 bits, as written, not as a value past 64 bits', (arg, what) => {
    expect(problems(withCmdline(arg))).toEqual([
      `2:13: machine.cmdline: ${arg}: ${what} is past 64 bits (memparse() would wrap it); bootreplay takes sizes and addresses up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)`,
    ]);
  });

  it('refuses a value from 2^53 up to 2^64 − 1 as too large, in hex', () => {
    expect(problems(withCmdline('mem=18446744073709551615'))).toEqual([
      '2:13: machine.cmdline: mem=18446744073709551615: the value 0xffffffffffffffff is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)',
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

/**
 * reservetop=, vmalloc= and a hypervisor's reserve together (src/arch/x86_32/cmdline-layout.ts): refused where
 * the kernel's unsigned __VMALLOC_RESERVE / MAXMEM / VMALLOC_START arithmetic wraps, or where the command line
 * on its own runs the direct map into the vmalloc area. Each bound at the byte it holds and one page past it,
 * per formula: MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE (2.6.26 – 2.6.27.y), VMALLOC_END - PAGE_OFFSET -
 * __VMALLOC_RESERVE with reserve_top_address() adding the reserve (2.6.28-rc1 – 2.6.31-rc5), without (2.6.31-rc6 on).
 */
describe('the layout the command line gives (MAXMEM, VMALLOC_START)', () => {
  const scenario = (kernel: string, cmdline: string, config = '', machine = ''): string =>
    `kernel: "${kernel}"\nconfig: {${config}}\nmachine: {${machine}${machine === '' ? '' : ', '}cmdline: "${cmdline}"}\nsetup_arch: [early_cpu_init]\n`;
  /** [kernel, config, machine, cmdline that fits, cmdline one page (or byte) past it, what the refusal says] */
  const bounds: readonly [string, string, string, string, string, RegExp][] = [
    // 1 GiB − 128 MiB: MAXMEM 0 (lowmem empty: a layout-overlap finding, not a wrap) and one page past it
    ['2.6.26', '', '', 'reservetop=0x38000000', 'reservetop=0x38001000',
      /reservetop=0x38001000: __VMALLOC_RESERVE = the default 128 MiB \+ reservetop=0x38001000's 896 MiB \+ 4 KiB \(reserve_top_address\(\) adds each reserve until 2\.6\.31-rc6, 6abf65510944\) = 1 GiB \+ 4 KiB \(0x40001000\) is more than the 1 GiB \(0x40000000\) between PAGE_OFFSET 0xc0000000 and 4 GiB: MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE \(include\/asm-x86\/page_32\.h:85 at 2\.6\.26 bce7f793dae.*\) is 4 KiB below zero, which the kernel's unsigned long wraps to 0xfffff000, so find_low_pfn_range\(\) no longer caps lowmem: max_low_pfn = min\(max_pfn, 1048575\) = 131072, all 512 MiB of RAM, and the direct map would end at 0xe0000000, past VMALLOC_END 0xc77fe000; reservetop= is at most 896 MiB \(0x38000000\) here \(2\.6\.26, this config\)$/],
    // 2.6.27 on 2 GiB: vmalloc= smaller than the fixmap, pkmap and 8–16 MiB of guard puts VMALLOC_START past VMALLOC_END (a lower bound)
    ['2.6.27', '', 'memory: 2GiB', 'vmalloc=0x17ff001', 'vmalloc=0x17fe001',
      /vmalloc=0x17fe001: with 1000 MiB \+ 4 KiB of lowmem \(max_low_pfn 256001, MAXMEM with __VMALLOC_RESERVE = vmalloc=0x17fe001 \(parse_vmalloc\(\): exactly SIZE\) = 23 MiB \+ 1016 KiB \+ 1 byte \(0x017fe001\)\), VMALLOC_START = 0xff800000 is not below VMALLOC_END 0xff7fe000: the direct map runs into the vmalloc area; mem_init\(\) stops the boot at BUG_ON\(VMALLOC_START > VMALLOC_END\); vmalloc= is at least 23 MiB \+ 1020 KiB \+ 1 byte \(0x017ff001\) here \(2\.6\.27, this config and RAM\)$/],
    // … and past 4 GiB, where the kernel's VMALLOC_START wraps to 0
    ['2.6.27', 'pae: true', 'memory: 4GiB', 'vmalloc=0xfff001', 'vmalloc=8M',
      /VMALLOC_START = 0x100000000, past 4 GiB \(the kernel's unsigned long wraps it to 0x00000000\) is not below VMALLOC_END 0xff9fe000: .*mem_init\(\) stops the boot at BUG_ON\(high_memory > VMALLOC_START\).*; vmalloc= is at least 15 MiB \+ 1020 KiB \+ 1 byte \(0x00fff001\) here/],
    // 2.6.28: VMALLOC_END − PAGE_OFFSET − (128 MiB + reserve) with the reserve counted twice
    ['2.6.28', '', 'memory: 2GiB', 'reservetop=0x1bbfe000', 'reservetop=0x1bbff000',
      /reservetop=0x1bbff000: .* is 4 KiB below zero, which the kernel's unsigned long wraps to 0xfffff000, .*; reservetop= is at most 443 MiB \+ 1016 KiB \(0x1bbfe000\) here \(2\.6\.28, this config\)$/],
    // vmalloc= + VMALLOC_OFFSET may not pass VMALLOC_END − PAGE_OFFSET (0xff7fe000 − 0xc0000000 − 8 MiB)
    ['2.6.28', '', 'memory: 2GiB', 'vmalloc=0x3effe000', 'vmalloc=0x3efff000',
      /vmalloc=0x3efff000: __VMALLOC_RESERVE = vmalloc=0x3efff000 \+ VMALLOC_OFFSET 8 MiB \(parse_vmalloc\(\)\) = 1015 MiB \+ 1020 KiB \(0x3f7ff000\) is more than the 1015 MiB \+ 1016 KiB \(0x3f7fe000\) between PAGE_OFFSET 0xc0000000 and VMALLOC_END 0xff7fe000: MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE \(arch\/x86\/include\/asm\/pgtable_32\.h:76 at 2\.6\.28 4a6908a3a05.*vmalloc= is at most 1007 MiB \+ 1016 KiB \(0x3effe000\) here/],
    // vmalloc=0 leaves an empty area: 2.6.28's mem_init() lets it pass, 2.6.29-rc1 on stop at >=
    ['2.6.28', '', 'memory: 2GiB', 'vmalloc=4K', 'vmalloc=0',
      /VMALLOC_START = 0xff7fe000 is not below VMALLOC_END 0xff7fe000: the vmalloc area is empty; mem_init\(\)'s BUG_ON\(VMALLOC_START > VMALLOC_END\) lets it pass, and every vmalloc\(\) and ioremap\(\) fails; vmalloc= is at least 1 byte \(0x00000001\) here/],
    ['2.6.29', '', 'memory: 2GiB', 'vmalloc=4K', 'vmalloc=0', /the vmalloc area is empty; mem_init\(\) stops the boot at BUG_ON\(VMALLOC_START >= VMALLOC_END\)/],
    // 2.6.31-rc6 on: the reserve only moves VMALLOC_END down (6abf65510944)
    ['2.6.36', '', '', 'reservetop=0x37613000', 'reservetop=0x37614000',
      /reservetop=0x37614000: __VMALLOC_RESERVE 128 MiB \(0x08000000, the default\) is more than the 127 MiB \+ 1016 KiB \(0x07ffe000\) between PAGE_OFFSET 0xc0000000 and VMALLOC_END 0xc7ffe000: .*reservetop= is at most 886 MiB \+ 76 KiB \(0x37613000\) here \(2\.6\.36, this config\)$/],
    ['2.6.36', 'pae: true', '', 'reservetop=0x37a13000', 'reservetop=0x37a14000', /reservetop= is at most 890 MiB \+ 76 KiB \(0x37a13000\) here/],
    ['2.6.36', 'highmem: false', '', 'reservetop=0x37f13000', 'reservetop=0x37f14000', /reservetop= is at most 895 MiB \+ 76 KiB \(0x37f13000\) here/],
    ['2.6.36', 'page_offset: 0x40000000', '', 'reservetop=0xb7613000', 'reservetop=0xb7614000', /reservetop= is at most 2 GiB \+ 886 MiB \+ 76 KiB \(0xb7613000\) here/],
    // Xen's reserve comes first and counts too (1 GiB − 128 MiB − (168 MiB + 8 KiB of padding until 2.6.27.7))
    ['2.6.27', 'pae: true', 'hypervisor: xen, memory: 2GiB', 'reservetop=0x2d7fe000', 'reservetop=0x2d7ff000',
      /reservetop=0x2d7ff000 \(with Xen's reserve of 168 MiB \+ 8 KiB, made before setup_arch\(\)\): __VMALLOC_RESERVE = the default 128 MiB \+ Xen's reserve 168 MiB \+ 8 KiB \+ reservetop=0x2d7ff000's .*reservetop= is at most 727 MiB \+ 1016 KiB \(0x2d7fe000\) here/],
    ['2.6.27.8', 'pae: true', 'hypervisor: xen, memory: 2GiB', 'reservetop=0x2d800000', 'reservetop=0x2d801000', /reservetop= is at most 728 MiB \(0x2d800000\) here/],
    // VMI's 64 MiB, whether vmi_init() comes before parse_early_param() or after it
    ['2.6.27-rc1', '', 'hypervisor: vmi, memory: 2GiB', 'reservetop=0x34000000', 'reservetop=0x34001000', /with VMI's reserve of 64 MiB.*reservetop= is at most 832 MiB \(0x34000000\) here/],
  ];
  for (const [kernel, config, machine, fits, past, says] of bounds) {
    it(`${kernel}${config === '' ? '' : ` {${config}}`}${machine === '' ? '' : ` {${machine}}`}: takes ${fits}, refuses ${past}`, () => {
      expect(problems(scenario(kernel, fits, config, machine))).toEqual([]);
      const refused = problems(scenario(kernel, past, config, machine));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(says);
    });
  }

  it('is reported at the parameter, with the others on the line; vmalloc= after reservetop= resets the sum', () => {
    // 2.6.27: vmalloc=8M reservetop=16M on 2 GiB: reservetop= only shifts both ends, so vmalloc= is the one named
    expect(problems(scenario('2.6.27', 'quiet vmalloc=8M reservetop=16M', '', 'memory: 2GiB'))[0]).toMatch(/^3:41: machine\.cmdline: vmalloc=8M: .*vmalloc= is at least 23 MiB \+ 1020 KiB \+ 1 byte \(0x017ff001\)/);
    // parse_vmalloc() overwrites what reservetop= added before it (on 64 MiB the direct map stays below VMALLOC_END)
    expect(problems(scenario('2.6.27', 'reservetop=900M vmalloc=128M', '', 'memory: 64MiB'))).toEqual([]);
    expect(problems(scenario('2.6.27', 'vmalloc=128M reservetop=900M', '', 'memory: 64MiB'))[0]).toMatch(/reservetop=900M: .*wraps to 0xffc00000.*reservetop= is at most 896 MiB/);
  });

  it('is refused when the arithmetic wraps even if this RAM would fit (the kernel computes the wrapped MAXMEM all the same)', () => {
    expect(problems(scenario('2.6.28', 'vmalloc=1020M mem=64M'))[0]).toMatch(/max_low_pfn = min\(max_pfn, 1045502\) = 16384, all the 64 MiB of RAM, and the direct map would end at 0xc4000000; vmalloc= is at most/);
  });

  it('takes what only a hypervisor makes overlap: parse_vmalloc() forgetting Xen\'s reserve is a layout-overlap finding', () => {
    expect(problems(scenario('2.6.27', 'vmalloc=64M', 'pae: true', 'hypervisor: xen, memory: 2GiB'))).toEqual([]);
  });

  it('refuses a hypervisor reserve whose arithmetic wraps on its own, at the machine fact', () => {
    expect(problems(scenario('2.6.28', '', '', 'hypervisor: vmi, vmi_virtual_top: 0xc0400000'))).toEqual([
      expect.stringMatching(/^3:45: machine\.vmi_virtual_top: 0xc0400000: vmi_init\(\) reserves 1020 MiB from the top, and VMALLOC_END 0xbfbfe000 lies below PAGE_OFFSET 0xc0000000/),
    ]);
  });

  it('highmem=: highmem_pages is an unsigned int whose -1 means "not given"', () => {
    expect(problems(scenario('2.6.36', 'highmem=0xfffffffe000'))).toEqual([]);
    expect(problems(scenario('2.6.36', 'highmem=0xffffffff000'))).toEqual([
      '3:21: machine.cmdline: highmem=0xffffffff000: memparse() >> PAGE_SHIFT = 4294967295 pages (0xffffffff) is -1 in the kernel\'s unsigned int highmem_pages, its "no highmem= given"; highmem= is less than 0xffffffff000 (16 TiB − 4 KiB)',
    ]);
    expect(problems(scenario('2.6.26', 'highmem=0x100000000000'))[0]).toMatch(/= 4294967296 pages \(0x100000000\) wraps in the kernel's unsigned int highmem_pages to 0 \("no highmem"\)/);
  });
});

describe('mem= and memmap= in an order that runs parse_early_param() before setup_memory_map()', () => {
  // 2.6.27 e820.c:1176-1196 (parse_memopt edits the empty map), :1317 (append_e820_map of the BIOS map) at
  // caglar10ur/linux-2.6.27.y@3fa8749e584b: the limit is lost, the layout is the BIOS RAM's
  const order = (first: string, second: string): string => `kernel: 2.6.27\nmachine:\n  memory: 2GiB\n  cmdline: "vmalloc=8M mem=512M"\nsetup_arch: [${first}, ${second}, find_low_pfn_range]\n`;

  it('setup_memory_map first: mem=512M limits lowmem, and vmalloc=8M is in range', () => {
    expect(problems(order('setup_memory_map', 'parse_early_param'))).toEqual([]);
  });

  it('parse_early_param first: mem= is lost, lowmem is sized from the 2 GiB of the BIOS map, and vmalloc=8M puts VMALLOC_START past 4 GiB; the problem says why mem= does not count', () => {
    const got = problems(order('parse_early_param', 'setup_memory_map'));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^4:13: machine\.cmdline: vmalloc=8M: with 1016 MiB of lowmem \(max_low_pfn 260096, .*VMALLOC_START = 0x100000000, past 4 GiB .*; mem=, memmap=SIZE and memmap=exactmap do not limit RAM here: parse_early_param runs before the e820 map is built \(setup_memory_map\), so they edit an empty map and the BIOS map appended after it has all of machine\.memory \(parse_memopt, append_e820_map in arch\/x86\/kernel\/e820\.c\)$/);
  });

  // break-232 N4: 2.6.26 loses it the same way, in its own calls: parse_mem() → limit_regions() on the empty map, then memory_setup()
  // → machine_specific_memory_setup() → copy_e820_map() → add_memory_region() (arch/x86/kernel/setup_32.c:252-274, 796;
  // e820_32.c:453-473, 613-641; mach-default/setup.c:153-186 at caglar10ur/linux-2.6.27.y@bce7f793da)
  it('2.6.26, parse_early_param before memory_setup: the problem names 2.6.26\'s calls', () => {
    const got = problems(`kernel: 2.6.26\nmachine:\n  memory: 2GiB\n  cmdline: "vmalloc=8M mem=512M"\nsetup_arch: [parse_early_param, memory_setup, setup_memory]\n`);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/; mem=, memmap=SIZE and memmap=exactmap do not limit RAM here: parse_early_param runs before the e820 map is built \(memory_setup\), so they edit an empty map and the BIOS map appended after it has all of machine\.memory \(parse_mem → limit_regions, machine_specific_memory_setup → copy_e820_map → add_memory_region in arch\/x86\/mach-default\/setup\.c and e820_32\.c\)$/);
  });

  it('no call builds the e820 map: the same as building it after parse_early_param', () => {
    expect(problems(`kernel: 2.6.27\nmachine:\n  memory: 2GiB\n  cmdline: "vmalloc=8M mem=512M"\nsetup_arch: [parse_early_param, find_low_pfn_range]\n`)).toHaveLength(1);
  });

  it('mem= after the map is built ends RAM at the highest RAM entry it leaves: a range it removes does not size lowmem', () => {
    // memmap=64M@2G is above mem=1536M: e820_remove_range() removes it (e820.c:472-500 @3fa8749e584b) and RAM ends
    // at the BIOS's 768 MiB, so vmalloc=16M leaves VMALLOC_START at 0xf1000000, in range. Sized from mem='s 1.5 GiB
    // (before 2026-12-07), lowmem was 1008 MiB and the line a false "VMALLOC_START = 0xff800000" input error.
    const text = (cmdline: string): string => `kernel: 2.6.27\nmachine:\n  memory: 768MiB\n  cmdline: "${cmdline}"\nsetup_arch: [setup_memory_map, parse_early_param, find_low_pfn_range]\n`;
    expect(problems(text('memmap=64M@2G mem=1536M vmalloc=16M'))).toEqual([]);
    // parsed after mem=, the range stays: lowmem is MAXMEM's 1008 MiB, and the line is refused
    expect(problems(text('mem=1536M memmap=64M@2G vmalloc=16M'))).toEqual([expect.stringMatching(/^4:37: machine\.cmdline: vmalloc=16M: with 1008 MiB of lowmem .*VMALLOC_START = 0xff800000 is not below VMALLOC_END/)]);
  });

  it('without mem= the order does not matter, and its note is not added', () => {
    const got = problems(`kernel: 2.6.27\nmachine:\n  memory: 2GiB\n  cmdline: "vmalloc=8M"\nsetup_arch: [setup_memory_map, parse_early_param]\n`);
    expect(got).toHaveLength(1);
    expect(got[0]).not.toMatch(/do not limit RAM here/);
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

describe('sizes written as YAML floats', () => {
  const withMemory = (memory: string): string => `machine: {memory: ${memory}}\nsetup_arch: [early_cpu_init]\n`;

  it('a whole float is refused with the integer to write (break-255 N7; memparse() reads "1e9" as 1 at 2.6.27 and as 1 EiB at 4.4); one past 2^53 is too large, in exponent form too (helper-156: "1e100 is not a size")', () => {
    expect(problems(withMemory('1e9'))).toEqual(['1:19: machine.memory: "1e9" is written as a float (with a point or an exponent); sizes and addresses are integers: write 1000000000']);
    expect(problems(withMemory('1e15'))).toEqual(['1:19: machine.memory: "1e15" is written as a float (with a point or an exponent); sizes and addresses are integers: write 1000000000000000']);
    for (const big of ['1e30', '1e100', '1.5e30', '12345678901234567890']) {
      expect(problems(withMemory(big))).toEqual([`1:19: machine.memory: "${big}" is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (0x1fffffffffffff, 8 PiB)`]);
    }
    // a whole number however written is refused alike; a fraction stays one
    expect(problems(withMemory('1.5e3'))).toEqual(['1:19: machine.memory: "1.5e3" is written as a float (with a point or an exponent); sizes and addresses are integers: write 1500']);
    expect(problems(withMemory('1.5e-3'))[0]).toMatch(/^1:19: machine\.memory: "0\.0015" is not a size/);
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

describe('the initrd (helper-183 2: 8000 TiB was replayed as 33554432000 chunks)', () => {
  const initrd = (machine: string): string => `machine: {${machine}}\nsetup_arch: [early_cpu_init]\n`;
  it('refuses more than the boot loader can load: in RAM above the kernel image and below ramdisk_max 0x7fffffff', () => {
    expect(problems(initrd('initrd: lowmem, initrd_size: 4GiB'))).toEqual([
      '1:40: machine.initrd_size: 4 GiB is more than the boot loader can load: it puts the initrd in RAM above the kernel image (which ends at physical 0x600000) and below the end of RAM (machine.memory), at most 506 MiB here',
    ]);
    expect(problems(initrd('memory: 4GiB, initrd: above-lowmem, initrd_size: 8000TiB'))).toEqual([
      '1:60: machine.initrd_size: 8000 TiB is more than the boot loader can load: it puts the initrd in RAM above the kernel image (which ends at physical 0x600000) and below ramdisk_max 0x7fffffff (arch/x86/boot/header.S), at most 2042 MiB here',
    ]);
    // helper-186 10: the whole of RAM put the initrd at physical 0, over the kernel
    expect(problems(initrd('initrd: lowmem, initrd_size: 512MiB'))).toEqual([expect.stringMatching(/^1:40: machine.initrd_size: 512 MiB is more than the boot loader can load: .*at most 506 MiB here$/)]);
    // a larger image (system_map._end) leaves less
    expect(problems(`config: {system_map: {_end: 0xc1000000}}\n${initrd('initrd: lowmem, initrd_size: 500MiB')}`)).toEqual([expect.stringMatching(/ends at physical 0x1000000\) .*at most 496 MiB here$/)]);
  });
  it('takes up to min(RAM, 2 GiB) less the kernel image, and any size when there is no initrd', () => {
    expect(problems(initrd('initrd: lowmem, initrd_size: 506MiB'))).toEqual([]);
    expect(problems(initrd('memory: 4GiB, initrd: above-lowmem, initrd_size: 2042MiB'))).toEqual([]);
    expect(problems(initrd('initrd: none, initrd_size: 8000TiB'))).toEqual([]);
  });
  it('refuses an initrd above lowmem on Xen, whose domain builder loads it into the initial mapping (helper-186 4)', () => {
    expect(problems(initrd('hypervisor: xen, initrd: above-lowmem'))).toEqual([expect.stringMatching(/^1:36: machine.initrd: above-lowmem cannot happen on Xen: .*write initrd: lowmem$/)]);
    expect(problems(`config: {pae: true}\n${initrd('hypervisor: xen, initrd: lowmem')}`)).toEqual([]);
  });
});
