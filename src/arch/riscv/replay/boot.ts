/**
 * Before start_kernel (arch/riscv/kernel/head.S, mm/init.c setup_vm; spec
 * §1): setup_vm() with the MMU off (its BUG_ONs, the trampoline, early_pg_dir
 * with the kernel, the fixmap tables and the DTB window), relocate (bare →
 * trampoline_pg_dir → early_pg_dir, with its two sfence.vma), and with KASAN
 * kasan_early_init(). These are the implicit steps (index 0) of a replay.
 */
import { alignDown, GiB, isAligned, MiB, PMD_SIZE, PAGE_SIZE } from '../geometry.js';
import { DTB_EARLY_BASE_VA, DTB_WINDOW_SIZE, EARLY_PMD_SPAN, LAST_PAGE, MAX_EARLY_MAPPING_SIZE } from '../layout.js';
import { RW, RWX } from '../profile.js';
import { kernelVa, linearVa, type ReplayContext } from './context.js';
import type { StepRef } from './events.js';
import { fullFence, type Emit } from './mechanisms.js';
import { kernelMappings } from './setup-vm-final.js';
import type { Mapping, ModelState } from './state.js';

interface Check {
  readonly check: string;
  readonly fired: boolean;
  readonly meaning: string;
  readonly source: string;
  readonly key: string;
  readonly values: Readonly<Record<string, number>>;
}

/** The BUG_ONs setup_vm() evaluates, in the order it evaluates them (spec §1.2). */
function setupVmChecks(ctx: ReplayContext): Check[] {
  const { profile, loadPa, image, va } = ctx;
  const size = image.size;
  const misaligned = !isAligned(loadPa, PMD_SIZE);
  const values = { load_pa: loadPa, load_sz: size };
  const span = `the early mapping of the kernel needs a second PGD entry, but early_pg_dir has one early_pmd (${EARLY_PMD_SPAN / GiB} GiB)`;
  if (profile.early128M) {
    return [
      { check: 'BUG_ON(map_size == PAGE_SIZE)', fired: misaligned, key: 'machine.load_address', values,
        meaning: 'best_map_size(load_pa, MAX_EARLY_MAPPING_SIZE) gave PAGE_SIZE: the load address is not 2 MiB-aligned',
        source: 'ejga2001/linux-5.10.7@d71d8a76749740865a4c09adc1efaa81e89104a5:arch/riscv/mm/init.c:451' },
      { check: 'BUG_ON(load_sz > MAX_EARLY_MAPPING_SIZE)', fired: size > MAX_EARLY_MAPPING_SIZE, key: 'machine.kernel', values,
        meaning: `the image (_end - _start) is larger than ${MAX_EARLY_MAPPING_SIZE / MiB} MiB`,
        source: 'ejga2001/linux-5.10.7@d71d8a76749740865a4c09adc1efaa81e89104a5:arch/riscv/mm/init.c:456' },
    ];
  }
  if (!profile.kernelOutsideLinear) {
    return [
      { check: 'BUG_ON((load_pa % map_size) != 0)', fired: misaligned, key: 'machine.load_address', values,
        meaning: 'the load address is not 2 MiB-aligned (map_size = PMD_SIZE)',
        source: 'zhangyinjun/linux-5.12.9@38c16b0cce67918e4433d40bebbf4e34d6a5250f:arch/riscv/mm/init.c:395' },
      { check: 'BUG_ON((va - PAGE_OFFSET) >> PGDIR_SHIFT) in alloc_pmd_early()', fired: size > EARLY_PMD_SPAN, key: 'machine.kernel', values,
        meaning: span, source: 'zhangyinjun/linux-5.12.9@38c16b0cce67918e4433d40bebbf4e34d6a5250f:arch/riscv/mm/init.c:257-262' },
    ];
  }
  const r514 = 'Kingdo777/linux-5.14.2-faascale-host@21101b620aaba970fec20c708abad1e5d6422571:arch/riscv/mm/init.c';
  const checks: Check[] = [
    { check: 'BUG_ON((kernel_map.phys_addr % map_size) != 0)', fired: misaligned, key: 'machine.load_address', values,
      meaning: 'the load address is not 2 MiB-aligned (map_size = PMD_SIZE)',
      source: profile.lastPageBugOn ? `${r514}:592` : '5.13 mm/init.c setup_vm() (patch context; as 5.14)' },
  ];
  if (profile.lastPageBugOn) {
    checks.push({
      check: 'BUG_ON((kernel_map.virt_addr + kernel_map.size) > ADDRESS_SPACE_END - SZ_4K)',
      // virt + size > 2^64 - 1 - 4096  ⟺  size > (2^64 - 4096 - virt) - 1, in that order so every step is exact
      fired: size > LAST_PAGE - va.kernelVirt - 1, key: 'machine.kernel', values: { ...values, virt_addr: va.kernelVirt },
      meaning: 'the kernel would reach the last 4 KiB of the address space, which IS_ERR_VALUE() claims',
      source: `${r514}:594-600`,
    });
  }
  checks.push({
    check: 'BUG_ON((va - kernel_map.virt_addr) >> PGDIR_SHIFT) in alloc_pmd_early()', fired: size > EARLY_PMD_SPAN, key: 'machine.kernel', values,
    meaning: span, source: profile.lastPageBugOn ? `${r514}:350-355` : '5.13 mm/init.c alloc_pmd_early() (patch context)',
  });
  return checks;
}

