/**
 * Command-line overrides and ad-hoc matrices: `--set kernel=2.6.27-rc3`,
 * `--set machine.hypervisor=none,vmi,xen --set config.pae=false,true`. Each
 * path with one value overrides the file; a path with several values is an
 * axis of a `matrix:`. Both become a scenario that `extends` the file
 * (overlayText), so composing, variant names (`file.yaml[hypervisor=vmi,
 * pae=true]`) and the validation of every value are exactly those of a
 * scenario file a user would write.
 *
 * On a file with a `matrix:` (its own or one it inherits through `extends`),
 * `--set` on a path that is an axis of that matrix replaces the axis' values
 * (one value: an axis of one value, so every variant is built with it and
 * its name says so); the file's other axes stay and combine with the new
 * ones. Exclude and include entries that name a value the axis no longer has
 * are dropped (they cannot match any more). A path that include entries set
 * but that is no axis is overridden there too: the --set value wins over
 * every key of the file, its matrix's included (includeEntries).
 *
 * Values are YAML scalars ("true", "4GiB", "0xFC000000"); a comma separates
 * the values of an axis, except inside a quoted value
 * (`machine.cmdline="earlycon=uart8250,mmio,0xfed00000"`).
 */
import { clip, quoteText } from '../escape.js';
import { isAlias, isMap, isScalar, isSeq, parse, parseDocument, stringify, visit } from 'yaml';
import type { Document, ScalarTag } from 'yaml';
import { isRecord } from './is-record.js';
import type { FileReader } from './compose/reader.js';
import { axesOf, shortNames } from './compose/matrix.js';
import { didYouMean, suggest } from './suggest.js';
import { setPath } from './key-path.js';
import { quoteValue } from './compose/variant-name.js';
import { DEFAULT_LIMITS, limitMessage } from './limits.js';
import { INTEGRAL_FLOAT } from './yaml-tags.js';

/** An axis of the ad-hoc matrix: a path and its values (one value: a plain override). */
export interface Axis {
  readonly path: readonly string[];
  /** as written (a quoted value without its quotes), for variant names */
  readonly texts: readonly string[];
  readonly values: readonly unknown[];
}

/**
 * What --set may change: the inputs of the boot. `name` and `description`
 * only label a scenario: an axis of them would make variants that are the
 * same machine, so they are refused like any other path.
 */
const TOP_LEVEL = new Set(['kernel']);
const MAPPINGS = new Set(['config', 'machine']);
const ALLOWED = 'PATH kernel, config.KEY or machine.KEY (e.g. --set machine.KEY=A,B for an axis of two values; a nested key by its path, machine.KEY.SUBKEY=VALUE)';
/** Keys of a scenario that only label it. */
const LABELS = new Set(['name', 'description']);

/** A key of a scenario's mapping, as every schema spells them (and a matrix axis names them). */
const KEY = /^[a-z_][a-z0-9_]*$/;

/**
 * Why a key of a --set path under config or machine is no key (break-192 5:
 * `machine.me-mory` got only the generic PATH=VALUE message, `machine.memroy`
 * "unknown key (did you mean memory?)"): the first segment that is not a
 * lowercase identifier, what is wrong with it (the character no key has, or
 * the digit it starts with) and the key it is probably a slip of, among
 * `keysAt` of the path up to it. Undefined when every segment is an identifier
 * or one is empty (`machine..memory`: no key written, the generic message).
 */
function keyProblem(path: readonly string[], keysAt: (path: readonly string[]) => readonly string[]): string | undefined {
  const at = path.findIndex((k, i) => i > 0 && !KEY.test(k));
  const key = path[at];
  if (at < 0 || key === undefined || key === '' || path.some((k) => k === '')) return undefined;
  // an earlier segment no mapping there has is the first thing wrong (break-194 6: machine.cpux.n-x named only n-x)
  for (let i = 1; i < at; i++) {
    const known = keysAt(path.slice(0, i));
    const k = path[i] as string;
    if (known.length > 0 && !known.includes(k)) {
      const near = suggest(k, known);
      return `${path.slice(0, i + 1).join('.')}: unknown key${near === undefined ? '' : ` (did you mean ${near}?)`}`;
    }
  }
  // a known key with no keys of its own (a value): that is what is wrong, not the character (break-195 4)
  if (at >= 2 && keysAt(path.slice(0, at)).length === 0 && keysAt(path.slice(0, at - 1)).includes(path[at - 1] as string)) {
    return `${path.slice(0, at + 1).join('.')}: ${path.slice(0, at).join('.')} takes one value, not keys`;
  }
  const bad = /^[0-9]/.test(key) ? 'starts with a digit' : `has ${quoteText([...key].find((c) => !/[a-z0-9_]/.test(c)) ?? '')}`;
  const guess = suggest(key, keysAt(path.slice(0, at)));
  return `${path.slice(0, at + 1).join('.')}: unknown key: a key has only a–z, 0–9 and _ (not a digit first), and ${key} ${bad}`
    + `${guess === undefined ? '' : ` (did you mean ${guess}?)`}`;
}

