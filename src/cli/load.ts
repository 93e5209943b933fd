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
import { selectorMatches, selectorMiss, splitSelector } from '../scenario/compose/variant-name.js';
import { expandInputs, loadVariantsFile } from '../scenario/files.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import { capProblems, sortProblems, type InputProblem } from '../scenario/problems.js';
import type { Scenario } from '../scenario/types.js';

export type Entry =
  | { readonly ok: true; readonly plugin: ArchPlugin; readonly scenario: Scenario }
  | { readonly ok: false; readonly variant: string };

/** One file's scenarios, in matrix order. */
export interface LoadedFile {
  readonly file: string;
  readonly matrix: MatrixInfo | undefined;
  readonly entries: readonly Entry[];
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
}

/** `file.yaml[hypervisor=vmi]` when no such file exists: the file and the selector. */
function argOf(arg: string): { path: string; selector: string | undefined } {
  const split = splitSelector(arg);
  if (split === null) return { path: arg, selector: undefined };
  try {
    statSync(arg);
    return { path: arg, selector: undefined }; // a file whose name ends in [...] is that file
  } catch {
    return { path: split.file, selector: split.selector };
  }
}

/**
 * Picks the variants of a loaded file.
 *
 * @param selector from `file.yaml[…]`
 * @param pattern from --variant; both are selectors (selectorMatches: a full
 *   name, some key=value pairs with glob values, or a glob over the name)
 */
export function pick(file: string, r: Extract<ComposeResult, { ok: true }>, selector: string | undefined, pattern: string | undefined): { file: LoadedFile; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const entries: Entry[] = [];
  const names = r.variants.map((v) => (v.ok ? v.scenario.variant : v.variant)).filter((n): n is string => n !== undefined);
  if (selector !== undefined && r.matrix === undefined) {
    problems.push({ file, message: `[${selector}]: this file has no matrix:, so it has no variants to pick` });
    return { file: { file, matrix: undefined, entries }, problems };
  }
  for (const v of r.variants) {
    const name = v.ok ? v.scenario.variant : v.variant;
    if (name !== undefined && selector !== undefined && !selectorMatches(selector, name)) continue;
    if (name !== undefined && pattern !== undefined && !selectorMatches(pattern, name)) continue;
    if (v.ok) entries.push({ ok: true, plugin: r.plugin, scenario: v.scenario });
    else {
      for (const p of v.problems) problems.push(p);
      entries.push({ ok: false, variant: v.variant });
    }
  }
  if (selector !== undefined && entries.length === 0) {
    problems.push({ file, message: `[${selector}] picks none of the ${names.length} variants: ${selectorMiss(selector, names)}` });
  }
  return { file: { file, matrix: r.matrix, entries }, problems };
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
 * @param pattern --variant: a selector over variant names (selectorMatches); files without a matrix are not filtered
 */
export async function loadArgs(args: readonly string[], pattern?: string): Promise<Loaded> {
  const parsed = args.map(argOf);
  const { files, problems: inputProblems } = await expandInputs(parsed.map((a) => a.path));
  const problems: InputProblem[] = [...inputProblems];
  const out: LoadedFile[] = [];
  let invalid = 0;
  const bases = new Set<string>();
  const onBase = (name: string): void => {
    bases.add(name);
  };
  for (const file of files) {
    // every argument naming this file: `a.yaml[x=1] a.yaml[y=2]` runs both picks; a bare `a.yaml` runs them all
    const mine = parsed.filter((a) => a.path === file);
    // (a file found in a directory argument is named by none: all of it)
    const selectors = mine.length === 0 || mine.some((a) => a.selector === undefined) ? [undefined] : mine.map((a) => a.selector);
    const r = await loadVariantsFile(file, DEFAULT_LIMITS, onBase);
    if (!r.ok) {
      for (const p of r.problems) problems.push(p);
      invalid++;
      continue;
    }
    const picks = selectors.map((selector) => pick(file, r, selector, pattern));
    // the variants of one file are one file's problems: capped like the file's own (limits.ts)
    for (const p of capProblems(sortProblems(picks.flatMap((k) => k.problems)), DEFAULT_LIMITS.maxProblems)) problems.push(p);
    out.push(unionOfPicks(r, picks.map((p) => p.file)));
  }
  const matrices = out.filter((f) => f.matrix !== undefined);
  const first = matrices[0];
  const someFile = out[0];
  if (pattern !== undefined && first === undefined && someFile !== undefined) {
    // a pattern that can filter nothing is a mistake (the wrong file, or a matrix: left out), not a no-op
    problems.push({ file: someFile.file, message: `--variant ${pattern}: ${out.length === 1 ? 'this file has no matrix:' : `none of the ${out.length} files has a matrix:`}, so there are no variants to pick` });
  }
  if (pattern !== undefined && first !== undefined && matrices.every((f) => f.entries.length === 0)) {
    const r = await loadVariantsFile(first.file);
    const names = r.ok ? r.variants.map((v) => (v.ok ? v.scenario.variant ?? '' : v.variant)) : [];
    problems.push({ file: first.file, message: `--variant ${pattern}: ${selectorMiss(pattern, names)}` });
  }
  return { files: out, problems, invalid, paths: [...files, ...bases] };
}
