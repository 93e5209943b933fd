/**
 * The x86_32 releases the model covers: every release that had VMI, 2.6.26 –
 * 2.6.36 (VMI is gone in 2.6.37: no arch/x86/kernel/vmi_32.c and no
 * CONFIG_VMI in a 2.6.37 tree; d0153ca35d34 had scheduled its removal for
 * "2.6.37 or earlier"), with how many release candidates each had and up to
 * which stable point release the model follows its stable series. What
 * changed in each is in history.ts and setup-arch-history.ts.
 *
 * The rc counts are the "Linux 2.6.N-rcM" commits of the mainline history in
 * DerArtem/android-tegra-2.6.36-hc-dev (Makefile EXTRAVERSION checked).
 * 2.6.26's candidates are not modeled (the model starts at 2.6.26). Stable
 * series: 2.6.27.y to .57 (caglar10ur/linux-2.6.27.y), 2.6.32.y to .28
 * (dandel/linux-2.6.32.y), 2.6.36.y to .3 (the tegra tree); the stable
 * series 2.6.28.y – 2.6.31.y and 2.6.33.y – 2.6.35.y are not modeled (no
 * source with their history was found).
 */
export interface ModeledRelease {
  readonly sublevel: number;
  /** release candidates rc1 … maxRc (0: none modeled) */
  readonly maxRc: number;
  /** stable point releases .1 … .maxStable (0: none modeled) */
  readonly maxStable: number;
  /** the "Linux 2.6.N" commit (mainline) */
  readonly commit: string;
}

export const MODELED_RELEASES: readonly ModeledRelease[] = [
  { sublevel: 26, maxRc: 0, maxStable: 0, commit: 'bce7f793dae' },
  { sublevel: 27, maxRc: 9, maxStable: 57, commit: '3fa8749e584' },
  { sublevel: 28, maxRc: 9, maxStable: 0, commit: '4a6908a3a05' },
  { sublevel: 29, maxRc: 8, maxStable: 0, commit: '8e0ee43bc2c' },
  { sublevel: 30, maxRc: 8, maxStable: 0, commit: '07a2039b8eb' },
  { sublevel: 31, maxRc: 9, maxStable: 0, commit: '74fca6a4286' },
  // "Linux 2.6.32-rc1" (17d857be649) already says EXTRAVERSION = -rc2 (an
  // upstream slip; the next one is rc3): 2.6.32-rc2 is that same tree.
  { sublevel: 32, maxRc: 8, maxStable: 28, commit: '22763c5cf36' },
  { sublevel: 33, maxRc: 8, maxStable: 0, commit: '60b341b778c' },
  { sublevel: 34, maxRc: 7, maxStable: 0, commit: 'e40152ee1e1' },
  { sublevel: 35, maxRc: 6, maxStable: 0, commit: '9fe6206f400' },
  { sublevel: 36, maxRc: 8, maxStable: 3, commit: 'f6f94e2ab1b' },
];

/** The kernel of a scenario without `kernel:`. */
export const NEWEST_KERNEL = '2.6.36';
