/**
 * The riscv boot model per version (notes/riscv-spec.md §1–§3): satp and
 * pt_ops through setup_vm, relocate and setup_vm_final; what early_pg_dir maps
 * (the kernel's slice of the linear map up to 5.12, none of it from 5.13);
 * the linear map setup_vm_final builds and its permissions; the setup_vm
 * BUG_ON thresholds; the image layouts of vmlinux.lds.S.
 */
import { describe, expect, it } from 'vitest';
import type { RiscvTrace } from '../../../../src/arch/riscv/types.js';
import { permText } from '../../../../src/arch/riscv/profile.js';
import { firstByte } from '../../../../src/arch/riscv/rules/describe.js';
import { hex } from '../../../../src/units.js';
import { defaultOrder, replayOf } from './helpers.js';
import { withLate } from '../fixtures/orders.js';

const h = (n: number): string => `0x${n.toString(16)}`;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

function satps(t: RiscvTrace): string[] {
  return t.events.flatMap((e) => (e.kind === 'satp' ? [`${e.from}→${e.to}`] : []));
}

function maps(t: RiscvTrace, root: string): string[] {
  return t.events.flatMap((e) => (e.kind === 'map' && e.root === root ? [`${e.mapping} ${h(e.start)}-${h(e.end)}${e.leaf > 0 ? ` ${permText(e.perm)}` : ''}`] : []));
}

describe('satp and pt_ops', () => {
  it.each(['5.10', '5.12', '5.13', '5.14'])('%s: bare → trampoline → early_pg_dir (relocate) → swapper (setup_vm_final)', (kernel) => {
    const t = replayOf({ kernel });
    expect(satps(t)).toEqual(['bare→trampoline', 'trampoline→early_pg_dir', 'early_pg_dir→swapper']);
    expect(t.events.flatMap((e) => (e.kind === 'pt-ops' ? [e.to] : []))).toEqual(['early', 'fixmap', 'late']);
    expect(t.steps.filter((s) => s.implicit).map((s) => s.name)).toEqual(['setup_vm', 'relocate']);
  });
  it('KASAN adds kasan_early_init, which writes the shadow into early_pg_dir and swapper_pg_dir', () => {
    const t = replayOf({ kernel: '5.12', config: { kasan: true } });
    expect(t.steps.filter((s) => s.implicit).map((s) => s.name)).toEqual(['setup_vm', 'relocate', 'kasan_early_init']);
    expect(maps(t, 'swapper')[0]).toBe('kasan-shadow 0xffffffc000000000-0xffffffc800000000 RW-');
  });
});

describe('kasan_init', () => {
  function populates(kernel: string): { what: string; from: number; fromEnd: number }[] {
    return replayOf({ kernel, config: { kasan: true } }).events.flatMap((e) => (e.kind === 'kasan-populate' ? [{ what: e.what, from: e.from, fromEnd: e.fromEnd }] : []));
  }
  it('5.12: only the linear map\'s shadow', () => {
    expect(populates('5.12').map((p) => p.what)).toEqual(['memblock.memory 0x80000000–0x100000000']);
  });
  // 2bfc6cd81bd1 (5.13-rc1) adds kasan_populate(MODULES_VADDR … BPF_JIT_REGION_END); 3a02764c372c (5.13-rc7) ends it at MODULES_VADDR + SZ_2G
  it.each([['5.13-rc1', 128 * MiB], ['5.13-rc6', 128 * MiB], ['5.13-rc7', 0], ['5.13', 0], ['5.14', 0]])('%s: and the modules, BPF and kernel mapping (2 GiB + %i bytes)', (kernel, bpfAfter) => {
    const p = populates(kernel);
    expect(p).toHaveLength(2);
    expect(p[1]?.what).toMatch(/^the modules, BPF and kernel mapping /);
    expect((p[1]?.fromEnd ?? 0) - (p[1]?.from ?? 0)).toBe(2 * GiB + bpfAfter);
  });
});

