import { describe, expect, it } from 'vitest';
import { moveEdit, movesToReach } from '../../src/compare/move-edits.js';
import { applyEditsToNames, editData } from '../../src/scenario/order-edit.js';

/** Every call of `order` moved to every slot, anchored each way: the edit applied gives that order. */
function expectEveryMoveApplies(order: readonly string[]): void {
  for (const side of ['after', 'before', 'nearest'] as const) {
    for (let from = 0; from < order.length; from++) {
      for (let slot = 0; slot < order.length; slot++) {
        const rest = order.filter((_, i) => i !== from);
        rest.splice(slot, 0, order[from] ?? '');
        expect(applyEditsToNames(order, [moveEdit(order, from, slot, side)])).toEqual({ ok: true, order: rest });
      }
    }
  }
}

describe('moves as order edits', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];

  it('a single move, anchored after the call before it, before the call after it, or on the one it jumps', () => {
    // d to slot 1 of [a, b, c, e]: between a and b
    expect(editData(moveEdit(order, 3, 1, 'after'))).toEqual({ move: 'd', after: 'a' });
    expect(editData(moveEdit(order, 3, 1, 'before'))).toEqual({ move: 'd', before: 'b' });
    expect(editData(moveEdit(order, 3, 1, 'nearest'))).toEqual({ move: 'd', before: 'b' });
    expect(editData(moveEdit(order, 0, 3, 'nearest'))).toEqual({ move: 'a', after: 'd' });
    expect(editData(moveEdit(order, 2, 0, 'after'))).toEqual({ move: 'c', before: 'a' });
    expect(editData(moveEdit(order, 0, 4, 'before'))).toEqual({ move: 'a', after: 'e' });
    expectEveryMoveApplies(order);
  });

  it('a single move of a repeated call, anchored on another call of its name, counts occurrences with the mover in place', () => {
    const dup = ['x', 'a', 'x', 'b', 'x'];
    // the first x to just after the second: x#2 is the second x of the order before the move
    expect(editData(moveEdit(dup, 0, 2, 'after'))).toEqual({ move: 'x', after: 'x#2' });
    expectEveryMoveApplies(dup);
  });

  it('moves of several calls reproduce the target, repeated names included', () => {
    const items = ['x', 'a', 'x', 'b', 'c'].map((name, i) => ({ name, i }));
    const target = [items[3], items[0], items[1], items[4], items[2]].filter((x) => x !== undefined);
    const edits = movesToReach(items, target, new Set([items[3], items[2]].filter((x) => x !== undefined)), (x) => x.name);
    expect(edits.map(editData)).toEqual([{ move: 'b', before: 'x' }, { move: 'x#2', after: 'c' }]);
  });

  // helper-148 finding 1: arm64_memblock_init moved after efi_init puts unflatten_device_tree right after
  // acpi_boot_table_init; a second move "after acpi_boot_table_init" changed nothing and patch: refused it
  it('a call an earlier move already put in its place gets no move of its own, so the edits load as a patch', () => {
    const base = ['efi_init', 'paging_init', 'arm64_memblock_init', 'acpi_boot_table_init', 'unflatten_device_tree'];
    const target = ['efi_init', 'arm64_memblock_init', 'paging_init', 'acpi_boot_table_init', 'unflatten_device_tree'];
    const edits = movesToReach(base, target, new Set(['arm64_memblock_init', 'unflatten_device_tree']), (x) => x);
    expect(edits.map(editData)).toEqual([{ move: 'arm64_memblock_init', after: 'efi_init' }]);
    // the first call of the target needs no move when it is first already
    expect(movesToReach(['a', 'b', 'c'], ['a', 'c', 'b'], new Set(['a', 'b']), (x) => x).map(editData)).toEqual([{ move: 'b', after: 'c' }]);
  });
});
