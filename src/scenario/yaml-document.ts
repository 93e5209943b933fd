/**
 * YAML text → one document → plain data. Reports syntax errors and warnings,
 * duplicate keys, a second document, a top level that is not a mapping,
 * non-scalar keys, unknown aliases and alias bombs, each at its place; and
 * enforces the structural limits of limits.ts before any later stage walks
 * the tree:
 *
 * - while parsing, token by token: nesting depth, keys per mapping, items
 *   per list and setup_arch calls. The yaml parser keeps its open tokens on
 *   an explicit stack, but yaml's composer recurses (about 800 nested `[`
 *   overflowed the call stack, at a depth that depended on what ran before),
 *   and composing is most of the cost of a big file. Parsing stops at the
 *   first collection over a limit, so the error is exact and the composer
 *   never sees such a tree.
 * - duplicate keys with one Set per mapping: yaml's own check compares every
 *   key with every other one (40,000 keys took 29 s), so it is off.
 * - aliases: resolved here in one pass in document order (yaml's
 *   Alias.resolve scans the whole document for each alias), with the nodes
 *   they add counted against the limit.
 *
 * The data is built here too, not with doc.toJS(), so that each of these
 * steps is linear in the size of the file.
 */
import { CST, Composer, Lexer, Parser, isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Scalar, type YAMLError } from 'yaml';
import { limitMessage, textChars, type Limits } from './limits.js';
import { pathText } from './path-text.js';
import { hasSource, keyText, noteAliasTarget, posOf, positionAt, report, type Ctx, type Doc } from './yaml-positions.js';
import { quoted } from './quote.js';
import { foldAt, foldFix, foldText, type Fold } from './folded-lines.js';
import { clip } from '../escape.js';
import { INTEGRAL_FLOAT } from './yaml-tags.js';
import { isFloatNotation } from './float-notation.js';
import { openingsOf, unclosedFlow, unclosedQuote, type Opening, type Openings } from './unclosed.js';
import { mappingColumnWords } from './yaml-indent-words.js';

/** "a: 1\n---\n" has a second, empty document: harmless, so it is not counted. */
function isEmptyDocument(doc: Doc): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null && !hasSource(c));
}

type CollectionToken = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

function isCollectionToken(t: CST.Token): t is CollectionToken {
  return t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';
}

function isMapToken(t: CollectionToken): boolean {
  return t.type === 'block-map' || (t.type === 'flow-collection' && t.start.source === '{');
}

/**
 * Items of a collection token, without a last one that `- `, `,` or a line
 * break has opened but that has no content yet. `building`: a token above
 * the collection on the parser's stack, which is the last item's content.
 */
function itemCount(t: CollectionToken, building = false): number {
  const last = t.items[t.items.length - 1];
  const empty = !building && last !== undefined && last.value === undefined
    && !('key' in last && last.key !== undefined) && !('sep' in last && last.sep !== undefined);
  return t.items.length - (empty ? 1 : 0);
}

/** The key text of a map token's last item ("setup_arch"), for messages. */
function lastKeyText(t: CollectionToken): string {
  const item = t.items[t.items.length - 1];
  const key = item !== undefined && 'key' in item ? item.key : undefined;
  if (key === undefined || key === null) return '';
  // with an onError callback, yaml reports a malformed key there instead of throwing
  const scalar = CST.resolveAsScalar(key, false, () => undefined);
  return scalar === null ? '?' : scalar.value;
}

/** The data path of the innermost collection on the parser's stack, from the keys and indices being parsed. */
function stackPath(collections: readonly CollectionToken[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let i = 0; i + 1 < collections.length; i++) {
    const parent = collections[i] as CollectionToken;
    path.push(isMapToken(parent) ? lastKeyText(parent) : Math.max(0, itemCount(parent) - 1));
  }
  return path;
}

/**
 * Checks the parser's stack after a token: the stack holds every open token
 * from the document down, so it holds every open collection. Reports the
 * first limit exceeded (nesting depth; keys, items or setup_arch calls of the
 * innermost collection) at the collection's start, and returns true.
 */
