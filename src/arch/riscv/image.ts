/**
 * The kernel image as arch/riscv/kernel/vmlinux.lds.S lays it out, from the
 * section sizes of machine.kernel: offsets from _start (bytes, page-aligned).
 *
 * 5.10 (R510 vmlinux.lds.S:27-116): HEAD, then __init_begin: .init.text,
 *   the SoC tables, .exit.*, percpu; __init_end; ALIGN(SECTION_ALIGN) .text
 *   (_stext … _etext); INIT_DATA_SECTION right after .text, not aligned;
 *   RO_DATA(SECTION_ALIGN); .srodata; EXCEPTION_TABLE(0x10); ALIGN(SECTION_ALIGN)
 *   _data … _end.
 * 5.12+ (R512 vmlinux.lds.S:27-127, R514:33-140): HEAD and .text (_start …
 *   _etext); ALIGN(SECTION_ALIGN) __init_text_begin … __init_text_end;
 *   ALIGN(SECTION_ALIGN) __init_data_begin … __init_end; RO_DATA(SECTION_ALIGN);
 *   .srodata; EXCEPTION_TABLE(0x10); ALIGN(SECTION_ALIGN) _data … _end.
 * RO_DATA(align) ends with `. = ALIGN((align)); __end_rodata = .;`
 * (include/asm-generic/vmlinux.lds.h:431-545 at R512 and R514), so .srodata
 * and __ex_table start on a fresh SECTION_ALIGN boundary, and _data, aligned
 * again, lies a whole SECTION_ALIGN past __end_rodata (R510
 * vmlinux.lds.S:81-90, R512:96-105, R514:109-118; riscv audit F2: the model
 * had _data right after the rodata size, 2 MiB low with 2 MiB sections).
 * SECTION_ALIGN is 2 MiB with CONFIG_ARCH_HAS_STRICT_KERNEL_RWX (5.10, every
 * MMU kernel) or CONFIG_STRICT_KERNEL_RWX (5.12+), else L1_CACHE_BYTES, which
 * the model rounds to a page (sizes are whole pages).
 */
import { alignUp, PAGE_SIZE } from './geometry.js';
import type { Profile } from './profile.js';
import type { Interval, SectionSizes } from './types.js';

/** 5.10's HEAD_TEXT_SECTION followed by ALIGN(PAGE_SIZE): one page in the model */
export const HEAD_SIZE_5_10 = PAGE_SIZE;

/**
 * .srodata and __ex_table after RO_DATA: one page in the model (sizes are whole pages). Never empty:
 * riscv's uaccess routines put their fixups in __ex_table (asm/uaccess.h). With 2 MiB sections its size
 * does not matter: it starts a leaf of its own, and _data the next one.
 */
export const SRODATA_EX_TABLE_SIZE = PAGE_SIZE;

/** Where RO_DATA(align), .srodata and EXCEPTION_TABLE end: RO_DATA's own size rounded up to `align`, then the small sections. */
function afterRodata(rodata: number, size: number, align: number): number {
  return alignUp(rodata + size, align) + SRODATA_EX_TABLE_SIZE;
}

export type SectionName = 'head' | 'text' | 'init.text' | 'init.data' | 'rodata' | 'data';

export interface Section extends Interval {
  readonly name: SectionName;
}

/** The linker-script symbols the permission code uses, as offsets from _start. */
export interface Symbols {
  readonly _start: number;
  readonly _stext: number;
  readonly _etext: number;
  readonly __init_begin: number;
  readonly __init_end: number;
  /** 5.12+; 5.10 has no split init (its value is __init_begin there) */
  readonly __init_text_begin: number;
  readonly __init_data_begin: number;
  readonly __start_rodata: number;
  readonly _data: number;
  readonly _end: number;
}

export type SymbolName = keyof Symbols;

export interface ImageLayout {
  /** in address order; the padding between them belongs to no section */
  readonly sections: readonly Section[];
  readonly symbols: Symbols;
  /** _end - _start, bytes (page-aligned) */
  readonly size: number;
}

export function imageLayout(profile: Profile, sizes: SectionSizes): ImageLayout {
  const align = profile.sectionAlign;
  const sections: Section[] = [];
  const put = (name: SectionName, start: number, size: number): number => {
    sections.push({ name, start, end: start + size });
    return start + size;
  };
  if (profile.imageScheme === '5.10') {
    const head = put('head', 0, HEAD_SIZE_5_10);
    const initEnd = put('init.text', head, sizes.init_text);
    const stext = alignUp(initEnd, align);
    const etext = put('text', stext, sizes.text);
    const initDataEnd = put('init.data', etext, sizes.init_data);
    const rodata = alignUp(initDataEnd, align);
    const rodataEnd = put('rodata', rodata, afterRodata(rodata, sizes.rodata, align) - rodata);
    const data = alignUp(rodataEnd, align);
    const end = put('data', data, sizes.data);
    return {
      sections,
      symbols: {
        _start: 0, _stext: stext, _etext: etext, __init_begin: head, __init_end: initEnd,
        __init_text_begin: head, __init_data_begin: etext, __start_rodata: rodata, _data: data, _end: end,
      },
      size: end,
    };
  }
  const etext = put('text', 0, sizes.text);
  const initText = alignUp(etext, align);
  const initTextEnd = put('init.text', initText, sizes.init_text);
  const initData = alignUp(initTextEnd, align);
  const initEnd = put('init.data', initData, sizes.init_data);
  const rodata = alignUp(initEnd, align);
  const rodataEnd = put('rodata', rodata, afterRodata(rodata, sizes.rodata, align) - rodata);
  const data = alignUp(rodataEnd, align);
  const end = put('data', data, sizes.data);
  return {
    sections,
    symbols: {
      _start: 0, _stext: 0, _etext: etext, __init_begin: initText, __init_end: initEnd,
      __init_text_begin: initText, __init_data_begin: initData, __start_rodata: rodata, _data: data, _end: end,
    },
    size: end,
  };
}

/** The section holding an image offset, if any (padding holds none). */
export function sectionAt(image: ImageLayout, offset: number): Section | undefined {
  return image.sections.find((s) => offset >= s.start && offset < s.end);
}
