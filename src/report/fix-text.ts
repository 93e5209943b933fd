/**
 * A verified fix (Finding.fixEdits, order edits) as a change of the scenario
 * file's text: the lines of the setup_arch items that leave their place are
 * deleted, and the items of the edited order that were not in place are
 * inserted after the item they now follow. Every other line stays as written:
 * comments and blank lines between items too (review 13a, 3.1: one
 * replacement of the whole run between a moved call and its target deleted
 * them). Moved items keep their text (and note); inserted ones are written
 * `- name` at the list's indentation. SARIF `fixes` and the HTML report use it.
 */
import { applyEdits, editText, type OrderEdit } from '../scenario/order-edit.js';
import type { Scenario } from '../scenario/types.js';

/** One change of a run of whole lines. */
export interface LineReplacement {
  /** 1-based first line replaced; when `last` < `first` nothing is deleted and the text goes before line `first` */
  readonly first: number;
  /** 1-based last line replaced (inclusive) */
  readonly last: number;
  /** the new lines, each ending in a newline; '' deletes the lines */
  readonly text: string;
}

export interface TextFix {
  /** "move vmi_init before init_memory_mapping; …" */
  readonly description: string;
  /**
   * in file order, none overlapping or touching another, each relative to the
   * file as written (a SARIF artifactChange's replacements; applied from the
   * last to the first, each keeps the lines of the others where they were)
   */
  readonly replacements: readonly LineReplacement[];
}

interface Item {
  readonly call: string;
  readonly text: string;
  readonly first: number;
  readonly last: number;
}

/**
 * @returns the text change, or undefined when the items have no lines of
 *   their own (a flow list) or an edit names a call the order lacks
 */
export function fixTextOf(scenario: Scenario, edits: readonly OrderEdit[]): TextFix | undefined {
  const items: Item[] = [];
  for (const s of scenario.steps) {
    if (s.lines === undefined) return undefined;
    items.push({ call: s.call, text: s.lines.text, first: s.lines.first, last: s.lines.last });
  }
  const head = items[0];
  if (head === undefined || edits.length === 0) return undefined;
  const indent = /^\s*/.exec(head.text)?.[0] ?? '';
  const edited = applyEdits(items, edits, (i) => i.call, (call): Item => ({ call, text: `${indent}- ${call}\n`, first: 0, last: -1 }));
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
  return { description: edits.map(editText).join('; '), replacements: merged(changes) };
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
