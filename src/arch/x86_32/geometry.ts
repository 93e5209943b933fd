/**
 * Paging geometry of x86_32 (include/asm-x86/pgtable-2level-defs.h and
 * pgtable-3level-defs.h).
 */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
/** 4 GiB: the size of the 32-bit virtual address space; "-x" in C is 2^32 - x */
export const VA_TOP = 2 ** 32;
export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

export interface Geometry {
  readonly pae: boolean;
  readonly levels: 2 | 3;
  /** PMD_SIZE: 4 MiB (the PGD entry, PMD folded) or 2 MiB with PAE */
  readonly pmdSize: number;
  readonly ptrsPerPte: number;
  readonly lastPkmap: number;
  readonly nx: boolean;
  /** highest physical address + 1 the paging mode can reach: 4 GiB, or 64 GiB with PAE (36 bits) */
  readonly physLimit: number;
}

const NON_PAE: Geometry = {
  pae: false, levels: 2, pmdSize: 4 * MiB, ptrsPerPte: 1024, lastPkmap: 1024, nx: false, physLimit: 4 * GiB,
};
const PAE: Geometry = {
  pae: true, levels: 3, pmdSize: 2 * MiB, ptrsPerPte: 512, lastPkmap: 512, nx: true, physLimit: 64 * GiB,
};

export function geometryFor(pae: boolean): Geometry {
  return pae ? PAE : NON_PAE;
}

/** addr & PMD_MASK, on unsigned 32-bit values held as JS numbers */
export function pmdBase(geometry: Geometry, addr: number): number {
  return addr - (addr % geometry.pmdSize);
}

/** round up to the next PMD boundary (may return 2^32) */
export function pmdRoundUp(geometry: Geometry, addr: number): number {
  const rem = addr % geometry.pmdSize;
  return rem === 0 ? addr : addr + geometry.pmdSize - rem;
}
