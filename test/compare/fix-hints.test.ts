/**
 * Fix hints are verified (issue 5 kind 8, issue 8 item 2): every fix that
 * `run -v` prints over the shipped scenarios and the test fixtures is
 * replayed here again, from scratch, with the plain pipeline: it must remove
 * its finding and add no error on the same machine. A finding without a
 * verified fix must say why instead of proposing a move.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ReplayEngine } from '../../src/compare/engine.js';
import { fixBudgetOf, fixStepsOf, MAX_FIX_EVENTS_PER_FILE, MAX_FIX_STEPS_PER_FILE, MAX_FIX_STEPS_PER_SCENARIO, withVerifiedFixes } from '../../src/compare/fix-hints.js';
import { KeptFindings, MoveTable } from '../../src/compare/judge.js';
import { replayWith } from '../../src/replay/replay.js';
import { findingKeys } from '../../src/rules/identity.js';
import { check } from '../../src/rules/index.js';
import { applyEditsToNames, editData } from '../../src/scenario/order-edit.js';
import type { ArchPlugin } from '../../src/arch/types.js';
import type { Finding } from '../../src/rules/types.js';
import type { Scenario } from '../../src/scenario/types.js';
import { load, machinesOf, reordered, ROOT, yamlUnder } from './load.js';

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
  // a correctness check, not a timing: searching and replaying every hint of a full real order takes seconds
  it.each(FILES)('%s', { timeout: 120_000 }, async (file) => {
    // every variant of the file (extends, matrix:), loaded as the CLI loads it
    for (const m of await machinesOf(file)) verify(file, fixedOf(m.plugin, m.scenario));
  });

  function verify(file: string, { plugin, scenario, trace, fixed }: ReturnType<typeof fixedOf>): void {
    const before = check(trace, plugin);
    const beforeKeys = findingKeys(before);
    const errorsBefore = new Set(beforeKeys.filter((_, i) => before[i]?.severity === 'error'));
    const fixedKeys = findingKeys(fixed);
    for (const [i, f] of fixed.entries()) {
      const key = fixedKeys[i] ?? '';
      if (f.fixEdits === undefined) {
        // a finding no order of these calls changes (duplicate-call): no search, the rule's own remedy
        if (f.fix.startsWith('no move of a call removes it (it does not depend on where the calls are); ')) {
          expect(plugin.rules.find((r) => r.meta.id === f.rule)?.meta.emptyUnderReordering, key).toBe(true);
          continue;
        }
        // a finding its rule has shown no order removes (a command-line option is all of its cause): no search, the
        // rule's own remedy as it was
        if (f.noOrderFix === true) {
          expect(f.fix, key).toBe(before[i]?.fix);
          continue;
        }
        // a machine-wide error (a kernel that does not run on this machine in any order): no search
        if (/^no order change was searched: the (error|finding) is about this kernel, configuration and machine, not where the calls are; /.test(f.fix)) {
          expect(plugin.rules.find((r) => r.meta.id === f.rule)?.meta.machineWide, key).toBe(true);
          continue;
        }
        expect(f.fix, key).toMatch(/^no (single move|single insertion|call of setup_arch|fix was searched|order change is proposed for it while the order's errors stand)/);
        // the rule's own order edit is what the search found wanting: it must not follow the reason
        expect(f.fix, key).not.toMatch(/; (move|insert|call|remove) /);
        continue;
      }
      const edited = applyEditsToNames(scenario.steps.map((s) => s.call), f.fixEdits);
      if (!edited.ok) throw new Error(`${key}: the fix's edits do not apply`);
      const after = replayWith(plugin, reordered(scenario, edited.order));
      const found = check(after, plugin);
      const keys = findingKeys(found);
      expect(keys, `${file}: ${key} after ${JSON.stringify(f.fixEdits.map(editData))}`).not.toContain(key);
      const newErrors = keys.filter((k, j) => found[j]?.severity === 'error' && !errorsBefore.has(k));
      expect(newErrors, `${file}: ${key}`).toEqual([]);
      expect(f.fix).toMatch(/^(move|insert) .*; replayed: /);
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
    for (const r of json.results) for (const f of r.findings) expect(f.fixEdits !== undefined).toBe(/^(move|insert) /.test(f.fix));
  }, 60_000);
});

describe('fix hints, by example', () => {
  it("2.6.27-rc1 VMI: Alok Kataria's first patch, vmi_init right after find_low_pfn_range", () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
    expect(fixed.map((f) => f.fixEdits?.map(editData))).toEqual([
      [{ move: 'vmi_init', after: 'find_low_pfn_range' }],
      [{ move: 'vmi_init', after: 'find_low_pfn_range' }],
    ]);
    expect(fixed[0]?.fix).toBe('move vmi_init (step 41) right after find_low_pfn_range (step 27); replayed: no error left, 1 warning (early-ioremap-init-before-relocation)');
  });

  // break-290 F2: acpi_boot_table_init filled the ACPI table list before parse_early_param parsed acpi=off, and
  // acpi_numa_init() → acpi_table_parse() checks no flag (drivers/acpi/numa.c:241-253, tables.c:241-258 at
  // caglar10ur/linux-2.6.27.y@6e86841d05f): moving acpi_numa_init after parse_early_param still maps the SRAT
  it('2.6.27-rc1 PAE VMI with a late acpi=off: the SRAT is mapped wherever acpi_numa_init goes, so its fix is after vmi_init', () => {
    const { fixed } = fixedFindings('test/compare/fixtures/2.6.27-rc1-vmi-pae-4g-acpi-off-late.yaml');
    const srat = fixed.find((f) => f.rule === 'fixmap-before-relocation' && f.step.name === 'acpi_numa_init');
    expect(srat?.fixEdits?.map(editData)).toEqual([{ move: 'acpi_numa_init', after: 'vmi_init' }]);
    expect(srat?.fix).toMatch(/^move acpi_numa_init \(step 33\) after vmi_init \(step 41\); replayed: removes it and adds no error/);
  });

  it('2.6.26 VMI: no legal position, because vmi_init needs max_low_pfn, which only setup_memory sets', () => {
    const { fixed } = fixedFindings('test/compare/fixtures/2.6.26-vmi-2g.yaml');
    const lowmem = fixed.find((f) => f.rule === 'lowmem-before-relocation');
    expect(lowmem?.fixEdits).toBeUndefined();
    expect(lowmem?.fix).toMatch(/^no single move of setup_memory \(step 12\) or vmi_init \(step 14\) removes it without adding an error or a missing prerequisite/);
    // before parse_early_param it would also miss the vmi= options (vmi=disable_timer): a new missing prerequisite that is only a warning still refuses a fix
    expect(lowmem?.fix).toMatch(/vmi_init: before parse_early_param \(step 7\) adds missing-prerequisite \(error and warning\); after parse_early_param \(step 7\) and before setup_memory \(step 12\) adds missing-prerequisite; after setup_memory \(step 12\) the finding stays/);
    expect(lowmem?.fix).toMatch(/nor does any move of two of setup_memory, vmi_init/);
  });

  it('Xen PAE btmap-pmd-straddle: no order helps, the rule says what does', () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.27-rc1-xen-pae.yaml');
    expect(fixed[0]?.fix).toMatch(/^no single move of early_ioremap_init \(step 4\) removes it .*early_ioremap_init: anywhere the finding stays.*; reserve a multiple of PMD_SIZE \(2 MiB\): 5dc64a3442b9 \(2\.6\.28-rc1; stable 2\.6\.27\.8, 996d332bda\)/);
  });

  it('arm64 v4.6: an allocation before setup_machine_fdt too large for the RAM it adds: no move works, so the fix says to allocate less (the rule\'s move is dropped, its remedy in words kept)', () => {
    const { plugin, scenario } = load('scenarios/arm64/v4.6.yaml', (t) => `${t.replace('  - setup_machine_fdt', '  - huge_alloc\n  - setup_machine_fdt')}
define:
  huge_alloc: {doc: a buffer larger than any free range, linear_alloc: 1886MiB}
`);
    const { fixed } = fixedOf(plugin, scenario);
    const panic = fixed.find((f) => f.rule === 'memblock-alloc-panic');
    expect(panic?.fixEdits).toBeUndefined();
    expect(panic?.fix).toMatch(/^no single move of huge_alloc \(step \d+\) or setup_machine_fdt \(step \d+\) removes it/);
    expect(panic?.fix).not.toMatch(/move setup_machine_fdt \(step \d+\) before huge_alloc/);
    expect(panic?.fix).toMatch(/\); allocate less \(memblock must have a free range of 1\.84 GiB once setup_machine_fdt \(step \d+\) adds RAM\), or give the machine more memory$/);
  });

  it('a finding only a move of two calls fixes: find_low_pfn_range after e820_end_of_ram_pfn, and init_memory_mapping after it', () => {
    const { fixed } = fixedFindings('test/compare/fixtures/2.6.27-rc1-scrambled-memory-setup.yaml');
    const empty = fixed.find((f) => f.rule === 'layout-overlap');
    expect(empty?.fixEdits?.map(editData)).toEqual([
      { move: 'find_low_pfn_range', after: 'e820_end_of_ram_pfn' },
      { move: 'init_memory_mapping', after: 'find_low_pfn_range' },
    ]);
  });

  it('2.6.27.6 Xen PAE: DMI after init_memory_mapping would undo 2216d199b1 (the low-64K quirk must reserve before the page tables are placed): no move fixes the straddle, the rule names 996d332bda', () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.27.6-xen-pae-dmi.yaml');
    const dmi = fixed.find((f) => f.rule === 'missing-prerequisite' && f.step.name === 'dmi_scan_machine');
    // dmi_scan_machine after init_memory_mapping alone leaves dmi_check_system before DMI exists; both after it leave
    // init_memory_mapping before the bad_bios_dmi_table quirk: a missing prerequisite either way, so no fix
    const straddle = fixed.find((f) => f.rule === 'btmap-pmd-straddle');
    expect(straddle?.fixEdits).toBeUndefined();
    expect(straddle?.fix).toMatch(/^no single move of dmi_scan_machine \(step 17\) or early_ioremap_init \(step 4\) removes it .*after init_memory_mapping \(step 31\) adds missing-prerequisite \(warning\).*nor does any move of two of dmi_scan_machine, early_ioremap_init, dmi_check_system.*; reserve a multiple of PMD_SIZE \(2 MiB\): 5dc64a3442b9 \(2\.6\.28-rc1; stable 2\.6\.27\.8, 996d332bda\)/);
    expect(dmi?.fix).toMatch(/^move efi_init \(step 23\) before dmi_scan_machine \(step 17\); replayed: removes it and adds no error; the other error stays \(btmap-pmd-straddle\)$/);
  });

  it('a warning\'s move that changes the order\'s errors is withheld (a define:d reserve_top_address() after paging_init on 2.6.27 VMI): it says to fix the errors first instead of moving vmi_init after the new call', () => {
    const { fixed } = fixedFindings2627TopAfterPagingInit();
    const warning = fixed.find((f) => f.rule === 'early-ioremap-init-before-relocation');
    expect(warning?.severity).toBe('warning');
    expect(warning?.fixEdits).toBeUndefined();
    expect(warning?.fix).toMatch(/^no order change is proposed for it while the order's errors stand: the best move that removes it \(move vmi_init \(step 12\) after my_reserve_top \(step 44\)\) moves a call they name and leaves 3 errors \(fixmap-before-relocation\); fix the errors first \(see their fixes\) and replay; /);
    // the errors' own fix moves the new call before vmi_init, the other way
    const errors = fixed.filter((f) => f.rule === 'fixmap-before-relocation');
    expect(errors.length).toBe(3);
    for (const e of errors) expect(e.fix).toMatch(/^move my_reserve_top \(step 44\) before vmi_init \(step 12\); replayed: no error left/);
  });

  function fixedFindings2627TopAfterPagingInit() {
    const { plugin, scenario } = load('scenarios/x86_32/2.6.27-vmi.yaml', (t) =>
      `${t.replace(/^ {2}- paging_init$/m, '  - paging_init\n  - my_reserve_top')}\ndefine:\n  my_reserve_top: {doc: reserves the top like reserve_top_address, relocate: 16MiB}\n`);
    return fixedOf(plugin, scenario);
  }

  it('errors search before warnings: 44 duplicate calls ahead of the one error leave its fix found', { timeout: 120_000 }, () => {
    // the second tester's order: set_mca_bus 45 times (duplicate-call warnings, no move fixes them) before the error
    const { plugin, scenario } = load('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', (t) => t.replace(/^ {2}- set_mca_bus$/m, Array.from({ length: 45 }, () => '  - set_mca_bus').join('\n')));
    const { fixed } = fixedOf(plugin, scenario);
    const duplicates = fixed.filter((f) => f.rule === 'duplicate-call');
    expect(duplicates.length).toBe(44);
    // no search for them: the rule's own remedy, after why no move helps
    for (const d of duplicates) expect(d.fix).toMatch(/^no move of a call removes it \(it does not depend on where the calls are\); remove step \d+ \(set_mca_bus\)/);
    const stale = fixed.find((f) => f.rule === 'stale-early-ioremap');
    expect(stale?.fixEdits).toBeDefined();
    expect(stale?.fix).toMatch(/^move \w+ \(step \d+\) (before|after) .*; replayed: /);
  });

  it('the search of one scenario is bounded: past its budget a finding says so instead of searching (a 100-call order with dozens of findings once ran the heap out)', { timeout: 120_000 }, () => {
    // 2.6.27.6 on VMI with its early dmi_scan_machine repeated until 100 calls: each one early_ioremaps
    // before vmi_init, an error whose fix is searched
    const { plugin, scenario } = load('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', (t) => t.replace(/^ {2}- dmi_scan_machine$/m, Array.from({ length: 46 }, () => '  - dmi_scan_machine').join('\n')));
    expect(scenario.steps.length).toBeGreaterThanOrEqual(100);
    const findings = check(replayWith(plugin, scenario), plugin);
    // a budget of 30 single-move tables of this order
    const fixed = withVerifiedFixes(new ReplayEngine(plugin, scenario), findings, { maxSteps: 30 * scenario.steps.length * scenario.steps.length });
    const notSearched = fixed.filter((f) => f.fix.startsWith('no fix was searched: the fix search of this scenario already replayed'));
    expect(notSearched.length).toBeGreaterThan(0);
    // errors first: the first error was searched
    expect(fixed.find((f) => f.severity === 'error')?.fix).not.toMatch(/^no fix was searched/);
  });

  it('the findings the search keeps are bounded: past the limit a finding says so (124 findings in every position of a 120-call order held 2 GB over 16 variants)', { timeout: 120_000 }, () => {
    const { plugin, scenario } = load('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', (t) => t.replace(/^ {2}- dmi_scan_machine$/m, Array.from({ length: 20 }, () => '  - dmi_scan_machine').join('\n')));
    const findings = check(replayWith(plugin, scenario), plugin);
    const engine = new ReplayEngine(plugin, scenario);
    // room for about four single-move tables of this order (the first error's culprit and related call take two)
    const limit = 4 * scenario.steps.length * (findings.length + 1);
    const fixed = withVerifiedFixes(engine, findings, { table: new MoveTable(engine, new KeptFindings(limit)) });
    // the refusal names the machine whose moves passed the limit (a shared KeptFindings may hold several)
    const stopped = fixed.filter((f) => f.fix.startsWith(`no fix was searched: the orders judged for the moves of ${scenario.file} (setup_arch at ${scenario.file}:`) && f.fix.includes(` would hold more than ${limit} findings`));
    expect(stopped.length).toBeGreaterThan(0);
    // errors first, and the first one fitted
    expect(fixed.find((f) => f.severity === 'error')?.fix).not.toMatch(/^no fix was searched/);
  });

  it('a shared findings budget names the machine whose moves passed it, and the machines sharing it', () => {
    const kept = new KeptFindings(10);
    const a = { file: 'm.yaml', variant: 'memory=1GiB', positions: { setup_arch: { line: 3, col: 1 } } };
    const b = { file: 'm.yaml', variant: 'memory=2GiB', positions: { setup_arch: { line: 3, col: 1 } } };
    kept.add(6, a);
    expect(() => kept.add(6, b)).toThrow('the orders judged for the moves of m.yaml[memory=2GiB] (setup_arch at m.yaml:3:1) and 1 other machine sharing the limit (2 machines of m.yaml) would hold more than 10 findings');
  });

  it('the budget bounds the replays, not only the searches it starts: an order of 118 calls and 61 errors, as one of 16 variants and alone (review 17b 2.4: 9 s of CPU for a 5 KB file)', { timeout: 120_000 }, () => {
    // e16 of the review: the rc1 VMI order with 59 early_ioremap users inserted after init_memory_mapping
    const names = Array.from({ length: 59 }, (_, i) => `q${i}`);
    const { plugin, scenario } = load('scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml', (t) => `${t.replace(/^ {2}- init_memory_mapping$/m, ['  - init_memory_mapping', ...names.map((n) => `  - ${n}`)].join('\n'))}define:\n${names.map((n) => `  ${n}: {doc: d, early_ioremap: 4KiB}\n`).join('')}`);
    const calls = scenario.steps.length;
    expect(calls).toBe(118);
    const findings = check(replayWith(plugin, scenario), plugin);
    for (const variants of [16, 1]) {
      const budget = fixBudgetOf(variants);
      const engine = new ReplayEngine(plugin, scenario);
      const fixed = withVerifiedFixes(engine, findings, { budget });
      const { maxSteps } = fixStepsOf(budget, calls, engine.ownEventCount);
      // the scenario's own replay and the insertions of one finding (each at every position) past the budget at most
      expect(engine.replays * calls).toBeLessThanOrEqual(maxSteps + 2 * calls * calls);
      const skipped = fixed.filter((f) => /^no fix was searched: the single moves of its calls would replay \d+ steps, more than the \d+ left of the fix search's \d+ \(its (limit|share of the file's, for its 16 variants: .*)\)/.test(f.fix));
      if (variants === 16) expect(skipped.length).toBe(findings.filter((f) => f.severity !== 'info').length);
      else expect(skipped.length).toBeGreaterThan(0);
    }
  });

  it("a file's variants share one fix budget, the same share in every shard, whether they are searched or not", () => {
    expect(fixBudgetOf(1)).toEqual({ steps: MAX_FIX_STEPS_PER_SCENARIO, events: MAX_FIX_EVENTS_PER_FILE, variants: 1 });
    expect(MAX_FIX_STEPS_PER_SCENARIO).toBe(MAX_FIX_STEPS_PER_FILE);
    expect(fixBudgetOf(2)).toEqual({ steps: MAX_FIX_STEPS_PER_FILE / 2, events: MAX_FIX_EVENTS_PER_FILE / 2, variants: 2 });
    // 512 variants (a matrix at max-variants): every one takes its share, so the 16 searched ones get 1/32 of the file's
    const many = fixBudgetOf(512);
    expect(many.steps * 512).toBeLessThanOrEqual(MAX_FIX_STEPS_PER_FILE);
    expect(many.events * 512).toBeLessThanOrEqual(MAX_FIX_EVENTS_PER_FILE);
  });

  it('a step weighs what a step of the order\'s own replay emits: an order of many events per call gets fewer steps, and the limit says so', () => {
    // 59 calls with 82 events (x86 rc1): the step share is less, and it is the limit
    expect(fixStepsOf(fixBudgetOf(1), 59, 82)).toEqual({ maxSteps: MAX_FIX_STEPS_PER_FILE, limitText: 'its limit' });
    // 21 calls with 88 events and 8 findings (arm64 v4.4 with KASAN): 230,000 × 21 / 96
    expect(fixStepsOf(fixBudgetOf(1), 21, 96)).toEqual({ maxSteps: 50_312, limitText: "its limit: 230000 events and findings' worth, and this order's own replay has 96 in 21 calls" });
    expect(fixStepsOf(fixBudgetOf(16), 21, 96)).toEqual({ maxSteps: 3_144, limitText: "its share of the file's, for its 16 variants: 14375 events and findings' worth (230000 in all), and this order's own replay has 96 in 21 calls" });
    expect(fixStepsOf(fixBudgetOf(16), 59, 82).limitText).toBe("its share of the file's, for its 16 variants: 120000 steps in all");
  });

  it('arm64 v4.4 with KASAN (88 events in 21 calls) gets fewer steps than an x86 order, and still its definite answers: the pair search counts the orders it replays, not those another finding judged (helper-191 2)', { timeout: 120_000 }, () => {
    const { plugin, scenario } = load('scenarios/arm64/v4.4-debug-rodata-kasan.yaml');
    const findings = check(replayWith(plugin, scenario), plugin);
    const engine = new ReplayEngine(plugin, scenario);
    const fixed = withVerifiedFixes(engine, findings);
    const { maxSteps } = fixStepsOf(fixBudgetOf(1), scenario.steps.length, engine.ownEventCount);
    expect(maxSteps).toBeLessThan(MAX_FIX_STEPS_PER_FILE / 2);
    expect(engine.replays * scenario.steps.length).toBeLessThanOrEqual(maxSteps);
    // four of its findings end in a whole pair search, run to the end: "(2155 replays)", no "stopped at the limit"
    // (the other two in the pair search of 500 of a longer one, MAX_PAIR_REPLAYS_PER_FINDING)
    expect(fixed.filter((f) => /, nor does any move of two of [a-z_, ]+ \(\d+ replays\); /.test(f.fix)).length).toBe(4);
    expect(fixed.filter((f) => / of them new|what the fix search of this scenario had left/.test(f.fix))).toEqual([]);
    // the same search with the share of one of 16 variants stops, and says it replayed only what was left
    const shared = withVerifiedFixes(new ReplayEngine(plugin, scenario), findings, { budget: fixBudgetOf(16) });
    expect(shared.filter((f) => /\(\d+ replays(, \d+ of them new)?, stopped at the limit of \d+, what the fix search of this scenario had left\)/.test(f.fix)).length).toBeGreaterThan(0);
  });

  it('a finding\'s pair search gets what its own single moves and insertions left, so a file never replays more than its budget: 2.6.33-reservetop stops at 120,000 steps (break-194 1: it replayed 125,195)', { timeout: 120_000 }, () => {
    const { plugin, scenario } = load('scenarios/x86_32/2.6.33-reservetop.yaml');
    const findings = check(replayWith(plugin, scenario), plugin);
    const engine = new ReplayEngine(plugin, scenario);
    const fixed = withVerifiedFixes(engine, findings);
    // the order's own replay (counted as one) and the searches
    expect((engine.replays - 1) * scenario.steps.length).toBeLessThanOrEqual(MAX_FIX_STEPS_PER_FILE);
    // the numbers said are the numbers replayed
    const already = fixed.flatMap((f) => /already replayed (\d+) steps of its (\d+)/.exec(f.fix) ?? []);
    expect(already.length).toBeGreaterThan(0);
    expect(Number(already[1])).toBe((engine.replays - 1) * scenario.steps.length);
  });

  it('what the judged orders really make is bounded too: an order whose own replay is cheap but whose moved orders are not stops at its events (break-208 F1: 8 s for one file)', { timeout: 120_000 }, () => {
    // arm64 v4.4 with KASAN, 64 small RAM banks and paging_init 8 times, memblock filled only by the last two calls
    const edit = (text: string): string => {
      const banks = Array.from({ length: 64 }, (_, i) => `    - {base: 0x${(0x90000000 + i * 0x400000).toString(16)}, size: 2MiB}`).join('\n');
      const [head, rest] = text.split('expect:')[0]?.split('setup_arch:\n') ?? [];
      const calls = (rest ?? '').split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4));
      const at = calls.indexOf('paging_init');
      const heavy = [...calls.slice(0, at + 1), ...Array.from({ length: 7 }, () => 'paging_init'), ...calls.slice(at + 1)];
      const late = [...heavy.filter((c) => c !== 'setup_machine_fdt' && c !== 'arm64_memblock_init'), 'setup_machine_fdt', 'arm64_memblock_init'];
      return `${(head ?? '').replace('  memory: 2GiB\n  phys_offset: 0x80000000\n', `  banks:\n    - {base: 0x80000000, size: 64MiB}\n${banks}\n`)}setup_arch:\n${late.map((c) => `  - ${c}\n`).join('')}`;
    };
    const { plugin, scenario } = load('scenarios/arm64/v4.4-debug-rodata-kasan.yaml', edit);
    const findings = check(replayWith(plugin, scenario), plugin);
    const engine = new ReplayEngine(plugin, scenario);
    const budget = { ...fixBudgetOf(1), events: 20_000 };
    const fixed = withVerifiedFixes(engine, findings, { budget });
    // the search stops at the events its orders made, before its steps (converted at the cheap own replay's) run out, and says so
    expect(fixed.some((f) => /the fix search's 20000 events and findings' worth/.test(f.fix))).toBe(true);
    expect(fixed.some((f) => /already replayed \d+ steps/.test(f.fix))).toBe(false);
    // past the limit by at most what one call's moves made (a table is counted whole)
    expect(engine.judgedEvents).toBeLessThan(2 * 20_000 + engine.ownEventCount);
  });

  it('a 512-variant matrix: each searched variant has 1/512 of the file, less than the single moves of its calls, and says so (helper-191 2: 2.9 s with -f json)', () => {
    const { plugin, scenario } = load('scenarios/arm64/v4.4.yaml');
    const findings = check(replayWith(plugin, scenario), plugin);
    const engine = new ReplayEngine(plugin, scenario);
    const fixed = withVerifiedFixes(engine, findings, { budget: fixBudgetOf(512) });
    // the scenario's own replay only
    expect(engine.replays).toBe(1);
    const searchable = fixed.filter((f) => f.severity !== 'info');
    expect(searchable.length).toBeGreaterThan(0);
    for (const f of searchable) expect(f.fix).toMatch(/^no fix was searched: the (single moves of its calls would replay \d+ steps, more than the \d+ left|fix search of this scenario already replayed \d+ steps) .*\(its share of the file's, for its 512 variants: /);
  });

  it('an order longer than suggest takes (120 calls) is not searched: each finding says why (2 variants of 5,000 calls once took a minute and 4 GB)', () => {
    const { plugin, scenario } = load('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', (t) => t.replace(/^ {2}- dmi_scan_machine$/m, Array.from({ length: 80 }, () => '  - dmi_scan_machine').join('\n')));
    expect(scenario.steps.length).toBeGreaterThan(120);
    const findings = check(replayWith(plugin, scenario), plugin);
    const fixed = withVerifiedFixes(new ReplayEngine(plugin, scenario), findings);
    const searchable = fixed.filter((f) => f.severity !== 'info' && f.rule !== 'duplicate-call');
    expect(searchable.length).toBeGreaterThan(0);
    for (const f of searchable) expect(f.fix).toMatch(new RegExp(`^no fix was searched: the order has ${scenario.steps.length} calls, more than the limit of 120 \\(a setup_arch\\(\\) has about 55; `));
    expect(fixed.some((f) => f.fixEdits !== undefined)).toBe(false);
  });

  it('2.6.33 reservetop=: parse_early_param stays before acpi_mps_check, early_dump_pci_devices, finish_e820_parsing and efi_init; early_ioremap_init stays before parse_setup_data and e820_reserve_setup_data, so the fix is e67a807f3d9\'s re-run of early_ioremap_init (review 13a, 1.1)', () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.33-reservetop.yaml');
    for (const f of fixed) expect(f.fix, f.rule).not.toMatch(/move parse_early_param|move early_ioremap_init/);
    const stale = fixed.find((f) => f.rule === 'stale-early-ioremap');
    // the plain move broke every boot with setup_data (parse_setup_data early_ioremaps before parse_early_param,
    // setup.c:744-746 at 60b341b778cc): the latent bm_pte need refuses it
    expect(stale?.fix).toMatch(/^no single move of dmi_scan_machine \(step 21\) or early_ioremap_init \(step 4\) or parse_early_param \(step 13\) removes it .*early_ioremap_init: before parse_early_param \(step 13\) the finding stays; after parse_early_param \(step 13\) and before dmi_scan_machine \(step 21\) adds missing-prerequisite \(warning\)/);
    expect(stale?.fix).toMatch(/; re-run early_ioremap_init after reservetop= \(parse_reservetop\(\) does from 2\.6\.34-rc7, e67a807f3d9: fixup_early_ioremap\(\)\)/);
  });

  it('2.6.27 VMI: early_ioremap_init is not moved past the setup_data and EFI calls that map nothing on this machine (review 13a, 1.1); that move breaks a machine with them', () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.27-vmi.yaml');
    const latent = fixed.find((f) => f.rule === 'early-ioremap-init-before-relocation');
    expect(latent?.fix).toMatch(/^no single move of early_ioremap_init \(step 4\) or vmi_init \(step 12\) removes it .*after vmi_init \(step 12\) and before paging_init \(step 43\) adds missing-prerequisite \(warning\)/);
    // the relocation first (ae8d04e2ecb in 2.6.28-rc8 / 2.6.27.10) or early_ioremap_init again after it
    expect(latent?.fix).toMatch(/; the relocation \(vmi_init \(step 12\)\) has to come before early_ioremap_init \(step 4\) \(2\.6\.28-rc9 and 2\.6\.27\.10 call vmi_init first\), or early_ioremap_init has to run again after it$/);
    // the move it used to offer, on a machine with setup_data and EFI: the calls it jumps early_ioremap with no bm_pte
    const { plugin, scenario } = load('scenarios/x86_32/2.6.27-vmi.yaml', (t) => t.replace('  hypervisor: vmi\n', '  hypervisor: vmi\n  setup_data: true\n  efi: true\n'));
    const moved = scenario.steps.map((s) => s.call).filter((c) => c !== 'early_ioremap_init');
    moved.splice(moved.indexOf('vmi_init') + 1, 0, 'early_ioremap_init');
    const broken = check(replayWith(plugin, reordered(scenario, moved)), plugin).filter((f) => f.rule === 'missing-prerequisite' && f.severity === 'error');
    expect(broken.map((f) => f.step.name)).toEqual(['parse_setup_data', 'e820_reserve_setup_data']);
  });

  it('2.6.30, 2.6.33 reservetop= with setup_data: reserve_early_setup_data stays after parse_early_param ("after early param, so could get panic from serial", 28bb2237951), and moving it after init_memory_mapping does not help either (slot_virt[]: review 20 F1)', () => {
    for (const file of ['scenarios/x86_32/2.6.30-reservetop.yaml', 'scenarios/x86_32/2.6.33-reservetop.yaml']) {
      const { plugin, scenario } = load(file, (t) => t.replace('  cmdline: reservetop=0xbadc0de', '  cmdline: reservetop=0xbadc0de\n  setup_data: true'));
      const found = fixedOf(plugin, scenario).fixed;
      for (const f of found) expect(f.fix, f.rule).not.toMatch(/move reserve_early_setup_data \(step \d+\) before parse_early_param/);
      const stale = found.find((f) => f.rule === 'stale-early-ioremap' && f.step.name === 'reserve_early_setup_data');
      // after early_ioremap_reset() the early_ioremap still returns the stale slot_virt[] pointer: no move of the user helps
      expect(stale?.fix).not.toMatch(/after init_memory_mapping/);
      expect(stale?.fix).toMatch(/re-run early_ioremap_init after reservetop=.*has to come before early_ioremap_init \(step 4\)$/);
    }
  });

  it('a setter the order lacks (the catalog names it for this kernel) is inserted and replayed: efi_init right after parse_early_param, whose noefi and add_efi_memmap it reads (review 9 R3-4, review 11 3.2)', () => {
    // 2.6.29 calls efi_init only `if (efi_enabled)`: a user who copies setup.c for a BIOS machine may leave it out.
    // It goes right after its last input, as in 2.6.26 (setup_32.c:814-825 at bce7f793dae); 2.6.29 has it after
    // finish_e820_parsing (setup.c:771-774 at 8e0ee43bc2c), calls the model gives nothing efi_init touches.
    for (const efi of [true, false]) {
      const { plugin, scenario } = load('scenarios/x86_32/2.6.29-efi-vmi.yaml', (t) => t.replace('  - efi_init\n', '').replace('  efi: true', `  efi: ${efi}`));
      const { fixed, findings } = fixedOf(plugin, scenario);
      const dmi = fixed.find((f) => f.rule === 'missing-prerequisite' && f.step.name === 'dmi_scan_machine');
      expect(dmi?.severity).toBe(efi ? 'error' : 'warning');
      expect(dmi?.message).toMatch(/needs the EFI tables \(efi\.smbios\), but no step sets it \(efi_init\)/);
      expect(dmi?.fixEdits?.map(editData)).toEqual([{ insert: 'efi_init', after: 'parse_early_param' }]);
      expect(dmi?.fix).toMatch(/^insert efi_init after parse_early_param \(step \d+\); replayed: no error left$/);
      // replayed again from scratch: the finding is gone and nothing new is missing
      const edited = applyEditsToNames(scenario.steps.map((s) => s.call), dmi?.fixEdits ?? []);
      if (!edited.ok) throw new Error('the insertion does not apply');
      const after = check(replayWith(plugin, reordered(scenario, edited.order)), plugin);
      expect(after.filter((f) => f.rule === 'missing-prerequisite')).toEqual([]);
      expect(after.filter((f) => f.severity === 'error')).toEqual([]);
      expect(findings.length).toBeGreaterThan(after.length);
    }
  });

  it('a setter whose own inputs are missing too is named, with what inserting it alone adds, and not proposed as replayed (review 9 R4-3)', () => {
    const { fixed } = fixedFindings('test/loader/fixtures/good/minimal.yaml');
    const empty = fixed.find((f) => f.rule === 'layout-overlap');
    expect(empty?.fixEdits).toBeUndefined();
    // its own harmless need of the early params (vmalloc=, highmem=: none on this machine) would not refuse a place
    // (and the lowmem it leaves empty, copying max_pfn's 0, is that missing max_pfn's consequence: no "adds layout-overlap")
    // (an inserted call's own harmless input, addedBlockers): the missing max_pfn, an error, does
    expect(empty?.fix).toBe('no single insertion of find_low_pfn_range removes it without adding an error or a missing prerequisite (find_low_pfn_range: anywhere adds missing-prerequisite): insert it together with the calls it needs (not replayed)');
    // on 2.6.26 the catalog's setter of max_low_pfn is setup_memory
    const { plugin, scenario } = load('test/loader/fixtures/good/minimal.yaml', (t) => `kernel: 2.6.26\n${t}`);
    expect(fixedOf(plugin, scenario).fixed.find((f) => f.rule === 'layout-overlap')?.fix).toMatch(/^no single insertion of setup_memory removes it/);
  });

  it('a define:d early APIC map before vmi_init (review 9, f3): the fix goes past init_memory_mapping, not next to early_ioremap_init, where early_ioremap_clear() drops its PTE (fixmap-pte-lost)', async () => {
    const [m] = await machinesOf('test/compare/fixtures/2.6.28-vmi-early-apic.yaml');
    if (m === undefined) throw new Error('no machine');
    const { plugin, scenario, fixed } = fixedOf(m.plugin, m.scenario);
    const before = fixed.find((f) => f.rule === 'fixmap-before-relocation');
    expect(before?.fix).toBe('move early_apic_map (step 3) after init_memory_mapping (step 34); replayed: no error left, 1 warning (missing-prerequisite)');
    // the move the search used to offer now has the finding that says why not
    const near = applyEditsToNames(scenario.steps.map((s) => s.call), [{ op: 'move', call: { name: 'early_apic_map', occurrence: 1 }, where: 'after', anchor: { name: 'early_ioremap_init', occurrence: 1 } }]);
    if (!near.ok) throw new Error('the edit does not apply');
    expect(check(replayWith(plugin, reordered(scenario, near.order)), plugin).map((f) => `${f.severity} ${f.rule} ${f.step.name}`)).toContain('warning fixmap-pte-lost early_apic_map');
  });

  it('2.6.27.6: the early DMI scan is fixed without an error by scanning before the relocation (DMI before efi_init stays: harmless on BIOS); early_ioremap_init stays before the setup_data calls (review 13a, 1.1)', () => {
    const { fixed } = fixedFindings('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml');
    const stale = fixed.find((f) => f.rule === 'stale-early-ioremap');
    expect(stale?.fix).toBe('move dmi_scan_machine (step 17) before vmi_init (step 12); replayed: no error left, 2 warnings (early-ioremap-init-before-relocation, missing-prerequisite)');
  });

  /** The order after a finding's fix edits, replayed from scratch: its call names and its findings. */
  function replayedFix(plugin: ArchPlugin, scenario: Scenario, f: Finding | undefined): { order: string[]; findings: Finding[] } {
    const edited = applyEditsToNames(scenario.steps.map((s) => s.call), f?.fixEdits ?? []);
    if (!edited.ok || f?.fixEdits === undefined) throw new Error(`${f?.rule ?? 'no finding'}: no fix to apply`);
    return { order: [...edited.order], findings: check(replayWith(plugin, reordered(scenario, edited.order)), plugin) };
  }

  it('2.6.26 without paging_init: every finding it causes, kernel-mapping-user included, inserts it right after vmi_init, not past sparse_init and zone_sizes_init (review 11 3.2 case 1, Rank 4 item 2)', () => {
    // setup_32.c:844-874 at bce7f793dae: vmi_init(), kvm_guest_init(), smp_alloc_memory(), paging_init(), …,
    // sparse_init(), zone_sizes_init(): these allocate from bootmem through the page tables paging_init builds
    // ("before this point _nobody_ is allowed to allocate any memory using the bootmem allocator"); the model
    // gives them no effect, so nearest-before-the-finding put paging_init after them
    const { plugin, scenario } = load('scenarios/x86_32/2.6.26-vmi.yaml', (t) => t.replace('  - paging_init\n', ''));
    const { fixed } = fixedOf(plugin, scenario);
    const inserts = fixed.filter((f) => f.fixEdits?.some((e) => e.op === 'insert') === true);
    expect(inserts.map((f) => `${f.rule} ${f.step.name} ${f.subject ?? ''}`)).toEqual([
      'kernel-mapping-user head_32 ',
      'missing-prerequisite relocate_initrd direct_map',
      'missing-prerequisite acpi_boot_table_init FIX_ACPI_END',
      'missing-prerequisite acpi_boot_init FIX_ACPI_END',
      'missing-prerequisite acpi_boot_init FIX_APIC_BASE',
      'missing-prerequisite acpi_boot_init FIX_IO_APIC_BASE_0',
    ]);
    // one place for every finding of the one missing call: right after its inputs (setup_memory: max_low_pfn,
    // bootmem) where the fixmap is already relocated (vmi_init: "before kernel pagetables are setup")
    for (const f of inserts) expect(f.fixEdits?.map(editData), f.rule).toEqual([{ insert: 'paging_init', after: 'vmi_init' }]);
    const user = fixed.find((f) => f.rule === 'kernel-mapping-user');
    // head_32's USER PTEs stay because nothing rewrites them: the rule names the call (no longer "not an ordering problem")
    expect(user?.setters).toEqual(['paging_init']);
    expect(user?.fix).toBe('insert paging_init after vmi_init (step 15); replayed: no error left, 1 warning (early-ioremap-init-before-relocation)');
    const { order, findings } = replayedFix(plugin, scenario, user);
    expect(order.indexOf('paging_init')).toBeLessThan(order.indexOf('sparse_init'));
    expect(order.indexOf('paging_init')).toBeLessThan(order.indexOf('zone_sizes_init'));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('2.6.26 with paging_init before setup_memory: kernel-mapping-user names it (it mapped lowmem up to max_low_pfn 0) and is fixed by moving it, not called "not an ordering problem" (review 11 Rank 4 item 2)', () => {
    const { plugin, scenario } = load('scenarios/x86_32/2.6.26-vmi.yaml', (t) => t.replace('  - paging_init\n', '').replace('  - setup_memory\n', '  - paging_init\n  - setup_memory\n'));
    const user = fixedOf(plugin, scenario).fixed.find((f) => f.rule === 'kernel-mapping-user');
    expect(user?.related.map((r) => r.step.name)).toEqual(['paging_init']);
    expect(user?.fix).toBe('move paging_init (step 13) after vmi_init (step 16); replayed: no error left, 1 warning (early-ioremap-init-before-relocation)');
  });

  it('2.6.28 without find_low_pfn_range: the findings of the missing max_low_pfn get one place, after the second e820_end_of_ram_pfn, so max_low_pfn comes from the trimmed max_pfn (review 11 3.2 case 2)', () => {
    // setup.c:938-949 at 4a6908a3a05: max_pfn = e820_end_of_ram_pfn(); … if (mtrr_trim_uncached_memory(max_pfn))
    // max_pfn = e820_end_of_ram_pfn(); find_low_pfn_range(). The earliest working place (at = 0 for head_32) was
    // after the first e820_end_of_ram_pfn, before the trim; the others got "before init_memory_mapping"
    const { plugin, scenario } = load('scenarios/x86_32/2.6.28-earlyprintk-dbgp.yaml', (t) => t.replace('  - find_low_pfn_range\n', ''));
    const { fixed } = fixedOf(plugin, scenario);
    const inserts = fixed.filter((f) => f.fixEdits?.some((e) => e.op === 'insert') === true);
    // the empty lowmem is left to the missing max_low_pfn (layout-overlap.ts lowmemUnsetAndNeeded): no head_32 finding
    expect(fixed.filter((f) => f.rule === 'layout-overlap')).toEqual([]);
    expect(inserts.map((f) => `${f.rule} ${f.step.name}`)).toEqual([
      'missing-prerequisite init_memory_mapping', 'missing-prerequisite reserve_initrd', 'missing-prerequisite initmem_init',
    ]);
    for (const f of inserts) expect(f.fixEdits?.map(editData), f.rule).toEqual([{ insert: 'find_low_pfn_range', after: 'e820_end_of_ram_pfn#2' }]);
    expect(inserts[0]?.fix).toMatch(/^insert find_low_pfn_range after e820_end_of_ram_pfn \(step 30\) \(#2\); replayed: /);
    const { order } = replayedFix(plugin, scenario, inserts[0]);
    expect(order.indexOf('find_low_pfn_range')).toBeGreaterThan(order.indexOf('mtrr_trim_uncached_memory'));
  });

  it('2.6.28 without dmi_scan_machine: putting it back where the release has it is a fix, although it runs before efi_init (harmless on BIOS, the release\'s own warning); a move that adds a harmless missing input is still none (review 11 Rank 4 item 3)', () => {
    const { plugin, scenario } = load('scenarios/x86_32/2.6.28-earlyprintk-dbgp.yaml', (t) => t.replace('  - dmi_scan_machine\n', ''));
    const { fixed } = fixedOf(plugin, scenario);
    // dmi_check_system, io_delay_init, acpi_boot_table_init, acpi_boot_init read the DMI data: one place for all,
    // setup.c:906-908 at 4a6908a3a05; after efi_init dmi_check_system (the quirk tables) would still come first
    const dmiReaders = fixed.filter((f) => f.rule === 'missing-prerequisite' && f.subject === 'dmi');
    expect(dmiReaders.map((f) => f.step.name)).toEqual(['dmi_check_system', 'io_delay_init', 'acpi_boot_table_init', 'acpi_boot_init']);
    for (const f of dmiReaders) {
      // on this BIOS machine efi_init() is not called and sets nothing (break-290 N7), so nothing in the order sets what
      // dmi_scan_machine reads here: the earliest good place, right after early_ioremap_init, is as good as the release's
      // (before dmi_check_system, which the phantom efi of efi_init used to point at); both run before efi_init
      expect(f.fixEdits?.map(editData), f.step.name).toEqual([{ insert: 'dmi_scan_machine', after: 'early_ioremap_init' }]);
      // the warning that stays is said
      expect(f.fix).toMatch(/^insert dmi_scan_machine after early_ioremap_init \(step 5\); replayed: removes it and adds no error; the other error stays \(fixmap-pte-lost\), 1 warning \(missing-prerequisite\)$/);
    }
    const { findings } = replayedFix(plugin, scenario, dmiReaders[0]);
    const added = findings.filter((f) => f.rule === 'missing-prerequisite');
    // what stays is the inserted call's own input, harmless here: the shipped scenario's warning exactly
    expect(added.map((f) => [f.step.name, f.subject, f.harmless])).toEqual([['dmi_scan_machine', 'efi', true]]);
    const shipped = fixedFindings('scenarios/x86_32/2.6.28-earlyprintk-dbgp.yaml').findings.filter((f) => f.rule === 'missing-prerequisite');
    expect(shipped.map((f) => [f.step.name, f.subject, f.harmless])).toEqual([['dmi_scan_machine', 'efi', true]]);
    // A call already in the order still may not be moved before an input, harmless or not (issue 5): parse_early_param
    // after init_memory_mapping removes the lost console PTE, but finish_e820_parsing and e820_end_of_ram_pfn would
    // then miss mem=/memmap= (harmless on this machine, which has none)
    const lost = fixed.find((f) => f.rule === 'fixmap-pte-lost');
    expect(lost?.fixEdits).toBeUndefined();
    expect(lost?.fix).toMatch(/parse_early_param: .*after init_memory_mapping \(step 32\) adds missing-prerequisite \(warning\)/);
  });
});

describe('a machine-wide error gets no order change', () => {
  it('riscv 5.10 with KASAN: kasan_init() faults on the shadow of a physical address; moving it before memblock knows any memory only hides the fault (review 16b)', async () => {
    // extends: v5.10.yaml: loaded as the CLI loads it
    const [m] = await machinesOf('scenarios/riscv/v5.10-kasan.yaml');
    if (m === undefined) throw new Error('no machine');
    const { fixed } = fixedOf(m.plugin, m.scenario);
    const f = fixed.find((x) => x.rule === 'kasan-shadow-fault');
    expect(f?.fixEdits).toBeUndefined();
    expect(f?.fix).toMatch(/^no order change was searched: the error is about this kernel, configuration and machine, not where the calls are; .*c25a053e1577/);
  });
});
