/**
 * What a riscv replay knows before the first step: the scenario, the
 * version's profile, the image layout, the VA constants, and the address
 * translations the kernel uses (__va, the kernel mapping, lm_alias).
 */
import type { Condition, Sym } from '../effects.js';
import { alignDown, alignUp, PAGE_SIZE } from '../geometry.js';
import { imageLayout, type ImageLayout } from '../image.js';
import { vaLayout, type VaLayout } from '../layout.js';
import { profileOf, type Profile } from '../profile.js';
import type { RiscvScenario } from '../types.js';
import { wrapU64 } from '../../../units.js';

export interface ReplayContext {
  readonly scenario: RiscvScenario;
  readonly profile: Profile;
  readonly image: ImageLayout;
  readonly va: VaLayout;
  /** the kernel's load PA (_start), kernel_map.phys_addr / load_pa */
  readonly loadPa: number;
  /** where the DTB is (with BUILTIN_DTB: __dtb_start, in .init.data) */
  readonly dtbPa: number;
  readonly dtbSize: number;
}

export function contextFor(scenario: RiscvScenario): ReplayContext {
  const profile = profileOf(scenario.kernel, scenario.config);
  const image = imageLayout(profile, scenario.machine.kernel);
  const loadPa = scenario.machine.load_address;
  // KERNEL_DTB() sits in INIT_DATA (include/asm-generic/vmlinux.lds.h): with BUILTIN_DTB the
  // DTB is part of .init.data; the model puts it at its start.
  const dtbPa = scenario.config.builtin_dtb ? loadPa + image.symbols.__init_data_begin : scenario.machine.dtb_address;
  return {
    scenario, profile, image, va: vaLayout(profile, scenario.config, image.size), loadPa, dtbPa, dtbSize: scenario.machine.dtb_size,
  };
}

/** __va(pa) = pa + va_pa_offset, va_pa_offset = PAGE_OFFSET - load_pa (every modeled version). pa must be page-aligned. */
export function linearVa(ctx: ReplayContext, pa: number): number {
  // unsigned long arithmetic: RAM far above the load address wraps past 2^64 as in the kernel
  return wrapU64(ctx.va.PAGE_OFFSET + (pa - ctx.loadPa));
}

/** The kernel mapping's VA of an image PA: kernel_mapping_pa_to_va (5.13+), __va (≤5.12). */
export function kernelVa(ctx: ReplayContext, pa: number): number {
  return wrapU64(ctx.va.kernelVirt + (pa - ctx.loadPa));
}

/** The VA a permission call computes: a linker symbol (kernel alias or lm_alias) or __va(PFN_PHYS(max_low_pfn)). */
export function symVa(ctx: ReplayContext, sym: Sym, alias: 'kernel' | 'linear', maxLowPa: number): number {
  if (sym === 'max_low') return linearVa(ctx, maxLowPa);
  const offset = ctx.image.symbols[sym];
  return alias === 'kernel' ? ctx.va.kernelVirt + offset : ctx.va.PAGE_OFFSET + offset;
}

/**
 * The DTB's byte offset in its page (0 … PAGE_SIZE - 1): the same through
 * every VA the kernel reads it by (the window is 2 MiB-aligned, the linear map
 * and the kernel mapping page-aligned), so the model keeps VAs in pages and
 * adds this only when it prints one (units.ts exactSum).
 */
export function dtbOffset(ctx: ReplayContext): number {
  return ctx.dtbPa % PAGE_SIZE;
}

/** The DTB's physical pages. */
export function dtbPages(ctx: ReplayContext): { start: number; end: number } {
  return { start: alignDown(ctx.dtbPa, PAGE_SIZE), end: alignUp(ctx.dtbPa + ctx.dtbSize, PAGE_SIZE) };
}

export function holds(ctx: Pick<ReplayContext, 'scenario'>, c: Condition): boolean {
  const { config, machine } = ctx.scenario;
  switch (c) {
    case 'config.kasan': return config.kasan;
    case 'config.builtin_dtb': return config.builtin_dtb;
    case 'config.no_builtin_dtb': return !config.builtin_dtb;
    case 'config.strict_kernel_rwx': return config.strict_kernel_rwx;
    case 'machine.efi': return machine.efi;
  }
}

/** "harmless here: …" phrases for a condition that is off */
export const OFF_TEXT: Readonly<Record<Condition, string>> = {
  'config.kasan': 'config.kasan is false',
  'config.builtin_dtb': 'config.builtin_dtb is false',
  'config.no_builtin_dtb': 'config.builtin_dtb is true',
  'config.strict_kernel_rwx': 'config.strict_kernel_rwx is false',
  'machine.efi': 'machine.efi is false',
};
