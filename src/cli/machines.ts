/**
 * The scenarios a compare command works on: each file's variants (its own
 * `matrix:`, or one), or, with `--set`, the variants of a scenario that
 * extends the file with the overrides and axes (src/scenario/overrides.ts).
 * Every problem of every file and variant is collected, so the command can
 * report them all and exit 2.
 */
import { clip } from '../escape.js';
import { DEFAULT_LIMITS, limitMessage } from '../scenario/limits.js';
import { posix } from 'node:path';
import type { ArchPlugin } from '../arch/types.js';
import { allArches, loadArches } from '../arch/index.js';
import { keysAt } from '../scenario/schema-at.js';
import { scenarioSchemaFor } from '../scenario/schema.js';
import { composeLoading, composeScenario, type ComposeResult } from '../scenario/compose/compose.js';
import { emptyArgument, fsReaderFor, identity, leavesCurrentDirectory, loadVariantsFile, namesPath } from '../scenario/files.js';
import { hasMalformedEntries, keptAxes, matrixOf, overlayText, overrideName, parseSets, replacedAxes, spreadPaths, type Axis } from '../scenario/overrides.js';
import type { InputProblem } from '../scenario/problems.js';
import type { Scenario } from '../scenario/types.js';
import { splitSelector } from '../scenario/compose/variant-name.js';
import { fileProblems, pick } from './load.js';
import { MAX_REASONING_MACHINES } from '../compare/judge.js';
import { structuredSetProblem } from './structured-sets.js';
import { machinesText } from '../compare/machines-text.js';

export interface Machine {
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
}

/**
 * `read`: every file read (the arguments and the bases they extend), which stdout must not be; with
 * input problems too (a -f json report of them is written there: src/cli/problems-json.ts)
 */
export type Machines = { ok: true; machines: Machine[]; read: string[] } | { ok: false; usage?: string; problems: InputProblem[]; read?: string[] };

/** The name the --set overlay is composed under: beside the file, so its `extends` is the file's base name. */
const OVERLAY = '(--set)';

export interface LoadOptions {
  /**
   * the machines make one answer (--matrix): they must be of one
   * architecture, since its calls are matched by name across machines (an
   * x86_32 and a riscv `paging_init` are different calls)
   */
  readonly matrix?: boolean;
}

/** A problem of the --set overlay in the user's words: `config.pae, value 2: …` for `matrix["config.pae"][1]: …`. */
function setMessage(message: string): string {
  // (matrix.kernel[1] for a key without a dot), and the axis item a value repeats counted as the values are: from 1
  return message.replace(/^matrix(?:\["([^"]+)"\]|\.([a-z_][a-z0-9_]*))\[(\d+)\]: /, (_, dotted: string | undefined, plain: string | undefined, i: string) => `${dotted ?? plain ?? ''}, value ${Number(i) + 1}: `)
    .replace(/^([^,]+, value \d+: .*) repeats item (\d+) of the axis\b/, (_, head: string, i: string) => `${head} repeats value ${Number(i) + 1}`)
    // a key no axis may name (config.va_bits=39,48 on x86_32): said of the path given, not of a matrix the user never
    // wrote (a list or mapping key is structuredSetProblem's)
    .replace(/^matrix(?:\.include\[\d+\])?\["([^"]+)"\]: unknown key(.*?); (?:an axis|a key of an exclude\/include entry) is a scalar key path: /,
      (_, path: string, hint: string) => `${path}: unknown key${hint}; --set takes a scalar key path: `)
    // name and description label a scenario, which --set refuses to set (break-215 F6: listed as keys it takes)
    .replace(/; --set takes a scalar key path: name, description, /, '; --set takes a scalar key path: ')
    // a matrix limit (max-variants, max-matrix-product, max-replayed-calls) that the --set axes reach: the
    // overlay is no file to split, and its combinations are the user's values (compose.ts and matrix.ts word the hint)
    .replace(/; split the file or exclude combinations(?: \(the limit holds for the matrix as written, whichever variants a run picks\))?$/, '; use fewer --set values')
    // a value the commas cut out of one (machine.cmdline=earlycon=uart8250,io,0x3f8: value 3 is the number 0x3f8)
    .replace(/^([^,]+), value (\d+): (.*); quote it to make it a string(?:, as in "[^"]*")?$/, (_, path: string, n: string, what: string) =>
      `${path}, value ${n}: ${what}; a comma separates --set values: if the commas belong to one value, quote it whole, as in ${path}="a,b"`);
}

