/**
 * A verified fix (order edits) as a change of the scenario file's text:
 * the items that leave their place are deleted and put where they go, every
 * other line (comments, blank lines) stays; applying it gives a file whose
 * order is the edited one.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { applyEditsToNames, type OrderEdit } from '../../src/scenario/order-edit.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixTextOf, type TextFix } from '../../src/report/fix-text.js';

const TEXT = [
  'name: t',
  'setup_arch:',
  '  - early_cpu_init',
  '  - early_ioremap_init',
  '  # a comment between items stays where it is unless its neighbours move',
  '  - call: dmi_scan_machine',
  '    note: "early DMI"',
  '  - vmi_init   # relocates the fixmap',
  '',
  '  # ---- paging ----',
  '  - paging_init',
  '',
].join('\n');

/** the comment and blank lines of TEXT, which no fix may drop */
const KEPT = TEXT.split('\n').filter((l) => /^\s*(#.*)?$/.test(l));

function load(text: string): Scenario {
  const r = parseScenario(text, 't.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

/** Applies the replacements from the last to the first, as a SARIF consumer does: each is relative to `text`. */
function apply(text: string, fix: TextFix): string {
  let lines = text.split('\n');
  for (const r of [...fix.replacements].reverse()) {
    const added = r.text === '' ? [] : r.text.replace(/\n$/, '').split('\n');
    lines = [...lines.slice(0, r.first - 1), ...added, ...lines.slice(Math.max(r.last, r.first - 1))];
  }
  return lines.join('\n');
}

const ref = (name: string, occurrence = 1): { name: string; occurrence: number } => ({ name, occurrence });

describe('fixTextOf', () => {
  const cases: [string, OrderEdit[]][] = [
    ['move up', [{ op: 'move', call: ref('vmi_init'), where: 'before', anchor: ref('early_ioremap_init') }]],
    ['move down, keeping the note', [{ op: 'move', call: ref('dmi_scan_machine'), where: 'after', anchor: ref('paging_init') }]],
    ['insert', [{ op: 'insert', call: 'parse_early_param', where: 'before', anchor: ref('vmi_init') }]],
    ['insert at the end', [{ op: 'insert', call: 'parse_early_param', where: 'after', anchor: ref('paging_init') }]],
    ['remove', [{ op: 'remove', call: ref('dmi_scan_machine') }]],
    ['replace', [{ op: 'replace', call: ref('paging_init'), with: 'init_memory_mapping' }]],
    ['two edits', [{ op: 'remove', call: ref('early_cpu_init') }, { op: 'move', call: ref('vmi_init'), where: 'after', anchor: ref('early_ioremap_init') }]],
  ];
  it.each(cases)('%s: applying the text change gives the edited order', (_name, edits) => {
    const s = load(TEXT);
    const fix = fixTextOf(s, edits);
    expect(fix).toBeDefined();
    if (fix === undefined) return;
    const after = load(apply(TEXT, fix));
    const edited = applyEditsToNames(s.steps.map((x) => x.call), edits);
    expect(edited.ok && after.steps.map((x) => x.call)).toEqual(edited.ok && edited.order);
    expect(after.steps.find((x) => x.call === 'dmi_scan_machine')?.note ?? 'early DMI').toBe('early DMI');
    // every comment and blank line is still there, in its order (review 13a, 3.1)
    expect(apply(TEXT, fix).split('\n').filter((l) => /^\s*(#.*)?$/.test(l))).toEqual(KEPT);
    // replacements in file order, none overlapping or touching
    for (let i = 1; i < fix.replacements.length; i++) {
      const a = fix.replacements[i - 1];
      const b = fix.replacements[i];
      expect(a !== undefined && b !== undefined && b.first > Math.max(a.last, a.first - 1) + 1).toBe(true);
    }
  });

  it('deletes the moved item and inserts it after the item it now follows; the lines between stay', () => {
    const fix = fixTextOf(load(TEXT), [{ op: 'move', call: ref('vmi_init'), where: 'before', anchor: ref('dmi_scan_machine') }]);
    // vmi_init goes after early_ioremap_init (line 4), before the comment that heads dmi_scan_machine
    expect(fix).toEqual({
      description: 'move vmi_init before dmi_scan_machine',
      replacements: [{ first: 5, last: 4, text: '  - vmi_init   # relocates the fixmap\n' }, { first: 8, last: 8, text: '' }],
    });
  });

  it('a move to the top goes before the first item, whose line stays', () => {
    expect(fixTextOf(load(TEXT), [{ op: 'move', call: ref('paging_init'), where: 'before', anchor: ref('early_cpu_init') }])?.replacements)
      .toEqual([{ first: 3, last: 2, text: '  - paging_init\n' }, { first: 11, last: 11, text: '' }]);
    expect(fixTextOf(load(TEXT), [{ op: 'move', call: ref('early_ioremap_init'), where: 'before', anchor: ref('early_cpu_init') }])?.replacements)
      .toEqual([{ first: 3, last: 2, text: '  - early_ioremap_init\n' }, { first: 4, last: 4, text: '' }]);
  });

  it('has none for a flow list, or an edit naming a call the order lacks', () => {
    expect(fixTextOf(load('setup_arch: [early_ioremap_init, vmi_init]\n'), [{ op: 'remove', call: ref('vmi_init') }])).toBeUndefined();
    expect(fixTextOf(load(TEXT), [{ op: 'remove', call: ref('vmi_init', 2) }])).toBeUndefined();
  });
});
