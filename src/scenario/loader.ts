/**
 * Scenario loader: YAML text → validated, defaulted Scenario, or every input
 * problem of the file at once, each with its line:col. Pure (no I/O); files.ts
 * reads files.
 *
 * Stages: YAML syntax (parsed with a LineCounter, so every node keeps its
 * source range) → document shape (one document, a mapping) → aliases → zod
 * schema (every issue mapped back to its node) → semantic checks (call
 * availability per kernel, cmdline, impossible sizes) → defaults.
 */
import { basename, extname } from 'node:path';
import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseAllDocuments, visit, type Alias, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { availability } from '../arch/x86_32/catalog.js';
import { CALL_NAMES, isCallName } from '../arch/x86_32/catalog-names.js';
import { parseCmdline } from '../arch/x86_32/cmdline.js';
import { GiB, MiB, PAGE_SIZE } from '../arch/x86_32/geometry.js';
import { NEWEST_KERNEL, parseKernelVersion, type KernelVersion } from '../arch/x86_32/kernel-version.js';
import { DEFAULT_CONFIG, DEFAULT_MACHINE } from './defaults.js';
import { sortProblems, type InputProblem } from './problems.js';
import { ScenarioSchema, SizeSchema, StepSchema, type ScenarioParsed } from './schema.js';
import { SIZE_FORMS } from './size.js';
import { suggest } from './suggest.js';
import type { Pos, Scenario, Step } from './types.js';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: InputProblem[] };

type Doc = Document.Parsed;
type Path = readonly PropertyKey[];

/** Everything the stages share: where to report, and how to turn a node into line:col. */
interface Ctx {
  readonly file: string;
  readonly text: string;
  readonly lines: LineCounter;
  readonly problems: InputProblem[];
}

export function parseScenario(text: string, file: string): LoadResult {
  const ctx: Ctx = { file, text, lines: new LineCounter(), problems: [] };
  const fail = (): LoadResult => ({ ok: false, problems: sortProblems(ctx.problems) });

  // A NUL never occurs in YAML text; it means an image, an archive, UTF-16…
  if (text.includes('\u0000')) {
    ctx.problems.push({ file, message: 'not a text file (it contains NUL bytes); a scenario is UTF-8 YAML' });
    return fail();
  }
  const doc = parseSingleDocument(ctx);
  if (doc === undefined) return fail();
  const data = toData(ctx, doc);
  if (data === undefined) return fail();

  const parsed = ScenarioSchema.safeParse(data);
  if (!parsed.success) {
    const say = (path: Path, message: string, key?: string): void => report(ctx, placeOf(doc, path, key), message);
    for (const issue of parsed.error.issues) explainIssue({ data, say }, issue, []);
  }
  semanticChecks(ctx, doc, data);

  if (!parsed.success || ctx.problems.length > 0) return fail();
  const scenario = resolve(ctx, doc, parsed.data);
  return scenario === undefined ? fail() : { ok: true, scenario };
}

// ---------------------------------------------------------------------------
// Positions

function report(ctx: Ctx, node: Node | undefined, message: string): void {
  const pos = posOf(ctx, node);
  ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message });
}

function posOf(ctx: Ctx, node: Node | null | undefined): Pos {
  const start = node?.range?.[0];
  return start === undefined ? { line: 1, col: 1 } : ctx.lines.linePos(start);
}

