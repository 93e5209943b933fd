/**
 * Every step a riscv scenario may name: the setup_arch() calls of
 * arch/riscv/kernel/setup.c (5.10–5.14) and, after them, the late steps of
 * kernel_init() that change kernel permissions (free_initmem, mark_rodata_ro)
 * and a BPF JIT compile at run time. Kept apart from the effects so the loader
 * can validate names without loading the model.
 */
export const CALL_NAMES = [
  'parse_dtb',
  'setup_initial_init_mm',
  'early_ioremap_setup',
  'jump_label_init',
  'parse_early_param',
  'efi_init',
  'setup_bootmem',
  'paging_init',
  'init_resources',
  'unflatten_device_tree',
  'misc_mem_init',
  'sbi_init',
  'protect_kernel_text_data',
  'swiotlb_init',
  'kasan_init',
  'setup_smp',
  'riscv_fill_hwcap',
  // after setup_arch: kernel_init() → free_initmem(), mark_readonly() → mark_rodata_ro()
  'free_initmem',
  'mark_rodata_ro',
  // at run time: a BPF program is loaded and JIT-compiled
  'bpf_jit_compile',
] as const;

export type CallName = (typeof CALL_NAMES)[number];

export function isCallName(name: string): name is CallName {
  return (CALL_NAMES as readonly string[]).includes(name);
}
