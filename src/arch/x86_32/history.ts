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
