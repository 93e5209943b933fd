/**
 * The x86_32 releases the model covers: for each 2.6.x, how many release
 * candidates it had and up to which stable point release the model follows
 * its stable series. What changed in each is in history.ts.
 */
export interface ModeledRelease {
  readonly sublevel: number;
  /** release candidates rc1 … maxRc (0: none modeled) */
  readonly maxRc: number;
  /** stable point releases .1 … .maxStable (0: none modeled) */
  readonly maxStable: number;
}

export const MODELED_RELEASES: readonly ModeledRelease[] = [
  { sublevel: 26, maxRc: 0, maxStable: 0 },
  { sublevel: 27, maxRc: 9, maxStable: 62 },
  { sublevel: 28, maxRc: 9, maxStable: 0 },
];

/** The kernel of a scenario without `kernel:`. */
export const NEWEST_KERNEL = '2.6.28';
