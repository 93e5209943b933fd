/**
 * The default CMA area: arm64_memblock_init() ends with
 * dma_contiguous_reserve(arm64_dma_phys_limit) (CONFIG_DMA_CMA, y in
 * defconfig), which takes `cma=` or CONFIG_CMA_SIZE_MBYTES from memblock
 * through cma_declare_contiguous(). On defconfig's 2 GiB machine that is
 * 16 MiB at the top of the DMA window, below everything paging_init() and
 * later steps allocate there.
 *
 * Sources (the same code at the three versions the model covers):
 * drivers/base/dma-contiguous.c dma_contiguous_reserve() :107-140 and
 * dma_contiguous_reserve_area(), mm/cma.c cma_declare_contiguous() at
 * chenlihao92/archlinux-4.6.5@b9b6ded1; rivsidn/linux-4.4.155@a1961d75 and
 * calebwilliamsd/linux-4.7.4-casio@01851de9 (mm/cma.c:236-252 there).
 */
import { MiB } from '../addr.js';
import { PAGE_SIZE } from '../geometry.js';
import { V4_4 } from '../kernel-version.js';
import { alloc, isReserved, reserve } from '../mm/memblock.js';
import type { Mm } from '../mm/mmu.js';
import { paSym } from './statics.js';

const U64 = 2n ** 64n;

/**
 * cma_declare_contiguous()'s alignment: PAGE_SIZE << max(MAX_ORDER - 1,
 * pageblock_order). With 4 KiB pages MAX_ORDER is CONFIG_FORCE_MAX_ZONEORDER's
 * default 11 (arch/arm64/Kconfig:633-637 at v4.6) and pageblock_order at most
 * MAX_ORDER - 1: 4 KiB << 10 = 4 MiB.
 */
export const CMA_ALIGNMENT = PAGE_SIZE * 2 ** 10;

function alignUpU64(x: bigint, a: bigint): bigint {
  return ((x + a - 1n) & ~(a - 1n)) % U64;
}

function hex64(x: bigint): string {
  return `0x${x.toString(16)}`;
}

/**
 * __pa(high_memory) as cma_declare_contiguous() computes highmem_start. v4.4
 * sets high_memory = __va(memblock_end_of_DRAM() - 1) + 1 just before
 * (arch/arm64/mm/init.c:185), so it is the end of DRAM. v4.6 and v4.7 set it
 * only later (bootmem_init()), so it is __pa(NULL): NULL is no linear address
 * (bit VA_BITS - 1 clear), so __virt_to_phys() takes it for a kernel-image one,
 * 0 - kimage_voffset (asm/memory.h:109-112 at v4.7) = PA(_text) + 2^64 -
 * VA(_text): more than VA_BITS - 1 bits above the image, past any RAM the
 * linear map holds.
 */
function highmemStart(mm: Mm, dramEnd: number): bigint {
  if (mm.ctx.kernelKey <= V4_4) return BigInt(dramEnd);
  const text = mm.s.image._text;
  return BigInt(paSym(mm.ctx, mm.s.image, text)) + (U64 - BigInt(text));
}

/**
 * A u64 as a memblock address. Exact: `cma=` values are below 2^48 (cmdline.ts refuses the rest) and the
 * config's size below 2^51, so every sum here is below 2^53; highmem_start, which may not be, only
 * bounds a search.
 */
function asNumber(x: bigint): number {
  return x < 2n ** 53n ? Number(x) : Number.MAX_SAFE_INTEGER;
}

/**
 * dma_contiguous_reserve(arm64_dma_phys_limit) → dma_contiguous_reserve_area()
 * → cma_declare_contiguous(base, size, limit, 0, 0, fixed): the area is
 * memblock_reserve()d at `cma=SIZE@BASE` when BASE + SIZE is its limit
 * (fixed), else memblock_alloc_range(size, 4 MiB, base, limit), top-down;
 * failing, the kernel prints "Failed to reserve N MiB" and boots on without
 * a default area. Emits one CmaEvent, or nothing when there is no area to
 * reserve (CONFIG_DMA_CMA off, a size of 0).
 */
