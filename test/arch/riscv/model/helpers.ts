/**
 * Loading and replaying riscv fixtures the way the CLI does (YAML → loader →
 * replay), for the model tests.
 */
import { replayRiscv } from '../../../../src/arch/riscv/plugin.js';
import type { RiscvTrace } from '../../../../src/arch/riscv/types.js';
import { parseScenario, type LoadResult } from '../../../../src/scenario/loader.js';
import { scenarioYaml } from '../../../rules/rule-tester.js';
import { ORDER_5_10, ORDER_5_12, ORDER_5_14 } from '../fixtures/orders.js';

export interface Spec {
  readonly kernel: string;
  readonly order?: readonly string[];
  readonly config?: Readonly<Record<string, unknown>>;
  readonly machine?: Readonly<Record<string, unknown>>;
}

export function defaultOrder(kernel: string): readonly string[] {
  if (kernel.includes('5.10')) return ORDER_5_10;
  if (kernel.includes('5.14')) return ORDER_5_14;
  return ORDER_5_12;
}

export function load(spec: Spec): LoadResult {
  return parseScenario(scenarioYaml({ arch: 'riscv', kernel: spec.kernel, order: spec.order ?? defaultOrder(spec.kernel), ...(spec.config !== undefined ? { config: spec.config } : {}), ...(spec.machine !== undefined ? { machine: spec.machine } : {}) }), 'fixture.yaml');
}

export function replayOf(spec: Spec): RiscvTrace {
  const r = load(spec);
  if (!r.ok) throw new Error(`fixture does not load: ${r.problems.map((p) => p.message).join('; ')}`);
  return replayRiscv(r.scenario);
}

export function problemsOf(spec: Spec): string[] {
  const r = load(spec);
  return r.ok ? [] : r.problems.map((p) => p.message);
}
