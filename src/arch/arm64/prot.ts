/**
 * Memory attributes of the protections the early mm code uses, and what a
 * change between two descriptors means for break-before-make.
 *
 * Bits [A44 arch/arm64/include/asm/pgtable.h:56-90, kernel-pgtable.h:73-77;
 * same meaning in A46/A47]:
 *   PAGE_KERNEL         Normal, PXN, UXN, DIRTY, WRITE          (RW, no exec)
 *   PAGE_KERNEL_RO      Normal, PXN, UXN, DIRTY, RDONLY
 *   PAGE_KERNEL_ROX     Normal, UXN, DIRTY, RDONLY               (RO, exec)
 *   PAGE_KERNEL_EXEC    Normal, UXN, DIRTY, WRITE                (RWX for the kernel)
 *   PROT_DEVICE_nGnRE   Device-nGnRE, PXN, UXN, DIRTY, WRITE    (FIXMAP_PAGE_IO, set_fixmap_io)
 *   PROT_SECT_NORMAL    Normal section, PXN, UXN                 (vmemmap blocks)
 *   SWAPPER_MM_MMUFLAGS Normal section, AF, SH                   (head.S: RWX, no PXN/UXN)
 *   kasan zero pte      PAGE_KERNEL, pte_wrprotect()ed           (RDONLY, no WRITE)
 * All are global (no nG), inner shareable, AF set, and none sets PTE_CONT
 * (PAGE_KERNEL_EXEC_CONT exists but nothing in v4.4 … v4.7 maps with it).
 */

export type MemType = 'Normal' | 'Device-nGnRE';

export interface Attrs {
  readonly mt: MemType;
  readonly ro: boolean;
  readonly pxn: boolean;
  readonly uxn: boolean;
  /** DBM / PTE_WRITE */
  readonly write: boolean;
  /** software PTE_DIRTY */
  readonly dirty: boolean;
  readonly ng: boolean;
  readonly cont: boolean;
}

export const PROTS = {
  PAGE_KERNEL: { mt: 'Normal', ro: false, pxn: true, uxn: true, write: true, dirty: true, ng: false, cont: false },
  PAGE_KERNEL_RO: { mt: 'Normal', ro: true, pxn: true, uxn: true, write: false, dirty: true, ng: false, cont: false },
  PAGE_KERNEL_ROX: { mt: 'Normal', ro: true, pxn: false, uxn: true, write: false, dirty: true, ng: false, cont: false },
  PAGE_KERNEL_EXEC: { mt: 'Normal', ro: false, pxn: false, uxn: true, write: true, dirty: true, ng: false, cont: false },
  PROT_DEVICE_nGnRE: { mt: 'Device-nGnRE', ro: false, pxn: true, uxn: true, write: true, dirty: true, ng: false, cont: false },
  PROT_SECT_NORMAL: { mt: 'Normal', ro: false, pxn: true, uxn: true, write: false, dirty: false, ng: false, cont: false },
  SWAPPER_MM_MMUFLAGS: { mt: 'Normal', ro: false, pxn: false, uxn: false, write: false, dirty: false, ng: false, cont: false },
  KASAN_ZERO_PTE: { mt: 'Normal', ro: true, pxn: true, uxn: true, write: false, dirty: true, ng: false, cont: false },
} as const satisfies Record<string, Attrs>;

export type ProtName = keyof typeof PROTS;

/** "RW NX", "RO X", … for traces */
export function protText(name: ProtName): string {
  const a: Attrs = PROTS[name];
  const rw = a.ro ? 'RO' : 'RW';
  const x = a.pxn ? 'NX' : 'X';
  return `${name} (${a.mt === 'Normal' ? '' : `${a.mt} `}${rw} ${x})`;
}

/** A descriptor as the model sees it: what a write replaces and installs. */
export type EntryKind = 'invalid' | 'table' | 'block' | 'page';

export interface EntryDesc {
  readonly kind: EntryKind;
  /** block/page: output address; table: physical address of the next-level table */
  readonly oa: number;
  /** block/page only */
  readonly prot: ProtName | null;
  /** table only: the table's name */
  readonly table?: string;
}

export const INVALID: EntryDesc = { kind: 'invalid', oa: 0, prot: null };

function valid(d: EntryDesc): boolean {
  return d.kind !== 'invalid';
}

/**
 * Why replacing a live valid descriptor with another valid one needs
 * break-before-make (ARM ARM "break-before-make", R_WHZWS; spec §4.2): a
 * change of descriptor kind or block size, output address, memory type,
 * the contiguous bit, or nG 1 → 0. Permission bits (AP, PXN, UXN, DBM,
 * software bits) may change in place, and creating or removing an entry is
 * always safe. Returns the reasons, empty when the change is safe.
 *
 * This is the architecture's rule, not pgattr_change_is_safe() of v4.10+,
 * whose mask (PXN|RDONLY|WRITE) would also refuse v4.4's UXN and DIRTY
 * changes, which are permission-only.
 */
export function bbmReasons(old: EntryDesc, now: EntryDesc): string[] {
  if (!valid(old) || !valid(now)) return [];
  const out: string[] = [];
  if (old.kind !== now.kind) {
    out.push(`${old.kind} → ${now.kind}`);
    return out;
  }
  if (old.oa !== now.oa) out.push(old.kind === 'table' ? 'next-level table' : 'output address');
  if (old.prot !== null && now.prot !== null) {
    const a: Attrs = PROTS[old.prot];
    const b: Attrs = PROTS[now.prot];
    if (a.mt !== b.mt) out.push(`memory type ${a.mt} → ${b.mt}`);
    if (a.cont !== b.cont || a.cont) out.push('contiguous bit');
    if (a.ng && !b.ng) out.push('nG → G');
  }
  return out;
}

/**
 * Whether bbmReasons(old, now) is not empty, without writing the reasons:
 * the same tests in the same order, for the rule's verdict, which the fix
 * search computes for every order it replays.
 */
export function needsBreak(old: EntryDesc, now: EntryDesc): boolean {
  if (!valid(old) || !valid(now)) return false;
  if (old.kind !== now.kind || old.oa !== now.oa) return true;
  if (old.prot === null || now.prot === null) return false;
  const a: Attrs = PROTS[old.prot];
  const b: Attrs = PROTS[now.prot];
  return a.mt !== b.mt || a.cont !== b.cont || a.cont || (a.ng && !b.ng);
}

/** Whether two descriptors are the same value (a rewrite with no effect). */
export function sameDesc(a: EntryDesc, b: EntryDesc): boolean {
  return a.kind === b.kind && a.oa === b.oa && a.prot === b.prot;
}