/** What parseSets says of a character no --set value holds (`\n` at its end: a shell's $'…' or a file read with its line break). */
const INVISIBLE: Readonly<Record<string, string>> = {
  '\n': 'a line break (\\n)',
  '\r': 'a carriage return (\\r)',
  '\u2028': 'a line separator (U+2028)',
  '\u2029': 'a paragraph separator (U+2029)',
  '\ufeff': 'a byte order mark (U+FEFF)',
};

/** The result of parseSets: the axes, or a message for the first malformed argument. */
export type ParsedSets = { ok: true; axes: Axis[] } | { ok: false; message: string; badKey?: true };

/**
 * Parses `--set` arguments; the same path given twice adds values to its axis.
 *
 * @param keysAt the keys a scenario may have at a path (every architecture's), for the did-you-mean of a
 *   key that is no identifier; without it that message has none, and says `badKey` (loadMachines then loads
 *   the architectures and asks again)
 * @returns the axes in the order first given, or a message for the first malformed argument
 */
export function parseSets(args: readonly string[], keysAt?: (path: readonly string[]) => readonly string[]): ParsedSets {
  const axes: { path: string[]; texts: string[] }[] = [];
  for (const arg of args) {
    // the argument as messages quote it: clipped, as --kernel's (a 5,000-value --set made a 24 KB line)
    const quoted = clip(arg);
    const eq = arg.indexOf('=');
    const key = eq < 0 ? '' : arg.slice(0, eq).trim();
    const path = key.split('.');
    // a nested key by its leaf path (machine.cpu.pge), as matrix: axes name it; the overlay's deep merge keeps its siblings
    const mapping = path.length >= 2 && MAPPINGS.has(path[0] ?? '');
    const valid = (path.length === 1 && TOP_LEVEL.has(key)) || (mapping && path.slice(1).every((k) => KEY.test(k)));
    if (eq >= 0 && LABELS.has(key)) {
      return { ok: false, message: `--set ${quoted}: ${key} only labels the scenario and is no input of the boot (its values would make identical machines): expected PATH=VALUE[,VALUE…] with ${ALLOWED}` };
    }
    const badKey = eq >= 0 && mapping && !valid ? keyProblem(path, keysAt ?? (() => [])) : undefined;
    if (badKey !== undefined) return { ok: false, message: `--set ${quoted}: ${badKey}`, ...(keysAt === undefined ? { badKey: true } : {}) };
    if (eq < 0 || !valid) {
      const head = path[0] ?? '';
      const hint = eq < 0 || TOP_LEVEL.has(head) || MAPPINGS.has(head) ? '' : didYouMean(head, [...TOP_LEVEL, ...MAPPINGS]);
      return { ok: false, message: `--set ${quoted}: expected PATH=VALUE[,VALUE…] with ${ALLOWED}${hint}` };
    }
    const texts = splitValues(arg.slice(eq + 1));
    if (texts === undefined) return { ok: false, message: `--set ${quoted}: a quote is not closed; a value with a comma is quoted whole, as in ${key}="a,b"` };
    const empty = texts.findIndex((t) => t === '');
    if (texts.length > 1 && texts.every((t) => t === '')) return { ok: false, message: `--set ${quoted}: no value, only commas; give a value` };
    if (empty >= 0) {
      // which one, when there are several (break-212: "empty value" for 1GiB,,2GiB)
      const where = texts.length === 1 ? 'nothing after =' : empty === texts.length - 1 ? 'a comma at the end' : empty === 0 ? 'a comma at the start' : 'between two commas';
      return { ok: false, message: `--set ${quoted}: empty value${texts.length === 1 ? '' : ` (value ${empty + 1} of ${texts.length})`}: ${where}; give a value${texts.length === 1 ? '' : ', or leave the comma out'}` };
    }
    // a line break at the start or end of a value, or an invisible separator anywhere: YAML drops them or reads them
    // as spaces, so `hypervisor=vmi\n` or a BOM before `mem=64M` were taken as written without it (break-208 F7); a
    // line break inside a value is scalarProblem's (it says what YAML would read)
    const invisible = texts.map((t) => /^[\r\n]|[\r\n]$|[\u2028\u2029\ufeff]/.exec(t)).find((m): m is RegExpExecArray => m !== null);
    if (invisible !== undefined) {
      return { ok: false, message: `--set ${quoted}: ${INVISIBLE[invisible[0]] ?? 'a line break'}, where a --set value is one line of text; leave it out` };
    }
    // a tab at a value's start or end: YAML drops it from a plain scalar, so `machine.cmdline=mem=64M<TAB>` replayed
    // `mem=64M`, while the kernel before 2.6.32-rc1 reads the tab as part of the parameter (break-209 F3)
    const tabbed = texts.find((t) => /^\t|\t$/.test(t));
    if (tabbed !== undefined) {
      return { ok: false, message: `--set ${quoted}: ${clip(tabbed)}: a tab at ${tabbed.startsWith('\t') ? 'the start' : 'the end'} of a value, which YAML drops from an unquoted one; quote the value to keep it (${clip(`${key}=${JSON.stringify(tabbed)}`)}), or leave the tab out` };
    }
    for (const t of texts) {
      // a flow list's form as --set takes it: the argument with the list's items in its place ([1GiB, 2GiB]: 1GiB,2GiB)
      const bad = scalarProblem(t, () => clip(`--set ${key}=${texts.flatMap((x) => (x === t ? listItems(t) ?? ['A', 'B'] : [x])).join(',')}`));
      if (bad !== undefined) return { ok: false, message: `--set ${quoted}: ${clip(t)}: ${bad}` };
    }
    // a value given twice (in one argument or two) is the overlay matrix's to refuse, as a file's matrix: refuses a
    // repeated value (the same text, or 1GiB and 1024MiB: compared as the model reads them; README, matrix)
    let axis = axes.find((a) => a.path.join('.') === key);
    if (axis === undefined) {
      axis = { path, texts: [] };
      axes.push(axis);
    }
    for (const t of texts) axis.texts.push(t);
    // an axis longer than a list may be (helper-183 12: the wrapper file's "matrix[…]: too many items" was said)
    if (axis.texts.length > DEFAULT_LIMITS.maxItems) {
      return { ok: false, message: `--set ${clip(key)}: ${limitMessage('max-items', DEFAULT_LIMITS.maxItems, `${axis.texts.length} values`)}; use fewer --set values` };
    }
  }
  // a kernel version is text even where YAML would read a number (5.10 is the float 5.1): `kernel:` takes only strings
  const valueOf = (a: { path: readonly string[] }, t: string): unknown => (a.path.length === 1 && a.path[0] === 'kernel' ? nameText(t) : readValue(t));
  return { ok: true, axes: axes.map((a) => ({ path: a.path, texts: a.texts.map(nameText), values: a.texts.map((t) => valueOf(a, t)) })) };
}