function overLimit(ctx: Ctx, limits: Limits, stack: readonly CST.Token[]): boolean {
  // The innermost collection is at the top of the stack or just below (a scalar or a value being built).
  let inner: CollectionToken | undefined;
  let building = false;
  for (let i = stack.length - 1; i >= 0 && i >= stack.length - 4; i--) {
    const t = stack[i] as CST.Token;
    if (isCollectionToken(t)) {
      inner = t;
      building = i < stack.length - 1;
      break;
    }
  }
  const deep = stack.length > limits.maxDepth;
  const count = inner === undefined ? 0 : itemCount(inner, building);
  const isMap = inner !== undefined && isMapToken(inner);
  if (!deep && count <= Math.min(isMap ? limits.maxKeys : limits.maxItems, limits.maxCalls)) return false;

  const collections = stack.filter(isCollectionToken);
  const report = (t: CollectionToken, message: string): true => {
    const pos = positionAt(ctx, t.offset);
    ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message });
    return true;
  };
  const tooDeep = collections[limits.maxDepth];
  if (tooDeep !== undefined) return report(tooDeep, limitMessage('max-depth', limits.maxDepth, 'lists and mappings nested too deep'));
  if (inner === undefined) return false;
  const path = stackPath(collections);
  const where = pathText(path) || 'the top level';
  if (isMap) return count > limits.maxKeys && report(inner, limitMessage('max-keys', limits.maxKeys, `${where}: too many keys`));
  if (path.length === 1 && path[0] === 'setup_arch' && count > limits.maxCalls) {
    return report(inner, limitMessage('max-calls', limits.maxCalls, 'setup_arch: too many calls'));
  }
  return count > limits.maxItems && report(inner, limitMessage('max-items', limits.maxItems, `${where}: too many items`));
}

/**
 * Line starts from the text itself, for turning the parser's offsets into
 * line:col. Not from the parser's onNewLine callback, which yaml calls only
 * for the line breaks it lexes as such: one inside an erroneous token (a
 * `,` after a top-level scalar swallows the next line break) was missed, and
 * every later position was a line early.
 */
function countLines(ctx: Ctx): void {
  ctx.lines.addNewLine(0);
  for (let i = ctx.text.indexOf('\n'); i >= 0; i = ctx.text.indexOf('\n', i + 1)) ctx.lines.addNewLine(i + 1);
}

/**
 * The concrete syntax tree of the text, parsed token by token so that the
 * limits are checked as it grows: parsing stops at the first collection
 * that is too deep or has too many entries, before yaml composes anything.
 */
function parseWithinLimits(ctx: Ctx, limits: Limits, before: number): { tokens: CST.Token[]; counted: number } | { limitAt: number; tokens: CST.Token[] } | undefined {
  countLines(ctx);
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let counted = before;
  let afterScalarMark = false;
  for (const lexeme of new Lexer().lex(ctx.text)) {
    // a plain or block scalar is its marker and then its text: the text is the same token
    const counts = !afterScalarMark && countsAsToken(lexeme);
    afterScalarMark = lexeme === CST.SCALAR;
    if (counts && ++counted > limits.maxTokens) {
      const pos = positionAt(ctx, parser.offset);
      // the budget is of a file and the bases it extends together (break-216 F2: nine files at the limit each took 4 s)
      const found = before === 0 ? 'too many YAML tokens' : `too many YAML tokens in this file and the files that extend it (${before} in those)`;
      ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message: limitMessage('max-tokens', limits.maxTokens, found) });
      return undefined;
    }
    for (const t of parser.next(lexeme)) tokens.push(t);
    // Collections open and items start only at indicators and line breaks; scalars, spaces and
    // comments (most lexemes) cannot take a count over a limit, so they are not checked.
    // the tree so far, with what is open closed as it stands: read for syntax errors before the cut
    if (STRUCTURAL.has(lexeme) && overLimit(ctx, limits, parser.stack)) return { limitAt: parser.offset, tokens: [...tokens, ...parser.end()] };
  }
  // the last item may still be on the stack, unfinished (a file without a final line break)
  if (overLimit(ctx, limits, parser.stack)) return { limitAt: parser.offset, tokens: [...tokens, ...parser.end()] };
  for (const t of parser.end()) tokens.push(t);
  return { tokens, counted };
}

/**
 * yaml's syntax errors before `cut`, where a collection went over a limit, in `tokens` (the tree parsed
 * up to the cut, as lexed in the whole text), or none. A broken file can look like a big one: a
 * double-quoted `name:` left open, each of its 999 continuation lines then a key of the top-level
 * mapping, was reported as "the top level: too many keys" (break-255 N1), sending its author looking
 * for 1,000 keys. The tree is within every limit but the one item past it (parsing stopped at the
 * first collection over one), so composing it is as cheap and as safe as composing a file that fits.
 * An error at the cut itself (an unclosed `[` the cut leaves open) belongs to the cut, not to the
 * file, and is left out.
 */
