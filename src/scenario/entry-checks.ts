/**
 * `expect:` and `allow:` entries name a step as findings do: a setup_arch()
 * call (NAME#N for its Nth occurrence) or one of the architecture's implicit
 * boot steps (x86_32: head_32, xen_start_kernel). An entry whose step is in
 * neither can never match and is an input problem, with a did-you-mean.
 * The implicit steps are the plug-in's: its `init` is run once to list them
 * (no rules, no formatting), so this stays architecture-neutral.
 *
 * An entry's `variant:` is a selector over the file's matrix variants, read
 * as `file.yaml[…]` and `run --variant` read it (selectorMatches): a full
 * name, some of its key=value pairs ("hypervisor=vmi"; values may be globs),
 * or a glob over the whole name. One that picks no variant, or any
 * `variant:` in a file without `matrix:`, could never match and is an input
 * problem too. Each selector is read once and each name parsed once; the
 * entries × variants a file may have are bounded before this runs
 * (max-gate-entries, limits.ts).
 */
import type { ArchPlugin } from '../arch/types.js';
import { compileSelector, parseVariantName, selectorMiss, type KeyPaths, type VariantPair } from './compose/variant-name.js';
import { callRefText } from './order-edit.js';
import { didYouMean } from './suggest.js';
import type { Expectation, Pos, Scenario } from './types.js';
import type { InputProblem } from './problems.js';

/**
 * @param variants the names of every variant of the file's matrix and the
 *   paths of their keys; undefined when it has none
 * @param dropped why it has none when `matrix: null` is the reason ("matrix: null at … drops the one of …")
 */
export function checkEntries(
  scenario: Scenario, plugin: ArchPlugin, variants?: { readonly names: readonly string[]; readonly paths: KeyPaths }, dropped?: string,
): InputProblem[] {
  // the plug-in's init builds the machine's first page tables: only for an entry that names no call of setup_arch
  return entryProblems(scenario, () => plugin.init(scenario, () => undefined).implicit.map((s) => s.name), { variants, dropped });
}

/** What the entry checks read of a scenario: a Scenario, or what a file with schema problems still has. */
export interface EntrySubject extends Pick<Scenario, 'file' | 'positions' | 'expect' | 'allow'> {
  readonly steps: readonly { readonly call: string }[];
}

/**
 * The step names of `expect:`/`allow:` entries of a file whose schema
 * problems keep it from becoming a scenario (so that one pass shows them
 * with the others): against its setup_arch calls and every implicit step
 * the architecture has on some machine (ArchPlugin.implicitStepNames), so
 * a name only another machine has waits for the full check. `variant:` is
 * not checked: the matrix may be what is invalid.
 */
export function checkEntryStepsEarly(subject: EntrySubject, plugin: ArchPlugin): InputProblem[] {
  return entryProblems(subject, () => [...plugin.implicitStepNames], { variantsChecked: false });
}

function entryProblems(
  scenario: EntrySubject, implicitOf: () => string[],
  options: { readonly variants?: { readonly names: readonly string[]; readonly paths: KeyPaths } | undefined; readonly dropped?: string | undefined; readonly variantsChecked?: boolean },
): InputProblem[] {
  const { variants, dropped, variantsChecked = true } = options;
  const entries: [string, Expectation][] = [
    ...(scenario.expect ?? []).map((e, i): [string, Expectation] => [`expect[${i}]`, e]),
    ...(scenario.allow ?? []).map((a, i): [string, Expectation] => [`allow[${i}]`, a]),
  ];
  if (entries.length === 0) return [];
  let implicitNames: string[] | undefined;
  const implicitSteps = (): string[] => (implicitNames ??= implicitOf());
  const counts = new Map<string, number>();
  for (const s of scenario.steps) counts.set(s.call, (counts.get(s.call) ?? 0) + 1);
  // the variant names as pairs: read once for every selector, not once per entry
  let parsedNames: (readonly VariantPair[])[] | undefined;
  const problems: InputProblem[] = [];
  // problems point at the key they are about (expect[0].step), like the schema's
  const at = (path: string, e: Expectation, message: string): void => {
    const pos: Pos = scenario.positions[path] ?? e.pos;
    problems.push({ file: pos.file ?? scenario.file, line: pos.line, col: pos.col, message: `${path}: ${message}` });
  };
  for (const [key, e] of entries) {
    const n = counts.get(e.step.name) ?? 0;
    if (!(e.step.occurrence <= n || (n === 0 && e.step.occurrence === 1 && implicitSteps().includes(e.step.name)))) {
      const implicit = n > 0 ? [] : implicitSteps();
      at(`${key}.step`, e, n > 0
        ? `${callRefText(e.step)}: ${e.step.name} occurs ${n === 1 ? 'once' : `${n} times`} in setup_arch`
        : `${e.step.name} is ${implicit.length > 0 ? `neither in setup_arch nor an implicit step (${implicit.join(', ')})` : 'not in setup_arch'}${didYouMean(e.step.name, [...counts.keys(), ...implicit])}`);
    }
    if (e.variant === undefined || !variantsChecked) continue;
    if (variants === undefined) {
      at(`${key}.variant`, e, `this file has no matrix:${dropped !== undefined ? ` (${dropped})` : ''}, so it has no variants; remove variant:`);
    } else {
      const parsed = (parsedNames ??= variants.names.map((n) => parseVariantName(n) ?? []));
      const picks = compileSelector(e.variant, variants.paths);
      if (!variants.names.some((name, i) => picks(name, parsed[i]))) {
        at(`${key}.variant`, e, `${e.variant} picks none of the ${variants.names.length} variants: ${selectorMiss(e.variant, variants.names, variants.paths, parsed)}`);
      }
    }
  }
  return problems;
}
