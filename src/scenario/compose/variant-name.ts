/**
 * Variant names: the stable name of one combination of a `matrix:`, the axis
 * values in axis order, e.g. "hypervisor=xen,memory=4GiB"; reports write
 * `file.yaml[hypervisor=xen,memory=4GiB]` (scenario/types.ts displayName).
 * Also the two ways a user picks variants: `--variant PATTERN` (a glob over
 * the name) and `file.yaml[key=value,…]` in place of a file name. An
 * unquoted value of a selector is a glob; a quoted one is literal, so the
 * name a report shows (which quotes `*` and `?`) picks that variant alone.
 */
import { lazyPattern, quoteText, unquoteText } from '../../escape.js';
import { keptUpTo } from '../../memo.js';
import { lastKey } from '../key-path.js';
import { suggest } from '../suggest.js';
import { clipped } from '../quote.js';
import { parseSize } from '../size.js';

export interface VariantPair {
  /** the axis as the name shows it: its last key ("memory"), or the whole path when two axes share it */
  readonly key: string;
  /** the value as written in the file ("4GiB", "true", "0xfc000000") */
  readonly value: string;
}

/**
 * Values that would make a name ambiguous, that a selector would read as a
 * glob (`*`, `?`), or that hold characters text output shows as escapes,
 * are written quoted (quoteText: `"a b"`, `"foo*bar"`, `"x\x01\"y"`). Text
 * output leaves such a name as it is, and a quoted selector value is
 * literal, so the name a report shows is the selector that picks it alone.
 */
