/**
 * YAML text → one document → plain data. Reports syntax errors and warnings,
 * duplicate keys, a second document, a top level that is not a mapping,
 * non-scalar keys, unknown aliases and alias bombs, each at its place.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Alias, type Node } from 'yaml';
import { asNode, deref, hasSource, keyEntries, posOf, report, type Ctx, type Doc, type KeyEntry } from './yaml-positions.js';
import { errorMessage } from '../errno.js';
import { quoted } from './quote.js';

/** "a: 1\n---\n" has a second, empty document: harmless, so it is not counted. */
function isEmptyDocument(doc: Doc): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null && !hasSource(c));
}

export function parseSingleDocument(ctx: Ctx): Doc | undefined {
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
    const what = isSeq(top) ? 'a list' : isScalar(top) ? (top.value === null ? 'null' : `the scalar ${quoted(String(top.value))}`) : 'an unresolved alias';
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

/**
 * The document as plain data. Unknown aliases are reported where they are;
 * alias bombs ("billion laughs") make toJS() throw once it has expanded
 * more than its default maxAliasCount (100) nodes, and are reported too.
 */
export function toData(ctx: Ctx, doc: Doc): unknown {
  const anchors = new Map<string, Node>();
  const aliases: { alias: Alias; target: Node | undefined }[] = [];
  let blocked = false;
  // One pass in document order, the order in which an alias may refer back to an anchor.
  visit(doc, {
    Node(_key, node) {
      // An integer past 2^53 would be rounded by toJS(); keep its text for the schemas that read it exactly (u64-schema.ts).
      if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && !Number.isSafeInteger(node.value) && typeof node.source === 'string') node.value = node.source;
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
      : `cannot read the document: ${errorMessage(err)}`;
    report(ctx, at, why);
    return undefined;
  }
}

function containsAlias(node: Node): boolean {
  let found = false;
  visit(node, { Alias: () => { found = true; return visit.BREAK; } });
  return found;
}
