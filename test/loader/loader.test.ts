/**
 * parseScenario on inline text: defaults, positions, and the corners of bad
 * input that the fixture table does not show.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NEWEST_KERNEL } from '../../src/arch/x86_32/kernel-version.js';
import { parseScenario } from '../../src/scenario/loader.js';
import { DEFAULT_CONFIG, DEFAULT_MACHINE } from '../../src/arch/x86_32/defaults.js';
import { isX86Scenario } from '../../src/arch/x86_32/plugin.js';
import type { X86Scenario } from '../../src/arch/x86_32/types.js';
import { positionOf } from '../../src/scenario/types.js';

function load(text: string, file = 'dir/test-case.yaml'): X86Scenario {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n'));
  if (!isX86Scenario(r.scenario)) throw new Error(`arch ${r.scenario.arch}`);
  return r.scenario;
}

/** "line:col: message" for every problem; fails if the text loads. */
/** How every tag problem ends: what scenario values are, and what to do. */
const tags = "; a scenario's values are plain YAML (strings, numbers, true/false, lists, mappings): remove the tag";

function problems(text: string): string[] {
  const r = parseScenario(text, 'x.yaml');
  if (r.ok) throw new Error('loaded without problems');
  return r.problems.map((p) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
}

describe('a valid minimal scenario', () => {
  const s = load('setup_arch:\n  - early_ioremap_init\n  - call: dmi_scan_machine\n    note: early_ioremap\n');

  it('gets every default', () => {
    expect(s.file).toBe('dir/test-case.yaml');
    expect(s.name).toBe('test-case');
    expect(s.description).toBe('');
    expect(s.kernel.text).toBe(NEWEST_KERNEL);
    expect(s.arch).toBe('x86_32');
    expect(s.config).toEqual(DEFAULT_CONFIG);
    // start_info.pt_base/nr_pt_frames follow from the image and memory: after _end (6 MiB), a 512 KiB
    // mfn_list (131072 pages × 4 bytes) and start_info; 1 L3 + 1 L2 + 4 L1s for an 8 MiB region
    expect(s.machine).toEqual({ ...DEFAULT_MACHINE, xen_pt_base: 0xc0681000, xen_nr_pt_frames: 6, params: [] });
  });

  it('numbers steps from 1 and keeps their notes and positions', () => {
    expect(s.steps).toEqual([
      { call: 'early_ioremap_init', note: undefined, index: 1, pos: { line: 2, col: 5 }, lines: { first: 2, last: 2, text: '  - early_ioremap_init\n' } },
      { call: 'dmi_scan_machine', note: 'early_ioremap', index: 2, pos: { line: 3, col: 5 }, lines: { first: 3, last: 4, text: '  - call: dmi_scan_machine\n    note: early_ioremap\n' } },
    ]);
  });

  it('keeps no item lines for a flow list, whose items share a line', () => {
    expect(load('setup_arch: [early_ioremap_init, dmi_scan_machine]\n').steps.map((x) => x.lines)).toEqual([undefined, undefined]);
  });

  it('records the position of every key', () => {
    expect(s.positions).toEqual({
      '': { line: 1, col: 1 },
      setup_arch: { line: 1, col: 1 },
      'setup_arch[0]': { line: 2, col: 5 },
      'setup_arch[1]': { line: 3, col: 5 },
      'setup_arch[1].call': { line: 3, col: 5 },
      'setup_arch[1].note': { line: 4, col: 5 },
    });
    expect(positionOf(s, 'machine.hypervisor')).toEqual({ line: 1, col: 1 });
  });
});

describe('values', () => {
  it('reads sizes, hex addresses and the cmdline; rounds memory down to pages', () => {
    const s = load([
      'kernel: 2.6.27-rc1',
      'config: {pae: true, page_offset: 0x80000000}',
      'machine:',
      '  memory: 536875000',
      '  vmi_virtual_top: "0xF8000000"',
      '  xen_virt_start: 4032MiB',
      '  cmdline: reservetop=16M vmalloc=256M quiet',
      'setup_arch: [early_cpu_init]',
    ].join('\n'));
    expect(s.kernel).toMatchObject({ text: '2.6.27-rc1', sublevel: 27, rc: 1 });
    expect(s.config.pae).toBe(true);
    expect(s.config.page_offset).toBe(0x80000000);
    expect(s.machine.memory).toBe(512 * 2 ** 20);
    expect(s.machine.vmi_virtual_top).toBe(0xf8000000);
    expect(s.machine.xen_virt_start).toBe(0xfc000000);
    expect(s.machine.params.map((p) => p.name)).toEqual(['reservetop', 'vmalloc', 'known']);
    expect(positionOf(s, 'machine.cmdline')).toEqual({ line: 7, col: 3 });
    expect(positionOf(s, 'config.pae')).toEqual({ line: 2, col: 10 });
  });

  it('accepts aliases and a trailing empty document', () => {
    const s = load('setup_arch:\n  - &e early_cpu_init\n  - *e\n---\n');
    expect(s.steps.map((st) => [st.call, st.pos.line])).toEqual([['early_cpu_init', 2], ['early_cpu_init', 3]]);
  });

  it('counts an anchor on a key as YAML does: a later alias refers to it, not to an earlier anchor of its name (review 17b 1.1)', () => {
    // k4: the key anchor redefines &h; yaml (and every reader) gives hypervisor: vmi, so this is a VMI host
    const k4 = 'description: &h none\ndefine:\n  ? &h vmi\n  : {doc: placeholder, none: true}\nmachine:\n  hypervisor: *h\nsetup_arch: [early_cpu_init]\n';
    expect(parse(k4).machine).toEqual({ hypervisor: 'vmi' });
    expect(load(k4).machine.hypervisor).toBe('vmi');
    expect(load(k4).description).toBe('none');
    // k1: the only &a0 is on a key; it was an "unknown alias"
    const k1 = 'define:\n  &a0 foo_x: {doc: x, none: true}\nsetup_arch:\n  - *a0\n';
    expect(load(k1).steps.map((st) => [st.call, st.pos.line])).toEqual([['foo_x', 4]]);
    // the key's own value, and an anchor after the key, as yaml reads them
    const own = 'define:\n  &k foo_x: {doc: *k, none: true}\n  bar_x: {doc: &k later, none: true}\nsetup_arch: [*k, foo_x]\n';
    expect(parse(own)).toMatchObject({ define: { foo_x: { doc: 'foo_x' } }, setup_arch: ['later', 'foo_x'] });
    expect(problems(own)[0]).toMatch(/^4:14: setup_arch\[0\] \(step 1\): unknown call later;/);
    expect(load(own.replace('&k later', 'later')).steps.map((st) => st.call)).toEqual(['foo_x', 'foo_x']);
  });

  it('takes the name from the file name without its extension', () => {
    expect(load('setup_arch: [early_cpu_init]\n', 'a/b/vmi-regression.yml').name).toBe('vmi-regression');
    expect(load('name: given\nsetup_arch: [early_cpu_init]\n').name).toBe('given');
  });

  it('a number where a string belongs is named as written, and quoted so (helper-185 8: kernel: 5.10 was "the number 5.1")', () => {
    expect(problems('kernel: 5.10\nsetup_arch: [early_cpu_init]\n')).toEqual(['1:9: kernel: expected a string, got the number 5.10 (read as 5.1); quote it to make it a string, as in "5.10"']);
    expect(problems('name: 0x10\nsetup_arch: [early_cpu_init]\n')).toEqual(['1:7: name: expected a string, got the number 0x10 (read as 16); quote it to make it a string, as in "0x10"']);
    expect(problems('name: 7\nsetup_arch: [early_cpu_init]\n')).toEqual(['1:7: name: expected a string, got the number 7; quote it to make it a string, as in "7"']);
    // .NaN as written (helper-186 9: it was echoed as .nan)
    expect(problems('kernel: 2.6.27\nconfig: {nr_cpus: .NaN}\nsetup_arch: [early_cpu_init]\n')).toEqual(['2:19: config.nr_cpus: expected a number, got .NaN (not a number)']);
  });

  it('a core tag that does not fit its value says so, and no "without quotes" follows where there are none (helper-186 6)', () => {
    expect(problems('kernel: 2.6.27\nconfig: {nr_cpus: !!int 4.5}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      `2:19: YAML: the value does not fit its tag !!int${tags}`,
      '2:25: config.nr_cpus: expected a number, got the string "4.5"',
    ]);
    expect(problems('kernel: 2.6.27\nconfig: {nr_cpus: "4"}\nsetup_arch: [early_cpu_init]\n')).toEqual(['2:19: config.nr_cpus: expected a number, got the string "4"; write it without quotes']);
  });

  it('!!float on an integer is a float, as YAML 1.2.2 §10.3.2 reads it (break-220 N1: `!!float 4096` did not fit its tag)', () => {
    for (const [text, value] of [['!!float 4', 4], ['!!float +12', 12], ['!!float 4.0', 4], ['!!float 1e1', 10]] as const) {
      expect(load(`kernel: 2.6.27\nconfig: {nr_cpus: ${text}}\nsetup_arch: [early_cpu_init]\n`).config.nr_cpus, text).toBe(value);
    }
    expect(problems('kernel: 2.6.27\nconfig: {nr_cpus: !!float -7}\nsetup_arch: [early_cpu_init]\n')).toEqual(['2:27: config.nr_cpus: -7 is out of range; allowed: 1 to 4096']);
    expect(problems('kernel: 2.6.27\nconfig: {nr_cpus: !!float 4x}\nsetup_arch: [early_cpu_init]\n')[0]).toBe(`2:19: YAML: the value does not fit its tag !!float${tags}`);
  });

  it('refuses the YAML 1.1 tags yaml would make binary data or a date of, at the tag (helper-185 2)', () => {
    expect(problems('name: !!binary aGVsbG8=\nsetup_arch: [early_cpu_init]\n')).toEqual([`1:7: YAML: unknown tag !!binary${tags}`]);
    expect(problems('machine:\n  memory: !!timestamp 2001-12-14\nsetup_arch: [early_cpu_init]\n')[0]).toBe(`2:11: YAML: unknown tag !!timestamp${tags}`);
  });
});

describe('bad input corners', () => {
  it('names a null key as written, an empty one as [""] (helper-183 13: null: was shown as [""])', () => {
    expect(problems('null: y\n: z\nsetup_arch: [early_cpu_init]\n').map((p) => p.replace(/; allowed.*/, ''))).toEqual(['1:1: null: unknown key', '2:1: [""]: unknown key']);
  });

  it('says when setup_arch is missing or empty', () => {
    expect(problems('name: x\n')).toEqual([
      '1:1: setup_arch: missing; list the setup_arch() calls in order, e.g. setup_arch: [early_ioremap_init, dmi_scan_machine, vmi_init] (run `bootreplay steps` for the catalog)',
    ]);
    expect(problems('setup_arch: []\n')).toEqual(['1:13: setup_arch: empty; list the setup_arch() calls in order (run `bootreplay steps` for the catalog)']);
  });

  it('explains bad steps by their form', () => {
    expect(problems('setup_arch:\n  - 42\n  - {note: hi}\n  - {call: vmi_init, nte: x}\n  - {call: 7}\n')).toEqual([
      '2:5: setup_arch[0] (step 1): expected a call name or a mapping {call: NAME, note: TEXT}, got the number 42',
      '3:5: setup_arch[1].call (step 2): missing; a step written as a mapping needs call: NAME (and may have note: TEXT)',
      '4:22: setup_arch[2].nte (step 3): unknown key (did you mean note?); allowed in a step: call, note',
      '5:12: setup_arch[3].call (step 4): expected a call name, got the number 7',
    ]);
  });

  it('says where a misplaced key belongs', () => {
    expect(problems('setup_arch: [early_cpu_init]\nconfig:\n  memory: 1G\nmachine:\n  pae: true\n')).toEqual([
      '3:3: config.memory: unknown key (memory belongs under machine:); allowed in config: pae, nr_cpus, page_offset, highmem, debug_highmem, local_apic, io_apic, acpi, acpi_numa, pci_mmconfig, paravirt, ohci1394_dma_init, intel_txt, compat_vdso, system_map, pagetable_init_policy',
      '5:3: machine.pae: unknown key (pae belongs under config:); allowed in machine: memory, hypervisor, vmi_virtual_top, xen_virt_start, cmdline, efi, setup_data, initrd, acpi_tables, ohci1394_dma_early, dmi_table_base, dmi_table_length, efi_memmap_size, setup_data_length, initrd_size, io_apics, ohci1394_controllers, mptable, ehci_debug_port, tboot, olpc_ofw_cif, cpu, xen_pt_base, xen_nr_pt_frames',
    ]);
  });

  it('says a merge key (<<) is not supported, under YAML 1.1 (a Symbol key) and 1.2 alike (review 17b, 4.2)', () => {
    const said = 'machine["<<"]: a merge key (<<), which scenarios do not support; write the keys out in machine (or share a whole value with an anchor and alias, or a base with extends:)';
    // under %YAML 1.1 (refused, and read as 1.2 all the same: helper-185 1)
    expect(problems('%YAML 1.1\n---\nmachine:\n  <<: {hypervisor: vmi}\n  memory: 512MiB\nsetup_arch: [early_cpu_init]\n')).toEqual([expect.stringMatching(/^1:1: %YAML 1.1: scenarios are read as YAML 1.2/), `4:3: ${said}`]);
    expect(problems('machine:\n  <<: {hypervisor: vmi}\nsetup_arch: [early_cpu_init]\n')).toEqual([`2:3: ${said}`]);
  });

  it('reports an unknown arch alone: another architecture\'s config and machine keys would only add noise', () => {
    expect(problems('arch: x86_64\nconfig: {nr_cpus: 4097}\nmachine: {hypervisor: xem, initrd: high}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '1:7: arch: unknown value "x86_64" (did you mean x86_32?); allowed: x86_32, arm64, riscv',
    ]);
  });

  it('reports ranges and enums with did-you-mean', () => {
    expect(problems('arch: x86_32\nconfig: {nr_cpus: 4097}\nmachine: {hypervisor: xem, initrd: high}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '2:19: config.nr_cpus: 4097 is out of range; allowed: 1 to 4096',
      '3:23: machine.hypervisor: unknown value "xem" (did you mean xen?); allowed: none, vmi, xen',
      '3:36: machine.initrd: unknown value "high"; allowed: none, lowmem, above-lowmem',
    ]);
  });

  it('points at an empty value by its key', () => {
    expect(problems('config:\nsetup_arch: [early_cpu_init]\n')).toEqual(['1:1: config: expected a mapping, got an empty value']);
  });

  it('checks the hypervisor hole against page_offset', () => {
    expect(problems('config: {page_offset: 0x80000000}\nmachine: {vmi_virtual_top: 0x70000000}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '2:28: machine.vmi_virtual_top: 0x70000000 is not above PAGE_OFFSET (0x80000000); the hypervisor hole lies in kernel space',
    ]);
    expect(problems('config: {page_offset: 0x30000000}\nmachine: {memory: 2TiB}\nsetup_arch: [early_cpu_init]\n')).toEqual([
      '1:23: config.page_offset: 0x30000000 is outside 0x40000000…0xc0000000 (the 1G/3G to 3G/1G splits)',
      '2:19: machine.memory: 2 TiB (0x20000000000) is too much; the model takes 1 MiB to 1 TiB',
    ]);
  });

  it('says the default kernel was used when a call is missing from it', () => {
    const [only, ...rest] = problems('setup_arch: [setup_memory]\n');
    expect(rest).toEqual([]);
    expect(only).toMatch(/^1:14: setup_arch\[0\] \(step 1\): setup_memory is not a setup_arch\(\) call in 2\.6\.36: b2ac82a0909 "x86: introduce initmem_init for 32 bit" \(2\.6\.27-rc1\) took it out; use initmem_init instead; kernel: is not set, so the newest modeled \(2\.6\.36\) is used$/);
  });

  it('points cmdline problems at the parameter, also in a folded block (test/loader/scalar-offset.test.ts)', () => {
    const at = (yaml: string): string[] => problems(`setup_arch: [parse_early_param]\nmachine:\n  cmdline: ${yaml}\n`).map((p) => p.split(' ')[0] ?? '');
    expect(at('quiet vmalloc=1Q')).toEqual(['3:18:']);
    expect(at("'quiet vmalloc=1Q'")).toEqual(['3:19:']);
    expect(at('"quiet vmalloc=1Q noexec=maybe"')).toEqual(['3:19:', '3:30:']);
    // an escape is the one value character it stands for (break-216 F4: the scalar's start before)
    expect(at('"quiet\\t vmalloc=1Q"')).toEqual(['3:21:']);
    // a folded block: the value's characters, blanks and breaks aside, are the file's
    expect(at('>-\n    quiet\n    vmalloc=1Q')).toEqual(['5:5:']);
  });

  it('reports every YAML syntax error, in every document', () => {
    expect(problems('setup_arch: [x\n---\n- b: [\n')).toEqual([
      // at the bracket left open, not at the line where yaml found it open (break-275 F3)
      '1:13: invalid YAML: the [ opened here is not closed with ] before line 2: a flow list in a block ends with ], and its lines after the first are indented deeper than the item it is in',
      '3:6: invalid YAML: the [ opened here is not closed with ] before line 4: a flow list in a block ends with ], and its lines after the first are indented deeper than the item it is in',
    ]);
    expect(problems('\tsetup_arch: [early_cpu_init]\n')).toEqual(['1:1: invalid YAML: a tab in the indentation: YAML indents with spaces only; replace the tab with spaces']);
  });

  it('validates the rest of a file with duplicate keys', () => {
    expect(problems('setup_arch: [early_cpu_init]\nname: a\nname: b\nmachine: {efi: maybe}\n')).toEqual([
      '3:1: name: duplicate key (first set on line 2); each key may appear once in a mapping',
      '4:16: machine.efi: expected true or false, got the string "maybe"',
    ]);
  });

  it('reports unknown aliases, non-name keys and unknown tags', () => {
    expect(problems('setup_arch: [*steps]\n')).toEqual(['1:14: *steps: unknown alias; an alias refers back to an anchor &steps set earlier in the file']);
    expect(problems('setup_arch: [early_cpu_init]\n? [a, b]\n: 1\n')).toEqual(['2:3: a key must be a plain name, not a list, mapping or alias']);
    expect(problems('setup_arch: [early_cpu_init]\nname: !shout loud\n')).toEqual([`2:7: YAML: unknown tag !shout${tags}`]);
    expect(problems('setup_arch: [early_cpu_init]\nname: !!foo loud\n')).toEqual([`2:7: YAML: unknown tag !!foo${tags}`]);
    // YAML 1.1's collection and scalar tags that yaml resolves by default: one problem at the tag (helper-185 2:
    // !!omap on a list made each call a key with an empty value, reported at 1:1)
    expect(problems('name: a\nsetup_arch: !!omap [early_cpu_init, early_ioremap_init]\n')).toEqual([`2:13: YAML: unknown tag !!omap${tags}`]);
    expect(problems('name: a\nsetup_arch: !!pairs\n  - early_cpu_init\n')).toEqual([`2:13: YAML: unknown tag !!pairs${tags}`]);
    expect(problems('setup_arch: [early_cpu_init]\nname: !!timestamp 2001-12-14\n')).toEqual([`2:7: YAML: unknown tag !!timestamp${tags}`]);
  });

  it('reads YAML 1.2 whatever a %YAML directive says, and refuses a directive for another version (helper-185 1)', () => {
    // with %YAML 1.1, yaml read yes as true, 1:20 as the base-60 80 and 010 as 8: the same file meant other values
    const body = '---\nkernel: 2.6.28\nconfig: {pae: yes, nr_cpus: 1:20}\nmachine: {memory: 010}\nsetup_arch: [early_cpu_init]\n';
    expect(problems(`%YAML 1.1\n${body}`)).toEqual([
      '1:1: %YAML 1.1: scenarios are read as YAML 1.2 (yes and off are strings, 010 is ten, 1:20 is a string), whatever the file says; remove the directive',
      '4:15: config.pae: expected true or false, got the string "yes" (YAML 1.2 reads yes as a string; write true or false)',
      '4:29: config.nr_cpus: expected a number, got the string "1:20"',
      expect.stringMatching(/^5:19: machine.memory: 10 bytes \(0xa\) is too little/),
    ]);
    expect(parseScenario('%YAML 1.2\n---\nkernel: 2.6.28\nsetup_arch: [early_cpu_init]\n', 'x.yaml').ok).toBe(true);
    // one message for a version yaml does not know either (helper-186 5: yaml's own "Unsupported YAML version" too)
    expect(problems('%YAML 1.3\n---\nkernel: 2.6.28\nsetup_arch: [early_cpu_init]\n')).toEqual([expect.stringMatching(/^1:1: %YAML 1\.3: scenarios are read as YAML 1\.2 /)]);
    // and for a version that is no number, which yaml reports as an error, not a warning (break-280 N1)
    expect(problems('%YAML x\n---\nkernel: 2.6.28\nsetup_arch: [early_cpu_init]\n')).toEqual([expect.stringMatching(/^1:1: %YAML x: scenarios are read as YAML 1\.2 /)]);
    // a second %YAML directive: YAML 1.2.2 §6.8.1 allows one per document
    expect(problems('%YAML 1.2\n%YAML 1.2\n---\nkernel: 2.6.28\nsetup_arch: [early_cpu_init]\n')).toEqual(['2:1: a second %YAML directive: a document has at most one (YAML 1.2.2 §6.8.1); remove it']);
  });

  it('refuses NUL bytes without parsing, at the first one', () => {
    const r = parseScenario('setup_arch: [early_cpu_init]\n\u0000', 'bin.yaml');
    expect(r).toEqual({ ok: false, problems: [{ file: 'bin.yaml', line: 2, col: 1, message: 'not a text file (it contains NUL bytes); a scenario is UTF-8 YAML' }] });
    // a lone CR ends a line, as for every other position; a BOM is not a column
    const cr = parseScenario('\ufeffname: x\rkernel: "2.6\u0000"\u0000\n', 'cr.yaml');
    expect(cr.ok ? [] : cr.problems.map((p) => `${p.line}:${p.col}`)).toEqual(['2:13']);
  });
});

describe('config.nr_cpus: the NR_CPUS range of arch/x86/Kconfig at the kernel', () => {
  const at = (kernel: string, n: number) => `kernel: "${kernel}"\nconfig:\n  nr_cpus: ${n}\nsetup_arch: [early_ioremap_init]\n`;
  // caglar10ur/linux-2.6.27.y@bce7f793daec:arch/x86/Kconfig:565-567 "range 2 255" (2.6.26);
  // 1184dc2ffe2 "range 2 4096" (2.6.27-rc1 – rc4); d25e26b61d5 "range 2 512" (2.6.27-rc5 on,
  // dandel/linux-2.6.32.y@22763c5cf36:arch/x86/Kconfig:717-720 still has it)
  it.each([
    ['2.6.26', 255], ['2.6.26', 2], ['2.6.26', 1], ['2.6.27-rc1', 4096], ['2.6.27-rc4', 4096], ['2.6.27-rc5', 512],
    ['2.6.27', 512], ['2.6.27.6', 512], ['2.6.28', 512], ['2.6.36', 512],
  ] as const)('%s takes %i', (kernel, n) => {
    expect(load(at(kernel, n)).config.nr_cpus).toBe(n);
  });

  it.each([
    ['2.6.26', 256, '2 – 255 (CONFIG_NR_CPUS range 2 255 in arch/x86/Kconfig of 2.6.26)'],
    ['2.6.27-rc5', 513, '2 – 512 (CONFIG_NR_CPUS range 2 512 since d25e26b61d5 "[x86] Clean up MAXSMP Kconfig, and limit NR_CPUS to 512" (2.6.27-rc5))'],
    ['2.6.27', 4096, '2 – 512 (CONFIG_NR_CPUS range 2 512 since d25e26b61d5 "[x86] Clean up MAXSMP Kconfig, and limit NR_CPUS to 512" (2.6.27-rc5))'],
    ['2.6.28', 600, '2 – 512 (CONFIG_NR_CPUS range 2 512 since d25e26b61d5 "[x86] Clean up MAXSMP Kconfig, and limit NR_CPUS to 512" (2.6.27-rc5))'],
  ] as const)('%s refuses %i', (kernel, n, range) => {
    expect(problems(at(kernel, n))).toEqual([`3:12: config.nr_cpus: ${n} is outside what ${kernel} allows: 1 (CONFIG_SMP=n) or ${range}`]);
  });

  it('refuses more than any kernel allows in the schema itself', () => {
    expect(problems(at('2.6.27-rc1', 4097))).toEqual(['3:12: config.nr_cpus: 4097 is out of range; allowed: 1 to 4096']);
  });
});

describe('a DMI table past 4 GiB wraps only where early_ioremap() sums in 32 bits (break-218 F3)', () => {
  const at = (kernel: string, pae: boolean, base: string): string[] => {
    const r = parseScenario(`kernel: ${kernel}\nconfig: {pae: ${pae}}\nmachine: {dmi_table_base: ${base}}\nsetup_arch: [early_cpu_init, dmi_scan_machine]\n`, 'x.yaml');
    return r.ok ? [] : r.problems.map((p) => `${p.line ?? '-'}:${p.col ?? '-'}: ${p.message}`);
  };
  it('refused without PAE, and with PAE before 2.6.30-rc2 (an unsigned long sum); mapped with PAE from 9b987aeb4a7 on', () => {
    // 0xfffff18d + 3699 (the default length) ends at 4 GiB exactly; one byte later it wraps in 32 bits
    expect(at('2.6.36', false, '0xfffff18d')).toEqual([]);
    expect(at('2.6.36', false, '0xfffff18e')[0]).toMatch(/^3:27: machine\.dmi_table_base: the table 0xfffff18e \+ the default dmi_table_length 3699 bytes runs past 4 GiB, .*; its sum is 32-bit without PAE or before 2\.6\.30-rc2 \(9b987aeb4a7\); at most 0xfffff18d .*\(at most 3698 bytes at this base\)$/);
    expect(at('2.6.30-rc1', true, '0xfffff18e')).toHaveLength(1);
    expect(at('2.6.30-rc2', true, '0xfffff18e')).toEqual([]);
    expect(at('2.6.36', true, '0xffffffff')).toEqual([]);
    // a base that does not fit the entry point's u32 stays refused on every kernel
    expect(at('2.6.36', true, '0x100000000')).toHaveLength(1);
  });
});
