/**
 * Page-table entry attributes (include/asm-x86/pgtable.h, 2.6.26 – 2.6.28).
 *
 * An attribute set is a number holding the x86 flag bits 0–8 at their
 * hardware positions. _PAGE_NX is bit 63 in a PAE entry; JavaScript bit
 * operations are 32-bit, so the model holds it as bit 12 (_PAGE_BIT_PAT_LARGE,
 * which no entry the model writes uses). The pfn is never part of a set.
 */
export const _PAGE_PRESENT = 0x001;
export const _PAGE_RW = 0x002;
export const _PAGE_USER = 0x004;
export const _PAGE_PWT = 0x008;
export const _PAGE_PCD = 0x010;
export const _PAGE_ACCESSED = 0x020;
export const _PAGE_DIRTY = 0x040;
/** _PAGE_PSE in a PMD entry; _PAGE_PAT in a PTE */
export const _PAGE_PSE = 0x080;
export const _PAGE_GLOBAL = 0x100;
/** _PAGE_NX (bit 63 in the kernel; see the module comment) */
export const _PAGE_NX = 0x1000;

/** pgtable.h: __PAGE_KERNEL_EXEC = P | RW | DIRTY | ACCESSED | GLOBAL (2.6.26: GLOBAL added at run time, same result) */
export const PAGE_KERNEL_EXEC = _PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_GLOBAL;
/** __PAGE_KERNEL = __PAGE_KERNEL_EXEC | _PAGE_NX */
export const PAGE_KERNEL = PAGE_KERNEL_EXEC | _PAGE_NX;
export const PAGE_KERNEL_LARGE = PAGE_KERNEL | _PAGE_PSE;
export const PAGE_KERNEL_LARGE_EXEC = PAGE_KERNEL_EXEC | _PAGE_PSE;
/** __PAGE_KERNEL_NOCACHE = __PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT (set_fixmap_nocache) */
export const PAGE_KERNEL_NOCACHE = PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT;
/** PAGE_READONLY_EXEC = P | USER | ACCESSED (map_compat_vdso's FIX_VDSO) */
export const PAGE_READONLY_EXEC = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
/** _PAGE_TABLE = P | RW | USER | ACCESSED | DIRTY: every pointer to a PTE page (head_32's PDE_ATTR 0x067 is the same value) */
export const _PAGE_TABLE = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;

/** head_32.S PTE_ATTR 0x007 (P | RW | USER), 2.6.26 – 2.6.27.y */
export const HEAD_PTE_ATTR = 0x007;
/** pgtable.h PTE_IDENT_ATTR 0x003 (P | RW), from 2.6.28-rc1 (b2bc2731466) */
export const HEAD_PTE_IDENT_ATTR = 0x003;

/**
 * Xen's domain builder: L1_PROT = P | RW | ACCESSED for the bootstrap region
 * (libxc xc_dom_x86.c; partial citation, see /work/notes/x86-pagetables.md §3.3).
 * No NX, no GLOBAL; the bootstrap page-table frames themselves are mapped
 * without RW (xen.h start_info comment, item 8).
 */
export const XEN_L1_PROT = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;

/** What the CPU and the kernel let into an entry: __supported_pte_mask, as a set of allowed bits. */
export interface PteMask {
  readonly nx: boolean;
  readonly global: boolean;
  /** PWT/PCD: Xen domU clears them (xen_start_kernel: `if (!is_initial_xendomain())`) */
  readonly cache: boolean;
}

/** pfn_pte()/pfn_pmd(): (pfn << PAGE_SHIFT | prot) & __supported_pte_mask */
export function masked(attrs: number, mask: PteMask): number {
  let a = attrs;
  if (!mask.nx) a &= ~_PAGE_NX;
  if (!mask.global) a &= ~_PAGE_GLOBAL;
  if (!mask.cache) a &= ~(_PAGE_PWT | _PAGE_PCD);
  return a;
}

export function present(attrs: number): boolean {
  return (attrs & _PAGE_PRESENT) !== 0;
}

/** "RW GLB NX", for traces and findings */
export function attrText(attrs: number): string {
  if (!present(attrs)) return 'not present';
  const parts = [attrs & _PAGE_USER ? 'USR' : '', attrs & _PAGE_RW ? 'RW' : 'ro', attrs & _PAGE_PWT ? 'PWT' : '', attrs & _PAGE_PCD ? 'PCD' : '',
    attrs & _PAGE_PSE ? 'PSE' : '', attrs & _PAGE_GLOBAL ? 'GLB' : '', attrs & _PAGE_NX ? 'NX' : 'x'];
  return parts.filter((p) => p !== '').join(' ');
}

/** The raw value as the kernel prints it (0x063, 0x8000000000000163), for traces. */
export function attrHex(attrs: number): string {
  const low = (attrs & 0xfff & ~_PAGE_NX).toString(16).padStart(3, '0');
  return attrs & _PAGE_NX ? `0x8000000000000${low}` : `0x${low}`;
}
