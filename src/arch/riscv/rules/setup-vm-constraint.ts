/**
 * setup-vm-constraint: a BUG_ON of setup_vm() fires: the load address is not
 * 2 MiB-aligned, the image is larger than the version's early mapping allows
 * (128 MiB in 5.10, one early_pmd = 1 GiB in 5.12+), or (5.14) the kernel would
 * reach the last 4 KiB of the address space.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { EventOf } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { hex, keyPos } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'setup-vm-constraint';

export const setupVmConstraint: Rule<RiscvTrace> = lazyRule<RiscvTrace, EventOf<'setup-vm-check'>>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a setup_vm() BUG_ON fires: load address not 2 MiB-aligned, image too large for the early mapping, kernel end in the last page',
    explanation: `setup_vm() runs from head.S with the MMU off and checks what it needs to map the kernel with 2 MiB leaves in
one early_pmd (arch/riscv/mm/init.c setup_vm(), alloc_pmd_early()):
  5.10  BUG_ON(map_size == PAGE_SIZE): best_map_size(load_pa, 128M) gives PAGE_SIZE when the load address is not
        2 MiB-aligned (R510 mm/init.c:451); BUG_ON(load_sz > MAX_EARLY_MAPPING_SIZE): the image is over 128 MiB (:456)
  5.12  BUG_ON((load_pa % map_size) != 0) with map_size = PMD_SIZE (R512 mm/init.c:395); alloc_pmd_early():
        BUG_ON((va - PAGE_OFFSET) >> PGDIR_SHIFT): the image needs a second PGD entry, i.e. is over 1 GiB (:257-262)
  5.14  BUG_ON((kernel_map.phys_addr % map_size) != 0) (R514 mm/init.c:592); BUG_ON(virt_addr + size >
        ADDRESS_SPACE_END - SZ_4K): "The last 4K bytes of the addressable memory can not be mapped because of
        IS_ERR_VALUE macro" (:594-600); alloc_pmd_early()'s 1 GiB limit (:350-355), which binds first in practice
The first check that fails stops the boot, before setup_arch(): the finding halts the kernel, so later findings
are ones it never reaches and there is no layout to show. The model goes on as if it had not, so later findings
may follow from the same cause.

Sources: ${SOURCE_TREES_TEXT}.

Fix: load the image at a 2 MiB-aligned address (the RV64 boot protocol asks for it) and keep it under the
version's limit.`,
  },
  detect(trace) {
    return eventIndex(trace.events).of('setup-vm-check').filter((e) => e.fired);
  },
  // BUG() with the MMU off, before setup_arch(): the kernel stops here
  verdict: (e) => ({ rule: ID, severity: 'error', step: e.step, related: [], halts: true }),
  format: (e, trace) => {
    const align = e.key === 'machine.load_address';
    // without load_address: the load address is the first bank's base + 2 MiB (resolve.ts), so an odd one comes
    // from where RAM is written, ram_base or memory_banks (helper-179, 3; helper-180, 2)
    const ramKey = ['machine.ram_base', 'machine.memory_banks'].find((k) => trace.scenario.positions[k] !== undefined);
    const fromRamBase = align && trace.scenario.positions['machine.load_address'] === undefined && ramKey !== undefined;
    return {
      rule: ID, severity: 'error', step: e.step, pos: keyPos(trace, fromRamBase && ramKey !== undefined ? [ramKey] : [e.key], e.step.pos), halts: true,
      // a load address no file writes is the model's default, and the message says so (helper-182, 7)
      message: `${e.check} fires: ${e.meaning} (load_pa ${hex(e.values['load_pa'] ?? 0)}${align && trace.scenario.positions['machine.load_address'] === undefined ? ', the default load address: RAM\'s base + 2 MiB' : ''}, _end - _start ${hex(e.values['load_sz'] ?? 0)})`,
      related: [],
      addresses: { ...e.values },
      consequence: `BUG() in setup_vm() (${e.source}) with the MMU off and no console yet: the boot hart traps and the machine hangs silently`,
      fix: fromRamBase
        ? `RAM at ${hex(trace.scenario.machine.banks[0]?.start ?? 0)} (${ramKey}) puts the default load address (RAM's base + 2 MiB, OpenSBI fw_jump) off 2 MiB: give RAM a 2 MiB-aligned base, or load the kernel at a 2 MiB-aligned physical address (machine.load_address)`
        : align ? 'load the kernel at a 2 MiB-aligned physical address (e.g. 0x80200000 after OpenSBI)' : 'shrink the image below the version\'s early-mapping limit (5.10: 128 MiB; 5.12+: 1 GiB)',
    };
  },
});
