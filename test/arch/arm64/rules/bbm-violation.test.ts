import { bbmViolation } from '../../../../src/arch/arm64/rules/bbm-violation.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveAfter, ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, withLate } from '../fixtures/orders.js';

const A = 'arm64';

ruleTester(bbmViolation, {
  valid: [
    { name: 'v4.6 defconfig with the late steps: new tables through the fixmap, cpu_replace_ttbr1', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_6) } },
    { name: 'v4.7, VA_BITS=48, KASAN, 4 GiB', scenario: { arch: A, kernel: 'v4.7', order: withLate(ORDER_V4_7), config: { va_bits: 48, kasan: true }, machine: { memory: '4GiB' } } },
    { name: 'v4.6 KASLR engaged far from pass 1: nothing stale overlaps', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_6), config: { va_bits: 48, randomize_base: true }, machine: { kaslr_seed: '0x5f3a1c9d2e7b4' } } },
    { name: 'v4.7 (read from 4.7.4) KASLR by 2 MiB: head.S invalidates the TLB (tlbi vmalle1, a stable backport v4.7-rc3 lacks) before the MMU goes back on', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, config: { randomize_base: true }, machine: { kaslr_seed: '0x200000' } } },
    { name: 'seed 002 replayed: the v4.4 order and config on the v4.6 mechanism', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_4), config: { debug_rodata: true, kasan: true } } },
    { name: 'v4.4 with 512 MiB: map_mem() rewrites head.S\'s sections in place (permission-only), no 1 GiB block', scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, machine: { memory: '512MiB' } } },
    { name: 'v4.4 with RAM at 0x80200000: not 1 GiB-aligned, so no 1 GiB block over head.S\'s table', scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, machine: { phys_offset: '0x80200000' } } },
    {
      name: 'v4.6 setup_machine_fdt before early_fixmap_init: BUG_ON(!pgtable_alloc) installs no pmd, so early_fixmap_init fills an invalid pgd entry (no phantom table to replace; review 9)',
      scenario: { arch: A, kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'early_fixmap_init', 'setup_machine_fdt') },
    },
    {
      // setup_earlycon() returns -EALREADY once the first early console is enabled (drivers/tty/serial/earlycon.c:180-181
      // at chenlihao92/archlinux-4.6.5@b9b6ded1, :159-160 at rivsidn/linux-4.4.155@a1961d75): the second UART is never mapped (break-252 F2)
      name: 'v4.4, v4.6, v4.7 with two earlycon=: the first registered console wins, the second is not mapped',
      scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { cmdline: 'earlycon=pl011,0x9000000 earlycon=pl011,0x9010000' } },
    },
    { name: 'v4.4 with two earlycon=', scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, machine: { phys_offset: '0x80200000', cmdline: 'earlycon=pl011,0x9000000 earlycon=uart8250,mmio32,0x9010000' } } },
    { name: 'v4.7 with two earlycon=', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, machine: { cmdline: 'earlycon=pl011,0x9000000 earlycon=pl011,0x9010000' } } },
    {
      // an I/O-port console registers without a mapping (UPIO_PORT sets iobase; register_earlycon() maps only if (port->mapbase), earlycon.c:141)
      name: 'v4.6: earlycon=uart8250,io,… registers first and maps nothing, so a later MMIO earlycon= is -EALREADY',
      scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { cmdline: 'earlycon=uart8250,io,0x3f8 earlycon=pl011,0x9000000 earlycon=pl011,0x9010000' } },
    },
  ],
  invalid: [
    {
      // of_setup_earlycon() maps the /chosen/stdout-path UART without checking CON_ENABLED (earlycon.c:223-242 at 4.6.5):
      // a bare earlycon after an earlycon=<other UART> rewrites the live FIX_EARLYCON_MEM_BASE pte (stdout-path assumed at 0x9000000)
      name: 'v4.6: earlycon=pl011,0x9010000 then a bare earlycon: the stdout-path UART is mapped over the live one',
      scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { cmdline: 'earlycon=pl011,0x9010000 earlycon' } },
      findings: [{ step: 'parse_early_param', message: /earlycon_map replaces the live pte \(L3\) entry at 0xffffffbffe7ff000 in bm_pte \(page → 0x09010000 .*with page → 0x09000000/ }],
    },
    {
      // a setup() that fails registers nothing: pl011 with address 0 maps nothing and returns -ENODEV, so the next one is tried
      name: 'v4.6: earlycon=pl011,0x0 maps nothing and registers no console (-ENODEV), so the next earlycon= is the first console; a bare earlycon then maps the stdout-path UART over it',
      scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { cmdline: 'earlycon=pl011,0x0 earlycon=pl011,0x9010000 earlycon=pl011,0x9020000 earlycon' } },
      findings: [{ step: 'parse_early_param', message: /in bm_pte \(page → 0x09010000 .*with page → 0x09000000/ }],
    },
    {
      name: 'v4.4 defconfig: map_mem() puts a 1 GiB block over head.S\'s live pmd table',
      scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4 },
      // a new leaf over the entry: v4.10 checks it with pgattr_change_is_safe() (linux-4.10.17 arch/arm64/mm/mmu.c:240)
      findings: [{ step: 'paging_init', related: ['__create_page_tables'], consequence: /; from v4\.10 pgattr_change_is_safe\(\) BUG\(\)s on such a write \(v4\.10 arch\/arm64\/mm\/mmu\.c:240\)$/, message: /map_mem replaces the live pgd \(L1\) entry at 0xffffffc000000000 in swapper_pg_dir \(table → swapper_pg_dir\+1\) with block → 0x80000000 PAGE_KERNEL_EXEC .*table → block/, fix: /cpu_replace_ttbr1\(\).*DEBUG_RODATA=y makes __map_memblock\(\) map 0x80000000–0x100000000 in 2 create_mapping\(\) calls \(0x80000000–0x80e00000 PAGE_KERNEL_EXEC, 0x80e00000–0x100000000 PAGE_KERNEL; kernel_x 0x80000000–0x80e00000\), none of which covers all of 0x80000000–0xc0000000, so no 1 GiB block replaces head\.S's table there; but fixup_executable\(\) then splits the live 2 MiB blocks at 0xffffffc000000000 \(holding _stext\) and 0xffffffc000c00000 \(holding __init_end\) into page tables.*moves the break-before-make problem to fixup_executable\(\)/ }],
    },
    {
      name: 'v4.4 defconfig with the late steps: fixup_init splits the 1 GiB block, then the 2 MiB blocks at __init_begin and __init_end',
      scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4) },
      findings: [
        { step: 'paging_init' },
        // a split of a live block: v4.10 stops it with BUG_ON(pud_sect()) / BUG_ON(pmd_sect()), not pgattr_change_is_safe() (audit-arm64 3)
        { step: 'fixup_init', related: ['paging_init'], message: /pgd \(L1\) entry at 0xffffffc000000000 .*block → table/, consequence: /^pud_populate\(\) writes .*alloc_init_pmd\(\).*; from v4\.10 alloc_init_pmd\(\) BUG\(\)s on such a split \(BUG_ON\(pud_sect\(\*pud\)\), v4\.10 arch\/arm64\/mm\/mmu\.c:155\)$/ },
        // v4.4 alloc_init_pte() calls __pmd_populate() (rivsidn/linux-4.4.155@a1961d75:arch/arm64/mm/mmu.c:106)
        { step: 'fixup_init', message: /pmd \(L2\) entry at 0xffffffc000a00000/, consequence: /^__pmd_populate\(\) writes .*alloc_init_pte\(\).*BUG_ON\(pmd_sect\(\*pmd\)\), v4\.10 arch\/arm64\/mm\/mmu\.c:115\)$/ },
        { step: 'fixup_init', message: /pmd \(L2\) entry at 0xffffffc000c00000/, fix: /unmap_kernel_range/ },
      ],
    },
    {
      // RAM not 1 GiB-aligned: map_mem() writes one run of 2 MiB blocks (no 1 GiB block); the related step names the
      // block at the entry split, not the first block of the run (break-254 N6: "block → 0x80200000" for both)
      name: 'v4.4 with RAM at 0x80200000 and the late steps: fixup_init splits the 2 MiB blocks map_mem wrote at 0x80c00000 and 0x80e00000',
      scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4), machine: { phys_offset: '0x80200000' } },
      findings: [
        { step: 'fixup_init', related: ['paging_init'], roles: [/^map_mem wrote the block \(block → 0x80c00000 PAGE_KERNEL_EXEC\)$/], message: /at 0xffffffc000a00000 .*\(block → 0x80c00000 / },
        { step: 'fixup_init', related: ['paging_init'], roles: [/^map_mem wrote the block \(block → 0x80e00000 PAGE_KERNEL_EXEC\)$/], message: /at 0xffffffc000c00000 .*\(block → 0x80e00000 / },
      ],
    },
    {
      // the blocks the v4.4 map_mem fix hint names (the case above): DEBUG_RODATA moves the problem here
      name: 'v4.4 with DEBUG_RODATA: fixup_executable() splits the live sections holding _stext and __init_end',
      scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, config: { debug_rodata: true } },
      findings: [
        { step: 'paging_init', message: /fixup_executable replaces the live pmd \(L2\) entry at 0xffffffc000000000 .*block → 0x80000000 PAGE_KERNEL_EXEC.*block → table/, fix: /seed 002/ },
        { step: 'paging_init', message: /fixup_executable .* at 0xffffffc000c00000/ },
      ],
    },
    {
      name: 'v4.4 with DEBUG_RODATA, VA_BITS=48 and the late steps: fixup_init splits the section at __init_begin too',
      scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4), config: { debug_rodata: true, va_bits: 48 } },
      findings: [{ step: 'paging_init' }, { step: 'paging_init' }, { step: 'fixup_init', message: /0xffff800000a00000/ }],
    },
    {
      name: 'v4.6 KASLR by 2 MiB: the rebuilt kernel mapping overlaps pass 1\'s and head.S has no TLBI before MMU on',
      scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, config: { randomize_base: true }, machine: { kaslr_seed: '0x200000' } },
      findings: [{ step: '__enable_mmu', related: ['__enable_mmu'], message: /TLB may still hold block → 0x80200000/, fix: /tlbi vmalle1/ }],
    },
  ],
});