function hasSource(node: Node | null | undefined): node is Node {
  const r = node?.range;
  return r !== undefined && r !== null && r[1] > r[0];
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function deref(doc: Doc, node: unknown): unknown {
  // resolve() rescans the document; only done along one path per issue, so it stays cheap.
  return isAlias(node) ? node.resolve(doc) : node;
}

interface Located {
  /** the key node of the last path segment, when it is a mapping key */
  readonly key: Node | undefined;
  /** the node at the path, or undefined when the path is missing */
  readonly value: Node | undefined;
  /** where to point when the path is missing: the mapping or list that lacks it */
  readonly deepest: Node | undefined;
}

function asNode(x: unknown): Node | undefined {
  return isNode(x) ? x : undefined;
}

/** Walks a zod/JS path into the YAML tree, through aliases, as doc.toJS() did. */
function locate(doc: Doc, path: Path): Located {
  let key: Node | undefined;
  let value: unknown = doc.contents;
  for (const seg of path) {
    const node = deref(doc, value);
    let next: { key: Node | undefined; value: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (pair !== undefined) next = { key: asNode(pair.key), value: pair.value };
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      next = { key: undefined, value: node.items[seg] };
    }
    if (next === undefined) {
      const container = asNode(node);
      return { key: undefined, value: undefined, deepest: hasSource(container) ? container : key ?? container };
    }
    ({ key, value } = next);
  }
  return { key, value: asNode(value), deepest: asNode(value) ?? key };
}

/**
 * Where to point for a problem at `path`: the value as written, or its key
 * when the value is empty (`config:` with nothing after it), or, for a
 * missing key, the mapping that lacks it. With `key`, the path names a
 * mapping and the problem is about one of its keys (unknown key).
 */
function placeOf(doc: Doc, path: Path, key?: string): Node | undefined {
  if (key !== undefined) {
    const inner = locate(doc, [...path, key]);
    return inner.key ?? inner.deepest;
  }
  const at = locate(doc, path);
  if (hasSource(at.value)) return at.value;
  return at.key ?? at.value ?? at.deepest;
}

// ---------------------------------------------------------------------------
// YAML → one document → plain data

/** "a: 1\n---\n" has a second, empty document: harmless, so it is not counted. */
function isEmptyDocument(doc: Doc): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null && !hasSource(c));
}

function parseSingleDocument(ctx: Ctx): Doc | undefined {
  // logLevel 'error': yaml would otherwise print its own warnings to the console; they are problems here.
  const docs = parseAllDocuments(ctx.text, { lineCounter: ctx.lines, prettyErrors: false, logLevel: 'error' });
  const yamlErrors = 'empty' in docs ? docs.errors : docs.flatMap((d) => d.errors);
  const yamlWarnings = 'empty' in docs ? docs.warnings : docs.flatMap((d) => d.warnings);
  let blocking = false;
  let entries: KeyEntry[] | undefined;
  for (const e of yamlErrors) {
    if (e.code === 'DUPLICATE_KEY') {
      entries ??= docs.flatMap(keyEntries);
      duplicateKey(ctx, entries, e.pos[0]);
    } else {
      blocking = true;
      const pos = ctx.lines.linePos(e.pos[0]);
      ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message: `invalid YAML: ${firstLine(e.message)}` });
    }
  }
  for (const w of yamlWarnings) {
    const pos = ctx.lines.linePos(w.pos[0]);
    ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message: `YAML: ${firstLine(w.message)}` });
  }
  // After a syntax error the tree is a guess; schema messages about it would mislead.
  // Duplicate keys leave a sound tree, so validation still runs and reports the rest.
  if (blocking) return undefined;

  const used = docs.filter((d, i) => i === 0 || !isEmptyDocument(d));
  const first = used[0];
  const second = used[1];
  if (second !== undefined) {
    const pos = ctx.lines.linePos(second.range[0]);
    ctx.problems.push({
      file: ctx.file, line: pos.line, col: pos.col,
      message: `a second YAML document starts here; a file holds one scenario (${used.length} documents found), so put each in its own file`,
    });
  }
  if (first === undefined || isEmptyDocument(first)) {
    ctx.problems.push({ file: ctx.file, line: 1, col: 1, message: 'empty scenario: expected a mapping with at least setup_arch' });
    return undefined;
  }
  const top = deref(first, first.contents);
  if (!isMap(top)) {
    const what = isSeq(top) ? 'a list' : isScalar(top) ? (top.value === null ? 'null' : `the scalar ${JSON.stringify(String(top.value))}`) : 'an unresolved alias';
    report(ctx, first.contents ?? undefined, `the top level must be a mapping of scenario keys (name, kernel, config, machine, setup_arch, …), got ${what}`);
    return undefined;
  }
  return first;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** yaml says only "Map keys must be unique"; name the key and where it was first set. */