/**
 * The --set arguments a problem of the overlay is about: those of the path its message names first
 * (`machine.hypervisor: …`, `config.pae, value 2: …`), or every one when it names none of them
 * (`matrix: every combination is excluded`).
 */
function setsOf(message: string, sets: readonly string[]): readonly string[] {
  const of = sets.filter((s) => {
    const eq = s.indexOf('=');
    const key = s.slice(0, eq).trim();
    return eq > 0 && (message.startsWith(`${key}: `) || message.startsWith(`${key}, value `));
  });
  return of.length > 0 ? of : sets;
}

/** "kernel: 2.6.27.6 is set at dir/(--set):2:9" → "… is set by --set": the overlay's places in a message, in the user's words. */
function overlayPlaces(message: string, overlay: string): string {
  const place = overlay.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(`\\bat ${place}:\\d+:\\d+`, 'g'), 'by --set').replace(new RegExp(`${place}:\\d+:\\d+`, 'g'), '--set');
}

/** A file argument: the file and, for `file.yaml[key=value,…]` (no file of that whole name), the variant selector. */
interface FileArgument {
  readonly arg: string;
  readonly file: string;
  readonly selector: string | undefined;
}

/**
 * The arguments, each file (and variant selector of it) once, as `run` reads
 * them: one file under two names (`a.yaml ./a.yaml`, a link) is one file, by
 * device and inode, and a file named bare runs all its variants, so a
 * `file.yaml[…]` of it adds none. The first name of each is kept.
 */