function syntaxErrorsBefore(cut: number, tokens: readonly CST.Token[]): YAMLError[] {
  const composer = newComposer();
  const docs: Doc[] = withoutStackTraces(() => [...composer.compose(tokens)]);
  const errors = docs.length === 0 ? composer.streamInfo().errors : docs.flatMap((d) => d.errors);
  return errors.filter((e) => e.pos[0] < cut);
}

/**
 * The composer of every scenario file. logLevel 'error': yaml would otherwise print its own warnings to
 * the console; they are problems here. uniqueKeys false: duplicates are found in toData, in linear time.
 * schema 'core' whatever a %YAML directive says: `%YAML 1.1` made yaml read `yes` as true, `010` as 8 and
 * `1:20` as 80 (helper-185 1); the directive is refused in parseSingleDocument. resolveKnownTags false:
 * !!omap, !!pairs, !!set, !!binary and !!timestamp are unknown tags like any other (!!omap on a list made
 * each call a key with an empty value, reported at 1:1; helper-185 2). customTags: `!!float 4096` is a
 * float, as YAML 1.2.2 says (yaml-tags.ts).
 */
function newComposer(): Composer {
  return new Composer({ prettyErrors: false, logLevel: 'error', uniqueKeys: false, schema: 'core', resolveKnownTags: false, customTags: [INTEGRAL_FLOAT] });
}

/**
 * Whether a lexeme counts for max-tokens: everything yaml's lexer yields
 * (scalars, quoted scalars, aliases, anchors, tags, every indicator and
 * closing bracket, document markers, line breaks) except indentation and
 * spaces, comments, and a scalar's text after its marker. Each costs the
 * parser and composer alike: 131,000 stray `]` or 32,750 `...` lines within
 * max-file-bytes took about a second when only scalars and opening
 * indicators counted (review 13c, 2).
 */
function countsAsToken(lexeme: string): boolean {
  const c = lexeme[0];
  return c !== undefined && c !== ' ' && c !== '\t' && c !== '#';
}

/** Lexemes after which the parser may have opened a collection or started an item. */
const STRUCTURAL = new Set(['\n', '\r\n', '[', '{', ',', '-', ':', '?', ']', '}']);

/**
 * Runs `fn` with Error.stackTraceLimit at 0: yaml reports each syntax error
 * as an Error object, and capturing a stack trace for each made a broken
 * file of a few thousand errors spend most of its time there. The messages
 * and offsets are all the loader reads.
 */