function duplicateKey(ctx: Ctx, entries: readonly KeyEntry[], offset: number): void {
  const entry = entries.find((e) => e.key.range?.[0] === offset);
  if (entry === undefined) {
    const pos = ctx.lines.linePos(offset);
    ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message: 'duplicate key; each key may appear once in a mapping' });
    return;
  }
  // Paths repeat across documents of one stream; the first one set is the nearest earlier key.
  const firstSet = entries.find((e) => e.path === entry.path && e.key !== entry.key && (e.key.range?.[0] ?? 0) < offset);
  const where = firstSet === undefined ? '' : ` (first set on line ${posOf(ctx, firstSet.key).line})`;
  report(ctx, entry.key, `${entry.path}: duplicate key${where}; each key may appear once in a mapping`);
}

interface KeyEntry {
  /** dotted path as in messages and Scenario.positions: "machine.cmdline", "setup_arch[2].note" */
  readonly path: string;
  readonly key: Node;
}

/**
 * Every mapping key and sequence item of the document as written, in source
 * order. Aliases are not followed: a position is where the text is.
 */
function keyEntries(doc: Doc): KeyEntry[] {
  const out: KeyEntry[] = [];
  const walk = (node: unknown, prefix: readonly PropertyKey[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const path = [...prefix, keyText(pair.key)];
        out.push({ path: pathText(path), key: pair.key });
        walk(pair.value, path);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const path = [...prefix, i];
        const node = asNode(item);
        if (node !== undefined) out.push({ path: pathText(path), key: node });
        walk(item, path);
      });
    }
  };
  walk(doc.contents, []);
  return out;
}

/**
 * The document as plain data. Unknown aliases are reported where they are;
 * alias bombs ("billion laughs") make toJS() throw once it has expanded
 * more than its default maxAliasCount (100) nodes, and are reported too.
 */
function toData(ctx: Ctx, doc: Doc): unknown {
  const anchors = new Map<string, Node>();
  const aliases: { alias: Alias; target: Node | undefined }[] = [];
  let blocked = false;
  // One pass in document order, the order in which an alias may refer back to an anchor.
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) aliases.push({ alias: node, target: anchors.get(node.source) });
      else if (node.anchor !== undefined) anchors.set(node.anchor, node);
    },
    // Scenario keys are names; a list or mapping as a key ("? [a, b]") would be stringified by toJS().
    Pair(_key, pair) {
      if (pair.key === null || isScalar(pair.key)) return;
      blocked = true;
      report(ctx, asNode(pair.key), 'a key must be a plain name, not a list, mapping or alias');
    },
  });
  for (const { alias, target } of aliases) {
    if (target !== undefined) continue;
    blocked = true;
    report(ctx, alias, `*${alias.source}: unknown alias; an alias refers back to an anchor &${alias.source} set earlier in the file`);
  }
  if (blocked) return undefined;
  try {
    return doc.toJS();
  } catch (err) {
    // An alias of an anchor that itself holds aliases is what multiplies; point at the first one.
    const nested = aliases.find(({ target }) => target !== undefined && containsAlias(target));
    const at = (nested ?? aliases[0])?.alias;
    const why = err instanceof ReferenceError && /alias/i.test(err.message)
      ? 'aliases expand to too many nodes (more than 100 alias expansions, the pattern of a "billion laughs" attack); write the values out'
      : `cannot read the document: ${err instanceof Error ? err.message : String(err)}`;
    report(ctx, at, why);
    return undefined;
  }
}

function containsAlias(node: Node): boolean {
  let found = false;
  visit(node, { Alias: () => { found = true; return visit.BREAK; } });
  return found;
}

