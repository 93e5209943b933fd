/**
 * The riscv kernels the model covers and how scenarios name them: "5.10" or
 * "v5.10", and the 5.13 release candidates, whose rc1 … rc6 put the BPF JIT
 * region right after the kernel (history.ts). The facts behind each profile
 * were read in these trees (notes/riscv-spec.md §0):
 *   5.10 ejga2001/linux-5.10.7@d71d8a76749740865a4c09adc1efaa81e89104a5
 *   5.12 zhangyinjun/linux-5.12.9@38c16b0cce67918e4433d40bebbf4e34d6a5250f
 *   5.14 Kingdo777/linux-5.14.2-faascale-host@21101b620aaba970fec20c708abad1e5d6422571
 * 5.13 has no tree: its profile follows the commit texts and patch context the
 * spec cites, and says so where it matters.
 */
import type { KernelParse as AnyKernelParse, KernelVersion as AnyKernelVersion } from '../types.js';
import { quoted } from '../../scenario/quote.js';

export interface KernelVersion extends AnyKernelVersion {
  /** as written in the scenario, e.g. "v5.13-rc5" */
  readonly text: string;
  /** the N of 5.N */
  readonly minor: number;
  /** release candidate number, or null for a release */
  readonly rc: number | null;
  /** minor * 10000 + (rc ?? 99) * 100: a release sorts after its candidates */
  readonly key: number;
}

export type KernelParse = { ok: true; version: KernelVersion } | { ok: false; reason: string };

interface ModeledRelease {
  readonly minor: number;
  /** release candidates rc1 … maxRc are profiles of their own (0: none) */
  readonly maxRc: number;
  /** the stable tree the facts were read in, for the message about point releases */
  readonly readIn: string | null;
}

const RELEASES: readonly ModeledRelease[] = [
  { minor: 10, maxRc: 0, readIn: '5.10.7' },
  { minor: 12, maxRc: 0, readIn: '5.12.9' },
  // 5.13-rc7 already has 3a02764c372c (BPF before the kernel); rc1 … rc6 do not.
  { minor: 13, maxRc: 7, readIn: null },
  { minor: 14, maxRc: 0, readIn: '5.14.2' },
];

export const NEWEST_KERNEL = '5.14';

export function versionKey(minor: number, rc: number | null): number {
  return minor * 10000 + (rc ?? 99) * 100;
}

function names(prefix: string): string[] {
  return RELEASES.flatMap((r) => [
    ...Array.from({ length: r.maxRc }, (_, i) => `${prefix}5.${r.minor}-rc${i + 1}`),
    `${prefix}5.${r.minor}`,
  ]);
}

/** Names offered by did-you-mean and `steps --kernel`: "5.10" … and the same with a "v". */
export function kernelChoices(): readonly string[] {
  return [...names(''), ...names('v')];
}

/** Human list of what `kernel:` accepts. */
export const MODELED_KERNELS_TEXT = '5.10, 5.12, 5.13-rc1 … rc7, 5.13, 5.14 (a leading "v" is accepted: v5.14)';

function modeled(): string {
  return RELEASES.map((r) => `5.${r.minor}`).join(', ');
}

export function parseKernelVersion(text: string): KernelParse {
  const trimmed = text.trim();
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-rc([1-9]\d*)|\.(0|[1-9]\d*))?$/.exec(trimmed);
  if (m === null) return { ok: false, reason: `${quoted(text)} is not a kernel version of the form 5.N, v5.N or 5.N-rcM` };
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const rc = m[3] === undefined ? null : Number(m[3]);
  const release = major === 5 ? RELEASES.find((r) => r.minor === minor) : undefined;
  if (release === undefined) {
    const why = major === 5 && minor === 11 ? 'no 5.11 tree was read, 5.10 and 5.12 bracket it' : `riscv releases ${modeled()} are`;
    return { ok: false, reason: `kernel ${trimmed} is not modeled (${why})` };
  }
  if (m[4] !== undefined) {
    const read = release.readIn !== null ? ` (the 5.${minor} profile follows the ${release.readIn} source)` : '';
    return { ok: false, reason: `kernel ${trimmed} is not modeled: stable point releases may carry backports the model does not follow, such as 85fadc0d0411: write 5.${minor}${read}` };
  }
  if (rc !== null && (rc < 1 || rc > release.maxRc)) {
    return { ok: false, reason: release.maxRc === 0
      ? `kernel ${trimmed} is not modeled (no release candidate of 5.${minor} is: none changed what the model encodes)`
      : `kernel ${trimmed} is not modeled (5.${minor} release candidates rc1 … rc${release.maxRc} are)` };
  }
  return { ok: true, version: { text: trimmed, minor, rc, key: versionKey(minor, rc) } };
}

/** The modeled releases (5.10, 5.12, …; a release stands for its candidates too) whose kernel satisfies a predicate. */
export function releasesWhere(pred: (k: KernelVersion) => boolean): string[] {
  return RELEASES.flatMap((r) => (pred({ text: `5.${r.minor}`, minor: r.minor, rc: null, key: versionKey(r.minor, null) }) ? [`5.${r.minor}`] : []));
}

/** The KernelVersion of a bound written in history.ts (throws on a typo there). */
export function keyOf(text: string): number {
  const p = parseKernelVersion(text);
  if (!p.ok) throw new Error(`internal: bad version bound ${text}`);
  return p.version.key;
}

/** The generic view of parseKernelVersion (for the plug-in contract). */
export function parseAny(text: string): AnyKernelParse {
  return parseKernelVersion(text);
}

/** What R510/R512/R514 in citations stand for, as `explain` prints it (repo@sha of the tree each line number is from). */
export const SOURCE_TREES_TEXT = 'R510 = ejga2001/linux-5.10.7@d71d8a767497, R512 = zhangyinjun/linux-5.12.9@38c16b0cce67, '
  + 'R514 = Kingdo777/linux-5.14.2-faascale-host@21101b620aab (paths under arch/riscv/ unless they say otherwise)';