describe('early_pg_dir', () => {
  it('5.12: the kernel\'s slice of the linear map (PAGE_OFFSET + roundup(_end, 2 MiB)), the fixmap, the DTB window', () => {
    expect(maps(replayOf({ kernel: '5.12' }), 'early_pg_dir')).toEqual([
      'fixmap 0xffffffcefee00000-0xffffffceff000000',
      'linear 0xffffffe000000000-0xffffffe001400000 RWX',
      'dtb-window 0x40000000-0x40400000 RW-',
    ]);
  });
  it('5.14: the kernel at KERNEL_LINK_ADDR and no linear map', () => {
    expect(maps(replayOf({ kernel: '5.14' }), 'early_pg_dir')).toEqual([
      'fixmap 0xffffffcefee00000-0xffffffceff000000',
      'kernel 0xffffffff80000000-0xffffffff81400000 RWX',
      'dtb-window 0x40000000-0x40400000 RW-',
    ]);
  });
  it('trampoline_pg_dir: one 2 MiB leaf at the kernel\'s virtual address', () => {
    expect(maps(replayOf({ kernel: '5.10' }), 'trampoline')).toEqual(['linear 0xffffffe000000000-0xffffffe000200000 RWX']);
    expect(maps(replayOf({ kernel: '5.14' }), 'trampoline')).toEqual(['kernel 0xffffffff80000000-0xffffffff80200000 RWX']);
  });
});

describe('swapper_pg_dir from setup_vm_final', () => {
  it('5.12: the linear map from the load address, PAGE_KERNEL_EXEC, 2 MiB leaves', () => {
    expect(maps(replayOf({ kernel: '5.12' }), 'swapper')).toEqual([
      'fixmap 0xffffffcefee00000-0xffffffceff000000',
      'linear 0xffffffe000000000-0xffffffe07fe00000 RWX',
    ]);
  });
  it('5.13: linear map PAGE_KERNEL, then the kernel PAGE_KERNEL_EXEC', () => {
    expect(maps(replayOf({ kernel: '5.13' }), 'swapper').slice(1)).toEqual([
      'linear 0xffffffe000000000-0xffffffe07fe00000 RW-',
      'kernel 0xffffffff80000000-0xffffffff81400000 RWX',
    ]);
  });
  it('5.14 (STRICT_KERNEL_RWX): pgprot_from_va: the linear alias of [_start, __init_data_begin) read-only, the kernel text RX, the rest RW', () => {
    expect(maps(replayOf({ kernel: '5.14' }), 'swapper').slice(1)).toEqual([
      'linear 0xffffffe000000000-0xffffffe000a00000 R--',
      'linear 0xffffffe000a00000-0xffffffe07fe00000 RW-',
      'kernel 0xffffffff80000000-0xffffffff80a00000 R-X',
      'kernel 0xffffffff80a00000-0xffffffff81400000 RW-',
    ]);
  });
  it('best_map_size per range: a bank whose size is not 2 MiB-aligned is mapped with 4 KiB leaves', () => {
    const t = replayOf({ kernel: '5.12', machine: { memory: '2047MiB' } });
    expect(t.layout.leaves.pteLeaves).toBe((2047 - 2) * 256);
    expect(t.layout.leaves.pmdLeaves).toBe(0);
  });
  // break-254 N7: get_pmd_virt_fixmap()/get_pte_virt_fixmap() clear and set their slot on every create_pgd_mapping()/
  // create_pmd_mapping() call, one per leaf, new table or not (R514 mm/init.c:339-343, :430/:434, :273-277, :388/:392)
  const fixmapSets = (t: RiscvTrace): string[] => t.events.flatMap((e) => (e.kind === 'fixmap-set' && e.step.name === 'paging_init' && e.what.startsWith('get_')
    ? [`${e.clear ? 'clear' : 'set'} ${e.slot} ×${e.count}`] : []));
  it('5.14, 2 GiB: FIX_PMD is cleared and set once per leaf, 1,023 linear + 10 kernel, for 3 PMD tables; no FIX_PTE', () => {
    const t = replayOf({ kernel: '5.14' });
    expect(fixmapSets(t)).toEqual(['clear FIX_PMD ×1033', 'set FIX_PMD ×1033']);
    expect(t.events.some((e) => e.kind === 'fixmap-set' && /\(3 PMD tables from memblock_phys_alloc\(\)\)$/.test(e.what))).toBe(true);
  });
  it('5.14, 1001 MiB in 4 KiB leaves: FIX_PTE once per 4 KiB leaf (255,744), FIX_PMD once per leaf of either size (+10 kernel)', () => {
    expect(fixmapSets(replayOf({ kernel: '5.14', machine: { memory: '1001MiB' } }))).toEqual(['clear FIX_PMD ×255754', 'set FIX_PMD ×255754', 'clear FIX_PTE ×255744', 'set FIX_PTE ×255744']);
  });
  it('5.12, 2 GiB: 1,023 linear leaves (the kernel is in the linear map)', () => {
    expect(fixmapSets(replayOf({ kernel: '5.12' }))).toEqual(['clear FIX_PMD ×1023', 'set FIX_PMD ×1023']);
  });
  it('only the bank holding the load address is clipped; a bank wholly below it is mapped below PAGE_OFFSET', () => {
    const t = replayOf({ kernel: '5.12', machine: { memory_banks: [{ base: 0x40000000, size: '256MiB' }, { base: 0x80000000, size: '1GiB' }], load_address: 0x80200000, dtb_address: 0xbfe00000 } });
    expect(maps(t, 'swapper').slice(1)).toEqual([
      'linear 0xffffffdfbfe00000-0xffffffdfcfe00000 RWX',
      'linear 0xffffffe000000000-0xffffffe03fe00000 RWX',
    ]);
  });
  it('memblock_enforce_memory_limit() keeps the first 124 GiB of RAM in 5.14 (memory_limit), 128 GiB in 5.13 (-PAGE_OFFSET)', () => {
    // counted from the start of RAM, so the 2 MiB below the kernel count too
    const big = { memory_banks: [{ base: 0x80000000, size: '130GiB' }] };
    const end = (kernel: string): number | null | undefined => replayOf({ kernel, machine: big }).layout.values.find((v) => v.name === 'linear map end')?.value;
    expect(end('5.14')).toBe(0xffffffe000000000 + 124 * GiB - 2 * MiB);
    expect(end('5.13')).toBe(0xffffffe000000000 + 128 * GiB - 2 * MiB);
  });
});