// ---------------------------------------------------------------------------
// Schema issues → messages. zod reports in its own words with paths into
// the data; these say it in the scenario's words, at the node in the file:
// the dotted key first, then what is wrong, then what is allowed.

type Issue = z.core.$ZodIssue;

interface Explain {
  readonly data: unknown;
  /** report at `path`; with `key`, at that key of the mapping at `path` */
  readonly say: (path: Path, message: string, key?: string) => void;
}

/** machine.cmdline, setup_arch[3].call: list indices are 0-based, as in JSON paths and jq. */
export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) {
    const s = String(seg);
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[\w-]+$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
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

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (typeof v === 'string') return v === '' ? 'an empty string' : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `the number ${String(v)}`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'binary data';
  return typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  object: 'a mapping',
  array: 'a list',
};

/** YAML 1.1 booleans, which YAML 1.2 (and so this loader) reads as strings. */
const YAML11_BOOLEANS = new Set(['yes', 'no', 'on', 'off', 'y', 'n']);

function typeHint(expected: string, value: unknown): string {
  if (expected === 'boolean' && typeof value === 'string' && YAML11_BOOLEANS.has(value.toLowerCase())) {
    return ` (YAML 1.2 reads ${value} as a string; write true or false)`;
  }
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return '; quote it to make it a string';
  if ((expected === 'number' || expected === 'int') && typeof value === 'string' && /^\s*(0x[\da-f]+|\d+(\.\d*)?)\s*$/i.test(value)) {
    return '; write it without quotes';
  }
  return '';
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
  return cur;
}

/** The mapping form of a schema: itself, or the mapping alternative of a union (a step). */
function objectOf(s: z.ZodType | undefined): z.ZodObject | undefined {
  const u = unwrap(s);
  if (u instanceof z.ZodObject) return u;
  if (u instanceof z.ZodUnion) {
    for (const option of u.options) {
      const o = unwrap(option as z.ZodType);
      if (o instanceof z.ZodObject) return o;
    }
  }
  return undefined;
}

/** The schema that validates the value at `path` (the schema is the source of truth for allowed keys and bounds). */
function schemaAt(path: Path): z.ZodType | undefined {
  let s: z.ZodType | undefined = ScenarioSchema;
  for (const seg of path) {
    const u = unwrap(s);
    if (u instanceof z.ZodArray && typeof seg === 'number') s = u.element as z.ZodType;
    else s = (objectOf(u)?.shape as Record<string, z.ZodType> | undefined)?.[String(seg)];
  }
  return unwrap(s);
}

function keysAt(path: Path): string[] {
  return Object.keys(objectOf(schemaAt(path))?.shape ?? {});
}

/** Mappings a misplaced key may belong to ("memory" written under config:). */
const SECTIONS: readonly (readonly [where: string, path: Path])[] = [
  ['at the top level', []],
  ['under config:', ['config']],
  ['under machine:', ['machine']],
];

function isStepPath(path: Path): boolean {
  return path[0] === 'setup_arch' && typeof path[1] === 'number';
}

function unknownKey(x: Explain, path: Path, key: string): void {
  const allowed = keysAt(path);
  const where = path.length === 0 ? 'at the top level' : isStepPath(path) ? 'in a step' : `in ${pathText(path)}`;
  const home = SECTIONS.find(([, p]) => pathText(p) !== pathText(path) && keysAt(p).includes(key));
  const guess = suggest(key, allowed);
  const hint = home !== undefined ? ` (${key} belongs ${home[0]})` : guess !== undefined ? ` (did you mean ${guess}?)` : '';
  x.say(path, `${pathText([...path, key])}: unknown key${hint}; allowed ${where}: ${allowed.join(', ')}`, key);
}

