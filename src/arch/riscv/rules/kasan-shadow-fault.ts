/**
 * kasan-shadow-fault: kasan_init() populates and memsets a shadow address the
 * MMU cannot translate. 5.10 hands kasan_mem_to_shadow() the physical address
 * of each memblock.memory range (b10d6bca8720 lost the __va()), and the
 * shadow of a physical address is not an sv39 address: the memset() takes a
 * store page fault in setup_arch().
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { EventOf } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { exactSum, hexDigits } from '../../../units.js';
import { hex } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'kasan-shadow-fault';

type Hit = EventOf<'kasan-populate'>;

export const kasanShadowFault: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    // every order that runs kasan_init() with memory registered faults: a 5.10 kernel with KASAN does not boot
    // on any machine, so no order change is a fix (fix-hints.ts) and suggest/constraints leave the machine out
    machineWide: true,
    doc: 'kasan_init() memsets a shadow address sv39 cannot translate (5.10: the shadow of a physical address): a page fault in setup_arch()',
    explanation: `kasan_init() gives the shadow of each memblock.memory range pages of its own:
populate(kasan_mem_to_shadow(start), kasan_mem_to_shadow(end)) links new tables into swapper_pg_dir, flushes the TLB
and memsets the shadow (R510 mm/kasan_init.c:50-84). kasan_mem_to_shadow(addr) is (addr >> 3) + KASAN_SHADOW_OFFSET,
with KASAN_SHADOW_OFFSET = KASAN_SHADOW_END - (1 << 61) = 0xdfffffc800000000 (R510 asm/kasan.h:11-17): it expects a
kernel virtual address, whose shadow lies in [KASAN_SHADOW_START, KASAN_SHADOW_END).
  - 5.10 passes the physical address: "void *start = (void *)_start;" (R510 mm/kasan_init.c:95-102). Mike Rapoport's
    b10d6bca8720 ("arch, drivers: replace for_each_membock() with for_each_mem_range()", 5.10-rc1) turned
    "(void *)__va(reg->base)" into that. RAM at 0x80000000 has its shadow at 0xdfffffc810000000, which is not an
    sv39 address (bits 63-39 must equal bit 38). populate() first links its tables at pgd_offset_k() of it,
    swapper_pg_dir[288], the entry after the KASAN region, then memset() (kasan_init.o is not instrumented:
    __memset) stores to the address and takes a store page fault. do_page_fault() finds no mm in setup_arch() and
    goes to no_context(): "Unable to handle kernel paging request at virtual address dfffffc810000000", an Oops
    in the boot CPU's idle task.
  - Nick Hu's c25a053e1577 ("riscv: Fix KASAN memory mapping.") restores __va(_start)/__va(_end). It came with
    "RISC-V Fixes for 5.11-rc4" (tags/riscv-for-linus-5.11-rc4, merged as acda701bf1e8) and with the 5.10.9 stable
    queue ([PATCH 5.10 028/152]); 5.12 has it (R512 mm/kasan_init.c:211-218).
The model computes the shadow of every range kasan_init() populates in the scenario's kernel and reports the first
one that is not an sv39 address; the boot ends there.

Sources: ${SOURCE_TREES_TEXT}.

Fix: a kernel with c25a053e1577 (5.10.9 or later, 5.11-rc4 or later), or CONFIG_KASAN off.`,
  },
  detect(trace) {
    for (const e of eventIndex(trace.events).of('kasan-populate')) if (!e.canonical) return [e];
    return [];
  },
  // no_context() does die(regs, "Oops") and do_exit(SIGKILL) (R510 mm/fault.c:36-37) in the boot CPU's idle task:
  // panic("Attempted to kill the idle task!") (R510 kernel/exit.c:729); the boot stops in kasan_init()
  verdict: (e) => ({ rule: ID, severity: 'error', step: e.step, subject: 'kasan_init', related: [], halts: true }),
  format: (e) => {
    const first = exactSum(e.shadow, e.offset);
    const from = e.fromKind === 'pa' ? `(void *)${hex(e.from)}, the physical address` : `${hex(e.from)}`;
    return {
      rule: ID,
      severity: 'error',
      step: e.step,
      pos: e.step.pos,
      subject: 'kasan_init',
      halts: true,
      message: `${e.step.name}: populate(kasan_mem_to_shadow(${from} of ${e.what}) …) maps and memsets the shadow at ${hex(first)}, which is not an sv39 address (bits 63–39 must equal bit 38): the memset() takes a store page fault`,
      related: [],
      addresses: { from: e.from, from_end: e.fromEnd, shadow: e.shadow, shadow_end: e.shadowEnd, tables_at: e.mappedStart },
      consequence: `do_page_fault() has no mm in setup_arch(): no_context() prints "Unable to handle kernel paging request at virtual address ${hexDigits(first).padStart(16, '0')}" and the boot dies in kasan_init(); populate() has already linked its tables at swapper_pg_dir[${e.pgdIndex}] (${hex(e.mappedStart)}), outside the KASAN shadow`,
      fix: e.fromKind === 'pa'
        ? 'pass __va(_start)/__va(_end): c25a053e1577 ("riscv: Fix KASAN memory mapping."), in 5.11-rc4 and 5.10.9; or build without CONFIG_KASAN'
        : 'give kasan_mem_to_shadow() a kernel virtual address',
    };
  },
});
