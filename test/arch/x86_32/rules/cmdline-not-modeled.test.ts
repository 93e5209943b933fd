import { cmdlineNotModeled } from '../../../../src/arch/x86_32/rules/cmdline-not-modeled.js';
import { ORDER_2_6_27, ORDER_2_6_28, releaseOrder } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(cmdlineNotModeled, {
  valid: [
    // parse_acpi() takes each of them (arch/x86/kernel/acpi/boot.c:1748-1782 at 3fa8749e584b; rsdt 2.6.29-rc1+)
    { name: 'break-290 F1/N3: acpi=off acpi=force acpi=ht acpi=strict acpi=noirq are all taken', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'acpi=off acpi=force acpi=ht acpi=strict acpi=noirq' } },
    { name: 'acpi=rsdt on 2.6.29 (237889bf0a6), acpi=copy_dsdt on 2.6.35 (aa2110cb1a7)', scenario: { kernel: '2.6.35', order: releaseOrder('2.6.35'), cmdline: 'acpi=rsdt acpi=copy_dsdt' } },
    { name: 'modeled and known-harmless options only', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'root=/dev/sda1 ro quiet console=ttyS0,115200 mem=1G memmap=64M$0x10000000 noexec vmi=disable_pse acpi=off nolapic' } },
    { name: 'earlyprintk=dbgp on 2.6.28 (5c05917e7fe)', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbgp' } },
    { name: 'earlyprintk=dbgp,keep, the documented form, on 2.6.28', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbgp,keep' } },
    { name: 'earlyprintk=vga,dbgp on 2.6.32 (c9530948bc6: every console the value names)', scenario: { kernel: '2.6.32', order: releaseOrder('2.6.32'), cmdline: 'earlyprintk=vga,dbgp' } },
    { name: 'earlyprintk= consoles that map nothing', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=serial,ttyS0,115200,keep' } },
    // pci= is an early_param (drivers/pci/pci.c), its early-access options modeled (early-pci.ts)
    { name: 'pci= options are modeled or harmless; a pci=off after earlyprintk=dbgp changes nothing it did', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbgp pci=off pci=nomsi,earlydump' } },
    { name: 'kgdbdbgp= on 2.6.35 (4fe1da4ebc1, 2.6.35-rc1)', scenario: { kernel: '2.6.35', order: releaseOrder('2.6.35'), cmdline: 'kgdbdbgp=0,10' } },
    { name: 'kgdbdbgp= after pci=off and pci=conf1 maps', scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'pci=off pci=conf1 kgdbdbgp=0' } },
  ],
  invalid: [
    {
      // break-290 N3: parse_acpi() compares the whole value with strcmp and returns -EINVAL for anything else
      // (arch/x86/kernel/acpi/boot.c:1748-1782, init/main.c:494-496 "Malformed early option" at 3fa8749e584b)
      name: 'break-290 N3: acpi=bogus, acpi=Off and acpi=off,x are rejected: the kernel says "Malformed early option", ACPI stays as it was',
      scenario: { kernel: '2.6.27-rc1', order: releaseOrder('2.6.27-rc1'), cmdline: 'acpi=bogus acpi=Off acpi=off,x' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: rejected: acpi=bogus \(2\.6\.27-rc1's parse_acpi\(\) takes off, force, strict, ht, noirq, .*-EINVAL.*"Malformed early option 'acpi'" and ACPI stays as the parameters before it left it\); acpi=Off \(.*\); acpi=off,x \(.*\)$/ }],
    },
    {
      name: '… acpi=ht on 2.6.35 (68ca406930d deleted it): rejected, so it no longer undoes acpi=off',
      scenario: { kernel: '2.6.35', order: releaseOrder('2.6.35'), cmdline: 'acpi=off acpi=ht' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: not in 2\.6\.35: acpi=ht \(removed by 68ca406930d .*; 2\.6\.35's parse_acpi\(\) takes off, force, strict, rsdt, noirq, copy_dsdt, .*-EINVAL/ }],
    },
    {
      name: '… acpi=rsdt before 2.6.29-rc1 is a value that came later: rejected too',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'acpi=rsdt' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: not in 2\.6\.28: acpi=rsdt \(came with 237889bf0a6 .*\(2\.6\.29-rc1\); 2\.6\.28's parse_acpi\(\) takes off, force, strict, ht, noirq, .*-EINVAL/ }],
    },
    {
      name: 'kind 7: options the model does not know are reported once, as info, never dropped silently',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'foo=1 hugepages=4 quiet' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: not modeled: foo=1 hugepages=4$/ }],
    },
    {
      name: 'kind 7: earlyprintk=dbgp does not exist before 2.6.28-rc1',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'earlyprintk=dbgp' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /not in 2\.6\.27: earlyprintk=dbgp \(the EHCI debug port console came with 5c05917e7fe/ }],
    },
    {
      name: 'earlycon=…,mmio32 does not exist before 2.6.36-rc1',
      scenario: { kernel: '2.6.35', order: releaseOrder('2.6.35'), cmdline: 'earlycon=uart8250,mmio32,0xfed00000' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /mmio32 came with 1917ac76e02/ }],
    },
    {
      name: '1.1: a second earlyprintk= is ignored (setup_early_printk(): early_console_initialized), said once',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=vga earlyprintk=dbgp' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: ignored: earlyprintk=dbgp \(setup_early_printk\(\) sets up the first earlyprintk= only: later ones return at once on early_console_initialized/ }],
    },
    {
      name: 'a bare earlyprintk sets up nothing and does not count as the first',
      scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'earlyprintk earlyprintk=vga' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: ignored: earlyprintk \(a bare earlyprintk hands it no value/ }],
    },
    {
      name: '1.2: earlyprintk=vga,dbgp before 2.6.32-rc1: only the console the value starts with',
      scenario: { kernel: '2.6.31', order: releaseOrder('2.6.31'), cmdline: 'earlyprintk=vga,dbgp' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /not in 2\.6\.31: earlyprintk=vga,dbgp \(2\.6\.31 sets up only the console the value starts with .*c9530948bc6/ }],
    },
    {
      name: '1.2: earlyprintk=dbgp,keep before 2.6.28-rc1 is the version gap too',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'earlyprintk=dbgp,keep' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /not in 2\.6\.27: earlyprintk=dbgp,keep \(the EHCI debug port console came with 5c05917e7fe/ }],
    },
    {
      name: 'an earlyprintk= value that names no console (a typo) is not modeled, never silent',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbpg foo=1' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: not modeled: earlyprintk=dbpg foo=1$/ }],
    },
    {
      name: 'pci=off before earlyprintk=dbgp: early_dbgp_init() returns at !early_pci_allowed() (early_printk.c:782-783 at 2.6.28), said once',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'pci=off earlyprintk=dbgp' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: earlyprintk=dbgp maps nothing: pci=off before it turns early PCI config access off, and early_dbgp_init\(\) returns at !early_pci_allowed\(\) before its set_fixmap_nocache\(FIX_DBGP_BASE\)/ }],
    },
    {
      name: 'pci=nomsi,noearly: the option that did it is named',
      scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'pci=nomsi,noearly earlyprintk=vga,dbgp' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /earlyprintk=vga,dbgp maps nothing: pci=nomsi,noearly \(noearly\) before it/ }],
    },
    {
      name: 'kgdbdbgp= does not exist before 2.6.35-rc1',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'kgdbdbgp=0' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: not in 2\.6\.34: kgdbdbgp=0 \(kgdbdbgp= came with 4fe1da4ebc1 "echi-dbgp: Add kernel debugger support for the usb debug port" \(2\.6\.35-rc1\); 2\.6\.34 ignores it\)$/ }],
    },
    {
      name: 'kgdbdbgp= after earlyprintk=dbgp: kgdbdbgp_parse_config() calls early_dbgp_init() only if (!ehci_debug)',
      scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'earlyprintk=dbgp kgdbdbgp=0' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: kgdbdbgp=0 maps nothing: earlyprintk=dbgp set up the debug port before it/ }],
    },
    {
      name: 'kgdbdbgp= after pci=noearly, and without a debug port',
      scenario: { kernel: '2.6.35-rc1', order: releaseOrder('2.6.35-rc1'), cmdline: 'pci=noearly kgdbdbgp=0', machine: { ehci_debug_port: false } },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: kgdbdbgp=0 maps nothing: pci=noearly before it/ }],
    },
    {
      name: 'a bare kgdbdbgp: the NULL the handler dereferences is not modeled',
      scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'kgdbdbgp' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: not modeled: kgdbdbgp \(a bare kgdbdbgp hands kgdbdbgp_parse_config\(\) NULL, .* write kgdbdbgp=N/ }],
    },
    {
      name: 'a bare kgdbdbgp after pci=off: early_dbgp_init() returns before the NULL is read',
      scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'pci=off kgdbdbgp' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: kgdbdbgp maps nothing: pci=off before it/ }],
    },
    {
      name: 'kgdbdbgp= without an EHCI debug port maps nothing',
      scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'kgdbdbgp=1', machine: { ehci_debug_port: false } },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: kgdbdbgp=1 finds no EHCI debug port/ }],
    },
    {
      name: 'earlyprintk=dbgp without an EHCI debug port maps nothing',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbgp', machine: { ehci_debug_port: false } },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /finds no EHCI debug port/ }],
    },
  ],
});