function missing(path: Path): string {
  const label = pathText(path);
  if (label === 'setup_arch') {
    return 'setup_arch: missing; list the setup_arch() calls in order, e.g. setup_arch: [early_ioremap_init, dmi_scan_machine, vmi_init] (run `bootreplay steps` for the catalog)';
  }
  if (isStepPath(path) && path[2] === 'call') return `${label}: missing; a step written as a mapping needs call: NAME (and may have note: TEXT)`;
  return `${label}: missing`;
}

function badValue(path: Path, values: readonly unknown[], value: unknown): string {
  const label = pathText(path);
  if (isStepPath(path)) {
    // The call-name enum: 60+ names are too many to list in a message.
    if (typeof value !== 'string') return `${label}: expected a call name, got ${describeValue(value)}`;
    const guess = suggest(value, CALL_NAMES);
    return `${label}: unknown call ${value}${guess === undefined ? '' : ` (did you mean ${guess}?)`}; run \`bootreplay steps\` for the catalog`;
  }
  const allowed = values.map(String);
  if (typeof value !== 'string') return `${label}: expected ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`}, got ${describeValue(value)}`;
  const guess = suggest(value, allowed);
  return `${label}: unknown value ${JSON.stringify(value)}${guess === undefined ? '' : ` (did you mean ${guess}?)`}; allowed: ${allowed.join(', ')}`;
}

function outOfRange(path: Path, issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown): string {
  const label = pathText(path);
  if (label === 'setup_arch') return 'setup_arch: empty; list the setup_arch() calls in order (run `bootreplay steps` for the catalog)';
  const schema = schemaAt(path);
  if (schema instanceof z.ZodNumber && schema.minValue !== null && schema.maxValue !== null) {
    return `${label}: ${String(value)} is out of range; allowed: ${schema.minValue} to ${schema.maxValue}`;
  }
  const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
  return `${label}: must be ${bound}${issue.origin === 'array' ? ' items' : ''}, got ${describeValue(value)}`;
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
  const schema = schemaAt(path);
  const expected = schema === SizeSchema
    ? SIZE_FORMS
    : schema === StepSchema
      ? 'a call name or a mapping {call: NAME, note: TEXT}'
      : issue.errors.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [EXPECTED[i.expected] ?? i.expected] : []))).join(' or ');
  x.say(path, `${pathText(path)}: expected ${expected || 'something else'}, got ${describeValue(value)}`);
}

function explainIssue(x: Explain, issue: Issue, base: Path): void {
  const path = [...base, ...issue.path];
  const label = pathText(path) || 'the scenario';
  const value = valueAt(x.data, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) unknownKey(x, path, key);
      return;
    case 'invalid_union':
      if (value === undefined) x.say(path, missing(path));
      else explainUnion(x, issue, path, value);
      return;
    case 'invalid_type':
      if (value === undefined) x.say(path, missing(path));
      else x.say(path, `${label}: expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(value)}${typeHint(issue.expected, value)}`);
      return;
    case 'invalid_value':
      x.say(path, value === undefined ? missing(path) : badValue(path, issue.values, value));
      return;
    case 'too_small':
    case 'too_big':
      x.say(path, outOfRange(path, issue, value));
      return;
    case 'custom': {
      // Custom issues carry their own message (sizes, kernel versions); kernel
      // versions also offer their choices for a did-you-mean.
      const choices: unknown = issue.params?.['choices'];
      const options = Array.isArray(choices) ? choices.filter((c): c is string => typeof c === 'string') : [];
      const guess = typeof value === 'string' ? suggest(value, options) : undefined;
      const cut = issue.message.indexOf('; ');
      const message = guess === undefined ? issue.message
        : cut < 0 ? `${issue.message} (did you mean ${guess}?)`
          : `${issue.message.slice(0, cut)} (did you mean ${guess}?)${issue.message.slice(cut)}`;
      x.say(path, `${label}: ${message}`);
      return;
    }
    default:
      x.say(path, `${label}: ${issue.message}`);
  }
}

// ---------------------------------------------------------------------------
// Semantic checks: values the schema accepts but that cannot describe a
// machine or a kernel. Each check runs on its own part of the raw data, so a
// file with schema problems still gets these reported where they can be.

const KiB = 2 ** 10;
const TiB = 2 ** 40;
/** CONFIG_PAGE_OFFSET range: from the 1G/3G split (VMSPLIT_1G) to the default 3G/1G. */
const MIN_PAGE_OFFSET = 0x40000000;
const MAX_PAGE_OFFSET = 0xc0000000;
/** Highest accepted start of a hypervisor hole: the hole is at least 1 MiB. */
const MAX_HOLE_START = 0xfff00000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sizeOf(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const r = SizeSchema.safeParse(v);
  return r.success ? r.data : undefined;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function human(n: number): string {
  for (const [unit, size] of [['TiB', TiB], ['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} bytes`;
}

