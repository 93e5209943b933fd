import { describe, expect, it } from 'vitest';
import { applyEditsToNames, editData, editText, parseCallRef, refAt, type OrderEdit } from '../../src/scenario/order-edit.js';

const ref = (text: string) => {
  const r = parseCallRef(text);
  if (r === null) throw new Error(text);
  return r;
};

describe('order edits', () => {
  const rc1 = ['early_ioremap_init', 'parse_early_param', 'find_low_pfn_range', 'init_memory_mapping', 'dmi_scan_machine', 'vmi_init'];

  it("Kataria's first proposal as a move", () => {
    const e: OrderEdit = { op: 'move', call: ref('vmi_init'), where: 'after', anchor: ref('find_low_pfn_range') };
    expect(applyEditsToNames(rc1, [e])).toEqual({ ok: true, order: ['early_ioremap_init', 'parse_early_param', 'find_low_pfn_range', 'vmi_init', 'init_memory_mapping', 'dmi_scan_machine'] });
    expect(editText(e)).toBe('move vmi_init after find_low_pfn_range');
    expect(editData(e)).toEqual({ move: 'vmi_init', after: 'find_low_pfn_range' });
  });

  it('occurrences pick the second of a repeated call, and a missing anchor names the reference and the edit', () => {
    const twice = ['a', 'x', 'b', 'x', 'c'];
    expect(applyEditsToNames(twice, [{ op: 'remove', call: ref('x#2') }])).toEqual({ ok: true, order: ['a', 'x', 'b', 'c'] });
    expect(applyEditsToNames(twice, [{ op: 'remove', call: ref('x') }, { op: 'remove', call: ref('x#2') }])).toEqual({ ok: false, missing: { name: 'x', occurrence: 2 }, edit: 1 });
    expect(refAt(twice, 3)).toEqual({ name: 'x', occurrence: 2 });
  });

  it('insert, replace and remove', () => {
    const r = applyEditsToNames(['a', 'b', 'c'], [
      { op: 'insert', call: 'q', where: 'before', anchor: ref('b') },
      { op: 'replace', call: ref('c'), with: 'd' },
      { op: 'remove', call: ref('a') },
    ]);
    expect(r).toEqual({ ok: true, order: ['q', 'b', 'd'] });
  });

  it('parses call references strictly', () => {
    expect(parseCallRef('vmi_init#2')).toEqual({ name: 'vmi_init', occurrence: 2 });
    expect(parseCallRef('vmi_init#0')).toBeNull();
    expect(parseCallRef('vmi init')).toBeNull();
    // past 2^53 the occurrence would not be the number written
    expect(parseCallRef('vmi_init#99999999999999999999')).toBeNull();
    expect(parseCallRef('vmi_init#9007199254740991')).toEqual({ name: 'vmi_init', occurrence: 9007199254740991 });
  });
});