/** A YAML integer literal: decimal, 0x hex or 0o octal (YAML 1.2 core schema). */
const INT_LITERAL = /^[-+]?(?:0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+)$/;

/**
 * An integer as written in a --set value or in the file's `matrix:`, which
 * the overlay writes back verbatim (writtenIntTag): read as a JS number, a
 * 64-bit seed past 2^53 was rounded (--set machine.kaslr_seed=
 * 0xfedc000000200000 replayed 0xfedc0000001fff28 under the written name) and
 * 0x1234 came back as 4660 in variant names. The loader then reads it as it
 * reads a file (yaml-document.ts keeps an integer past 2^53 as its text).
 */
class WrittenInt {
  constructor(readonly text: string, readonly value: bigint) {}
}

/** The integer a scalar's source writes, or undefined when it is no integer literal (or not an integer at all). */
function writtenInt(source: string | undefined, value: unknown): WrittenInt | undefined {
  if (typeof value !== 'number' || source === undefined || !INT_LITERAL.test(source)) return undefined;
  // BigInt() takes 0x and 0o but no sign before them (YAML does not either: -0x1 is a string there)
  return new WrittenInt(source, BigInt(source));
}

/** Emits a WrittenInt as its text, untagged (an int is a default tag). */
const writtenIntTag: ScalarTag = {
  identify: (v) => v instanceof WrittenInt,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  resolve: (s) => s,
  stringify: (item) => (item.value instanceof WrittenInt ? item.value.text : String(item.value)),
};

