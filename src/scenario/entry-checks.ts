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
 *
 * An entry that repeats an earlier one of its list (same rule, step,
 * variant and severity) is an input problem too: each entry takes its own
 * `count:` findings (src/gate/gate.ts), so the repeat says how to ask for more.
 */
import type { ArchPlugin } from '../arch/types.js';
import { compileSelector, parseVariantName, selectorFault, selectorMiss, type KeyPaths, type VariantPair } from './compose/variant-name.js';
import { occurrenceMiss, occurrencesText } from './call-text.js';
import { callRefText } from './order-edit.js';
import { goneText, type Gone, type GoneCalls } from './compose/patch.js';
import { didYouMean, suggest } from './suggest.js';
import { clipped } from './quote.js';
import { MAX_ENTRY_COUNT } from './schema.js';
import type { Expectation, Pos, Scenario } from './types.js';
import type { InputProblem } from './problems.js';

/** A file's variants, as the entry checks read them: the names, the paths of their keys, and the names of the combinations `exclude:` dropped. */
export interface MatrixVariants {
  readonly names: readonly string[];
  readonly paths: KeyPaths;
  readonly excluded: readonly string[];
}

/**
 * @param scenarios the file's variants that became scenarios (at least one): their steps are the same, their
 *   implicit steps are each machine's (a step of the Xen variants' machine is one: break-251 N9a)
 * @param variants the names of every variant of the file's matrix and the
 *   paths of their keys; undefined when it has none
 * @param dropped why it has none when `matrix: null` is the reason ("matrix: null at … drops the one of …")
 */
export function checkEntries(
  scenarios: readonly [Scenario, ...Scenario[]], plugin: ArchPlugin, variants?: MatrixVariants, dropped?: string, gone?: GoneCalls,
): InputProblem[] {
  // the plug-in's init builds the machine's first page tables: only for an entry that names no call of setup_arch
  const implicitOf = (): string[] => machinesImplicit(plugin, scenarios.map((s) => () => plugin.implicitStepsOf?.(s.machine) ?? plugin.init(s, () => undefined).implicit.map((r) => r.name))) ?? [];
  return entryProblems(scenarios[0], implicitOf, { variants, dropped, gone });
}

/**
 * The implicit steps of some machines, each asked once, in the order of ArchPlugin.implicitStepNames; undefined
 * when one does not say (ArchPlugin.implicitStepsOf).
 */
export function machinesImplicit(plugin: ArchPlugin, machines: readonly (() => readonly string[] | undefined)[]): string[] | undefined {
  const names = new Set<string>();
  for (const of of machines) {
    const own = of();
    if (own === undefined) return undefined;
    for (const n of own) names.add(n);
  }
  const known = plugin.implicitStepNames.filter((n) => names.has(n));
  return [...known, ...[...names].filter((n) => !known.includes(n))];
}

/**
 * What the entry checks read of a scenario: a Scenario, or what a file with schema problems still has. An entry the
 * schema refuses (a malformed step:, not a mapping) is a hole, so that the others keep their indices and are
 * checked (break-250 F3: one malformed entry held back every other entry's unknown step for another run).
 */
export interface EntrySubject extends Pick<Scenario, 'file' | 'positions'> {
  readonly steps: readonly { readonly call: string }[];
  readonly expect?: readonly (Expectation | undefined)[] | undefined;
  readonly allow?: readonly (Expectation | undefined)[] | undefined;
}

/**
 * What the order of a file with problems lacks: the calls that the parts that did not apply would add, had they
 * applied (a patch: insert: or with: whose anchor names nothing, a patch: after an edit that emptied the order).
 * An entry's step is checked against the order built without them, counted up by these: a step they would supply
 * is not reported (break-250 F3: `early_cpu_init#2` was said to be missing when the patch: insert that adds it
 * had only a typo in its anchor), nor, when `anyOf` is known, one that names a call of it.
 */
export interface OrderGaps {
  /** per call name, how many the parts that did not apply would add */
  readonly adds: ReadonlyMap<string, number>;
  /**
   * when a part that did not apply could add any call (a setup_arch or patch: item not readable as one): the calls
   * there are (the catalog's and define:'s); a step that names none of them is still known to be wrong
   */
  readonly anyOf: ReadonlySet<string> | undefined;
}

/**
 * What is known of a file that did not become a scenario, for checking its
 * entries without one (checkEntriesEarly).
 */
export interface EarlyKnowledge {
  /**
   * whether the schema accepted the file: its entries are well-formed, so a
   * repeat is one (a malformed `severity:` or `count:` could make one look like a repeat)
   */
  readonly wellFormed: boolean;
  /**
   * the file's variants (names and key paths), `'none'` when it certainly has
   * no matrix (no file of its chain has one, or `matrix: null` dropped it, and
   * every base loaded), `'unknown'` when the matrix may be what is invalid
   */
  readonly matrix: MatrixVariants | 'none' | 'unknown';
  /** why it has none when `matrix: null` is the reason (as checkEntries takes it) */
  readonly dropped?: string | undefined;
  /** what the order lacks, when part of it could not be built; none: the steps are the whole order */
  readonly gaps?: OrderGaps | undefined;
  /** when not wellFormed: the entries ("expect[1]") read whole, compared for repeats among themselves */
  readonly clean?: ReadonlySet<string> | undefined;
  /** the calls the patches took out of the order (a step that names one is told which edit did, as patch: is) */
  readonly gone?: GoneCalls | undefined;
  /**
   * the implicit steps of the file's machines when their `machine:` says (ArchPlugin.implicitStepsOf), as a valid
   * file names them; undefined: every machine's (ArchPlugin.implicitStepNames), and a name one of them has waits
   */
  readonly implicit?: readonly string[] | undefined;
}