const NEEDS_QUOTES = lazyPattern(() => /[,[\]="\\*?\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|^$/u);

export function quoteValue(value: string): string {
  return NEEDS_QUOTES().test(value) ? quoteText(value) : value;
}

/** One pair as a variant name writes it: `memory=4GiB`, `name="a b"`. */
export function variantNamePart(pair: VariantPair): string {
  return `${pair.key}=${quoteValue(pair.value)}`;
}

export function variantName(pairs: readonly VariantPair[]): string {
  return pairs.map(variantNamePart).join(',');
}

/** The pairs of a name (or of a selector such as "hypervisor=vmi"); null when it is not key=value,… */
export function parseVariantName(name: string): VariantPair[] | null {
  return readPairs(name);
}

/**
 * parseVariantName(), and into `quoted` (when given) whether each pair's
 * value was written quoted: a selector's quoted value is literal.
 */
function readPairs(name: string, quoted?: boolean[]): VariantPair[] | null {
  const pairs: VariantPair[] = [];
  let i = 0;
  while (i < name.length) {
    const eq = name.indexOf('=', i);
    if (eq <= i) return null;
    const key = name.slice(i, eq);
    if (/[,[\]"\s]/.test(key)) return null;
    // no key has `*` or `?`: such a selector is a glob over the whole name (`*memory=4GiB*`, break-218 N4), unless it
    // quotes a value, which a whole-name glob would not keep literal (break-219 F7: `*cmdline="a*b"*` picked "a b")
    if (/[*?]/.test(key) && !name.includes('"')) return null;
    let j = eq + 1;
    let value: string;
    if (name[j] === '"') {
      // a quoted value (quoteText; JSON strings of earlier names read too): find its closing quote, skipping escapes
      let k = j + 1;
      while (k < name.length && name[k] !== '"') k += name[k] === '\\' ? 2 : 1;
      if (k >= name.length) return null;
      const unquoted = unquoteText(name.slice(j, k + 1));
      if (unquoted === null) return null;
      value = unquoted;
      j = k + 1;
      quoted?.push(true);
    } else {
      const comma = name.indexOf(',', j);
      const end = comma < 0 ? name.length : comma;
      value = name.slice(j, end);
      j = end;
      quoted?.push(false);
    }
    pairs.push({ key, value });
    if (j < name.length && name[j] !== ',') return null;
    i = j + 1;
    if (j === name.length - 1) return null; // a trailing comma
  }
  return pairs.length > 0 ? pairs : null;
}

const QUESTION = 0x3f; // ?

/** Whether `segment` (no `*`; `?` one code unit) matches `text` at `at` (the caller keeps it inside the text). */
function segmentAt(segment: string, text: string, at: number): boolean {
  for (let j = 0; j < segment.length; j++) {
    const c = segment.charCodeAt(j);
    if (c !== QUESTION && c !== text.charCodeAt(at + j)) return false;
  }
  return true;
}

/**
 * The leftmost place of `segment` in `text` from `from` that ends by `end`, or -1. Without `?` (`wild` false) that is
 * String.prototype.indexOf (linear: V8's Boyer–Moore search); a segment with `?` is tried at each place,
 * |segment| × places steps (globSteps counts them, max-glob-steps bounds them per file).
 */
function findSegment(segment: string, wild: boolean, text: string, from: number, end: number): number {
  if (!wild) {
    const at = text.indexOf(segment, from);
    return at >= 0 && at + segment.length <= end ? at : -1;
  }
  for (let at = from; at + segment.length <= end; at++) if (segmentAt(segment, text, at)) return at;
  return -1;
}

/**
 * A shell-style glob: `*` any run of characters (newlines too), `?` one
 * UTF-16 code unit; everything else literal, compared code unit by code
 * unit.
 *
 * The pattern is split at its stars: the part before the first must start
 * the text, the part after the last must end it, and each part between is
 * placed at its leftmost place after the one before (a later part never
 * gains from an earlier one placed further right, so the greedy placement
 * finds a match whenever there is one). A part without `?` is found with
 * indexOf, so most patterns cost |text| + |pattern|; a part between two
 * stars with `?` in it is tried at each place (globSteps). Selectors come
 * from scenario files and command lines: a backtracking RegExp took minutes
 * on `*a*a*a*a*a*a*a*ab` against 60 a's, and the one-backtrack-point matcher
 * after it |pattern| × |text| steps on every pattern, seconds for one
 * `cmdline=*<900 a's>b` entry over 512 variants (break-216 F3).
 */
export function globMatch(pattern: string, text: string): boolean {
  return compileGlob(pattern)(text);
}

/** globMatch with its pattern split once: for one pattern over many texts (a selector part over every variant). */
export function compileGlob(pattern: string): (text: string) => boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return (text) => pattern.length === text.length && segmentAt(pattern, text, 0);
  const last = pattern.lastIndexOf('*');
  const head = pattern.slice(0, star);
  const tail = pattern.slice(last + 1);
  // each part and whether it holds a `?` (asked once here, not on every text: the part may be thousands of characters)
  const middle = pattern.slice(star + 1, last).split('*').filter((segment) => segment !== '').map((segment) => ({ segment, wild: segment.includes('?') }));
  return (text) => {
    if (head.length + tail.length > text.length) return false;
    const end = text.length - tail.length;
    if (!segmentAt(head, text, 0) || !segmentAt(tail, text, end)) return false;
    let at = head.length;
    for (const { segment, wild } of middle) {
      const found = findSegment(segment, wild, text, at, end);
      if (found < 0) return false;
      at = found + segment.length;
    }
    return true;
  };
}

/**
 * What globMatch(pattern, text) may cost beyond |text| + |pattern| for a text of `textLength` code units:
 * |part| × |text| for each part between two stars that has a `?` in it (findSegment tries it at each
 * place); 0 for every other pattern.
 */
export function globSteps(pattern: string, textLength: number): number {
  const star = pattern.indexOf('*');
  const last = pattern.lastIndexOf('*');
  if (star < 0 || last === star) return 0;
  let steps = 0;
  for (const segment of pattern.slice(star + 1, last).split('*')) if (segment.includes('?')) steps += segment.length * textLength;
  return steps;
}

/**
 * `file.yaml[hypervisor=vmi]` → the file and the selector; null when the
 * text does not end in a bracketed selector.
 */
export function splitSelector(arg: string): { file: string; selector: string } | null {
  // a quoted value may hold brackets and escaped quotes ("a[2]\"b")
  const m = /^(.+?)\[([^[\]"]*(?:"(?:[^"\\]|\\.)*"[^[\]"]*)*)\]$/s.exec(arg);
  if (m !== null && m[1] !== undefined && m[2] !== undefined) {
    // `mx.yaml[a=b][c=d]`: a selector per pair, kept as one selector `a=b][c=d` of mx.yaml, which
    // selectorFault says how to write, rather than a file named mx.yaml[a=b] that does not exist
    const inner = parseVariantName(m[2]) === null ? null : splitSelector(m[1]);
    if (inner !== null && parseVariantName(inner.selector) !== null) return { file: inner.file, selector: `${inner.selector}][${m[2]}` };
    return { file: m[1], selector: m[2] };
  }
  // brackets inside an unquoted value (`x.yaml[cmdline=[x]]`): split at the first '[', so that the
  // selector, not a missing file, is what the message is about
  const open = arg.indexOf('[');
  return open > 0 && arg.endsWith(']') ? { file: arg.slice(0, open), selector: arg.slice(open + 1, -1) } : null;
}

/**
 * The key paths of a matrix's variant-name keys: "memory" → "machine.memory",
 * "pge" → "machine.cpu.pge" (a key that is a whole path maps to itself).
 */
export type KeyPaths = ReadonlyMap<string, string>;

/** KeyPaths of a matrix's keys and their paths, as MatrixInfo lists them (in the same order). */
export function keyPaths(keys: readonly string[], paths: readonly string[]): KeyPaths {
  return new Map(keys.map((k, i) => [k, paths[i] ?? k]));
}

/**
 * A selector read once, for matching many names: whether the variant
 * `name` is picked. `pairs` is parseVariantName(name) when the caller has
 * it (a name read once for many selectors).
 */
export type SelectorMatcher = (name: string, pairs?: readonly VariantPair[] | null) => boolean;

/** One key=value of a selector, as written: `glob` when its value is unquoted and holds `*` or `?`. */
interface SelectorPart extends VariantPair {
  readonly quoted: boolean;
  readonly glob: boolean;
}

/** The key=value parts of a selector; null when it is not key=value,… (then it is a glob over the whole name). */
function selectorParts(selector: string): SelectorPart[] | null {
  const quoted: boolean[] = [];
  const pairs = readPairs(selector, quoted);
  if (pairs === null) return null;
  return pairs.map((p, i) => {
    const q = quoted[i] === true;
    return { key: p.key, value: p.value, quoted: q, glob: !q && /[*?]/.test(p.value) };
  });
}

/**
 * Whether a selector part's value picks a variant's value: a glob match for an unquoted `*`/`?` value, else equal
 * text; for one part over many values, its glob split once.
 */
function valueMatcher(part: SelectorPart): (value: string) => boolean {
  if (!part.glob) return (value) => part.value === value;
  return compileGlob(part.value);
}

/** valueMatcher for one value (messages: selectorMiss). */
function valueMatches(part: SelectorPart, value: string): boolean {
  return valueMatcher(part)(value);
}

/** A selector part's value as the user wrote it (a quoted value quoted again). */
function valueText(part: SelectorPart): string {
  return part.quoted ? quoteText(part.value) : part.value;
}

/** A selector part as the user wrote it, for messages: `memory=*GiB`, `cmdline="a*"`. */
function partText(part: SelectorPart): string {
  return `${part.key}=${valueText(part)}`;
}

/**
 * A selector's text split at each `separator` outside a quoted value (one
 * that opens with `"` right after `=`, as readPairs reads them, and ends at
 * the next `"` not escaped with a backslash).
 */
function splitUnquoted(selector: string, separator: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"' && selector[i - 1] === '=') {
      quoted = true;
    } else if (selector.startsWith(separator, i)) {
      pieces.push(selector.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  pieces.push(selector.slice(start));
  return pieces;
}

/**
 * The selectors of `a=b][c=d` (what splitSelector keeps of `file.yaml[a=b][c=d]`), split at each `][`
 * outside a quoted value; one element when there is no such chain, or when a piece is not key=value
 * pairs (`cmdline=[x][y]`: an unquoted value that holds brackets).
 */
function bracketChain(selector: string): string[] {
  const pieces = splitUnquoted(selector, '][');
  return pieces.length > 1 && pieces.every((p) => parseVariantName(p) !== null) ? pieces : [selector];
}

/**
 * What is wrong with a selector from its text alone, before any variant is
 * looked at; undefined when nothing is. Two forms no variant can answer:
 * a […] per pair (`file.yaml[a=b][c=d]`, kept by splitSelector as `a=b][c=d`),
 * which is one selector with its pairs comma-separated; and one key given
 * twice (`hypervisor=vmi,hypervisor=none`, also as `machine.hypervisor` and
 * `hypervisor`), since a variant has one value of each key (which would
 * otherwise read as a combination the matrix lacks).
 *
 * @param file the file the selector picks from, for the form to write instead (`mx.yaml[a=b,c=d]`)
 * @param miss why the rewritten selector would pick no variant (selectorMiss), or undefined when it picks
 *   some: said with the rewrite, so that following it is not refused next (break-215 F9: `hypervisor=kvm,` was
 *   told "write hypervisor=kvm", a value no variant has)
 */
export function selectorFault(selector: string, file?: string, miss?: (rewritten: string) => string | undefined): string | undefined {
  // a selector given on its own (--variant, an entry's variant:) has no brackets: `[a=b][c=d]` there is the
  // file form copied (break-211 F3: it was told "did you mean" another machine's name); `[[a=b]]` is bracketed
  // twice, and written with one layer off it was refused again (break-212 F3)
  const bracketed = file === undefined && /^\[[\s\S]*\]$/.test(selector);
  let inner = selector;
  while (bracketed && /^\[[\s\S]*\]$/.test(inner)) inner = inner.slice(1, -1);
  const chain = bracketChain(inner);
  const joined = chain.join(',');
  const what = bracketed
    ? 'a selector given on its own (--variant, variant:) is written without brackets'
    : chain.length > 1 ? 'a selector is one […] with comma-separated key=value pairs, not a […] for each pair' : undefined;
  if (joined.replaceAll(',', '').trim() === '') {
    return `${what === undefined ? '' : `${what}, and `}an empty selector picks nothing; give KEY=VALUE[,KEY=VALUE…] or a pattern of variant names`;
  }
  // a glob over the whole name keeps no quote literal: `*cmdline="a*b"*` picked cmdline="a b" (break-219 F7)
  if (selectorParts(joined) === null && emptyPairs(joined) === undefined && quotesAGlobChar(joined)) {
    return 'a quoted value is literal only in KEY="VALUE" pairs; this selector is a glob over the whole name, in which * and ? match any text inside quotes too; write the pairs alone (cmdline="a*b", hypervisor=vmi) or leave the quotes out';
  }
  // `a=b,c=d,`: read whole, a glob no name matches, whose did-you-mean named another machine (break-212 F3)
  const empty = emptyPairs(joined);
  const pairs = empty?.text ?? joined;
  const twice = repeatedKey(pairs);
  const faults = [what, empty?.note, twice].filter((f): f is string => f !== undefined);
  if (faults.length === 0) return undefined;
  // both faults at once: the rewrite alone would be refused next for the repeated key (break-211 F3)
  if (twice !== undefined) return `${faults.join(', and ')}; give it once`;
  const written = file === undefined ? pairs : `${file}[${pairs}]`;
  const then = miss?.(pairs);
  return `${faults.join(', and ')}; ${then === undefined ? `write ${written}` : `written ${written}, it picks none of the variants either: ${then}`}`;
}

/**
 * Whether a `*` or `?` stands inside a quoted stretch (`"…"`, a backslash escaping the next character) of a
 * selector; one pass, no RegExp (a --variant has no length limit).
 */
function quotesAGlobChar(selector: string): boolean {
  let quoted = false;
  let globbed = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') {
      if (quoted && globbed) return true;
      quoted = !quoted;
      globbed = false;
    } else if (quoted && (c === '*' || c === '?')) globbed = true;
  }
  return false;
}

/**
 * The key=value pairs of a selector with an empty one among them (`a=b,c=d,`,
 * `a=b,,c=d`, `,a=b`): the selector without its empty pairs, and what the
 * note says; undefined when none is empty, or when the rest is no list of
 * pairs (a glob over the whole name). A variant's name has no empty pair, so
 * such a selector picks nothing.
 */
function emptyPairs(selector: string): { text: string; note: string } | undefined {
  const pieces = splitUnquoted(selector, ',');
  const kept = pieces.filter((p) => p.trim() !== '');
  if (kept.length === pieces.length || kept.length === 0) return undefined;
  const text = kept.join(',');
  if (selectorParts(text) === null) return undefined;
  const where = pieces[pieces.length - 1]?.trim() === '' ? 'a comma at its end' : pieces[0]?.trim() === '' ? 'a comma at its start' : 'between two commas';
  return { text, note: `an empty key=value pair (${where}), which no variant's name has` };
}

/** "hypervisor is given twice in the selector (vmi, none): a variant has one value of each key", or undefined. */
function repeatedKey(selector: string): string | undefined {
  const parts = selectorParts(selector) ?? [];
  for (const [i, part] of parts.entries()) {
    const same = parts.filter((p, j) => j >= i && (keyMatches(p.key, part.key) || keyMatches(part.key, p.key)));
    if (same.length > 1) {
      const values = same.map((p) => clipped(valueText(p))).join(', ');
      const spellings = [...new Set(same.map((p) => p.key))];
      const times = same.length === 2 ? 'twice' : `${same.length} times`;
      // `machine.hypervisor` and `hypervisor`: one key by its path and by its name
      const subject = spellings.length === 1 ? `${part.key} is given ${times}` : `${spellings.join(' and ')} are one key, given ${times}`;
      return `${subject} in the selector (${values}): a variant has one value of each key`;
    }
  }
  return undefined;
}

/**
 * A selector compiled for selectorMatches(): parsed once, each value that
 * is quoted or has no `*` or `?` compared as text, so matching a name
 * allocates nothing but the name's pairs (none when `pairs` are given).
 *
 * @param paths as for selectorMatches()
 */
export function compileSelector(selector: string, paths?: KeyPaths): SelectorMatcher {
  const parts = selectorParts(selector);
  if (parts === null) {
    const whole = compileGlob(selector);
    return (name) => whole(name);
  }
  return partsMatcher(parts, paths);
}

/** The most values a compiled selector part remembers its glob's answer for (a matrix axis has at most max-variants). */
const MEMO_VALUES = 4096;

function partsMatcher(parts: readonly SelectorPart[], paths?: KeyPaths): SelectorMatcher {
  // a glob's answer per value: the variants of a matrix share each axis's few values (break-216 F3: 5 µs for an
  // 800-character part against a 1,900-character value, 128 entries × 512 variants; a value's hash is kept in the
  // string, so a name parsed once for every selector is hashed once)
  const memo = parts.map((w) => (w.glob ? new Map<string, boolean>() : undefined));
  const matchers = parts.map(valueMatcher);
  const matches = (i: number, value: string): boolean => {
    const match = matchers[i] as (value: string) => boolean;
    const seen = memo[i];
    return seen === undefined ? match(value) : keptUpTo(seen, MEMO_VALUES, value, () => match(value));
  };
  return (name, pairs) => {
    const have = pairs ?? parseVariantName(name) ?? [];
    return parts.every((w, i) => have.some((h) => keyMatches(w.key, h.key, paths) && matches(i, h.value)));
  };
}

/**
 * What matching `selector` against every one of `names` may cost beyond linear time (globSteps), as a
 * compiled selector matches them: a key=value part once per distinct value of its key, a glob over the
 * whole name once per name. 0 for any selector without `?` between two stars.
 *
 * @param parsedNames parseVariantName() of each name, when the caller has them
 */
export function selectorSteps(selector: string, names: readonly string[], paths?: KeyPaths, parsedNames?: readonly (readonly VariantPair[])[]): number {
  const parts = selectorParts(selector);
  if (parts === null) return globSteps(selector, 1) === 0 ? 0 : names.reduce((sum, n) => sum + globSteps(selector, n.length), 0);
  let steps = 0;
  for (const w of parts) {
    if (!w.glob || globSteps(w.value, 1) === 0) continue;
    const values = new Set<string>();
    names.forEach((n, i) => {
      for (const h of parsedNames?.[i] ?? parseVariantName(n) ?? []) if (keyMatches(w.key, h.key, paths)) values.add(h.value);
    });
    for (const v of values) steps += globSteps(w.value, v.length);
  }
  return steps;
}

/**
 * Whether a variant is picked by a selector: every key=value of the
 * selector is one of the variant's (unquoted values may be globs; a quoted
 * value is literal: `cmdline="foo*bar"` picks that value only), so
 * `[hypervisor=vmi]` picks the VMI variants of any matrix. A selector that
 * is not key=value,… is a glob over the whole name. For one selector over
 * many names, compileSelector() reads the selector once.
 *
 * @param paths the key paths of the variant's matrix, when known: a selector
 *   key that is a path must then be the key's own (keyMatches)
 */
export function selectorMatches(selector: string, name: string, paths?: KeyPaths): boolean {
  return compileSelector(selector, paths)(name);
}

/**
 * Whether a selector's key names a variant name's key: the same, or the
 * key's whole path where the name shows its last part, at any depth and for
 * an axis or a key only include entries set alike (`machine.hypervisor=xen`
 * picks `hypervisor=xen`, `machine.cpu.pge=false` picks `pge=false`, as
 * `matrix:` writes them). With the matrix's paths, only the key's own path
 * does (`config.pge` is not `machine.cpu.pge`); without them (a key the
 * matrix does not name, such as a --set override's), any path of a mapping
 * that ends in the key.
 */
function keyMatches(selectorKey: string, nameKey: string, paths?: KeyPaths): boolean {
  if (selectorKey === nameKey) return true;
  const path = paths?.get(nameKey);
  if (path !== undefined) return selectorKey === path;
  return /^(?:machine|config)(?:\.[^.]+)+$/.test(selectorKey) && selectorKey.endsWith(`.${nameKey}`);
}

/**
 * Why a selector of key=value pieces, one of whose keys holds `*` or `?`,
 * picks nothing: such a selector is one glob over the whole name (a key is
 * never a glob), so `*memory=4GiB*,hypervisor=vmi` must follow the name's
 * order and `hyper?isor=vmi` picks no name (break-219 F8: the message said
 * neither). Offers the selector with each such key written as the one axis
 * it matches, when that picks a variant. Undefined when no key has a glob.
 */
function globKeyMiss(selector: string, names: readonly string[], keys: readonly string[], paths?: KeyPaths): string | undefined {
  const pieces = splitUnquoted(selector, ',');
  const key = (piece: string): string => piece.slice(0, Math.max(0, piece.indexOf('=')));
  const globbed = pieces.map(key).find((k) => /[*?]/.test(k));
  if (globbed === undefined) return undefined;
  // a piece without = (`?emory=4GiB,*`, the README's `…,*` form) is kept as it is
  const rewritten = pieces.map((p) => {
    const k = key(p);
    if (!/[*?]/.test(k)) return p;
    const axis = axisOfGlob(k, keys, paths);
    return axis === undefined ? undefined : `${axis}${p.slice(k.length)}`;
  });
  const offer = rewritten.every((p): p is string => p !== undefined) ? rewritten.join(',') : undefined;
  // offered only when it is a selector that is taken as it is written (break-223 F7: `*visor=vmi,hyper*=vmi` was
  // offered `hypervisor=vmi,hypervisor=vmi`, refused as a key given twice) and picks a variant
  const picks = offer !== undefined && selectorParts(offer) !== null && selectorFault(offer) === undefined && names.some((n) => selectorMatches(offer, n, paths));
  return `matches no variant name: the key ${clipped(globbed)} holds * or ?, and a key is never a glob, so the whole selector is read as one glob over the name, its parts in the name's order (${clipped(names[0] ?? '')}); `
    + (picks ? `did you mean ${clipped(offer)}?` : `put the glob in a value (key=value*) of the axes ${keys.join(', ')}`);
}

/**
 * The one axis a key written as a glob would name: by its key (`hyper?isor`) or its whole path
 * (`machine.hyper*`, then written as the path); undefined when it matches none or several.
 */
function axisOfGlob(glob: string, keys: readonly string[], paths?: KeyPaths): string | undefined {
  const matches = compileGlob(glob);
  const found = new Set<string>();
  let written: string | undefined;
  for (const k of keys) {
    const path = paths?.get(k);
    const spelled = matches(k) ? k : path !== undefined && matches(path) ? path : undefined;
    if (spelled === undefined) continue;
    found.add(k);
    written = spelled;
  }
  return found.size === 1 ? written : undefined;
}

/**
 * The key whose quoted value (`key="…`) opens and is never closed, as readPairs() skips escapes, or undefined.
 * Only the first such value counts: everything after its opening quote is inside it.
 */
function unclosedValueQuote(selector: string): string | undefined {
  for (let at = selector.indexOf('="'); at > 0; at = selector.indexOf('="', at + 1)) {
    let k = at + 2;
    while (k < selector.length && selector[k] !== '"') k += selector[k] === '\\' ? 2 : 1;
    if (k >= selector.length) return selector.slice(selector.lastIndexOf(',', at) + 1, at);
    at = k;
  }
  return undefined;
}

/** How many names a message lists before "… and N more". */
const LISTED = 6;

/** Some names for a message, `; `-separated: the first few, then "… and N more". */
export function listed(items: readonly string[]): string {
  return items.length <= LISTED ? items.join('; ') : `${items.slice(0, LISTED).join('; ')}; … and ${items.length - LISTED} more`;
}

/** The value of `values` that is the size or number `value` names written another way (536870912, 0x20000000, 512M for 512MiB), if any. */
function sizeTwin(value: string, values: readonly string[]): string | undefined {
  const bytes = parseSize(value);
  return bytes === null ? undefined : values.find((v) => v !== value && parseSize(v) === bytes);
}

/**
 * Why a selector picks none of `names` (the variants of a matrix), in a few
 * words with a did-you-mean for the part that is wrong: an axis the matrix
 * lacks (kernal=…), a value no variant has for that axis, or a combination
 * that no variant has (an excluded one). For a glob over the whole name, the
 * closest name. Never lists every variant of a large matrix.
 *
 * @param selector a key=value,… selector or a glob, as selectorMatches() reads it
 * @param paths the key paths of the matrix (or matrices) the names are of, as for selectorMatches()
 * @param parsedNames parseVariantName() of each name ([] for null), when the caller has them
 * @param excluded the names of the combinations `exclude:` dropped from the matrix (Matrix.excluded): a
 *   missing combination is said to be perhaps excluded only when the selector picks one of these
 * @returns e.g. "no axis kernal (did you mean kernel?); axes: kernel, memory, pae"
 */
export function selectorMiss(selector: string, names: readonly string[], paths?: KeyPaths, parsedNames?: readonly (readonly VariantPair[])[], excluded: readonly string[] = []): string {
  const wanted = selectorParts(selector);
  const parsed = parsedNames ?? names.map((n) => parseVariantName(n) ?? []);
  const keys = [...new Set(parsed.flatMap((p) => p.map((x) => x.key)))];
  if (wanted === null) {
    // key="… with no closing quote: read as a glob it matched nothing, and the message never said why (break-280 N4)
    const open = unclosedValueQuote(selector);
    if (open !== undefined) return `a quote is not closed: the value of ${open} opens with " and runs to the end of the selector; close it, as in ${open}="a,b" (a value with a comma or = is quoted whole)`;
    const globKey = globKeyMiss(selector, names, keys, paths);
    if (globKey !== undefined) return globKey;
    const guess = suggest(selector, names);
    return `matches no variant name${guess !== undefined ? ` (did you mean ${guess}?)` : ''}; a glob over the whole name (* matches any text) or key=value pairs of the axes ${keys.join(', ')}, e.g. ${names[0] ?? ''}`;
  }
  for (const w of wanted) {
    if (!keys.some((k) => keyMatches(w.key, k, paths))) {
      // a path is guessed among the paths: the one of its last part (machine.cpu.pge for machine.pge), else the nearest
      const all = paths === undefined ? [] : [...new Set(paths.values())];
      // a key written as a glob (`cmd*="a b"`: a quoted value keeps the selector key=value pairs) names no axis
      const globbed = /[*?]/.test(w.key) ? axisOfGlob(w.key, keys, paths) : undefined;
      if (globbed !== undefined) return `no axis ${w.key} (a key is never a glob: did you mean ${globbed}?); axes: ${keys.join(', ')}`;
      const guess = !w.key.includes('.') || paths === undefined ? suggest(w.key, keys) : all.find((p) => lastKey(p) === lastKey(w.key)) ?? suggest(w.key, all);
      return `no axis ${w.key}${guess !== undefined ? ` (did you mean ${guess}?)` : ''}; axes: ${keys.join(', ')}`;
    }
    const values = [...new Set(parsed.flatMap((p) => p.filter((x) => keyMatches(w.key, x.key, paths)).map((x) => x.value)))];
    if (!values.some((v) => valueMatches(w, v))) {
      // the same size written another way (memory=536870912 for 512MiB): a selector matches the text of a variant's
      // name, which is the value as the matrix writes it (break-252 N6: only "memory is one of 512MiB, 4GiB")
      const twin = sizeTwin(w.value, values);
      const guess = twin ?? suggest(w.value, values);
      const why = twin !== undefined ? '? the same value: a selector matches a value as the matrix writes it' : '?';
      // each value clipped, at most LISTED of them (helper-183 11: two 3,000-character values made a 6 KB line)
      const shown = values.slice(0, LISTED).map((v) => clipped(quoteValue(v)));
      return `no variant has ${partText(w)}${guess !== undefined ? ` (did you mean ${w.key}=${clipped(quoteValue(guess))}${why})` : ''}; ${w.key} is one of ${shown.join(', ')}${values.length > LISTED ? `, … and ${values.length - LISTED} more` : ''}`;
    }
  }
  const first = wanted.slice(0, 1);
  const picks = partsMatcher(first, paths);
  const near = names.filter((n, i) => picks(n, parsed[i]));
  const picked = compileSelector(selector, paths);
  return `no variant has all of ${selector}${excluded.some((n) => picked(n)) ? ' (excluded from the matrix?)' : ''}; variants with ${first.map(partText).join('')}: ${listed(near)}`;
}
