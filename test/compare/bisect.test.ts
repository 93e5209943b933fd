/**
 * bisect: the edit script between two scenarios, delta debugging over it,
 * and the two pins of issue 8: the 2.6.27 VMI order against a copy with
 * dmi_scan_machine moved early (the 2.6.27.6 backport) and three unrelated
 * moves names only the DMI move; 2.6.26 → 2.6.27 on a Xen PAE guest blames
 * the kernel version (FIX_BTMAP_END aligned to 256 instead of 512 slots).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { bisect, ddminWorstCase, NothingToBisect, pickFinding, shellWord, type BisectReport, type Side } from '../../src/compare/bisect.js';
import { diffScenarios, type Side as DiffSide } from '../../src/compare/diff.js';
import { BudgetError } from '../../src/compare/judge.js';
import { kernelPinned, loadScenarioData, pairData } from '../../src/compare/scenario-data.js';
import { loadOneScenario } from '../../src/cli/one-scenario.js';
import { replayWith } from '../../src/replay/replay.js';
import { findingKeys } from '../../src/rules/identity.js';
import { check, verdicts } from '../../src/rules/index.js';
import { fsReaderFor } from '../../src/scenario/files.js';
import { ddmin } from '../../src/compare/ddmin.js';
import { applySubset, callOfRaw, editScript, orderScript, scenarioEditText, type RawStep } from '../../src/compare/edit-script.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { applyEditsToNames } from '../../src/scenario/order-edit.js';
import { ROOT } from './load.js';
import { formatBisectJson, formatBisectText } from '../../src/report/bisect.js';
import { PLAIN } from '../../src/report/text.js';

const VMI_2627 = 'test/compare/fixtures/2.6.27-vmi.yaml';

function side(file: string, edit: (text: string) => string = (t) => t): Side {
  const text = edit(readFileSync(`${ROOT}/${file}`, 'utf8'));
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return { plugin: r.plugin, scenario: r.scenario };
}

/** An intermediate through the loader bisect uses: the scenario, or null when it is rejected. */
const load = (data: Readonly<Record<string, unknown>>, label: string): Side | null => loadScenarioData(data, label).loaded;

/** Moves `call` to right after `anchor` in the setup_arch list of a scenario text. */
function moveLine(text: string, call: string, anchor: string): string {
  const lines = text.split('\n');
  const from = lines.indexOf(`  - ${call}`);
  if (from < 0) throw new Error(call);
  const [line] = lines.splice(from, 1);
  lines.splice(lines.indexOf(`  - ${anchor}`) + 1, 0, line ?? '');
  return lines.join('\n');
}

function stepsOf(d: Readonly<Record<string, unknown>>): string[] {
  return (d['setup_arch'] as RawStep[]).map(callOfRaw);
}

describe('edit script', () => {
  it('applied in full, in sequence or as a subset of everything, turns A into B', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'x', 'f'];
    const cases = [['b', 'a', 'c', 'd', 'e', 'x', 'f'], ['q', 'a', 'c', 'x', 'd', 'f', 'e', 'r'], ['f', 'e', 'd', 'c', 'b', 'a'], ['a', 'x', 'b', 'x', 'c']];
    for (const b of cases) {
      const s = orderScript(a, b);
      expect(applyEditsToNames(a, s.map((c) => c.edit))).toEqual({ ok: true, order: b });
      const full = applySubset({ setup_arch: a }, { setup_arch: b }, s, new Set(s.map((_, i) => i)));
      expect(stepsOf(full)).toEqual(b);
      expect(stepsOf(applySubset({ setup_arch: a }, { setup_arch: b }, s, new Set()))).toEqual(a);
    }
  });

  it('one moved call is one move, and value changes are per key', () => {
    const s = editScript(
      { kernel: '2.6.26', config: { pae: true }, machine: { memory: '2GiB', hypervisor: 'xen' }, setup_arch: ['a', 'b', 'c', 'd'] },
      { kernel: '2.6.27', config: { pae: true }, machine: { memory: '2GiB', cmdline: 'mem=1G' }, setup_arch: ['a', 'c', 'd', 'b'] },
    );
    expect(s.map(scenarioEditText)).toEqual(['move b after d', 'kernel: 2.6.26 → 2.6.27', 'machine.hypervisor: xen → (default)', 'machine.cmdline: (default) → mem=1G']);
  });

  it('expect: and allow: are not inputs of the boot: no edit for them', () => {
    const s = editScript(
      { kernel: '2.6.27', setup_arch: ['a'], expect: [{ rule: 'r', step: 'a' }] },
      { kernel: '2.6.27', setup_arch: ['a'], allow: [{ rule: 'r', step: 'a', reason: 'known' }] },
    );
    expect(s).toEqual([]);
  });
});

describe('edit script with duplicate calls', () => {
  it('aligns a repeated call by the longest common subsequence: one edit, and every subset applies', () => {
    // occurrence matching (x#1 with x#1) would call this a move and a remove; it is one remove
    const a = ['x', 'a', 'b', 'c', 'x'];
    for (const [b, script] of [
      [['a', 'b', 'c', 'x'], ['remove x']],
      [['a', 'x', 'b', 'c', 'x'], ['move x after a']],
      [['x', 'a', 'y', 'c', 'x'], ['replace b with y']],
    ] as const) {
      const s = orderScript(a, b);
      expect(s.map(scenarioEditText)).toEqual(script);
      expect(stepsOf(applySubset({ setup_arch: a }, { setup_arch: b }, s, new Set(s.map((_, i) => i))))).toEqual(b);
      expect(stepsOf(applySubset({ setup_arch: a }, { setup_arch: b }, s, new Set()))).toEqual(a);
    }
  });

  it('bisect over an order with a duplicated call names the one edit that matters', () => {
    // GOOD calls copy_edd twice; BAD drops the early copy and moves dmi_scan_machine before vmi_init
    const good = side(VMI_2627, (t) => t.replace('  - early_cpu_init\n', '  - copy_edd\n  - early_cpu_init\n'));
    const bad = side(VMI_2627, (t) => moveLine(t, 'dmi_scan_machine', 'finish_e820_parsing'));
    const r = bisect(good, bad, loadScenarioData);
    // matched by occurrence, the early copy_edd would be moved and the second removed: three edits, not two
    expect(r.script.map(scenarioEditText)).toEqual(['remove copy_edd', 'move dmi_scan_machine after finish_e820_parsing']);
    expect(r.culprits.map((i) => r.script[i]).filter((e) => e !== undefined).map(scenarioEditText)).toEqual(['move dmi_scan_machine after finish_e820_parsing']);
  });
});

