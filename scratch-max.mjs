import { parseScenario } from './dist/scenario/loader.js';
import { replay } from './dist/replay/replay.js';
import { check } from './dist/rules/index.js';
const head = (k = '2.6.27-rc1', hv = 'vmi', extra = '') => `kernel: ${k}\nmachine:\n  hypervisor: ${hv}\n  memory: 4GiB\n  cmdline: "reservetop=16M vmi=disable_pse"${extra}\nsetup_arch:\n`;
const N = 10000;
const fill = (prefix, body, suffix) => { const out = [...prefix]; while (out.length + suffix.length < N) out.push(...body); out.length = Math.min(out.length, N - suffix.length); return [...out, ...suffix]; };
const cases = {
  fixmapUsers: head() + fill(['early_cpu_init','setup_memory_map','early_ioremap_init','parse_early_param','e820_end_of_ram_pfn','find_low_pfn_range'], ['init_memory_mapping','dmi_scan_machine','acpi_boot_init','init_apic_mappings'], ['vmi_init']).map(c => `  - ${c}`).join('\n'),
  missing: head() + fill([], ['find_low_pfn_range', 'init_memory_mapping', 'vmi_init', 'parse_early_param'], ['setup_memory_map']).map(c => `  - ${c}`).join('\n'),
  stale: head() + fill(['early_ioremap_init', 'vmi_init'], ['dmi_scan_machine'], []).map(c => `  - ${c}`).join('\n'),
  initReloc: head('2.6.27-rc1', 'vmi') + fill([], ['early_ioremap_init', 'parse_early_param', 'dmi_scan_machine'], []).map(c => `  - ${c}`).join('\n'),
  relocs: head() + fill(['setup_memory_map','e820_end_of_ram_pfn','find_low_pfn_range'], ['vmi_init', 'parse_early_param'], []).map(c => `  - ${c}`).join('\n'),
  notes: head() + fill([], ['early_cpu_init'], []).map(c => `  - call: ${c}\n    note: "${'n'.repeat(60)}"`).join('\n'),
};
for (const [name, text] of Object.entries(cases)) {
  const t0 = performance.now();
  const r = parseScenario(text, name + '.yaml');
  const t1 = performance.now();
  if (!r.ok) { console.log(name, 'rejected', r.problems.slice(0, 3)); continue; }
  const tr = replay(r.scenario);
  const t2 = performance.now();
  const f = check(tr);
  const t3 = performance.now();
  console.log(name.padEnd(12), (text.length / 1024).toFixed(0) + 'KiB', 'load', (t1 - t0).toFixed(0), 'replay', (t2 - t1).toFixed(0), 'check', (t3 - t2).toFixed(0), 'events', tr.events.length, 'findings', f.length);
}
