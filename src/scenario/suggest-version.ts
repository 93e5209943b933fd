/**
 * Did-you-mean for kernel versions: the nearest modeled version, not the
 * nearest spelling. "2.6.37" is one release past 2.6.36, not a typo of
 * 2.6.27; "2.6.27.58" is of 2.6.27 (stable updates are no choices), not
 * 2.6.27-rc8; "5.13-rc8" is past rc7, not rc1; "v2.6.28" is 2.6.28 where
 * the architecture takes no leading v. Architecture-neutral: a
 * version is dotted numbers with an optional `-rcN` and a leading `v`, the
 * form of every Linux release name.
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
export function suggestVersion(text: string, choices: readonly string[]): string | undefined {
  const want = partsOf(text);
  if (want === undefined) return suggest(text, choices);
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

/** "; did you mean 2.6.36?" or "" (as didYouMean, for versions). */
export function didYouMeanVersion(text: string, choices: readonly string[]): string {
  const s = suggestVersion(text, choices);
  return s === undefined ? '' : `; did you mean ${s}?`;
}
