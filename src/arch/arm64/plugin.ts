/**
 * The arm64 architecture plug-in (src/arch/types.ts): Linux v4.4, v4.6 and
 * v4.7 with 4K pages and 39- or 48-bit VA: head.S's tables, the fixmap and
 * its page-table slots, the translation tables as objects with runs of
 * entries, TTBR0/TTBR1 and what is live, KASAN and KASLR, and the rules of
 * break-before-make and early mapping order (seed 002).
 *
 * Importing this module builds nothing: the schemas are made on first use
 * and the model only when a scenario is replayed, so an x86_32 run does not
 * pay for arm64.
 */
import { compileDefine, DefineSchema, describeDefine } from './define.js';
import { checkDefinedArm64 } from './define-check.js';
import type { Effect } from './effects.js';
import { inputsArm64 } from './render/inputs.js';
import type { ArchPlugin } from '../types.js';
import { listedBanks } from '../memblock-add.js';
import { replayWith } from '../../replay/replay.js';
import type { Scenario } from '../../scenario/types.js';
import { sizeText } from './addr.js';
import { availability, callPhase, repeatsCall } from './catalog.js';
import { CALL_NAMES, isCallName } from './catalog-names.js';
import { checkArm64 } from './checks.js';
import { KERNEL_CHOICES, MODELED_KERNELS_TEXT, NEWEST_KERNEL, parseKernelVersion, type KernelVersion } from './kernel-version.js';
import { layoutJson, layoutText, ptdumpText } from './render/layout.js';
import { stepDocs } from './render/steps.js';
import { describeArm64Event } from './render/trace-text.js';
import type { Arm64Event } from './replay/events.js';
import { applyArm64, cloneArm64, finishArm64, initArm64, layoutArm64, type Arm64State } from './replay/replay.js';
import { sameArm64 } from './replay/same-state.js';
import { resolveArm64 } from './resolve.js';
import { hasEffectArm64 } from './effect-free.js';
import { ARM64_RULES } from './rules/index.js';
import { configSchema, machineSchema, type ConfigParsed, type MachineParsed } from './schema.js';
import type { Arm64Scenario, Arm64Trace } from './types.js';

export const arm64: ArchPlugin<Arm64Scenario, Arm64Trace, Arm64State, Arm64Event, readonly Effect[]> = {
  id: 'arm64',
  title: 'arm64 (4K pages, VA_BITS 39/48): Linux v4.4, v4.6, v4.7',
  kernels: { parse: parseKernelVersion, choices: KERNEL_CHOICES, modeledText: MODELED_KERNELS_TEXT, newest: NEWEST_KERNEL },
  get configSchema() {
    return configSchema();
  },
  supersedes: { 'machine.banks': ['machine.memory', 'machine.phys_offset'], 'machine.memory': ['machine.banks'], 'machine.phys_offset': ['machine.banks'] },
  get machineSchema() {
    return machineSchema();
  },
  callNames: CALL_NAMES,
  availability: (call, kernel) => (isCallName(call) ? availability(call, kernel as KernelVersion) : { ok: false, reason: `${call} is not an arm64 call` }),
  check: checkArm64,
  resolve: (config, machine, kernel) => resolveArm64(config as ConfigParsed | undefined, machine as MachineParsed | undefined, kernel as KernelVersion),
  defineSchema: DefineSchema,
  compileDefine,
  describeDefine,
  checkDefined: checkDefinedArm64,
  inputs: inputsArm64,
  ramBanksOf: (machine) => listedBanks(machine, 'banks'),
  callPhase,
  repeatsCall,
  init: initArm64,
  implicitStepNames: ['__create_page_tables', '__enable_mmu', '__mmap_switched', '__primary_switched', 'kasan_early_init', 'kaslr_early_init'],
  apply: applyArm64,
  clone: cloneArm64,
  sameState: sameArm64,
  finish: finishArm64,
  layout: layoutArm64,
  hasEffect: hasEffectArm64,
  rules: ARM64_RULES,
  resultFields: ['va_bits'],
  summary: (s) => ({
    tags: [
      `VA_BITS=${s.config.va_bits}`,
      ...(s.config.kasan ? ['KASAN'] : []),
      ...(s.config.randomize_base ? [s.machine.kaslr_seed !== 0n ? 'KASLR' : 'RANDOMIZE_BASE (no seed)'] : []),
      ...(s.config.debug_rodata ? [s.config.debug_align_rodata ? 'DEBUG_ALIGN_RODATA' : 'DEBUG_RODATA'] : []),
      sizeText(s.machine.banks.reduce((n, b) => n + b.size, 0)),
    ],
    fields: { va_bits: s.config.va_bits },
  }),
  layoutJson,
  layoutText,
  ptdump: ptdumpText,
  describeEvent: describeArm64Event,
  steps: (kernel) => stepDocs(kernel as KernelVersion | undefined),
};

/** Whether a loaded scenario belongs to this plug-in. */
export function isArm64Scenario(s: Scenario): s is Arm64Scenario {
  return s.arch === arm64.id;
}

/** The arm64 replay of a loaded scenario, typed (for tests, benches and arm64 tools). */
export function replayArm64(s: Scenario): Arm64Trace {
  if (!isArm64Scenario(s)) throw new TypeError(`not an arm64 scenario: arch ${s.arch}`);
  return replayWith(arm64, s);
}
