/**
 * The one interpreter of the riscv effect vocabulary: applies an effect of
 * the call catalog to the model state and records what happened as trace
 * events (the mechanisms are in mechanisms.ts, setup_vm_final in
 * setup-vm-final.ts).
 */
import type { Effect } from '../effects.js';
import { slotIndex } from '../fixmap.js';
import { alignDown, PAGE_SIZE } from '../geometry.js';
import { dtbPages, holds, linearVa, symVa, type ReplayContext } from './context.js';
import type { StepRef } from './events.js';
import {
  checkWx, earlyMemremap, earlyMemunmap, failedSetMemory, fdtAccess, fixmapUse, readEarlyMemremap, limitMemory, maxLowPa, memblockAccess, placedAccess, setMemory, type Emit,
} from './mechanisms.js';
import { covering } from './pagetables.js';
import { kasanInit } from './kasan.js';
import { setupVmFinal } from './setup-vm-final.js';
import type { ModelState } from './state.js';
import type { Interval } from '../types.js';
import { INIT_MEMBLOCK_REGIONS, memblockAddRanges } from '../../memblock-add.js';
import { hex, size } from '../../../units.js';

export type { Emit };

export function applyEffect(ctx: ReplayContext, s: ModelState, step: StepRef, effect: Effect, emit: Emit): void {
  if ('when' in effect && effect.when !== undefined && !holds(ctx, effect.when)) return;
  switch (effect.op) {
    case 'needs':
      emit({ kind: 'need', step, value: effect.value, present: s.values.has(effect.value), matters: true, why: effect.why, relevance: '' });
      return;
    case 'sets':
      s.values.add(effect.value);
      emit({ kind: 'value-set', step, value: effect.value });
      return;
    case 'scan_dtb':
      fdtAccess(ctx, s, step, 'early_init_dt_scan(dtb_early_va): /memory and /chosen', s.dtbEarlyPage, s.dtbEarlyVia, emit);
      s.fdt = { page: s.dtbEarlyPage, via: s.dtbEarlyVia };
      s.memory = addBanks(s, ctx.scenario.machine.banksListed);
      emit({ kind: 'memblock', step, what: `memblock_add() of the /memory nodes${refusedText(ctx.scenario.machine.banksListed, s.memory)}`, banks: s.memory });
      return;
    case 'read_fdt':
      if (s.fdt === null) return; // initial_boot_params is NULL: the need for the FDT reports it
      fdtAccess(ctx, s, step, effect.what, s.fdt.page, s.fdt.via === 'dtb_early_va' ? 'initial_boot_params' : s.fdt.via, emit);
      return;
    case 'read_dtb_early_va':
      fdtAccess(ctx, s, step, effect.what, s.dtbEarlyPage, s.dtbEarlyVia, emit);
      return;
    case 'enforce_memory_limit': {
      // max_pfn/max_low_pfn: 5.12+ from dram_end, read before the limit (R512 mm/init.c:113,117,131-132); 5.10 after it
      const endOf = (ranges: readonly { end: number }[]): number => ranges.reduce((e, r) => Math.max(e, r.end), 0);
      const before = endOf(s.memory);
      const limited = limitMemory(s.memory, ctx.va.memoryLimit);
      s.maxLowPa = ctx.profile.maxLowBeforeLimit ? before : endOf(limited);
      const changed = limited.length !== s.memory.length || limited.some((r, i) => r.end !== s.memory[i]?.end);
      s.memory = limited;
      s.memoryLimited = true;
      if (changed) emit({ kind: 'memblock', step, what: `memblock_enforce_memory_limit(): the first ${ctx.va.memoryLimit / 2 ** 30} GiB of memory`, banks: s.memory });
      return;
    }
    case 'reserve_kernel':
      s.kernelReserved = true;
      return;
    case 'allow_resize':
      s.resizeAllowed = true;
      return;
    case 'setup_vm_final':
      setupVmFinal(ctx, s, step, emit);
      return;
    case 'memblock_alloc': {
      const placed = memblockAccess(ctx, s, step, effect.what, effect.size ?? null, effect.maxAddr ?? null, emit);
      // no room (with memblock.memory empty the need for the FDT says why): a caller that goes on without it says so
      if (placed === null && s.memory.length > 0 && effect.failed !== undefined && effect.size !== undefined) {
        emit({ kind: 'alloc-failed', step, what: effect.what, size: effect.size, maxAddr: effect.maxAddr ?? null, failed: effect.failed });
      }
      if (effect.holds === 'device_tree' && placed !== null) s.deviceTree = placed;
      return;
    }
    case 'read_device_tree':
      // no tree allocated yet: the need for the device tree says so
      if (s.deviceTree !== null) placedAccess(ctx, s, step, effect.what, false, s.deviceTree, emit);
      return;
    case 'verify_dtb_linear': {
      // __va(dtb_early_pa): the page's VA here, the byte offset rides beside it (dtbOffset)
      const page = linearVa(ctx, dtbPages(ctx).start);
      fdtAccess(ctx, s, step, 'early_init_dt_verify(__va(dtb_early_pa)): the FDT header', page, 'linear', emit);
      s.fdt = { page, via: 'linear' };
      return;
    }
    case 'early_memremap': {
      const then = effect.then ?? 'read-unmap';
      const held = then === 'read-unmap' ? '' : effect.releasedAfterSetupArch !== undefined ? `, held until ${effect.releasedAfterSetupArch}` : ', held';
      const slot = earlyMemremap(ctx, s, step, { what: effect.what, object: effect.object, note: held, releasedAfterSetupArch: effect.releasedAfterSetupArch }, emit);
      if (slot === null) return; // all 7 slots held: __early_ioremap() WARNs and returns NULL
      if (then !== 'hold') fixmapUse(ctx, s, step, slot, `reads ${effect.what} at fix_to_virt(${slotIndex(slot)})`, emit);
      if (then === 'read-unmap') earlyMemunmap(ctx, s, step, effect.what, 'early_memunmap()', emit);
      return;
    }
    case 'early_memunmap':
      earlyMemunmap(ctx, s, step, effect.what, 'early_memunmap()', emit);
      return;
    case 'read_early_memremap':
      readEarlyMemremap(ctx, s, step, effect.what, effect.by, emit);
      return;
    case 'efi_memblock':
      // reserve_regions(): memblock_remove(0, PHYS_ADDR_MAX), then early_init_dt_add_memory_arch() of each EFI RAM range
      // (max_low_pfn, set by setup_bootmem() when it ran first, stays: memoryLimited is left as it is)
      s.memory = addBanks(s, ctx.scenario.machine.banksListed);
      emit({ kind: 'memblock', step, what: `reserve_regions(): memblock_remove(0, PHYS_ADDR_MAX), then memblock_add() of the EFI memory map's RAM${refusedText(ctx.scenario.machine.banksListed, s.memory)}`, banks: s.memory });
      return;
    case 'set_memory': {
      const max = maxLowPa(s);
      const from = symVa(ctx, effect.from, effect.alias, max);
      const to = symVa(ctx, effect.to, effect.alias, max);
      const lm = effect.alias === 'linear' ? 'lm_alias(' : '';
      const what = `set_memory_${effect.fn}(${lm}${effect.from}${lm === '' ? '' : ')'} … ${lm}${effect.to}${lm === '' ? '' : ')'})`;
      if (to < from) {
        const maxLow = effect.from === 'max_low' || effect.to === 'max_low' ? max : null;
        failedSetMemory(ctx, s, step, effect.fn, effect.alias, { start: from, end: to, fromSym: effect.from, toSym: effect.to, maxLowPa: maxLow }, what, emit);
        return;
      }
      setMemory(ctx, s, step, effect.fn, effect.alias, from, to, what, emit);
      return;
    }
    case 'check_wx':
      checkWx(ctx, s, step, emit);
      return;
    case 'phase':
      if (effect.what === 'init-freed') s.initFreed = true;
      if (effect.what === 'rodata-ro') s.rodataRo = true;
      if (effect.what === 'text-ro') s.textRo = true;
      emit({ kind: 'phase', step, what: effect.what });
      return;
    case 'bpf_jit': {
      // A one-page image (bpf_jit_binary_alloc(): round_up(proglen + header + 128, PAGE_SIZE)) at the lowest free
      // address of the region (alloc_vmap_area() → find_vmap_lowest_match()), followed by vmalloc's guard page:
      // bpf_jit_alloc_exec() passes vm_flags 0, so __get_vm_area_node() adds PAGE_SIZE unless VM_NO_GUARD
      // (mm/vmalloc.c:2386-2387 at R514, :2093 at R512, :2077 at R510). The next program's image starts two pages
      // on. max-calls bounds the programs far below BPF_JIT_REGION_SIZE (2,048 × 8 KiB against 128 MiB).
      const start = s.bpfNext;
      const end = start + PAGE_SIZE;
      s.bpfNext = end + PAGE_SIZE;
      const m = covering(s.roots.swapper, start);
      const inKernelLeaf = m !== undefined && m.kind === 'kernel' && m.leaf > 0
        ? { start: m.start + alignDown(start - m.start, m.leaf), end: m.start + alignDown(start - m.start, m.leaf) + m.leaf }
        : null;
      const offset = start - ctx.va.bpf.start;
      const prot = ctx.profile.bpfLockRo ? ' (PAGE_KERNEL)' : ' (PAGE_KERNEL_EXEC: RWX, never locked)';
      const at = offset === 0 ? `BPF_JIT_REGION_START${prot}` : `BPF_JIT_REGION_START + ${size(offset)}${prot}, past the earlier images and their vmalloc guard pages`;
      // The image's address is translated through the kernel's leaf, not the PTEs vmap wrote: bpf_jit_binary_alloc()
      // fills it with bpf_fill_ill_insns() right after bpf_jit_alloc_exec() (kernel/bpf/core.c:874-881 at R514,
      // :878-885 at R512; riscv passes its own filler, arch/riscv/net/bpf_jit_core.c:108-111 at R514; no 5.13 tree is
      // mirrored). Once an earlier program's lock_ro made the leaf read-only, that store faults, and the program never
      // reaches its own bpf_jit_binary_lock_ro() (bpf_jit_core.c:155 at R514).
      const leafPerm = inKernelLeaf !== null && m !== undefined ? m.perm : null;
      emit({ kind: 'vmalloc', step, what: `bpf_jit_alloc_exec(): a JIT image at ${at}`, start, end, inKernelLeaf, leafPerm });
      if (ctx.profile.bpfLockRo && leafPerm?.w !== false) {
        // set_vm_flush_reset_perms(); set_memory_ro(); set_memory_x() (include/linux/filter.h:863-868 at R514, :848-853
        // at R512): on a leaf that protect_kernel_text_data() made RW- (data NX), the leaf ends R-X, data executable too
        setMemory(ctx, s, step, 'ro', 'kernel', start, end, 'bpf_jit_binary_lock_ro(): set_memory_ro(hdr, hdr->pages)', emit);
        setMemory(ctx, s, step, 'x', 'kernel', start, end, 'bpf_jit_binary_lock_ro(): set_memory_x(hdr, hdr->pages)', emit);
      }
      return;
    }
    case 'kasan_init':
      kasanInit(ctx, s, step, emit);
      return;
  }
}