/**
 * The entries of a file whose problems keep it from becoming a scenario (a
 * schema problem, or a problem every variant has), so that one pass shows
 * them with the others: step names against its setup_arch calls and every
 * implicit step the architecture has on some machine
 * (ArchPlugin.implicitStepNames), so a name only another machine has waits
 * for the full check; `variant:` and repeated entries as far as `known`
 * allows.
 */
export function checkEntriesEarly(subject: EntrySubject, plugin: ArchPlugin, known: EarlyKnowledge): InputProblem[] {
  const variants = known.matrix === 'none' || known.matrix === 'unknown' ? undefined : known.matrix;
  const { implicit } = known;
  return entryProblems(subject, () => [...implicit ?? plugin.implicitStepNames], {
    variants, dropped: known.dropped, repeats: known.wellFormed, variantsKnown: known.matrix !== 'unknown', gaps: known.gaps, anyMachine: implicit === undefined, clean: known.clean, gone: known.gone,
  });
}

function entryProblems(
  scenario: EntrySubject, implicitOf: () => string[],
  options: {
    readonly variants?: MatrixVariants | undefined; readonly dropped?: string | undefined;
    /** whether to report repeated entries (only of well-formed ones) */
    readonly repeats?: boolean;
    /** whether `variants` is the file's matrix (undefined: it has none), not a matrix that could not be read */
    readonly variantsKnown?: boolean;
    readonly gaps?: OrderGaps | undefined;
    /** when not `repeats`: the entries that are compared for repeats all the same (EarlyKnowledge.clean) */
    readonly clean?: ReadonlySet<string> | undefined;
    /** whether the implicit steps are every machine's (ArchPlugin.implicitStepNames), not this machine's */
    readonly anyMachine?: boolean;
    readonly gone?: GoneCalls | undefined;
  },
): InputProblem[] {
  const { variants, dropped, repeats = true, variantsKnown = true, gaps, anyMachine = false, clean, gone = new Map<string, Gone>() } = options;
  const entries: [string, Expectation][] = [];
  for (const [list, of] of [['expect', scenario.expect], ['allow', scenario.allow]] as const) {
    (of ?? []).forEach((e, i) => {
      if (e !== undefined) entries.push([`${list}[${i}]`, e]);
    });
  }
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
  // a file with schema problems may have a malformed entry (a bad severity: or count:) that only looks like a repeat
  // a repeat is said beside the file's other problems (break-251 F5), among the entries read whole
  const compared = repeats ? entries : clean === undefined ? [] : entries.filter(([key]) => clean.has(key));
  for (const [key, e, message] of repeatedEntries(compared)) at(key, e, message);
  for (const [key, e] of entries) {
    const n = counts.get(e.step.name) ?? 0;
    // what the parts of the order that did not apply would add: a step within that is not known to be wrong
    const more = gaps?.adds.get(e.step.name) ?? 0;
    if (!(e.step.occurrence <= n + more || (n === 0 && e.step.occurrence === 1 && implicitSteps().includes(e.step.name)) || gaps?.anyOf?.has(e.step.name) === true)) {
      at(`${key}.step`, e, stepMiss(e, { n, more, implicit: n > 0 ? [] : implicitSteps(), counts, anyMachine, gone }));
    }
    if (e.variant === undefined || !variantsKnown) continue;
    if (variants === undefined) {
      at(`${key}.variant`, e, `this file has no matrix:${dropped !== undefined ? ` (${dropped})` : ''}, so it has no variants; remove variant:`);
    } else {
      const parsed = (parsedNames ??= variants.names.map((n) => parseVariantName(n) ?? []));
      const picks = compileSelector(e.variant, variants.paths);
      // a key given twice: said of the selector, not as a combination the matrix lacks
      const fault = selectorFault(e.variant, undefined, (s) => {
        const picksRewritten = compileSelector(s, variants.paths);
        return variants.names.some((name, i) => picksRewritten(name, parsed[i])) ? undefined : selectorMiss(s, variants.names, variants.paths, parsed, variants.excluded);
      });
      // an empty one quoted, as --variant '' is (break-215 F11: "expect[0].variant: : an empty selector")
      // clipped: a 4,096-character selector made the message itself be cut before its reason (break-216)
      if (fault !== undefined) at(`${key}.variant`, e, `${e.variant.trim() === '' ? JSON.stringify(e.variant) : clipped(e.variant)}: ${fault}`);
      else if (!variants.names.some((name, i) => picks(name, parsed[i]))) {
        at(`${key}.variant`, e, `${clipped(e.variant)} picks none of the ${variants.names.length} variants: ${selectorMiss(e.variant, variants.names, variants.paths, parsed, variants.excluded)}`);
      }
    }
  }
  return problems;
}

