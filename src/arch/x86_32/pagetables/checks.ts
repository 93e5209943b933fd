/**
 * Input checks for the page-table knobs: the seed's proposals 2 and 3 cannot
 * be replayed, and the System.map and Xen start_info values must describe a
 * kernel image and a bootstrap region that exist.
 */
import type { ProblemSink, RawArchInput } from '../../types.js';
import { SizeSchema } from '../../../scenario/size-schema.js';
import { PAGE_SIZE } from '../geometry.js';
import { isRecord } from '../../../scenario/is-record.js';
import { size as exact } from '../../../units.js';
import { DEFAULT_MACHINE } from '../defaults.js';
import { DEFAULT_END_OFFSET, pfnUp } from './image.js';
import { XEN_PAD, xenBoot } from './xen-boot.js';
import { PAGETABLE_INIT_POLICIES, UNREPLAYABLE_REASON, isReplayable, type PagetableInitPolicy } from './policy.js';

function size(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const r = SizeSchema.safeParse(v);
  return r.success ? r.data : undefined;
}

/** lowmem without highmem: the 896 MiB the system_map check also allows */
const LOWMEM = 0x38000000;

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function checkPagetables(input: RawArchInput, sink: ProblemSink): void {
  const { config, machine } = input;
  const policy = config['pagetable_init_policy'];
  if (typeof policy === 'string' && (PAGETABLE_INIT_POLICIES as readonly string[]).includes(policy) && !isReplayable(policy as PagetableInitPolicy)) {
    const replayable = PAGETABLE_INIT_POLICIES.filter((p) => isReplayable(p)).join(', ');
    sink.at(['config', 'pagetable_init_policy'], `config.pagetable_init_policy: ${policy} cannot be replayed: ${UNREPLAYABLE_REASON}; replayable: ${replayable}`);
  }
  const pageOffset = size(config['page_offset']) ?? 0xc0000000;
  const map = config['system_map'];
  if (isRecord(map)) {
    const text = size(map['_text']);
    const initEnd = size(map['__init_end']);
    const end = size(map['_end']);
    const check = (key: string, v: number | undefined): void => {
      if (v !== undefined && (v < pageOffset || v >= pageOffset + 0x38000000)) {
        sink.at(['config', 'system_map', key], `config.system_map.${key}: ${hex(v)} is not a kernel image address (PAGE_OFFSET ${hex(pageOffset)} … +896 MiB)`);
      }
    };
    check('_text', text);
    check('__init_end', initEnd);
    check('_end', end);
    if (text !== undefined && initEnd !== undefined && initEnd <= text) sink.at(['config', 'system_map', '__init_end'], `config.system_map.__init_end: ${hex(initEnd)} is not above _text ${hex(text)}`);
    if (initEnd !== undefined && end !== undefined && end < initEnd) sink.at(['config', 'system_map', '_end'], `config.system_map._end: ${hex(end)} is below __init_end ${hex(initEnd)} (.bss follows __init_end)`);
  }
  checkImageInRam(input, sink, pageOffset);
  const ptBase = size(machine['xen_pt_base']);
  const nrRaw = machine['xen_nr_pt_frames'];
  const nr = typeof nrRaw === 'number' && Number.isInteger(nrRaw) && nrRaw >= 3 && nrRaw <= 4096 ? nrRaw : undefined;
  if (ptBase !== undefined) {
    if (ptBase % PAGE_SIZE !== 0) sink.at(['machine', 'xen_pt_base'], `machine.xen_pt_base: ${hex(ptBase)} is not page-aligned (start_info.pt_base is the virtual address of a page)`);
    else if (ptBase < pageOffset) sink.at(['machine', 'xen_pt_base'], `machine.xen_pt_base: ${hex(ptBase)} is below PAGE_OFFSET ${hex(pageOffset)}; start_info.pt_base is a kernel virtual address`);
    else checkXenRegion(input, sink, pageOffset, ptBase, nr);
  } else if (nr !== undefined) checkXenRegion(input, sink, pageOffset, undefined, nr);
}

/**
 * The kernel image and the first page table head_32.S writes after it (pg0 at
 * PAGE_ALIGN(_end), head_32.S of 2.6.27) must be in RAM: the boot loader loads
 * the image at CONFIG_PHYSICAL_START and head_32.S clears .bss and builds pg0
 * in place, so a machine with less memory than that cannot boot this kernel
 * at all. Said at system_map._end when the map is given, else at memory.
 */
