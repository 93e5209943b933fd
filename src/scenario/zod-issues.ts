/**
 * Schema issues → messages. zod reports in its own words with paths into
 * the data; these say it in the scenario's words, at the node in the file:
 * the dotted key first, then what is wrong, then what is allowed.
 */
// Named imports: a value use of the z.core namespace (z.core.$ZodCheckGreaterThan)
// would make the bundler keep all of zod's core, ~400 KB, in the run chunk.
import { $ZodCheckGreaterThan, $ZodCheckLessThan } from 'zod/v4/core';
import * as z from 'zod/mini';
import { isRecord } from './is-record.js';
import { messageLabel, pathText, type Path } from './path-text.js';
import { keysAt, schemaAt } from './schema-at.js';
import { SizeSchema } from './size-schema.js';
import { SIZE_FORMS } from './size.js';
import { FLOAT_NOTATION_WHY, floatNotationInteger, isFloatNotation } from './float-notation.js';
import { archAlias } from '../arch/index.js';
import { archHasKeys, otherArchCall, otherArchKernel, otherArchKeys, otherArchRule } from './arch-hints.js';
import { suggestVersion } from './suggest-version.js';
import { suggest } from './suggest.js';
import { clipped, quoted } from './quote.js';
import { callDidYouMean, callTextFault, callTextProblem, shownCall, type CallTextKind } from './call-text.js';
import { foldFix, foldText, type Fold } from './folded-lines.js';

type Issue = z.core.$ZodIssue;

/**
 * Parameters for every safeParse whose issues zod-issues.ts explains: zod's
 * English message for an enum lists every allowed value, per issue, and
 * 10,000 unknown calls spent a third of their time building those messages,
 * which are never shown (badValue writes its own).
 */
export const ZOD_PARSE_PARAMS = { error: (issue: { readonly code: string }): string | undefined => (issue.code === 'invalid_value' ? 'invalid value' : undefined) };

export interface Explain {
  readonly data: unknown;
  /** the schema the data was validated against (the architecture's) */
  readonly schema: z.core.$ZodType;
  /** the call names it accepts, for did-you-mean */
  readonly callNames: readonly string[];
  /** what an expect:/allow: step may name, for did-you-mean: the call names and the architecture's implicit steps (callNames without it) */
  readonly stepNames?: readonly string[];
  /** how to list them (`bootreplay steps`, with --arch for a non-default architecture) */
  readonly stepsCommand?: string;
  /** how often a call occurs in the order the text at a path is read against (a patch: item's, or after the patch for expect:/allow:), when known: a did-you-mean names one that exists */
  readonly occurrences?: (name: string, at: Path) => number | undefined;
  /** the architecture the data is validated for (a call of another one is said to be its) */
  readonly arch?: string;
  /** where another file of the chain sets that architecture, said after an unknown call: " (arch: arm64 is set at b.yaml:3:7)" */
  readonly archNote?: string;
  /** true when no file of the chain has `arch:` (the architecture is the default, which a message then says) */
  readonly archDefault?: boolean;
  /**
   * With archDefault: the architectures that have every other-architecture key and kernel version of the file
   * (archCandidates), the first of which "add arch:" names; empty when no one has them all
   */
  readonly archCandidates?: readonly string[];
  /** the value at `path` as lines YAML folded into one (folded-lines.ts), when it is a plain scalar written over several */
  readonly folded?: (path: Path) => Fold | undefined;
  /** the value at `path` as written, when it is a plain scalar (`1e400`, which YAML reads as .inf; not a quoted one, whose source lacks its quotes) */
  readonly written?: (path: Path) => string | undefined;
  /** report at `path`; with `key`, at that key of the mapping at `path` */
  readonly say: (path: Path, message: string, key?: string) => void;
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isRecord(v) && typeof seg === 'string' && Object.hasOwn(v, seg)) v = v[seg];
    else return undefined;
  }
  return v;
}

/** Whether a value is the text the loader keeps of a whole number written as a float (`4.0`, `1e2`), not a quoted string. */
function isWrittenFloat(v: unknown, written: string | undefined): boolean {
  return typeof v === 'string' && written?.trim() === v && floatNotationInteger(v) !== undefined;
}

/**
 * What the value is, in the file's terms. `written`: its source text, so that a numeral past
 * the largest double (1e400, which YAML reads as .inf) is named as the user wrote it.
 */
