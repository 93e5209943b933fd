/**
 * Composing scenarios (extends, patch, define) through the real loader, with
 * an in-memory file system: what a derived scenario inherits, where its steps
 * come from, and every mistake a user can make with the new keys, each at
 * its file:line:col with a did-you-mean.
 */
import { describe, expect, it } from 'vitest';
import type { X86Scenario } from '../../src/arch/x86_32/types.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { positionOf } from '../../src/scenario/types.js';
import { compose, one, problems } from './helpers.js';

const where = (s: X86Scenario): string[] => s.steps.map((st) => `${st.call}@${st.pos.file ?? ''}:${st.pos.line}`);

describe('extends', () => {
  it('inherits every key; scalars override; config and machine merge key by key', () => {
    const s = one({ 'd/s.yaml': 'extends: base.yaml\nname: derived\nkernel: 2.6.27-rc3\nconfig:\n  pae: true\nmachine:\n  memory: 4GiB\n' });
    expect(s.name).toBe('derived');
    expect(s.kernel.text).toBe('2.6.27-rc3');
    expect(s.config.pae).toBe(true);
    expect(s.config.nr_cpus).toBe(4); // from the base
    expect(s.machine.memory).toBe(4 * 2 ** 30);
    expect(s.machine.hypervisor).toBe('vmi'); // from the base
    expect(s.file).toBe('d/s.yaml');
  });

  it('points inherited steps and keys at the base file, and its own keys at itself', () => {
    const s = one({ 'd/s.yaml': 'extends: base.yaml\nmachine:\n  memory: 4GiB\n' });
    expect(s.steps[0]?.pos).toEqual({ line: 9, col: 5, file: 'd/base.yaml' });
    expect(positionOf(s, 'machine.hypervisor')).toEqual({ line: 7, col: 3, file: 'd/base.yaml' });
    expect(positionOf(s, 'machine.memory')).toEqual({ line: 3, col: 3 });
  });

  it('follows chains, relative to each file', () => {
    const s = one({
      'd/s.yaml': 'extends: sub/mid.yaml\nkernel: 2.6.27\n',
      'd/sub/mid.yaml': 'extends: ../base.yaml\nname: mid\n',
    });
    expect([s.name, s.kernel.text]).toEqual(['mid', '2.6.27']);
  });

  it('names the chain of a cycle, and of one deeper than the limit', () => {
    expect(problems({ 'd/s.yaml': 'extends: a.yaml\n', 'd/a.yaml': 'extends: s.yaml\nsetup_arch: [vmi_init]\n' })).toEqual([
      'd/a.yaml:1:10: extends: cycle: d/s.yaml → d/a.yaml → d/s.yaml; a base cannot extend a file that extends it',
    ]);
    const files: Record<string, string> = { 'd/s.yaml': 'extends: l1.yaml\n', 'd/l10.yaml': 'setup_arch: [vmi_init]\n' };
    for (let i = 1; i < 10; i++) files[`d/l${i}.yaml`] = `extends: l${i + 1}.yaml\n`;
    expect(problems(files)).toEqual([
      'd/l8.yaml:1:10: extends: 9 levels: d/s.yaml → d/l1.yaml → d/l2.yaml → d/l3.yaml → d/l4.yaml → d/l5.yaml → d/l6.yaml → d/l7.yaml → d/l8.yaml → d/l9.yaml (limit 8 levels of extends, max-extends-depth; merge some of the bases)',
    ]);
    // eight levels are fine
    files['d/l8.yaml'] = 'setup_arch: [vmi_init]\n';
    expect(one(files).steps.map((x) => x.call)).toEqual(['vmi_init']);
  });

  it('a --set overlay above the file named is no level of its chain (break-223 F6: eight levels were refused under --set)', async () => {
    const { composeScenario } = await import('../../src/scenario/compose/compose.js');
    const { memoryReader } = await import('../../src/scenario/compose/reader.js');
    const files: Record<string, string> = { 'd/s.yaml': 'extends: l1.yaml\n' };
    for (let i = 1; i < 8; i++) files[`d/l${i}.yaml`] = `extends: l${i + 1}.yaml\n`;
    files['d/l8.yaml'] = 'setup_arch: [vmi_init]\n';
    const overlaid = (): string[] => {
      const r = composeScenario('extends: s.yaml\nmachine: {memory: 1GiB}\n', 'd/(--set)', memoryReader(files), undefined, { replacedAxes: new Set(), keptAxes: new Set() });
      return r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
    };
    expect(overlaid()).toEqual([]);
    // nine levels below the file named are refused, and the chain is said from that file
    files['d/l8.yaml'] = 'extends: l9.yaml\n';
    files['d/l9.yaml'] = 'setup_arch: [vmi_init]\n';
    expect(overlaid()).toEqual([
      'd/l8.yaml:1:10: extends: 9 levels: d/s.yaml → d/l1.yaml → d/l2.yaml → d/l3.yaml → d/l4.yaml → d/l5.yaml → d/l6.yaml → d/l7.yaml → d/l8.yaml → d/l9.yaml (limit 8 levels of extends, max-extends-depth; merge some of the bases)',
    ]);
  });

  it('a symbolic link back to a file of the chain is a cycle, named as one (the file system knows it is the same file)', async () => {
    const { mkdtempSync, rmSync, symlinkSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, relative } = await import('node:path');
    const { loadScenarioFile } = await import('../../src/scenario/files.js');
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-cycle-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), 'extends: b.yaml\nsetup_arch: [vmi_init]\n');
      symlinkSync('a.yaml', join(dir, 'b.yaml'));
      const file = relative(process.cwd(), join(dir, 'a.yaml'));
      const r = await loadScenarioFile(file);
      expect(r.ok).toBe(false);
      const msgs = r.ok ? [] : r.problems.map((p) => p.message);
      // one problem, the cycle: not "9 levels" of the same two names
      expect(msgs).toEqual([`extends: cycle: ${file} → ${file.replace(/a\.yaml$/, 'b.yaml')} (${file.replace(/a\.yaml$/, 'b.yaml')} is ${file}); a base cannot extend a file that extends it`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreadable base at the extends value, and a base\'s own problems in the base', () => {
    expect(problems({ 'd/s.yaml': 'name: x\nextends: nope.yaml\n' })).toEqual(['d/s.yaml:2:10: extends: cannot read d/nope.yaml: no such file or directory']);
    expect(problems({ 'd/s.yaml': 'extends: b.yaml\n', 'd/b.yaml': 'machine: {hypervsor: vmi}\nsetup_arch: [vmi_init]\n' })).toEqual([
      'd/b.yaml:1:11: machine.hypervsor: unknown key (did you mean hypervisor?); allowed in machine: memory, hypervisor, vmi_virtual_top, xen_virt_start, cmdline, efi, setup_data, initrd, acpi_tables, ohci1394_dma_early, dmi_table_base, dmi_table_length, efi_memmap_size, setup_data_length, initrd_size, io_apics, ohci1394_controllers, mptable, ehci_debug_port, tboot, olpc_ofw_cif, cpu, xen_pt_base, xen_nr_pt_frames',
    ]);
  });

  it('a problem in a base names the derived file that reached it; the derived file\'s own problems do not', () => {
    const files = { 'd/s.yaml': 'extends: b.yaml\nname: 3\n', 'd/b.yaml': 'machine: {hypervsor: vmi}\nsetup_arch: [vmi_init]\n' };
    const r = compose(files);
    if (r.ok) throw new Error('loaded');
    expect(r.problems.map((p) => [p.file, p.line, p.scenario])).toEqual([['d/b.yaml', 1, 'd/s.yaml'], ['d/s.yaml', 2, undefined]]);
    // the base read as a scenario of its own: the same problem, its own
    const own = compose(files, 'd/b.yaml');
    expect(!own.ok && own.problems.map((p) => [p.file, p.line, p.scenario])).toEqual([['d/b.yaml', 1, undefined]]);
  });

  it('kernel: null in a derived file is its one problem: no call is checked against a kernel it does not set (helper-139)', () => {
    // it was read as the newest kernel, and the base's calls were said to be missing from 2.6.36, "set at" the null
    const chain = { 'd/s.yaml': 'extends: old.yaml\nkernel: null\n', 'd/old.yaml': 'kernel: 2.6.27\nsetup_arch: [pre_setup_arch_hook]\n' };
    expect(problems(chain)).toEqual(['d/s.yaml:2:9: kernel: expected a string, got an empty value']);
  });

  it('an inherited call the derived file\'s kernel lacks is the derived file\'s problem, at the call, saying where the kernel is set', () => {
    const chain = { 'd/s.yaml': 'extends: mid.yaml\nname: s\n', 'd/mid.yaml': 'extends: base.yaml\nkernel: 2.6.26\n' };
    const r = compose(chain);
    if (r.ok) throw new Error('loaded');
    expect(r.problems[0]).toEqual({
      file: 'd/base.yaml', line: 10, col: 5, scenario: 'd/s.yaml',
      message: 'setup_arch[1] (step 2): setup_memory_map is not a setup_arch() call in 2.6.26: it came with 0dbfafa5fcd "x86: move i386 memory setup code to e820_32.c" (2.6.27-rc1); 2.6.26 calls memory_setup instead; kernel: 2.6.26 is set at d/mid.yaml:2:9',
    });
    // a kernel in the same file as the call needs no pointer
    const same = compose({ 'd/s.yaml': 'extends: base.yaml\nsetup_arch: [setup_memory_map]\nkernel: 2.6.26\n' });
    expect(!same.ok && same.problems.map((p) => [p.file, p.scenario, p.message])).toEqual([
      ['d/s.yaml', undefined, 'setup_arch[0] (step 1): setup_memory_map is not a setup_arch() call in 2.6.26: it came with 0dbfafa5fcd "x86: move i386 memory setup code to e820_32.c" (2.6.27-rc1); 2.6.26 calls memory_setup instead'],
    ]);
    // a matrix value: the pointer is the value's place in the matrix
    const m = compose({ 'd/s.yaml': 'extends: base.yaml\nmatrix:\n  kernel: [2.6.27-rc1, 2.6.26]\n' });
    if (!m.ok) throw new Error('invalid');
    const bad = m.variants[1];
    expect(bad?.ok === false && bad.problems[0]).toEqual({
      file: 'd/base.yaml', line: 10, col: 5, scenario: 'd/s.yaml', variant: 'kernel=2.6.26',
      message: '[kernel=2.6.26] setup_arch[1] (step 2): setup_memory_map is not a setup_arch() call in 2.6.26: it came with 0dbfafa5fcd "x86: move i386 memory setup code to e820_32.c" (2.6.27-rc1); 2.6.26 calls memory_setup instead; kernel: 2.6.26 is set at d/s.yaml:3:24',
    });
  });

  it('an arch: a derived file sets is named where the base\'s calls and kernel become unknown by it', () => {
    const r = problems({ 'd/s.yaml': 'extends: base.yaml\nname: s\narch: arm64\n' });
    const arch = '(arch: arm64 is set at d/s.yaml:3:7)';
    expect(r.filter((m) => m.includes(arch)).length).toBeGreaterThan(2);
    expect(r).toContainEqual(expect.stringMatching(/^d\/base\.yaml:1:9: kernel: "2\.6\.27-rc1" is not an arm64 kernel version .* \(arch: arm64 is set at d\/s\.yaml:3:7\); modeled: /));
    expect(r).toContainEqual(expect.stringMatching(/^d\/base\.yaml:\d+:\d+: setup_arch\[\d+\] \(step \d+\): unknown call vmi_init( \(did you mean \w+\?\))?: it is an x86_32 call, and this scenario is arm64 \(arch: arm64 is set at d\/s\.yaml:3:7\); run `bootreplay steps --arch arm64` for this one$/));
    // the file that sets it needs no pointer to itself
    const own = problems({ 'd/s.yaml': 'arch: arm64\nsetup_arch: [vmi_init]\n' });
    expect(own.join('\n')).not.toContain('is set at');
  });

  it('a patch that inserts another architecture\'s call says so, with the catalog command of this one', () => {
    const r = problems({ 'd/a.yaml': 'arch: arm64\nkernel: v4.6\nsetup_arch: [early_fixmap_init, early_ioremap_init]\n', 'd/s.yaml': 'extends: a.yaml\npatch:\n  - insert: vmi_init\n    after: early_fixmap_init\n' });
    expect(r).toEqual(['d/s.yaml:3:13: patch[0].insert: unknown call vmi_init (did you mean efi_init?): it is an x86_32 call, and this scenario is arm64; run `bootreplay steps --arch arm64` for this one']);
  });

  it('did-you-mean for a misspelled extends; a file without extends needs setup_arch', () => {
    expect(problems({ 'd/s.yaml': 'extend: base.yaml\nsetup_arch: [vmi_init]\n' })).toEqual([
      'd/s.yaml:1:1: extend: unknown key (did you mean extends?); allowed at the top level: name, description, kernel, arch, config, machine, setup_arch, extends, patch, matrix, define, expect, allow',
    ]);
    expect(problems({ 'd/s.yaml': 'extends: ""\n' })).toEqual(['d/s.yaml:1:10: extends: empty; give the path of the base scenario, relative to this file']);
  });

  it('extends only scenario files (*.yaml, *.yml): a secret next to the scenario is never read or quoted', () => {
    const files = { 'd/.env': 'API_TOKEN=abc123-not-real\n', 'd/config': '[core]\n' };
    expect(problems({ ...files, 'd/s.yaml': 'extends: .env\n' })).toEqual(['d/s.yaml:1:10: extends: d/.env is not a scenario file; a base is another scenario, named *.yaml or *.yml']);
    expect(problems({ ...files, 'd/s.yaml': 'extends: /proc/self/environ\n' })).toEqual(['d/s.yaml:1:10: extends: /proc/self/environ is not a scenario file; a base is another scenario, named *.yaml or *.yml']);
    expect(one({ 'd/s.yaml': 'extends: base.yml\n', 'd/base.yml': 'setup_arch: [vmi_init]\n' }).steps.map((x) => x.call)).toEqual(['vmi_init']);
  });

  it('refuses a base path that goes on past a file: base.yaml/ and base.yaml/. (was read as base.yaml, break-270 N4)', () => {
    const files = { 'd/b.yaml': 'setup_arch: [vmi_init]\n' };
    expect(problems({ ...files, 'd/s.yaml': 'extends: b.yaml/\n' })).toEqual(['d/s.yaml:1:10: extends: d/b.yaml/ is not a scenario file; a base is another scenario, named *.yaml or *.yml']);
    const past = 'is not a scenario file: the path goes on past d/b.yaml as if it were a directory (it ends with /.); a base is another scenario, named *.yaml or *.yml';
    for (const ext of ['b.yaml/.', 'b.yaml/./.', './b.yaml/.']) {
      expect(problems({ ...files, 'd/s.yaml': `name: x\nextends: "${ext}"\n` })).toEqual([`d/s.yaml:2:10: extends: d/b.yaml/. ${past}`]);
    }
  });

  it('quotes a base name with white space at either end, which would be invisible unquoted (helper-170)', () => {
    const files = { 'd/b0.yaml': 'setup_arch: [vmi_init]\n' };
    expect(problems({ ...files, 'd/s.yaml': 'extends: "b0.yaml "\n' })).toEqual(['d/s.yaml:1:10: extends: "d/b0.yaml " is not a scenario file; a base is another scenario, named *.yaml or *.yml']);
    expect(problems({ ...files, 'd/s.yaml': 'extends: " b0.yaml"\n' })).toEqual(['d/s.yaml:1:10: extends: cannot read "d/ b0.yaml": no such file or directory']);
  });

  it('quotes at most 40 characters of a value in a message, and says how long it was', () => {
    const long = 'A'.repeat(5000);
    const [top] = problems({ 'd/s.yaml': 'extends: t.yaml\n', 'd/t.yaml': `${long} and more\n` });
    expect(top).toBe(`d/t.yaml:1:1: the top level must be a mapping of scenario keys (name, kernel, config, machine, setup_arch, …), got the scalar "${'A'.repeat(40)}"… (5009 characters)`);
    const [kernel] = problems({ 'd/s.yaml': `extends: base.yaml\nkernel: "${'9'.repeat(100)}"\n` });
    expect(kernel).toMatch(/"9{40}"… \(100 characters\) is not a kernel version/);
    const [name] = problems({ 'd/s.yaml': `extends: base.yaml\nname: [${'x'.repeat(100)}]\nmachine: {hypervisor: "${'v'.repeat(100)}"}\n` });
    expect(name).toMatch(/got a list$/);
    const all = problems({ 'd/s.yaml': `extends: base.yaml\nmachine: {hypervisor: "${'v'.repeat(100)}", memory: "${'7'.repeat(100)}MB"}\npatch: [{remove: "${'r'.repeat(100)}#x"}]\n` });
    expect(all.length).toBeGreaterThan(2);
    for (const p of all) expect(p).not.toMatch(/[vr7]{41}/);
  });

  it('cannot be followed from text loaded without files', () => {
    const r = parseScenario('extends: base.yaml\n', 'd/s.yaml');
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual(['extends: cannot read d/base.yaml: this text was loaded without access to files (use loadScenarioFile)']);
  });
});

describe('patch', () => {
  const patch = (...items: string[]): Record<string, string> => ({ 'd/s.yaml': `extends: base.yaml\npatch:\n${items.join('')}` });

  it('edits the inherited order in order; inserted and moved calls point at their patch line, the rest at the base', () => {
    const s = one(patch(
      '  - move: vmi_init\n    after: find_low_pfn_range\n',
      '  - insert: early_cpu_init\n    before: early_ioremap_init\n',
      '  - remove: dmi_scan_machine\n',
      // 2.6.27-rc1 has no memory_setup (0dbfafa5fcd took it out): the replacement must be a call of the base's kernel
      '  - replace: setup_memory_map\n    with: copy_edd\n    note: a call 2.6.27-rc1 has\n',
    ));
    expect(where(s)).toEqual([
      'early_cpu_init@:5', 'early_ioremap_init@d/base.yaml:9', 'copy_edd@:8', 'parse_early_param@d/base.yaml:11',
      'e820_end_of_ram_pfn@d/base.yaml:12', 'find_low_pfn_range@d/base.yaml:13', 'vmi_init@:3', 'init_memory_mapping@d/base.yaml:14', 'paging_init@d/base.yaml:17',
    ]);
    expect(s.steps.map((x) => x.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.steps[2]?.note).toBe('a call 2.6.27-rc1 has');
  });

  it('a file with its own setup_arch starts from it, not from the inherited (patched) order; its own patch edits it', () => {
    const files = {
      'd/m.yaml': 'extends: base.yaml\npatch:\n  - remove: dmi_scan_machine\n',
      'd/s.yaml': 'extends: m.yaml\nsetup_arch: [early_ioremap_init, dmi_scan_machine, copy_edd]\npatch:\n  - move: copy_edd\n    before: dmi_scan_machine\n',
    };
    expect(where(one(files))).toEqual(['early_ioremap_init@:2', 'copy_edd@:4', 'dmi_scan_machine@:2']);
  });

  it('picks an occurrence with call#N', () => {
    const s = one({ 'd/s.yaml': 'setup_arch: [early_cpu_init, copy_edd, early_cpu_init, copy_edd]\npatch:\n  - remove: copy_edd#2\n  - move: early_cpu_init#2\n    before: early_cpu_init\n' });
    expect(s.steps.map((x) => x.call)).toEqual(['early_cpu_init', 'early_cpu_init', 'copy_edd']);
  });

  it('both references of a move name calls of the order before it: X#2 in "move X after X#2" is the second X there', () => {
    const order = (patchText: string): string[] => one({ 'd/s.yaml': `setup_arch: [copy_edd, vmi_init, copy_edd, paging_init, copy_edd]\npatch:\n${patchText}` }).steps.map((x) => x.call);
    // the first copy_edd goes after the second, not after the third (the second of what is left)
    expect(order('  - move: copy_edd\n    after: copy_edd#2\n')).toEqual(['vmi_init', 'copy_edd', 'copy_edd', 'paging_init', 'copy_edd']);
    expect(order('  - move: copy_edd#3\n    before: copy_edd#2\n')).toEqual(['copy_edd', 'vmi_init', 'copy_edd', 'copy_edd', 'paging_init']);
    // swapping two calls of one function changes nothing the replay can see: an error, like any no-op move
    expect(problems({ 'd/s.yaml': 'setup_arch: [copy_edd, copy_edd, vmi_init]\npatch:\n  - move: copy_edd#2\n    before: copy_edd\n' })).toEqual([
      'd/s.yaml:3:11: patch[0].move: moving copy_edd#2 before copy_edd only swaps two calls of copy_edd in the setup_arch this patch edits: the move changes nothing',
    ]);
  });

  it('reports every bad edit at once, each where it is written', () => {
    expect(problems(patch(
      '  - move: vmi_init\n    after: find_low_pfn_rang\n',
      '  - mvoe: x\n',
      '  - move: vmi_init\n    remove: dmi_scan_machine\n',
      '  - move: vmi_init\n',
      '  - insert: early_cpu_int\n    before: vmi_init\n',
      '  - remove: vmi_init#2\n',
      '  - move: vmi init\n    after: paging_init\n',
      '  - replace: vmi_init\n    with: vmi_init\n    befor: x\n',
      '  - 42\n',
      '  - move: vmi_init\n    before: vmi_init\n',
      '  - move: vmi_init\n    before: paging_init\n    after: paging_init\n',
      '  - remove: dmi_scan_machin\n',
      '  - remove: vmi_init#9007199254740992\n',
    ))).toEqual([
      'd/s.yaml:4:12: patch[0].after: find_low_pfn_rang is not in the setup_arch this patch edits (did you mean find_low_pfn_range?)',
      'd/s.yaml:5:5: patch[1]: no edit (did you mean move:?); an item is one of {move: CALL, before: CALL} (or after:), {insert: CALL, before: CALL} (or after:), {remove: CALL}, {replace: CALL, with: CALL}',
      'd/s.yaml:6:5: patch[2]: one edit per item, found move and remove; write each as its own item',
      'd/s.yaml:8:5: patch[3]: move vmi_init: say where: before: CALL or after: CALL',
      'd/s.yaml:9:13: patch[4].insert: unknown call early_cpu_int (did you mean early_cpu_init?); a call of the catalog (run `bootreplay steps`) or of define:',
      // patch[5] (remove: vmi_init#2) is held back: patch[1], no edit, could insert vmi_init once fixed (break-251 F6)
      'd/s.yaml:12:11: patch[6].move: "vmi init" is not a call reference (did you mean vmi_init?); write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)',
      'd/s.yaml:16:5: patch[7].befor: unknown key (before: goes with move: and insert:); allowed in patch[7]: replace, with, note',
      'd/s.yaml:17:5: patch[8]: expected an edit, got the number 42; edits: {move: CALL, before: CALL} (or after:), {insert: CALL, before: CALL} (or after:), {remove: CALL}, {replace: CALL, with: CALL}',
      'd/s.yaml:19:13: patch[9].before: move vmi_init before itself changes nothing; before: names the call to put it next to',
      'd/s.yaml:20:5: patch[10]: move vmi_init: give before: or after:, not both',
      'd/s.yaml:23:13: patch[11].remove: dmi_scan_machin is not in the setup_arch this patch edits (did you mean dmi_scan_machine?)',
      // past 2^53 the number is not the one written: it was dropped silently (helper-139)
      'd/s.yaml:24:13: patch[12].remove: "vmi_init#9007199254740992" is not a call reference: the occurrence is too large to be one (the setup_arch this patch edits has vmi_init once); write NAME, or NAME#N for the N-th NAME of setup_arch (N from 1)',
    ]);
  });

  it('a call name of any length is clipped in patch messages, as in setup_arch: (review 17b, 4.1)', () => {
    const long = `x${'a'.repeat(1000)}`;
    const said = problems(patch(`  - remove: ${long}\n`, `  - insert: ${long}b\n    before: vmi_init\n`));
    expect(said).toHaveLength(2);
    for (const line of said) expect(line.length).toBeLessThan(250);
    expect(said[0]).toMatch(/patch\[0\]\.remove: xa{39}… is not in the setup_arch this patch edits$/);
    expect(said[1]).toMatch(/patch\[1\]\.insert: unknown call xa{39}…; a call of the catalog/);
  });

  it('a base that did not load may be the file that sets arch:, so only the shared keys are checked: no x86 complaints about a riscv file (helper-179, 4)', () => {
    const riscvKeys = 'extends: v5.10.yaml\nkernel: "5.12"\nconfig:\n  kasan: true\nexpect:\n  - {rule: kasan-shadow-fault, step: kasan_init}\n';
    expect(problems({ 'd/s.yaml': riscvKeys })).toEqual(['d/s.yaml:1:10: extends: cannot read d/v5.10.yaml: no such file or directory']);
    // a key no architecture has is still one
    expect(problems({ 'd/s.yaml': `${riscvKeys}machin: {}\n` })).toEqual([
      'd/s.yaml:1:10: extends: cannot read d/v5.10.yaml: no such file or directory',
      expect.stringMatching(/^d\/s\.yaml:7:1: machin: unknown key.*did you mean machine/),
    ]);
    // what does not depend on the architecture is still said in the same pass (helper-180, 1)
    expect(problems({ 'd/s.yaml': 'extends: gone.yaml\nexpect:\n  - {rulee: kasan-shadow-fault, step: kasan_init}\nallow:\n  - {rule: x}\npatch:\n  - mvoe: paging_init\n    after: setup_bootmem\n' })).toEqual([
      'd/s.yaml:1:10: extends: cannot read d/gone.yaml: no such file or directory',
      'd/s.yaml:3:5: expect[0].rule: missing',
      expect.stringMatching(/^d\/s\.yaml:3:6: expect\[0\]\.rulee: unknown key \(did you mean rule\?\)/),
      'd/s.yaml:5:5: allow[0].step: missing',
      'd/s.yaml:5:5: allow[0].reason: missing',
      'd/s.yaml:6:1: patch: not checked: its base did not load (extends: at 1:10)',
      expect.stringMatching(/^d\/s\.yaml:7:5: patch\[0\]: no edit \(did you mean move:\?\)/),
    ]);
    // an extends: that names no file: said, and nothing measured against the default architecture (helper-180, 6)
    expect(problems({ 'd/s.yaml': 'extends: [v5.12.yaml]\nconfig:\n  cmodel: medany\n' })).toEqual(['d/s.yaml:1:10: extends: expected a string, got a list']);
    // once the chain loads, the base's arch: decides
    expect(problems({ 'd/s.yaml': riscvKeys, 'd/v5.10.yaml': 'arch: riscv\nkernel: "5.10"\nsetup_arch: [parse_dtb]\n' })).not.toContainEqual(expect.stringMatching(/unknown key|x86_32/));
  });

  it('a patch whose order did not load says so once at patch:, not "not in the setup_arch" for every edit; edits wrong whatever the order still are', () => {
    const edits = '  - move: vmi_init\n    after: find_low_pfn_rang\n  - move: vmi_activat\n    before: paging_init\n  - insert: my_quirk\n    after: dmi_scan_machine\n  - move: paging_init\n    after: paging_init\n  - move: dmi_scan_machine\n';
    // a mistyped base
    expect(problems({ 'd/s.yaml': `extends: bsae.yaml\npatch:\n${edits}` })).toEqual([
      'd/s.yaml:1:10: extends: cannot read d/bsae.yaml: no such file or directory',
      'd/s.yaml:2:1: patch: not checked: its base did not load (extends: at 1:10)',
      'd/s.yaml:10:12: patch[3].after: move paging_init after itself changes nothing; after: names the call to put it next to',
      'd/s.yaml:11:5: patch[4]: move dmi_scan_machine: say where: before: CALL or after: CALL',
    ]);
    // a base of the base that did not load: the one line names where the chain stops
    expect(problems({ 'd/s.yaml': 'extends: m.yaml\npatch:\n  - remove: vmi_init\n', 'd/m.yaml': 'name: m\nextends: gone.yaml\n' })).toEqual([
      'd/m.yaml:2:10: extends: cannot read d/gone.yaml: no such file or directory',
      'd/s.yaml:2:1: patch: not checked: its base did not load (extends: at d/m.yaml:2:10)',
    ]);
    // a base whose YAML does not parse
    expect(problems({ 'd/s.yaml': 'extends: m.yaml\npatch:\n  - remove: vmi_init\n', 'd/m.yaml': 'setup_arch: [vmi_init\n' })).toEqual([
      expect.stringMatching(/^d\/m\.yaml:\d+:\d+: invalid YAML/),
      'd/s.yaml:2:1: patch: not checked: its base did not load (extends: at 1:10)',
    ]);
    // patch: in a file with neither extends: nor setup_arch:
    expect(problems({ 'd/s.yaml': 'kernel: 2.6.29\npatch:\n  - remove: vmi_init\n' })).toEqual([
      'd/s.yaml:1:1: setup_arch: missing; list the setup_arch() calls in order, e.g. setup_arch: [early_ioremap_init, dmi_scan_machine, vmi_init] (run `bootreplay steps` for the catalog)',
      'd/s.yaml:2:1: patch: nothing to edit: a patch edits the setup_arch of the base named by extends:, and this file has neither extends: nor setup_arch:',
    ]);
    // a root base that lists none, or one that is not a list
    expect(problems({ 'd/s.yaml': 'extends: m.yaml\npatch:\n  - remove: vmi_init\n', 'd/m.yaml': 'kernel: 2.6.29\n' })).toEqual([
      'd/m.yaml:1:1: setup_arch: missing; list the setup_arch() calls in order, e.g. setup_arch: [early_ioremap_init, dmi_scan_machine, vmi_init] (run `bootreplay steps` for the catalog)',
      'd/s.yaml:2:1: patch: not checked: no file of the chain lists a setup_arch (d/m.yaml, the root base, has none)',
    ]);
    expect(problems({ 'd/s.yaml': 'extends: m.yaml\npatch:\n  - remove: vmi_init\n', 'd/m.yaml': 'setup_arch: vmi_init\n' })).toEqual([
      'd/m.yaml:1:13: setup_arch: expected a list, got the string "vmi_init"',
      'd/s.yaml:2:1: patch: not checked: the setup_arch it edits (d/m.yaml) is not a list of calls',
    ]);
  });

  it('an edit that empties the order is an error at that edit (as setup_arch: [] is); the edits after it are not applied', () => {
    expect(problems({ 'd/s.yaml': 'setup_arch: [vmi_init, paging_init]\npatch:\n  - remove: vmi_init\n  - remove: paging_init\n  - insert: copy_edd\n    before: vmi_init\n' })).toEqual([
      'd/s.yaml:4:13: patch[1].remove: paging_init is the last call left: removing it leaves setup_arch empty, and a scenario replays at least one call',
    ]);
    // a base's patch that empties its order is the base's error
    expect(problems({ 'd/m.yaml': 'setup_arch: [vmi_init]\npatch: [{remove: vmi_init}]\n', 'd/s.yaml': 'extends: m.yaml\nsetup_arch: [paging_init]\n' })).toEqual([
      'd/m.yaml:2:18: patch[0].remove: vmi_init is the last call left: removing it leaves setup_arch empty, and a scenario replays at least one call',
    ]);
  });

  it('a call an earlier edit removed or replaced is named as such, with the edit (its own patch or a base\'s); typos keep their did-you-mean', () => {
    expect(problems(patch(
      '  - remove: vmi_init\n',
      '  - move: vmi_init\n    after: paging_init\n',
      '  - replace: dmi_scan_machine\n    with: copy_edd\n',
      '  - insert: early_cpu_init\n    after: dmi_scan_machine\n',
      '  - remove: paging_int\n',
      '  - insert: copy_edd\n    after: vmi_iniy\n',
    ))).toEqual([
      'd/s.yaml:4:11: patch[1].move: vmi_init was removed by patch[0] (line 3): the setup_arch this patch edits has no vmi_init left',
      'd/s.yaml:9:12: patch[3].after: dmi_scan_machine was replaced with copy_edd by patch[2] (line 6): the setup_arch this patch edits has no dmi_scan_machine left',
      'd/s.yaml:10:13: patch[4].remove: paging_int is not in the setup_arch this patch edits (did you mean paging_init?)',
      'd/s.yaml:12:12: patch[5].after: vmi_iniy is not in the setup_arch this patch edits (did you mean vmi_init? it was removed by patch[0] (line 3))',
    ]);
    const files = { 'd/m.yaml': 'extends: base.yaml\npatch:\n  - remove: vmi_init\n', 'd/s.yaml': 'extends: m.yaml\npatch:\n  - move: vmi_init\n    before: paging_init\n' };
    expect(problems(files)).toEqual([
      'd/s.yaml:3:11: patch[0].move: vmi_init was removed by patch[0] of d/m.yaml (line 3): the setup_arch this patch edits has no vmi_init left',
    ]);
    // a file that lists its own order starts a history of its own
    expect(problems({ ...files, 'd/s.yaml': 'extends: m.yaml\nsetup_arch: [early_ioremap_init, paging_init]\npatch:\n  - move: vmi_init\n    before: paging_init\n' })).toEqual([
      'd/s.yaml:4:11: patch[0].move: vmi_init is not in the setup_arch this patch edits',
    ]);
    // an occurrence past the last one left
    expect(problems({ 'd/s.yaml': 'setup_arch: [copy_edd, vmi_init, copy_edd]\npatch:\n  - remove: copy_edd\n  - remove: copy_edd#2\n' })).toEqual([
      'd/s.yaml:4:13: patch[1].remove: copy_edd#2: the setup_arch this patch edits has copy_edd once (another was removed by patch[0] (line 3))',
    ]);
  });

  it('an expect:/allow: step a patch: edit (the file\'s or a base\'s) took out is named as such, with the edit, as patch: names it; with or without other problems (break-251 N9a)', () => {
    const entries = 'expect:\n  - {rule: fixmap-before-relocation, step: vmi_init}\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine}\n'
      + '  - {rule: duplicate-call, step: copy_edd#2}\n  - {rule: duplicate-call, step: vmi_iniy}\n';
    const own = 'extends: base.yaml\npatch:\n  - {remove: vmi_init}\n  - {replace: dmi_scan_machine, with: copy_edd}\n  - {insert: copy_edd, after: paging_init}\n  - {remove: copy_edd}\n';
    const said = [
      'd/s.yaml:8:38: expect[0].step: vmi_init was removed by patch[0] (line 3): setup_arch has no vmi_init left',
      'd/s.yaml:9:38: expect[1].step: dmi_scan_machine was replaced with copy_edd by patch[1] (line 4): setup_arch has no dmi_scan_machine left',
      'd/s.yaml:10:28: expect[2].step: copy_edd#2: setup_arch has copy_edd once (another was removed by patch[3] (line 6))',
      'd/s.yaml:11:28: expect[3].step: vmi_iniy is neither in setup_arch nor an implicit step (head_32) (did you mean vmi_init? it was removed by patch[0] (line 3))',
    ];
    expect(problems({ 'd/s.yaml': `${own}${entries}` })).toEqual(said);
    // beside a malformed entry (the file then has no scenario): the same words
    const early = problems({ 'd/s.yaml': `${own}${entries}  - {rule: duplicate-call, step: "vmi_init#02"}\n` });
    expect(early.slice(0, 3)).toEqual(said.slice(0, 3));
    // a base's edit
    expect(problems({
      'd/m.yaml': 'extends: base.yaml\npatch:\n  - remove: vmi_init\n',
      'd/s.yaml': 'extends: m.yaml\nexpect:\n  - {rule: fixmap-before-relocation, step: vmi_init}\n',
    })).toEqual(['d/s.yaml:3:38: expect[0].step: vmi_init was removed by patch[0] of d/m.yaml (line 3): setup_arch has no vmi_init left']);
  });

  it('an entry\'s step is checked against the implicit steps of every variant\'s machine, with or without other problems (break-251 N9a)', () => {
    const file = (more: string): Record<string, string> => ({
      'd/s.yaml': 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [vmi, xen]\nexpect:\n'
        + '  - {rule: fixmap-before-relocation, step: xen_start_kernel, variant: "hypervisor=xen"}\n  - {rule: fixmap-before-relocation, step: vmi_inti}\n' + more,
    });
    const typo = 'd/s.yaml:6:38: expect[1].step: vmi_inti is neither in setup_arch nor an implicit step (head_32, xen_start_kernel) (did you mean vmi_init?)';
    // the first variant's machine (VMI) has no xen_start_kernel: the Xen variant's has
    expect(problems(file(''))).toEqual([typo]);
    expect(problems(file('  - {rule: fixmap-before-relocation, step: dmi_scan_machine, severity: errror}\n'))[0]).toBe(typo);
  });

  it('an edit that changes nothing is an error that says so', () => {
    expect(problems(patch(
      '  - replace: vmi_init\n    with: vmi_init\n',
      '  - move: vmi_init\n    after: dmi_scan_machine\n',
      '  - move: paging_init\n    after: vmi_init#1\n',
    ))).toEqual([
      'd/s.yaml:4:11: patch[0].with: replace vmi_init with vmi_init changes nothing; with: names the call that takes its place',
      'd/s.yaml:5:11: patch[1].move: vmi_init is already after dmi_scan_machine in the setup_arch this patch edits: the move changes nothing',
      'd/s.yaml:7:11: patch[2].move: paging_init is already after vmi_init in the setup_arch this patch edits: the move changes nothing',
    ]);
  });

  it('any edit may carry a note: the step\'s note on a moved, inserted or replacing call; on remove it documents the edit', () => {
    const s = one(patch(
      '  - remove: dmi_scan_machine\n    note: "1c6e5503 moved it; this variant drops it"\n',
      '  - move: vmi_init\n    after: early_ioremap_init\n    note: moved early\n',
    ));
    expect(s.steps.map((x) => x.call)).not.toContain('dmi_scan_machine');
    expect(s.steps.find((x) => x.call === 'vmi_init')?.note).toBe('moved early');
  });

  it('checks an inserted call against the kernel, at the patch line (and says where the inherited kernel is set)', () => {
    expect(problems(patch('  - insert: vmi_activate\n    after: vmi_init\n'))).toEqual([
      'd/s.yaml:3:13: patch[0].insert (step 9): vmi_activate is not a setup_arch() call in 2.6.27-rc1: it came with ae8d04e2ecb "x86 Fix VMI crash on boot in 2.6.28-rc8" (2.6.28-rc9, stable 2.6.27.10); kernel: 2.6.27-rc1 is set at d/base.yaml:1:9',
    ]);
  });
});

describe('define', () => {
  const define = (entries: string, extra = ''): Record<string, string> => ({ 'd/s.yaml': `extends: base.yaml\ndefine:\n${entries}${extra}` });

  it('adds a call in the catalog\'s vocabulary, usable in setup_arch and patch; effects run in the order written', () => {
    const s = one(define(
      '  bios_quirk_probe:\n    doc: peeks at the BIOS data area\n    early_ioremap: 4KiB\n    needs: [e820]\n',
      'patch:\n  - insert: bios_quirk_probe\n    after: setup_memory_map\n',
    ));
    expect(s.steps[2]?.call).toBe('bios_quirk_probe');
    const d = s.defined['bios_quirk_probe'];
    expect(d?.doc).toBe('peeks at the BIOS data area');
    expect(d?.pos).toEqual({ line: 3, col: 3 });
    expect(d?.compiled.map((e) => e.op)).toEqual(['early_ioremap', 'needs']);
  });

  it('a slot the variant\'s kernel or config does not have is an error at define.NAME, for that variant only', () => {
    const files = (extra: string): Record<string, string> => ({
      'd/s.yaml': `extends: base.yaml\ndefine:\n  poke: {doc: x, set_fixmap: FIX_TEXT_POKE0}\n  apic: {doc: y, set_fixmap: [FIX_APIC_BASE]}\npatch:\n  - {insert: poke, before: vmi_init}\n  - {insert: apic, before: vmi_init}\n${extra}`,
    });
    // FIX_TEXT_POKE0 is in enum fixed_addresses from 2.6.30-rc1; FIX_APIC_BASE only with CONFIG_X86_LOCAL_APIC
    expect(problems(files('config:\n  local_apic: false\n'))).toEqual([
      'd/s.yaml:3:3: define.poke.set_fixmap: Linux 2.6.27-rc1 with this config has no FIX_TEXT_POKE0 in enum fixed_addresses (FIX_TEXT_POKE0 first appears in 2.6.30-rc1 of the modeled kernels)',
      'd/s.yaml:4:3: define.apic.set_fixmap: Linux 2.6.27-rc1 with this config has no FIX_APIC_BASE in enum fixed_addresses (it needs config.local_apic: true)',
    ]);
    // FIX_TBOOT_BASE needs both a later kernel (2.6.32-rc1) and CONFIG_INTEL_TXT: the message names both
    expect(problems({ 'd/s.yaml': 'extends: base.yaml\ndefine:\n  tb: {doc: x, set_fixmap: FIX_TBOOT_BASE}\npatch:\n  - {insert: tb, before: vmi_init}\n' })).toEqual([
      'd/s.yaml:3:3: define.tb.set_fixmap: Linux 2.6.27-rc1 with this config has no FIX_TBOOT_BASE in enum fixed_addresses (FIX_TBOOT_BASE first appears in 2.6.32-rc1 of the modeled kernels, with config.intel_txt: true)',
    ]);
    const r = compose(files('matrix:\n  kernel: [2.6.27-rc1, 2.6.30-rc1]\n'));
    if (!r.ok) throw new Error('the file itself is valid');
    expect(r.variants.map((v) => (v.ok ? 'ok' : v.problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('; ')))).toEqual([
      '3:3: [kernel=2.6.27-rc1] define.poke.set_fixmap: Linux 2.6.27-rc1 with this config has no FIX_TEXT_POKE0 in enum fixed_addresses (FIX_TEXT_POKE0 first appears in 2.6.30-rc1 of the modeled kernels)',
      'ok',
    ]);
  });

  it('a relocate: whose reserve wraps the kernel\'s layout arithmetic is an error at define.NAME, with the largest that fits', () => {
    // 2.6.27-rc1: MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE (include/asm-x86/page_32.h:93), and every
    // reserve_top_address() adds to __VMALLOC_RESERVE (128 MiB): the base's VMI reserve (64 MiB under
    // vmi_virtual_top 0xfc000000) leaves 1 GiB - 192 MiB = 0x34000000 for the defined call's
    const files = (bytes: string): Record<string, string> => ({
      'd/s.yaml': `extends: base.yaml\ndefine:\n  big: {doc: x, relocate: ${bytes}}\npatch:\n  - {insert: big, after: parse_early_param}\n`,
    });
    expect(one(files('0x34000000')).defined['big']?.compiled).toEqual([{ op: 'reserve_top_address', bytes: 0x34000000 }]);
    const refused = problems(files('0x34001000'));
    expect(refused).toHaveLength(1);
    // rc1's vmi_init comes after the defined call (step 3): the sum is in that order, and the message names VMI's step
    expect(refused[0]).toMatch(/^d\/s\.yaml:3:3: define\.big\.relocate: reserve_top_address\(0x34001000\) \(with VMI's reserve of 64 MiB, made by vmi_init at step 9\): __VMALLOC_RESERVE = the default 128 MiB \+ big's 832 MiB \+ 4 KiB \+ VMI's reserve 64 MiB .* is 4 KiB below zero, .*; relocate: is at most 832 MiB \(0x34000000\) here \(2\.6\.27-rc1, this config\)$/);
    // after find_low_pfn_range the reserve no longer sizes lowmem: what it does to the layout is layout-overlap's finding
    const late = { 'd/s.yaml': 'extends: base.yaml\ndefine:\n  big: {doc: x, relocate: 0x3ffff000}\npatch:\n  - {insert: big, after: find_low_pfn_range}\n' };
    expect(one(late).defined['big']?.compiled).toEqual([{ op: 'reserve_top_address', bytes: 0x3ffff000 }]);
  });

  it('a relocate: SIZE is held to the bound of the variant\'s config.page_offset, as reservetop= is (break-201 F3)', () => {
    // reserve_top_address(): __FIXADDR_TOP = -reserve - PAGE_SIZE (arch/x86/mm/pgtable_32.c:112 at 2.6.27): with
    // PAGE_OFFSET 0x80000000 the kernel has 2 GiB, so 1536 MiB is a reserve reservetop=1536M also takes; 2 GiB is not
    const files = (bytes: string): Record<string, string> => ({
      'd/s.yaml': `extends: base.yaml\nconfig: {page_offset: 0x80000000}\ndefine:\n  q: {doc: x, relocate: ${bytes}}\npatch:\n  - {insert: q, after: find_low_pfn_range}\n`,
    });
    expect(one(files('1536MiB')).defined['q']?.compiled).toEqual([{ op: 'reserve_top_address', bytes: 1536 * 2 ** 20 }]);
    expect(problems(files('2GiB'))).toEqual([
      'd/s.yaml:4:25: define.q.relocate: 2 GiB does not fit in the kernel\'s part of the address space (4 GiB − PAGE_OFFSET 0x80000000 = 2 GiB); relocate: must be less',
    ]);
    // past what any config takes, the schema refuses it at once
    expect(problems(files('3GiB'))).toEqual([
      'd/s.yaml:4:25: define.q.relocate: 3 GiB is out of range; reserve_top_address() takes 4 KiB to 2 GiB + 1023 MiB + 1020 KiB (4 GiB − the lowest config.page_offset 0x40000000 − PAGE_SIZE), and less with a higher one',
    ]);
  });

  describe('a relocate: is checked in the scenario\'s order, as the kernel computes the layout', () => {
    // the same define:d reserve before or after parse_early_param (and mem= before or after setup_memory_map);
    // each pair's first file must load and its second must be refused
    const scenario = (kernel: string, memory: string, cmdline: string, bytes: string, order: string): Record<string, string> => ({
      'd/s.yaml': `kernel: ${kernel}\nmachine:\n  memory: ${memory}\n  cmdline: "${cmdline}"\ndefine:\n  big: {doc: x, relocate: ${bytes}}\nsetup_arch: [${order}, e820_end_of_ram_pfn, find_low_pfn_range, init_memory_mapping, paging_init]\n`,
    });

    it('vmalloc= parsed after the reserve overwrites __VMALLOC_RESERVE, which forgets it (parse_vmalloc(), pgtable_32.c:121-127 at 2.6.27)', () => {
      // MAXMEM = 1 GiB - __VMALLOC_RESERVE: vmalloc=512M alone leaves 512 MiB, vmalloc=512M + 600 MiB wraps
      expect(one(scenario('2.6.27', '128MiB', 'vmalloc=512M', '600MiB', 'early_ioremap_init, setup_memory_map, big, parse_early_param')).defined['big']?.compiled)
        .toEqual([{ op: 'reserve_top_address', bytes: 600 * 2 ** 20 }]);
      const refused = problems(scenario('2.6.27', '128MiB', 'vmalloc=512M', '600MiB', 'early_ioremap_init, setup_memory_map, parse_early_param, big'));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(/^d\/s\.yaml:6:3: define\.big\.relocate: reserve_top_address\(0x25800000\): __VMALLOC_RESERVE = vmalloc=512M \(parse_vmalloc\(\): exactly SIZE\) \+ big's 600 MiB .* is 88 MiB below zero, .*; relocate: is at most 512 MiB \(0x20000000\) here \(2\.6\.27, this config and command line\)$/);
    });

    it('reservetop= parsed after the reserve sets FIXADDR_TOP, and with it VMALLOC_END and MAXMEM (2.6.28 – 2.6.31-rc5)', () => {
      // reserve_top_address(): __FIXADDR_TOP = -reserve - PAGE_SIZE, the last call wins; both add to __VMALLOC_RESERVE.
      // big first: VMALLOC_END hangs off reservetop=384M's top and MAXMEM = 0xe77fe000 - PAGE_OFFSET - 712 MiB wraps;
      // reservetop= first: it hangs off big's higher top and MAXMEM stays positive
      expect(one(scenario('2.6.28', '512MiB', 'reservetop=384M', '200MiB', 'early_ioremap_init, setup_memory_map, parse_early_param, big')).defined['big']?.compiled)
        .toEqual([{ op: 'reserve_top_address', bytes: 200 * 2 ** 20 }]);
      const refused = problems(scenario('2.6.28', '512MiB', 'reservetop=384M', '200MiB', 'early_ioremap_init, setup_memory_map, big, parse_early_param'));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(/^d\/s\.yaml:6:3: define\.big\.relocate: reserve_top_address\(0x0c800000\): __VMALLOC_RESERVE = the default 128 MiB \+ big's 200 MiB \+ reservetop=384M's 384 MiB .* between PAGE_OFFSET 0xc0000000 and VMALLOC_END 0xe77fe000: .*; relocate: is at most 119 MiB \+ 1016 KiB \(0x077fe000\) here \(2\.6\.28, this config and command line\)$/);
    });

    it('mem= parsed before setup_memory_map() is lost: lowmem is sized from all of the BIOS map (e820.c:1176-1196, 1317 at 2.6.27)', () => {
      const lost = problems(scenario('2.6.27', '2GiB', 'mem=256M', '0x38001000', 'early_ioremap_init, parse_early_param, setup_memory_map, big'));
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatch(/max_low_pfn = min\(max_pfn, 1048575\) = 524288, all the 2 GiB of RAM, and the direct map would end at 0x140000000, past VMALLOC_END 0xc77fe000 and past 4 GiB; relocate: is at most 896 MiB \(0x38000000\) here \(2\.6\.27, this config\); mem=, memmap=SIZE and memmap=exactmap do not limit RAM here: parse_early_param runs before the e820 map is built/);
      // the map first: mem=256M caps it
      const kept = problems(scenario('2.6.27', '2GiB', 'mem=256M', '0x38001000', 'early_ioremap_init, setup_memory_map, parse_early_param, big'));
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatch(/= 65536, all the 256 MiB of RAM, and the direct map would end at 0xd0000000, past VMALLOC_END 0xc77fe000; relocate: is at most 896 MiB \(0x38000000\) here \(2\.6\.27, this config\)$/);
    });
  });

  it('a base\'s definitions are inherited', () => {
    const s = one({
      'd/s.yaml': 'extends: q.yaml\npatch:\n  - insert: my_probe\n    before: vmi_init\n',
      'd/q.yaml': 'extends: base.yaml\ndefine:\n  my_probe: {doc: x, set_fixmap: FIX_APIC_BASE}\n',
    });
    expect(s.defined['my_probe']?.pos).toEqual({ line: 3, col: 3, file: 'd/q.yaml' });
  });

  it('reports unknown effects, slots and value names, sizes out of range, and bad names, with did-you-mean', () => {
    expect(problems(define([
      '  q:\n    doc: x\n    needs: [e82]\n    early_iomap: 4K\n    set_fixmap: FIX_APIC_BAS\n',
      '  r:\n    doc: y\n    early_ioremap: 1MiB\n    relocate: vmx\n',
      '  vmi_init:\n    doc: z\n    none: true\n',
      '  my-call:\n    doc: a\n    none: true\n    sets: [e820]\n',
      '  empty:\n    doc: nothing\n',
      '  nodoc:\n    none: true\n',
      '  s:\n    doc: s\n    relocate: 5000\n',
      '  blank:\n    doc: "  "\n    none: true\n',
    ].join('')))).toEqual([
      'd/s.yaml:5:13: define.q.needs[0]: unknown value "e82" (did you mean e820?); allowed: e820, max_pfn, max_low_pfn, early_params, direct_map, vmi_rom, bootmem, efi, dmi, smp_config, apic_config, low_64k_reserved, acpi_tables',
      'd/s.yaml:6:5: define.q.early_iomap: unknown effect (did you mean early_ioremap?); effects: none, needs, sets, early_ioremap, set_fixmap, relocate, build_fixmap_pagetables (and doc:)',
      'd/s.yaml:7:17: define.q.set_fixmap: unknown value "FIX_APIC_BAS" (did you mean FIX_APIC_BASE?); allowed: FIX_HOLE, FIX_VDSO, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE, FIX_IO_APIC_BASE_0, FIX_IO_APIC_BASE_END, FIX_KMAP_BEGIN, FIX_KMAP_END, FIX_ACPI_BEGIN, FIX_ACPI_END, FIX_PCIE_MCFG, FIX_PARAVIRT_BOOTMAP, FIX_BTMAP_END, FIX_BTMAP_BEGIN, FIX_WP_TEST, FIX_OHCI1394_BASE, FIX_TEXT_POKE0, FIX_TEXT_POKE1, FIX_TBOOT_BASE',
      'd/s.yaml:10:20: define.r.early_ioremap: 1 MiB is out of range; early_ioremap() maps 1 byte to 64 pages (256 KiB, NR_FIX_BTMAPS) at once',
      'd/s.yaml:11:15: define.r.relocate: "vmx" is neither vmi, xen nor a size (reserve_top_address(SIZE), e.g. 16MiB) (did you mean vmi?)',
      'd/s.yaml:12:3: define.vmi_init: vmi_init is a call of the x86_32 catalog; a defined call needs a name the catalog lacks (`bootreplay steps` lists it)',
      'd/s.yaml:15:3: define.my-call: not a call name: character 3, "-", is not a letter, digit or _; a defined call is named like a C function (letters, digits and _)',
      'd/s.yaml:17:5: define.my-call.none: none: true says my-call changes nothing, but it also has sets; keep one or the other',
      'd/s.yaml:19:3: define.empty: no effect; give one or more of needs, sets, early_ioremap, set_fixmap, relocate, build_fixmap_pagetables, or none: true for a call that changes nothing the model tracks',
      'd/s.yaml:22:5: define.nodoc.doc: missing',
      'd/s.yaml:25:15: define.s.relocate: 0x00001388 is not a whole number of pages (4 KiB)',
      'd/s.yaml:27:10: define.blank.doc: empty: say in one line what the call does (bootreplay steps shows it)',
    ]);
  });

  // helper-148 finding 4: a repeat meant nothing and was silently one item
  it('a value or slot listed twice in needs, sets or set_fixmap is a problem at the repeat', () => {
    expect(problems(define('  q:\n    doc: x\n    needs: [e820, max_pfn, e820]\n    sets: [dmi, dmi]\n    set_fixmap: [FIX_APIC_BASE, FIX_APIC_BASE]\n'))).toEqual([
      'd/s.yaml:5:28: define.q.needs[2]: e820 is listed twice (item 1 names it already); list it once',
      'd/s.yaml:6:17: define.q.sets[1]: dmi is listed twice (item 1 names it already); list it once',
      'd/s.yaml:7:33: define.q.set_fixmap[1]: FIX_APIC_BASE is listed twice (item 1 names it already); list it once',
    ]);
  });

  it('names of Object.prototype work like any name: constructor, toString, hasOwnProperty', () => {
    const s = one(define(
      '  constructor: {doc: c, none: true}\n  toString: {doc: t, early_ioremap: 4KiB}\n  hasOwnProperty: {doc: h, needs: [e820]}\n',
      'patch:\n  - {insert: constructor, before: vmi_init}\n  - {insert: toString, before: vmi_init}\n  - {insert: hasOwnProperty, before: vmi_init}\n',
    ));
    expect(s.steps.map((x) => x.call).filter((c) => Object.hasOwn(s.defined, c))).toEqual(['constructor', 'toString', 'hasOwnProperty']);
    expect(Object.keys(s.defined)).toEqual(['constructor', 'toString', 'hasOwnProperty']);
    expect(s.defined['toString']?.doc).toBe('t');
    expect(s.defined['toString']?.compiled.map((e) => e.op)).toEqual(['early_ioremap']);
    expect(s.defined['hasOwnProperty']?.compiled.map((e) => e.op)).toEqual(['needs']);
  });

  it('__proto__ is refused at its key, not silently dropped (zod\'s record parse drops that key)', () => {
    expect(problems({ 'd/s.yaml': 'define:\n  __proto__: {doc: x, early_ioremap: 4KiB}\nsetup_arch: [__proto__]\n' })).toEqual([
      'd/s.yaml:2:3: define.__proto__: not a call name here; __proto__ is JavaScript\'s prototype key, which the loader cannot hold as a name (no kernel function has it); pick another C identifier',
      'd/s.yaml:3:14: setup_arch[0] (step 1): unknown call __proto__; run `bootreplay steps` for the catalog',
    ]);
  });

  it('an undefined call in setup_arch still gets the catalog\'s did-you-mean', () => {
    expect(problems({ 'd/s.yaml': 'define:\n  my_probe: {doc: x, none: true}\nsetup_arch: [my_prob]\n' })).toEqual([
      'd/s.yaml:3:14: setup_arch[0] (step 1): unknown call my_prob (did you mean my_probe?); run `bootreplay steps` for the catalog',
    ]);
  });
});
