/**
 * arm64's ArchPlugin.sameState (src/arch/arm64/replay/same-state.ts) on
 * states built by hand from real replays: the same model state reached by
 * other orders or other StepRef objects is the same; a difference in any
 * entry, attribute, allocation, flag or held StepRef is not. Table ids are
 * compared as they are: the same tables allocated in another order are not
 * the same state (finish() lists tables by id, events carry the ids).
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { arm64 } from '../../../../src/arch/arm64/plugin.js';
import { newTable, replace, tableOf } from '../../../../src/arch/arm64/mm/tables.js';
import { reserve } from '../../../../src/arch/arm64/mm/memblock.js';
import type { Arm64State } from '../../../../src/arch/arm64/replay/replay.js';
import { sameArm64 } from '../../../../src/arch/arm64/replay/same-state.js';
import { isLive } from '../../../../src/arch/arm64/mm/mmu.js';
import type { Arm64Scenario } from '../../../../src/arch/arm64/types.js';
import { replaySteps, sameCall } from '../../replay-steps.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { ORDER_V4_6 } from '../fixtures/orders.js';

function load(order: readonly string[]): Arm64Scenario {
  const r = parseScenario(stringify({ arch: 'arm64', kernel: 'v4.6', setup_arch: [...order] }), 'same-state.yaml');
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.scenario as Arm64Scenario;
}

const scenario = load(ORDER_V4_6);

const { ref, after } = replaySteps(arm64, scenario);


const same = (a: Arm64State, b: Arm64State): boolean => sameArm64(a, b, sameCall);

const PREFIX = ORDER_V4_6.slice(0, ORDER_V4_6.indexOf('paging_init') + 1);
const base = after(PREFIX);

describe('arm64 sameState: the same state', () => {
  it('a clone, and the same calls replayed with other StepRef objects and numbers', () => {
    expect(same(arm64.clone(base), base)).toBe(true);
    const rest = ORDER_V4_6.slice(PREFIX.length);
    const a = after(rest, base, PREFIX.length + 1);
    const b = after(rest, base, PREFIX.length + 7);
    expect(same(a, b)).toBe(true);
    // sameStep decides: the same numbers, but the engine says they are other steps
    expect(sameArm64(a, b, () => false)).toBe(false);
  });

  it('two calls that commute, in either order, followed by the same call', () => {
    const a = after(['early_ioremap_reset', 'unflatten_device_tree', 'smp_build_mpidr_hash'], base, 20);
    const b = after(['unflatten_device_tree', 'early_ioremap_reset', 'smp_build_mpidr_hash'], base, 30);
    expect(a.model.afterPagingInit && !base.model.afterPagingInit).toBe(true);
    expect(same(a, b)).toBe(true);
    // without the common last call they differ in the step mm_init()'s need is attached to (finish())
    expect(same(after(['early_ioremap_reset', 'unflatten_device_tree'], base), after(['unflatten_device_tree', 'early_ioremap_reset'], base))).toBe(false);
  });

  it('calls that do not commute: paging_init before arm64_memblock_init builds other tables', () => {
    const head = PREFIX.slice(0, PREFIX.indexOf('arm64_memblock_init'));
    const start = after(head);
    const rest = ORDER_V4_6.slice(PREFIX.length);
    const a = after(['arm64_memblock_init', 'paging_init', ...rest], start);
    const b = after(['paging_init', 'arm64_memblock_init', ...rest], start);
    expect(same(a, b)).toBe(false);
    expect(same(a, after(['arm64_memblock_init', 'paging_init', ...rest], start, 40))).toBe(true);
  });

  it('caches do not count: the TTBR reach computed or not, a table pointer descriptor made or not', () => {
    const a = arm64.clone(base);
    const b = arm64.clone(base);
    const root = b.model.ttbr1;
    expect(root).not.toBeNull();
    isLive(b.model, root ?? 0);
    expect(b.model.reach).not.toBeNull();
    expect(a.model.reach).toBeNull();
    const t = tableOf(b.model.set, root ?? 0);
    t.pointer = { kind: 'table', oa: t.pa, prot: null, table: t.name };
    expect(same(a, b)).toBe(true);
  });
});

describe('arm64 sameState: not the same state', () => {
  const differs = (edit: (s: Arm64State) => void): boolean => {
    const b = arm64.clone(base);
    edit(b);
    return !same(base, b) && !same(b, base);
  };
  const root = (s: Arm64State): number => s.model.ttbr1 ?? 0;

  it('one entry, one attribute, one freed table', () => {
    expect(differs((s) => replace(tableOf(s.model.set, root(s)), 3, 4, { kind: 'block', oa: 0x40000000, next: -1, uniform: false, prot: 'PAGE_KERNEL' }))).toBe(true);
    const prots = (s: Arm64State): void => {
      const t = s.model.set.tables.find((x) => x.runs.some((r) => r.prot === 'PAGE_KERNEL'));
      if (t === undefined) throw new Error('no PAGE_KERNEL run');
      t.runs = t.runs.map((r) => (r.prot === 'PAGE_KERNEL' ? { ...r, prot: 'PAGE_KERNEL_RO' } : r));
    };
    expect(differs(prots)).toBe(true);
    expect(differs((s) => { tableOf(s.model.set, 0).freed = true; })).toBe(true);
  });

  it('one more table allocated, or the same tables allocated in another order (ids and addresses differ)', () => {
    const pmd = { name: 'pmd (memblock)', level: 2, origin: 'memblock', pages: 1, vaBase: 0, shared: false } as const;
    expect(differs((s) => newTable(s.model.set, { ...pmd, pa: 0x80000000 }))).toBe(true);
    const a = arm64.clone(base);
    const b = arm64.clone(base);
    newTable(a.model.set, { ...pmd, pa: 0x80000000 });
    newTable(a.model.set, { ...pmd, level: 3, name: 'pte (memblock)', pa: 0x80001000 });
    newTable(b.model.set, { ...pmd, level: 3, name: 'pte (memblock)', pa: 0x80001000 });
    newTable(b.model.set, { ...pmd, pa: 0x80000000 });
    expect(same(a, b)).toBe(false);
    // in the same order they are the same
    const c = arm64.clone(base);
    newTable(c.model.set, { ...pmd, pa: 0x80000000 });
    newTable(c.model.set, { ...pmd, level: 3, name: 'pte (memblock)', pa: 0x80001000 });
    expect(same(a, c)).toBe(true);
  });

  it('flags and pending work: bug, after_paging_init, early_ioremap, mmu, a TTBR, the new pgd', () => {
    expect(differs((s) => { s.model.bug = !s.model.bug; })).toBe(true);
    expect(differs((s) => { s.model.afterPagingInit = !s.model.afterPagingInit; })).toBe(true);
    expect(differs((s) => { s.model.earlyIoremap = !s.model.earlyIoremap; })).toBe(true);
    expect(differs((s) => { s.model.mmu = !s.model.mmu; })).toBe(true);
    expect(differs((s) => { s.model.ttbr0 = s.model.ttbr0 === null ? 0 : null; })).toBe(true);
    expect(differs((s) => { s.model.newPgd = s.model.newPgd === null ? 0 : null; })).toBe(true);
  });

  it('a stale TLB entry, a held FIX_P* slot, an early_memremap slot, a value, memblock, the last setup_arch step', () => {
    const step = ref('paging_init', PREFIX.length);
    expect(differs((s) => { s.model.stale.push({ level: 3, va: 0, end: 4096, desc: { kind: 'page', oa: 0, prot: 'PAGE_KERNEL' }, uniform: true, since: step }); })).toBe(true);
    expect(differs((s) => { s.model.slots.set('FIX_PTE', { step, holder: 'test', pa: 0, table: null }); })).toBe(true);
    expect(differs((s) => { s.model.btmap = s.model.btmap.map((h, i) => (i === 0 ? { what: 'fdt', pa: 0, step } : h)); })).toBe(true);
    expect(differs((s) => { s.model.values.add('test-value'); })).toBe(true);
    expect(differs((s) => { reserve(s.model.memblock, 0, 4096); })).toBe(true);
    expect(differs((s) => { s.model.memblock.limit = (s.model.memblock.limit ?? 0) + 4096; })).toBe(true);
    expect(differs((s) => { s.model.lastSetupArchStep = ref('efi_init', 7); })).toBe(true);
    expect(differs((s) => { s.model.named = { ...s.model.named, test: 0 }; })).toBe(true);
    expect(differs((s) => { s.model.kaslrOffset += 2 ** 21; })).toBe(true);
  });

  it('the same state of another scenario (another replay context)', () => {
    const other = after(PREFIX);
    expect(same(base, other)).toBe(false);
  });
});
