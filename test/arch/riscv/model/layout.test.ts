/**
 * The sv39 layout numbers of notes/riscv-spec.md §4.1 and §5.2 (research
 * arm64-riscv.md §3d/§3e, corrected), pinned per modeled version: the fixmap
 * enum and its slot VAs, the regions of the final layout, the DTB window, and
 * where the kernel, modules and BPF sit before and after the move.
 */
import { describe, expect, it } from 'vitest';
import {
  END_OF_FIXED_ADDRESSES, FIX_BTMAP_BEGIN, FIX_BTMAP_END, FIX_EARLYCON_MEM_BASE, FIX_PMD, FIX_PTE, FIX_TEXT_POKE0,
  FIX_TEXT_POKE1, fixToVirt,
} from '../../../../src/arch/riscv/fixmap.js';
import { DTB_EARLY_BASE_VA, DTB_WINDOW_SIZE, linearClip, linearLimitWraps, vaLayout } from '../../../../src/arch/riscv/layout.js';
import { parseKernelVersion } from '../../../../src/arch/riscv/kernel-version.js';
import { profileOf } from '../../../../src/arch/riscv/profile.js';
import { resolveConfig } from '../../../../src/arch/riscv/resolve.js';
import { replayOf } from './helpers.js';

const h = (n: number | null | undefined): string => (n === null || n === undefined ? String(n) : `0x${n.toString(16)}`);

function layoutFor(kernel: string, maxphysmem: '2GB' | '128GB' = '128GB', size = 0x1280000) {
  const p = parseKernelVersion(kernel);
  if (!p.ok) throw new Error(p.reason);
  const config = resolveConfig({ maxphysmem, cmodel: maxphysmem === '2GB' ? 'medlow' : 'medany' });
  return vaLayout(profileOf(p.version, config), config, size);
}

