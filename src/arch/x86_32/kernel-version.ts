/**
 * Kernel versions the x86_32 model knows, and how to compare them.
 *
 * A profile is a release (2.6.26, 2.6.27, 2.6.28), a release candidate of
 * 2.6.27 (where the VMI regression and its fix landed), or a stable point
 * release, which behaves like its base release.
 */
import type { KernelVersion as AnyKernelVersion } from '../types.js';

export interface KernelVersion extends AnyKernelVersion {
  /** as written in the scenario, e.g. "2.6.27-rc1" */
  readonly text: string;
  /** the x in 2.6.x */
  readonly sublevel: number;
  /** release candidate number, or null for the release (and its stable updates) */
  readonly rc: number | null;
  /** totally ordered key: sublevel * 100 + (rc ?? 99) */
  readonly key: number;
}

export const MODELED_SUBLEVELS = [26, 27, 28] as const;
/**
 * Release candidates are modeled for 2.6.27 (rc1 broke VMI, rc3 fixed it) and
 * 2.6.28 (whose rcs still call the combined vmi_init; the vmi_activate split
 * landed for the release).
 */
const RC_SUBLEVELS: readonly number[] = [27, 28];
const MAX_RC = 9;

/** Human list of what `kernel:` accepts, for error messages. */
export const MODELED_KERNELS_TEXT = '2.6.26, 2.6.27-rc1 … 2.6.27-rc9, 2.6.27, 2.6.28-rc1 … 2.6.28-rc9, 2.6.28 (and stable updates, e.g. 2.6.27.10)';

export const NEWEST_KERNEL = '2.6.28';

/** Names offered by did-you-mean and `steps --kernel`. */
export const KERNEL_CHOICES: readonly string[] = [
  '2.6.26',
  ...Array.from({ length: MAX_RC }, (_, i) => `2.6.27-rc${i + 1}`),
  '2.6.27',
  ...Array.from({ length: MAX_RC }, (_, i) => `2.6.28-rc${i + 1}`),
  '2.6.28',
];

export function versionKey(sublevel: number, rc: number | null): number {
  return sublevel * 100 + (rc ?? 99);
}

export type KernelParse = { ok: true; version: KernelVersion } | { ok: false; reason: string };

export function parseKernelVersion(text: string): KernelParse {
  const m = /^2\.6\.(\d+)(?:-rc(\d+)|\.(\d+))?$/.exec(text.trim());
  if (!m) return { ok: false, reason: `"${text}" is not a kernel version of the form 2.6.N, 2.6.N-rcM or 2.6.N.M` };
  const sublevel = Number(m[1]);
  const rc = m[2] === undefined ? null : Number(m[2]);
  if (!(MODELED_SUBLEVELS as readonly number[]).includes(sublevel)) {
    return { ok: false, reason: `kernel ${text} is not modeled` };
  }
  if (rc !== null && (!RC_SUBLEVELS.includes(sublevel) || rc < 1 || rc > MAX_RC)) {
    return { ok: false, reason: `kernel ${text} is not modeled (only 2.6.27 and 2.6.28 release candidates are)` };
  }
  return { ok: true, version: { text: text.trim(), sublevel, rc, key: versionKey(sublevel, rc) } };
}

/** Version key of a kernel string; for bounds written in the catalog (throws on a typo there). */
export function keyOf(text: string): number {
  const p = parseKernelVersion(text);
  if (!p.ok) throw new Error(`internal: bad version bound ${text}`);
  return p.version.key;
}
