/**
 * The arm64 VA layout, pinned per version × VA_BITS × KASAN: the numbers of
 * /work/notes/arm64-layout-calc.py (spec §3.3), computed from
 * arch/arm64/include/asm/{memory,pgtable,kasan,fixmap}.h of v4.4 (4.4.155),
 * v4.6 (4.6.5) and v4.7 (4.7.4) with sizeof(struct page) = 64. A change in
 * layout.ts that moves any boundary shows here.
 */
import { describe, expect, it } from 'vitest';
import { isExact } from '../../../../src/arch/arm64/addr.js';
import { fixmapEnum, fixToVirt } from '../../../../src/arch/arm64/fixmap.js';
import { geometryFor } from '../../../../src/arch/arm64/geometry.js';
import { parseKernelVersion } from '../../../../src/arch/arm64/kernel-version.js';
import { DEFAULT_IMAGE } from '../../../../src/arch/arm64/defaults.js';
import { fixmapFor, imageSymbols, vaLayout } from '../../../../src/arch/arm64/layout.js';

type Row = Readonly<Record<string, string | null>>;

/** spec §3.3, one row per configuration (hex without 0x; null: no such value) */
const TABLE: readonly (readonly [string, 39 | 48, boolean, Row])[] = [
  ['v4.4', 39, false, { VA_START: 'ffffff8000000000', PAGE_OFFSET: 'ffffffc000000000', MODULES_VADDR: 'ffffffbffc000000', MODULES_END: 'ffffffc000000000', KIMAGE_VADDR: null, _text: 'ffffffc000080000', VMALLOC_START: 'ffffff8000000000', VMALLOC_END: 'ffffffbdbfff0000', VMEMMAP_START: 'ffffffbdc0000000', VMEMMAP_SIZE: '0000000200000000', PCI_IO_START: 'ffffffbffae00000', PCI_IO_END: 'ffffffbffbe00000', FIXADDR_TOP: 'ffffffbffac00000', FIXADDR_START: 'ffffffbffa7fd000', FIX_FDT_va: 'ffffffbffa800000', FIX_BTMAP_BEGIN_va: 'ffffffbffa63e000', FIX_PTE_va: null, FIX_PGD_va: null, KASAN_SHADOW_START: null, KASAN_SHADOW_END: null }],
  ['v4.4', 39, true, { VA_START: 'ffffff8000000000', PAGE_OFFSET: 'ffffffc000000000', MODULES_VADDR: 'ffffffbffc000000', MODULES_END: 'ffffffc000000000', KIMAGE_VADDR: null, _text: 'ffffffc000080000', VMALLOC_START: 'ffffff9000010000', VMALLOC_END: 'ffffffbdbfff0000', VMEMMAP_START: 'ffffffbdc0000000', VMEMMAP_SIZE: '0000000200000000', PCI_IO_START: 'ffffffbffae00000', PCI_IO_END: 'ffffffbffbe00000', FIXADDR_TOP: 'ffffffbffac00000', FIXADDR_START: 'ffffffbffa7fd000', FIX_FDT_va: 'ffffffbffa800000', FIX_BTMAP_BEGIN_va: 'ffffffbffa63e000', FIX_PTE_va: null, FIX_PGD_va: null, KASAN_SHADOW_START: 'ffffff8000000000', KASAN_SHADOW_END: 'ffffff9000000000' }],
  ['v4.4', 48, false, { VA_START: 'ffff000000000000', PAGE_OFFSET: 'ffff800000000000', MODULES_VADDR: 'ffff7ffffc000000', MODULES_END: 'ffff800000000000', KIMAGE_VADDR: null, _text: 'ffff800000080000', VMALLOC_START: 'ffff000000000000', VMALLOC_END: 'ffff7bffbfff0000', VMEMMAP_START: 'ffff7bffc0000000', VMEMMAP_SIZE: '0000040000000000', PCI_IO_START: 'ffff7ffffae00000', PCI_IO_END: 'ffff7ffffbe00000', FIXADDR_TOP: 'ffff7ffffac00000', FIXADDR_START: 'ffff7ffffa7fd000', FIX_FDT_va: 'ffff7ffffa800000', FIX_BTMAP_BEGIN_va: 'ffff7ffffa63e000', FIX_PTE_va: null, FIX_PGD_va: null, KASAN_SHADOW_START: null, KASAN_SHADOW_END: null }],
  ['v4.4', 48, true, { VA_START: 'ffff000000000000', PAGE_OFFSET: 'ffff800000000000', MODULES_VADDR: 'ffff7ffffc000000', MODULES_END: 'ffff800000000000', KIMAGE_VADDR: null, _text: 'ffff800000080000', VMALLOC_START: 'ffff200000010000', VMALLOC_END: 'ffff7bffbfff0000', VMEMMAP_START: 'ffff7bffc0000000', VMEMMAP_SIZE: '0000040000000000', PCI_IO_START: 'ffff7ffffae00000', PCI_IO_END: 'ffff7ffffbe00000', FIXADDR_TOP: 'ffff7ffffac00000', FIXADDR_START: 'ffff7ffffa7fd000', FIX_FDT_va: 'ffff7ffffa800000', FIX_BTMAP_BEGIN_va: 'ffff7ffffa63e000', FIX_PTE_va: null, FIX_PGD_va: null, KASAN_SHADOW_START: 'ffff000000000000', KASAN_SHADOW_END: 'ffff200000000000' }],
  ['v4.6', 39, false, { VA_START: 'ffffff8000000000', PAGE_OFFSET: 'ffffffc000000000', MODULES_VADDR: 'ffffff8000000000', MODULES_END: 'ffffff8008000000', KIMAGE_VADDR: 'ffffff8008000000', _text: 'ffffff8008080000', VMALLOC_START: 'ffffff8008000000', VMALLOC_END: 'ffffffbdbfff0000', VMEMMAP_START: 'ffffffbdc0000000', VMEMMAP_SIZE: '0000000200000000', PCI_IO_START: 'ffffffbffee00000', PCI_IO_END: 'ffffffbfffe00000', FIXADDR_TOP: 'ffffffbffec00000', FIXADDR_START: 'ffffffbffe7fd000', FIX_FDT_va: 'ffffffbffe800000', FIX_BTMAP_BEGIN_va: 'ffffffbffe63e000', FIX_PTE_va: 'ffffffbffe63d000', FIX_PGD_va: 'ffffffbffe63a000', KASAN_SHADOW_START: null, KASAN_SHADOW_END: null }],
  ['v4.6', 39, true, { VA_START: 'ffffff8000000000', PAGE_OFFSET: 'ffffffc000000000', MODULES_VADDR: 'ffffff9000000000', MODULES_END: 'ffffff9008000000', KIMAGE_VADDR: 'ffffff9008000000', _text: 'ffffff9008080000', VMALLOC_START: 'ffffff9008000000', VMALLOC_END: 'ffffffbdbfff0000', VMEMMAP_START: 'ffffffbdc0000000', VMEMMAP_SIZE: '0000000200000000', PCI_IO_START: 'ffffffbffee00000', PCI_IO_END: 'ffffffbfffe00000', FIXADDR_TOP: 'ffffffbffec00000', FIXADDR_START: 'ffffffbffe7fd000', FIX_FDT_va: 'ffffffbffe800000', FIX_BTMAP_BEGIN_va: 'ffffffbffe63e000', FIX_PTE_va: 'ffffffbffe63d000', FIX_PGD_va: 'ffffffbffe63a000', KASAN_SHADOW_START: 'ffffff8000000000', KASAN_SHADOW_END: 'ffffff9000000000' }],
  ['v4.6', 48, false, { VA_START: 'ffff000000000000', PAGE_OFFSET: 'ffff800000000000', MODULES_VADDR: 'ffff000000000000', MODULES_END: 'ffff000008000000', KIMAGE_VADDR: 'ffff000008000000', _text: 'ffff000008080000', VMALLOC_START: 'ffff000008000000', VMALLOC_END: 'ffff7bffbfff0000', VMEMMAP_START: 'ffff7bffc0000000', VMEMMAP_SIZE: '0000040000000000', PCI_IO_START: 'ffff7ffffee00000', PCI_IO_END: 'ffff7fffffe00000', FIXADDR_TOP: 'ffff7ffffec00000', FIXADDR_START: 'ffff7ffffe7fd000', FIX_FDT_va: 'ffff7ffffe800000', FIX_BTMAP_BEGIN_va: 'ffff7ffffe63e000', FIX_PTE_va: 'ffff7ffffe63d000', FIX_PGD_va: 'ffff7ffffe63a000', KASAN_SHADOW_START: null, KASAN_SHADOW_END: null }],
  ['v4.6', 48, true, { VA_START: 'ffff000000000000', PAGE_OFFSET: 'ffff800000000000', MODULES_VADDR: 'ffff200000000000', MODULES_END: 'ffff200008000000', KIMAGE_VADDR: 'ffff200008000000', _text: 'ffff200008080000', VMALLOC_START: 'ffff200008000000', VMALLOC_END: 'ffff7bffbfff0000', VMEMMAP_START: 'ffff7bffc0000000', VMEMMAP_SIZE: '0000040000000000', PCI_IO_START: 'ffff7ffffee00000', PCI_IO_END: 'ffff7fffffe00000', FIXADDR_TOP: 'ffff7ffffec00000', FIXADDR_START: 'ffff7ffffe7fd000', FIX_FDT_va: 'ffff7ffffe800000', FIX_BTMAP_BEGIN_va: 'ffff7ffffe63e000', FIX_PTE_va: 'ffff7ffffe63d000', FIX_PGD_va: 'ffff7ffffe63a000', KASAN_SHADOW_START: 'ffff000000000000', KASAN_SHADOW_END: 'ffff200000000000' }],
  ['v4.7', 39, false, { VA_START: 'ffffff8000000000', PAGE_OFFSET: 'ffffffc000000000', MODULES_VADDR: 'ffffff8000000000', MODULES_END: 'ffffff8008000000', KIMAGE_VADDR: 'ffffff8008000000', _text: 'ffffff8008080000', VMALLOC_START: 'ffffff8008000000', VMALLOC_END: 'ffffffbebfff0000', VMEMMAP_START: 'ffffffbf00000000', VMEMMAP_SIZE: '0000000100000000', PCI_IO_START: 'ffffffbefee00000', PCI_IO_END: 'ffffffbeffe00000', FIXADDR_TOP: 'ffffffbefec00000', FIXADDR_START: 'ffffffbefe7fd000', FIX_FDT_va: 'ffffffbefe800000', FIX_BTMAP_BEGIN_va: 'ffffffbefe63e000', FIX_PTE_va: 'ffffffbefe63d000', FIX_PGD_va: 'ffffffbefe63a000', KASAN_SHADOW_START: null, KASAN_SHADOW_END: null }],
  ['v4.7', 39, true, { VA_START: 'ffffff8000000000', PAGE_OFFSET: 'ffffffc000000000', MODULES_VADDR: 'ffffff9000000000', MODULES_END: 'ffffff9008000000', KIMAGE_VADDR: 'ffffff9008000000', _text: 'ffffff9008080000', VMALLOC_START: 'ffffff9008000000', VMALLOC_END: 'ffffffbebfff0000', VMEMMAP_START: 'ffffffbf00000000', VMEMMAP_SIZE: '0000000100000000', PCI_IO_START: 'ffffffbefee00000', PCI_IO_END: 'ffffffbeffe00000', FIXADDR_TOP: 'ffffffbefec00000', FIXADDR_START: 'ffffffbefe7fd000', FIX_FDT_va: 'ffffffbefe800000', FIX_BTMAP_BEGIN_va: 'ffffffbefe63e000', FIX_PTE_va: 'ffffffbefe63d000', FIX_PGD_va: 'ffffffbefe63a000', KASAN_SHADOW_START: 'ffffff8000000000', KASAN_SHADOW_END: 'ffffff9000000000' }],
  ['v4.7', 48, false, { VA_START: 'ffff000000000000', PAGE_OFFSET: 'ffff800000000000', MODULES_VADDR: 'ffff000000000000', MODULES_END: 'ffff000008000000', KIMAGE_VADDR: 'ffff000008000000', _text: 'ffff000008080000', VMALLOC_START: 'ffff000008000000', VMALLOC_END: 'ffff7dffbfff0000', VMEMMAP_START: 'ffff7e0000000000', VMEMMAP_SIZE: '0000020000000000', PCI_IO_START: 'ffff7dfffee00000', PCI_IO_END: 'ffff7dffffe00000', FIXADDR_TOP: 'ffff7dfffec00000', FIXADDR_START: 'ffff7dfffe7fd000', FIX_FDT_va: 'ffff7dfffe800000', FIX_BTMAP_BEGIN_va: 'ffff7dfffe63e000', FIX_PTE_va: 'ffff7dfffe63d000', FIX_PGD_va: 'ffff7dfffe63a000', KASAN_SHADOW_START: null, KASAN_SHADOW_END: null }],
  ['v4.7', 48, true, { VA_START: 'ffff000000000000', PAGE_OFFSET: 'ffff800000000000', MODULES_VADDR: 'ffff200000000000', MODULES_END: 'ffff200008000000', KIMAGE_VADDR: 'ffff200008000000', _text: 'ffff200008080000', VMALLOC_START: 'ffff200008000000', VMALLOC_END: 'ffff7dffbfff0000', VMEMMAP_START: 'ffff7e0000000000', VMEMMAP_SIZE: '0000020000000000', PCI_IO_START: 'ffff7dfffee00000', PCI_IO_END: 'ffff7dffffe00000', FIXADDR_TOP: 'ffff7dfffec00000', FIXADDR_START: 'ffff7dfffe7fd000', FIX_FDT_va: 'ffff7dfffe800000', FIX_BTMAP_BEGIN_va: 'ffff7dfffe63e000', FIX_PTE_va: 'ffff7dfffe63d000', FIX_PGD_va: 'ffff7dfffe63a000', KASAN_SHADOW_START: 'ffff000000000000', KASAN_SHADOW_END: 'ffff200000000000' }],
];

