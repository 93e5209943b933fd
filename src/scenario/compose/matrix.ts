/**
 * `matrix:`: every combination of the values of some scalar keys, with
 * `exclude` and `include` as in a CI matrix (GitHub Actions semantics): the
 * axes multiply in the order written (the first varies slowest); an exclude
 * entry drops every combination that has all of its values; an include entry
 * adds its values to every remaining combination whose axis values it does
 * not contradict, or else becomes a combination of its own. Each combination
 * is a variant with a stable name (variant-name.ts), its axis values written
 * as the axis writes them (an include entry's equal value, 1024MiB for 1GiB,
 * never renames one).
 */
import { isScalar } from 'yaml';
import { isRecord } from '../is-record.js';
import { argsSpan } from '../../arch/kernel-args.js';
import { lastKey } from '../key-path.js';
import { shownText } from '../quote.js';
import { pathText, type Path } from '../path-text.js';
import { suggest } from '../suggest.js';
import { placeOf, posOf, report } from '../yaml-positions.js';
import type { Layer } from './layer.js';
import { DEFAULT_LIMITS, limitMessage, textChars, type Limits } from '../limits.js';
import { variantNamePart, type VariantPair } from './variant-name.js';

/** One key a variant sets: its path, its value as written and as validated, and where it is written. */
export interface Assignment {
  /** dotted key path: "machine.memory", "kernel" */
  readonly path: string;
  readonly raw: unknown;
  /** the schema's output (sizes in bytes) */
  readonly parsed: unknown;
  /** where the value is written in the matrix's file */
  readonly at: Path;
}

export interface Combination {
  /** e.g. "hypervisor=xen,memory=4GiB" */
  readonly name: string;
  readonly pairs: readonly VariantPair[];
  readonly assignments: readonly Assignment[];
}

export interface Matrix {
  readonly layer: Layer;
  /** the variant-name keys, in name order (axes as written, then keys only include adds) */
  readonly keys: readonly string[];
  /** the key path of each of `keys` ("machine.memory" for "memory") */
  readonly paths: readonly string[];
  readonly combinations: readonly Combination[];
  /**
   * The names of the combinations of the axes that `exclude:` dropped, as their variants would have been named
   * (at most max-matrix-product): a selector that picks none of the variants but one of these asked for an excluded one
   */
  readonly excluded: readonly string[];
}

/**
 * A value's identity, for comparing the values of matrix axes, exclude and
 * include entries and `--set`: two values are equal when their keys are.
 * Plain data (as read from YAML or validated) in, its JSON text out, with
 * mappings compared key by key in the order written and undefined as
 * "undefined". Strings are compared as they are: "2.6.27-rc3 " is not
 * "2.6.27-rc3" here (only the check for an axis that repeats a value trims
 * them, as the loader does, to refuse two variants that look alike).
 * A 64-bit value (arm64's machine.kaslr_seed, a bigint once validated) keys
 * as its decimal digits and an `n`, since JSON has no bigint.
 */
