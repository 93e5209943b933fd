/**
 * The arm64 kernel versions the model knows: three mainline releases, each a
 * profile read from one tree (spec §0 in the commit that added this file):
 *
 *   v4.4  rivsidn/linux-4.4.155 @ a1961d75 (4.4.155). Against 4.4.1
 *         (zanpocc/linux-4.4.1 @ d4321c96) the stable backports the model
 *         reads are: vmemmap's base SECTION_ALIGN_DOWN(memstart_addr)
 *         (asm/pgtable.h:54-56; 4.4.1: VMALLOC_END + SZ_64K), high_memory
 *         set in arm64_memblock_init() before dma_contiguous_reserve()
 *         (mm/init.c:185; 4.4.1: in bootmem_init()), and fixmap_remap_fdt()'s
 *         fdt_magic() (4.4.1: fdt_check_header()) (audit-arm64 2)
 *   v4.6  chenlihao92/archlinux-4.6.5 @ b9b6ded1 (4.6.5)
 *   v4.7  calebwilliamsd/linux-4.7.4-casio @ 01851de9 (4.7.4). Against
 *         v4.7-rc3 (pgirgis/kernel-linux-4.7-rc3-80211p @ 65435178) the
 *         arm64 files the model reads differ in fixmap_remap_fdt()'s
 *         fdt_magic() and in head.S's `tlbi vmalle1` on the KASLR path
 *         (head.S:760-761), both stable backports (audit-arm64 1)
 *
 * Users write "v4.6" (the tag) or "4.6". Stable point releases are not
 * profiles of their own: only 4.4.1 and 4.4.155 were compared, so "4.4.100"
 * would claim more than was read; the message says which profile to use.
 * v4.5 lies between the v4.4 boot code and the v4.6 rework and was not read.
 */
import type { KernelVersion as AnyKernelVersion } from '../types.js';
import { quoted } from '../../scenario/quote.js';

export interface KernelVersion extends AnyKernelVersion {
  /** as written in the scenario, e.g. "v4.6" or "4.6" */
  readonly text: string;
  /** the y of 4.y */
  readonly minor: 4 | 6 | 7;
  /** 400 + minor: 404, 406, 407 */
  readonly key: number;
}

const MINORS = [4, 6, 7] as const;
type Minor = (typeof MINORS)[number];

/** the tree each profile was read from, for messages and `steps` */
export const SOURCE_TREE: Readonly<Record<Minor, string>> = {
  4: 'rivsidn/linux-4.4.155@a1961d75',
  6: 'chenlihao92/archlinux-4.6.5@b9b6ded1',
  7: 'calebwilliamsd/linux-4.7.4-casio@01851de9',
};

export const KERNEL_CHOICES: readonly string[] = MINORS.map((m) => `v4.${m}`);
export const NEWEST_KERNEL = 'v4.7';
export const MODELED_KERNELS_TEXT = 'v4.4, v4.6, v4.7 (also written 4.4, 4.6, 4.7)';

function isMinor(n: number): n is Minor {
  return (MINORS as readonly number[]).includes(n);
}

export type Arm64KernelParse = { ok: true; version: KernelVersion } | { ok: false; reason: string };

export function parseKernelVersion(text: string): Arm64KernelParse {
  const t = text.trim();
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$/.exec(t);
  if (m === null) return { ok: false, reason: `${quoted(text)} is not an arm64 kernel version of the form v4.N (or 4.N)` };
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 4 || !isMinor(minor)) {
    const between = major === 4 && minor === 5 ? ' (v4.5 lies between the v4.4 boot code and the v4.6 rework and was not read)' : '';
    return { ok: false, reason: `kernel ${t} is not modeled for arm64${between}` };
  }
  if (m[3] !== undefined) {
    return {
      ok: false,
      reason: `kernel ${t}: stable point releases are not profiles of their own (the v4.${minor} profile was read from ${SOURCE_TREE[minor]}); write v4.${minor}`,
    };
  }
  return { ok: true, version: { text: t, minor, key: 400 + minor } };
}

/** Key of a version bound written in the catalog ("v4.6"); throws on a typo there. */
export function keyOf(text: string): number {
  const p = parseKernelVersion(text);
  if (!p.ok) throw new Error(`internal: bad arm64 version bound ${text}`);
  return p.version.key;
}

export const V4_4 = 404;
export const V4_6 = 406;
export const V4_7 = 407;