function describeValue(v: unknown, written?: string): string {
  if (v === null || v === undefined) return 'an empty value';
  // `nr_cpus: 4.0`: the loader keeps a whole number written as a float as its text (float-notation.ts)
  if (isWrittenFloat(v, written)) return `${clipped(String(v))}, ${FLOAT_NOTATION_WHY}`;
  if (typeof v === 'string') return v === '' ? 'an empty string' : `the string ${quoted(v)}`;
  // YAML's .inf and .nan: numbers to YAML, not to a schema that wants a finite one
  if (typeof v === 'number' && !Number.isFinite(v)) {
    // as written: `.NaN` and `.NAN` are YAML's too (helper-186 9)
    if (Number.isNaN(v)) return `${written !== undefined && /^\.nan$/i.test(written.trim()) ? written.trim() : '.nan'} (not a number)`;
    const inf = `${v > 0 ? '' : '-'}.inf`;
    const numeral = overflowedNumeral(v, written);
    return numeral !== undefined ? `${clipped(numeral)} (past the largest number YAML reads, about 1.8e308: read as ${inf})` : `${inf} (an infinite number)`;
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    // `kernel: 5.10` is the number 5.1 to YAML: name what was written, and what it became (helper-185 8)
    const numeral = written?.trim();
    if (numeral !== undefined && numeral !== String(v) && /^[-+]?(\d|\.\d)/.test(numeral)) return `the number ${clipped(numeral)} (read as ${clipped(String(v))})`;
    return `the number ${clipped(String(v))}`;
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'binary data';
  if (v instanceof Date) return 'a date (!!timestamp)';
  return typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  object: 'a mapping',
  // define: is a record of call names
  record: 'a mapping',
  array: 'a list',
};

/** YAML 1.1 booleans, which YAML 1.2 (and so this loader) reads as strings. */
const YAML11_BOOLEANS = new Set(['yes', 'no', 'on', 'off', 'y', 'n']);

/**
 * @param written the value's source text: a number is quoted as written, so that `kernel: 5.10` is told to
 * write "5.10", not the "5.1" YAML read (helper-185 8)
 */
function typeHint(expected: string, value: unknown, written?: string): string {
  if (expected === 'boolean' && typeof value === 'string' && YAML11_BOOLEANS.has(value.toLowerCase())) {
    return ` (YAML 1.2 reads ${value} as a string; write true or false)`;
  }
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    const text = written?.trim() ?? String(value);
    return /^[\w.+-]{1,40}$/.test(text) ? `; quote it to make it a string, as in "${text}"` : '; quote it to make it a string';
  }
  if ((expected === 'number' || expected === 'int') && isWrittenFloat(value, written)) return `; write ${floatNotationInteger(String(value)) ?? ''}`;
  // only where there are quotes to take off: a plain scalar's text is `written` (helper-186 6: `!!float 4` is the
  // string "4" with no quotes)
  if ((expected === 'number' || expected === 'int') && typeof value === 'string' && /^\s*(0x[\da-f]+|\d+(\.\d*)?)\s*$/i.test(value) && written === undefined) {
    // "4.0" unquoted is still refused (a whole number written as a float): the hint names what passes
    const whole = floatNotationInteger(value);
    return whole === undefined ? '; write it without quotes' : `; write ${whole}, without quotes`;
  }
  return '';
}

/** YAML's merge key, as keyText spells it. */
const MERGE_KEY = '<<';

/** Mappings a misplaced key may belong to ("memory" written under config:). */
const SECTIONS: readonly (readonly [where: string, path: Path])[] = [
  ['at the top level', []],
  ['under config:', ['config']],
  ['under machine:', ['machine']],
];

/**
 * Where the scenario's architecture comes from, after a name another
 * architecture has (arch-hints.ts): the file of the chain that sets `arch:`,
 * or, when none does, that it is the default and the `arch:` that would
 * select `other`.
 */
function archSource(x: Explain, other: string): string {
  if (x.archNote !== undefined) return x.archNote;
  if (x.archDefault !== true) return '';
  // a file with arm64 keys and riscv keys: no one arch: answers them all (break-211 F8: each line named its own)
  const candidates = x.archCandidates;
  if (candidates !== undefined && candidates.length === 0) return ' (the default: no file sets arch:; its keys are of several architectures: add the arch: it is written for, and leave out the others\' keys)';
  return ` (the default: no file sets arch:; add arch: ${candidates?.[0] ?? other})`;
}

