/**
 * check()'s order is compareFindings' (src/rules/index.ts sorts by numbers
 * read once per finding; this pins it to the comparison it stands for), on
 * every shipped scenario, the loader's good fixtures (findings at keys among
 * them) and a long order with thousands of findings of several rules.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayWith } from '../../src/replay/replay.js';
import { check, compareFindings } from '../../src/rules/index.js';
import { loadScenarioFile } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/loader.js';

/** @returns how many findings point at a key and how many at their step */
function expectOrdered(loaded: ReturnType<typeof parseScenario>): { atKey: number; atStep: number } {
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  const trace = replayWith(loaded.plugin, loaded.scenario);
  // the rules check() runs: a halted replay (an unsupported scenario) only by those that report it
  const rules = trace.halted === undefined ? loaded.plugin.rules : loaded.plugin.rules.filter((r) => r.meta.checksHalted === true);
  const unsorted = rules.flatMap((r) => r.check(trace));
  const found = check(trace, loaded.plugin);
  expect(found).toEqual([...unsorted].sort(compareFindings));
  const atKey = found.filter((f) => f.pos !== f.step.pos).length;
  return { atKey, atStep: found.length - atKey };
}

describe('the order of findings', () => {
  it("is compareFindings' on the shipped scenarios and the loader's good fixtures", async () => {
    let atKey = 0;
    for (const dir of ['scenarios/x86_32', 'scenarios/arm64', 'scenarios/riscv', 'test/loader/fixtures/good']) {
      // read as files: a scenario may extend a base beside it
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) atKey += expectOrdered(await loadScenarioFile(join(dir, f))).atKey;
    }
    expect(atKey).toBeGreaterThan(0);
  });

  it("is compareFindings' on a long order (thousands of findings, several rules per step)", () => {
    const calls = ['early_cpu_init', 'setup_memory_map', 'early_ioremap_init', 'parse_early_param', 'e820_end_of_ram_pfn', 'find_low_pfn_range'];
    for (let i = 0; i < 600; i++) calls.push(i % 2 === 0 ? 'dmi_scan_machine' : 'init_memory_mapping');
    calls.push('vmi_init');
    const text = `kernel: 2.6.27-rc1\nconfig: {pae: true}\nmachine:\n  hypervisor: vmi\n  memory: 4GiB\n  cmdline: "reservetop=16M vmi=disable_pse"\nsetup_arch:\n${calls.map((c) => `  - ${c}\n`).join('')}`;
    expect(expectOrdered(parseScenario(text, 'long.yaml')).atStep).toBeGreaterThan(1000);
  });
});