/** One --set value: YAML's reading of it, an integer kept as written (WrittenInt). */
function readValue(text: string): unknown {
  const node = parseDocument(text, { logLevel: 'silent', customTags: [INTEGRAL_FLOAT] }).contents;
  if (isScalar(node)) return writtenInt(node.source, node.value) ?? (parse(text, { customTags: [INTEGRAL_FLOAT] }) as unknown);
  return parse(text, { customTags: [INTEGRAL_FLOAT] }) as unknown;
}

/**
 * Compares values as the model reads them: an integer by its value
 * whatever its base (0x1234 and 4660 are one value), so an entry of the
 * file's matrix matches a --set value written otherwise.
 */
function sameValueKey(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof WrittenInt ? `${x.value}n` : typeof x === 'bigint' ? `${x}n` : x)) ?? 'undefined';
}

/**
 * A value as a variant name says it: a string as YAML reads it (a quoted one
 * without its quotes: the name quotes what it must, quoteValue), anything
 * else as written ("0x10" stays 0x10, not 16), so the name is the selector
 * that picks it. (A value with a comment never gets here: scalarProblem
 * refuses it.)
 */
function nameText(text: string): string {
  const node = parseDocument(text, { logLevel: 'silent', customTags: [INTEGRAL_FLOAT] }).contents;
  if (!isScalar(node)) return text;
  if (typeof node.value === 'string') return node.value;
  return node.range === undefined || node.range === null ? text : text.slice(node.range[0], node.range[1]);
}

/**
 * The values of one --set argument, split at the commas outside quotes
 * (YAML's: "…" with backslash escapes, '…' with '' for a quote) and outside
 * a flow list or mapping that starts a value (`[1,2]`, `{a: 1, b: 2}`: one
 * value, which scalarProblem names whole, not its pieces `[1` and `2]`),
 * each without the spaces around it (`a, b`); undefined when a quote is not
 * closed. Only spaces: a tab or a no-break space at a value's end is part of
 * what was written (parseSets refuses a tab there, which YAML would drop).
 */
function splitValues(text: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  let quote: '"' | "'" | undefined;
  // brackets open in a flow collection that starts the value (a plain scalar may hold [ and , : a[1,2] is two values)
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === undefined) {
      if (c === '"' || c === "'") quote = c;
      else if ((c === '[' || c === '{') && (depth > 0 || text.slice(start, i).trim() === '')) depth++;
      else if ((c === ']' || c === '}') && depth > 0) depth--;
      else if (c === ',' && depth === 0) {
        out.push(trimSpaces(text.slice(start, i)));
        start = i + 1;
      }
    } else if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      // '' inside '…' is one quote
      if (quote === "'" && text[i + 1] === "'") i++;
      else quote = undefined;
    }
  }
  if (quote !== undefined) return undefined;
  out.push(trimSpaces(text.slice(start)));
  return out;
}

/**
 * A value without the spaces around it; a quoted value also without the tabs around its quotes, which lie
 * outside the scalar, as the spaces do (break-211 F4: `"mem=64M"<TAB>` was told to quote itself)
 */
