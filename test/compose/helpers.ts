/** Composing through the real loader over an in-memory file system (test/compose/*). */
import { isX86Scenario } from '../../src/arch/x86_32/plugin.js';
import type { X86Scenario } from '../../src/arch/x86_32/types.js';
import { composeScenario } from '../../src/scenario/compose/compose.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/scenario/limits.js';

/** The rc1 order, shortened to the calls that matter here. */
export const BASE = `kernel: 2.6.27-rc1
config:
  pae: false
  nr_cpus: 4
machine:
  memory: 512MiB
  hypervisor: vmi
setup_arch:
  - early_ioremap_init
  - setup_memory_map
  - parse_early_param
  - e820_end_of_ram_pfn
  - find_low_pfn_range
  - init_memory_mapping
  - dmi_scan_machine
  - vmi_init
  - paging_init
`;

export function compose(files: Readonly<Record<string, string>>, entry = 'd/s.yaml', limits: Limits = DEFAULT_LIMITS) {
  const all: Record<string, string> = { 'd/base.yaml': BASE, ...files };
  return composeScenario(all[entry] ?? '', entry, memoryReader(all), limits);
}

export function one(files: Readonly<Record<string, string>>, entry = 'd/s.yaml', limits: Limits = DEFAULT_LIMITS): X86Scenario {
  const r = compose(files, entry, limits);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
  const [v] = r.variants;
  if (v?.ok !== true || !isX86Scenario(v.scenario)) throw new Error('no scenario');
  return v.scenario;
}

/** "file:line:col: message" of every problem; fails if the file loads. */
export function problems(files: Readonly<Record<string, string>>, entry = 'd/s.yaml'): string[] {
  const r = compose(files, entry);
  if (r.ok) throw new Error('loaded without problems');
  return r.problems.map((p) => `${p.file}:${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
}

