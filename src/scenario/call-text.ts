/**
 * Call names as the user writes them, one policy wherever a call is named:
 * a `setup_arch` item, a `patch:` reference (move/before/after/remove/
 * replace: NAME or NAME#N) or added name (insert/with), an `expect:`/`allow:`
 * `step:`, a `define:` key, `suggest --call`. A name is taken exactly as
 * written: white space at either end is never trimmed (`step: " vmi_init"`
 * used to match vmi_init while `setup_arch: [" vmi_init"]` was an unknown
 * call, break-232 N2), but refused at the value, with the trimmed name as
 * the did-you-mean when it names a call.
 *
 * The messages quote a name whose ends or characters would not show in it
 * (white space at either end, a character outside printable ASCII), and say
 * which character is wrong, so that `" early_cpu_init" (did you mean
 * early_cpu_init?)` and `"vmi_іnit"` (a Cyrillic і) do not read as the
 * suggestion itself.
 */
import { quoted, clipped } from './quote.js';
import { suggest } from './suggest.js';

/**
 * What a call text is: `name` a call name (setup_arch, insert:, with:),
 * `ref` a patch reference (NAME or NAME#N), `step` an expect:/allow: step
 * (NAME or NAME#N, or an implicit boot step).
 */
export type CallTextKind = 'name' | 'ref' | 'step';

/** Anything but printable ASCII: no call name has it, and it may not show (a control, a format character) or look like a letter it is not (і, U+0456). */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/**
 * What about `text` hides what is wrong with it, as a clause to follow the
 * quoted name: ": white space at its start" (at its end, at both ends), ": character
 * 5, U+0456, is not ASCII" (or "is a control character"); "" when nothing
 * does (a typo shows in the name itself). Linear in the text, read once.
 */
export function callTextFault(text: string): string {
  const start = /^\s/u.test(text);
  const end = /\s$/u.test(text);
  // worded as a matrix name: value's (schema.ts exactText)
  if (start || end) return `: white space ${start && end ? 'at both ends' : start ? 'at its start' : 'at its end'}`;
  const bad = NOT_PRINTABLE_ASCII.exec(text);
  if (bad === null) return '';
  const cp = text.codePointAt(bad.index) ?? 0;
  // the character's number as people count: code points, from 1
  const at = Array.from(text.slice(0, bad.index)).length + 1;
  const control = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
  return `: character ${at}, U+${cp.toString(16).toUpperCase().padStart(4, '0')}, is ${control ? 'a control character' : 'not ASCII'}`;
}

/**
 * What is wrong with `name` as a C identifier (a `define:` key), as a clause
 * to follow the quoted name: callTextFault's white space at either end, else
 * the first character that a C identifier cannot hold, whichever it is
 * (break-255 N5: "a bé" named the é, character 4, and fixing it left the
 * space, character 2): ": character 2, " ", is not a letter, digit or _", a
 * leading digit as such, a character outside printable ASCII as
 * callTextFault says it; "" for a valid identifier.
 */
export function identifierFault(name: string): string {
  const ends = callTextFault(name);
  if (ends.startsWith(': white space')) return ends;
  const chars = Array.from(name);
  const at = chars.findIndex((c, i) => !/^[A-Za-z0-9_]$/.test(c) || (i === 0 && /^[0-9]$/.test(c)));
  const c = chars[at];
  if (c === undefined) return '';
  if (NOT_PRINTABLE_ASCII.test(c)) {
    const cp = c.codePointAt(0) ?? 0;
    const control = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
    return `: character ${at + 1}, U+${cp.toString(16).toUpperCase().padStart(4, '0')}, is ${control ? 'a control character' : 'not ASCII'}`;
  }
  return `: character ${at + 1}, ${quoted(c)}, ${/[0-9]/.test(c) ? 'is a digit, which cannot start it' : 'is not a letter, digit or _'}`;
}

/**
 * A call text as a message shows it: quoted (quoted(), escaped and clipped)
 * when it is empty or has white space at either end or a character outside
 * printable ASCII, so its ends and characters show; else clipped, as
 * messages show call names.
 */
export function shownCall(text: string): string {
  return text === '' || /^\s|\s$/u.test(text) || NOT_PRINTABLE_ASCII.test(text) ? quoted(text) : clipped(text);
}

/** The candidates as a set, made once per list of them (explainers pass one list for a file's issues). */
const SETS = new WeakMap<readonly string[], ReadonlySet<string>>();

