/**
 * The one interpreter of the arm64 effect vocabulary (effects.ts): applies an
 * effect of the call catalog (or of head.S) to the model and records what
 * happened as trace events.
 */
import type { Condition, Effect } from '../effects.js';
import type { Mm } from '../mm/mmu.js';
import { addMemory } from '../mm/memblock.js';
import type { Bank } from '../types.js';
import { INIT_MEMBLOCK_REGIONS } from '../../memblock-add.js';
import { hexDigits } from '../../../units.js';
import { sizeText } from '../addr.js';
import { tlbi } from '../mm/mmu.js';
import { TEXT_OFFSET } from '../geometry.js';
import { earlyconMapped, earlycons, STDOUT_PATH_ASSUMED } from '../earlycon-params.js';
import type { ReplayContext } from './context.js';
import { earlyFixmapInit, earlycon, earlyMemremap, earlyMemunmap, fixmapRemapFdt, tableSlotStep } from './ops-fixmap.js';
import { clearBss, createPageTables, enableMmu, kaslrEarlyInit, mmuOff, tlbiVmalle1 } from './ops-head.js';
import { kasanEarlyInit, kasanPopulate, kasanZeroPteRo } from './ops-kasan.js';
import {
  allocZeroPage, arm64MemblockInit, bootmemInit, copyPgd, createMappingLate, fixupExecutable, linearAlloc, mapKernel, mapMemLive,
  mapMemNew, newPgd, releaseNewPgd, replaceTtbr1, setTtbr1, ttbr0Reserved, unmapKernelRange,
} from './ops-paging.js';

export function holds(ctx: Pick<ReplayContext, 'scenario'>, condition: Condition): boolean {
  const { config, machine } = ctx.scenario;
  switch (condition) {
    case 'config.kasan': return config.kasan;
    case 'config.debug_rodata': return config.debug_rodata;
    case 'config.randomize_base': return config.randomize_base;
    case 'machine.efi': return machine.efi;
    case 'machine.dt': return !machine.efi;
    case 'machine.acpi': return machine.acpi;
    case 'machine.no_acpi': return !machine.acpi;
    case 'machine.earlycon': return earlyconMapped(machine.params, ctx.scenario.kernel.key);
    case 'machine.cma': return config.dma_cma && machine.params.some((p) => p.name === 'cma');
  }
}

/** "harmless here: …" phrases for a condition that is off */
export const OFF_TEXT: Readonly<Record<Condition, string>> = {
  'config.kasan': 'config.kasan is false',
  'config.debug_rodata': 'config.debug_rodata is false',
  'config.randomize_base': 'config.randomize_base is false',
  'machine.efi': 'machine.efi is false',
  'machine.dt': 'machine.efi is true (the RAM comes from the EFI memory map)',
  'machine.acpi': 'machine.acpi is false',
  'machine.no_acpi': 'machine.acpi is true',
  'machine.earlycon': 'no earlycon on machine.cmdline maps a UART',
  'machine.cma': 'machine.cmdline has no cma= (or config.dma_cma is false)',
};

/**
 * @param call the name of the step's call (for events: the function the effect belongs to)
 */
