/**
 * The fixed shape of one replay's page tables (PtContext), from the scenario:
 * kernel image, Xen bootstrap region, CPU features as the kernel sees them,
 * the pagetable_init policy and the kernel's history.
 */
import { has } from '../history.js';
import { PAGE_SIZE } from '../geometry.js';
import type { ReplayContext } from '../replay/context.js';
import { FIRST_PMD_4K, KMAP_PTES_CONTIGUOUS, PTE_IDENT_ATTR, XEN32_INITIAL_MAPPINGS, XEN_SET_PTE_FROM_OUTSET } from '../history.js';
import { INIT_MEMORY_MAPPING_32 } from '../setup-arch-history.js';
import { kernelImage, pfnUp } from './image.js';
import type { PtContext } from './model.js';
import { isReplayable } from './policy.js';
import { xenBoot } from './xen-boot.js';

/** A scenario's PtContext depends on the scenario only (and scenarios are immutable): replays of it share one. */
const cache = new WeakMap<object, PtContext>();

export function ptContextFor(ctx: ReplayContext): PtContext {
  const hit = cache.get(ctx.scenario);
  if (hit !== undefined) return hit;
  const cx = build(ctx);
  cache.set(ctx.scenario, cx);
  return cx;
}

function build(ctx: ReplayContext): PtContext {
  const { scenario, geometry, fixmap } = ctx;
  const { config, machine, kernel } = scenario;
  const pageOffset = config.page_offset;
  const image = kernelImage(geometry, pageOffset, config.system_map);
  const xen = machine.hypervisor === 'xen';
  const memoryPages = Math.floor(machine.memory / PAGE_SIZE);
  const vmiOff = (opt: string): boolean => machine.hypervisor === 'vmi' && machine.params.some((p) => p.name === 'vmi' && p.option === opt);
  // mem=nopentium clears X86_FEATURE_PSE (arch/x86/kernel/e820.c parse_memopt)
  // (setup_32.c parse_mem at 2.6.26 bce7f793dae, e820.c:1187-1189 at 2.6.28 4a6908a3a05, e820.c:984-986 at
  // 2.6.36 f6f94e2ab1b); cmdline.ts files it as a known parameter, which this read as 'other' and so never saw
  const nopentium = machine.params.some((p) => p.name === 'known' && p.key === 'mem=nopentium');
  return {
    geometry, pageOffset, fixmap, image,
    hypervisor: machine.hypervisor,
    xen: xen
      ? xenBoot(pfnUp(image.end - pageOffset), memoryPages, Math.floor((machine.xen_pt_base - pageOffset) / PAGE_SIZE), machine.xen_nr_pt_frames)
      : null,
    // Xen pv: the hypervisor clears PSE and PGE from the guest's CPUID leaf 1 (Xen
    // arch/x86/traps.c, partial citation in the research notes §3.4)
    pse: machine.cpu.pse && !xen && !vmiOff('disable_pse') && !nopentium,
    pge: machine.cpu.pge && !xen && !vmiOff('disable_pge'),
    cpuNx: machine.cpu.nx,
    policy: isReplayable(config.pagetable_init_policy) ? config.pagetable_init_policy : 'xen-mask-rw',
    memoryPages,
    compatVdso: config.compat_vdso,
    has: {
      lowPageTables: has(kernel, INIT_MEMORY_MAPPING_32),
      firstPmd4k: has(kernel, FIRST_PMD_4K),
      xenSetPteFromOutset: has(kernel, XEN_SET_PTE_FROM_OUTSET),
      xen32InitialMappings: has(kernel, XEN32_INITIAL_MAPPINGS),
      pteIdentAttr: has(kernel, PTE_IDENT_ATTR),
      kmapContiguous: has(kernel, KMAP_PTES_CONTIGUOUS),
    },
  };
}
