/**
 * The boot steps before setup_arch() (step 0), as data in the effect
 * vocabulary, per version (spec §1.1):
 *
 *   v4.4  __create_page_tables, __enable_mmu, __mmap_switched (.bss clear,
 *         memstart_addr = __PHYS_OFFSET, kasan_early_init)
 *   v4.6  the same, then (CONFIG_RANDOMIZE_BASE) kaslr_early_init: when it
 *         returns an offset, __enable_mmu turns the MMU off, runs
 *         __create_page_tables again at the new address and turns it back on
 *         (no TLB invalidation), and __mmap_switched runs again (.bss clear,
 *         kasan_early_init)
 *   v4.7  the same with __primary_switched, and `tlbi vmalle1; dsb nsh`
 *         ("Remove any stale TLB entries") before the MMU goes back on: in
 *         4.7.4, the tree the v4.7 profile is read from
 *         (calebwilliamsd/linux-4.7.4-casio@01851de9 head.S:758-761), a
 *         stable backport: v4.7-rc3 has none
 *         (pgirgis/kernel-linux-4.7-rc3-80211p@65435178 head.S:758-760), so
 *         v4.7.0 most likely had v4.6's hazard (audit-arm64 1)
 *
 * kaslr_early_init()'s answer decides whether the second pass runs, so the
 * passes are two lists and replay.ts chooses.
 */
import type { Effect } from './effects.js';
import { V4_4, V4_7 } from './kernel-version.js';

export interface HeadStep {
  /** the head.S label or C function */
  readonly name: string;
  /** the scenario key the step is about (its findings point there) */
  readonly key: string;
  readonly effects: readonly Effect[];
}

function switched(kernelKey: number): string {
  return kernelKey >= V4_7 ? '__primary_switched' : '__mmap_switched';
}

/** The first pass, up to and including kaslr_early_init. */
export function firstPass(kernelKey: number, kasan: boolean, randomize: boolean): HeadStep[] {
  const steps: HeadStep[] = [
    { name: '__create_page_tables', key: 'setup_arch', effects: [{ op: 'create_page_tables' }] },
    { name: '__enable_mmu', key: 'setup_arch', effects: [{ op: 'enable_mmu' }] },
    {
      name: switched(kernelKey),
      key: 'setup_arch',
      effects: [
        { op: 'clear_bss' },
        ...(kernelKey === V4_4 ? [{ op: 'memstart_from_head' } as const, { op: 'sets', value: 'memstart_addr' } as const] : []),
      ],
    },
  ];
  if (kasan) steps.push({ name: 'kasan_early_init', key: 'config.kasan', effects: [{ op: 'kasan_early_init' }] });
  if (randomize && kernelKey > V4_4) {
    steps.push({
      name: 'kaslr_early_init',
      key: 'machine.kaslr_seed',
      // its early_fixmap_init() (chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/kernel/kaslr.c:95) holds until the
      // second pass's .bss clear, which runs only when KASLR moves the kernel (head.S:496 `cbz x0, 0f`): without a
      // seed or with nokaslr setup_arch's own is not needed
      // (helper-180, 4)
      effects: [{ op: 'kaslr_early_init' }, { op: 'sets', value: 'fixmap' }],
    });
  }
  return steps;
}

/** The second pass, when kaslr_early_init returned an offset. */
export function secondPass(kernelKey: number, kasan: boolean): HeadStep[] {
  const steps: HeadStep[] = [
    {
      name: '__enable_mmu',
      key: 'machine.kaslr_seed',
      effects: [
        { op: 'mmu_off' },
        { op: 'create_page_tables' },
        ...(kernelKey >= V4_7 ? [{ op: 'tlbi_vmalle1' } as const] : []),
        { op: 'enable_mmu' },
      ],
    },
    { name: switched(kernelKey), key: 'machine.kaslr_seed', effects: [{ op: 'clear_bss' }] },
  ];
  if (kasan) steps.push({ name: 'kasan_early_init', key: 'config.kasan', effects: [{ op: 'kasan_early_init' }] });
  return steps;
}
