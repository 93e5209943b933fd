/**
 * A verified fix (Finding.fixEdits, order edits) as a change of the scenario
 * file's text. SARIF `fixes` and the HTML report use it.
 *
 * When the order is the file's own setup_arch list, the lines of the items
 * that leave their place are deleted, and the items of the edited order that
 * were not in place are inserted after the item they now follow. Every other
 * line stays as written: comments and blank lines between items too (review
 * 13a, 3.1: one replacement of the whole run between a moved call and its
 * target deleted them). Moved items keep their text (and note); inserted ones
 * are written `- name` at the list's indentation.
 *
 * When the order comes from an `extends:` base (review 13a, 4.1), the edits
 * are written as items of the file's own `patch:` (or of a new one), after
 * the items it has: a patch applies its items in order to the order the
 * previous ones left, so the file's order becomes exactly the verified one.
 * Such a fix is only written when each edit is one `patch:` accepts there
 * (src/scenario/compose/patch.ts: it names calls the order has, and changes
 * it).
 */
import { applyEdits, applyEditsToNames, editData, editText, type OrderEdit } from '../scenario/order-edit.js';
import type { PatchSite, Scenario } from '../scenario/types.js';

/** One change of a run of whole lines. */
export interface LineReplacement {
  /** 1-based first line replaced; when `last` < `first` nothing is deleted and the text goes before line `first` (past the last line: at the end) */
  readonly first: number;
  /** 1-based last line replaced (inclusive) */
  readonly last: number;
  /** the new lines, each ending in the file's line break; '' deletes the lines */
  readonly text: string;
}