function hex16(n: number | null | undefined): string | null {
  return n === null || n === undefined ? null : n.toString(16).padStart(16, '0');
}

function keyOf(v: string): number {
  const p = parseKernelVersion(v);
  if (!p.ok) throw new Error(p.reason);
  return p.version.key;
}

describe('VA layout per version, VA_BITS and KASAN', () => {
  it.each(TABLE)('%s VA_BITS=%i KASAN=%s', (version, vaBits, kasan, want) => {
    const kernelKey = keyOf(version);
    const geometry = geometryFor(vaBits);
    const l = vaLayout({ geometry, kernelKey, kasan });
    const fixmap = fixmapFor(kernelKey);
    const img = imageSymbols({ geometry, kernelKey, layout: l, sizes: DEFAULT_IMAGE, debugAlignRodata: false, kaslrOffset: 0 });
    const slot = (name: 'FIX_FDT' | 'FIX_BTMAP_BEGIN' | 'FIX_PTE' | 'FIX_PGD'): number | null => {
      const idx = fixmap.slots[name];
      return idx === undefined ? null : fixToVirt(l.FIXADDR_TOP, idx);
    };
    const got: Record<string, string | null> = {
      VA_START: hex16(l.VA_START), PAGE_OFFSET: hex16(l.PAGE_OFFSET), MODULES_VADDR: hex16(l.MODULES_VADDR), MODULES_END: hex16(l.MODULES_END),
      KIMAGE_VADDR: hex16(l.KIMAGE_VADDR), _text: hex16(img._text), VMALLOC_START: hex16(l.VMALLOC_START), VMALLOC_END: hex16(l.VMALLOC_END),
      VMEMMAP_START: hex16(l.VMEMMAP_START), VMEMMAP_SIZE: hex16(l.VMEMMAP_SIZE), PCI_IO_START: hex16(l.PCI_IO_START), PCI_IO_END: hex16(l.PCI_IO_END),
      FIXADDR_TOP: hex16(l.FIXADDR_TOP), FIXADDR_START: hex16(l.FIXADDR_START), FIX_FDT_va: hex16(slot('FIX_FDT')),
      FIX_BTMAP_BEGIN_va: hex16(slot('FIX_BTMAP_BEGIN')), FIX_PTE_va: hex16(slot('FIX_PTE')), FIX_PGD_va: hex16(slot('FIX_PGD')),
      KASAN_SHADOW_START: hex16(l.KASAN_SHADOW_START), KASAN_SHADOW_END: hex16(l.KASAN_SHADOW_END),
    };
    expect(got).toEqual(want);
    // every boundary survives the double representation (page-granular below 2^64)
    for (const v of Object.values(l)) if (v !== null) expect(isExact(v)).toBe(true);
  });
});