describe('enum fixed_addresses (arch/riscv/include/asm/fixmap.h, identical in 5.10.7, 5.12.9, 5.14.2)', () => {
  it('numbers the slots as the C enum does', () => {
    expect([FIX_PTE, FIX_PMD, FIX_TEXT_POKE1, FIX_TEXT_POKE0, FIX_EARLYCON_MEM_BASE, FIX_BTMAP_END]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(FIX_BTMAP_BEGIN).toBe(453);
    expect(END_OF_FIXED_ADDRESSES).toBe(454);
  });
  it('puts the slots below FIXADDR_TOP = PCI_IO_START (128 GB config)', () => {
    const top = layoutFor('5.12').FIXADDR_TOP;
    expect(h(top)).toBe('0xffffffceff000000');
    expect(h(fixToVirt(top, FIX_PTE))).toBe('0xffffffcefefff000');
    expect(h(fixToVirt(top, FIX_PMD))).toBe('0xffffffcefeffe000');
    expect(h(fixToVirt(top, FIX_BTMAP_BEGIN))).toBe('0xffffffcefee3b000');
  });
  it('and in the 2 GB config', () => {
    const top = layoutFor('5.10', '2GB').FIXADDR_TOP;
    expect(h(fixToVirt(top, FIX_PTE))).toBe('0xfffffffe3efff000');
    expect(h(fixToVirt(top, FIX_PMD))).toBe('0xfffffffe3effe000');
    expect(h(fixToVirt(top, FIX_BTMAP_BEGIN))).toBe('0xfffffffe3ee3b000');
  });
  it('keeps FIX_BTMAP_* in one PMD (the BUILD_BUG_ON of setup_vm)', () => {
    const top = layoutFor('5.14').FIXADDR_TOP;
    expect(Math.floor(fixToVirt(top, FIX_BTMAP_BEGIN) / 2 ** 21)).toBe(Math.floor(fixToVirt(top, FIX_BTMAP_END) / 2 ** 21));
  });
});

describe.each(['5.10', '5.12', '5.13-rc5', '5.13', '5.14'])('sv39 regions that do not move, %s (128 GB config)', (kernel) => {
  const l = layoutFor(kernel);
  it.each([
    ['PAGE_OFFSET', l.PAGE_OFFSET, '0xffffffe000000000'],
    ['FIXADDR_START', l.FIXADDR_START, '0xffffffcefee00000'],
    ['PCI_IO_START', l.PCI_IO_START, '0xffffffceff000000'],
    ['VMEMMAP_START', l.VMEMMAP_START, '0xffffffcf00000000'],
    ['VMALLOC_START', l.VMALLOC_START, '0xffffffd000000000'],
    ['VMALLOC_END + 1', l.vmallocEnd, '0xffffffe000000000'],
    ['KASAN_SHADOW_START', l.KASAN_SHADOW_START, '0xffffffc000000000'],
    ['KASAN_SHADOW_END', l.KASAN_SHADOW_END, '0xffffffc800000000'],
  ])('%s', (_name, value, want) => {
    expect(h(value)).toBe(want);
  });
});

describe('the kernel, modules and BPF before and after the move (image of 0x1280000 bytes)', () => {
  it('5.10 and 5.12: the kernel at PAGE_OFFSET; modules from PFN_ALIGN(_end - 2G) and BPF in the top 128 MiB of vmalloc', () => {
    for (const k of ['5.10', '5.12']) {
      const l = layoutFor(k);
      expect([h(l.KERNEL_LINK_ADDR), h(l.kernelVirt), h(l.kernelEnd)]).toEqual(['null', '0xffffffe000000000', '0xffffffe001280000']);
      expect([h(l.modules.start), h(l.modules.end)]).toEqual(['0xffffffdf81280000', '0xffffffe000000000']);
      expect([h(l.bpf.start), h(l.bpf.end)]).toEqual(['0xffffffdff8000000', '0xffffffe000000000']);
    }
  });
  it('5.13-rc1 … rc6: the kernel at KERNEL_LINK_ADDR and BPF right after PFN_ALIGN(_end)', () => {
    const l = layoutFor('5.13-rc6');
    expect([h(l.KERNEL_LINK_ADDR), h(l.kernelEnd)]).toEqual(['0xffffffff80000000', '0xffffffff81280000']);
    expect([h(l.bpf.start), h(l.bpf.end)]).toEqual(['0xffffffff81280000', '0xffffffff89280000']);
  });
  it('5.13-rc7, 5.13 and 5.14: modules in the 2 GiB below the kernel, BPF in their top 128 MiB', () => {
    for (const k of ['5.13-rc7', '5.13', '5.14']) {
      const l = layoutFor(k);
      expect([h(l.modules.start), h(l.modules.end)]).toEqual(['0xffffffff01280000', '0xffffffff80000000']);
      expect([h(l.bpf.start), h(l.bpf.end)]).toEqual(['0xffffffff78000000', '0xffffffff80000000']);
    }
  });
  it('memory limit of the linear map: -PAGE_OFFSET (≤5.13), -PAGE_OFFSET - 4 GiB = 124 GiB (5.14)', () => {
    expect(layoutFor('5.12').memoryLimit).toBe(128 * 2 ** 30);
    expect(layoutFor('5.13').memoryLimit).toBe(128 * 2 ** 30);
    expect(layoutFor('5.14').memoryLimit).toBe(124 * 2 ** 30);
    expect(h(layoutFor('5.14').PAGE_OFFSET + layoutFor('5.14').memoryLimit)).toBe('0xffffffff00000000');
  });
});

describe('2 GB config (MAXPHYSMEM_2GB, PAGE_OFFSET 0xffffffff80000000)', () => {
  const l = layoutFor('5.10', '2GB');
  it('lays out a 1 GiB vmalloc below PAGE_OFFSET', () => {
    expect([h(l.FIXADDR_START), h(l.PCI_IO_START), h(l.VMEMMAP_START), h(l.VMALLOC_START), h(l.vmallocEnd)])
      .toEqual(['0xfffffffe3ee00000', '0xfffffffe3f000000', '0xfffffffe40000000', '0xffffffff40000000', '0xffffffff80000000']);
  });
  it('5.14: PAGE_OFFSET is KERNEL_LINK_ADDR, and memory_limit = -PAGE_OFFSET - SZ_4G wraps (R514 mm/init.c:140)', () => {
    const m = layoutFor('5.14', '2GB');
    expect(m.PAGE_OFFSET).toBe(m.KERNEL_LINK_ADDR);
    expect(h(m.memoryLimit)).toBe('0xffffffff80000000');
    // setup_vm_final()'s end = __pa(PAGE_OFFSET) + memory_limit (:741-742) wraps again, to load_pa - 2 GiB
    expect(h(linearClip(m, 0x80200000))).toBe('0x200000');
    expect([linearLimitWraps(m, 0x80200000), linearLimitWraps(layoutFor('5.14'), 0x80200000), linearLimitWraps(layoutFor('5.12', '2GB'), 0x80200000)]).toEqual([true, false, false]);
  });
  it('5.14: so setup_vm_final() maps no RAM in the linear map, only the kernel image (riscv audit F1)', () => {
    const linear = (t: ReturnType<typeof replayOf>): number => t.final.swapper.filter((x) => x.kind === 'linear').length;
    expect(linear(replayOf({ kernel: '5.14', config: { cmodel: 'medlow' } }))).toBe(0);
    expect(replayOf({ kernel: '5.14', config: { cmodel: 'medlow' } }).final.swapper.some((x) => x.kind === 'kernel')).toBe(true);
    expect(linear(replayOf({ kernel: '5.14' }))).toBeGreaterThan(0);
  });
});

describe('the DTB window (DTB_EARLY_BASE_VA = PGDIR_SIZE)', () => {
  it('is two 2 MiB leaves at 0x40000000, pgd index 1', () => {
    expect([h(DTB_EARLY_BASE_VA), h(DTB_EARLY_BASE_VA + DTB_WINDOW_SIZE)]).toEqual(['0x40000000', '0x40400000']);
  });
  it('maps dtb_pa & ~(2M-1) and points dtb_early_va at the offset', () => {
    const t = replayOf({ kernel: '5.12', machine: { dtb_address: 0x82234560 } });
    const map = t.events.find((e) => e.kind === 'map' && e.mapping === 'dtb-window');
    expect(map !== undefined && map.kind === 'map' ? h(map.pa) : '').toBe('0x82200000');
    const scan = t.events.find((e) => e.kind === 'access' && e.dtb);
    expect(scan !== undefined && scan.kind === 'access' ? h(scan.va) : '').toBe('0x40034000');
  });
});

describe('the linear map in the final layout: one region per run of consecutive mappings (break-254 F2)', () => {
  const regionsOf = (t: ReturnType<typeof replayOf>): string[] => t.layout.regions.filter((r) => r.name.startsWith('linear map')).map((r) => `${r.name} ${h(r.start)}-${h(r.end)}`);
  it('5.14 with a bank past the memory_limit clip: two runs, 2046 MiB and 2050 MiB, 120 GiB apart', () => {
    const t = replayOf({ kernel: '5.14', machine: { memory_banks: [{ base: 0x80000000, size: '2GiB' }, { base: 0x1f00000000, size: '4GiB' }], load_address: 0x80200000, dtb_address: 0x90000000 } });
    expect(regionsOf(t)).toEqual(['linear map 0xffffffe000000000-0xffffffe07fe00000', 'linear map (part 2) 0xfffffffe7fe00000-0xffffffff00000000']);
  });
  it('one bank: one region from PAGE_OFFSET', () => {
    expect(regionsOf(replayOf({ kernel: '5.12' }))).toEqual(['linear map 0xffffffe000000000-0xffffffe07fe00000']);
  });
});

describe('__va() past 2^64 (RAM more than -PAGE_OFFSET above the load address): mapped at the wrapped address', () => {
  it('5.12 with a bank across __va()\'s 2^64: unflatten_device_tree()\'s allocation at a wrapped VA is mapped (create_pgd_mapping() indexes swapper with it)', () => {
    // 0x1f00000000 + 8 GiB: __va() runs from 0xfffffffe7fe00000 past 2^64 to 0x7fe00000; memblock allocates from its top, below setup_vm_final()'s page tables
    const t = replayOf({ kernel: '5.12', machine: { memory_banks: [{ base: 0x80000000, size: '2GiB' }, { base: 0x1f00000000, size: '8GiB' }], load_address: 0x80200000, dtb_address: 0x90000000 } });
    const alloc = t.events.find((e) => e.kind === 'access' && e.via === 'linear' && e.what.startsWith('unflatten_device_tree(): the struct'));
    expect(alloc !== undefined && alloc.kind === 'access' ? [h(alloc.va), alloc.mapped] : []).toEqual(['0x7fdf3000', true]);
  });
});