function withoutStackTraces<T>(fn: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The one YAML document of a file, parsed within the limits (problems go to ctx), or undefined.
 * @param before max-tokens counted already in the files read before this one for the same scenario (the files
 *   that extend it): a chain of files shares one budget
 * @returns also the tokens counted, `before` included
 */
export function parseSingleDocument(ctx: Ctx, limits: Limits, before = 0): { doc: Doc; tokens: number } | undefined {
  const problemsBefore = ctx.problems.length;
  const parsed = withoutStackTraces(() => parseWithinLimits(ctx, limits, before));
  if (parsed === undefined) return undefined;
  if ('limitAt' in parsed) {
    // a syntax error before the collection explains it better than its count (break-255 N1)
    const errors = syntaxErrorsBefore(parsed.limitAt, parsed.tokens);
    if (errors.length > 0) {
      ctx.problems.length = problemsBefore;
      reportSyntaxErrors(ctx, errors, parsed.tokens);
    }
    return undefined;
  }
  const { tokens, counted } = parsed;
  const composer = newComposer();
  // the %YAML directives of the document being read: YAML 1.2.2 §6.8.1 allows one per document (a second was
  // taken silently: break-280 N1)
  let yamlDirectives = 0;
  for (const t of tokens) {
    if (t.type === 'document') yamlDirectives = 0;
    const version = t.type === 'directive' ? /^%YAML[ \t]+(\S+)/.exec(t.source)?.[1] : undefined;
    if (version === undefined) continue;
    const pos = positionAt(ctx, t.offset);
    if (++yamlDirectives > 1) {
      ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message: 'a second %YAML directive: a document has at most one (YAML 1.2.2 §6.8.1); remove it' });
      continue;
    }
    if (version === '1.2') continue;
    ctx.problems.push({
      file: ctx.file, line: pos.line, col: pos.col,
      message: `%YAML ${clip(version, 20)}: scenarios are read as YAML 1.2 (yes and off are strings, 010 is ten, 1:20 is a string), whatever the file says; remove the directive`,
    });
  }
  const docs: Doc[] = withoutStackTraces(() => [...composer.compose(tokens)]);
  const info = docs.length === 0 ? composer.streamInfo() : undefined;
  const yamlProblem = (offset: number, message: string): void => {
    const pos = positionAt(ctx, offset);
    ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message });
  };
  const errors = info?.errors ?? docs.flatMap((d) => d.errors);
  reportSyntaxErrors(ctx, errors, tokens);
  for (const w of info?.warnings ?? docs.flatMap((d) => d.warnings)) {
    // "Unsupported YAML version 1.3": the %YAML refusal above says it (helper-186 5: two messages for one directive)
    if (w.code === 'BAD_DIRECTIVE' && w.message.startsWith('Unsupported YAML version')) continue;
    const tag = w.code === 'TAG_RESOLVE_FAILED' ? /^Unresolved tag: (.*)$/.exec(firstLine(w.message))?.[1] : undefined;
    const shown = tag === undefined ? undefined : clip(tag.replace(/^tag:yaml\.org,2002:/, '!!'), 200);
    yamlProblem(w.pos[0], shown !== undefined
      // a YAML 1.2 core tag is known, only not for this value (`!!float 4`: helper-186 6)
      ? `YAML: ${CORE_TAGS.has(shown) ? `the value does not fit its tag ${shown}` : `unknown tag ${shown}`}; a scenario's values are plain YAML (strings, numbers, true/false, lists, mappings): remove the tag`
      : `YAML: ${clip(firstLine(w.message), 200)}`);
  }
  // After a syntax error the tree is a guess; schema messages about it would mislead.
  if (errors.length > 0) return undefined;

  const used = docs.filter((d, i) => i === 0 || !isEmptyDocument(d));
  const first = used[0];
  const second = used[1];
  if (second !== undefined) {
    const pos = positionAt(ctx, second.range[0]);
    ctx.problems.push({
      file: ctx.file, line: pos.line, col: pos.col,
      message: `a second YAML document starts here; a file holds one scenario (${used.length} documents found), so put each in its own file`,
    });
  }
  if (first === undefined || isEmptyDocument(first)) {
    ctx.problems.push({ file: ctx.file, line: 1, col: 1, message: 'empty scenario: expected a mapping with at least setup_arch' });
    return undefined;
  }
  const top = first.contents;
  if (!isMap(top)) {
    const what = isSeq(top) ? 'a list' : isScalar(top) ? (top.value === null ? 'null' : `the scalar ${quoted(String(top.value))}`) : 'an alias';
    report(ctx, first.contents ?? undefined, `the top level must be a mapping of scenario keys (name, kernel, config, machine, setup_arch, …), got ${what}`);
    return undefined;
  }
  return { doc: first, tokens: counted };
}

/**
 * yaml's syntax errors as problems, each at its place (in ctx).
 * @param tokens the parser's CST tokens of the text (or of the part parsed), where an unclosed quote or bracket opens
 */