describe('isExact: the check the layout and replay tests rely on', () => {
  it('rejects a kernel VA whose byte offset a double rounded away (it steps by 2048 above 2^63)', () => {
    // PAGE_OFFSET (VA_BITS 39) + 0x808 is no double: it becomes + 0x800, a multiple of 2048 but not of a page
    const rounded = 0xffffffc000000000 + 0x808;
    expect(rounded).toBe(0xffffffc000000800);
    expect(isExact(rounded)).toBe(false);
    expect(isExact(0xffffffc000001000)).toBe(true);
    expect(isExact(0x40000808)).toBe(true);
  });
});

describe('enum fixed_addresses (arch/arm64/include/asm/fixmap.h)', () => {
  it('v4.4: FIX_FDT 1024 … FIX_BTMAP_BEGIN 1474, no page-table slots, 1475 in all', () => {
    const f = fixmapEnum(false);
    expect(f.slots).toEqual({ FIX_FDT_END: 1, FIX_FDT: 1024, FIX_EARLYCON_MEM_BASE: 1025, FIX_TEXT_POKE0: 1026, FIX_BTMAP_END: 1027, FIX_BTMAP_BEGIN: 1474 });
    expect(f.endOfPermanent).toBe(1027);
    expect(f.endOfFixed).toBe(1475);
  });
  it('v4.6+: FIX_PTE, FIX_PMD, FIX_PUD, FIX_PGD = 1475 … 1478 below FIXADDR_START', () => {
    const f = fixmapEnum(true);
    expect([f.slots.FIX_PTE, f.slots.FIX_PMD, f.slots.FIX_PUD, f.slots.FIX_PGD]).toEqual([1475, 1476, 1477, 1478]);
    expect(f.endOfFixed).toBe(1479);
  });
  it('bm_pte covers [TOP - 6M, TOP - 4M): every page slot, down to FIX_PGD, is in it', () => {
    const top = 0xffffffbffec00000;
    const f = fixmapEnum(true);
    for (const idx of [f.slots.FIX_EARLYCON_MEM_BASE, f.slots.FIX_BTMAP_BEGIN, f.slots.FIX_PGD]) {
      const va = fixToVirt(top, idx ?? 0);
      expect(va >= top - 6 * 2 ** 20 && va < top - 4 * 2 ** 20).toBe(true);
    }
  });
});

