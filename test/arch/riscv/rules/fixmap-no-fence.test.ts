import { fixmapNoFence } from '../../../../src/arch/riscv/rules/fixmap-no-fence.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_5_10, ORDER_5_12, ORDER_5_14 } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

ruleTester(fixmapNoFence, {
  valid: [
    { name: '5.10 as released, UEFI: __set_fixmap flushes on set', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, machine: { efi: true } } },
    { name: '5.12 as released, 4 KiB leaves (FIX_PTE too)', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { memory: '2047MiB' } } },
    { name: '5.14 as released', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { efi: true } } },
  ],
  invalid: [
    {
      name: 'pre-5.9 __set_fixmap on the 5.10 order, UEFI: early_memremap and setup_vm_final use slots they just set',
      scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, config: { set_fixmap_fence: 'clear-only' }, machine: { efi: true } },
      // drivers/firmware/efi/efi-init.c (ejga2001/linux-5.10.7@d71d8a76): each read follows its early_memremap with no
      // fence; the memory map (slot 0, mapped first at :219) is read last, by reserve_regions() (:237), and the
      // local_flush_tlb_page()s of the unmaps in between flush other slots' addresses
      findings: [
        { step: 'efi_init', slot: 'FIX_BTMAP_BEGIN-64', message: /reads the EFI system table/ },
        { step: 'efi_init', slot: 'FIX_BTMAP_BEGIN-128', message: /firmware vendor string/ },
        { step: 'efi_init', slot: 'FIX_BTMAP_BEGIN-128', message: /configuration table array/ },
        { step: 'efi_init', slot: 'FIX_BTMAP_BEGIN', message: /reserve_regions\(\) \(for_each_efi_memory_desc\) reads the EFI memory map/ },
        { step: 'paging_init', slot: 'FIX_PMD', message: /memset\(nextp, 0, PAGE_SIZE\)/, fix: /sfence\.vma after page table changed/ },
      ],
    },
    {
      name: 'pre-5.9 __set_fixmap, 4 KiB leaves: FIX_PMD and FIX_PTE',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: { set_fixmap_fence: 'clear-only' }, machine: { memory: '2047MiB' } },
      findings: [
        { step: 'paging_init', slot: 'FIX_PMD' },
        { step: 'paging_init', slot: 'FIX_PTE', message: /memset\(ptep, 0, PAGE_SIZE\)/ },
      ],
    },
    {
      name: 'pre-5.9 __set_fixmap on the 5.14 order',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { set_fixmap_fence: 'clear-only' } },
      findings: [{ step: 'paging_init', slot: 'FIX_PMD' }],
    },
  ],
});