function reportSyntaxErrors(ctx: Ctx, errors: readonly YAMLError[], tokens: readonly CST.Token[]): void {
  const yamlProblem = (offset: number, message: string): void => {
    const pos = positionAt(ctx, offset);
    ctx.problems.push({ file: ctx.file, line: pos.line, col: pos.col, message });
  };
  // an unclosed quote or bracket: said where it opens; yaml's other errors where it found a quote open (the end of
  // the text the string ran to: "Flow map … must end with a }" of the collection the quote swallowed) follow from it
  // (break-275 F3)
  const handled = new Set<number>();
  const opened = new Set<number>();
  let openings: Openings | undefined;
  const unclosed: { open: Opening; at: number; quote: boolean }[] = [];
  for (const e of errors) {
    if (handled.has(e.pos[0])) continue;
    const q = e.code === 'MISSING_CHAR' ? /^Missing closing (["'])quote/.exec(e.message)?.[1] : undefined;
    if (q === undefined && e.code !== 'BAD_INDENT') continue;
    // the walk over the tokens is made once, for the first error that needs it
    openings ??= openingsOf(tokens);
    const open = q !== undefined ? unclosedQuote(openings, e.pos[0]) : unclosedFlowOf(openings, e);
    if (open === undefined || opened.has(open.offset)) continue;
    opened.add(open.offset);
    handled.add(e.pos[0]);
    unclosed.push({ open, at: e.pos[0], quote: q !== undefined });
  }
  for (const u of unclosed) {
    if (u.quote) {
      yamlProblem(u.open.offset, quoteMessage(ctx, u.open, u.at));
      continue;
    }
    // `[a, {call: b]`: the ] the [ wanted is written, after a { that is not closed; one problem, the { (break-290 N5)
    const inner = unclosed.find((i) => !i.quote && i.open.offset > u.open.offset && closerAfter(ctx, u.open, i.open) !== undefined);
    if (inner !== undefined) continue;
    const outer = unclosed.find((o) => !o.quote && o.open.offset < u.open.offset && closerAfter(ctx, o.open, u.open) !== undefined);
    const swallowed = outer === undefined ? undefined : closerAfter(ctx, outer.open, u.open);
    yamlProblem(u.open.offset, outer === undefined || swallowed === undefined ? flowMessage(ctx, u.open, u.at) : nestedFlowMessage(ctx, u.open, outer.open, swallowed));
  }
  // "Unsupported YAML version x" (an error where the version is no number): the %YAML refusal says it
  // (parseSingleDocument; break-280 N1: two messages for one directive, as helper-186 5 was for the warning)
  errors = errors.filter((e) => !handled.has(e.pos[0]) && !(e.code === 'BAD_DIRECTIVE' && e.message.startsWith('Unsupported YAML version')));
  // a plain scalar continued on a more indented line and so read as a key of two lines: said in terms of lines
  // and indentation, at the continued line, instead of yaml's two messages at the scalar (folded-lines.ts)
  const folds = new Map<number, Fold>();
  for (const e of errors) {
    const f = e.code === 'MULTILINE_IMPLICIT_KEY' ? foldAt(ctx, e.pos[0], e.pos[1]) : undefined;
    if (f !== undefined) folds.set(e.pos[0], f);
  }
  // "Implicit keys need to be on a single line" where the flow item that holds a key: value starts: the same problem
  const blockInFlow = new Set(errors.filter((e) => e.code === 'BLOCK_IN_FLOW').map((e) => e.pos[0]));
  // the lines whose indentation was said in the file's words: yaml's next error on that line follows from it
  // ("  second" under `description: |` is a key without a value once the scalar has ended)
  const saidIndent = new Set<number>();
  for (const e of errors) {
    if (e.code === 'MULTILINE_IMPLICIT_KEY' && blockInFlow.has(e.pos[0])) continue;
    const line = positionAt(ctx, e.pos[0]).line;
    if (saidIndent.has(line)) continue;
    const f = folds.get(e.pos[0]);
    const indent = e.code === 'BAD_INDENT' && e.message.startsWith('All mapping items must start at the same column') ? mappingColumnWords(ctx, e.pos[0]) : undefined;
    if (indent !== undefined) saidIndent.add(line);
    const own = indent ?? ownWords(e);
    if (own !== undefined) yamlProblem(e.pos[0], `invalid YAML: ${own}`);
    else if (f === undefined) yamlProblem(e.pos[0], `invalid YAML: ${clip(firstLine(e.message), 200)}`);
    else if (e.code === 'MULTILINE_IMPLICIT_KEY') ctx.problems.push({ file: ctx.file, line: f.at.line, col: f.at.col, message: `invalid YAML: ${foldText(f)}, which makes a key of two lines; ${foldFix(f, true)}` });
    // BLOCK_AS_IMPLICIT_KEY at the same scalar is the same problem
    else if (e.code !== 'BLOCK_AS_IMPLICIT_KEY') yamlProblem(e.pos[0], `invalid YAML: ${clip(firstLine(e.message), 200)}`);
  }
}

/**
 * A syntax error of yaml's said in the scenario's words, or undefined for yaml's own (break-280 N1):
 * - `]` or `}` that closes nothing: "Unexpected flow-seq-end token in YAML stream";
 * - `key: value` or `- item` inside a flow collection's item (BLOCK_IN_FLOW): `{memory: 512MiB hypervisor: vmi}`
 *   is one item whose value holds ": ", most often a comma left out between two items.
 */
function ownWords(e: YAMLError): string | undefined {
  if (e.code === 'UNEXPECTED_TOKEN') {
    const closer = /^Unexpected flow-(seq|map)-end token/.exec(e.message)?.[1];
    if (closer === 'seq') return 'this ] closes no [: remove it, or open the flow list it ends with [';
    if (closer === 'map') return 'this } closes no {: remove it, or open the flow mapping it ends with {';
  }
  if (e.code === 'BLOCK_IN_FLOW') {
    return 'a block list or key: value inside an item of a flow list or mapping ([…] or {…}): is a comma missing between two items? (flow items are separated by commas: {a: 1, b: 2}, [a, b])';
  }
  if (e.code === 'TAB_AS_INDENT') return 'a tab in the indentation: YAML indents with spaces only; replace the tab with spaces';
  if (e.code === 'BAD_SCALAR_START') {
    const what = /^Plain value cannot start with (.+)$/.exec(firstLine(e.message).replace(/ at line \d+, column \d+:$/, ''))?.[1];
    if (what !== undefined) return `an unquoted value cannot start with ${what}, which YAML keeps for its own syntax; quote the value ("…")`;
  }
  if (e.code === 'MISSING_CHAR' && e.message.startsWith('Missing directives-end')) {
    return 'a directive (%YAML or %TAG) without a --- line after it: the document after directives starts with ---; add a line --- after the last directive, or remove the directives';
  }
  if (e.code === 'KEY_OVER_1024_CHARS') return 'a key of more than 1,024 characters: YAML allows an implicit key (one without ?) at most 1,024; shorten it';
  return undefined;
}

/** The `[` or `{` that yaml's "Flow sequence in block collection must be … end with a ]" is about, or undefined. */
function unclosedFlowOf(openings: Openings, e: YAMLError): Opening | undefined {
  const closer = /end with an? ([\]}])/.exec(e.message)?.[1];
  return closer === ']' || closer === '}' ? unclosedFlow(openings, e.pos[0], closer) : undefined;
}