describe('setup_vm BUG_ONs', () => {
  const fired = (t: RiscvTrace): string[] => t.events.flatMap((e) => (e.kind === 'setup-vm-check' && e.fired ? [e.check] : []));
  it('5.10: 128 MiB is the largest image', () => {
    expect(fired(replayOf({ kernel: '5.10', machine: { memory: '4GiB', kernel: { data: '100MiB' } } }))).toEqual([]);
    expect(fired(replayOf({ kernel: '5.10', machine: { memory: '4GiB', kernel: { data: '120MiB' } } }))).toEqual(['BUG_ON(load_sz > MAX_EARLY_MAPPING_SIZE)']);
  });
  it('5.12: no 128 MiB limit; one early_pmd (1 GiB)', () => {
    expect(fired(replayOf({ kernel: '5.12', machine: { memory: '4GiB', kernel: { data: '120MiB' } } }))).toEqual([]);
    expect(fired(replayOf({ kernel: '5.12', machine: { memory: '4GiB', kernel: { data: '1GiB' } } }))).toEqual(['BUG_ON((va - PAGE_OFFSET) >> PGDIR_SHIFT) in alloc_pmd_early()']);
  });
  it('5.14: the last-page check is evaluated first and fires from 2 GiB - 4 KiB', () => {
    expect(fired(replayOf({ kernel: '5.14', machine: { memory: '8GiB', kernel: { data: '1GiB' } } }))).toEqual(['BUG_ON((va - kernel_map.virt_addr) >> PGDIR_SHIFT) in alloc_pmd_early()']);
    expect(fired(replayOf({ kernel: '5.14', machine: { memory: '8GiB', kernel: { data: '2GiB' } } }))).toEqual(['BUG_ON((kernel_map.virt_addr + kernel_map.size) > ADDRESS_SPACE_END - SZ_4K)']);
  });
  it('every version: a load address that is not 2 MiB-aligned', () => {
    for (const kernel of ['5.10', '5.12', '5.14']) {
      expect(fired(replayOf({ kernel, machine: { load_address: 0x80201000 } }))).toHaveLength(1);
    }
  });
});

