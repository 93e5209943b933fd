/**
 * fixmap-pte-lost: a set_fixmap() PTE written into a PTE page that a later
 * step unhooks without copying it.
 * - early_ioremap_clear() (arch/x86/mm/ioremap.c:559-570 at 2.6.28
 *   4a6908a3a05), called by early_ioremap_page_table_range_init()
 *   (init_32.c:498-511; 2.6.26: pagetable_init, init_32.c:408 at bce7f793dae)
 *   pmd_clear()s bm_pte's PMD; early_ioremap_reset() (ioremap.c:572-587)
 *   re-sets only FIX_BTMAP_*. An early console's slot (early_printk.c:828
 *   FIX_DBGP_BASE, 8250_early.c:150 FIX_EARLYCON_MEM_BASE) shares that PMD.
 *   Gone with a3c6018e565 (2.6.29-rc3), whose message names the loss.
 * - early_ioremap_init() (ioremap.c:536-538 at 2.6.28, 417-419 at 2.6.33
 *   60b341b778c) memset()s bm_pte and hooks it over head_32.S's
 *   swapper_pg_fixmap: a set_fixmap() made before it is gone (reason 4 of
 *   eda6da9286a, the revert of 8126dec3273).
 * Left out: FIX_ACPI_* (re-set by every __acpi_map_table()) and
 * FIX_OHCI1394_BASE (read only inside init_ohci1394_controller(),
 * drivers/ieee1394/init_ohci1394_dma.c 225-241 at 2.6.28).
 * earlyprintk=: the first one only, dbgp at the value's start until 2.6.31
 * (src/arch/x86_32/earlyprintk.ts).
 */
import { fixmapPteLost } from '../../../../src/arch/x86_32/rules/fixmap-pte-lost.js';
import { ORDER_2_6_26, ORDER_2_6_27_RC1, ORDER_2_6_28, insertAfter, moveAfter, moveBefore, releaseOrder } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const EARLYCON = 'earlycon=uart8250,mmio,0xfed00000';
const DBGP = 'earlyprintk=dbgp';
/** what the 2.6.30 – 2.6.33 fix hint for reservetop= did: early_ioremap_init after parse_early_param */
const HINT_2_6_33 = moveAfter(releaseOrder('2.6.33'), 'early_ioremap_init', 'parse_early_param');
/** 8126dec3273 (2.6.32 merge window, reverted by eda6da9286a): parse_early_param first, on the 2.6.31 order */
const PARSE_FIRST_2_6_31 = moveAfter(releaseOrder('2.6.31'), 'parse_early_param', 'visws_early_detect');
const EARLY_APIC = { early_apic_map: { doc: 'set_fixmap_nocache(FIX_APIC_BASE, mp_lapic_addr) for an early APIC quirk', set_fixmap: 'FIX_APIC_BASE' } };
/** the same move on the orders that have kgdbdbgp= (4fe1da4ebc1, 2.6.35-rc1) */
const HINT_2_6_35 = moveAfter(releaseOrder('2.6.35'), 'early_ioremap_init', 'parse_early_param');
const HINT_2_6_34 = moveAfter(releaseOrder('2.6.34'), 'early_ioremap_init', 'parse_early_param');
const EARLY_DBGP = { early_dbgp_quirk: { doc: 'a vendor quirk that pokes the EHCI debug port through FIX_DBGP_BASE', set_fixmap: 'FIX_DBGP_BASE' } };

