import { btmapPmdStraddle } from '../../../../src/arch/x86_32/rules/btmap-pmd-straddle.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28, moveAfter, releaseOrder } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(btmapPmdStraddle, {
  valid: [
    { name: 'default FIXADDR_TOP 0xfffff000', scenario: { kernel: '2.6.27', order: ORDER_2_6_27 } },
    { name: 'PAE, default top', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true } },
    { name: '2.6.28 VMI: a 64 MiB hole keeps the alignment', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', pae: true } },
    { name: '2.6.26 Xen PAE: FIX_BTMAP_END aligned to 512 slots fits one 2 MiB PMD under 0xf57fd000', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen', pae: true } },
    { name: '2.6.27 Xen with HYPERVISOR_VIRT_START such that the top is PMD-aligned minus a page', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, machine: { xen_virt_start: '0xf5802000' } } },
    { name: '2.6.27.8 Xen PAE guest: 996d332bda drops the padding, FIXADDR_TOP 0xf57ff000, FIX_BTMAP fits one PMD', scenario: { kernel: '2.6.27.8', order: releaseOrder('2.6.27.6'), hypervisor: 'xen', pae: true } },
    { name: '2.6.28 Xen PAE guest: 5dc64a3442b9 (2.6.28-rc1) drops the padding', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'xen', pae: true } },
    { name: '2.6.34 Xen PAE: BTMAP lifted to P = 226 (499a5f1efa0), still one PMD', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), hypervisor: 'xen', pae: true } },
    {
      // parse_reservetop() calls fixup_early_ioremap() after reserve_top_address(), whose BUG_ON(fixmaps_set > 0)
      // stops the kernel first when the earlycon set_fixmap came before (fixmap-before-relocation): the re-run never WARNs
      name: '2.6.34 earlycon= before reservetop=0xbadc0de: the kernel BUG()s before fixup_early_ioremap() re-runs early_ioremap_init()',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'earlycon=uart8250,mmio,0xfed00000 reservetop=0xbadc0de' },
    },
  ],
  invalid: [
    {
      name: 'kind 6: 2.6.27.6 Xen PAE guest — the 64 KiB DMI scan from FIX_BTMAP_BEGIN 0xf55fe000 crosses into PMD 0xf5600000: an error at dmi_scan_machine',
      scenario: { kernel: '2.6.27.6', order: releaseOrder('2.6.27.6'), hypervisor: 'xen', pae: true, memory: '2GiB' },
      findings: [{
        step: 'dmi_scan_machine', severity: 'error', related: ['early_ioremap_init', 'xen_start_kernel'], slot: 'FIX_BTMAP_BEGIN',
        message: /16 pages from 0xf55fe000; page 2 onwards \(0xf5600000\) lies in PMD 0xf5600000, which bm_pte \(hooked into PMD 0xf5400000\) does not serve/,
      }],
    },
    {
      name: '2.6.27 Xen PAE guest: the WARN only (DMI runs after early_ioremap_reset), a warning at early_ioremap_init',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true },
      findings: [{
        step: 'early_ioremap_init', severity: 'warning', related: ['xen_start_kernel'], slot: 'FIX_BTMAP_BEGIN',
        message: /FIX_BTMAP_BEGIN 0xf55fe000 and FIX_BTMAP_END 0xf56fd000 lie in different PMDs \(0xf5400000 and 0xf5600000\) under FIXADDR_TOP 0xf57fd000/,
      }],
    },
    { name: '2.6.27.7 Xen PAE guest: still the 2-page padding (FIXADDR_TOP 0xf57fd000)', scenario: { kernel: '2.6.27.7', order: releaseOrder('2.6.27.6'), hypervisor: 'xen', pae: true }, findings: [{ step: 'dmi_scan_machine', severity: 'error' }] },
    {
      name: 'Xen PAE 2.6.27 with setup_data: parse_setup_data maps 2 pages from 0xf55fe010 and stays in one PMD, efi_init crosses in slot 0',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, machine: { efi: true, efi_memmap_size: '16KiB' } },
      findings: [{ step: 'efi_init', severity: 'error' }],
    },
    {
      name: 'reservetop= that is not a multiple of PMD_SIZE, parsed before early_ioremap_init',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'early_ioremap_init', 'parse_early_param'), cmdline: 'reservetop=0x2ff000' },
      findings: [{ step: 'early_ioremap_init', severity: 'warning', related: ['parse_early_param'], message: /different PMDs \(0xff800000 and 0xffc00000\)/ }],
    },
  ],
});