/** A change as a region of the file (1-based lines and columns, the end exclusive) and its new text: a SARIF replacement. */
export interface TextEdit {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

export interface TextFix {
  /** "move vmi_init before init_memory_mapping; …" */
  readonly description: string;
  /**
   * in file order, none overlapping or touching another, each relative to the
   * file as written (applied from the last to the first, each keeps the lines
   * of the others where they were); what the HTML report shows
   */
  readonly replacements: readonly LineReplacement[];
  /** the same changes as regions that all lie within the file's lines (a SARIF artifactChange's replacements): see editsOf */
  readonly edits: readonly TextEdit[];
  /** how many lines the file has (a final line break ends the last; it does not start another) */
  readonly lines: number;
}

interface Item {
  readonly call: string;
  readonly text: string;
  readonly first: number;
  readonly last: number;
}

/** The line break a file uses: its first one ('\n' when it has none). */
function lineBreakOf(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 0x0d ? '\r\n' : '\n';
}

/** The lines of a text: a final line break ends the last line; it does not start another. */
function lineCount(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return text === '' || text.endsWith('\n') ? n : n + 1;
}

/**
 * @returns the text change, or undefined when the scenario has no file text
 *   (built in code), the items have no lines of their own and there is no
 *   block patch: to extend (a flow list), or an edit is not one the file's
 *   order can take (it names a call the order lacks)
 */
export function fixTextOf(scenario: Scenario, edits: readonly OrderEdit[]): TextFix | undefined {
  const source = scenario.source;
  if (edits.length === 0 || scenario.steps.length === 0 || source === undefined) return undefined;
  const { text, patch: site } = source;
  const eol = lineBreakOf(text);
  const changes = scenario.steps.every((s) => s.lines !== undefined)
    ? listChanges(scenario, edits, eol)
    : site !== undefined ? patchChanges(scenario, edits, site, eol) : undefined;
  if (changes === undefined) return undefined;
  const replacements = merged(changes);
  const regions = editsOf(replacements, text);
  // the loader reads a lone CR as LF (layer.ts), so the text above has LF where the file has CR: the file's own
  // break goes into the edits written to it (break-275 N1: a CR file's fix mixed in LF)
  const written = source.lineBreak === '\r' ? regions.map((e) => ({ ...e, text: e.text.replaceAll('\n', '\r') })) : regions;
  return { description: edits.map(editText).join('; '), replacements, edits: written, lines: lineCount(text) };
}

/** The changes of the file's own setup_arch list (unmerged). */
function listChanges(scenario: Scenario, edits: readonly OrderEdit[], eol: string): LineReplacement[] | undefined {
  // an item's text ends in the file's line break: the last line of a file without one, or of another kind, gets it
  const items: Item[] = scenario.steps.map((s) => ({ call: s.call, text: (s.lines?.text ?? '').replace(/\r?\n$/, eol), first: s.lines?.first ?? 0, last: s.lines?.last ?? -1 }));
  const head = items[0];
  if (head === undefined) return undefined;
  const indent = /^\s*/.exec(head.text)?.[0] ?? '';
  const edited = applyEdits(items, edits, (i) => i.call, (call): Item => ({ call, text: `${indent}- ${call}${eol}`, first: 0, last: -1 }));
  if (!edited.ok) return undefined;
  const after = edited.order;
  const index = new Map(items.map((item, i) => [item, i]));
  // the items that stay where they are: the longest run of the edited order in their original order
  const stay = new Set(longestIncreasing(after.map((item) => index.get(item) ?? -1)).map((i) => items[i] as Item));
  const changes: LineReplacement[] = [];
  for (const item of items) if (!stay.has(item)) changes.push({ first: item.first, last: item.last, text: '' });
  // each run of items that did not stay goes after the item it now follows (before the first line of the list, when none)
  let run = '';
  let anchor: Item | undefined;
  const flush = (): void => {
    if (run !== '') {
      const at = anchor !== undefined ? anchor.last + 1 : head.first;
      changes.push({ first: at, last: at - 1, text: run });
    }
    run = '';
  };
  for (const item of after) {
    if (stay.has(item)) {
      flush();
      anchor = item;
    } else run += item.text;
  }
  flush();
  return changes;
}

/**
 * The edits as patch: items after the file's last one (or under a new
 * `patch:`), when each is one patch.ts applies to the order the previous left:
 * its calls are there, a move or replace does not name its own call twice,
 * and the order changes and keeps a call.
 */
function patchChanges(scenario: Scenario, edits: readonly OrderEdit[], site: PatchSite, eol: string): LineReplacement[] | undefined {
  let order = scenario.steps.map((s) => s.call);
  for (const e of edits) {
    if (e.op === 'move' && e.call.name === e.anchor.name && e.call.occurrence === e.anchor.occurrence) return undefined;
    if (e.op === 'replace' && e.call.name === e.with) return undefined;
    const r = applyEditsToNames(order, [e]);
    if (!r.ok || r.order.length === 0 || (r.order.length === order.length && r.order.every((c, i) => c === order[i]))) return undefined;
    order = r.order;
  }
  const items = edits.map((e) => Object.entries(editData(e))
    .map(([k, v], i) => `${site.indent}${i === 0 ? '-' : ' '} ${k}: ${plain(v)}${eol}`).join(''));
  return [{ first: site.line, last: site.line - 1, text: `${site.key !== undefined ? `${site.key}${eol}` : ''}${items.join('')}` }];
}

/**
 * A call name or reference as a YAML value: plain (a C identifier, dotted,
 * with #N: no YAML indicator), quoted when a YAML 1.1 or 1.2 reader would
 * read it as a boolean or null.
 */
function plain(value: string): string {
  return /^(?:null|true|false|yes|no|on|off|y|n)$/i.test(value) ? JSON.stringify(value) : value;
}

/**
 * The replacements as regions that all lie within the file's lines. Whole
 * lines first…last are the region from (first, 1) to (last + 1, 1), which
 * for a change that reaches the last line ends past it (line 77 of a 76-line
 * file: review 13c, 4.1). Such a change ends at the end of the last line
 * instead, before its line break if it has one, and its text drops its own
 * final line break: a file with a final line break keeps it, and one without
 * stays without (the moved text gains only the break that parts it from the
 * line before). A deletion of the last lines, or an insertion after them, has
 * no text to drop a break from: it takes in the line before it, rewritten as
 * it is (a change that then touches the one before is joined with it).
 */
function editsOf(replacements: readonly LineReplacement[], text: string): TextEdit[] {
  const lines = text.split('\n');
  const count = lineCount(text);
  const content = (k: number): string => (lines[k - 1] ?? '').replace(/\r$/, '');
  // line k as written, with its line break (the last line of a file without one gets the file's)
  const whole = (k: number): string => `${lines[k - 1] ?? ''}${k < count || text.endsWith('\n') ? '\n' : lineBreakOf(text)}`;
  let list = [...replacements];
  const tail = list[list.length - 1];
  if (tail !== undefined && Math.max(tail.last, tail.first - 1) >= count && (tail.text === '' || tail.last < tail.first)) {
    const k = tail.text === '' ? tail.first - 1 : count;
    if (k >= 1) list = merged([...list.slice(0, -1), { first: k, last: count, text: `${whole(k)}${tail.text}` }]);
  }
  return list.map((r): TextEdit => {
    if (r.last >= r.first && r.last >= count) {
      return { startLine: r.first, startColumn: 1, endLine: count, endColumn: content(count).length + 1, text: r.text.replace(/\r?\n$/, '') };
    }
    const end = r.last >= r.first ? r.last + 1 : r.first;
    return { startLine: r.first, startColumn: 1, endLine: end, endColumn: 1, text: r.text };
  });
}

/**
 * Indices into `values` of a longest strictly increasing subsequence of its
 * values ≥ 0 (patience sorting, n log n), returned as those values: the
 * original positions of the items that keep their relative order. Ties go
 * to the earliest, so the result is deterministic.
 */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = []; // tails[k]: index in values of the smallest tail of an increasing run of length k + 1
  const prev: number[] = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; i >= 0; i = prev[i] as number) out.push(values[i] as number);
  return out.reverse();
}

/**
 * The changes in file order, with changes that overlap or touch joined into
 * one (a deletion and an insertion at its first line, or right after its
 * last, are one replacement): SARIF leaves the order of two changes at one
 * place undefined.
 */
function merged(changes: readonly LineReplacement[]): LineReplacement[] {
  // deletions before insertions at the same line: an insertion at a deleted item's first line replaces it
  const sorted = [...changes].sort((a, b) => a.first - b.first || (b.last - b.first) - (a.last - a.first));
  const out: LineReplacement[] = [];
  for (const c of sorted) {
    const top = out[out.length - 1];
    if (top !== undefined && c.first <= top.last + 1) {
      out[out.length - 1] = { first: top.first, last: Math.max(top.last, c.last), text: top.text + c.text };
    } else out.push(c);
  }
  return out;
}
