/**
 * fixmap-no-fence: a fixmap slot used after set_fixmap without an
 * sfence.vma in between. A hart may cache the invalid entry; the architecture
 * only guarantees the walker sees the new PTE after a fence.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { EventOf } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { hex, keyPos, label } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'fixmap-no-fence';

export const fixmapNoFence: Rule<RiscvTrace> = lazyRule<RiscvTrace, EventOf<'fixmap-use'>>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a fixmap slot used right after set_fixmap without an sfence.vma (a hart may use a cached invalid entry)',
    explanation: `The riscv fixmap is one static PTE table, fixmap_pte, shared by early_pg_dir and swapper_pg_dir. Its
users set a slot and use it at once: setup_vm_final() maps each page-table page it allocates with
set_fixmap_offset(FIX_PMD/FIX_PTE, pa) and memsets it (get_pmd_virt_fixmap / get_pte_virt_fixmap), early_memremap()
maps firmware tables through FIX_BTMAP_*, text patching uses FIX_TEXT_POKE0/1.

A RISC-V hart may cache an invalid translation, and the privileged spec only guarantees that the page-table
walker sees an updated entry after an sfence.vma. __set_fixmap() once flushed only when clearing a slot; Greentime
Hu's "riscv: Add sfence.vma after page table changed" (4 Aug 2020, Fixes: f2c17aabc917, picked for v5.9-rc)
added the flush on set: "That address will be used immediately in memset(nextp, 0, PAGE_SIZE) to cause this issue
so we should add the sfence.vma before we use it." Will Deacon in the thread: "the architecture says we need these
fences in order to guarantee that the page-table walker sees the updated entry".

Every modeled release (5.10–5.14) fences on set and clear (R510 mm/init.c:217-231, R512:165-179, R514:252-266), so
their orders are clean. The model keeps a pending-fence flag per slot: set by a set without a flush, cleared by a
flush of the slot or a full sfence.vma (the satp switches, local_flush_tlb_all, flush_tlb_kernel_range).
config.set_fixmap_fence: clear-only replays the older __set_fixmap.

Sources: ${SOURCE_TREES_TEXT}.

Fix: local_flush_tlb_page(addr) after set_pte in __set_fixmap (the v5.9-rc fix).`,
  },
  detect(trace) {
    return eventIndex(trace.events).of('fixmap-use').filter((e) => e.pending);
  },
  verdict: (e) => ({ rule: ID, severity: 'error', step: e.step, related: e.setBy !== e.step ? [{ step: e.setBy }] : [] }),
  format: (e, trace) => ({
    rule: ID, severity: 'error', step: e.step, pos: keyPos(trace, ['config.set_fixmap_fence'], e.step.pos), slot: e.slot,
    message: `${e.step.name} uses ${e.slot} at ${hex(e.vaddr)} right after set_fixmap with no sfence.vma in between: ${e.what}`,
    related: e.setBy !== e.step ? [{ step: e.setBy, role: `set ${e.slot} without a fence` }] : [],
    addresses: { vaddr: e.vaddr },
    consequence: 'the hart may still hold the slot\'s old invalid translation: the access can take a page fault (or, for a slot that was mapped before, reach the previous page), depending on what the hart cached',
    fix: `flush on set as well: __set_fixmap() does local_flush_tlb_page(addr) after set_pte since "riscv: Add sfence.vma after page table changed" (v5.9-rc); ${label(e.step)} is then clean`,
  }),
});
