/**
 * riscv kernel history as the model needs it: every change of modeled
 * behaviour, the first modeled version that has it, and its commit with the
 * evidence (notes/riscv-spec.md; R510/R512/R514 are the trees named in
 * kernel-version.ts). Behaviour is selected with has(), never with a version
 * range spelled at the use site.
 *
 * Where a change landed in 5.11, which the model does not cover, `mainline`
 * is the first modeled version that has it (5.12) and `commit` says the
 * commit was not identified.
 */
import { keyOf, type KernelVersion } from './kernel-version.js';

export interface Change {
  /** the first modeled version (release or rc) that has it */
  readonly mainline: string;
  /** upstream commit (short sha), or a note when it was not identified */
  readonly commit: string;
  readonly subject: string;
  /** where the model's claim comes from */
  readonly evidence: string;
}

/** setup_vm maps with map_size = PMD_SIZE; the 128 MiB MAX_EARLY_MAPPING_SIZE limit and best_map_size() BUG_ON are gone. */
export const PMD_ONLY_EARLY_MAP: Change = {
  mainline: '5.12', commit: 'not identified (5.11 window)', subject: 'setup_vm(): map_size = PMD_SIZE',
  evidence: 'R510 mm/init.c:439,451,456 vs R512 mm/init.c:391-395',
};

/** setup_arch calls init_resources() and misc_mem_init(); paging_init() shrinks to setup_vm_final + setup_zero_page. */
export const RESOURCES_IN_SETUP_ARCH: Change = {
  mainline: '5.12', commit: 'not identified (5.11 window)', subject: 'init_resources() and misc_mem_init() in setup_arch()',
  evidence: 'R510 mm/init.c:664-671 vs R512 setup.c:254-263, mm/init.c:588-600',
};

/**
 * kasan_init() passes __va() of each memblock.memory range to kasan_mem_to_shadow(). b10d6bca8720 ("arch, drivers:
 * replace for_each_membock() with for_each_mem_range()", 5.10-rc1) lost the __va() (`void *start = (void *)_start`),
 * so 5.10 populates and memsets the shadow of the physical address, which is not an sv39 address: the boot faults
 * in setup_arch(). c25a053e1577 puts the __va() back; it came with "RISC-V Fixes for 5.11-rc4"
 * (tags/riscv-for-linus-5.11-rc4, merged as acda701bf1e8 before 19c329f68089 "Linux 5.11-rc4") and with the
 * 5.10.9 stable queue ([PATCH 5.10 028/152], 18 Jan 2021).
 */
export const KASAN_SHADOW_OF_VA: Change = {
  mainline: '5.12', commit: 'c25a053e1577', subject: 'riscv: Fix KASAN memory mapping.',
  evidence: 'R510 mm/kasan_init.c:95-102 (start = (void *)_start) vs R512 mm/kasan_init.c:211-218 (start = (void *)__va(_start)); the hunk of b10d6bca8720 (kasan_init.c 87b4ab3d3c77..12ddd1f6bf70) drops __va(reg->base)',
};

/**
 * kasan_populate() walks pgd → pmd → pte from the shadow address (pmd_index, pte_index), with PMD (and PGD) leaves
 * where a whole aligned block fits; 5.10's populate() fills pgd[i], pmd[i], pte[i] from index 0 of the entry
 * pgd_offset_k(vaddr) and maps 4 KiB pages only.
 */
export const KASAN_POPULATE_BY_LEVEL: Change = {
  mainline: '5.12', commit: 'not identified (5.11 window)', subject: 'kasan_populate_pgd/pmd/pte()',
  evidence: 'R510 mm/kasan_init.c:50-84 vs R512 mm/kasan_init.c:63-156',
};

/** _PAGE_KERNEL has _PAGE_GLOBAL: kernel leaves print G in ptdump. */
export const GLOBAL_KERNEL_PAGES: Change = {
  mainline: '5.14', commit: 'cba43c31f14b', subject: 'riscv: Use global mappings for kernel pages',
  evidence: 'R510/R512 asm/pgtable.h:95-99 (no _PAGE_GLOBAL) vs R514 asm/pgtable.h:134-139; in tags/riscv-for-linus-5.14-mw0 (posted 30 May 2021, after 5.13-rc4; not in 5.13)',
};

