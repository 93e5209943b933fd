/** The inputs diff: kernel, architecture, and every config/machine key whose value differs. */
import type { InputValue } from '../arch/types.js';

export interface InputChange {
  readonly key: string;
  /** undefined when that side has no such key (another architecture) */
  readonly a: string | undefined;
  readonly b: string | undefined;
}

/** Both sides' inputs, led by kernel and arch, in A's order then B's extra keys; only the ones that differ. */
export function diffInputs(a: readonly InputValue[], b: readonly InputValue[]): InputChange[] {
  const keys = [...new Set([...a.map((x) => x.key), ...b.map((x) => x.key)])];
  return keys.flatMap((key) => {
    const x = a.find((v) => v.key === key)?.value;
    const y = b.find((v) => v.key === key)?.value;
    return x === y ? [] : [{ key, a: x, b: y }];
  });
}