describe('ddmin', () => {
  it('finds the 1-minimal failing subset and skips unresolved ones', () => {
    const r = ddmin([1, 2, 3, 4, 5, 6, 7, 8], (s) => (s.includes(3) && !s.includes(6) ? 'unresolved' : s.includes(3) && s.includes(6) ? 'fail' : 'pass'));
    expect(r.result).toEqual([3, 6]);
    expect(r.unresolved).toBeGreaterThan(0);
    expect(r.stopped).toBe(false);
  });

  it('stopped between tests, it answers with the latest failing set, never before the first test', () => {
    const fails = (s: readonly number[]): 'fail' | 'pass' => (s.includes(3) && s.includes(6) ? 'fail' : 'pass');
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const full = ddmin(items, fails);
    // asked before the first test too, stop would leave nothing to answer with
    let asked = 0;
    const none = ddmin(items, fails, () => { asked++; return true; });
    expect(none).toEqual({ result: items, tests: 1, unresolved: 0, stopped: true });
    expect(asked).toBe(1);
    // after each test allowed, the set held fails and shrinks towards the full search's answer
    let sizes: number[] = [];
    for (let allowed = 1; allowed <= full.tests; allowed++) {
      let tested = 0;
      const r = ddmin(items, (s) => { tested++; return fails(s); }, () => tested >= allowed);
      expect(tested).toBe(allowed);
      expect(fails(r.result)).toBe('fail');
      expect(r.stopped).toBe(allowed < full.tests);
      sizes = [...sizes, r.result.length];
    }
    expect(sizes.at(-1)).toBe(full.result.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });
});

describe('bisect', () => {
  it('2.6.27 VMI order vs dmi_scan_machine moved early plus three unrelated moves: only the DMI move', () => {
    const good = side(VMI_2627);
    const bad = side(VMI_2627, (t) => moveLine(moveLine(moveLine(moveLine(t,
      'dmi_scan_machine', 'finish_e820_parsing'),
      'copy_edd', 'probe_roms'),
      'init_apic_mappings', 'ioapic_init_mappings'),
      'io_delay_init', 'acpi_boot_table_init'));
    const r = bisect(good, bad, loadScenarioData);
    expect(r.key).toBe('stale-early-ioremap|dmi_scan_machine|early_ioremap_init|vmi_init');
    expect(r.script.filter((e) => e.kind === 'order')).toHaveLength(4);
    expect(r.culprits.map((i) => r.script[i]).filter((e) => e !== undefined).map(scenarioEditText)).toEqual(['move dmi_scan_machine after finish_e820_parsing']);
    expect(r.replays).toBeGreaterThan(0);
  });

  it('2.6.26 → 2.6.27 on a Xen PAE guest: the kernel version change, and no call without an effect', () => {
    const good = side('test/compare/fixtures/2.6.26-xen-pae.yaml');
    const bad = side('test/compare/fixtures/2.6.27-xen-pae.yaml');
    const r = bisect(good, bad, loadScenarioData, 'btmap-pmd-straddle');
    const culprits = r.culprits.map((i) => r.script[i]).filter((e) => e !== undefined).map(scenarioEditText);
    // the culprit is the version change alone; removing setup_memory (2.6.26-only) only makes the
    // 2.6.27 intermediate load, and is reported apart, never as a culprit
    expect(culprits).toEqual(['kernel: 2.6.26 → 2.6.27']);
    // the 2.6.26-only calls the new kernel lacks are removed apart, never as culprits
    expect(r.enabling.map((i) => r.script[i]).filter((e) => e !== undefined).map(scenarioEditText)).toEqual(expect.arrayContaining([expect.stringMatching(/setup_memory/)]));
    // no intermediate of the 2.6.26 order under 2.6.27 loads without those removals: the kernel change is marked inseparable
    expect([...r.inseparable].map((i) => r.script[i]).filter((e) => e !== undefined).map(scenarioEditText)).toEqual(['kernel: 2.6.26 → 2.6.27']);
    // every culprit that is an order edit moves or inserts a call with an effect on the model
    for (const i of r.culprits) {
      const e = r.script[i];
      if (e?.kind === 'order' && e.edit.op !== 'remove') expect(bad.plugin.hasEffect?.(e.edit.op === 'insert' ? e.edit.call : e.edit.op === 'replace' ? e.edit.with : e.edit.call.name, bad.scenario)).toBe(true);
    }
    expect(r.unloadable).toBeGreaterThan(0);
    expect(r.unresolved).toBe(r.unloadable + r.unjudged);
  });

  it('a 64-bit kaslr_seed change past 2^53 is one edit, and the culprit (helper-177: compared as doubles, "nothing to bisect")', () => {
    const seed = (v: string) => (t: string): string => t.replace(/kaslr_seed: .*/, `kaslr_seed: ${v}`);
    // kaslr.c:118-119 at v4.6: offset = seed & ((1 << (VA_BITS - 2)) - 1) & ~(SZ_2M - 1): 0 for GOOD, 2 MiB for BAD
    const good = side('scenarios/arm64/v4.6-kaslr.yaml', seed('0xfedc0000001fffff'));
    const bad = side('scenarios/arm64/v4.6-kaslr.yaml', seed('0xfedc000000200000'));
    const r = bisect(good, bad, loadScenarioData);
    expect(r.key.startsWith('bbm-violation|')).toBe(true);
    expect(r.script.map(scenarioEditText)).toEqual(['machine.kaslr_seed: 0xfedc0000001fffff → 0xfedc000000200000']);
    expect(r.culprits).toEqual([0]);
  });

  it('an arm64 cmdline with a # is written back whole, not cut at the YAML comment it would start (helper-198: "earlycon #x" became earlycon)', () => {
    const edit = (seedText: string, note: string) => (t: string): string => t.replace(/kaslr_seed: .*/, `kaslr_seed: ${seedText}`).replace(/cmdline: .*/, `cmdline: "earlycon=pl011,0x9000000 #${note}"`);
    const good = side('scenarios/arm64/v4.6-kaslr.yaml', edit('0xfedc0000001fffff', 'x'));
    const bad = side('scenarios/arm64/v4.6-kaslr.yaml', edit('0xfedc000000200000', 'y'));
    const r = bisect(good, bad, loadScenarioData);
    expect(r.script.map(scenarioEditText)).toEqual([
      'machine.kaslr_seed: 0xfedc0000001fffff → 0xfedc000000200000',
      'machine.cmdline: earlycon=pl011,0x9000000 #x → earlycon=pl011,0x9000000 #y',
    ]);
    expect(r.culprits).toEqual([0]);
  });

  it('a cmdline with a character past U+FFFF is read back as written (helper-199 5: its \\u{…} escape is no YAML, and the edit changed the text)', () => {
    const tag = String.fromCodePoint(0xe0041);
    const good = side('scenarios/arm64/v4.6.yaml');
    const bad = side('scenarios/arm64/v4.6.yaml', (t) => t.replace(/^ {2}cmdline: .*$/m, `  cmdline: "earlycon=pl011,0x9000000 x${tag}${tag}"`));
    const r = bisect(good, bad, loadScenarioData, 'cmdline-not-modeled');
    expect(r.culprits).toEqual([0]);
    expect(r.script.map(scenarioEditText)).toEqual([`machine.cmdline: earlycon=pl011,0x9000000 → earlycon=pl011,0x9000000 x${tag}${tag}`]);
  });

  it('one kernel version in two spellings (v4.6, 4.6) is no kernel edit (helper-199 2)', () => {
    const good = side('scenarios/arm64/v4.6-kaslr.yaml', (t) => t.replace(/kaslr_seed: .*/, 'kaslr_seed: 0xfedc0000001fffff'));
    const bad = side('scenarios/arm64/v4.6-kaslr.yaml', (t) => t.replace(/^kernel: .*$/m, 'kernel: "4.6"').replace(/kaslr_seed: .*/, 'kaslr_seed: 0xfedc000000200000'));
    expect(bisect(good, bad, loadScenarioData).script.map(scenarioEditText)).toEqual(['machine.kaslr_seed: 0xfedc0000001fffff → 0xfedc000000200000']);
  });

  it('refuses a finding GOOD already has, and a finding BAD does not have', () => {
    const good = side(VMI_2627);
    expect(() => bisect(good, good, loadScenarioData)).toThrow(/nothing to bisect/);
    const bad = side(VMI_2627, (t) => moveLine(t, 'dmi_scan_machine', 'finish_e820_parsing'));
    expect(() => bisect(good, bad, loadScenarioData, 'layout-overlap')).toThrow(/BAD has no such finding \(RULE/);
    // a typo of the rule or of a call: the nearest spelling of a finding to bisect (break-280 N4)
    expect(() => bisect(good, bad, loadScenarioData, 'stale-early-ioremp')).toThrow(/BAD has no such finding \(did you mean stale-early-ioremap\?\) \(RULE/);
    expect(() => bisect(good, bad, loadScenarioData, 'missing-prerequisite:dmi_scan_machin')).toThrow(/BAD has no such finding \(did you mean missing-prerequisite:dmi_scan_machine\?\)/);
    expect(() => bisect(good, bad, loadScenarioData, 'early-ioremap-init-before-relocation')).toThrow(/GOOD has .* too \(a warning in both\): nothing to bisect/);
    // nothing to bisect is an answer, not a usage error; swapped sides are pointed out
    expect(() => bisect(good, good, loadScenarioData)).toThrow(NothingToBisect);
    expect(() => bisect(bad, good, loadScenarioData)).toThrow(/are GOOD and BAD swapped\?/);
  });
});

describe('shellWord: a finding spec as one word to copy into a shell', () => {
  it.each([
    ['fixmap-before-relocation:dmi_scan_machine:vmi_init', 'fixmap-before-relocation:dmi_scan_machine:vmi_init'],
    ['vmi_init#2', 'vmi_init#2'],
    ['bbm-violation:paging_init:(L2 0xffffffc000000000)', "'bbm-violation:paging_init:(L2 0xffffffc000000000)'"],
    ['rule|call|(a → b)', "'rule|call|(a → b)'"],
    ["it's", "'it'\\''s'"],
  ])('%s → %s', (spec, word) => {
    expect(shellWord(spec)).toBe(word);
  });
});

describe('--finding: the rule and some of its calls, in any order', () => {
  it('a subset of the calls picks the finding', () => {
    const r = bisect(side('scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml'), side('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml'), loadScenarioData, 'stale-early-ioremap:vmi_init');
    expect(r.key).toBe('stale-early-ioremap|dmi_scan_machine|early_ioremap_init|vmi_init');
  });

  it('an empty RULE or CALL part is a form error, not "no such finding" (break-206 F10)', () => {
    const good = side('scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml');
    const bad = side('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml');
    for (const spec of ['', 'stale-early-ioremap:', ':vmi_init', 'stale-early-ioremap|']) {
      expect(() => bisect(good, bad, loadScenarioData, spec)).toThrow(new RegExp(`^--finding "${spec.replace(/\|/g, '\\|')}": (empty|its RULE part is empty|the CALL part after .* is empty): expected `));
    }
  });
});

describe('bootreplay bisect (CLI)', () => {
  it('a variant of a matrix file is a side (file.yaml[key=value]); the whole matrix is refused by name, never an internal one', () => {
    const run = (a: string) => spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', a, 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const one = run('scenarios/x86_32/variants/rc3-fix-matrix.yaml[hypervisor=vmi,memory=512MiB,pae=false]');
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^edit script GOOD → BAD: \d+ edits$/m);
    expect(one.stdout).toMatch(/^culprit: 1 edit of \d+ makes the finding appear in GOOD\n +\d+ {2}move dmi_scan_machine after finish_e820_parsing$/m);
    const all = run('scenarios/x86_32/variants/rc3-fix-matrix.yaml');
    expect(all.status).toBe(2);
    expect(all.stderr).toMatch(/10 variants; bisect compares one scenario with one: name it, e\.g\. scenarios\/x86_32\/variants\/rc3-fix-matrix\.yaml\[hypervisor=none,memory=512MiB,pae=false\]/);
    expect(all.stderr).not.toMatch(/loadVariants/);
    // BAD a variant: its finding's line says whose it is with the variant, as run's does (break-290 N2: "in FILE" alone)
    const variants = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/variants/rc3-fix-matrix.yaml[hypervisor=none,memory=512MiB,pae=false]', 'scenarios/x86_32/variants/rc3-fix-matrix.yaml[hypervisor=vmi,memory=512MiB,pae=false]'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(variants.stdout).toMatch(/^finding of BAD: scenarios\/x86_32\/variants\/base-2\.6\.27-rc1-vmi\.yaml:\d+:\d+: warning early-ioremap-init-before-relocation: .* in scenarios\/x86_32\/variants\/rc3-fix-matrix\.yaml\[hypervisor=vmi,memory=512MiB,pae=false\]$/m);
  });

  it('names the culprit edit between the applied rc3 fix and 2.6.27.6', () => {
    const r = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^culprit: 1 edit of \d+ makes the finding appear in GOOD\n +\d+ {2}move dmi_scan_machine after finish_e820_parsing$/m);
    const j = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', '-f', 'json'], { cwd: ROOT, encoding: 'utf8' });
    const out = JSON.parse(j.stdout) as { culprits: unknown[]; finding: { rule: string } };
    expect(out.finding.rule).toBe('stale-early-ioremap');
    expect(out.culprits).toEqual([{ edit: 2, move: 'dmi_scan_machine', after: 'finish_e820_parsing' }]);
    const bad = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/2.6.28-vmi.yaml', 'scenarios/x86_32/2.6.28-vmi.yaml'], { cwd: ROOT, encoding: 'utf8' });
    // nothing to bisect is an answer: exit 0, said on stdout (README: exit codes)
    expect(bad.status).toBe(0);
    expect(bad.stdout).toMatch(/nothing to bisect/);
    expect(bad.stderr).toBe('');
    // a --finding BAD does not have is a usage error, and lists what BAD has readably
    const none = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', '--finding', 'layout-overlap'], { cwd: ROOT, encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/findings of BAD to bisect, which GOOD lacks or has less severe: .*stale-early-ioremap \(dmi_scan_machine, early_ioremap_init, vmi_init\) = stale-early-ioremap:dmi_scan_machine:early_ioremap_init:vmi_init/);
    expect(none.stderr).not.toMatch(/\|/);
    // one that matches two findings BAD has and GOOD lacks is a usage error that names both (review 13a, 4.2):
    // bisecting the first silently answered for init_memory_mapping a question asked of either
    const two = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', 'scenarios/x86_32/2.6.26-vmi.yaml', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml', '--finding', 'fixmap-before-relocation:vmi_init'], { cwd: ROOT, encoding: 'utf8' });
    expect([two.status, two.stdout]).toEqual([2, '']);
    expect(two.stderr).toBe('bootreplay: --finding fixmap-before-relocation:vmi_init: 2 findings BAD has and GOOD lacks match it; name one with more of its calls or by its key: '
      + 'fixmap-before-relocation (init_memory_mapping, vmi_init) = fixmap-before-relocation:init_memory_mapping:vmi_init; '
      + 'fixmap-before-relocation (dmi_scan_machine, vmi_init) = fixmap-before-relocation:dmi_scan_machine:vmi_init\n');
    // a key contained in another (a call written twice: KEY and KEY|#2) is named by its full key, which picks it alone
    // (review 13c, 3: the colon name and the key both matched the two)
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-bisect-'));
    try {
      const rc1 = readFileSync('scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'utf8');
      const dup = join(dir, 'dup.yaml');
      writeFileSync(dup, rc1.slice(0, rc1.indexOf('\nexpect:') + 1).replace('  - dmi_scan_machine\n', '  - dmi_scan_machine\n  - dmi_scan_machine\n'));
      const good = 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml';
      const both = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', good, dup, '--finding', 'fixmap-before-relocation:dmi_scan_machine'], { cwd: ROOT, encoding: 'utf8' });
      expect(both.status).toBe(2);
      expect(both.stderr).toContain("fixmap-before-relocation (dmi_scan_machine, vmi_init) = 'fixmap-before-relocation|dmi_scan_machine|vmi_init'; "
        + 'fixmap-before-relocation (dmi_scan_machine, vmi_init, #2) = fixmap-before-relocation:dmi_scan_machine:vmi_init:#2\n');
      for (const [spec, key] of [['fixmap-before-relocation|dmi_scan_machine|vmi_init', 'fixmap-before-relocation|dmi_scan_machine|vmi_init'], ['fixmap-before-relocation:dmi_scan_machine:vmi_init:#2', 'fixmap-before-relocation|dmi_scan_machine|vmi_init|#2']] as const) {
        const one = spawnSync(process.execPath, ['bin/bootreplay.js', 'bisect', good, dup, '--finding', spec], { cwd: ROOT, encoding: 'utf8' });
        expect([one.status, one.stderr]).toEqual([0, '']);
        expect(one.stdout).toContain(`  identity: ${key}\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** An edit as the report reads it: input edits with the values diff shows. */
function editTexts(r: BisectReport, indices: Iterable<number>): string[] {
  return [...indices].map((i) => {
    const c = r.inputs[i];
    const e = r.script[i];
    return c !== undefined ? `${c.key}: ${c.from} → ${c.to}` : e !== undefined ? scenarioEditText(e) : '';
  });
}

/** The keys of the findings of GOOD with a subset of the script applied, as bisect builds its intermediates; null when it does not load. */
function findingsOf(good: Side, bad: Side, r: BisectReport, subset: readonly number[]): { keys: string[]; errors: string[] } | null {
  const [g, b] = pairData(good, bad);
  const loaded = load(applySubset(g, b, r.script, new Set(subset)), 'intermediate');
  if (loaded === null) return null;
  const vs = verdicts(replayWith(loaded.plugin, loaded.scenario), loaded.plugin);
  const keys = findingKeys(vs);
  return { keys, errors: keys.filter((_, i) => vs[i]?.severity === 'error') };
}

/** A scenario as the CLI loads it (files that extend others, variants). */
async function composed(arg: string): Promise<Side> {
  const r = await loadOneScenario(arg, 'bisect');
  if ('problems' in r) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.one;
}

describe('bisect: what counts as the finding, and which edits are culprits (tester review of issue 8)', () => {
  it('an intermediate that has the finding counts, whatever other error it has: rc1 → 2.6.27 on VMI is the vmi_init move alone', () => {
    const good = side('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
    const bad = side('scenarios/x86_32/2.6.27-vmi.yaml');
    const r = bisect(good, bad, loadScenarioData);
    expect(r.key).toBe('early-ioremap-init-before-relocation|early_ioremap_init|vmi_init');
    expect(editTexts(r, r.culprits)).toEqual(['move vmi_init after parse_early_param']);
    expect(r.enabling).toEqual([]);
    expect(r.inseparable.size).toBe(0);
    // the rc1 order with vmi_init moved alone has the warning, and an error neither side has
    // (under rc1 vmi_init needs max_low_pfn): formerly skipped, which blamed the kernel change
    const alone = findingsOf(good, bad, r, r.culprits);
    expect(alone?.keys).toContain(r.key);
    const known = new Set([...(findingsOf(good, bad, r, [])?.errors ?? []), ...(findingsOf(good, bad, r, r.script.map((_, i) => i))?.errors ?? [])]);
    expect(alone?.errors.filter((k) => !known.has(k))).not.toEqual([]);
  });

  it('2.6.26 (unconditional policy) → 2.6.27-rc1 Xen PAE: the kernel change, not the config or memory edits', () => {
    const good = side('scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml');
    const bad = side('scenarios/x86_32/2.6.27-rc1-xen-pae.yaml');
    const r = bisect(good, bad, loadScenarioData, 'btmap-pmd-straddle');
    const named = editTexts(r, [...r.culprits, ...r.enabling]);
    expect(named).toContain('kernel: 2.6.26 → 2.6.27-rc1');
    expect(named.filter((t) => /^(config|machine)\./.test(t))).toEqual([]);
    // why: the rc1 order with the unconditional policy (and GOOD's memory) still has the finding
    const unconditional = side('scenarios/x86_32/2.6.27-rc1-xen-pae.yaml', (t) => t.replace('  pae: true\n', '  pae: true\n  pagetable_init_policy: unconditional\n').replace('  memory: 2GiB\n', '  memory: 1GiB\n'));
    expect(findingKeys(verdicts(replayWith(unconditional.plugin, unconditional.scenario), unconditional.plugin))).toContain(r.key);
    // the edits read as diff's inputs: the effective value, and no edit for values that follow from others
    expect(editTexts(r, r.script.map((_, i) => i)).filter((t) => /^(config|machine)\./.test(t))).toEqual([
      'config.pagetable_init_policy: unconditional → xen-mask-rw',
      'machine.memory: 1GiB → 2GiB',
    ]);
  });

  it('the minimal set is 1-minimal: without any one of its edits the finding goes or the intermediate does not load', () => {
    const pairs: [Side, Side, string | undefined][] = [
      [side('scenarios/x86_32/2.6.27-rc1-vmi.yaml'), side('scenarios/x86_32/2.6.27-vmi.yaml'), undefined],
      [side('scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml'), side('scenarios/x86_32/2.6.27-rc1-xen-pae.yaml'), 'btmap-pmd-straddle'],
      [side('test/compare/fixtures/2.6.26-xen-pae.yaml'), side('test/compare/fixtures/2.6.27-xen-pae.yaml'), 'btmap-pmd-straddle'],
      [side('scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml'), side('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml'), undefined],
    ];
    for (const [good, bad, spec] of pairs) {
      const r = bisect(good, bad, loadScenarioData, spec);
      const minimal = [...r.culprits, ...r.enabling].sort((a, b) => a - b);
      expect(findingsOf(good, bad, r, minimal)?.keys).toContain(r.key);
      expect(findingsOf(good, bad, r, [])?.keys).not.toContain(r.key);
      for (const i of minimal) {
        const without = findingsOf(good, bad, r, minimal.filter((j) => j !== i));
        expect(without === null || !without.keys.includes(r.key)).toBe(true);
        // a culprit that is not marked inseparable loses the finding in a loadable intermediate
        if (r.culprits.includes(i) && !r.inseparable.has(i)) expect(without).not.toBeNull();
      }
    }
  });

  it('setting a key to its default and leaving it out is no edit (diff: inputs same)', () => {
    const good = side(VMI_2627);
    const bad = side(VMI_2627, (t) => moveLine(t.replace('  pae: false\n', ''), 'dmi_scan_machine', 'finish_e820_parsing'));
    const r = bisect(good, bad, loadScenarioData);
    expect(editTexts(r, r.script.map((_, i) => i))).toEqual(['move dmi_scan_machine after finish_e820_parsing']);
  });

  it('a cmdline that differs only by spaces at either end is no edit: the kernel gets the same parameters (diff: inputs same; break-196 3)', () => {
    const withCmdline = (c: string) => (t: string): string => t.replace('  hypervisor: vmi\n', `  hypervisor: vmi\n  cmdline: ${JSON.stringify(c)}\n`);
    const good = side(VMI_2627, withCmdline('vmi=disable_timer'));
    const bad = side(VMI_2627, (t) => moveLine(withCmdline('  vmi=disable_timer  ')(t), 'dmi_scan_machine', 'finish_e820_parsing'));
    const r = bisect(good, bad, loadScenarioData);
    expect(editTexts(r, r.script.map((_, i) => i))).toEqual(['move dmi_scan_machine after finish_e820_parsing']);
  });
});

describe('bisect: a derived input is an edit of the key that writes it (review 19c F6)', () => {
  it('riscv 2 GiB → 4 GiB: the RAM (machine.banks, from memory:) is an edit, written as memory_banks, and GOOD + every edit is BAD', () => {
    const good = side('scenarios/riscv/v5.10.yaml');
    const bad = side('scenarios/riscv/v5.10-image-over-128m.yaml');
    const r = bisect(good, bad, loadScenarioData);
    expect(editTexts(r, r.script.map((_, i) => i))).toEqual([
      'remove free_initmem', 'remove mark_rodata_ro', 'machine.kernel.init_data: 512KiB → 120MiB',
      'machine.memory_banks: [{base: 0x80000000, size: 2GiB}] → [{base: 0x80000000, size: 4GiB}]',
    ]);
    expect(editTexts(r, r.culprits)).toEqual(['machine.kernel.init_data: 512KiB → 120MiB']);
    // the plain data of BAD loads to BAD's RAM and DTB address (which follows the RAM)
    const [, badData] = pairData(good, bad);
    const loaded = load(badData, 'bad');
    expect(loaded?.scenario.machine).toMatchObject({ banks: [{ start: 0x80000000, end: 0x180000000 }], dtb_address: 0x17fe00000 });
  });
});

describe('bisect: plain data is each side, input for input (helper-176: arm64 lost memory: and ran GOOD on the default 2 GiB)', () => {
  /** Every shipped scenario that is a whole file (no extends, no matrix), by architecture. */
  const shipped = (): Map<string, Side[]> => {
    const byArch = new Map<string, Side[]>();
    for (const arch of readdirSync(`${ROOT}/scenarios`)) {
      const dir = `${ROOT}/scenarios/${arch}`;
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
        const text = readFileSync(`${dir}/${f}`, 'utf8');
        if (/^(extends|matrix):/m.test(text)) continue;
        const r = parseScenario(text, f);
        if (!r.ok) continue;
        byArch.set(r.scenario.arch, [...(byArch.get(r.scenario.arch) ?? []), { plugin: r.plugin, scenario: r.scenario }]);
      }
    }
    return byArch;
  };

  it('for every pair of shipped scenarios of one architecture, GOOD\'s and BAD\'s data load to their own inputs, whatever keys write them', () => {
    const byArch = shipped();
    expect([...byArch.keys()].sort()).toEqual(['arm64', 'riscv', 'x86_32']);
    const inputsOf = (x: Side): string[] => x.plugin.inputs(x.scenario).map((v) => `${v.key}=${v.value}`);
    let pairs = 0;
    for (const sides of byArch.values()) {
      // each against itself (a value both sides share is written on both or neither: it must still load) and
      // against the next, the last against the first (a kernel edit pins defaults that follow the kernel)
      sides.flatMap((x, i) => [[x, x], [x, sides[(i + 1) % sides.length] ?? x]] as const).forEach(([good, bad]) => {
        const [g, b] = pairData(good, bad);
        for (const [data, x] of [[g, good], [b, bad]] as const) {
          const loaded = load(data, 'plain');
          expect(loaded === null ? null : inputsOf(loaded), `${x.scenario.name ?? ''} as ${good === x ? 'GOOD' : 'BAD'}`).toEqual(inputsOf(x));
        }
        pairs++;
      });
    }
    expect(pairs).toBeGreaterThan(60);
  });

  it('arm64 4 GiB → 2 GiB: the RAM is an edit (machine.banks), and it alone is the culprit of the panic', () => {
    const alloc = (t: string): string => t.replace('setup_arch:\n', 'define:\n  big_alloc:\n    doc: allocates a big buffer\n    needs: [memblock]\n    linear_alloc: 1945MiB\nsetup_arch:\n').replace('  - paging_init\n', '  - paging_init\n  - big_alloc\n');
    const good = side('scenarios/arm64/v4.6.yaml', (t) => alloc(t).replace('  memory: 2GiB\n', '  memory: 4GiB\n'));
    const bad = side('scenarios/arm64/v4.6.yaml', alloc);
    const r = bisect(good, bad, loadScenarioData);
    expect(r.key).toBe('memblock-alloc-panic|big_alloc');
    expect(editTexts(r, r.script.map((_, i) => i))).toEqual(['machine.banks: [{base: 0x80000000, size: 4GiB}] → [{base: 0x80000000, size: 2GiB}]']);
    expect(editTexts(r, r.culprits)).toEqual(['machine.banks: [{base: 0x80000000, size: 4GiB}] → [{base: 0x80000000, size: 2GiB}]']);
  });
});

describe('bisect: defaults that follow the kernel version (reviewer round 16)', () => {
  const V46 = 'scenarios/arm64/v4.6.yaml';
  const V44 = 'scenarios/arm64/v4.4.yaml';
  /**
   * v4.6 with DEBUG_RODATA written as its default gives it: arch/arm64/Kconfig.debug has `default y` in
   * chenlihao92/archlinux-4.6.5@b9b6ded139426f7af18f5e5c9d0dab4131f1d30b and no default in
   * rivsidn/linux-4.4.155@a1961d7580fcf655cc89b723226e159b3aaf88d1
   */
  const explicit = (t: string): string => t.replace('config:\n  va_bits: 39\n', 'config:\n  va_bits: 39\n  debug_rodata: true\n');

  it('arm64 v4.6 → v4.4: the DEBUG_RODATA default that changes with the kernel is an edit of its own, and a culprit', () => {
    const r = bisect(side(V46), side(V44), loadScenarioData);
    expect(editTexts(r, r.script.map((_, i) => i))).toEqual(['remove cpu_uninstall_idmap', 'kernel: v4.6 → v4.4', 'config.debug_rodata: true → false']);
    // v4.4 with DEBUG_RODATA on has no table → block over the live pgd entry: the kernel alone is not the cause
    expect(editTexts(r, r.culprits)).toEqual(['kernel: v4.6 → v4.4', 'config.debug_rodata: true → false']);
  });

  it('the kernel edit alone keeps the defaulted key: the intermediate writes GOOD\'s value, not its new kernel\'s default', () => {
    const good = side(V46);
    const bad = side(V44);
    expect([...kernelPinned(good, bad.scenario.kernel)]).toEqual(['config.debug_rodata']);
    expect([...kernelPinned(bad, good.scenario.kernel)]).toEqual(['config.debug_rodata']);
    const [g, b] = pairData(good, bad);
    const script = editScript(g, b);
    const kernelOnly = script.findIndex((e) => e.kind === 'value' && e.path.join('.') === 'kernel');
    const data = applySubset(g, b, script, new Set([kernelOnly]));
    expect(data['kernel']).toBe('v4.4');
    expect((data['config'] as Record<string, unknown>)['debug_rodata']).toBe(true);
    // loaded as v4.4 (which defaults it off), it still has DEBUG_RODATA on: no silent flip
    const loaded = parseScenario(stringify({ ...data, setup_arch: stepsOf(data).filter((c) => c !== 'cpu_uninstall_idmap') }), 'kernel-only');
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
    expect(loaded.scenario.config).toMatchObject({ debug_rodata: true });
  });

  it('the same values written explicitly on both sides give the same script and culprits as before', () => {
    const defaulted = bisect(side(V46), side(V44), loadScenarioData);
    const written = bisect(side(V46, explicit), side(V44), loadScenarioData);
    expect(editTexts(written, written.script.map((_, i) => i))).toEqual(editTexts(defaulted, defaulted.script.map((_, i) => i)));
    expect(editTexts(written, written.culprits)).toEqual(editTexts(defaulted, defaulted.culprits));
    expect(editTexts(written, written.enabling)).toEqual(['remove cpu_uninstall_idmap']);
  });

  it('x86_32 has no default that follows the kernel (2.6.26 → 2.6.27-rc1): the Xen page-table base still follows the memory', () => {
    const good = side('scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml');
    const bad = side('scenarios/x86_32/2.6.27-rc1-xen-pae.yaml');
    expect([...kernelPinned(good, bad.scenario.kernel)]).toEqual([]);
    expect([...kernelPinned(bad, good.scenario.kernel)]).toEqual([]);
  });
});

describe('bisect: define: (tester review of issue 8)', () => {
  const QUIRK = 'scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml';

  it('a definition that comes with the call it defines is no edit: the insert is the culprit', async () => {
    const r = bisect(await composed('scenarios/x86_32/variants/2.6.27-rc3-fix.yaml'), await composed(QUIRK), loadScenarioData);
    expect(editTexts(r, r.script.map((_, i) => i))).toEqual(['insert bios_quirk_probe after setup_memory_map']);
    expect(editTexts(r, r.culprits)).toEqual(['insert bios_quirk_probe after setup_memory_map']);
  });

  it('a call both sides define with other effects is one edit, read in the effect vocabulary, never raw data', async () => {
    const text = readFileSync(`${ROOT}/${QUIRK}`, 'utf8');
    const good = parseScenario(text.replace('    early_ioremap: 4KiB\n', ''), `${ROOT}/${QUIRK}`, fsReaderFor(`${ROOT}/${QUIRK}`));
    if (!good.ok) throw new Error(good.problems.map((p) => p.message).join('; '));
    const r = bisect({ plugin: good.plugin, scenario: good.scenario }, await composed(QUIRK), loadScenarioData);
    expect(editTexts(r, r.script.map((_, i) => i))).toEqual(['define.bios_quirk_probe: needs e820 → needs e820; early_ioremap 4 KiB']);
    expect(editTexts(r, r.culprits)).toEqual(['define.bios_quirk_probe: needs e820 → needs e820; early_ioremap 4 KiB']);
  });
});

describe('bisect is held to the budget suggest and constraints are held to', () => {
  it('an order longer than MAX_ORDER_CALLS is refused before anything is replayed or loaded', () => {
    const good = side(VMI_2627);
    // the smallest such input: BAD is GOOD with io_delay_init repeated up to 121 calls
    const bad = side(VMI_2627, (t) => t.replace(/^setup_arch:\n/m, `setup_arch:\n${'  - io_delay_init\n'.repeat(121 - good.scenario.steps.length)}`));
    expect(bad.scenario.steps).toHaveLength(121);
    let loads = 0;
    expect(() => bisect(good, bad, (d, l) => { loads++; return loadScenarioData(d, l); })).toThrow(BudgetError);
    expect(() => bisect(good, bad, loadScenarioData)).toThrow(/^bisect: the order has 121 calls, more than the limit of 120 .*: shorten the order$/);
    expect(loads).toBe(0);
  });

  it('past its limit of work the search stops and answers with the smallest failing set found, not minimal', () => {
    // 2.6.26 → 2.6.27-rc1: 50 edits, 2 of them culprits; the full search loads 147 intermediates (137,000
    // characters of YAML), 111 of them refused, and replays 36: about 46,000 in all
    const good = side('scenarios/x86_32/2.6.26-vmi.yaml');
    const bad = side('scenarios/x86_32/2.6.27-rc1-vmi.yaml');
    const full = bisect(good, bad, loadScenarioData);
    expect(full.stopped).toBeUndefined();
    expect(full.culprits).toHaveLength(2);
    let loads = 0;
    let chars = 0;
    const counted = (d: Readonly<Record<string, unknown>>, l: string): ReturnType<typeof loadScenarioData> => {
      const r = loadScenarioData(d, l);
      loads++;
      chars += r.chars;
      return r;
    };
    // a limit the first few intermediates reach: each costs its load (a quarter of its characters) and its replay
    const r = bisect(good, bad, counted, undefined, 20_000);
    const stopped = r.stopped;
    expect(stopped).toBeDefined();
    if (stopped === undefined) return;
    expect(stopped.limit).toBe(20_000);
    expect(stopped.events).toBeGreaterThanOrEqual(20_000);
    expect(stopped.events).toBeGreaterThanOrEqual(Math.ceil(chars / 4) - loads);
    expect(loads).toBeLessThan(147);
    // no culprit is named, and the set still has the finding and holds the full search's culprits
    expect(r.culprits).toEqual([]);
    expect(r.enabling).toEqual([]);
    expect(stopped.appearsWith.length).toBeLessThan(r.script.length);
    for (const i of full.culprits) expect(stopped.appearsWith).toContain(i);
    expect(findingsOf(good, bad, r, stopped.appearsWith)?.keys).toContain(r.key);
    // the text says so and lists the set; JSON carries it (format 4)
    const text = formatBisectText('GOOD', 'BAD', r, PLAIN);
    expect(text).toMatch(new RegExp(`^culprit: not isolated: the search stopped at the limit of its work \\(20000 trace events and findings, each intermediate's load counted in; ${r.replays} replays?\\); the finding appears in GOOD with these ${stopped.appearsWith.length} of the 50 edits, not all of which may be needed: bisect two scenarios closer together`, 'm'));
    expect(text).not.toMatch(/^culprit: \d/m);
    const json = JSON.parse(formatBisectJson('GOOD', 'BAD', r)) as { version: number; culprits: unknown[]; stopped: { limit: number; appears_with: { edit: number }[] } };
    expect(json.version).toBe(5);
    expect(json.culprits).toEqual([]);
    expect(json.stopped.limit).toBe(20_000);
    expect(json.stopped.appears_with.map((e) => e.edit)).toEqual(stopped.appearsWith.map((i) => i + 1));
    // stopped before any edit could be left out: said so, without listing the script a second time
    const early = bisect(good, bad, loadScenarioData, undefined, 1_000);
    expect(early.stopped?.appearsWith).toHaveLength(50);
    const earlyText = formatBisectText('GOOD', 'BAD', early, PLAIN);
    expect(earlyText).toMatch(/^culprit: not isolated: the search stopped at the limit of its work \(1000 trace events and findings, each intermediate's load counted in; \d+ replays?\) before it could leave out any of the 50 edits: bisect two scenarios closer together \(an intermediate version as GOOD or BAD\)\n\S/m);
  });

  it('a stopped search names its edits as they apply to GOOD: an insert anchored on a call the set leaves out is anchored in the intermediate (break-211 F5)', () => {
    // BAD inserts 40 calls without effect, chained after early_cpu_init, and has vmi_init back after the calls it must precede
    const rc1 = readFileSync(`${ROOT}/scenarios/x86_32/2.6.27-rc1-vmi.yaml`, 'utf8').replace(/^expect:[\s\S]*$/m, '').replace(/^ {2}- call: vmi_init\n(?: {4}.*\n)*/m, '  - vmi_init\n');
    const names = Array.from({ length: 40 }, (_, i) => `n${i}`);
    const defined = rc1.replace(/^setup_arch:\n/m, `define:\n${names.map((n) => `  ${n}: {doc: no-op, none: true}\n`).join('')}setup_arch:\n`);
    const good = side(VMI_2627, () => moveLine(defined, 'vmi_init', 'find_low_pfn_range'));
    const bad = side(VMI_2627, () => defined.replace('  - early_cpu_init\n', `  - early_cpu_init\n${names.map((n) => `  - ${n}\n`).join('')}`));
    const r = bisect(good, bad, loadScenarioData, undefined, 2_750);
    const set = r.stopped?.appearsWith ?? [];
    expect(set.length).toBeGreaterThan(1);
    expect(set.length).toBeLessThan(r.script.length);
    // each listed edit, applied to GOOD in the listed order, names only calls GOOD or an earlier listed edit has
    const calls = new Set(good.scenario.steps.map((st) => st.call));
    const anchoredOnce: string[] = [];
    for (const i of set) {
      const e = r.script[i];
      if (e === undefined || e.kind !== 'order') continue;
      const edit = r.anchored.get(i) ?? e.edit;
      if (edit.op === 'insert' || edit.op === 'move') {
        expect(calls.has(edit.anchor.name), `${scenarioEditText(e)} as listed`).toBe(true);
        if (r.anchored.has(i)) anchoredOnce.push(edit.anchor.name);
      }
      if (edit.op === 'insert') calls.add(edit.call);
    }
    // the first insert of the set's chain lost its anchor (a call of the chain left out) and is anchored anew
    expect(anchoredOnce.length).toBeGreaterThan(0);
    const text = formatBisectText('GOOD', 'BAD', r, PLAIN);
    expect(text).toMatch(/^ +\d+ {2}insert n\d+ after \S+ \(in the intermediate; in BAD: insert n\d+ after n\d+\)$/m);
    const json = JSON.parse(formatBisectJson('GOOD', 'BAD', r)) as { stopped: { appears_with: { inIntermediate?: unknown }[] } };
    expect(json.stopped.appears_with.filter((x) => x.inIntermediate !== undefined)).toHaveLength(anchoredOnce.length);
  });

  it('the plan is ddmin\'s worst case, n² + 3n tests for n edits', () => {
    // every split fails but the last: ddmin must test each complement down to single edits
    for (const n of [1, 2, 5, 16, 33]) {
      const items = Array.from({ length: n }, (_, i) => i);
      const { tests } = ddmin(items, (s) => (s.includes(0) && s.includes(n - 1) ? 'fail' : 'pass'));
      expect(tests).toBeLessThanOrEqual(ddminWorstCase(n));
    }
  });
});

describe('bisect: a finding GOOD has less severe is a finding to bisect, as diff counts it a regression (break-212 F5)', () => {
  const RC3 = 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml';
  /** The applied rc3 fix with vmi=disable_timer given: its missing-prerequisite (vmi_init before parse_early_param) is an error. */
  const withTimerOff = (): Side => side(RC3, (t) => t.replace('  hypervisor: vmi\n', '  hypervisor: vmi\n  cmdline: vmi=disable_timer\n'));
  /** A side as diff takes it: replayed and checked. */
  const replayed = (s: Side): DiffSide => { const trace = replayWith(s.plugin, s.scenario); return { ...s, trace, findings: check(trace, s.plugin) }; };

  it('a warning that became an error (vmi=disable_timer on the rc3 fix): the cmdline edit, bisected as an error', () => {
    const r = bisect(side(RC3), withTimerOff(), loadScenarioData);
    expect([r.key, r.finding.severity, r.severityInGood]).toEqual(['missing-prerequisite|vmi_init|parse_early_param|(early_params)', 'error', 'warning']);
    expect(editTexts(r, r.culprits)).toEqual(['machine.cmdline: "" → "vmi=disable_timer"']);
    // --finding takes it too, where it said "GOOD has … too"
    expect(bisect(side(RC3), withTimerOff(), loadScenarioData, 'missing-prerequisite').key).toBe(r.key);
    const text = formatBisectText('GOOD', 'BAD', r, PLAIN);
    expect(text).toContain('\n  a severity change: missing-prerequisite became an error (a warning in GOOD)\n');
    expect(text).toMatch(/^culprit: 1 edit of 1 makes the finding an error in GOOD$/m);
    const json = JSON.parse(formatBisectJson('GOOD', 'BAD', r)) as { version: number; finding: { severity: string; severity_in_good: string } };
    expect([json.version, json.finding.severity, json.finding.severity_in_good]).toEqual([5, 'error', 'warning']);
  });

  it('shipped scenarios: 2.6.27.6 on VMI → 2.6.27.24 on EFI, the DMI scan before efi_init became an error: machine.efi alone', () => {
    const r = bisect(side('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml'), side('scenarios/x86_32/2.6.27.24-efi-dmi.yaml'), loadScenarioData);
    expect([r.key, r.severityInGood]).toEqual(['missing-prerequisite|dmi_scan_machine|efi_init|(efi)', 'warning']);
    expect(editTexts(r, r.culprits)).toEqual(['machine.efi: false → true']);
    // an intermediate with it as a warning is not one with BAD's finding: each edit but the culprit leaves it a warning
    const rest = r.script.map((_, i) => i).filter((i) => !r.culprits.includes(i));
    const good = side('scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml');
    const all = findingsOf(good, side('scenarios/x86_32/2.6.27.24-efi-dmi.yaml'), r, rest);
    expect(all?.keys).toContain(r.key);
    expect(all?.errors).not.toContain(r.key);
  });

  it('a stopped search over a severity change says the set makes it an error, not that it appears', async () => {
    const r = bisect(await composed('scenarios/x86_32/2.6.28-vmi.yaml'), await composed('scenarios/x86_32/2.6.29-rc7-efi.yaml'), loadScenarioData, undefined, 3000);
    expect(r.stopped).toBeDefined();
    expect(formatBisectText('GOOD', 'BAD', r, PLAIN)).toMatch(/; the finding is an error in GOOD with these \d+ of the 7 edits, not all of which may be needed: /);
  });

  it('nothing to bisect when GOOD has it as severe or worse, said with both severities; swapped sides are pointed out', () => {
    const good = side(RC3);
    const bad = withTimerOff();
    expect(() => bisect(bad, good, loadScenarioData)).toThrow(new NothingToBisect('BAD has no finding that GOOD lacks or has less severe: nothing to bisect (GOOD has a finding BAD lacks or has less severe, missing-prerequisite (vmi_init, parse_early_param, (early_params)) (an error in GOOD, a warning in BAD): are GOOD and BAD swapped?)'));
    expect(() => bisect(bad, good, loadScenarioData, 'missing-prerequisite')).toThrow(new NothingToBisect('--finding missing-prerequisite: GOOD has missing-prerequisite (vmi_init, parse_early_param, (early_params)) too (an error there, a warning in BAD): nothing to bisect'));
    expect(() => bisect(bad, bad, loadScenarioData, 'missing-prerequisite')).toThrow(/too \(an error in both\): nothing to bisect/);
  });

  it('the default finding is an error exactly when diff counts a new error, on every architecture', async () => {
    const pairs: [string, string][] = [
      [RC3, 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml'],
      ['scenarios/x86_32/2.6.28-vmi.yaml', 'scenarios/x86_32/2.6.29-rc7-efi.yaml'],
      ['scenarios/x86_32/2.6.29-rc7-efi.yaml', 'scenarios/x86_32/2.6.28-vmi.yaml'],
      ['scenarios/arm64/v4.6.yaml', 'scenarios/arm64/v4.4-debug-rodata-kasan.yaml'],
      ['scenarios/arm64/v4.7.yaml', 'scenarios/arm64/v4.7-uefi.yaml'],
      ['scenarios/arm64/v4.6.yaml', 'scenarios/arm64/v4.6-kaslr.yaml'],
      ['scenarios/riscv/v5.14.yaml', 'scenarios/riscv/v5.13-rc5-bpf-after-kernel.yaml'],
      ['scenarios/riscv/v5.10.yaml', 'scenarios/riscv/v5.10-kasan.yaml'],
      ['scenarios/riscv/v5.12.yaml', 'scenarios/riscv/v5.14.yaml'],
    ];
    for (const [g, b] of pairs) {
      const good = await composed(g);
      const bad = await composed(b);
      const newErrors = diffScenarios(replayed(good), replayed(bad)).verdict.newErrors;
      let picked: string | undefined;
      try { picked = pickFinding(good, bad).finding.severity; } catch (err) { if (!(err instanceof NothingToBisect)) throw err; }
      expect([g, b, picked === 'error']).toEqual([g, b, newErrors > 0]);
    }
    // x86_32 alone has findings whose severity follows the machine: on arm64 and riscv no pick is a severity change
    for (const [g, b] of pairs.filter(([x]) => !x.includes('x86_32'))) {
      try { expect(pickFinding(await composed(g), await composed(b)).severityInGood).toBeUndefined(); } catch (err) { if (!(err instanceof NothingToBisect)) throw err; }
    }
  });
});
