/**
 * Bad arm64 input gets one clear message per problem, at its key, with what
 * is allowed: kernel versions, page size, VA_BITS, Kconfig dependencies, RAM
 * and DTB placement, calls a version does not have.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../src/scenario/loader.js';

function problems(text: string): string[] {
  const r = parseScenario(text, 'bad.yaml');
  return r.ok ? [] : r.problems.map((p) => `${p.line ?? 0}:${p.col ?? 0}: ${p.message}`);
}

const ORDER = 'setup_arch: [early_fixmap_init, setup_machine_fdt, paging_init]\n';

describe('arm64 input checks', () => {
  it('accepts v4.N and 4.N; refuses v4.5 and stable point releases with the profile to use', () => {
    expect(problems(`arch: arm64\nkernel: "4.6"\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nkernel: v4.7\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nkernel: v4.5\n${ORDER}`)).toEqual([
      expect.stringMatching(/^2:9: kernel: kernel v4.5 is not modeled for arm64 \(v4.5 lies between the v4.4 boot code and the v4.6 rework and was not read\) \(did you mean v4.4\?\); modeled: v4.4, v4.6, v4.7/),
    ]);
    expect(problems(`arch: arm64\nkernel: 4.4.100\n${ORDER}`)).toEqual([
      expect.stringMatching(/stable point releases are not profiles of their own .*rivsidn\/linux-4.4.155.*write v4.4/),
    ]);
  });

  it('refuses 16K/64K pages and VA sizes other than 39/48, saying why', () => {
    // past 2^53 YAML's integer reaches the schema as its text: not 'write it without quotes' (it has none)
    expect(problems(`arch: arm64\nconfig: {va_bits: 9007199254740993}\n${ORDER}`)).toEqual([
      '2:19: config.va_bits: 9007199254740993 is past 2^53 − 1 (0x1fffffffffffff), the largest whole number bootreplay reads exactly, and more than this key takes',
    ]);
    expect(problems(`arch: arm64\nconfig: {page_size: 16K, va_bits: 42}\n${ORDER}`)).toEqual([
      expect.stringMatching(/^2:21: config.page_size: 16K pages are not modeled: only 4K/),
      expect.stringMatching(/^2:35: config.va_bits: 42 \(42 is a 64K-page choice\) is not a 4K-page VA size; CONFIG_ARM64_VA_BITS is 39 or 48/),
    ]);
  });

  it('refuses an ACPI boot without UEFI: arm64 has the RSDP from the UEFI configuration table only (helper-176)', () => {
    expect(problems(`arch: arm64\nkernel: v4.7\nmachine: {acpi: true}\n${ORDER}`)).toEqual([
      expect.stringMatching(/^3:17: machine.acpi: an ACPI boot needs machine.efi: true; .*acpi_os_get_root_pointer\(\), drivers\/acpi\/osl.c.*boots from the DT$/),
    ]);
    expect(problems(`arch: arm64\nkernel: v4.7\nmachine: {acpi: true, efi: false}\n${ORDER}`)).toHaveLength(1);
    expect(problems(`arch: arm64\nkernel: v4.7\nmachine: {acpi: true, efi: true}\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nkernel: v4.7\nmachine: {acpi: false}\n${ORDER}`)).toEqual([]);
  });

  it('knows which Kconfig symbols a version has and what they depend on', () => {
    expect(problems(`arch: arm64\nkernel: v4.4\nconfig: {randomize_base: true, debug_align_rodata: true}\n${ORDER}`)).toEqual([
      expect.stringMatching(/config.randomize_base: CONFIG_RANDOMIZE_BASE does not exist in v4.4/),
      expect.stringMatching(/config.debug_align_rodata: DEBUG_ALIGN_RODATA depends on DEBUG_RODATA, which is off \(its default in v4.4\)/),
    ]);
    // DEBUG_RODATA is default y from v4.6
    expect(problems(`arch: arm64\nkernel: v4.6\nconfig: {debug_align_rodata: true}\n${ORDER}`)).toEqual([]);
  });

  it('checks RAM banks and the DTB', () => {
    expect(problems(`arch: arm64\nmachine: {phys_offset: 0x80100000, fdt_phys: 0x88000004}\n${ORDER}`)).toEqual([
      expect.stringMatching(/machine.phys_offset: 0x80100000 is not 2 MiB-aligned/),
    ]);
    expect(problems(`arch: arm64\nmachine: {fdt_phys: 0x88000004}\n${ORDER}`)).toEqual([
      expect.stringMatching(/machine.fdt_phys: 0x88000004 is not 8-byte aligned \(MIN_FDT_ALIGN\)/),
    ]);
    expect(problems(`arch: arm64\nkernel: v4.6\nmachine: {fdt_phys: 0x80100000}\n${ORDER}`)).toEqual([
      expect.stringMatching(/^3:21: machine.fdt_phys: the DTB at 0x80100000…0x80110000 overlaps the Image's image_size bytes, _text 0x80080000 … _end 0x80d4f000 \(Documentation\/arm64\/booting.txt: "At least image_size bytes from the start of the image must be free for use by the kernel"\); place it wholly below 0x80080000, or at 0x80d4f000 or above$/),
    ]);
    // booting.txt asks only for image_size (_end - _text) bytes: right after _end (sharing its 2 MiB block) and
    // 0x81000000 (review 9) are valid; one page below _end is not. v4.7 aligns segments to 64 KiB: a later _end.
    expect(problems(`arch: arm64\nkernel: v4.6\nmachine: {fdt_phys: 0x81000000}\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nkernel: v4.6\nmachine: {fdt_phys: 0x80d4f000}\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nkernel: v4.6\nmachine: {fdt_phys: 0x80d4e000}\n${ORDER}`)).toEqual([expect.stringMatching(/overlaps the Image's image_size bytes/)]);
    expect(problems(`arch: arm64\nkernel: v4.7\nmachine: {fdt_phys: 0x80d4f000}\n${ORDER}`)).toEqual([expect.stringMatching(/_end 0x80d5e000/)]);
    expect(problems(`arch: arm64\nkernel: v4.6\nmachine: {fdt_phys: 0x80070000}\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nmachine: {memory: 1GiB, banks: [{base: 0x80000000, size: 1GiB}]}\n${ORDER}`)).toEqual([
      expect.stringMatching(/machine.memory: give either banks: or memory:\/phys_offset:, not both/),
    ]);
    // memory: null beside banks is one problem, the empty value (helper-184 9: it also said "not both")
    expect(problems(`arch: arm64\nmachine: {memory: null, banks: [{base: 0x80000000, size: 1GiB}]}\n${ORDER}`)).toEqual([
      expect.stringMatching(/^2:19: machine.memory: expected an integer number of bytes.*got an empty value$/),
    ]);
    expect(problems(`arch: arm64\nmachine: {banks: [{base: 0x80000000, size: 1GiB}, {base: 0x80000000, size: 1GiB}]}\n${ORDER}`)).toEqual([
      expect.stringMatching(/machine.banks\[1\].base: 0x80000000 overlaps or precedes the bank before it/),
    ]);
    expect(problems(`arch: arm64\nmachine: {memory: 300GiB}\n${ORDER}`)).toEqual([
      expect.stringMatching(/RAM spans 300 GiB, more than the 256 GiB linear region of VA_BITS=39; arm64_memblock_init\(\) would drop the rest/),
    ]);
    // v4.4 ignores it earlier, in early_init_dt_add_memory_arch() against MAX_MEMBLOCK_ADDR, and from the Image's base, not
    // a 1 GiB-rounded one: 0x80200000 + 256 GiB fits there (helper-181, 10)
    expect(problems(`arch: arm64\nkernel: v4.4\nmachine: {memory: 300GiB}\n${ORDER}`)).toEqual([
      expect.stringMatching(/RAM spans 300 GiB, more than the 256 GiB linear region of VA_BITS=39; early_init_dt_add_memory_arch\(\) would ignore the rest \("Ignoring memory range", past MAX_MEMBLOCK_ADDR\)$/),
    ]);
    expect(problems(`arch: arm64\nkernel: v4.4\nmachine: {phys_offset: 0x80200000, memory: 256GiB}\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nkernel: v4.6\nmachine: {phys_offset: 0x80200000, memory: 256GiB}\n${ORDER}`)).toEqual([
      expect.stringMatching(/RAM spans 274880004096 bytes \(0x4000200000\), more than the 256 GiB linear region of VA_BITS=39; arm64_memblock_init\(\) would drop the rest/),
    ]);
    // RAM past 2^39 is the linear region's to drop, as for 300 GiB: the idmap's extra level (head.S idmap_t0sz) follows
    // where the Image lies (adrp x5, __idmap_text_end), not the top of RAM (break-252 N4)
    for (const memory of ['512GiB', '1TiB']) {
      expect(problems(`arch: arm64\nmachine: {memory: ${memory}}\n${ORDER}`), memory).toEqual([
        expect.stringMatching(new RegExp(`RAM spans ${memory.replace('GiB', ' GiB').replace('TiB', ' TiB')}, more than the 256 GiB linear region of VA_BITS=39; arm64_memblock_init\\(\\) would drop the rest`)),
      ]);
    }
    // a bank above 2^39 inside the linear region is RAM like any other; the Image stays below 2^39
    expect(problems(`arch: arm64\nmachine: {banks: [{base: 0x7f00000000, size: 1GiB}, {base: 0x8000000000, size: 1GiB}], fdt_phys: 0x7f08000000}\n${ORDER}`)).toEqual([]);
    // the Image itself past 2^39 would need the idmap's extra level, which the model does not add
    expect(problems(`arch: arm64\nmachine: {phys_offset: 0x8000000000, memory: 1GiB}\n${ORDER}`)).toEqual([
      expect.stringMatching(/^2:24: machine\.phys_offset: the Image at 0x8000080000…0x[0-9a-f]+ is not below 2\^39: head\.S would give the idmap an extra level \(idmap_t0sz\), which the model does not add/),
    ]);
    expect(problems(`arch: arm64\nconfig: {va_bits: 48}\nmachine: {phys_offset: 0x8000000000, memory: 1GiB}\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nmachine: {fdt_size: 3MiB}\n${ORDER}`)).toEqual([
      expect.stringMatching(/machine.fdt_size: 3 MiB is over MAX_FDT_SIZE \(2 MiB\)/),
    ]);
    // a size that rounds to the limit is given in bytes (review 9: "2.00 MiB is over MAX_FDT_SIZE (2 MiB)")
    expect(problems(`arch: arm64\nmachine: {fdt_size: 0x200001}\n${ORDER}`)).toEqual([
      expect.stringMatching(/machine.fdt_size: 2097153 bytes \(0x200001\) is over MAX_FDT_SIZE \(2 MiB\)/),
    ]);
    expect(problems(`arch: arm64\nconfig: {image: {text: 0x10001000}}\nmachine: {fdt_phys: 0x80000000}\n${ORDER}`)).toEqual([
      expect.stringMatching(/config.image: 268439552 bytes \(0x10001000\) of sections; the model takes an Image of at most 256 MiB$/),
    ]);
    expect(problems(`arch: arm64\nmachine: {banks: [{base: 0x80000000, size: 1GiB}, {base: 0x4000000000, size: 0x80001000}]}\n${ORDER}`)).toEqual([
      expect.stringMatching(/RAM spans 274877911040 bytes \(0x4000001000\), more than the 256 GiB linear region of VA_BITS=39/),
    ]);
    // booting.txt's 2 MiB rule is where the Image goes (the first bank here); a later bank's is the model's limit (helper-178 F7)
    expect(problems(`arch: arm64\nmachine: {banks: [{base: 0x80001000, size: 1GiB}]}\n${ORDER}`)).toContainEqual(
      expect.stringMatching(/machine\.banks\[0\]\.base: 0x80001000 is not 2 MiB-aligned; the model loads the Image at the first bank's base \+ TEXT_OFFSET, and Documentation\/arm64\/booting\.txt asks/),
    );
    expect(problems(`arch: arm64\nmachine: {banks: [{base: 0x80000000, size: 1GiB}, {base: 0x880001000, size: 1GiB}]}\n${ORDER}`)).toEqual([
      expect.stringMatching(/machine\.banks\[1\]\.base: 0x880001000 is not 2 MiB-aligned; the model takes only banks at 2 MiB-aligned bases \(a limit of the model/),
    ]);
    // touching banks are one memblock region: a DTB across their seam is in RAM; across a gap it is not
    const seam = (second: string): string => `arch: arm64\nmachine: {banks: [{base: 0x80000000, size: 1GiB}, {base: ${second}, size: 1GiB}], fdt_phys: 0xbfff8000}\n${ORDER}`;
    expect(problems(seam('0xc0000000'))).toEqual([]);
    expect(problems(seam('0x100000000'))).toEqual([expect.stringMatching(/machine\.fdt_phys: the DTB at 0xbfff8000…0xc0008000 is not inside a RAM bank/)]);
  });

  it('points into the command line at a bad earlycon=', () => {
    expect(problems(`arch: arm64\nmachine: {cmdline: "console=ttyAMA0 earlycon=pl011,mmio,"}\n${ORDER}`)).toEqual([
      expect.stringMatching(/^2:37: machine.cmdline: earlycon=pl011,mmio,: no UART address after mmio, \(simple_strtoul\(\) reads 0, and register_earlycon\(\) maps nothing\)/),
    ]);
    expect(problems(`arch: arm64\nmachine: {cmdline: "console=uart8250,mmio32,x"}\n${ORDER}`)).toEqual([
      expect.stringMatching(/^2:21: machine.cmdline: console=uart8250,mmio32,x: no UART address after mmio32,/),
    ]);
    // what the kernel takes and maps nothing with is replayed as such (a trace note), not refused: a driver name
    // alone (setup() -ENODEV), an unknown driver (-ENOENT), an empty value, address 0, an I/O port
    for (const c of ['earlycon=pl011', 'earlycon=foo,0x9000000', 'earlycon=', 'earlycon=pl011,0x0', 'earlycon=uart8250,io,0x3f8', 'earlycon=smh']) {
      expect(problems(`arch: arm64\nmachine: {cmdline: "${c}"}\n${ORDER}`), c).toEqual([]);
    }
  });

  it('keeps physical addresses below 2^48 (PHYS_MASK_SHIFT), said at the key that is out of range', () => {
    const v48 = 'arch: arm64\nconfig: {va_bits: 48}\n';
    expect(problems(`${v48}machine: {phys_offset: 0x1000000000000}\n${ORDER}`)).toEqual([
      '3:24: machine.phys_offset: 0x1000000000000 is beyond 2^48 (PHYS_MASK_SHIFT); RAM ends at or below 0x1000000000000',
    ]);
    expect(problems(`${v48}machine: {fdt_phys: 0x1000000000000}\n${ORDER}`)).toEqual([
      '3:21: machine.fdt_phys: 0x1000000000000 is beyond 2^48 (PHYS_MASK_SHIFT), outside every RAM bank; the DTB is in RAM, below 0x1000000000000',
    ]);
    // the largest: RAM that ends at 2^48 exactly
    expect(problems(`${v48}machine: {phys_offset: 0xffff80000000, memory: 2GiB}\n${ORDER}`)).toEqual([]);
  });

  it('keeps the earlycon= UART address below 2^48 (PHYS_MASK_SHIFT), pointing at the parameter', () => {
    expect(problems(`arch: arm64\nmachine: {cmdline: "quiet earlycon=pl011,0x1000000000000"}\n${ORDER}`)).toEqual([
      "2:27: machine.cmdline: earlycon=pl011,0x1000000000000: the UART address 0x1000000000000 is past the 48-bit physical address space (PHYS_MASK_SHIFT 48): set_fixmap_io() would put its high bits in the descriptor's attributes; at most 0xffffffffffff",
    ]);
    // decimal, with an iotype, and past 2^64 (read exactly, not rounded by a double)
    expect(problems(`arch: arm64\nmachine: {cmdline: "earlycon=pl011,mmio32,281474976710656"}\n${ORDER}`)).toEqual([
      expect.stringContaining('the UART address 0x1000000000000 is past the 48-bit physical address space'),
    ]);
    expect(problems(`arch: arm64\nmachine: {cmdline: "earlycon=pl011,0x10000000000000000"}\n${ORDER}`)).toEqual([
      expect.stringContaining('the UART address 0x10000000000000000 is past the 48-bit physical address space'),
    ]);
    expect(problems(`arch: arm64\nmachine: {cmdline: "earlycon=pl011,0xffffffffffff"}\n${ORDER}`)).toEqual([]);
  });

  it('refuses a command line longer than COMMAND_LINE_SIZE - 1 (2047 bytes): early_init_dt_scan_chosen() strlcpy()s no more (break-196 2)', () => {
    // an earlycon= past byte 2047 mapped FIX_EARLYCON_MEM_BASE, though the kernel never sees it (drivers/of/fdt.c:963-964 at 4.6.5)
    const pad = (n: number): string => 'x'.repeat(n);
    expect(problems(`arch: arm64\nmachine: {cmdline: "${pad(2047 - 25)} earlycon=pl011,0x9000000"}\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nmachine: {cmdline: "${pad(3000)} earlycon=pl011,0x9000000"}\n${ORDER}`)).toEqual([
      '2:20: machine.cmdline: 3025 bytes, longer than the kernel takes (COMMAND_LINE_SIZE 2048: at most 2047 bytes)',
    ]);
    // counted in UTF-8 bytes, as the kernel's buffer counts: "é" is 2 bytes, so 1,024 of them are 2,048 bytes in 1,024 characters
    expect(problems(`arch: arm64\nmachine: {cmdline: "${'é'.repeat(1023)}x"}\n${ORDER}`)).toEqual([]);
    expect(problems(`arch: arm64\nmachine: {cmdline: "${'é'.repeat(1024)}"}\n${ORDER}`)).toEqual([
      '2:20: machine.cmdline: 2048 bytes, longer than the kernel takes (COMMAND_LINE_SIZE 2048: at most 2047 bytes)',
    ]);
  });

  it('takes a define: linear_alloc of 1 byte up to the machine\'s RAM', () => {
    const order = 'setup_arch: [early_fixmap_init, setup_machine_fdt, arm64_memblock_init, paging_init, quirk]\n';
    const quirk = (size: string, machine = ''): string => `arch: arm64\nkernel: v4.6\n${machine}define:\n  quirk:\n    doc: allocates\n    linear_alloc: ${size}\n${order}`;
    expect(problems(quirk('0'))).toEqual([
      '6:19: define.quirk.linear_alloc: 0 bytes is out of range; a memblock allocation is of at least 1 byte (memblock_alloc(0) reserves nothing, mm/memblock.c)',
    ]);
    expect(problems(quirk('0x80000001'))).toEqual([
      '6:19: define.quirk.linear_alloc: 2147483649 bytes (0x80000001) is more than the machine\'s memory (2 GiB at 0x80000000…0x100000000); memblock_alloc() finds no such range and panics ("ERROR: Failed to allocate 0x80000001 bytes below 0x0.", mm/memblock.c memblock_alloc_base()); at most 0x80000000 bytes (2 GiB)',
    ]);
    // adjacent banks are one memblock range; a gap splits them
    const banks = (second: string): string => `machine: {banks: [{base: 0x80000000, size: 1GiB}, {base: ${second}, size: 1GiB}]}\n`;
    expect(problems(quirk('2GiB', banks('0xc0000000')))).toEqual([]);
    expect(problems(quirk('2GiB', banks('0x100000000')))).toEqual([
      '7:19: define.quirk.linear_alloc: 2 GiB is more than the machine\'s largest RAM range (1 GiB at 0x80000000…0xc0000000; memblock allocates within one range); memblock_alloc() finds no such range and panics ("ERROR: Failed to allocate 0x80000000 bytes below 0x0.", mm/memblock.c memblock_alloc_base()); at most 0x40000000 bytes (1 GiB)',
    ]);
    expect(problems(quirk('1'))).toEqual([]);
    expect(problems(quirk('2GiB'))).toEqual([]);
  });

  it('refuses calls the version does not have, and the other architecture\'s keys and calls', () => {
    expect(problems('arch: arm64\nkernel: v4.4\nsetup_arch: [cpu_uninstall_idmap, bootmem_init, pte_set_fixmap]\n')).toEqual([
      expect.stringMatching(/setup_arch\[0\] \(step 1\): cpu_uninstall_idmap is not a setup_arch\(\) call in v4.4 \(only from v4.6 on\): .*9e8e865bbe29/),
      expect.stringMatching(/setup_arch\[1\] \(step 2\): bootmem_init is not a setup_arch\(\) call in v4.4 \(only from v4.7 on\): in v4.4 and v4.6 paging_init\(\) calls bootmem_init\(\) itself/),
      expect.stringMatching(/setup_arch\[2\] \(step 3\): pte_set_fixmap is not a fixmap helper in v4.4 \(only from v4.6 on\)/),
    ]);
    // the bounds follow the scenario's spelling of the version (kernel: "4.7" has no v)
    expect(problems('arch: arm64\nkernel: "4.7"\nsetup_arch: [relocate_initrd]\n')).toEqual([
      expect.stringMatching(/relocate_initrd is not a setup_arch\(\) call in 4\.7 \(only up to 4\.6\): v4\.7 dropped/),
    ]);
    expect(problems('arch: arm64\nconfig: {pae: true}\nsetup_arch: [vmi_init]\n').length).toBe(2);
  });
});