/**
 * The architectures that have every key and kernel version of a file's
 * issues that another architecture has (config.kasan: arm64 and riscv;
 * machine.memory_banks: riscv → riscv), for the one arch: a message
 * advises; undefined when the file has no such name.
 *
 * @param issues the file's schema issues, at paths from its top level
 */
export function archCandidates(x: Explain, issues: readonly Issue[]): readonly string[] | undefined {
  if (x.arch === undefined || x.archDefault !== true) return undefined;
  let common: string[] | undefined;
  const meet = (arches: readonly string[] | undefined): void => {
    if (arches !== undefined) common = common === undefined ? [...arches] : common.filter((a) => arches.includes(a));
  };
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const other = otherArchKeys(path, x.arch);
      for (const key of issue.keys) meet(other(key)?.arches);
    } else if (issue.code === 'custom' && issue.params?.['versions'] === true) {
      const value = valueAt(x.data, path);
      if (typeof value === 'string') meet(otherArchKernel(value, x.arch)?.arches);
    }
  }
  // and has the keys the file writes that this architecture knows too (machine.hypervisor beside riscv keys)
  const written = (section: 'config' | 'machine'): string[] => {
    const v = isRecord(x.data) ? x.data[section] : undefined;
    // a slip no architecture has (memroy) is no architecture's key
    const own = new Set(keysAt(x.schema, [section]));
    return isRecord(v) ? Object.keys(v).filter((k) => own.has(k)) : [];
  };
  return common?.filter((id) => archHasKeys(id, 'config', written('config')) && archHasKeys(id, 'machine', written('machine')));
}

/**
 * ": it is an arm64 key, and this scenario is x86_32 (…)" for a dotted key
 * path (`config.va_bits`, `machine.cpu.pse`, as matrix axes and include
 * entries name keys) that another architecture has, else "".
 */
export function otherArchKeyPathNote(x: Explain, keyPath: string): string {
  const parts = keyPath.split('.');
  const last = parts.pop();
  if (x.arch === undefined || last === undefined || parts.length === 0) return '';
  const other = otherArchKeys(parts, x.arch)(last);
  return other === undefined ? '' : `${other.text}${archSource(x, other.arch)}`;
}

function isStepPath(path: Path): boolean {
  return path[0] === 'setup_arch' && typeof path[1] === 'number';
}

/** expect[N].rule or allow[N].rule */
function isEntryRulePath(path: Path): boolean {
  return (path[0] === 'expect' || path[0] === 'allow') && typeof path[1] === 'number' && path[2] === 'rule' && path.length === 3;
}

/**
 * One message per unknown key of the mapping at `path`. What is allowed there
 * and in the other sections is looked up once for all of them: a mapping may
 * hold up to max-keys (1000) unknown keys.
 */
function unknownKeys(x: Explain, path: Path, keys: readonly string[]): void {
  const allowed = keysAt(x.schema, path);
  const where = path.length === 0 ? 'at the top level' : isStepPath(path) ? 'in a step' : `in ${pathText(path)}`;
  const here = pathText(path);
  const sections = SECTIONS.filter(([, p]) => pathText(p) !== here).map(([name, p]) => [name, new Set(keysAt(x.schema, p)), p] as const);
  const allowedText = allowed.join(', ');
  // config.va_bits on x86_32: another architecture's key, said as its kernel versions are
  const otherArch = x.arch === undefined ? () => undefined : otherArchKeys(path, x.arch);
  for (const key of keys) {
    if (key === MERGE_KEY) {
      // YAML 1.1's merge key (the yaml library's 1.1 schema), or the same intent under 1.2 (a plain "<<" key)
      x.say(path, `${messageLabel([...path, key])}: a merge key (<<), which scenarios do not support; write the keys out in ${path.length === 0 ? 'the top level' : pathText(path)} (or share a whole value with an anchor and alias, or a base with extends:)`, key);
      continue;
    }
    const found = sections.find(([, known]) => known.has(key));
    const other = otherArch(key);
    // machine.kernel on x86_32 is both riscv's key and a misplaced top-level kernel:; one hint, the one whose
    // schema takes the value (a version string belongs at the top level, a mapping is riscv's)
    const home = found !== undefined && other !== undefined && !fits(x.schema, [...found[2], key], valueAt(x.data, [...path, key])) ? undefined : found;
    const guess = suggest(key, allowed);
    const hint = home !== undefined ? ` (${clipped(key)} belongs ${home[0]})` : guess !== undefined ? ` (did you mean ${guess}?)` : '';
    const elsewhere = other === undefined || home !== undefined ? '' : `${other.text}${archSource(x, other.arch)}`;
    x.say(path, `${messageLabel([...path, clipped(key)])}: unknown key${hint}${elsewhere}; allowed ${where}: ${allowedText}`, key);
  }
}