/** An unclosed quote, said at its opening quote; `at`: the offset where yaml found it unclosed. */
function quoteMessage(ctx: Ctx, open: Opening, at: number): string {
  const pos = positionAt(ctx, at);
  const where = at >= ctx.text.length ? 'the end of the file' : `${pos.line}:${pos.col}`;
  return `invalid YAML: the ${open.closer}…${open.closer} string opened here is never closed: a quoted string may go on over lines, and this one is still open at ${where}; close it with ${open.closer}`;
}

/** The offset of the first `outer.closer` after `inner` opens (the `]` of `[a, {b: c]`), or undefined. */
function closerAfter(ctx: Ctx, outer: Opening, inner: Opening): number | undefined {
  const at = ctx.text.indexOf(outer.closer, inner.offset);
  return at < 0 ? undefined : at;
}

/** An unclosed flow collection inside another whose closer was written after it: `[a, {call: b]`. */
function nestedFlowMessage(ctx: Ctx, open: Opening, outer: Opening, closer: number): string {
  const [opener, kind] = open.closer === ']' ? ['[', 'list'] : ['{', 'mapping'];
  const [outerOpener, outerKind] = outer.closer === ']' ? ['[', 'list'] : ['{', 'mapping'];
  const c = positionAt(ctx, closer);
  const o = positionAt(ctx, outer.offset);
  return `invalid YAML: the ${opener} opened here is not closed with ${open.closer} before the ${outer.closer} at ${c.line}:${c.col}, `
    + `which closes the ${outerOpener} at ${o.line}:${o.col}: the ${kind} inside the ${outerKind} ends first; write ${open.closer} before that ${outer.closer}`;
}

/** An unclosed flow collection, said at its opening bracket; `at`: the offset where yaml found it unclosed. */
function flowMessage(ctx: Ctx, open: Opening, at: number): string {
  const [opener, kind] = open.closer === ']' ? ['[', 'list'] : ['{', 'mapping'];
  const line = positionAt(ctx, at).line;
  const before = line > positionAt(ctx, open.offset).line ? ` before line ${line}` : '';
  return `invalid YAML: the ${opener} opened here is not closed with ${open.closer}${before}: a flow ${kind} in a block ends with ${open.closer}, and its lines after the first are indented deeper than the item it is in`;
}

/** The tags of YAML 1.2's core schema, as the messages write them. */
const CORE_TAGS = new Set(['!!str', '!!int', '!!float', '!!bool', '!!null', '!!map', '!!seq']);

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

