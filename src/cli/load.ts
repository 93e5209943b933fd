/**
 * What the commands load: CLI arguments (files, directories, or a variant
 * written `file.yaml[key=value,…]`) → every scenario to replay, variant by
 * variant, with `--variant PATTERN` picking some. Problems (unreadable
 * files, invalid scenarios, a selector that picks nothing, a variant the
 * model rejects) are collected, never thrown.
 */
import { statSync } from 'node:fs';
import type { ArchPlugin } from '../arch/types.js';
import type { ComposeResult, MatrixInfo } from '../scenario/compose/compose.js';
import { compileSelector, keyPaths, listed, selectorFault, selectorMiss, selectorSteps, splitSelector, type KeyPaths } from '../scenario/compose/variant-name.js';
import { argumentPath, expandInputs, loadVariantsFile, namesPath } from '../scenario/files.js';
import { DEFAULT_LIMITS, limitMessage } from '../scenario/limits.js';
import { clipped } from '../scenario/quote.js';
import { capProblems, formatProblem, sortProblems, type InputProblem } from '../scenario/problems.js';
import { escapeText, linePath } from '../escape.js';
import type { Scenario } from '../scenario/types.js';

export type Entry =
  | { readonly ok: true; readonly plugin: ArchPlugin; readonly scenario: Scenario }
  | { readonly ok: false; readonly variant: string };

/** One file's scenarios, in matrix order. */
export interface LoadedFile {
  readonly file: string;
  readonly matrix: MatrixInfo | undefined;
  readonly entries: readonly Entry[];
  /**
   * the names of every variant of the file, picked or not (a selector, --variant; --shard picks later): what
   * the gates say of the variants a run did not replay (src/gate/gate.ts FileVariants); absent without a matrix
   */
  readonly variants?: readonly string[];
}

export interface Loaded {
  readonly files: readonly LoadedFile[];
  readonly problems: readonly InputProblem[];
  /** files that did not load at all (unreadable, not YAML, an invalid scenario) */
  readonly invalid: number;
  /**
   * every scenario file the arguments named or a directory held, loaded or
   * not, and every base their `extends:` named (what -o must not replace)
   */
  readonly paths: readonly string[];
  /** each base of `paths` → the first scenario file whose `extends:` chain reads it (to name it in messages) */
  readonly extendedBy: ReadonlyMap<string, string>;
  /** the directory arguments, each walked whole (every scenario file under it is in `paths`) */
  readonly directories: readonly string[];
  /**
   * why --variant is a usage error: it can pick no variant of any file read
   * (none has a matrix:, or no variant matches). Then `files` is empty: the
   * command writes this (and `problems`) and exits 2 before any replay.
   */
  readonly usage?: string;
}

/**
 * What a single-scenario command (layout, trace, steps --scenario) writes
 * when its argument is a directory, as suggest, diff and bisect refuse one:
 * a directory's files may replay other kernels and architectures, and the
 * command's output is one scenario's. `does` says what the command shows.
 */
export function directoryRefusal(file: string, does: string): string {
  return `${escapeText(linePath(file))}: is a directory, not a scenario file; ${does}: name one of its files\n`;
}

/**
 * What a command writes to stderr when the files did not all load: each
 * problem (`file:line:col: message`, in reading order), then the --variant
 * usage error; '' when there is neither.
 */
export function loadErrorText(loaded: { readonly usage?: string | undefined; readonly problems: readonly InputProblem[] }): string {
  const usage = loaded.usage !== undefined ? `bootreplay: ${escapeText(loaded.usage)}\n` : '';
  return `${sortProblems(loaded.problems).map((p) => `${formatProblem(p)}\n`).join('')}${usage}`;
}

/**
 * One scenario file's problems as every command shows them: in reading
 * order, at most max-problems of them and a `… and N more` line for the rest
 * (the problems of its variants are the file's problems: limits.ts). `run`,
 * `layout`, `trace`, `steps --scenario`, `suggest`, `constraints`, `diff` and
 * `bisect` all cap through this, so a file's problems read the same in each.
 */