function trimSpaces(text: string): string {
  const spaced = text.replace(/^ +| +$/g, '');
  const bare = spaced.replace(/^[ \t]+|[ \t]+$/g, '');
  return /^["']/.test(bare) ? bare : spaced;
}

/** The items of a flow list of scalars as written (`[1GiB, "a,b"]`: 1GiB and "a,b"), or undefined for any other value. */
function listItems(text: string): string[] | undefined {
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'silent', customTags: [INTEGRAL_FLOAT] });
  const node = doc.contents;
  if (doc.errors.length > 0 || !isSeq(node) || node.items.length === 0) return undefined;
  const ranges = node.items.map((n) => (isScalar(n) ? n.range ?? undefined : undefined));
  if (!ranges.every((r) => r !== undefined)) return undefined;
  // an item --set would refuse as written (`---`, `|`: break-208 F6) is given quoted, as its refusal would advise
  return ranges.map((r) => text.slice(r[0], r[1])).map((item) => (/^(?:---|\.\.\.)(?=[ \t]|$)|^[|>][-+0-9]*$/.test(item) ? JSON.stringify(item) : item));
}

/**
 * Why one value is not a YAML scalar a scenario key could hold (a flow
 * list, an alias, a tag, text yaml cannot read), or undefined when it is
 * one (a line break, a document marker `---`/`...` or a block scalar header
 * `|`/`>-` make YAML read another string than the one written, as a comment
 * does). Tags are refused: yaml warns about an unknown one on the console (a
 * stack trace on stderr), and !!binary or !!timestamp make values no key
 * takes; a string is quoted instead. A value that starts with `[` is a flow
 * list, whole (splitValues), and one yaml cannot read (`[1,2`) is said so:
 * its items are what --set takes, comma-separated, as `form` shows; no
 * "quote it", since no key takes such a string.
 */
function scalarProblem(text: string, form: () => string): string | undefined {
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'silent', customTags: [INTEGRAL_FLOAT] });
  const problem = doc.errors[0] ?? doc.warnings[0];
  // the value as a YAML double-quoted string, which --set takes as it is written
  const inQuotes = `"${text.replace(/["\\]/g, '\\$&')}"`;
  const quote = `quote it to make it a string, as in ${inQuotes}`;
  // a command-line value is one line: YAML folds a line break into a space ("a\nb" is "a b") or reads the lines
  // after a block header as its text ("|\n  x" is "x\n"), a string other than the one written (break-206 F5)
  if (/[\r\n]/.test(text)) {
    const node = doc.contents;
    const read = problem === undefined && isScalar(node) && typeof node.value === 'string' && node.value !== text ? ` (YAML would read this one as ${quoteText(node.value)})` : '';
    return `a line break, where a --set value is one line${read}; write the value on one line`;
  }
  // a document marker or a block scalar header starts no text: `---` is no value, `--- x` is x, `|` and `>-` are ""
  const marker = /^(?:---|\.\.\.)(?=[ \t]|$)/.exec(text)?.[0];
  if (marker !== undefined) {
    const left = problem === undefined ? `, leaving ${keptText(text, doc) || 'no value'}` : '';
    return `a YAML document ${marker === '---' ? 'start' : 'end'} marker (${marker}), which YAML does not read as text${left}; ${quote}`;
  }
  // a list is never a string a key wants: no "quote it" (helper-191 5); one yaml cannot read is said so
  if (text.startsWith('[')) {
    const list = problem !== undefined ? `not a value YAML can read (${problem.message.split('\n')[0] ?? ''}), a YAML list begun` : 'a YAML list';
    return `${list}, where --set takes comma-separated scalars, one value per item (${form()})`;
  }
  if (problem !== undefined) return `not a value YAML can read (${problem.message.split('\n')[0] ?? ''}); ${quote}`;
  const node = doc.contents;
  const comment = commentProblem(text, doc, inQuotes);
  if (comment !== undefined) return comment;
  if (isAlias(node) || (node !== null && (node.tag !== undefined || node.anchor !== undefined))) return `a YAML tag, anchor or alias, which --set does not take; ${quote}`;
  if (isMap(node) || isSeq(node)) return `a ${isSeq(node) ? 'list' : 'mapping'}, where --set takes one value per comma-separated item; ${quote}`;
  if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
    return `a YAML block scalar header, which YAML reads as ${quoteText(String(node.value))} (a block's text is on the lines after it, and a --set value is one line); ${quote}`;
  }
  return undefined;
}

/** The text of a value's node as written (`--- x`: x), or '' when the document has none. */
function keptText(text: string, doc: Document.Parsed): string {
  const range = doc.contents?.range ?? undefined;
  return range === undefined ? '' : text.slice(range[0], range[1]);
}

