/**
 * Kernel history as the model needs it: every change of modeled behaviour,
 * with the mainline version that first has it, the stable point releases it
 * was backported to, and its commit. Behaviour is selected with has(), never
 * with a version range, because a stable backport reaches 2.6.27.10 before
 * the mainline release candidate it came from is in every later kernel.
 */
import { versionKey, type KernelVersion } from './kernel-version.js';

export interface Change {
  /** the first mainline version (release or rc) that has it */
  readonly mainline: string;
  /** stable series → first point release that has the backport, e.g. { '2.6.27': 8 } */
  readonly backports?: Readonly<Record<string, number>>;
  /** upstream commit (short sha) and subject */
  readonly commit: string;
  readonly subject: string;
  /** the stable commit(s), where there was a backport */
  readonly stableCommits?: Readonly<Record<string, string>>;
}

const keys = new Map<Change, number>();

function mainlineKey(c: Change): number {
  let k = keys.get(c);
  if (k === undefined) {
    // not parseKernelVersion: a change may land in an rc the model does not offer as a profile
    const m = /^2\.6\.(\d+)(?:-rc(\d+))?$/.exec(c.mainline);
    if (m === null) throw new Error(`internal: bad mainline version ${c.mainline} of ${c.commit}`);
    k = versionKey(Number(m[1]), m[2] === undefined ? null : Number(m[2]));
    keys.set(c, k);
  }
  return k;
}

/** Whether a kernel has a change: mainline at or after it, or a stable release at or after its backport. */
export function has(kernel: KernelVersion, c: Change): boolean {
  if (kernel.stable !== null) {
    const since = c.backports?.[`2.6.${kernel.sublevel}`];
    if (since !== undefined && kernel.stable >= since) return true;
    // a stable update has what its release had
    return versionAtLeast(kernel.sublevel, null, c);
  }
  return versionAtLeast(kernel.sublevel, kernel.rc, c);
}

function versionAtLeast(sublevel: number, rc: number | null, c: Change): boolean {
  return versionKey(sublevel, rc) >= mainlineKey(c);
}

// ---------------------------------------------------------------------------
// The changes. Commits were read in caglar10ur/linux-2.6.27.y (mainline to
// 2.6.27 + 2.6.27.y to 2.6.27.57) and dandel/linux-2.6.32.y (mainline to
// 2.6.32); "first in" was checked with `git merge-base --is-ancestor` against
// the "Linux 2.6.x[-rcN]" commits.

/**
 * i386: vmalloc size fix (Dave Young): vmalloc=SIZE sets __VMALLOC_RESERVE to
 * SIZE + VMALLOC_OFFSET; MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE;
 * VMALLOC_START = high_memory + VMALLOC_OFFSET (arch/x86/mm/pgtable_32.c,
 * include/asm-x86/page_32.h, pgtable_32.h). Not in 2.6.27.y (checked to .57).
 */
export const VMALLOC_SIZE_FIX: Change = { mainline: '2.6.28-rc1', commit: 'e621bd18958e', subject: 'i386: vmalloc size fix' };

/**
 * x86, 32-bit: Fix double accounting in reserve_top_address() (Jan Beulich):
 * since 2.6.28 MAXMEM includes VMALLOC_END, which moves with FIXADDR_TOP, so
 * reserve_top_address() stops adding the reserve to __VMALLOC_RESERVE
 * (arch/x86/mm/pgtable.c).
 */
export const RESERVE_TOP_NO_DOUBLE_ACCOUNTING: Change = { mainline: '2.6.31-rc6', commit: '6abf65510944', subject: 'x86, 32-bit: Fix double accounting in reserve_top_address()' };

/**
 * xen: do not reserve 2 pages of padding between hypervisor and fixmap (Ian
 * Campbell): xen_reserve_top() reserves -HYPERVISOR_VIRT_START instead of
 * -HYPERVISOR_VIRT_START + 2 * PAGE_SIZE (arch/x86/xen/enlighten.c). Stable:
 * 996d332bda in 2.6.27.8 (not in 2.6.27.7).
 */
export const XEN_RESERVE_NO_PADDING: Change = {
  mainline: '2.6.28-rc1', backports: { '2.6.27': 8 }, stableCommits: { '2.6.27': '996d332bda' },
  commit: '5dc64a3442b9', subject: 'xen: do not reserve 2 pages of padding between hypervisor and fixmap.',
};