function semanticChecks(ctx: Ctx, doc: Doc, data: unknown): void {
  if (!isRecord(data)) return;
  const machine = isRecord(data['machine']) ? data['machine'] : {};
  const config = isRecord(data['config']) ? data['config'] : {};
  const at = (path: Path): Node | undefined => placeOf(doc, path);

  const kernelText = data['kernel'] ?? NEWEST_KERNEL;
  const kernel = typeof kernelText === 'string' ? parseKernelVersion(kernelText) : undefined;
  if (kernel?.ok === true) checkAvailability(ctx, doc, data['setup_arch'], kernel.version, data['kernel'] === undefined);

  const cmdline = machine['cmdline'];
  if (typeof cmdline === 'string') checkCmdline(ctx, doc, cmdline);

  const memory = sizeOf(machine['memory']);
  if (memory !== undefined && (memory < MiB || memory > TiB)) {
    const what = memory === 0 ? '0 bytes of RAM is impossible' : `${human(memory)} (${hex(memory)}) is ${memory < MiB ? 'too little' : 'too much'}`;
    report(ctx, at(['machine', 'memory']), `machine.memory: ${what}; the model takes 1 MiB to 1 TiB`);
  }

  const pageOffset = sizeOf(config['page_offset']);
  const pageOffsetOk = pageOffset === undefined || checkPageOffset(ctx, at(['config', 'page_offset']), pageOffset);
  const floor = pageOffset ?? DEFAULT_CONFIG.page_offset;
  for (const key of ['vmi_virtual_top', 'xen_virt_start'] as const) {
    const value = sizeOf(machine[key]);
    if (value === undefined) continue;
    const node = at(['machine', key]);
    if (value % PAGE_SIZE !== 0) {
      report(ctx, node, `machine.${key}: ${hex(value)} is not page-aligned (a multiple of 0x1000)`);
    } else if (value > MAX_HOLE_START) {
      report(ctx, node, `machine.${key}: ${hex(value)} leaves no room for the fixmap below 4 GiB; at most ${hex(MAX_HOLE_START)}`);
    } else if (pageOffsetOk && value <= floor) {
      // Compared with a page_offset that is itself wrong, this would only add noise.
      report(ctx, node, `machine.${key}: ${hex(value)} is not above PAGE_OFFSET (${hex(floor)}); the hypervisor hole lies in kernel space`);
    }
  }
}

/** CONFIG_PAGE_OFFSET: the VMSPLIT choices are all PGD-aligned, between the 1G/3G and 3G/1G splits. */
function checkPageOffset(ctx: Ctx, node: Node | undefined, value: number): boolean {
  if (value % (4 * MiB) !== 0) {
    report(ctx, node, `config.page_offset: ${hex(value)} is not a multiple of 4 MiB (one page-directory entry); e.g. 0xc0000000, 0xb0000000, 0x80000000`);
    return false;
  }
  if (value < MIN_PAGE_OFFSET || value > MAX_PAGE_OFFSET) {
    report(ctx, node, `config.page_offset: ${hex(value)} is outside ${hex(MIN_PAGE_OFFSET)}…${hex(MAX_PAGE_OFFSET)} (the 1G/3G to 3G/1G splits)`);
    return false;
  }
  return true;
}