export function valueKey(v: unknown): string {
  return JSON.stringify(v, bigintAsText) ?? 'undefined';
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

/**
 * The version a `kernel:` text names, as a string that two spellings of one version share (v4.6 and 4.6), or
 * undefined for a text that names none (the variant's own validation says so). The architecture's parser,
 * passed in by the composer: this module knows no architecture.
 */
export type KernelKey = (text: string) => string | undefined;

/**
 * A value as the model compares it, for telling repeats (an axis item, an include entry's combination): the
 * schema's value (1GiB is 1024MiB) by valueKey; a `kernel:` text by the version it names (kernelKey); the
 * command line as its parameters make it with spaces as separators (argsSpan: no spaces at its ends, and a run
 * of spaces outside quotes is one, as every modeled parser reads it: break-279 N3; a tab is a separator only
 * from 2.6.32-rc1 on x86_32, and arm64's nokaslr test reads the raw line, so other white space stays; helper-199 1).
 * Other text (name, description) is compared as written.
 */
export function modelKey(path: string, value: unknown, kernelKey?: KernelKey): string {
  if (typeof value !== 'string') return valueKey(value);
  if (path === 'kernel') {
    const text = value.trim();
    const version = kernelKey?.(text);
    return version !== undefined ? `kernel ${version}` : valueKey(text);
  }
  return valueKey(path === 'machine.cmdline' ? argsSpan(value, 'space') : value);
}

/** The text an assignment of `path` was written with in a combination (JSON of its raw value), or undefined. */
function textOf(assignments: readonly Keyed[], path: string): string | undefined {
  const a = assignments.find((x) => x.path === path);
  return a === undefined ? undefined : JSON.stringify(a.raw);
}

/**
 * A combination's values as the model reads them, for telling two variants that are one machine: each key
 * path with its modelKey (Keyed.key), in name order. Two combinations written differently (memory 2GiB and 2048MiB,
 * kernel v4.6 and 4.6) have one identity.
 */
function identityOf(assignments: readonly Keyed[]): string {
  // NUL and SOH never occur unescaped in a modelKey (JSON text or "kernel N") or in a key path (letters, digits, _ and .)
  return assignments.map((a) => `${a.path}\u0000${a.key}`).join('\u0001');
}

/** An Assignment with its value's key (modelKey), computed once. */
interface Keyed extends Assignment {
  readonly key: string;
}

/**
 * Partial combinations (exclude entries), grouped by the keys they name:
 * whether a combination has all the values of one of them costs a lookup per
 * distinct set of keys, not a comparison per entry.
 */
class Projections<T> {
  private readonly groups = new Map<string, { keys: readonly string[]; values: Map<string, T> }>();

  add(keys: readonly string[], valueOf: (key: string) => string, item: T): void {
    const sig = JSON.stringify(keys);
    let g = this.groups.get(sig);
    if (g === undefined) {
      g = { keys, values: new Map() };
      this.groups.set(sig, g);
    }
    const k = JSON.stringify(keys.map(valueOf));
    if (!g.values.has(k)) g.values.set(k, item);
  }

  /** whether the combination has all the values of some entry */
  any(c: ReadonlyMap<string, { readonly key: string }>): boolean {
    for (const g of this.groups.values()) {
      if (g.values.has(JSON.stringify(g.keys.map((key) => c.get(key)?.key ?? 'undefined')))) return true;
    }
    return false;
  }
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

/** A value as written: a plain scalar's source text (0x20000000 stays hex, 4GiB stays 4GiB), else its value. */
export function writtenText(layer: Layer, at: Path, raw: unknown): string {
  const node = placeOf(layer.doc, at);
  if (isScalar(node) && node.type === 'PLAIN' && node.range !== undefined && node.range !== null) {
    return layer.ctx.text.slice(node.range[0], node.range[1]).trim();
  }
  return valueText(raw);
}

/**
 * The key each of some distinct dotted key paths has in a variant name: its
 * last key ("memory" for machine.memory), unless another of the paths ends
 * with the same key: then the whole path, so that a name never has the same
 * key twice.
 *
 * @returns path → key, for every path given
 */
export function shortNames(paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) out.set(p, paths.filter((q) => lastKey(q) === lastKey(p)).length > 1 ? p : lastKey(p));
  return out;
}

/** Whether a key of `matrix:` is an axis (a key path it varies), not its `exclude` or `include` list. */
export function isAxisKey(key: string): boolean {
  return key !== 'exclude' && key !== 'include';
}

/** The axes of a `matrix:` mapping as written (YAML-parsed): its keys but exclude and include, in the order written. */
export function axesOf(matrix: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(matrix).filter(isAxisKey);
}

/** An axis item the schema refused (repeatedValues): it is said there, and compared with nothing. */
export const UNREAD: unique symbol = Symbol('unread');

/**
 * Reports each value of an axis that repeats an earlier one of it: the two
 * would be one variant under two names, or two that look alike. Values are
 * compared as the model reads them (modelKey: 1GiB is 1024MiB, v4.6 is 4.6).
 *
 * @param parsedList the schema's output for each item of the axis, in order;
 *   UNREAD for an item the schema refused (a file with schema problems still
 *   gets this check, so that one pass shows both)
 * @param kernelKey the architecture's reading of a `kernel:` text (modelKey)
 * @returns the keys (modelKey) of the axis's distinct values
 */
export function repeatedValues(layer: Layer, axis: string, parsedList: readonly unknown[], kernelKey?: KernelKey): Set<string> {
  const raw = layer.data['matrix'];
  const rawList = isRecord(raw) && Array.isArray(raw[axis]) ? raw[axis] as unknown[] : [];
  const seen = new Map<string, number>();
  parsedList.forEach((parsed, i) => {
    if (parsed === UNREAD) return;
    // "2.6.27-rc3" and "2.6.27-rc3 " (or v4.6 and 4.6) are one kernel: one variant, not two that look alike
    const k = modelKey(axis, parsed, kernelKey);
    const first = seen.get(k);
    if (first === undefined) {
      seen.set(k, i);
      return;
    }
    const at: Path = ['matrix', axis, i];
    const written = writtenText(layer, at, rawList[i]);
    // spaces at either end are what makes it look different: show them
    report(layer.ctx, placeOf(layer.doc, at), `${pathText(at)}: ${shownText(written)} repeats item ${first} of the axis (the same value)`);
  });
  return new Set(seen.keys());
}

/**
 * @param parsed the schema's output for `matrix:` of this layer (valid)
 * @param limits max-variants and max-matrix-product (limits.ts)
 * @param replaced axes whose values `--set` replaced (overrides.ts): an
 *   exclude or include entry of the file that names a value such an axis no
 *   longer has can match nothing and is dropped, not reported. Compared as
 *   the schema reads the values, so `4096MiB` still matches the file's
 *   `4GiB` and a quoted hex seed its integer.
 * @param kernelKey the architecture's reading of a `kernel:` text (modelKey), so that v4.6 repeats 4.6
 * @param spread the key paths a `--set` overlay spread over a matrix of include entries only (OverlayAxes.spread):
 *   two combinations that repeat each other with the same text for each are one machine, kept once
 * @returns the variants, or undefined after reporting a problem to the layer
 */
export function expandMatrix(
  layer: Layer, parsed: Readonly<Record<string, unknown>>, limits: Limits = DEFAULT_LIMITS, replaced: ReadonlySet<string> = new Set(), kernelKey?: KernelKey,
  spread?: ReadonlySet<string>,
): Matrix | undefined {
  const raw = layer.data['matrix'];
  if (!isRecord(raw)) return undefined;
  const before = layer.ctx.problems.length;
  const say = (path: Path, message: string, key?: string): void => report(layer.ctx, placeOf(layer.doc, path, key), message);
  const axes = axesOf(raw);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const records = (k: string): Readonly<Record<string, unknown>>[] => list(raw[k]).filter(isRecord);
  const includes = records('include');
  if (axes.length === 0 && includes.length === 0) {
    say(['matrix'], 'matrix: no axes; list the values of a scalar key path, e.g. kernel: [A, B] or machine.KEY: [A, B]');
    return undefined;
  }

  // Every lookup below goes through a value's key (valueKey), computed once per value and
  // kept in Maps and Sets: an axis, exclude or include of 10,000 entries costs a pass, not
  // a scan per entry (a 10,000-value axis took 25 s with a scan per value).
  const axisSet = new Set(axes);
  const values = new Map<string, { raw: unknown; parsed: unknown; at: Path }[]>();
  const valueKeys = new Map<string, Set<string>>();
  for (const axis of axes) {
    const parsedList = list(parsed[axis]);
    values.set(axis, list(raw[axis]).map((r, i) => ({ raw: r, parsed: parsedList[i], at: ['matrix', axis, i] as Path })));
    valueKeys.set(axis, repeatedValues(layer, axis, parsedList, kernelKey));
  }
  const product = axes.reduce((n, a) => n * (values.get(a)?.length ?? 1), 1);
  if (product > limits.maxMatrixProduct || (product > limits.maxVariants && !Object.hasOwn(raw, 'exclude'))) {
    // the product is counted before exclude: more exclude: entries cannot bring it under max-matrix-product (break-280 N5)
    const beforeExclude = product > limits.maxMatrixProduct && product > limits.maxVariants && Object.hasOwn(raw, 'exclude');
    const shown = beforeExclude
      ? limitMessage('max-matrix-product', limits.maxMatrixProduct, `matrix: ${axes.map((a) => values.get(a)?.length ?? 0).join(' × ')} = ${product} combinations before exclude`)
      : limitMessage('max-variants', limits.maxVariants, `matrix: ${axes.map((a) => values.get(a)?.length ?? 0).join(' × ')} = ${product} combinations`);
    say(['matrix'], `${shown}; ${beforeExclude ? 'split the file or list fewer values on an axis (more exclude: entries cannot help: they apply after this count; include: adds single combinations)' : 'split the file or exclude combinations'}`);
    return undefined;
  }

  // the axes multiplied, first axis outermost; one Assignment per value, shared by its combinations. Without
  // axes there is no combination to start from (not one empty one): each include entry is then a combination
  // of its own, as a CI matrix of include entries only runs each entry (two entries naming different
  // memory sizes were merged into one variant, the last entry's; break-196 1)
  type Combo = Map<string, Keyed>;
  let combos: Combo[] = axes.length === 0 ? [] : [new Map()];
  for (const axis of axes) {
    const next: Combo[] = [];
    const assignments = (values.get(axis) ?? []).map((v): Keyed => ({ path: axis, ...v, key: modelKey(axis, v.parsed, kernelKey) }));
    for (const c of combos) {
      for (const a of assignments) next.push(new Map(c).set(axis, a));
    }
    combos = next;
  }

  // Values no axis has: every one is reported, but only the first max-problems of a file are
  // shown, so the did-you-mean (a scan of the axis) is computed once per distinct wrong value and
  // only for the first max-problems wrong values in file order (the order problems are shown in);
  // the values as written and their list once per axis. With a scan and a list per entry, 10,000
  // wrong values over a 4,096-value axis took 14 s and 1.2 GB.
  const wrong: { path: Path; axis: string; given: string; line: number; col: number; index: number }[] = [];
  const reports: (() => void)[] = [];
  // an entry naming a value an axis --set replaced no longer has: dropped (index in the list of its kind)
  const gone = (kind: 'exclude' | 'include', entry: Readonly<Record<string, unknown>>, k: number): boolean => {
    const p = list(parsed[kind])[k];
    return Object.keys(entry).some((key) => replaced.has(key) && valueKeys.get(key)?.has(modelKey(key, isRecord(p) ? p[key] : undefined, kernelKey)) === false);
  };
  const droppedExcludes = new Set<number>();
  records('exclude').forEach((entry, k) => {
    const at: Path = ['matrix', 'exclude', k];
    if (gone('exclude', entry, k)) {
      droppedExcludes.add(k);
      return;
    }
    const keys = Object.keys(entry);
    if (keys.length === 0) reports.push(() => say(at, `${pathText(at)}: empty; an exclude entry lists values of the axes, {AXIS: VALUE, …}, and drops every combination that has them all`));
    for (const key of keys) {
      if (!values.has(key)) {
        // include entries only: no combination to drop (helper-199 7: "axes: " and nothing after it)
        reports.push(() => say(at, axes.length === 0
          ? `${pathText([...at, key])}: this matrix has no axes (include entries only), so an exclude entry has nothing to drop; remove the entry, or list the key's values as an axis`
          : `${pathText([...at, key])}: not an axis of this matrix; axes: ${axes.join(', ')}`, key));
        continue;
      }
      const p = list(parsed['exclude'])[k];
      const v = isRecord(p) ? p[key] : undefined;
      if (valueKeys.get(key)?.has(modelKey(key, v, kernelKey)) !== true) {
        const path: Path = [...at, key];
        const pos = posOf(layer.ctx, placeOf(layer.doc, path));
        const w = { path, axis: key, given: writtenText(layer, path, entry[key]), line: pos.line, col: pos.col, index: wrong.length };
        wrong.push(w);
        reports.push(() => sayWrong(w));
      }
    }
  });
  const valueLists = new Map<string, { texts: string[]; list: string }>();
  const textsOf = (axis: string): { texts: string[]; list: string } => {
    let t = valueLists.get(axis);
    if (t === undefined) {
      const texts = (values.get(axis) ?? []).map((a) => writtenText(layer, a.at, a.raw));
      t = { texts, list: texts.join(', ') };
      valueLists.set(axis, t);
    }
    return t;
  };
  // axis + NUL + value → its did-you-mean, for the wrong values that can be shown
  const guesses = new Map<string, string | undefined>();
  const shown = [...wrong].sort((a, b) => a.line - b.line || a.col - b.col || a.index - b.index).slice(0, limits.maxProblems);
  for (const w of shown) {
    const id = `${w.axis}\u0000${w.given}`;
    if (!guesses.has(id)) guesses.set(id, suggest(w.given, textsOf(w.axis).texts));
  }
  function sayWrong(w: (typeof wrong)[number]): void {
    const guess = guesses.get(`${w.axis}\u0000${w.given}`);
    say(w.path, `${pathText(w.path)}: ${w.given} is not a value of the axis${guess !== undefined ? ` (did you mean ${guess}?)` : ''}; values: ${textsOf(w.axis).list}`);
  }
  for (const r of reports) r();
  if (layer.ctx.problems.length > before) return undefined;
  const excluded = new Projections<true>();
  list(parsed['exclude']).forEach((e, k) => {
    if (isRecord(e) && !droppedExcludes.has(k)) excluded.add(Object.keys(e), (key) => modelKey(key, e[key], kernelKey), true);
  });
  // the combinations exclude: dropped (at most max-matrix-product), named below as the variants are
  const droppedCombos: Combo[] = [];
  combos = combos.filter((c) => !excluded.any(c) || (droppedCombos.push(c), false));

  const extras: string[] = [];
  const extraSet = new Set<string>();
  const parsedIncludes = list(parsed['include']);
  // the combinations before include, grouped by their values of each set of axes an include entry names
  const original = [...combos];
  const byAxes = new Map<string, Map<string, Combo[]>>();
  const fitting = (keys: readonly string[], valueOf: (key: string) => string): readonly Combo[] => {
    const named = keys.filter((key) => axisSet.has(key));
    if (named.length === 0) return original;
    const sig = JSON.stringify(named);
    let groups = byAxes.get(sig);
    if (groups === undefined) {
      groups = new Map();
      for (const c of original) {
        const k = JSON.stringify(named.map((key) => c.get(key)?.key));
        const g = groups.get(k);
        if (g === undefined) groups.set(k, [c]);
        else g.push(c);
      }
      byAxes.set(sig, groups);
    }
    return groups.get(JSON.stringify(named.map(valueOf))) ?? [];
  };
  includes.forEach((entry, k) => {
    const at: Path = ['matrix', 'include', k];
    const p = parsedIncludes[k];
    if (!isRecord(p) || gone('include', entry, k)) return;
    const keys = Object.keys(entry);
    if (keys.length === 0) {
      say(at, `${pathText(at)}: empty; an include entry lists values to add, {KEY: VALUE, …}`);
      return;
    }
    for (const key of keys) {
      if (!axisSet.has(key) && !extraSet.has(key)) {
        extras.push(key);
        extraSet.add(key);
      }
    }
    const assignments = keys.map((key): Keyed => ({ path: key, raw: entry[key], parsed: p[key], at: [...at, key], key: modelKey(key, p[key], kernelKey) }));
    const fits = fitting(keys, (key) => modelKey(key, p[key], kernelKey));
    if (fits.length === 0) combos.push(new Map(assignments.map((a) => [a.path, a])));
    // a combination it fits has its axis values already (equal ones: 1024MiB fits 1GiB): they stay, with their
    // text and place, so an include never renames a variant; it only adds the keys that are not axes
    for (const c of fits) for (const a of assignments) if (!axisSet.has(a.path)) c.set(a.path, a);
  });

  const order = [...axes, ...extras];
  const short = shortNames(order);
  // an axis value as the axis writes it: a combination of an include entry's own that names a value equal to
  // one of the axis (1024MiB for 1GiB) is named by the axis's text, so one selector picks every variant with it
  const axisTexts = new Map(axes.map((axis) => {
    const texts = new Map<string, string>();
    for (const v of values.get(axis) ?? []) {
      const k = modelKey(axis, v.parsed, kernelKey);
      if (!texts.has(k)) texts.set(k, writtenText(layer, v.at, v.raw));
    }
    return [axis, texts];
  }));
  /**
   * One variant's name as reports print it (axis values quoted and escaped) over max-text-chars: every finding of
   * the variant repeats it (`… in file.yaml[NAME]`), up to max-findings times; reported at its longest axis value.
   * Checked before the names are kept: V8 hashes a string of more than 16,383 characters by its length alone, so
   * 4,000 names of 24,020 characters (a `name` axis of bidi controls, helper-152) made the Map below quadratic, 5 s.
   */
  const nameTooLong = (name: string, pairs: readonly VariantPair[], assignments: readonly Keyed[]): void => {
    let longest = 0;
    pairs.forEach((p, i) => { if (p.value.length > (pairs[longest]?.value.length ?? 0)) longest = i; });
    // cut before an escape (at most 10 characters: \u{10ffff}) that the cut would split
    const cut = name.slice(0, 60);
    const shown = name.length <= 60 ? name : `${cut.lastIndexOf('\\') >= 51 ? cut.slice(0, cut.lastIndexOf('\\')) : cut}…`;
    const found = `matrix: the variant ${shown} has a name of ${textChars(name)} characters as reports print it`;
    say(assignments[longest]?.at ?? ['matrix'], `${limitMessage('max-text-chars', limits.maxTextChars, found)}; every finding of the variant repeats its name: shorten the axis values (description: holds the details)`);
  };
  const named: Combination[] = [];
  // by the values as the model reads them (identityOf), the name each first had: 2048MiB repeats 2GiB
  const seen = new Map<string, { readonly name: string; readonly assignments: readonly Keyed[] }>();
  // each value's pair and name part once: an assignment is shared by its combinations (quoting a 4,000-character value
  // for each of 4,000 variants took a second)
  const parts = new Map<Keyed, { pair: VariantPair; part: string }>();
  const partOf = (a: Keyed): { pair: VariantPair; part: string } => {
    let known = parts.get(a);
    if (known === undefined) {
      const pair = { key: short.get(a.path) ?? a.path, value: axisTexts.get(a.path)?.get(a.key) ?? writtenText(layer, a.at, a.raw) };
      known = { pair, part: variantNamePart(pair) };
      parts.set(a, known);
    }
    return known;
  };
  // a spread --set path's values in the order given: the overlay writes each entry with every value in turn, so the
  // order of first appearance is theirs (for saying "value 2 repeats value 1" as an axis of --set values says it)
  const spreadOrder = new Map<string, string[]>();
  for (const path of spread ?? []) {
    const texts: string[] = [];
    for (const c of combos) {
      const t = textOf([...c.values()], path);
      if (t !== undefined && !texts.includes(t)) texts.push(t);
    }
    spreadOrder.set(path, texts);
  }
  const repeatsSaid = new Set<string>();
  for (const c of combos) {
    const assignments = order.flatMap((key) => c.get(key) ?? []);
    const pairs = assignments.map((a) => partOf(a).pair);
    const name = assignments.map((a) => partOf(a).part).join(',');
    if (textChars(name, limits.maxTextChars) > limits.maxTextChars) {
      nameTooLong(name, pairs, assignments);
      return undefined;
    }
    const identity = identityOf(assignments);
    const first = seen.get(identity);
    if (first !== undefined) {
      // a --set overlay spreads each value over a matrix of include entries only (overrides.ts includeEntries): two
      // entries of the file that differ only by spelling ("quiet" and "quiet ") become one machine there, which is no
      // mistake of the user's, so it is kept once; two --set values that repeat each other (1GiB, 1024MiB) still are
      if (spread !== undefined && [...spread].every((path) => textOf(first.assignments, path) === textOf(assignments, path))) continue;
      // two --set values the model reads alike: said once per pair, as the values of an axis are (helper-200 4)
      const repeated = [...spread ?? []].find((path) => textOf(first.assignments, path) !== textOf(assignments, path));
      if (repeated !== undefined) {
        const texts = spreadOrder.get(repeated) ?? [];
        const i = texts.indexOf(textOf(first.assignments, repeated) ?? '');
        const j = texts.indexOf(textOf(assignments, repeated) ?? '');
        const a = assignments.find((x) => x.path === repeated);
        if (a !== undefined && !repeatsSaid.has(`${repeated}\u0000${j}`)) {
          repeatsSaid.add(`${repeated}\u0000${j}`);
          say(['matrix'], `${pathText(['matrix', repeated, j])}: ${shownText(writtenText(layer, a.at, a.raw))} repeats item ${i} of the axis (the same value)`);
        }
        continue;
      }
      const a = assignments.find((x) => x.at[1] === 'include');
      const as = first.name === name ? '' : ` (as ${first.name}: the same values as the model reads them)`;
      say(a !== undefined ? a.at.slice(0, 3) : ['matrix'], `matrix: the variant ${name} appears twice${as}; an include entry repeats a combination`);
      continue;
    }
    seen.set(identity, { name, assignments });
    named.push({ name, pairs, assignments });
  }
  if (named.length === 0) say(['matrix'], 'matrix: every combination is excluded; nothing is left to replay');
  if (named.length > limits.maxVariants) {
    say(['matrix'], `${limitMessage('max-variants', limits.maxVariants, `matrix: ${named.length} variants`)}; ${axes.length === 0 ? 'split the include entries over several files' : 'split the file or exclude combinations'}`);
  }
  if (layer.ctx.problems.length > before) return undefined;
  const dropped = droppedCombos.map((c) => order.flatMap((key) => c.get(key) ?? []).map((a) => partOf(a).part).join(','));
  return { layer, keys: order.map((p) => short.get(p) ?? p), paths: order, combinations: named, excluded: dropped };
}
