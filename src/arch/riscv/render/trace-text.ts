/**
 * `bootreplay trace` for riscv: one line per model event, so a finding can
 * be followed back to the steps that set up the bad state.
 */
import type { EventOf, RiscvEvent } from '../replay/events.js';
import { permText } from '../profile.js';
import { exactSum, hex, size } from '../../../units.js';

function leaf(bytes: number): string {
  return bytes === 0 ? 'tables' : bytes >= 2 ** 20 ? `${bytes / 2 ** 20} MiB leaves` : `${bytes / 1024} KiB leaves`;
}

/**
 * " (pa …)" of an access; for a memblock allocation also its size, or that the
 * size is not modeled (the range is then its last page), and, after an
 * allocation of unknown size, that the place is an upper bound.
 */
function paText(e: EventOf<'access'>): string {
  if (e.pa === null) return '';
  const a = e.alloc;
  if (a === null) return ` (pa ${hex(e.pa)})`;
  const what = a.size !== null ? `pa ${hex(e.pa)}, ${size(a.size)}` : `pa ${hex(e.pa)}: its last page, size not modeled`;
  return ` (${what}${a.below !== null ? `; an upper bound: the size of ${a.below.split(': ')[0]} before it is not modeled` : ''})`;
}

export function describeRiscvEvent(e: RiscvEvent): string {
  switch (e.kind) {
    case 'satp':
      return `satp ${e.from} → ${e.to}${e.fence === 'before' ? ' (sfence.vma before)' : ' (sfence.vma after)'}`;
    case 'pt-ops':
      return `pt_ops = ${e.to}`;
    case 'map':
      return `${e.root}: ${e.mapping} ${hex(e.start)}–${hex(e.end)} (${size(e.end - e.start)}${e.leaf > 0 ? `${e.mapping === 'kasan-shadow' ? '' : `, pa ${hex(e.pa)}`}, ${leaf(e.leaf)}, ${permText(e.perm)}` : ''}): ${e.what}`;
    case 'fixmap-set':
      return `${e.clear ? 'clear' : 'set'} ${e.slot} (idx ${e.idx}) at ${hex(e.vaddr)}${e.count > 1 ? ` ×${e.count}` : ''}${e.fenced ? ', local_flush_tlb_page' : ', NO sfence.vma'}: ${e.what}`;
    case 'fixmap-use':
      return `use ${e.slot} at ${hex(e.vaddr)}${e.pending ? ' with a fence PENDING' : ''}: ${e.what}`;
    case 'fence':
      return `sfence.vma (all): ${e.what}${e.cleared.length > 0 ? ` — clears the pending ${e.cleared.join(', ')}` : ''}`;
    case 'access':
      return `${e.write ? 'write' : 'read'} ${hex(e.va)}–${hex(e.vaEnd)} via ${e.via}${paText(e)} under ${e.root}: ${e.mapped ? `mapped${e.mapping !== null ? ` (${e.mapping})` : ''}` : `NOT MAPPED at ${hex(e.hole ?? e.va)}`} — ${e.what}`;
    case 'setup-vm-check':
      return `${e.check}: ${e.fired ? 'FIRES' : 'holds'}${e.fired ? ` — ${e.meaning}` : ''}`;
    case 'perm-change':
      return `${e.fn} ${hex(e.start)}–${hex(e.end)} (${e.alias} alias): ${permText(e.before)} → ${permText(e.after)} on ${hex(e.leafStart)}–${hex(e.leafEnd)} (${leaf(e.leaf)})${e.conflicts.length > 0 ? `; also hits ${e.conflicts.map((c) => `${c.owner} ${hex(c.start)}–${hex(c.end)}`).join(', ')}` : ''}: ${e.what}`;
    case 'perm-lost':
      return `${e.fn} ${hex(e.start)}–${hex(e.end)} (${e.alias} alias) under ${e.satp}: swapper_pg_dir does not map ${hex(e.hole)} yet — LOST (pageattr_pte_hole: "Nothing to do here"): ${e.what}`;
    case 'perm-failed':
      return `${e.fn} ${hex(e.start)}–${hex(e.end)} (${e.alias} alias): the end lies below the start — walk_page_range_novma() returns -EINVAL, NOTHING CHANGES${e.kept.length > 0 ? ` (${e.kept.map((k) => `${k.section} stays ${permText(k.perm)}`).join(', ')})` : ''}: ${e.what}`;
    case 'alias-disagree':
      return `${e.section} (pa ${hex(e.pa)}–${hex(e.paEnd)}): kernel alias ${permText(e.kernelPerm)}, linear alias ${permText(e.linearPerm)} (${e.why === 'w+x' ? 'writable and executable' : 'read-only section writable'})`;
    case 'linear-empty':
      return `setup_vm_final(): __pa(PAGE_OFFSET) + memory_limit wraps to ${hex(e.clip)}, below each of the ${e.ranges} memory range${e.ranges === 1 ? '' : 's'}: NO RAM is mapped in the linear map`;
    case 'wx-check':
      return e.pages === 0
        ? 'debug_checkwx(): "Checked W+X mappings: passed, no W+X pages found"'
        : `debug_checkwx(): ${e.ranges.map((r) => `${hex(r.start)}–${hex(r.end)} (pa ${hex(r.pa)}${r.sections.length > 0 ? `: ${r.sections.join(', ')}` : ''})`).join(', ')} writable and executable — "Checked W+X mappings: failed, ${e.pages} W+X pages found"`;
    case 'phase':
      return e.what === 'init-freed' ? 'the init sections go to the page allocator' : e.what === 'rodata-ro' ? 'rodata is read-only from now on' : 'text is read-only from now on';
    case 'vmalloc':
      return `${e.what}: ${hex(e.start)}–${hex(e.end)}${e.inKernelLeaf !== null ? `, inside the kernel-mapping leaf ${hex(e.inKernelLeaf.start)}–${hex(e.inKernelLeaf.end)}` : ''}${
        e.leafPerm !== null && !e.leafPerm.w ? `, which is ${permText(e.leafPerm)} now: bpf_fill_ill_insns() FAULTS on its first store to the image, and the program never reaches its bpf_jit_binary_lock_ro()` : ''}`;
    case 'alloc-failed':
      return `${e.what}: no ${size(e.size)} free${e.maxAddr !== null ? ` below ${hex(e.maxAddr)}` : ''}, the allocation returns NULL — ${e.failed}`;
    case 'memblock':
      return `${e.what}: ${e.banks.map((b) => `${hex(b.start)}–${hex(b.end)}`).join(', ') || 'none'}`;
    case 'kasan-populate':
      return `kasan_mem_to_shadow(${e.fromKind === 'pa' ? '(void *)' : '__va '}${hex(e.from)}–${hex(e.fromEnd)}) = ${hex(exactSum(e.shadow, e.offset))}…${hex(e.shadowEnd)}${e.canonical ? '' : ' — NOT AN SV39 ADDRESS: memset() faults'}; pgd[${e.pgdIndex}], pages at ${hex(e.mappedStart)}–${hex(e.mappedEnd)}: the shadow of ${e.what}`;
    case 'need':
    case 'value-set':
      return ''; // shared events: src/report/trace-text.ts describes them
  }
}