/** Whether the schema at `path` of `root` takes `value` (false where it has no schema). */
function fits(root: z.core.$ZodType, path: Path, value: unknown): boolean {
  const schema = schemaAt(root, path);
  return schema !== undefined && z.safeParse(schema, value).success;
}

function missing(path: Path): string {
  const label = messageLabel(path);
  if (label === 'setup_arch') {
    return 'setup_arch: missing; list the setup_arch() calls in order, e.g. setup_arch: [early_ioremap_init, dmi_scan_machine, vmi_init] (run `bootreplay steps` for the catalog)';
  }
  if (isStepPath(path) && path[2] === 'call') return `${label}: missing; a step written as a mapping needs call: NAME (and may have note: TEXT)`;
  return `${label}: missing`;
}

function badValue(x: Explain, path: Path, values: readonly unknown[], value: unknown): string {
  const label = messageLabel(path);
  if (isStepPath(path)) {
    // The call-name enum: 60+ names are too many to list in a message.
    if (typeof value !== 'string') return `${label}: expected a call name, got ${describeValue(value, x.written?.(path))}`;
    // quoted, with what hides in it, where its ends or a character would not show (break-232 N2: "unknown call
    //  early_cpu_init (did you mean early_cpu_init?)"); white space at either end is refused, its did-you-mean the trimmed name
    const unknown = `unknown call ${shownCall(value)}${callTextFault(value)}${callDidYouMean(value, x.callNames, 'name')}`;
    // another architecture's call (early_fixmap_init in an x86_32 order): said, beside the nearest spelling of this one's
    const other = x.arch === undefined ? undefined : otherArchCall(value, x.arch);
    if (other !== undefined) {
      const where = x.archNote ?? (x.archDefault === true ? ' (the default: no file sets `arch:`)' : ' (`arch:` selects the catalog)');
      return `${label}: ${unknown}${other}${where}; run \`${x.stepsCommand ?? 'bootreplay steps'}\` for this one`;
    }
    // "early_ioremap_init - parse_early_param": an item indented under the one above became part of its name
    const fold = /\s/.test(value) ? x.folded?.(path) : undefined;
    if (fold !== undefined) return `${label}: unknown call ${clipped(value)} (two lines folded into one by their indentation): ${foldText(fold)}; ${foldFix(fold, false)}`;
    return `${label}: ${unknown}${x.archNote ?? ''}; run \`${x.stepsCommand ?? 'bootreplay steps'}\` for the catalog`;
  }
  const allowed = values.map(String);
  if (typeof value !== 'string') return `${label}: expected ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`}, got ${describeValue(value, x.written?.(path))}`;
  // arch: aarch64 means arm64, though no spelling is near
  const alias = path.length === 1 && path[0] === 'arch' ? archAlias(value) : undefined;
  const guess = alias !== undefined && allowed.includes(alias) ? alias : suggest(value, allowed);
  // an expect:/allow: entry copied from another architecture's file (fixmap-before-init in an x86_32 one)
  const other = isEntryRulePath(path) && x.arch !== undefined ? otherArchRule(value, x.arch) : undefined;
  const where = other === undefined ? '' : `${other}${x.archNote ?? (x.archDefault === true ? ' (the default: no file sets `arch:`)' : '')}`;
  return `${label}: unknown value ${quoted(value)}${guess === undefined ? '' : ` (did you mean ${guess}?)`}${where}; allowed: ${allowed.join(', ')}`;
}

/** The range a number schema's checks allow (config.nr_cpus: 1 to 255), if they bound it on both sides. */
function numberBounds(schema: z.core.$ZodType | undefined): { min: number; max: number } | undefined {
  if (!(schema instanceof z.ZodMiniNumber)) return undefined;
  let min = -Infinity;
  let max = Infinity;
  for (const check of schema.def.checks ?? []) {
    if (check instanceof $ZodCheckGreaterThan && typeof check._zod.def.value === 'number') min = Math.max(min, check._zod.def.value);
    if (check instanceof $ZodCheckLessThan && typeof check._zod.def.value === 'number') max = Math.min(max, check._zod.def.value);
  }
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : undefined;
}

function outOfRange(x: Explain, path: Path, issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown): string {
  const label = messageLabel(path);
  if (label === 'setup_arch') return 'setup_arch: empty; list the setup_arch() calls in order (run `bootreplay steps` for the catalog)';
  const bounds = numberBounds(schemaAt(x.schema, path));
  if (bounds !== undefined) return `${label}: ${clipped(String(value))} is out of range; allowed: ${bounds.min} to ${bounds.max}`;
  if (issue.origin === 'array') {
    const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    const count = Array.isArray(value) ? value.length : 0;
    const items = (k: number): string => `${k} item${k === 1 ? '' : 's'}`;
    return `${label}: ${count === 0 ? 'an empty list' : `a list of ${items(count)}`}; it needs ${issue.code === 'too_small' ? 'at least' : 'at most'} ${items(n)}`;
  }
  const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
  return `${label}: must be ${bound}, got ${describeValue(value, x.written?.(path))}`;
}

/**
 * An integer past 2^53 − 1 reaches the schemas as its source text
 * (yaml-document.ts scalarShape), so a number schema sees a string: it was
 * no string to the user (told "write it without quotes" of an unquoted number).
 */
function isHugeInteger(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  // Number('-0x10') is NaN: the magnitude is read as a bigint, so a small signed hex is no huge number
  const m = /^[-+]?(0x[\da-f]+|\d+)$/i.exec(value.trim());
  return m !== null && m[1] !== undefined && BigInt(m[1]) > BigInt(Number.MAX_SAFE_INTEGER);
}

/**
 * Whether a value is the text the loader keeps of a number written as a float past 2^53 − 1 (`1e16`, `-2.5e20`):
 * every such double is whole, but there is no exact integer to tell the user to write, so it is said to be out of
 * the key's range as `100000000000000000000` is (break-270 N1: it was "the string "1e16"").
 */
function isHugeFloatNotation(value: unknown, written: string | undefined): value is string {
  if (typeof value !== 'string' || written?.trim() !== value.trim() || !isFloatNotation(value.trim())) return false;
  const n = Math.abs(Number(value));
  return Number.isFinite(n) && n > Number.MAX_SAFE_INTEGER;
}

/** The numeral a value YAML read as ±.inf was written as (1e400), or undefined when it was written .inf or is finite. */
function overflowedNumeral(value: unknown, written: string | undefined): string | undefined {
  if (typeof value !== 'number' || Number.isFinite(value) || Number.isNaN(value) || written === undefined) return undefined;
  const text = written.trim();
  return /^[-+]?\.inf$/i.test(text) ? undefined : text;
}

function hugeNumber(x: Explain, path: Path, value: string): string {
  const label = messageLabel(path);
  const bounds = numberBounds(schemaAt(x.schema, path));
  if (bounds !== undefined) return `${label}: ${clipped(value.trim())} is out of range; allowed: ${bounds.min} to ${bounds.max}`;
  return `${label}: ${clipped(value.trim())} is past 2^53 − 1 (0x1fffffffffffff), the largest whole number bootreplay reads exactly, and more than this key takes`;
}

/**
 * A union failed: if only one alternative has the input's type (a string
 * step → the call-name enum; a mapping step → {call, note}), its issues are
 * the real ones; otherwise the input has none of the accepted types.
 */
function explainUnion(x: Explain, issue: z.core.$ZodIssueInvalidUnion, path: Path, value: unknown): void {
  const wrongType = (i: Issue): boolean =>
    i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_value' && !i.values.some((v) => typeof v === typeof value)));
  const fitting = issue.errors.filter((branch) => !branch.some(wrongType));
  const only = fitting.length === 1 ? fitting[0] : undefined;
  if (only !== undefined) {
    for (const i of only) explainIssue(x, i, path);
    return;
  }
  const schema = schemaAt(x.schema, path);
  const expected = schema === SizeSchema
    ? SIZE_FORMS
    : isStepPath(path) && path.length === 2
      ? 'a call name or a mapping {call: NAME, note: TEXT}'
      : issue.errors.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [EXPECTED[i.expected] ?? i.expected] : []))).join(' or ');
  x.say(path, `${messageLabel(path)}: expected ${expected || 'something else'}, got ${describeValue(value, x.written?.(path))}`);
}

function callKindOf(v: unknown): CallTextKind | undefined {
  return v === 'name' || v === 'ref' || v === 'step' ? v : undefined;
}

export function explainIssue(x: Explain, issue: Issue, base: Path): void {
  const path = [...base, ...issue.path];
  const label = messageLabel(path) || 'the scenario';
  const value = valueAt(x.data, path);
  const overflow = overflowedNumeral(value, x.written?.(path));
  switch (issue.code) {
    case 'unrecognized_keys':
      unknownKeys(x, path, issue.keys);
      return;
    case 'invalid_union':
      if (value === undefined) x.say(path, missing(path));
      else explainUnion(x, issue, path, value);
      return;
    case 'invalid_type':
      if (value === undefined) x.say(path, missing(path));
      else if ((issue.expected === 'number' || issue.expected === 'int') && (isHugeInteger(value) || isHugeFloatNotation(value, x.written?.(path)))) {
        x.say(path, hugeNumber(x, path, value));
      }
      // 1e400: written as a number, too large for one (the bounds say what the key takes)
      else if ((issue.expected === 'number' || issue.expected === 'int') && overflow !== undefined && numberBounds(schemaAt(x.schema, path)) !== undefined) {
        x.say(path, hugeNumber(x, path, overflow));
      }
      else {
        // `nr_cpus: 4.0` is a number to the eye: what it lacks is being whole to YAML (float-notation.ts)
        const wanted = issue.expected === 'number' && isWrittenFloat(value, x.written?.(path)) ? 'int' : issue.expected;
        x.say(path, `${label}: expected ${EXPECTED[wanted] ?? wanted}, got ${describeValue(value, x.written?.(path))}${typeHint(issue.expected, value, x.written?.(path))}`);
      }
      return;
    case 'invalid_value':
      x.say(path, value === undefined ? missing(path) : badValue(x, path, issue.values, value));
      return;
    case 'too_small':
    case 'too_big':
      x.say(path, outOfRange(x, path, issue, value));
      return;
    case 'custom': {
      // a call name, patch reference or step of the wrong form: its did-you-mean is among the calls (call-text.ts)
      const call = callKindOf(issue.params?.['call']);
      if (call !== undefined && typeof value === 'string') {
        const candidates = call === 'step' ? x.stepNames ?? x.callNames : x.callNames;
        const counted = x.occurrences;
        const occurrences = counted === undefined ? undefined : (name: string): number | undefined => counted(name, path);
        // the order as the messages of that place name it (a patch: item's, or setup_arch after the patch)
        const order = call === 'ref' ? 'the setup_arch this patch edits' : 'setup_arch';
        x.say(path, `${label}: ${callTextProblem(call, value, { candidates, occurrences, order }, x.stepsCommand)}`);
        return;
      }
      // Custom issues carry their own message (sizes, kernel versions); kernel
      // versions also offer their choices for a did-you-mean.
      const choices: unknown = issue.params?.['choices'];
      const options = Array.isArray(choices) ? choices.filter((c): c is string => typeof c === 'string') : [];
      const versions = issue.params?.['versions'] === true;
      const given: unknown = issue.params?.['modeled'];
      const modeled = typeof given === 'function' ? (t: string): boolean => (given as (t: string) => boolean)(t) : undefined;
      // a version's did-you-mean is the nearest modeled version (2.6.37: 2.6.36), not the nearest spelling (2.6.27)
      const guess = typeof value !== 'string' ? undefined : versions ? suggestVersion(value, options, modeled) : suggest(value, options);
      const cut = issue.message.indexOf('; ');
      // a version another file's arch: makes unmodeled says where that arch is set; one another architecture
      // models says so (a riscv scenario that left out arch: is read as the default x86_32)
      const other = versions && typeof value === 'string' && x.arch !== undefined ? otherArchKernel(value, x.arch) : undefined;
      const elsewhere = other === undefined ? '' : `${other.text}${archSource(x, other.arch)}`;
      const note = `${guess === undefined ? '' : ` (did you mean ${guess}?)`}${elsewhere}${versions && other === undefined ? x.archNote ?? '' : ''}`;
      const message = cut < 0 ? `${issue.message}${note}` : `${issue.message.slice(0, cut)}${note}${issue.message.slice(cut)}`;
      x.say(path, `${label}: ${message}`);
      return;
    }
    default:
      x.say(path, `${label}: ${issue.message}`);
  }
}