describe('kernel image sections (vmlinux.lds.S)', () => {
  const g = geometryFor(39);
  const at = (version: string, align: boolean) => {
    const kernelKey = keyOf(version);
    return imageSymbols({ geometry: g, kernelKey, layout: vaLayout({ geometry: g, kernelKey, kasan: false }), sizes: DEFAULT_IMAGE, debugAlignRodata: align, kaslrOffset: 0 });
  };
  it('v4.4: in the linear map, _stext a page after _text, __init_end and _data page-aligned', () => {
    const i = at('v4.4', false);
    expect(hex16(i._text)).toBe('ffffffc000080000');
    expect(i._stext - i._text).toBe(0x1000);
    expect(i.__init_begin).toBe(i._etext);
    expect(i._data).toBe(i.__init_end);
  });
  it('v4.4 with DEBUG_ALIGN_RODATA: _stext and _etext 2 MiB-aligned, __init_end only page-aligned', () => {
    const i = at('v4.4', true);
    expect(i._stext % 2 ** 21).toBe(0);
    expect(i._etext % 2 ** 21).toBe(0);
    expect(i.__init_end % 0x1000).toBe(0);
  });
  it('v4.7: SEGMENT_ALIGN (64 KiB) at __start_rodata, _etext and __init_end; text starts at _text', () => {
    const i = at('v4.7', false);
    for (const v of [i.__start_rodata, i._etext, i.__init_end]) expect(v % 0x10000).toBe(0);
    expect(i._stext - i._text).toBe(0x1000);
  });
  it('idmap_pg_dir (3 pages) and swapper_pg_dir (PGTABLE_LEVELS - 1 pages) end the image', () => {
    const i = at('v4.6', false);
    expect(i.swapper_pg_dir - i.idmap_pg_dir).toBe(3 * 0x1000);
    expect(i._end - i.swapper_pg_dir).toBe(2 * 0x1000);
  });
});