/**
 * kasan_init() also populates the shadow of the modules, BPF and kernel mapping; it came with the kernel mapping
 * (KERNEL_MAPPING_MOVED), under the comment "Populate kernel, BPF, modules mapping":
 * kasan_populate(kasan_mem_to_shadow(MODULES_VADDR), kasan_mem_to_shadow(BPF_JIT_REGION_END)). The end follows the
 * BPF region: BPF_JIT_REGION_END = PFN_ALIGN(&_end) + SZ_128M up to 5.13-rc6, then MODULES_VADDR + SZ_2G
 * (= PFN_ALIGN(&_end)) from 3a02764c372c (BPF_BEFORE_KERNEL, 5.13-rc7), which changed both lines.
 */
export const KASAN_KERNEL_MAPPING_SHADOW: Change = {
  mainline: '5.13-rc1', commit: '2bfc6cd81bd1', subject: 'riscv: Move kernel mapping outside of linear mapping (kasan_init.c hunk)',
  evidence: 'no 5.13 tree: the kasan_init.c hunk of 2bfc6cd81bd1 as posted ([PATCH v3 1/3] on kasan-dev, 14 Mar 2021: '
    + '+kasan_populate(…MODULES_VADDR…, …BPF_JIT_REGION_END…)); 3a02764c372c ([PATCH v3] on kasan-dev, 18 Jun 2021) '
    + 'changes that end to MODULES_VADDR + SZ_2G against blob 9daacae93e33 (:201-204); absent in R512 mm/kasan_init.c:194-229, '
    + 'R514 mm/kasan_init.c:202-204 has the rc7 form',
};

/** protect_kernel_text_data() in setup_arch (STRICT_KERNEL_RWX), and an arch free_initmem() doing set_memory_rw_nx. */
export const PROTECT_IN_SETUP_ARCH: Change = {
  mainline: '5.12', commit: 'not identified (5.11 window)', subject: 'protect_kernel_text_data() in setup_arch()',
  evidence: 'R512 setup.c:267-268,305-314, mm/init.c:559-586',
};

/** The kernel is mapped at KERNEL_LINK_ADDR, outside the linear map; modules right below it. */
export const KERNEL_MAPPING_MOVED: Change = {
  mainline: '5.13-rc1', commit: '2bfc6cd81bd1', subject: 'riscv: Move kernel mapping outside of linear mapping',
  evidence: 'absent in R512, present in R514; Fixes: tags quote 2bfc6cd81bd17e43 (spec §3f, §7.9)',
};

/** bpf_jit_binary_lock_ro(): JIT images are made read-only with set_memory_ro(). */
export const BPF_LOCK_RO: Change = {
  mainline: '5.13-rc1', commit: 'fc8504765ec5', subject: 'riscv: bpf: Avoid breaking W^X',
  evidence: 'absent in R512 net/bpf_jit_comp64.c:1152-1158, present in R514 net/bpf_jit_core.c:155,169-175',
};

/** protect_kernel_linear_mapping_text_rodata(): ro+nx on the linear alias of text and rodata. */
export const LINEAR_ALIAS_PROTECT: Change = {
  mainline: '5.13-rc1', commit: '8d91b0973358', subject: 'riscv: Consistify protect_kernel_linear_mapping_text_rodata() use',
  evidence: 'patch text and a 5.13-era mm/init.c (no 5.13 tree read)',
};

/**
 * protect_kernel_text_data() ends the .data/.bss set_memory_nx() at kernel_virt_addr + load_sz (the kernel
 * mapping's _end) on 64-bit instead of __va(PFN_PHYS(max_low_pfn)), a linear-map address that lies below _data
 * once the kernel mapping moved (KERNEL_MAPPING_MOVED): before it the call fails with -EINVAL and .data/.bss stay
 * PAGE_KERNEL_EXEC (W+X). In "RISC-V Fixes for 5.13-rc5" (tags/riscv-for-linus-5.13-rc5, merged by af8d9eb84076,
 * which the mainline rev-list puts before 614124bea77e "Linux 5.13-rc5"; v5.13-rc4 of 30 May 2021 predates the
 * commit of 1 Jun).
 */
export const DATA_NX_END_VA: Change = {
  mainline: '5.13-rc5', commit: '8a4102a0cf07', subject: 'riscv: mm: Fix W+X mappings at boot',
  evidence: 'patch text (Fixes: 2bfc6cd81bd1; its log: "Found insecure W+X mapping at address …/0xffffffff80c00000" on 5.13.0-rc1+); R512 mm/init.c:567,574 has the max_low form',
};