function setOf(candidates: readonly string[]): ReadonlySet<string> {
  let s = SETS.get(candidates);
  if (s === undefined) {
    s = new Set(candidates);
    SETS.set(candidates, s);
  }
  return s;
}

/**
 * How many times a call occurs in the order a reference or step is read against (what a patch inserts counted in,
 * what it removes counted out; an implicit step once); undefined where that order is not known (a base that did
 * not load).
 */
export type Occurrences = (name: string) => number | undefined;

/**
 * What `text` most likely meant, among `candidates` (the calls a name may be:
 * the catalog's and define:'s, and for a step the implicit boot steps), as
 * the same kind of text: "vmi_init#2" for "vmi_іnit#2" (a reference keeps its
 * #N; a name drops one), "vmi_init" for " vmi_init". Only what exists is
 * offered (break-239 N3): one of the candidates, and for a reference or step
 * a call the order has (with #N, that occurrence) when it is known
 * (`occurrences`, break-242 F2/F3); " totally_bogus" gets none, since
 * totally_bogus is no call either. Undefined when nothing is close, and never
 * the text itself.
 *
 * Cost: the trimmed text is looked up in a set; suggest() compares it with
 * the candidates once per distinct name (memoized, cheap rejects first), so
 * a file of many bad names costs linear time (suggest.ts).
 */
export function callGuess(text: string, candidates: readonly string[], kind: CallTextKind, occurrences?: Occurrences): string | undefined {
  const m = meantCall(text, candidates, kind, occurrences);
  // past 2^53 the number is not the one written, and parseCallRef refuses it: no occurrence to offer
  if (m === undefined || m.huge) return undefined;
  // NAME#N past the occurrences the order has names nothing ("vmi_init #2" where the order has one vmi_init), nor does
  // a reference or step to a call the order lacks (break-242 F3: efi_init after `remove: efi_init`)
  if (m.has !== undefined && (m.occurrence ?? 1) > m.has) return undefined;
  const out = m.occurrence === undefined ? m.name : `${m.name}#${m.occurrence}`;
  return out === text ? undefined : out;
}

/** What a call text most likely meant (meantCall). */
interface Meant {
  /** the call, one of the candidates */
  readonly name: string;
  /** whether it is the name as written (white space at either end aside), not a similar one */
  readonly asWritten: boolean;
  /** the occurrence written (#03 is 3), for a reference or step; undefined: none written, or past 2^53 (`huge`) */
  readonly occurrence: number | undefined;
  /** the occurrence written is past 2^53: no number it could be */
  readonly huge: boolean;
  /** how often the order has the call, when known */
  readonly has: number | undefined;
}

/** A call text's name and the digits of its occurrence, as the reader meant them ("vmi_init#03": vmi_init, "3"). */
function occurrenceOf(text: string): { written: string; digits: string | undefined } {
  const trimmed = text.trim();
  const hash = trimmed.lastIndexOf('#');
  const num = hash < 0 ? null : /^\s*0*([1-9]\d*)$/u.exec(trimmed.slice(hash + 1));
  return { written: (num === null ? trimmed : trimmed.slice(0, hash)).trim(), digits: num?.[1] };
}

/**
 * The call `text` most likely meant among `candidates`, with the occurrence written and how often the order has
 * it; undefined when nothing is close. The occurrence as the reader meant it: "#03" and "# 2" are #3 and #2
 * (break-250 N5: they were offered the bare name, which is the first); the last # only, so that this stays one pass
 * over the text.
 */
function meantCall(text: string, candidates: readonly string[], kind: CallTextKind, occurrences?: Occurrences): Meant | undefined {
  const { written, digits: num } = occurrenceOf(text);
  const digits = kind === 'name' ? undefined : num;
  if (written === '') return undefined;
  const name = setOf(candidates).has(written) ? written : suggest(written, candidates);
  if (name === undefined) return undefined;
  const huge = digits !== undefined && !Number.isSafeInteger(Number(digits));
  return { name, asWritten: name === written, occurrence: digits === undefined || huge ? undefined : Number(digits), huge, has: kind === 'name' ? undefined : occurrences?.(name) };
}

