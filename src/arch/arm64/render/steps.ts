/**
 * `bootreplay steps --arch arm64`: the call catalog with one-line docs and
 * effect tags, for one kernel or all; the header says what runs as step 0
 * and how the late steps are written.
 */
import type { StepDoc } from '../../types.js';
import { CATALOG, availability, effectsOf } from '../catalog.js';
import { CALL_NAMES, type CallName } from '../catalog-names.js';
import type { Effect } from '../effects.js';
import { SOURCE_TREE, type KernelVersion } from '../kernel-version.js';

const TAGS: Readonly<Partial<Record<Effect['op'], string>>> = {
  fixmap_remap_fdt: 'F',
  early_memremap: 'F',
  parse_early_param: 'F',
  table_slot: 'F',
  new_pgd: 'F',
  map_kernel: 'A',
  map_mem_new: 'A',
  early_fixmap_init: 'T',
  map_mem_live: 'T',
  fixup_executable: 'T',
  bootmem_init: 'T',
  create_mapping_late: 'T',
  unmap_kernel_range: 'T',
  kasan_zero_pte_ro: 'T',
  kasan_populate: 'A',
  replace_ttbr1: 'S',
  set_ttbr1: 'S',
  ttbr0_reserved: 'S',
  linear_alloc: 'L',
  alloc_zero_page: 'L',
};

/** Effects that carry a second tag (v4.4 map_mem allocates; bootmem_init and kasan write RAM through __va). */
const EXTRA: Readonly<Partial<Record<Effect['op'], string>>> = {
  map_mem_live: 'A',
  bootmem_init: 'L',
  kasan_populate: 'L',
  new_pgd: 'A',
  map_kernel: 'F',
  map_mem_new: 'F',
};

export function tags(effects: readonly Effect[]): string {
  const t = new Set<string>();
  for (const e of effects) {
    const a = TAGS[e.op];
    const b = EXTRA[e.op];
    if (a !== undefined) t.add(a);
    if (b !== undefined) t.add(b);
  }
  return [...t].sort().map((x) => `[${x}]`).join('');
}

export function stepDocs(kernel: KernelVersion | undefined): { header: string; legend: string; rows: readonly StepDoc[] } {
  const rows: StepDoc[] = [];
  for (const name of CALL_NAMES as readonly CallName[]) {
    const spec = CATALOG[name];
    if (kernel !== undefined && !availability(name, kernel).ok) continue;
    const effects = kernel !== undefined ? effectsOf(name, kernel) : spec.variants.flatMap((v) => v.effects);
    const span = kernel === undefined && (spec.since !== undefined || spec.until !== undefined)
      ? ` (${spec.since !== undefined ? `${spec.since}+` : `up to ${spec.until ?? ''}`})`
      : '';
    const kind = spec.kind === 'late' ? 'after setup_arch: ' : spec.kind === 'helper' ? 'helper: ' : '';
    rows.push({ name, tags: tags(effects), doc: `${kind}${spec.doc}${span}` });
  }
  const source = kernel !== undefined ? ` (read from ${SOURCE_TREE[kernel.minor]})` : ' (all modeled kernels; --kernel V for one)';
  const header = [
    `calls for arm64 ${kernel !== undefined ? kernel.text : ''}${source}`.replace('arm64  (', 'arm64 ('),
    'step 0, before setup_arch (not written in a scenario): __create_page_tables, __enable_mmu, __mmap_switched (v4.7: __primary_switched),',
    '  kasan_early_init with KASAN, and with RANDOMIZE_BASE kaslr_early_init and, if it returns an offset, the second pass.',
    'setup_arch: lists the setup_arch() calls in order, then the late steps kernel_init() runs after setup_arch (fixup_init, mark_rodata_ro).',
  ].join('\n');
  const legend = '[F] uses a fixmap slot  [T] writes live page tables  [A] allocates page tables  [S] switches TTBR0/TTBR1  [L] writes RAM through __va()';
  return { header, legend, rows };
}