function checkAvailability(ctx: Ctx, doc: Doc, steps: unknown, kernel: KernelVersion, defaulted: boolean): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step: unknown, i) => {
    const call = isRecord(step) ? step['call'] : step;
    if (typeof call !== 'string' || !isCallName(call)) return;
    const a = availability(call, kernel);
    if (a.ok) return;
    const path = isRecord(step) ? ['setup_arch', i, 'call'] : ['setup_arch', i];
    const hint = defaulted ? `; kernel: is not set, so the newest modeled (${NEWEST_KERNEL}) is used` : '';
    report(ctx, placeOf(doc, path), `${pathText(path)}: ${a.reason}${hint}`);
  });
}

/**
 * cmdline problems point at the parameter itself when the scalar is on one
 * line and its source text is exactly its value (no escapes, no folding),
 * so that character offsets in the value are offsets in the file.
 */
function checkCmdline(ctx: Ctx, doc: Doc, cmdline: string): void {
  const { problems } = parseCmdline(cmdline);
  if (problems.length === 0) return;
  const node = placeOf(doc, ['machine', 'cmdline']);
  const start = posOf(ctx, node);
  let exact: number | undefined;
  if (isScalar(node) && node.range !== undefined && node.range !== null) {
    const source = ctx.text.slice(node.range[0], node.range[1]);
    const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : node.type === 'PLAIN' ? 0 : undefined;
    if (quote !== undefined && !source.includes('\n') && source.slice(quote, source.length - quote) === cmdline) exact = quote;
  }
  for (const p of problems) {
    const col = exact === undefined ? start.col : start.col + exact + p.offset;
    ctx.problems.push({ file: ctx.file, line: start.line, col, message: `machine.cmdline: ${p.message}` });
  }
}

// ---------------------------------------------------------------------------
// Defaults and positions

function withDefaults<T extends object>(defaults: T, given: { [K in keyof T]?: T[K] | undefined } | undefined): T {
  const out: { -readonly [K in keyof T]: T[K] } = { ...defaults };
  if (given !== undefined) {
    for (const key of Object.keys(given) as (keyof T)[]) {
      const v = given[key];
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

function resolve(ctx: Ctx, doc: Doc, parsed: ScenarioParsed): Scenario | undefined {
  const kernel = parseKernelVersion(parsed.kernel ?? NEWEST_KERNEL);
  if (!kernel.ok) {
    // The schema has already accepted it; this would be a bug in the schema.
    report(ctx, placeOf(doc, ['kernel']), `kernel: ${kernel.reason}`);
    return undefined;
  }
  const machine = withDefaults(DEFAULT_MACHINE, parsed.machine);
  const positions: Record<string, Pos> = { '': { line: 1, col: 1 } };
  for (const entry of keyEntries(doc)) positions[entry.path] ??= posOf(ctx, entry.key);

  const steps: Step[] = parsed.setup_arch.map((item, i) => ({
    call: typeof item === 'string' ? item : item.call,
    note: typeof item === 'string' ? undefined : item.note,
    index: i + 1,
    pos: positions[`setup_arch[${i}]`] ?? positions['setup_arch'] ?? { line: 1, col: 1 },
  }));

  return {
    file: ctx.file,
    name: parsed.name ?? basename(ctx.file, extname(ctx.file)),
    description: parsed.description ?? '',
    kernel: kernel.version,
    arch: 'x86_32',
    config: withDefaults(DEFAULT_CONFIG, parsed.config),
    machine: {
      ...machine,
      // RAM is counted in whole pages (max_pfn = end >> PAGE_SHIFT), so a ragged size rounds down.
      memory: machine.memory - (machine.memory % PAGE_SIZE),
      params: parseCmdline(machine.cmdline).params,
    },
    steps,
    positions,
  };
}