/**
 * Why a value holds a YAML comment, or undefined: YAML drops a `#` after a space (or one that starts the
 * value) with all that follows, so `machine.cmdline=console=ttyS0 #x` would silently be `console=ttyS0`
 * (break-201 F7). A `#` inside quotes, or one with no space before it (`a#b`), is part of the value; so
 * the advice is to quote the value whole, or to leave the comment out.
 * @param doc the value parsed alone, without errors
 * @param inQuotes the value as a double-quoted YAML string
 */
function commentProblem(text: string, doc: Document.Parsed, inQuotes: string): string | undefined {
  const node = doc.contents;
  const hasComment = [doc.comment, doc.commentBefore, node?.comment, node?.commentBefore].some((c) => c !== null && c !== undefined);
  if (!hasComment) return undefined;
  const kept = keptText(text, doc);
  const left = kept === '' ? 'no value' : kept;
  const comment = text.slice(node?.range?.[1] ?? 0).trim();
  // a value already quoted ("a" #x): the '#' goes inside its quotes, not the quotes around it all (break-204 F11)
  const value = isScalar(node) && typeof node.value === 'string' && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') ? node.value : undefined;
  const example = value === undefined ? inQuotes : JSON.stringify(`${value} ${comment}`);
  return `a YAML comment (${comment}), which YAML drops, leaving ${left}; to keep the '#', quote the value whole, as in ${example}, or leave the comment out`;
}

/**
 * The `matrix:` (as written, YAML-parsed) a file has or inherits: its own, or
 * that of the nearest file up its `extends` chain. Undefined when there is
 * none or a file cannot be read or parsed (composing then reports it).
 */
export function matrixOf(file: string, reader: FileReader, depth = 8): Readonly<Record<string, unknown>> | undefined {
  const read = reader.read(file);
  if (!read.ok || depth <= 0) return undefined;
  let doc: unknown;
  try {
    // silent: yaml would print its own warnings (an unresolved tag) to stderr with a stack trace; composing reports them as problems
    const parsed = parseDocument(read.text, { logLevel: 'silent', customTags: [INTEGRAL_FLOAT] });
    if (parsed.errors.length > 0) return undefined;
    doc = withWrittenInts(parsed).toJS({ maxAliasCount: 100 }) as unknown;
  } catch {
    return undefined;
  }
  if (!isRecord(doc)) return undefined;
  if (isEntry(doc['matrix'])) return doc['matrix'];
  // matrix: null drops the one its bases have
  if (Object.hasOwn(doc, 'matrix') && doc['matrix'] === null) return undefined;
  const ext = doc['extends'];
  return typeof ext === 'string' ? matrixOf(reader.resolve(file, ext), reader, depth - 1) : undefined;
}

/** A matrix entry as overlayText reads one: a mapping (an integer is a WrittenInt object, no entry). */
function isEntry(v: unknown): v is Readonly<Record<string, unknown>> {
  return isRecord(v) && !(v instanceof WrittenInt);
}

/**
 * Whether the file's matrix has an `include:` or `exclude:` that is no list
 * of mappings (`include: 5`, `exclude: [3]`). overlayText reads entries as
 * mappings and would drop such an item, losing the file's problem (or, for
 * an integer, spread its text and value as keys); whatever --set gives, the
 * file has that problem, so it is reported as composing the file alone does.
 */
export function hasMalformedEntries(fileMatrix: Readonly<Record<string, unknown>> | undefined): boolean {
  if (fileMatrix === undefined) return false;
  return ['include', 'exclude'].some((k) => {
    if (!Object.hasOwn(fileMatrix, k)) return false;
    const list = fileMatrix[k];
    return !Array.isArray(list) || !list.every(isEntry);
  });
}

/** The document with every integer value (not a mapping's key) a WrittenInt, so the overlay writes the file's matrix values as the file does. */
function withWrittenInts(doc: Document): Document {
  visit(doc, {
    Scalar(key, node) {
      const w = key === 'key' ? undefined : writtenInt(node.source, node.value);
      if (w !== undefined) node.value = w;
    },
  });
  return doc;
}

