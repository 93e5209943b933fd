/**
 * The arm64 virtual address layout with 4K pages, per version, and where the
 * kernel image's sections land (spec §3.2, §5; the numbers are pinned in
 * test/arch/arm64/model/layout.test.ts and match /work/notes/arm64-layout-calc.py).
 *
 * v4.4 [A44 arch/arm64/include/asm/memory.h:51-60, pgtable.h:43-55, kasan.h:15-16]:
 *   VA_START = ~0 << VA_BITS, PAGE_OFFSET = ~0 << (VA_BITS - 1)
 *   MODULES_END = PAGE_OFFSET, MODULES_VADDR = MODULES_END - 64M
 *   PCI_IO_END = MODULES_VADDR - 2M, PCI_IO_START = PCI_IO_END - 16M, FIXADDR_TOP = PCI_IO_START - 2M
 *   VMEMMAP_SIZE = ALIGN((1 << (VA_BITS - 12)) * sizeof(struct page), PUD_SIZE)
 *   VMALLOC_START = VA_START, or KASAN_SHADOW_END + 64K with KASAN
 *   VMALLOC_END = PAGE_OFFSET - PUD_SIZE - VMEMMAP_SIZE - 64K, VMEMMAP_START = VMALLOC_END + 64K
 *   the kernel lives in the linear map: _text = PAGE_OFFSET + TEXT_OFFSET
 * v4.6 [A46 memory.h:50-59,78-82, pgtable.h:35-41]:
 *   MODULES_VADDR = VA_START + KASAN_SHADOW_SIZE, MODULES_END = MODULES_VADDR + 128M
 *   KIMAGE_VADDR = VMALLOC_START = MODULES_END; PCI_IO_END = PAGE_OFFSET - 2M;
 *   vmemmap as v4.4; _text = KIMAGE_VADDR + TEXT_OFFSET (+ the KASLR offset)
 *   (VMEMMAP_SIZE is still (1 << (VA_BITS - PAGE_SHIFT)) * sizeof(struct page) at v4.6.5,
 *   pgtable.h:35 in chenlihao92/archlinux-4.6.5@b9b6ded1: the "- 1" of the linear region's
 *   projection came with v4.7's move of vmemmap below the linear map; helper-176 read a
 *   posted pre-image as v4.6, the release says otherwise)
 * v4.7 [A47 memory.h:49-102, pgtable.h:33-36]:
 *   VMEMMAP_SIZE = 1 << (VA_BITS - 12 - 1 + 6), VMEMMAP_START = PAGE_OFFSET - VMEMMAP_SIZE,
 *   PCI_IO_END = VMEMMAP_START - 2M; otherwise as v4.6
 *
 * sizeof(struct page) is taken as 64 (STRUCT_PAGE_MAX_SHIFT 6); v4.4/v4.6's
 * VMEMMAP_SIZE depends on it, v4.7's does not.
 */
import { alignUp, MiB, topDown, KiB } from './addr.js';
import { fixmapEnum, fixToVirt, type FixmapEnum } from './fixmap.js';
import { geometryFor, IDMAP_DIR_SIZE, PAGE_SIZE, PUD_SIZE, SECTION_SIZE, swapperDirSize, TEXT_OFFSET, type Geometry } from './geometry.js';
import { V4_4, V4_6 } from './kernel-version.js';
import type { ImageSizes } from './types.js';

export const STRUCT_PAGE_SIZE = 64;
export const MODULES_VSIZE_V44 = 64 * MiB;
export const MODULES_VSIZE = 128 * MiB;
/** .head.text: the Image and PE/COFF headers and the early head.S code, one page (_stext = _text + 0x1000 in System.map) */
export const HEAD_TEXT_SIZE = 4 * KiB;

/** The kernel's layout constants of one configuration (bytes, addresses). */
export interface VaLayout {
  readonly VA_START: number;
  readonly PAGE_OFFSET: number;
  /** null without KASAN */
  readonly KASAN_SHADOW_START: number | null;
  readonly KASAN_SHADOW_END: number | null;
  /** KASAN_SHADOW_OFFSET = KASAN_SHADOW_END - (1 << 61) (asm/kasan.h), null without KASAN */
  readonly KASAN_SHADOW_OFFSET: number | null;
  readonly MODULES_VADDR: number;
  readonly MODULES_END: number;
  /** null in v4.4, where the kernel lives in the linear map */
  readonly KIMAGE_VADDR: number | null;
  readonly VMALLOC_START: number;
  readonly VMALLOC_END: number;
  readonly VMEMMAP_START: number;
  readonly VMEMMAP_SIZE: number;
  readonly PCI_IO_START: number;
  readonly PCI_IO_END: number;
  readonly FIXADDR_TOP: number;
  readonly FIXADDR_START: number;
}