ruleTester(fixmapPteLost, {
  valid: [
    { name: '2.6.28 as released, no early console', scenario: { kernel: '2.6.28', order: ORDER_2_6_28 } },
    { name: '2.6.28 on VMI, no early console', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi' } },
    { name: '2.6.27-rc1 bare metal, no early console', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1 } },
    { name: '2.6.28: an I/O-port earlycon maps nothing', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlycon=uart8250,io,0x3f8,115200n8' } },
    { name: '2.6.28: earlyprintk=vga maps nothing', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=vga' } },
    {
      name: '2.6.28: BTMAP-only users (EFI, setup_data, an initrd above lowmem) come back through early_ioremap_reset',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, memory: '2GiB', machine: { efi: true, setup_data: true, initrd: 'above-lowmem' } },
    },
    {
      name: '2.6.28: ACPI tables through FIX_ACPI_* before init_memory_mapping are valid only until the next __acpi_map_table anyway',
      scenario: { kernel: '2.6.28', order: moveBefore(ORDER_2_6_28, 'acpi_boot_table_init', 'init_memory_mapping') },
    },
    { name: '2.6.29-rc3 (a3c6018e565): page_table_range_init keeps bm_pte with the console PTE', scenario: { kernel: '2.6.29-rc3', order: releaseOrder('2.6.29-rc1'), cmdline: `${DBGP} ${EARLYCON}` } },
    { name: '2.6.29 as released, earlyprintk=dbgp', scenario: { kernel: '2.6.29', order: releaseOrder('2.6.29'), cmdline: DBGP } },
    { name: '2.6.29 on VMI, earlycon', scenario: { kernel: '2.6.29', order: releaseOrder('2.6.29'), hypervisor: 'vmi', cmdline: EARLYCON } },
    { name: '2.6.33 as released, PAE, both consoles', scenario: { kernel: '2.6.33', order: releaseOrder('2.6.33'), pae: true, cmdline: `${DBGP} ${EARLYCON}` } },
    { name: '2.6.36, earlycon mmio32', scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'earlycon=uart8250,mmio32,0xfed00000' } },
    {
      name: '2.6.26 PAE: FIX_BTMAP_* lie in PMD 0xffc00000, the console in swapper_pg_fixmap at 0xffe00000, which paging_init keeps',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, pae: true, cmdline: EARLYCON },
    },
    {
      name: '2.6.28 PAE with 64 CPUs: the FIX_KMAP_* slots push FIX_BTMAP_* out of the consoles\' PMD',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, cmdline: DBGP, config: { nr_cpus: 64 } },
    },
    // early_dbgp_init() returns at `if (!early_pci_allowed()) return -1;` (early_printk.c:782-783 at 2.6.28) before its
    // set_fixmap_nocache(FIX_DBGP_BASE) (:828): pci= is an early_param handled in command-line order (drivers/pci/pci.c:2071)
    { name: '2.6.28: pci=off before earlyprintk=dbgp: early_dbgp_init() returns before the set_fixmap, nothing to lose', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: `pci=off ${DBGP}` } },
    { name: '2.6.28: pci=noearly before earlyprintk=dbgp (PCI_PROBE_NOEARLY)', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: `pci=noearly ${DBGP}` } },
    { name: '2.6.28: pci=nomsi,noearly: pci_setup() hands each option to pcibios_setup()', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: `pci=nomsi,noearly ${DBGP}` } },
    { name: '2.6.28: pci=bios (pci_probe = PCI_PROBE_BIOS) clears PCI_PROBE_CONF1 too', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: `pci=bios ${DBGP}` } },
    { name: '2.6.33 with the reservetop= hint and pci=noearly earlyprintk=dbgp: nothing mapped before early_ioremap_init', scenario: { kernel: '2.6.33', order: HINT_2_6_33, cmdline: `pci=noearly ${DBGP}` } },
    { name: '2.6.34 has no kgdbdbgp= (4fe1da4ebc1 is 2.6.35-rc1): parse_early_param before early_ioremap_init maps nothing', scenario: { kernel: '2.6.34', order: HINT_2_6_34, cmdline: 'kgdbdbgp=0' } },
    { name: '2.6.35 parse_early_param before early_ioremap_init, pci=off kgdbdbgp=0: early_dbgp_init() returns first', scenario: { kernel: '2.6.35', order: HINT_2_6_35, cmdline: 'pci=off kgdbdbgp=0' } },
    {
      name: 'a define:d set_fixmap of FIX_BTMAP_BEGIN into bm_pte: early_ioremap_reset re-sets it from bm_pte',
      scenario: { kernel: '2.6.28', order: insertAfter(ORDER_2_6_28, 'btmap_quirk', 'early_ioremap_init'), define: { btmap_quirk: { doc: 'maps a boot-time slot by hand', set_fixmap: 'FIX_BTMAP_BEGIN' } } },
    },
    {
      name: '1.5: ohci1394_dma=early moved before init_memory_mapping: FIX_OHCI1394_BASE is used only inside init_ohci1394_controller (init_ohci1394_dma.c 225-241), so its lost PTE is read by nobody',
      scenario: { kernel: '2.6.28', order: moveBefore(ORDER_2_6_28, 'init_ohci1394_dma_on_all_controllers', 'init_memory_mapping'), machine: { ohci1394_dma_early: true } },
    },
    {
      name: '1.1: a second earlyprintk= is ignored (early_console_initialized): earlyprintk=vga earlyprintk=dbgp maps no FIX_DBGP_BASE',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=vga earlyprintk=dbgp' },
    },
    {
      name: '1.2: earlyprintk=vga,dbgp on 2.6.28 sets up VGA only (strncmp at the value\'s start until c9530948bc6)',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=vga,dbgp' },
    },
    {
      name: 'a define:d set_fixmap after init_memory_mapping ("only from this point on, fixmaps are ready for use")',
      scenario: { kernel: '2.6.28', order: insertAfter(ORDER_2_6_28, 'early_dbgp_quirk', 'init_memory_mapping'), define: EARLY_DBGP },
    },
  ],
  invalid: [
    {
      name: '2.6.28 as released, bare metal, earlycon=uart8250,mmio: early_ioremap_clear drops it (a3c6018e565)',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: EARLYCON },
      findings: [{
        step: 'parse_early_param', severity: 'error', related: ['init_memory_mapping'], slot: 'FIX_EARLYCON_MEM_BASE',
        message: /^parse_early_param maps FIX_EARLYCON_MEM_BASE at 0xffffc000 \(early console earlycon=uart8250,mmio,0xfed00000\) in bm_pte \(pfn 0x[0-9a-f]+\), which init_memory_mapping \(step \d+\) takes out of the PMD at 0xffc00000: the PTE is lost$/,
        // 3.1: early_fault's early_printk() writes to early_console (VGA by default), not through the 8250 boot console
        consequence: /next write \(the next printk\) page-faults on the empty PTE of FIX_EARLYCON_MEM_BASE 0xffffc000: .*prints "BUG: Int 14: CR2 …" with early_printk\(\), not through the lost earlycon .* the VGA text screen \(no earlyprintk=: early_console stays early_vga_console\).*only fill the log buffer.*halts in hlt_loop/,
        fix: /after init_memory_mapping \(step \d+\) has built the fixmap page tables \(arch\/x86\/kernel\/setup\.c after init_memory_mapping, 2\.6\.27 – 2\.6\.29-rc2: "NOTE: .*a3c6018e565 \(2\.6\.29-rc3\)/,
      }],
    },
    {
      name: '3.1: earlycon lost with earlyprintk=serial: the "BUG: Int 14" goes to the serial console earlyprintk= set up',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: `earlyprintk=serial,ttyS0,115200 ${EARLYCON}` },
      findings: [{ step: 'parse_early_param', slot: 'FIX_EARLYCON_MEM_BASE', consequence: /to early_printk's own console, the console earlyprintk=serial,ttyS0,115200 set up \(the VGA text screen if it set up none\)/ }],
    },
    {
      name: '1.2 + 3.1: earlyprintk=dbgp,keep (the documented form) is lost, and early_fault\'s early_printk() writes through that same debug port: silent',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbgp,keep' },
      findings: [{
        step: 'parse_early_param', severity: 'error', slot: 'FIX_DBGP_BASE', message: /FIX_DBGP_BASE at 0xffffd000 \(EHCI debug port \(earlyprintk=dbgp,keep\)\)/,
        consequence: /calls early_printk\(\) for its "BUG: Int 14: CR2 …", whose console is this debug port .*early_recursion_flag reaches 2 .*the boot hangs without a message/,
      }],
    },
    {
      name: '2.6.28: pci=off after earlyprintk=dbgp comes too late (parse_args() left to right): the debug port is mapped and lost',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: `${DBGP} pci=off` },
      findings: [{ step: 'parse_early_param', severity: 'error', related: ['init_memory_mapping'], slot: 'FIX_DBGP_BASE' }],
    },
    {
      name: '2.6.28: pci=off pci=conf1 (pci_probe = PCI_PROBE_CONF1 | PCI_NO_CHECKS) allows early PCI again before earlyprintk=dbgp',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: `pci=off pci=conf1 ${DBGP}` },
      findings: [{ step: 'parse_early_param', severity: 'error', slot: 'FIX_DBGP_BASE' }],
    },
    {
      name: '2.6.35 parse_early_param before early_ioremap_init, kgdbdbgp=0: FIX_DBGP_BASE for kgdb\'s I/O (no console) is lost',
      scenario: { kernel: '2.6.35', order: HINT_2_6_35, cmdline: 'kgdbdbgp=0' },
      findings: [{
        step: 'parse_early_param', severity: 'error', related: ['early_ioremap_init'], slot: 'FIX_DBGP_BASE', message: /FIX_DBGP_BASE at 0xffffd000 \(EHCI debug port \(kgdbdbgp=0\)\) in swapper_pg_fixmap/,
        // early_trap_init() (29c843912a0) ran first: do_page_fault's oops, not head_32.S's "BUG: Int 14"
        consequence: /^the next access through FIX_DBGP_BASE 0xffffd000 page-faults: the access page-faults into do_page_fault\(\), installed by early_trap_init \(step \d+\) \(29c843912a0, 2\.6\.35-rc1\): "BUG: unable to handle kernel paging request at 0xffffd000"/,
      }],
      fixed: releaseOrder('2.6.35'),
    },
    {
      name: '2.6.36 same order, kgdbdbgp=0 earlyprintk=dbgp: setup_early_printk() maps the port again, and the console writes through it',
      scenario: { kernel: '2.6.36', order: moveAfter(releaseOrder('2.6.36'), 'early_ioremap_init', 'parse_early_param'), cmdline: `kgdbdbgp=0 ${DBGP}` },
      findings: [{
        step: 'parse_early_param', slot: 'FIX_DBGP_BASE', message: /\(EHCI debug port \(earlyprintk=dbgp\)\)/,
        consequence: /^the early console's next write \(the next printk\) page-faults on the empty PTE of FIX_DBGP_BASE 0xffffd000: the fault goes to do_page_fault\(\), installed by early_trap_init .*the boot hangs without a message/,
      }],
    },
    {
      name: '1.1: the first earlyprintk= counts: earlyprintk=dbgp earlyprintk=vga still maps the debug port',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbgp earlyprintk=vga' },
      findings: [{ step: 'parse_early_param', slot: 'FIX_DBGP_BASE' }],
    },
    {
      name: '2.6.28 PAE, earlyprintk=dbgp: the PMD at 0xffe00000',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, cmdline: DBGP },
      findings: [{ step: 'parse_early_param', related: ['init_memory_mapping'], slot: 'FIX_DBGP_BASE', message: /FIX_DBGP_BASE at 0xffffd000 .* PMD at 0xffe00000/ }],
    },
    {
      name: '2.6.28 on VMI: bm_pte sits at the relocated PMD 0xfbc00000, and is cleared there',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: DBGP },
      findings: [{ step: 'parse_early_param', related: ['init_memory_mapping'], message: /FIX_DBGP_BASE at 0xfbffd000 .* PMD at 0xfbc00000/ }],
    },
    {
      name: 'both consoles: one finding, both slots',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: `${DBGP} ${EARLYCON}` },
      findings: [{ step: 'parse_early_param', message: /FIX_DBGP_BASE at 0xffffd000 .*, FIX_EARLYCON_MEM_BASE at 0xffffc000 .* the PTEs are lost/ }],
    },
    {
      name: '2.6.27-rc1 bare metal with earlycon',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, cmdline: EARLYCON },
      findings: [{ step: 'parse_early_param', related: ['init_memory_mapping'], slot: 'FIX_EARLYCON_MEM_BASE' }],
    },
    {
      name: '2.6.26 non-PAE: pagetable_init (paging_init) clears bm_pte\'s PMD too',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, cmdline: EARLYCON },
      // 4.1: on 2.6.26 the fixmap is ready after paging_init, in setup_32.c (bce7f793dae lines 861-864)
      findings: [{ step: 'parse_early_param', related: ['paging_init'], message: /which paging_init \(step \d+\) takes out of the PMD at 0xffc00000/, fix: /only after paging_init \(step \d+\) has built the fixmap page tables \(arch\/x86\/kernel\/setup_32\.c after paging_init, whose pagetable_init\(\) calls early_ioremap_clear\(\), 2\.6\.26: "NOTE: On x86-32, only from this point on, fixmaps are ready for use"\)/ }],
    },
    {
      name: '2.6.33 with the reservetop= hint applied (early_ioremap_init after parse_early_param), earlyprintk=dbgp: memset(bm_pte) over swapper_pg_fixmap',
      scenario: { kernel: '2.6.33', order: HINT_2_6_33, cmdline: DBGP },
      findings: [{
        step: 'parse_early_param', severity: 'error', related: ['early_ioremap_init'], slot: 'FIX_DBGP_BASE',
        message: /FIX_DBGP_BASE at 0xffffd000 .* in swapper_pg_fixmap \(pfn 0x[0-9a-f]+\), which early_ioremap_init \(step \d+\) takes out of the PMD at 0xffc00000/,
        fix: /early_ioremap_init has to run before parse_early_param \(step \d+\) maps FIX_DBGP_BASE .*eda6da9286a/,
      }],
      fixed: releaseOrder('2.6.33'),
    },
    {
      name: '8126dec3273 (parse_early_param first, reverted by eda6da9286a) with earlycon and no reservetop=',
      scenario: { kernel: '2.6.31', order: PARSE_FIRST_2_6_31, cmdline: EARLYCON },
      // 3.1: from 34707bcd045 (2.6.30-rc1) early_fault calls printk(), which inside the faulting console write only fills the log buffer
      findings: [{ step: 'parse_early_param', related: ['early_ioremap_init'], slot: 'FIX_EARLYCON_MEM_BASE', consequence: /early_page_fault calls printk\(\) for its "BUG: Int 14: CR2 …" \(34707bcd045\), which, inside the faulting printk's console write \(console_sem held\), only fills the log buffer.*the boot hangs without a message/ }],
      fixed: releaseOrder('2.6.31'),
    },
    {
      name: 'define: an early debug-port quirk between early_ioremap_init and init_memory_mapping on 2.6.28: nothing maps it again',
      scenario: { kernel: '2.6.28', order: insertAfter(ORDER_2_6_28, 'early_dbgp_quirk', 'early_ioremap_init'), define: EARLY_DBGP },
      // a define:d call mapping FIX_DBGP_BASE is no early console (isConsole: parse_early_param only)
      findings: [{ step: 'early_dbgp_quirk', severity: 'error', related: ['init_memory_mapping'], slot: 'FIX_DBGP_BASE', consequence: /^the next access through FIX_DBGP_BASE 0xffffd000 page-faults: before trap_init\(\) head_32\.S's early_page_fault prints "BUG: Int 14: CR2 …" and halts in hlt_loop/ }],
      fixed: insertAfter(ORDER_2_6_28, 'early_dbgp_quirk', 'init_memory_mapping'),
    },
    {
      name: 'define: the review\'s early APIC map on 2.6.28 VMI, moved after early_ioremap_init: lost until early_acpi_boot_init maps FIX_APIC_BASE again (a warning)',
      scenario: { kernel: '2.6.28', order: insertAfter(ORDER_2_6_28, 'early_apic_map', 'early_ioremap_init'), hypervisor: 'vmi', define: EARLY_APIC },
      findings: [{
        step: 'early_apic_map', severity: 'warning', related: ['init_memory_mapping'], slot: 'FIX_APIC_BASE',
        message: /FIX_APIC_BASE at 0xfbffb000 .* PMD at 0xfbc00000/,
        consequence: /early_acpi_boot_init \(step \d+\) maps FIX_APIC_BASE again, so only accesses before it fault/,
      }],
      fixed: insertAfter(ORDER_2_6_28, 'early_apic_map', 'init_memory_mapping'),
    },
  ],
});