/** The BPF JIT region moved from right after the kernel to [MODULES_END - 128M, MODULES_END). */
export const BPF_BEFORE_KERNEL: Change = {
  mainline: '5.13-rc7', commit: '3a02764c372c', subject: 'riscv: Ensure BPF_JIT_REGION_START aligned with PMD size',
  evidence: 'riscv-for-linus-5.13-rc7; R514 pgtable.h:31-34 (spec §6.3, §7.9)',
};

/** The kernel is mapped with its final permissions in setup_vm_final (pgprot_from_va); no protect step in setup_arch. */
export const FINAL_PERMISSIONS: Change = {
  mainline: '5.14', commit: 'e5c35fa04019', subject: 'riscv: Map the kernel with correct permissions the first time',
  evidence: 'R514 mm/init.c:462-496, sections.h:17-31, setup.c:263-298, 321-329',
};

/**
 * setup_bootmem() reads dram_end = memblock_end_of_DRAM() before memblock_enforce_memory_limit(-PAGE_OFFSET) and
 * sets max_pfn/max_low_pfn from it, so with more than -PAGE_OFFSET of RAM max_low_pfn lies past what the linear map
 * holds (5.10 reads the end after the limit).
 */
export const MAX_LOW_BEFORE_LIMIT: Change = {
  mainline: '5.12', commit: 'not identified (5.11 window)', subject: 'setup_bootmem(): dram_end read before memblock_enforce_memory_limit()',
  evidence: 'R510 mm/init.c:177,182 (limit, then max_pfn = PFN_DOWN(memblock_end_of_DRAM())) vs R512 mm/init.c:113,117,131-132 (dram_end, limit, max_pfn = PFN_DOWN(dram_end))',
};

/** setup_bootmem() moved into paging_init(), before setup_vm_final(). */
export const BOOTMEM_IN_PAGING_INIT: Change = {
  mainline: '5.14', commit: 'f842f5ff6aaf', subject: 'setup_bootmem() called from paging_init()',
  evidence: 'R514 mm/init.c:883-887 (spec §7.5)',
};

/** setup_vm(): BUG_ON(kernel_map.virt_addr + kernel_map.size > ADDRESS_SPACE_END - SZ_4K). */
export const LAST_PAGE_BUG_ON: Change = {
  mainline: '5.14', commit: 'not identified', subject: 'setup_vm(): the last 4 KiB of the address space stay unmapped (IS_ERR_VALUE)',
  evidence: 'R514 mm/init.c:594-600; absent from the 5.13-era mm/init.c the spec quotes',
};

/** memory_limit = -PAGE_OFFSET - SZ_4G (64-bit), applied by setup_bootmem and clipped in setup_vm_final. */
export const LINEAR_MEMORY_LIMIT: Change = {
  // posted as "[PATCH 1/3] riscv: Fix memory_limit for 64-bit kernel" (Alexandre Ghiti, 29 Jun 2021, Fixes: c9811e379b21);
  // c09dc9e1cd3c205f66b2505d742e819735c0eb6f in the riscv fixes branch merged for 5.14-rc3 (its push log and the
  // 5.14-rc3 merge lists; no mainline tree is mirrored here, the code is read at R514)
  mainline: '5.14', commit: 'c09dc9e1cd3c', subject: 'riscv: Fix memory_limit for 64-bit kernel',
  evidence: 'R514 mm/init.c:139-159,170,741-742; 5.13 still used memblock_enforce_memory_limit(-PAGE_OFFSET)',
};

/** swiotlb_init() moved from setup_arch() to mem_init(). */
export const SWIOTLB_IN_MEM_INIT: Change = {
  mainline: '5.14', commit: 'not identified', subject: 'swiotlb_init() in mem_init()',
  evidence: 'R514 mm/init.c:117-127, setup.c:263-298',
};

/** setup_initial_init_mm() replaces the init_mm.* assignments in setup_arch(). */
export const INITIAL_INIT_MM: Change = {
  mainline: '5.14', commit: 'not identified', subject: 'setup_initial_init_mm()',
  evidence: 'R514 setup.c:266',
};

const keys = new Map<Change, number>();

/** Whether a kernel has a change. */
export function has(kernel: KernelVersion, c: Change): boolean {
  let k = keys.get(c);
  if (k === undefined) {
    k = keyOf(c.mainline);
    keys.set(c, k);
  }
  return kernel.key >= k;
}