describe('vmlinux.lds.S image layout (default section sizes)', () => {
  it('5.10: head and init first, .text 2 MiB-aligned, .init.data right after .text', () => {
    const s = replayOf({ kernel: '5.10' }).image.symbols;
    expect([s.__init_begin, s.__init_end, s._stext, s._etext, s.__start_rodata, s._data, s._end].map(h))
      .toEqual(['0x1000', '0x101000', '0x200000', '0x900000', '0xa00000', '0xe00000', '0x1080000']);
  });
  it('5.12 with STRICT_KERNEL_RWX: each section on its own 2 MiB leaves', () => {
    const s = replayOf({ kernel: '5.12' }).image.symbols;
    expect([s._etext, s.__init_text_begin, s.__init_data_begin, s.__init_end, s.__start_rodata, s._data, s._end].map(h))
      .toEqual(['0x700000', '0x800000', '0xa00000', '0xa80000', '0xc00000', '0x1000000', '0x1280000']);
  });
  it('5.12 without STRICT_KERNEL_RWX: sections packed (.srodata and __ex_table: a page after RO_DATA)', () => {
    expect(replayOf({ kernel: '5.12', config: { strict_kernel_rwx: false } }).image.size).toBe(13 * MiB + 4096);
  });
  it('RO_DATA(SECTION_ALIGN) ends aligned, and .srodata and __ex_table follow it: _data is a whole 2 MiB past __end_rodata (riscv audit F2)', () => {
    // include/asm-generic/vmlinux.lds.h:431-545 (R514): `. = ALIGN((align)); __end_rodata = .;`, then vmlinux.lds.S:109-118
    // .srodata, EXCEPTION_TABLE(0x10), `. = ALIGN(SECTION_ALIGN); _data = .;`
    for (const [kernel, rodata, span] of [['5.14', '3MiB', 6 * MiB], ['5.14', '2MiB', 4 * MiB], ['5.10', '3MiB', 6 * MiB], ['5.12', '1MiB', 4 * MiB]] as const) {
      const s = replayOf({ kernel, machine: { kernel: { rodata } } }).image.symbols;
      expect(s._data - s.__start_rodata).toBe(span);
    }
  });
});

describe('the seed-003 leaf summary (8 GiB at 0x80000000, kernel at 0x80200000)', () => {
  it('5.12 and 5.14 both leave the linear map\'s first GiB split by permissions, and no GiB has a GiB-aligned PA', () => {
    for (const kernel of ['5.12', '5.14']) {
      const l = replayOf({ kernel, machine: { memory: '8GiB' } }).layout.leaves;
      expect([l.gibSpans, l.gibUniform, l.gibMixed]).toEqual([7, 0, 1]);
    }
  });
  it('with the kernel at a GiB boundary the other GiBs would be gigapage material; without STRICT_KERNEL_RWX all would', () => {
    const banks = { memory_banks: [{ base: 0x80000000, size: '8GiB' }], load_address: 0xc0000000, dtb_address: 0x100000000 };
    expect(replayOf({ kernel: '5.14', machine: banks }).layout.leaves).toMatchObject({ gibSpans: 7, gibUniform: 6, gibMixed: 1 });
    expect(replayOf({ kernel: '5.14', machine: banks, config: { strict_kernel_rwx: false } }).layout.leaves).toMatchObject({ gibSpans: 7, gibUniform: 7, gibMixed: 0 });
  });
});

// __va(pa) = pa + va_pa_offset, va_pa_offset = PAGE_OFFSET - load_pa (context.ts linearVa): with
// MAXPHYSMEM_128GB PAGE_OFFSET = 0xffffffe000000000 and the default load_pa 0x80200000 on 5.14.
// Near 2^64 a double steps by 2048, so the model keeps these VAs in whole pages and the DTB's
// offset beside them: every address below is checked against BigInt arithmetic.
describe('DTB addresses near 2^64 stay exact (5.14, PAGE_OFFSET 0xffffffe000000000, load_pa 0x80200000)', () => {
  const PAGE_OFFSET = 0xffffffe000000000n;
  const LOAD = 0x80200000n;
  const va = (pa: bigint): string => `0x${(PAGE_OFFSET + pa - LOAD).toString(16)}`;
  const verify = (t: RiscvTrace) => {
    const e = t.events.find((x) => x.kind === 'access' && x.dtb && x.via === 'linear');
    if (e === undefined || e.kind !== 'access') throw new Error('no __va(dtb_early_pa) access');
    return e;
  };

  it('__va(0xfffffff8) is 0xffffffe07fdffff8, not the double 0xffffffe07fe00000', () => {
    const e = verify(replayOf({ kernel: '5.14', machine: { dtb_address: 0xfffffff8, dtb_size: 64 } }));
    expect(hex(firstByte(e))).toBe(va(0xfffffff8n));
    expect(hex(firstByte(e))).toBe('0xffffffe07fdffff8');
    // 64 bytes from 0xff8 into the page reach the next one: two pages, exactly
    expect([hex(e.va), hex(e.vaEnd)]).toEqual([va(0xfffff000n), va(0x100001000n)]);
  });

  it.each([[40, 1], [1024, 1], [1025, 1], [4096, 1], [4097, 2]])('a %i-byte DTB at pa 0x80000000 covers %i page(s) at __va, never an empty range', (bytes, pages) => {
    const e = verify(replayOf({ kernel: '5.14', machine: { dtb_address: 0x80000000, dtb_size: bytes } }));
    expect(hex(e.va)).toBe('0xffffffdfffe00000');
    expect(hex(e.vaEnd)).toBe(va(0x80000000n + BigInt(pages) * 0x1000n));
    expect(e.vaEnd).toBeGreaterThan(e.va);
  });

  it('a 40-byte DTB (the FDT header) 8 bytes below a page boundary spans two pages', () => {
    const e = verify(replayOf({ kernel: '5.14', machine: { dtb_address: 0x81fffff8, dtb_size: 40 } }));
    expect([hex(e.va), hex(e.vaEnd), hex(firstByte(e))]).toEqual([va(0x81fff000n), va(0x82001000n), va(0x81fffff8n)]);
  });
});