/** What the walk of toData has found so far. */
interface Walk {
  readonly ctx: Ctx;
  readonly limits: Limits;
  /** the latest node with each anchor, in document order (an alias refers to the latest one before it) */
  readonly anchors: Map<string, Node>;
  /** plain data of each finished node that has an anchor, shared by its aliases as toJS shares it */
  readonly anchored: Map<Node, { data: unknown; height: number; size: number }>;
  /** nodes whose walk has started but not finished: an alias to one of them would contain itself */
  readonly open: Set<Node>;
  /**
   * the keys and indices from the top down to the node being walked, pushed
   * and popped around each child (copied only for a message: a path array per
   * node was most of the walk's allocations)
   */
  readonly path: PropertyKey[];
  /** nodes that aliases have added so far */
  aliasNodes: number;
  /** a problem was found: no data */
  blocked: boolean;
  /** a limit was exceeded: stop walking (one error per limit) */
  stopped: boolean;
}

/** Longest run of nested collections below and including a node (0 for a scalar), and its node count. */
interface Shape {
  readonly data: unknown;
  readonly height: number;
  readonly size: number;
}

const NOTHING: Shape = { data: undefined, height: 0, size: 1 };
const EMPTY: Shape = { data: null, height: 0, size: 1 };

function stop(w: Walk, node: Node | undefined, message: string): Shape {
  report(w.ctx, node, message);
  w.blocked = true;
  w.stopped = true;
  return NOTHING;
}

/**
 * Sets an own, enumerable property; `__proto__` as a key stays data, as in
 * yaml's toJS. Only that key needs defineProperty (an assignment would set
 * the prototype), which is several times slower than an assignment.
 */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** Walks a child of the node at w.path: the child's key or index is on the path while it is walked. */
function walkChild(w: Walk, node: unknown, seg: PropertyKey, depth: number): Shape {
  w.path.push(seg);
  const shape = walk(w, node, depth);
  w.path.pop();
  return shape;
}

function walk(w: Walk, node: unknown, depth: number): Shape {
  if (w.stopped) return NOTHING;
  if (node === null || node === undefined) return EMPTY;
  if (isAlias(node)) return walkAlias(w, node, depth);
  if (isScalar(node)) return remember(w, node, scalarShape(w, node, () => `${pathText(w.path) || 'a value'}: ${textChars(String(node.value))} characters`));
  if (!isMap(node) && !isSeq(node)) return NOTHING;
  w.open.add(node);
  // registered before the children, so that an alias inside the node finds it (and is refused)
  if (node.anchor !== undefined) w.anchors.set(node.anchor, node);
  let height = 0;
  let size = 1;
  let data: unknown;
  if (isMap(node)) {
    const isTop = w.path.length === 0;
    const out: Record<string, unknown> = {};
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      if (w.stopped) return NOTHING;
      const key = pair.key;
      if (key !== null && !isScalar(key)) {
        // Scenario keys are names; a list or mapping as a key ("? [a, b]") would be stringified by toJS().
        w.blocked = true;
        report(w.ctx, isAlias(key) || isMap(key) || isSeq(key) ? key : undefined, 'a key must be a plain name, not a list, mapping or alias');
        continue;
      }
      const name = keyText(key);
      if (key?.anchor !== undefined) {
        // An anchor on a key counts as YAML counts it (yaml's composer, and every other reader): an alias
        // after it, the key's own value included, refers to this key unless a later anchor takes the name.
        // Not registered, a later *h picked an earlier &h and the replayed document was not the file's (review 17b 1.1).
        remember(w, key, scalarShape(w, key, () => `${pathText(w.path) || 'the top level'}: a key with an anchor, ${textChars(name)} characters`));
      }
      const earlier = seen.get(name);
      if (earlier !== undefined && key !== null) {
        report(w.ctx, key, `${pathText([...w.path, name])}: duplicate key (first set on line ${posOf(w.ctx, earlier).line}); each key may appear once in a mapping`);
      } else if (key !== null) seen.set(name, key);
      if (isTop && name === 'setup_arch' && isAlias(pair.value)) {
        // a written list is counted while parsing; one behind an alias is counted here
        const calls = countItems(w, pair.value);
        if (calls > w.limits.maxCalls) return stop(w, pair.value, limitMessage('max-calls', w.limits.maxCalls, 'setup_arch: too many calls'));
      }
      const value = walkChild(w, pair.value, name, depth + 1);
      height = Math.max(height, value.height);
      size += value.size;
      setKey(out, name, value.data);
    }
    data = out;
  } else if (isSeq(node)) {
    const out: unknown[] = [];
    for (let i = 0; i < node.items.length; i++) {
      const value = walkChild(w, node.items[i], i, depth + 1);
      if (w.stopped) return NOTHING;
      height = Math.max(height, value.height);
      size += value.size;
      out.push(value.data ?? null);
    }
    data = out;
  }
  w.open.delete(node);
  return remember(w, node, { data, height: height + 1, size });
}

