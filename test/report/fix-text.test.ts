/**
 * A verified fix (order edits) as a change of the scenario file's text:
 * the items that leave their place are deleted and put where they go, every
 * other line (comments, blank lines) stays; applying it gives a file whose
 * order is the edited one.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { applyEditsToNames, type OrderEdit } from '../../src/scenario/order-edit.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixTextOf, type TextFix } from '../../src/report/fix-text.js';
import { applyRegions } from './helpers.js';

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

/**
 * Applies the fix as a SARIF consumer does (its regions, from the last to the
 * first, each relative to `text`), and checks that its whole-line
 * replacements (what HTML shows) say the same.
 */
function apply(text: string, fix: TextFix): string {
  const out = applyRegions(text, fix.edits.map((e) => ({ deletedRegion: e, insertedContent: { text: e.text } })));
  let lines = text.split('\n');
  for (const r of [...fix.replacements].reverse()) {
    const added = r.text === '' ? [] : r.text.replace(/\n$/, '').split('\n');
    lines = [...lines.slice(0, r.first - 1), ...added, ...lines.slice(Math.max(r.last, r.first - 1))];
  }
  // the whole lines of a file without a final line break: the last gains one only when a change reaches it
  if (text.endsWith('\n') || out.endsWith('\n')) expect(`${lines.join('\n').replace(/\n*$/, '')}\n`).toBe(`${out.replace(/\n*$/, '')}\n`);
  return out;
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
    expect(fix).toMatchObject({
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

  // review 13c, 4.1: a change at the last line of a file without a final line break ended at line N + 1
  const EOF_CASES: [string, OrderEdit[]][] = [
    ['the last item moves up', [{ op: 'move', call: ref('paging_init'), where: 'before', anchor: ref('early_ioremap_init') }]],
    ['an item moves to the end', [{ op: 'move', call: ref('early_cpu_init'), where: 'after', anchor: ref('paging_init') }]],
    ['the last item is replaced', [{ op: 'replace', call: ref('paging_init'), with: 'init_memory_mapping' }]],
    ['the last item goes', [{ op: 'remove', call: ref('paging_init') }]],
  ];
  describe.each([['LF', '\n'], ['CRLF', '\r\n']])('at the end of a file without a final line break (%s)', (_kind, eol) => {
    const text = TEXT.replace(/\n+$/, '').replace(/\n/g, eol);
    it.each(EOF_CASES)('%s: every region lies within the file; no final line break is added; the line breaks stay', (_name, edits) => {
      const fix = fixTextOf(load(text), edits);
      expect(fix).toBeDefined();
      if (fix === undefined) return;
      expect(fix.lines).toBe(11);
      for (const e of fix.edits) expect(e.endLine).toBeLessThanOrEqual(11);
      const out = apply(text, fix); // throws on a region past the last line or column
      expect(out.endsWith('\n')).toBe(false);
      if (eol === '\r\n') expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const edited = applyEditsToNames(load(text).steps.map((x) => x.call), edits);
      expect(edited.ok && load(out).steps.map((x) => x.call)).toEqual(edited.ok && edited.order);
      expect(out.split(eol).filter((l) => /^\s*(#.*)?$/.test(l))).toEqual(KEPT.slice(0, -1));
    });
  });

  it('with a final line break, a change at the last line keeps it and ends within the file', () => {
    const text = TEXT.replace(/\n+$/, '\n');
    const fix = fixTextOf(load(text), [{ op: 'move', call: ref('paging_init'), where: 'before', anchor: ref('early_cpu_init') }]);
    // the deletion of the last line takes in the line before it (the comment), rewritten as it is: no region ends at line 12
    expect(fix?.edits).toEqual([
      { startLine: 3, startColumn: 1, endLine: 3, endColumn: 1, text: '  - paging_init\n' },
      { startLine: 10, startColumn: 1, endLine: 11, endColumn: 16, text: '  # ---- paging ----' },
    ]);
    const out = fix === undefined ? '' : apply(text, fix);
    expect(out.endsWith('  # ---- paging ----\n')).toBe(true);
  });
});

/** A base and files that extend it: the order comes from the base, a fix is written as patch: items. */
const BASE = ['name: base', 'setup_arch:', '  - early_cpu_init', '  - early_ioremap_init', '  - dmi_scan_machine', '  - vmi_init', '  - paging_init', ''].join('\n');

function loadWith(text: string, file = 'd/child.yaml'): Scenario {
  const r = parseScenario(text, file, memoryReader({ 'd/base.yaml': BASE, [file]: text }));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

describe('fixTextOf on an order from an extends: base', () => {
  const move = (call: string, where: 'before' | 'after', anchor: string): OrderEdit => ({ op: 'move', call: ref(call), where, anchor: ref(anchor) });
  const children: [string, string, OrderEdit[], string][] = [
    ['extends its patch: after the last item, above a trailing comment',
      'extends: base.yaml\npatch:\n  - move: vmi_init\n    after: early_ioremap_init\n    note: moved\n  # a comment after the list\n\nexpect:\n  - {rule: fixmap-before-relocation, step: vmi_init}   # kept\n',
      [move('vmi_init', 'before', 'early_ioremap_init'), move('paging_init', 'after', 'early_cpu_init')],
      '  - move: vmi_init\n    before: early_ioremap_init\n  - move: paging_init\n    after: early_cpu_init\n'],
    ['adds a patch: before expect:',
      '# a header comment\nextends: base.yaml\nname: c\n\n# the findings\nexpect:\n  - {rule: fixmap-before-relocation, step: vmi_init}\n',
      [{ op: 'insert', call: 'parse_early_param', where: 'before', anchor: ref('vmi_init') }],
      'patch:\n  - insert: parse_early_param\n    before: vmi_init\n'],
    ['adds a patch: at the end of a file without a final line break',
      'extends: base.yaml\ndescription: >\n  folded\n  text',
      [{ op: 'remove', call: ref('dmi_scan_machine') }],
      'patch:\n  - remove: dmi_scan_machine\n'],
    ['extends the patch: at the end of a file without a final line break, in CR LF',
      'extends: base.yaml\r\npatch:\r\n  - move: vmi_init\r\n    after: early_ioremap_init',
      [{ op: 'replace', call: ref('paging_init'), with: 'init_memory_mapping' }],
      '  - replace: paging_init\r\n    with: init_memory_mapping\r\n'],
  ];
  it.each(children)('%s: the file then composes to the edited order, every other line kept', (_name, text, edits, items) => {
    const s = loadWith(text);
    const fix = fixTextOf(s, edits);
    expect(fix?.replacements.map((r) => r.text.endsWith(items))).toEqual([true]);
    if (fix === undefined) return;
    const out = apply(text, fix);
    const edited = applyEditsToNames(s.steps.map((x) => x.call), edits);
    expect(edited.ok && loadWith(out).steps.map((x) => x.call)).toEqual(edited.ok && edited.order);
    // the file's lines are all still there, in order, and its final line break (or its absence) too
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const kept = out.split(eol);
    let at = 0;
    for (const line of text.split(eol)) {
      at = kept.indexOf(line, at);
      expect(at).toBeGreaterThanOrEqual(0);
    }
    expect(out.endsWith('\n')).toBe(text.endsWith('\n'));
    if (eol === '\r\n') expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('has none for a flow patch:, or an edit a patch: would refuse (a move that changes nothing)', () => {
    const flow = 'extends: base.yaml\npatch: [{move: vmi_init, after: early_cpu_init}]\n';
    expect(fixTextOf(loadWith(flow), [move('paging_init', 'before', 'vmi_init')])).toBeUndefined();
    const child = 'extends: base.yaml\nname: c\n';
    expect(fixTextOf(loadWith(child), [move('vmi_init', 'after', 'dmi_scan_machine')])).toBeUndefined();
    expect(fixTextOf(loadWith(child), [move('vmi_init#2', 'after', 'dmi_scan_machine')])).toBeUndefined();
  });

  it('a file that lists its own order over a base keeps the setup_arch way', () => {
    const own = 'extends: base.yaml\nsetup_arch:\n  - early_cpu_init\n  - vmi_init\n';
    expect(fixTextOf(loadWith(own), [move('vmi_init', 'before', 'early_cpu_init')])?.replacements)
      .toEqual([{ first: 3, last: 2, text: '  - vmi_init\n' }, { first: 4, last: 4, text: '' }]);
  });
});