export function fileProblems(problems: readonly InputProblem[]): InputProblem[] {
  return capProblems(sortProblems(problems), DEFAULT_LIMITS.maxProblems);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `file.yaml[hypervisor=vmi]` when no such file exists: the file and the selector. */
function argOf(arg: string): { path: string; selector: string | undefined } {
  const split = splitSelector(arg);
  if (split === null) return { path: argumentPath(arg), selector: undefined };
  // a file whose name ends in [...] is that file (a link of the tree that leads out is too: namesPath)
  return namesPath(arg) ? { path: argumentPath(arg), selector: undefined } : { path: argumentPath(split.file), selector: split.selector };
}

/**
 * Picks the variants of a loaded file.
 *
 * @param selector from `file.yaml[…]`
 * @param pattern from --variant; both are selectors (compileSelector: a full
 *   name, some key=value pairs with glob values, or a glob over the name)
 * @param prefix what the variants' names start with beyond their matrix's
 *   (a --set override, `kernel=2.6.27-rc3`: overrideName), so that a name the
 *   command printed picks its variant back
 */
export function pick(file: string, r: Extract<ComposeResult, { ok: true }>, selector: string | undefined, pattern: string | undefined, prefix?: string): { file: LoadedFile; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const entries: Entry[] = [];
  const fullName = (name: string | undefined): string | undefined => (prefix === undefined ? name : name === undefined ? prefix : `${prefix},${name}`);
  const names = variantNames(r).map((n) => fullName(n) ?? n);
  const paths = pathsOf(r);
  // why a rewrite selectorFault offers would still pick nothing
  const missOf = (s: string): string | undefined => { const m = compileSelector(s, paths); return names.some((n) => m(n)) ? undefined : selectorMiss(s, names, paths, undefined, r.matrix?.excluded ?? []); };
  // what the selector's text alone says is wrong (a key twice, a […] per pair): before any variant is looked at
  const fault = selector === undefined ? undefined : selectorFault(selector, file, names.length > 0 ? missOf : undefined);
  if (selector !== undefined && fault !== undefined) {
    problems.push({ file, message: `[${selector}]: ${fault}` });
    return { file: { file, matrix: r.matrix, entries, ...(names.length > 0 ? { variants: names } : {}) }, problems };
  }
  // a selector too costly to match is said before it is matched (break-216 F3); a --variant one is said by variantUsage
  const costly = selector === undefined ? undefined : globCost(selector, names, paths);
  if (selector !== undefined && costly !== undefined) {
    problems.push({ file, message: `[${clipped(selector)}]: ${costly}` });
    return { file: { file, matrix: r.matrix, entries, ...(names.length > 0 ? { variants: names } : {}) }, problems };
  }
  if (pattern !== undefined && globCost(pattern, names, paths) !== undefined) return { file: { file, matrix: r.matrix, entries, ...(names.length > 0 ? { variants: names } : {}) }, problems };
  if (selector !== undefined && r.matrix === undefined && prefix === undefined) {
    problems.push({ file, message: `[${selector}]: this file has no matrix:${dropNote(r)}, so it has no variants to pick` });
    return { file: { file, matrix: undefined, entries }, problems };
  }
  // each selector read once for every variant
  const bySelector = selector === undefined ? undefined : compileSelector(selector, paths);
  const byPattern = pattern === undefined ? undefined : compileSelector(pattern, paths);
  for (const v of r.variants) {
    const name = fullName(v.ok ? v.scenario.variant : v.variant);
    if (name !== undefined && bySelector !== undefined && !bySelector(name)) continue;
    if (name !== undefined && byPattern !== undefined && !byPattern(name)) continue;
    if (v.ok) entries.push({ ok: true, plugin: r.plugin, scenario: v.scenario });
    else {
      for (const p of v.problems) problems.push(p);
      entries.push({ ok: false, variant: v.variant });
    }
  }
  if (selector !== undefined && entries.length === 0) problems.push({ file, message: pickedNone(selector, pattern, names, paths, r.matrix?.excluded ?? []) });
  return { file: { file, matrix: r.matrix, entries, ...(names.length > 0 ? { variants: names } : {}) }, problems };
}

/**
 * Why matching `selector` against `names` (one file's variants) is refused, or undefined: it would take more than
 * max-glob-steps (selectorSteps: a `?` between two `*` is tried at each place of each value).
 */
function globCost(selector: string, names: readonly string[], paths: KeyPaths | undefined, file?: string): string | undefined {
  const steps = selectorSteps(selector, names, paths);
  if (steps <= DEFAULT_LIMITS.maxGlobSteps) return undefined;
  const found = `matching it against the ${names.length} variants${file === undefined ? '' : ` of ${file}`} would take ${steps} steps`;
  return `${limitMessage('max-glob-steps', DEFAULT_LIMITS.maxGlobSteps, found)}; write the values out, or use * without ? between stars`;
}

/**
 * Why `file.yaml[selector]` picks none of a matrix's variant `names`, with
 * --variant `pattern` when it is given: the selector alone picks none (and
 * what is wrong in it), or it picks some but the pattern none of those
 * (naming both selectors and what each picks), never one selector's miss
 * as if the other were not there.
 */
function pickedNone(selector: string, pattern: string | undefined, names: readonly string[], paths: KeyPaths | undefined, excluded: readonly string[]): string {
  const picksSelector = compileSelector(selector, paths);
  const bySelector = names.filter((n) => picksSelector(n));
  if (pattern === undefined || bySelector.length === 0) return `[${selector}] picks none of the ${names.length} variants: ${selectorMiss(selector, names, paths, undefined, excluded)}`;
  const picksPattern = compileSelector(pattern, paths);
  const byPattern = names.filter((n) => picksPattern(n));
  const picks = `[${selector}] picks ${bySelector.length} (${listed(bySelector)})`;
  if (byPattern.length === 0) return `[${selector}] and --variant ${pattern} together pick none of the ${names.length} variants: ${picks}, and --variant ${pattern} none: ${selectorMiss(pattern, names, paths, undefined, excluded)}`;
  return `[${selector}] and --variant ${pattern} together pick none of the ${names.length} variants: ${picks}, --variant ${pattern} picks ${byPattern.length} others (${listed(byPattern)}); keep one of the two`;
}

/** The paths of the variant-name keys of a composed file's matrix (selectors may name a key by its path). */
function pathsOf(r: Extract<ComposeResult, { ok: true }>): KeyPaths | undefined {
  return r.matrix === undefined ? undefined : keyPaths(r.matrix.keys, r.matrix.paths);
}

/** " (matrix: null at n1.yaml:2:1 drops the one of m.yaml)" when that is why a file has no matrix, else "". */
function dropNote(r: Extract<ComposeResult, { ok: true }>): string {
  return r.matrixDropped === undefined ? '' : ` (${r.matrixDropped})`;
}

/** The variant names of a composed file (none for a file without matrix:). */
function variantNames(r: Extract<ComposeResult, { ok: true }>): string[] {
  return r.variants.map((v) => (v.ok ? v.scenario.variant : v.variant)).filter((n): n is string => n !== undefined);
}

/**
 * Why --variant `pattern` is a usage error for these loaded files, or
 * undefined when it picks some variant of one of them. Files without a
 * matrix: run whole beside the variants it picks (a directory mixes both);
 * a pattern that can pick nothing at all is a mistake (the wrong file, a
 * matrix: left out, a typo), said before anything is replayed.
 */
function variantUsage(pattern: string, loaded: readonly { file: string; r: Extract<ComposeResult, { ok: true }> }[]): string | undefined {
  // said as the shell would quote it: "--variant  picks none" named nothing
  if (pattern.trim() === '') return `--variant '${pattern}': an empty selector picks nothing; give KEY=VALUE[,KEY=VALUE…] or a pattern of variant names`;
  const matrices = loaded.filter((l) => l.r.matrix !== undefined);
  const first = loaded[0];
  if (first === undefined) return undefined; // nothing loaded: the files' own problems say why
  const everyName = matrices.flatMap((m) => variantNames(m.r));
  // for the messages: every matrix's paths (the first file's where two name a key differently)
  const everyPath = new Map([...matrices].reverse().flatMap((m) => [...(pathsOf(m.r) ?? [])]));
  const excluded = matrices.flatMap((m) => m.r.matrix?.excluded ?? []);
  const missOf = (s: string): string | undefined => { const m = compileSelector(s, everyPath); return everyName.some((n) => m(n)) ? undefined : selectorMiss(s, everyName, everyPath, undefined, excluded); };
  const fault = selectorFault(pattern, undefined, everyName.length > 0 ? missOf : undefined);
  if (fault !== undefined) return `--variant ${pattern}: ${fault}`;
  for (const m of matrices) {
    const costly = globCost(pattern, variantNames(m.r), pathsOf(m.r), m.file);
    if (costly !== undefined) return `--variant ${clipped(pattern)}: ${costly}`;
  }
  const rule = '--variant picks among the variants of files with a matrix: (files without one run whole)';
  if (matrices.length === 0) {
    // files that drop a matrix with matrix: null (each note names where): the likeliest mistake
    const dropped = [...new Set(loaded.flatMap((l) => (l.r.matrixDropped === undefined ? [] : [l.r.matrixDropped])))];
    const why = dropped.length > 0 ? ` (${listed(dropped)})` : '';
    return `--variant ${pattern}: ${loaded.length === 1 ? `${first.file} has no matrix:` : `none of the ${loaded.length} files has a matrix:`}${why}, so there are no variants to pick; ${rule}`;
  }
  if (matrices.some((m) => {
    const picks = compileSelector(pattern, pathsOf(m.r));
    return variantNames(m.r).some((n) => picks(n));
  })) return undefined;
  const where = matrices.length === 1 ? `the ${everyName.length} variants of ${matrices[0]?.file ?? ''}` : `the ${everyName.length} variants of the ${matrices.length} matrix files`;
  return `--variant ${pattern} picks none of ${where}: ${selectorMiss(pattern, everyName, everyPath, undefined, excluded)}`;
}

/**
 * The variants several selectors picked from one file, each once, in matrix
 * order: a variant two selectors both pick runs once.
 */
function unionOfPicks(r: Extract<ComposeResult, { ok: true }>, files: readonly LoadedFile[]): LoadedFile {
  const first = files[0];
  if (first === undefined || files.length === 1) return first ?? { file: '', matrix: r.matrix, entries: [] };
  const nameOf = (e: Entry): string | undefined => (e.ok ? e.scenario.variant : e.variant);
  const byName = new Map(files.flatMap((f) => f.entries).map((e) => [nameOf(e), e]));
  const entries: Entry[] = [];
  for (const v of r.variants) {
    const e = byName.get(v.ok ? v.scenario.variant : v.variant);
    if (e !== undefined) entries.push(e);
  }
  return { file: first.file, matrix: first.matrix, entries };
}

/**
 * @param args CLI arguments: files, directories, `file.yaml[key=value]`
 * @param pattern --variant: a selector over variant names (selectorMatches); files without a matrix are not
 *   filtered, and a pattern that picks no variant of any file is a usage error (Loaded.usage)
 */
export async function loadArgs(args: readonly string[], pattern?: string): Promise<Loaded> {
  const all = args.map(argOf);
  // `DIR[x=1]`: a selector picks variants of one file; walking DIR whole would ignore it (and exit 0)
  const onDirectory = all.filter((a) => a.selector !== undefined && isDirectory(a.path));
  const parsed = all.filter((a) => !onDirectory.includes(a));
  const { files, problems: inputProblems, aliases, directories } = await expandInputs(parsed.map((a) => a.path));
  const problems: InputProblem[] = [...inputProblems];
  for (const a of onDirectory) {
    problems.push({
      file: a.path,
      message: `[${a.selector ?? ''}]: a selector picks variants of one scenario file, and this is a directory; name a file of it, or give --variant '${a.selector ?? ''}' to pick from every file under it`,
    });
  }
  const out: LoadedFile[] = [];
  let invalid = 0;
  const bases = new Set<string>();
  const extendedBy = new Map<string, string>();
  // every file is composed before any is picked from: --variant is checked against them all
  const composed = [];
  for (const file of files) {
    const onBase = (name: string): void => {
      bases.add(name);
      if (!extendedBy.has(name)) extendedBy.set(name, file);
    };
    composed.push({ file, r: await loadVariantsFile(file, DEFAULT_LIMITS, onBase) });
  }
  const loaded = composed.filter((c): c is { file: string; r: Extract<ComposeResult, { ok: true }> } => c.r.ok);
  const paths = [...files, ...bases];
  const usage = pattern === undefined ? undefined : variantUsage(pattern, loaded);
  for (const { file, r } of composed) {
    if (!r.ok) {
      for (const p of r.problems) problems.push(p);
      invalid++;
      continue;
    }
    if (usage !== undefined) continue;
    // every argument naming this file: `a.yaml[x=1] a.yaml[y=2]` runs both picks; a bare `a.yaml` runs them all
    // (under any of its names: `treelink/a.yaml[x=1]` picks from tree/a.yaml, read first by that name)
    const mine = parsed.filter((a) => (aliases?.get(a.path) ?? a.path) === file);
    // (a file found in a directory argument is named by none: all of it)
    const selectors = mine.length === 0 || mine.some((a) => a.selector === undefined) ? [undefined] : mine.map((a) => a.selector);
    const picks = selectors.map((selector) => pick(file, r, selector, pattern));
    // the variants of one file are one file's problems: capped like the file's own (limits.ts)
    for (const p of fileProblems(picks.flatMap((k) => k.problems))) problems.push(p);
    out.push(unionOfPicks(r, picks.map((p) => p.file)));
  }
  return { files: out, problems, invalid, paths, extendedBy, directories, ...(usage !== undefined ? { usage } : {}) };
}