function distinctArguments(args: readonly string[]): FileArgument[] {
  const parsed = args.map((arg) => {
    // `file.yaml[key=value,…]` picks variants of a matrix file, as in run and diff
    const split = splitSelector(arg);
    const selected = split !== null && !namesPath(arg) ? split : undefined;
    const file = selected?.file ?? arg;
    // a path the read rule refuses is known by its name only: its identity is that of what lies outside, and two
    // links to one existing file there said once told it exists (break-270 F1)
    const id = leavesCurrentDirectory(file) === undefined ? identity(file) : undefined;
    return { arg, file, selector: selected?.selector, id: id ?? `name:${file}` };
  });
  const whole = new Set(parsed.filter((p) => p.selector === undefined).map((p) => p.id));
  const seen = new Set<string>();
  return parsed.filter((p) => {
    if (p.selector !== undefined && whole.has(p.id)) return false;
    const key = `${p.id}\u0000${p.selector ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The keys a scenario of any architecture may have in the mapping at `path` (the architectures loaded). */
function everyArchKeysAt(path: readonly string[]): string[] {
  return [...new Set(allArches().flatMap((plugin) => keysAt(scenarioSchemaFor(plugin), path)))];
}

/**
 * Loads the files and --set arguments of a reasoning command into machines (one per file and variant).
 * @returns the machines in the order of the files and their variants; or every
 *   problem of every file, or (usage) a malformed --set or, with `matrix`,
 *   files of more than one architecture
 */
export async function loadMachines(files: readonly string[], sets: readonly string[], options: LoadOptions = {}): Promise<Machines> {
  let parsed = parseSets(sets);
  // a key that is no identifier: its did-you-mean is among the keys of every architecture (the files are not read yet)
  if (!parsed.ok && parsed.badKey === true) {
    await loadArches();
    parsed = parseSets(sets, everyArchKeysAt);
  }
  if (!parsed.ok) {
    // a list or mapping key of the files' architectures: said so, whatever form of value was refused (break-212 F6)
    const structured = structuredSetProblem(sets, await archesOf(distinctArguments(files).map((a) => a.file)));
    return { ok: false, usage: structured ?? parsed.message, problems: [] };
  }
  const { axes } = parsed;
  const machines: Machine[] = [];
  const problems: InputProblem[] = [];
  const read: string[] = [];
  const onRead = (name: string): void => { read.push(name); };
  for (const { arg, file, selector } of distinctArguments(files)) {
    // as every command says it
    const empty = emptyArgument(arg);
    if (empty !== undefined) {
      problems.push(empty);
      continue;
    }
    // said of the file, before --set's overlay reads it as its base ("FILE --set …: extends: cannot read FILE: …")
    const leaves = leavesCurrentDirectory(file);
    if (leaves !== undefined) {
      problems.push({ file, message: leaves });
      continue;
    }
    let result: ComposeResult;
    let overlay: string | undefined;
    const fileMatrix = axes.length === 0 ? undefined : matrixOf(file, fsReaderFor(file, undefined, onRead));
    // an include or exclude entry that is no mapping is the file's problem whatever --set gives (hasMalformedEntries)
    let alone: ComposeResult | undefined;
    if (axes.length === 0 || hasMalformedEntries(fileMatrix)) {
      onRead(file);
      alone = await loadVariantsFile(file, undefined, onRead);
    }
    if (alone !== undefined && (axes.length === 0 || !alone.ok)) result = alone;
    else {
      const name = posix.join(posix.dirname(file), OVERLAY);
      const text = overlayText(posix.basename(file), axes, fileMatrix);
      // the scenario the values make is read as a file: its size is theirs (helper-183 12: "too large" with no size
      // blamed a file for a command-line option)
      const bytes = Buffer.byteLength(text);
      if (bytes > DEFAULT_LIMITS.maxFileBytes) {
        return { ok: false, usage: `--set: ${limitMessage('max-file-bytes', DEFAULT_LIMITS.maxFileBytes, `the ${axes.reduce((n, a) => n + a.texts.length, 0)} values make a scenario of ${bytes} bytes`)}; use fewer --set values`, problems: [] };
      }
      overlay = name;
      result = await composeLoading((resume) => composeScenario(text, name, fsReaderFor(name, undefined, onRead), undefined, { replacedAxes: replacedAxes(axes, fileMatrix), keptAxes: keptAxes(axes, fileMatrix), spread: spreadPaths(axes, fileMatrix) }, resume));
    }
    // problems of the overlay are problems of the --set arguments
    // the overlay's matrix is the user's --set: matrix["config.pae"][1] is the second value of --set config.pae
    const own = (p: InputProblem): InputProblem => {
      if (overlay === undefined) return p;
      // the file is the one named (a JSON problem's "file" was `FILE --set …`, no file: break-206 F9), and the
      // --set is said in the message, unlocated (the overlay has no line a user can open); each --set clipped, as
      // parseSets quotes one: three 100-value axes made every line quote all three
      if (p.file === overlay) {
        const message = setMessage(p.message);
        return { file, message: `--set ${setsOf(message, sets).map((s) => clip(s)).join(' --set ')}: ${message}` };
      }
      // a problem of the file that a --set value causes (a call its kernel lacks) says where the value is
      // written: the overlay has no place a user can open, so it is said to be --set; and the file is the
      // scenario the user named, not "(--set)"
      // (a problem the overlay met in a base is one the named file meets: `in FILE`, as run says it)
      const message = overlayPlaces(p.message, overlay);
      const { scenario, ...rest } = p;
      const whose = scenario === overlay ? (p.file === file ? undefined : file) : scenario;
      return { ...rest, message, ...(whose !== undefined ? { scenario: whose } : {}) };
    };
    // the file's problems, its variants' included, capped and ordered as run shows them (fileProblems)
    const report = (found: readonly InputProblem[]): void => {
      for (const p of fileProblems(found.map(own))) problems.push(p);
    };
    if (!result.ok && overlay !== undefined) {
      const structured = structuredSetProblem(sets, await archesOf([file]));
      if (structured !== undefined) return { ok: false, usage: structured, problems: [] };
    }
    if (!result.ok) {
      report(overlay === undefined ? result.problems : await locateCopied(result.problems, overlay, file, axes, fileMatrix));
      continue;
    }
    const prefix = overrideName(axes, fileMatrix);
    if (selector !== undefined) {
      // the names this command prints (with the --set prefix) pick their variants back
      const picked = pick(file, result, selector, undefined, prefix);
      if (picked.problems.length > 0) {
        report(picked.problems);
        continue;
      }
      const keep = new Set(picked.file.entries.map((e) => (e.ok ? e.scenario.variant : e.variant)));
      result = { ...result, variants: result.variants.filter((v) => keep.has(v.ok ? v.scenario.variant : v.variant)) };
    }
    report(result.variants.flatMap((v) => (v.ok ? [] : v.problems)));
    for (const v of result.variants) {
      if (!v.ok) continue;
      const s = v.scenario;
      const variant = [prefix, s.variant].filter((x) => x !== undefined).join(',');
      machines.push({ plugin: result.plugin, scenario: overlay === undefined ? s : { ...s, file, ...(variant !== '' ? { variant } : {}) } });
    }
  }
  if (problems.length > 0) return { ok: false, problems, read };
  const tooMany = tooManyMachines(machines, sets);
  if (tooMany !== undefined) return { ok: false, usage: tooMany, problems: [] };
  const mixed = options.matrix === true ? mixedArchitectures(machines) : undefined;
  return mixed === undefined ? { ok: true, machines, read } : { ok: false, usage: mixed, problems: [] };
}

/** `matrix.exclude[2]["config.pae"]: …` → `matrix.exclude[2]["config.pae"]`: where in the matrix a composer problem is. */
const MATRIX_PATH = /^matrix(?:\.[a-z_][a-z0-9_]*|\["(?:[^"\\]|\\.)*"\]|\[\d+\])+(?=: )/;

/**
 * The overlay's problems in what it copied of the file's matrix (every
 * exclude entry, the axes --set left alone: overlayText), located where the
 * file writes them, as a run without --set says them: the overlay is no file
 * a user can open, so they were unlocated (helper-200 5). The place is the
 * one composing the file alone gives the same matrix path (a problem of the
 * matrix as a whole, `matrix: every combination is excluded`, the same
 * message: break-204 F10); the message
 * stays the overlay's, which says the matrix --set made ("axes:
 * machine.memory, config.pae"). A problem the file alone does not have
 * (--set caused it) keeps the overlay's unlocated form. The copies of an
 * include entry the overlay spread over the --set values are dropped when
 * the file's own layer already says their problem at its line (break-204 F6).
 *
 * Composes the file once more, only when the overlay failed.
 */
async function locateCopied(
  problems: readonly InputProblem[], overlay: string, file: string, axes: readonly Axis[], fileMatrix: Readonly<Record<string, unknown>> | undefined,
): Promise<readonly InputProblem[]> {
  const kept = keptAxes(axes, fileMatrix);
  const copiedPath = (p: InputProblem): string | undefined => {
    if (p.file !== overlay) return undefined;
    // the matrix as a whole ("matrix: every combination is excluded"): the file's when it alone says the same
    if (p.message.startsWith('matrix: ')) return p.message;
    const path = MATRIX_PATH.exec(p.message)?.[0];
    if (path === undefined) return undefined;
    // exclude: copied as written (overlayText)
    if (/^matrix\.exclude(?![a-z0-9_])/.test(path)) return path;
    const axis = /^matrix(?:\.([a-z_][a-z0-9_]*)|\["((?:[^"\\]|\\.)*)"\])/.exec(path);
    const key = axis?.[1] ?? (axis?.[2] === undefined ? undefined : JSON.parse(`"${axis[2]}"`) as string);
    return key !== undefined && kept.has(key) ? path : undefined;
  };
  // an include entry the overlay spread over the --set values (overlayText) repeats the file's problem once per
  // copy, at indexes the file does not have; the file's own layer already says it at its line (break-204 F6)
  const anyEntry = (message: string): string => message.replace(/^matrix\.include\[\d+\]/, 'matrix.include[*]');
  const fileSays = new Set(problems.filter((p) => p.file !== overlay && p.line !== undefined).map((p) => anyEntry(p.message)));
  const found = problems.filter((p) => p.file !== overlay || !/^matrix\.include\[\d+\]/.test(p.message) || !fileSays.has(anyEntry(p.message)));
  if (!found.some((p) => copiedPath(p) !== undefined)) return found;
  const alone = await loadVariantsFile(file, undefined, () => undefined);
  const places = new Map<string, InputProblem>();
  for (const p of alone.ok ? [] : alone.problems) {
    const path = p.message.startsWith('matrix: ') ? p.message : MATRIX_PATH.exec(p.message)?.[0];
    if (path !== undefined && p.line !== undefined && !places.has(path)) places.set(path, p);
  }
  return found.map((p) => {
    const path = copiedPath(p);
    const place = path === undefined ? undefined : places.get(path);
    if (place === undefined) return p;
    const { message: _message, ...where } = place;
    return { ...where, message: p.message };
  });
}

/**
 * The architectures of `files`, each composed alone (without --set), in order, once each; a file that does not
 * compose has none. Only on a --set that failed: it reads the files a second time.
 */
async function archesOf(files: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) {
    const r = emptyArgument(file) === undefined && leavesCurrentDirectory(file) === undefined ? await loadVariantsFile(file) : undefined;
    if (r?.ok === true && !ids.includes(r.plugin.id)) ids.push(r.plugin.id);
  }
  return ids;
}

/**
 * "889 machines of pr-matrix.yaml are more than …" when the
 * machines are more than MAX_REASONING_MACHINES, checked before any engine is
 * built (each replays its order once per move of each call); else undefined.
 */
export function tooManyMachines(machines: readonly Machine[], sets: readonly string[]): string | undefined {
  if (machines.length <= MAX_REASONING_MACHINES) return undefined;
  return `${machinesText(machines.map((m) => m.scenario))} are more than the limit of ${MAX_REASONING_MACHINES} machines `
    + `a reasoning command replays (each replays its order once per move of each of its calls): ${fewerMachines(sets)}`;
}

/**
 * What a reasoning command's refusal for too much work tells the user to do about its machines: fewer `--set`
 * values when the machines come from them (break-209 F2: "file.yaml[key=value]" read as advice to edit a matrix
 * the user never wrote), else fewer variants of the files.
 */
export function fewerMachines(set: readonly string[]): string {
  return set.length > 0 ? 'give --set fewer values, or pick variants (file.yaml[key=value,…])' : 'pick fewer machines (file.yaml[key=value])';
}

/**
 * "--matrix makes one answer over machines of one architecture, but a.yaml is
 * x86_32 and b.yaml is riscv: …", naming the first file of each architecture;
 * undefined when there is one.
 */
export function mixedArchitectures(machines: readonly Machine[]): string | undefined {
  const first = new Map<string, string>();
  for (const m of machines) if (!first.has(m.scenario.arch)) first.set(m.scenario.arch, m.scenario.file);
  if (first.size < 2) return undefined;
  const named = [...first].map(([arch, file]) => `${file} is ${arch}`);
  const list = `${named.slice(0, -1).join(', ')} and ${named[named.length - 1] ?? ''}`;
  return `--matrix makes one answer over machines of one architecture, but ${list}: reason over each architecture in its own run, or leave out --matrix for one answer per machine`;
}