describe('memblock allocations (top down, each below the ones before it)', () => {
  const allocs = (t: RiscvTrace): { what: string; pa: number | null; end: number; size: number | null; bound: boolean }[] =>
    t.events.flatMap((e) => (e.kind === 'access' && e.alloc !== null && e.write
      ? [{ what: e.what.split(': ')[0] ?? '', pa: e.pa, end: (e.pa ?? 0) + (e.vaEnd - e.va), size: e.alloc.size, bound: e.alloc.below !== null }]
      : []));

  it('5.12: init_resources, unflatten_device_tree, sparse_init and swiotlb_init each get their own range', () => {
    const a = allocs(replayOf({ kernel: '5.12' }));
    expect(a.map((x) => x.what)).toEqual(['init_resources()', 'unflatten_device_tree()', 'sparse_init()', 'swiotlb_init()']);
    for (let i = 0; i < a.length; i++) {
      for (let j = i + 1; j < a.length; j++) {
        const x = a[i];
        const y = a[j];
        if (x === undefined || y === undefined || x.pa === null || y.pa === null) throw new Error('no pa');
        expect(x.pa >= y.end || y.pa >= x.end, `${x.what} and ${y.what} overlap`).toBe(true);
      }
    }
  });

  it('setup_vm_final\'s page tables take the top pages first; the first allocation of unknown size is its last page below them, exactly', () => {
    const first = allocs(replayOf({ kernel: '5.12' }))[0];
    // 2 GiB at 0x80000000: memory ends at 0x100000000; swapper's PMD tables (memblock_phys_alloc) take the two pages below
    expect(first).toEqual({ what: 'init_resources()', pa: 0xffffd000, end: 0xffffe000, size: null, bound: false });
  });

  // break-254 F3: 1001 MiB at 0x80000000 ends at 0xbe900000, the DTB (default: the bank's last 2 MiB) is at
  // 0xbe700000–0xbe710000. 1001 MiB is no 2 MiB multiple, so best_map_size() gives 4 KiB leaves for the whole range
  // (R514 mm/init.c:440-447): 2 PMD + 500 PTE tables, each its own memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE)
  // (:293-296, :357-360), top down: 496 pages fill 0xbe710000–0xbe900000 above the DTB, the last 6 go right below it
  it('5.14, 1001 MiB: the 502 page tables fill the pages above the DTB one by one, then go below it; the device tree comes after them', () => {
    const t = replayOf({ kernel: '5.14', machine: { memory: '1001MiB' } });
    const a = allocs(t);
    expect(a[0]).toEqual({ what: 'unflatten_device_tree()', pa: 0xbe6f9000, end: 0xbe6fa000, size: null, bound: false });
    expect(a.slice(1, 3).map((x) => [x.what, h(x.end)])).toEqual([['sparse_init()', '0xbe6f9000'], ['init_resources()', '0xbe6f8000']]);
  });

  it('5.14, 1001 MiB with the DTB at the top of RAM: nothing to fill above it, the tables lie below it as one run', () => {
    const t = replayOf({ kernel: '5.14', machine: { memory: '1001MiB', dtb_address: 0xbe8f0000 } });
    // DTB 0xbe8f0000–0xbe900000; 502 tables 0xbe6fa000–0xbe8f0000 (0x1f6000 bytes)
    expect(allocs(t)[0]).toEqual({ what: 'unflatten_device_tree()', pa: 0xbe6f9000, end: 0xbe6fa000, size: null, bound: false });
  });

  it('swiotlb_init: 64 MiB (IO_TLB_DEFAULT_SIZE) from memblock_alloc_low, below 4 GiB and the DTB; an upper bound after allocations of unknown size', () => {
    const sw = allocs(replayOf({ kernel: '5.12' })).find((x) => x.what === 'swiotlb_init()');
    expect(sw).toEqual({ what: 'swiotlb_init()', pa: 0xfbe00000, end: 0xffe00000, size: 64 * MiB, bound: true });
  });

  it('memblock_double_array() puts the doubled memblock.reserved below the page table being reserved (R512 mm/memblock.c:434-444), 8 KiB', () => {
    const t = replayOf({ kernel: '5.12', machine: { reserved_regions: 128 } });
    const a = allocs(t);
    const doubled = a.find((x) => x.what === 'memblock_double_array()');
    // the first PMD table takes the top page, 0xfffff000; nothing is free above it, so the array goes right below:
    // PAGE_ALIGN(2 * 128 * sizeof(struct memblock_region) = 6144) = 8 KiB
    expect(doubled).toEqual({ what: 'memblock_double_array()', pa: 0xffffd000, end: 0xfffff000, size: 8192, bound: false });
    // init_resources() then lands below the array and the second PMD table (0xffffc000)
    expect(a.find((x) => x.what === 'init_resources()')?.end).toBe(0xffffc000);
  });

  it('127 reserved regions: the second page table (0xffffe000) doubles the array, which goes right below it (break-254 F1)', () => {
    const a = allocs(replayOf({ kernel: '5.12', machine: { reserved_regions: 127 } }));
    expect(a.find((x) => x.what === 'memblock_double_array()')).toEqual({ what: 'memblock_double_array()', pa: 0xffffc000, end: 0xffffe000, size: 8192, bound: false });
    expect(a.find((x) => x.what === 'init_resources()')?.end).toBe(0xffffc000);
  });

  // break-254 N10: R510 kernel/dma/swiotlb.c:260-270 (R512 :295-305): a NULL from memblock_alloc_low() is a warning
  it.each(['5.10', '5.12'])('%s, 64 MiB: swiotlb_init()\'s 64 MiB does not fit; the trace says it warns and goes on, and nothing is written', (kernel) => {
    const t = replayOf({ kernel, machine: { memory: '64MiB' } });
    const failed = t.events.filter((e) => e.kind === 'alloc-failed');
    expect(failed.map((e) => (e.kind === 'alloc-failed' ? [e.step.name, e.size, e.maxAddr] : []))).toEqual([['swiotlb_init', 64 * MiB, 0xffffffff]]);
    expect(failed[0]?.kind === 'alloc-failed' ? failed[0].failed : '').toMatch(/^swiotlb_init\(\) prints "Cannot allocate buffer", sets no_iotlb_memory/);
    expect(allocs(t).some((x) => x.what === 'swiotlb_init()')).toBe(false);
  });

  it('2 GiB: the buffer fits, no alloc-failed', () => {
    expect(replayOf({ kernel: '5.10' }).events.some((e) => e.kind === 'alloc-failed')).toBe(false);
  });

  it('no memory at all (swiotlb_init before parse_dtb): the need for the FDT says why, no alloc-failed as well', () => {
    const t = replayOf({ kernel: '5.12', order: ['swiotlb_init', ...defaultOrder('5.12').filter((c) => c !== 'swiotlb_init')] });
    expect(t.events.some((e) => e.kind === 'alloc-failed')).toBe(false);
  });

  it('the device tree readers read where unflatten_device_tree() put the tree', () => {
    const t = replayOf({ kernel: '5.12' });
    const tree = t.events.find((e) => e.kind === 'access' && e.what.startsWith('unflatten_device_tree(): the struct'));
    const smp = t.events.find((e) => e.kind === 'access' && e.what.startsWith('setup_smp()'));
    expect(tree?.kind === 'access' && smp?.kind === 'access' && smp.pa === tree.pa && smp.pa !== null).toBe(true);
  });
});