export function applyEffect(mm: Mm, effect: Effect, call: string): void {
  const { ctx, s } = mm;
  if (effect.when !== undefined && !holds(ctx, effect.when)) return;
  switch (effect.op) {
    case 'needs': {
      const present = s.values.has(effect.value);
      mm.emit({ kind: 'need', step: mm.step, value: effect.value, present, matters: effect.whatHappens === undefined, why: effect.whatHappens ?? effect.why, relevance: '', ...(effect.whatHappens !== undefined ? { complete: true } : {}) });
      return;
    }
    case 'sets':
      s.values.add(effect.value);
      mm.emit({ kind: 'value-set', step: mm.step, value: effect.value });
      return;
    case 'early_fixmap_init': earlyFixmapInit(mm); return;
    case 'early_ioremap_setup': s.earlyIoremap = true; return;
    case 'fixmap_remap_fdt': fixmapRemapFdt(mm, effect.prot, effect.reserve, 'fixmap_remap_fdt'); return;
    case 'early_init_dt_scan':
      if (!ctx.scenario.machine.efi) refusedBanks(mm, addMemory(s.memblock, ctx.scenario.machine.banks), ctx.scenario.machine.banks.length, 'early_init_dt_scan()');
      return;
    case 'parse_early_param':
      // parse_early_param() is guarded by `static int done` (init/main.c:437-446@01851de9): a second call
      // parses nothing; 'early_params' is what the first call set.
      if (s.values.has('early_params')) {
        mm.emit({ kind: 'note', step: mm.step, text: 'parse_early_param(): `done` is already set by an earlier call: parses nothing' });
        return;
      }
      // boot_command_line is empty until setup_machine_fdt() → early_init_dt_scan() → early_init_dt_scan_nodes()
      // → early_init_dt_scan_chosen() copies /chosen/bootargs (or CONFIG_CMDLINE) into it (drivers/of/fdt.c:1046-1081,1195,
      // arch/arm64/kernel/setup.c:185,244-246@01851de9; fdt.c:944-972,1084, setup.c:184,306-308@a1961d75 for v4.4):
      // before it no earlycon= or cma= is seen, so nothing is mapped (the missing 'fdt' need reports the order).
      if (!s.values.has('fdt')) {
        mm.emit({ kind: 'note', step: mm.step, text: 'parse_early_param(): boot_command_line is still empty (the DTB\'s /chosen/bootargs is not scanned yet): no early parameter is seen, nothing is mapped' });
        return;
      }
      // earlycon/console in order: the first console registered wins (-EALREADY), only a mapbase is mapped (earlycon.ts)
      for (const { param, outcome } of earlycons(ctx.scenario.machine.params, ctx.kernelKey)) {
        if (outcome.kind === 'mapped') earlycon(mm, outcome.paddr, param.request.via === 'stdout-path' ? STDOUT_PATH_ASSUMED : param.text);
        else mm.emit({ kind: 'note', step: mm.step, text: `${param.text}: maps nothing: ${outcome.why}` });
      }
      for (const p of ctx.scenario.machine.params) {
        // early_cma(): each cma= sets the size; only one with @BASE sets base and limit
        if (p.name === 'cma') {
          const { size, placed } = p.request;
          s.cmaCmdline = { size, base: placed?.base ?? s.cmaCmdline?.base ?? 0n, limit: placed?.limit ?? s.cmaCmdline?.limit ?? 0n, text: p.text };
        }
      }
      return;
    case 'ttbr0_reserved': ttbr0Reserved(mm); return;
    case 'early_memremap': earlyMemremap(mm, effect.what, effect.prot, call, effect.object, effect.then ?? 'unmap'); return;
    case 'early_memunmap': earlyMemunmap(mm, effect.what, call); return;
    case 'efi_memblock':
      refusedBanks(mm, addMemory(s.memblock, ctx.scenario.machine.banks), ctx.scenario.machine.banks.length, 'reserve_regions()');
      mm.emit({ kind: 'memblock', step: mm.step, what: 'reserve_regions(): early_init_dt_add_memory_arch() of the EFI memory map\'s RAM (memblock.memory)', ranges: s.memblock.memory });
      return;
    case 'arm64_memblock_init': arm64MemblockInit(mm, effect.setsMemstart); return;
    case 'map_mem_live': mapMemLive(mm); return;
    case 'fixup_executable': fixupExecutable(mm); return;
    case 'alloc_zero_page': allocZeroPage(mm); return;
    case 'bootmem_init': bootmemInit(mm); return;
    case 'new_pgd': newPgd(mm); return;
    case 'map_kernel': mapKernel(mm, effect.segments); return;
    case 'map_mem_new': mapMemNew(mm, effect.roAlias); return;
    case 'replace_ttbr1': replaceTtbr1(mm, effect.to); return;
    case 'set_ttbr1': setTtbr1(mm, effect.to); return;
    case 'flush_tlb_all': tlbi(mm, 'flush_tlb_all'); return;
    case 'copy_pgd': copyPgd(mm, effect.from, effect.to, call); return;
    case 'release_new_pgd': releaseNewPgd(mm); return;
    case 'kasan_populate': kasanPopulate(mm, effect.recipe); return;
    case 'kasan_zero_pte_ro': kasanZeroPteRo(mm); return;
    case 'linear_alloc': linearAlloc(mm, effect, call); return;
    case 'early_ioremap_reset': s.afterPagingInit = true; return;
    case 'create_mapping_late': createMappingLate(mm, effect.range, effect.prot, call); return;
    case 'unmap_kernel_range': unmapKernelRange(mm, effect.range, call); return;
    case 'table_slot': tableSlotStep(mm, effect.slot, effect.action, call); return;
    case 'create_page_tables': createPageTables(mm); return;
    case 'enable_mmu': enableMmu(mm); return;
    case 'mmu_off': mmuOff(mm); return;
    case 'tlbi_vmalle1': tlbiVmalle1(mm); return;
    case 'clear_bss': clearBss(mm, call); return;
    case 'memstart_from_head':
      s.memstart = ctx.kernelPa - TEXT_OFFSET;
      mm.emit({ kind: 'memstart', step: mm.step, memstart: s.memstart });
      return;
    case 'kasan_early_init': kasanEarlyInit(mm); return;
    case 'kaslr_early_init': kaslrEarlyInit(mm); return;
  }
}

/**
 * A note for the banks memblock_add() refused (src/arch/memblock-add.ts): memblock.memory was full before
 * memblock_allow_resize(), and early_init_dt_add_memory_arch() drops the -ENOMEM, so the kernel never uses that RAM.
 */
function refusedBanks(mm: Mm, refused: readonly Bank[], total: number, via: string): void {
  if (refused.length === 0) return;
  const hex = (n: number): string => `0x${hexDigits(n)}`;
  const first = refused[0] as Bank;
  const bytes = refused.reduce((sum, b) => sum + b.size, 0);
  const which = refused.length === 1 ? `the bank at ${hex(first.base)}` : `${refused.length} of the ${total} banks, from ${hex(first.base)} on`;
  mm.emit({
    kind: 'note',
    step: mm.step,
    text: `${via}: memblock_add() refuses ${which} (${sizeText(bytes)}) with -ENOMEM: memblock.memory holds INIT_MEMBLOCK_REGIONS (${INIT_MEMBLOCK_REGIONS}) regions until memblock_allow_resize() at the end of arm64_memblock_init(), and early_init_dt_add_memory_arch() ignores the error: the kernel never uses that RAM`,
  });
}
