/**
 * Kernel versions the x86_32 model knows, and how to compare them.
 *
 * A profile is a mainline release (2.6.26 …), one of its release candidates,
 * or a stable point release (2.6.27.8). Stable point releases are kernels of
 * their own: they carry the backports that had landed by then (history.ts
 * says which), so 2.6.27.10 is not 2.6.27.
 */
import type { KernelVersion as AnyKernelVersion } from '../types.js';
import { MODELED_RELEASES, NEWEST_KERNEL, type ModeledRelease } from './releases.js';
import { quoted } from '../../scenario/quote.js';

export { NEWEST_KERNEL };

export interface KernelVersion extends AnyKernelVersion {
  /** as written in the scenario, e.g. "2.6.27-rc1" */
  readonly text: string;
  /** the x in 2.6.x */
  readonly sublevel: number;
  /** release candidate number, or null for a release (and its stable updates) */
  readonly rc: number | null;
  /** the stable point release (the 8 in 2.6.27.8), or null */
  readonly stable: number | null;
  /**
   * totally ordered key: sublevel * 10000 + (rc ?? 99) * 100 + (stable ?? 0).
   * The order is history's order within a series; across series a stable
   * update sorts before the next release's rc1, although it may carry a
   * backport that the next release's early rcs lack: use has() (history.ts)
   * for behaviour, never a key range.
   */
  readonly key: number;
}

export function versionKey(sublevel: number, rc: number | null, stable: number | null = null): number {
  return sublevel * 10000 + (rc ?? 99) * 100 + (stable ?? 0);
}

function releaseOf(sublevel: number): ModeledRelease | undefined {
  return MODELED_RELEASES.find((r) => r.sublevel === sublevel);
}

/**
 * Human list of what `kernel:` accepts, for error messages: "2.6.26; 2.6.27 (-rc1 … -rc9, .1 … .57); …".
 * The release comes first and its candidates and stable updates after it in parentheses, each with its
 * own prefix, so a reader sees that 2.6.27 itself is modeled (the older "2.6.27-rc1 … 9, .1 … 57" did not say).
 */
export const MODELED_KERNELS_TEXT = MODELED_RELEASES.map((r) => {
  const parts: string[] = [];
  if (r.maxRc > 0) parts.push(r.maxRc === 1 ? '-rc1' : `-rc1 … -rc${r.maxRc}`);
  if (r.maxStable > 0) parts.push(r.maxStable === 1 ? '.1' : `.1 … .${r.maxStable}`);
  return parts.length === 0 ? `2.6.${r.sublevel}` : `2.6.${r.sublevel} (${parts.join(', ')})`;
}).join('; ');

/** Names offered by did-you-mean and `steps --kernel`: every release and release candidate (stable updates are too many to list). */
export const KERNEL_CHOICES: readonly string[] = MODELED_RELEASES.flatMap((r) => [
  ...Array.from({ length: r.maxRc }, (_, i) => `2.6.${r.sublevel}-rc${i + 1}`),
  `2.6.${r.sublevel}`,
]);

export type KernelParse = { ok: true; version: KernelVersion } | { ok: false; reason: string };

export function parseKernelVersion(text: string): KernelParse {
  // rc0 and .0 are read, so that the range checks below say what exists (not "not of the form")
  const m = /^2\.6\.([1-9]\d*)(?:-rc(0|[1-9]\d*)|\.(0|[1-9]\d*))?$/.exec(text.trim());
  if (!m) return { ok: false, reason: `${quoted(text)} is not a kernel version of the form 2.6.N, 2.6.N-rcM or 2.6.N.M` };
  const sublevel = Number(m[1]);
  const rc = m[2] === undefined ? null : Number(m[2]);
  const stable = m[3] === undefined ? null : Number(m[3]);
  const release = releaseOf(sublevel);
  if (release === undefined) {
    const first = MODELED_RELEASES[0]?.sublevel ?? 0;
    const last = MODELED_RELEASES[MODELED_RELEASES.length - 1]?.sublevel ?? 0;
    return { ok: false, reason: `kernel ${text} is not modeled (x86_32 releases 2.6.${first} … 2.6.${last} are)` };
  }
  if (rc !== null && (rc < 1 || rc > release.maxRc)) {
    return { ok: false, reason: release.maxRc === 0
      ? `kernel ${text} is not modeled (no release candidate of 2.6.${sublevel} is: none changed what the model encodes)`
      : `kernel ${text} is not modeled (2.6.${sublevel} had release candidates rc1 … rc${release.maxRc})` };
  }
  if (stable !== null && (stable < 1 || stable > release.maxStable)) {
    return { ok: false, reason: release.maxStable === 0
      ? `kernel ${text} is not modeled (no stable update of 2.6.${sublevel} is)`
      : `kernel ${text} is not modeled (stable updates 2.6.${sublevel}.1 … 2.6.${sublevel}.${release.maxStable} are)` };
  }
  return { ok: true, version: { text: text.trim(), sublevel, rc, stable, key: versionKey(sublevel, rc, stable) } };
}

/** Version key of a kernel string; for bounds written in the catalog (throws on a typo there). */
export function keyOf(text: string): number {
  const p = parseKernelVersion(text);
  if (!p.ok) throw new Error(`internal: bad version bound ${text}`);
  return p.version.key;
}

/** The x86_32 version of a kernel the loader parsed (its text read again), or null when there is none or it is not one. */
export function x86Kernel(kernel: AnyKernelVersion | undefined): KernelVersion | null {
  if (kernel === undefined) return null;
  const p = parseKernelVersion(kernel.text);
  return p.ok ? p.version : null;
}
