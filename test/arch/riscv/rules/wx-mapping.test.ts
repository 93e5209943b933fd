/**
 * wx-mapping: what debug_checkwx() at the end of mark_rodata_ro() reports (CONFIG_DEBUG_WX): kernel leaves still
 * writable and executable. 5.10 keeps HEAD and the whole init region in one PAGE_KERNEL_EXEC leaf (R510
 * vmlinux.lds.S:27-59, mm/init.c:620-636); 5.12 splits init and frees it rw+nx; 5.14 maps with final permissions.
 */
import { wxMapping } from '../../../../src/arch/riscv/rules/wx-mapping.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_5_10, ORDER_5_12, ORDER_5_13, ORDER_5_14, withLate, without } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;
/** 512 MiB below the load address's bank: setup_vm_final() maps it PAGE_KERNEL_EXEC at __va(pa) < PAGE_OFFSET (R512 mm/init.c:516-528) */
const BANK_BELOW = { memory_banks: [{ base: 0x40000000, size: '512MiB' }, { base: 0x80000000, size: '2GiB' }], load_address: 0x80200000 };

ruleTester(wxMapping, {
  valid: [
    {
      // the fix of the bank-below case applied: the low bank is then above _start in the linear map, inside _data … max_low
      name: '5.12 with the same banks and the kernel loaded at the lowest bank',
      scenario: { ...rv, kernel: '5.12', order: withLate(ORDER_5_12), machine: { ...BANK_BELOW, load_address: 0x40200000 } },
    },
    { name: '5.12 as released with free_initmem and mark_rodata_ro: "passed, no W+X pages found"', scenario: { ...rv, kernel: '5.12', order: withLate(ORDER_5_12) } },
    { name: '5.14 with free_initmem and mark_rodata_ro: no leaf is W+X (the init.text aliases disagree instead: shared-leaf-permissions)', scenario: { ...rv, kernel: '5.14', order: withLate(ORDER_5_14) } },
    { name: '5.10 without STRICT_KERNEL_RWX: no mark_rodata_ro(), so no check', scenario: { ...rv, kernel: '5.10', order: withLate(ORDER_5_10), config: { strict_kernel_rwx: false } } },
    { name: '5.10 that never reaches mark_rodata_ro', scenario: { ...rv, kernel: '5.10', order: [...ORDER_5_10, 'free_initmem'] } },
    {
      name: '5.13-rc1: .data/.bss stay W+X because set_memory_nx() failed; set-memory-failed reports that, not this rule',
      scenario: { ...rv, kernel: '5.13-rc1', order: withLate(ORDER_5_13) },
    },
  ],
  invalid: [
    {
      // protect_kernel_text_data() (already after paging_init) covers _start … max_low (R512 mm/init.c:560-575): no
      // call reaches RAM below _start, so the fix is the load address (break-254 F4)
      name: '5.12 as released with a bank below the load address: no set_memory_*() reaches it',
      scenario: { ...rv, kernel: '5.12', order: withLate(ORDER_5_12), machine: BANK_BELOW },
      findings: [{
        step: 'mark_rodata_ro', message: /maps 0xffffffdfbfe00000–0xffffffdfdfe00000 \(pa 0x40000000\) writable and executable: .*131072 W\+X pages found"$/,
        fix: /^0xffffffdfbfe00000–0xffffffdfdfe00000 \(pa 0x40000000\) is RAM below the load address 0x80200000, .*protect_kernel_text_data\(\) covers _start … max_low, R512 mm\/init\.c:560-575\): load the kernel at the lowest bank \(0x40000000 \+ 2 MiB\), so that this RAM lies above it in the linear map, inside _data … max_low$/,
        // no order removes it: the search replays nothing and the remedy stays
        searched: { fix: /^0xffffffdfbfe00000.*load the kernel at the lowest bank/, replays: 0 },
      }],
    },
    {
      name: '5.12 without protect_kernel_text_data and a bank below the load address: the fix names what fixes each range',
      scenario: { ...rv, kernel: '5.12', order: withLate(without(ORDER_5_12, 'protect_kernel_text_data')), machine: BANK_BELOW },
      findings: [{
        step: 'mark_rodata_ro',
        fix: /^0xffffffdfbfe00000–0xffffffdfdfe00000 \(pa 0x40000000\) is RAM below the load address .*; for 0xffffffe000000000–0xffffffe000800000 \(pa 0x80200000: text\), .*: protect_kernel_text_data\(\) after paging_init\(\) and before mark_rodata_ro\(\)/,
      }],
    },
    {
      // R510 mark_rodata_ro() sets nx on _data … max_low only (mm/init.c:620-636)
      name: '5.10 with a bank below the load address: that RAM as well as the first leaf',
      scenario: { ...rv, kernel: '5.10', order: withLate(ORDER_5_10), machine: BANK_BELOW },
      findings: [{
        step: 'mark_rodata_ro', message: /0xffffffdfbfe00000–0xffffffdfdfe00000 \(pa 0x40000000\)/,
        fix: /mark_rodata_ro\(\)'s set_memory_nx\(\) covers _data … max_low, R510 mm\/init\.c:620-636\): load the kernel at the lowest bank .*; for 0xffffffe000000000–0xffffffe000200000 \(pa 0x80200000: head, init\.text\): keep init text and init data on leaves of their own/,
      }],
    },
    {
      name: '5.10 as released: HEAD and init stay RWX in the first 2 MiB leaf, and free_initmem() has freed the init pages into it',
      scenario: { ...rv, kernel: '5.10', order: withLate(ORDER_5_10) },
      findings: [{
        step: 'mark_rodata_ro', related: [],
        message: /^after mark_rodata_ro\(\) the kernel maps 0xffffffe000000000–0xffffffe000200000 \(pa 0x80200000: head, init\.text\) writable and executable: debug_checkwx\(\) would print "Checked W\+X mappings: failed, 512 W\+X pages found"$/,
        consequence: /free_initmem\(\) has handed the init pages in that leaf to the page allocator/, fix: /set_memory_rw_nx/,
      }],
    },
    {
      // setup_vm_final() maps everything PAGE_KERNEL_EXEC on 5.12 (R512 mm/init.c:527); protect_kernel_text_data() is
      // what protects it, so the order decides (helper-200 1: the rule claimed no order could)
      name: '5.12 without protect_kernel_text_data: text and the whole linear map stay W+X',
      scenario: { ...rv, kernel: '5.12', order: withLate(without(ORDER_5_12, 'protect_kernel_text_data')) },
      findings: [{
        step: 'mark_rodata_ro', message: /0xffffffe000000000–0xffffffe000800000 \(pa 0x80200000: text\), 0xffffffe001000000–0xffffffe07fe00000 .* "Checked W\+X mappings: failed, 521728 W\+X pages found"$/,
        fix: /^protect_kernel_text_data\(\) after paging_init\(\) and before mark_rodata_ro\(\)/,
        // two ranges, 2 GiB of them: not "that leaf" (break-254 follow-up)
        consequence: /^code in those ranges can be overwritten and data in them executed \(W\^X is void for them\)$/,
      }],
    },
    {
      name: '5.10 with mark_rodata_ro before free_initmem: the same leaf, init still in use',
      scenario: { ...rv, kernel: '5.10', order: [...ORDER_5_10, 'mark_rodata_ro', 'free_initmem'] },
      findings: [{ step: 'mark_rodata_ro', message: /0xffffffe000000000–0xffffffe000200000/, consequence: /^code in that leaf can be overwritten/ }],
    },
  ],
});