function addMapping(s: ModelState, root: 'trampoline' | 'early_pg_dir' | 'swapper', m: Mapping, step: StepRef, what: string, emit: Emit): void {
  s.roots[root].push(m);
  emit({ kind: 'map', step, root, mapping: m.kind, start: m.start, end: m.end, pa: m.pa, leaf: m.leaf, perm: m.perm, what });
}

/** setup_vm(dtb_pa), MMU off. */
export function setupVm(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  for (const c of setupVmChecks(ctx)) {
    emit({ kind: 'setup-vm-check', step, ...c });
    if (c.fired) break; // BUG(): the boot stops; the model goes on as if it had not, to show what follows
  }
  s.ptOps = 'early';
  emit({ kind: 'pt-ops', step, to: 'early' });
  const { va, loadPa, profile } = ctx;
  addMapping(s, 'early_pg_dir', { kind: 'fixmap', start: va.FIXADDR_START, end: va.FIXADDR_TOP, pa: 0, leaf: 0, perm: RW }, step,
    'early_pg_dir[pgd_index(FIXADDR_START)] → fixmap_pmd → fixmap_pte (static tables)', emit);
  // trampoline_pg_dir: one 2 MiB leaf of the kernel at its virtual address
  const kind = profile.kernelOutsideLinear ? 'kernel' : 'linear';
  addMapping(s, 'trampoline', { kind, start: va.kernelVirt, end: va.kernelVirt + PMD_SIZE, pa: loadPa, leaf: PMD_SIZE, perm: RWX }, step,
    'trampoline_pmd: the first 2 MiB of the kernel, PAGE_KERNEL_EXEC', emit);
  if (profile.kernelOutsideLinear) {
    for (const m of kernelMappings(ctx, false)) addMapping(s, 'early_pg_dir', m, step, 'create_kernel_page_table(early_pg_dir, PMD_SIZE, true): the kernel at KERNEL_LINK_ADDR, PAGE_KERNEL_EXEC; no linear map at all', emit);
  } else {
    const end = va.kernelVirt + Math.ceil(ctx.image.size / PMD_SIZE) * PMD_SIZE;
    addMapping(s, 'early_pg_dir', { kind: 'linear', start: va.kernelVirt, end, pa: loadPa, leaf: PMD_SIZE, perm: RWX }, step,
      'the kernel at PAGE_OFFSET in 2 MiB leaves, PAGE_KERNEL_EXEC: the only slice of the linear map before setup_vm_final', emit);
  }
  if (!ctx.scenario.config.builtin_dtb) {
    const pa = ctx.dtbPa - (ctx.dtbPa % PMD_SIZE);
    addMapping(s, 'early_pg_dir', { kind: 'dtb-window', start: DTB_EARLY_BASE_VA, end: DTB_EARLY_BASE_VA + DTB_WINDOW_SIZE, pa, leaf: PMD_SIZE, perm: RW }, step,
      'early_dtb_pmd: two 2 MiB leaves at DTB_EARLY_BASE_VA (PGDIR_SIZE), PAGE_KERNEL', emit);
    // dtb_early_va = DTB_EARLY_BASE_VA + (dtb_pa & (PMD_SIZE - 1)); kept as its page (context.ts dtbOffset)
    s.dtbEarlyPage = DTB_EARLY_BASE_VA + alignDown(ctx.dtbPa % PMD_SIZE, PAGE_SIZE);
    s.dtbEarlyVia = 'dtb_early_va';
  } else if (profile.builtinDtbVa === 'kernel') {
    // 5.13+: kernel_mapping_pa_to_va(dtb_pa): "__va can't be used since it would return a linear mapping address"
    s.dtbEarlyPage = kernelVa(ctx, alignDown(ctx.dtbPa, PAGE_SIZE));
    s.dtbEarlyVia = 'kernel';
  } else {
    // 5.12: dtb_early_va = __va(dtb_pa), inside the early kernel slice
    s.dtbEarlyPage = linearVa(ctx, alignDown(ctx.dtbPa, PAGE_SIZE));
    s.dtbEarlyVia = 'linear';
  }
}

/** head.S relocate: satp = trampoline_pg_dir (after sfence.vma), then early_pg_dir (then sfence.vma). */
export function relocate(s: ModelState, step: StepRef, emit: Emit): void {
  emit({ kind: 'satp', step, from: 'bare', to: 'trampoline', fence: 'before' });
  emit({ kind: 'satp', step, from: 'trampoline', to: 'early_pg_dir', fence: 'after' });
  s.satp = 'early_pg_dir';
}

/** kasan_early_init(): the early shadow in every shadow PGD entry of early_pg_dir and swapper_pg_dir, then local_flush_tlb_all() (spec §1.3). */
export function kasanEarlyInit(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  const m: Mapping = { kind: 'kasan-shadow', start: ctx.va.KASAN_SHADOW_START, end: ctx.va.KASAN_SHADOW_END, pa: 0, leaf: PAGE_SIZE, perm: RW };
  addMapping(s, 'early_pg_dir', m, step, 'kasan_early_shadow_pmd/pte → kasan_early_shadow_page', emit);
  addMapping(s, 'swapper', m, step, 'the same shadow entries, written into swapper_pg_dir ahead of setup_vm_final', emit);
  fullFence(s, step, 'kasan_early_init(): local_flush_tlb_all()', emit);
}
