/**
 * missing-prerequisite: a step runs before something it needs exists: the
 * DTB's memory banks (parse_dtb), the early_ioremap slots, memblock with the
 * kernel reserved (setup_bootmem), the unflattened device tree.
 */
import type { Finding, Rule } from '../../../rules/types.js';
import type { RiscvTrace } from '../types.js';
import { VALUE_NAMES, VALUE_SETTERS, label, setterOf } from './describe.js';

const ID = 'missing-prerequisite';

export const missingPrerequisite: Rule<RiscvTrace> = {
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a step needs something no earlier step set: the DTB\'s memory banks, the early_ioremap slots, memblock reservations, the device tree',
    explanation: `setup_arch() in arch/riscv/kernel/setup.c runs its calls in an order that the code depends on
without checking it: each call reads state that an earlier call produced, and a call that runs too early
reads zeroes or garbage instead of failing loudly. Each riscv step declares what it reads (bootreplay steps
--arch riscv shows it), and this rule reports a step that runs before the step providing its input:
  - setup_bootmem (arch/riscv/mm/init.c) needs parse_dtb: memblock.memory comes from the DTB's /memory nodes
    (early_init_dt_scan in drivers/of/fdt.c); without it memblock is empty and the kernel's own reservation
    lands nowhere;
  - paging_init (setup_vm_final in arch/riscv/mm/init.c) needs setup_bootmem: its page tables come from
    memblock_phys_alloc(), which may otherwise hand out pages of the kernel image or the DTB (5.14 calls
    setup_bootmem inside paging_init);
  - efi_init (drivers/firmware/efi/efi-init.c) with UEFI needs early_ioremap_setup (mm/early_ioremap.c) for
    its early_memremap() slots;
  - setup_smp (arch/riscv/kernel/smpboot.c) and riscv_fill_hwcap (arch/riscv/kernel/cpufeature.c) read the
    unflattened device tree that unflatten_device_tree builds.
Fix: move the step after the one that provides its input; the finding names it.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    for (const e of trace.events) {
      if (e.kind !== 'need' || e.present) continue;
      const value = e.value as keyof typeof VALUE_NAMES;
      const setter = setterOf(trace, value, e.step.index);
      findings.push({
        rule: ID, severity: e.matters ? 'error' : 'warning', step: e.step, pos: e.step.pos,
        message: `${e.step.name} needs ${VALUE_NAMES[value]}, but ${setter !== undefined ? `${label(setter)} only comes later` : `no step sets it (${VALUE_SETTERS[value]})`}`,
        related: setter !== undefined ? [{ step: setter, role: `sets ${VALUE_NAMES[value]}` }] : [],
        addresses: {},
        consequence: `${e.why}; without it the step works on empty or unreserved state`,
        fix: setter !== undefined ? `move ${label(e.step)} after ${label(setter)}` : `call ${VALUE_SETTERS[value]} before ${label(e.step)}`,
      });
    }
    return findings;
  },
};