export interface LayoutInput {
  readonly geometry: Geometry;
  readonly kernelKey: number;
  readonly kasan: boolean;
}

export function vaLayout({ geometry, kernelKey, kasan }: LayoutInput): VaLayout {
  const vb = geometry.vaBits;
  const VA_START = topDown(vb);
  const PAGE_OFFSET = topDown(vb - 1);
  const shadowSize = kasan ? 2 ** (vb - 3) : 0;
  const KASAN_SHADOW_START = kasan ? VA_START : null;
  const KASAN_SHADOW_END = kasan ? VA_START + shadowSize : null;
  const KASAN_SHADOW_OFFSET = KASAN_SHADOW_END === null ? null : KASAN_SHADOW_END - 2 ** 61;
  const oldVmemmapSize = alignUp(2 ** (vb - 12) * STRUCT_PAGE_SIZE, PUD_SIZE);
  const fixaddrSize = fixmapEnum(false).endOfPermanent * PAGE_SIZE;
  if (kernelKey === V4_4) {
    const MODULES_END = PAGE_OFFSET;
    const MODULES_VADDR = MODULES_END - MODULES_VSIZE_V44;
    const PCI_IO_END = MODULES_VADDR - 2 * MiB;
    const PCI_IO_START = PCI_IO_END - 16 * MiB;
    const FIXADDR_TOP = PCI_IO_START - 2 * MiB;
    const VMALLOC_END = PAGE_OFFSET - PUD_SIZE - oldVmemmapSize - 64 * KiB;
    return {
      VA_START, PAGE_OFFSET, KASAN_SHADOW_START, KASAN_SHADOW_END, KASAN_SHADOW_OFFSET, MODULES_VADDR, MODULES_END,
      KIMAGE_VADDR: null,
      VMALLOC_START: KASAN_SHADOW_END === null ? VA_START : KASAN_SHADOW_END + 64 * KiB,
      VMALLOC_END, VMEMMAP_START: VMALLOC_END + 64 * KiB, VMEMMAP_SIZE: oldVmemmapSize,
      PCI_IO_START, PCI_IO_END, FIXADDR_TOP, FIXADDR_START: FIXADDR_TOP - fixaddrSize,
    };
  }
  const MODULES_VADDR = VA_START + shadowSize;
  const MODULES_END = MODULES_VADDR + MODULES_VSIZE;
  const VMEMMAP_SIZE = kernelKey === V4_6 ? oldVmemmapSize : 2 ** (vb - 12 - 1 + 6);
  const VMALLOC_END = PAGE_OFFSET - PUD_SIZE - VMEMMAP_SIZE - 64 * KiB;
  const VMEMMAP_START = kernelKey === V4_6 ? VMALLOC_END + 64 * KiB : PAGE_OFFSET - VMEMMAP_SIZE;
  const PCI_IO_END = kernelKey === V4_6 ? PAGE_OFFSET - 2 * MiB : VMEMMAP_START - 2 * MiB;
  const PCI_IO_START = PCI_IO_END - 16 * MiB;
  const FIXADDR_TOP = PCI_IO_START - 2 * MiB;
  return {
    VA_START, PAGE_OFFSET, KASAN_SHADOW_START, KASAN_SHADOW_END, KASAN_SHADOW_OFFSET, MODULES_VADDR, MODULES_END,
    KIMAGE_VADDR: MODULES_END,
    VMALLOC_START: MODULES_END, VMALLOC_END, VMEMMAP_START, VMEMMAP_SIZE,
    PCI_IO_START, PCI_IO_END, FIXADDR_TOP, FIXADDR_START: FIXADDR_TOP - fixaddrSize,
  };
}

/** The enum of a kernel version. */
export function fixmapFor(kernelKey: number): FixmapEnum {
  return fixmapEnum(kernelKey >= V4_6);
}

/** FIXADDR_TOP - idx pages for a named slot (0 when the version has no such slot). */
export function slotVa(layout: VaLayout, fixmap: FixmapEnum, slot: keyof FixmapEnum['slots']): number {
  return fixToVirt(layout.FIXADDR_TOP, fixmap.slots[slot] ?? 0);
}