/**
 * A scalar's data, as toJS gives it: an integer past 2^53 would be rounded,
 * so its text is kept for the schemas that read it exactly (u64-schema.ts).
 * A text over max-text-chars is reported (`what`: the message, made only then).
 */
function scalarShape(w: Walk, node: Scalar, what: () => string): Shape {
  if (typeof node.value === 'string' && textChars(node.value, w.limits.maxTextChars) > w.limits.maxTextChars) {
    w.blocked = true;
    report(w.ctx, node, limitMessage('max-text-chars', w.limits.maxTextChars, what()));
  }
  return { data: scalarData(node), height: 0, size: 1 };
}

/**
 * A scalar's value as bootreplay reads it: toJS's, except an integer past
 * 2^53 (which a double would round), kept as its source text for the schemas
 * that read it exactly (u64-schema.ts), and a whole number written as a
 * float (`1.0e9`), kept as its text so that a schema reading an integer
 * refuses it (float-notation.ts). Shared by the loader and by whatever
 * reads input text outside it (bisect's plain data), so both read alike.
 */
export function scalarData(node: Scalar): unknown {
  if (typeof node.value !== 'number' || !Number.isInteger(node.value) || typeof node.source !== 'string') return node.value;
  // a whole number written as a float (`1.0e9`) keeps its text too, so that what reads an integer refuses
  // it as it refuses `2.5` (float-notation.ts); `!!float 4096`, tagged, is a float as the tag says
  const exact = !Number.isSafeInteger(node.value) || (node.type === 'PLAIN' && node.tag === undefined && isFloatNotation(node.source));
  return exact ? node.source : node.value;
}

function remember(w: Walk, node: Node, shape: Shape): Shape {
  if (node.anchor !== undefined) {
    w.anchors.set(node.anchor, node);
    w.anchored.set(node, shape);
  }
  return shape;
}

/** The item count of the list an alias refers to (0 for anything else). */
function countItems(w: Walk, alias: Alias): number {
  const node = w.anchors.get(alias.source);
  return isSeq(node) ? node.items.length : 0;
}

function walkAlias(w: Walk, alias: Alias, depth: number): Shape {
  const target = w.anchors.get(alias.source);
  if (target === undefined) {
    w.blocked = true;
    report(w.ctx, alias, `*${clip(alias.source)}: unknown alias; an alias refers back to an anchor &${clip(alias.source)} set earlier in the file`);
    return NOTHING;
  }
  noteAliasTarget(alias, target);
  if (w.open.has(target)) {
    w.blocked = true;
    report(w.ctx, alias, `*${clip(alias.source)}: the alias is inside the node &${clip(alias.source)} it refers to, so it would contain itself`);
    return NOTHING;
  }
  const shape = w.anchored.get(target) ?? NOTHING;
  // depth counts the collections above the alias; the target brings its own
  if (depth + shape.height > w.limits.maxDepth) {
    return stop(w, alias, limitMessage('max-depth', w.limits.maxDepth, `*${clip(alias.source)}: with this alias, lists and mappings nest too deep`));
  }
  w.aliasNodes += shape.size;
  if (w.aliasNodes > w.limits.maxAliasNodes) {
    return stop(w, alias, limitMessage('max-alias-nodes', w.limits.maxAliasNodes,
      'aliases expand to too many nodes, the pattern of a "billion laughs" attack; write the values out'));
  }
  return shape;
}

/**
 * The document as plain data (as doc.toJS() gives it: mappings as objects
 * with string keys, aliases sharing their anchor's data), or undefined when
 * a problem was reported: an unknown alias, a key that is not a name, a
 * limit exceeded. Duplicate keys are reported but do not block: the later
 * value wins, and validation still reports the rest.
 */
export function toData(ctx: Ctx, doc: Doc, limits: Limits): unknown {
  const w: Walk = { ctx, limits, anchors: new Map(), anchored: new Map(), open: new Set(), path: [], aliasNodes: 0, blocked: false, stopped: false };
  const top = walk(w, doc.contents, 0);
  return w.blocked ? undefined : top.data;
}
