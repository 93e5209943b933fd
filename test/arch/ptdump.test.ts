/**
 * `layout --ptdump` for arm64 and riscv: the final kernel page tables as each
 * kernel's dump code prints them (arch/arm64/mm/dump.c, arch/riscv/mm/ptdump.c),
 * from the plug-ins' page-table models.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ptdumpOf as dump } from './ptdump-of.js';

describe('layout --ptdump', () => {
  it("arm64: the marker at PAGE_OFFSET is the version's own (v4.4 dump.c says Kernel Mapping, v4.6 Linear Mapping)", () => {
    expect(dump('scenarios/arm64/v4.4.yaml')).toContain('---[ Kernel Mapping ]---');
    expect(dump('scenarios/arm64/v4.4.yaml')).not.toContain('---[ Linear Mapping ]---');
    expect(dump('scenarios/arm64/v4.7.yaml')).toContain('---[ Linear Mapping ]---');
  });

  it('arm64 v4.6: the linear map after paging_init, the text alias read-only, blocks marked BLK, markers from dump.c', () => {
    const rows = dump('scenarios/arm64/v4.6.yaml');
    expect(rows).toContain('---[ Linear Mapping ]---');
    expect(rows.indexOf('---[ Modules start ]---')).toBeLessThan(rows.indexOf('---[ Linear Mapping ]---'));
    // map_mem(): the RO alias of the kernel text (v4.6 __map_memblock), then RW NX blocks
    expect(rows).toContain('0xffffffc000200000-0xffffffc000a00000           8M       ro NX SHD AF        BLK UXN MEM/NORMAL');
    expect(rows).toContain('0xffffffc040000000-0xffffffc080000000           1G       RW NX SHD AF        BLK UXN MEM/NORMAL');
    // the earlycon UART through set_fixmap_io: device memory
    expect(rows.some((r) => r.endsWith('DEVICE/nGnRE'))).toBe(true);
    expect(rows.every((r) => !/0x-|0x[0-9a-f]{17}/.test(r))).toBe(true);
  });

  it('riscv 5.14: the kernel mapping at KERNEL_LINK_ADDR is R X for text, R W for data; the linear map has no X', () => {
    const rows = dump('scenarios/riscv/v5.14.yaml');
    const kernel = rows.slice(rows.indexOf('---[ Kernel mapping ]---') + 1);
    expect(kernel[0]).toMatch(/^0xffffffff80000000-0xffffffff80a00000 {4}0x0000000080200000 +10M PMD +D A G \. X \. R V$/);
    const linear = rows.slice(rows.indexOf('---[ Linear mapping ]---') + 1, rows.indexOf('---[ Modules/BPF mapping ]---'));
    expect(linear.length).toBeGreaterThan(0);
    expect(linear.every((r) => / \. [.W] R V$/.test(r) && !/ X [.W] R V$/.test(r))).toBe(true);
  });

  it('riscv 5.13-rc1 … rc4 with STRICT_KERNEL_RWX: set_memory_nx(_data … max_low) fails (-EINVAL), so the .data/.bss leaves stay executable; 5.13-rc5 (8a4102a0cf07) makes them NX', () => {
    const order = 'parse_dtb, early_ioremap_setup, jump_label_init, parse_early_param, efi_init, setup_bootmem, paging_init, init_resources, unflatten_device_tree, misc_mem_init, sbi_init, protect_kernel_text_data, swiotlb_init, kasan_init, setup_smp, riscv_fill_hwcap, free_initmem, mark_rodata_ro';
    const dataLeaf = (kernel: string): string | undefined => dump(`${kernel}.yaml`, `arch: riscv\nkernel: ${kernel}\nsetup_arch: [${order}]\n`).find((r) => r.startsWith('0xffffffff81000000-'));
    // 5.13 has no _PAGE_GLOBAL in _PAGE_KERNEL (cba43c31f14b came in the 5.14 merge window)
    expect(dataLeaf('5.13-rc2')).toMatch(/^0xffffffff81000000-0xffffffff81400000 {4}0x0000000081200000 +4M PMD +D A \. \. X W R V$/);
    expect(dataLeaf('5.13-rc5')).toMatch(/^0xffffffff81000000-0xffffffff81400000 {4}0x0000000081200000 +4M PMD +D A \. \. \. W R V$/);
  });

  it('riscv: dump_addr() and dump_prot() byte for byte: "%9lu%c %s" then " %s" per bit, RSW clear = three spaces; G only from 5.14 (R510/R512 _PAGE_KERNEL has no _PAGE_GLOBAL)', () => {
    expect(dump('scenarios/riscv/v5.14.yaml')).toContain('0xffffffe000000000-0xffffffe000a00000    0x0000000080200000        10M PMD     D A G . . . R V');
    expect(dump('scenarios/riscv/v5.12.yaml')).toContain('0xffffffe000000000-0xffffffe000800000    0x0000000080200000         8M PMD     D A . . X . R V');
  });

  it('riscv: no fixmap line when no slot is set (ptdump prints valid PTEs only)', () => {
    const rows = dump('scenarios/riscv/v5.14.yaml');
    expect(rows[1]).toBe('---[ Fixmap start ]---');
    expect(rows[2]).toBe('---[ Fixmap end ]---');
  });

  it('riscv KASAN: kasan_init() leaves the early shadow read-only (PRESENT | READ | ACCESSED) and the shadow of memory PAGE_KERNEL; PAs the model does not know print as ?', () => {
    const rows = dump('v5.12-kasan.yaml', `${readFileSync('scenarios/riscv/v5.12.yaml', 'utf8')}\nconfig:\n  kasan: true\n`);
    expect(rows.slice(1, 8)).toEqual([
      '---[ Kasan shadow start ]---',
      '0xffffffc000000000-0xffffffc3c0000000    0x????????????????        15G PTE     . A . . . . R V',
      // __va(0x80000000) = PAGE_OFFSET - 2 MiB (5.12's va_pa_offset is from the load address): its shadow starts at 0xffffffc3fffc0000
      '0xffffffc3fffc0000-0xffffffc400000000    0x????????????????       256K PTE     D A . . . W R V',
      '0xffffffc400000000-0xffffffc40fe00000    0x????????????????       254M PMD     D A . . . W R V',
      '0xffffffc40fe00000-0xffffffc40ffc0000    0x????????????????      1792K PTE     D A . . . W R V',
      // the two PGD entries kasan_populate_pmd() gave fresh PMD tables are empty outside the shadow of memory
      '0xffffffc440000000-0xffffffc800000000    0x????????????????        15G PTE     . A . . . . R V',
      '---[ Kasan shadow end ]---',
    ]);
  });

  it('riscv 5.12: the kernel lies in the linear map; no Kernel mapping marker', () => {
    const rows = dump('scenarios/riscv/v5.12.yaml');
    expect(rows).not.toContain('---[ Kernel mapping ]---');
    expect(rows.some((r) => / X \. R V$/.test(r))).toBe(true);
  });
});
