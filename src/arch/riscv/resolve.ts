/**
 * riscv defaults: the validated `config:`/`machine:` mappings (undefined
 * when the file leaves them out) → the shapes the model reads. Kconfig's own
 * defaults decide the dependent ones (MAXPHYSMEM follows the code model).
 */
import { alignUp, PAGE_SIZE, PMD_SIZE } from './geometry.js';
import {
  DEFAULT_DTB_SIZE, DEFAULT_LOAD_OFFSET, DEFAULT_MEMORY, DEFAULT_RAM_BASE, DEFAULT_RESERVED_REGIONS, DEFAULT_SECTIONS,
} from './defaults.js';
import type { ConfigParsed, MachineParsed } from './schema.js';
import type { Config, Interval, Machine, SectionSizes } from './types.js';

export function resolveConfig(c: ConfigParsed | undefined): Config {
  const cmodel = c?.cmodel ?? 'medany';
  return {
    paging: c?.paging ?? 'sv39',
    cmodel,
    // Kconfig "Maximum Physical Memory": default MAXPHYSMEM_2GB if 64BIT && CMODEL_MEDLOW,
    // MAXPHYSMEM_128GB if 64BIT && CMODEL_MEDANY (R510/R512/R514 arch/riscv/Kconfig)
    maxphysmem: c?.maxphysmem ?? (cmodel === 'medlow' ? '2GB' : '128GB'),
    strict_kernel_rwx: c?.strict_kernel_rwx ?? true,
    kasan: c?.kasan ?? false,
    builtin_dtb: c?.builtin_dtb ?? false,
    set_fixmap_fence: c?.set_fixmap_fence ?? 'set-and-clear',
  };
}

/** The RAM banks a machine mapping describes, sorted by base. */
export function banksOf(m: MachineParsed | undefined): Interval[] {
  return listedBanksOf(m).slice().sort((a, b) => a.start - b.start);
}

/** The RAM banks a machine mapping describes, in the order written (the DT's). */
function listedBanksOf(m: MachineParsed | undefined): Interval[] {
  const list = m?.memory_banks !== undefined
    ? m.memory_banks.map((b) => ({ start: b.base, end: b.base + b.size }))
    : [{ start: m?.ram_base ?? DEFAULT_RAM_BASE, end: (m?.ram_base ?? DEFAULT_RAM_BASE) + (m?.memory ?? DEFAULT_MEMORY) }];
  return list;
}

function pages(n: number | undefined, dflt: number): number {
  return alignUp(n ?? dflt, PAGE_SIZE);
}

export function resolveMachine(m: MachineParsed | undefined): Machine {
  const banksListed = listedBanksOf(m);
  const banks = banksListed.slice().sort((a, b) => a.start - b.start);
  const first = banks[0] ?? { start: DEFAULT_RAM_BASE, end: DEFAULT_RAM_BASE + DEFAULT_MEMORY };
  const load = m?.load_address ?? first.start + DEFAULT_LOAD_OFFSET;
  const home = banks.find((b) => load >= b.start && load < b.end) ?? first;
  const k = m?.kernel;
  const kernel: SectionSizes = {
    text: pages(k?.text, DEFAULT_SECTIONS.text),
    init_text: pages(k?.init_text, DEFAULT_SECTIONS.init_text),
    init_data: pages(k?.init_data, DEFAULT_SECTIONS.init_data),
    rodata: pages(k?.rodata, DEFAULT_SECTIONS.rodata),
    data: pages(k?.data, DEFAULT_SECTIONS.data),
  };
  return {
    banks,
    banksListed,
    load_address: load,
    kernel,
    dtb_address: m?.dtb_address ?? home.end - PMD_SIZE,
    dtb_size: m?.dtb_size ?? DEFAULT_DTB_SIZE,
    reserved_regions: m?.reserved_regions ?? DEFAULT_RESERVED_REGIONS,
    efi: m?.efi ?? false,
  };
}

/**
 * @param config the output of configSchema(), or undefined
 * @param machine the output of machineSchema(), or undefined
 */
export function resolveRiscv(config: ConfigParsed | undefined, machine: MachineParsed | undefined): { config: Config; machine: Machine } {
  return { config: resolveConfig(config), machine: resolveMachine(machine) };
}