/**
 * How often an order has a call, worded once for every place that reads NAME#N against an order (break-250 N5:
 * patch:, expect:/allow: and `suggest --call` said it three ways): "vmi_init once", "copy_edd twice (copy_edd and
 * copy_edd#2)", "insert_resource 3 times (insert_resource to insert_resource#3)". The first is written bare, as
 * references are (callRefText); NAME#1 is the same call.
 */
export function occurrencesText(name: string, count: number): string {
  const shown = clipped(name);
  if (count === 1) return `${shown} once`;
  if (count === 2) return `${shown} twice (${shown} and ${shown}#2)`;
  return `${shown} ${count} times (${shown} to ${shown}#${count})`;
}

/**
 * A NAME#N past the calls an order has (`count` ≥ 1, so N ≥ 2): "insert_resource#4: setup_arch has insert_resource
 * 3 times (insert_resource to insert_resource#3)".
 * @param order the order as the message names it ("setup_arch", "the setup_arch this patch edits")
 */
export function occurrenceMiss(name: string, occurrence: number, count: number, order: string): string {
  return `${clipped(name)}#${occurrence}: ${order} has ${occurrencesText(name, count)}`;
}

/** " (did you mean vmi_init?)" or "", as callGuess finds it. */
export function callDidYouMean(text: string, candidates: readonly string[], kind: CallTextKind, occurrences?: Occurrences): string {
  const guess = callGuess(text, candidates, kind, occurrences);
  return guess === undefined ? '' : ` (did you mean ${clipped(guess)}?)`;
}

/** What a call text is read against, for its problem's did-you-mean (callTextProblem). */
export interface CallContext {
  /** the calls it may name (the catalog's and define:'s, for a step the implicit steps too; for --call the order's) */
  readonly candidates: readonly string[];
  /** how often the order has a call where the text is read */
  readonly occurrences?: Occurrences | undefined;
  /** the order as the messages of that place name it: "setup_arch", "the setup_arch this patch edits", "setup_arch of a.yaml" */
  readonly order?: string;
}

/**
 * The problem of a call text of the wrong form, worded once for a patch: reference, an expect:/allow: step and
 * `suggest --call` (break-251 N9d: three tails, and "too large" in two ways): what it is not, what hides in it
 * (callTextFault), what it most likely meant (with `context`), and what to write. A NAME#N past the calls the order
 * has says how many it has (break-251 N9c: "insert_resource#04" got no hint, and the example quoted vmi_init#2 where
 * the file has one vmi_init); the example is an occurrence the order has, of the call meant.
 * @param stepsCommand how to list the catalog (`bootreplay steps --arch arm64`)
 */
export function callTextProblem(kind: CallTextKind, text: string, context?: CallContext, stepsCommand = 'bootreplay steps'): string {
  const what = kind === 'name' ? 'a call name' : kind === 'ref' ? 'a call reference' : 'a step';
  const fault = callTextFault(text);
  if (kind === 'name') {
    const guess = context === undefined ? '' : callDidYouMean(text, context.candidates, kind);
    return `${quoted(text)} is not ${what}${fault}${guess}; write a call of the catalog (run \`${stepsCommand}\`) or of define:, as it is named there`;
  }
  const m = context === undefined ? undefined : meantCall(text, context.candidates, kind, context.occurrences);
  const order = context?.order ?? 'setup_arch';
  // how often the order has the call meant: said where the occurrence written is past them
  const has = m?.has !== undefined && m.has > 0 ? `${order} has ${occurrencesText(m.name, m.has)}` : undefined;
  const { digits } = occurrenceOf(text);
  const huge = digits !== undefined && !Number.isSafeInteger(Number(digits));
  let why = '';
  if (huge) why = `${fault === '' ? ':' : ';'} the occurrence is too large to be one (${has !== undefined && m?.asWritten === true ? has : 'no setup_arch makes that many calls'})`;
  else if (m !== undefined && has !== undefined && (m.occurrence ?? 1) > (m.has ?? 0)) why = m.asWritten ? `${fault === '' ? ':' : ';'} ${has}` : ` (did you mean ${clipped(m.name)}? ${has})`;
  else if (context !== undefined) why = callDidYouMean(text, context.candidates, kind, context.occurrences);
  // a did-you-mean is the example itself
  const example = m !== undefined && (m.has ?? 0) >= 2 && !why.startsWith(' (did you mean') ? `, as in ${clipped(m.name)}#2` : '';
  return `${quoted(text)} is not ${what}${fault}${why}; write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1${example})`;
}