/**
 * memblock_add() of each bank onto an empty memblock.memory (src/arch/memblock-add.ts): before
 * memblock_allow_resize() (setup_bootmem(), R510 mm/init.c:197, R512 :148) memblock.memory holds INIT_MEMBLOCK_REGIONS regions and a bank past
 * them is refused. The banks memblock took, as the model keeps them (one range per bank).
 */
function addBanks(s: ModelState, banks: readonly Interval[]): Interval[] {
  // taken in DT order, kept sorted as memblock.memory is
  return memblockAddRanges([], banks, s.resizeAllowed).taken.slice().sort((x, y) => x.start - y.start);
}

/** "; memblock_add() refuses 72 of the 200 banks …" when memblock took fewer banks than the machine has, else "". */
function refusedText(banks: readonly Interval[], taken: readonly Interval[]): string {
  const n = banks.length - taken.length;
  if (n === 0) return '';
  const kept = new Set(taken);
  const refused = banks.filter((b) => !kept.has(b));
  const bytes = refused.reduce((sum, b) => sum + (b.end - b.start), 0);
  const which = n === 1 ? `the bank at ${hex(refused[0]?.start ?? 0)}` : `${n} of the ${banks.length} banks, from ${hex(refused[0]?.start ?? 0)} on`;
  return `; memblock_add() refuses ${which} (${size(bytes)}) with -ENOMEM: memblock.memory holds INIT_MEMBLOCK_REGIONS (${INIT_MEMBLOCK_REGIONS}) regions until setup_bootmem()'s memblock_allow_resize(), and early_init_dt_add_memory_arch() ignores the error: the kernel never uses that RAM`;
}