describe('bpf_jit_compile', () => {
  // bpf_jit_alloc_exec() → __vmalloc_node_range(size, PAGE_SIZE, BPF_JIT_REGION_START, BPF_JIT_REGION_END, …, vm_flags 0):
  // the lowest free address, and a guard page after each area (mm/vmalloc.c __get_vm_area_node(), R510/R512/R514)
  it.each(['5.12', '5.14'])('%s: each program\'s image starts two pages after the last (one page of image, one guard page)', (kernel) => {
    const trace = replayOf({ kernel, order: withLate(defaultOrder(kernel), 'bpf_jit_compile', 'bpf_jit_compile', 'bpf_jit_compile') });
    const images = trace.events.flatMap((e) => (e.kind === 'vmalloc' ? [{ start: e.start, end: e.end, what: e.what }] : []));
    expect(images.map((i) => [i.start - trace.layout.va.bpf.start, i.end - i.start])).toEqual([[0, 4096], [8192, 4096], [16384, 4096]]);
    expect(images.map((i) => /at (BPF_JIT_REGION_START[^(,]*)/.exec(i.what)?.[1]?.trim())).toEqual(['BPF_JIT_REGION_START', 'BPF_JIT_REGION_START + 8 KiB', 'BPF_JIT_REGION_START + 16 KiB']);
  });

  // bpf_jit_binary_alloc() fills the image (bpf_fill_ill_insns(), kernel/bpf/core.c:874-881 at R514) through its
  // address, which the kernel's leaf translates: after the first program's lock_ro the leaf is R-X
  it('5.13-rc5: the first program locks the kernel\'s last leaf read-only; the next ones fault filling their images and never lock theirs', () => {
    const trace = replayOf({ kernel: '5.13-rc5', order: withLate(defaultOrder('5.13-rc5'), 'bpf_jit_compile', 'bpf_jit_compile', 'bpf_jit_compile'), config: { strict_kernel_rwx: false }, machine: { kernel: { data: '3MiB' } } });
    const images = trace.events.flatMap((e) => (e.kind === 'vmalloc' ? [e] : []));
    expect(images.map((e) => e.inKernelLeaf !== null)).toEqual([true, true, true]);
    expect(images.map((e) => (e.leafPerm === null ? null : e.leafPerm.w))).toEqual([true, false, false]);
    const locks = trace.events.filter((e) => e.kind === 'perm-change' && e.what.startsWith('bpf_jit_binary_lock_ro'));
    expect(locks.map((e) => e.step.index)).toEqual([images[0]?.step.index]);
  });

  // bpf_jit_binary_lock_ro() is set_memory_ro() then set_memory_x() (include/linux/filter.h:863-868 at R514)
  it('5.13-rc5 with STRICT_KERNEL_RWX: protect_kernel_text_data() made the data leaf RW-; the lock_ro leaves it R-X, not R-- (break-194 4)', () => {
    const order = [...defaultOrder('5.13-rc5').slice(0, 11), 'protect_kernel_text_data', ...defaultOrder('5.13-rc5').slice(11)];
    const trace = replayOf({ kernel: '5.13-rc5', order: withLate(order, 'bpf_jit_compile', 'bpf_jit_compile'), config: { strict_kernel_rwx: true }, machine: { kernel: { data: '3MiB' } } });
    const locks = trace.events.flatMap((e) => (e.kind === 'perm-change' && e.what.startsWith('bpf_jit_binary_lock_ro') ? [`${e.fn} ${permText(e.before)} → ${permText(e.after)}`] : []));
    expect(locks).toEqual(['set_memory_ro RW- → R--', 'set_memory_x R-- → R-X']);
    const images = trace.events.flatMap((e) => (e.kind === 'vmalloc' ? [e.leafPerm === null ? null : permText(e.leafPerm)] : []));
    expect(images).toEqual(['RW-', 'R-X']);
  });

  it.each(['5.13-rc7', '5.14'])('%s: the images lie below the kernel, in no kernel leaf', (kernel) => {
    const trace = replayOf({ kernel, order: withLate(defaultOrder(kernel), 'bpf_jit_compile', 'bpf_jit_compile') });
    const images = trace.events.flatMap((e) => (e.kind === 'vmalloc' ? [e] : []));
    expect(images.map((e) => e.leafPerm)).toEqual([null, null]);
  });
});
