/**
 * Did-you-mean for kernel versions: the nearest modeled version, not the
 * nearest spelling. "2.6.37" is one release past 2.6.36, not a typo of
 * 2.6.27; "2.6.27.58" is of 2.6.27 (stable updates are no choices), not
 * 2.6.27-rc8; "5.13-rc8" is past rc7, not rc1; "v2.6.28" is 2.6.28 where
 * the architecture takes no leading v; "linux-2.6.30", "Linux 2.6.30" are
 * 2.6.30 as a tarball or a banner names it; "2.6.3" is cut short, and as
 * likely 2.6.30 as 2.6.36, so it gets them all ("one of 2.6.30 … 2.6.36"),
 * not one guess; "2.6.27.06" is 2.6.27.6 and "2.6.27-rc01" 2.6.27-rc1
 * (a leading zero written; stable updates are no choices, so the
 * architecture's parser says whether the plain spelling is modeled).
 * Architecture-neutral: a version is dotted numbers with an
 * optional `-rcN` and a leading `v`, the form of every Linux release name.
 */
import { suggest } from './suggest.js';

/** A version's parts: numbers, and `rcN` as its own part (`2.6.27-rc1` → 2, 6, 27, rc1). */
type Part = { readonly rc: boolean; readonly n: number };

const VERSION = /^v?\d+(?:\.\d+)*(?:-rc\d+)?(?:\.\d+)?$/i;

function partsOf(text: string): Part[] | undefined {
  if (!VERSION.test(text)) return undefined;
  return text.replace(/^v/i, '').split(/[.-]/).map((p) => (/^rc/i.test(p) ? { rc: true, n: Number(p.slice(2)) } : { rc: false, n: Number(p) }));
}

/** How far apart two parts at the first place they differ are; a number against an rc, or a missing part, is far. */
const FAR = 1_000;

/** A leading "linux-", "Linux ", "linux_" (a tarball's or a banner's spelling): not part of the version. */
function withoutLinux(text: string): string {
  return text.trim().replace(/^linux[-_\s]*/i, '');
}

/**
 * The choices `want` is a cut-short spelling of: the same parts but one
 * number, whose digits begin with the number written (2.6.3 → 2.6.30 …
 * 2.6.36; 5.1 → 5.10, 5.12, 5.13, 5.14), in the order of `choices`.
 */
function extensionsOf(want: readonly Part[], choices: readonly string[]): string[] {
  // one spelling of each version (riscv takes 5.10 and v5.10): the first
  const seen = new Set<string>();
  return choices.filter((choice) => {
    const have = partsOf(choice);
    if (have === undefined || have.length !== want.length) return false;
    const key = have.map((p) => `${p.rc ? 'rc' : ''}${p.n}`).join('.');
    if (seen.has(key)) return false;
    let longer = 0;
    for (let i = 0; i < want.length; i++) {
      const a = want[i] as Part;
      const b = have[i] as Part;
      if (a.rc !== b.rc) return false;
      if (a.n === b.n) continue;
      if (!String(b.n).startsWith(String(a.n))) return false;
      longer++;
    }
    if (longer === 1) seen.add(key);
    return longer === 1;
  });
}

/**
 * The closest of `choices` to a version `text`: the most leading parts in
 * common, then the smallest step at the first part that differs, then the
 * fewest parts (a release before its rcs and stable updates). Only a choice
 * that differs from `text` in one place counts (no suggestion for 3.0
 * among 2.6.x); a text that is no version gets the nearest spelling
 * (suggest).
 *
 * @returns a choice, or undefined when none is close
 */
function nearestVersion(want: readonly Part[], choices: readonly string[]): string | undefined {
  let best: { choice: string; common: number; step: number; length: number } | undefined;
  for (const choice of choices) {
    const have = partsOf(choice);
    if (have === undefined) continue;
    let common = 0;
    while (common < want.length && common < have.length && want[common]?.rc === have[common]?.rc && want[common]?.n === have[common]?.n) common++;
    // the same version in the spelling the architecture takes (v2.6.28 for x86_32's 2.6.28): that one
    if (common === want.length && common === have.length) return choice;
    if (common < Math.min(want.length, have.length) - 1) continue;
    const a = want[common];
    const b = have[common];
    const step = a === undefined || b === undefined || a.rc !== b.rc ? FAR : Math.abs(a.n - b.n);
    const candidate = { choice, common, step, length: have.length };
    if (best === undefined || common > best.common || (common === best.common && (step < best.step || (step === best.step && have.length < best.length)))) best = candidate;
  }
  return best?.choice;
}

/**
 * "2.6.30 … 2.6.36" when the choices differ in one number and it counts up
 * by one, else "5.10, 5.12, 5.13, 5.14".
 */
function listText(list: readonly string[]): string {
  const numbers = list.map((c) => partsOf(c)?.map((p) => p.n) ?? []);
  const at = numbers[0]?.findIndex((n, i) => numbers.some((m) => m[i] !== n)) ?? -1;
  const run = list.length > 2 && at >= 0 && numbers.every((m, j) => m[at] === (numbers[0]?.[at] ?? 0) + j);
  return run ? `${list[0] ?? ''} … ${list[list.length - 1] ?? ''}` : list.join(', ');
}

/**
 * `text` with the leading zeros of its numbers dropped (2.6.27.06 → 2.6.27.6,
 * 2.6.27-rc01 → 2.6.27-rc1), or undefined when it is no version or has none.
 */
function withoutLeadingZeros(text: string): string | undefined {
  if (!VERSION.test(text)) return undefined;
  const plain = text.replace(/(^|[.-]|rc|^v)0+(?=\d)/gi, '$1');
  return plain === text ? undefined : plain;
}

/**
 * What to offer for a version `text` the architecture does not model, as
 * the words after "did you mean": a choice (the nearest version, nearestVersion),
 * "one of 2.6.30 … 2.6.36" for a version cut short that several choices
 * begin with, or the nearest spelling for a text that is no version.
 * A leading "linux-"/"Linux " is read past. A version written with a
 * leading zero (2.6.27.06) is offered without it when `modeled` takes that
 * spelling, as a stable update is, which `choices` do not list.
 *
 * @param modeled whether the architecture models a version text (its KernelScheme.parse)
 * @returns the words, or undefined when nothing is close
 */
export function suggestVersion(text: string, choices: readonly string[], modeled?: (text: string) => boolean): string | undefined {
  const plain = withoutLeadingZeros(withoutLinux(text));
  if (plain !== undefined && modeled !== undefined) {
    // in the spelling the architecture takes: with or without the leading v
    const bare = plain.replace(/^v/i, '');
    const spelling = [plain, bare, `v${bare}`].find((t) => modeled(t));
    if (spelling !== undefined) return spelling;
  }
  const want = partsOf(withoutLinux(text));
  if (want === undefined) return suggest(text, choices);
  const nearest = nearestVersion(want, choices);
  // the same version in another spelling (v2.6.28, linux-2.6.28) is the answer
  if (nearest !== undefined && partsOf(nearest)?.length === want.length && partsOf(nearest)?.every((p, i) => p.rc === want[i]?.rc && p.n === want[i]?.n)) return nearest;
  const extensions = extensionsOf(want, choices);
  if (extensions.length > 1) return `one of ${listText(extensions)}`;
  return extensions[0] ?? nearest;
}

/** " (did you mean 2.6.36?)" or "" (as didYouMean, for versions). */
export function didYouMeanVersion(text: string, choices: readonly string[], modeled?: (text: string) => boolean): string {
  const s = suggestVersion(text, choices, modeled);
  return s === undefined ? '' : ` (did you mean ${s}?)`;
}
