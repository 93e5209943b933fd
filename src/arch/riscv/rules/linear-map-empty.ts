/**
 * linear-map-empty: setup_vm_final() ran over RAM and mapped none of it in
 * the linear map, because 5.14's __pa(PAGE_OFFSET) + memory_limit wraps
 * below every memory range (MAXPHYSMEM_2GB). Machine-wide: no order of the
 * calls maps RAM on such a kernel, so `suggest` and `constraints` leave the
 * machine out and the fix search tries no move.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { EventOf, StepRef } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { accessText, firstByte, hex, keyPos, label, MAXPHYSMEM_2GB_FIX } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'linear-map-empty';

/** The step that ran setup_vm_final() over a wrapped limit, and where the limit wrapped to (bytes, a physical address). */
interface Hit {
  readonly step: StepRef;
  readonly clip: number;
}

export const linearMapEmpty: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    // the configuration decides it: every order that reaches setup_vm_final() maps no RAM (riscv audit F1, helper-199 6)
    machineWide: true,
    doc: 'setup_vm_final() maps no RAM in the linear map: 5.14\'s __pa(PAGE_OFFSET) + memory_limit wraps below all of it (MAXPHYSMEM_2GB)',
    explanation: `5.14 limits the linear map to memory_limit = -PAGE_OFFSET - SZ_4G (R514 mm/init.c:140), in a phys_addr_t: with
MAXPHYSMEM_2GB (PAGE_OFFSET 0xffffffff80000000, the Kconfig default for CMODEL_MEDLOW) that wraps to
0xffffffff80000000. setup_vm_final() ends each memory range at __pa(PAGE_OFFSET) + memory_limit (:741-742), where
__pa(PAGE_OFFSET) is the load address (is_linear_mapping() is empty when PAGE_OFFSET is KERNEL_LINK_ADDR), and that
sum wraps again, to the load address - 2 GiB: below every bank from the load address up. Each range's end falls
below its start and "for (pa = start; pa < end; …)" (:745) maps nothing. swapper then has the kernel image and
the fixmap only, and the first __va() of RAM outside the kernel mapping's 2 MiB leaves faults (unflatten_device_tree()'s
early_init_dt_verify(__va(dtb_early_pa)) in the released order); the finding names the first such access of the
order. A bank below the load address keeps its part
below the wrapped end; only when the RAM memblock holds at setup_vm_final() is all above it is this reported
(with no RAM known yet, the order is at fault: missing-prerequisite). "riscv: Get rid of MAXPHYSMEM configs"
(Jan 2022, Fixes: 2bfc6cd81bd1) removed the option.

Sources: ${SOURCE_TREES_TEXT}.

Fix: build with CMODEL_MEDANY and MAXPHYSMEM_128GB.`,
  },
  detect(trace) {
    // the RAM memblock held when setup_vm_final() ran, not at the end (helper-200 2: RAM added after paging_init made
    // an order's mistake look like the configuration's)
    for (const e of eventIndex(trace.events).of('linear-empty')) return [{ step: e.step, clip: e.clip }];
    return [];
  },
  verdict: ({ step }) => ({ rule: ID, severity: 'error', step, related: [] }),
  format: ({ step, clip }, trace) => {
    const { va } = trace.layout;
    const loadPa = trace.scenario.machine.load_address;
    // the fault the empty map leads to in this order (helper-200 6: a DTB inside the kernel mapping's last leaf is
    // read there, and the first fault is unflatten_device_tree()'s tree, which no finding named)
    const first = trace.events.find((e): e is EventOf<'access'> => e.kind === 'access' && !e.mapped && e.via === 'linear' && e.root === 'swapper' && e.step.index >= step.index);
    const faults = first === undefined
      ? ''
      : `; the first access it leaves unmapped: ${label(first.step)}, ${accessText(first)} at ${hex(firstByte(first))}`;
    return {
      rule: ID, severity: 'error', step, pos: keyPos(trace, ['config.maxphysmem', 'config.cmodel'], step.pos),
      message: `setup_vm_final() maps no RAM in the linear map: it ends each memory range at __pa(PAGE_OFFSET) + memory_limit = ${hex(loadPa)} + ${hex(va.memoryLimit)}, which wraps to ${hex(clip)}, below all of RAM (memory_limit = -PAGE_OFFSET - SZ_4G wraps itself with MAXPHYSMEM_2GB, PAGE_OFFSET ${hex(va.PAGE_OFFSET)})${faults}`,
      related: [],
      addresses: { load_address: loadPa, memory_limit: va.memoryLimit, range_end: clip },
      consequence: 'R514 mm/init.c:140,741-745: each range\'s end falls below its start and `for (pa = start; pa < end; …)` maps nothing; swapper has only the kernel image and the fixmap, so the first __va() of RAM outside the kernel mapping\'s leaves (with the DTB elsewhere, unflatten_device_tree()\'s early_init_dt_verify(__va(dtb_early_pa)) in the released order) faults and the boot CPU panics',
      fix: MAXPHYSMEM_2GB_FIX,
    };
  },
});
