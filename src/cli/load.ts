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
import { globMatch, selectorMatches, splitSelector } from '../scenario/compose/variant-name.js';
import { expandInputs, loadVariantsFile } from '../scenario/files.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import { capProblems, sortProblems, type InputProblem } from '../scenario/problems.js';
import { suggest } from '../scenario/suggest.js';
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
 * @param selector from `file.yaml[…]` (key=value pairs, values may be globs)
 * @param pattern from --variant (a glob over the whole variant name)
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
    if (name !== undefined && pattern !== undefined && !globMatch(pattern, name)) continue;
    if (v.ok) entries.push({ ok: true, plugin: r.plugin, scenario: v.scenario });
    else {
      for (const p of v.problems) problems.push(p);
      entries.push({ ok: false, variant: v.variant });
    }
  }
  if (selector !== undefined && entries.length === 0) {
    const guess = suggest(selector, names);
    problems.push({ file, message: `[${selector}] picks none of the ${names.length} variants${guess !== undefined ? ` (did you mean ${guess}?)` : ''}; variants: ${names.join('; ')}` });
  }
  return { file: { file, matrix: r.matrix, entries }, problems };
}

/**
 * @param args CLI arguments: files, directories, `file.yaml[key=value]`
 * @param pattern --variant: a glob over variant names; files without a matrix are not filtered
 */
export async function loadArgs(args: readonly string[], pattern?: string): Promise<Loaded> {
  const parsed = args.map(argOf);
  const { files, problems: inputProblems } = await expandInputs(parsed.map((a) => a.path));
  const problems: InputProblem[] = [...inputProblems];
  const out: LoadedFile[] = [];
  const bases = new Set<string>();
  const onBase = (name: string): void => {
    bases.add(name);
  };
  for (const file of files) {
    const selector = parsed.find((a) => a.path === file)?.selector;
    const r = await loadVariantsFile(file, DEFAULT_LIMITS, onBase);
    if (!r.ok) {
      for (const p of r.problems) problems.push(p);
      continue;
    }
    const picked = pick(file, r, selector, pattern);
    // the variants of one file are one file's problems: capped like the file's own (limits.ts)
    for (const p of capProblems(sortProblems(picked.problems), DEFAULT_LIMITS.maxProblems)) problems.push(p);
    out.push(picked.file);
  }
  const matrices = out.filter((f) => f.matrix !== undefined);
  const first = matrices[0];
  if (pattern !== undefined && first !== undefined && matrices.every((f) => f.entries.length === 0)) {
    const r = await loadVariantsFile(first.file);
    const names = r.ok ? r.variants.map((v) => (v.ok ? v.scenario.variant ?? '' : v.variant)) : [];
    problems.push({ file: first.file, message: `--variant ${pattern}: matches no variant; a glob over the whole name (* matches any text), e.g. ${names[0] ?? '*'}` });
  }
  return { files: out, problems, paths: [...files, ...bases] };
}