function checkImageInRam(input: RawArchInput, sink: ProblemSink, pageOffset: number): void {
  const { config, machine } = input;
  const map = config['system_map'];
  const given = isRecord(map) ? size(map['_end']) : undefined;
  const end = given ?? pageOffset + DEFAULT_END_OFFSET;
  // an _end outside the image range is reported by its own check
  if (end < pageOffset || end >= pageOffset + LOWMEM) return;
  const memory = size(machine['memory']) ?? DEFAULT_MACHINE.memory;
  const needed = (pfnUp(end - pageOffset) + 1) * PAGE_SIZE;
  // below 1 MiB checkX86 has said the memory is impossible
  if (memory >= needed || memory < 2 ** 20) return;
  const what = `the kernel image ends at physical ${hex(end - pageOffset)} (${given === undefined ? 'the default ' : ''}system_map._end ${hex(end)} − PAGE_OFFSET ${hex(pageOffset)}) and head_32.S writes its first page table (pg0) after it`;
  const need = `at least ${exact(needed)} (${hex(needed)})`;
  if (given !== undefined && machine['memory'] === undefined) sink.at(['config', 'system_map', '_end'], `config.system_map._end: ${what}, past machine.memory (${exact(memory)}, the default); give machine.memory ${need}`);
  else sink.at(['machine', 'memory'], `machine.memory: ${exact(memory)} does not hold the kernel: ${what}; the machine needs ${need}`);
}

/**
 * start_info's bootstrap region (include/xen/interface/xen.h, the start_info
 * layout comment): "a. relocated kernel image b. initial ram disk c. list of
 * allocated page frames [mfn_list] d. start_info_t e. bootstrap page tables
 * f. bootstrap stack", "at least 512kB padding after the final bootstrap
 * element", the region ending on a 4 MiB boundary and mapped by the bootstrap
 * L1s (nr_pt_frames - 2 of them with PAE, 2 MiB each). A pt_base inside the
 * image, mfn_list or start_info, a region past memory or lowmem, or L1s that
 * do not map the page tables themselves describe no domain Xen builds (the
 * replay would then see page-table frames that nothing maps).
 */
function checkXenRegion(input: RawArchInput, sink: ProblemSink, pageOffset: number, ptBase: number | undefined, nr: number | undefined): void {
  const { config, machine } = input;
  const map = config['system_map'];
  const end = (isRecord(map) ? size(map['_end']) : undefined) ?? pageOffset + DEFAULT_END_OFFSET;
  const memory = size(machine['memory']) ?? DEFAULT_MACHINE.memory;
  const memoryPages = Math.floor(memory / PAGE_SIZE);
  const imageEnd = pfnUp(end - pageOffset);
  // the lowest pt_base: after the image, mfn_list (4 bytes per page) and start_info (xen-boot.ts's default)
  const lowest = xenBoot(imageEnd, memoryPages, null, null).ptBase;
  const base = ptBase === undefined ? lowest : Math.floor((ptBase - pageOffset) / PAGE_SIZE);
  const frames = nr ?? xenBoot(imageEnd, memoryPages, base, null).nrPtFrames;
  // the region's last page: page tables, one stack page, 512 KiB of padding
  const regionPages = base + frames + 1 + XEN_PAD / PAGE_SIZE;
  const limit = Math.min(memoryPages, LOWMEM / PAGE_SIZE);
  const va = (pfn: number): string => hex(pageOffset + pfn * PAGE_SIZE);
  // the highest pt_base whose region (with the frames it needs, at least the given ones) still fits: binary search,
  // the region's end grows with pt_base
  const regionEnd = (b: number): number => b + Math.max(nr ?? 0, xenBoot(imageEnd, memoryPages, b, null).nrPtFrames) + 1 + XEN_PAD / PAGE_SIZE;
  let lo = lowest;
  let hi = limit;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (regionEnd(mid) <= limit) lo = mid;
    else hi = mid - 1;
  }
  const allowed = regionEnd(lowest) <= limit ? `${va(lowest)} (the default) up to ${va(lo)}` : `none: the region does not fit ${limit === memoryPages ? 'machine.memory' : 'lowmem'} even at the default ${va(lowest)}`;
  if (ptBase !== undefined && base < lowest) {
    sink.at(['machine', 'xen_pt_base'], `machine.xen_pt_base: ${hex(ptBase)} overlaps the kernel image (_end ${hex(end)}), mfn_list (${pfnUp(memoryPages * 4)} pages for ${memoryPages} pages of memory) or start_info, which start_info's layout puts before the bootstrap page tables; allowed: ${allowed}`);
    return;
  }
  if (regionPages > limit) {
    const key = ptBase !== undefined ? 'xen_pt_base' : 'xen_nr_pt_frames';
    sink.at(['machine', key], `machine.${key}: the bootstrap region (pt_base ${va(base)}, ${frames} page-table frames, a stack page and 512 KiB of padding) ends at ${va(regionPages)}, past ${limit === memoryPages ? `machine.memory (${hex(memory)})` : 'lowmem (896 MiB)'}; allowed pt_base: ${allowed}`);
    return;
  }
  if (nr !== undefined) {
    const need = xenBoot(imageEnd, memoryPages, base, null).nrPtFrames;
    if (nr < need) {
      sink.at(['machine', 'xen_nr_pt_frames'], `machine.xen_nr_pt_frames: ${nr} frames (L3, L2 and ${nr - 2} L1 of 2 MiB) do not map the bootstrap region up to its 4 MiB-aligned end past pt_base ${va(base)}: the page tables would not map themselves; allowed: ${need} (for this pt_base) or more`);
    }
  }
}