/**
 * The kernel image's symbols (virtual addresses, link-time address plus the
 * KASLR offset), as the linker script places them:
 *
 * v4.4 [A44 arch/arm64/kernel/vmlinux.lds.S:65-172]: ALIGN_DEBUG_RO is 2 MiB with
 *   DEBUG_ALIGN_RODATA, a page with DEBUG_RODATA, nothing otherwise; it comes
 *   before _stext, before RO_DATA (itself page-aligned), before _etext and
 *   (as ALIGN_DEBUG_RO_MIN(PAGE_SIZE)) before __init_begin; __init_end and
 *   _data are page-aligned.
 * v4.6 [A46 vmlinux.lds.S:65-74,99-183]: ALIGN_DEBUG_RO_MIN(PAGE_SIZE) before
 *   _stext, RO_DATA and _etext = __init_begin; __init_end = _data page-aligned.
 * v4.7 [A47 vmlinux.lds.S:75-89,108-203]: no alignment after .head.text;
 *   SEGMENT_ALIGN (2 MiB with DEBUG_ALIGN_RODATA, else 64 KiB) before RO_DATA,
 *   at _etext = __init_begin and at __init_end = _data.
 * Every version: idmap_pg_dir (3 pages) and swapper_pg_dir (levels - 1 pages)
 * after .bss, then _end.
 *
 * Section sizes are taken as page multiples; .altinstructions (between
 * __init_end and _data in v4.4) is counted in `init`. So in v4.4 _data is
 * __init_end here, and without DEBUG_RODATA (ALIGN_DEBUG_RO empty) _etext is
 * __init_begin, where the kernel's _etext ends .notes unaligned below it
 * (A44 vmlinux.lds.S:65-73, :120-124): no finding depends on the difference,
 * and messages do not name these two as boundaries (shared-leaf-permissions).
 */
export interface ImageSymbols {
  readonly _text: number;
  readonly _stext: number;
  readonly __start_rodata: number;
  readonly _etext: number;
  readonly __init_begin: number;
  readonly __init_end: number;
  readonly _data: number;
  readonly idmap_pg_dir: number;
  readonly swapper_pg_dir: number;
  readonly _end: number;
  /** where the model puts .idmap.text: the last page of .text, where IDMAP_TEXT is listed */
  readonly __idmap_text_start: number;
}

export interface ImageInput {
  readonly geometry: Geometry;
  readonly kernelKey: number;
  readonly layout: VaLayout;
  readonly sizes: ImageSizes;
  readonly debugAlignRodata: boolean;
  /** the KASLR offset (bytes, 2 MiB multiple), 0 without KASLR */
  readonly kaslrOffset: number;
}

export function imageSymbols(input: ImageInput): ImageSymbols {
  const { geometry, kernelKey, layout, sizes, debugAlignRodata, kaslrOffset } = input;
  const base = kernelKey === V4_4 ? layout.PAGE_OFFSET : (layout.KIMAGE_VADDR ?? layout.PAGE_OFFSET) + kaslrOffset;
  const _text = base + TEXT_OFFSET;
  const section = SECTION_SIZE;
  // v4.4/v4.6: ALIGN_DEBUG_RO(_MIN(PAGE_SIZE)) is 2 MiB with DEBUG_ALIGN_RODATA, else a page
  // (RO_DATA and __init_begin are page-aligned even without DEBUG_RODATA); v4.7: SEGMENT_ALIGN
  const roAlign = kernelKey >= 407 ? (debugAlignRodata ? section : 64 * KiB) : debugAlignRodata ? section : PAGE_SIZE;
  const _stext = kernelKey >= 407 ? _text + HEAD_TEXT_SIZE : alignUp(_text + HEAD_TEXT_SIZE, roAlign);
  const textEnd = _stext + sizes.text;
  const __start_rodata = alignUp(textEnd, roAlign);
  const _etext = alignUp(__start_rodata + sizes.rodata, roAlign);
  const __init_begin = _etext;
  const __init_end = alignUp(__init_begin + sizes.init, kernelKey >= 407 ? roAlign : PAGE_SIZE);
  const _data = __init_end;
  const idmap_pg_dir = alignUp(_data + sizes.data, PAGE_SIZE);
  const swapper_pg_dir = idmap_pg_dir + IDMAP_DIR_SIZE;
  const _end = swapper_pg_dir + swapperDirSize(geometry);
  return {
    _text, _stext, __start_rodata, _etext, __init_begin, __init_end, _data, idmap_pg_dir, swapper_pg_dir, _end,
    __idmap_text_start: alignUp(textEnd, PAGE_SIZE) - PAGE_SIZE,
  };
}

/**
 * image_size, bytes: the Image header's _kernel_size_le = _end - _text (A44 arch/arm64/kernel/image.h:61,
 * A46/A47 :70), what booting.txt asks the boot loader to keep free: "At least image_size bytes from the start
 * of the image must be free for use by the kernel" (A44 Documentation/arm64/booting.txt:126-127, A46 :129-130,
 * A47 :129). The same at every KASLR offset and base (both keep every alignment used).
 */
export function imageSize(kernelKey: number, vaBits: 39 | 48, sizes: ImageSizes, debugAlignRodata: boolean): number {
  const geometry = geometryFor(vaBits);
  const layout = vaLayout({ geometry, kernelKey, kasan: false });
  const s = imageSymbols({ geometry, kernelKey, layout, sizes, debugAlignRodata, kaslrOffset: 0 });
  return s._end - s._text;
}