export function dmaContiguousReserve(mm: Mm): void {
  const { ctx, s } = mm;
  const { config } = ctx.scenario;
  if (!config.dma_cma) return;
  const limitArg = BigInt(s.dmaPhysLimit);
  const cmd = s.cmaCmdline;
  let size: bigint;
  let base = 0n;
  let limit = limitArg;
  let fixed = false;
  if (cmd !== null) {
    size = cmd.size;
    base = cmd.base;
    // min_not_zero(limit_cmdline, limit)
    limit = cmd.limit === 0n ? limitArg : limitArg === 0n ? cmd.limit : (cmd.limit < limitArg ? cmd.limit : limitArg);
    fixed = (cmd.base + cmd.size) % U64 === cmd.limit;
  } else {
    size = BigInt(config.cma_size_mbytes) * BigInt(MiB);
  }
  if (size === 0n) return;
  const source = cmd !== null ? cmd.text : `CONFIG_CMA_SIZE_MBYTES=${config.cma_size_mbytes}`;

  const mem = s.memblock.memory;
  const dramEnd = mem[mem.length - 1]?.end ?? 0;
  const highmem = highmemStart(mm, dramEnd);
  const align = BigInt(CMA_ALIGNMENT);
  base = alignUpU64(base, align);
  size = alignUpU64(size, align);
  limit &= ~(align - 1n);
  if (base === 0n) fixed = false;
  const done = (at: number | null, error: string | null, later?: string): void => {
    mm.emit({ kind: 'cma', step: mm.step, source, size: asNumber(size), base: at, error, ...(later !== undefined ? { later } : {}) });
  };
  if (fixed && base < highmem && base + size > highmem) {
    done(null, `-EINVAL: the region at ${hex64(base)} crosses the low/high memory boundary ${hex64(highmem)}`);
    return;
  }
  if (limit === 0n || limit > BigInt(dramEnd)) limit = BigInt(dramEnd);
  if (fixed) {
    const start = asNumber(base);
    const end = asNumber(base + size);
    if (isReserved(s.memblock, start, end)) {
      done(null, `-EBUSY: ${hex64(base)}–${hex64(base + size)} is already memblock_reserve()d`);
      return;
    }
    reserve(s.memblock, start, end);
    // memblock_reserve() takes any range; the pages are checked only when cma_init_reserved_areas() activates the
    // area (mm/cma.c:109-120 at v4.6): a fixed area outside RAM is reserved, and broken (helper-182, 4)
    const inRam = mem.some((r) => r.start <= start && end <= r.end);
    done(start, null, inRam ? undefined : 'outside memblock.memory: cma_activate_area() later hits WARN_ON_ONCE(!pfn_valid(pfn)) and reads page_zone() of pages that do not exist (mm/cma.c:109-120)');
    return;
  }
  const fits = (from: bigint, to: bigint): number | null => alloc(s.memblock, asNumber(size), CMA_ALIGNMENT, asNumber(to), asNumber(from));
  let at: number | null = null;
  // "try allocating from high memory first": never taken on arm64, where limit is at most the end of DRAM and
  // highmem_start is that end (v4.4) or past it (v4.6+); kept so the model follows the code, not the outcome
  if (base < highmem && limit > highmem) {
    at = fits(highmem, limit);
    limit = highmem;
  }
  at ??= fits(base, limit);
  if (at === null) {
    done(null, `-ENOMEM: no free ${CMA_ALIGNMENT / MiB} MiB-aligned range of ${hex64(size)} bytes in ${hex64(base)}–${hex64(limit)}${mem.length === 0 ? ' (memblock has no memory yet)' : ''}`);
    return;
  }
  done(at, null);
}
