/**
 * Fix hints are verified (issue 5 kind 8, issue 8 item 2): every fix that
 * `run -v` prints over the shipped scenarios and the test fixtures is
 * replayed here again, from scratch, with the plain pipeline: it must remove
 * its finding and add no error on the same machine. A finding without a
 * verified fix must say why instead of proposing a move.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReplayEngine } from '../../src/compare/engine.js';
import { withVerifiedFixes } from '../../src/compare/fix-hints.js';
import { replayWith } from '../../src/replay/replay.js';
import { findingKey } from '../../src/rules/identity.js';
import { check } from '../../src/rules/index.js';
import { applyEditsToNames, editData } from '../../src/scenario/order-edit.js';
import type { ArchPlugin } from '../../src/arch/types.js';
import type { Scenario } from '../../src/scenario/types.js';
import { load, machinesOf, reordered, ROOT } from './load.js';

function yamlUnder(dir: string): string[] {
  return readdirSync(`${ROOT}/${dir}`, { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return yamlUnder(p);
    return e.name.endsWith('.yaml') ? [p] : [];
  }).sort();
}

const FILES = [...yamlUnder('scenarios'), ...yamlUnder('test/loader/fixtures/good'), ...yamlUnder('test/compare/fixtures')];

function fixedOf(plugin: ArchPlugin, scenario: Scenario) {
  const trace = replayWith(plugin, scenario);
  const findings = check(trace, plugin);
  return { plugin, scenario, trace, findings, fixed: withVerifiedFixes(new ReplayEngine(plugin, scenario), findings) };
}

function fixedFindings(file: string) {
  const { plugin, scenario } = load(file);
  return fixedOf(plugin, scenario);
}

describe('every fix hint over the shipped scenarios and the test fixtures is replayed and verified', () => {
  it.each(FILES)('%s', async (file) => {
    // every variant of the file (extends, matrix:), loaded as the CLI loads it
    for (const m of await machinesOf(file)) verify(file, fixedOf(m.plugin, m.scenario));
  });

  function verify(file: string, { plugin, scenario, trace, fixed }: ReturnType<typeof fixedOf>): void {
    const errorsBefore = new Set(check(trace, plugin).filter((f) => f.severity === 'error').map((f) => findingKey(f, trace.steps)));
    for (const f of fixed) {
      const key = findingKey(f, trace.steps);
      if (f.fixEdits === undefined) {
        expect(f.fix, key).toMatch(/^no (single move|call of setup_arch|fix was searched)/);
        continue;
      }
      const edited = applyEditsToNames(scenario.steps.map((s) => s.call), f.fixEdits);
      if (!edited.ok) throw new Error(`${key}: the fix's edits do not apply`);
      const after = replayWith(plugin, reordered(scenario, edited.order));
      const found = check(after, plugin);
      const keys = found.map((g) => findingKey(g, after.steps));
      expect(keys, `${file}: ${key} after ${JSON.stringify(f.fixEdits.map(editData))}`).not.toContain(key);
      const newErrors = found.filter((g) => g.severity === 'error').map((g) => findingKey(g, after.steps)).filter((k) => !errorsBefore.has(k));
      expect(newErrors, `${file}: ${key}`).toEqual([]);
      expect(f.fix).toMatch(/^move .*; replayed: /);
    }
  }

  it('run -v prints exactly the verified fixes of the JSON report', () => {
    const files = FILES;
    const run = (args: string[]) => spawnSync(process.execPath, ['bin/bootreplay.js', 'run', ...files, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const text = run(['-v']).stdout;
    const json = JSON.parse(run(['-f', 'json']).stdout) as { results: { findings: { fix: string; fixEdits?: unknown[] }[] }[] };
    const fixes = json.results.flatMap((r) => r.findings.map((f) => f.fix));
    const printed = text.split('\n').filter((l) => l.startsWith('    fix: ')).map((l) => l.slice('    fix: '.length));
    expect(printed).toEqual(fixes);
    expect(fixes.length).toBeGreaterThan(10);
    // JSON carries the edits of every verified fix, and only of those
    for (const r of json.results) for (const f of r.findings) expect(f.fixEdits !== undefined).toBe(f.fix.startsWith('move '));
  }, 60_000);
});

describe('fix hints, by example', () => {
  it("2.6.27-rc1 VMI: Alok Kataria's first patch, vmi_init right after find_low_pfn_range", () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
    expect(fixed.map((f) => f.fixEdits?.map(editData))).toEqual([
      [{ move: 'vmi_init', after: 'find_low_pfn_range' }],
      [{ move: 'vmi_init', after: 'find_low_pfn_range' }],
    ]);
    expect(fixed[0]?.fix).toBe('move vmi_init (step 35) after find_low_pfn_range (step 21); replayed: no error left, 1 warning (early-ioremap-init-before-relocation)');
  });

  it('2.6.26 VMI: no legal position, because vmi_init needs max_low_pfn, which only setup_memory sets', () => {
    const { fixed } = fixedFindings('test/compare/fixtures/2.6.26-vmi-2g.yaml');
    const lowmem = fixed.find((f) => f.rule === 'lowmem-before-relocation');
    expect(lowmem?.fixEdits).toBeUndefined();
    expect(lowmem?.fix).toMatch(/^no single move of setup_memory \(step 12\) or vmi_init \(step 14\) removes it without adding an error/);
    expect(lowmem?.fix).toMatch(/vmi_init: before setup_memory \(step 12\) adds missing-prerequisite; after setup_memory \(step 12\) the finding stays/);
    expect(lowmem?.fix).toMatch(/nor does any move of two of setup_memory, vmi_init/);
  });

  it('Xen PAE btmap-pmd-straddle: no order helps, the rule says what does', () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.27-rc1-xen-pae.yaml');
    expect(fixed[0]?.fix).toMatch(/^no single move of early_ioremap_init \(step 4\) removes it .*early_ioremap_init: anywhere the finding stays.*; make the reserve a multiple of PMD_SIZE/);
  });

  it('a finding only a move of two calls fixes: find_low_pfn_range after e820_end_of_ram_pfn, and init_memory_mapping after it', () => {
    const { fixed } = fixedFindings('test/compare/fixtures/2.6.27-rc1-scrambled-memory-setup.yaml');
    const empty = fixed.find((f) => f.rule === 'layout-overlap');
    expect(empty?.fixEdits?.map(editData)).toEqual([
      { move: 'find_low_pfn_range', after: 'e820_end_of_ram_pfn' },
      { move: 'init_memory_mapping', after: 'find_low_pfn_range' },
    ]);
  });

  it('2.6.27.4: the early DMI scan is fixed without an error and without the latent warning', () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.27.4-vmi-early-dmi.yaml');
    const stale = fixed.find((f) => f.rule === 'stale-early-ioremap');
    expect(stale?.fix).toMatch(/; replayed: no error left$/);
  });
});