/**
 * The file's include entries as the overlay writes them, so that every
 * --set value wins over theirs (one per --set axis, in the order given):
 *
 * - a path that is an axis of the file's matrix: an entry's value of it is a
 *   condition (the combinations it fits), so an entry naming a value the
 *   axis no longer has is dropped (it can match nothing, and would add the
 *   value back as a combination of its own), as exclude entries are;
 * - a path that is not: an entry's value of it is an assignment, which the
 *   --set value overrides. One value is a plain key of the overlay that every
 *   variant gets, so the entries stop setting it (an entry left with nothing
 *   is dropped) and the name says it once (overrideName); several values are
 *   an axis, so the entry's own value is replaced by each of them;
 * - an entry that does not name the path gets each of its values, so that an
 *   entry that fits no combination (a combination of its own) is built with
 *   the --set values too, not with the file's plain one; an entry that fits
 *   some is unchanged in effect (it fits the same combinations, value by
 *   value).
 *
 * A matrix of include entries only (no axes) has no combinations for an
 * entry to fit: each entry is a variant (matrix.ts), so each gets every
 * --set value as its own, whether it names the path or not, and the
 * overlay adds neither a plain key nor an axis (`includeOnly`): a plain key
 * would empty the entries that only set it, dropping their machines, and an
 * axis would make every entry fit its combinations (helper-199 3).
 *
 * Entries made equal are kept once (two would be the same combination twice).
 */