/** What stepMiss reads of the order an entry's step is checked against. */
interface StepContext {
  /** how often the entry's call occurs in setup_arch */
  readonly n: number;
  /** how many more of it the parts of the order that did not apply would add (OrderGaps) */
  readonly more: number;
  /** the implicit steps it may name instead (none when the call is in setup_arch) */
  readonly implicit: readonly string[];
  /** every setup_arch call with its count, for the did-you-mean */
  readonly counts: ReadonlyMap<string, number>;
  /** whether `implicit` is every machine's, not this one's (a file with problems has no machine yet) */
  readonly anyMachine: boolean;
  /** the calls the patches took out of the order */
  readonly gone: GoneCalls;
}

/**
 * Why an entry's step names no step of the scenario, for its `step` key. A call a patch: took out is said to be
 * gone, by which edit, as a later patch: edit naming it is told (break-251 N9a: "neither in setup_arch nor an
 * implicit step … (did you mean efi_init?)" for the vmi_init a base's `remove:` took out).
 */
function stepMiss(e: Expectation, { n, more, implicit, counts, anyMachine, gone }: StepContext): string {
  const name = clipped(e.step.name);
  if (more > 0) {
    return `${clipped(callRefText(e.step))}: setup_arch has ${n === 0 ? `no ${name}` : occurrencesText(e.step.name, n)}, and would have ${occurrencesText(e.step.name, n + more)} with the patch: edits that did not apply`;
  }
  const went = implicit.includes(e.step.name) ? undefined : gone.get(e.step.name);
  if (n > 0) return `${occurrenceMiss(e.step.name, e.step.occurrence, n, 'setup_arch')}${went !== undefined ? ` (another ${goneText(went)})` : ''}`;
  if (went !== undefined) return `${name} ${goneText(went)}: setup_arch has no ${name} left`;
  // an implicit step with #N (break-226 N1): it is one, so "neither … nor an implicit step (head_32)" contradicted itself
  if (implicit.includes(e.step.name)) {
    return `${callRefText(e.step)}: ${e.step.name} is an implicit step (before setup_arch), which occurs once and takes no #N; write step: ${e.step.name}`;
  }
  // the name clipped as an unknown call's is (helper-183 11: a 4 KiB alias was quoted whole in each problem)
  // a file with problems has no machine to ask for its implicit steps: every machine's are named as such (break-250
  // F3: "(head_32, xen_start_kernel)" read as the steps of a VMI machine, which has no xen_start_kernel)
  const implicitText = `an implicit step${anyMachine ? ' of any machine' : ''} (${implicit.join(', ')})`;
  const where = `${name} is ${implicit.length > 0 ? `neither in setup_arch nor ${implicitText}` : 'not in setup_arch'}`;
  const guess = didYouMean(e.step.name, [...counts.keys(), ...implicit]);
  if (guess !== '') return `${where}${guess}`;
  // a typo of a call that is gone: both, as patch: says them
  const goneGuess = suggest(e.step.name, [...gone.keys()]);
  const was = goneGuess === undefined ? undefined : gone.get(goneGuess);
  return `${where}${goneGuess !== undefined && was !== undefined ? ` (did you mean ${clipped(goneGuess)}? it ${goneText(was)})` : ''}`;
}

/**
 * Entries of one list that repeat an earlier one: same rule, step, variant
 * selector and severity. Each entry takes its own `count` findings, so a
 * repeat would ask for more findings than the one written, a reading nobody
 * means by copying a line (review 9, 3.2): it is an input problem that says
 * how to ask for more. Entries of different lists (expect and allow) are not
 * compared: expect: is matched first (src/gate/gate.ts).
 * @returns [path of the repeat, the repeat, message] in the order written
 */
function repeatedEntries(entries: readonly (readonly [string, Expectation])[]): [string, Expectation, string][] {
  const first = new Map<string, readonly [string, Expectation]>();
  const out: [string, Expectation, string][] = [];
  for (const entry of entries) {
    const [key, e] = entry;
    const list = key.slice(0, key.indexOf('['));
    const id = JSON.stringify([list, e.rule, e.step.name, e.step.occurrence, e.variant ?? null, e.severity ?? null]);
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, entry);
      continue;
    }
    const [firstKey, firstEntry] = earlier;
    const total = firstEntry.count + e.count;
    const takes = firstEntry.count === 1 ? 'that finding' : `${firstEntry.count} such findings`;
    // the sum as one count: only where count: takes it (no replay has more findings at one step)
    const fix = total <= MAX_ENTRY_COUNT
      ? `for ${total} findings write count: ${total} in ${firstKey} and remove this one`
      : `together they ask for ${total} findings, more than a count: takes (at most ${MAX_ENTRY_COUNT}: no replay has more findings at one step): remove this one`;
    out.push([key, e, `repeats ${firstKey} (line ${firstEntry.pos.line}), which already takes ${takes}; ${fix}`]);
  }
  return out;
}
