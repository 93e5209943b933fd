/**
 * A verified fix (order edits) as a change of the scenario file's text:
 * the smallest run of setup_arch items that differs, replaced; applying it
 * gives a file whose order is the edited one.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { applyEditsToNames, type OrderEdit } from '../../src/scenario/order-edit.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixTextOf } from '../../src/report/fix-text.js';

const TEXT = [
  'name: t',
  'setup_arch:',
  '  - early_cpu_init',
  '  - early_ioremap_init',
  '  # a comment between items stays where it is unless its neighbours move',
  '  - call: dmi_scan_machine',
  '    note: "early DMI"',
  '  - vmi_init',
  '  - paging_init',
  '',
].join('\n');

function load(text: string): Scenario {
  const r = parseScenario(text, 't.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

function apply(text: string, fix: { first: number; last: number; text: string }): string {
  const lines = text.split('\n');
  return [...lines.slice(0, fix.first - 1), ...fix.text.replace(/\n$/, '').split('\n'), ...lines.slice(fix.last)].join('\n');
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
  });

  it('replaces only the items that change', () => {
    const fix = fixTextOf(load(TEXT), [{ op: 'move', call: ref('vmi_init'), where: 'before', anchor: ref('dmi_scan_machine') }]);
    expect(fix).toEqual({ description: 'move vmi_init before dmi_scan_machine', first: 6, last: 8, text: '  - vmi_init\n  - call: dmi_scan_machine\n    note: "early DMI"\n' });
  });

  it('has none for a flow list, or an edit naming a call the order lacks', () => {
    expect(fixTextOf(load('setup_arch: [early_ioremap_init, vmi_init]\n'), [{ op: 'remove', call: ref('vmi_init') }])).toBeUndefined();
    expect(fixTextOf(load(TEXT), [{ op: 'remove', call: ref('vmi_init', 2) }])).toBeUndefined();
  });
});
