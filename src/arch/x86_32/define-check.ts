/**
 * Per-variant checks of `define:` calls (ArchPlugin.checkDefined): a defined
 * call that maps a fixmap slot the variant's kernel and config do not have in
 * `enum fixed_addresses` (arch/x86/include/asm/fixmap_32.h of that release)
 * would otherwise be replayed as doing nothing; a `relocate: SIZE` that puts
 * FIXADDR_TOP below this config's PAGE_OFFSET (the bound reservetop= has,
 * checks.ts kernelSpaceProblem), or whose reserve makes the kernel's layout
 * arithmetic wrap (cmdline-layout.ts), would print a layout past 4 GiB. The schema accepts every slot
 * any modeled kernel has, so the check needs the variant: the kernel and the
 * config decide the enum (fixmap.ts buildFixmapEnum).
 */
import type { DefinedProblem } from '../types.js';
import { kernelSpaceProblem } from './checks.js';
import { definedReserveProblem, e820EditsLost, type ReserveOrder } from './cmdline-layout.js';
import type { Effect } from './effects.js';
import { buildFixmapEnum, type SlotName } from './fixmap.js';
import { geometryFor } from './geometry.js';
import { KERNEL_CHOICES, parseKernelVersion } from './kernel-version.js';
import { fixmapVersion } from './replay/context.js';
import { callEffects } from './replay/call-effects.js';
import type { X86Scenario } from './types.js';

function hasSlot(scenario: X86Scenario, slot: SlotName): boolean {
  return buildFixmapEnum(scenario.config, fixmapVersion(scenario), geometryFor(scenario.config.pae).ptrsPerPte).slots[slot] !== undefined;
}

/**
 * Why a slot is missing: a config switch that adds it, the first kernel that
 * has it with this config, or the first kernel that has it with one switch
 * flipped (FIX_TBOOT_BASE: 2.6.32-rc1 and CONFIG_INTEL_TXT).
 */
function why(scenario: X86Scenario, slot: SlotName): string {
  const flips = Object.entries(scenario.config).flatMap(([key, value]) => (typeof value === 'boolean' ? [{ key, value: !value }] : []));
  for (const f of flips) {
    if (hasSlot({ ...scenario, config: { ...scenario.config, [f.key]: f.value } }, slot)) return `it needs config.${f.key}: ${String(f.value)}`;
  }
  // the modeled mainline kernels, oldest first (rcs, then the release)
  const kernels = KERNEL_CHOICES.flatMap((text) => {
    const parsed = parseKernelVersion(text);
    return parsed.ok ? [{ text, version: parsed.version }] : [];
  });
  for (const k of kernels) {
    if (hasSlot({ ...scenario, kernel: k.version }, slot)) return `${slot} first appears in ${k.text} of the modeled kernels`;
  }
  for (const k of kernels) {
    for (const f of flips) {
      if (hasSlot({ ...scenario, kernel: k.version, config: { ...scenario.config, [f.key]: f.value } }, slot)) {
        return `${slot} first appears in ${k.text} of the modeled kernels, with config.${f.key}: ${String(f.value)}`;
      }
    }
  }
  return 'no modeled kernel has it with this config';
}

/** Whether a step after the first call of `name` computes max_low_pfn from MAXMEM (find_low_pfn_range, 2.6.26's setup_memory). */
function sizesLowmemAfter(scenario: X86Scenario, name: string): boolean {
  const first = scenario.steps.findIndex((s) => s.call === name);
  return first >= 0 && scenario.steps.slice(first + 1).some((s) => callEffects(scenario, s.call).some((e) => e.op === 'compute_max_low_pfn'));
}

/**
 * Where the order makes the reserves and parses the command line, for definedReserveProblem: the kernel's
 * layout arithmetic depends on it (parse_vmalloc() overwrites __VMALLOC_RESERVE, the last
 * reserve_top_address() sets __FIXADDR_TOP, mem= is lost on the e820 map before setup_memory_map()).
 */
function reserveOrder(scenario: X86Scenario, name: string): ReserveOrder {
  const calls = scenario.steps.map((s) => s.call);
  const first = (has: (e: Effect) => boolean): number => calls.findIndex((c) => callEffects(scenario, c).some(has));
  const vmi = first((e) => e.op === 'relocate' && e.source === 'vmi');
  const params = first((e) => e.op === 'parse_early_param');
  return {
    vmiAt: vmi < 0 ? null : { index: vmi, call: calls[vmi] ?? 'vmi_init' },
    paramsAt: params < 0 ? null : params,
    definedAt: calls.indexOf(name),
    e820EditsLost: e820EditsLost(calls, (c) => callEffects(scenario, c)),
  };
}

/** The per-variant problems of the scenario's define:d calls (ArchPlugin.checkDefined). */
export function checkDefinedX86(scenario: X86Scenario): DefinedProblem[] {
  const out: DefinedProblem[] = [];
  const used = new Set(scenario.steps.map((s) => s.call));
  for (const [name, def] of Object.entries(scenario.defined)) {
    if (!used.has(name)) continue;
    for (const effect of def.compiled) {
      const space = effect.op === 'reserve_top_address' ? kernelSpaceProblem('relocate:', effect.bytes, scenario.config.page_offset) : null;
      if (space !== null) {
        // reservetop='s own bound for this config (checks.ts): past it the wrap check below has no layout to judge
        out.push({ call: name, key: 'relocate', message: `define.${name}.relocate: ${space}` });
      } else if (effect.op === 'reserve_top_address' && sizesLowmemAfter(scenario, name)) {
        // a reserve whose layout arithmetic wraps, in force when max_low_pfn is computed, makes a layout past
        // 4 GiB, as reservetop= would (cmdline-layout.ts); after it, the overlap is layout-overlap's finding
        const wrap = definedReserveProblem(scenario.kernel, scenario.config, scenario.machine, name, effect.bytes, reserveOrder(scenario, name));
        if (wrap !== null) out.push({ call: name, message: `define.${name}.relocate: ${wrap}` });
      }
      if (effect.op !== 'set_fixmap' || hasSlot(scenario, effect.slot)) continue;
      out.push({ call: name, message: `define.${name}.set_fixmap: Linux ${scenario.kernel.text} with this config has no ${effect.slot} in enum fixed_addresses (${why(scenario, effect.slot)})` });
    }
  }
  return out;
}
