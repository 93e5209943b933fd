/**
 * diff on real orders (the acceptance cases of the variants issue) and on
 * small ones that show each part: findings matched by identity across moved
 * steps, changed findings, layout deltas, the gates.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffScenarios, type FailOn, type Side } from '../../src/compare/diff.js';
import { replayWith } from '../../src/replay/replay.js';
import { check } from '../../src/rules/index.js';
import { loadScenarioFile } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { editText } from '../../src/scenario/order-edit.js';
import { formatDiffJson } from '../../src/report/diff-json.js';
import { formatDiffText } from '../../src/report/diff-text.js';
import { PLAIN } from '../../src/report/text.js';

function side(r: Awaited<ReturnType<typeof loadScenarioFile>>): Side {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const trace = replayWith(r.plugin, r.scenario);
  return { plugin: r.plugin, scenario: r.scenario, trace, findings: check(trace, r.plugin) };
}
const file = async (f: string): Promise<Side> => side(await loadScenarioFile(`scenarios/x86_32/${f}`));
const text = (t: string, name = 'x.yaml'): Side => side(parseScenario(t, name));

const brief = (d: ReturnType<typeof diffScenarios>) => ({
  new: d.findings.new.map((x) => `${x.finding.severity} ${x.finding.rule} ${x.finding.step.name}`),
  fixed: d.findings.fixed.map((x) => `${x.finding.severity} ${x.finding.rule} ${x.finding.step.name}`),
});

describe('diff: the acceptance cases', () => {
  it('2.6.26 → 2.6.27-rc1 on VMI: both fixmap errors are new, init_memory_mapping is inserted and dmi_scan_machine moved, the fixmap shrinks; a regression', async () => {
    const d = diffScenarios(await file('2.6.26-vmi.yaml'), await file('2.6.27-rc1-vmi.yaml'));
    expect(brief(d).new).toEqual(['error fixmap-before-relocation init_memory_mapping', 'error fixmap-before-relocation dmi_scan_machine']);
    const edits = d.order.map((c) => editText(c.edit));
    expect(edits).toContain('insert init_memory_mapping after find_low_pfn_range');
    expect(edits).toContain('move dmi_scan_machine after reserve_initrd');
    expect(d.order.find((c) => c.edit.op === 'move' && c.edit.call.name === 'dmi_scan_machine')).toMatchObject({ a: 25, b: 31 });
    expect(d.inputs).toEqual([{ key: 'kernel', a: '2.6.26', b: '2.6.27-rc1' }]);
    // 2.6.27 moved FIX_ACPI_* among the boot-time slots and aligns FIX_BTMAP_END to 256 instead of 512 (fixmap_32.h)
    expect((d.layout?.values ?? []).filter((v) => v.changed).map((v) => [v.name, v.deltaPages])).toEqual([['FIXADDR_START', 4], ['FIXADDR_BOOT_START', 252]]);
    expect((d.layout?.regions ?? []).find((r) => r.name === 'fixmap')?.changed).toBe(true);
    expect(d.verdict).toMatchObject({ newErrors: 2, fails: true });
  });

  it('2.6.27-rc1 → the applied rc3 fix: both errors fixed, one move; no regression', async () => {
    const d = diffScenarios(await file('2.6.27-rc1-vmi.yaml'), await file('2.6.27-rc3-vmi-fix.yaml'));
    expect(brief(d).fixed).toEqual(['error fixmap-before-relocation init_memory_mapping', 'error fixmap-before-relocation dmi_scan_machine']);
    expect(d.order.map((c) => [editText(c.edit), c.a, c.b])).toEqual([['move vmi_init after early_ioremap_init', 41, 5]]);
    expect(d.verdict).toMatchObject({ newErrors: 0, newWarnings: 2, fails: false });
  });

  it('a scenario against itself: nothing differs under any gate', async () => {
    for (const gate of ['new-error', 'new-warning', 'any-change'] as FailOn[]) {
      const d = diffScenarios(await file('2.6.27-rc1-vmi.yaml'), await file('2.6.27-rc1-vmi.yaml'), gate);
      expect(d.order).toEqual([]);
      expect(d.findings.unchanged).toHaveLength(2);
      expect(d.verdict).toMatchObject({ anyChange: false, fails: false });
    }
  });

  it('name: and description: are labels: a renamed scenario replays the same, so any-change passes', async () => {
    const source = readFileSync('scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'utf8');
    const renamed = source.replace(/^name: .*$/m, 'name: renamed').replace(/^description: >-\n/m, 'description: >-\n  Another text first.\n');
    expect(renamed).toContain('name: renamed');
    expect(renamed).toContain('Another text first.');
    const d = diffScenarios(text(source, 'a.yaml'), text(renamed, 'b.yaml'), 'any-change');
    expect(d.order).toEqual([]);
    expect(d.inputs).toEqual([]);
    expect(d.verdict).toMatchObject({ anyChange: false, fails: false });
  });
});

describe('diff: the parts', () => {
  const order = (extra: string, calls: string) => `kernel: 2.6.27-rc1\nmachine: {hypervisor: vmi${extra}}\nsetup_arch: [${calls}]\n`;
  const BAD = 'early_ioremap_init, setup_memory_map, parse_early_param, e820_end_of_ram_pfn, find_low_pfn_range, init_memory_mapping, dmi_scan_machine, vmi_init';

  it('matches findings by rule and calls, not by step number: a finding whose steps moved is unchanged', () => {
    const d = diffScenarios(text(order('', `early_cpu_init, ${BAD}`)), text(order('', BAD)));
    expect(d.order.map((c) => editText(c.edit))).toEqual(['remove early_cpu_init']);
    expect(d.findings.unchanged.map((u) => [u.key, u.a.step.index, u.b.step.index])).toEqual([
      ['fixmap-before-relocation|init_memory_mapping|vmi_init', 7, 6],
      ['fixmap-before-relocation|dmi_scan_machine|vmi_init', 8, 7],
      // no efi_init in this order: DMI misses the EFI tables (a harmless warning on this BIOS machine)
      ['missing-prerequisite|dmi_scan_machine|(efi)', 8, 7],
    ]);
    expect(d.verdict.fails).toBe(false);
    expect(diffScenarios(text(order('', `early_cpu_init, ${BAD}`)), text(order('', BAD)), 'any-change').verdict.fails).toBe(true);
  });

  it('inputs: nested keys by their key path (after defaults), never [object Object]', () => {
    const d = diffScenarios(
      text(order(', cpu: {pse: true}', BAD)),
      text(`kernel: 2.6.27-rc1\nconfig: {system_map: {_end: 0xc0800000}}\nmachine: {hypervisor: vmi, cpu: {pse: false}}\nsetup_arch: [${BAD}]\n`),
    );
    // the Xen bootstrap defaults follow _end (they sit after the image), but a VMI boot never reads them
    expect(d.inputs.map((c) => c.key)).toEqual(['config.system_map._end', 'machine.cpu.pse']);
    expect(d.inputs.slice(0, 2)).toEqual([
      { key: 'config.system_map._end', a: '0xc0600000', b: '0xc0800000' },
      { key: 'machine.cpu.pse', a: 'true', b: 'false' },
    ]);
    const out = formatDiffText(d, PLAIN, false);
    expect(out).not.toContain('[object Object]');
    expect(out).toMatch(/^ {2}machine\.cpu\.pse +true → false$/m);
    expect(JSON.parse(formatDiffJson(d)).inputs).toContainEqual({ key: 'machine.cpu.pse', a: 'true', b: 'false' });
  });

  it('inputs: machine.cmdline is compared as the kernel splits it, without the separators at either end (break-196 3)', () => {
    const arm64Line = (c: string): Side => text(readFileSync('scenarios/arm64/v4.6.yaml', 'utf8').replace(/^ {2}cmdline: .*$/m, `  cmdline: ${JSON.stringify(c)}`), 'a.yaml');
    const cmdline = (c: string, kernel = '2.6.27-rc1'): Side => text(order(`, cmdline: ${JSON.stringify(c)}`, BAD).replace('2.6.27-rc1', kernel));
    // a matrix axis refuses ["vmi=disable_timer", "  vmi=disable_timer  "] as one value written twice: no change here either
    const same = diffScenarios(cmdline('vmi=disable_timer'), cmdline('  vmi=disable_timer  '), 'any-change');
    expect(same.inputs).toEqual([]);
    expect(same.verdict).toMatchObject({ anyChange: false, fails: false });
    // a real change shows the values as the kernel reads them, as memory's 536870912 shows as 512MiB
    expect(diffScenarios(cmdline('vmi=disable_timer'), cmdline(' mem=1G  ')).inputs).toEqual([{ key: 'machine.cmdline', a: '"vmi=disable_timer"', b: '"mem=1G"' }]);
    // before 2.6.32-rc1 only ' ' separates: a tab at the end is part of the last parameter, from 2.6.32 it is not
    expect(diffScenarios(cmdline('quiet'), cmdline('quiet\t')).inputs).toEqual([{ key: 'machine.cmdline', a: '"quiet"', b: '"quiet\\t"' }]);
    expect(diffScenarios(cmdline('quiet', '2.6.32'), cmdline('\tquiet\t', '2.6.32')).inputs).toEqual([]);
    // a run of spaces between parameters is one (next_arg() chews them: break-279 N3); inside quotes it is the value's
    const runs = diffScenarios(cmdline('quiet splash'), cmdline('quiet  splash'), 'any-change');
    expect(runs.inputs).toEqual([]);
    expect(runs.verdict).toMatchObject({ anyChange: false, fails: false });
    expect(diffScenarios(cmdline('quiet   vmi=disable_timer  mem=1G'), cmdline('quiet mem=1G')).inputs).toEqual([{ key: 'machine.cmdline', a: '"quiet vmi=disable_timer mem=1G"', b: '"quiet mem=1G"' }]);
    expect(diffScenarios(cmdline('foo="a b"'), cmdline('foo="a  b"')).inputs).toEqual([{ key: 'machine.cmdline', a: '"foo=\\"a b\\""', b: '"foo=\\"a  b\\""' }]);
    expect(diffScenarios(arm64Line('earlycon nokaslr'), arm64Line('earlycon   nokaslr'), 'any-change').inputs).toEqual([]);
    // a space inside a quote that runs to the end belongs to the value
    expect(diffScenarios(cmdline('foo="a'), cmdline('foo="a ')).inputs).toEqual([{ key: 'machine.cmdline', a: '"foo=\\"a"', b: '"foo=\\"a "' }]);
    const v46 = readFileSync('scenarios/arm64/v4.6.yaml', 'utf8');
    const arm64 = (c: string): Side => text(v46.replace(/^ {2}cmdline: .*$/m, `  cmdline: ${JSON.stringify(c)}`), 'a.yaml');
    expect(diffScenarios(arm64('earlycon'), arm64('  earlycon  '), 'any-change').inputs).toEqual([]);
    expect(diffScenarios(arm64('earlycon'), arm64(' nokaslr ')).inputs).toEqual([{ key: 'machine.cmdline', a: '"earlycon"', b: '"nokaslr"' }]);
    // kaslr_early_init() reads the raw line: a nokaslr after a tab is not seen there, so the tab is kept
    expect(diffScenarios(arm64('nokaslr'), arm64('\tnokaslr')).inputs).toHaveLength(1);
  });

  it('inputs: one kernel version in two spellings (v4.6, 4.6) is no change (helper-199 2)', () => {
    const v46 = readFileSync('scenarios/arm64/v4.6.yaml', 'utf8');
    const kernel = (k: string): Side => text(v46.replace(/^kernel: .*$/m, `kernel: ${JSON.stringify(k)}`), 'a.yaml');
    expect(diffScenarios(kernel('v4.6'), kernel('4.6'), 'any-change').inputs).toEqual([]);
    expect(diffScenarios(kernel('v4.6'), text(readFileSync('scenarios/arm64/v4.7.yaml', 'utf8'), 'b.yaml')).inputs[0]).toEqual({ key: 'kernel', a: 'v4.6', b: 'v4.7' });
  });

  it('inputs: a hypervisor\'s own keys only on its machines (vmi_rom\'s virtual_top, Xen\'s start_info)', () => {
    const on = (hv: string): Side => text(`kernel: 2.6.27-rc1\nconfig: {pae: true}\nmachine: {hypervisor: ${hv}, memory: 512MiB}\nsetup_arch: [${BAD}]\n`);
    expect(diffScenarios(on('vmi'), on('xen')).inputs).toEqual([
      { key: 'machine.hypervisor', a: 'vmi', b: 'xen' },
      { key: 'machine.vmi_virtual_top', a: '0xfc000000', b: undefined },
      { key: 'machine.xen_virt_start', a: undefined, b: '0xf5800000' },
      { key: 'machine.xen_pt_base', a: undefined, b: '0xc0681000' },
      { key: 'machine.xen_nr_pt_frames', a: undefined, b: '6' },
    ]);
    expect(diffScenarios(on('none'), on('none')).inputs).toEqual([]);
  });

  it('inputs: a define: call is an input by name, its effects in the architecture\'s words; an edit of one is a change (any-change fails)', () => {
    const quirk = (effects: string): string => `kernel: 2.6.28\nmachine: {hypervisor: vmi}\ndefine:\n  my_quirk:\n    doc: peeks at the BIOS data area\n    ${effects}\nsetup_arch: [vmi_init, early_ioremap_init, setup_memory_map, parse_early_param, e820_end_of_ram_pfn, my_quirk, find_low_pfn_range, vmi_activate]\n`;
    const a = text(quirk('early_ioremap: 4KiB'));
    const b = text(quirk('early_ioremap: 8KiB'));
    const d = diffScenarios(a, b, 'any-change');
    expect(d.inputs).toEqual([{ key: 'define.my_quirk', a: 'early_ioremap 4 KiB', b: 'early_ioremap 8 KiB' }]);
    expect(d.verdict).toMatchObject({ anyChange: true, fails: true });
    // the doc is a label: the same effects are no change
    expect(diffScenarios(a, text(quirk('early_ioremap: 4KiB').replace('peeks at', 'reads'))).inputs).toEqual([]);
    // a call defined on one side only
    const none = text('kernel: 2.6.28\nmachine: {hypervisor: vmi}\nsetup_arch: [vmi_init, early_ioremap_init, setup_memory_map, parse_early_param, e820_end_of_ram_pfn, find_low_pfn_range, vmi_activate]\n');
    const added = diffScenarios(none, a);
    expect(added.inputs).toEqual([{ key: 'define.my_quirk', a: undefined, b: 'early_ioremap 4 KiB' }]);
    expect(formatDiffText(added, PLAIN, false)).toMatch(/^ {2}define\.my_quirk {2}\(not defined\) → early_ioremap 4 KiB$/m);
    expect(JSON.parse(formatDiffJson(added)).inputs).toEqual([{ key: 'define.my_quirk', a: null, b: 'early_ioremap 4 KiB' }]);
  });

  it('inputs: an arm64 define: allocation of another size is a change (its size is part of its words)', () => {
    const v46 = readFileSync('scenarios/arm64/v4.6.yaml', 'utf8');
    const quirk = (size: string): Side => text(v46.replace(/^setup_arch:\n/m, `define:\n  late_quirk:\n    doc: allocates a buffer after paging_init\n    linear_alloc: ${size}\nsetup_arch:\n`).replace(/^( {2}- paging_init\n)/m, '$1  - late_quirk\n'), 'a.yaml');
    const d = diffScenarios(quirk('4KiB'), quirk('64MiB'), 'any-change');
    expect(d.inputs).toEqual([{ key: 'define.late_quirk', a: 'linear_alloc 4 KiB', b: 'linear_alloc 64 MiB' }]);
    expect(d.verdict.fails).toBe(true);
  });

  it('a finding whose addresses change is changed, with before → after', () => {
    const d = diffScenarios(text(order('', BAD)), text(order(', vmi_virtual_top: 0xf8000000', BAD)));
    expect(d.findings.changed.map((c) => [c.key, c.addresses])).toEqual([
      ['fixmap-before-relocation|init_memory_mapping|vmi_init', { new_FIXADDR_TOP: [0xfbfff000, 0xf7fff000] }],
      ['fixmap-before-relocation|dmi_scan_machine|vmi_init', { new_FIXADDR_TOP: [0xfbfff000, 0xf7fff000] }],
    ]);
    expect(d.inputs).toEqual([{ key: 'machine.vmi_virtual_top', a: '0xfc000000', b: '0xf8000000' }]);
    const top = (d.layout?.values ?? []).find((v) => v.name === 'FIXADDR_TOP');
    expect(top).toMatchObject({ a: 0xfbfff000, b: 0xf7fff000, deltaBytes: -64 * 2 ** 20, deltaPages: -16384 });
    expect(d.verdict).toMatchObject({ newErrors: 0, fails: false });
  });

  it('a finding that becomes an error counts as a new error; new warnings fail only --fail-on new-warning', () => {
    const warn = 'early_ioremap_init, setup_memory_map, e820_end_of_ram_pfn, find_low_pfn_range, vmi_init, init_memory_mapping';
    const a = text(`kernel: 2.6.27-rc3\nmachine: {hypervisor: vmi}\nsetup_arch: [${warn}]\n`);
    const b = text(`kernel: 2.6.27-rc3\nmachine: {hypervisor: vmi, cmdline: "vmi=disable_timer"}\nsetup_arch: [${warn}]\n`);
    const d = diffScenarios(a, b);
    expect(d.findings.changed.map((c) => [c.key, c.severity])).toEqual([['missing-prerequisite|vmi_init|(early_params)', ['warning', 'error']]]);
    expect(d.verdict).toMatchObject({ newErrors: 1, fails: true });
  });

  it('gates: new warnings fail only --fail-on new-warning; any difference fails --fail-on any-change', async () => {
    const [a, b] = [await file('2.6.27-rc1-vmi.yaml'), await file('2.6.27-rc3-vmi-fix.yaml')];
    expect(['new-error', 'new-warning', 'any-change'].map((g) => diffScenarios(a, b, g as FailOn).verdict.fails)).toEqual([false, true, true]);
  });
});

describe('diff: counts and architectures', () => {
  it('riscv: the RAM is an input (memory:, ram_base: and memory_banks: resolve to the banks, named machine.memory_banks)', () => {
    const base = 'arch: riscv\nkernel: "5.14"\nsetup_arch: [parse_dtb, parse_early_param, paging_init]\n';
    const d = diffScenarios(text(base, 'a.yaml'), text(`${base}machine:\n  memory: 4GiB\n`, 'b.yaml'));
    expect(d.inputs).toEqual([
      { key: 'machine.memory_banks', a: '[{base: 0x80000000, size: 2GiB}]', b: '[{base: 0x80000000, size: 4GiB}]' },
      // after defaults: the DTB sits in the last 2 MiB of the kernel's bank
      { key: 'machine.dtb_address', a: '0xffe00000', b: '0x17fe00000' },
    ]);
  });

  it('riscv seed 003: leaf and span counts (unit count) differ by a plain number, never by pages or MiB', async () => {
    const a = side(await loadScenarioFile('scenarios/riscv/seed-003-kernel-in-linear-map.yaml'));
    const b = side(await loadScenarioFile('scenarios/riscv/seed-003-kernel-at-end-of-address-space.yaml'));
    const d = diffScenarios(a, b);
    const counts = (d.layout?.values ?? []).filter((v) => v.unit === 'count');
    expect(counts.map((v) => v.name)).toContain('linear 2M leaves');
    for (const v of counts) {
      expect(v.deltaBytes).toBeNull();
      expect(v.deltaPages).toBeNull();
      expect(v.deltaCount).toBe(v.a !== null && v.b !== null ? v.b - v.a : null);
    }
  });

  it('arm64 v4.6 → v4.7: VA_BITS differs by +9 (a number of bits, no pages or MiB), and the linear map is one memory row whatever the RAM size (helper-178 F6)', async () => {
    const a = side(await loadScenarioFile('scenarios/arm64/v4.6.yaml'));
    const b = side(await loadScenarioFile('scenarios/arm64/v4.7.yaml'));
    const out = formatDiffText(diffScenarios(a, b), PLAIN, false);
    expect(out).toMatch(/^ {2}VA_BITS +39 → +48 {2}\+9$/m);
    expect(out).toMatch(/^\* memory +0xffffffc000000000-0xffffffc080000000 +2048 MiB +\| 0xffff800000000000-0xffff800100000000 +4096 MiB$/m);
    expect(out).not.toContain('(none)');
  });
});

describe('a side whose replay halts before setup_arch()', () => {
  // Xen PAE with a non-default VMSPLIT: no kernel of this version builds it (config-unsupported), the replay halts
  const HALTED = 'name: halted\nkernel: 2.6.27\nconfig:\n  page_offset: 0xB0000000\n  pae: true\nmachine:\n  hypervisor: xen\nsetup_arch: [early_cpu_init, find_low_pfn_range]\n';
  const RUNS = 'name: runs\nkernel: 2.6.27\nconfig:\n  pae: true\nmachine:\n  hypervisor: xen\nsetup_arch: [early_cpu_init, find_low_pfn_range]\n';

  it('has no layout to compare: the text says which side and why, the JSON has layout null and no_layout', () => {
    const d = diffScenarios(text(HALTED, 'h.yaml'), text(RUNS, 'r.yaml'));
    expect(d.layout).toBeNull();
    expect(d.noLayout).toEqual({ a: expect.stringMatching(/^the replay halts before setup_arch\(\)/) as unknown, b: null });
    expect(formatDiffText(d, PLAIN, false)).toMatch(/^layout: not compared \(a: the replay halts before setup_arch\(\) [^)]*\)\)$/m);
    const json = JSON.parse(formatDiffJson(d)) as { layout: unknown; no_layout: unknown };
    expect(json.layout).toBeNull();
    expect(json.no_layout).toEqual({ a: expect.stringMatching(/^the replay halts/) as unknown, b: null });
    // both sides run: the layouts are compared as before
    expect(diffScenarios(text(RUNS, 'r.yaml'), text(RUNS, 'r2.yaml')).layout).not.toBeNull();
  });
});

describe('a finding of a derived scenario at a line of its base (break-196 4)', () => {
  const BASE = 'scenarios/riscv/v5.10.yaml';
  const KASAN = 'scenarios/riscv/v5.10-kasan.yaml';

  it('the text line names the base file and ends with "in SCENARIO", as run\'s does, on the side it belongs to', async () => {
    const base = side(await loadScenarioFile(BASE));
    const kasan = side(await loadScenarioFile(KASAN));
    // kasan_init is inherited from v5.10.yaml: a new error of b at a's line, which must not read as a's
    expect(formatDiffText(diffScenarios(base, kasan), PLAIN, false)).toMatch(/^ {2}new {7}scenarios\/riscv\/v5\.10\.yaml:\d+:5: error kasan-shadow-fault: .* \(step 10 kasan_init\) in scenarios\/riscv\/v5\.10-kasan\.yaml$/m);
    expect(formatDiffText(diffScenarios(kasan, base), PLAIN, false)).toMatch(/^ {2}fixed {5}scenarios\/riscv\/v5\.10\.yaml:\d+:5: error kasan-shadow-fault: .* \(step 10 kasan_init\) in scenarios\/riscv\/v5\.10-kasan\.yaml$/m);
  });

  it('the JSON finding has `scenario` when its `file` is a base, as run\'s input problems do; none in the side\'s own file', async () => {
    const base = side(await loadScenarioFile(BASE));
    const kasan = side(await loadScenarioFile(KASAN));
    const json = JSON.parse(formatDiffJson(diffScenarios(base, kasan))) as { findings: { new: Record<string, unknown>[] } };
    expect(json.findings.new).toEqual([expect.objectContaining({ rule: 'kasan-shadow-fault', file: BASE, scenario: KASAN })]);
    const own = JSON.parse(formatDiffJson(diffScenarios(await file('2.6.26-vmi.yaml'), await file('2.6.27-rc1-vmi.yaml')))) as { findings: { new: Record<string, unknown>[] } };
    expect(own.findings.new.length).toBeGreaterThan(0);
    for (const f of own.findings.new) expect(f).not.toHaveProperty('scenario');
    expect(formatDiffText(diffScenarios(await file('2.6.26-vmi.yaml'), await file('2.6.27-rc1-vmi.yaml')), PLAIN, false)).not.toContain(' in scenarios/');
  });
});
