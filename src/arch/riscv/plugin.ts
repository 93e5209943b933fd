/**
 * The riscv architecture plug-in (src/arch/types.ts): riscv64 with sv39,
 * Linux 5.10, 5.12, 5.13 (and its release candidates) and 5.14 — the kernel in
 * the linear map and, from 5.13, at KERNEL_LINK_ADDR; satp and pt_ops through
 * setup_vm, relocate and setup_vm_final; the fixmap with a pending fence per
 * slot; 2 MiB leaves with their owners and permissions (notes/riscv-spec.md).
 */
import type { ArchPlugin } from '../types.js';
import { listedBanks } from '../memblock-add.js';
import { replayWith } from '../../replay/replay.js';
import type { Scenario } from '../../scenario/types.js';
import { availability, callPhase, repeatsCall } from './catalog.js';
import { CALL_NAMES, isCallName } from './catalog-names.js';
import { checkRiscv } from './checks.js';
import { compileDefine, DefineSchema, describeDefine } from './define.js';
import type { Effect } from './effects.js';
import { inputsRiscv } from './render/inputs.js';
import { kernelChoices, MODELED_KERNELS_TEXT, NEWEST_KERNEL, parseKernelVersion, type KernelVersion } from './kernel-version.js';
import { layoutJson, layoutText } from './render/layout.js';
import { ptdumpText } from './render/ptdump.js';
import { stepDocs } from './render/steps.js';
import { describeRiscvEvent } from './render/trace-text.js';
import type { RiscvEvent } from './replay/events.js';
import { sameRiscv } from './replay/same-state.js';
import { applyRiscv, cloneRiscv, finishRiscv, initRiscv, layoutRiscv, type RiscvState } from './replay/replay.js';
import { resolveRiscv } from './resolve.js';
import { hasEffectRiscv } from './effect-free.js';
import { RISCV_RULES } from './rules/index.js';
import { configSchema, machineSchema } from './schema.js';
import type { RiscvScenario, RiscvTrace } from './types.js';

let choices: readonly string[] | undefined;

export const riscv: ArchPlugin<RiscvScenario, RiscvTrace, RiscvState, RiscvEvent, readonly Effect[]> = {
  id: 'riscv',
  title: 'riscv64 sv39: Linux 5.10, 5.12, 5.13 (-rc1 … rc7), 5.14: setup_vm, satp, the linear map and the kernel mapping',
  kernels: {
    parse: parseKernelVersion,
    get choices(): readonly string[] {
      choices ??= kernelChoices();
      return choices;
    },
    modeledText: MODELED_KERNELS_TEXT,
    newest: NEWEST_KERNEL,
  },
  get configSchema() {
    return configSchema();
  },
  get machineSchema() {
    return machineSchema();
  },
  supersedes: { 'machine.memory_banks': ['machine.memory', 'machine.ram_base'], 'machine.memory': ['machine.memory_banks'], 'machine.ram_base': ['machine.memory_banks'] },
  callNames: CALL_NAMES,
  availability: (call, kernel) => (isCallName(call) ? availability(call, kernel as KernelVersion) : { ok: false, reason: `${call} is not a riscv step` }),
  check: checkRiscv,
  resolve: resolveRiscv,
  defineSchema: DefineSchema,
  compileDefine,
  describeDefine,
  inputs: inputsRiscv,
  ramBanksOf: (machine) => listedBanks(machine, 'memory_banks'),
  callPhase,
  repeatsCall,
  init: initRiscv,
  implicitStepNames: ['setup_vm', 'relocate', 'kasan_early_init'],
  apply: applyRiscv,
  clone: cloneRiscv,
  sameState: sameRiscv,
  finish: finishRiscv,
  layout: layoutRiscv,
  hasEffect: hasEffectRiscv,
  rules: RISCV_RULES,
  resultFields: ['paging'],
  summary: (s) => ({
    tags: [
      s.config.paging,
      s.config.maxphysmem === '2GB' ? 'MAXPHYSMEM_2GB' : 'MAXPHYSMEM_128GB',
      ...(s.config.strict_kernel_rwx ? ['STRICT_KERNEL_RWX'] : []),
      ...(s.config.kasan ? ['KASAN'] : []),
      ...(s.config.builtin_dtb ? ['BUILTIN_DTB'] : []),
    ],
    fields: { paging: s.config.paging },
  }),
  layoutJson,
  layoutText,
  ptdump: ptdumpText,
  describeEvent: describeRiscvEvent,
  steps: (kernel) => stepDocs(kernel as KernelVersion | undefined),
};

/** Whether a loaded scenario belongs to this plug-in. */
export function isRiscvScenario(s: Scenario): s is RiscvScenario {
  return s.arch === riscv.id;
}

/** The riscv replay of a loaded scenario, typed (for tests, benches and tools). */
export function replayRiscv(s: Scenario): RiscvTrace {
  if (!isRiscvScenario(s)) throw new TypeError(`not a riscv scenario: arch ${s.arch}`);
  return replayWith(riscv, s);
}
