/**
 * Variant names: the stable name of one combination of a `matrix:`, the axis
 * values in axis order, e.g. "hypervisor=xen,memory=4GiB"; reports write
 * `file.yaml[hypervisor=xen,memory=4GiB]` (scenario/types.ts displayName).
 * Also the two ways a user picks variants: `--variant PATTERN` (a glob over
 * the name) and `file.yaml[key=value,…]` in place of a file name.
 */

export interface VariantPair {
  /** the axis as the name shows it: its last key ("memory"), or the whole path when two axes share it */
  readonly key: string;
  /** the value as written in the file ("4GiB", "true", "0xfc000000") */
  readonly value: string;
}

/** Values that would make a name ambiguous are written as JSON strings. */
const NEEDS_QUOTES = /[,[\]="\\\s]|^$/;

export function quoteValue(value: string): string {
  return NEEDS_QUOTES.test(value) ? JSON.stringify(value) : value;
}

export function variantName(pairs: readonly VariantPair[]): string {
  return pairs.map((p) => `${p.key}=${quoteValue(p.value)}`).join(',');
}

/** The pairs of a name (or of a selector such as "hypervisor=vmi"); null when it is not key=value,… */
export function parseVariantName(name: string): VariantPair[] | null {
  const pairs: VariantPair[] = [];
  let i = 0;
  while (i < name.length) {
    const eq = name.indexOf('=', i);
    if (eq <= i) return null;
    const key = name.slice(i, eq);
    if (/[,[\]"\s]/.test(key)) return null;
    let j = eq + 1;
    let value: string;
    if (name[j] === '"') {
      // a JSON string: find its closing quote, skipping escapes
      let k = j + 1;
      while (k < name.length && name[k] !== '"') k += name[k] === '\\' ? 2 : 1;
      if (k >= name.length) return null;
      try {
        value = String(JSON.parse(name.slice(j, k + 1)));
      } catch {
        return null;
      }
      j = k + 1;
    } else {
      const comma = name.indexOf(',', j);
      const end = comma < 0 ? name.length : comma;
      value = name.slice(j, end);
      j = end;
    }
    pairs.push({ key, value });
    if (j < name.length && name[j] !== ',') return null;
    i = j + 1;
    if (j === name.length - 1) return null; // a trailing comma
  }
  return pairs.length > 0 ? pairs : null;
}

/** A shell-style glob: `*` any run of characters, `?` one; everything else literal. */
export function globMatch(pattern: string, text: string): boolean {
  let re = '^';
  for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${re}$`, 's').test(text);
}

/**
 * `file.yaml[hypervisor=vmi]` → the file and the selector; null when the
 * text does not end in a bracketed selector.
 */
export function splitSelector(arg: string): { file: string; selector: string } | null {
  const m = /^(.+)\[([^[\]]*(?:"[^"]*"[^[\]]*)*)\]$/.exec(arg);
  if (m === null || m[1] === undefined || m[2] === undefined) return null;
  return { file: m[1], selector: m[2] };
}

/**
 * Whether a variant is picked by a selector: every key=value of the
 * selector is one of the variant's (values may be globs), so
 * `[hypervisor=vmi]` picks the VMI variants of any matrix. A selector that
 * is not key=value,… is a glob over the whole name.
 */
export function selectorMatches(selector: string, name: string): boolean {
  const wanted = parseVariantName(selector);
  if (wanted === null) return globMatch(selector, name);
  const have = parseVariantName(name) ?? [];
  return wanted.every((w) => have.some((h) => h.key === w.key && globMatch(w.value, h.value)));
}
