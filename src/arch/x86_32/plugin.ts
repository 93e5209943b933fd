/**
 * The x86_32 architecture plug-in (src/arch/types.ts): Linux 2.6.26 – 2.6.36
 * (every release with VMI) on 32-bit x86, native, VMware VMI and Xen pv, with
 * the fixmap, bm_pte, the direct map and the VMI/Xen/reservetop= relocations
 * of DESIGN §2–§4.
 */
import type { ArchPlugin } from '../types.js';
import { replayWith } from '../../replay/replay.js';
import type { Scenario } from '../../scenario/types.js';
import { availability } from './availability.js';
import { repeatsCall } from './catalog.js';
import { SETUP_ARCH_PHASE } from '../phase.js';
import { CALL_NAMES, isCallName } from './catalog-names.js';
import { checkX86 } from './checks.js';
import { hasEffectX86, inertX86 } from './effect-free.js';
import { compileDefine, defineSchema, describeDefine } from './define.js';
import { checkDefinedX86 } from './define-check.js';
import type { Effect } from './effects.js';
import { KERNEL_CHOICES, MODELED_KERNELS_TEXT, NEWEST_KERNEL, parseKernelVersion } from './kernel-version.js';
import { inputsX86 } from './render/inputs.js';
import { layoutJson, layoutText } from './render/layout.js';
import { ptdumpText } from './render/ptdump.js';
import { stepDocs } from './render/steps.js';
import { x86EventMarks } from './render/event-marks.js';
import { describeX86Event } from './render/trace-text.js';
import type { TraceEvent } from './replay/events.js';
import { applyX86, cloneX86, finishX86, implicitStepName, initX86, layoutX86, sameX86, type X86State } from './replay/replay.js';
import { resolveX86 } from './resolve.js';
import { DEFAULT_MACHINE } from './defaults.js';
import { isRecord } from '../../scenario/is-record.js';
import { X86_RULES } from './rules/index.js';
import { ConfigSchema, HYPERVISORS, MachineSchema } from './schema.js';
import type { X86Scenario, X86Trace } from './types.js';

export const x86_32: ArchPlugin<X86Scenario, X86Trace, X86State, TraceEvent, readonly Effect[]> = {
  id: 'x86_32',
  title: 'x86 32-bit: Linux 2.6.26 – 2.6.36, native, VMware VMI and Xen pv',
  kernels: { parse: parseKernelVersion, choices: KERNEL_CHOICES, modeledText: MODELED_KERNELS_TEXT, newest: NEWEST_KERNEL },
  configSchema: ConfigSchema,
  machineSchema: MachineSchema,
  callNames: CALL_NAMES,
  get defineSchema() {
    return defineSchema();
  },
  availability: (call, kernel) => {
    const k = parseKernelVersion(kernel.text);
    if (!k.ok) return { ok: false, reason: k.reason };
    return isCallName(call) ? availability(call, k.version) : { ok: false, reason: `${call} is not an x86_32 setup_arch() call` };
  },
  check: checkX86,
  resolve: resolveX86,
  compileDefine,
  checkDefined: checkDefinedX86,
  describeDefine,
  inputs: inputsX86,
  callPhase: () => SETUP_ARCH_PHASE,
  repeatsCall,
  init: initX86,
  implicitStepNames: ['head_32', 'xen_start_kernel'],
  implicitStepsOf: (machine) => {
    // machine.hypervisor as written (none when left out); another value is the schema's problem
    const written = isRecord(machine) ? machine['hypervisor'] : undefined;
    const hypervisor = written ?? DEFAULT_MACHINE.hypervisor;
    return typeof hypervisor === 'string' && (HYPERVISORS as readonly string[]).includes(hypervisor) ? [implicitStepName(hypervisor)] : undefined;
  },
  apply: applyX86,
  clone: cloneX86,
  sameState: sameX86,
  finish: finishX86,
  layout: layoutX86,
  hasEffect: hasEffectX86,
  inert: inertX86,
  rules: X86_RULES,
  resultFields: ['hypervisor'],
  summary: (s) => ({
    tags: [s.machine.hypervisor, ...(s.config.pae ? ['PAE'] : [])],
    fields: { hypervisor: s.machine.hypervisor },
  }),
  layoutJson,
  layoutText,
  ptdump: ptdumpText,
  describeEvent: describeX86Event,
  eventMarks: x86EventMarks,
  steps: stepDocs,
};

/** Whether a loaded scenario belongs to this plug-in (the loader resolved it with x86_32). */
export function isX86Scenario(s: Scenario): s is X86Scenario {
  return s.arch === x86_32.id;
}

/** The x86_32 replay of a loaded scenario, typed (for tests, benches and x86 tools). */
export function replayX86(s: Scenario): X86Trace {
  if (!isX86Scenario(s)) throw new TypeError(`not an x86_32 scenario: arch ${s.arch}`);
  return replayWith(x86_32, s);
}
