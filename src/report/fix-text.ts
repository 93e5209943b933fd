/**
 * A verified fix (Finding.fixEdits, order edits) as a change of the scenario
 * file's text: the smallest run of setup_arch items that differs between the
 * order as written and the edited order, replaced by the edited items. Moved
 * items keep their text (and note); inserted ones are written `- name` at the
 * list's indentation. SARIF `fixes` and the HTML report use it.
 */
import { applyEdits, editText, type OrderEdit } from '../scenario/order-edit.js';
import type { Scenario } from '../scenario/types.js';

export interface TextFix {
  /** "move vmi_init before init_memory_mapping; …" */
  readonly description: string;
  /** 1-based first line replaced; when `last` < `first` nothing is deleted and the text goes before line `first` */
  readonly first: number;
  /** 1-based last line replaced (inclusive) */
  readonly last: number;
  /** the new lines, each ending in a newline */
  readonly text: string;
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
  let pre = 0;
  while (pre < items.length && pre < after.length && items[pre] === after[pre]) pre++;
  let post = 0;
  while (post < items.length - pre && post < after.length - pre && items[items.length - 1 - post] === after[after.length - 1 - post]) post++;
  const removed = items.slice(pre, items.length - post);
  const added = after.slice(pre, after.length - post);
  const description = edits.map(editText).join('; ');
  const firstRemoved = removed[0];
  const lastRemoved = removed[removed.length - 1];
  const text = added.map((i) => i.text).join('');
  if (firstRemoved !== undefined && lastRemoved !== undefined) return { description, first: firstRemoved.first, last: lastRemoved.last, text };
  // a pure insertion: before the item that follows it, or after the last item
  const next = items[pre];
  const at = next !== undefined ? next.first : (items[items.length - 1]?.last ?? 0) + 1;
  return { description, first: at, last: at - 1, text };
}
