import { linearMapBeforeMapMem } from '../../../../src/arch/arm64/rules/linear-map-before-map-mem.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, moveAfter, moveBefore, without, withLate } from '../fixtures/orders.js';

const A = 'arm64';

ruleTester(linearMapBeforeMapMem, {
  valid: [
    { name: 'v4.4 as released', scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4), config: { kasan: true } } },
    { name: 'v4.6 as released, KASAN (the shadow is allocated after paging_init)', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, config: { kasan: true } } },
    { name: 'v4.7 as released, bootmem_init right after paging_init', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, config: { va_bits: 48 }, machine: { memory: '16GiB' } } },
    { name: 'v4.6 KASLR with the linear region randomized (memstart_addr lowered)', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, config: { va_bits: 48, randomize_base: true }, machine: { kaslr_seed: '0x5f3a1c9d2e7b4' } } },
    { name: 'v4.4 with two banks', scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, machine: { banks: [{ base: '0x80000000', size: '1GiB' }, { base: '0x880000000', size: '2GiB' }] } } },
    {
      // memblock cannot place 1886 MiB on the 2 GiB machine: memblock_alloc() panics (memblock-alloc-panic), and
      // there is no __va() write to judge; the replay once made up pa 0 and reported __va(0) as unmapped here
      name: 'v4.6: a define: linear_alloc no free range holds is no access at all (memblock-alloc-panic reports it)',
      scenario: {
        arch: A, kernel: 'v4.6', order: [...ORDER_V4_6.slice(0, ORDER_V4_6.indexOf('paging_init') + 1), 'q', ...ORDER_V4_6.slice(ORDER_V4_6.indexOf('paging_init') + 1)],
        define: { q: { doc: 'a large early buffer', linear_alloc: '1886MiB' } },
      },
    },
  ],
  invalid: [
    {
      name: 'v4.7: bootmem_init before paging_init writes struct pages through a linear map that is not there',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'bootmem_init', 'paging_init') },
      findings: [{ step: 'bootmem_init', related: ['paging_init'], halts: 'here', message: /sparse_init writes the section usemap \(memblock_virt_alloc\) through __va\(0xfefff000\) = 0xffffffc07efff000, which the live tables do not map yet: the linear map goes live in paging_init\(\) \(and 2 more __va\(\) writes in this step\)/, fix: /move bootmem_init \(step 10\) after paging_init \(step 11\)/ }],
    },
    {
      name: 'v4.6: unflatten_device_tree before paging_init',
      scenario: { arch: A, kernel: 'v4.6', order: moveBefore(ORDER_V4_6, 'unflatten_device_tree', 'paging_init') },
      findings: [{ step: 'unflatten_device_tree', related: ['paging_init'], roles: [/^makes the linear map live \(map_mem into a new pgd, then cpu_replace_ttbr1\)$/], message: /unflattened device tree/ }],
    },
    {
      name: 'v4.6: paging_init before arm64_memblock_init: memstart_addr is still -1, so the linear map is never built and later writes fault too',
      scenario: { arch: A, kernel: 'v4.6', order: moveBefore(ORDER_V4_6, 'paging_init', 'arm64_memblock_init') },
      findings: [
        { step: 'paging_init', related: ['arm64_memblock_init'], halts: false, message: /map_mem computes __va\(0x80000000\) .*memstart_addr is still -1.*and 1 more/, fix: /move paging_init \(step 8\) after arm64_memblock_init \(step 9\)/, consequence: /^PHYS_OFFSET is \(\{ VM_BUG_ON\(memstart_addr & 1\); memstart_addr; \}\) \(arch\/arm64\/include\/asm\/memory\.h:140 in v4\.6\.5\): with CONFIG_DEBUG_VM .* BUG\(\) .*; without it __phys_to_virt\(pa\) = \(pa \+ 1\) \| PAGE_OFFSET, so for every bank init_pgd\(\) WARNs .* and maps nothing/ },
        // the kernel: line names v4.6.5's PHYS_OFFSET and CONFIG_DEBUG_VM (not CONFIG_DEBUG_VIRTUAL, x86-only in v4.6), and that map_mem() maps nothing
        { step: 'request_standard_resources', related: ['arm64_memblock_init'], halts: 'here', message: /paging_init \(step 8\) ran map_mem\(\) while memstart_addr was still -1, so it mapped no RAM .*arm64_memblock_init \(step 9\) set memstart_addr only after it/, consequence: /^without CONFIG_DEBUG_VM \(with it, PHYS_OFFSET's VM_BUG_ON\(memstart_addr & 1\), arch\/arm64\/include\/asm\/memory\.h:140 in v4\.6\.5, already stopped the boot in paging_init\(\)'s map_mem\(\)\): the write faults/ },
        { step: 'unflatten_device_tree', related: ['arm64_memblock_init'] },
      ],
    },
    {
      name: 'v4.7: arm64_memblock_init right after paging_init: the __va() writes after it find no linear map (paging_init ran map_mem() with memstart_addr = -1, which maps nothing); the message says so and relates arm64_memblock_init, not "goes live in paging_init()"',
      scenario: { arch: A, kernel: 'v4.7', order: moveAfter(ORDER_V4_7, 'arm64_memblock_init', 'paging_init') },
      findings: [
        { step: 'paging_init', related: ['arm64_memblock_init'], message: /memstart_addr is still -1/ },
        { step: 'unflatten_device_tree', related: ['arm64_memblock_init'], message: /which the live tables do not map to 0x[0-9a-f]+: paging_init \(step 9\) ran map_mem\(\) while memstart_addr was still -1, so it mapped no RAM \(init_pgd\(\) refuses __phys_to_virt\(pa\) = \(pa \+ 1\) \| PAGE_OFFSET, whose page offset differs from pa's\), and arm64_memblock_init \(step 10\) set memstart_addr only after it: the tables paging_init\(\) installed have no linear map/, fix: /move arm64_memblock_init \(step 10\) before paging_init \(step 9\)/, consequence: /memory\.h:160 in v4\.7\.4.*\(nothing prints the oops: no early console \(earlycon, or console= naming an earlycon driver\) is set up before this step/ },
        { step: 'bootmem_init', related: ['arm64_memblock_init'], message: /^(?!.*goes live in paging_init).*ran map_mem\(\) while memstart_addr was still -1/ },
        { step: 'request_standard_resources', related: ['arm64_memblock_init'], message: /arm64_memblock_init \(step 10\) set memstart_addr only after it/ },
      ],
    },
    {
      // do_early_param() hands console= to param_setup_earlycon() (init/main.c:418-421 at 4.6.5): uart8250 is an earlycon driver (break-252 F3)
      name: 'v4.7 with console=uart8250,mmio32,…: the same early console prints the oops; console=ttyAMA0 and an unknown earlycon driver print nothing',
      scenario: { arch: A, kernel: 'v4.7', order: moveAfter(ORDER_V4_7, 'arm64_memblock_init', 'paging_init'), machine: { cmdline: 'console=ttyAMA0 earlycon=foo,0x9000000 console=uart8250,mmio32,0x9000000' } },
      findings: [
        { step: 'paging_init', consequence: /\(the early console that console=uart8250,mmio32,0x9000000 set up in parse_early_param\(\) prints the BUG\)/ },
        { step: 'unflatten_device_tree' },
        { step: 'bootmem_init' },
        { step: 'request_standard_resources' },
      ],
    },
    {
      name: 'v4.7 with earlycon=: arm64_memblock_init right after paging_init; the oops of a late __va() write is printed on the early console parse_early_param() set up',
      scenario: { arch: A, kernel: 'v4.7', order: moveAfter(ORDER_V4_7, 'arm64_memblock_init', 'paging_init'), machine: { cmdline: 'earlycon=pl011,0x9000000' } },
      findings: [
        { step: 'paging_init', related: ['arm64_memblock_init'], consequence: /memory\.h:160 in v4\.7\.4\): with CONFIG_DEBUG_VM .* \(the early console that earlycon=pl011,0x9000000 set up in parse_early_param\(\) prints the BUG\); without it/ },
        { step: 'unflatten_device_tree', related: ['arm64_memblock_init'], consequence: /^without CONFIG_DEBUG_VM .*: the write faults on an unmapped kernel address \("Unable to handle kernel paging request"\) \(the early console that earlycon=pl011,0x9000000 set up in parse_early_param\(\) prints the oops\)$/ },
        { step: 'bootmem_init', related: ['arm64_memblock_init'] },
        { step: 'request_standard_resources', related: ['arm64_memblock_init'] },
      ],
    },
    {
      name: 'v4.7: arm64_memblock_init at the end: every __va() after paging_init still sees memstart_addr = -1 and relates the late arm64_memblock_init',
      scenario: { arch: A, kernel: 'v4.7', order: [...without(ORDER_V4_7, 'arm64_memblock_init'), 'arm64_memblock_init'] },
      findings: [
        { step: 'paging_init', related: ['arm64_memblock_init'], message: /memstart_addr is still -1/ },
        { step: 'unflatten_device_tree', related: ['arm64_memblock_init'], halts: 'here', message: /memstart_addr is still -1: arm64_memblock_init\(\) has not set PHYS_OFFSET/ },
        { step: 'bootmem_init', related: ['arm64_memblock_init'], message: /memstart_addr is still -1/ },
        { step: 'request_standard_resources', related: ['arm64_memblock_init'], message: /memstart_addr is still -1/ },
      ],
    },
    {
      name: 'v4.4: request_standard_resources before paging_init: memblock hands out the end of the bank, outside head.S\'s mapping',
      scenario: { arch: A, kernel: 'v4.4', order: moveBefore(ORDER_V4_4, 'request_standard_resources', 'paging_init') },
      findings: [{ step: 'request_standard_resources', roles: [/^maps memblock memory into the live swapper_pg_dir \(map_mem\)$/], message: /head.S maps only \[PAGE_OFFSET, _end\)/ }],
    },
  ],
});
