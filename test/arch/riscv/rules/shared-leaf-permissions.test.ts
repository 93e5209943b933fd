import { sharedLeafPermissions } from '../../../../src/arch/riscv/rules/shared-leaf-permissions.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveAfter, ORDER_5_10, ORDER_5_12, ORDER_5_13, ORDER_5_14, withLate } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;
/** _end in the middle of a 2 MiB leaf without STRICT_KERNEL_RWX (sections packed: 13.5 MiB + a page) */
const midLeaf = { kernel: { data: '3MiB' } };

ruleTester(sharedLeafPermissions, {
  valid: [
    { name: '5.10 with free_initmem and mark_rodata_ro: .init.data shares text\'s last leaf but is dead by then', scenario: { ...rv, kernel: '5.10', order: withLate(ORDER_5_10) } },
    { name: '5.12 with free_initmem and mark_rodata_ro: every section on its own leaves', scenario: { ...rv, kernel: '5.12', order: withLate(ORDER_5_12, 'bpf_jit_compile') } },
    { name: '5.12 without STRICT_KERNEL_RWX: nothing is protected', scenario: { ...rv, kernel: '5.12', order: withLate(ORDER_5_12), config: { strict_kernel_rwx: false } } },
    {
      name: '5.12: mark_rodata_ro before paging_init loses its change, protect_kernel_text_data then touches rodata: one alias, nothing to disagree (linear-map-before-final reports the loss)',
      scenario: { ...rv, kernel: '5.12', order: moveAfter(withLate(ORDER_5_12), 'mark_rodata_ro', 'setup_bootmem') },
    },
    { name: '5.14 as released (no permission step in setup_arch)', scenario: { ...rv, kernel: '5.14', order: [...ORDER_5_14, 'mark_rodata_ro', 'bpf_jit_compile'] } },
    { name: '5.13-rc7: BPF below the kernel (3a02764c372c)', scenario: { ...rv, kernel: '5.13-rc7', order: withLate(ORDER_5_13, 'bpf_jit_compile'), config: { strict_kernel_rwx: false }, machine: midLeaf } },
    { name: '5.13-rc5 with _end on a 2 MiB boundary: the first JIT image starts a leaf of its own', scenario: { ...rv, kernel: '5.13-rc5', order: withLate(ORDER_5_13, 'bpf_jit_compile'), config: { strict_kernel_rwx: false }, machine: { kernel: { data: '1532KiB' } } } },
  ],
  invalid: [
    {
      name: '5.13-rc5: bpf_jit_binary_lock_ro() makes the kernel\'s last leaf, with .data, read-only',
      scenario: { ...rv, kernel: '5.13-rc5', order: withLate(ORDER_5_13, 'bpf_jit_compile'), config: { strict_kernel_rwx: false }, machine: midLeaf },
      findings: [{ step: 'bpf_jit_compile', related: ['paging_init'], message: /rewrites the whole 2 MiB leaf 0xffffffff80c00000–0xffffffff80e00000 RWX → R-X, which also holds data 0xffffffff80c00000–0xffffffff80d81000 \(is written\)$/, fix: /3a02764c372c/ }],
    },
    {
      name: '5.13-rc5, three programs: the first locks the leaf read-only, and the next two fault filling their images in it: one finding, which says so (helper-191 3)',
      scenario: { ...rv, kernel: '5.13-rc5', order: withLate(ORDER_5_13, 'bpf_jit_compile', 'bpf_jit_compile', 'bpf_jit_compile'), config: { strict_kernel_rwx: false }, machine: midLeaf },
      findings: [{
        step: 'bpf_jit_compile', related: ['paging_init'], message: /rewrites the whole 2 MiB leaf 0xffffffff80c00000–0xffffffff80e00000 RWX → R-X/,
        consequence: /the next write to data faults .*; the 2 later programs' images \(steps \d+ and \d+\) lie in the same read-only leaf, and bpf_fill_ill_insns\(\) faults on the first store to each/,
      }],
    },
    {
      // set_memory_ro() then set_memory_x() (include/linux/filter.h:863-868 at R514): the leaf protect_kernel_text_data()
      // made RW- (data NX, 8a4102a0cf07 in rc5) ends R-X; the finding says the second change too (helper-195 nit)
      name: '5.13-rc5 with STRICT_KERNEL_RWX: lock_ro makes the data leaf read-only, then its set_memory_x makes the data executable',
      scenario: { ...rv, kernel: '5.13-rc5', order: withLate(ORDER_5_13, 'bpf_jit_compile') },
      findings: [
        { step: 'protect_kernel_text_data', message: /aliases of init\.text/ },
        { step: 'bpf_jit_compile', message: /RW- → R--, which also holds data 0x[0-9a-f]+–0x[0-9a-f]+ \(is written\); then set_memory_x\(\) leaves it R-X, so data is executable too$/ },
      ],
    },
    {
      name: '5.13-rc1 with STRICT_KERNEL_RWX: the init.text aliases disagree, then the BPF leaf',
      scenario: { ...rv, kernel: '5.13-rc1', order: withLate(ORDER_5_13, 'bpf_jit_compile') },
      findings: [
        { step: 'protect_kernel_text_data', message: /aliases of init\.text .* kernel mapping 0xffffffff80800000 R-X, linear map 0xffffffe000800000 RW-/, fix: /e5c35fa04019/ },
        // .data/.bss are still RWX here: protect_kernel_text_data's set_memory_nx(_data … max_low) failed (set-memory-failed)
        { step: 'bpf_jit_compile', message: /0xffffffff81200000–0xffffffff81400000 RWX → R-X, which also holds data/ },
      ],
    },
    {
      name: '5.14: free_initmem() makes the linear alias of init writable while its kernel mapping stays executable (6fdd5d2f8c2f)',
      scenario: { ...rv, kernel: '5.14', order: withLate(ORDER_5_14) },
      findings: [{ step: 'free_initmem', message: /aliases of init\.text \(pa 0x80a00000–0x80b00000\) disagree: kernel mapping 0xffffffff80800000 R-X, linear map 0xffffffe000800000 RW-/, fix: /6fdd5d2f8c2f/ }],
    },
    {
      name: '5.10: mark_rodata_ro before free_initmem: .init.data, still in use, is in text\'s last leaf',
      scenario: { ...rv, kernel: '5.10', order: [...ORDER_5_10, 'mark_rodata_ro', 'free_initmem'] },
      findings: [{ step: 'mark_rodata_ro', message: /set_memory_ro\(_stext … _etext\) .* which also holds init\.data 0xffffffe000900000–0xffffffe000980000 \(is written\)/ }],
    },
    {
      name: '5.13 as released: protect_kernel_linear_mapping_text_rodata() covers text and rodata, not init.text, whose kernel alias is now RX',
      scenario: { ...rv, kernel: '5.13', order: withLate(ORDER_5_13) },
      findings: [{ step: 'protect_kernel_text_data', message: /aliases of init\.text .* writable through one, executable through the other/ }],
    },
  ],
});