function includeEntries(
  entries: readonly Readonly<Record<string, unknown>>[], axes: readonly Axis[], fileAxes: ReadonlySet<string>, includeOnly: boolean,
): readonly Readonly<Record<string, unknown>>[] {
  let out: readonly Readonly<Record<string, unknown>>[] = entries;
  for (const a of axes) {
    const key = a.path.join('.');
    const next: Readonly<Record<string, unknown>>[] = [];
    for (const e of out) {
      // kept whatever its value: the composer drops it if the axis no longer has it, comparing the values as the
      // schema reads them (4096MiB is 4GiB: replacedAxes); text here cannot tell
      if (includeOnly) for (const v of a.values) next.push({ ...e, [key]: v });
      else if (fileAxes.has(key) && Object.hasOwn(e, key)) next.push(e);
      else if (!fileAxes.has(key) && a.values.length === 1) {
        const rest = Object.fromEntries(Object.entries(e).filter(([k]) => k !== key));
        if (Object.keys(rest).length > 0) next.push(rest);
      } else {
        for (const v of a.values) next.push({ ...e, [key]: v });
      }
    }
    const seen = new Set<string>();
    out = next.filter((e) => {
      const k = sameValueKey(e);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  return out;
}

/**
 * The text of a scenario that `extends` the given file with the overrides as
 * its own keys and the axes as its `matrix:`. With the file's matrix (see
 * matrixOf), that matrix is kept, an axis --set names gets the --set values,
 * the other --set axes are added, and its exclude and include entries are
 * kept as far as the --set values leave them meaning (includeEntries); the
 * --set values always win. Without it the --set axes are the matrix. Loaded
 * with composeScenario() under a name next to the file, it gives exactly the
 * variants a user would get by writing that file: extends, matrix and the
 * validation of the values are the composer's.
 *
 * @param base the file's name relative to the overlay's directory
 * @param fileMatrix the file's own or inherited `matrix:` as written
 */
export function overlayText(base: string, axes: readonly Axis[], fileMatrix?: Readonly<Record<string, unknown>>): string {
  const doc: Record<string, unknown> = { extends: base };
  const matrix: Record<string, unknown> = {};
  const fileAxes = new Set(fileMatrix === undefined ? [] : axesOf(fileMatrix));
  const includeOnly = isIncludeOnly(fileMatrix);
  for (const key of fileAxes) {
    const a = axes.find((x) => x.path.join('.') === key);
    matrix[key] = a === undefined ? fileMatrix?.[key] : [...a.values];
  }
  for (const a of axes) {
    const key = a.path.join('.');
    // include entries only: the entries get the values (includeEntries)
    if (fileAxes.has(key) || includeOnly) continue;
    if (a.values.length > 1) matrix[key] = [...a.values];
    else setPath(doc, a.path, a.values[0]);
  }
  if (fileMatrix !== undefined) {
    const records = (k: string): Readonly<Record<string, unknown>>[] => {
      const list = fileMatrix[k];
      return Array.isArray(list) ? list.filter(isEntry) : [];
    };
    // exclude entries name axes only; one naming a value its axis no longer has can match nothing, and the composer
    // drops it (replacedAxes), comparing values as the schema reads them. Copied as written, entries that are no
    // mapping too: the composer reports them as it would in the file, at the same index (a filtered copy lost them)
    if (Object.hasOwn(fileMatrix, 'exclude')) matrix['exclude'] = fileMatrix['exclude'];
    const include = includeEntries(records('include'), axes, fileAxes, includeOnly);
    if (include.length > 0) matrix['include'] = include;
  }
  if (Object.keys(matrix).length > 0) doc['matrix'] = matrix;
  // the --set values took every key of the file's matrix away (an include-only one): one machine, not the file's variants
  else if (fileMatrix !== undefined) doc['matrix'] = null;
  // integers verbatim (writtenIntTag); no anchors: a value shared by an axis and an include entry is written twice, not aliased
  return stringify(doc, { customTags: [writtenIntTag], aliasDuplicateObjects: false });
}

/**
 * The --set paths an overlay spreads over the file's include entries (a matrix of include entries only: every
 * entry takes each value), for the composer's OverlayAxes.spread; empty otherwise.
 */
export function spreadPaths(axes: readonly Axis[], fileMatrix?: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  return new Set(isIncludeOnly(fileMatrix) ? axes.map((a) => a.path.join('.')) : []);
}

/** Whether a file's matrix has include entries and no axes: each entry is a variant of its own (matrix.ts). */
function isIncludeOnly(fileMatrix: Readonly<Record<string, unknown>> | undefined): boolean {
  return fileMatrix !== undefined && axesOf(fileMatrix).length === 0 && Array.isArray(fileMatrix['include']) && fileMatrix['include'].some(isEntry);
}

/**
 * The axes of the file's matrix whose values --set replaces: the overlay
 * keeps the file's exclude and include entries that name them, and
 * composing it with these (composeScenario's replacedAxes) drops the ones
 * that name a value the axis no longer has.
 */
export function replacedAxes(axes: readonly Axis[], fileMatrix?: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const fileAxes = new Set(fileMatrix === undefined ? [] : axesOf(fileMatrix));
  return new Set(axes.map((a) => a.path.join('.')).filter((p) => fileAxes.has(p)));
}

/** The axes of the file's matrix that --set leaves alone: the overlay copies them (composeScenario's keptAxes). */
export function keptAxes(axes: readonly Axis[], fileMatrix?: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const set = new Set(axes.map((a) => a.path.join('.')));
  return new Set((fileMatrix === undefined ? [] : axesOf(fileMatrix)).filter((p) => !set.has(p)));
}

/**
 * The part of a variant name that the single-valued overrides of paths that
 * are not axes of the file's matrix add, e.g. "kernel=2.6.27-rc3" (an
 * override of an axis is named by the matrix instead, and include entries no
 * longer set an overridden path: includeEntries). A key is its path's last
 * part ("memory") unless another path of the name ends alike (a --set path,
 * an axis or an include key of the file's matrix): then its whole path, so
 * that a name never has the same key twice.
 */
export function overrideName(axes: readonly Axis[], fileMatrix?: Readonly<Record<string, unknown>>): string | undefined {
  // include entries only: every entry carries the values, and the variant names say them
  if (isIncludeOnly(fileMatrix)) return undefined;
  const fileAxes = fileMatrix === undefined ? [] : axesOf(fileMatrix);
  const includes = fileMatrix !== undefined && Array.isArray(fileMatrix['include']) ? fileMatrix['include'].filter(isEntry) : [];
  // every path that may be a key of the name, so that shortNames makes them distinct
  const short = shortNames([...new Set([
    ...axes.map((a) => a.path.join('.')),
    ...fileAxes,
    ...includes.flatMap((e) => Object.keys(e)),
  ])]);
  const parts = axes.filter((a) => a.values.length === 1 && !fileAxes.includes(a.path.join('.'))).map((a) => {
    const path = a.path.join('.');
    // quoted as a matrix's variant names are, so the name is a selector that picks it (variant-name.ts)
    return `${short.get(path) ?? path}=${quoteValue(a.texts[0] ?? '')}`;
  });
  return parts.length > 0 ? parts.join(',') : undefined;
}
